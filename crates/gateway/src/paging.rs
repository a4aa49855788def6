//! `?page=&limit=` of the list routes, read once: a page from 1 to [`MAX_PAGE`], and a
//! limit from 1 to [`MAX_LIMIT`]; each left out takes its default, anything else is a
//! field error. The OpenAPI document states the same ranges.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use jc_platform::{AppError, ErrorCode, FieldError, both};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;

/// Items on a page when `limit` is left out.
pub const DEFAULT_LIMIT: u32 = 20;
/// The most items on a page.
pub const MAX_LIMIT: u32 = 100;
/// The highest page number asked for (a million pages of 100 is far past any list).
pub const MAX_PAGE: u32 = 1_000_000;

/// The page a list route is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// From 1 to 1000000; 1 when left out
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1_000_000)]
    pub page: u32,
    /// 1 to 100; 20 when left out
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: u32,
}

#[derive(Debug, Deserialize)]
struct RawPaging {
    page: Option<String>,
    limit: Option<String>,
}

impl Paging {
    /// The paging of a query string.
    pub fn parse(query: &str) -> Result<Self, AppError> {
        let raw = web::Query::<RawPaging>::from_query(query).map_err(|e| {
            AppError::new(ErrorCode::BadRequest, format!("The query string is not valid: {e}"))
        })?;
        let (page, limit) = both(
            number("page", raw.page.as_deref(), 1, 1, MAX_PAGE),
            number("limit", raw.limit.as_deref(), DEFAULT_LIMIT, 1, MAX_LIMIT),
        )?;
        Ok(Self { page, limit })
    }
}

impl FromRequest for Paging {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::parse(req.query_string()).map_err(ApiError::from))
    }
}

/// A whole number from `min` to `max`, or the problem with `raw`.
fn number(field: &str, raw: Option<&str>, default: u32, min: u32, max: u32) -> Result<u32, FieldError> {
    let Some(raw) = raw else { return Ok(default) };
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| FieldError::new(field, format!("must be a whole number from {min} to {max}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_whole_numbers_in_range() {
        assert_eq!(number("page", None, 1, 1, MAX_PAGE), Ok(1));
        assert!(Paging::parse("page=1000001").is_err(), "over the documented maximum");
        assert!(Paging::parse("page=2147483648").is_err());
        assert_eq!(number("limit", Some("100"), 20, 1, MAX_LIMIT), Ok(100));
        for bad in ["0", "101", "-1", "two", "", "1.5"] {
            assert!(number("limit", Some(bad), 20, 1, MAX_LIMIT).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_query_gives_its_page_or_every_problem() {
        assert_eq!(Paging::parse("").ok(), Some(Paging { page: 1, limit: DEFAULT_LIMIT }));
        assert_eq!(Paging::parse("page=3&limit=50&other=x").ok(), Some(Paging { page: 3, limit: 50 }));
        let error = Paging::parse("page=0&limit=500").expect_err("both out of range");
        let fields: Vec<&str> = error.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["page", "limit"]);
    }
}
