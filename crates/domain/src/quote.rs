//! Rejected values as error messages show them: a short excerpt, never the whole value.
//!
//! A message that quoted a rejected value whole grew with the value, and a value of a
//! few kilobytes made a gRPC status larger than HTTP/2 lets a header be. Every message
//! that names a rejected value quotes it through [`excerpt`]; messages written by other
//! libraries (serde's "unknown variant `…`") go through [`shorten_quoted`].

/// The most characters of a rejected value a message quotes.
pub const EXCERPT_CHARS: usize = 40;

/// `value` as a message quotes it: whole when it has at most [`EXCERPT_CHARS`]
/// characters, otherwise its first characters, `…` and its length.
pub fn excerpt(value: &str) -> String {
    let count = value.chars().count();
    if count <= EXCERPT_CHARS {
        return value.to_owned();
    }
    let head: String = value.chars().take(EXCERPT_CHARS).collect();
    format!("{head}… ({count} characters)")
}

/// `message` with every quoted part (between backticks or double quotes) longer than
/// [`EXCERPT_CHARS`] replaced by its [`excerpt`]; a quote left open runs to the end.
pub fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let mut rest = message;
    while let Some(start) = rest.find(['`', '"']) {
        let quote = rest[start..].chars().next().unwrap_or('`');
        out.push_str(&rest[..=start]);
        let inner = &rest[start + 1..];
        let (quoted, after) = match inner.find(quote) {
            Some(end) => (&inner[..end], &inner[end..]),
            None => (inner, ""),
        };
        out.push_str(&excerpt(quoted));
        if let Some(closing) = after.chars().next() {
            out.push(closing);
            rest = &after[closing.len_utf8()..];
        } else {
            rest = "";
        }
    }
    out.push_str(rest);
    out
}

/// A field's path (`options.theme.colors`) with every part longer than
/// [`EXCERPT_CHARS`] (an unknown key a caller made up) replaced by its [`excerpt`].
pub fn field_path(path: &str) -> String {
    if path.len() <= EXCERPT_CHARS {
        return path.to_owned();
    }
    path.split('.').map(excerpt).collect::<Vec<_>>().join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_quoted_whole_and_long_ones_cut() {
        assert_eq!(excerpt("6x9"), "6x9");
        let long = "é".repeat(10_000);
        let shown = excerpt(&long);
        assert!(shown.starts_with(&"é".repeat(EXCERPT_CHARS)));
        assert!(shown.ends_with("… (10000 characters)"), "{shown}");
        assert!(shown.chars().count() < EXCERPT_CHARS + 25);
    }

    #[test]
    fn quoted_parts_of_other_messages_are_cut() {
        let value = "x".repeat(100_000);
        let message = format!("unknown variant `{value}`, expected `pdf` or `docx`");
        let shown = shorten_quoted(&message);
        assert!(shown.len() < 150, "{shown}");
        assert!(shown.starts_with("unknown variant `xxxx"));
        assert!(shown.ends_with("characters)`, expected `pdf` or `docx`"), "{shown}");

        let message = format!("invalid type: string \"{value}\", expected u32");
        assert!(shorten_quoted(&message).ends_with("characters)\", expected u32"));
        let open = format!("unknown field `{value}");
        assert!(shorten_quoted(&open).len() < 100);
        assert_eq!(shorten_quoted("no quotes here"), "no quotes here");

        let path = field_path(&format!("options.{value}.colors"));
        assert!(path.starts_with("options.xxxx") && path.ends_with("characters).colors"), "{path}");
        assert_eq!(
            field_path("options.theme.spacing.rule_weight_pt"),
            "options.theme.spacing.rule_weight_pt"
        );
    }
}
