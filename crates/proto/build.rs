//! Generates the tonic clients and servers from `proto/*.proto`.

use std::path::PathBuf;

/// Messages that carry passwords or tokens: their `Debug` is written by hand in
/// `lib.rs` so that secrets never reach a log line.
const SECRET_MESSAGES: &[&str] = &[
    "journalcraft.auth.RegisterRequest",
    "journalcraft.auth.LoginRequest",
    "journalcraft.auth.RefreshRequest",
    "journalcraft.auth.TokenPair",
    "journalcraft.journal.SetProviderKeyRequest",
    "journalcraft.journal.TestProviderKeyRequest",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-env-changed=PROTOC");
    let mut config = prost_build::Config::new();
    // An explicit PROTOC wins; otherwise the vendored binary keeps the build offline.
    if std::env::var_os("PROTOC").is_none() {
        config.protoc_executable(protoc_bin_vendored::protoc_bin_path()?);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../proto");
    let protos = ["common.proto", "auth.proto", "user.proto", "journal.proto", "export.proto"]
        .map(|name| root.join(name));
    for proto in &protos {
        println!("cargo:rerun-if-changed={}", proto.display());
    }
    tonic_prost_build::configure().skip_debug(SECRET_MESSAGES.iter().copied()).compile_with_config(
        config,
        &protos,
        &[root],
    )?;
    Ok(())
}
