//! Sign-in failures: one generic error, the same work, an event each.

use std::time::{Duration, Instant};

use jc_platform::ErrorCode;

use crate::support::{PASSWORD, TestApp, expect_code};

jc_testkit::on_every_backend!(
    TestApp =>
    every_failure_gives_the_same_error_and_is_recorded,
    unknown_emails_take_as_long_as_wrong_passwords,
);

async fn every_failure_gives_the_same_error_and_is_recorded(app: TestApp) {
    let account = app.register("ada@example.com", PASSWORD).await.expect("register");
    let inactive = app.register("grace@example.com", PASSWORD).await.expect("register");
    app.execute(format!("UPDATE accounts SET is_active = FALSE WHERE id = '{}'", inactive.id)).await;

    let attempts = [
        ("nobody@example.com", PASSWORD),      // unknown email
        ("ada@example.com", "wrong-password"), // wrong password
        ("ADA@example.com", ""),               // empty password
        ("not an email", PASSWORD),            // malformed email
        ("grace@example.com", PASSWORD),       // inactive account, right password
    ];
    for (email, password) in attempts {
        let error = expect_code(app.login(email, password).await, ErrorCode::Unauthenticated);
        assert_eq!(error.message, "Invalid email or password.", "{email}");
        assert!(error.fields.is_empty());
    }

    // Failed sign-ins are recorded with the email tried and, when known, the account.
    let unknown = app.events_for_email("nobody@example.com").await;
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].kind, "login_failed");
    assert_eq!(unknown[0].user_id, None);
    assert_eq!(unknown[0].ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(app.events_for_email("not an email").await[0].kind, "login_failed");
    assert_eq!(app.event_kinds(&account.id).await, ["register", "login_failed", "login_failed"]);
    assert_eq!(app.event_kinds(&inactive.id).await, ["register", "login_failed"]);
    assert!(app.sessions_of(&account.id).await.is_empty());
    assert!(app.sessions_of(&inactive.id).await.is_empty());

    // The right password still works afterwards.
    app.login("ada@example.com", PASSWORD).await.expect("login");
}

/// Without the dummy hash an unknown email would answer in a millisecond or two,
/// against tens of milliseconds for a wrong password. The fastest of several rounds
/// is compared, so that a busy machine does not decide the outcome (a verification
/// timed in the test's own thread is not the scale: on a loaded machine it varies
/// more than the service's answers).
async fn unknown_emails_take_as_long_as_wrong_passwords(app: TestApp) {
    app.register("ada@example.com", PASSWORD).await.expect("register");
    let (mut wrong, mut unknown) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        let started = Instant::now();
        expect_code(app.login("ada@example.com", "wrong-password").await, ErrorCode::Unauthenticated);
        wrong = wrong.min(started.elapsed());
        let started = Instant::now();
        expect_code(app.login("nobody@example.com", "wrong-password").await, ErrorCode::Unauthenticated);
        unknown = unknown.min(started.elapsed());
    }
    assert!(unknown * 2 >= wrong, "unknown email {unknown:?}, wrong password {wrong:?}");
}
