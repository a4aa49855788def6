//! Every log line of the test process, kept in memory, so tests can check that secrets
//! (provider keys, access tokens) never reach a log. With `TEST_LOG` set, the lines are
//! also shown.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

static CAPTURED: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static INSTALLED: OnceLock<()> = OnceLock::new();

/// Installs the capturing subscriber once per process.
pub fn init() {
    INSTALLED.get_or_init(|| {
        let show = std::env::var_os("TEST_LOG").is_some();
        let filter = if show { "debug" } else { "info,jc_gateway=debug,jc_platform=debug,it=debug" };
        let _ = tracing_subscriber::fmt()
            .with_env_filter(EnvFilter::new(filter))
            .with_ansi(false)
            .with_writer(Capture { show })
            .try_init();
    });
}

/// Everything logged so far.
pub fn captured() -> String {
    String::from_utf8_lossy(&CAPTURED.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
}

#[derive(Clone, Copy)]
struct Capture {
    show: bool,
}

struct CaptureWriter {
    show: bool,
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = CaptureWriter;

    fn make_writer(&'a self) -> Self::Writer {
        CaptureWriter { show: self.show }
    }
}

impl Write for CaptureWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURED.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(buf);
        if self.show {
            // Through the test harness's capture, like `with_test_writer`.
            eprint!("{}", String::from_utf8_lossy(buf));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
