//! Headers every response carries (also the answers the connection guard of `edge.rs`
//! writes itself): a `Content-Security-Policy` (a strict one for the API, one that fits
//! the bundled Swagger UI under `/docs`), `Permissions-Policy`, `nosniff`, framing and
//! referrer policies; `Strict-Transport-Security` when the request came over HTTPS; and
//! `Cache-Control: no-store` on every `/api/auth/*` response and on every response to a
//! request that carries credentials (tokens and account data must never sit in a shared
//! or browser cache).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use crate::Settings;

/// The API answers JSON and files: nothing in it may load, run or be framed.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The Swagger UI's own scripts, styles and images, its calls to this origin, and the inline
/// styles and `data:` images its bundle sets; nothing from elsewhere.
pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'none'";

/// No browser feature a JSON API or its documentation needs.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), display-capture=(), geolocation=(), \
     gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// When to send `Strict-Transport-Security`, from the `[gateway]` settings.
#[derive(Debug, Clone)]
pub struct HeaderPolicy {
    /// The value of the header; `None` when `hsts_max_age_seconds` is 0.
    hsts: Option<HeaderValue>,
    /// `public_url` is https: every response is one the client got over HTTPS.
    always_https: bool,
    trust_forwarded_proto: bool,
}

impl HeaderPolicy {
    pub fn of(settings: &Settings) -> Self {
        let hsts = (settings.hsts_max_age_seconds > 0).then(|| {
            let value = format!("max-age={}; includeSubDomains", settings.hsts_max_age_seconds);
            // Digits and ASCII only.
            HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("max-age=31536000"))
        });
        Self {
            hsts,
            always_https: settings.public_url_is_https(),
            trust_forwarded_proto: settings.trust_forwarded_proto,
        }
    }

    /// The HSTS value for a request with these headers, if it gets one.
    pub fn hsts_for(&self, request_headers: &HeaderMap) -> Option<HeaderValue> {
        let forwarded_https = self.trust_forwarded_proto
            && request_headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"));
        if self.always_https || forwarded_https { self.hsts.clone() } else { None }
    }
}

/// The headers of every response, whatever it answers.
pub fn insert_fixed(headers: &mut HeaderMap, path: &str) {
    let csp = if is_docs_path(path) { DOCS_CSP } else { API_CSP };
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    headers
        .insert(HeaderName::from_static("permissions-policy"), HeaderValue::from_static(PERMISSIONS_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
}

pub async fn security_headers<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let no_store = is_auth_path(req.path()) || carries_credentials(&req);
    let hsts = req.app_data::<web::Data<HeaderPolicy>>().and_then(|policy| policy.hsts_for(req.headers()));
    let path = req.path().to_owned();
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    insert_fixed(headers, &path);
    if let Some(hsts) = hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    // A handler's own `private, no-store` (the download) stays.
    let stored = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    if no_store && !stored {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

fn is_auth_path(path: &str) -> bool {
    path == "/api/auth" || path.starts_with("/api/auth/")
}

fn is_docs_path(path: &str) -> bool {
    path == "/docs" || path.starts_with("/docs/")
}

/// A bearer token, a cookie, or the job socket's `?token=`: the answer is someone's.
fn carries_credentials(req: &ServiceRequest) -> bool {
    req.headers().contains_key(header::AUTHORIZATION)
        || req.headers().contains_key(header::COOKIE)
        || req.query_string().split('&').any(|pair| pair == "token" || pair.starts_with("token="))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn only_auth_paths_are_no_store_by_path() {
        assert!(is_auth_path("/api/auth/login"));
        assert!(is_auth_path("/api/auth"));
        assert!(!is_auth_path("/api/authors"));
        assert!(!is_auth_path("/api/users/me"));
    }

    #[test]
    fn credentials_are_a_bearer_a_cookie_or_a_token_parameter() {
        let bearer = TestRequest::get().uri("/api/users/me").insert_header(("authorization", "Bearer x"));
        assert!(carries_credentials(&bearer.to_srv_request()));
        let token = TestRequest::get().uri("/ws/job/1?a=1&token=abc");
        assert!(carries_credentials(&token.to_srv_request()));
        let other = TestRequest::get().uri("/api/journals/author-suggestions?theme=token");
        assert!(!carries_credentials(&other.to_srv_request()));
    }

    #[test]
    fn hsts_follows_the_public_url_or_a_trusted_forwarded_proto() {
        let forwarded = TestRequest::get().insert_header(("x-forwarded-proto", "https")).to_http_request();
        let plain = TestRequest::get().to_http_request();

        let untrusted = HeaderPolicy::of(&Settings::default());
        assert_eq!(untrusted.hsts_for(forwarded.headers()), None, "the header is not believed by default");

        let trusted = HeaderPolicy::of(&Settings { trust_forwarded_proto: true, ..Settings::default() });
        assert_eq!(
            trusted.hsts_for(forwarded.headers()).as_ref().map(HeaderValue::as_bytes),
            Some(&b"max-age=31536000; includeSubDomains"[..])
        );
        assert_eq!(trusted.hsts_for(plain.headers()), None);

        let public = HeaderPolicy::of(&Settings {
            public_url: Some("https://api.example.com".into()),
            hsts_max_age_seconds: 600,
            ..Settings::default()
        });
        assert_eq!(
            public.hsts_for(plain.headers()).as_ref().map(HeaderValue::as_bytes),
            Some(&b"max-age=600; includeSubDomains"[..])
        );
        let off = HeaderPolicy::of(&Settings {
            public_url: Some("https://api.example.com".into()),
            hsts_max_age_seconds: 0,
            ..Settings::default()
        });
        assert_eq!(off.hsts_for(plain.headers()), None);
    }
}
