//! Profile fields checked at the edge, before anything is sent to a service.

use std::fmt;

use jc_platform::{AppError, FieldError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A person's display name: trimmed, 1 to 100 characters, any script or emoji, no
/// control characters or line breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName(String);

impl FullName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        let invalid = |message: &str| FieldError::new("full_name", message);
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
}

/// What a person uses Journal Craft for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileType {
    PersonalJournaler,
    ContentCreator,
}

impl ProfileType {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw {
            "personal_journaler" => Ok(Self::PersonalJournaler),
            "content_creator" => Ok(Self::ContentCreator),
            _ => Err(FieldError::new("profile_type", "must be personal_journaler or content_creator")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PersonalJournaler => "personal_journaler",
            Self::ContentCreator => "content_creator",
        }
    }
}

impl fmt::Display for ProfileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Both values, or every field problem of the two.
pub fn both<A, B>(a: Result<A, FieldError>, b: Result<B, FieldError>) -> Result<(A, B), AppError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(AppError::validation(a.err().into_iter().chain(b.err()).collect())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_are_accepted_and_trimmed() {
        for name in ["Ada Lovelace", "🦀 Ferris 🎉", "Zoë", "Zoe\u{0308}", "שלום עליכם", "محمد", "👨‍👩‍👧 family"]
        {
            assert!(FullName::parse(name).is_ok(), "{name}");
        }
        assert_eq!(FullName::parse("  Ada \t").map(|n| n.as_str().to_owned()), Ok("Ada".to_owned()));
        assert!(FullName::parse(&"é".repeat(100)).is_ok());
    }

    #[test]
    fn empty_long_and_control_names_are_refused() {
        for name in ["", "   ", "a\u{0000}b", "line\nbreak", "tab\tinside", "bell\u{7}", "a\u{2028}b"] {
            assert!(FullName::parse(name).is_err(), "{name:?}");
        }
        assert!(FullName::parse(&"a".repeat(101)).is_err());
    }

    #[test]
    fn profile_types_are_exact() {
        assert_eq!(ProfileType::parse("content_creator"), Ok(ProfileType::ContentCreator));
        assert!(ProfileType::parse("Content_Creator").is_err());
        assert!(ProfileType::parse("admin").is_err());
    }

    #[test]
    fn every_field_problem_is_reported() {
        let error = both(FullName::parse(""), ProfileType::parse("x")).expect_err("both invalid");
        let fields: Vec<_> = error.fields.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["full_name", "profile_type"]);
        assert!(both(FullName::parse("Ada"), ProfileType::parse("content_creator")).is_ok());
    }
}
