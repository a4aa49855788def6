//! Which components a process runs: `--target auth`, `--target auth,user`,
//! `--target all`.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Auth,
    User,
    Journal,
    Export,
    Gateway,
}

impl Target {
    pub const ALL: [Target; 5] =
        [Target::Auth, Target::User, Target::Journal, Target::Export, Target::Gateway];

    pub fn as_str(self) -> &'static str {
        match self {
            Target::Auth => "auth",
            Target::User => "user",
            Target::Journal => "journal",
            Target::Export => "export",
            Target::Gateway => "gateway",
        }
    }

    /// Whether the component owns a database.
    pub fn has_database(self) -> bool {
        matches!(self, Target::Auth | Target::User | Target::Journal | Target::Export)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A non-empty set of targets, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets(Vec<Target>);

impl Targets {
    pub fn all() -> Self {
        Self(Target::ALL.to_vec())
    }

    pub fn contains(&self, target: Target) -> bool {
        self.0.contains(&target)
    }

    pub fn iter(&self) -> impl Iterator<Item = Target> + '_ {
        self.0.iter().copied()
    }
}

impl FromStr for Targets {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let mut targets = Vec::new();
        for word in value.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            if word == "all" {
                targets.extend(Target::ALL);
                continue;
            }
            let target = Target::ALL.into_iter().find(|t| t.as_str() == word).ok_or_else(|| {
                format!(
                    "unknown target {word:?}: use auth, user, journal, export, gateway, all, or a comma list"
                )
            })?;
            targets.push(target);
        }
        targets.sort();
        targets.dedup();
        if targets.is_empty() {
            return Err("name at least one target".into());
        }
        Ok(Self(targets))
    }
}

impl fmt::Display for Targets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<_> = self.0.iter().map(|t| t.as_str()).collect();
        f.write_str(&words.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_from_lists() {
        assert_eq!("all".parse::<Targets>(), Ok(Targets::all()));
        let some: Targets = "gateway, auth,auth".parse().expect("parses");
        assert_eq!(some.to_string(), "auth,gateway");
        assert!("".parse::<Targets>().is_err());
        assert!("auth,billing".parse::<Targets>().expect_err("unknown target").contains("billing"));
    }
}
