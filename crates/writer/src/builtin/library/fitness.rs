//! Fitness: a movement habit that lasts, tracked honestly and enjoyed.

use super::Form::{Draw, List, Log, Long, Sketch, Write};
use super::Level::{Deepening, Foundation, Integration};
use super::{Library, Technique, Words, prompt, slot};

pub const LIBRARY: Library = Library {
    theme: "fitness",
    words: Words {
        subject: "movement",
        nouns: &["Strength", "Momentum", "Energy", "Movement", "Stamina"],
        adjectives: &["Strong", "Active", "Energised", "Capable"],
        destinations: &["a Stronger You", "Everyday Energy", "a Habit That Lasts"],
        journeys: &[("Stuck", "Strong"), ("Sedentary", "Active"), ("Starting", "Steady")],
        goals: &[
            "a movement habit that lasts",
            "feeling stronger and more energised",
            "joyful movement and steady progress",
        ],
    },
    what: "Fitness here means building a movement habit that fits your life and lasts: moving regularly in ways \
           you enjoy, making progress you can see, recovering well, and treating your body as a partner rather \
           than a project. It applies whether you are starting from the sofa or training for an event.",
    why: "Habits are built by repetition in a stable context, and a journal supports every part of that: \
          planning when and where you will move, noticing what gets in the way, and recording progress that \
          is easy to forget. Seeing a written record of effort and small wins is, for many people, one of the \
          best motivators there is.",
    care: "A note of care: this journal is not medical or professional training advice. If you have a health \
           condition, are returning after injury or illness, or are unsure whether an activity suits you, \
           check with a doctor or qualified professional first. Stop any exercise that causes pain, dizziness \
           or breathlessness beyond what feels normal for you.",
    quotes: &[
        "The best workout is the one you will actually do again tomorrow.",
        "Strength is built in ordinary days, one small repetition at a time.",
        "Your body is not a project to fix; it is a partner to train with.",
        "Showing up on the hard days is how the easy days are made.",
        "Progress whispers before it shouts. Write down the whispers.",
    ],
    promise: "moving my body regularly and recording my progress honestly",
    keep_field: "The win I am proudest of",
    reviews: &[
        prompt(
            "Weekly Totals",
            Log,
            "Make a row for each of days {first_day} to {last_day}: what movement you did, for how long, and how \
             your energy felt. Total the week.",
        ),
        prompt(
            "Wins and Snags",
            Write,
            "Looking over days {first_day} to {last_day}, what was your biggest win, and what got in the way? \
             What will you adjust next week?",
        ),
        prompt(
            "Consistency Check",
            List,
            "For week {week}, list the days you moved, the days you did not, and what made the difference.",
        ),
        prompt(
            "Body Notes",
            Write,
            "How has your body felt across days {first_day} to {last_day}: sleep, soreness, energy, mood? What \
             is it telling you?",
        ),
    ],
    closings: &[
        prompt(
            "How Far You Came",
            Long,
            "Compare your first page with today. After {days}, what can you do, feel or believe about yourself \
             that you could not at the start?",
        ),
        prompt(
            "The Next Season",
            Long,
            "Plan your movement for the next three months: what you will do, when, and how you will keep it \
             enjoyable after these {days}.",
        ),
        prompt(
            "Thank Your Body",
            Long,
            "Write a letter of thanks to your body for everything it has done over these {days}.",
        ),
    ],
    techniques: &[
        Technique {
            name: "Movement Log",
            level: Foundation,
            teaching: "A movement log records what you did, for how long, how hard it felt and how you felt \
                       afterwards. It turns effort into evidence you can look back on.",
            why: "Progress is easy to forget and setbacks easy to exaggerate. A simple log shows the real trend, \
                  helps you spot what works, and gives a small reward each time you write an entry.",
            tips: &[
                "Log straight after moving, while details are fresh.",
                "Rate effort from 1 to 10 so easy and hard sessions can be compared.",
                "Log the small stuff too: a walk to the shops counts.",
            ],
            deeper: "Add a column for sleep and one for mood, and look for links between them and your sessions.",
            slots: &[slot(
                "measure",
                &["minutes moved", "steps or distance", "sets and repetitions", "effort from 1 to 10"],
            )],
            prompts: &[
                prompt(
                    "Today's Entry",
                    Log,
                    "Log today's movement in the grid: the activity, {measure}, and how you felt before and \
                     after.",
                ),
                prompt(
                    "The Trend",
                    Log,
                    "Copy your recent entries into one table, tracking {measure}. What trend do you see?",
                ),
                prompt(
                    "Behind the Numbers",
                    Write,
                    "Looking at {measure} in your log, which session stands out, and what made it different?",
                ),
                prompt(
                    "Log Design",
                    List,
                    "Design the log that suits you best. List the columns you want, starting with {measure}, and \
                     why each matters.",
                ),
            ],
        },
        Technique {
            name: "Habit Stacking",
            level: Foundation,
            teaching: "Habit stacking attaches a new habit to one you already have: after I pour my morning \
                       coffee, I do ten squats. The existing habit becomes the reminder.",
            why: "New habits fail mostly because we forget or never find the right moment. Linking to an \
                  established routine supplies both the moment and the reminder.",
            tips: &[
                "Choose an anchor habit that happens every day at a predictable time.",
                "Start tiny: two minutes or a handful of repetitions.",
                "Write the stack as a sentence: after I..., I will...",
            ],
            deeper: "Build a chain of two or three small movements after one anchor, such as stretch, squats and \
                     a short walk.",
            slots: &[
                slot(
                    "anchor",
                    &[
                        "brushing your teeth",
                        "making your morning drink",
                        "getting home",
                        "finishing lunch",
                        "your last work call",
                    ],
                ),
                slot(
                    "move",
                    &[
                        "ten squats",
                        "a two-minute stretch",
                        "a five-minute walk",
                        "twenty calf raises",
                        "a one-minute plank",
                    ],
                ),
            ],
            prompts: &[
                prompt(
                    "My First Stack",
                    Write,
                    "Write your stack: after {anchor}, I will do {move}. Try it today and describe how it went.",
                ),
                prompt(
                    "Anchor Hunt",
                    List,
                    "List ten things you do every day without fail. Which would be the best anchor for {move}?",
                ),
                prompt(
                    "Stack Tracker",
                    Log,
                    "Track your stack, {move} after {anchor}, across the grid for the next seven days.",
                ),
                prompt(
                    "Fixing a Stack",
                    Write,
                    "If pairing {move} with {anchor} has been slipping, why? Rewrite the stack to make it easier.",
                ),
            ],
        },
        Technique {
            name: "Body Appreciation",
            level: Foundation,
            teaching: "Body appreciation focuses on what your body does for you rather than how it looks: \
                       carrying you, breathing, healing, hugging, climbing stairs. It builds a kinder \
                       relationship with the body you are training.",
            why: "People tend to stick with movement longer when it comes from respect rather than criticism. \
                  Appreciating function makes movement feel like care instead of punishment.",
            tips: &[
                "Focus on verbs: what your body did today, not how it looked.",
                "Include small things: your hands making breakfast.",
                "When a critical thought appears, answer it with one thing your body can do.",
            ],
            deeper: "Write about a part of your body you have been critical of, focusing only on what it does \
                     for you.",
            slots: &[slot(
                "part",
                &[
                    "your legs and feet",
                    "your lungs and heart",
                    "your hands and arms",
                    "your back and shoulders",
                    "your muscles",
                ],
            )],
            prompts: &[
                prompt(
                    "What It Did",
                    List,
                    "List ten things {part} did for you today, from the obvious to the easily overlooked.",
                ),
                prompt(
                    "Thank You Note",
                    Write,
                    "Write a short thank-you note to {part} for everything they let you do.",
                ),
                prompt(
                    "Capable",
                    Draw,
                    "Draw a simple figure and label {part} with the things they have carried you through this week.",
                ),
                prompt(
                    "Answering the Critic",
                    Write,
                    "Write down one critical thought you have had about {part}. Answer it with three things they do well.",
                ),
            ],
        },
        Technique {
            name: "Energy Check-In",
            level: Foundation,
            teaching: "An energy check-in rates your physical energy, sleep and soreness each day before \
                       deciding how hard to train. It helps you match the day's effort to the body you actually \
                       have today.",
            why: "Pushing hard on a depleted day can lead to setbacks, while skipping on a good day wastes \
                  momentum. A short check-in helps you choose wisely and see patterns.",
            tips: &[
                "Use the same three ratings every day: energy, sleep, soreness.",
                "Decide the session after the check-in, not before.",
                "A low score is information, not a reason for guilt.",
            ],
            deeper: "After two weeks, look for what raises your energy scores: sleep, food, water, time \
                     outdoors.",
            slots: &[slot("time", &["on waking", "before you move", "mid-afternoon", "in the evening"])],
            prompts: &[
                prompt(
                    "Three Ratings",
                    Log,
                    "Check in {time}: rate energy, sleep and soreness from 1 to 5. Based on the scores, choose \
                     an easy, moderate or hard session.",
                ),
                prompt(
                    "Listening",
                    Write,
                    "How does your body feel {time} today? Describe it in words before giving it a number.",
                ),
                prompt(
                    "Energy Week",
                    Log,
                    "Chart your energy {time} for the past week. What lifted it, and what dragged it down?",
                ),
                prompt(
                    "Right Effort",
                    Write,
                    "Think of a day you trained hard while tired, or skipped while feeling good. What would a \
                     check-in {time} have told you?",
                ),
            ],
        },
        Technique {
            name: "Non-Scale Wins",
            level: Deepening,
            teaching: "Non-scale wins are signs of progress that no scale or mirror shows: climbing stairs \
                       without stopping, sleeping better, lifting the shopping easily, feeling calmer. \
                       Collecting them keeps motivation alive.",
            why: "Focusing on a single number makes progress fragile, because numbers stall. Broader wins show \
                  the many ways movement is already paying off.",
            tips: &[
                "Look in unexpected places: mood, sleep, confidence, everyday tasks.",
                "Write wins down immediately; they are easy to forget.",
                "Compare with a month ago, not with other people.",
            ],
            deeper: "Keep a running list of wins on one page, and read it whenever motivation dips.",
            slots: &[slot("area", &["energy", "sleep", "mood", "everyday tasks", "confidence", "strength"])],
            prompts: &[
                prompt(
                    "Win Hunt",
                    List,
                    "List every win you can find in your {area} since you started, however small.",
                ),
                prompt(
                    "Biggest Win",
                    Write,
                    "What is your most meaningful win in {area} so far? Describe the moment you noticed it.",
                ),
                prompt(
                    "Wins Ledger",
                    Log,
                    "Start a ledger of wins: date, area, and the win itself, beginning with your {area}.",
                ),
                prompt(
                    "Then and Now",
                    Write,
                    "Compare your {area} now with how it was a month ago. What has changed?",
                ),
            ],
        },
        Technique {
            name: "Obstacle Planning",
            level: Deepening,
            teaching: "Obstacle planning names the things most likely to derail your movement, such as rain, a \
                       late meeting or low mood, and writes a specific plan for each in advance: if it rains, I \
                       do the indoor routine.",
            why: "Obstacles are predictable; most derailments come from the same few causes. Deciding the \
                  response ahead of time stops one missed session turning into a missed month.",
            tips: &[
                "Look at your last few missed sessions; the obstacles are there.",
                "Keep a minimum version of the workout for bad days: five minutes still counts.",
                "Write each plan as if-then, with a clear trigger.",
            ],
            deeper: "Plan for the return too: if I miss two days, then the next session is short and easy.",
            slots: &[slot(
                "obstacle",
                &[
                    "bad weather",
                    "a busy day",
                    "low motivation",
                    "tiredness",
                    "travel or a change of routine",
                ],
            )],
            prompts: &[
                prompt(
                    "If This, Then That",
                    Write,
                    "Write an if-then plan for {obstacle}: what will you do instead of skipping?",
                ),
                prompt(
                    "Obstacle List",
                    List,
                    "List the obstacles most likely to stop you, starting with {obstacle}. Write a plan beside \
                     each.",
                ),
                prompt(
                    "Minimum Version",
                    Write,
                    "Design a five-minute version of your movement for when {obstacle} gets in the way. Describe exactly what you would do.",
                ),
                prompt(
                    "Plan in Action",
                    Write,
                    "Think of the last time {obstacle} stopped you. What would have happened with a plan, and \
                     what will you do next time?",
                ),
            ],
        },
        Technique {
            name: "Enjoyment Map",
            level: Deepening,
            teaching: "An enjoyment map explores which kinds of movement you actually enjoy: alone or with \
                       others, indoors or out, calm or intense, structured or playful. Enjoyment is the most \
                       reliable fuel for a lasting habit.",
            why: "People tend to keep doing what they enjoy and quietly drop what feels like a chore. Finding \
                  your kind of movement matters more than finding the perfect programme.",
            tips: &[
                "Remember what you loved moving like as a child.",
                "Try one new kind of movement this month, just to see.",
                "Notice enjoyment during the activity, not just relief afterwards.",
            ],
            deeper: "Rate enjoyment after every session for two weeks and rebuild your plan around the highest \
                     scores.",
            slots: &[slot(
                "kind",
                &["dancing", "walking or hiking", "swimming", "team games", "strength training", "cycling"],
            )],
            prompts: &[
                prompt(
                    "Enjoyment Map",
                    Sketch,
                    "Map the kinds of movement you have tried, from loved to disliked. Where does {kind} sit, \
                     and why?",
                ),
                prompt(
                    "Childhood Play",
                    Write,
                    "How did you love to move as a child? What might {kind} offer you now in the same spirit?",
                ),
                prompt(
                    "Try Something",
                    Write,
                    "Try a few minutes of {kind}, or recall the last time you did it. What did you enjoy, and \
                     what did not suit you?",
                ),
                prompt(
                    "Enjoyment Scores",
                    Log,
                    "Rate enjoyment from 1 to 10 after each session this week, including any {kind}. What are \
                     the highest scores telling you?",
                ),
            ],
        },
        Technique {
            name: "Recovery Reflection",
            level: Deepening,
            teaching: "Recovery reflection treats rest as part of training: sleep, rest days, gentle movement and \
                       food. You look at how well you are recovering and what helps.",
            why: "Fitness improves during recovery, not only during effort. Ignoring rest tends to lead to \
                  fatigue, soreness and lost motivation.",
            tips: &[
                "Plan rest days in advance rather than waiting until you are exhausted.",
                "Gentle movement such as walking or stretching often helps more than total rest.",
                "Notice how sleep affects your next session.",
            ],
            deeper: "Design a weekly rhythm of harder, easier and rest days, and follow it for two weeks.",
            slots: &[slot(
                "element",
                &["sleep", "gentle movement", "stretching", "eating well", "time to unwind"],
            )],
            prompts: &[
                prompt(
                    "Recovery Audit",
                    List,
                    "How well are you recovering? List what is working and what is missing, especially around \
                     {element}.",
                ),
                prompt(
                    "Rest Well",
                    Write,
                    "Plan your next rest day with {element} in mind. What will you do, and what will you avoid?",
                ),
                prompt(
                    "Recovery Tracker",
                    Log,
                    "Track {element} against how your next session felt, for a week. What pattern appears?",
                ),
                prompt(
                    "Permission to Rest",
                    Write,
                    "How do you feel about rest? Write honestly about any guilt, and what {element} really gives \
                     you.",
                ),
            ],
        },
        Technique {
            name: "Identity Votes",
            level: Integration,
            teaching: "Identity votes treat each session as a vote for the kind of person you are becoming: \
                       someone who moves. The aim shifts from reaching a goal to being that person, one small \
                       action at a time.",
            why: "Goals end; identities last. When movement becomes part of how you see yourself, keeping it up \
                  takes less willpower.",
            tips: &[
                "Write an identity statement in the present tense: I am someone who moves every day.",
                "Count small actions as votes; a short walk counts.",
                "Notice evidence that the identity is already true.",
            ],
            deeper: "List the habits that would naturally follow from your identity and choose the next one to \
                     add.",
            slots: &[slot(
                "identity",
                &[
                    "someone who moves every day",
                    "a strong person",
                    "an active person",
                    "someone who looks after their body",
                ],
            )],
            prompts: &[
                prompt(
                    "Who I Am Becoming",
                    Write,
                    "Write the statement: I am {identity}. What evidence do you already have that it is true?",
                ),
                prompt(
                    "Votes Cast",
                    List,
                    "List every vote you cast this week for being {identity}, however small.",
                ),
                prompt(
                    "Vote Tally",
                    Log,
                    "Keep a tally of votes for being {identity} across the grid this week.",
                ),
                prompt(
                    "What They Would Do",
                    Write,
                    "What would {identity} do tomorrow? Plan it, and write how it feels to act as that person.",
                ),
            ],
        },
        Technique {
            name: "Next Season Plan",
            level: Integration,
            teaching: "A next season plan looks beyond this journal: which activities, how often, what you are \
                       working toward, and how you will keep it fun. It turns a challenge into a lifestyle.",
            why: "Many habits fade when a structured programme ends. Planning the next stage while motivation is \
                  high helps the habit carry on.",
            tips: &[
                "Choose one meaningful goal and a few enjoyable habits that serve it.",
                "Put sessions in your calendar like appointments.",
                "Plan a check-in date to review and adjust.",
            ],
            deeper: "Find a partner, group or event that makes the next season social and gives it a date to \
                     aim for.",
            slots: &[slot(
                "horizon",
                &["the next month", "the next three months", "the coming season", "the next year"],
            )],
            prompts: &[
                prompt(
                    "The Plan",
                    Long,
                    "Write your movement plan for {horizon}: activities, frequency, one goal and how you will \
                     keep it enjoyable.",
                ),
                prompt(
                    "Calendar",
                    Log,
                    "Sketch a calendar for {horizon} in the grid and mark sessions, rest days and one \
                     check-in.",
                ),
                prompt(
                    "Support",
                    List,
                    "Who or what could support your movement over {horizon}? List people, groups and tools.",
                ),
                prompt(
                    "Future Snapshot",
                    Write,
                    "Imagine the end of {horizon}. Describe what you are doing, how you feel, and the habit that \
                     got you there.",
                ),
            ],
        },
    ],
};
