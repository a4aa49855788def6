//! Productivity: deciding what matters, protecting time for it, reviewing how the
//! days really go.

use super::Form::{List, Log, Long, Sketch, Write};
use super::Level::{Deepening, Foundation, Integration};
use super::{Library, Technique, Words, prompt, slot};

pub const LIBRARY: Library = Library {
    theme: "productivity",
    words: Words {
        subject: "focused work",
        nouns: &["Focus", "Momentum", "Clarity", "Progress", "Intention"],
        adjectives: &["Focused", "Intentional", "Unhurried", "Effective"],
        destinations: &["a Clearer Week", "Deep Focus", "Calm Productivity"],
        journeys: &[("Busy", "Focused"), ("Scattered", "Intentional"), ("Overwhelmed", "Clear")],
        goals: &[
            "doing what matters without burning out",
            "clearer priorities and calmer days",
            "steady progress on the work you care about",
        ],
    },
    what: "Productivity, in the sense this journal means it, is not about doing more things faster. It is about \
           deciding what matters, giving it your best time and attention, and noticing honestly where the hours \
           actually go, so that your days line up a little better with your intentions.",
    why: "Writing turns vague pressure into concrete choices. A page makes you name the task, the time and the \
          obstacle, and a written record lets you compare what you planned with what happened. Planning, \
          prioritising and reviewing techniques like these are widely taught because they make those choices \
          visible, and the journal gives them a daily home.",
    care: "",
    quotes: &[
        "A full day and a good day are not the same thing.",
        "Clarity is a decision you make before the day makes it for you.",
        "The most important task rarely shouts. Listen for it.",
        "Finish one thing and the rest of the list grows quieter.",
        "Rest is part of the work, not a reward for it.",
    ],
    promise: "planning with intention and reviewing my days honestly",
    keep_field: "The change that made the biggest difference",
    reviews: &[
        prompt(
            "Planned and Done",
            Write,
            "Read days {first_day} to {last_day}. What did you plan that got done, what slipped, and why did it \
             slip?",
        ),
        prompt(
            "Scorecard",
            Log,
            "Make a grid of days {first_day} to {last_day}. For each, mark whether you did your most important \
             task and rate your focus from 1 to 5.",
        ),
        prompt(
            "Keep, Drop, Try",
            List,
            "From week {week}, list one habit to keep, one to drop and one small experiment to try next week.",
        ),
        prompt(
            "Energy Lessons",
            Write,
            "Looking back at days {first_day} to {last_day}, when was your best thinking done? What does that \
             suggest about how to plan next week?",
        ),
    ],
    closings: &[
        prompt(
            "My Working Rules",
            Long,
            "After {days} of planning and reviewing, write your own short set of working rules: the five or six \
             things you now know help you do your best work.",
        ),
        prompt(
            "Before and After",
            Long,
            "Compare how you worked before these {days} with how you work now. What changed, what did not, and \
             what will you keep doing?",
        ),
        prompt(
            "The Next Season",
            Long,
            "Looking ahead three months, what is the one outcome that matters most? Write the weekly routine \
             from this journal that will protect it.",
        ),
    ],
    techniques: &[
        Technique {
            name: "Top Three",
            level: Foundation,
            teaching: "Each morning, choose the three tasks that would make the day worthwhile if they were the \
                       only ones done. Everything else is a bonus. The limit forces a decision about what \
                       matters most.",
            why: "Long lists spread attention thin and make every item feel equally urgent. A short, deliberate \
                  list gives the day a shape and a clear finish line.",
            tips: &[
                "Choose the three the night before, so the morning starts with action instead of deciding.",
                "Make each task small enough to finish today; break larger ones down.",
                "If all three are done by lunch, celebrate before adding more.",
            ],
            deeper: "Rank the three, and protect the first with a fixed block of time before checking messages.",
            slots: &[
                slot("horizon", &["today", "tomorrow", "this week", "this weekend"]),
                slot("area", &["your work", "your home life", "a personal project", "your health"]),
            ],
            prompts: &[
                prompt(
                    "Three That Matter",
                    List,
                    "Write the three tasks that would make {horizon} worthwhile. For each, note the first \
                     physical action it needs.",
                ),
                prompt(
                    "Why These",
                    Write,
                    "Choose three priorities in {area} for {horizon}. Why these three and not the others on \
                     your mind?",
                ),
                prompt(
                    "Cutting the List",
                    List,
                    "List everything you feel you should do {horizon}. Circle three. Beside the rest, write \
                     defer, delegate or drop.",
                ),
                prompt(
                    "Evening Check",
                    Write,
                    "How did your top three in {area} go today? What helped, what got in the way, and what will you change when you choose the next three?",
                ),
            ],
        },
        Technique {
            name: "Eat the Frog",
            level: Foundation,
            teaching: "Eating the frog means doing your hardest or most dreaded important task first, before the \
                       day fills up. Once it is done, everything else feels lighter.",
            why: "Dreaded tasks drain energy simply by waiting. Doing them early, while willpower and quiet time \
                  are fresh, stops them hanging over the whole day.",
            tips: &[
                "Decide on the frog the evening before and leave the materials out.",
                "Give it a fixed start time and a short first step, such as opening the document.",
                "If the frog is too big, the frog is the first hour of it.",
            ],
            deeper: "Notice what your frogs have in common over a week: uncertainty, conflict, boredom? Plan for \
                     that pattern directly.",
            slots: &[slot(
                "frog",
                &[
                    "a difficult email or call",
                    "a task you have postponed more than once",
                    "the hardest part of a project",
                    "a boring but important chore",
                    "a decision you have been avoiding",
                ],
            )],
            prompts: &[
                prompt(
                    "Name the Frog",
                    Write,
                    "Name your frog for tomorrow, perhaps {frog}. What exactly makes it unappealing, and what \
                     is the very first step?",
                ),
                prompt(
                    "Frog Report",
                    Write,
                    "Tackle {frog} first thing today. How long did it really take compared with how long you had dreaded it? How did the rest of the day feel?",
                ),
                prompt(
                    "Frog Pond",
                    List,
                    "List every frog you can think of, such as {frog}. Put them in the order you will tackle \
                     them, one per morning.",
                ),
                prompt(
                    "What It Costs",
                    Write,
                    "How has putting off {frog} affected you so far, in time, energy and mood? What would change \
                     if it were done?",
                ),
            ],
        },
        Technique {
            name: "Time Audit",
            level: Foundation,
            teaching: "A time audit records how you actually spend your hours, in blocks of fifteen or thirty \
                       minutes, without judging them. It replaces impressions with evidence.",
            why: "Most people misjudge where their time goes, often by a lot. Seeing the real pattern is the \
                  first step to changing it, and it often reveals easy wins.",
            tips: &[
                "Log as you go, not at the end of the day; memory smooths everything out.",
                "Use simple categories: deep work, shallow work, meetings, breaks, admin.",
                "Do not change your behaviour during the audit; you are measuring, not improving yet.",
            ],
            deeper: "Add an energy rating to each block, so you can see not only where time goes but when you \
                     are at your best.",
            slots: &[
                slot("block", &["fifteen-minute", "thirty-minute", "hourly", "twenty-minute"]),
                slot("category", &["deep work", "meetings and messages", "interruptions", "breaks"]),
            ],
            prompts: &[
                prompt(
                    "The Log",
                    Log,
                    "Record today in {block} blocks: what you were doing and which category it belongs to. \
                     Total each category at the end.",
                ),
                prompt(
                    "Surprises",
                    Write,
                    "Looking at your audit, how much time went to {category}? Was it more or less than you \
                     expected, and how do you feel about it?",
                ),
                prompt(
                    "Leaks",
                    List,
                    "Log the day in {block} blocks, then list three places where time leaked away without you \
                     choosing it.",
                ),
                prompt(
                    "Ideal Versus Real",
                    Write,
                    "Describe how you would like an ordinary day's {category} to look. Compare it with today's \
                     audit: what is the smallest change that closes the gap?",
                ),
            ],
        },
        Technique {
            name: "Brain Dump",
            level: Foundation,
            teaching: "A brain dump is getting every task, worry and idea out of your head and onto paper, \
                       quickly and without sorting. Only afterwards do you decide what to do with each item.",
            why: "Open loops held in memory keep tugging at attention. Once they are captured somewhere you \
                  trust, the mind can let them go and focus on one thing.",
            tips: &[
                "Set a timer for ten minutes and keep writing until it rings.",
                "Include small things; they take up space too.",
                "Afterwards, mark each item: do, schedule, delegate or drop.",
            ],
            deeper: "Group your dump into projects and ask, for each, what the single next physical action is.",
            slots: &[slot(
                "scope",
                &["work", "home", "anything at all", "the coming week", "a project that feels messy"],
            )],
            prompts: &[
                prompt(
                    "Empty the Head",
                    Sketch,
                    "Spend ten minutes writing down everything on your mind about {scope}, anywhere on the page. \
                     Then circle what needs action this week.",
                ),
                prompt(
                    "Sort It",
                    List,
                    "Do a quick brain dump about {scope}. Sort every item into do now, schedule, delegate or \
                     drop.",
                ),
                prompt(
                    "Next Actions",
                    List,
                    "Pick the five biggest items from a brain dump about {scope}. For each, write the very next \
                     physical action.",
                ),
                prompt(
                    "After the Dump",
                    Write,
                    "How does your mind feel after a brain dump about {scope}? What surprised you about what was in there?",
                ),
            ],
        },
        Technique {
            name: "Urgent and Important Matrix",
            level: Deepening,
            teaching: "This matrix sorts tasks on two questions: is it urgent, and is it important? Important but \
                       not urgent work, such as planning, learning and relationships, is where the biggest \
                       gains hide, and it is the first to be crowded out.",
            why: "Urgency grabs attention whether or not a task matters. Sorting deliberately helps you notice \
                  when the day is being run by other people's deadlines rather than your priorities.",
            tips: &[
                "Be honest: many urgent tasks are only urgent to someone else.",
                "Schedule at least one important, not urgent task this week.",
                "Tasks that are neither urgent nor important can simply be dropped.",
            ],
            deeper: "Track for a week how much time goes to each quarter, and set a target for the important but \
                     not urgent one.",
            slots: &[slot(
                "list",
                &["today's tasks", "this week's tasks", "your inbox", "your current projects"],
            )],
            prompts: &[
                prompt(
                    "Four Boxes",
                    Sketch,
                    "Draw a two-by-two grid: urgent or not, important or not. Sort {list} into the four boxes. \
                     What do you notice?",
                ),
                prompt(
                    "The Quiet Quarter",
                    Write,
                    "Which item in {list} is important but not urgent? Why has it been waiting, and when will \
                     you give it time?",
                ),
                prompt(
                    "Whose Urgency",
                    List,
                    "List the urgent items in {list}. Beside each, note whose priority it really is and \
                     whether it truly needs you.",
                ),
                prompt(
                    "Letting Go",
                    Write,
                    "Find something in {list} that is neither urgent nor important. What would happen if you \
                     never did it?",
                ),
            ],
        },
        Technique {
            name: "Focus Sprints",
            level: Deepening,
            teaching: "A focus sprint is a short, timed stretch of single-tasking, often twenty-five minutes, \
                       followed by a real break. One task, no notifications, until the timer rings.",
            why: "Switching between tasks has a cost: attention takes time to settle again. A short fixed sprint \
                  makes starting easier and protects focus from interruptions.",
            tips: &[
                "Write down the one task before you start the timer.",
                "Keep a scrap of paper for stray thoughts and deal with them after the sprint.",
                "Take the break away from screens: stand, stretch, look out of a window.",
            ],
            deeper: "Experiment with sprint length: try fifteen, twenty-five and fifty minutes and record which \
                     suits which kind of work.",
            slots: &[
                slot("count", &["two", "three", "four", "five"]),
                slot("length", &["fifteen", "twenty-five", "forty-five", "thirty"]),
            ],
            prompts: &[
                prompt(
                    "Sprint Log",
                    Log,
                    "Run {count} sprints of {length} minutes today. Log each: the task, interruptions, and focus \
                     from 1 to 5.",
                ),
                prompt(
                    "The Pull",
                    Write,
                    "During {length}-minute sprints, what pulled at your attention most? How did you handle it, \
                     and how will you prepare next time?",
                ),
                prompt(
                    "Parked Thoughts",
                    List,
                    "Keep a parking list during {count} sprints. Afterwards, copy out what you parked and decide \
                     what each item needs.",
                ),
                prompt(
                    "Best Length",
                    Write,
                    "Compare today's {length}-minute sprints with longer unstructured stretches. Which produced \
                     better work, and why?",
                ),
            ],
        },
        Technique {
            name: "Energy Mapping",
            level: Deepening,
            teaching: "Energy mapping tracks how alert, creative and motivated you feel across the day, so you \
                       can match demanding work to your peaks and routine tasks to your dips.",
            why: "Time is only useful when there is energy to use it. Most people have a fairly predictable daily \
                  rhythm, and planning around it can make the same hours far more productive.",
            tips: &[
                "Rate energy on a simple scale, one to five, every couple of hours.",
                "Note what you ate, how you slept and when you moved; they shape the curve.",
                "Protect your peak for your most important task.",
            ],
            deeper: "Plot a week of ratings on one chart and look for your reliable peak, your reliable dip, and \
                     what makes them move.",
            slots: &[slot("factor", &["sleep", "food and drink", "movement", "meetings", "time outdoors"])],
            prompts: &[
                prompt(
                    "Energy Curve",
                    Log,
                    "Rate your energy every two hours today. Draw it as a curve across the grid, and mark where \
                     {factor} played a part.",
                ),
                prompt(
                    "Peak Hours",
                    Write,
                    "When was your energy highest today, and what part did {factor} play? What work did you do then, and was it the best use of that time?",
                ),
                prompt(
                    "Drains and Boosts",
                    List,
                    "List what drained and what boosted your energy today, paying special attention to \
                     {factor}.",
                ),
                prompt(
                    "Planning by Energy",
                    Write,
                    "Think about the part {factor} plays in your energy, then plan tomorrow: which task goes in your peak, and which in your dip?",
                ),
            ],
        },
        Technique {
            name: "If-Then Plans",
            level: Deepening,
            teaching: "An if-then plan links a specific situation to a specific action: if it is 9am, then I open \
                       the report; if I reach for my phone, then I put it in the drawer. It decides in advance \
                       what you will do when the moment comes.",
            why: "Good intentions fail in the moment because the moment demands a new decision. If-then plans \
                  hand the decision to a cue, which tends to make follow-through more reliable.",
            tips: &[
                "Make the if a concrete, noticeable cue: a time, a place or an action.",
                "Make the then small and specific enough to start in under a minute.",
                "Write plans for the obstacles too: if I feel stuck, then I write one sentence.",
            ],
            deeper: "Review which plans fired and which did not; rewrite the weak ones with clearer cues.",
            slots: &[slot(
                "goal",
                &[
                    "starting your most important task",
                    "avoiding distraction",
                    "finishing work on time",
                    "taking proper breaks",
                ],
            )],
            prompts: &[
                prompt(
                    "Three Plans",
                    List,
                    "Write three if-then plans that would help with {goal}. Make each cue something you will \
                     clearly notice.",
                ),
                prompt(
                    "Obstacle Plans",
                    Write,
                    "What usually gets in the way of {goal}? Write an if-then plan for each obstacle.",
                ),
                prompt(
                    "Did It Fire?",
                    Write,
                    "Look at yesterday's plans for {goal}. Which worked, which did not, and how will you rewrite \
                     the ones that failed?",
                ),
                prompt(
                    "Plan Tracker",
                    Log,
                    "List your if-then plans for {goal} down the side of the grid and the days across. Tick \
                     each time a plan fired.",
                ),
            ],
        },
        Technique {
            name: "Weekly Review",
            level: Integration,
            teaching: "A weekly review is a regular appointment to step back: clear your lists, look at the past \
                       week, and plan the next. It keeps your system trustworthy and your priorities current.",
            why: "Without a regular review, lists go stale and priorities drift. An hour a week to look at the \
                  whole picture keeps the daily choices aligned with what matters.",
            tips: &[
                "Put the review in your calendar as a recurring appointment.",
                "Work through the same short checklist each time.",
                "End the review by choosing next week's few big priorities.",
            ],
            deeper: "Add a monthly version that zooms out further, asking whether your projects still serve your \
                     goals.",
            slots: &[slot(
                "part",
                &[
                    "your calendar for the past week",
                    "your open tasks",
                    "your notes and messages",
                    "your goals for the month",
                ],
            )],
            prompts: &[
                prompt(
                    "Review Checklist",
                    List,
                    "Write your own weekly review checklist. Start by going through {part}: what needs an \
                     action, a note or a decision?",
                ),
                prompt(
                    "Clearing",
                    Write,
                    "Go through {part}. What is finished, what is stale, and what has been quietly waiting too \
                     long?",
                ),
                prompt(
                    "Next Week's Shape",
                    Sketch,
                    "After reviewing {part}, sketch next week: the big priorities, the fixed commitments and \
                     the protected focus time.",
                ),
                prompt(
                    "Review of the Review",
                    Write,
                    "How did reviewing {part} change your plans? What would make your weekly review easier to \
                     keep?",
                ),
            ],
        },
        Technique {
            name: "Ideal Week",
            level: Integration,
            teaching: "An ideal week is a template of how you would like a typical week to run: when you do deep \
                       work, meetings, admin, rest and the things you care about outside work. Real weeks will \
                       differ, but the template gives you a default to steer back to.",
            why: "Without a plan, the week's shape is set by whatever arrives. A template makes your priorities \
                  the starting point and shows quickly when a week drifts away from them.",
            tips: &[
                "Block your best energy hours for your most important work first.",
                "Include rest, exercise and people, not just tasks.",
                "Treat it as a draft; adjust it after real weeks show what works.",
            ],
            deeper: "Compare four real weeks against your template and revise it to match what you have learned.",
            slots: &[slot(
                "element",
                &["deep work", "rest and play", "admin and messages", "time with people"],
            )],
            prompts: &[
                prompt(
                    "The Template",
                    Log,
                    "Draw next week as a grid of days and hours. Place {element} first, then fill in everything \
                     else around it.",
                ),
                prompt(
                    "Reality Check",
                    Write,
                    "Compare this week with your ideal week. Where did {element} get squeezed, and what pushed \
                     it out?",
                ),
                prompt(
                    "Non-Negotiables",
                    List,
                    "List the non-negotiables your ideal week must hold, starting with {element}.",
                ),
                prompt(
                    "Beyond This Journal",
                    Write,
                    "Describe how you will keep protecting {element} after this journal ends. What routine will \
                     hold it in place?",
                ),
            ],
        },
    ],
};
