//! The error responses many routes share, declared once. A route names the set it can
//! answer in its `#[utoipa::path(responses(...))]` beside its own, e.g.
//! `responses((status = 200, ...), SignedIn, JournalNotFound)`: [`SignedIn`] for the
//! 401 and 503 of every route of a signed-in person, and the single responses for the
//! rest. An error a route words differently (a 401 of `login`, a 503 of `register`)
//! stays a tuple of its own.
//!
//! The types are never built: only their `IntoResponses` impls are read.
#![allow(dead_code)]

use utoipa::IntoResponses;

use crate::error::ErrorBody;

/// 413 of every route that reads a JSON body (`read_json`, `JsonBody`).
#[derive(IntoResponses)]
#[response(status = 413, description = "The body is over the limit")]
pub struct PayloadTooLarge(ErrorBody);

/// 415 of every route that reads a JSON body (`read_json`, `JsonBody`).
#[derive(IntoResponses)]
#[response(status = 415, description = "The body is not application/json")]
pub struct UnsupportedMediaType(ErrorBody);

/// 503 of every route that calls a service behind the gateway.
#[derive(IntoResponses)]
#[response(status = 503, description = "A service behind the gateway is unavailable")]
pub struct Unavailable(ErrorBody);

/// 404 of every route on one of the caller's journals.
#[derive(IntoResponses)]
#[response(status = 404, description = "No such journal of the caller's")]
pub struct JournalNotFound(ErrorBody);

/// 404 of every route on one of the caller's jobs.
#[derive(IntoResponses)]
#[response(status = 404, description = "No such job of the caller's")]
pub struct JobNotFound(ErrorBody);

/// 401 and 503 of every route behind the bearer extractor (each calls a service).
#[derive(IntoResponses)]
pub enum SignedIn {
    #[response(status = 401, description = "No valid access token")]
    Unauthorized(ErrorBody),
    #[response(status = 503, description = "A service behind the gateway is unavailable")]
    Unavailable(ErrorBody),
}
