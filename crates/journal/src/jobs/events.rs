//! What one process tells itself about its jobs: each stored change of a job for
//! the watchers of that job (other processes' changes reach watchers by polling the
//! row), and the cancellation of a job one of its workers is running.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::store::jobs::JobRow;

type Latest = Option<Arc<JobRow>>;

#[derive(Default)]
pub(crate) struct Events {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// One channel per watched job, holding its latest stored row.
    watched: HashMap<String, watch::Sender<Latest>>,
    /// The cancellation of each job a worker here runs, and how many runs share it.
    running: HashMap<String, (CancellationToken, usize)>,
}

impl Events {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Each critical section is one map lookup, insert or removal: a panic cannot
        // leave the maps half-changed, so a poisoned lock is safe to use.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tells the watchers of `row`'s job about its stored state.
    pub(crate) fn changed(&self, row: &JobRow) {
        let inner = self.lock();
        if let Some(sender) = inner.watched.get(&row.id) {
            sender.send_replace(Some(Arc::new(row.clone())));
        }
    }

    /// Starts watching the job `job_id`.
    pub(crate) fn subscribe(self: &Arc<Self>, job_id: &str) -> Subscription {
        let receiver = self
            .lock()
            .watched
            .entry(job_id.to_owned())
            .or_insert_with(|| watch::channel(None).0)
            .subscribe();
        Subscription { events: self.clone(), job_id: job_id.to_owned(), receiver: Some(receiver) }
    }

    /// Marks the job `job_id` as run here until the returned guard is dropped; the
    /// guard's token fires when [`Events::cancel_running`] is called for the job.
    pub(crate) fn running(self: &Arc<Self>, job_id: &str) -> Running {
        let mut inner = self.lock();
        let (token, runs) =
            inner.running.entry(job_id.to_owned()).or_insert_with(|| (CancellationToken::new(), 0));
        *runs += 1;
        let token = token.clone();
        Running { events: self.clone(), job_id: job_id.to_owned(), token }
    }

    /// Stops the runs of job `job_id` in this process (its row already says cancelled).
    pub(crate) fn cancel_running(&self, job_id: &str) {
        if let Some((token, _)) = self.lock().running.get(job_id) {
            token.cancel();
        }
    }
}

/// A watcher of one job.
pub(crate) struct Subscription {
    events: Arc<Events>,
    job_id: String,
    receiver: Option<watch::Receiver<Latest>>,
}

impl Subscription {
    /// The next stored state of the job told by this process.
    pub(crate) async fn changed(&mut self) -> Arc<JobRow> {
        loop {
            // The sender stays in the map while this receiver exists, so the
            // channel is open; were it not, no news would ever come.
            let Some(receiver) = self.receiver.as_mut() else { return std::future::pending().await };
            if receiver.changed().await.is_err() {
                return std::future::pending().await;
            }
            if let Some(row) = receiver.borrow_and_update().clone() {
                return row;
            }
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.receiver.take();
        let mut inner = self.events.lock();
        if inner.watched.get(&self.job_id).is_some_and(|sender| sender.receiver_count() == 0) {
            inner.watched.remove(&self.job_id);
        }
    }
}

/// A job run in this process; see [`Events::running`].
pub(crate) struct Running {
    events: Arc<Events>,
    job_id: String,
    token: CancellationToken,
}

impl Running {
    pub(crate) fn cancelled(&self) -> &CancellationToken {
        &self.token
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let mut inner = self.events.lock();
        if let Some((_, runs)) = inner.running.get_mut(&self.job_id) {
            *runs -= 1;
            if *runs == 0 {
                inner.running.remove(&self.job_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, progress: i32) -> JobRow {
        let now = jc_platform::db::now();
        JobRow {
            id: id.into(),
            user_id: "u".into(),
            status: "research".into(),
            progress,
            stage: String::new(),
            estimated_seconds: 0,
            theme: "gratitude".into(),
            title_style: "poetic".into(),
            author_style: String::new(),
            research_depth: "light".into(),
            days: 7,
            custom_prompt: String::new(),
            seed: 1,
            provider: "builtin".into(),
            journal_id: None,
            error: None,
            attempts: 1,
            credit: "spent".into(),
            credit_updated_at: now,
            created_at: now,
            updated_at: now,
            started_at: None,
            finished_at: None,
        }
    }

    #[tokio::test]
    async fn watchers_get_the_latest_state_and_leave_no_channel_behind() {
        let events = Arc::new(Events::default());
        events.changed(&row("a", 5)); // nobody watches: nothing kept
        assert!(events.lock().watched.is_empty());
        let mut first = events.subscribe("a");
        let second = events.subscribe("a");
        events.changed(&row("a", 10));
        events.changed(&row("b", 99));
        events.changed(&row("a", 30));
        assert_eq!(first.changed().await.progress, 30);
        drop(second);
        assert_eq!(events.lock().watched.len(), 1);
        drop(first);
        assert!(events.lock().watched.is_empty());
    }

    #[test]
    fn cancelling_reaches_every_run_of_the_job_and_only_it() {
        let events = Arc::new(Events::default());
        let one = events.running("a");
        let two = events.running("a");
        let other = events.running("b");
        events.cancel_running("a");
        assert!(one.cancelled().is_cancelled() && two.cancelled().is_cancelled());
        assert!(!other.cancelled().is_cancelled());
        drop((one, two));
        assert!(!events.lock().running.contains_key("a"));
        let again = events.running("a");
        assert!(!again.cancelled().is_cancelled(), "a new run starts uncancelled");
    }
}
