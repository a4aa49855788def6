//! The whole journey: register, sign in, read the account, refresh, sign out.

use std::sync::Arc;
use std::time::Duration;

use jc_auth::tokens::hash_refresh_token;
use jc_platform::ErrorCode;
use jc_platform::identity::{
    StaticKeySource, TokenVerifier, VerifierSettings, deny_list_key, session_deny_key,
};
use jc_testkit::Backend;
use jsonwebtoken::jwk::JwkSet;

use crate::support::{PASSWORD, TestApp, expect_code};

jc_testkit::on_every_backend!(
    TestApp =>
    register_login_refresh_logout,
    tokens_verify_against_the_published_jwks,
);

async fn register_login_refresh_logout(app: TestApp) {
    let account = app.register("  Ada.Lovelace@Example.COM ", PASSWORD).await.expect("register");
    assert_eq!(account.email, "ada.lovelace@example.com");
    assert_eq!(account.roles, ["user"]);
    assert!(!account.email_verified);
    assert!(uuid::Uuid::parse_str(&account.id).is_ok());
    let created = chrono::DateTime::parse_from_rfc3339(&account.created_at).expect("RFC 3339");
    assert!((chrono::Utc::now() - created.to_utc()).num_seconds().abs() < 60);

    let row = app.account_row("ada.lovelace@example.com").await.expect("stored normalised");
    assert!(row.password_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", row.password_hash);
    assert!(row.is_active);

    // Sign-in matches the email whatever its case.
    let tokens = app.login("ADA.LOVELACE@example.com", PASSWORD).await.expect("login");
    assert_eq!(tokens.user_id, account.id);
    assert_eq!(tokens.token_type, "Bearer");
    assert_eq!(tokens.expires_in, 900);
    assert_eq!(tokens.refresh_token.len(), 43);

    assert_eq!(app.get_account(&tokens.access_token).await.expect("account"), account);

    // The session and its refresh token are stored; the token only as its hash.
    let sessions = app.sessions_of(&account.id).await;
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert_eq!(session.user_agent.as_deref(), Some("journalcraft-tests/1.0"));
    assert_eq!(session.ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(session.expires_at - session.created_at, chrono::Duration::days(30));

    let refreshed = app.refresh(&tokens.refresh_token).await.expect("refresh");
    assert_eq!(refreshed.user_id, account.id);
    assert_ne!(refreshed.refresh_token, tokens.refresh_token);
    assert_ne!(refreshed.access_token, tokens.access_token);
    let stored = stored_token_hashes(&app).await;
    assert!(stored.contains(&hash_refresh_token(&refreshed.refresh_token)));
    assert!(!stored.iter().any(|h| h == &tokens.refresh_token || h == &refreshed.refresh_token));
    assert!(app.session_row(&session.id).await.last_used_at >= session.last_used_at);
    let caller = app.get_account(&refreshed.access_token).await.expect("the new access token works");
    assert_eq!(caller.id, account.id);

    app.logout(&refreshed.access_token, false).await.expect("logout");
    let ended = app.session_row(&session.id).await;
    assert!(ended.revoked_at.is_some());
    assert_eq!(ended.revoked_reason.as_deref(), Some("logout"));
    expect_code(app.get_account(&refreshed.access_token).await, ErrorCode::Unauthenticated);
    expect_code(app.refresh(&refreshed.refresh_token).await, ErrorCode::Unauthenticated);

    // The token's id is denied until it expires, the session for an access-token lifetime.
    let verifier = verifier(&app).await;
    let caller = verifier.verify(&refreshed.access_token).await.expect("still a valid signature");
    assert!(app.cache.exists(&deny_list_key(&caller.token_id)).await.expect("cache"));
    assert!(app.cache.exists(&session_deny_key(&caller.session_id)).await.expect("cache"));
    // The older access token of the same session is refused too.
    expect_code(app.get_account(&tokens.access_token).await, ErrorCode::Unauthenticated);

    assert_eq!(app.event_kinds(&account.id).await, ["register", "login", "refresh", "logout"]);
    let events = app.events_of(&account.id).await;
    assert!(events.iter().all(|e| e.ip.as_deref() == Some("203.0.113.7")));
    assert!(events.iter().all(|e| e.user_agent.as_deref() == Some("journalcraft-tests/1.0")));
    assert_eq!(events[0].email.as_deref(), Some("ada.lovelace@example.com"));
}

async fn tokens_verify_against_the_published_jwks(app: TestApp) {
    let (account, tokens) = app.signed_in("grace@example.com").await;
    let jwks = app.jwks().await;
    let header = jsonwebtoken::decode_header(&tokens.access_token).expect("a JWT");
    assert_eq!(header.alg, jsonwebtoken::Algorithm::EdDSA);
    let kid = header.kid.expect("a kid");
    assert_eq!(jwks["keys"][0]["kid"], kid.as_str());
    assert_eq!(jwks["keys"][0]["alg"], "EdDSA");
    assert_eq!(jwks["keys"][0]["use"], "sig");

    let caller = verifier(&app).await.verify(&tokens.access_token).await.expect("verifies");
    assert_eq!(caller.user_id.to_string(), account.id);
    assert_eq!(caller.roles, ["user"]);
    assert_eq!(caller.session_id.to_string(), app.sessions_of(&account.id).await[0].id);
    let lifetime = caller.expires_at - chrono::Utc::now().timestamp();
    assert!((895..=900).contains(&lifetime), "exp = now + ttl, got {lifetime}");
}

jc_testkit::on_every_backend!(Backend => tokens_of_a_rotated_key_still_verify);

/// A service whose previous key is listed in `verification_keys` publishes it and
/// still accepts the tokens it signed.
async fn tokens_of_a_rotated_key_still_verify(backend: Backend) {
    use ed25519_dalek::pkcs8::EncodePublicKey;
    use secrecy::ExposeSecret;

    let Some(before) = TestApp::spawn(backend).await else { return };
    let old_pem = before.settings.signing_key.as_ref().map(|k| k.expose_secret().to_owned()).expect("a key");
    let old_public = jc_auth::keys::parse_private_key(&old_pem)
        .expect("key")
        .verifying_key()
        .to_public_key_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
        .expect("public PEM");
    let (_, old_tokens) = before.signed_in("ada@example.com").await;
    let old_kid = jsonwebtoken::decode_header(&old_tokens.access_token).expect("jwt").kid.expect("kid");

    let Some(after) = TestApp::spawn_with(backend, |s| s.verification_keys = vec![old_public]).await else {
        return;
    };
    let jwks = after.jwks().await;
    let kids: Vec<_> = jwks["keys"].as_array().expect("keys").iter().map(|k| k["kid"].clone()).collect();
    assert_eq!(kids.len(), 2);
    assert_ne!(kids[0], old_kid.as_str(), "the new key signs");
    assert_eq!(kids[1], old_kid.as_str(), "the old key is still published");
    assert_eq!(jwks["keys"][1]["alg"], "EdDSA");
    // The old token passes verification; its account lives in the other database.
    expect_code(after.get_account(&old_tokens.access_token).await, ErrorCode::NotFound);
    // A service that does not list the old key refuses it.
    let Some(other) = TestApp::spawn(backend).await else { return };
    expect_code(other.get_account(&old_tokens.access_token).await, ErrorCode::Unauthenticated);
}

/// A verifier as the gateway builds one, over the service's published keys.
async fn verifier(app: &TestApp) -> TokenVerifier {
    let jwks: JwkSet = serde_json::from_value(app.jwks().await).expect("a JWK set");
    let settings = VerifierSettings {
        issuer: "journalcraft".into(),
        audience: "journalcraft-api".into(),
        leeway: Duration::from_secs(5),
        refresh_interval: Duration::from_secs(60),
    };
    TokenVerifier::new(settings, Arc::new(StaticKeySource(jwks)))
}

async fn stored_token_hashes(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use jc_auth::store::schema::refresh_tokens;
    app.db
        .run(|conn| Ok(refresh_tokens::table.select(refresh_tokens::token_hash).load::<String>(conn)?))
        .await
        .expect("query")
}
