//! The warm register: gentle, encouraging, unhurried.

use super::Phrases;

pub const PHRASES: Phrases = Phrases {
    adjective: "warm and gentle",
    persona: "The Gentle Guide",
    intro_titles: &["Welcome", "Before You Begin", "A Few Words Before the First Page"],
    openers: &[
        "Welcome. {title} is a quiet place to practise {subject}, one page at a time, for {days_phrase}. \
         You do not need to be good at this already; you only need to arrive.",
        "Hello, and thank you for opening this book. For {days_phrase}, {title} will keep you company \
         while you practise {subject}, kindly and at your own pace.",
    ],
    how_to_use: &[
        "Choose a time that is already part of your day, perhaps with a morning drink or just before \
         sleep, and keep the journal where you will see it. Read the short teaching, sit with the prompt \
         for a moment, then write whatever comes. Ten minutes is plenty. Spelling, neatness and \
         full sentences do not matter here.",
        "Give yourself about ten unhurried minutes a day. Read the teaching first, let the prompt settle, \
         and then write honestly, even if it is only a line or two. Some days will flow and some will \
         not; both count.",
    ],
    missed_day: &[
        "If you miss a day, there is nothing to make up. Simply turn to the next page and begin again; \
         beginning again is the practice.",
        "Life will interrupt you now and then. When it does, be kind about it and pick up where you left \
         off. The pages will wait for you.",
    ],
    phases: [
        &[
            "These first pages lay the foundations. Go slowly; there is no rush.",
            "We begin with the simplest practices, the ones everything else rests on.",
        ],
        &[
            "You have found your footing. From here the practices ask a little more of you, and give a \
             little more back.",
            "Now we go deeper, building on what the first pages taught you.",
        ],
        &[
            "In these last pages we gather what you have learned and make it your own.",
            "We are nearing the end, so the practices now turn toward weaving everything into ordinary life.",
        ],
    ],
    meet: &["Today you meet {technique}.", "Today's practice is {technique}."],
    again: &[
        "We return to {technique} today.",
        "Back to {technique}, like visiting an old friend.",
        "{technique} again today, with a little more ease.",
    ],
    why_lead: "Why it helps: ",
    tip_lead: "A gentle tip: ",
    deeper_lead: "If you would like to go further: ",
    nudges: &[
        "There is no wrong answer.",
        "Write as if to a trusted friend.",
        "A few honest words are enough.",
        "Take a breath before you begin.",
    ],
    review_titles: &["Week {week}: Looking Back", "A Gentle Look at Week {week}"],
    review_leads: &[
        "This week you practised {practised}. Before going on, pause and take stock of what you have \
         noticed. Be generous with yourself as you look back.",
        "Week {week} is complete, and you have spent it with {practised}. Let today be a kind, honest look \
         at how it went.",
    ],
    closing_titles: &["The Last Page", "Gathering It In"],
    closing_leads: &[
        "You have reached the final page. Over {days_phrase} you practised {practised}. Whatever those days \
         held, you kept coming back, and that deserves to be honoured.",
        "Here we are at the end. Across {days_phrase} you spent time with {practised}. Take a slow breath \
         and look back at how far you have come.",
    ],
    commitments: &[
        "I, ____________________, commit to {promise} for {days_phrase}. I will meet myself with \
         patience, begin again whenever I slip, and trust that small, steady steps matter.",
        "I, ____________________, promise myself {days_phrase} of {promise}. I will show up as I am, \
         not as I think I should be, and I will be kind to myself along the way.",
    ],
    commitment_whys: &[
        "Signing your name is a small act with a quiet power. It turns a hope into a promise you have \
         made to yourself, and on the days when motivation runs thin, it reminds you why you began. \
         The promise is not about being perfect; it is about returning.",
        "A commitment written in your own hand is easier to keep than one held only in your head. It is \
         something to come back to when the days get busy, a note from the person who started this \
         journal to the person who will finish it.",
    ],
    certificates: &[
        "This certifies that the person named below completed {title}, {days_phrase} of practising \
         {subject} with patience and care.",
        "With warm congratulations: the person named below kept company with {title} for {days_phrase}, \
         and gave {subject} a place in their life.",
    ],
};
