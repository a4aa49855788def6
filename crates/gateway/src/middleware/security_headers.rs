//! Headers every response carries, and `Cache-Control: no-store` on `/api/auth/*`
//! (tokens and account data must never sit in a shared or browser cache).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;

pub async fn security_headers<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let no_store = is_auth_path(req.path());
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if no_store {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

fn is_auth_path(path: &str) -> bool {
    path == "/api/auth" || path.starts_with("/api/auth/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_auth_paths_are_no_store() {
        assert!(is_auth_path("/api/auth/login"));
        assert!(is_auth_path("/api/auth"));
        assert!(!is_auth_path("/api/authors"));
        assert!(!is_auth_path("/api/users/me"));
    }
}
