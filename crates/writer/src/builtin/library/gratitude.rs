//! Gratitude: noticing, savouring and expressing what is good.

use super::Form::{Draw, List, Log, Long, Sketch, Write};
use super::Level::{Deepening, Foundation, Integration};
use super::{Library, Technique, Words, prompt, slot};

pub const LIBRARY: Library = Library {
    theme: "gratitude",
    words: Words {
        subject: "gratitude",
        nouns: &["Gratitude", "Joy", "Thanks", "Abundance", "Delight"],
        adjectives: &["Grateful", "Thankful", "Open-Hearted", "Appreciative"],
        destinations: &["a Thankful Heart", "Everyday Joy", "Noticing the Good"],
        journeys: &[("Wanting", "Grateful"), ("Rushed", "Appreciative"), ("Taken for Granted", "Treasured")],
        goals: &[
            "noticing the good in ordinary days",
            "a more thankful, connected life",
            "savouring what you already have",
        ],
    },
    what: "Gratitude is the habit of noticing what is good in your life, recognising where it comes from, \
           often from other people, and letting yourself really feel it. It does not mean pretending that \
           everything is fine; it sits alongside difficulty and widens the view.",
    why: "The mind tends to notice problems more readily than good things, which is useful for safety but \
          tiring as a way of life. Writing down specific good things deliberately tilts attention the other \
          way. Gratitude journaling is one of the most studied positive-psychology practices, and many people \
          report feeling more content and more connected to others when they keep it up.",
    care: "On hard days gratitude can feel out of reach, and that is all right. You never have to feel grateful \
           for pain; you can simply notice one small thing that helped you get through.",
    quotes: &[
        "What we notice, we come to treasure.",
        "The ordinary day is full of small gifts that did not have to happen.",
        "Thanks said aloud grows larger than thanks kept in.",
        "Enough is a feast when you stop to taste it.",
        "Look twice at what you walk past every day.",
    ],
    promise: "noticing and naming the good in my days",
    keep_field: "The gift I almost overlooked",
    reviews: &[
        prompt(
            "Best of the Week",
            List,
            "Read days {first_day} to {last_day} and choose the five good things that still warm you most.",
        ),
        prompt(
            "Threads",
            Write,
            "Looking across days {first_day} to {last_day}, what kinds of things keep appearing on your \
             gratitude lists: people, places, small comforts? What does that tell you?",
        ),
        prompt(
            "Gratitude Grid",
            Log,
            "For each of days {first_day} to {last_day}, note one person, one place and one moment you were \
             glad of, in a grid of three columns.",
        ),
        prompt(
            "Thanks to Give",
            Write,
            "Who appeared in your pages during week {week} who does not know you are grateful? How might you let \
             them know?",
        ),
    ],
    closings: &[
        prompt(
            "What Changed",
            Long,
            "After {days} of looking for the good, how do you see your ordinary days differently? Give specific \
             examples.",
        ),
        prompt(
            "The Long Thank You",
            Long,
            "Write a thank-you letter to your life as it has been over these {days}: the people, places, \
             surprises and small mercies.",
        ),
        prompt(
            "Keeping the Habit",
            Long,
            "Which gratitude practice from these {days} will you keep, and how will you fit it into a normal \
             week?",
        ),
    ],
    techniques: &[
        Technique {
            name: "Three Good Things",
            level: Foundation,
            teaching: "Each evening, write down three things that went well today and why they happened. They \
                       can be tiny: a warm drink, a kind text, a job finished. The why matters as much as the \
                       what.",
            why: "Asking why a good thing happened links it to causes, often your own choices or other people's \
                  kindness, which makes the memory richer and the good easier to notice next time.",
            tips: &[
                "Be specific: not my friend, but the way my friend laughed at my terrible joke.",
                "Avoid repeating the same three items every day; look for new ones.",
                "Write at the same time each evening so it becomes automatic.",
            ],
            deeper: "For one of the three, replay the moment in detail for a minute before writing, letting \
                     yourself feel it again.",
            slots: &[slot(
                "lens",
                &[
                    "from anywhere in your day",
                    "from your work or studies",
                    "from your home life",
                    "involving another person",
                    "you usually take for granted",
                ],
            )],
            prompts: &[
                prompt(
                    "Three and Why",
                    List,
                    "Write three good things {lens}, and beside each, why it happened.",
                ),
                prompt(
                    "Small Wins",
                    List,
                    "Find three small good things {lens} that you nearly missed today. What made each possible?",
                ),
                prompt(
                    "The Best One",
                    Write,
                    "Of today's good things {lens}, which was best? Describe it in detail and trace why it \
                     happened.",
                ),
                prompt(
                    "Your Part",
                    Write,
                    "Name three good things {lens} today, and for each the part you played in it, however \
                     small.",
                ),
            ],
        },
        Technique {
            name: "Ordinary Gifts",
            level: Foundation,
            teaching: "Ordinary gifts are the everyday things that work so reliably we stop seeing them: running \
                       water, a body that walks, a bus that arrives. This practice turns attention back toward \
                       them.",
            why: "We adapt quickly to good things and stop noticing them. Deliberately noticing the ordinary \
                  renews its value without needing anything new.",
            tips: &[
                "Pick things you used today without thinking.",
                "Imagine explaining the thing to someone from three hundred years ago.",
                "Include your own abilities: reading, hearing, remembering.",
            ],
            deeper: "Choose one ordinary gift and list all the people and systems it depends on.",
            slots: &[slot(
                "room",
                &["your kitchen", "your bathroom", "your bag or pockets", "your street", "your bedroom"],
            )],
            prompts: &[
                prompt(
                    "Ten Ordinary Gifts",
                    List,
                    "List ten ordinary things in {room} that make your life easier. Pick one and describe life \
                     without it.",
                ),
                prompt(
                    "Behind the Scenes",
                    Write,
                    "Choose one everyday thing in {room}. Who made it possible, from materials to delivery? \
                     Write down everyone you can think of.",
                ),
                prompt(
                    "Gift Inventory",
                    Draw,
                    "Draw {room} roughly and label the ordinary gifts in it that you rarely notice.",
                ),
                prompt(
                    "Fresh Eyes",
                    Write,
                    "Walk through {room} as if seeing it for the first time. What are you glad is there?",
                ),
            ],
        },
        Technique {
            name: "Savouring",
            level: Foundation,
            teaching: "Savouring means slowing down to stay with a good moment while it is happening: noticing \
                       the details, letting the feeling last, perhaps sharing it. It stretches a pleasant \
                       moment and fixes it in memory.",
            why: "Good moments often pass half-noticed while the mind is elsewhere. Savouring lengthens and \
                  deepens them, and the memory becomes something you can return to.",
            tips: &[
                "Name the moment silently as it happens: this is lovely.",
                "Use your senses: what do you see, hear, smell, feel?",
                "Share it: telling someone about a good moment tends to extend it.",
            ],
            deeper: "Savour the past too: choose an old happy memory and relive it slowly, in as much detail as \
                     you can.",
            slots: &[slot(
                "moment",
                &[
                    "a meal",
                    "a conversation",
                    "a few minutes outdoors",
                    "a favourite song",
                    "a quiet cup of something warm",
                ],
            )],
            prompts: &[
                prompt(
                    "Stay a Little",
                    Write,
                    "Choose {moment} today and savour it on purpose. Describe it through each of your senses.",
                ),
                prompt(
                    "Replay",
                    Write,
                    "Replay {moment} from today in slow motion. What details did you catch that you would \
                     normally miss?",
                ),
                prompt(
                    "Savouring Map",
                    Sketch,
                    "Put {moment} at the centre of the page and map around it the sensations, people and \
                     feelings it held.",
                ),
                prompt(
                    "Shared Joy",
                    Write,
                    "Tell someone about {moment} from today. How did sharing it change the way it felt?",
                ),
            ],
        },
        Technique {
            name: "Noticing Walk",
            level: Foundation,
            teaching: "A noticing walk is a short walk taken with one purpose: to spot things you appreciate. A \
                       well-kept garden, a funny sign, the light on a wall. You collect them like a \
                       photographer.",
            why: "Walking with a specific search in mind changes what you see. A few minutes of deliberate \
                  looking can shift the mood of a whole day.",
            tips: &[
                "Choose a theme for the walk, such as colours or kindness.",
                "Stop fully for a few seconds at each thing you notice.",
                "Take a photo or note of the best find to write about later.",
            ],
            deeper: "Take the same route on several days and notice what changes and what you see only now.",
            slots: &[slot(
                "theme",
                &[
                    "colour",
                    "things people have cared for",
                    "nature in unlikely places",
                    "small kindnesses",
                    "light and shadow",
                ],
            )],
            prompts: &[
                prompt(
                    "The Collection",
                    List,
                    "Take a ten-minute walk looking for {theme}. List everything you found that you were glad \
                     to see.",
                ),
                prompt(
                    "Best Find",
                    Write,
                    "On a walk looking for {theme}, what was your best find? Describe it and why it stopped \
                     you.",
                ),
                prompt(
                    "Walk Sketch",
                    Draw,
                    "Draw one thing you noticed on a walk looking for {theme}, however roughly, and add a line \
                     about it.",
                ),
                prompt(
                    "Same Route",
                    Write,
                    "Walk a familiar route looking for {theme}. What had you never noticed before?",
                ),
            ],
        },
        Technique {
            name: "Mental Subtraction",
            level: Deepening,
            teaching: "Mental subtraction imagines your life without something good in it: a friendship, a \
                       home, a chance meeting. Picturing its absence brings its value sharply back into view.",
            why: "Counting blessings can become routine. Imagining a good thing gone interrupts that routine, \
                  and people often find it brings a fresh jolt of appreciation.",
            tips: &[
                "Choose something real and specific, not life in general.",
                "Think through the concrete ways your days would differ.",
                "Finish by returning to the present and noticing that you still have it.",
            ],
            deeper: "Subtract an event from your past, such as how you met someone close, and trace how much \
                     followed from it.",
            slots: &[slot(
                "good",
                &[
                    "a close friendship",
                    "your home",
                    "a skill you have",
                    "a chance event that shaped your life",
                    "a daily comfort",
                ],
            )],
            prompts: &[
                prompt(
                    "Without It",
                    Write,
                    "Imagine {good} had never been part of your life. How would your days be different? Then \
                     return and notice that it is here.",
                ),
                prompt(
                    "How It Came",
                    Write,
                    "Trace how {good} came into your life. How many small chances had to line up?",
                ),
                prompt(
                    "Ripples",
                    Sketch,
                    "Put {good} at the centre of the page and map everything in your life that flows from it.",
                ),
                prompt(
                    "Back Again",
                    List,
                    "After imagining life without {good}, list five things you appreciate about it now.",
                ),
            ],
        },
        Technique {
            name: "Gratitude Letter",
            level: Deepening,
            teaching: "A gratitude letter thanks someone specific for something specific: what they did, how it \
                       affected you, and what it means now. You may send it, read it to them, or simply keep \
                       it.",
            why: "Writing to a particular person makes gratitude concrete and relational. Sharing it can be \
                  deeply meaningful for both people, and even unsent letters tend to leave people feeling \
                  more connected.",
            tips: &[
                "Describe the exact moment or action you are grateful for.",
                "Explain the difference it made, then and now.",
                "Decide afterwards whether to send it; write first, freely.",
            ],
            deeper: "Deliver a letter in person and read it aloud, or by phone if distance makes that \
                     impossible.",
            slots: &[slot(
                "person",
                &[
                    "a teacher or mentor",
                    "a friend who stood by you",
                    "a family member",
                    "a stranger who helped",
                    "someone you have never properly thanked",
                ],
            )],
            prompts: &[
                prompt(
                    "Dear Someone",
                    Long,
                    "Write a letter of thanks to {person}: what they did, how it affected you, and what it means \
                     to you now.",
                ),
                prompt(
                    "The Moment",
                    Write,
                    "Recall the exact moment {person} helped you. Describe the scene in detail before you begin \
                     to thank them.",
                ),
                prompt(
                    "Unsaid Thanks",
                    List,
                    "Make a list of the thank-yous you still owe {person}. Which would mean most to them to hear?",
                ),
                prompt(
                    "Sending It",
                    Write,
                    "If you sent or read your letter to {person}, how did it go? If not, what holds you back?",
                ),
            ],
        },
        Technique {
            name: "Unsung Helpers",
            level: Deepening,
            teaching: "Unsung helpers are the people whose work supports your life mostly unseen: cleaners, \
                       drivers, growers, coders, carers. This practice names them and the ways they shape \
                       your day.",
            why: "Gratitude often focuses on people we know. Widening it to invisible helpers deepens the sense \
                  of being held by a web of other people's effort.",
            tips: &[
                "Start with one ordinary activity and trace who made it possible.",
                "Greet or thank one of these helpers in person if you can.",
                "Include people from the past whose work you still rely on.",
            ],
            deeper: "Choose one unseen role and learn a little about what the work involves, then write about \
                     what you discovered.",
            slots: &[slot(
                "activity",
                &[
                    "your breakfast",
                    "your daily journey",
                    "the clothes you are wearing",
                    "the lights in your home",
                    "a parcel you received",
                ],
            )],
            prompts: &[
                prompt(
                    "Who Made It",
                    List,
                    "Trace {activity} back and list all the people whose work made it possible.",
                ),
                prompt(
                    "One Helper",
                    Write,
                    "Choose one unseen person behind {activity}. Imagine their day and write them a short note \
                     of thanks.",
                ),
                prompt(
                    "The Web",
                    Sketch,
                    "Draw {activity} at the centre of the page and map the web of people behind it.",
                ),
                prompt(
                    "Seen",
                    Write,
                    "Today, thank someone whose work supported {activity}. What happened, and how did it feel?",
                ),
            ],
        },
        Technique {
            name: "Finding the Good in Hard Times",
            level: Deepening,
            teaching: "This practice looks back at a past difficulty, one that is no longer raw, and gently asks \
                       what it also brought: a strength discovered, a friendship deepened, a lesson learned. \
                       It never asks you to be glad the hardship happened.",
            why: "Difficult experiences are part of every life. Noticing what grew alongside them can help \
                  people feel more capable and less defined by the hard parts.",
            tips: &[
                "Choose a difficulty from the past that feels settled, not a current crisis.",
                "Both things can be true: it was hard, and something good came with it.",
                "If it stirs up too much, stop and choose a lighter memory.",
            ],
            deeper: "Write about how the strength you found then could help with something you face now.",
            slots: &[slot(
                "difficulty",
                &[
                    "a mistake you learned from",
                    "a disappointment that redirected you",
                    "a lonely time",
                    "a hard season at work or home",
                    "a loss you have come to terms with",
                ],
            )],
            prompts: &[
                prompt(
                    "What Grew",
                    Write,
                    "Think of {difficulty}, one that no longer feels raw. What did it also bring you: a \
                     strength, a person, an understanding?",
                ),
                prompt(
                    "Who Helped",
                    List,
                    "Looking back at {difficulty}, list the people and small things that helped you through.",
                ),
                prompt(
                    "Strength Found",
                    Write,
                    "What did getting through {difficulty} show you about yourself that you might not \
                     otherwise know?",
                ),
                prompt(
                    "Both True",
                    Write,
                    "Write two short paragraphs about {difficulty}: one about what was hard, one about what \
                     grew. Let both stand.",
                ),
            ],
        },
        Technique {
            name: "Expressing Thanks",
            level: Integration,
            teaching: "Expressing thanks moves gratitude from the page into the world: a message, a word in \
                       person, a small act in return. It completes the circle between feeling grateful and \
                       letting someone know.",
            why: "Gratitude shared tends to strengthen relationships on both sides. It also makes gratitude a \
                  habit of action rather than only of thought.",
            tips: &[
                "Be specific in your thanks; name exactly what you appreciated.",
                "Thank people for who they are as well as what they did.",
                "Keep it short; a two-line message still counts.",
            ],
            deeper: "Make one thank-you a week a fixed habit, and keep a log of who you thanked and what \
                     happened.",
            slots: &[slot(
                "channel",
                &[
                    "a handwritten note",
                    "a text message",
                    "a word in person",
                    "a phone call",
                    "a small act of kindness in return",
                ],
            )],
            prompts: &[
                prompt(
                    "Thank Someone",
                    Write,
                    "Thank someone today through {channel}. Who, for what, and how did they respond?",
                ),
                prompt(
                    "Thanks Log",
                    Log,
                    "Start a log of thanks given: date, person, reason, and channel, beginning with {channel} \
                     today.",
                ),
                prompt(
                    "Who Next",
                    List,
                    "List five people you could thank this week, and how: perhaps {channel}.",
                ),
                prompt(
                    "Receiving",
                    Write,
                    "Think of a time someone thanked you through {channel}. How did it feel, and what did it \
                     teach you about giving thanks?",
                ),
            ],
        },
        Technique {
            name: "Looking Forward",
            level: Integration,
            teaching: "Looking forward is gratitude turned toward the future: noticing the good things you have \
                       to look forward to, however small, and enjoying the anticipation. It balances the \
                       backward-looking practices.",
            why: "Anticipation is a pleasure in its own right. Naming what lies ahead can lift an ordinary day \
                  and remind you that good things are still coming.",
            tips: &[
                "Include small things: a meal, a film, a walk, a chat.",
                "Imagine the moment in detail to enjoy it twice.",
                "Plan one small thing to look forward to if none comes to mind.",
            ],
            deeper: "Plan a small pleasure for next week, anticipate it daily, and afterwards write how it \
                     compared with what you imagined.",
            slots: &[slot("horizon", &["tomorrow", "this weekend", "next week", "next month"])],
            prompts: &[
                prompt(
                    "Something Ahead",
                    List,
                    "List five things you are looking forward to {horizon}, from tiny to big.",
                ),
                prompt(
                    "In Detail",
                    Write,
                    "Choose one thing you look forward to {horizon} and imagine it in full detail. What will \
                     you enjoy most?",
                ),
                prompt(
                    "Plan a Pleasure",
                    Write,
                    "Plan one small pleasure for {horizon}. What is it, when will it happen, and who might \
                     share it?",
                ),
                prompt(
                    "Gratitude in Advance",
                    Write,
                    "Write a thank-you note to your future self for something good you hope will happen \
                     {horizon}.",
                ),
            ],
        },
    ],
};
