//! Waiting for something to happen without fixed sleeps: [`eventually`] polls a check
//! every few milliseconds until it holds, and panics naming what it waited for when a
//! generous deadline passes.

use std::fmt::{Debug, Display};
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// How long [`eventually`] waits: far longer than anything takes when all is well
/// (milliseconds; the longest, a 365-day export rendered again after its worker was
/// killed, seconds), so that a loaded machine does not fail a test that is right.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// How often [`eventually`] checks.
pub const POLL: Duration = Duration::from_millis(10);

/// What a check of [`eventually`] may answer.
pub trait Settled {
    /// What [`eventually`] returns once the check holds.
    type Value;

    /// The value when the check holds; otherwise what was seen instead, if it says
    /// anything, for the panic message.
    fn settled(self) -> Result<Self::Value, Option<String>>;
}

/// `true` once it holds.
impl Settled for bool {
    type Value = ();

    fn settled(self) -> Result<(), Option<String>> {
        if self { Ok(()) } else { Err(None) }
    }
}

/// `Some(value)` once it holds.
impl<T> Settled for Option<T> {
    type Value = T;

    fn settled(self) -> Result<T, Option<String>> {
        self.ok_or(None)
    }
}

/// `Ok(value)` once it holds; until then `Err(what was seen)`, which the panic
/// message shows.
impl<T, E: Debug> Settled for Result<T, E> {
    type Value = T;

    fn settled(self) -> Result<T, Option<String>> {
        self.map_err(|seen| Some(format!("{seen:?}")))
    }
}

/// Runs `check` every [`POLL`] until it holds and returns its value; panics after
/// [`PATIENCE`] with `timed out after 120s waiting for <what>` (and the last thing
/// seen, when the check answers `Err`).
///
/// ```ignore
/// jc_testkit::eventually("the job to complete", || async { app.job(id).await.completed }).await;
/// let job = jc_testkit::eventually("the job", || async { app.find(id).await }).await; // Option
/// ```
#[track_caller]
pub fn eventually<F, Fut>(
    what: impl Display,
    check: F,
) -> impl Future<Output = <Fut::Output as Settled>::Value>
where
    F: FnMut() -> Fut,
    Fut: Future,
    Fut::Output: Settled,
{
    let caller = std::panic::Location::caller();
    within(PATIENCE, what, check, caller)
}

async fn within<F, Fut>(
    patience: Duration,
    what: impl Display,
    mut check: F,
    caller: &'static std::panic::Location<'static>,
) -> <Fut::Output as Settled>::Value
where
    F: FnMut() -> Fut,
    Fut: Future,
    Fut::Output: Settled,
{
    let deadline = Instant::now() + patience;
    loop {
        let seen = match check().await.settled() {
            Ok(value) => return value,
            Err(seen) => seen,
        };
        if Instant::now() >= deadline {
            let seen = seen.map(|seen| format!("; last seen: {seen}")).unwrap_or_default();
            panic!("timed out after {patience:?} waiting for {what}{seen} (at {caller})");
        }
        tokio::time::sleep(POLL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_value_of_the_first_check_that_holds_is_returned() {
        let mut calls = 0;
        let value = eventually("the third call", || {
            calls += 1;
            let n = calls;
            async move { (n >= 3).then_some(n) }
        })
        .await;
        assert_eq!(value, 3);
    }

    #[tokio::test]
    async fn a_check_that_never_holds_panics_naming_what_was_awaited() {
        let waited = tokio::spawn(within(
            Duration::from_millis(30),
            "the moon",
            || async { Err::<(), _>("cheese") },
            std::panic::Location::caller(),
        ))
        .await;
        let panic = waited.expect_err("it panics").into_panic();
        let message = panic.downcast_ref::<String>().expect("a formatted message");
        assert!(
            message.starts_with("timed out after 30ms waiting for the moon; last seen: \"cheese\""),
            "{message}"
        );
    }
}
