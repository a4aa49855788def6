//! `GET /ws/job/{job_id}`: a generation job's progress, live, over a WebSocket.
//!
//! Browsers cannot set headers on a WebSocket, so the access token comes as `?token=`
//! (an `Authorization: Bearer` header is accepted too) and is checked like the bearer
//! check of every other route, before the upgrade: no valid token is 401. The journal
//! service's `WatchJob` is then called with the caller's token, also before the
//! upgrade, so another person's job or a malformed id is a 404 error body, never an
//! open socket. After the upgrade every update is relayed as one JSON text message
//! ([`JobEvent`]); the final one (completed, failed or cancelled) is followed by a
//! normal close. The server pings every `gateway.websocket_ping_interval_ms` and closes
//! a client that has sent nothing (not even a pong) for three intervals; it answers
//! pings, echoes a client's close, and closes every socket with "going away" (1001)
//! when the gateway shuts down.

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, get, web};
use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use jc_domain::GenerationStatus;
use jc_platform::grpc::CallContext;
use jc_platform::{AppError, ErrorCode};
use jc_proto::journal as pb;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;
use utoipa::ToSchema;

use crate::bearer::{Gate, authenticate, bearer};
use crate::clients::Clients;
use crate::error::{ApiResult, ErrorBody};
use crate::middleware::RequestId;
use crate::openapi::responses::{JobNotFound, SignedIn};
use crate::wire::sent;

/// Pings without any answer after which a client is taken as gone.
pub const MISSED_PINGS: u32 = 3;

/// What the job socket needs besides the clients, shared through app data.
#[derive(Debug, Clone)]
pub struct SocketSettings {
    pub ping_interval: Duration,
    /// Fires when the gateway shuts down.
    pub shutdown: CancellationToken,
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// One message of the job socket, a JSON text frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum JobEvent {
    /// The job moved on (or its state when the socket opened).
    Progress {
        job_id: String,
        /// 0 to 100.
        progress: u32,
        /// A readable name of the current stage.
        stage: String,
        /// `pending`, `research`, `discovery`, `curation` or `editing`.
        #[schema(value_type = String)]
        status: GenerationStatus,
        /// Seconds until the job is expected to finish.
        estimated_time_remaining: u32,
        /// RFC 3339, UTC: when the job reached this state.
        timestamp: String,
    },
    /// The journal is written; the socket closes normally after this message.
    Completed {
        job_id: String,
        /// The journal written (`/api/library/projects/{project_id}`).
        project_id: String,
        /// The same as `project_id`.
        journal_id: String,
        timestamp: String,
    },
    /// The job failed; the socket closes normally after this message.
    Failed { job_id: String, error: String, timestamp: String },
    /// The job was cancelled; the socket closes normally after this message.
    Cancelled { job_id: String, timestamp: String },
}

impl JobEvent {
    pub fn of(job: pb::Job) -> Result<Self, AppError> {
        let status: GenerationStatus = sent("status", job.status)?;
        let timestamp = if job.updated_at.is_empty() {
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        } else {
            job.updated_at
        };
        Ok(match status {
            GenerationStatus::Completed => {
                let journal_id = job.journal_id.unwrap_or_default();
                Self::Completed { job_id: job.id, project_id: journal_id.clone(), journal_id, timestamp }
            }
            GenerationStatus::Failed => Self::Failed {
                job_id: job.id,
                error: job.error.filter(|e| !e.is_empty()).unwrap_or_else(|| "The job failed.".to_owned()),
                timestamp,
            },
            GenerationStatus::Cancelled => Self::Cancelled { job_id: job.id, timestamp },
            GenerationStatus::Pending
            | GenerationStatus::Research
            | GenerationStatus::Discovery
            | GenerationStatus::Curation
            | GenerationStatus::Editing => Self::Progress {
                job_id: job.id,
                progress: job.progress_percentage,
                stage: job.current_stage,
                status,
                estimated_time_remaining: job.estimated_seconds_remaining,
                timestamp,
            },
        })
    }

    /// Whether nothing follows this event.
    pub fn is_final(&self) -> bool {
        !matches!(self, Self::Progress { .. })
    }
}

/// Follows a job live: a WebSocket of JobEvent messages.
#[utoipa::path(operation_id = "watch_job", tag = "generation",
    params(
        ("job_id" = String, Path, description = "The job id"),
        ("token" = String, Query, description = "The caller's access token (or send Authorization: Bearer)"),
    ),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol; each text message is a JobEvent, \
            the last one completed, failed or cancelled, then a normal close", body = JobEvent),
        (status = 400, description = "Not a WebSocket handshake", body = ErrorBody),
        SignedIn, JobNotFound,
    ))]
#[get("/ws/job/{job_id}")]
pub async fn watch(
    req: HttpRequest,
    body: web::Payload,
    job_id: web::Path<String>,
    gate: web::Data<Gate>,
    clients: web::Data<Clients>,
    socket: web::Data<SocketSettings>,
    request_id: RequestId,
) -> ApiResult<HttpResponse> {
    let query = web::Query::<TokenQuery>::from_query(req.query_string())
        .map_err(|e| AppError::new(ErrorCode::BadRequest, format!("The query string is not valid: {e}")))?;
    let token = query
        .into_inner()
        .token
        .filter(|t| !t.trim().is_empty())
        .or_else(|| bearer(&req).map(str::to_owned))
        .ok_or_else(|| AppError::unauthenticated("Sign in to continue: send the access token as ?token=."))?;
    let caller = authenticate(&gate, &token).await?;
    actix_http::ws::verify_handshake(req.head()).map_err(|e| {
        AppError::new(
            ErrorCode::BadRequest,
            format!("This route is a WebSocket; the handshake is not valid: {e}."),
        )
    })?;

    let job_id = job_id.into_inner();
    let cx = CallContext::new(request_id.0.clone()).with_token(token);
    let updates = clients.watch_job(&cx, job_id.clone()).await?;
    let (response, session, messages) = actix_ws::handle(&req, body)
        .map_err(|e| AppError::new(ErrorCode::BadRequest, format!("The WebSocket handshake failed: {e}")))?;

    let span = tracing::info_span!(
        "job_socket",
        request_id = %request_id.0,
        user_id = %caller.user_id,
        job_id = %job_id,
    );
    let relay = Relay { updates, session, messages, settings: socket.get_ref().clone() };
    actix_web::rt::spawn(relay.run().instrument(span));
    Ok(response)
}

/// One open socket: the job's updates out, the client's frames in.
struct Relay {
    updates: tonic::Streaming<pb::Job>,
    session: Session,
    messages: MessageStream,
    settings: SocketSettings,
}

/// How a relay ended.
enum End {
    /// Close the socket with this reason.
    Close(Option<CloseReason>),
    /// The connection is gone: nothing to send.
    Gone,
}

fn reason(code: CloseCode, description: &str) -> Option<CloseReason> {
    Some(CloseReason { code, description: Some(description.to_owned()) })
}

impl Relay {
    async fn run(mut self) {
        tracing::debug!("job socket open");
        let end = self.relay().await;
        match end {
            End::Close(reason) => {
                tracing::debug!(close = ?reason.as_ref().map(|r| r.code), "job socket closing");
                let _ = self.session.close(reason).await;
            }
            End::Gone => tracing::debug!("job socket client gone"),
        }
    }

    async fn relay(&mut self) -> End {
        let interval = self.settings.ping_interval;
        let idle_limit = interval * MISSED_PINGS;
        let mut pings = tokio::time::interval_at(Instant::now() + interval, interval);
        pings.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_heard = Instant::now();
        let shutdown = self.settings.shutdown.clone();
        loop {
            tokio::select! {
                biased;
                () = shutdown.cancelled() => {
                    return End::Close(reason(CloseCode::Away, "The server is shutting down; reconnect to follow the job."));
                }
                update = self.updates.message() => match update {
                    Ok(Some(job)) => {
                        let event = match JobEvent::of(job) {
                            Ok(event) => event,
                            Err(error) => {
                                error.log();
                                return End::Close(reason(CloseCode::Error, "An update could not be read."));
                            }
                        };
                        let Ok(text) = serde_json::to_string(&event) else {
                            return End::Close(reason(CloseCode::Error, "An update could not be written."));
                        };
                        if self.session.text(text).await.is_err() {
                            return End::Gone;
                        }
                        if event.is_final() {
                            return End::Close(reason(CloseCode::Normal, "The job has finished."));
                        }
                    }
                    Ok(None) => {
                        return End::Close(reason(CloseCode::Away, "The job's updates stopped; reconnect to follow the job."));
                    }
                    Err(status) => {
                        if shutdown.is_cancelled() {
                            return End::Close(reason(CloseCode::Away, "The server is shutting down; reconnect to follow the job."));
                        }
                        AppError::from_status(&status).log();
                        return End::Close(reason(CloseCode::Error, "The job's progress is unavailable; try again."));
                    }
                },
                message = self.messages.recv() => match message {
                    Some(Ok(Message::Ping(bytes))) => {
                        last_heard = Instant::now();
                        if self.session.pong(&bytes).await.is_err() {
                            return End::Gone;
                        }
                    }
                    // The client's close is echoed, as RFC 6455 asks.
                    Some(Ok(Message::Close(their_reason))) => return End::Close(their_reason),
                    Some(Ok(_)) => last_heard = Instant::now(),
                    Some(Err(error)) => {
                        tracing::debug!(%error, "job socket protocol error");
                        return End::Close(reason(CloseCode::Protocol, "The frame could not be read."));
                    }
                    None => return End::Gone,
                },
                _ = pings.tick() => {
                    if last_heard.elapsed() >= idle_limit {
                        return End::Close(reason(CloseCode::Policy, "No answer to pings; closing."));
                    }
                    if self.session.ping(b"").await.is_err() {
                        return End::Gone;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jc_proto::convert::WireEnum;

    use super::*;

    fn job(status: GenerationStatus) -> pb::Job {
        pb::Job {
            id: "job-1".into(),
            status: status.to_wire(),
            progress_percentage: 40,
            current_stage: "Gathering techniques".into(),
            estimated_seconds_remaining: 12,
            updated_at: "2026-11-02T10:00:00.000Z".into(),
            ..Default::default()
        }
    }

    #[test]
    fn events_have_the_frontend_shapes() {
        let progress = serde_json::to_value(JobEvent::of(job(GenerationStatus::Research)).expect("valid"))
            .expect("serialises");
        assert_eq!(
            progress,
            serde_json::json!({
                "type": "progress", "job_id": "job-1", "progress": 40, "stage": "Gathering techniques",
                "status": "research", "estimated_time_remaining": 12, "timestamp": "2026-11-02T10:00:00.000Z",
            })
        );
        assert!(!JobEvent::of(job(GenerationStatus::Pending)).expect("valid").is_final());

        let completed = pb::Job { journal_id: Some("jr-1".into()), ..job(GenerationStatus::Completed) };
        let completed = JobEvent::of(completed).expect("valid");
        assert!(completed.is_final());
        let completed = serde_json::to_value(completed).expect("serialises");
        assert_eq!((&completed["type"], &completed["project_id"]), (&"completed".into(), &"jr-1".into()));

        let failed = serde_json::to_value(JobEvent::of(job(GenerationStatus::Failed)).expect("valid"))
            .expect("serialises");
        assert_eq!((&failed["type"], &failed["error"]), (&"failed".into(), &"The job failed.".into()));
        let cancelled = JobEvent::of(job(GenerationStatus::Cancelled)).expect("valid");
        assert_eq!(
            cancelled,
            JobEvent::Cancelled { job_id: "job-1".into(), timestamp: "2026-11-02T10:00:00.000Z".into() }
        );
    }
}
