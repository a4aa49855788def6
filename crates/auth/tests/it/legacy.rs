//! Accounts imported from the Python backend keep their bcrypt hashes until their
//! first sign-in, which replaces them by argon2id.

use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use jc_auth::store::accounts::AccountRow;
use jc_platform::ErrorCode;

use crate::support::{TestApp, expect_code};

jc_testkit::on_every_backend!(
    TestApp =>
    a_bcrypt_account_signs_in_and_is_rehashed,
    argon2_hashes_with_old_parameters_are_upgraded,
);

fn imported(email: &str, password_hash: String, legacy_id: &str) -> AccountRow {
    let now = jc_auth::store::now();
    AccountRow {
        id: jc_auth::store::new_id(),
        email: email.into(),
        password_hash,
        roles: "user".into(),
        email_verified: true,
        is_active: true,
        legacy_id: Some(legacy_id.into()),
        created_at: now,
        updated_at: now,
    }
}

async fn a_bcrypt_account_signs_in_and_is_rehashed(app: TestApp) {
    let legacy_hash = bcrypt::hash("old-python-password", 4).expect("bcrypt");
    app.insert_account(imported("legacy@example.com", legacy_hash.clone(), "legacy-42")).await;

    expect_code(app.login("legacy@example.com", "not-the-password").await, ErrorCode::Unauthenticated);
    assert_eq!(app.account_row("legacy@example.com").await.expect("row").password_hash, legacy_hash);

    let tokens = app.login("Legacy@Example.com", "old-python-password").await.expect("login with bcrypt");
    let row = app.account_row("legacy@example.com").await.expect("row");
    assert!(row.password_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", row.password_hash);
    assert_eq!(row.legacy_id.as_deref(), Some("legacy-42"));
    let account = app.get_account(&tokens.access_token).await.expect("account");
    assert!(account.email_verified);

    // The new hash verifies the same password, and only it.
    app.login("legacy@example.com", "old-python-password").await.expect("login with argon2id");
    expect_code(app.login("legacy@example.com", "not-the-password").await, ErrorCode::Unauthenticated);
    assert_eq!(app.account_row("legacy@example.com").await.expect("row").password_hash, row.password_hash);
}

async fn argon2_hashes_with_old_parameters_are_upgraded(app: TestApp) {
    let weak =
        Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(8192, 1, 1, None).expect("params"));
    let old_hash = weak.hash_password(b"violet-harbour-lantern").expect("hash").to_string();
    app.insert_account(imported("old@example.com", old_hash, "legacy-7")).await;
    app.login("old@example.com", "violet-harbour-lantern").await.expect("login");
    let row = app.account_row("old@example.com").await.expect("row");
    assert!(row.password_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", row.password_hash);
}
