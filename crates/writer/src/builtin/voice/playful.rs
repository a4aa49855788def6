//! The playful register: light-hearted, curious, a little cheeky.

use super::Phrases;

pub const PHRASES: Phrases = Phrases {
    adjective: "playful, light-hearted",
    persona: "The Playful Companion",
    intro_titles: &["Hello There!", "Well, Look Who Showed Up", "Psst, Start Here"],
    openers: &[
        "Hello, and welcome to {title}! For the next {days_phrase} we are going to poke at {subject} \
         with curiosity, a pen, and absolutely no pressure to be impressive.",
        "You opened the book, which is officially the hardest part. {title} is {days_phrase} of small, \
         friendly experiments in {subject}. Snacks optional but encouraged.",
    ],
    how_to_use: &[
        "Find a cosy spot, a pen you like, and ten-ish minutes. Read the little lesson, try the prompt, \
         and write whatever tumbles out. Doodles in the margins are allowed. Crossing things out is \
         allowed. Writing in silly handwriting is extremely allowed.",
        "Treat each page like a small game: read the rules, play a round, see what happens. No points \
         are deducted for messy answers, short answers or answers that wander off topic.",
    ],
    missed_day: &[
        "Skipped a day? The journal is not keeping score, and neither should you. Just turn the page and \
         carry on.",
        "Missed one? Happens to the best of us. The next page does not know and will not tell.",
    ],
    phases: [
        &[
            "Warm-up round! We start with the easy, fun stuff.",
            "First things first: the basics, served with a smile.",
        ],
        &[
            "Level two unlocked. The prompts get a bit more adventurous from here.",
            "You know the moves now, so let us try some fancier ones.",
        ],
        &[
            "Final stretch! Time to mix everything together and see what you have made.",
            "Bonus round: the last pages tie it all up with a bow.",
        ],
    ],
    meet: &["Say hello to {technique}!", "New toy unlocked: {technique}."],
    again: &[
        "{technique} is back, by popular demand.",
        "Round two (or three) of {technique}.",
        "Guess who? {technique} again.",
    ],
    why_lead: "Why bother? ",
    tip_lead: "Pro move: ",
    deeper_lead: "Feeling adventurous? ",
    nudges: &[
        "Messy answers welcome.",
        "Surprise yourself.",
        "Bonus points for honesty (the points are imaginary).",
        "Doodles count.",
    ],
    review_titles: &["Week {week}: The Highlight Reel", "Week {week}: Rewind"],
    review_leads: &[
        "Week {week}, done and dusted! You played with {practised}. Time for the highlight reel.",
        "Pause the game: week {week} is in the books. This week starred {practised}. Let us see the \
         replay.",
    ],
    closing_titles: &["The Grand Finale", "Curtain Call"],
    closing_leads: &[
        "Drumroll, please: this is the final page! Over {days_phrase} you tried {practised}. Take a bow.",
        "You made it to the end! {practised}, across {days_phrase}. Not bad at all.",
    ],
    commitments: &[
        "I, ____________________, solemnly (but cheerfully) commit to {promise} for {days_phrase}. I will \
         show up, have a go, and forgive myself for wobbly days.",
        "I, ____________________, hereby sign up for {days_phrase} of {promise}. Terms and conditions: \
         curiosity required, perfection not accepted.",
    ],
    commitment_whys: &[
        "Why sign? Because a promise with your name on it is much harder to wriggle out of than a vague \
         someday. Also, signing things feels official, and feeling official is fun.",
        "Your signature is a tiny contract with future you. Future you will be glad, even if future you \
         grumbles about it on a rainy Tuesday.",
    ],
    certificates: &[
        "Hear ye, hear ye: the person named below completed all of {title}, {days_phrase} of {subject}, \
         and is hereby declared thoroughly awesome.",
        "Official-ish certificate: the person named below finished {title}, {days_phrase} of {subject} \
         and not a single page left unloved.",
    ],
};
