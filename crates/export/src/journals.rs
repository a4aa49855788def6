//! The journal service, asked for a journal on its owner's behalf with the service
//! credential (`GetOwnedJournal`): at `CreateExport` to check ownership and readiness,
//! and again by the worker at render time, since the journal may have changed.

use jc_platform::component::Context;
use jc_platform::grpc::{CallContext, ServiceCredential, channel};
use jc_platform::{AppResult, ErrorCode};
use jc_proto::journal::journal_client::JournalClient;
use jc_proto::journal::{JournalDetail, OwnedJournalRef};
use tonic::transport::Channel;

/// A client of the journal service; cheap to clone.
#[derive(Clone)]
pub struct Journals {
    client: JournalClient<Channel>,
    credential: ServiceCredential,
}

impl Journals {
    /// A lazily connecting client of the journal service (`services.journal_url`).
    pub fn new(ctx: &Context) -> AppResult<Self> {
        let channel = channel(ctx.services.url("journal")?, ctx.request_timeout())?;
        Ok(Self {
            client: JournalClient::new(channel)
                .max_decoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES)
                .max_encoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES),
            credential: ctx.credential.clone(),
        })
    }

    /// Journal `journal_id` if `user_id` owns it; `Ok(None)` when it does not exist
    /// or is someone else's; the journal service's other errors as it sent them.
    pub async fn owned(
        &self,
        cx: &CallContext,
        user_id: &str,
        journal_id: &str,
    ) -> AppResult<Option<JournalDetail>> {
        let message = OwnedJournalRef { journal_id: journal_id.to_owned(), user_id: user_id.to_owned() };
        match self.client.clone().get_owned_journal(cx.request(&self.credential, message)).await {
            Ok(response) => Ok(Some(response.into_inner())),
            Err(status) => {
                let error = jc_platform::AppError::from_status(&status);
                if error.code == ErrorCode::NotFound { Ok(None) } else { Err(error) }
            }
        }
    }
}
