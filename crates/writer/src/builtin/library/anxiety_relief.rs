//! Anxiety relief: grounding, breathing, naming and reframing, gently. Not a
//! treatment; the care note points to professional help.

use super::Form::{Draw, List, Log, Long, Sketch, Write};
use super::Level::{Deepening, Foundation, Integration};
use super::{Library, Technique, Words, prompt, slot};

pub const LIBRARY: Library = Library {
    theme: "anxiety_relief",
    words: Words {
        subject: "calm",
        nouns: &["Calm", "Steadiness", "Ease", "Courage", "Breathing Room"],
        adjectives: &["Steady", "Grounded", "Unhurried", "Brave"],
        destinations: &["a Quieter Mind", "Steadier Days", "Solid Ground"],
        journeys: &[("Worried", "Steady"), ("Overwhelmed", "Grounded"), ("Tangled", "Untangled")],
        goals: &[
            "a quieter, steadier mind",
            "meeting worry with kindness and a plan",
            "finding solid ground on anxious days",
        ],
    },
    what: "Everyone feels anxious sometimes; worry is the mind trying to protect you. This journal offers \
           gentle, practical ways to meet that worry: grounding yourself in the present, slowing the breath, \
           naming what you feel, looking at anxious thoughts from another angle, and planning kind responses \
           for hard moments.",
    why: "Worries that stay in the head tend to loop and grow. Putting them on paper gives them edges: you can \
          see them, question them and decide what to do with them. Techniques like the ones here are drawn from \
          well-established approaches to coping with worry, and many people find that practising them \
          regularly, on calmer days as well as hard ones, makes them easier to reach for when they are needed.",
    care: "A note of care: this journal is a companion, not a treatment. If anxiety is persistent, intense, or \
           getting in the way of sleep, work, relationships or daily life, please reach out to a doctor, \
           counsellor or other qualified professional; asking for help is a sign of strength. If you are ever \
           in crisis or feel unsafe, contact your local emergency number or a crisis line straight away. And \
           if any exercise here feels like too much, stop, breathe, and choose a gentler page.",
    quotes: &[
        "You do not have to solve the whole storm. Just find the next steady step.",
        "A worry written down is a worry you can see around.",
        "Breathe in what is here. Breathe out what is not yours to carry today.",
        "Calm is not the absence of waves; it is learning to float.",
        "Be as patient with your mind as you would be with a frightened friend.",
    ],
    promise: "meeting my worries with patience, curiosity and small steady steps",
    keep_field: "The practice that steadies me most",
    reviews: &[
        prompt(
            "Worry Weather",
            Log,
            "Make a row for each of days {first_day} to {last_day}. Rate the day's worry from 1 to 10 and note \
             what helped, even a little.",
        ),
        prompt(
            "What Helped",
            Write,
            "Looking back over days {first_day} to {last_day}, which practice helped most when you felt anxious? \
             When did you use it?",
        ),
        prompt(
            "Kindness Check",
            Write,
            "How did you speak to yourself during week {week}? Write down one harsh sentence and one kind one \
             from your pages, and what you notice.",
        ),
        prompt(
            "Small Brave Things",
            List,
            "List the small brave things you did during days {first_day} to {last_day}, however ordinary they \
             might look to anyone else.",
        ),
    ],
    closings: &[
        prompt(
            "My Steadying Kit",
            Long,
            "After {days} of practice, write your personal guide for anxious moments: the signs to watch for, \
             the practices that help, and the people you can call.",
        ),
        prompt(
            "Then and Now",
            Long,
            "How has your relationship with worry changed over these {days}? What do you understand about it \
             now that you did not before?",
        ),
        prompt(
            "A Letter for a Hard Day",
            Long,
            "Write a letter for your future self to read on an anxious day, drawing on everything these {days} \
             have taught you.",
        ),
    ],
    techniques: &[
        Technique {
            name: "Box Breathing",
            level: Foundation,
            teaching: "Box breathing is a simple, even rhythm: breathe in for four counts, hold for four, breathe \
                       out for four, hold for four, and repeat. Afterwards, you write about how it felt.",
            why: "A slow, steady rhythm gives the mind something simple to follow, and many people find that \
                  slowing the breath helps them feel more settled. Practising when calm makes it easier to \
                  use when stressed.",
            tips: &[
                "If four counts feels too long, use three; comfort matters more than the number.",
                "Trace a square in the air or on the page with your finger as you count.",
                "If holding the breath feels uncomfortable, skip the holds and simply breathe slowly.",
            ],
            deeper: "Try lengthening only the out-breath, for example in for four and out for six, and notice \
                     how it compares.",
            slots: &[
                slot("rounds", &["four", "six", "eight", "five"]),
                slot(
                    "moment",
                    &[
                        "before a task you have been dreading",
                        "when you wake up",
                        "before sleep",
                        "after a stressful message",
                    ],
                ),
            ],
            prompts: &[
                prompt(
                    "Four Sides",
                    Write,
                    "Do {rounds} rounds of box breathing {moment}. Describe how your body and thoughts felt \
                     before and after.",
                ),
                prompt(
                    "Breath Log",
                    Log,
                    "Practise box breathing {moment}. Log how tense you felt before and after on a scale of 1 to \
                     10, and anything you noticed.",
                ),
                prompt(
                    "The Square",
                    Draw,
                    "Draw a square and trace it slowly while breathing, for {rounds} rounds. Around it, draw or \
                     write what you noticed.",
                ),
                prompt(
                    "When to Use It",
                    List,
                    "After {rounds} rounds of box breathing, list the moments in an ordinary week when it could \
                     help you.",
                ),
            ],
        },
        Technique {
            name: "5-4-3-2-1 Grounding",
            level: Foundation,
            teaching: "This grounding exercise walks through the senses: name five things you can see, four you \
                       can touch, three you can hear, two you can smell and one you can taste. It brings \
                       attention out of worried thoughts and into the room.",
            why: "Anxious thoughts usually live in the future. The senses only report the present, and counting \
                  through them gives the mind a calm, concrete task.",
            tips: &[
                "Say each item out loud or under your breath if you can.",
                "If you cannot find a smell or a taste, name one you like instead.",
                "Go slowly; the pace matters more than finishing.",
            ],
            deeper: "For each item, add one detail: not just a chair, but a chair with a worn corner.",
            slots: &[slot(
                "place",
                &[
                    "where you are sitting now",
                    "in your bedroom",
                    "in a busy place",
                    "outdoors",
                    "at your workplace",
                ],
            )],
            prompts: &[
                prompt(
                    "Five to One",
                    List,
                    "Practise 5-4-3-2-1 {place}. Write down everything you named: five seen, four touched, three \
                     heard, two smelt, one tasted.",
                ),
                prompt(
                    "In Detail",
                    Write,
                    "Ground yourself {place}, adding one detail to each thing you notice. Which detail surprised \
                     you?",
                ),
                prompt(
                    "Before and After",
                    Write,
                    "Rate your worry from 1 to 10, practise 5-4-3-2-1 {place}, then rate it again. What, if \
                     anything, shifted?",
                ),
                prompt(
                    "Grounding Map",
                    Sketch,
                    "After grounding yourself {place}, sketch the space roughly and mark everything you could see, hear and touch there.",
                ),
            ],
        },
        Technique {
            name: "Worry Download",
            level: Foundation,
            teaching: "A worry download empties every worry onto the page, big and small, quickly and without \
                       sorting. Once they are outside your head, you can look at them instead of circling them.",
            why: "Worries held in mind keep looping because the mind is afraid of forgetting them. Written down, \
                  they are safely kept, and many people find the loop loosens.",
            tips: &[
                "Write fast and do not judge what comes.",
                "Include the tiny worries; they take up room too.",
                "Afterwards, close the journal and do something kind for yourself.",
            ],
            deeper: "After downloading, sort each worry into can act on, cannot act on, or not mine to carry.",
            slots: &[slot(
                "focus",
                &[
                    "anything at all",
                    "tomorrow",
                    "work or studies",
                    "people in your life",
                    "your health and body",
                ],
            )],
            prompts: &[
                prompt(
                    "Empty It Out",
                    List,
                    "For ten minutes, write down every worry about {focus}, one per line, without sorting.",
                ),
                prompt(
                    "Worry Cloud",
                    Sketch,
                    "Scatter your worries about {focus} across the page. Draw bigger circles around the heavier \
                     ones.",
                ),
                prompt(
                    "Sorting",
                    List,
                    "Download your worries about {focus}, then mark each: can act on, cannot act on, or not mine \
                     to carry.",
                ),
                prompt(
                    "After the Download",
                    Write,
                    "How does your mind feel after writing out your worries about {focus}? Which one still \
                     feels heaviest, and why?",
                ),
            ],
        },
        Technique {
            name: "Naming the Feeling",
            level: Foundation,
            teaching: "Naming the feeling means putting precise words to what you feel: not just bad, but \
                       uneasy, embarrassed, dreading, restless. A feeling that has a name is easier to \
                       understand and to respond to.",
            why: "Putting feelings into words tends to take some of the heat out of them, and precise words \
                  point toward what you need.",
            tips: &[
                "Look for two or three words rather than one; feelings are usually mixed.",
                "Notice where you feel it in the body as well as what you call it.",
                "Say it kindly: I notice I am feeling anxious.",
            ],
            deeper: "Rate the intensity of each named feeling from 1 to 10, and notice how the numbers change over \
                     an hour.",
            slots: &[slot(
                "when",
                &[
                    "this morning",
                    "at the hardest moment today",
                    "just before you sat down to write",
                    "after a busy stretch today",
                ],
            )],
            prompts: &[
                prompt(
                    "The Right Words",
                    List,
                    "What were you feeling {when}? List three precise words for it and where you noticed each \
                     in your body.",
                ),
                prompt(
                    "Feeling Log",
                    Log,
                    "Think back to {when} and two other moments today. Log the feeling at each, its intensity \
                     from 1 to 10 and what was happening.",
                ),
                prompt(
                    "What It Needs",
                    Write,
                    "Name the feeling you had {when}. If it could ask for something, what would it ask for?",
                ),
                prompt(
                    "Colour and Shape",
                    Draw,
                    "Draw the feeling you had {when} as a colour and a shape. Then write its name beside it.",
                ),
            ],
        },
        Technique {
            name: "Worry Time",
            level: Deepening,
            teaching: "Worry time sets aside fifteen minutes a day for worrying, on purpose. When a worry appears \
                       at other times, you note it and postpone it to worry time. Many worries shrink or \
                       vanish by then.",
            why: "Trying not to worry rarely works. Postponing is easier than suppressing, and many people find \
                  it gives them more control over when worry gets their attention.",
            tips: &[
                "Choose the same time and place each day, not too close to bedtime.",
                "Keep a small note of postponed worries to bring to the session.",
                "When the time is up, stop, and do something absorbing.",
            ],
            deeper: "During worry time, sort each worry into problems you can solve and those you cannot, and \
                     plan one step for a solvable one.",
            slots: &[slot("length", &["ten", "fifteen", "twenty", "five"])],
            prompts: &[
                prompt(
                    "Setting the Time",
                    Write,
                    "Choose a daily {length}-minute worry time and place. Write them down, and how you will \
                     remind yourself to postpone worries until then.",
                ),
                prompt(
                    "The Session",
                    List,
                    "Hold your {length}-minute worry time. List the worries you saved up, and mark the ones \
                     that had already faded.",
                ),
                prompt(
                    "Postponing",
                    Log,
                    "Today, each time a worry appears, note the time and the worry, and postpone it. Review the \
                     log in your {length}-minute worry time.",
                ),
                prompt(
                    "How It Went",
                    Write,
                    "After a few days of {length}-minute worry time, what have you noticed about how often worry \
                     interrupts you?",
                ),
            ],
        },
        Technique {
            name: "Reframing",
            level: Deepening,
            teaching: "Reframing catches an anxious thought, writes it down exactly, and then looks at it from \
                       other angles: what is the evidence for and against it, and what would be a more \
                       balanced way of seeing things? It is not positive thinking; it is fair thinking.",
            why: "Anxious minds tend to jump to the worst conclusion and treat it as fact. Slowing the thought \
                  down on paper lets you check it, and balanced thoughts usually feel more manageable.",
            tips: &[
                "Write the thought word for word, as it sounded in your head.",
                "Ask what you would say to a friend who had this thought.",
                "A balanced thought should feel believable, not forced.",
            ],
            deeper: "Notice the patterns in your anxious thoughts, such as predicting the worst or mind reading, \
                     and give each a name you can spot next time.",
            slots: &[slot(
                "situation",
                &[
                    "a conversation you keep replaying",
                    "a task you are afraid of failing",
                    "something you are waiting to hear about",
                    "a social situation coming up",
                    "a mistake you made",
                ],
            )],
            prompts: &[
                prompt(
                    "Catch the Thought",
                    Long,
                    "Write down an anxious thought about {situation}, word for word. List the evidence for it \
                     and against it, then write a more balanced thought.",
                ),
                prompt(
                    "A Friend's View",
                    Write,
                    "If a friend had this worry about {situation}, what would you tell them? Now write it to \
                     yourself.",
                ),
                prompt(
                    "Thought Record",
                    Log,
                    "Make a small table for {situation}: the thought, how strongly you believe it, the evidence, \
                     a balanced thought, and how strongly you believe it now.",
                ),
                prompt(
                    "Thinking Patterns",
                    Write,
                    "Looking at your thoughts about {situation}, can you spot a pattern, such as predicting the \
                     worst or assuming what others think? Describe it.",
                ),
            ],
        },
        Technique {
            name: "Most Likely Outcome",
            level: Deepening,
            teaching: "When a worry predicts disaster, write three outcomes: the worst case, the best case, and \
                       the most likely. Then ask how you would cope if the worst did happen.",
            why: "Anxiety tends to zoom in on the worst case as if it were certain. Spelling out the full range, \
                  and your ability to cope, usually brings the picture back into proportion.",
            tips: &[
                "Let the best case be as unrealistically good as the worst is bad.",
                "Base the most likely outcome on what has happened before.",
                "For the worst case, list who and what would help you cope.",
            ],
            deeper: "Look back after the event and compare what happened with your three predictions.",
            slots: &[slot(
                "event",
                &[
                    "something coming up this week",
                    "a decision you need to make",
                    "a conversation you are nervous about",
                    "a change you are facing",
                ],
            )],
            prompts: &[
                prompt(
                    "Best, Worst, Most Likely",
                    Write,
                    "Think of {event}. Write the worst case, the best case and the most likely outcome, a few \
                     lines each.",
                ),
                prompt(
                    "Coping Plan",
                    List,
                    "If the worst case of {event} did happen, how would you cope? List the steps, people and \
                     strengths you could draw on.",
                ),
                prompt(
                    "Odds",
                    Write,
                    "For {event}, how likely is the worst case, honestly, as a percentage? What makes you say \
                     so?",
                ),
                prompt(
                    "Afterwards",
                    Write,
                    "Think of a past worry like {event}. What did you fear, what actually happened, and what \
                     does that teach you?",
                ),
            ],
        },
        Technique {
            name: "Circle of Control",
            level: Deepening,
            teaching: "Draw a circle. Inside it, write the parts of a worry you can influence; outside, the parts \
                       you cannot. Then put your energy into the inside of the circle.",
            why: "Worry often spends energy on what cannot be changed. Sorting shows where action is possible, \
                  and accepting the outside of the circle can bring some relief.",
            tips: &[
                "Be generous with the inside: your words, effort, preparation and responses all count.",
                "For things outside, try saying: I cannot control this, and I can control how I respond.",
                "Choose one small action from inside the circle and do it today.",
            ],
            deeper: "Add a middle ring for things you can influence but not control, such as other people's \
                     opinions, and plan how to use that influence.",
            slots: &[slot(
                "worry",
                &[
                    "a current worry",
                    "a worry about work or studies",
                    "a worry about someone you love",
                    "a worry about the future",
                ],
            )],
            prompts: &[
                prompt(
                    "Inside and Outside",
                    Sketch,
                    "Draw a large circle. Take {worry}: write what you can control inside the circle and what \
                     you cannot outside it.",
                ),
                prompt(
                    "One Small Step",
                    Write,
                    "Looking at the inside of the circle for {worry}, choose one small action for today. When \
                     and how will you do it?",
                ),
                prompt(
                    "Letting Be",
                    Write,
                    "What part of {worry} sits outside your control? Write a few kind sentences about letting it \
                     be.",
                ),
                prompt(
                    "Influence",
                    List,
                    "For {worry}, list what you can control, what you can influence, and what you can only \
                     accept.",
                ),
            ],
        },
        Technique {
            name: "Self-Compassion Letter",
            level: Integration,
            teaching: "A self-compassion letter is written to yourself as a kind, wise friend would write it: \
                       acknowledging what is hard, reminding you that struggle is part of being human, and \
                       offering encouragement.",
            why: "Anxiety often comes with a harsh inner voice. Practising a kinder voice on paper makes it \
                  easier to find in difficult moments.",
            tips: &[
                "Imagine someone who loves you unconditionally and write in their voice.",
                "Acknowledge the difficulty honestly before offering comfort.",
                "Read the letter aloud to yourself.",
            ],
            deeper: "Write a short version on a card and keep it with you for hard moments.",
            slots: &[slot(
                "struggle",
                &[
                    "a worry that keeps returning",
                    "a moment you were hard on yourself",
                    "a part of yourself you struggle to accept",
                    "a recent difficult day",
                ],
            )],
            prompts: &[
                prompt(
                    "Dear Me",
                    Long,
                    "Write a letter to yourself about {struggle}, as a kind and wise friend would.",
                ),
                prompt(
                    "Common Ground",
                    Write,
                    "Many people know what it is like to face {struggle}. Write about how that shared experience \
                     feels to remember.",
                ),
                prompt(
                    "Kind Phrases",
                    List,
                    "Write five short, kind phrases you could say to yourself next time you face {struggle}.",
                ),
                prompt(
                    "Harsh and Kind",
                    Write,
                    "Write what your inner critic says about {struggle}. Then answer it in the voice of someone \
                     who cares about you.",
                ),
            ],
        },
        Technique {
            name: "Steadying Plan",
            level: Integration,
            teaching: "A steadying plan gathers what helps you into one place: your early signs of anxiety, the \
                       practices that calm you, people you can contact, and small things that comfort you. It \
                       is written on a calm day for use on a hard one.",
            why: "In anxious moments it is hard to remember what helps. A plan written in advance does the \
                  remembering for you.",
            tips: &[
                "Keep it short enough to read in a minute.",
                "Include professional support and crisis contacts as well as friends.",
                "Review and update it every few weeks.",
            ],
            deeper: "Share your plan with someone you trust so they know how to support you.",
            slots: &[slot(
                "part",
                &[
                    "your early warning signs",
                    "the practices that help you settle",
                    "the people and services you can contact",
                    "your small comforts",
                ],
            )],
            prompts: &[
                prompt(
                    "Building the Plan",
                    List,
                    "Start your steadying plan with {part}. Write down everything you know so far.",
                ),
                prompt(
                    "Plan Card",
                    Draw,
                    "Draw a small card and design the panel of your plan for {part}, so it is clear at a glance.",
                ),
                prompt(
                    "Testing It",
                    Write,
                    "Think back to a recent anxious moment. How could {part} have helped, and what would have made them easier to reach for?",
                ),
                prompt(
                    "Trusted People",
                    Write,
                    "Who could you tell about {part}? Write what you would like them to know.",
                ),
            ],
        },
    ],
};
