//! Following a Redis pub/sub channel for as long as a process runs: subscribe, catch
//! up, apply every message, and on a lost subscription say so and start again with
//! backoff. The deny-list replica and the memo are both kept this way.

use std::time::Duration;

use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::cache::Cache;
use crate::error::{AppError, AppResult};

/// What is kept up to date by a channel's messages.
#[async_trait::async_trait]
pub(crate) trait Follower: Send + Sync {
    /// Called once subscribed, before any message is applied: load what was there
    /// before (messages sent meanwhile are queued, not lost) and start answering.
    async fn subscribed(&self, cache: &Cache) -> AppResult<()>;
    /// One message on the channel.
    fn message(&self, payload: &str);
    /// The subscription is gone: stop answering from what may now be missing messages.
    fn lost(&self);
}

/// Keeps `follower` following `channel` until `shutdown`, resubscribing with backoff
/// (100 ms doubling to 5 s). `what` names it in the logs.
pub(crate) async fn follow(
    cache: Cache,
    channel: String,
    follower: &dyn Follower,
    what: &'static str,
    shutdown: CancellationToken,
) {
    let mut delay = Duration::from_millis(100);
    loop {
        let result = subscribe_and_follow(&cache, &channel, follower, &shutdown).await;
        follower.lost();
        if shutdown.is_cancelled() {
            return;
        }
        match result {
            Ok(()) => tracing::warn!(
                channel = %channel,
                "the {what} lost its subscription; reading Redis or the store until it is back"
            ),
            Err(error) => tracing::warn!(
                channel = %channel,
                error = %error,
                "the {what} is not following its channel; reading Redis or the store until it is"
            ),
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(delay) => {}
        }
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

async fn subscribe_and_follow(
    cache: &Cache,
    channel: &str,
    follower: &dyn Follower,
    shutdown: &CancellationToken,
) -> AppResult<()> {
    let mut pubsub = cache.subscribe(channel).await?;
    // Subscribed first, so nothing sent while the follower catches up is lost.
    follower.subscribed(cache).await?;
    let mut messages = pubsub.on_message();
    loop {
        let message = tokio::select! {
            () = shutdown.cancelled() => return Ok(()),
            message = messages.next() => message,
        };
        let Some(message) = message else {
            return Err(AppError::unavailable("the subscription closed"));
        };
        let payload: String = message.get_payload().map_err(AppError::unavailable)?;
        follower.message(&payload);
    }
}
