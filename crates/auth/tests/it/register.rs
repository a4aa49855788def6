//! Registration: conflicts on the normalised email, the password policy.

use jc_platform::ErrorCode;

use crate::support::{PASSWORD, TestApp, expect_code};

jc_testkit::on_every_backend!(
    TestApp =>
    a_taken_email_conflicts_whatever_its_spelling,
    weak_passwords_and_bad_emails_are_refused,
);

async fn a_taken_email_conflicts_whatever_its_spelling(app: TestApp) {
    let first = app.register("jos\u{e9}@example.com", PASSWORD).await.expect("register");
    for spelling in ["JOS\u{c9}@EXAMPLE.COM", " jose\u{301}@example.com", "Jos\u{e9}@Example.Com"] {
        let error = expect_code(app.register(spelling, "another-fine-passphrase").await, ErrorCode::Conflict);
        assert_eq!(error.message, "An account with this email already exists.");
    }
    // Still one account, with its first password.
    assert_eq!(app.account_row("jos\u{e9}@example.com").await.expect("stored").id, first.id);
    app.login("JOSE\u{301}@example.com", PASSWORD).await.expect("the first password still works");
    assert_eq!(app.event_kinds(&first.id).await, ["register", "login"]);
}

async fn weak_passwords_and_bad_emails_are_refused(app: TestApp) {
    let cases = [
        ("ada@example.com", "password1", "password", "too common"),
        ("ada@example.com", "Iloveyou", "password", "too common"),
        ("ada@example.com", "short", "password", "at least 8"),
        ("ada@example.com", &"x".repeat(129), "password", "at most 128"),
        ("lovelace@example.com", "Lovelace-Harbour", "password", "before the @"),
        ("not-an-email", PASSWORD, "email", "needs an @"),
        ("ada@example", PASSWORD, "email", "domain"),
        ("ada lovelace@example.com", PASSWORD, "email", "spaces"),
    ];
    for (email, password, field, message) in cases {
        let error = expect_code(app.register(email, password).await, ErrorCode::ValidationFailed);
        assert_eq!(error.fields.len(), 1, "{email} / {password}: {:?}", error.fields);
        assert_eq!(error.fields[0].field, field);
        assert!(error.fields[0].message.contains(message), "{email}: {}", error.fields[0].message);
    }
    let error = expect_code(app.register("nope", "nope").await, ErrorCode::ValidationFailed);
    let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["email", "password"]);
    for email in ["ada@example.com", "lovelace@example.com", "not-an-email"] {
        assert!(app.account_row(email).await.is_none(), "{email} was not stored");
    }
}
