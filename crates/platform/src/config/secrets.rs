//! What makes a secret unfit for production, and which settings are secrets.
//!
//! A secret is refused in production (and reported as a warning elsewhere) when it
//! - contains a placeholder word ([`PLACEHOLDERS`], compared without case);
//! - repeats a shorter part (`aaaa…`, `abab…`, `changeme-changeme-…`), is mostly one
//!   character, or mostly counts up or down (`0123…`, `abcd…`);
//! - decodes to all-zero bytes (a key written in hex);
//! - or, for tokens, carries less than [`MIN_BITS`] of estimated entropy: its length
//!   times log2 of the smallest usual alphabet holding all its characters (10 digits,
//!   16 hex digits, 26 letters of one case, 36 lower-case letters and digits, 52
//!   letters, 62 letters and digits, 64 for base64 or base64url, 95 printable ASCII).
//!   32 random hex digits (`openssl rand -hex 16`) is 128 bits; 32 decimal digits is
//!   106 and is refused.

use std::collections::BTreeSet;

/// Words that mark a value someone meant to replace.
pub const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "replaceme",
    "replace-me",
    "placeholder",
    "example",
    "secret",
    "password",
    "passw0rd",
    "dummy",
    "sample",
    "insecure",
    "notsecure",
    "deadbeef",
    "xxxxxxxx",
    "todo",
];

/// The least estimated entropy of a token or key, in bits.
pub const MIN_BITS: f64 = 128.0;

/// What a secret is, which decides the checks it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// A random token we ask operators to generate: every check.
    Token,
    /// A key written as hex digits: every check on the text, all-zero bytes too.
    HexKey,
    /// A credential issued by someone else (a provider's API key, a password in a
    /// URL): its format is theirs, so only placeholders are refused.
    Issued,
}

/// Why `value` is unfit, or `None`.
pub fn weakness(value: &str, kind: SecretKind) -> Option<String> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    if let Some(word) = PLACEHOLDERS.iter().find(|word| lower.contains(*word)) {
        return Some(format!("is a placeholder (it contains {word:?})"));
    }
    if kind == SecretKind::Issued || value.is_empty() {
        return None;
    }
    if kind == SecretKind::HexKey && value.bytes().all(|b| b == b'0') {
        return Some("is all zero bytes".into());
    }
    let chars: Vec<char> = value.chars().collect();
    if let Some(period) = period(&chars) {
        return Some(format!("repeats the same {period} character(s)"));
    }
    if most_common_count(&chars) * 2 > chars.len() {
        return Some("is mostly one repeated character".into());
    }
    if counts_up_or_down(&chars) {
        return Some("mostly counts up or down (0123…, abcd…)".into());
    }
    if kind == SecretKind::Token {
        let bits = estimated_bits(value);
        if bits < MIN_BITS {
            return Some(format!(
                "has too little entropy (an estimated {bits:.0} bits, at least {MIN_BITS:.0} needed)"
            ));
        }
    }
    None
}

/// Length times log2 of the smallest usual alphabet that holds every character.
pub fn estimated_bits(value: &str) -> f64 {
    let has = |test: fn(char) -> bool| value.chars().any(test);
    let only = |test: fn(char) -> bool| value.chars().all(test);
    let alphabet: f64 = if only(|c| c.is_ascii_digit()) {
        10.0
    } else if only(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        || only(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))
    {
        16.0
    } else if only(|c| c.is_ascii_lowercase()) || only(|c| c.is_ascii_uppercase()) {
        26.0
    } else if only(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        || only(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        36.0
    } else if only(|c| c.is_ascii_alphabetic()) {
        52.0
    } else if only(|c| c.is_ascii_alphanumeric()) {
        62.0
    } else if only(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_'))
        && !(has(|c| matches!(c, '+' | '/')) && has(|c| matches!(c, '-' | '_')))
    {
        64.0
    } else {
        95.0
    };
    let length = value.chars().filter(|c| *c != '=').count();
    length as f64 * alphabet.log2()
}

/// The shortest period of `chars`, when it is at most half its length.
fn period(chars: &[char]) -> Option<usize> {
    (1..=chars.len() / 2).find(|&p| (p..chars.len()).all(|i| chars[i] == chars[i - p]))
}

fn most_common_count(chars: &[char]) -> usize {
    let distinct: BTreeSet<char> = chars.iter().copied().collect();
    distinct.iter().map(|d| chars.iter().filter(|c| *c == d).count()).max().unwrap_or(0)
}

/// Whether most neighbours differ by exactly one, in one direction.
fn counts_up_or_down(chars: &[char]) -> bool {
    if chars.len() < 4 {
        return false;
    }
    let steps: Vec<i64> =
        chars.windows(2).map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0]))).collect();
    let up = steps.iter().filter(|s| **s == 1).count();
    let down = steps.iter().filter(|s| **s == -1).count();
    up.max(down) * 2 > steps.len()
}

/// Whether the setting at `key` (dotted) holding `value` is a secret: its last part
/// ends in `_token`, `_key`, `_secret` or `password`, or it is a URL with a password.
pub fn is_secret_setting(key: &str, value: &str) -> bool {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    leaf.ends_with("_token")
        || leaf.ends_with("_key")
        || leaf.ends_with("_secret")
        || leaf.ends_with("password")
        || url_password(value).is_some()
}

/// The password of a URL such as `postgres://user:password@host/db`, when it has one.
pub fn url_password(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    (!password.is_empty()).then_some(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_patterns_are_unfit() {
        let changeme = "changeme-changeme-changeme-changeme";
        assert!(weakness(changeme, SecretKind::Token).is_some_and(|w| w.contains("placeholder")));
        assert!(weakness(&"0".repeat(64), SecretKind::HexKey).is_some_and(|w| w.contains("zero")));
        assert!(weakness(&"t".repeat(40), SecretKind::Token).is_some_and(|w| w.contains("repeats")));
        assert!(weakness(&"ab12".repeat(10), SecretKind::Token).is_some_and(|w| w.contains("repeats")));
        let mostly_a = format!("{}b", "a".repeat(40));
        assert!(weakness(&mostly_a, SecretKind::Token).is_some_and(|w| w.contains("mostly one")));
        assert!(weakness("abcdefghijklmnopqrstuvwxyz0123456789", SecretKind::Token).is_some());
        assert!(weakness("sk-CHANGEME", SecretKind::Issued).is_some());
        assert_eq!(weakness("guest", SecretKind::Issued), None, "issued credentials keep their format");
    }

    #[test]
    fn random_values_are_fit_and_short_alphabets_need_length() {
        let hex64 = "3f9a1c0e7b52d48e6a0f19c3b7e25d8471ac3e9f0b6d2a5c8e1f4b7a0d3c6e92";
        assert_eq!(weakness(hex64, SecretKind::Token), None);
        assert_eq!(weakness(hex64, SecretKind::HexKey), None);
        assert_eq!(estimated_bits(&hex64[..32]), 128.0, "openssl rand -hex 16");
        assert_eq!(weakness(&hex64[..32], SecretKind::Token), None);
        let digits = "83920174658392017465839201746583";
        assert!(estimated_bits(digits) < MIN_BITS);
        assert!(
            weakness("93820174659302817465930281746592", SecretKind::Token)
                .is_some_and(|w| w.contains("entropy"))
        );
        assert_eq!(estimated_bits("Zk3_pQ-9"), 8.0 * 6.0, "base64url");
    }

    #[test]
    fn secrets_are_recognised_by_name_or_by_a_password_in_a_url() {
        assert!(is_secret_setting("internal.service_token", "x"));
        assert!(is_secret_setting("journal.key_encryption_key", "x"));
        assert!(is_secret_setting("auth.signing_key", "x"));
        assert!(!is_secret_setting("auth.signing_key_file", "/etc/key.pem"));
        assert!(!is_secret_setting("redis.key_prefix", "jc:"));
        assert!(is_secret_setting("queue.url", "amqp://app:pw@mq:5672/%2f"));
        assert!(!is_secret_setting("auth.database.url", "postgres://app@db/auth"));
        assert_eq!(url_password("postgres://u:p%40ss@h/db"), Some("p%40ss"));
    }
}
