//! `GET /api/export/jobs/{id}/download`: a finished export's file, streamed from the
//! export service to the client without holding it in memory.
//!
//! The head chunk (content type, file name, size) is read before any response is
//! sent, so a refusal (another person's job, a file that is gone, a service that is
//! down) is still an error body with its status. After that the bytes go out as they
//! arrive with `Content-Length` set; a stream that fails or comes up short aborts the
//! connection, so a client never takes a truncated file for a complete one.

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, web};
use futures::Stream;
use jc_platform::AppError;
use jc_proto::export::download_chunk::Part;
use jc_proto::export::{DownloadChunk, DownloadHead};

use crate::bearer::Authenticated;
use crate::clients::Clients;
use crate::error::{ApiResult, ErrorBody};
use crate::openapi::responses::SignedIn;

/// The file name used when the service's leaves nothing printable.
const FALLBACK_NAME: &str = "export";

/// The finished file of one of the caller's exports.
#[utoipa::path(operation_id = "download_export", tag = "export", security(("bearer" = [])),
    params(("id" = String, Path, description = "The export job id")),
    responses(
        (status = 200, description = "The file, with Content-Disposition and Content-Length; its type is the format's",
            content(
                (Vec<u8> = "application/pdf"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                (Vec<u8> = "application/epub+zip"),
                (Vec<u8> = "application/zip"),
            )),
        (status = 404, description = "No such job of the caller's, or its file has expired", body = ErrorBody),
        (status = 409, description = "The job has not completed", body = ErrorBody),
        SignedIn,
    ))]
#[get("/api/export/jobs/{id}/download")]
pub async fn download(
    clients: web::Data<Clients>,
    caller: Authenticated,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let mut chunks = clients.download_export(&caller.call_context(), id.clone()).await?;
    let head = match chunks.message().await? {
        Some(DownloadChunk { part: Some(Part::Head(head)) }) => head,
        Some(_) => {
            return Err(AppError::internal("the export service sent file bytes before the head").into());
        }
        None => return Err(AppError::internal("the export service ended a download without a head").into()),
    };
    let DownloadHead { content_type, file_name, size_bytes } = head;
    let content_type = HeaderValue::from_str(content_type.trim())
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&content_disposition(&file_name))
        .map_err(|e| AppError::internal(format!("a Content-Disposition that is not a header value: {e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .no_chunking(size_bytes)
        .streaming(body(chunks, size_bytes, id)))
}

/// The data chunks as the response body: exactly `expected` bytes, or an error (which
/// makes actix drop the connection) when the stream fails, repeats its head, or
/// carries more or fewer bytes than announced.
fn body(
    chunks: tonic::Streaming<DownloadChunk>,
    expected: u64,
    job_id: String,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
    futures::stream::try_unfold((chunks, 0_u64), move |(mut chunks, sent)| {
        let job_id = job_id.clone();
        async move {
            let fail = |problem: String| {
                tracing::warn!(job_id = %job_id, sent, expected, %problem, "export download aborted");
                Err(std::io::Error::other(problem))
            };
            loop {
                return match chunks.message().await {
                    Ok(Some(DownloadChunk { part: Some(Part::Data(data)) })) => {
                        let sent = sent + data.len() as u64;
                        if sent > expected {
                            fail(format!("the file is longer than the {expected} bytes announced"))
                        } else if data.is_empty() {
                            continue;
                        } else {
                            Ok(Some((Bytes::from(data), (chunks, sent))))
                        }
                    }
                    Ok(Some(_)) => fail("the export service sent a chunk that is not file bytes".to_owned()),
                    Ok(None) if sent == expected => Ok(None),
                    Ok(None) => fail(format!("the file ended after {sent} of {expected} bytes")),
                    Err(status) => fail(format!("the export service failed mid-file: {}", status.message())),
                };
            }
        }
    })
}

/// `attachment` with the file name twice: an ASCII fallback in `filename` (quotes,
/// backslashes, control and non-ASCII characters replaced) and the exact name in
/// `filename*`, percent-encoded UTF-8 (RFC 6266, RFC 8187).
pub fn content_disposition(file_name: &str) -> String {
    let name: String = file_name.trim().chars().filter(|c| !c.is_control()).collect();
    let name = if name.is_empty() { FALLBACK_NAME.to_owned() } else { name };
    let fallback: String = name
        .chars()
        .map(|c| if (c.is_ascii_graphic() || c == ' ') && !matches!(c, '"' | '\\') { c } else { '_' })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_quoted_safely_and_encoded_exactly() {
        assert_eq!(
            content_disposition("Gratitude.pdf"),
            "attachment; filename=\"Gratitude.pdf\"; filename*=UTF-8''Gratitude.pdf"
        );
        assert_eq!(
            content_disposition("Café \"Días\"\\.pdf"),
            "attachment; filename=\"Caf_ _D_as__.pdf\"; \
             filename*=UTF-8''Caf%C3%A9%20%22D%C3%ADas%22%5C.pdf"
        );
        let injected = content_disposition("a\r\nSet-Cookie: x=1.pdf");
        assert!(!injected.contains('\r') && !injected.contains('\n'), "{injected}");
        assert!(HeaderValue::from_str(&injected).is_ok());
        assert_eq!(content_disposition(" \n"), "attachment; filename=\"export\"; filename*=UTF-8''export");
    }
}
