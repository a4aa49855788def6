//! Signing out of one session or all, and calls that need an access token.

use jc_platform::ErrorCode;
use jc_platform::identity::session_deny_key;

use crate::support::{PASSWORD, TestApp, expect_code};

jc_testkit::on_every_backend!(
    TestApp =>
    logout_of_all_sessions_ends_every_session,
    calls_for_a_person_need_their_access_token,
);

async fn logout_of_all_sessions_ends_every_session(app: TestApp) {
    let (account, laptop) = app.signed_in("ada@example.com").await;
    let phone = app.login("ada@example.com", PASSWORD).await.expect("second session");
    let (other, other_tokens) = app.signed_in("grace@example.com").await;

    app.logout(&laptop.access_token, true).await.expect("logout everywhere");

    let sessions = app.sessions_of(&account.id).await;
    assert_eq!(sessions.len(), 2);
    for session in &sessions {
        assert_eq!(session.revoked_reason.as_deref(), Some("logout_all"));
        let id = uuid::Uuid::parse_str(&session.id).expect("uuid");
        assert!(app.cache.exists(&session_deny_key(&id)).await.expect("cache"), "session {id} denied");
    }
    // The other session's tokens stop working too.
    expect_code(app.get_account(&phone.access_token).await, ErrorCode::Unauthenticated);
    expect_code(app.refresh(&phone.refresh_token).await, ErrorCode::Unauthenticated);
    expect_code(app.refresh(&laptop.refresh_token).await, ErrorCode::Unauthenticated);
    // Someone else's sessions are untouched.
    assert!(app.sessions_of(&other.id).await[0].revoked_at.is_none());
    assert_eq!(app.get_account(&other_tokens.access_token).await.expect("account").id, other.id);
    // Signing in again opens a fresh session.
    let again = app.login("ada@example.com", PASSWORD).await.expect("login");
    app.get_account(&again.access_token).await.expect("account");
}

async fn calls_for_a_person_need_their_access_token(app: TestApp) {
    let (account, tokens) = app.signed_in("ada@example.com").await;

    // No token, a malformed one, and a refresh token in its place.
    let request = app.call(jc_proto::common::Empty {});
    let status = app.client.clone().get_account(request).await.expect_err("no token");
    assert_eq!(status.code(), tonic::Code::Unauthenticated);
    for token in ["not-a-jwt", "a.b.c", tokens.refresh_token.as_str()] {
        expect_code(app.get_account(token).await, ErrorCode::Unauthenticated);
        expect_code(app.logout(token, true).await, ErrorCode::Unauthenticated);
    }
    // A token signed by another key.
    let foreign = TestApp::spawn(jc_testkit::Backend::Embedded).await.expect("second service");
    let (_, foreign_tokens) = foreign.signed_in("ada@example.com").await;
    expect_code(app.get_account(&foreign_tokens.access_token).await, ErrorCode::Unauthenticated);
    assert!(app.sessions_of(&account.id).await[0].revoked_at.is_none(), "nothing was revoked");

    // An account that is gone.
    app.execute(format!("DELETE FROM accounts WHERE id = '{}'", account.id)).await;
    let error = expect_code(app.get_account(&tokens.access_token).await, ErrorCode::NotFound);
    assert_eq!(error.message, "Account not found.");
}
