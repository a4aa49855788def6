//! The connection guard in front of actix-http's HTTP/1 dispatcher. actix-http answers a
//! head it cannot take (over its 128 KiB buffer: 431; a URI over 64 KiB or a malformed
//! line: 400; a head that is slow to come: 408) itself, before the application, with an
//! empty body and none of our headers. So every accepted socket is wrapped in a
//! [`GuardedStream`], which holds each request head back until it is complete, checks it
//! against `gateway.max_request_line_bytes` and `gateway.max_head_bytes` (set below
//! actix-http's limits) and the syntax httparse wants, and times it
//! (`gateway.head_read_timeout_ms`). A refused head is answered here with the error body
//! of API.md and the security headers, the dispatcher sees the end of the stream, and
//! the answer goes out once the dispatcher has written what it owed and shuts the
//! connection down. A body still arriving `body_read_timeout_ms` (plus a grace period in
//! which the application answers 408 itself) after its head ends the stream.

mod framing;

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use actix_web::http::header::{self, HeaderMap};
use actix_web::rt::net::TcpStream;
use jc_platform::ErrorCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use self::framing::{Fed, Framer, HeadLimits, Refusal};
use crate::Settings;
use crate::error::{ErrorBody, status_of};
use crate::middleware::security_headers::{HeaderPolicy, insert_fixed};

/// After the body read timeout, the time the application has to answer 408 before the
/// guard ends the stream.
const BODY_GRACE: Duration = Duration::from_secs(1);
/// After a refusal, how long the guard reads and drops what the client still sends (so
/// closing does not reset the connection and lose the answer), at most and between reads.
const LINGER_TOTAL: Duration = Duration::from_secs(2);
const LINGER_IDLE: Duration = Duration::from_millis(250);
const READ_CHUNK: usize = 16 * 1024;

/// What every guarded connection is checked against.
#[derive(Debug, Clone)]
pub struct Guard {
    limits: HeadLimits,
    head_timeout: Duration,
    body_timeout: Duration,
    policy: HeaderPolicy,
}

impl Guard {
    pub fn of(settings: &Settings) -> Arc<Self> {
        Arc::new(Self {
            limits: HeadLimits {
                max_request_line: settings.max_request_line_bytes,
                max_head: settings.max_head_bytes,
            },
            head_timeout: Duration::from_millis(settings.head_read_timeout_ms),
            body_timeout: Duration::from_millis(settings.body_read_timeout_ms),
            policy: HeaderPolicy::of(settings),
        })
    }

    /// actix-http's own head timeout, later than the guard's so the guard answers first.
    pub fn dispatcher_request_timeout(&self) -> Duration {
        self.head_timeout + Duration::from_secs(1)
    }
}

/// A TCP stream whose request heads are checked before the dispatcher reads them.
pub struct GuardedStream {
    io: TcpStream,
    guard: Arc<Guard>,
    framer: Framer,
    /// Checked bytes the dispatcher has not read yet.
    ready: Vec<u8>,
    ready_from: usize,
    /// The head or body deadline, when one runs.
    deadline: Option<Pin<Box<Sleep>>>,
    deadline_is_body: bool,
    /// The refusal to write, and how much of it is written.
    reply: Option<(Vec<u8>, usize)>,
    /// Reads end here: a refusal, or a body that did not come.
    ended: bool,
    linger: Option<Linger>,
}

struct Linger {
    until: Instant,
    idle: Pin<Box<Sleep>>,
}

impl GuardedStream {
    pub fn new(io: TcpStream, guard: Arc<Guard>) -> Self {
        let framer = Framer::new(guard.limits);
        // The first head is timed from the connection on.
        let deadline = Some(Box::pin(tokio::time::sleep(guard.head_timeout)));
        Self {
            io,
            guard,
            framer,
            ready: Vec::new(),
            ready_from: 0,
            deadline,
            deadline_is_body: false,
            reply: None,
            ended: false,
            linger: None,
        }
    }

    fn refuse(&mut self, refusal: &Refusal) {
        tracing::info!(
            status = status_of(refusal.code).as_u16(),
            reason = refusal.message,
            "request refused at the edge"
        );
        metrics::counter!(
            "http_requests_total",
            "method" => "unparsed",
            "route" => crate::middleware::metrics::UNMATCHED_ROUTE,
            "status" => status_of(refusal.code).as_u16().to_string()
        )
        .increment(1);
        self.reply = Some((reply_bytes(refusal, &self.guard.policy), 0));
        self.ended = true;
        self.deadline = None;
    }

    /// Takes what the framer let through, and starts or stops the deadline it implies: a
    /// head is timed from its first byte (the first from the connection on), a body from
    /// the end of its head; between requests the dispatcher's keep-alive timer rules.
    fn take(&mut self, fed: Fed) {
        self.ready.extend_from_slice(&fed.release);
        if let Some(refusal) = fed.refused {
            self.refuse(&refusal);
            return;
        }
        let timeout = if self.framer.in_body() {
            (self.deadline.is_none() || !self.deadline_is_body)
                .then_some((self.guard.body_timeout + BODY_GRACE, true))
        } else if self.framer.in_head() {
            (self.deadline.is_none() || self.deadline_is_body).then_some((self.guard.head_timeout, false))
        } else {
            self.deadline = None;
            None
        };
        if let Some((timeout, is_body)) = timeout {
            self.deadline = Some(Box::pin(tokio::time::sleep(timeout)));
            self.deadline_is_body = is_body;
        }
    }

    /// Whether the running deadline has passed; it then refuses or ends the stream.
    fn poll_deadline(&mut self, cx: &mut Context<'_>) -> bool {
        let Some(deadline) = self.deadline.as_mut() else { return false };
        if deadline.as_mut().poll(cx).is_pending() {
            return false;
        }
        self.deadline = None;
        if self.deadline_is_body {
            tracing::info!("request body not complete in time; closing the connection");
            self.ended = true;
        } else {
            self.refuse(&Refusal {
                code: ErrorCode::RequestTimeout,
                message: "The request head did not arrive in time.",
            });
        }
        true
    }

    fn poll_write_reply(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = self.reply.as_mut() {
            if *written == bytes.len() {
                self.reply = None;
                let now = Instant::now();
                self.linger = Some(Linger {
                    until: now + LINGER_TOTAL,
                    idle: Box::pin(tokio::time::sleep(LINGER_IDLE)),
                });
                break;
            }
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }

    /// Reads and drops what the client still sends until it stops or the time is up.
    fn poll_linger(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let Some(linger) = self.linger.as_mut() else { return Poll::Ready(()) };
        let mut scratch = [0u8; READ_CHUNK];
        loop {
            if Instant::now() >= linger.until || linger.idle.as_mut().poll(cx).is_ready() {
                self.linger = None;
                return Poll::Ready(());
            }
            let mut buf = ReadBuf::new(&mut scratch);
            match Pin::new(&mut self.io).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) if !buf.filled().is_empty() => {
                    linger.idle.as_mut().reset(Instant::now() + LINGER_IDLE);
                }
                Poll::Ready(_) => {
                    self.linger = None;
                    return Poll::Ready(());
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl AsyncRead for GuardedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.ready_from < this.ready.len() {
                let n = (this.ready.len() - this.ready_from).min(buf.remaining());
                buf.put_slice(&this.ready[this.ready_from..this.ready_from + n]);
                this.ready_from += n;
                if this.ready_from == this.ready.len() {
                    this.ready.clear();
                    this.ready_from = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if this.ended {
                return Poll::Ready(Ok(()));
            }
            let mut scratch = [0u8; READ_CHUNK];
            let mut incoming = ReadBuf::new(&mut scratch);
            match Pin::new(&mut this.io).poll_read(cx, &mut incoming) {
                Poll::Ready(Ok(())) if incoming.filled().is_empty() => {
                    // The client is done sending; an unfinished head is dropped with it.
                    this.ended = true;
                    this.deadline = None;
                }
                Poll::Ready(Ok(())) => {
                    let fed = this.framer.feed(incoming.filled());
                    this.take(fed);
                }
                Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                Poll::Pending => {
                    if this.poll_deadline(cx) {
                        continue;
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

impl AsyncWrite for GuardedStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    /// The dispatcher is done: the refusal, if there is one, goes out after its answers.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        ready!(this.poll_write_reply(cx))?;
        if this.linger.is_some() {
            ready!(Pin::new(&mut this.io).poll_flush(cx))?;
            // Half-close first: the client reads the answer and the end of it.
            let _ = ready!(Pin::new(&mut this.io).poll_shutdown(cx));
            ready!(this.poll_linger(cx));
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}

impl Drop for GuardedStream {
    /// A dispatcher that drops the stream without shutting it down (after a stream error)
    /// still leaves the refusal on the wire if the socket takes it at once.
    fn drop(&mut self) {
        if let Some((bytes, written)) = &self.reply {
            let _ = self.io.try_write(&bytes[*written..]);
        }
    }
}

/// A complete HTTP/1.1 answer to a refused head: the status, the error body, the
/// security headers, and `Connection: close`.
fn reply_bytes(refusal: &Refusal, policy: &HeaderPolicy) -> Vec<u8> {
    let request_id = jc_platform::telemetry::new_request_id();
    let body = ErrorBody::new(refusal.code, refusal.message, &[], &request_id);
    let body = serde_json::to_vec(&body).unwrap_or_default();
    let status = status_of(refusal.code);
    let mut headers = HeaderMap::new();
    insert_fixed(&mut headers, "");
    if let Some(hsts) = policy.hsts_for(&HeaderMap::new()) {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\
         cache-control: no-store\r\n{}: {request_id}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error"),
        body.len(),
        jc_platform::telemetry::REQUEST_ID_HEADER,
    )
    .into_bytes();
    for (name, value) in &headers {
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    head.extend_from_slice(&body);
    head
}
