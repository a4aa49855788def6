//! One way to run a test on every backend: a scenario `async fn name(fixture: F)` and
//! `jc_testkit::on_every_backend!(F => name)` make the tests `name::embedded` and
//! `name::servers`, where `F` is a [`Fixture`] started on the [`Backend`] of each.
//!
//! A backend whose services are missing skips its test and says so on the process's
//! stderr (past libtest's capture): `SKIPPED name::servers: PostgreSQL not reachable at
//! …`. Under `JC_TEST_REQUIRE_SERVICES=1` (CI) a missing service fails the test instead.

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::io::Write;

use crate::TestDatabase;

/// The two stacks every scenario runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, the in-process queue and the in-memory cache: always there.
    Embedded,
    /// PostgreSQL, RabbitMQ and Redis on their local ports (see the crate docs).
    Servers,
}

impl Backend {
    /// The name of the test that runs on this backend.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Embedded => "embedded",
            Backend::Servers => "servers",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a scenario is given: started on a [`Backend`] by [`on_every_backend!`].
pub trait Fixture: Sized {
    /// How a scenario may ask for it to be set up (`options:` in the macro); `()` when
    /// there is nothing to choose.
    type Options: Default;

    /// Starts it on `backend`; `None` when a service of the backend is missing (found
    /// through this crate's lookups, which report the skip).
    fn start(backend: Backend, options: Self::Options) -> impl Future<Output = Option<Self>>;
}

/// The backend itself, for scenarios that start what they need on it (several times,
/// or with settings of their own).
impl Fixture for Backend {
    type Options = ();

    async fn start(backend: Backend, (): ()) -> Option<Self> {
        Some(backend)
    }
}

/// A fresh database: a SQLite file, or a PostgreSQL schema of its own.
impl Fixture for TestDatabase {
    type Options = ();

    async fn start(backend: Backend, (): ()) -> Option<Self> {
        database(backend)
    }
}

/// A fresh database on `backend`; `None` (skip reported) when PostgreSQL is missing.
pub fn database(backend: Backend) -> Option<TestDatabase> {
    match backend {
        Backend::Embedded => Some(crate::sqlite_database()),
        Backend::Servers => crate::postgres_database(),
    }
}

thread_local! {
    /// Whether this (test) thread has reported a skip since its scenario began.
    static SKIP_REPORTED: Cell<bool> = const { Cell::new(false) };
}

/// Says that the running test skips its backend, and why, on the process's stderr:
/// written there directly, so libtest's capture of `eprintln!` does not hide it. The
/// test is named by its thread, which libtest names after the test.
pub fn report_skip(reason: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("an unnamed test thread");
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {reason}");
    SKIP_REPORTED.with(|reported| reported.set(true));
}

/// The body of each test [`on_every_backend!`] makes: starts `F` on `backend` and runs
/// `scenario` with it, or reports the skip.
#[doc(hidden)]
pub async fn run<F, S, Fut>(backend: Backend, options: F::Options, scenario: S)
where
    F: Fixture,
    S: FnOnce(F) -> Fut,
    Fut: Future<Output = ()>,
{
    SKIP_REPORTED.with(|reported| reported.set(false));
    match F::start(backend, options).await {
        Some(fixture) => scenario(fixture).await,
        None if SKIP_REPORTED.with(Cell::get) => {}
        None => report_skip(&format!("its fixture did not start on the {backend} backend")),
    }
}

/// Runs each scenario `async fn name(fixture: F)` of the calling module on both
/// [`Backend`]s, as the tests `name::embedded` and `name::servers` (tokio, multi-thread,
/// two workers unless `workers:` says otherwise):
///
/// ```ignore
/// jc_testkit::on_every_backend!(TestApp => logs_in, refuses_bad_passwords);
/// jc_testkit::on_every_backend!(Platform, options: Options { pace_ms: 400, ..Options::default() } => a);
/// jc_testkit::on_every_backend!(Platform, workers: 4 => b, c);
/// ```
///
/// `F` is a [`Fixture`]; `options:` is handed to [`Fixture::start`] (its
/// `Default` otherwise). Names in `F` and `options:` are those of the calling module.
#[macro_export]
macro_rules! on_every_backend {
    (@each [$fixture:ty] [$options:expr] [$workers:tt] $($scenario:ident)+) => {$(
        mod $scenario {
            #[allow(unused_imports)]
            use super::*;

            #[::tokio::test(flavor = "multi_thread", worker_threads = $workers)]
            async fn embedded() {
                $crate::backend::run::<$fixture, _, _>($crate::Backend::Embedded, $options, super::$scenario)
                    .await;
            }

            #[::tokio::test(flavor = "multi_thread", worker_threads = $workers)]
            async fn servers() {
                $crate::backend::run::<$fixture, _, _>($crate::Backend::Servers, $options, super::$scenario)
                    .await;
            }
        }
    )+};
    ($fixture:ty, options: $options:expr, workers: $workers:tt => $($scenario:ident),+ $(,)?) => {
        $crate::on_every_backend!(@each [$fixture] [$options] [$workers] $($scenario)+);
    };
    ($fixture:ty, options: $options:expr => $($scenario:ident),+ $(,)?) => {
        $crate::on_every_backend!(@each [$fixture] [$options] [2] $($scenario)+);
    };
    ($fixture:ty, workers: $workers:tt => $($scenario:ident),+ $(,)?) => {
        $crate::on_every_backend!(@each [$fixture] [::core::default::Default::default()] [$workers] $($scenario)+);
    };
    ($fixture:ty => $($scenario:ident),+ $(,)?) => {
        $crate::on_every_backend!(@each [$fixture] [::core::default::Default::default()] [2] $($scenario)+);
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Remembers what it was started with.
    struct Seen {
        backend: Backend,
        options: u32,
    }

    impl Fixture for Seen {
        type Options = u32;

        async fn start(backend: Backend, options: u32) -> Option<Self> {
            Some(Seen { backend, options })
        }
    }

    /// Never there.
    struct Missing;

    impl Fixture for Missing {
        type Options = ();

        async fn start(_: Backend, (): ()) -> Option<Self> {
            None
        }
    }

    fn test_name() -> String {
        std::thread::current().name().expect("libtest names test threads").to_owned()
    }

    async fn each_test_is_given_its_backend_and_options(seen: Seen) {
        assert!(
            test_name().ends_with(&format!("::{}", seen.backend)),
            "{} on {:?}",
            test_name(),
            seen.backend
        );
        assert_eq!(seen.options, 7);
    }

    async fn default_options_are_used_without_any(seen: Seen) {
        assert_eq!(seen.options, 0);
    }

    async fn a_missing_fixture_skips_the_scenario(_: Missing) {
        panic!("the scenario ran without its fixture");
    }

    crate::on_every_backend!(Seen, options: 7 => each_test_is_given_its_backend_and_options);
    crate::on_every_backend!(Seen, workers: 1 => default_options_are_used_without_any);
    crate::on_every_backend!(Missing => a_missing_fixture_skips_the_scenario);
}
