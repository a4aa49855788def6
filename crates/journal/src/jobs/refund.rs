//! The `journal.refund` handler: gives a failed or cancelled job's credit back.
//!
//! The user service refunds once per key, so a repeated message gives nothing more.
//! While the user service is down or failing the message is retried with the
//! queue's backoff; a refund still owed after the retries is sent again by
//! [`super::recovery`].

use jc_platform::db;
use jc_platform::error::cause_chain;
use jc_platform::queue::{Delivery, Handler, Outcome};
use jc_platform::{AppError, ErrorCode};

use super::{CreditState, RefundMessage, Shared};
use crate::store::jobs as job_store;

pub(crate) struct RefundHandler {
    shared: Shared,
}

impl RefundHandler {
    pub(crate) fn new(shared: Shared) -> Self {
        Self { shared }
    }
}

#[async_trait::async_trait]
impl Handler for RefundHandler {
    async fn handle(&self, delivery: &Delivery) -> Outcome {
        let message: RefundMessage = match serde_json::from_slice(&delivery.payload) {
            Ok(message) => message,
            Err(error) => return Outcome::Fail(format!("not a refund message: {error}")),
        };
        let id = message.job_id.clone();
        let job = match self.shared.db.run(move |conn| Ok(job_store::find_job(conn, &id)?)).await {
            Ok(job) => job,
            Err(error) => return Outcome::Retry(cause_chain(&error)),
        };
        if job.as_ref().is_some_and(|job| job.credit == CreditState::Refunded.as_str()) {
            return Outcome::Done;
        }
        // The message names the owner: a job whose row was never written (its
        // transaction failed after the credit was spent) is refunded too.
        let cx = super::call_context(&delivery.headers);
        if let Err(error) = self.shared.credits.refund(&cx, &message.user_id, &message.job_id).await {
            let reason = format!("refund of job {}: {}", message.job_id, cause_chain(&error));
            return if retryable(&error) { Outcome::Retry(reason) } else { Outcome::Fail(reason) };
        }
        tracing::info!(job_id = %message.job_id, user_id = %message.user_id, "generation credit refunded");
        if job.is_some() {
            let id = message.job_id.clone();
            let stored = self
                .shared
                .db
                .run(move |conn| {
                    Ok(job_store::set_credit(
                        conn,
                        &id,
                        CreditState::RefundPending,
                        CreditState::Refunded,
                        db::now(),
                    )?)
                })
                .await;
            if let Err(error) = stored {
                // Refunded all the same; a repeat of the message refunds nothing more.
                return Outcome::Retry(format!(
                    "refund of job {} not recorded: {}",
                    message.job_id,
                    cause_chain(&error)
                ));
            }
        }
        Outcome::Done
    }
}

/// Whether a failed refund may succeed later: the user service was unreachable,
/// overloaded or failing, not refusing the request.
fn retryable(error: &AppError) -> bool {
    matches!(error.code, ErrorCode::Unavailable | ErrorCode::Internal | ErrorCode::RateLimited)
}

#[cfg(test)]
mod tests {
    use jc_platform::component::Context;
    use jc_platform::config::{Environment, ServiceUrls};
    use jc_platform::grpc::{CallContext, ServiceCredential};

    use super::*;
    use crate::credits::Credits;

    #[tokio::test]
    async fn an_unreachable_user_service_is_worth_retrying_and_a_refusal_is_not() {
        let closed =
            std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port");
        let ctx = Context {
            services: ServiceUrls::default().with("user", format!("http://{closed}")),
            ..Context::new(Environment::Test, ServiceCredential::new("s".repeat(40).into()))
        };
        let credits = Credits::new(&ctx).expect("client");
        let user = uuid::Uuid::new_v4().to_string();
        let error = credits.refund(&CallContext::new("t"), &user, "job").await.expect_err("nobody answers");
        assert_eq!(error.code, ErrorCode::Unavailable);
        assert!(retryable(&error));
        assert!(!retryable(&AppError::field("user_id", "must be a UUID")));
        assert!(!retryable(&AppError::from_code(ErrorCode::Unauthenticated)));
    }
}
