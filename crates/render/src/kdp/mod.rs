//! The KDP calculator: page limits, spine width, cover size, margins and listing checks,
//! from the facts of KDP.md. Usable without rendering anything.

pub mod listing;
pub mod print;
pub mod rules;
pub mod trim;

use serde::Serialize;

pub use listing::{Listing, check_listing};
pub use print::{
    Binding, CoverSpec, InkPaper, PageLimits, SizeIn, cover_spec, interior_page_size, min_gutter_in,
    min_outer_margin_in, page_limits, spine_width_in,
};
pub use rules::{Check, Rule};
pub use trim::TrimSize;

use crate::error::{RenderError, Result};

/// What the calculator is asked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalculatorInput {
    pub trim: TrimSize,
    pub pages: u32,
    pub ink_paper: InkPaper,
    pub binding: Binding,
    pub bleed: bool,
}

/// Everything KDP.md says about a book of that shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calculation {
    pub trim: String,
    pub pages: u32,
    pub limits: PageLimits,
    /// The page count is within the limits and even.
    pub pages_ok: bool,
    pub interior_page: SizeIn,
    pub min_gutter: f64,
    pub min_outside: f64,
    pub cover: CoverSpec,
}

/// Answers the calculator. A page count over 828 (no gutter band) is refused as bad input.
pub fn calculate(input: CalculatorInput) -> Result<Calculation> {
    if input.pages == 0 {
        return Err(RenderError::invalid("pages", "must be at least 1"));
    }
    let min_gutter = min_gutter_in(input.pages).ok_or_else(|| {
        RenderError::invalid("pages", format!("{} pages is more than KDP prints (828 at most)", input.pages))
    })?;
    let limits = page_limits(input.trim, input.ink_paper, input.binding);
    Ok(Calculation {
        trim: input.trim.code(),
        pages: input.pages,
        limits,
        pages_ok: limits.allows(input.pages) && input.pages.is_multiple_of(2),
        interior_page: interior_page_size(input.trim, input.bleed),
        min_gutter,
        min_outside: min_outer_margin_in(input.bleed),
        cover: cover_spec(input.trim, input.pages, input.ink_paper),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calculator_answers_a_whole_book() {
        let calc = calculate(CalculatorInput {
            trim: TrimSize::DEFAULT,
            pages: 301,
            ink_paper: InkPaper::BlackCream,
            binding: Binding::Paperback,
            bleed: true,
        })
        .expect("calculation");
        assert_eq!(calc.min_gutter, 0.625);
        assert_eq!(calc.min_outside, 0.375);
        assert_eq!(calc.limits, PageLimits { min: 24, max: 776 });
        assert!(!calc.pages_ok, "301 is odd");
        assert!((calc.cover.spine_width - 0.7525).abs() < 1e-9);
        assert!((calc.cover.size.width - (12.0 + 0.7525 + 0.25)).abs() < 1e-9);
        assert!((calc.interior_page.width - 6.125).abs() < 1e-9);
    }

    #[test]
    fn impossible_page_counts_are_refused() {
        let input = CalculatorInput {
            trim: TrimSize::DEFAULT,
            pages: 900,
            ink_paper: InkPaper::BlackWhite,
            binding: Binding::Paperback,
            bleed: false,
        };
        assert_eq!(calculate(input).expect_err("too many").field(), Some("pages"));
        assert!(calculate(CalculatorInput { pages: 0, ..input }).is_err());
    }
}
