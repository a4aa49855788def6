//! Logs, traces and metrics.
//!
//! - Logs: tracing, JSON in production and pretty in development, filtered by
//!   `telemetry.level`; every request's span carries its request id.
//! - Traces: exported over OTLP/gRPC when `telemetry.otlp_endpoint` is set; the W3C
//!   trace context travels across gRPC calls in metadata.
//! - Metrics: one Prometheus recorder per process, rendered at `/metrics` of the
//!   operations listener by [`render`], with the `process_*` figures read from
//!   `/proc` and `journalcraft_build_info`. Every family is described (HELP text)
//!   where it is recorded, by a `describe_metrics` function the recorder's
//!   installation calls.

use std::sync::{Arc, Mutex, OnceLock};

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::{LogFormat, TelemetrySettings};

/// Header and metadata key of the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Keeps the trace exporter alive; flushes it when dropped.
pub struct TelemetryGuard {
    provider: Option<SdkTracerProvider>,
}

impl Drop for TelemetryGuard {
    fn drop(&mut self) {
        if let Some(provider) = self.provider.take() {
            // Flushing blocks; on a current-thread runtime it would time out, so it
            // runs on a plain thread.
            let _ = std::thread::spawn(move || provider.shutdown()).join();
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    #[error("invalid telemetry.level: {0}")]
    Filter(String),
    #[error("cannot set up the OTLP exporter: {0}")]
    Otlp(String),
    #[error("a tracing subscriber is already installed")]
    AlreadyInstalled,
}

/// Installs the global tracing subscriber (once per process) and the metrics recorder.
pub fn init(settings: &TelemetrySettings) -> Result<TelemetryGuard, TelemetryError> {
    metrics_handle();
    let filter = EnvFilter::try_new(&settings.level).map_err(|e| TelemetryError::Filter(e.to_string()))?;
    let fmt_layer = log_layer(settings.format, std::io::stdout);
    let (otel_layer, provider) = match &settings.otlp_endpoint {
        Some(endpoint) => {
            let exporter = opentelemetry_otlp::SpanExporter::builder()
                .with_tonic()
                .with_endpoint(endpoint)
                .build()
                .map_err(|e| TelemetryError::Otlp(e.to_string()))?;
            let resource = opentelemetry_sdk::Resource::builder()
                .with_service_name(settings.service_name.clone())
                .build();
            let provider =
                SdkTracerProvider::builder().with_batch_exporter(exporter).with_resource(resource).build();
            let tracer = provider.tracer("journalcraft");
            opentelemetry::global::set_text_map_propagator(
                opentelemetry_sdk::propagation::TraceContextPropagator::new(),
            );
            (Some(tracing_opentelemetry::layer().with_tracer(tracer)), Some(provider))
        }
        None => (None, None),
    };
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt_layer)
        .with(otel_layer)
        .try_init()
        .map_err(|_| TelemetryError::AlreadyInstalled)?;
    Ok(TelemetryGuard { provider })
}

/// The layer that writes log lines in `format` to `writer`. Every line carries the
/// fields of every span it is in, outermost first, so a line logged deep inside a
/// handler still names the request id of the call's outer span (`grpc` in the
/// services, `http` in the gateway): JSON lines list them under `spans`, pretty lines before the
/// message.
pub fn log_layer<S, W>(format: LogFormat, writer: W) -> Box<dyn Layer<S> + Send + Sync>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    match format {
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(true)
            .with_writer(writer)
            .boxed(),
        LogFormat::Pretty => tracing_subscriber::fmt::layer().compact().with_writer(writer).boxed(),
    }
}

/// The process's Prometheus recorder, installed on first use.
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0])
            .map(PrometheusBuilder::build_recorder)
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        // Fails only when another recorder is installed, in which case ours renders
        // nothing but the process keeps working.
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed");
        }
        describe_metrics();
        handle
    })
}

/// The version label of `journalcraft_build_info`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Describes every family the platform records, and sets `journalcraft_build_info`.
fn describe_metrics() {
    metrics::describe_gauge!(
        "journalcraft_build_info",
        "Always 1; its version label is the version of the running binary."
    );
    metrics::gauge!("journalcraft_build_info", "version" => VERSION).set(1.0);
    crate::grpc::describe_metrics();
    crate::db::describe_metrics();
    crate::queue::describe_metrics();
    crate::jobs::describe_metrics();
    crate::outbox::describe_metrics();
    crate::memo::describe_metrics();
}

/// Every metric of this process in the Prometheus text format: the recorded families,
/// then the `process_*` figures read now.
pub fn render() -> String {
    let mut text = metrics_handle().render();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    process::render_into(&mut text);
    text
}

/// `process_*` in the names every Prometheus client library uses, read from `/proc`
/// at each scrape (Linux; elsewhere none are rendered).
mod process {
    use std::fmt::Write as _;

    /// What `/proc/self/stat` says, in its own units.
    #[derive(Debug, PartialEq)]
    pub(super) struct Stat {
        /// User and system CPU time, in clock ticks.
        pub cpu_ticks: u64,
        /// Start time after boot, in clock ticks.
        pub start_ticks: u64,
        pub virtual_bytes: u64,
        pub resident_pages: u64,
    }

    /// Parses `/proc/self/stat`. The command name (field 2) may hold spaces and
    /// parentheses, so fields are counted after its last `)`.
    pub(super) fn parse_stat(stat: &str) -> Option<Stat> {
        let (_, rest) = stat.rsplit_once(')')?;
        // rest starts at field 3 (state): field n is rest[n - 3].
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let field = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
        Some(Stat {
            cpu_ticks: field(14)? + field(15)?,
            start_ticks: field(22)?,
            virtual_bytes: field(23)?,
            resident_pages: field(24)?,
        })
    }

    /// The boot time (`btime`, Unix seconds) of `/proc/stat`.
    pub(super) fn parse_boot_time(proc_stat: &str) -> Option<u64> {
        proc_stat.lines().find_map(|line| line.strip_prefix("btime ")?.trim().parse().ok())
    }

    /// The soft limit of open files in `/proc/self/limits`.
    pub(super) fn parse_max_fds(limits: &str) -> Option<u64> {
        let line = limits.lines().find(|line| line.starts_with("Max open files"))?;
        line.trim_start_matches("Max open files").split_whitespace().next()?.parse().ok()
    }

    /// The clock tick rate and page size of the auxiliary vector (`/proc/self/auxv`:
    /// pairs of native words, `AT_PAGESZ` = 6, `AT_CLKTCK` = 17), read instead of
    /// calling `sysconf`.
    pub(super) fn parse_auxv(auxv: &[u8]) -> (Option<u64>, Option<u64>) {
        const AT_PAGESZ: u64 = 6;
        const AT_CLKTCK: u64 = 17;
        let word = std::mem::size_of::<usize>();
        let read = |chunk: &[u8]| -> u64 {
            let mut bytes = [0u8; 8];
            if cfg!(target_endian = "little") {
                bytes[..word].copy_from_slice(chunk);
                u64::from_le_bytes(bytes)
            } else {
                bytes[8 - word..].copy_from_slice(chunk);
                u64::from_be_bytes(bytes)
            }
        };
        let (mut clock_ticks, mut page_size) = (None, None);
        for pair in auxv.chunks_exact(2 * word) {
            let (key, value) = (read(&pair[..word]), read(&pair[word..]));
            match key {
                AT_CLKTCK if value > 0 => clock_ticks = Some(value),
                AT_PAGESZ if value > 0 => page_size = Some(value),
                _ => {}
            }
        }
        (clock_ticks, page_size)
    }

    fn family(text: &mut String, name: &str, kind: &str, help: &str, value: f64) {
        // Writing to a String cannot fail.
        let _ = writeln!(text, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n");
    }

    #[cfg(target_os = "linux")]
    pub(super) fn render_into(text: &mut String) {
        let Some(stat) = std::fs::read_to_string("/proc/self/stat").ok().as_deref().and_then(parse_stat)
        else {
            return;
        };
        let (clock_ticks, page_size) =
            std::fs::read("/proc/self/auxv").map(|auxv| parse_auxv(&auxv)).unwrap_or((None, None));
        // The values Linux has used on every architecture it runs on.
        let ticks = clock_ticks.unwrap_or(100) as f64;
        let page_size = page_size.unwrap_or(4096);
        family(
            text,
            "process_cpu_seconds_total",
            "counter",
            "Total user and system CPU time spent in seconds.",
            stat.cpu_ticks as f64 / ticks,
        );
        family(
            text,
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory size in bytes.",
            (stat.resident_pages * page_size) as f64,
        );
        family(
            text,
            "process_virtual_memory_bytes",
            "gauge",
            "Virtual memory size in bytes.",
            stat.virtual_bytes as f64,
        );
        if let Some(boot) = std::fs::read_to_string("/proc/stat").ok().as_deref().and_then(parse_boot_time) {
            family(
                text,
                "process_start_time_seconds",
                "gauge",
                "Start time of the process since unix epoch in seconds.",
                boot as f64 + stat.start_ticks as f64 / ticks,
            );
        }
        if let Ok(entries) = std::fs::read_dir("/proc/self/fd") {
            family(
                text,
                "process_open_fds",
                "gauge",
                "Number of open file descriptors.",
                entries.count() as f64,
            );
        }
        if let Some(max) =
            std::fs::read_to_string("/proc/self/limits").ok().as_deref().and_then(parse_max_fds)
        {
            family(text, "process_max_fds", "gauge", "Maximum number of open file descriptors.", max as f64);
        }
    }

    #[cfg(not(target_os = "linux"))]
    pub(super) fn render_into(_text: &mut String) {}
}

/// A new request id.
pub fn new_request_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Whether a request id sent by a client is safe to echo and log.
pub fn is_valid_request_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// The request id a caller sent (the value of its `x-request-id` header) when it is
/// valid; a new one otherwise.
pub fn request_id_or_new(sent: Option<&str>) -> String {
    sent.filter(|id| is_valid_request_id(id)).map_or_else(new_request_id, str::to_owned)
}

/// Log lines kept in memory, for tests that read what a call logged. While it lives,
/// what this thread logs at `info` and above (with a current-thread runtime: every
/// task of it, servers included) is written in `format` to it, as [`log_layer`] writes
/// to standard output in a process.
pub struct CapturedLogs {
    buffer: Arc<Mutex<Vec<u8>>>,
    _default: tracing::subscriber::DefaultGuard,
}

impl CapturedLogs {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&lock_buffer(&self.buffer)).into_owned()
    }
}

/// Starts capturing this thread's log lines (see [`CapturedLogs`]).
pub fn capture_logs(format: LogFormat) -> CapturedLogs {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let subscriber = tracing_subscriber::registry()
        .with(EnvFilter::new("info"))
        .with(log_layer(format, CaptureWriter(buffer.clone())));
    CapturedLogs { buffer, _default: tracing::subscriber::set_default(subscriber) }
}

#[derive(Clone)]
struct CaptureWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for CaptureWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        lock_buffer(&self.0).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for CaptureWriter {
    type Writer = CaptureWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn lock_buffer(buffer: &Mutex<Vec<u8>>) -> std::sync::MutexGuard<'_, Vec<u8>> {
    // Each critical section is one append or one copy: a poisoned lock is safe to use.
    buffer.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs a subscriber for tests when `TEST_LOG` is set; silent otherwise.
pub fn init_for_tests() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ =
            tracing_subscriber::fmt().with_env_filter(EnvFilter::new("debug")).with_test_writer().try_init();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_files_are_parsed() {
        let stat = "4242 (jc (x) y) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 0 0 20 0 9 0 \
                    123456 987654321 3000 18446744073709551615";
        assert_eq!(
            process::parse_stat(stat),
            Some(process::Stat {
                cpu_ticks: 300,
                start_ticks: 123456,
                virtual_bytes: 987654321,
                resident_pages: 3000
            })
        );
        assert_eq!(process::parse_stat("garbage"), None);
        assert_eq!(process::parse_boot_time("cpu  1 2 3\nbtime 1764800000\nprocesses 9\n"), Some(1764800000));
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max open files            1024                 524288               files\n";
        assert_eq!(process::parse_max_fds(limits), Some(1024));
        let word = std::mem::size_of::<usize>();
        let mut auxv = Vec::new();
        for value in [6usize, 16384, 17, 250, 0, 0] {
            auxv.extend_from_slice(&value.to_ne_bytes()[..word]);
        }
        assert_eq!(process::parse_auxv(&auxv), (Some(250), Some(16384)));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn process_figures_are_rendered_from_proc() {
        let text = render();
        let value = |name: &str| -> f64 {
            text.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
                .unwrap_or_else(|| panic!("{name} in:\n{text}"))
        };
        assert!(value("process_resident_memory_bytes") > 1_000_000.0, "a test binary takes over a megabyte");
        assert!(value("process_open_fds") >= 3.0, "stdin, stdout and stderr at least");
        assert!(value("process_cpu_seconds_total") >= 0.0);
        assert!(value("process_max_fds") >= value("process_open_fds"));
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs_f64())
            .unwrap_or_default();
        let started = value("process_start_time_seconds");
        assert!(started <= now + 1.0 && started > now - 3600.0, "started {started}, now {now}");
        assert!(
            text.contains("# HELP process_cpu_seconds_total ")
                && text.contains("# TYPE process_cpu_seconds_total counter")
        );
        assert!(
            text.contains(&format!("journalcraft_build_info{{version=\"{VERSION}\"}} 1")),
            "build info in:\n{text}"
        );
    }

    #[test]
    fn request_ids_from_clients_are_checked() {
        assert!(is_valid_request_id("abc-123_x.y"));
        assert!(!is_valid_request_id(""));
        assert!(!is_valid_request_id("a b"));
        assert!(!is_valid_request_id("a\nb"));
        assert!(!is_valid_request_id(&"a".repeat(129)));
        assert!(is_valid_request_id(&new_request_id()));
    }
}
