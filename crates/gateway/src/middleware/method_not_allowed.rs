//! 405 Method Not Allowed, from the OpenAPI document. Every handler is an actix resource
//! of its own, guarded by its method, so without this a documented path asked with another
//! method would fall through to the 404 of unknown paths. A request on a documented path
//! with a method the document does not have for it is answered 405 with an `Allow` header
//! listing the methods the document has for that path, in document order; the request-id
//! middleware then gives it the error body. The Swagger UI's assets under `/docs/` allow
//! GET only.

use std::collections::HashMap;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use utoipa::openapi::{OpenApi, PathItem};

/// Where the Swagger UI serves its assets (`routes::docs`).
const DOCS_ASSETS: &str = "/docs/";

/// The methods of each documented path.
#[derive(Debug, Default)]
pub struct AllowedMethods(HashMap<String, Vec<Method>>);

impl AllowedMethods {
    pub fn of(document: &OpenApi) -> Self {
        Self(document.paths.paths.iter().map(|(path, item)| (path.clone(), methods_of(item))).collect())
    }

    /// The methods documented for `path`, a route pattern as written in the document.
    pub fn get(&self, path: &str) -> Option<&[Method]> {
        self.0.get(path).map(Vec::as_slice)
    }
}

/// The operations of `item`, in the order the document writes them.
fn methods_of(item: &PathItem) -> Vec<Method> {
    [
        (&item.get, Some(Method::GET)),
        (&item.put, Some(Method::PUT)),
        (&item.post, Some(Method::POST)),
        (&item.delete, Some(Method::DELETE)),
        (&item.options, Some(Method::OPTIONS)),
        (&item.head, Some(Method::HEAD)),
        (&item.patch, Some(Method::PATCH)),
        (&item.trace, Some(Method::TRACE)),
        (&item.query, Method::from_bytes(b"QUERY").ok()),
    ]
    .into_iter()
    .filter(|(operation, _)| operation.is_some())
    .filter_map(|(_, method)| method)
    .collect()
}

/// Answers 405 before routing when the path's first registered pattern (the one actix
/// routes by and labels metrics with) is documented without the request's method.
pub async fn method_not_allowed(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let allowed = match (req.app_data::<web::Data<AllowedMethods>>(), req.match_pattern()) {
        // The Swagger UI's assets are not API routes; they are read with GET.
        _ if req.path().starts_with(DOCS_ASSETS) => Some(vec![Method::GET]),
        (Some(allowed), Some(pattern)) => allowed.get(&pattern).map(<[Method]>::to_vec),
        _ => None,
    };
    match allowed {
        Some(methods) if !methods.contains(req.method()) => {
            let response = HttpResponse::MethodNotAllowed().insert_header(header::Allow(methods)).finish();
            Ok(req.into_response(response))
        }
        _ => Ok(next.call(req).await?.map_into_boxed_body()),
    }
}
