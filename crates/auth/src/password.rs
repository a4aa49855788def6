//! Password hashing: argon2id with the OWASP parameters for new hashes; argon2 and
//! bcrypt (`$2a$`, `$2b$`, `$2y$`, from the legacy Python backend) accepted on
//! verification, with a flag saying the stored hash should be replaced.
//!
//! Hashing costs tens of milliseconds of CPU and 19 MiB of memory, so it runs on
//! tokio's blocking pool, and a semaphore bounds how many run at once: a burst of
//! sign-ins queues instead of exhausting memory or the blocking pool.

use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher as _, PasswordVerifier as _, Version};
use jc_platform::{AppError, AppResult};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

/// Memory cost in KiB (OWASP: 19 MiB).
pub const M_COST: u32 = 19_456;
/// Iterations (OWASP: 2).
pub const T_COST: u32 = 2;
/// Lanes (OWASP: 1).
pub const P_COST: u32 = 1;
/// Length of the hash output in bytes (argon2's default).
const OUTPUT_LEN: usize = 32;

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    /// The password matches; `needs_rehash` when the hash is not argon2id with the
    /// current parameters (a bcrypt hash, or older argon2 settings).
    Match {
        needs_rehash: bool,
    },
    Mismatch,
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

fn params() -> Params {
    // The constants are within argon2's bounds (checked by a unit test), so this
    // cannot fail; the fallback keeps the function total anyway.
    Params::new(M_COST, T_COST, P_COST, Some(OUTPUT_LEN)).unwrap_or_default()
}

fn argon2id() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

/// Hashes `password` with argon2id and a fresh random salt, as a PHC string.
pub fn hash_password(password: &[u8]) -> Result<String, HashError> {
    argon2id().hash_password(password).map(|hash| hash.to_string()).map_err(|e| HashError(e.to_string()))
}

/// Checks `password` against a stored hash of any supported kind. An unknown or
/// damaged hash never matches.
pub fn verify_password(password: &[u8], stored: &str) -> Verified {
    if is_bcrypt(stored) {
        return match bcrypt::verify(password, stored) {
            Ok(true) => Verified::Match { needs_rehash: true },
            Ok(false) => Verified::Mismatch,
            Err(error) => {
                tracing::warn!(%error, "a stored bcrypt hash cannot be read");
                Verified::Mismatch
            }
        };
    }
    let Ok(hash) = PasswordHash::new(stored) else {
        tracing::warn!("a stored password hash has an unknown format");
        return Verified::Mismatch;
    };
    if !hash.algorithm.as_str().starts_with("argon2") {
        tracing::warn!(
            algorithm = hash.algorithm.as_str(),
            "a stored password hash uses an unknown algorithm"
        );
        return Verified::Mismatch;
    }
    // Verification uses the algorithm, version and parameters written in the hash.
    match Argon2::default().verify_password(password, &hash) {
        Ok(()) => Verified::Match { needs_rehash: argon2_needs_rehash(&hash) },
        Err(_) => Verified::Mismatch,
    }
}

fn is_bcrypt(stored: &str) -> bool {
    ["$2a$", "$2b$", "$2y$"].iter().any(|prefix| stored.starts_with(prefix))
}

/// Whether an argon2 hash was made with other settings than new hashes get.
fn argon2_needs_rehash(hash: &PasswordHash) -> bool {
    if hash.algorithm.as_str() != "argon2id" || hash.version != Some(Version::V0x13.into()) {
        return true;
    }
    match Params::try_from(hash) {
        Ok(params) => {
            params.m_cost() != M_COST
                || params.t_cost() != T_COST
                || params.p_cost() != P_COST
                || params.output_len().is_some_and(|len| len != OUTPUT_LEN)
        }
        Err(_) => true,
    }
}

/// Hashes and verifies passwords off the async executor, a bounded number at a time.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// A hash of a random password, checked when no account matches a sign-in so
    /// that unknown emails take as long as wrong passwords.
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    /// `concurrency` hashes may run at once; 0 means one per CPU core.
    pub async fn new(concurrency: usize) -> AppResult<Self> {
        let concurrency = match concurrency {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let hasher = Self { permits: Arc::new(Semaphore::new(concurrency)), dummy_hash: Arc::from("") };
        let filler = crate::tokens::new_refresh_token();
        let dummy_hash = hasher.blocking(move || hash_password(filler.as_bytes())).await??;
        Ok(Self { dummy_hash: Arc::from(dummy_hash), ..hasher })
    }

    /// An argon2id hash of `password`.
    pub async fn hash(&self, password: SecretString) -> AppResult<String> {
        Ok(self.blocking(move || hash_password(password.expose_secret().as_bytes())).await??)
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is no
    /// stored hash (which then never matches).
    pub async fn verify(&self, password: SecretString, stored: Option<String>) -> AppResult<Verified> {
        let found = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let verified =
            self.blocking(move || verify_password(password.expose_secret().as_bytes(), &stored)).await?;
        Ok(if found { verified } else { Verified::Mismatch })
    }

    /// Runs `work` on the blocking pool once a permit is free. The permit moves into
    /// the blocking task, so it is held until the work ends even if the caller is
    /// cancelled meanwhile.
    async fn blocking<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = self.permits.clone().acquire_owned().await.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || {
            let result = work();
            drop(permit);
            result
        })
        .await
        .map_err(AppError::internal)
    }
}

impl From<HashError> for AppError {
    fn from(error: HashError) -> Self {
        AppError::internal(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made by Python's `bcrypt.hashpw(b"correct horse battery staple", bcrypt.gensalt(12))`
    /// (bcrypt 5.0), the way the legacy backend stored passwords.
    const PYTHON_BCRYPT: &str = "$2b$12$aHlOv3vmnQXfoNwXBlwC7utfE8CbBaCieB4TQTrq2AKW1nuWoDhcO";

    #[test]
    fn the_owasp_parameters_are_valid_and_used() {
        assert!(Params::new(M_COST, T_COST, P_COST, Some(OUTPUT_LEN)).is_ok());
        let hash = hash_password(b"violet-harbour").expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert_eq!(verify_password(b"violet-harbour", &hash), Verified::Match { needs_rehash: false });
        assert_eq!(verify_password(b"violet-harbouR", &hash), Verified::Mismatch);
    }

    #[test]
    fn salts_differ_between_hashes() {
        let a = hash_password(b"same password").expect("hash");
        let b = hash_password(b"same password").expect("hash");
        assert_ne!(a, b);
    }

    #[test]
    fn bcrypt_hashes_verify_and_need_rehash() {
        let hash = bcrypt::hash("legacy-secret", 4).expect("bcrypt");
        assert!(hash.starts_with("$2b$04$"));
        assert_eq!(verify_password(b"legacy-secret", &hash), Verified::Match { needs_rehash: true });
        assert_eq!(verify_password(b"legacy-secreT", &hash), Verified::Mismatch);
        for prefix in ["$2a$", "$2y$"] {
            let variant = format!("{prefix}{}", &hash[4..]);
            assert_eq!(verify_password(b"legacy-secret", &variant), Verified::Match { needs_rehash: true });
        }
    }

    #[test]
    fn a_hash_made_by_python_bcrypt_verifies() {
        assert_eq!(
            verify_password(b"correct horse battery staple", PYTHON_BCRYPT),
            Verified::Match { needs_rehash: true }
        );
        assert_eq!(verify_password(b"correct horse battery stapler", PYTHON_BCRYPT), Verified::Mismatch);
    }

    #[test]
    fn argon2_hashes_with_other_settings_need_rehash() {
        let weaker =
            Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(8192, 1, 1, None).expect("params"));
        let hash = weaker.hash_password(b"violet-harbour").expect("hash").to_string();
        assert_eq!(verify_password(b"violet-harbour", &hash), Verified::Match { needs_rehash: true });

        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, params());
        let hash = argon2i.hash_password(b"violet-harbour").expect("hash").to_string();
        assert!(hash.starts_with("$argon2i$"));
        assert_eq!(verify_password(b"violet-harbour", &hash), Verified::Match { needs_rehash: true });
    }

    #[test]
    fn unknown_or_damaged_hashes_never_match() {
        assert_eq!(verify_password(b"x", ""), Verified::Mismatch);
        assert_eq!(verify_password(b"x", "plain-text-password"), Verified::Mismatch);
        assert_eq!(verify_password(b"x", "$2b$04$short"), Verified::Mismatch);
        assert_eq!(verify_password(b"x", "$pbkdf2-sha256$29000$abc$def"), Verified::Mismatch);
    }

    #[tokio::test]
    async fn the_hasher_never_matches_without_a_stored_hash() {
        let hasher = PasswordHasher::new(1).await.expect("hasher");
        let hash = hasher.hash(SecretString::from("violet-harbour")).await.expect("hash");
        let verified = hasher.verify(SecretString::from("violet-harbour"), Some(hash)).await.expect("verify");
        assert_eq!(verified, Verified::Match { needs_rehash: false });
        // The dummy hash is a real argon2id hash with the same cost.
        assert!(hasher.dummy_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let verified = hasher.verify(SecretString::from(""), None).await.expect("verify");
        assert_eq!(verified, Verified::Mismatch);
    }

    #[tokio::test]
    async fn the_semaphore_bounds_concurrent_hashing() {
        let hasher = PasswordHasher::new(2).await.expect("hasher");
        let peak = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let (hasher, peak, running) = (hasher.clone(), peak.clone(), running.clone());
                tokio::spawn(async move {
                    hasher
                        .blocking(move || {
                            use std::sync::atomic::Ordering::SeqCst;
                            let now = running.fetch_add(1, SeqCst) + 1;
                            peak.fetch_max(now, SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            running.fetch_sub(1, SeqCst);
                        })
                        .await
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("join").expect("work");
        }
        assert_eq!(peak.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
