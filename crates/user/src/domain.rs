//! Profile values, parsed once at the edge of the service. The values themselves
//! ([`FullName`], [`ProfileType`]) are the shared ones of `jc-domain`; what a profile
//! type means here (the credits it starts with) is the service's.

pub use jc_domain::{FullName, ProfileType};

/// AI credits granted at registration.
pub fn starting_credits(kind: ProfileType) -> i64 {
    match kind {
        ProfileType::PersonalJournaler => 10,
        ProfileType::ContentCreator => 50,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_types_decide_starting_credits() {
        assert_eq!(starting_credits(ProfileType::PersonalJournaler), 10);
        assert_eq!(starting_credits(ProfileType::ContentCreator), 50);
    }
}
