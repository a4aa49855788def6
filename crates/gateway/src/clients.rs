//! The gRPC clients of the services behind the gateway, and what every call carries:
//! the service credential, the request id, the caller's token when there is one, and
//! (for auth) where the request came from.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use jc_platform::component::Context;
use jc_platform::grpc::{CallContext, ServiceCredential, channel};
use jc_platform::{AppError, AppResult};
use jc_proto::auth::auth_client::AuthClient;
use jc_proto::auth::{self, ClientInfo};
use jc_proto::common::Empty;
use jc_proto::export;
use jc_proto::export::export_client::ExportClient;
use jc_proto::journal;
use jc_proto::journal::journal_client::JournalClient;
use jc_proto::user;
use jc_proto::user::user_client::UserClient;
use tonic::transport::Channel;

use crate::address::client_address;
use crate::error::ApiError;

/// Cheap to clone: the channels are shared.
#[derive(Clone)]
pub struct Clients {
    auth: AuthClient<Channel>,
    user: UserClient<Channel>,
    journal: JournalClient<Channel>,
    export: ExportClient<Channel>,
    credential: ServiceCredential,
}

type Reply<T> = Result<T, ApiError>;

fn reply<T>(result: Result<tonic::Response<T>, tonic::Status>) -> Reply<T> {
    result.map(tonic::Response::into_inner).map_err(ApiError::from)
}

impl Clients {
    /// Lazily connecting clients of the services named in `ctx.services`.
    pub fn new(ctx: &Context) -> AppResult<Self> {
        let timeout = ctx.request_timeout();
        Ok(Self {
            auth: AuthClient::new(channel(ctx.services.url("auth")?, timeout)?)
                .max_decoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES)
                .max_encoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES),
            user: UserClient::new(channel(ctx.services.url("user")?, timeout)?)
                .max_decoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES)
                .max_encoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES),
            journal: JournalClient::new(channel(ctx.services.url("journal")?, timeout)?)
                .max_decoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES)
                .max_encoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES),
            export: ExportClient::new(channel(ctx.services.url("export")?, timeout)?)
                .max_decoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES)
                .max_encoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES),
            credential: ctx.credential.clone(),
        })
    }

    pub async fn register(&self, cx: &CallContext, message: auth::RegisterRequest) -> Reply<auth::Account> {
        reply(self.auth.clone().register(cx.request(&self.credential, message)).await)
    }

    pub async fn login(&self, cx: &CallContext, message: auth::LoginRequest) -> Reply<auth::TokenPair> {
        reply(self.auth.clone().login(cx.request(&self.credential, message)).await)
    }

    pub async fn refresh(&self, cx: &CallContext, message: auth::RefreshRequest) -> Reply<auth::TokenPair> {
        reply(self.auth.clone().refresh(cx.request(&self.credential, message)).await)
    }

    pub async fn logout(&self, cx: &CallContext, message: auth::LogoutRequest) -> Reply<auth::LogoutResult> {
        reply(self.auth.clone().logout(cx.request(&self.credential, message)).await)
    }

    pub async fn account(&self, cx: &CallContext) -> Reply<auth::Account> {
        reply(self.auth.clone().get_account(cx.request(&self.credential, Empty {})).await)
    }

    /// The JWKS document as the auth service wrote it.
    pub async fn jwks(&self, cx: &CallContext) -> Reply<String> {
        reply(self.auth.clone().get_jwks(cx.request(&self.credential, Empty {})).await).map(|jwks| jwks.json)
    }

    pub async fn create_profile(
        &self,
        cx: &CallContext,
        message: user::CreateProfileRequest,
    ) -> Reply<user::Profile> {
        reply(self.user.clone().create_profile(cx.request(&self.credential, message)).await)
    }

    pub async fn my_profile(&self, cx: &CallContext) -> Reply<user::Profile> {
        reply(self.user.clone().get_my_profile(cx.request(&self.credential, Empty {})).await)
    }

    /// The caller's profile and the user service's copy of their account, in one call.
    pub async fn me(&self, cx: &CallContext) -> Reply<user::Me> {
        reply(self.user.clone().get_me(cx.request(&self.credential, Empty {})).await)
    }

    pub async fn record_my_account(&self, cx: &CallContext, message: user::AccountCopy) -> Reply<user::Me> {
        reply(self.user.clone().record_my_account(cx.request(&self.credential, message)).await)
    }

    pub async fn update_my_profile(
        &self,
        cx: &CallContext,
        message: user::UpdateProfileRequest,
    ) -> Reply<user::Profile> {
        reply(self.user.clone().update_my_profile(cx.request(&self.credential, message)).await)
    }

    pub async fn themes(&self, cx: &CallContext) -> Reply<journal::ThemeList> {
        reply(self.journal.clone().list_themes(cx.request(&self.credential, Empty {})).await)
    }

    pub async fn title_styles(&self, cx: &CallContext) -> Reply<journal::TitleStyleList> {
        reply(self.journal.clone().list_title_styles(cx.request(&self.credential, Empty {})).await)
    }

    pub async fn author_suggestions(
        &self,
        cx: &CallContext,
        message: journal::AuthorSuggestionsRequest,
    ) -> Reply<journal::AuthorSuggestionList> {
        reply(self.journal.clone().author_suggestions(cx.request(&self.credential, message)).await)
    }

    pub async fn create_journal(
        &self,
        cx: &CallContext,
        message: journal::CreateJournalRequest,
    ) -> Reply<journal::JournalDetail> {
        reply(self.journal.clone().create_journal(cx.request(&self.credential, message)).await)
    }

    pub async fn get_journal(&self, cx: &CallContext, id: String) -> Reply<journal::JournalDetail> {
        let message = journal::JournalRef { id };
        reply(self.journal.clone().get_journal(cx.request(&self.credential, message)).await)
    }

    pub async fn journals(
        &self,
        cx: &CallContext,
        message: journal::ListJournalsRequest,
    ) -> Reply<journal::JournalPage> {
        reply(self.journal.clone().list_journals(cx.request(&self.credential, message)).await)
    }

    pub async fn update_journal(
        &self,
        cx: &CallContext,
        message: journal::UpdateJournalRequest,
    ) -> Reply<journal::JournalDetail> {
        reply(self.journal.clone().update_journal(cx.request(&self.credential, message)).await)
    }

    pub async fn delete_journal(&self, cx: &CallContext, id: String) -> Reply<()> {
        let message = journal::JournalRef { id };
        reply(self.journal.clone().delete_journal(cx.request(&self.credential, message)).await).map(|_| ())
    }

    pub async fn duplicate_journal(&self, cx: &CallContext, id: String) -> Reply<journal::JournalDetail> {
        let message = journal::JournalRef { id };
        reply(self.journal.clone().duplicate_journal(cx.request(&self.credential, message)).await)
    }

    pub async fn day(&self, cx: &CallContext, journal_id: String, day: u32) -> Reply<journal::DayPage> {
        let message = journal::DayRef { journal_id, day };
        reply(self.journal.clone().get_day(cx.request(&self.credential, message)).await)
    }

    pub async fn update_day(
        &self,
        cx: &CallContext,
        message: journal::UpdateDayRequest,
    ) -> Reply<journal::DayPage> {
        reply(self.journal.clone().update_day(cx.request(&self.credential, message)).await)
    }

    pub async fn start_generation(
        &self,
        cx: &CallContext,
        message: journal::StartGenerationRequest,
    ) -> Reply<journal::Job> {
        reply(self.journal.clone().start_generation(cx.request(&self.credential, message)).await)
    }

    pub async fn job(&self, cx: &CallContext, id: String) -> Reply<journal::Job> {
        let message = journal::JobRef { id };
        reply(self.journal.clone().get_job(cx.request(&self.credential, message)).await)
    }

    pub async fn cancel_job(&self, cx: &CallContext, id: String) -> Reply<journal::Job> {
        let message = journal::JobRef { id };
        reply(self.journal.clone().cancel_job(cx.request(&self.credential, message)).await)
    }

    /// The job's updates; fails before the first one when the caller may not watch it.
    pub async fn watch_job(&self, cx: &CallContext, id: String) -> Reply<tonic::Streaming<journal::Job>> {
        let message = journal::JobRef { id };
        reply(self.journal.clone().watch_job(cx.request(&self.credential, message)).await)
    }

    pub async fn set_provider_key(
        &self,
        cx: &CallContext,
        message: journal::SetProviderKeyRequest,
    ) -> Reply<journal::ProviderKeyInfo> {
        reply(self.journal.clone().set_provider_key(cx.request(&self.credential, message)).await)
    }

    pub async fn provider_key(&self, cx: &CallContext) -> Reply<journal::ProviderKeyInfo> {
        reply(self.journal.clone().get_provider_key(cx.request(&self.credential, Empty {})).await)
    }

    pub async fn delete_provider_key(&self, cx: &CallContext) -> Reply<journal::ProviderKeyInfo> {
        reply(self.journal.clone().delete_provider_key(cx.request(&self.credential, Empty {})).await)
    }

    pub async fn test_provider_key(
        &self,
        cx: &CallContext,
        message: journal::TestProviderKeyRequest,
    ) -> Reply<journal::TestProviderKeyResult> {
        reply(self.journal.clone().test_provider_key(cx.request(&self.credential, message)).await)
    }

    pub async fn export_formats(&self, cx: &CallContext) -> Reply<export::FormatList> {
        reply(self.export.clone().list_formats(cx.request(&self.credential, Empty {})).await)
    }

    pub async fn create_export(
        &self,
        cx: &CallContext,
        message: export::CreateExportRequest,
    ) -> Reply<export::ExportJob> {
        reply(self.export.clone().create_export(cx.request(&self.credential, message)).await)
    }

    pub async fn export(&self, cx: &CallContext, id: String) -> Reply<export::ExportJob> {
        let message = export::ExportRef { id };
        reply(self.export.clone().get_export(cx.request(&self.credential, message)).await)
    }

    pub async fn exports(
        &self,
        cx: &CallContext,
        message: export::ListExportsRequest,
    ) -> Reply<export::ExportPage> {
        reply(self.export.clone().list_exports(cx.request(&self.credential, message)).await)
    }

    pub async fn cancel_export(&self, cx: &CallContext, id: String) -> Reply<export::ExportJob> {
        let message = export::ExportRef { id };
        reply(self.export.clone().cancel_export(cx.request(&self.credential, message)).await)
    }

    /// The file's chunks: the head first, then the bytes. An error the service
    /// answers before the first chunk (another person's job) fails here.
    pub async fn download_export(
        &self,
        cx: &CallContext,
        id: String,
    ) -> Reply<tonic::Streaming<export::DownloadChunk>> {
        let message = export::ExportRef { id };
        reply(self.export.clone().download(cx.request(&self.credential, message)).await)
    }

    pub async fn kdp_preview(
        &self,
        cx: &CallContext,
        message: export::KdpPreviewRequest,
    ) -> Reply<export::KdpPreviewResult> {
        reply(self.export.clone().kdp_preview(cx.request(&self.credential, message)).await)
    }
}

/// The client's address and user agent, for the auth service's event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client(pub ClientInfo);

impl Client {
    pub const MAX_USER_AGENT: usize = 512;

    pub fn into_info(self) -> Option<ClientInfo> {
        Some(self.0)
    }
}

impl FromRequest for Client {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Client(client_info(req))))
    }
}

/// The client's address (see [`crate::address`]) and user agent.
pub fn client_info(req: &HttpRequest) -> ClientInfo {
    let ip = client_address(req);
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(Client::MAX_USER_AGENT).collect())
        .unwrap_or_default();
    ClientInfo { ip: ip.map(|ip| ip.to_string()).unwrap_or_default(), user_agent }
}

/// Turns a failure of a client's set-up into an I/O error for [`crate::serve`].
pub(crate) fn setup_error(error: AppError) -> std::io::Error {
    std::io::Error::other(jc_platform::error::cause_chain(&error))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;
    use actix_web::web;

    use crate::address::TrustedProxies;

    #[test]
    fn the_client_address_comes_from_the_peer_unless_it_is_a_trusted_proxy() {
        let request = || {
            TestRequest::default()
                .peer_addr("10.0.0.9:4000".parse().expect("address"))
                .insert_header(("x-forwarded-for", "203.0.113.7, 10.0.0.1"))
                .insert_header((header::USER_AGENT, "test-agent/1.0"))
        };
        assert_eq!(client_info(&request().to_http_request()).ip, "10.0.0.9");
        let trusted = TrustedProxies(vec!["10.0.0.0/8".parse().expect("network")]);
        let req = request().app_data(web::Data::new(trusted)).to_http_request();
        assert_eq!(client_info(&req).ip, "203.0.113.7");
        assert_eq!(client_info(&req).user_agent, "test-agent/1.0");
    }
}
