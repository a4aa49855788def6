//! Profile values, parsed once at the edge of the service.

use std::fmt;

use jc_platform::AppError;

/// A person's display name: trimmed, 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName(String);

impl FullName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(AppError::field("full_name", "must not be empty"));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(AppError::field(
                "full_name",
                format!("must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(AppError::field("full_name", "must not contain control characters"));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a person uses Journal Craft for; decides the credits they start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileType {
    PersonalJournaler,
    ContentCreator,
}

impl ProfileType {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        match raw {
            "personal_journaler" => Ok(ProfileType::PersonalJournaler),
            "content_creator" => Ok(ProfileType::ContentCreator),
            _ => Err(AppError::field("profile_type", "must be personal_journaler or content_creator")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProfileType::PersonalJournaler => "personal_journaler",
            ProfileType::ContentCreator => "content_creator",
        }
    }

    /// AI credits granted at registration.
    pub fn starting_credits(self) -> i64 {
        match self {
            ProfileType::PersonalJournaler => 10,
            ProfileType::ContentCreator => 50,
        }
    }
}

impl fmt::Display for ProfileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(FullName::parse("  Ada Lovelace ").map(|n| n.0).ok().as_deref(), Some("Ada Lovelace"));
        assert!(FullName::parse("   ").is_err());
        assert!(FullName::parse(&"é".repeat(100)).is_ok(), "characters, not bytes, are counted");
        assert!(FullName::parse(&"a".repeat(101)).is_err());
        assert!(FullName::parse("a\u{0}b").is_err());
        assert!(FullName::parse("Zoë 🌱 نور").is_ok());
    }

    #[test]
    fn profile_types_decide_starting_credits() {
        assert_eq!(
            ProfileType::parse("personal_journaler").map(ProfileType::starting_credits).ok(),
            Some(10)
        );
        assert_eq!(ProfileType::parse("content_creator").map(ProfileType::starting_credits).ok(), Some(50));
        let error = ProfileType::parse("admin").expect_err("unknown type");
        assert_eq!(error.fields[0].field, "profile_type");
    }
}
