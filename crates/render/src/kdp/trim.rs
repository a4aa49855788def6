//! Trim sizes: the standard KDP paperback sizes and the custom range (KDP.md, "Trim sizes").

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{RenderError, Result};

/// A trim size (the finished page) in thousandths of an inch, so sizes compare exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrimSize {
    width_mil: u32,
    height_mil: u32,
}

const fn t(width_mil: u32, height_mil: u32) -> TrimSize {
    TrimSize { width_mil, height_mil }
}

/// Smallest and largest custom width and height, in thousandths of an inch.
const CUSTOM_WIDTH: (u32, u32) = (4_000, 8_500);
const CUSTOM_HEIGHT: (u32, u32) = (6_000, 11_690);

impl TrimSize {
    /// 6 x 9 in, the default.
    pub const DEFAULT: TrimSize = t(6_000, 9_000);
    /// A4 (8.27 x 11.69 in).
    pub const A4: TrimSize = t(8_270, 11_690);
    /// Every standard paperback trim size of KDP, in the order of KDP.md.
    pub const STANDARD: [TrimSize; 16] = [
        t(5_000, 8_000),
        t(5_060, 7_810),
        t(5_250, 8_000),
        t(5_500, 8_500),
        t(6_000, 9_000),
        t(6_140, 9_210),
        t(6_690, 9_610),
        t(7_000, 10_000),
        t(7_440, 9_690),
        t(7_500, 9_250),
        t(8_000, 10_000),
        t(8_250, 6_000),
        t(8_250, 8_250),
        t(8_500, 8_500),
        t(8_500, 11_000),
        t(8_270, 11_690),
    ];

    /// A size from inches: a standard size, or a custom size within width 4–8.5 and
    /// height 6–11.69. Values are rounded to a thousandth of an inch.
    pub fn new(width_in: f64, height_in: f64) -> Result<TrimSize> {
        if !width_in.is_finite() || !height_in.is_finite() {
            return Err(RenderError::invalid("trim", "width and height must be numbers"));
        }
        let size = t((width_in * 1000.0).round() as u32, (height_in * 1000.0).round() as u32);
        if size.is_standard() {
            return Ok(size);
        }
        let width_ok = (CUSTOM_WIDTH.0..=CUSTOM_WIDTH.1).contains(&size.width_mil);
        let height_ok = (CUSTOM_HEIGHT.0..=CUSTOM_HEIGHT.1).contains(&size.height_mil);
        if width_in > 0.0 && height_in > 0.0 && width_ok && height_ok {
            Ok(size)
        } else {
            Err(RenderError::invalid(
                "trim",
                format!(
                    "{width_in} x {height_in} in is not a KDP trim size; custom sizes are 4 to 8.5 in wide and 6 to 11.69 in high"
                ),
            ))
        }
    }

    /// Parses `6x9`, `6 x 9`, `8.27x11.69`, `6x9in` or `a4`.
    pub fn parse(text: &str) -> Result<TrimSize> {
        let cleaned = text.trim().to_ascii_lowercase();
        if cleaned == "a4" {
            return Ok(TrimSize::A4);
        }
        let cleaned = cleaned.trim_end_matches("in").trim();
        let bad = || {
            RenderError::invalid(
                "trim",
                format!("`{}` is not a trim size such as `6x9`", jc_domain::excerpt(text)),
            )
        };
        let (w, h) = cleaned.split_once(['x', '×']).ok_or_else(bad)?;
        let w: f64 = w.trim().parse().map_err(|_| bad())?;
        let h: f64 = h.trim().parse().map_err(|_| bad())?;
        TrimSize::new(w, h)
    }

    /// Width in inches.
    pub fn width(self) -> f64 {
        f64::from(self.width_mil) / 1000.0
    }

    /// Height in inches.
    pub fn height(self) -> f64 {
        f64::from(self.height_mil) / 1000.0
    }

    /// True for one of KDP's standard sizes.
    pub fn is_standard(self) -> bool {
        Self::STANDARD.contains(&self)
    }

    /// The canonical text form, `6x9` or `8.27x11.69` (what [`TrimSize::parse`] reads).
    pub fn code(self) -> String {
        format!("{}x{}", trim_number(self.width()), trim_number(self.height()))
    }
}

fn trim_number(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl Default for TrimSize {
    fn default() -> Self {
        TrimSize::DEFAULT
    }
}

impl fmt::Display for TrimSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} x {} in", trim_number(self.width()), trim_number(self.height()))
    }
}

impl TryFrom<String> for TrimSize {
    type Error = RenderError;
    fn try_from(value: String) -> Result<Self> {
        TrimSize::parse(&value)
    }
}

impl From<TrimSize> for String {
    fn from(value: TrimSize) -> Self {
        value.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_standard_size_parses_from_its_code() {
        for size in TrimSize::STANDARD {
            assert_eq!(TrimSize::parse(&size.code()).expect("standard"), size);
            assert!(size.is_standard());
        }
        assert_eq!(TrimSize::parse("6 x 9").expect("spaces"), TrimSize::DEFAULT);
        assert_eq!(TrimSize::parse("A4").expect("a4"), TrimSize::A4);
        assert_eq!(TrimSize::parse("8.27x11.69in").expect("a4 numbers"), TrimSize::A4);
        assert_eq!(TrimSize::DEFAULT.to_string(), "6 x 9 in");
        assert_eq!(TrimSize::parse("5.06x7.81").expect("odd").width(), 5.06);
    }

    #[test]
    fn custom_sizes_within_the_range_are_accepted() {
        let size = TrimSize::new(4.0, 6.0).expect("smallest");
        assert!(!size.is_standard());
        TrimSize::new(8.5, 11.69).expect("largest");
        TrimSize::new(5.75, 8.75).expect("in between");
    }

    #[test]
    fn sizes_outside_the_range_are_refused() {
        for (w, h) in [(3.99, 8.0), (8.51, 10.0), (6.0, 5.99), (6.0, 11.7), (0.0, 0.0), (f64::NAN, 9.0)] {
            let err = TrimSize::new(w, h).expect_err("outside");
            assert_eq!(err.field(), Some("trim"));
        }
        assert!(TrimSize::parse("letter").is_err());
        assert!(TrimSize::parse("6by9").is_err());
    }

    #[test]
    fn serde_uses_the_code() {
        let json = serde_json::to_string(&TrimSize::A4).expect("serialise");
        assert_eq!(json, "\"8.27x11.69\"");
        let back: TrimSize = serde_json::from_str("\"6x9\"").expect("deserialise");
        assert_eq!(back, TrimSize::DEFAULT);
        assert!(serde_json::from_str::<TrimSize>("\"2x2\"").is_err());
    }
}
