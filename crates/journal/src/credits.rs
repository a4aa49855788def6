//! The AI credits of a job, kept by the user service: spent once per job and given
//! back once, both keyed by `generation:<job id>`.

use jc_platform::AppResult;
use jc_platform::component::Context;
use jc_platform::grpc::{CallContext, ServiceCredential, channel};
use jc_proto::user::CreditRequest;
use jc_proto::user::user_client::UserClient;
use tonic::transport::Channel;

use crate::jobs::{REFUND_REASON, SPEND_REASON, credit_key};

/// A client of the user service's credit calls; cheap to clone.
#[derive(Clone)]
pub(crate) struct Credits {
    client: UserClient<Channel>,
    credential: ServiceCredential,
}

impl Credits {
    /// A lazily connecting client of the user service (`services.user_url`).
    pub(crate) fn new(ctx: &Context) -> AppResult<Self> {
        let channel = channel(ctx.services.url("user")?, ctx.request_timeout())?;
        Ok(Self {
            client: UserClient::new(channel)
                .max_decoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES)
                .max_encoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES),
            credential: ctx.credential.clone(),
        })
    }

    fn request(
        &self,
        cx: &CallContext,
        user_id: &str,
        job_id: &str,
        reason: &str,
    ) -> tonic::Request<CreditRequest> {
        let message =
            CreditRequest { user_id: user_id.to_owned(), key: credit_key(job_id), reason: reason.to_owned() };
        cx.request(&self.credential, message)
    }

    /// Spends one credit of `user_id` for job `job_id`; the user service's error as
    /// it sent it (`payment_required` when none is left).
    pub(crate) async fn spend(&self, cx: &CallContext, user_id: &str, job_id: &str) -> AppResult<()> {
        let request = self.request(cx, user_id, job_id, SPEND_REASON);
        self.client.clone().spend_credit(request).await?;
        Ok(())
    }

    /// Gives back the credit job `job_id` spent; nothing when it spent none or was
    /// refunded already.
    pub(crate) async fn refund(&self, cx: &CallContext, user_id: &str, job_id: &str) -> AppResult<()> {
        let request = self.request(cx, user_id, job_id, REFUND_REASON);
        self.client.clone().refund_credit(request).await?;
        Ok(())
    }
}
