//! The poetic register: lyrical, image-rich, contemplative.

use super::Phrases;

pub const PHRASES: Phrases = Phrases {
    adjective: "lyrical and contemplative",
    persona: "The Quiet Poet",
    intro_titles: &["An Invitation", "Threshold", "Before the First Page"],
    openers: &[
        "Every practice begins with a blank page and a little courage. {title} offers you {days_phrase} \
         of such pages, each one a small door into {subject}.",
        "Think of {title} as a path through a season: {days_phrase} of walking, noticing, and writing \
         down what the walk shows you about {subject}.",
    ],
    how_to_use: &[
        "Find an hour of the day that feels like a clearing: early light, the hush after dinner, the \
         last lamp before sleep. Read the teaching slowly, as you would a letter. Let the prompt sit \
         with you like a stone in the hand, and then write without hurrying toward an answer.",
        "Keep this book somewhere you will pass it, a windowsill or a bedside table. Each day, read, \
         breathe, and let your pen wander where the prompt leads. Ten minutes can hold a great deal.",
    ],
    missed_day: &[
        "Some days the page will stay closed. Let it. A field left fallow is still a field; return when \
         you can and the path will still be there.",
        "If a day slips past, do not chase it. The tide goes out and comes back; so will you.",
    ],
    phases: [
        &[
            "Every garden begins with soil. These first pages are soil.",
            "We start where all journeys start: close to home, with simple things.",
        ],
        &[
            "The roots have taken. Now the practices reach a little further into the dark and the light.",
            "Here the path turns inward and the ground grows richer.",
        ],
        &[
            "The harvest season. These last pages gather what has grown.",
            "Evening light now: a time for gathering threads and tying them together.",
        ],
    ],
    meet: &["Today a new practice opens: {technique}.", "Today, a first meeting with {technique}."],
    again: &[
        "Once more, {technique}, like a familiar path walked in a different light.",
        "We return to {technique}, and find it changed, because you have.",
        "{technique} again, a song you are beginning to know by heart.",
    ],
    why_lead: "Why it matters: ",
    tip_lead: "A small lantern for the way: ",
    deeper_lead: "For the one who wants to wander further: ",
    nudges: &[
        "Let the words arrive in their own time.",
        "Write slowly, as if the ink were precious.",
        "Follow the image that comes first.",
        "Leave room for what surprises you.",
    ],
    review_titles: &["Week {week}: The View from the Hill", "Week {week}: Gathering Threads"],
    review_leads: &[
        "A week has turned like a page. You have walked with {practised}. Pause here at the top of the \
         hill and look back along the path.",
        "Seven days, seven small lanterns. This week held {practised}. Before the next stretch, sit \
         with what the week has shown you.",
    ],
    closing_titles: &["Harvest", "The Closing of the Circle"],
    closing_leads: &[
        "The last page, like the last light of a long day. For {days_phrase} you have practised \
         {practised}. Let this be a quiet gathering-in.",
        "The circle closes where it began, and yet you are not who you were. Across {days_phrase} you \
         have walked with {practised}.",
    ],
    commitments: &[
        "I, ____________________, set out on {days_phrase} of {promise}. I will return to these pages \
         as a tide returns to the shore, again and again, without apology.",
        "I, ____________________, commit to {promise} for {days_phrase}, trusting that small daily \
         attentions add up to a changed landscape.",
    ],
    commitment_whys: &[
        "A name written at the start of a journey is a stake in the ground. On the days when the path \
         is steep or hidden, it reminds you that you chose to walk it, and that the choosing was yours.",
        "Promises made on paper outlast moods. This page will keep your intention safe through the \
         weather of the coming days, and hand it back to you whenever you need it.",
    ],
    certificates: &[
        "Let it be known that the person named below walked the whole path of {title}: {days_phrase} \
         of {subject}, gathered one page at a time.",
        "For the one who finished {title}: {days_phrase} of attention, patience and {subject}, now \
         bound into a book of their own making.",
    ],
};
