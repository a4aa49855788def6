//! Why a PostgreSQL connection fails, and whether trying again can help.
//!
//! The pool connects through diesel's `MultiConnection`, which reports every failure
//! of every backend as "Invalid connection url for multiconnection". Start-up and
//! `journalcraft migrate` therefore connect once with [`PgConnection`] directly to
//! read the server's reason: only an unreachable (or still starting) server is worth
//! waiting for; a missing database, a refused role or password and a malformed URL
//! fail at once.

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::result::ConnectionError;

use crate::config::secrets::url_password;

/// Why one attempt to reach a database failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server did not answer, or answered that it cannot take connections yet.
    Unreachable(String),
    /// The server (or libpq, for a malformed URL) refused: retrying cannot help.
    Refused(String),
}

/// What libpq and the server say while a server cannot be reached or is not ready
/// yet: a refused or timed-out TCP connection, a name not (yet) in DNS, a server
/// starting up, shutting down, in recovery, or out of connection slots.
const UNREACHABLE: &[&str] = &[
    "connection refused",
    "could not translate host name",
    "temporary failure in name resolution",
    "timeout expired",
    "connection timed out",
    "no route to host",
    "network is unreachable",
    "server closed the connection unexpectedly",
    "connection reset",
    "could not receive data from server",
    "could not send data to server",
    "ssl syscall error",
    "no such file or directory",
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "the database system is not yet accepting connections",
    "too many clients",
    "remaining connection slots are reserved",
];

/// Classifies a libpq or server message.
pub(crate) fn classify(message: &str) -> Failure {
    let lower = message.to_ascii_lowercase();
    let reason = tidy(message);
    if UNREACHABLE.iter().any(|needle| lower.contains(needle)) {
        Failure::Unreachable(reason)
    } else {
        Failure::Refused(reason)
    }
}

/// Connects to `url` once and runs `SELECT 1`.
pub(crate) fn probe(url: &str) -> Result<(), Failure> {
    let redact = |failure: Failure| redact_password(failure, url);
    match PgConnection::establish(url) {
        Ok(mut conn) => conn.batch_execute("SELECT 1").map_err(|e| redact(classify(&e.to_string()))),
        Err(ConnectionError::BadConnection(message)) => Err(redact(classify(&message))),
        Err(ConnectionError::InvalidConnectionUrl(message)) => {
            Err(redact(Failure::Refused(format!("malformed URL: {}", tidy(&message)))))
        }
        Err(ConnectionError::InvalidCString(_)) => {
            Err(Failure::Refused("malformed URL: it contains a NUL byte".into()))
        }
        Err(other) => Err(redact(Failure::Refused(tidy(&other.to_string())))),
    }
}

/// What an operator can do about a refusal, when the reason says.
pub(crate) fn hint(reason: &str) -> Option<&'static str> {
    let lower = reason.to_ascii_lowercase();
    if lower.contains("database") && lower.contains("does not exist") {
        Some(
            "create it first (`createdb NAME`, or `journalcraft migrate --create-databases` \
             with a user allowed to create databases)",
        )
    } else if lower.contains("role") && lower.contains("does not exist")
        || lower.contains("password authentication failed")
        || lower.contains("no pg_hba.conf entry")
    {
        Some("check the user and password in the URL and the server's pg_hba.conf")
    } else if lower.starts_with("malformed url")
        || lower.starts_with("invalid")
        || lower.contains("missing \"=\"")
    {
        Some("the URL must read postgres://user:password@host:5432/database")
    } else {
        None
    }
}

/// One line: libpq's messages span lines (`FATAL:  …\n`), with doubled spaces.
fn tidy(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn redact_password(failure: Failure, url: &str) -> Failure {
    let Some(secret) = url_password(url) else { return failure };
    let clean = |reason: String| reason.replace(secret, "***");
    match failure {
        Failure::Unreachable(reason) => Failure::Unreachable(clean(reason)),
        Failure::Refused(reason) => Failure::Refused(clean(reason)),
    }
}

/// A PostgreSQL URL split around its database name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PgUrl<'a> {
    /// `postgres://user:password@host:port`.
    pub base: &'a str,
    /// The database, percent-decoded.
    pub database: String,
    /// `?…` or empty.
    pub query: &'a str,
}

impl<'a> PgUrl<'a> {
    pub fn parse(url: &'a str) -> Option<Self> {
        let scheme_end = url.find("://")? + 3;
        let (before_query, query) = match url.find('?') {
            Some(at) => url.split_at(at),
            None => (url, ""),
        };
        let slash = before_query[scheme_end..].find('/').map(|at| at + scheme_end)?;
        let database = percent_decode(&before_query[slash + 1..])?;
        if database.is_empty() {
            return None;
        }
        Some(Self { base: &before_query[..slash], database, query })
    }

    /// The same server and credentials, another database.
    pub fn with_database(&self, database: &str) -> String {
        format!("{}/{database}{}", self.base, self.query)
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `name` as a PostgreSQL identifier.
pub(crate) fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_server_is_worth_waiting_for_a_refusal_is_not() {
        let refused_tcp = "connection to server at \"127.0.0.1\", port 5499 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n";
        assert!(matches!(classify(refused_tcp), Failure::Unreachable(_)));
        assert!(matches!(classify("FATAL:  the database system is starting up\n"), Failure::Unreachable(_)));
        let missing = "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"nope\" does not exist\n";
        assert_eq!(
            classify(missing),
            Failure::Refused(
                "connection to server at \"127.0.0.1\", port 5432 failed: FATAL: database \"nope\" does not exist"
                    .into()
            )
        );
        assert!(matches!(classify("FATAL:  role \"ghost\" does not exist"), Failure::Refused(_)));
        assert!(matches!(classify("invalid port number: \"99999\""), Failure::Refused(_)));
    }

    #[test]
    fn hints_name_what_to_do() {
        assert!(
            hint("FATAL: database \"x\" does not exist").is_some_and(|h| h.contains("--create-databases"))
        );
        assert!(
            hint("FATAL: password authentication failed for user \"u\"")
                .is_some_and(|h| h.contains("password"))
        );
        assert!(hint("invalid integer value \"x\" for connection option \"port\"").is_some());
        assert_eq!(hint("something else"), None);
    }

    #[test]
    fn passwords_never_appear_in_a_reason() {
        let url = "postgres://app:s3cr3t-pw@db/x";
        assert_eq!(
            redact_password(Failure::Refused("invalid token near s3cr3t-pw@db".into()), url),
            Failure::Refused("invalid token near ***@db".into())
        );
    }

    #[test]
    fn urls_split_around_their_database() {
        let url = PgUrl::parse("postgres://u:p@h:5432/my%20db?connect_timeout=2").expect("parses");
        assert_eq!(url.database, "my db");
        assert_eq!(url.with_database("postgres"), "postgres://u:p@h:5432/postgres?connect_timeout=2");
        assert_eq!(PgUrl::parse("postgres://h"), None);
        assert_eq!(PgUrl::parse("postgres://h/"), None);
        assert_eq!(quote_identifier("a\"b"), "\"a\"\"b\"");
    }
}
