//! Listing metadata and its checks (KDP.md, "Listing metadata"). Usable on its own, before
//! anything is rendered.

use super::rules::{self, Check};

/// Longest title plus subtitle, exclusive.
pub const TITLE_MAX_CHARS: usize = 200;
/// Most keywords.
pub const MAX_KEYWORDS: usize = 7;
/// Longest keyword.
pub const KEYWORD_MAX_CHARS: usize = 50;
/// Longest description, tags included.
pub const DESCRIPTION_MAX_CHARS: usize = 4000;
/// Most categories.
pub const MAX_CATEGORIES: usize = 3;
/// The HTML tags a description may use.
pub const DESCRIPTION_TAGS: [&str; 11] = ["b", "i", "u", "br", "p", "ul", "ol", "li", "h4", "h5", "h6"];
/// Words and phrases that may not appear in a title: "free" and sales-rank claims.
pub const BANNED_TITLE_TERMS: [&str; 14] = [
    "free",
    "bestseller",
    "bestselling",
    "best seller",
    "best selling",
    "best-seller",
    "best-selling",
    "#1",
    "number one",
    "top rated",
    "top-rated",
    "on sale",
    "discount",
    "cheap",
];
/// Generic words that may not be stuffed into a title.
pub const GENERIC_TITLE_WORDS: [&str; 8] =
    ["journal", "notebook", "gift", "diary", "planner", "logbook", "composition", "workbook"];

pub use jc_domain::print::Listing;

/// Checks every listing rule. `cover_title` is the title printed on the cover, when a
/// cover is made; the title rule then compares the two.
pub fn check_listing(listing: &Listing, cover_title: Option<&str>) -> Vec<Check> {
    let title_and_subtitle = format!("{} {}", listing.title.trim(), listing.subtitle.trim());
    let mut checks = Vec::new();

    checks.push(match cover_title {
        Some(cover) => Check::new(
            rules::TITLE_MATCHES_COVER,
            cover.trim() == listing.title.trim(),
            format!("cover title \"{}\", listing title \"{}\"", cover.trim(), listing.title.trim()),
        ),
        None => Check::new(
            rules::TITLE_MATCHES_COVER,
            !listing.title.trim().is_empty(),
            "no cover made; the cover must show this title",
        ),
    });

    let length = listing.title.trim().chars().count() + listing.subtitle.trim().chars().count();
    checks.push(Check::new(
        rules::TITLE_LENGTH,
        length > 0 && length < TITLE_MAX_CHARS && !listing.title.trim().is_empty(),
        format!("{length} characters"),
    ));

    let html = has_html(&title_and_subtitle);
    checks.push(Check::new(rules::TITLE_NO_HTML, !html, if html { "HTML found" } else { "no HTML" }));

    let banned = banned_terms(&title_and_subtitle);
    checks.push(Check::new(
        rules::TITLE_BANNED_WORDS,
        banned.is_empty(),
        if banned.is_empty() { "none found".to_string() } else { format!("found: {}", banned.join(", ")) },
    ));

    let generic = generic_words(&title_and_subtitle);
    let repeated: Vec<_> = generic.iter().filter(|(_, n)| *n > 1).collect();
    let stuffed = !repeated.is_empty() || generic.len() >= 3;
    checks.push(Check::new(
        rules::TITLE_GENERIC_WORDS,
        !stuffed,
        if generic.is_empty() {
            "none found".to_string()
        } else {
            generic.iter().map(|(w, n)| format!("{w} x{n}")).collect::<Vec<_>>().join(", ")
        },
    ));

    let author = listing.author.trim();
    checks.push(Check::new(
        rules::AUTHOR,
        !author.is_empty(),
        if author.is_empty() { "no author name".to_string() } else { format!("\"{author}\"") },
    ));

    let keywords: Vec<&str> = listing.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()).collect();
    checks.push(Check::new(
        rules::KEYWORDS_COUNT,
        keywords.len() <= MAX_KEYWORDS,
        format!("{} keywords", keywords.len()),
    ));
    let longest = keywords.iter().map(|k| k.chars().count()).max().unwrap_or(0);
    let too_long: Vec<_> = keywords
        .iter()
        .filter(|k| k.chars().count() > KEYWORD_MAX_CHARS)
        .map(|k| format!("\"{k}\""))
        .collect();
    checks.push(Check::new(
        rules::KEYWORDS_LENGTH,
        too_long.is_empty(),
        if too_long.is_empty() {
            format!("longest {longest} characters")
        } else {
            format!("longest {longest} characters; over 50: {}", too_long.join(", "))
        },
    ));

    let description_chars = listing.description.trim().chars().count();
    checks.push(Check::new(
        rules::DESCRIPTION_LENGTH,
        (1..=DESCRIPTION_MAX_CHARS).contains(&description_chars),
        format!("{description_chars} characters"),
    ));
    let tags = html_tags(&listing.description);
    let mut disallowed: Vec<String> =
        tags.iter().filter(|t| !DESCRIPTION_TAGS.contains(&t.as_str())).cloned().collect();
    disallowed.sort();
    disallowed.dedup();
    checks.push(Check::new(
        rules::DESCRIPTION_TAGS,
        disallowed.is_empty(),
        if disallowed.is_empty() {
            format!("{} tags, all allowed", tags.len())
        } else {
            format!(
                "not allowed: {}",
                disallowed.iter().map(|t| format!("<{t}>")).collect::<Vec<_>>().join(", ")
            )
        },
    ));

    let categories = listing.categories.iter().filter(|c| !c.trim().is_empty()).count();
    checks.push(Check::new(
        rules::CATEGORIES,
        (1..=MAX_CATEGORIES).contains(&categories),
        format!("{categories} categories"),
    ));

    checks.push(match listing.isbn.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Check::new(rules::ISBN, true, "no ISBN: KDP places its barcode; no expanded distribution"),
        Some(isbn) => {
            let valid = isbn_is_valid(isbn);
            Check::new(
                rules::ISBN,
                valid,
                if valid {
                    format!("own ISBN {isbn}")
                } else {
                    format!("own ISBN {isbn} has a wrong length or check digit")
                },
            )
        }
    });
    checks
}

/// True when the text holds something that looks like an HTML tag or entity.
pub fn has_html(text: &str) -> bool {
    !html_tags(text).is_empty() || (text.contains('&') && text.contains(';') && entity_like(text))
}

fn entity_like(text: &str) -> bool {
    text.match_indices('&').any(|(i, _)| {
        let rest = &text[i + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
        !name.is_empty() && rest[name.len()..].starts_with(';')
    })
}

/// The lower-cased names of the HTML tags in a text (`<p>`, `</b>`, `<br/>` → p, b, br).
pub fn html_tags(text: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('>') else { break };
        let inner = after[..end].trim().trim_start_matches('/').trim();
        let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if !name.is_empty() && inner.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            tags.push(name.to_ascii_lowercase());
        }
        rest = &after[end + 1..];
    }
    tags
}

/// The title's words, lower-cased, with `#` kept so `#1` is a word.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '#' || c == '-'))
        .map(|w| w.trim_matches('-').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The banned terms that appear as whole words or phrases.
pub fn banned_terms(text: &str) -> Vec<String> {
    let joined = format!(" {} ", words(text).join(" "));
    let spaced = format!(" {} ", text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" "));
    BANNED_TITLE_TERMS
        .iter()
        .filter(|term| joined.contains(&format!(" {term} ")) || spaced.contains(&format!(" {term} ")))
        .map(|term| term.to_string())
        .collect()
}

/// Generic words in the text with their counts (plurals count: `journals` is `journal`).
pub fn generic_words(text: &str) -> Vec<(String, usize)> {
    let words = words(text);
    GENERIC_TITLE_WORDS
        .iter()
        .filter_map(|generic| {
            let plural = format!("{generic}s");
            let count = words.iter().filter(|w| *w == generic || **w == plural).count();
            (count > 0).then(|| (generic.to_string(), count))
        })
        .collect()
}

/// ISBN-10 or ISBN-13 with a correct check digit; hyphens and spaces are ignored.
pub fn isbn_is_valid(isbn: &str) -> bool {
    let chars: Vec<char> = isbn.chars().filter(|c| *c != '-' && *c != ' ').collect();
    match chars.len() {
        13 => {
            let Some(digits) = chars.iter().map(|c| c.to_digit(10)).collect::<Option<Vec<u32>>>() else {
                return false;
            };
            let sum: u32 = digits.iter().enumerate().map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 }).sum();
            sum.is_multiple_of(10) && (digits[..3] == [9, 7, 8] || digits[..3] == [9, 7, 9])
        }
        10 => {
            let mut sum = 0;
            for (i, c) in chars.iter().enumerate() {
                let value = match (i, c) {
                    (9, 'X' | 'x') => 10,
                    (_, c) => match c.to_digit(10) {
                        Some(d) => d,
                        None => return false,
                    },
                };
                sum += value * (10 - i as u32);
            }
            sum.is_multiple_of(11)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing() -> Listing {
        Listing {
            title: "Quiet Mornings".into(),
            subtitle: "A 30-day practice of noticing".into(),
            author: "Ada Writer".into(),
            description: "<p>Thirty calm mornings.</p><ul><li>Short prompts</li></ul><br/>".into(),
            keywords: vec!["mindfulness".into(), "morning pages".into()],
            categories: vec!["Self-Help / Journaling".into()],
            isbn: None,
        }
    }

    fn outcome(checks: &[Check], id: &str) -> (bool, String) {
        let check = checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}"));
        (check.passed, check.measured.clone())
    }

    #[test]
    fn a_clean_listing_passes_every_rule() {
        let checks = check_listing(&listing(), Some("Quiet Mornings"));
        let listing_rules = rules::ALL.iter().filter(|r| r.id.starts_with("listing.")).count();
        assert_eq!(checks.len(), listing_rules);
        for check in &checks {
            assert!(check.passed, "{} failed: {}", check.id, check.measured);
        }
    }

    #[test]
    fn each_violation_is_reported_by_its_rule() {
        let mut l = listing();
        l.title = "x".repeat(150);
        l.subtitle = "y".repeat(50);
        assert_eq!(
            outcome(&check_listing(&l, None), "listing.title_length"),
            (false, "200 characters".into())
        );

        let mut l = listing();
        l.title = "Quiet <b>Mornings</b>".into();
        assert!(!outcome(&check_listing(&l, None), "listing.title_no_html").0);

        let mut l = listing();
        l.subtitle = "The #1 bestselling FREE journal".into();
        let (passed, measured) = outcome(&check_listing(&l, None), "listing.title_banned_words");
        assert!(!passed);
        assert!(
            measured.contains("free") && measured.contains("#1") && measured.contains("bestselling"),
            "{measured}"
        );

        let mut l = listing();
        l.title = "Freedom Mornings".into();
        assert!(outcome(&check_listing(&l, None), "listing.title_banned_words").0, "freedom is not free");

        let mut l = listing();
        l.title = "Gratitude Journal".into();
        l.subtitle = "A journal notebook gift".into();
        let (passed, measured) = outcome(&check_listing(&l, None), "listing.title_generic_words");
        assert!(!passed);
        assert!(measured.contains("journal x2"), "{measured}");
        l.subtitle = "Daily prompts".into();
        assert!(
            outcome(&check_listing(&l, None), "listing.title_generic_words").0,
            "one generic word is fine"
        );

        let mut l = listing();
        l.author = "  ".into();
        assert_eq!(outcome(&check_listing(&l, None), "listing.author"), (false, "no author name".into()));

        let mut l = listing();
        l.keywords = (0..8).map(|i| format!("keyword {i}")).collect();
        assert_eq!(outcome(&check_listing(&l, None), "listing.keywords_count"), (false, "8 keywords".into()));

        let mut l = listing();
        l.keywords = vec!["k".repeat(51)];
        assert!(!outcome(&check_listing(&l, None), "listing.keywords_length").0);
        l.keywords = vec!["k".repeat(50)];
        assert!(outcome(&check_listing(&l, None), "listing.keywords_length").0);

        let mut l = listing();
        l.description = "d".repeat(4001);
        assert_eq!(
            outcome(&check_listing(&l, None), "listing.description_length"),
            (false, "4001 characters".into())
        );
        l.description = String::new();
        assert!(!outcome(&check_listing(&l, None), "listing.description_length").0);

        let mut l = listing();
        l.description = "<p>Hi</p><script>x</script><a href=\"y\">z</a><h5>ok</h5>".into();
        assert_eq!(
            outcome(&check_listing(&l, None), "listing.description_tags"),
            (false, "not allowed: <a>, <script>".into())
        );

        let mut l = listing();
        l.categories = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        assert!(!outcome(&check_listing(&l, None), "listing.categories").0);
        l.categories.clear();
        assert!(!outcome(&check_listing(&l, None), "listing.categories").0);

        let mut l = listing();
        l.isbn = Some("978-3-16-148410-0".into());
        assert!(outcome(&check_listing(&l, None), "listing.isbn").0);
        l.isbn = Some("978-3-16-148410-1".into());
        assert!(!outcome(&check_listing(&l, None), "listing.isbn").0);

        assert!(!outcome(&check_listing(&listing(), Some("Loud Evenings")), "listing.title_matches_cover").0);
    }

    #[test]
    fn isbn_check_digits() {
        assert!(isbn_is_valid("9780306406157"));
        assert!(isbn_is_valid("0-306-40615-2"));
        assert!(isbn_is_valid("080442957X"));
        assert!(!isbn_is_valid("9780306406158"));
        assert!(!isbn_is_valid("12345"));
        assert!(!isbn_is_valid("1234567890123"));
    }

    #[test]
    fn tags_and_entities_are_found() {
        assert_eq!(html_tags("<P>a</p><br/> 3 < 4 and 5 > 2"), vec!["p", "p", "br"]);
        assert!(has_html("Tom &amp; Jerry"));
        assert!(!has_html("Tom & Jerry; friends"));
        assert!(!has_html("3 < 4"));
    }
}
