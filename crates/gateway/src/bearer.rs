//! The JWT check at the edge: `Authorization: Bearer <access token>`, verified with the
//! auth service's keys (EdDSA only, `kid` looked up in its JWKS, `iss`, `aud`, `exp`,
//! `nbf` with at most 30 s of leeway, `typ` = access), then checked against the deny
//! list, answered from this process's replica of it (`jc_platform::deny`) once that is
//! loaded, from Redis otherwise. A deny list that cannot be read refuses the request
//! (503): a revoked token never gets through because the cache is down.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use jc_platform::deny::DenyList;
use jc_platform::grpc::CallContext;
use jc_platform::identity::{Caller, TokenVerifier};
use jc_platform::{AppError, ErrorCode};

use crate::error::ApiError;
use crate::middleware::request_id::request_id_of;

/// What the bearer check needs, shared through app data.
#[derive(Clone)]
pub struct Gate {
    pub verifier: Arc<TokenVerifier>,
    pub deny: DenyList,
}

/// A verified caller, with the token to forward to the services.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub caller: Caller,
    pub token: String,
    pub request_id: String,
}

impl Authenticated {
    /// The context of a call made on this caller's behalf.
    pub fn call_context(&self) -> CallContext {
        CallContext::new(self.request_id.clone()).with_token(self.token.clone())
    }
}

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let gate = req.app_data::<web::Data<Gate>>().cloned();
        let token = bearer(req).map(str::to_owned);
        let request_id = request_id_of(req).0;
        Box::pin(async move {
            let gate = gate.ok_or_else(|| AppError::internal("the bearer check is not configured"))?;
            let token = token
                .ok_or_else(|| AppError::unauthenticated("Sign in to continue: send an access token."))?;
            let caller = authenticate(&gate, &token).await?;
            Ok(Authenticated { caller, token, request_id })
        })
    }
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Verifies `token` and checks the deny list.
pub async fn authenticate(gate: &Gate, token: &str) -> Result<Caller, ApiError> {
    let caller = gate.verifier.verify(token).await.map_err(|error| match error.code {
        ErrorCode::Unauthenticated => error,
        // The keys could not be fetched: the caller is not at fault.
        _ => AppError::unavailable(error),
    })?;
    let denied = gate.deny.is_denied(&caller).await.map_err(AppError::unavailable)?;
    if denied {
        return Err(AppError::unauthenticated("This session has ended; sign in again.").into());
    }
    Ok(caller)
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn bearer_tokens_are_read_from_the_header() {
        let with = |value: &str| {
            TestRequest::default().insert_header((header::AUTHORIZATION, value)).to_http_request()
        };
        assert_eq!(bearer(&with("Bearer abc.def")), Some("abc.def"));
        assert_eq!(bearer(&with("bearer  abc.def ")), Some("abc.def"));
        assert_eq!(bearer(&with("Basic dXNlcjpwYXNz")), None);
        assert_eq!(bearer(&with("Bearer ")), None);
        assert_eq!(bearer(&with("abc.def")), None);
        assert_eq!(bearer(&TestRequest::default().to_http_request()), None);
    }
}
