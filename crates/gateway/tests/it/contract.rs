//! The fakes these tests stand on, checked against the real services: the same calls
//! are played against the fake and the service over gRPC, and what each answers is
//! compared, step by step. For the journal service: one person's journal life (create,
//! read, list, edit, write an entry, copy, delete) and the errors the gateway maps (an
//! unknown journal, day or theme, a missing token). For the auth service: register,
//! sign in, refresh and sign out, with the refusals the gateway words. For the user
//! service: a profile created with its account, read, its account recorded again,
//! renamed and retyped, and a call without a token. For the export service: the
//! formats, an export created, read, listed and refused to others, the refusals of a
//! bad request, and the KDP calculator's answer. A fake that
//! drifts from its service fails here, naming the steps that differ.

use std::sync::Arc;
use std::time::Duration;

use jc_domain::JournalStatus;
use jc_platform::AppError;
use jc_platform::component::Context;
use jc_platform::config::{Environment, ServiceUrls};
use jc_platform::grpc::{CallContext, ServiceCredential};
use jc_proto::common::Empty;
use jc_proto::convert::{WireEnum, word};
use jc_proto::journal::journal_client::JournalClient;
use jc_proto::journal::journal_server::JournalServer;
use jc_proto::journal::{
    AuthorSuggestionsRequest, CreateJournalRequest, DayRef, JournalDetail, JournalRef, ListJournalsRequest,
    UpdateDayRequest, UpdateJournalRequest,
};
use jc_testkit::Served;
use jc_testkit::tokens::TestSigner;
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;
use uuid::Uuid;

use jc_proto::auth::auth_client::AuthClient;
use jc_proto::auth::auth_server::AuthServer;
use jc_proto::auth::{ClientInfo, LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest};
use secrecy::SecretString;

use crate::support::fakes::{
    FakeAuth, FakeExport, FakeJournal, FakeUser, PASSWORD, TAKEN_EMAIL, WEAK_PASSWORD,
};
use crate::support::keys::TestKeys;
use crate::support::serve_fake;

/// A caller of one journal service, as one person.
struct Caller {
    client: JournalClient<Channel>,
    credential: ServiceCredential,
    token: String,
}

impl Caller {
    fn signed_in<T>(&self, message: T) -> tonic::Request<T> {
        CallContext::new("contract").with_token(self.token.clone()).request(&self.credential, message)
    }

    fn anonymous<T>(&self, message: T) -> tonic::Request<T> {
        CallContext::new("contract").request(&self.credential, message)
    }
}

/// How a call ended: an error's code, message and the fields it names, or what the
/// gateway reads of an answer.
fn outcome<T>(result: Result<tonic::Response<T>, tonic::Status>, seen: impl FnOnce(T) -> String) -> String {
    match result {
        Ok(response) => format!("ok {}", seen(response.into_inner())),
        Err(status) => {
            let fields: Vec<String> =
                AppError::from_status(&status).fields.into_iter().map(|f| f.field).collect();
            format!("{:?} {:?} fields={fields:?}", status.code(), status.message())
        }
    }
}

/// The steps that differ between the fake's answers and the service's.
fn assert_same(faked: &[(&str, String)], served: &[(&str, String)]) {
    assert_eq!(faked.len(), served.len());
    let drifts: Vec<String> = faked
        .iter()
        .zip(served)
        .filter(|((_, fake), (_, real))| fake != real)
        .map(|((step, fake), (_, real))| format!("{step}:\n  fake:    {fake}\n  service: {real}"))
        .collect();
    assert!(drifts.is_empty(), "the fake answers otherwise than the service:\n{}", drifts.join("\n"));
}

/// What the gateway shows of a journal: its texts, status, look and days (the
/// generated prompts and the times are each service's own).
fn journal_seen(detail: &JournalDetail) -> String {
    let summary = detail.journal.as_ref().expect("a summary");
    let customization = summary.customization.as_ref().map(|c| {
        format!("{}/{}/{}/{}/{}", c.layout, c.font_size, c.color_scheme, c.paper_type, c.binding_type)
    });
    let days: Vec<String> = detail
        .days
        .iter()
        .map(|d| format!("{}:{}:{}", d.day, d.page_style, d.entry.as_ref().map_or("", |e| e.text.as_str())))
        .collect();
    format!(
        "title={:?} subtitle={:?} description={:?} theme={} status={} customization={customization:?} days=[{}]",
        summary.title,
        summary.subtitle,
        summary.description,
        summary.theme,
        word::<JournalStatus>(summary.status),
        days.join(" "),
    )
}

/// The steps, each with what the service answered.
async fn journal_life(caller: &Caller) -> Vec<(&'static str, String)> {
    let mut client = caller.client.clone();
    let mut seen = Vec::new();
    let create = CreateJournalRequest {
        title: "Morning pages".into(),
        subtitle: "Thirty quiet minutes".into(),
        description: "A month of mornings.".into(),
        theme: "gratitude".into(),
        days: 3,
        customization: None,
    };
    let created =
        client.create_journal(caller.signed_in(create)).await.expect("create a journal").into_inner();
    seen.push(("create", journal_seen(&created)));
    let id = created.journal.as_ref().expect("a summary").id.clone();
    let journal = |id: &str| JournalRef { id: id.to_owned() };

    let read = client.get_journal(caller.signed_in(journal(&id))).await;
    seen.push(("read it back", outcome(read, |d| (d == created).to_string())));
    for (step, missing) in
        [("an unknown id", Uuid::new_v4().to_string()), ("a malformed id", "not-an-id".into())]
    {
        let read = client.get_journal(caller.signed_in(journal(&missing))).await;
        seen.push((step, outcome(read, |d| journal_seen(&d))));
    }
    let list = ListJournalsRequest { page: 1, limit: 10, status: None };
    let listed = client.list_journals(caller.signed_in(list)).await;
    seen.push((
        "list",
        outcome(listed, |p| {
            let ids: Vec<_> = p.journals.iter().map(|j| (j.id == id).to_string()).collect();
            format!("total={} page={} pages={} mine={ids:?}", p.total, p.page, p.total_pages)
        }),
    ));

    let retitle = UpdateJournalRequest {
        id: id.clone(),
        title: Some("Evening pages".into()),
        status: Some(JournalStatus::Completed.to_wire()),
        ..Default::default()
    };
    let updated = client.update_journal(caller.signed_in(retitle)).await;
    seen.push(("retitle and complete", outcome(updated, |d| journal_seen(&d))));
    let unknown = UpdateJournalRequest { id: Uuid::new_v4().to_string(), ..Default::default() };
    let updated = client.update_journal(caller.signed_in(unknown)).await;
    seen.push(("update an unknown journal", outcome(updated, |d| journal_seen(&d))));

    let entry = |day: u32, text: &str| UpdateDayRequest {
        journal_id: id.clone(),
        day,
        entry_text: Some(text.into()),
        ..Default::default()
    };
    let written = client.update_day(caller.signed_in(entry(2, "It rained, and I liked it."))).await;
    seen.push(("write day 2", outcome(written, |d| format!("{} {:?}", d.day, d.entry.map(|e| e.text)))));
    let read = client.get_day(caller.signed_in(DayRef { journal_id: id.clone(), day: 2 })).await;
    seen.push(("read day 2", outcome(read, |d| format!("{} {:?}", d.day, d.entry.map(|e| e.text)))));
    let erased = client.update_day(caller.signed_in(entry(2, ""))).await;
    seen.push(("erase day 2", outcome(erased, |d| format!("{} {:?}", d.day, d.entry.map(|e| e.text)))));
    let read = client.get_day(caller.signed_in(DayRef { journal_id: id.clone(), day: 9 })).await;
    seen.push(("read day 9 of 3", outcome(read, |d| d.day.to_string())));
    let written = client.update_day(caller.signed_in(entry(9, "Too far."))).await;
    seen.push(("write day 9 of 3", outcome(written, |d| d.day.to_string())));

    let copied = client.duplicate_journal(caller.signed_in(journal(&id))).await;
    seen.push(("copy", outcome(copied, |d| journal_seen(&d))));
    let deleted = client.delete_journal(caller.signed_in(journal(&id))).await;
    seen.push(("delete", outcome(deleted, |_| String::new())));
    let read = client.get_journal(caller.signed_in(journal(&id))).await;
    seen.push(("read the deleted", outcome(read, |d| journal_seen(&d))));
    let deleted = client.delete_journal(caller.signed_in(journal(&id))).await;
    seen.push(("delete again", outcome(deleted, |_| String::new())));
    let list = ListJournalsRequest { page: 1, limit: 10, status: None };
    let listed = client.list_journals(caller.signed_in(list)).await;
    seen.push(("list after", outcome(listed, |p| format!("total={} pages={}", p.total, p.total_pages))));

    let unsigned = client.get_journal(caller.anonymous(journal(&id))).await;
    seen.push(("no access token", outcome(unsigned, |d| journal_seen(&d))));
    let request = AuthorSuggestionsRequest { theme: "no-such-theme".into() };
    let suggestions = client.author_suggestions(caller.anonymous(request)).await;
    seen.push(("voices of an unknown theme", outcome(suggestions, |l| l.theme)));
    seen
}

/// The real journal service on `database`, without a user service (nothing here
/// spends credits).
async fn journal_service(
    database: &jc_testkit::TestDatabase,
    credential: &ServiceCredential,
    signer: &TestSigner,
) -> Served<jc_journal::JournalServeError> {
    let ctx = Context {
        services: ServiceUrls::default().with("user", jc_testkit::closed_url()),
        ..Context::new(Environment::Test, credential.clone())
    };
    let settings = jc_journal::Settings { database: database.settings.clone(), ..Default::default() };
    let verifier = signer.verifier();
    Served::grpc("journal", &ctx, |listener| {
        let providers = jc_journal::Providers::builtin(Duration::ZERO);
        jc_journal::serve_with(settings, verifier, ctx.clone(), listener, providers)
    })
    .await
}

async fn channel_to(url: String) -> JournalClient<Channel> {
    JournalClient::new(jc_platform::grpc::channel(&url, Duration::from_secs(5)).expect("channel"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journal_fake_answers_as_the_journal_service_does() {
    jc_platform::telemetry::init_for_tests();
    let credential = ServiceCredential::new(jc_testkit::service_token());
    let signer = TestSigner::new();
    let token = signer.token_for(Uuid::new_v4());
    let stop = CancellationToken::new();
    let _stop_all = stop.clone().drop_guard();

    let fake = Arc::new(FakeJournal::new(credential.clone()));
    let fake_url = serve_fake(tonic::service::Routes::new(JournalServer::from_arc(fake)), &stop).await;

    let database = jc_testkit::sqlite_database();
    let service = journal_service(&database, &credential, &signer).await;
    let real_url = service.url();

    let fake =
        Caller { client: channel_to(fake_url).await, credential: credential.clone(), token: token.clone() };
    let real = Caller { client: channel_to(real_url).await, credential, token };
    let (faked, served) = (journal_life(&fake).await, journal_life(&real).await);
    assert_same(&faked, &served);
    // The catalogue the fake offers is a part of the real one, word for word.
    let themes = |caller: &Caller| {
        let mut client = caller.client.clone();
        let request = caller.anonymous(Empty {});
        async move { client.list_themes(request).await.expect("themes").into_inner().themes }
    };
    let (fake_themes, real_themes) = (themes(&fake).await, themes(&real).await);
    for theme in &fake_themes {
        let real = real_themes.iter().find(|t| t.id == theme.id);
        assert_eq!(
            real.map(|t| &t.name),
            Some(&theme.name),
            "the fake's theme {} is the service's",
            theme.id
        );
    }
}

/// A call of the gateway's, for no one.
fn call<T>(credential: &ServiceCredential, message: T) -> tonic::Request<T> {
    CallContext::new("contract").request(credential, message)
}

/// Register, sign in, refresh and sign out against one auth service; `TAKEN_EMAIL` is
/// already registered there.
async fn account_life(credential: &ServiceCredential, url: String) -> Vec<(&'static str, String)> {
    let mut client =
        AuthClient::new(jc_platform::grpc::channel(&url, Duration::from_secs(5)).expect("channel"));
    let client_info = || Some(ClientInfo { ip: "203.0.113.7".into(), user_agent: "contract/1.0".into() });
    let register = |email: &str, password: &str| RegisterRequest {
        email: email.into(),
        password: password.into(),
        client: client_info(),
    };
    let login = |email: &str, password: &str| LoginRequest {
        email: email.into(),
        password: password.into(),
        client: client_info(),
    };
    let mut seen = Vec::new();
    let account =
        |a: jc_proto::auth::Account| format!("{} {:?} verified={}", a.email, a.roles, a.email_verified);

    let registered = client.register(call(credential, register("ada@example.com", PASSWORD))).await;
    seen.push(("register", outcome(registered, account)));
    let taken = client.register(call(credential, register(TAKEN_EMAIL, PASSWORD))).await;
    seen.push(("register a taken email", outcome(taken, account)));
    let weak = client.register(call(credential, register("grace@example.com", WEAK_PASSWORD))).await;
    seen.push(("register with a weak password", outcome(weak, account)));

    let pair = |p: jc_proto::auth::TokenPair| format!("{} expires_in={}", p.token_type, p.expires_in);
    let signed_in = client.login(call(credential, login("ada@example.com", PASSWORD))).await;
    let access_token = signed_in.as_ref().map(|r| r.get_ref().access_token.clone()).unwrap_or_default();
    seen.push(("sign in", outcome(signed_in, pair)));
    let wrong = client.login(call(credential, login("ada@example.com", "not the password at all"))).await;
    seen.push(("sign in with a wrong password", outcome(wrong, pair)));
    let refresh = RefreshRequest { refresh_token: "rt_nobody_has_this_one".into(), client: client_info() };
    let refreshed = client.refresh(call(credential, refresh)).await;
    seen.push(("refresh with an unknown token", outcome(refreshed, pair)));

    let me = client
        .get_account(
            CallContext::new("contract").with_token(access_token.clone()).request(credential, Empty {}),
        )
        .await;
    seen.push(("the signed-in account", outcome(me, account)));
    let anonymous = client.get_account(call(credential, Empty {})).await;
    seen.push(("the account without a token", outcome(anonymous, account)));
    let logout = LogoutRequest { all_sessions: false, client: client_info() };
    let signed_out = client.logout(call(credential, logout)).await;
    seen.push(("sign out without a token", outcome(signed_out, |r| r.deny_seconds.to_string())));
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auth_fake_answers_as_the_auth_service_does() {
    jc_platform::telemetry::init_for_tests();
    let credential = ServiceCredential::new(jc_testkit::service_token());
    let stop = CancellationToken::new();
    let _stop_all = stop.clone().drop_guard();

    let fake = Arc::new(FakeAuth::new(Arc::new(TestKeys::generate("contract")), credential.clone()));
    let fake_url = serve_fake(tonic::service::Routes::new(AuthServer::from_arc(fake)), &stop).await;

    let database = jc_testkit::sqlite_database();
    let settings = jc_auth::Settings {
        signing_key: Some(SecretString::from(jc_auth::keys::generate_private_key_pem())),
        database: database.settings.clone(),
        password_hash_concurrency: 2,
        ..Default::default()
    };
    let ctx = Context::new(Environment::Test, credential.clone());
    let service =
        Served::grpc("auth", &ctx, |listener| jc_auth::serve(settings, ctx.clone(), listener)).await;
    let real_url = service.url();
    // What the fake takes as given: the taken email is registered.
    let given = RegisterRequest { email: TAKEN_EMAIL.into(), password: PASSWORD.into(), client: None };
    let request = CallContext::new("contract").request(&credential, given);
    AuthClient::new(service.channel.clone()).register(request).await.expect("register the taken email");

    let faked = account_life(&credential, fake_url).await;
    let served = account_life(&credential, real_url).await;
    assert_same(&faked, &served);
}

/// What the gateway shows of a profile: name and type (the fake's credits and times
/// are fixed, so they are left out).
fn profile_seen(profile: Option<&jc_proto::user::Profile>) -> String {
    profile.map_or_else(
        || "no profile".to_owned(),
        |p| format!("{} {:?} {:?}", p.user_id, p.full_name, word::<jc_domain::ProfileType>(p.profile_type)),
    )
}

fn me_seen(me: jc_proto::user::Me) -> String {
    let account = me.account.map(|a| format!("{} {:?} {}", a.user_id, a.email, a.email_verified));
    format!("{} account={account:?}", profile_seen(me.profile.as_ref()))
}

/// Calls made for one person.
struct SignedIn<'a> {
    credential: &'a ServiceCredential,
    token: String,
}

impl SignedIn<'_> {
    fn call<T>(&self, message: T) -> tonic::Request<T> {
        CallContext::new("contract").with_token(self.token.clone()).request(self.credential, message)
    }

    /// A call with the service credential and no token.
    fn service<T>(&self, message: T) -> tonic::Request<T> {
        CallContext::new("contract").request(self.credential, message)
    }
}

/// One person's profile, as the gateway drives it at registration and on `/api/users/me`.
async fn profile_life(
    credential: &ServiceCredential,
    signer: &TestSigner,
    user_id: Uuid,
    url: String,
) -> Vec<(&'static str, String)> {
    use jc_domain::ProfileType;
    use jc_proto::user::user_client::UserClient;
    use jc_proto::user::{AccountCopy, CreateProfileRequest, UpdateProfileRequest};

    let mut client =
        UserClient::new(jc_platform::grpc::channel(&url, Duration::from_secs(5)).expect("channel"));
    let signed_in = SignedIn { credential, token: signer.token_for(user_id) };
    let account = AccountCopy {
        user_id: user_id.to_string(),
        email: "ada@example.com".into(),
        roles: vec!["user".into()],
        email_verified: false,
        created_at: "2026-11-01T09:30:00Z".into(),
    };
    let mut seen = Vec::new();
    let create = CreateProfileRequest {
        user_id: user_id.to_string(),
        full_name: "Ada Lovelace".into(),
        profile_type: ProfileType::PersonalJournaler.to_wire(),
        account: Some(account.clone()),
    };
    seen.push((
        "create the profile",
        outcome(client.create_profile(signed_in.service(create)).await, |p| profile_seen(Some(&p))),
    ));
    seen.push(("read me", outcome(client.get_me(signed_in.call(Empty {})).await, me_seen)));
    let verified = AccountCopy { email_verified: true, ..account };
    seen.push((
        "record the account again",
        outcome(client.record_my_account(signed_in.call(verified)).await, me_seen),
    ));
    let rename = UpdateProfileRequest { full_name: Some("Ada King".into()), profile_type: None };
    seen.push((
        "rename",
        outcome(client.update_my_profile(signed_in.call(rename)).await, |p| profile_seen(Some(&p))),
    ));
    let retype =
        UpdateProfileRequest { full_name: None, profile_type: Some(ProfileType::ContentCreator.to_wire()) };
    seen.push((
        "retype",
        outcome(client.update_my_profile(signed_in.call(retype)).await, |p| profile_seen(Some(&p))),
    ));
    seen.push((
        "read the profile",
        outcome(client.get_my_profile(signed_in.call(Empty {})).await, |p| profile_seen(Some(&p))),
    ));
    seen.push((
        "read me without a token",
        outcome(client.get_me(signed_in.service(Empty {})).await, me_seen),
    ));
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_user_fake_answers_as_the_user_service_does() {
    jc_platform::telemetry::init_for_tests();
    let credential = ServiceCredential::new(jc_testkit::service_token());
    let signer = TestSigner::new();
    let stop = CancellationToken::new();
    let _stop_all = stop.clone().drop_guard();

    let fake = Arc::new(FakeUser::new(credential.clone()));
    let fake_url = serve_fake(
        tonic::service::Routes::new(jc_proto::user::user_server::UserServer::from_arc(fake)),
        &stop,
    )
    .await;

    let database = jc_testkit::sqlite_database();
    let settings = jc_user::Settings { database: database.settings.clone(), ..Default::default() };
    let ctx = Context::new(Environment::Test, credential.clone());
    let verifier = signer.verifier();
    let service =
        Served::grpc("user", &ctx, |listener| jc_user::serve_with(settings, verifier, ctx.clone(), listener))
            .await;

    let user_id = Uuid::new_v4();
    let faked = profile_life(&credential, &signer, user_id, fake_url).await;
    let served = profile_life(&credential, &signer, user_id, service.url()).await;
    assert_same(&faked, &served);
}

/// The journal each side exports: seeded into the fake, written by the real journal
/// service.
struct ExportSide {
    client: jc_proto::export::export_client::ExportClient<Channel>,
    journal_id: String,
}

/// One person's exports, as the gateway drives them, and a second person's refusals.
async fn export_life(
    credential: &ServiceCredential,
    signer: &TestSigner,
    (owner, other): (Uuid, Uuid),
    side: ExportSide,
) -> Vec<(&'static str, String)> {
    use jc_domain::ExportFormat;
    use jc_proto::export::{
        CreateExportRequest, ExportOptions, ExportRef, KdpPreviewRequest, ListExportsRequest,
    };

    let ExportSide { mut client, journal_id } = side;
    let mine = SignedIn { credential, token: signer.token_for(owner) };
    let theirs = SignedIn { credential, token: signer.token_for(other) };
    let job_seen = |job: jc_proto::export::ExportJob| {
        format!("{} journal={}", word::<ExportFormat>(job.format), job.journal_id == journal_id)
    };
    let create = |journal_id: &str, trim: Option<&str>| CreateExportRequest {
        journal_id: journal_id.to_owned(),
        format: ExportFormat::Pdf.to_wire(),
        options: Some(ExportOptions { trim: trim.map(str::to_owned), ..Default::default() }),
    };
    let mut seen = Vec::new();
    let unknown = Uuid::new_v4().to_string();
    seen.push((
        "export an unknown journal",
        outcome(client.create_export(mine.call(create(&unknown, None))).await, job_seen),
    ));
    seen.push((
        "export another's journal",
        outcome(client.create_export(theirs.call(create(&journal_id, None))).await, job_seen),
    ));
    let created = client.create_export(mine.call(create(&journal_id, Some("6x9")))).await;
    let id = created.as_ref().map(|r| r.get_ref().id.clone()).unwrap_or_default();
    seen.push(("export", outcome(created, |job| format!("{} {:?}", job_seen(job.clone()), job.status()))));
    let export = || ExportRef { id: id.clone() };
    seen.push(("read the export", outcome(client.get_export(mine.call(export())).await, job_seen)));
    seen.push(("another reads it", outcome(client.get_export(theirs.call(export())).await, job_seen)));
    seen.push((
        "read an unknown export",
        outcome(client.get_export(mine.call(ExportRef { id: unknown.clone() })).await, job_seen),
    ));
    let list = |limit| ListExportsRequest { page: 1, limit };
    let page_seen =
        |page: jc_proto::export::ExportPage| format!("total={} pages={}", page.total, page.total_pages);
    seen.push(("list the exports", outcome(client.list_exports(mine.call(list(20))).await, page_seen)));
    seen.push(("another lists theirs", outcome(client.list_exports(theirs.call(list(20))).await, page_seen)));
    seen.push(("list with limit 0", outcome(client.list_exports(mine.call(list(0))).await, page_seen)));
    let downloaded = client.download(theirs.call(export())).await;
    seen.push(("another downloads it", outcome(downloaded, |_| "a stream".to_owned())));
    seen.push(("read without a token", outcome(client.get_export(mine.service(export())).await, job_seen)));
    let preview = |pages| KdpPreviewRequest { trim: Some("6x9".into()), pages, ..Default::default() };
    let preview_seen = |result: jc_proto::export::KdpPreviewResult| {
        let calculation = result.calculation.unwrap_or_default();
        let cover = calculation.cover.unwrap_or_default();
        let size = cover.size.unwrap_or_default();
        format!(
            "pages_ok={} limits={:?} spine={:.4} cover={:.4}x{:.4} spine_text={}",
            calculation.pages_ok,
            calculation.limits.map(|l| (l.min, l.max)),
            cover.spine_width,
            size.width,
            size.height,
            cover.spine_text
        )
    };
    seen.push((
        "KDP preview of 120 pages",
        outcome(client.kdp_preview(mine.call(preview(120))).await, preview_seen),
    ));
    seen.push((
        "KDP preview of 10 pages",
        outcome(client.kdp_preview(mine.call(preview(10))).await, preview_seen),
    ));
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_fake_answers_as_the_export_service_does() {
    use jc_proto::export::export_client::ExportClient;
    use jc_proto::export::export_server::ExportServer;

    jc_platform::telemetry::init_for_tests();
    let credential = ServiceCredential::new(jc_testkit::service_token());
    let signer = TestSigner::new();
    let (owner, other) = (Uuid::new_v4(), Uuid::new_v4());
    let stop = CancellationToken::new();
    let _stop_all = stop.clone().drop_guard();

    let fake = Arc::new(FakeExport::new(credential.clone()));
    let fake_journal = fake.seed_journal(&owner.to_string(), "Morning Pages");
    let fake_url = serve_fake(tonic::service::Routes::new(ExportServer::from_arc(fake)), &stop).await;

    let journal_database = jc_testkit::sqlite_database();
    let journals = journal_service(&journal_database, &credential, &signer).await;
    let author = Caller {
        client: JournalClient::new(journals.channel.clone()),
        credential: credential.clone(),
        token: signer.token_for(owner),
    };
    let request = CreateJournalRequest {
        title: "Morning Pages".into(),
        theme: "mindfulness".into(),
        days: 7,
        ..Default::default()
    };
    let created = author.client.clone().create_journal(author.signed_in(request)).await.expect("a journal");
    let real_journal = created.into_inner().journal.expect("its summary").id;

    let export_database = jc_testkit::sqlite_database();
    let storage = tempfile::tempdir().expect("a storage directory");
    let settings = jc_export::Settings {
        database: export_database.settings.clone(),
        storage_dir: storage.path().to_owned(),
        ..Default::default()
    };
    let export_ctx = Context {
        services: ServiceUrls::default().with("journal", journals.url()),
        ..Context::new(Environment::Test, credential.clone())
    };
    let store = Arc::new(jc_export::FsStore::create(storage.path()).expect("a file store"));
    let verifier = signer.verifier();
    let exports = Served::grpc("export", &export_ctx, |listener| {
        jc_export::serve_with(settings, verifier, export_ctx.clone(), listener, store)
    })
    .await;

    let fake_client =
        ExportClient::new(jc_platform::grpc::channel(&fake_url, Duration::from_secs(5)).expect("channel"));
    let faked = export_life(
        &credential,
        &signer,
        (owner, other),
        ExportSide { client: fake_client.clone(), journal_id: fake_journal },
    )
    .await;
    let real_client = ExportClient::new(exports.channel.clone());
    let served = export_life(
        &credential,
        &signer,
        (owner, other),
        ExportSide { client: real_client.clone(), journal_id: real_journal },
    )
    .await;
    assert_same(&faked, &served);

    // Each format the fake offers is the service's, and each option it describes is
    // one of the service's, of the same kind, its choices among the service's.
    let formats = |mut client: ExportClient<Channel>| {
        let request = CallContext::new("contract").request(&credential, Empty {});
        async move { client.list_formats(request).await.expect("formats").into_inner().formats }
    };
    let (offered, real) = (formats(fake_client).await, formats(real_client).await);
    for format in &offered {
        let same =
            real.iter().find(|r| r.id == format.id).unwrap_or_else(|| panic!("{} is no format", format.name));
        assert_eq!(
            (&format.name, &format.content_type, &format.file_extension),
            (&same.name, &same.content_type, &same.file_extension)
        );
        for option in &format.options {
            let real_option = same
                .options
                .iter()
                .find(|o| o.name == option.name)
                .unwrap_or_else(|| panic!("{} has no option {}", same.name, option.name));
            assert_eq!(option.kind, real_option.kind, "{}", option.name);
            assert!(
                option.allowed.iter().all(|a| real_option.allowed.contains(a)),
                "{}: {:?}",
                option.name,
                real_option.allowed
            );
        }
    }
}
