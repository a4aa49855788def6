//! Validated input: an [`Email`] (defined in `jc-domain`) and a [`Password`] are parsed
//! once, at the edge of the service, and trusted everywhere after.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

pub use jc_domain::Email;
use jc_platform::{AppError, AppResult, FieldError};
use secrecy::{ExposeSecret, SecretString};

/// Password length bounds, in characters (not bytes).
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
/// A local part at least this long may not appear inside the password.
const LOCAL_PART_IN_PASSWORD_MIN_CHARS: usize = 3;

/// The common-password list (Django's, one lowercased password a line).
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt").lines().map(str::trim).filter(|l| !l.is_empty()).collect()
});

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
    let email = Email::parse(email);
    let password = Password::check(password, email.as_ref().ok());
    match (email, password) {
        (Ok(email), Ok(password)) => Ok((email, password)),
        (email, password) => {
            let mut fields = Vec::new();
            if let Err(invalid) = email {
                fields.push(FieldError::from(invalid));
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
    use super::*;

    fn email(raw: &str) -> Email {
        Email::parse(raw).unwrap_or_else(|e| panic!("{raw:?} should parse: {e}"))
    }

    fn password_error(raw: &str, owner: &str) -> String {
        let error =
            Password::parse(raw, &email(owner)).err().unwrap_or_else(|| panic!("{raw:?} should be refused"));
        assert_eq!(error.fields[0].field, "password");
        error.fields[0].message.clone()
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
