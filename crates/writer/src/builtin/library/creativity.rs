//! Creativity: free writing, sketching, constraints and idea games, and the habit of
//! making things.

use super::Form::{Draw, List, Log, Long, Sketch, Write};
use super::Level::{Deepening, Foundation, Integration};
use super::{Library, Technique, Words, prompt, slot};

pub const LIBRARY: Library = Library {
    theme: "creativity",
    words: Words {
        subject: "creativity",
        nouns: &["Wonder", "Imagination", "Curiosity", "Play", "Making"],
        adjectives: &["Curious", "Creative", "Inventive", "Playful"],
        destinations: &["a Braver Imagination", "Everyday Inspiration", "Fearless Making"],
        journeys: &[("Stuck", "Creative"), ("Blank", "Brimming"), ("Cautious", "Curious")],
        goals: &[
            "a looser, braver imagination",
            "making something every day",
            "finding ideas everywhere you look",
        ],
    },
    what: "Creativity is not a rare gift handed to a few; it is a set of habits anyone can practise: noticing \
           closely, generating many ideas before judging any, borrowing and combining, playing within limits, \
           and finishing small things. Writers, designers, cooks and engineers all draw on the same habits.",
    why: "A journal is a safe place to be bad at something, which is where every good idea starts. Writing and \
          sketching without an audience quiets the inner critic, and a growing collection of notes gives you \
          raw material to return to. Many of the exercises here are long-standing staples of creative \
          teaching because they reliably get people unstuck.",
    care: "",
    quotes: &[
        "Ideas arrive more often when you leave the door open.",
        "Make it badly first. Make it well later.",
        "A blank page is only a question waiting for a first answer.",
        "Curiosity is creativity with its shoes on.",
        "Small and finished teaches more than grand and imagined.",
    ],
    promise: "making room to notice, play and create",
    keep_field: "The idea I most want to keep exploring",
    reviews: &[
        prompt(
            "Idea Harvest",
            List,
            "Read back through days {first_day} to {last_day} and copy out the three ideas or images with the \
             most energy in them.",
        ),
        prompt(
            "What Flowed",
            Write,
            "Which day between {first_day} and {last_day} felt most alive creatively, and which felt stuck? What \
             was different about them?",
        ),
        prompt(
            "Collage",
            Sketch,
            "Make a quick collage of week {week}: words, doodles and fragments from your pages, arranged however \
             feels right.",
        ),
        prompt(
            "Creative Weather",
            Log,
            "Make a row for each of days {first_day} to {last_day}. Note how much you made, your mood and one \
             word for the best moment.",
        ),
    ],
    closings: &[
        prompt(
            "Creative Self-Portrait",
            Long,
            "Describe yourself as a creative person now, after {days} of practice. What do you make, how do you \
             start, and what do you no longer fear?",
        ),
        prompt(
            "The Next Project",
            Long,
            "From everything in these {days} of pages, choose one idea to develop further. Write a simple plan \
             for its first three steps.",
        ),
        prompt(
            "Letter to the Critic",
            Long,
            "Write a letter to your inner critic about what these {days} have shown you, and the terms on which \
             it may stay.",
        ),
    ],
    techniques: &[
        Technique {
            name: "Morning Pages",
            level: Foundation,
            teaching: "Morning pages are three pages, or ten minutes, of free writing first thing in the \
                       morning, whatever comes, without stopping or rereading. They clear the mental clutter \
                       that crowds out fresh ideas.",
            why: "Free writing bypasses the editing voice that blocks many people. What seems like rambling often \
                  surfaces worries, wishes and ideas you did not know you had.",
            tips: &[
                "Keep the pen moving; if you get stuck, write that you are stuck until something else comes.",
                "Do not reread for at least a week.",
                "Write before checking your phone, so the pages get your first thoughts.",
            ],
            deeper: "After a week, read all your pages in one go and underline recurring themes, wishes and \
                     images. They are clues.",
            slots: &[slot(
                "starter",
                &[
                    "“Right now I notice…”",
                    "“What I really want to say is…”",
                    "“The thing on my mind is…”",
                    "“If I were braver I would…”",
                    "“Today smells like…”",
                ],
            )],
            prompts: &[
                prompt(
                    "Three Pages",
                    Long,
                    "Write without stopping for ten minutes, first thing. If you need a way in, begin with the words {starter} and see where they lead.",
                ),
                prompt(
                    "Keep Going",
                    Long,
                    "Free-write for ten minutes from the words {starter}, and whenever you stall, write them again and keep going.",
                ),
                prompt(
                    "Underline",
                    Write,
                    "Free-write for five minutes from the words {starter}, then underline the single most surprising sentence and write a few lines more about it.",
                ),
                prompt(
                    "Pages Before Phones",
                    Long,
                    "Before you look at a screen, write whatever is in your head, starting from {starter}. How did it feel to give the pages your first thoughts?",
                ),
            ],
        },
        Technique {
            name: "Noticing Notebook",
            level: Foundation,
            teaching: "The noticing notebook collects small, specific observations: an overheard phrase, a \
                       colour, an odd shop sign. Creative work is built from material, and noticing is how you \
                       gather it.",
            why: "We filter out most of what we see. Deliberately collecting details trains the eye and fills a \
                  store of raw material you can draw on later.",
            tips: &[
                "Be specific: not a tree but the twisted apple tree with one red leaf.",
                "Carry something to note with, even a phone note, and copy the best into the journal.",
                "Collect one category for a day, such as textures or sounds, to sharpen attention.",
            ],
            deeper: "Pick two unrelated observations from your collection and write a short piece that connects \
                     them.",
            slots: &[
                slot(
                    "found",
                    &[
                        "colours",
                        "overheard words",
                        "textures",
                        "small acts of kindness",
                        "shapes and patterns",
                        "sounds",
                    ],
                ),
                slot(
                    "visual",
                    &[
                        "shadows and light",
                        "textures",
                        "shapes and patterns",
                        "small everyday objects",
                        "faces hidden in things",
                    ],
                ),
            ],
            prompts: &[
                prompt(
                    "Ten Details",
                    List,
                    "Collect ten specific {found} you notice today. Describe each so precisely that a stranger \
                     could picture it.",
                ),
                prompt(
                    "One Close Look",
                    Write,
                    "Choose one of today's {found} and write about it for ten minutes: where it was, what it \
                     reminded you of, what story it might belong to.",
                ),
                prompt(
                    "Field Sketches",
                    Draw,
                    "Draw quick sketches of {visual} you come across today, a few seconds each, with a word or two beside every one.",
                ),
                prompt(
                    "Connections",
                    Write,
                    "Look back at the {found} you have collected. Pick two that do not belong together and \
                     write a short scene that joins them.",
                ),
            ],
        },
        Technique {
            name: "Mind Map",
            level: Foundation,
            teaching: "A mind map starts with one word in the middle of the page and branches outward with every \
                       association that comes, then associations of those. It helps ideas spread sideways \
                       instead of in a single line.",
            why: "Lists push thinking into a fixed order. Branching lets the mind jump and connect, and the most \
                  useful ideas often appear on the outer branches, after the obvious ones are used up.",
            tips: &[
                "Work fast; speed keeps the critic out.",
                "Use single words or tiny pictures, not sentences.",
                "Keep going past the point where it feels finished; the best ideas come late.",
            ],
            deeper: "Circle two ideas on distant branches and draw a line between them. What would combining \
                     them make?",
            slots: &[slot(
                "centre",
                &[
                    "the word “home”",
                    "your favourite colour",
                    "the word “journey”",
                    "a problem you want to solve",
                    "something you made as a child",
                    "the word “night”",
                ],
            )],
            prompts: &[
                prompt(
                    "Branching Out",
                    Sketch,
                    "Write {centre} in the middle of the page and branch out with every association for ten \
                     minutes. Circle the three most surprising.",
                ),
                prompt(
                    "Far Branches",
                    Sketch,
                    "Map {centre} until you have at least thirty branches. Then join two distant ones and \
                     describe what the pair suggests.",
                ),
                prompt(
                    "Map to Make",
                    Sketch,
                    "Mind-map {centre}, then choose one branch and turn it into something: a sketch, a poem, a \
                     recipe, a plan.",
                ),
                prompt(
                    "Second Look",
                    Write,
                    "Look back at a mind map of {centre}. What did it reveal that a list would not have, and \
                     which branch deserves its own page?",
                ),
            ],
        },
        Technique {
            name: "Doodle Warm-Up",
            level: Foundation,
            teaching: "A doodle warm-up is a few minutes of loose, playful drawing with no aim of making \
                       anything good: shapes, patterns, wobbly objects. Like stretching before a run, it \
                       loosens the hand and the mind.",
            why: "Drawing without a goal lowers the stakes, and low stakes invite experiment. It also engages a \
                  different way of thinking than words do.",
            tips: &[
                "Use a pen, not a pencil, so you cannot erase.",
                "Try drawing with your other hand for a minute.",
                "Set a timer for three minutes and stop when it rings.",
            ],
            deeper: "Draw the same object five times in five styles: lines only, shapes only, one continuous line, \
                     very large, very small.",
            slots: &[slot(
                "subject",
                &[
                    "the mug or cup nearest to you",
                    "your hand",
                    "the view from a window",
                    "a pattern made only of circles",
                    "an imaginary creature",
                ],
            )],
            prompts: &[
                prompt(
                    "Three-Minute Doodle",
                    Draw,
                    "Draw {subject} for three minutes without lifting your pen. Do not aim for good; aim for \
                     loose.",
                ),
                prompt(
                    "Five Ways",
                    Draw,
                    "Draw {subject} five times, each in a different way: tiny, huge, with your other hand, in \
                     one line, from memory.",
                ),
                prompt(
                    "Doodle and Words",
                    Draw,
                    "Draw {subject} as a loose doodle, then surround it with any words it brings to mind.",
                ),
                prompt(
                    "After Drawing",
                    Write,
                    "After drawing {subject}, write about how it felt to make something without trying to make \
                     it good.",
                ),
            ],
        },
        Technique {
            name: "Creative Constraints",
            level: Deepening,
            teaching: "A constraint is a deliberate limit: only fifty words, only three colours, only objects \
                       from one drawer. Limits sound restrictive, but they give the mind a puzzle to solve and \
                       push it past its first, familiar ideas.",
            why: "Unlimited choice can freeze people. A tight rule removes most decisions at once and invites \
                  inventive solutions, which is why constraints are common in art, design and writing games.",
            tips: &[
                "Choose a rule that is clear and checkable.",
                "Keep the time short too; ten minutes is plenty.",
                "If a constraint feels easy, tighten it.",
            ],
            deeper: "Stack two constraints at once, such as fifty words and no letter e, and notice where the \
                     strain pushes you.",
            slots: &[slot(
                "rule",
                &[
                    "in exactly fifty words",
                    "using only one-syllable words",
                    "without using the letter e",
                    "as a list of six items",
                    "in the form of a recipe",
                    "as a conversation between two objects",
                ],
            )],
            prompts: &[
                prompt(
                    "Under the Rule",
                    Write,
                    "Describe your morning {rule}. Notice where the rule pushed you to a choice you would not \
                     otherwise have made.",
                ),
                prompt("A Small Story", Write, "Tell a tiny story about a lost key {rule}."),
                prompt("Memory Under Limits", Write, "Write about a childhood memory {rule}."),
                prompt(
                    "Your Own Rule",
                    List,
                    "Invent five constraints of your own, inspired by writing {rule}. Try the strangest one \
                     tomorrow.",
                ),
            ],
        },
        Technique {
            name: "Random Connections",
            level: Deepening,
            teaching: "Random connections pair your problem or project with an unrelated word or object and ask \
                       what the two could have in common. The forced link jolts thinking out of its usual \
                       tracks.",
            why: "Many new ideas are old ideas combined in a new way. A random prompt supplies the unexpected \
                  half of the combination.",
            tips: &[
                "Take the first random word you find; do not shop for a good one.",
                "Write at least ten links before judging any.",
                "Absurd links are welcome; they often lead to sensible ideas.",
            ],
            deeper: "Use a book: open it at random, point to a word, and connect it with a project you care \
                     about. Repeat three times.",
            slots: &[
                slot(
                    "object",
                    &["a lighthouse", "an umbrella", "a beehive", "a suitcase", "a bicycle", "a kettle"],
                ),
                slot(
                    "project",
                    &[
                        "a project you are working on",
                        "your living space",
                        "your weekends",
                        "your morning routine",
                    ],
                ),
            ],
            prompts: &[
                prompt(
                    "Forced Link",
                    List,
                    "List ten ways {project} is like {object}. Then pick the most useful idea among them.",
                ),
                prompt(
                    "Borrowed Qualities",
                    Write,
                    "What qualities does {object} have? Choose two and imagine bringing them into \
                     {project}.",
                ),
                prompt(
                    "Link Map",
                    Sketch,
                    "Put {object} on the left of the page and {project} on the right. Draw bridges of ideas between them.",
                ),
                prompt(
                    "Invent",
                    Write,
                    "Invent something new by combining {object} with something from {project}. Describe it as \
                     if in a catalogue.",
                ),
            ],
        },
        Technique {
            name: "What-If Questions",
            level: Deepening,
            teaching: "What-if questions change one assumption and follow the consequences: what if gravity \
                       switched off at noon, what if your job were done by a child? They are the engine of \
                       stories, inventions and fresh solutions.",
            why: "Most thinking accepts the situation as it is. Questioning one fact at a time opens a door to \
                  possibilities that careful, sensible thinking never reaches.",
            tips: &[
                "Write many what-ifs quickly, then choose one to explore.",
                "Follow consequences at least three steps deep.",
                "Mix silly and serious questions; each feeds the other.",
            ],
            deeper: "Take a real problem and write twenty what-ifs that each break a different assumption about \
                     it.",
            slots: &[slot(
                "situation",
                &[
                    "your street",
                    "an ordinary Tuesday",
                    "your kitchen",
                    "the way you travel",
                    "your favourite hobby",
                ],
            )],
            prompts: &[
                prompt(
                    "Twenty What-Ifs",
                    List,
                    "Write twenty what-if questions about {situation}, from sensible to ridiculous. Star the \
                     one you most want to explore.",
                ),
                prompt(
                    "Three Steps Deep",
                    Write,
                    "Choose a what-if about {situation} and follow its consequences three steps: and then what? \
                     And then? And then?",
                ),
                prompt(
                    "What-If Tree",
                    Sketch,
                    "Put one what-if about {situation} at the top of the page and branch down into its \
                     consequences, good and bad.",
                ),
                prompt(
                    "Backwards",
                    Write,
                    "What if {situation} worked in the opposite way to how it works now? Describe a day in that \
                     world.",
                ),
            ],
        },
        Technique {
            name: "Change One Thing",
            level: Deepening,
            teaching: "Change one thing takes an existing idea or object and alters it on purpose: substitute a \
                       part, combine it with something, enlarge it, shrink it, reverse it, use it elsewhere. \
                       Each change is a question that produces new options.",
            why: "Starting from something that already exists is easier than starting from nothing, and a \
                  checklist of changes keeps you going after the first ideas run out.",
            tips: &[
                "Work through every kind of change, even the ones that seem pointless.",
                "Quantity first; judge later.",
                "Pick humble starting points: everyday objects work best.",
            ],
            deeper: "Apply the whole checklist to one of your own past projects and see what a second version \
                     could become.",
            slots: &[
                slot(
                    "thing",
                    &[
                        "a chair",
                        "a birthday party",
                        "a notebook",
                        "your commute",
                        "a sandwich",
                        "a park bench",
                    ],
                ),
                slot(
                    "change",
                    &["bigger", "tiny", "reversed", "for a different user", "made of something else"],
                ),
            ],
            prompts: &[
                prompt(
                    "The Checklist",
                    List,
                    "Take {thing} and list one idea for each kind of change: substitute, combine, enlarge, \
                     shrink, reverse, use elsewhere.",
                ),
                prompt(
                    "One Change",
                    Write,
                    "Imagine {thing} made {change}. Describe how it would work and who would love it.",
                ),
                prompt(
                    "Sketch the Variant",
                    Draw,
                    "Draw {thing} made {change}. Label the parts that changed.",
                ),
                prompt(
                    "The Best Variant",
                    Write,
                    "Of all the ways to change {thing}, which is most promising? Write a short pitch for it.",
                ),
            ],
        },
        Technique {
            name: "Idea Harvest",
            level: Integration,
            teaching: "An idea harvest goes back through everything you have written and drawn, gathers the \
                       ideas with the most life in them, and decides which deserve more time. It turns a pile \
                       of pages into a pipeline of projects.",
            why: "Ideas are easily lost in a notebook. Revisiting them with fresh eyes shows which ones keep \
                  tugging at you, and those are usually the ones worth pursuing.",
            tips: &[
                "Read quickly and mark anything with energy; do not evaluate yet.",
                "Copy the best ideas onto one page so they are easy to find.",
                "For each one, write the smallest possible next step.",
            ],
            deeper: "Sort your harvested ideas by effort and excitement, and pick one small, exciting one to \
                     finish this week.",
            slots: &[slot(
                "pages",
                &["your first week's pages", "your mind maps", "your noticing lists", "your free writing"],
            )],
            prompts: &[
                prompt(
                    "Gathering",
                    List,
                    "Read back through {pages} and list every idea that still has a spark.",
                ),
                prompt(
                    "Idea Grid",
                    Log,
                    "Put the ideas from {pages} in a grid, rating each for excitement and effort from 1 to 5. \
                     Which are exciting and easy?",
                ),
                prompt(
                    "The Keeper",
                    Write,
                    "Which idea from {pages} do you keep returning to? Why might it matter to you?",
                ),
                prompt(
                    "Cluster",
                    Sketch,
                    "Cluster the ideas from {pages} into families on the page. What larger project do the \
                     biggest families suggest?",
                ),
            ],
        },
        Technique {
            name: "Small Finished Things",
            level: Integration,
            teaching: "Small finished things are tiny creative projects you complete in a day or an afternoon: a \
                       postcard poem, a one-page comic, a new recipe. Finishing, not perfecting, is the skill \
                       being practised.",
            why: "Unfinished projects pile up and quietly drain confidence. Completing small pieces builds the \
                  habit of finishing and gives you a body of work to look back on.",
            tips: &[
                "Decide the finish line before you start.",
                "Choose a size you could complete today, then make it smaller.",
                "Share the finished thing with one person, or keep it in a folder of done work.",
            ],
            deeper: "Make a series: the same small form every day for a week, and look at how the seven pieces \
                     change.",
            slots: &[slot(
                "form",
                &[
                    "a six-line poem",
                    "a one-page comic",
                    "a postcard-sized drawing",
                    "a hundred-word story",
                    "a new recipe",
                ],
            )],
            prompts: &[
                prompt(
                    "Make and Finish",
                    Write,
                    "Make {form} today, start to finish. Afterwards, write what you made and one thing you \
                     learned from finishing it.",
                ),
                prompt(
                    "Finish Line",
                    List,
                    "Define the finish line for {form}: what does done look like? Then make it, and tick each \
                     part as you go.",
                ),
                prompt(
                    "Done List",
                    Log,
                    "Start a log of finished things, beginning with {form}. Note the date, what it was and how \
                     long it took.",
                ),
                prompt(
                    "Good Enough",
                    Write,
                    "Make {form} in under thirty minutes. What did you have to let go of to finish, and was it \
                     worth it?",
                ),
            ],
        },
    ],
};
