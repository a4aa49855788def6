//! The direct register: practical, clear, short sentences.

use super::Phrases;

pub const PHRASES: Phrases = Phrases {
    adjective: "direct and practical",
    persona: "The Practical Coach",
    intro_titles: &["How This Journal Works", "Start Here", "Read This First"],
    openers: &[
        "{title} is a working journal. For {days_phrase} you will practise {subject} with one clear \
         exercise a day. No theory you cannot use, no filler.",
        "This journal has one job: to help you build {subject} into your days. It runs for {days_phrase}, \
         one short exercise per page.",
    ],
    how_to_use: &[
        "Pick a fixed time and attach it to something you already do every day. Read the teaching, do \
         the prompt, write your answer. Aim for ten minutes. Be specific: names, times, numbers and \
         concrete details beat general statements.",
        "Set a ten-minute slot in your calendar and treat it like an appointment. Read, answer, close the \
         book. Short and consistent beats long and occasional.",
    ],
    missed_day: &[
        "Missed a day? Do not double up. Do today's page and keep going. Two missed days in a row is the \
         signal to make the habit easier, not to quit.",
        "If you skip a day, skip it cleanly: no catching up, no guilt. Just do the next page.",
    ],
    phases: [
        &["Phase one: the basics. Get these right and the rest gets easier.", "We start with fundamentals."],
        &[
            "Phase two: you have the basics. Now we add depth and difficulty.",
            "Foundations are in place. Time to push a little further.",
        ],
        &[
            "Final phase: turn what works into a routine that lasts beyond this journal.",
            "Last stretch. The goal now is to keep what works and drop what does not.",
        ],
    ],
    meet: &["New technique: {technique}.", "Today: {technique}."],
    again: &["{technique} again.", "Back to {technique}.", "Another round of {technique}."],
    why_lead: "Why it works: ",
    tip_lead: "Tip: ",
    deeper_lead: "Level up: ",
    nudges: &[
        "Be specific.",
        "Keep it concrete.",
        "Write the first honest answer, then one more.",
        "Done beats perfect.",
    ],
    review_titles: &["Week {week} Review", "Week {week}: Check-In"],
    review_leads: &[
        "Week {week} is done. You used {practised}. Review what worked, what did not, and what to change.",
        "Time to review. This week covered {practised}. Look at the evidence on your pages, not your \
         impressions.",
    ],
    closing_titles: &["Final Review", "What Comes Next"],
    closing_leads: &[
        "That is {days_phrase} done. You worked with {practised}. Now decide what stays.",
        "You finished. Over {days_phrase} you used {practised}. One last page to lock in what you learned.",
    ],
    commitments: &[
        "I, ____________________, commit to {promise} for {days_phrase}. I will do the page every day I \
         can, and when I miss one I will do the next one.",
        "I, ____________________, will spend {days_phrase} {promise}. Ten minutes a day. No excuses, no \
         perfectionism.",
    ],
    commitment_whys: &[
        "Writing a commitment down tends to make follow-through more likely than keeping it as a vague \
         intention. Signing makes the plan specific and gives you something to hold yourself to.",
        "A signed commitment removes one decision from every day: you already decided. When you do not \
         feel like it, you do not have to renegotiate; you just follow the plan.",
    ],
    certificates: &[
        "This certifies that the person named below completed {title}: {days_phrase} of deliberate \
         practice in {subject}.",
        "Completed: {title}. That is {days_phrase} of {subject}, page by page, by the person named below.",
    ],
};
