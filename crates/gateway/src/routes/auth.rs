//! `/api/auth/*`: accounts and sessions (auth service), with the profile (user service)
//! where the frontend expects both in one answer.

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use jc_domain::{FullName, ProfileType};
use jc_platform::grpc::CallContext;
use jc_platform::identity::{deny_list_key, session_deny_key};
use jc_platform::{AppError, ErrorCode, both};
use jc_proto::convert::WireEnum;
use jc_proto::{auth as pb, user as user_pb};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::bearer::{Authenticated, Gate};
use crate::clients::{Client, Clients};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::json::JsonBody;
use crate::limits::Limits;
use crate::middleware::RequestId;
use crate::openapi::responses::{PayloadTooLarge, SignedIn, Unavailable, UnsupportedMediaType};
use crate::wire::sent;

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    #[schema(example = "ada@example.com", format = Email, max_length = 254)]
    pub email: String,
    /// 8 to 128 characters, not a common password, not containing the email's local
    /// part (the auth service's rules).
    #[schema(format = Password, min_length = 8, max_length = 128)]
    pub password: String,
    /// 1 to 100 characters after trimming; any script and emoji; no control characters.
    #[schema(example = "Ada Lovelace", max_length = 100)]
    pub full_name: String,
    #[schema(value_type = ProfileType)]
    pub profile_type: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterResponse {
    pub success: bool,
    pub message: String,
    pub user: RegisteredUser,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisteredUser {
    pub id: String,
    pub email: String,
    pub full_name: String,
    pub profile_type: ProfileType,
    pub ai_credits: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "ada@example.com", max_length = 254)]
    pub email: String,
    #[schema(format = Password, max_length = 1024)]
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    #[schema(max_length = 128)]
    pub refresh_token: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// A short-lived JWT for `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `bearer`.
    #[schema(example = "bearer")]
    pub token_type: String,
    /// Opaque; use it once with `/api/auth/refresh`.
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuccessResponse {
    pub success: bool,
}

#[derive(Debug, Deserialize)]
struct LogoutQuery {
    scope: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub id: String,
    pub email: String,
    pub roles: Vec<String>,
    pub email_verified: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub full_name: String,
    pub profile_type: ProfileType,
    pub ai_credits: i64,
}

impl From<pb::TokenPair> for TokenResponse {
    fn from(pair: pb::TokenPair) -> Self {
        Self {
            access_token: pair.access_token,
            token_type: "bearer".to_owned(),
            refresh_token: pair.refresh_token,
            expires_in: pair.expires_in,
        }
    }
}

/// Attempts at creating the profile of a new account: the first and three retries.
const PROFILE_ATTEMPTS: u32 = 4;
const PROFILE_RETRY_DELAY: Duration = Duration::from_millis(50);

/// Creates an account and its profile.
#[utoipa::path(tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 201, description = "Created", body = RegisterResponse),
        (status = 400, description = "Invalid input (field errors)", body = ErrorBody),
        (status = 409, description = "The email is already registered", body = ErrorBody),
        PayloadTooLarge, UnsupportedMediaType,
        (status = 503, description = "A service is down; the account may exist already", body = ErrorBody),
    ))]
#[post("/api/auth/register")]
pub async fn register(
    clients: web::Data<Clients>,
    request_id: RequestId,
    client: Client,
    body: JsonBody<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    // Checked before anything is sent, so a bad name never leaves an account without a profile.
    let (full_name, profile_type) =
        both(FullName::parse(&body.full_name), ProfileType::parse_field(&body.profile_type))?;
    let cx = CallContext::new(request_id.0);
    let request =
        pb::RegisterRequest { email: body.email, password: body.password, client: client.into_info() };
    let account = clients.register(&cx, request).await?;
    let profile = user_pb::CreateProfileRequest {
        user_id: account.id.clone(),
        full_name: full_name.into_string(),
        profile_type: profile_type.to_wire(),
        account: Some(account_copy(&account)),
    };
    let profile = create_profile(&clients, &cx, profile).await?;
    Ok(HttpResponse::Created().json(RegisterResponse {
        success: true,
        message: "Account created.".to_owned(),
        user: RegisteredUser {
            id: account.id,
            email: account.email,
            full_name: profile.full_name,
            profile_type: sent("profile_type", profile.profile_type)?,
            ai_credits: profile.ai_credits,
        },
    }))
}

/// `CreateProfile` is idempotent, so an unavailable user service is retried briefly.
/// If it stays down the account still exists: the user service creates a default
/// profile when the person first signs in.
async fn create_profile(
    clients: &Clients,
    cx: &CallContext,
    request: user_pb::CreateProfileRequest,
) -> ApiResult<user_pb::Profile> {
    let mut delay = PROFILE_RETRY_DELAY;
    let mut attempt = 1;
    loop {
        match clients.create_profile(cx, request.clone()).await {
            Ok(profile) => return Ok(profile),
            Err(error) if error.code() == ErrorCode::Unavailable && attempt < PROFILE_ATTEMPTS => {
                tracing::debug!(attempt, "user service unavailable; retrying CreateProfile");
                tokio::time::sleep(delay).await;
                delay *= 2;
                attempt += 1;
            }
            Err(error) if matches!(error.code(), ErrorCode::Unavailable | ErrorCode::Internal) => {
                tracing::warn!(user_id = %request.user_id, "account created without its profile");
                return Err(ApiError::from(AppError::unavailable(error.into_app_error()))
                    .with_public_message(
                        "Your account was created, but your profile could not be saved right now. \
                     Sign in to continue; it will be set up then.",
                    ));
            }
            Err(error) => return Err(error),
        }
    }
}

/// Signs in with email and password.
#[utoipa::path(tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "OK", body = TokenResponse),
        (status = 400, description = "Malformed or invalid input", body = ErrorBody),
        (status = 401, description = "Wrong email or password", body = ErrorBody),
        (status = 429, description = "Too many attempts; see Retry-After", body = ErrorBody),
        PayloadTooLarge, UnsupportedMediaType, Unavailable,
    ))]
#[post("/api/auth/login")]
pub async fn login(
    clients: web::Data<Clients>,
    request_id: RequestId,
    client: Client,
    limits: Limits,
    body: JsonBody<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    limits.sign_in(&body.email).await?;
    let cx = CallContext::new(request_id.0);
    let request = pb::LoginRequest { email: body.email, password: body.password, client: client.into_info() };
    let pair = clients.login(&cx, request).await?;
    Ok(HttpResponse::Ok().json(TokenResponse::from(pair)))
}

/// Exchanges a refresh token for a new pair (the old refresh token stops working).
#[utoipa::path(tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "OK", body = TokenResponse),
        (status = 400, description = "Malformed or invalid input", body = ErrorBody),
        (status = 401, description = "Unknown, expired or reused refresh token", body = ErrorBody),
        PayloadTooLarge, UnsupportedMediaType, Unavailable,
    ))]
#[post("/api/auth/refresh")]
pub async fn refresh(
    clients: web::Data<Clients>,
    request_id: RequestId,
    client: Client,
    body: JsonBody<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let cx = CallContext::new(request_id.0);
    let request =
        pb::RefreshRequest { refresh_token: body.into_inner().refresh_token, client: client.into_info() };
    let pair = clients.refresh(&cx, request).await?;
    Ok(HttpResponse::Ok().json(TokenResponse::from(pair)))
}

/// Ends this session, or with `?scope=all` every session of the account.
#[utoipa::path(tag = "auth", security(("bearer" = [])),
    params(("scope" = Option<String>, Query, description = "`all` ends every session")),
    responses(
        (status = 200, description = "OK", body = SuccessResponse),
        (status = 400, description = "Unknown scope", body = ErrorBody),
        SignedIn,
    ))]
#[post("/api/auth/logout")]
pub async fn logout(
    clients: web::Data<Clients>,
    gate: web::Data<Gate>,
    caller: Authenticated,
    client: Client,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let query = web::Query::<LogoutQuery>::from_query(req.query_string())
        .map_err(|e| AppError::new(ErrorCode::BadRequest, format!("The query string is not valid: {e}")))?;
    let all_sessions = match query.scope.as_deref() {
        None => false,
        Some("all") => true,
        Some(_) => return Err(AppError::field("scope", "must be all, or left out").into()),
    };
    let request = pb::LogoutRequest { all_sessions, client: client.into_info() };
    let ended = clients.logout(&caller.call_context(), request).await?;
    // This gateway refuses the ended tokens from now on, without waiting for the deny
    // list's announcement to come back from Redis.
    let caller = &caller.caller;
    let token_ttl =
        u64::try_from(caller.expires_at.saturating_sub(chrono::Utc::now().timestamp())).unwrap_or(0);
    gate.deny.deny_locally(&[deny_list_key(&caller.token_id)], Duration::from_secs(token_ttl.max(1)));
    let sessions: Vec<String> = ended
        .ended_session_ids
        .iter()
        .filter_map(|id| uuid::Uuid::parse_str(id).ok())
        .chain([caller.session_id])
        .map(|id| session_deny_key(&id))
        .collect();
    let session_ttl = u64::try_from(ended.deny_seconds).unwrap_or(0).max(token_ttl).max(1);
    gate.deny.deny_locally(&sessions, Duration::from_secs(session_ttl));
    Ok(HttpResponse::Ok().json(SuccessResponse { success: true }))
}

/// The signed-in account and its profile.
#[utoipa::path(tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = MeResponse),
        SignedIn,
    ))]
#[get("/api/auth/me")]
pub async fn me(clients: web::Data<Clients>, caller: Authenticated) -> ApiResult<HttpResponse> {
    let cx = caller.call_context();
    // One call: the user service keeps a copy of the account's public fields. An account
    // it has no copy of yet (its profile was made on demand) is read from the auth
    // service once and recorded.
    let me = clients.me(&cx).await?;
    let profile = me.profile.ok_or_else(|| AppError::internal("GetMe answered without a profile"))?;
    let account = match me.account {
        Some(account) => account,
        None => {
            let copy = account_copy(&clients.account(&cx).await?);
            if let Err(error) = clients.record_my_account(&cx, copy.clone()).await {
                tracing::warn!(error = %error, "could not record the account copy; the next /me asks again");
            }
            copy
        }
    };
    Ok(HttpResponse::Ok().json(MeResponse {
        id: account.user_id,
        email: account.email,
        roles: account.roles,
        email_verified: account.email_verified,
        created_at: account.created_at,
        full_name: profile.full_name,
        profile_type: sent("profile_type", profile.profile_type)?,
        ai_credits: profile.ai_credits,
    }))
}

/// The public fields of an account, as the user service keeps them.
fn account_copy(account: &pb::Account) -> user_pb::AccountCopy {
    user_pb::AccountCopy {
        user_id: account.id.clone(),
        email: account.email.clone(),
        roles: account.roles.clone(),
        email_verified: account.email_verified,
        created_at: account.created_at.clone(),
    }
}
