//! What every component (auth, user, gateway, …) receives from the process that runs
//! it, whether it runs alone or beside the others in `journalcraft dev`.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::cache::Cache;
use crate::config::{Environment, ServiceUrls};
use crate::error::AppResult;
use crate::grpc::ServiceCredential;
use crate::health::Health;
use crate::identity::{GrpcJwksSource, TokenVerifier, VerifierSettings};

#[derive(Clone)]
pub struct Context {
    pub environment: Environment,
    /// Readiness of the process; components register their checks here.
    pub health: Health,
    /// Shared by every component of the process (the deny list lives here).
    pub cache: Cache,
    /// Presented on every internal call and required on every gRPC server.
    pub credential: ServiceCredential,
    pub services: ServiceUrls,
    /// Cancelled on SIGTERM / Ctrl-C.
    pub shutdown: CancellationToken,
}

impl Context {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.services.request_timeout_ms)
    }

    /// A verifier of access tokens whose keys come from the auth service's JWKS.
    pub fn token_verifier(&self, settings: VerifierSettings) -> AppResult<Arc<TokenVerifier>> {
        let channel = crate::grpc::channel(&self.services.auth_url, self.request_timeout())?;
        let source = GrpcJwksSource::new(channel, self.credential.clone());
        Ok(Arc::new(TokenVerifier::new(settings, Arc::new(source))))
    }
}
