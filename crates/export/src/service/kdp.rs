//! `KdpPreview`: the KDP calculator without rendering. The question (trim, pages, ink
//! and paper, binding, bleed, and optionally a listing and the cover's title) arrives
//! typed; the answer holds the calculation (page limits, interior page, margins, spine
//! and cover) and, when a listing was given, every listing check and whether all passed.

use jc_domain::print::KdpPreviewInput;
use jc_platform::{AppError, AppResult};
use jc_proto::export as pb;
use jc_render::RenderError;
use jc_render::kdp::{
    Binding, Calculation, CalculatorInput, Check, InkPaper, SizeIn, TrimSize, calculate, check_listing,
};

/// Answers the calculator for `request`.
pub(super) fn preview(request: &pb::KdpPreviewRequest) -> AppResult<pb::KdpPreviewResult> {
    let input = KdpPreviewInput::try_from(request)?;
    let invalid = |error: RenderError| match error {
        RenderError::Invalid { field, message } => AppError::field(field, message),
        other => AppError::internal(other),
    };
    let trim = match input.trim.as_deref() {
        Some(trim) => TrimSize::parse(trim).map_err(invalid)?,
        None => TrimSize::DEFAULT,
    };
    let calculation = calculate(CalculatorInput {
        trim,
        pages: input.pages,
        ink_paper: input.ink_paper.unwrap_or(InkPaper::BlackWhite),
        binding: input.binding.unwrap_or(Binding::Paperback),
        bleed: input.bleed,
    })
    .map_err(invalid)?;
    let listing = input.listing.as_ref().map(|listing| {
        let checks = check_listing(listing, input.cover_title.as_deref());
        pb::ListingReport {
            passed: checks.iter().all(|check| check.passed),
            checks: checks.iter().map(check).collect(),
        }
    });
    Ok(pb::KdpPreviewResult { calculation: Some(calculation_of(&calculation)), listing })
}

fn size(size: SizeIn) -> Option<pb::SizeIn> {
    Some(pb::SizeIn { width: size.width, height: size.height })
}

fn calculation_of(c: &Calculation) -> pb::KdpCalculation {
    pb::KdpCalculation {
        trim: c.trim.clone(),
        pages: c.pages,
        limits: Some(pb::PageLimits { min: c.limits.min, max: c.limits.max }),
        pages_ok: c.pages_ok,
        interior_page: size(c.interior_page),
        min_gutter: c.min_gutter,
        min_outside: c.min_outside,
        cover: Some(pb::CoverSpec {
            size: size(c.cover.size),
            spine_width: c.cover.spine_width,
            spine_text: c.cover.spine_text,
            trim: size(c.cover.trim),
            bleed: c.cover.bleed,
        }),
    }
}

fn check(check: &Check) -> pb::Check {
    pb::Check {
        id: check.id.to_owned(),
        rule: check.rule.to_owned(),
        passed: check.passed,
        measured: check.measured.clone(),
        advice: check.advice.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// The question as the gateway reads it from JSON and sends it.
    fn ask(value: Value) -> AppResult<pb::KdpPreviewResult> {
        let input = KdpPreviewInput::from_json(value).map_err(|r| AppError::field(r.field, r.message))?;
        preview(&pb::KdpPreviewRequest::from(&input))
    }

    fn field(value: Value) -> String {
        let error = ask(value).expect_err("refused");
        assert_eq!(error.code, jc_platform::ErrorCode::ValidationFailed);
        error.fields[0].field.clone()
    }

    #[test]
    fn the_calculator_answers() {
        let result =
            ask(json!({"trim": "6x9", "pages": 301, "ink_paper": "black_cream", "bleed": true})).expect("ok");
        let calculation = result.calculation.expect("calculation");
        assert_eq!(calculation.min_gutter, 0.625);
        assert_eq!(calculation.trim, "6x9");
        assert!(result.listing.is_none());
    }

    #[test]
    fn a_listing_is_checked() {
        let result = ask(json!({"pages": 120, "listing": {"title": "Best Seller Journal", "author": "A",
            "description": "d", "keywords": ["a", "b", "c", "d", "e", "f", "g", "h"]}}))
        .expect("ok");
        let listing = result.listing.expect("listing");
        assert!(!listing.passed);
        let failed: Vec<&str> = listing.checks.iter().filter(|c| !c.passed).map(|c| c.id.as_str()).collect();
        assert!(failed.len() >= 2, "{failed:?}");
    }

    #[test]
    fn bad_input_names_its_field() {
        assert_eq!(field(json!({"pages": 0})), "pages");
        assert_eq!(field(json!({"pages": 900})), "pages");
        assert_eq!(field(json!({"pages": 100, "trim": "3x3"})), "trim");
        let unknown_ink = pb::KdpPreviewRequest { pages: 100, ink_paper: 42, ..Default::default() };
        assert_eq!(preview(&unknown_ink).expect_err("refused").fields[0].field, "ink_paper");
    }
}
