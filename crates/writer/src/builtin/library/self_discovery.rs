//! Self-discovery: values, strengths, story and hopes.

use super::Form::{Draw, List, Log, Long, Sketch, Write};
use super::Level::{Deepening, Foundation, Integration};
use super::{Library, Technique, Words, prompt, slot};

pub const LIBRARY: Library = Library {
    theme: "self_discovery",
    words: Words {
        subject: "self-discovery",
        nouns: &["Self", "Purpose", "Belonging", "Truth", "Becoming"],
        adjectives: &["Whole", "Authentic", "Awake", "Unfolding"],
        destinations: &["Knowing Yourself", "a Life That Fits", "Your Own True North"],
        journeys: &[("Searching", "Knowing"), ("Lost", "Found"), ("Unsure", "Grounded")],
        goals: &[
            "understanding who you are and what you want",
            "a life that fits the person you are",
            "knowing your values, strengths and story",
        ],
    },
    what: "Self-discovery is the ongoing work of understanding who you are: what you value, what you are good \
           at, what energises and drains you, how your story has shaped you, and what you want from the years \
           ahead. It is less about finding a fixed answer than about getting to know someone who keeps growing.",
    why: "Writing is thinking made visible. When you answer a question on paper, you often discover what you \
          believe in the act of writing it. Reflective exercises like these, on values, strengths and life \
          stories, are widely used in coaching and counselling because they help people see themselves more \
          clearly and make choices that fit.",
    care: "Some questions here may touch tender places. Go at your own pace, skip anything that does not feel \
           right today, and if old pain surfaces and stays heavy, consider talking it through with someone \
           you trust or a qualified counsellor.",
    quotes: &[
        "You are not a puzzle to be solved but a story still being written.",
        "The questions you keep asking are already part of the answer.",
        "Know what you value, and many decisions make themselves.",
        "Every chapter you have lived is a page you can learn to read.",
        "Become more yourself, not someone else's idea of better.",
    ],
    promise: "asking honest questions and listening to my own answers",
    keep_field: "The truth about myself I want to remember",
    reviews: &[
        prompt(
            "What I Learned",
            Write,
            "Read back through days {first_day} to {last_day}. What did you learn about yourself this week that \
             surprised you?",
        ),
        prompt(
            "Recurring Themes",
            Sketch,
            "Map the themes that keep appearing in days {first_day} to {last_day}: words, people, wishes, fears. \
             Which are the biggest?",
        ),
        prompt(
            "Portrait",
            Write,
            "Write a short portrait of yourself as you appeared in your pages during week {week}, as if \
             describing a character you are getting to know.",
        ),
        prompt(
            "Questions Still Open",
            List,
            "From days {first_day} to {last_day}, list the questions that are still unanswered and still matter.",
        ),
    ],
    closings: &[
        prompt(
            "Who I Am Now",
            Long,
            "After {days} of reflection, write a description of who you are: what you value, what you are good \
             at, what you want. Compare it with how you would have described yourself at the start.",
        ),
        prompt(
            "The Next Chapter",
            Long,
            "Give the next chapter of your life a title. Drawing on these {days}, describe what you hope it \
             holds and the first step into it.",
        ),
        prompt(
            "Letter of Recognition",
            Long,
            "Write a letter to yourself recognising everything you have discovered in these {days}, and what you \
             promise to keep remembering.",
        ),
    ],
    techniques: &[
        Technique {
            name: "Values Sort",
            level: Foundation,
            teaching: "A values sort chooses, from many possible values such as honesty, adventure, security, \
                       creativity or family, the handful that matter most to you, and asks what each means in \
                       practice. Values are the compass for decisions.",
            why: "When life feels off, it is often because daily choices have drifted away from what you value. \
                  Naming your values makes that drift visible and gives you a way to steer.",
            tips: &[
                "Choose what you truly value, not what you think you should.",
                "Define each value in your own words; the same word means different things to different people.",
                "Test a value by asking when you last acted on it.",
            ],
            deeper: "Rank your top five values and notice which ones compete in your life, such as security and \
                     adventure.",
            slots: &[slot(
                "lens",
                &[
                    "your work",
                    "your relationships",
                    "how you spend free time",
                    "a recent decision",
                    "how you spend money",
                ],
            )],
            prompts: &[
                prompt(
                    "Top Five",
                    List,
                    "Write twenty values that appeal to you, then cross out until five remain. Beside each, note \
                     how it shows up in {lens}.",
                ),
                prompt(
                    "In My Words",
                    Write,
                    "Choose one of your top values and define it in your own words. How is it honoured, or \
                     ignored, in {lens}?",
                ),
                prompt(
                    "Values Check",
                    Log,
                    "List your top five values in the grid. Rate from 1 to 10 how well each one is reflected in {lens}.",
                ),
                prompt(
                    "Tension",
                    Write,
                    "Which two of your values pull against each other in {lens}? How do you usually choose \
                     between them?",
                ),
            ],
        },
        Technique {
            name: "Life Chapters",
            level: Foundation,
            teaching: "Life chapters divide your life so far into chapters, like a book, with a title for each, \
                       its key scenes and the people in it. Seeing your life as a story shows turning points and \
                       threads you may never have noticed.",
            why: "The stories we tell about our lives shape how we see ourselves. Writing them out lets you see \
                  the whole arc, notice resilience and growth, and choose how to tell it.",
            tips: &[
                "Aim for five to eight chapters; the boundaries are yours to choose.",
                "Give each chapter a title that captures its feeling.",
                "Notice the turning points between chapters: what changed?",
            ],
            deeper: "Retell one chapter from the point of view of someone else who was there.",
            slots: &[slot(
                "chapter",
                &[
                    "your childhood",
                    "your teenage years",
                    "a time of big change",
                    "your most recent chapter",
                    "a chapter you rarely talk about",
                ],
            )],
            prompts: &[
                prompt(
                    "Table of Contents",
                    List,
                    "Write the table of contents of your life so far, one titled chapter per line. Then add a \
                     sentence about {chapter}.",
                ),
                prompt(
                    "Key Scene",
                    Write,
                    "Describe one key scene from {chapter} in detail: where you were, who was there, and why it \
                     mattered.",
                ),
                prompt(
                    "Timeline",
                    Sketch,
                    "Draw a timeline of your life and mark the chapters and turning points. Add extra detail to \
                     {chapter}.",
                ),
                prompt("What It Taught", Write, "What did {chapter} teach you that you still carry today?"),
            ],
        },
        Technique {
            name: "Energy Audit",
            level: Foundation,
            teaching: "An energy audit notices which activities, people and places leave you energised and which \
                       leave you drained. Over time, the pattern points toward what suits you.",
            why: "Energy is honest feedback. What lights you up often reveals your strengths and interests \
                  more reliably than what you think you should enjoy.",
            tips: &[
                "Rate activities straight after them, not from memory.",
                "Separate enjoyable-but-tiring from truly draining.",
                "Look for the common thread among your highest scores.",
            ],
            deeper: "For your most draining activity, ask whether it can be changed, shared, shortened or \
                     dropped.",
            slots: &[slot(
                "area",
                &["your work or studies", "your social life", "your home", "your free time"],
            )],
            prompts: &[
                prompt(
                    "Givers and Takers",
                    List,
                    "In {area}, list what gives you energy in one column and what takes it in another.",
                ),
                prompt(
                    "Energy Log",
                    Log,
                    "Log today's activities in {area}, rating each from minus 5, draining, to plus 5, \
                     energising.",
                ),
                prompt(
                    "The Spark",
                    Write,
                    "Describe the most energising moment you have had recently in {area}. What exactly lit you \
                     up?",
                ),
                prompt(
                    "The Drain",
                    Write,
                    "What in {area} drains you most? What would change if there were less of it?",
                ),
            ],
        },
        Technique {
            name: "Early Curiosities",
            level: Foundation,
            teaching: "Early curiosities looks back at what fascinated you as a child, before you worried about \
                       being good at things: what you played, collected, asked about and lost hours in.",
            why: "Childhood interests often point to lasting parts of your nature that adult routines have \
                  covered over. Rediscovering them can reconnect you with forgotten sources of joy.",
            tips: &[
                "Think about what you did when no one told you what to do.",
                "Ask a family member what you were like as a child.",
                "Look for the quality underneath the activity: building, caring, exploring, performing.",
            ],
            deeper: "Choose one childhood fascination and give it an hour this week in an adult form.",
            slots: &[slot("age", &["five", "eight", "ten", "twelve"])],
            prompts: &[
                prompt(
                    "What I Loved",
                    List,
                    "At around age {age}, what did you love to do, collect or ask about? List everything you can \
                     remember.",
                ),
                prompt(
                    "A Lost Afternoon",
                    Write,
                    "Describe an afternoon at about age {age} when you lost track of time. What were you doing, \
                     and what did it feel like?",
                ),
                prompt(
                    "Then and Now",
                    Write,
                    "What did you dream of becoming at age {age}? What quality in that dream still matters to \
                     you?",
                ),
                prompt(
                    "Childhood Room",
                    Draw,
                    "Draw your room or favourite place at about age {age}, and label the things that mattered \
                     most.",
                ),
            ],
        },
        Technique {
            name: "Strengths Spotting",
            level: Deepening,
            teaching: "Strengths spotting looks for what you do well and naturally: the qualities others thank \
                       you for, the tasks that feel easy to you but hard for others. Strengths are often \
                       invisible to their owner.",
            why: "People tend to focus on fixing weaknesses and overlook strengths. Knowing your strengths helps \
                  you use them more deliberately, which many people find both effective and energising.",
            tips: &[
                "Look for what you do easily that others find hard.",
                "Ask two people what they think your strengths are.",
                "Notice when time flies during a task.",
            ],
            deeper: "Choose one strength and find a new way to use it every day for a week.",
            slots: &[slot(
                "source",
                &[
                    "a recent success",
                    "a compliment you received",
                    "a problem you solved",
                    "a time you helped someone",
                    "a hard time you got through",
                ],
            )],
            prompts: &[
                prompt(
                    "Evidence",
                    Write,
                    "Think of {source}. Which of your strengths does it point to? Name at least three.",
                ),
                prompt(
                    "Strength List",
                    List,
                    "List ten things you are good at, including some that seem too ordinary to count. Start with the strengths behind {source}.",
                ),
                prompt(
                    "Strengths Map",
                    Sketch,
                    "Put your name in the middle and map your strengths around it. Link each to an example, \
                     such as {source}.",
                ),
                prompt(
                    "Using It",
                    Write,
                    "What strength lies behind {source}? Plan how you could use it more this week.",
                ),
            ],
        },
        Technique {
            name: "Inner Critic Dialogue",
            level: Deepening,
            teaching: "An inner critic dialogue writes out a conversation with the critical voice in your head: \
                       what it says, what it fears, and what it is trying to protect. Then a wiser, kinder \
                       part of you answers.",
            why: "The critic speaks constantly but rarely gets looked at. On paper its claims can be examined, \
                  and understanding its fears often softens its grip.",
            tips: &[
                "Write the critic's words exactly as you hear them.",
                "Ask the critic what it is afraid would happen if it stopped.",
                "Let the wiser voice be firm as well as kind.",
            ],
            deeper: "Give the critic a name and a character, and notice in the coming days when it shows up.",
            slots: &[slot(
                "topic",
                &[
                    "your work",
                    "your appearance",
                    "your relationships",
                    "a new challenge",
                    "your past mistakes",
                ],
            )],
            prompts: &[
                prompt(
                    "The Conversation",
                    Long,
                    "Write a dialogue with your inner critic about {topic}. Let it speak, then ask what it is \
                     afraid of, then answer as your wisest self.",
                ),
                prompt(
                    "Its Greatest Hits",
                    List,
                    "List the critic's most common lines about {topic}. Beside each, write a fairer version.",
                ),
                prompt(
                    "What It Protects",
                    Write,
                    "What might your critic be trying to protect you from when it talks about {topic}?",
                ),
                prompt(
                    "Portrait of the Critic",
                    Draw,
                    "Draw your critic as a character. Add a speech bubble with what it says about {topic}.",
                ),
            ],
        },
        Technique {
            name: "Wheel of Life",
            level: Deepening,
            teaching: "A wheel of life divides your life into areas such as health, relationships, work, growth, \
                       fun and home, and rates your satisfaction with each. The shape of the wheel shows where \
                       life feels full and where it feels thin.",
            why: "It is easy to pour everything into one area and not notice another fading. A quick visual \
                  overview helps you choose where a little attention would make the most difference.",
            tips: &[
                "Rate how satisfied you feel, not how things look from outside.",
                "Choose your own areas if the usual ones do not fit.",
                "Pick one area to improve slightly, not all of them at once.",
            ],
            deeper: "Redraw the wheel each week and watch how it changes.",
            slots: &[slot(
                "area",
                &["health", "relationships", "work", "personal growth", "fun and rest", "home"],
            )],
            prompts: &[
                prompt(
                    "The Wheel",
                    Draw,
                    "Draw a circle divided into eight areas of life and rate each from 1 to 10. Shade the wheel \
                     and look hardest at {area}.",
                ),
                prompt(
                    "One Area",
                    Write,
                    "What would a 10 in {area} look like for you? What is one small step toward it?",
                ),
                prompt(
                    "Scores",
                    Log,
                    "Rate your life areas in the grid, with {area} first, and note one reason for each score.",
                ),
                prompt(
                    "Balance",
                    Write,
                    "How does the state of your {area} affect the other areas of your life, for better or worse?",
                ),
            ],
        },
        Technique {
            name: "Peak Moments",
            level: Deepening,
            teaching: "Peak moments are the times you felt most alive, proud or deeply yourself. Examining them \
                       closely reveals what conditions bring out your best.",
            why: "High points carry information about your values and strengths. Looking for what several peak \
                  moments share often shows what you need more of.",
            tips: &[
                "Choose moments that felt meaningful, not only impressive.",
                "Describe the setting, the people and what you were doing.",
                "Look for the common thread across several moments.",
            ],
            deeper: "Ask how you could create the conditions of your best peak moment again in the next month.",
            slots: &[slot(
                "kind",
                &[
                    "felt most alive",
                    "felt proudest",
                    "felt most like yourself",
                    "felt deeply connected to someone",
                ],
            )],
            prompts: &[
                prompt(
                    "The Moment",
                    Write,
                    "Describe a time you {kind}. Where were you, what were you doing, and who was there?",
                ),
                prompt("Five Peaks", List, "List five times you {kind}. What do they have in common?"),
                prompt(
                    "Conditions",
                    Write,
                    "Think of a time you {kind}. What conditions made it possible, and which could you recreate?",
                ),
                prompt(
                    "Peak Map",
                    Sketch,
                    "Draw a line graph of the past year and mark the moments you {kind}. What surrounds the \
                     peaks?",
                ),
            ],
        },
        Technique {
            name: "Future Self Letter",
            level: Integration,
            teaching: "A future self letter is written from you, some years from now, to you today. Your future \
                       self describes their life, thanks you for the steps you are taking, and offers advice.",
            why: "People often feel distant from their future selves, which makes long-term choices harder. \
                  Imagining that person vividly can make today's steps toward them feel more real.",
            tips: &[
                "Choose a specific age or date for your future self.",
                "Write in detail: a typical morning, the people around, the work.",
                "Let the future self be kind and honest.",
            ],
            deeper: "Write back to your future self, and then list three steps you will take this month.",
            slots: &[slot("years", &["one year", "five years", "ten years", "twenty years"])],
            prompts: &[
                prompt(
                    "From Then to Now",
                    Long,
                    "Write a letter to yourself today from yourself {years} from now. Describe your life and \
                     what you are grateful your past self did.",
                ),
                prompt(
                    "A Day in the Future",
                    Write,
                    "Describe an ordinary day {years} from now, in a life that fits you well, from morning to \
                     night.",
                ),
                prompt(
                    "Advice",
                    List,
                    "What advice would you, {years} from now, give yourself today? List it.",
                ),
                prompt(
                    "Reply",
                    Long,
                    "Write a reply to your future self {years} from now. What do you want to ask, promise or \
                     tell them?",
                ),
            ],
        },
        Technique {
            name: "Personal Mission Statement",
            level: Integration,
            teaching: "A personal mission statement gathers your values, strengths and hopes into a few \
                       sentences about how you want to live. It is a touchstone for decisions, not a slogan, \
                       and it can change as you do.",
            why: "After exploring many parts of yourself, a short statement pulls the discoveries together and \
                  makes them easy to remember and use.",
            tips: &[
                "Draft badly first; refine over several days.",
                "Use your own words and your own values.",
                "Test it against a real decision: does it help you choose?",
            ],
            deeper: "Write a one-line version short enough to remember and put it somewhere you will see daily.",
            slots: &[slot(
                "element",
                &[
                    "your values",
                    "your strengths",
                    "the people you care about",
                    "what you want to contribute",
                ],
            )],
            prompts: &[
                prompt(
                    "First Draft",
                    Write,
                    "Draft a personal mission statement of three to five sentences, starting with {element}.",
                ),
                prompt(
                    "Ingredients",
                    List,
                    "List the words and phrases about {element} that must appear in your mission statement.",
                ),
                prompt(
                    "Testing It",
                    Write,
                    "Test your statement against a decision you face. Does what it says about {element} help you \
                     choose?",
                ),
                prompt(
                    "Mission Map",
                    Sketch,
                    "Put {element} at the centre of the page and map what grows from it into your mission. What belongs closest to the centre?",
                ),
            ],
        },
    ],
};
