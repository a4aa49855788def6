//! Rate limits at the edge, over [`jc_platform::ratelimit`]: which class a request is in,
//! the keys it is counted under, what a class does when Redis is down, and the answer.
//!
//! | class | counted per | routes |
//! |---|---|---|
//! | `sign_in_account`, `sign_in_address` | address and email, address | `POST /api/auth/login` |
//! | `registration` | address | `POST /api/auth/register` |
//! | `refresh` | address | `POST /api/auth/refresh` |
//! | `generation` | account | `POST /api/ai/generate-journal` |
//! | `export` | account | `POST /api/export/jobs`, `POST /api/export/create` |
//! | `provider_key_test` | account | `POST /api/settings/test-api-key` |
//! | `default` | address | every other route but `/livez` and `/readyz` |
//!
//! Classes whose key is known from the request line are decided by the [`rate_limit`]
//! middleware; the others (an email in the body, an account behind a verified token) by
//! their handler through the [`Limits`] extractor, after the token check, so a forged
//! token can never spend someone else's quota. Every decision, allowed or not, is kept
//! in the request's extensions, and the middleware writes it as `RateLimit-Policy` and
//! `RateLimit` (draft-ietf-httpapi-ratelimit-headers); a refusal is a 429 with
//! `Retry-After`.

use std::future::{Ready, ready};
use std::net::IpAddr;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use jc_platform::ratelimit::{Decision, Limit, RateLimiter, WhenUnavailable};
use jc_platform::{AppError, ErrorCode};
use sha2::{Digest, Sha256};

use crate::address::client_address;
use crate::error::ApiError;
use crate::settings::{ClassLimit, RateLimitSettings, Store};

pub const RATELIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");
pub const RATELIMIT: HeaderName = HeaderName::from_static("ratelimit");

/// The limiter and the configured classes, shared through app data.
#[derive(Clone)]
pub struct EdgeLimits {
    pub limiter: RateLimiter,
    pub settings: RateLimitSettings,
}

/// A class of requests with its own quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    SignInAccount,
    SignInAddress,
    Registration,
    Refresh,
    Generation,
    Export,
    ProviderKeyTest,
    Default,
}

impl Class {
    /// The policy's name: its settings key and the name in the `RateLimit` headers.
    pub fn name(self) -> &'static str {
        match self {
            Class::SignInAccount => "sign_in_account",
            Class::SignInAddress => "sign_in_address",
            Class::Registration => "registration",
            Class::Refresh => "refresh",
            Class::Generation => "generation",
            Class::Export => "export",
            Class::ProviderKeyTest => "provider_key_test",
            Class::Default => "default",
        }
    }

    fn limit_of(self, settings: &RateLimitSettings) -> &ClassLimit {
        match self {
            Class::SignInAccount => &settings.sign_in_account,
            Class::SignInAddress => &settings.sign_in_address,
            Class::Registration => &settings.registration,
            Class::Refresh => &settings.refresh,
            Class::Generation => &settings.generation,
            Class::Export => &settings.export,
            Class::ProviderKeyTest => &settings.provider_key_test,
            Class::Default => &settings.default,
        }
    }
}

/// What the middleware does with a request.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    /// Decided here, per address.
    ByAddress(Class),
    /// Decided by the handler (its key is in the body or behind the token).
    InHandler,
    /// Not limited: the probes.
    Free,
}

fn route_of(method: &Method, path: &str) -> Route {
    let post = method == Method::POST;
    match path {
        "/livez" | "/readyz" => Route::Free,
        "/api/auth/register" if post => Route::ByAddress(Class::Registration),
        "/api/auth/refresh" if post => Route::ByAddress(Class::Refresh),
        "/api/auth/login"
        | "/api/ai/generate-journal"
        | "/api/export/jobs"
        | "/api/export/create"
        | "/api/settings/test-api-key"
            if post =>
        {
            Route::InHandler
        }
        _ => Route::ByAddress(Class::Default),
    }
}

impl EdgeLimits {
    /// Decides on `keys` (each a class and its key) together, applying the strictest
    /// fallback of the classes when Redis is down.
    async fn decide(&self, keys: &[(Class, String)]) -> Result<Decision, ApiError> {
        let limits: Vec<Limit> = keys
            .iter()
            .map(|(class, key)| Limit {
                policy: class.name(),
                key: format!("{}:{key}", class.name()),
                quota: class.limit_of(&self.settings).quota(),
            })
            .collect();
        let local = keys.iter().all(|(class, _)| class.limit_of(&self.settings).store == Store::Local);
        if local {
            return Ok(self.limiter.check_locally(&limits));
        }
        match self.limiter.check(&limits).await {
            Ok(decision) => Ok(decision),
            Err(unavailable) => {
                let fallback = keys
                    .iter()
                    .map(|(class, _)| class.limit_of(&self.settings).when_redis_down)
                    .max_by_key(|when| match when {
                        WhenUnavailable::Allow => 0,
                        WhenUnavailable::Local => 1,
                        WhenUnavailable::Refuse => 2,
                    })
                    .unwrap_or(WhenUnavailable::Local);
                metrics::counter!("gateway_rate_limit_degraded_total", "when_redis_down" => fallback_name(fallback))
                    .increment(1);
                match fallback {
                    WhenUnavailable::Local => Ok(self.limiter.check_locally(&limits)),
                    WhenUnavailable::Allow => {
                        Ok(Decision { allowed: true, retry_after: Duration::ZERO, keys: Vec::new() })
                    }
                    WhenUnavailable::Refuse => Err(ApiError::from(AppError::unavailable(unavailable))
                        .with_public_message("Rate limits cannot be checked right now; try again shortly.")),
                }
            }
        }
    }

    /// Decides, records the decision on `req` for the headers, and refuses with 429.
    async fn enforce(&self, req: &HttpRequest, keys: &[(Class, String)]) -> Result<(), ApiError> {
        let decision = self.decide(keys).await?;
        let allowed = decision.allowed;
        let retry_after = decision.retry_after;
        // A refusal is counted under the class that had nothing left.
        let refused_by = (!allowed).then(|| decision.keys.iter().find(|key| key.remaining == 0)).flatten();
        let class = refused_by
            .map(|key| key.policy)
            .or_else(|| keys.first().map(|(class, _)| class.name()))
            .unwrap_or("default");
        req.extensions_mut().insert(decision);
        metrics::counter!(
            "gateway_rate_limit_decisions_total",
            "class" => class,
            "outcome" => if allowed { "allowed" } else { "limited" },
        )
        .increment(1);
        if allowed {
            return Ok(());
        }
        let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        Err(AppError::new(ErrorCode::RateLimited, format!("Too many requests; try again in {seconds} s."))
            .with_retry_after(seconds.max(1))
            .into())
    }
}

/// Describes the families the limiter records.
pub(crate) fn describe_metrics() {
    metrics::describe_counter!(
        "gateway_rate_limit_decisions_total",
        "Rate-limit decisions of this gateway, by class and outcome (allowed or limited)."
    );
    metrics::describe_counter!(
        "gateway_rate_limit_degraded_total",
        "Rate-limit decisions made without Redis because it was unreachable, by what the class does then."
    );
}

fn fallback_name(when: WhenUnavailable) -> &'static str {
    match when {
        WhenUnavailable::Local => "local",
        WhenUnavailable::Allow => "allow",
        WhenUnavailable::Refuse => "refuse",
    }
}

/// The address part of a key; a request without a peer address (a test request, a
/// Unix socket) shares one key.
fn address_key(address: Option<IpAddr>) -> String {
    address.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// Emails are kept in the limiter only as a digest.
fn email_key(email: &str) -> String {
    let digest = Sha256::digest(email.trim().to_lowercase().as_bytes());
    digest[..12].iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The handlers' access to the limiter.
pub struct Limits {
    limits: Option<web::Data<EdgeLimits>>,
    req: HttpRequest,
}

impl FromRequest for Limits {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let limits = req.app_data::<web::Data<EdgeLimits>>().filter(|l| l.settings.enabled).cloned();
        ready(Ok(Self { limits, req: req.clone() }))
    }
}

impl Limits {
    async fn enforce(&self, keys: &[(Class, String)]) -> Result<(), ApiError> {
        match &self.limits {
            Some(limits) => limits.enforce(&self.req, keys).await,
            None => Ok(()),
        }
    }

    /// A sign-in attempt for `email`: counted per address with the email, and per address.
    pub async fn sign_in(&self, email: &str) -> Result<(), ApiError> {
        let address = address_key(client_address(&self.req));
        let pair = format!("{address}:{}", email_key(email));
        self.enforce(&[(Class::SignInAccount, pair), (Class::SignInAddress, address)]).await
    }

    /// A request of `class` by the signed-in account `user_id`.
    pub async fn account(&self, class: Class, user_id: &str) -> Result<(), ApiError> {
        self.enforce(&[(class, user_id.to_owned())]).await
    }
}

/// Decides the classes keyed by address, and writes every decision of the request as
/// headers.
pub async fn rate_limit<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<B>>, actix_web::Error> {
    let limits = req.app_data::<web::Data<EdgeLimits>>().filter(|l| l.settings.enabled).cloned();
    if let Some(limits) = &limits
        && let Route::ByAddress(class) = route_of(req.method(), req.path())
    {
        let key = address_key(client_address(req.request()));
        if let Err(error) = limits.enforce(req.request(), &[(class, key)]).await {
            let (http, _) = req.into_parts();
            let mut response = actix_web::HttpResponse::from_error(error);
            write_headers(&http, response.headers_mut());
            return Ok(ServiceResponse::new(http, response).map_into_right_body());
        }
    }
    let mut response = next.call(req).await?;
    let (http, headers) = (response.request().clone(), response.headers_mut());
    write_headers(&http, headers);
    Ok(response.map_into_left_body())
}

fn write_headers(req: &HttpRequest, headers: &mut actix_web::http::header::HeaderMap) {
    let extensions = req.extensions();
    let Some(decision) = extensions.get::<Decision>() else { return };
    if decision.keys.is_empty() {
        return;
    }
    let policy = decision
        .keys
        .iter()
        .map(|key| format!("\"{}\";q={};w={}", key.policy, key.quota.limit, key.quota.period_seconds))
        .collect::<Vec<_>>()
        .join(", ");
    let state = decision
        .keys
        .iter()
        .map(|key| {
            let reset = key.reset.as_secs() + u64::from(key.reset.subsec_nanos() > 0);
            format!("\"{}\";r={};t={reset}", key.policy, key.remaining)
        })
        .collect::<Vec<_>>()
        .join(", ");
    if let (Ok(policy), Ok(state)) = (HeaderValue::from_str(&policy), HeaderValue::from_str(&state)) {
        headers.insert(RATELIMIT_POLICY, policy);
        headers.insert(RATELIMIT, state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_classified() {
        assert_eq!(route_of(&Method::POST, "/api/auth/register"), Route::ByAddress(Class::Registration));
        assert_eq!(route_of(&Method::POST, "/api/auth/refresh"), Route::ByAddress(Class::Refresh));
        assert_eq!(route_of(&Method::POST, "/api/auth/login"), Route::InHandler);
        assert_eq!(route_of(&Method::POST, "/api/export/create"), Route::InHandler);
        assert_eq!(route_of(&Method::GET, "/api/auth/login"), Route::ByAddress(Class::Default));
        assert_eq!(route_of(&Method::GET, "/api/users/me"), Route::ByAddress(Class::Default));
        assert_eq!(route_of(&Method::GET, "/livez"), Route::Free);
    }

    #[test]
    fn emails_are_digested_the_same_however_written() {
        assert_eq!(email_key(" Ada@Example.com"), email_key("ada@example.com"));
        assert_ne!(email_key("ada@example.com"), email_key("bob@example.com"));
        assert_eq!(email_key("ada@example.com").len(), 24);
        assert!(!email_key("ada@example.com").contains("ada"));
    }
}
