//! Mindfulness: attention to the present moment, formal and everyday.

use super::Form::{Draw, List, Log, Long, Sketch, Write};
use super::Level::{Deepening, Foundation, Integration};
use super::{Library, Technique, Words, prompt, slot};

pub const LIBRARY: Library = Library {
    theme: "mindfulness",
    words: Words {
        subject: "mindfulness",
        nouns: &["Presence", "Stillness", "Calm", "Attention", "Awareness"],
        adjectives: &["Present", "Mindful", "Awake", "Grounded"],
        destinations: &["a Calmer Mind", "Steadier Attention", "Quiet Presence"],
        journeys: &[("Scattered", "Present"), ("Busy", "Still"), ("Restless", "Grounded")],
        goals: &[
            "a calmer, more present mind",
            "steadier attention in everyday life",
            "noticing life as it happens",
        ],
    },
    what: "Mindfulness is the simple, surprisingly demanding skill of paying attention to what is happening \
           right now, on purpose, without rushing to judge it. It can be practised formally, by sitting with \
           the breath or the body, and informally, by bringing the same attention to walking, eating, \
           listening and the small routines of a day.",
    why: "Writing about your practice helps in two ways. It slows you down enough to notice what actually \
          happened rather than what you assumed, and over the days it builds a record in which patterns \
          appear: where attention likes to drift, which practices suit you, what is changing. Practices like \
          the ones in this journal have been widely studied, and many people find that even a few minutes a \
          day makes their days feel steadier and more spacious.",
    care: "If turning inward ever brings up something overwhelming, it is always fine to open your eyes, move, \
           and come back to the room through your senses. If difficult feelings keep returning, talking with \
           a doctor or a qualified counsellor is a wise and strong step.",
    quotes: &[
        "The present moment is never late; we are the ones who arrive.",
        "Every breath is a small door. You only have to walk through one.",
        "Noticing is a way of saying yes to your own life.",
        "The mind wanders. Coming back is the whole practice.",
        "Stillness is not somewhere else; it waits underneath the noise.",
    ],
    promise: "pausing each day to notice what is here, one breath and one page at a time",
    keep_field: "The moment I felt most present",
    reviews: &[
        prompt(
            "Moments",
            Write,
            "Read back over days {first_day} to {last_day}. Which moment of presence from week {week} stands \
             out most, and what made it possible?",
        ),
        prompt(
            "Patterns",
            Write,
            "Across days {first_day} to {last_day}, where did your attention tend to wander? What might that \
             pattern be telling you?",
        ),
        prompt(
            "Week in a Grid",
            Log,
            "Make a row for each of days {first_day} to {last_day}. Rate how present you felt from 1 to 5 and \
             add one word that sums up each day.",
        ),
        prompt(
            "Carry Forward",
            Write,
            "Of the practices in week {week}, which felt natural and which felt like work? What will you carry \
             into next week?",
        ),
    ],
    closings: &[
        prompt(
            "Then and Now",
            Long,
            "Think back to the person who opened this journal {days} ago. What has changed in how you notice, \
             feel and respond?",
        ),
        prompt(
            "Keeping It",
            Long,
            "Which practice from this journal will you keep, and where in your day will it live? Write a simple \
             plan, and what you will do on the days it slips.",
        ),
        prompt(
            "Letter to Future You",
            Long,
            "Write a letter to yourself a year from now about what these {days} of practice taught you, and \
             what you hope you will still be noticing.",
        ),
    ],
    techniques: &[
        Technique {
            name: "Breath Anchor",
            level: Foundation,
            teaching: "The breath is always with you, which makes it a reliable place to rest attention. You \
                       feel the breath moving, and each time the mind wanders you notice and come back; the \
                       coming back is the exercise, not a failure.",
            why: "Attention strengthens with repetition, and every return to the breath is one repetition. Many \
                  people find a few minutes of this steadies them for whatever comes next.",
            tips: &[
                "Count breaths from one to ten, then start again; if you lose count, simply begin at one.",
                "Pick one place to feel the breath, the nostrils, the chest or the belly, and stay with it.",
                "Set a gentle timer so that you are not checking the clock.",
            ],
            deeper: "Notice the small pause at the end of each out-breath and let attention rest there before \
                     the next breath begins.",
            slots: &[
                slot("minutes", &["three", "five", "seven", "ten"]),
                slot("place", &["the nostrils", "the chest", "the belly", "the ribs"]),
                slot(
                    "cue",
                    &[
                        "at every doorway you walk through",
                        "each time you pick up your phone",
                        "at the start of every meal",
                        "each time you sit down",
                    ],
                ),
            ],
            prompts: &[
                prompt(
                    "First Breaths",
                    Write,
                    "Sit for {minutes} minutes and follow the breath at {place}. Then write: what did the breath \
                     feel like, and what pulled your attention away?",
                ),
                prompt(
                    "Counting",
                    List,
                    "Count breaths from one to ten for {minutes} minutes. List what interrupted the count, \
                     without judging any of it.",
                ),
                prompt(
                    "Where the Mind Went",
                    Write,
                    "After {minutes} minutes with the breath at {place}, describe where your mind tended to \
                     go. Plans, memories, worries, sounds?",
                ),
                prompt(
                    "Breath Through the Day",
                    Write,
                    "Take three slow, conscious breaths {cue} today. What changed, if anything, in the \
                     moment after?",
                ),
                prompt(
                    "Breath Portrait",
                    Draw,
                    "Breathing at {place}, draw the rhythm of your breath as a line across the page, one wave \
                     for each breath. Note beside it anything you noticed.",
                ),
            ],
        },
        Technique {
            name: "Five Senses Check-In",
            level: Foundation,
            teaching: "Pause and notice what each sense is taking in right now: sights, sounds, smells, tastes \
                       and touch. It lifts attention out of thinking and sets it down in the present.",
            why: "Thoughts roam through past and future, but the senses only work now. Turning toward them is a \
                  quick, portable way to arrive where you already are.",
            tips: &[
                "Name what you notice plainly: a car passing, cool air on the hands.",
                "Linger on a sense you usually ignore, such as smell or the feel of your clothes.",
                "Try it somewhere ordinary, like a queue or a bus stop.",
            ],
            deeper: "Choose one sense and explore it for five full minutes, noticing how many layers it holds: \
                     near and far sounds, or textures you had never registered.",
            slots: &[
                slot(
                    "place",
                    &[
                        "in your kitchen",
                        "by a window",
                        "in a park or garden",
                        "at your desk",
                        "on your doorstep",
                    ],
                ),
                slot("sense", &["sound", "touch", "smell", "sight"]),
            ],
            prompts: &[
                prompt(
                    "Arriving",
                    List,
                    "Pause {place} and note one thing for each sense: something you see, hear, smell, taste and touch. Which sense was hardest to notice?",
                ),
                prompt(
                    "One Sense",
                    Write,
                    "Spend five minutes {place} attending only to {sense}. Write down everything it brought you, from the obvious to the faint.",
                ),
                prompt(
                    "Sound Map",
                    Sketch,
                    "Sit {place} and map the sounds around you: put yourself at the centre of the page and mark each sound where it comes from, near or far.",
                ),
                prompt(
                    "Brought Back",
                    Write,
                    "Recall a moment today when {sense} brought you back to the present. What was it, and \
                     where had your thoughts been just before?",
                ),
            ],
        },
        Technique {
            name: "Body Scan",
            level: Foundation,
            teaching: "A body scan moves attention slowly through the body, part by part, noticing whatever is \
                       there: warmth, tension, tingling, or nothing at all. You are not trying to relax or \
                       change anything, only to feel.",
            why: "Much of the day is lived from the neck up. Checking in with the body builds awareness of early \
                  signals, such as tight shoulders or a clenched jaw, before they grow.",
            tips: &[
                "If a place has no noticeable sensation, that is fine; nothing is an observation too.",
                "Go slower than feels natural; most people rush through the middle of the body.",
                "Lying down works, but sitting helps if you tend to fall asleep.",
            ],
            deeper: "Add the breath: imagine breathing into each area as you reach it, and notice whether \
                     attention alone changes how it feels.",
            slots: &[
                slot(
                    "direction",
                    &[
                        "from your toes up to the crown of your head",
                        "from the top of your head down to your feet",
                        "from your fingertips inward to your chest",
                        "from your shoulders down to your fingertips",
                    ],
                ),
                slot(
                    "area",
                    &["your shoulders", "your jaw and face", "your hands", "your belly", "your feet"],
                ),
            ],
            prompts: &[
                prompt(
                    "Head to Toe",
                    Write,
                    "Scan slowly {direction}, pausing in each area. Write down three places where you noticed \
                     something, and what it was.",
                ),
                prompt(
                    "Body Map",
                    Draw,
                    "Draw a simple outline of a body. After a slow scan {direction}, mark where you felt \
                     tension, ease, warmth or numbness, with a word or symbol for each.",
                ),
                prompt(
                    "One Area",
                    Write,
                    "Rest your attention on {area} for two minutes. Describe what you found there as precisely \
                     as you can, as if to someone who cannot feel it.",
                ),
                prompt(
                    "Check-Ins",
                    List,
                    "Three times today, take one minute to notice {area}. List what you found each time and \
                     what you were doing.",
                ),
            ],
        },
        Technique {
            name: "Mindful Eating",
            level: Foundation,
            teaching: "Mindful eating gives one snack or meal your full attention: its look, smell, texture and \
                       taste, and the way hunger changes as you eat. It turns an everyday act into practice.",
            why: "Meals are often eaten on autopilot, beside a screen or a conversation. Slowing down for even a \
                  few bites trains attention and shows how much we usually miss.",
            tips: &[
                "Put your food or fork down between bites.",
                "Begin with the first three bites only; the whole meal does not need to be eaten this way.",
                "Notice the urge to reach for the next bite before finishing this one.",
            ],
            deeper: "Before eating, consider where the food came from and the many people and places involved \
                     in bringing it to you.",
            slots: &[
                slot(
                    "food",
                    &[
                        "a piece of fruit",
                        "a few grapes or berries",
                        "a slice of bread",
                        "a square of chocolate",
                        "a handful of nuts",
                    ],
                ),
                slot("meal", &["breakfast", "lunch", "dinner", "a snack"]),
            ],
            prompts: &[
                prompt(
                    "The First Bite",
                    Write,
                    "Eat {food} slowly, with no screens. Describe the colours, smells, textures and tastes, and \
                     how they changed as you went.",
                ),
                prompt(
                    "Hunger Check",
                    Log,
                    "Before, halfway through and after {meal}, rate your hunger from 1 to 10. Record the \
                     three numbers and anything that surprised you.",
                ),
                prompt(
                    "Autopilot",
                    Write,
                    "Think of the last time you had {food} without noticing it. What were you doing instead, and \
                     what might full attention have shown you?",
                ),
                prompt(
                    "Journey of a Meal",
                    List,
                    "Trace {meal} today back to where it began. List everyone and everything that played a part \
                     in bringing it to your plate.",
                ),
            ],
        },
        Technique {
            name: "Noting",
            level: Deepening,
            teaching: "Noting means silently labelling experience as it happens with one soft word: thinking, \
                       hearing, planning, tension. The label opens a small space between you and the experience.",
            why: "Naming an experience tends to make it easier to see clearly without being swept along, and over \
                  time noting shows which patterns visit you most often.",
            tips: &[
                "Keep labels simple and general; thinking is better than describing the thought.",
                "Use a gentle inner tone, as if saying: ah, hearing.",
                "If noting itself gets busy, let it go and return to the breath.",
            ],
            deeper: "Notice what happens just after you label something: does the experience stay, fade or change \
                     shape?",
            slots: &[
                slot("minutes", &["three", "five", "eight", "ten"]),
                slot("activity", &["washing up", "walking to the shops", "showering", "waiting in a queue"]),
            ],
            prompts: &[
                prompt(
                    "Soft Labels",
                    List,
                    "Sit for {minutes} minutes and note whatever arises: thinking, hearing, feeling, planning. \
                     Afterwards, list the labels you used most.",
                ),
                prompt(
                    "Tally",
                    Log,
                    "For {minutes} minutes, make a mark each time the mind wanders, sorted by kind: planning, \
                     remembering, worrying, other. Total them in a small table.",
                ),
                prompt(
                    "Noting on the Move",
                    Write,
                    "Practise noting while {activity}. What did you label, and did labelling change how the \
                     activity felt?",
                ),
                prompt(
                    "Frequent Visitors",
                    Write,
                    "After {minutes} minutes of noting, name the thought or feeling that visited most. Give it \
                     a friendly nickname and describe its usual message.",
                ),
            ],
        },
        Technique {
            name: "RAIN",
            level: Deepening,
            teaching: "RAIN is a four-step way to meet a difficult feeling: Recognise what is happening, Allow it \
                       to be there, Investigate how it feels in the body with kindness, and Nurture yourself \
                       with a caring word or gesture.",
            why: "Our first reaction to discomfort is to push it away or get lost in it. RAIN offers a middle \
                  path, turning toward the feeling with curiosity, which often loosens its grip.",
            tips: &[
                "Start with a mild difficulty, not the hardest thing in your life.",
                "For Allow, try saying silently: this is here, and it is all right to feel it.",
                "For Nurture, ask what you would say to a friend feeling this way, and say it to yourself.",
            ],
            deeper: "After the four steps, rest for a minute in the awareness that held the feeling, and notice \
                     that you are larger than any one emotion.",
            slots: &[slot(
                "feeling",
                &[
                    "a small irritation",
                    "a worry that keeps returning",
                    "a moment of sadness",
                    "a flash of impatience",
                    "a disappointment",
                ],
            )],
            prompts: &[
                prompt(
                    "Four Steps",
                    Long,
                    "Bring to mind {feeling} from recent days. Walk through RAIN and write a few lines for each \
                     step: Recognise, Allow, Investigate, Nurture.",
                ),
                prompt(
                    "Where It Lives",
                    Write,
                    "When you recall {feeling}, where do you feel it in the body? Describe its size, shape, \
                     temperature and movement.",
                ),
                prompt(
                    "Kind Words",
                    Write,
                    "Think of {feeling}. What does the part of you that felt it most need to hear? Write it the \
                     way you would to someone you love.",
                ),
                prompt(
                    "After the Rain",
                    Write,
                    "Think of a time this week you met {feeling}. What happened when you allowed it instead of \
                     pushing it away, and what stayed the same?",
                ),
            ],
        },
        Technique {
            name: "Mindful Walking",
            level: Deepening,
            teaching: "Mindful walking brings attention to the act of moving: the lift, swing and placing of \
                       each foot, the shift of weight, the air on your skin. It can be slow and formal, or your \
                       everyday walk done with attention.",
            why: "Many people find it easier to be present while moving than while sitting still, and it carries \
                  the practice into places you already go.",
            tips: &[
                "Walk a little slower than usual for the first minute to let attention settle.",
                "When the mind wanders, feel the next footstep and begin again.",
                "Leave the headphones at home for this one.",
            ],
            deeper: "Walk very slowly, ten paces one way and ten back, noticing each tiny movement that makes up a \
                     single step.",
            slots: &[
                slot(
                    "route",
                    &[
                        "to the end of your street and back",
                        "around your home",
                        "through a park",
                        "to a nearby shop or bus stop",
                    ],
                ),
                slot(
                    "focus",
                    &[
                        "the soles of your feet",
                        "the sounds around you",
                        "your breath",
                        "the air on your skin",
                    ],
                ),
            ],
            prompts: &[
                prompt(
                    "Ten Minutes on Foot",
                    Write,
                    "Walk {route}, paying attention to {focus}. Write about three moments when you were fully \
                     there.",
                ),
                prompt(
                    "Step by Step",
                    Write,
                    "Walking {route}, break single steps into their parts: lifting, moving, placing, shifting. \
                     What did you notice that you normally miss?",
                ),
                prompt(
                    "Walking Map",
                    Sketch,
                    "Sketch a rough map of a walk {route}. Mark the spots where you noticed something vividly \
                     and label each with a word.",
                ),
                prompt(
                    "Two Speeds",
                    Write,
                    "Walk {route} once quickly and once slowly, attending to {focus}. How did the two walks \
                     differ in what you noticed and how you felt?",
                ),
            ],
        },
        Technique {
            name: "Kindness Phrases",
            level: Deepening,
            teaching: "This practice silently offers warm wishes, first to yourself and then in widening circles \
                       to others: may you be safe, may you be well, may you be at ease. The words incline the \
                       heart; they do not force a feeling.",
            why: "Attention practice can turn cold and effortful. Kindness phrases add warmth, and many people \
                  find that over time they soften self-criticism and irritation.",
            tips: &[
                "If wishing yourself well feels awkward, begin with someone easy to love and return to yourself later.",
                "Choose phrases that feel natural to you; the words are yours to change.",
                "Feeling nothing is fine; the intention is the practice.",
            ],
            deeper: "Include someone you find difficult, starting with a mild case, and meet any resistance with \
                     curiosity instead of force.",
            slots: &[slot(
                "person",
                &[
                    "yourself",
                    "someone who has helped you",
                    "a good friend",
                    "a stranger you saw today",
                    "someone you find difficult",
                ],
            )],
            prompts: &[
                prompt(
                    "Warm Wishes",
                    Write,
                    "Sit quietly and offer three kind wishes to {person}. Write the phrases you used and what \
                     you felt as you said them.",
                ),
                prompt(
                    "Your Own Words",
                    List,
                    "Write four kindness phrases in your own words that you could offer to {person}.",
                ),
                prompt(
                    "Widening Circles",
                    Sketch,
                    "Draw circles widening out from you, with the people closest to you near the middle and strangers at the edge. Then write a wish for {person} somewhere on the page.",
                ),
                prompt(
                    "Noticing Resistance",
                    Write,
                    "As you offered kind wishes to {person}, did any part of you hold back? Describe it gently, \
                     without arguing with it.",
                ),
            ],
        },
        Technique {
            name: "Mindful Listening",
            level: Integration,
            teaching: "Mindful listening gives someone your whole attention while they speak: not planning your \
                       reply or waiting for your turn, just taking in their words, tone and pauses. It carries \
                       the practice into your relationships.",
            why: "Much of what we hear is half-heard. Attentive listening tends to deepen connection, and it shows \
                  how often the mind jumps in with its own commentary.",
            tips: &[
                "Notice the urge to interrupt and let it pass like a breath.",
                "Listen to the pauses between words as well as the words.",
                "When they finish, wait one breath before you answer.",
            ],
            deeper: "Listen to a piece of music or a natural sound for ten minutes with the same full attention, \
                     and notice how many layers it holds.",
            slots: &[slot(
                "who",
                &["a friend", "a family member", "a colleague", "someone you usually half-listen to"],
            )],
            prompts: &[
                prompt(
                    "Whole Attention",
                    Write,
                    "In one conversation today, listen with full attention to {who}. What did you notice about \
                     them, and about your own urge to speak?",
                ),
                prompt(
                    "Replay",
                    Write,
                    "Recall a recent conversation with {who}. How much of it did you truly hear? What will you \
                     listen for next time?",
                ),
                prompt(
                    "Sounds of the Day",
                    List,
                    "Before and after talking with {who} today, pause and listen for a full minute. List every \
                     sound you heard, near and far.",
                ),
                prompt(
                    "Listening Inward",
                    Write,
                    "After talking with {who}, sit for a minute and listen to yourself. What feelings did the \
                     conversation leave behind?",
                ),
            ],
        },
        Technique {
            name: "Everyday Anchors",
            level: Integration,
            teaching: "Everyday anchors are ordinary moments you choose as reminders to be present: the first sip \
                       of a drink, opening a door, washing your hands. Each one becomes a tiny practice folded \
                       into the day.",
            why: "Formal practice matters, but the aim is presence in ordinary life. Tying it to routines you \
                  already have makes it far more likely to happen.",
            tips: &[
                "Choose anchors that happen several times a day.",
                "Keep the practice tiny: one breath, one moment of noticing.",
                "At night, note which anchors worked and which slipped past.",
            ],
            deeper: "Turn a whole routine, such as making tea or getting dressed, into a complete practice, \
                     noticing every step from start to finish.",
            slots: &[
                slot(
                    "anchor",
                    &[
                        "washing your hands",
                        "opening a door",
                        "your first sip of a drink",
                        "climbing stairs",
                        "waiting for something to load",
                    ],
                ),
                slot(
                    "routine",
                    &["making a hot drink", "brushing your teeth", "getting dressed", "washing up"],
                ),
            ],
            prompts: &[
                prompt(
                    "Choosing Anchors",
                    List,
                    "List five moments in your day that could become anchors. Start today with {anchor}: what \
                     did you notice each time?",
                ),
                prompt(
                    "A Routine, Fully",
                    Write,
                    "Give {routine} your complete attention from start to finish. Describe it in detail, as \
                     if for the first time.",
                ),
                prompt(
                    "Anchor Tracker",
                    Log,
                    "Make a small grid with the hours of your day across the top. Mark each time {anchor} \
                     brought you back to the present.",
                ),
                prompt(
                    "Built In",
                    Write,
                    "Which everyday moment, {routine} or {anchor}, could become a lasting reminder to be present? \
                     How will you keep it after this journal ends?",
                ),
            ],
        },
    ],
};
