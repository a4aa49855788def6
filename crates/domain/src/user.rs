//! A person's validated values: their email, their name, what they use Journal Craft for.

use std::fmt;

use unicode_normalization::UnicodeNormalization;

/// A value that breaks its rule; names the field and says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for Invalid {}

closed_set! {
    /// What a person uses Journal Craft for.
    pub enum ProfileType {
        PersonalJournaler = "personal_journaler",
        ContentCreator = "content_creator",
    }
}

impl ProfileType {
    /// The profile type a word names, or the error the `profile_type` field gets.
    pub fn parse_field(raw: &str) -> Result<Self, Invalid> {
        Self::parse(raw).ok_or_else(|| Invalid::new("profile_type", format!("must be {}", Self::choices())))
    }
}

/// A person's display name: trimmed, 1 to 100 characters, any script or emoji, no
/// control characters or line breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName(String);

impl FullName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim();
        let invalid = |message: &str| Invalid::new("full_name", message);
        if name.is_empty() {
            return Err(invalid("must not be empty"));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(invalid("must be at most 100 characters"));
        }
        if name.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) {
            return Err(invalid("must not contain control characters or line breaks"));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// An email address: trimmed, NFC-normalised and lowercased, so two spellings of one
/// address compare equal (and a unique index sees them as one).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// The longest address accepted, in characters.
    pub const MAX_CHARS: usize = 254;
    /// The longest part before the `@`, in characters.
    pub const LOCAL_PART_MAX_CHARS: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::check(raw).map_err(|message| Invalid::new("email", message))
    }

    fn check(raw: &str) -> Result<Self, &'static str> {
        let nfc: String = raw.trim().nfc().collect();
        // Lowercasing can decompose (`İ` → `i` + U+0307), so normalise again.
        let email: String = nfc.to_lowercase().nfc().collect();
        if email.is_empty() {
            return Err("Enter an email address.");
        }
        if email.chars().count() > Self::MAX_CHARS {
            return Err("An email address can be at most 254 characters long.");
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control() || is_invisible(c)) {
            return Err("An email address cannot contain spaces or invisible characters.");
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err("An email address needs an @, as in name@example.com.");
        };
        if domain.contains('@') {
            return Err("An email address can contain only one @.");
        }
        if local.is_empty() {
            return Err("Add the part before the @, as in name@example.com.");
        }
        if local.chars().count() > Self::LOCAL_PART_MAX_CHARS {
            return Err("The part before the @ can be at most 64 characters long.");
        }
        if !domain.contains('.') || domain.split('.').any(str::is_empty) {
            return Err("The part after the @ must be a domain such as example.com.");
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or(self.0.as_str(), |(local, _)| local)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Email").field(&self.0).finish()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Characters that render as nothing and would let two addresses look the same.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(raw: &str) -> Email {
        Email::parse(raw).unwrap_or_else(|e| panic!("{raw:?} should parse: {e}"))
    }

    fn email_error(raw: &str) -> String {
        let error = Email::parse(raw).err().unwrap_or_else(|| panic!("{raw:?} should be refused"));
        assert_eq!(error.field, "email");
        error.message
    }

    fn name_error(raw: &str) -> String {
        let error = FullName::parse(raw).err().unwrap_or_else(|| panic!("{raw:?} should be refused"));
        assert_eq!(error.field, "full_name");
        error.message
    }

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(email("  Ada.Lovelace@Example.COM \n").as_str(), "ada.lovelace@example.com");
        assert_eq!(email("ada@example.com").local_part(), "ada");
        assert_eq!(email("a@b.co").as_str(), "a@b.co");
    }

    #[test]
    fn emails_are_nfc_normalised_so_equivalent_spellings_match() {
        let composed = email("jos\u{e9}@example.com");
        let decomposed = email("jose\u{301}@example.com");
        assert_eq!(composed, decomposed);
        assert_eq!(composed.as_str(), "jos\u{e9}@example.com");
        // Upper-case composed and decomposed forms fold to the same address too.
        assert_eq!(email("JOS\u{c9}@EXAMPLE.COM"), email("JOSE\u{301}@example.com"));
        // Lowercasing `İ` yields `i` + U+0307, which stays stable after normalising.
        let dotted = email("\u{130}stanbul@example.com");
        assert_eq!(dotted, email(dotted.as_str()));
    }

    #[test]
    fn unicode_addresses_are_accepted() {
        assert_eq!(email("Ünïcødé@bücher.example").as_str(), "ünïcødé@bücher.example");
        assert_eq!(email("用户@例子.广告").local_part(), "用户");
    }

    #[test]
    fn malformed_emails_are_refused_with_a_clear_message() {
        assert!(email_error("").contains("Enter an email"));
        assert!(email_error("   ").contains("Enter an email"));
        assert!(email_error("ada.example.com").contains("needs an @"));
        assert!(email_error("ada@@example.com").contains("only one @"));
        assert!(email_error("ada@lovelace@example.com").contains("only one @"));
        assert!(email_error("@example.com").contains("before the @"));
        assert!(email_error("ada@localhost").contains("domain"));
        assert!(email_error("ada@example.").contains("domain"));
        assert!(email_error("ada@.example.com").contains("domain"));
        assert!(email_error("ada@example..com").contains("domain"));
        assert!(email_error("ada lovelace@example.com").contains("spaces"));
        assert!(email_error("ada\t@example.com").contains("spaces"));
        assert!(email_error("ada\u{0}@example.com").contains("invisible"));
        assert!(email_error("ada\u{200B}@example.com").contains("invisible"));
        assert!(email_error("ada\u{FEFF}@example.com").contains("invisible"));
        assert!(email_error("ada\u{202E}@example.com").contains("invisible"));
        assert!(email_error("ada@exa\u{a0}mple.com").contains("spaces"));
    }

    #[test]
    fn email_length_limits_count_characters() {
        let local = "a".repeat(64);
        assert_eq!(email(&format!("{local}@example.com")).local_part(), local);
        assert!(email_error(&format!("{}@example.com", "a".repeat(65))).contains("64"));
        // 64 + 1 + 189 = 254 characters is the longest address.
        let domain = format!("{}.com", "d".repeat(185));
        assert_eq!(email(&format!("{local}@{domain}")).as_str().chars().count(), 254);
        assert!(email_error(&format!("{local}@d{domain}")).contains("254"));
        // Multi-byte characters count once each.
        assert!(Email::parse(&format!("{}@example.com", "é".repeat(64))).is_ok());
    }

    #[test]
    fn names_are_trimmed_and_may_be_in_any_script() {
        assert_eq!(
            FullName::parse("  Ada Lovelace ").map(FullName::into_string).ok().as_deref(),
            Some("Ada Lovelace")
        );
        assert!(FullName::parse("李小龍 🐉").is_ok());
        assert!(FullName::parse(&"é".repeat(100)).is_ok());
    }

    #[test]
    fn names_that_break_the_rule_say_why() {
        assert_eq!(name_error("   "), "must not be empty");
        assert_eq!(name_error(&"é".repeat(101)), "must be at most 100 characters");
        assert_eq!(name_error("Ada\nLovelace"), "must not contain control characters or line breaks");
        assert_eq!(name_error("Ada\u{2028}Lovelace"), "must not contain control characters or line breaks");
    }

    #[test]
    fn profile_types_name_their_choices() {
        assert_eq!(ProfileType::parse_field("content_creator"), Ok(ProfileType::ContentCreator));
        let error = ProfileType::parse_field("Content_Creator").err().map(|e| e.message);
        assert_eq!(error.as_deref(), Some("must be personal_journaler or content_creator"));
    }
}
