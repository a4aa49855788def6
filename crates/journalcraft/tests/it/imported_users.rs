//! Accounts imported from the old backend carry bcrypt hashes: they sign in, and
//! their hash becomes argon2id on that first sign-in.

use diesel::prelude::*;
use diesel::sql_types::Text;
use secrecy::ExposeSecret;
use serde_json::json;

use crate::support::{PASSWORD, Platform};

#[derive(QueryableByName)]
struct Hash {
    #[diesel(sql_type = Text)]
    password_hash: String,
}

fn connect(platform: &Platform) -> SqliteConnection {
    let url = platform.auth_db.url.expose_secret().trim_start_matches("sqlite://").to_owned();
    SqliteConnection::establish(&url).expect("open the auth database")
}

fn stored_hash(conn: &mut SqliteConnection, email: &str) -> String {
    diesel::sql_query("SELECT password_hash FROM accounts WHERE email = ?")
        .bind::<Text, _>(email)
        .get_result::<Hash>(conn)
        .expect("account row")
        .password_hash
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bcrypt_accounts_sign_in_and_are_rehashed_to_argon2id() {
    let platform = Platform::in_process().await;
    let mut conn = connect(&platform);
    for (label, version) in
        [("2a", bcrypt::Version::TwoA), ("2b", bcrypt::Version::TwoB), ("2y", bcrypt::Version::TwoY)]
    {
        let hash = bcrypt::hash_with_result(PASSWORD, 4).expect("bcrypt").format_for_version(version);
        assert!(hash.starts_with(&format!("${label}$")));
        let email = format!("legacy-{}@example.com", uuid::Uuid::new_v4().simple());
        let now = chrono::Utc::now().naive_utc().format("%Y-%m-%d %H:%M:%S%.6f").to_string();
        diesel::sql_query(
            "INSERT INTO accounts (id, email, password_hash, roles, email_verified, is_active, legacy_id, created_at, updated_at) \
             VALUES (?, ?, ?, 'user', 1, 1, ?, ?, ?)",
        )
        .bind::<Text, _>(uuid::Uuid::new_v4().to_string())
        .bind::<Text, _>(&email)
        .bind::<Text, _>(&hash)
        .bind::<Text, _>(format!("legacy-{}", uuid::Uuid::new_v4().simple()))
        .bind::<Text, _>(&now)
        .bind::<Text, _>(&now)
        .execute(&mut conn)
        .expect("import a legacy account");

        let (status, _) =
            platform.post("/api/auth/login", json!({"email": email, "password": "Not-The-Password-9"})).await;
        assert_eq!(status, 401, "a wrong password is still wrong");
        assert!(stored_hash(&mut conn, &email).starts_with("$2"), "no rehash without a successful sign-in");

        let (access, _) = platform.login(&email).await;
        assert!(stored_hash(&mut conn, &email).starts_with("$argon2id$"), "${label}$ hash rehashed");
        let (status, me) = platform.get("/api/auth/me", Some(&access)).await;
        assert_eq!(status, 200, "{me}");
        assert_eq!(me["profile_type"], "personal_journaler", "a missing profile is created on demand");
        // And the new hash works.
        platform.login(&email).await;
    }
}
