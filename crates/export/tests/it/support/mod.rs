//! Starts a real journal service and the export service on free ports, each with a
//! database of the test's own: on SQLite with the in-process queue, or on PostgreSQL
//! with a RabbitMQ virtual host of the test's own ([`TestExport`], a [`Fixture`]). The
//! export service keeps its files in a temporary directory through a store a test can
//! hold at the door.

pub mod gate;

use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use futures::StreamExt;
use jc_domain::print::ExportChoices;
use jc_domain::{ExportFormat, ExportStatus};
use jc_platform::component::Context;
use jc_platform::config::{Environment, ServiceUrls};
use jc_platform::db::Database;
use jc_platform::grpc::{CallContext, ServiceCredential};
use jc_platform::queue::QueueSettings;
use jc_proto::convert::{stored, word};
use jc_proto::export::export_client::ExportClient;
use jc_proto::export::{
    CreateExportRequest, DownloadHead, ExportJob, ExportOptions, ExportRef, download_chunk,
};
use jc_proto::journal::journal_client::JournalClient;
use jc_proto::journal::{
    Certificate, Commitment, CreateJournalRequest, Introduction, UpdateDayRequest, UpdateJournalRequest,
};
use jc_testkit::tokens::TestSigner;
use jc_testkit::{Backend, Fixture, Served, TestDatabase, TestVhost, eventually};
use tonic::transport::Channel;
use uuid::Uuid;

use gate::GatedStore;

pub use jc_testkit::grpc::{assert_not_found, error_fields};

/// The export service with a journal service beside it.
pub struct TestExport {
    pub client: ExportClient<Channel>,
    pub journals: JournalClient<Channel>,
    /// The export service's database.
    pub db: Database,
    /// The store the service writes through (the test may hold it shut).
    pub store: Arc<GatedStore>,
    pub storage: tempfile::TempDir,
    signer: Arc<TestSigner>,
    credential: ServiceCredential,
    _export: Served<jc_export::ExportServeError>,
    _journal: Served<jc_journal::JournalServeError>,
    _databases: (TestDatabase, TestDatabase),
    _vhost: Option<TestVhost>,
}

fn context(credential: &ServiceCredential, services: ServiceUrls) -> Context {
    Context { services, ..Context::new(Environment::Test, credential.clone()) }
}

impl Fixture for TestExport {
    type Options = ();

    /// Both services on `backend`; `None` (the test is skipped) when its servers are
    /// not there.
    async fn start(backend: Backend, (): ()) -> Option<Self> {
        jc_platform::telemetry::init_for_tests();
        let (export_database, journal_database, vhost) = match backend {
            Backend::Embedded => (jc_testkit::sqlite_database(), jc_testkit::sqlite_database(), None),
            Backend::Servers => (
                jc_testkit::postgres_database()?,
                jc_testkit::postgres_database()?,
                Some(jc_testkit::rabbitmq_vhost()?),
            ),
        };
        let signer = Arc::new(TestSigner::new());
        let credential = ServiceCredential::new(jc_testkit::service_token());

        // Exports spend no credits: the user service is not there.
        let journal_ctx = context(&credential, ServiceUrls::default().with("user", jc_testkit::closed_url()));
        let journal_settings =
            jc_journal::Settings { database: journal_database.settings.clone(), ..Default::default() };
        let verifier = signer.verifier();
        let journal = Served::grpc("journal", &journal_ctx, |listener| {
            let providers = jc_journal::Providers::builtin(Duration::ZERO);
            jc_journal::serve_with(journal_settings, verifier, journal_ctx.clone(), listener, providers)
        })
        .await;

        let services = ServiceUrls::default().with("journal", journal.url());
        let mut export_ctx = context(&credential, services);
        let storage = tempfile::tempdir().expect("storage dir");
        let store = Arc::new(GatedStore::new(jc_export::FsStore::create(storage.path()).expect("store")));
        let settings = jc_export::Settings {
            database: export_database.settings.clone(),
            workers: 2,
            storage_dir: storage.path().to_owned(),
            ..Default::default()
        };
        export_ctx.queue = QueueSettings {
            url: vhost.as_ref().map(|vhost| vhost.url.clone().into()),
            max_attempts: 3,
            retry_base_ms: 5,
            retry_max_ms: 40,
            ..QueueSettings::default()
        };
        let db =
            jc_platform::component::database_of::<jc_export::ExportComponent>(&settings).expect("database");
        let verifier = signer.verifier();
        let export = Served::grpc("export", &export_ctx, |listener| {
            jc_export::serve_with(settings, verifier, export_ctx.clone(), listener, store.clone())
        })
        .await;
        Some(Self {
            client: ExportClient::new(export.channel.clone()),
            journals: JournalClient::new(journal.channel.clone()),
            db,
            store,
            storage,
            signer,
            credential,
            _export: export,
            _journal: journal,
            _databases: (export_database, journal_database),
            _vhost: vhost,
        })
    }
}

impl TestExport {
    /// A call made on behalf of `user`.
    pub fn call<T>(&self, user: Uuid, message: T) -> tonic::Request<T> {
        CallContext::new("test").with_token(self.signer.token_for(user)).request(&self.credential, message)
    }

    /// A call made by a service, for no one.
    pub fn service_call<T>(&self, message: T) -> tonic::Request<T> {
        CallContext::new("test").request(&self.credential, message)
    }

    /// A blank journal of `days` days owned by `user`, not yet written.
    pub async fn blank_journal(&self, user: Uuid, title: &str, days: u32) -> String {
        let request = CreateJournalRequest {
            title: title.into(),
            theme: "mindfulness".into(),
            days,
            ..Default::default()
        };
        let detail = self.journals.clone().create_journal(self.call(user, request)).await.expect("create");
        detail.into_inner().journal.expect("summary").id
    }

    /// A journal of `days` written days owned by `user`, ready to export.
    pub async fn journal(&self, user: Uuid, title: &str, days: u32) -> String {
        let id = self.blank_journal(user, title, days).await;
        let update = UpdateJournalRequest {
            id: id.clone(),
            author_name: Some("Test Author".into()),
            introduction: Some(Introduction {
                title: "Welcome".into(),
                quote: "Begin where you are.".into(),
                writeup: "A few quiet minutes a day.".into(),
            }),
            commitment: Some(Commitment { text: "I will write each day.".into(), writeup: String::new() }),
            certificate: Some(Certificate {
                summary: "Well done".into(),
                text: "You finished the journal.".into(),
                fields: vec!["Name".into(), "Date".into()],
            }),
            ..Default::default()
        };
        self.journals.clone().update_journal(self.call(user, update)).await.expect("update journal");
        for day in 1..=days {
            let update = UpdateDayRequest {
                journal_id: id.clone(),
                day,
                prompt: Some(format!("What did you notice on day {day}?")),
                lines: Some(6),
                ..Default::default()
            };
            self.journals.clone().update_day(self.call(user, update)).await.expect("update day");
        }
        id
    }

    /// Asks for an export with the choices of a JSON object, read as the gateway reads
    /// them (empty for none).
    pub async fn export(
        &self,
        user: Uuid,
        journal_id: &str,
        format: &str,
        options: &str,
    ) -> Result<ExportJob, tonic::Status> {
        let value = (!options.is_empty()).then(|| serde_json::from_str(options).expect("JSON options"));
        let choices = ExportChoices::from_json(
            ExportFormat::parse(format).unwrap_or(ExportFormat::Pdf),
            "options",
            value,
        )
        .expect("options of the right keys and types");
        self.export_with(user, journal_id, format, Some(ExportOptions::from(&choices))).await
    }

    /// Asks for an export with options as they go over the wire.
    pub async fn export_with(
        &self,
        user: Uuid,
        journal_id: &str,
        format: &str,
        options: Option<ExportOptions>,
    ) -> Result<ExportJob, tonic::Status> {
        let request = CreateExportRequest {
            journal_id: journal_id.into(),
            format: stored::<ExportFormat>(format),
            options,
        };
        self.client.clone().create_export(self.call(user, request)).await.map(|r| r.into_inner())
    }

    pub async fn get(&self, user: Uuid, id: &str) -> Result<ExportJob, tonic::Status> {
        self.client
            .clone()
            .get_export(self.call(user, ExportRef { id: id.into() }))
            .await
            .map(|r| r.into_inner())
    }

    pub async fn cancel(&self, user: Uuid, id: &str) -> Result<ExportJob, tonic::Status> {
        self.client
            .clone()
            .cancel_export(self.call(user, ExportRef { id: id.into() }))
            .await
            .map(|r| r.into_inner())
    }

    /// The job once it has finished.
    pub async fn finished(&self, user: Uuid, id: &str) -> ExportJob {
        eventually(format!("export {id} to finish"), || async {
            let job = self.get(user, id).await.expect("get export");
            let finished = ["completed", "failed", "cancelled"].contains(&word::<ExportStatus>(job.status));
            if finished { Ok(job) } else { Err(job) }
        })
        .await
    }

    /// The job once it has completed.
    pub async fn completed(&self, user: Uuid, id: &str) -> ExportJob {
        let job = self.finished(user, id).await;
        assert_eq!(word::<ExportStatus>(job.status), "completed", "{job:?}");
        job
    }

    /// The head and bytes of a download.
    pub async fn download(&self, user: Uuid, id: &str) -> Result<(DownloadHead, Vec<u8>), tonic::Status> {
        let request = self.call(user, ExportRef { id: id.into() });
        let mut stream = self.client.clone().download(request).await?.into_inner();
        let mut head = None;
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            match chunk?.part {
                Some(download_chunk::Part::Head(first)) => {
                    assert!(head.is_none() && bytes.is_empty(), "the head comes first, once");
                    head = Some(first);
                }
                Some(download_chunk::Part::Data(data)) => {
                    assert!(head.is_some(), "data after the head");
                    assert!(!data.is_empty() && data.len() <= 64 * 1024, "chunks of at most 64 KiB");
                    bytes.extend(data);
                }
                None => panic!("an empty chunk"),
            }
        }
        Ok((head.expect("a head"), bytes))
    }

    /// The artifact files in the storage directory (temporary files included, so a
    /// partial write would show).
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.storage.path())
            .expect("storage dir")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Waits until the storage directory holds `count` files (see [`TestExport::files`]).
    pub async fn wait_for_files(&self, count: usize, what: &str) {
        eventually(format!("{what} ({count} files)"), || async {
            let files = self.files();
            if files.len() == count { Ok(()) } else { Err(files) }
        })
        .await;
    }

    /// The path of the one file of completed job `id`.
    pub fn file_of(&self, id: &str) -> std::path::PathBuf {
        let files: Vec<String> = self.files().into_iter().filter(|name| name.starts_with(id)).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        self.storage.path().join(&files[0])
    }

    /// Rows of the export database matching `sql` (a `SELECT COUNT(*) AS n …`).
    pub async fn count(&self, sql: &'static str) -> i64 {
        self.db
            .run(move |conn| {
                let row: Count = diesel::sql_query(sql).get_result(conn)?;
                Ok(row.n)
            })
            .await
            .expect("count")
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}
