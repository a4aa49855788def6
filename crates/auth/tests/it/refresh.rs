//! Refresh-token rotation: reuse detection, races, idle and absolute expiry.

use jc_platform::ErrorCode;
use jc_platform::identity::session_deny_key;

use crate::support::{TestApp, expect_code};

jc_testkit::on_every_backend!(
    TestApp =>
    reusing_a_rotated_token_revokes_the_session,
    twenty_concurrent_refreshes_give_exactly_one_pair,
    idle_and_expired_sessions_cannot_refresh,
    unknown_refresh_tokens_are_refused,
);

async fn reusing_a_rotated_token_revokes_the_session(app: TestApp) {
    let (account, first) = app.signed_in("ada@example.com").await;
    let second = app.refresh(&first.refresh_token).await.expect("first rotation");

    // The old token again: someone else has a copy.
    expect_code(app.refresh(&first.refresh_token).await, ErrorCode::Unauthenticated);

    let session = &app.sessions_of(&account.id).await[0];
    assert!(session.revoked_at.is_some());
    assert_eq!(session.revoked_reason.as_deref(), Some("refresh_token_reuse"));
    // The pair from the earlier rotation stops working too.
    expect_code(app.refresh(&second.refresh_token).await, ErrorCode::Unauthenticated);
    expect_code(app.get_account(&second.access_token).await, ErrorCode::Unauthenticated);
    let id = uuid::Uuid::parse_str(&session.id).expect("uuid");
    assert!(app.cache.exists(&session_deny_key(&id)).await.expect("cache"));
    assert_eq!(app.event_kinds(&account.id).await, ["register", "login", "refresh", "refresh_token_reuse"]);
}

async fn twenty_concurrent_refreshes_give_exactly_one_pair(app: TestApp) {
    let (account, tokens) = app.signed_in("ada@example.com").await;
    let attempts = (0..20).map(|_| app.refresh(&tokens.refresh_token));
    let results = futures::future::join_all(attempts).await;

    let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "exactly one refresh wins");
    for error in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(error.code, ErrorCode::Unauthenticated, "losers are refused, not failed: {error}");
    }
    // Only the winner rotated; the losers counted as reuse.
    let kinds = app.event_kinds(&account.id).await;
    assert_eq!(kinds.iter().filter(|k| *k == "refresh").count(), 1, "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "refresh_token_reuse"), "{kinds:?}");
}

async fn idle_and_expired_sessions_cannot_refresh(app: TestApp) {
    // Idle: last used longer ago than the idle timeout (14 days).
    let (idle, idle_tokens) = app.signed_in("idle@example.com").await;
    let long_ago = (chrono::Utc::now() - chrono::Duration::days(15)).naive_utc();
    app.execute(format!("UPDATE sessions SET last_used_at = '{long_ago}' WHERE user_id = '{}'", idle.id))
        .await;
    expect_code(app.refresh(&idle_tokens.refresh_token).await, ErrorCode::Unauthenticated);

    // Absolute: past its end, however recently used.
    let (old, old_tokens) = app.signed_in("old@example.com").await;
    let ended = (chrono::Utc::now() - chrono::Duration::minutes(1)).naive_utc();
    app.execute(format!("UPDATE sessions SET expires_at = '{ended}' WHERE user_id = '{}'", old.id)).await;
    expect_code(app.refresh(&old_tokens.refresh_token).await, ErrorCode::Unauthenticated);

    // A session used 13 days ago is still open, and refreshing keeps it so.
    let (fresh, fresh_tokens) = app.signed_in("fresh@example.com").await;
    let recently = (chrono::Utc::now() - chrono::Duration::days(13)).naive_utc();
    app.execute(format!("UPDATE sessions SET last_used_at = '{recently}' WHERE user_id = '{}'", fresh.id))
        .await;
    app.refresh(&fresh_tokens.refresh_token).await.expect("still open");
    let touched = &app.sessions_of(&fresh.id).await[0];
    assert!(touched.last_used_at > recently + chrono::Duration::days(12));

    // A refusal for expiry is not reuse: nothing was revoked.
    assert!(app.sessions_of(&idle.id).await[0].revoked_at.is_none());
    assert!(app.sessions_of(&old.id).await[0].revoked_at.is_none());
}

async fn unknown_refresh_tokens_are_refused(app: TestApp) {
    let (account, tokens) = app.signed_in("ada@example.com").await;
    for token in ["", "   ", "not-a-token", &"x".repeat(10_000), &tokens.access_token] {
        let error = expect_code(app.refresh(token).await, ErrorCode::Unauthenticated);
        assert!(error.message.contains("Sign in again"), "{}", error.message);
    }
    // Tokens are matched exactly.
    let altered = format!("{}A", &tokens.refresh_token[..42]);
    if altered != tokens.refresh_token {
        expect_code(app.refresh(&altered).await, ErrorCode::Unauthenticated);
    }
    assert!(app.sessions_of(&account.id).await[0].revoked_at.is_none());
    app.refresh(&tokens.refresh_token).await.expect("the real token still works");
}
