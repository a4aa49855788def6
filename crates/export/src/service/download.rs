//! `Download`: the file of a completed job as a stream, a head with its content type,
//! name and size first, then the bytes in 64 KiB chunks.
//!
//! Before the head is sent the file is checked against its job: it must exist, have
//! the stored size and the stored SHA-256. A missing or damaged file is the owner's
//! "no longer available" (`not_found`), never an internal error.

use std::pin::Pin;

use futures::Stream;
use jc_platform::identity::Caller;
use jc_platform::{AppError, AppResult, ErrorCode};
use jc_proto::export::{DownloadChunk, DownloadHead, download_chunk};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;
use tonic::Status;

use super::ExportService;
use crate::jobs::ExportStatus;
use crate::jobs::worker::hex;
use crate::storage::StoredFile;
use crate::store::JobRow;

/// The size of each data chunk.
pub const CHUNK_BYTES: usize = 64 * 1024;
/// What the owner reads when the file is gone or damaged.
pub const FILE_GONE: &str = "The exported file is no longer available; export again.";

/// The chunks of a download.
pub type ChunkStream = Pin<Box<dyn Stream<Item = Result<DownloadChunk, Status>> + Send>>;

fn gone() -> AppError {
    AppError::new(ErrorCode::NotFound, FILE_GONE)
}

impl ExportService {
    pub(super) async fn download(&self, caller: Caller, raw_id: &str) -> AppResult<ChunkStream> {
        let job = self.owned(&caller, raw_id).await?;
        match job.status() {
            Some(ExportStatus::Completed) => {}
            Some(ExportStatus::Queued | ExportStatus::Rendering) => {
                return Err(AppError::new(ErrorCode::Conflict, "The export is not finished yet."));
            }
            _ => {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "The export has no file: it did not complete.",
                ));
            }
        }
        self.check(&job).await?;
        let file = self.open(&job).await?;
        let head = DownloadHead {
            content_type: job.content_type.clone().unwrap_or_default(),
            file_name: job.file_name.clone().unwrap_or_default(),
            size_bytes: file.size,
        };
        let first = DownloadChunk { part: Some(download_chunk::Part::Head(head)) };
        let job_id = job.id.clone();
        let data = futures::stream::try_unfold(file.reader, move |mut reader| {
            let job_id = job_id.clone();
            async move {
                let mut buffer = vec![0u8; CHUNK_BYTES];
                let mut filled = 0;
                while filled < CHUNK_BYTES {
                    let read = reader.read(&mut buffer[filled..]).await.map_err(|error| {
                        tracing::error!(%job_id, %error, "reading an export file failed mid-download");
                        Status::from(gone())
                    })?;
                    if read == 0 {
                        break;
                    }
                    filled += read;
                }
                if filled == 0 {
                    return Ok(None);
                }
                buffer.truncate(filled);
                Ok(Some((DownloadChunk { part: Some(download_chunk::Part::Data(buffer)) }, reader)))
            }
        });
        let stream = futures::stream::once(async move { Ok(first) });
        Ok(Box::pin(futures::StreamExt::chain(stream, data)))
    }

    async fn open(&self, job: &JobRow) -> AppResult<StoredFile> {
        let Some(key) = job.storage_key.as_deref() else {
            tracing::error!(job_id = %job.id, "a completed export job has no file key");
            return Err(gone());
        };
        match self.shared.store.open(key).await {
            Ok(Some(file)) => Ok(file),
            Ok(None) => {
                tracing::warn!(job_id = %job.id, key, "the file of a completed export is missing");
                Err(gone())
            }
            Err(error) => {
                tracing::error!(job_id = %job.id, key, %error, "the file of a completed export cannot be opened");
                Err(gone())
            }
        }
    }

    /// Reads the file once to check its size and SHA-256 against the job.
    async fn check(&self, job: &JobRow) -> AppResult<()> {
        let mut file = self.open(job).await?;
        let expected_size = job.size_bytes.and_then(|size| u64::try_from(size).ok());
        if expected_size != Some(file.size) {
            tracing::error!(job_id = %job.id, size = file.size, expected = ?expected_size, "an export file has the wrong size");
            return Err(gone());
        }
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; CHUNK_BYTES];
        loop {
            let read = file.reader.read(&mut buffer).await.map_err(|error| {
                tracing::error!(job_id = %job.id, %error, "reading an export file failed");
                gone()
            })?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
        }
        let actual = hex(&hasher.finalize());
        if job.sha256.as_deref() != Some(actual.as_str()) {
            tracing::error!(job_id = %job.id, "an export file does not match its checksum");
            return Err(gone());
        }
        Ok(())
    }
}
