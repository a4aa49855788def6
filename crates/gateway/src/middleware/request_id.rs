//! The outermost middleware: gives every request an id (a valid incoming `x-request-id`
//! or a new one), runs the request inside a span carrying it, echoes it in the
//! response, and writes the error body of API.md on every error response.

use std::future::{Ready, ready};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use jc_platform::telemetry::{REQUEST_ID_HEADER, new_request_id, request_id_or_new};
use tracing::Instrument;

use crate::error::{detached, finish_error_response};

/// The id of the current request, for handlers (they pass it on in every gRPC call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

impl FromRequest for RequestId {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(request_id_of(req)))
    }
}

/// The request's id; a new one outside the middleware (which always sets it).
pub fn request_id_of(req: &HttpRequest) -> RequestId {
    req.extensions().get::<RequestId>().cloned().unwrap_or_else(|| RequestId(new_request_id()))
}

pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let id = request_id_or_new(req.headers().get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok()));
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("http", request_id = %id, method = %req.method(), path = %req.path());
    async move {
        match next.call(req).await {
            Ok(response) => {
                let mut response = finish_error_response(response.map_into_boxed_body(), &id);
                if let Ok(value) = HeaderValue::from_str(&id) {
                    response.headers_mut().insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
                }
                Ok(response)
            }
            // Nothing inside returns an error today; if something does, actix renders it,
            // still with the request id and the body of API.md.
            Err(error) => Err(detached(&error, &id).into()),
        }
    }
    .instrument(span)
    .await
}
