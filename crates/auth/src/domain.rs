//! Validated input: an [`Email`] and a [`Password`] are parsed once, at the edge of the
//! service, and trusted everywhere after.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use jc_platform::{AppError, AppResult, FieldError};
use secrecy::{ExposeSecret, SecretString};
use unicode_normalization::UnicodeNormalization;

/// The longest email address accepted, in characters.
pub const EMAIL_MAX_CHARS: usize = 254;
/// The longest part before the `@`, in characters.
pub const LOCAL_PART_MAX_CHARS: usize = 64;
/// Password length bounds, in characters (not bytes).
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
/// A local part at least this long may not appear inside the password.
const LOCAL_PART_IN_PASSWORD_MIN_CHARS: usize = 3;

/// The common-password list (Django's, one lowercased password a line).
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt").lines().map(str::trim).filter(|l| !l.is_empty()).collect()
});

/// An email address: trimmed, NFC-normalised and lowercased, so two spellings of one
/// address compare equal and the unique index on `accounts.email` sees them as one.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> AppResult<Self> {
        Self::check(raw).map_err(|message| AppError::field("email", message))
    }

    fn check(raw: &str) -> Result<Self, &'static str> {
        let nfc: String = raw.trim().nfc().collect();
        // Lowercasing can decompose (`İ` → `i` + U+0307), so normalise again.
        let email: String = nfc.to_lowercase().nfc().collect();
        if email.is_empty() {
            return Err("Enter an email address.");
        }
        if email.chars().count() > EMAIL_MAX_CHARS {
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
        if local.chars().count() > LOCAL_PART_MAX_CHARS {
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

/// A new password that meets the policy. Kept secret: never printed or logged.
/// It is used exactly as typed (no trimming or normalisation), so what the person
/// types at sign-in matches byte for byte.
pub struct Password(SecretString);

impl Password {
    /// Checks a new password for `email`: 8 to 128 characters, not on the
    /// common-password list, and not containing the email's local part.
    pub fn parse(raw: &str, email: &Email) -> AppResult<Self> {
        Self::check(raw, Some(email)).map_err(|message| AppError::field("password", message))
    }

    fn check(raw: &str, email: Option<&Email>) -> Result<Self, &'static str> {
        let chars = raw.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            return Err("A password needs at least 8 characters.");
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err("A password can be at most 128 characters long.");
        }
        let lowered = raw.to_lowercase();
        if is_common_password(&lowered) {
            return Err("This password is too common; choose one that is harder to guess.");
        }
        if let Some(email) = email {
            let local = email.local_part();
            if local.chars().count() >= LOCAL_PART_IN_PASSWORD_MIN_CHARS && lowered.contains(local) {
                return Err("A password must not contain the part of your email address before the @.");
            }
        }
        Ok(Self(SecretString::from(raw.to_owned())))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn into_secret(self) -> SecretString {
        self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// Whether `lowercased` is on the common-password list.
pub fn is_common_password(lowercased: &str) -> bool {
    COMMON_PASSWORDS.contains(lowercased)
}

/// Parses the credentials of a registration, reporting every invalid field at once.
pub fn parse_credentials(email: &str, password: &str) -> AppResult<(Email, Password)> {
    let email = Email::check(email);
    let password = Password::check(password, email.as_ref().ok());
    match (email, password) {
        (Ok(email), Ok(password)) => Ok((email, password)),
        (email, password) => {
            let mut fields = Vec::new();
            if let Err(message) = email {
                fields.push(FieldError::new("email", message));
            }
            if let Err(message) = password {
                fields.push(FieldError::new("password", message));
            }
            Err(AppError::validation(fields))
        }
    }
}

#[cfg(test)]
mod tests {
    use jc_platform::ErrorCode;

    use super::*;

    fn email(raw: &str) -> Email {
        Email::parse(raw).unwrap_or_else(|e| panic!("{raw:?} should parse: {e}"))
    }

    fn email_error(raw: &str) -> String {
        let error = Email::parse(raw).err().unwrap_or_else(|| panic!("{raw:?} should be refused"));
        assert_eq!(error.code, ErrorCode::ValidationFailed);
        assert_eq!(error.fields.len(), 1);
        assert_eq!(error.fields[0].field, "email");
        error.fields[0].message.clone()
    }

    fn password_error(raw: &str, owner: &str) -> String {
        let error =
            Password::parse(raw, &email(owner)).err().unwrap_or_else(|| panic!("{raw:?} should be refused"));
        assert_eq!(error.fields[0].field, "password");
        error.fields[0].message.clone()
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
    fn password_length_counts_characters_not_bytes() {
        let owner = "ada@example.com";
        assert!(password_error("Sh0rt!x", owner).contains("at least 8"));
        // Seven two-byte characters are 14 bytes but still only 7 characters.
        assert!(password_error(&"é".repeat(7), owner).contains("at least 8"));
        assert!(Password::parse(&"é".repeat(8), &email(owner)).is_ok());
        assert!(Password::parse(&"🦀".repeat(128), &email(owner)).is_ok());
        assert!(password_error(&"🦀".repeat(129), owner).contains("at most 128"));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        let owner = "ada@example.com";
        assert!(password_error("password", owner).contains("too common"));
        assert!(password_error("PassWord1", owner).contains("too common"));
        assert!(password_error("QWERTY123", owner).contains("too common"));
        assert!(Password::parse("violet-harbour-lantern", &email(owner)).is_ok());
        assert!(COMMON_PASSWORDS.len() > 19_000, "the whole list is loaded");
    }

    #[test]
    fn a_password_may_not_contain_the_local_part() {
        let owner = "Lovelace@example.com";
        assert!(password_error("my-LOVELACE-secret", owner).contains("before the @"));
        assert!(password_error("xxlovelacexx", owner).contains("before the @"));
        // A local part shorter than three characters is too short to matter.
        assert!(Password::parse("ab-violet-harbour", &email("ab@example.com")).is_ok());
        assert!(password_error("abc-violet-harbour", "abc@example.com").contains("before the @"));
        // Another address's local part is fine.
        assert!(Password::parse("lovelace-harbour", &email("ada@example.com")).is_ok());
    }

    #[test]
    fn passwords_are_kept_as_typed_and_never_printed() {
        let password = Password::parse("  Violet Harbour  ", &email("ada@example.com")).expect("valid");
        assert_eq!(password.expose(), "  Violet Harbour  ");
        assert!(!format!("{password:?}").contains("Violet"));
    }

    #[test]
    fn registration_reports_every_invalid_field() {
        let error = parse_credentials("not-an-email", "short").expect_err("invalid");
        let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["email", "password"]);
        let error = parse_credentials("ada@example.com", "password").expect_err("invalid");
        assert_eq!(
            error.message,
            "password: This password is too common; choose one that is harder to guess."
        );
        let (email, _) = parse_credentials(" ADA@example.com ", "violet-harbour").expect("valid");
        assert_eq!(email.as_str(), "ada@example.com");
    }
}
