//! `journalcraft dev`: every component in one process on embedded defaults — SQLite
//! files, a signing key, a service credential and the key that encrypts stored
//! provider keys kept in the data directory, the in-memory cache and job queue,
//! internal gRPC on free loopback ports.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rand::Rng;

const SIGNING_KEY_FILE: &str = "signing-key.pem";
const SERVICE_TOKEN_FILE: &str = "service-token";
const KEY_ENCRYPTION_KEY_FILE: &str = "key-encryption-key";

/// The configuration overrides that make a development platform out of `data_dir`.
pub fn overrides(data_dir: &Path, listen: SocketAddr) -> anyhow::Result<Vec<(&'static str, String)>> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let key = ensure_file(&data_dir.join(SIGNING_KEY_FILE), jc_auth::keys::generate_private_key_pem)?;
    let token = ensure_file(&data_dir.join(SERVICE_TOKEN_FILE), random_token)?;
    let token = std::fs::read_to_string(&token).context("cannot read the service token")?;
    let kek = ensure_file(&data_dir.join(KEY_ENCRYPTION_KEY_FILE), random_token)?;
    let kek = std::fs::read_to_string(&kek).context("cannot read the key encryption key")?;
    let sqlite = |name: &str| format!("sqlite://{}", data_dir.join(name).display());
    Ok(vec![
        ("gateway.listen", listen.to_string()),
        ("auth.grpc_listen", "127.0.0.1:0".into()),
        ("user.grpc_listen", "127.0.0.1:0".into()),
        ("journal.grpc_listen", "127.0.0.1:0".into()),
        ("export.grpc_listen", "127.0.0.1:0".into()),
        ("auth.signing_key_file", key.display().to_string()),
        ("auth.database.url", sqlite("auth.db")),
        ("user.database.url", sqlite("user.db")),
        ("journal.database.url", sqlite("journal.db")),
        ("export.database.url", sqlite("export.db")),
        ("export.storage_dir", data_dir.join("exports").display().to_string()),
        ("internal.service_token", token.trim().to_owned()),
        ("journal.key_encryption_key", kek.trim().to_owned()),
    ])
}

/// Creates `path` with `make()` (readable by the owner only) unless it exists.
fn ensure_file(path: &Path, make: impl FnOnce() -> String) -> anyhow::Result<PathBuf> {
    if path.exists() {
        return Ok(path.to_owned());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(make().as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path.to_owned())
}

fn random_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_directory_keeps_its_secrets_between_runs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let listen: SocketAddr = "127.0.0.1:0".parse().expect("address");
        let first = overrides(dir.path(), listen).expect("first run");
        let second = overrides(dir.path(), listen).expect("second run");
        assert_eq!(first, second);
        let token = first.iter().find(|(k, _)| *k == "internal.service_token").map(|(_, v)| v.len());
        assert_eq!(token, Some(64));
        let key = std::fs::read_to_string(dir.path().join(SIGNING_KEY_FILE)).expect("key");
        assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
    }
}
