//! The real filesystem store behind a door a test can hold shut: a run that reaches
//! `put` waits there until the test lets it through, so a test can cancel a job or
//! deliver it twice while it is rendering.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use jc_export::FsStore;
use jc_export::storage::{ArtifactStore, Listed, StoredFile};
use tokio::sync::Semaphore;

pub struct GatedStore {
    inner: FsStore,
    shut: AtomicBool,
    door: Semaphore,
    /// Runs that reached `put`.
    arrived: AtomicUsize,
    /// Runs whose `put` returned.
    stored: AtomicUsize,
}

impl GatedStore {
    pub fn new(inner: FsStore) -> Self {
        Self {
            inner,
            shut: AtomicBool::new(false),
            door: Semaphore::new(0),
            arrived: AtomicUsize::new(0),
            stored: AtomicUsize::new(0),
        }
    }

    /// Holds every later `put` until [`GatedStore::open_door`].
    pub fn shut_door(&self) {
        self.shut.store(true, Ordering::SeqCst);
    }

    /// Lets every waiting and later `put` through.
    pub fn open_door(&self) {
        self.shut.store(false, Ordering::SeqCst);
        self.door.add_permits(Semaphore::MAX_PERMITS / 2);
    }

    pub fn arrived(&self) -> usize {
        self.arrived.load(Ordering::SeqCst)
    }

    /// Files written so far (a run deletes its own afterwards when it loses).
    pub fn stored(&self) -> usize {
        self.stored.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl ArtifactStore for GatedStore {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.arrived.fetch_add(1, Ordering::SeqCst);
        if self.shut.load(Ordering::SeqCst) {
            let _permit = self.door.acquire().await.map_err(io::Error::other)?;
        }
        let put = self.inner.put(key, bytes).await;
        self.stored.fetch_add(1, Ordering::SeqCst);
        put
    }

    async fn open(&self, key: &str) -> io::Result<Option<StoredFile>> {
        self.inner.open(key).await
    }

    async fn delete(&self, key: &str) -> io::Result<()> {
        self.inner.delete(key).await
    }

    async fn list(&self) -> io::Result<Vec<Listed>> {
        self.inner.list().await
    }
}
