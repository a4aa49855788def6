//! `KdpPreview`: the KDP calculator without rendering. The request is a JSON object:
//!
//! ```json
//! {"trim": "6x9", "pages": 120, "ink_paper": "black_cream", "binding": "paperback",
//!  "bleed": false, "listing": {"title": "…", "author": "…", "description": "…",
//!  "keywords": [], "categories": [], "isbn": null}, "cover_title": "…"}
//! ```
//!
//! `pages` is required; `listing` and `cover_title` are optional. The answer holds
//! `calculation` (page limits, interior page, margins, spine and cover) and, when a
//! listing was given, `listing` with every check and whether all passed.

use jc_platform::{AppError, AppResult};
use jc_proto::export::KdpPreviewResult;
use jc_render::RenderError;
use jc_render::kdp::{Binding, CalculatorInput, InkPaper, Listing, TrimSize, calculate, check_listing};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviewRequest {
    #[serde(default)]
    trim: TrimSize,
    pages: u32,
    #[serde(default)]
    ink_paper: Option<InkPaper>,
    #[serde(default)]
    binding: Option<Binding>,
    #[serde(default)]
    bleed: bool,
    #[serde(default)]
    listing: Option<Listing>,
    #[serde(default)]
    cover_title: Option<String>,
}

/// Answers the calculator for `raw`.
pub(super) fn preview(raw: &str) -> AppResult<KdpPreviewResult> {
    let value: serde_json::Value = serde_json::from_str(raw)
        .map_err(|error| AppError::field("request", format!("is not valid JSON: {error}")))?;
    if !value.is_object() {
        return Err(AppError::field("request", "must be a JSON object"));
    }
    let request: PreviewRequest = serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let field = if path == "." || path.is_empty() { "request".to_owned() } else { path };
        AppError::field(field, error.into_inner().to_string())
    })?;
    let calculation = calculate(CalculatorInput {
        trim: request.trim,
        pages: request.pages,
        ink_paper: request.ink_paper.unwrap_or(InkPaper::BlackWhite),
        binding: request.binding.unwrap_or(Binding::Paperback),
        bleed: request.bleed,
    })
    .map_err(|error| match error {
        RenderError::Invalid { field, message } => AppError::field(field, message),
        other => AppError::internal(other),
    })?;
    let mut result = json!({ "calculation": calculation });
    if let Some(listing) = &request.listing {
        let checks = check_listing(listing, request.cover_title.as_deref());
        let passed = checks.iter().all(|check| check.passed);
        result["listing"] = json!({ "passed": passed, "checks": checks });
    }
    Ok(KdpPreviewResult { result_json: result.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(raw: &str) -> String {
        let error = preview(raw).expect_err("refused");
        assert_eq!(error.code, jc_platform::ErrorCode::ValidationFailed);
        error.fields[0].field.clone()
    }

    #[test]
    fn the_calculator_answers() {
        let result =
            preview(r#"{"trim":"6x9","pages":301,"ink_paper":"black_cream","bleed":true}"#).expect("ok");
        let value: serde_json::Value = serde_json::from_str(&result.result_json).expect("json");
        assert_eq!(value["calculation"]["min_gutter"], 0.625);
        assert_eq!(value["calculation"]["trim"], "6x9");
        assert!(value.get("listing").is_none());
    }

    #[test]
    fn a_listing_is_checked() {
        let raw = r#"{"pages":120,"listing":{"title":"Best Seller Journal","author":"A","description":"d","keywords":["a","b","c","d","e","f","g","h"]}}"#;
        let value: serde_json::Value =
            serde_json::from_str(&preview(raw).expect("ok").result_json).expect("json");
        assert_eq!(value["listing"]["passed"], false);
        let failed: Vec<&str> = value["listing"]["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| c["passed"] == false)
            .filter_map(|c| c["id"].as_str())
            .collect();
        assert!(failed.len() >= 2, "{failed:?}");
    }

    #[test]
    fn bad_input_names_its_field() {
        assert_eq!(field("nope"), "request");
        assert_eq!(field("[]"), "request");
        assert_eq!(field(r#"{"trim":"6x9"}"#), "request", "pages is required");
        assert_eq!(field(r#"{"pages":"many"}"#), "pages");
        assert_eq!(field(r#"{"pages":0}"#), "pages");
        assert_eq!(field(r#"{"pages":900}"#), "pages");
        assert_eq!(field(r#"{"pages":100,"trim":"3x3"}"#), "trim");
        assert_eq!(field(r#"{"pages":100,"ink_paper":"gold"}"#), "ink_paper");
        assert_eq!(field(r#"{"pages":100,"listing":{"title":1}}"#), "listing.title");
        assert_eq!(field(r#"{"pages":100,"spine":1}"#), "spine", "unknown keys are named");
    }
}
