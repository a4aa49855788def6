//! Password hashing: argon2id with the OWASP parameters for new hashes; argon2 and
//! bcrypt (`$2a$`, `$2b$`, `$2y$`, from the legacy Python backend) accepted on
//! verification, with a flag saying the stored hash should be replaced.
//!
//! Hashing costs tens of milliseconds of CPU and 19 MiB of memory, so it runs on
//! tokio's blocking pool, and a semaphore bounds how many run at once: a burst of
//! sign-ins queues instead of exhausting memory or the blocking pool.
//!
//! The 19 MiB of each computation are not allocated per hash: every permit of the
//! semaphore has one [`Memory`] in a pool, taken for the computation and put back after.
//! Allocated per hash, they were freed into whichever of the allocator's per-thread
//! arenas the blocking thread used, and the allocator kept them: after a burst of
//! sign-ins the process held hundreds of megabytes it never gave back. With the pool the
//! working memory is at most `concurrency` × 19 MiB, whatever the load.

use std::sync::{Arc, Mutex, PoisonError};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

/// The working memory of one argon2 computation with the current parameters
/// (`M_COST` KiB), meant to be reused from one hash to the next. argon2 writes every
/// block before it reads it, so what a previous hash left in it does not matter.
pub struct Memory(Box<[Block]>);

impl Memory {
    pub fn new() -> Self {
        Self(vec![Block::new(); params().block_count()].into_boxed_slice())
    }
}

impl Default for Memory {
    fn default() -> Self {
        Self::new()
    }
}

/// Hashes `password` with argon2id and a fresh random salt, as a PHC string, working
/// in `memory`.
pub fn hash_password(password: &[u8], memory: &mut Memory) -> Result<String, HashError> {
    let salt = argon2::password_hash::try_generate_salt().map_err(|e| HashError(e.to_string()))?;
    let mut output = [0u8; OUTPUT_LEN];
    argon2id()
        .hash_password_into_with_memory(password, &salt, &mut output, &mut memory.0[..])
        .map_err(|e| HashError(e.to_string()))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params()).map_err(|e| HashError(e.to_string()))?,
        salt: Some(Salt::new(&salt).map_err(|e| HashError(e.to_string()))?),
        hash: Some(Output::new(&output).map_err(|e| HashError(e.to_string()))?),
    };
    Ok(hash.to_string())
}

/// Checks `password` against a stored hash of any supported kind, working in `memory`
/// for argon2 (bcrypt needs only a few KiB of its own). An unknown or damaged hash
/// never matches.
pub fn verify_password(password: &[u8], stored: &str, memory: &mut Memory) -> Verified {
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
    // Verification uses the algorithm, version and parameters written in the hash.
    match argon2_matches(password, &hash, memory) {
        Ok(true) => Verified::Match { needs_rehash: argon2_needs_rehash(&hash) },
        Ok(false) => Verified::Mismatch,
        Err(problem) => {
            tracing::warn!(
                algorithm = hash.algorithm.as_str(),
                problem,
                "a stored password hash cannot be checked"
            );
            Verified::Mismatch
        }
    }
}

/// Recomputes an argon2 hash with the algorithm, version, parameters and salt written
/// in it and compares the outputs in constant time (`Output`'s equality). A hash made
/// with more memory than `memory` holds (none is, today: new hashes get `M_COST`) gets
/// a buffer of its own for the computation.
fn argon2_matches(password: &[u8], hash: &PasswordHash, memory: &mut Memory) -> Result<bool, String> {
    let algorithm =
        Algorithm::try_from(hash.algorithm.as_str()).map_err(|_| "unknown algorithm".to_owned())?;
    let version = match hash.version {
        Some(version) => Version::try_from(version).map_err(|e| e.to_string())?,
        None => Version::default(),
    };
    let params = Params::try_from(hash).map_err(|e| e.to_string())?;
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return Err("no salt or no output".to_owned());
    };
    let mut buffer = [0u8; Output::MAX_LENGTH];
    let output = buffer.get_mut(..expected.len()).ok_or_else(|| "output too long".to_owned())?;
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let computed = if params.block_count() <= memory.0.len() {
        argon2.hash_password_into_with_memory(password, salt.as_ref(), output, &mut memory.0[..])
    } else {
        argon2.hash_password_into(password, salt.as_ref(), output)
    };
    computed.map_err(|e| e.to_string())?;
    Ok(Output::new(output).map_err(|e| e.to_string())? == *expected)
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

/// Hashes and verifies passwords off the async executor, a bounded number at a time,
/// each in a [`Memory`] of the pool.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// Working memory for the hashes in progress, at most one per permit: a
    /// computation takes one (or makes one while fewer exist than have been needed at
    /// once) and puts it back when it ends.
    pool: Arc<Mutex<Vec<Memory>>>,
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
        let hasher = Self {
            permits: Arc::new(Semaphore::new(concurrency)),
            pool: Arc::new(Mutex::new(Vec::with_capacity(concurrency))),
            dummy_hash: Arc::from(""),
        };
        let filler = crate::tokens::new_refresh_token();
        let dummy_hash = hasher.blocking(move |memory| hash_password(filler.as_bytes(), memory)).await??;
        Ok(Self { dummy_hash: Arc::from(dummy_hash), ..hasher })
    }

    /// An argon2id hash of `password`.
    pub async fn hash(&self, password: SecretString) -> AppResult<String> {
        Ok(self.blocking(move |memory| hash_password(password.expose_secret().as_bytes(), memory)).await??)
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is no
    /// stored hash (which then never matches).
    pub async fn verify(&self, password: SecretString, stored: Option<String>) -> AppResult<Verified> {
        let found = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let verified = self
            .blocking(move |memory| verify_password(password.expose_secret().as_bytes(), &stored, memory))
            .await?;
        Ok(if found { verified } else { Verified::Mismatch })
    }

    /// Runs `work` on the blocking pool once a permit is free, with a [`Memory`] of the
    /// pool. The permit moves into the blocking task, so it is held until the work
    /// ends even if the caller is cancelled meanwhile; the memory goes back to the pool
    /// before the permit is released, so there are never more buffers than permits.
    async fn blocking<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Memory) -> T + Send + 'static,
    {
        let permit = self.permits.clone().acquire_owned().await.map_err(AppError::internal)?;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while the lock is held cannot leave the list half-changed
            // (a push or a pop), so a poisoned lock is still good to use.
            let taken = pool.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let mut memory = taken.unwrap_or_default();
            let result = work(&mut memory);
            pool.lock().unwrap_or_else(PoisonError::into_inner).push(memory);
            drop(permit);
            result
        })
        .await
        .map_err(AppError::internal)
    }

    /// How many buffers the pool holds (for tests).
    #[cfg(test)]
    fn pooled(&self) -> usize {
        self.pool.lock().unwrap_or_else(PoisonError::into_inner).len()
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
    use argon2::PasswordHasher as _;

    /// Made by Python's `bcrypt.hashpw(b"correct horse battery staple", bcrypt.gensalt(12))`
    /// (bcrypt 5.0), the way the legacy backend stored passwords.
    const PYTHON_BCRYPT: &str = "$2b$12$aHlOv3vmnQXfoNwXBlwC7utfE8CbBaCieB4TQTrq2AKW1nuWoDhcO";

    #[test]
    fn the_owasp_parameters_are_valid_and_used() {
        assert!(Params::new(M_COST, T_COST, P_COST, Some(OUTPUT_LEN)).is_ok());
        let memory = &mut Memory::new();
        let hash = hash_password(b"violet-harbour", memory).expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert_eq!(
            verify_password(b"violet-harbour", &hash, memory),
            Verified::Match { needs_rehash: false }
        );
        assert_eq!(verify_password(b"violet-harbouR", &hash, memory), Verified::Mismatch);
    }

    #[test]
    fn salts_differ_between_hashes() {
        let memory = &mut Memory::new();
        let a = hash_password(b"same password", memory).expect("hash");
        let b = hash_password(b"same password", memory).expect("hash");
        assert_ne!(a, b);
    }

    /// The hashes made in reused memory are the ones argon2 makes in fresh memory of
    /// its own, both ways: what one writes, the other accepts, however often the
    /// buffer has been used before.
    #[test]
    fn reused_memory_agrees_with_argon2s_own_allocation() {
        let memory = &mut Memory::new();
        for round in 0..3 {
            let password = format!("violet-harbour-{round}");
            let ours = hash_password(password.as_bytes(), memory).expect("hash");
            let parsed = PasswordHash::new(&ours).expect("phc");
            assert_eq!(
                argon2::PasswordVerifier::verify_password(&argon2id(), password.as_bytes(), &parsed),
                Ok(())
            );

            let theirs = argon2id().hash_password(password.as_bytes()).expect("hash").to_string();
            assert_eq!(
                verify_password(password.as_bytes(), &theirs, memory),
                Verified::Match { needs_rehash: false }
            );
            assert_eq!(verify_password(b"violet-harbour", &theirs, memory), Verified::Mismatch);
        }
    }

    /// A hash that needs more memory than new hashes get still verifies (in a buffer
    /// of its own), and is replaced on the next sign-in.
    #[test]
    fn a_hash_with_more_memory_than_the_pool_buffers_verifies() {
        let stronger = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(M_COST + 1024, 1, 1, None).expect("params"),
        );
        let hash = stronger.hash_password(b"violet-harbour").expect("hash").to_string();
        let memory = &mut Memory::new();
        assert_eq!(verify_password(b"violet-harbour", &hash, memory), Verified::Match { needs_rehash: true });
        assert_eq!(verify_password(b"violet-harbouR", &hash, memory), Verified::Mismatch);
    }

    #[test]
    fn bcrypt_hashes_verify_and_need_rehash() {
        let memory = &mut Memory::new();
        let hash = bcrypt::hash("legacy-secret", 4).expect("bcrypt");
        assert!(hash.starts_with("$2b$04$"));
        assert_eq!(verify_password(b"legacy-secret", &hash, memory), Verified::Match { needs_rehash: true });
        assert_eq!(verify_password(b"legacy-secreT", &hash, memory), Verified::Mismatch);
        for prefix in ["$2a$", "$2y$"] {
            let variant = format!("{prefix}{}", &hash[4..]);
            assert_eq!(
                verify_password(b"legacy-secret", &variant, memory),
                Verified::Match { needs_rehash: true }
            );
        }
    }

    #[test]
    fn a_hash_made_by_python_bcrypt_verifies() {
        let memory = &mut Memory::new();
        assert_eq!(
            verify_password(b"correct horse battery staple", PYTHON_BCRYPT, memory),
            Verified::Match { needs_rehash: true }
        );
        assert_eq!(
            verify_password(b"correct horse battery stapler", PYTHON_BCRYPT, memory),
            Verified::Mismatch
        );
    }

    #[test]
    fn argon2_hashes_with_other_settings_need_rehash() {
        let memory = &mut Memory::new();
        let weaker =
            Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(8192, 1, 1, None).expect("params"));
        let hash = weaker.hash_password(b"violet-harbour").expect("hash").to_string();
        assert_eq!(verify_password(b"violet-harbour", &hash, memory), Verified::Match { needs_rehash: true });
        assert_eq!(verify_password(b"violet-harbouR", &hash, memory), Verified::Mismatch);

        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, params());
        let hash = argon2i.hash_password(b"violet-harbour").expect("hash").to_string();
        assert!(hash.starts_with("$argon2i$"));
        assert_eq!(verify_password(b"violet-harbour", &hash, memory), Verified::Match { needs_rehash: true });

        let old_version = Argon2::new(Algorithm::Argon2id, Version::V0x10, params());
        let hash = old_version.hash_password(b"violet-harbour").expect("hash").to_string();
        assert!(hash.starts_with("$argon2id$v=16$"), "{hash}");
        assert_eq!(verify_password(b"violet-harbour", &hash, memory), Verified::Match { needs_rehash: true });
        assert_eq!(verify_password(b"violet-harbouR", &hash, memory), Verified::Mismatch);
    }

    #[test]
    fn unknown_or_damaged_hashes_never_match() {
        let memory = &mut Memory::new();
        assert_eq!(verify_password(b"x", "", memory), Verified::Mismatch);
        assert_eq!(verify_password(b"x", "plain-text-password", memory), Verified::Mismatch);
        assert_eq!(verify_password(b"x", "$2b$04$short", memory), Verified::Mismatch);
        assert_eq!(verify_password(b"x", "$pbkdf2-sha256$29000$abc$def", memory), Verified::Mismatch);
        assert_eq!(
            verify_password(b"x", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ", memory),
            Verified::Mismatch
        );
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
                        .blocking(move |_memory| {
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

    /// However many hashes run and however many blocking threads they land on, they
    /// work in the same few buffers, one per permit: no computation allocates its own
    /// 19 MiB, which the allocator kept after a burst of sign-ins.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn hashes_reuse_one_buffer_per_permit() {
        let hasher = PasswordHasher::new(2).await.expect("hasher");
        let addresses = Arc::new(Mutex::new(std::collections::BTreeSet::new()));
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let (hasher, addresses) = (hasher.clone(), addresses.clone());
                tokio::spawn(async move {
                    hasher
                        .blocking(move |memory| {
                            addresses.lock().expect("lock").insert(memory.0.as_ptr() as usize);
                            std::thread::sleep(std::time::Duration::from_millis(5));
                        })
                        .await
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("join").expect("work");
        }
        for _ in 0..4 {
            let hash = hasher.hash(SecretString::from("violet-harbour")).await.expect("hash");
            let verified =
                hasher.verify(SecretString::from("violet-harbour"), Some(hash)).await.expect("verify");
            assert_eq!(verified, Verified::Match { needs_rehash: false });
        }
        let distinct = addresses.lock().expect("lock").len();
        assert!((1..=2).contains(&distinct), "{distinct} buffers used by 12 computations with 2 permits");
        assert!((1..=2).contains(&hasher.pooled()), "{} buffers pooled", hasher.pooled());
    }
}
