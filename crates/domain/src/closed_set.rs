//! `closed_set!`: an enum of words with its conversions, written once per set.

use std::fmt;

/// A word that names no value of a closed set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    pub word: String,
    /// The words the set has, as a sentence: `lined, dotted, grid or blank`.
    pub choices: String,
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not one of {}", crate::quote::excerpt(&self.word), self.choices)
    }
}

impl std::error::Error for UnknownWord {}

/// What every closed set has, for code that works on any of them (the gRPC conversions,
/// error messages).
pub trait ClosedSet: Copy + Eq + fmt::Debug + 'static {
    /// Every value, in the order of the contract.
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    fn parse(raw: &str) -> Option<Self>;
    fn choices() -> String {
        sentence(Self::ALL.iter().map(|value| value.as_str()))
    }
}

/// `a, b, c or d`.
pub(crate) fn sentence<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let words: Vec<&str> = words.into_iter().collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The description of a schema from its documentation lines, as utoipa writes one.
#[cfg(feature = "openapi")]
pub(crate) fn description(lines: &[&str]) -> Option<String> {
    let text = lines.iter().map(|line| line.trim()).collect::<Vec<_>>().join("\n");
    (!text.is_empty()).then_some(text)
}

/// Declares a closed set: the enum, its words for serde, `ALL` in declaration order,
/// `as_str`, `parse`, `choices`, `Display`, `FromStr`, [`ClosedSet`] and, with the
/// `openapi` feature, its OpenAPI schema (a string enum of the words, documented by the
/// enum's documentation, named after the enum or the name after `as`). Each variant is
/// written `Variant = "word"`.
macro_rules! closed_set {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident $(as $schema:literal)? {
            $( $(#[doc = $variant_doc:literal])* $variant:ident = $word:literal, )+
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $( $(#[doc = $variant_doc])* #[serde(rename = $word)] $variant, )+
        }

        impl $name {
            /// Every value, in the order of the contract.
            pub const ALL: [$name; <[&str]>::len(&[$($word),+])] = [$($name::$variant),+];

            /// The word the contract, the databases and the data files use.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// The value a word names (exactly: words are case-sensitive).
            pub fn parse(raw: &str) -> Option<Self> {
                match raw {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The words as a sentence, for error messages: `lined, dotted, grid or blank`.
            pub fn choices() -> String {
                $crate::closed_set::sentence(Self::ALL.iter().map(|value| value.as_str()))
            }
        }

        impl $crate::ClosedSet for $name {
            const ALL: &'static [$name] = &$name::ALL;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn parse(raw: &str) -> Option<Self> {
                $name::parse(raw)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::UnknownWord;

            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                Self::parse(raw).ok_or_else(|| $crate::UnknownWord { word: raw.to_owned(), choices: Self::choices() })
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description($crate::closed_set::description(&[$($doc),*]))
                    .enum_values(Some([$($word),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(closed_set!(@name $name $($schema)?))
            }
        }
    };
    (@name $name:ident) => { stringify!($name) };
    (@name $name:ident $schema:literal) => { $schema };
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn choices_read_as_a_sentence() {
        assert_eq!(sentence([]), "");
        assert_eq!(sentence(["pdf"]), "pdf");
        assert_eq!(sentence(["pdf", "epub"]), "pdf or epub");
        assert_eq!(sentence(["lined", "dotted", "grid", "blank"]), "lined, dotted, grid or blank");
    }
}
