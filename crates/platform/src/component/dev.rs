//! `journalcraft dev`: every component in one process on embedded defaults. The data
//! directory holds each component's SQLite file (`<name>.db`), the service credential
//! and whatever secrets the components keep there; gRPC listens on free loopback
//! ports, the operations listener on loopback port 9100 unless told otherwise; the
//! cache and the job queue are in memory.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use rand::Rng;

use super::{AnyComponent, Listen};

/// The file of the service credential in the data directory.
const SERVICE_TOKEN_FILE: &str = "service-token";

/// Where a development platform keeps its files, where its gateway listens and where
/// its operations listener does.
#[derive(Debug, Clone)]
pub struct DevSetup {
    pub data_dir: PathBuf,
    /// Where the public HTTP surface listens.
    pub listen: SocketAddr,
    /// Where the operations listener (probes with details, metrics) listens.
    pub ops_listen: SocketAddr,
}

impl DevSetup {
    /// The operations listener of a development platform, unless told otherwise:
    /// loopback only, on the port `ops.listen` has by default.
    pub const OPS_LISTEN: SocketAddr =
        SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 9100);

    pub fn new(data_dir: impl Into<PathBuf>, listen: SocketAddr) -> Self {
        Self { data_dir: data_dir.into(), listen, ops_listen: Self::OPS_LISTEN }
    }

    /// The same setup with its operations listener at `address`.
    pub fn with_ops_listen(mut self, address: SocketAddr) -> Self {
        self.ops_listen = address;
        self
    }

    /// `name` inside the data directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.data_dir.join(name)
    }

    /// The contents of the data directory's file `name`, trimmed; made with `make()`
    /// (readable by the owner only) when it does not exist, so a secret stays the same
    /// from one run to the next.
    pub fn secret(&self, name: &str, make: impl FnOnce() -> String) -> std::io::Result<String> {
        let path = self.secret_file(name, make)?;
        Ok(std::fs::read_to_string(path)?.trim().to_owned())
    }

    /// The data directory's file `name`, made with `make()` (readable by the owner
    /// only) when it does not exist.
    pub fn secret_file(&self, name: &str, make: impl FnOnce() -> String) -> std::io::Result<PathBuf> {
        let path = self.path(name);
        if !path.exists() {
            create_private(&path, make().as_bytes())?;
        }
        Ok(path)
    }

    /// The configuration overrides that make a development platform of `registry`:
    /// for each component its SQLite database (when it owns one), its listener (the
    /// public one at [`DevSetup::listen`], gRPC on a free loopback port) and its own
    /// [`dev_settings`](super::Component::dev_settings); the operations listener at
    /// [`DevSetup::ops_listen`]; and the service credential.
    pub fn overrides(&self, registry: &[&dyn AnyComponent]) -> std::io::Result<Vec<(String, String)>> {
        std::fs::create_dir_all(&self.data_dir).map_err(|error| {
            std::io::Error::new(
                error.kind(),
                format!("cannot create the data directory {}: {error}", self.data_dir.display()),
            )
        })?;
        let token = self.secret(SERVICE_TOKEN_FILE, random_hex)?;
        let mut overrides = vec![
            ("internal.service_token".to_owned(), token),
            ("ops.listen".to_owned(), self.ops_listen.to_string()),
        ];
        for component in registry {
            let name = component.name();
            let defaults = component.configure(None).map_err(std::io::Error::other)?;
            match defaults.listen() {
                Listen::Grpc(_) => overrides.push((format!("{name}.grpc_listen"), "127.0.0.1:0".to_owned())),
                Listen::Http(_) => overrides.push((format!("{name}.listen"), self.listen.to_string())),
            }
            if defaults.database().is_some() {
                let file = self.path(&format!("{name}.db"));
                overrides.push((format!("{name}.database.url"), format!("sqlite://{}", file.display())));
            }
            overrides.extend(component.dev_settings(self)?);
        }
        Ok(overrides)
    }
}

/// 32 random bytes as hex: a secret for a development platform.
pub fn random_hex() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn create_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display())))?;
    file.write_all(contents)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_the_same_between_runs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dev = DevSetup::new(dir.path(), "127.0.0.1:0".parse().expect("address"));
        let first = dev.secret("token", random_hex).expect("first run");
        let second = dev.secret("token", || "other".to_owned()).expect("second run");
        assert_eq!(first, second);
        assert_eq!(first.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dev.path("token")).expect("file").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
