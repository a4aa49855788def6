//! Where finished files are kept: the [`ArtifactStore`] trait and its filesystem
//! implementation.
//!
//! Keys are made by the service from ids it generated (never from input) and are
//! checked: ASCII letters, digits, `-` and `.`, not starting with a dot. A file is
//! written under a temporary name in the same directory, flushed to disk and renamed,
//! so a crash never leaves a partial file under a key; temporary names start with a
//! dot and are never listed as artifacts.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::SystemTime;

use tokio::io::AsyncRead;

/// An artifact opened for reading.
pub struct StoredFile {
    /// Its size in bytes.
    pub size: u64,
    pub reader: Pin<Box<dyn AsyncRead + Send>>,
}

/// An artifact as listed: its key and when it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub key: String,
    pub modified: SystemTime,
}

/// Keeps the bytes of finished exports under keys.
#[async_trait::async_trait]
pub trait ArtifactStore: Send + Sync + 'static {
    /// Stores `bytes` under `key`, replacing what was there, all or nothing.
    async fn put(&self, key: &str, bytes: Vec<u8>) -> io::Result<()>;
    /// The artifact under `key`; `None` when there is none.
    async fn open(&self, key: &str) -> io::Result<Option<StoredFile>>;
    /// Deletes the artifact under `key`; nothing when there is none.
    async fn delete(&self, key: &str) -> io::Result<()>;
    /// Every artifact (temporary files excluded).
    async fn list(&self) -> io::Result<Vec<Listed>>;
}

/// Artifacts as files in one directory.
#[derive(Debug, Clone)]
pub struct FsStore {
    dir: PathBuf,
}

impl FsStore {
    /// A store in `dir`, created (with its parents) when missing.
    pub fn create(dir: impl Into<PathBuf>) -> io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    /// The directory of the files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &str) -> io::Result<PathBuf> {
        check_key(key)?;
        Ok(self.dir.join(key))
    }
}

/// Refuses keys that could leave the directory or pass for a temporary file.
pub fn check_key(key: &str) -> io::Result<()> {
    let valid = !key.is_empty()
        && key.len() <= 200
        && !key.starts_with('.')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if valid {
        Ok(())
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{key:?} is not an artifact key")))
    }
}

fn write_atomically(dir: &Path, path: &Path, key: &str, bytes: &[u8]) -> io::Result<()> {
    let temporary = dir.join(format!(".{key}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written?;
    // The rename is durable once the directory entry is.
    std::fs::File::open(dir)?.sync_all()
}

#[async_trait::async_trait]
impl ArtifactStore for FsStore {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> io::Result<()> {
        let path = self.path(key)?;
        let (dir, key) = (self.dir.clone(), key.to_owned());
        tokio::task::spawn_blocking(move || write_atomically(&dir, &path, &key, &bytes))
            .await
            .map_err(io::Error::other)?
    }

    async fn open(&self, key: &str) -> io::Result<Option<StoredFile>> {
        let path = self.path(key)?;
        match tokio::fs::File::open(&path).await {
            Ok(file) => {
                let size = file.metadata().await?.len();
                Ok(Some(StoredFile { size, reader: Box::pin(file) }))
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    async fn delete(&self, key: &str) -> io::Result<()> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    async fn list(&self) -> io::Result<Vec<Listed>> {
        let mut listed = Vec::new();
        let mut entries = tokio::fs::read_dir(&self.dir).await?;
        while let Some(entry) = entries.next_entry().await? {
            let Some(key) = entry.file_name().to_str().map(str::to_owned) else { continue };
            if check_key(&key).is_err() {
                continue;
            }
            let metadata = entry.metadata().await?;
            if metadata.is_file() {
                listed.push(Listed { key, modified: metadata.modified()? });
            }
        }
        listed.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(listed)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    #[tokio::test]
    async fn files_are_put_opened_listed_and_deleted() {
        let dir = tempfile::tempdir().expect("dir");
        let store = FsStore::create(dir.path().join("nested/exports")).expect("store");
        store.put("job-1.pdf", b"%PDF-1.7 first".to_vec()).await.expect("put");
        store.put("job-1.pdf", b"%PDF-1.7 again".to_vec()).await.expect("replace");
        let mut file = store.open("job-1.pdf").await.expect("open").expect("there");
        assert_eq!(file.size, 14);
        let mut bytes = Vec::new();
        file.reader.read_to_end(&mut bytes).await.expect("read");
        assert_eq!(bytes, b"%PDF-1.7 again");
        std::fs::write(store.dir().join(".job-2.x.tmp"), b"partial").expect("temporary");
        let keys: Vec<String> = store.list().await.expect("list").into_iter().map(|l| l.key).collect();
        assert_eq!(keys, ["job-1.pdf"], "temporary files are no artifacts");
        store.delete("job-1.pdf").await.expect("delete");
        store.delete("job-1.pdf").await.expect("deleting nothing is fine");
        assert!(store.open("job-1.pdf").await.expect("open").is_none());
    }

    #[tokio::test]
    async fn keys_cannot_leave_the_directory() {
        let dir = tempfile::tempdir().expect("dir");
        let store = FsStore::create(dir.path()).expect("store");
        for key in ["../x", "a/b", ".hidden", "", "a b"] {
            let error = store.put(key, Vec::new()).await.expect_err(key);
            assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        }
    }
}
