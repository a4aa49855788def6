//! Start-up without a database, and graceful shutdown, of the real binary.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use secrecy::ExposeSecret;
use tokio::io::AsyncWriteExt;

use jc_testkit::eventually;

use crate::support::{KillOnDrop, as_variables, binary, free_port, test_overrides};

/// A TCP forwarder to PostgreSQL that refuses connections until it is opened.
struct Gate {
    port: u16,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Gate {
    async fn start(target: String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let open = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let is_open = open.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !is_open.load(std::sync::atomic::Ordering::SeqCst) {
                    let _ = inbound.shutdown().await;
                    continue;
                }
                let target = target.clone();
                tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Self { port, open }
    }

    fn open(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

async fn status(url: &str) -> Option<u16> {
    reqwest::get(url).await.ok().map(|r| r.status().as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_component_waits_for_its_database_and_becomes_ready_when_it_appears() {
    let _turn = crate::support::shared_turn().await;
    let Some(database) = jc_testkit::postgres_database() else { return };
    let url = database.settings.url.expose_secret().to_owned();
    let gate = Gate::start("127.0.0.1:5432".into()).await;
    let gated_url = url.replacen("127.0.0.1:5432", &format!("127.0.0.1:{}", gate.port), 1);
    assert_ne!(gated_url, url, "the test database is on 127.0.0.1:5432");
    let ops = free_port();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = Command::new(binary());
    command
        .args(["serve", "--target", "user"])
        .env("JC_ENV", "test")
        .env("JC_CONFIG_DIR", dir.path())
        .env("JC__USER__DATABASE__URL", &gated_url)
        .env("JC__USER__DATABASE__CONNECT_TIMEOUT_MS", "500")
        .env("JC__USER__GRPC_LISTEN", format!("127.0.0.1:{}", free_port()))
        .env("JC__OPS__LISTEN", format!("127.0.0.1:{ops}"))
        .env("JC__INTERNAL__SERVICE_TOKEN", jc_testkit::service_token().expose_secret())
        .env("JC__TELEMETRY__LEVEL", "error")
        .stdout(Stdio::null());
    let _child = KillOnDrop(command.spawn().expect("start"));
    let livez = format!("http://127.0.0.1:{ops}/livez");
    let readyz = format!("http://127.0.0.1:{ops}/readyz");
    eventually("the process to be alive", || async { status(&livez).await == Some(200) }).await;
    for _ in 0..5 {
        assert_eq!(status(&readyz).await, Some(503), "not ready while the database is unreachable");
        assert_eq!(status(&livez).await, Some(200), "alive all the same");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    gate.open();
    eventually("the process to be ready once its database appears", || async {
        status(&readyz).await == Some(200)
    })
    .await;
    drop(database);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_slow_request_lets_it_finish_and_exits_zero() {
    let _turn = crate::support::shared_turn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = crate::support::Databases::sqlite();
    let port = free_port();
    let mut command = Command::new(binary());
    command
        .args(["serve", "--target", "all"])
        .env("JC_ENV", "test")
        .env("JC_CONFIG_DIR", dir.path())
        .envs(as_variables(&test_overrides(dir.path(), &dbs)))
        .env("JC__GATEWAY__LISTEN", format!("127.0.0.1:{port}"))
        .env("JC__SHUTDOWN__DRAIN_TIMEOUT_SECONDS", "10")
        .env("JC__TELEMETRY__LEVEL", "error")
        .stdout(Stdio::null());
    let mut child = KillOnDrop(command.spawn().expect("start"));
    let readyz = format!("http://127.0.0.1:{port}/readyz");
    eventually("the platform to be ready", || async { status(&readyz).await == Some(200) }).await;

    // A client that uploads its body slowly: headers and half the body now…
    let body = serde_json::json!({
        "email": format!("slow-{}@example.com", uuid::Uuid::new_v4().simple()),
        "password": crate::support::PASSWORD,
        "full_name": "Slow Uploader",
        "profile_type": "personal_journaler",
    })
    .to_string();
    let (first, rest) = body.split_at(body.len() / 2);
    let rest = rest.to_owned();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    write!(
        stream,
        "POST /api/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .expect("send the first half");
    stream.flush().expect("flush");
    tokio::time::sleep(Duration::from_millis(300)).await;

    // …then SIGTERM, then the rest of the body.
    let pid = child.0.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().expect("kill").success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    stream.write_all(rest.as_bytes()).expect("send the rest");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read the response");
    assert!(response.starts_with("HTTP/1.1 201"), "the in-flight request completes: {response}");

    let status = tokio::task::spawn_blocking(move || child.0.wait()).await.expect("join").expect("wait");
    assert!(status.success(), "exit status {status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_serves_probes_and_metrics_on_its_operations_listener_and_says_where() {
    let _turn = crate::support::shared_turn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let (port, ops) = (free_port(), free_port());
    let mut command = Command::new(binary());
    command
        .args(["dev", "--data-dir"])
        .arg(dir.path().join("data"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--ops-listen", &format!("127.0.0.1:{ops}")])
        .env_remove("JC_ENV")
        .env("JC_CONFIG_DIR", dir.path())
        .env("JC__TELEMETRY__LEVEL", "error")
        .stdout(Stdio::piped());
    let mut child = KillOnDrop(command.spawn().expect("start"));
    let mut stdout = child.0.stdout.take().expect("stdout");
    let printed = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = printed.clone();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 1024];
        while let Ok(read @ 1..) = stdout.read(&mut buffer) {
            sink.lock().expect("output").push_str(&String::from_utf8_lossy(&buffer[..read]));
        }
    });
    let metrics = format!("http://127.0.0.1:{ops}/metrics");
    eventually("dev to print where its operations listener is", || async {
        let printed = printed.lock().expect("output").clone();
        if printed.contains(&metrics) { Ok(()) } else { Err(printed) }
    })
    .await;
    eventually("the platform to be ready", || async {
        status(&format!("http://127.0.0.1:{ops}/readyz")).await == Some(200)
    })
    .await;
    let text = reqwest::get(&metrics).await.expect("metrics").text().await.expect("body");
    assert!(text.contains("journalcraft_build_info{") && text.contains("process_open_fds "), "{text}");
    assert_eq!(
        status(&format!("http://127.0.0.1:{port}/metrics")).await,
        Some(404),
        "not on the public port"
    );
    assert_eq!(status(&format!("http://127.0.0.1:{port}/readyz")).await, Some(200));
}
