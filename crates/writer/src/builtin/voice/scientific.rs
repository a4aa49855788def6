//! The scientific register: evidence-minded, precise, explains the reasons.

use super::Phrases;

pub const PHRASES: Phrases = Phrases {
    adjective: "clear, evidence-minded",
    persona: "The Curious Researcher",
    intro_titles: &["About This Journal", "Method and Purpose", "How This Journal Is Built"],
    openers: &[
        "{title} is built on techniques that researchers and practitioners have studied and refined. \
         For {days_phrase} you will work through a structured sequence of exercises in {subject}, \
         each with a short explanation of why it works.",
        "This journal treats {subject} as a skill: something you can practise, observe and improve. \
         {title} gives you {days_phrase} of structured exercises and a record of your own results.",
    ],
    how_to_use: &[
        "Consistency matters more than duration, so choose a regular time and a regular cue, such as \
         after breakfast. Read the explanation, complete the prompt, and record what you actually \
         observe rather than what you expect. Ten to fifteen minutes a session is sufficient.",
        "Treat each page as a small experiment: read the method, carry out the prompt, note the result. \
         Write observations in concrete terms, with times, situations and intensities where you can, so \
         that later reviews have real data to work with.",
    ],
    missed_day: &[
        "Missed sessions are data, not failure. Note what got in the way, adjust the time or cue, and \
         continue with the next page.",
        "If you miss a day, resume with the next page rather than doubling up; a steady rhythm builds a \
         habit more reliably than bursts of effort.",
    ],
    phases: [
        &[
            "Stage one establishes baseline skills and observations.",
            "The first stage builds the core skills the later techniques depend on.",
        ],
        &[
            "Stage two applies the core skills to harder material and adds new techniques.",
            "With a baseline in place, the next stage increases depth and complexity.",
        ],
        &[
            "The final stage consolidates: transferring the techniques into everyday contexts.",
            "The last stage tests what holds up outside the journal and plans for maintenance.",
        ],
    ],
    meet: &["Technique introduced today: {technique}.", "Today's method: {technique}."],
    again: &[
        "Repetition: {technique}.",
        "{technique}, second look with fresh data.",
        "Returning to {technique}.",
    ],
    why_lead: "The reasoning: ",
    tip_lead: "Method note: ",
    deeper_lead: "Extension: ",
    nudges: &[
        "Record what you observed, not what you expected.",
        "Note the time and context.",
        "Rate the intensity from 1 to 10 if it helps.",
        "Be precise rather than complete.",
    ],
    review_titles: &["Week {week}: Data Review", "Week {week}: Findings"],
    review_leads: &[
        "Week {week} complete. Techniques used: {practised}. A weekly review turns scattered \
         observations into patterns you can act on.",
        "End of week {week}. You applied {practised}. Reviewing the week's entries together shows trends \
         that single days hide.",
    ],
    closing_titles: &["Final Findings", "Conclusions and Next Steps"],
    closing_leads: &[
        "Study complete: {days_phrase} of practice using {practised}. Time to draw conclusions from your \
         own record.",
        "Over {days_phrase} you collected a personal record of {practised}. This final page turns that \
         record into conclusions.",
    ],
    commitments: &[
        "I, ____________________, commit to {promise} for {days_phrase}. I will record honestly, note \
         what gets in the way, and adjust my method rather than abandon it.",
        "I, ____________________, agree to {days_phrase} of {promise}, observing my results with \
         curiosity instead of judgement.",
    ],
    commitment_whys: &[
        "Specific, written commitments tend to be kept more often than vague intentions, because they \
         settle in advance what you will do and when. This page is that specification.",
        "A commitment is a decision made once, in a calm moment, so that you do not have to make it \
         again on a tired one. Writing it down also gives you a reference point for your final review.",
    ],
    certificates: &[
        "This certifies that the person named below completed {title}: {days_phrase} of structured \
         practice in {subject}, with a full written record.",
        "Completion record: {title}. The person named below carried out {days_phrase} of deliberate, \
         documented practice in {subject}.",
    ],
};
