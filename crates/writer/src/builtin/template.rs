//! `{slot}` templates: the one way library text with gaps is filled. Text the
//! person typed never passes through here, so braces in it are never read as slots.

/// The slot names in `template`, in order of first appearance, each once.
pub fn slots(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &after[close + 1..];
    }
    names
}

/// `template` with every `{name}` replaced by `value(name)`. A name `value` does not
/// know stays as written, braces and all, which the library tests look for.
pub fn render<S: AsRef<str>>(template: &str, mut value: impl FnMut(&str) -> Option<S>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        match value(&after[1..close]) {
            Some(filled) => out.push_str(filled.as_ref()),
            None => out.push_str(&after[..=close]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `text` with the first letter of every word (after a space or hyphen) in capitals.
pub fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for ch in text.chars() {
        if start {
            out.extend(ch.to_uppercase());
        } else {
            out.push(ch);
        }
        start = ch == ' ' || ch == '-';
    }
    out
}

/// `first, second and third`.
pub fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_listed_once_in_order() {
        assert_eq!(slots("{a} and {b}, then {a} again"), ["a", "b"]);
        assert!(slots("no gaps").is_empty());
    }

    #[test]
    fn render_fills_known_slots_and_keeps_unknown_ones() {
        let filled = render("From {from} to {to} in {days}", |name| match name {
            "from" => Some("here"),
            "to" => Some("there"),
            _ => None,
        });
        assert_eq!(filled, "From here to there in {days}");
        assert_eq!(render("an open { brace", |_| Some("x")), "an open { brace");
    }

    #[test]
    fn title_case_and_join() {
        assert_eq!(title_case("self-discovery and calm"), "Self-Discovery And Calm");
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }
}
