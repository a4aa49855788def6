//! Determinism: a stable hash of the request, and seeded ChaCha streams drawn from
//! it, one per part of the journal so that each part's choices stand on their own.
//!
//! The helpers here are written out rather than taken from `rand` so that the same
//! request keeps giving the same journal across library upgrades.

use std::ops::RangeInclusive;

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// 64-bit FNV-1a: small, fixed by its specification, the same on every platform
/// and in every release (unlike `std`'s `DefaultHasher`).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    pub fn new() -> Self {
        Fnv(Self::OFFSET)
    }

    pub fn bytes(self, bytes: &[u8]) -> Self {
        Fnv(bytes.iter().fold(self.0, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(Self::PRIME)))
    }

    /// A text field, closed by 0xff, a byte UTF-8 never holds, so fields cannot run
    /// into each other ("ab" + "c" hashes apart from "a" + "bc").
    pub fn field(self, text: &str) -> Self {
        self.bytes(text.as_bytes()).bytes(&[0xff])
    }

    pub fn number(self, value: u64) -> Self {
        self.bytes(&value.to_le_bytes())
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

/// A seeded source of choices.
pub struct Dice(ChaCha8Rng);

impl Dice {
    /// The stream for one `part` of the journal written for `key`.
    pub fn new(key: u64, part: &str) -> Self {
        Dice(ChaCha8Rng::seed_from_u64(Fnv::new().number(key).field(part).finish()))
    }

    /// A uniform number in `0..n`; 0 when `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        if n == 0 {
            return 0;
        }
        // Reject the few values that would favour small results.
        let threshold = n.wrapping_neg() % n;
        loop {
            let value = self.0.next_u64();
            if value >= threshold {
                return (value % n) as usize;
            }
        }
    }

    pub fn between(&mut self, range: RangeInclusive<u32>) -> u32 {
        let (low, high) = (*range.start(), *range.end());
        if high <= low {
            return low;
        }
        low + self.below((high - low + 1) as usize) as u32
    }

    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// One of `items`; empty when there are none, which the editing stage's
    /// `problems()` check refuses and the library tests forbid.
    pub fn text<'a, S: AsRef<str>>(&mut self, items: &'a [S]) -> &'a str {
        self.pick(items).map_or("", AsRef::as_ref)
    }

    /// An index drawn with the given weights; 0 when they are all zero.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&weight| u64::from(weight)).sum();
        let mut draw = self.below(total as usize) as u64;
        for (index, &weight) in weights.iter().enumerate() {
            if draw < u64::from(weight) {
                return index;
            }
            draw -= u64::from(weight);
        }
        0
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for last in (1..items.len()).rev() {
            let other = self.below(last + 1);
            items.swap(last, other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_published_test_vectors() {
        assert_eq!(Fnv::new().finish(), 0xcbf2_9ce4_8422_2325);
        assert_eq!(Fnv::new().bytes(b"a").finish(), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv::new().bytes(b"foobar").finish(), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fields_do_not_run_together() {
        assert_ne!(Fnv::new().field("ab").field("c").finish(), Fnv::new().field("a").field("bc").finish());
    }

    #[test]
    fn dice_repeat_for_a_key_and_part_and_differ_otherwise() {
        let draws = |key, part| {
            let mut dice = Dice::new(key, part);
            (0..16).map(|_| dice.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draws(7, "days"), draws(7, "days"));
        assert_ne!(draws(7, "days"), draws(8, "days"));
        assert_ne!(draws(7, "days"), draws(7, "titles"));
    }

    #[test]
    fn draws_stay_in_range_and_reach_every_value() {
        let mut dice = Dice::new(1, "range");
        let mut seen = [false; 5];
        for _ in 0..200 {
            let value = dice.between(3..=7);
            assert!((3..=7).contains(&value));
            seen[(value - 3) as usize] = true;
        }
        assert!(seen.iter().all(|&seen| seen));
        assert_eq!(dice.below(0), 0);
        assert_eq!(dice.text::<&str>(&[]), "");
    }

    #[test]
    fn weights_of_zero_are_never_drawn() {
        let mut dice = Dice::new(2, "weights");
        for _ in 0..200 {
            assert_ne!(dice.weighted(&[3, 0, 1]), 1);
        }
    }

    #[test]
    fn shuffle_keeps_every_item() {
        let mut items: Vec<u32> = (0..20).collect();
        Dice::new(3, "shuffle").shuffle(&mut items);
        assert_ne!(items, (0..20).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..20).collect::<Vec<_>>());
    }
}
