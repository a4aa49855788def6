//! Starts the platform for a test, in-process or as separate processes, and talks to
//! its gateway over HTTP. [`Platform`] is a [`Fixture`]: on the embedded backend every
//! component in this process on SQLite, on the servers backend `journalcraft serve
//! --target …` processes on PostgreSQL, Redis and RabbitMQ.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use jc_platform::config::{DatabaseSettings, Environment};
use jc_testkit::{Backend, Fixture, TestDatabase, eventually};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

pub const PASSWORD: &str = "Quiet-Harbor-Lantern-42";

/// Platforms hold this gate shared; a test that measures time holds it alone, so no
/// other test's load falls on its measurement.
static GATE: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

/// The shared side of the gate, for tests that start processes of their own.
pub async fn shared_turn() -> tokio::sync::RwLockReadGuard<'static, ()> {
    GATE.read().await
}

enum Turn {
    Shared(#[allow(dead_code)] tokio::sync::RwLockReadGuard<'static, ()>),
    Alone(#[allow(dead_code)] tokio::sync::RwLockWriteGuard<'static, ()>),
}

/// A running platform and an HTTP client for its gateway.
pub struct Platform {
    pub base: String,
    /// Each process's operations listener (`/livez`, `/readyz` with details,
    /// `/metrics`), by its `--target`.
    pub ops: Vec<(&'static str, SocketAddr)>,
    pub http: reqwest::Client,
    pub auth_db: DatabaseSettings,
    /// The journal service process and how to start it again, on [`Platform::processes`].
    journal: Option<ServiceProcess>,
    /// The export service process, likewise.
    export: Option<ServiceProcess>,
    _guard: Guard,
    _turn: Turn,
}

/// How a platform for a test is set up.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// `journal.generator.pace_ms`: how long each stage of a builtin job lasts.
    pub pace_ms: u64,
    /// Run while no other test's platform runs (for tests that disturb shared
    /// services, such as restarting RabbitMQ).
    pub alone: bool,
    /// Keep the gateway's rate limits at their defaults. Off, the limits are turned off:
    /// the other tests sign in and register from one address more often than a person would.
    pub rate_limits: bool,
}

/// A service run as its own process that a test can kill and start again.
struct ServiceProcess {
    target: &'static str,
    child: std::sync::Mutex<Option<KillOnDrop>>,
    env: Vec<(String, String)>,
}

#[allow(dead_code)]
enum Guard {
    InProcess {
        shutdown: CancellationToken,
        dbs: Databases,
        dir: tempfile::TempDir,
    },
    Processes {
        children: Vec<KillOnDrop>,
        dbs: Databases,
        vhost: Option<jc_testkit::TestVhost>,
        dir: tempfile::TempDir,
    },
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Guard::InProcess { shutdown, .. } = self {
            shutdown.cancel();
        }
    }
}

impl ServiceProcess {
    fn started(target: &'static str, env: Vec<(String, String)>) -> Self {
        let process = Self { target, child: std::sync::Mutex::new(None), env };
        process.start();
        process
    }

    fn start(&self) {
        let mut command = Command::new(binary());
        command.args(["serve", "--target", self.target]).envs(self.env.iter().cloned());
        command.stdout(Stdio::null()).stderr(Stdio::inherit());
        let child = KillOnDrop(command.spawn().expect("start journalcraft"));
        *self.child.lock().expect("service process") = Some(child);
    }

    /// SIGKILL, as a crash would.
    fn kill(&self) {
        let child = self.child.lock().expect("service process").take();
        drop(child);
    }
}

/// A child process killed when the test ends, however it ends.
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One database per service that owns one.
pub struct Databases {
    pub auth: TestDatabase,
    pub user: TestDatabase,
    pub journal: TestDatabase,
    pub export: TestDatabase,
}

impl Databases {
    /// Each database with the name of the service that owns it.
    pub fn each(&self) -> [(&'static str, &TestDatabase); 4] {
        [("auth", &self.auth), ("user", &self.user), ("journal", &self.journal), ("export", &self.export)]
    }

    pub fn sqlite() -> Self {
        Self {
            auth: jc_testkit::sqlite_database(),
            user: jc_testkit::sqlite_database(),
            journal: jc_testkit::sqlite_database(),
            export: jc_testkit::sqlite_database(),
        }
    }

    /// `None` when PostgreSQL is absent.
    pub fn postgres() -> Option<Self> {
        Some(Self {
            auth: jc_testkit::postgres_database()?,
            user: jc_testkit::postgres_database()?,
            journal: jc_testkit::postgres_database()?,
            export: jc_testkit::postgres_database()?,
        })
    }
}

/// The configuration of a test platform in `dir` on `dbs`, as `key = value` overrides
/// (every listener on port 0, a signing key in `dir`, small pools, short drains).
pub fn test_overrides(dir: &Path, dbs: &Databases) -> Vec<(String, String)> {
    let key = dir.join("signing-key.pem");
    std::fs::write(&key, jc_auth::keys::generate_private_key_pem()).expect("write key");
    let mut overrides = vec![
        ("auth.signing_key_file".to_owned(), key.display().to_string()),
        ("export.storage_dir".to_owned(), dir.join("exports").display().to_string()),
        ("journal.key_encryption_key".to_owned(), KEY_ENCRYPTION_KEY.to_owned()),
        ("gateway.listen".to_owned(), "127.0.0.1:0".to_owned()),
        ("ops.listen".to_owned(), "127.0.0.1:0".to_owned()),
        ("internal.service_token".to_owned(), jc_testkit::service_token().expose_secret().to_owned()),
        ("shutdown.drain_timeout_seconds".to_owned(), "5".to_owned()),
    ];
    for (name, database) in dbs.each() {
        overrides.push((format!("{name}.grpc_listen"), "127.0.0.1:0".to_owned()));
        overrides.push((format!("{name}.database.url"), database.settings.url.expose_secret().to_owned()));
        overrides.push((format!("{name}.database.pool_size"), database.settings.pool_size.to_string()));
    }
    overrides
}

/// `overrides` as the `JC__…` variables a process reads them from.
pub fn as_variables(overrides: &[(String, String)]) -> Vec<(String, String)> {
    overrides
        .iter()
        .map(|(key, value)| (format!("JC__{}", key.to_uppercase().replace('.', "__")), value.clone()))
        .collect()
}

/// `journal.key_encryption_key` of test platforms.
const KEY_ENCRYPTION_KEY: &str = "6a63206b6579206f6620746573747320616e6420746573747320616c6f6e6521";

impl Platform {
    /// Every component in this process, on SQLite and the in-memory cache.
    pub async fn in_process() -> Self {
        Self::in_process_with(Turn::Shared(GATE.read().await), Options::default()).await
    }

    /// [`Platform::in_process`] set up by `options`.
    pub async fn in_process_with_options(options: Options) -> Self {
        Self::in_process_with(Turn::Shared(GATE.read().await), options).await
    }

    /// [`Platform::in_process`], while no other test's platform runs.
    pub async fn in_process_alone() -> Self {
        Self::in_process_with(Turn::Alone(GATE.write().await), Options::default()).await
    }

    async fn in_process_with(turn: Turn, options: Options) -> Self {
        jc_platform::telemetry::init_for_tests();
        let dir = tempfile::tempdir().expect("temp dir");
        let dbs = Databases::sqlite();
        let mut overrides = test_overrides(dir.path(), &dbs);
        overrides.push(("journal.generator.pace_ms".to_owned(), options.pace_ms.to_string()));
        overrides.push(("gateway.rate_limits.enabled".to_owned(), options.rate_limits.to_string()));
        let settings = journalcraft::settings(Environment::Test, dir.path(), [], &overrides)
            .expect("test settings load");
        let shutdown = CancellationToken::new();
        let running =
            journalcraft::start(settings, Environment::Test, &journalcraft::all(), shutdown.clone())
                .await
                .expect("platform starts");
        let address = running.address("gateway").expect("gateway address");
        let ops = vec![("all", running.ops)];
        tokio::spawn(running.wait());
        let platform = Self {
            base: format!("http://{address}"),
            ops,
            http: client(),
            auth_db: dbs.auth.settings.clone(),
            journal: None,
            export: None,
            _guard: Guard::InProcess { shutdown, dbs, dir },
            _turn: turn,
        };
        platform.wait_ready().await;
        platform
    }

    /// `journalcraft serve --target auth`, `--target user`, `--target journal` and
    /// `--target gateway` as four processes on PostgreSQL, Redis and RabbitMQ, set up
    /// by `options`. `None` when those are absent.
    pub async fn processes_with(options: Options) -> Option<Self> {
        let turn =
            if options.alone { Turn::Alone(GATE.write().await) } else { Turn::Shared(GATE.read().await) };
        let dbs = Databases::postgres()?;
        let redis = jc_testkit::redis_url()?;
        let vhost = jc_testkit::rabbitmq_vhost()?;
        let dir = tempfile::tempdir().expect("temp dir");
        let key = dir.path().join("signing-key.pem");
        std::fs::write(&key, jc_auth::keys::generate_private_key_pem()).expect("write key");
        let token = jc_testkit::service_token();
        let (auth_port, user_port, journal_port, export_port, gateway_port) =
            (free_port(), free_port(), free_port(), free_port(), free_port());
        let ops: Vec<(&'static str, SocketAddr)> = ["auth", "user", "gateway", "journal", "export"]
            .into_iter()
            .map(|target| (target, SocketAddr::from(([127, 0, 0, 1], free_port()))))
            .collect();
        let ops_of = |target: &str| {
            let (_, address) = ops.iter().find(|(name, _)| *name == target).expect("an ops port");
            address.to_string()
        };
        let common = vec![
            ("JC_ENV".to_owned(), "test".to_owned()),
            ("JC_CONFIG_DIR".to_owned(), dir.path().display().to_string()),
            ("JC__INTERNAL__SERVICE_TOKEN".to_owned(), token.expose_secret().to_owned()),
            ("JC__REDIS__URL".to_owned(), redis),
            ("JC__REDIS__KEY_PREFIX".to_owned(), jc_testkit::unique_prefix()),
            ("JC__SERVICES__AUTH_URL".to_owned(), format!("http://127.0.0.1:{auth_port}")),
            ("JC__SERVICES__USER_URL".to_owned(), format!("http://127.0.0.1:{user_port}")),
            ("JC__SERVICES__JOURNAL_URL".to_owned(), format!("http://127.0.0.1:{journal_port}")),
            ("JC__SERVICES__EXPORT_URL".to_owned(), format!("http://127.0.0.1:{export_port}")),
            ("JC__QUEUE__URL".to_owned(), vhost.url.clone()),
            ("JC__QUEUE__RETRY_BASE_MS".to_owned(), "20".to_owned()),
            ("JC__AUTH__SIGNING_KEY_FILE".to_owned(), key.display().to_string()),
            ("JC__TELEMETRY__LEVEL".to_owned(), "warn".to_owned()),
            ("JC__SHUTDOWN__DRAIN_TIMEOUT_SECONDS".to_owned(), "5".to_owned()),
        ];
        let spawn = |target: &str, extra: Vec<(String, String)>| {
            let mut command = Command::new(binary());
            command.args(["serve", "--target", target]).envs(common.iter().cloned()).envs(extra);
            command.stdout(Stdio::null()).stderr(Stdio::inherit());
            KillOnDrop(command.spawn().expect("start journalcraft"))
        };
        let children = vec![
            spawn(
                "auth",
                vec![
                    ("JC__AUTH__GRPC_LISTEN".into(), format!("127.0.0.1:{auth_port}")),
                    ("JC__AUTH__DATABASE__URL".into(), dbs.auth.settings.url.expose_secret().to_owned()),
                    ("JC__OPS__LISTEN".into(), ops_of("auth")),
                ],
            ),
            spawn(
                "user",
                vec![
                    ("JC__USER__GRPC_LISTEN".into(), format!("127.0.0.1:{user_port}")),
                    ("JC__USER__DATABASE__URL".into(), dbs.user.settings.url.expose_secret().to_owned()),
                    ("JC__OPS__LISTEN".into(), ops_of("user")),
                ],
            ),
            spawn(
                "gateway",
                vec![
                    ("JC__GATEWAY__LISTEN".into(), format!("127.0.0.1:{gateway_port}")),
                    ("JC__GATEWAY__RATE_LIMITS__ENABLED".into(), options.rate_limits.to_string()),
                    ("JC__OPS__LISTEN".into(), ops_of("gateway")),
                ],
            ),
        ];
        let mut journal_env = common.clone();
        journal_env.extend([
            ("JC__JOURNAL__GRPC_LISTEN".to_owned(), format!("127.0.0.1:{journal_port}")),
            ("JC__JOURNAL__DATABASE__URL".to_owned(), dbs.journal.settings.url.expose_secret().to_owned()),
            ("JC__JOURNAL__KEY_ENCRYPTION_KEY".to_owned(), KEY_ENCRYPTION_KEY.to_owned()),
            ("JC__JOURNAL__GENERATOR__PACE_MS".to_owned(), options.pace_ms.to_string()),
            ("JC__JOURNAL__WATCH_POLL_MS".to_owned(), "50".to_owned()),
            ("JC__OPS__LISTEN".to_owned(), ops_of("journal")),
        ]);
        let journal = ServiceProcess::started("journal", journal_env);
        let mut export_env = common.clone();
        export_env.extend([
            ("JC__EXPORT__GRPC_LISTEN".to_owned(), format!("127.0.0.1:{export_port}")),
            ("JC__EXPORT__DATABASE__URL".to_owned(), dbs.export.settings.url.expose_secret().to_owned()),
            ("JC__EXPORT__STORAGE_DIR".to_owned(), dir.path().join("exports").display().to_string()),
            ("JC__EXPORT__WORKERS".to_owned(), "2".to_owned()),
            ("JC__OPS__LISTEN".to_owned(), ops_of("export")),
        ]);
        let export = ServiceProcess::started("export", export_env);
        let platform = Self {
            base: format!("http://127.0.0.1:{gateway_port}"),
            ops,
            http: client(),
            auth_db: dbs.auth.settings.clone(),
            journal: Some(journal),
            export: Some(export),
            _guard: Guard::Processes { children, dbs, vhost: Some(vhost), dir },
            _turn: turn,
        };
        platform.wait_ready().await;
        // The gateway is ready before its peers are: wait until a call goes through.
        eventually("a sign-in to go through the gateway to the auth service", || async {
            let answer = platform
                .post("/api/auth/login", json!({"email": "nobody@example.com", "password": "x"}))
                .await;
            if answer.0 == 401 { Ok(()) } else { Err(answer) }
        })
        .await;
        Some(platform)
    }

    /// Kills the journal service process at once (SIGKILL), as a crash would.
    pub fn kill_journal(&self) {
        self.journal.as_ref().expect("the journal service runs as its own process").kill();
    }

    /// Starts the journal service process again, with the same settings.
    pub fn start_journal(&self) {
        self.journal.as_ref().expect("the journal service runs as its own process").start();
    }

    /// Kills the export service process at once (SIGKILL).
    pub fn kill_export(&self) {
        self.export.as_ref().expect("the export service runs as its own process").kill();
    }

    /// Starts the export service process again, with the same settings.
    pub fn start_export(&self) {
        self.export.as_ref().expect("the export service runs as its own process").start();
    }

    /// The files in the export service's storage directory.
    pub fn export_files(&self) -> Vec<String> {
        let Guard::Processes { dir, .. } = &self._guard else { return Vec::new() };
        std::fs::read_dir(dir.path().join("exports"))
            .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
            .unwrap_or_default()
    }

    /// The gateway's address, for WebSocket connections.
    pub fn address(&self) -> SocketAddr {
        self.base.trim_start_matches("http://").parse().expect("the gateway's address")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The operations listener of the process running `target` (`all` in process).
    pub fn ops_of(&self, target: &str) -> SocketAddr {
        self.ops.iter().find(|(name, _)| *name == target).map(|(_, address)| *address).expect("a process")
    }

    /// `GET path` on the operations listener at `address`: status and body.
    pub async fn ops_get(&self, address: SocketAddr, path: &str) -> (u16, String) {
        let response = self.http.get(format!("http://{address}{path}")).send().await.expect("request");
        (response.status().as_u16(), response.text().await.expect("body"))
    }

    pub async fn wait_ready(&self) {
        let url = self.url("/readyz");
        let http = self.http.clone();
        eventually(format!("{url} to answer 200"), || {
            let (url, http) = (url.clone(), http.clone());
            async move {
                match http.get(&url).send().await {
                    Ok(response) if response.status() == 200 => Ok(()),
                    Ok(response) => Err(format!("HTTP {}", response.status())),
                    Err(error) => Err(error.to_string()),
                }
            }
        })
        .await;
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self.http.post(self.url(path)).json(&body).send().await.expect("request");
        read(response).await
    }

    pub async fn post_with(&self, path: &str, token: &str, body: Value) -> (u16, Value) {
        let response =
            self.http.post(self.url(path)).bearer_auth(token).json(&body).send().await.expect("request");
        read(response).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut request = self.http.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        read(request.send().await.expect("request")).await
    }

    /// Any method, with an optional bearer token and JSON body.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        read(request.send().await.expect("request")).await
    }

    /// Registers and signs in a new account; returns its access token.
    pub async fn signed_in(&self, name: &str, profile_type: &str) -> String {
        let (email, _) = self.register(name, profile_type).await;
        self.login(&email).await.0
    }

    /// Registers a new account with a unique email; returns the email.
    pub async fn register(&self, name: &str, profile_type: &str) -> (String, Value) {
        let email = format!(
            "{}-{}@example.com",
            name.to_lowercase().replace(' ', "."),
            uuid::Uuid::new_v4().simple()
        );
        let (status, body) = self
            .post(
                "/api/auth/register",
                json!({"email": email, "password": PASSWORD, "full_name": name, "profile_type": profile_type}),
            )
            .await;
        assert_eq!(status, 201, "register: {body}");
        (email, body)
    }

    /// Signs in; returns (access token, refresh token).
    pub async fn login(&self, email: &str) -> (String, String) {
        let (status, body) =
            self.post("/api/auth/login", json!({"email": email, "password": PASSWORD})).await;
        assert_eq!(status, 200, "login: {body}");
        (text(&body, "access_token"), text(&body, "refresh_token"))
    }
}

pub fn text(body: &Value, key: &str) -> String {
    body[key].as_str().unwrap_or_else(|| panic!("{key} missing in {body}")).to_owned()
}

pub async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, body)
}

/// Checks the error body of API.md and returns its code.
pub fn error_code(status: u16, body: &Value) -> String {
    assert!(status >= 400, "expected an error, got {status}: {body}");
    let error = &body["error"];
    assert!(error["message"].is_string() && error["request_id"].is_string(), "error body: {body}");
    assert_eq!(body["detail"], error["message"], "detail repeats the message: {body}");
    error["code"].as_str().expect("code").to_owned()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("http client")
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_journalcraft"))
}

/// A port for a child process to listen on. A port the kernel hands out for binding
/// port 0 comes from the ephemeral range, from which every outgoing connection also
/// takes its local port, so between this check and the child's bind another test's
/// connection may take it. Ports are therefore taken below that range, each at most
/// once per test run, and only if one binds now.
pub fn free_port() -> u16 {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let ephemeral_low = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse::<u32>().ok())
        .unwrap_or(32768);
    const LOW: u32 = 10_000;
    if ephemeral_low > LOW + 1_000 {
        let span = ephemeral_low - LOW;
        // Runs of this suite that overlap start at different places.
        let start = u32::try_from(u64::from(std::process::id()) * 7_919 % u64::from(span)).unwrap_or(0);
        for _ in 0..span {
            let port = LOW + (start + NEXT.fetch_add(1, Ordering::Relaxed)) % span;
            let port = u16::try_from(port).expect("a port number");
            if TcpListener::bind(("127.0.0.1", port)).is_ok() {
                return port;
            }
        }
    }
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a: SocketAddr| a.port())
        .expect("free port")
}

impl Fixture for Platform {
    type Options = Options;

    /// [`Platform::in_process_with_options`] on the embedded backend,
    /// [`Platform::processes_with`] on the servers.
    async fn start(backend: Backend, options: Options) -> Option<Self> {
        match backend {
            Backend::Embedded => Some(Platform::in_process_with_options(options).await),
            Backend::Servers => Platform::processes_with(options).await,
        }
    }
}
