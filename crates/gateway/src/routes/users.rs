//! `/api/users/me`: the signed-in person's profile (user service).

use actix_web::{HttpResponse, get, patch, web};
use jc_domain::{FullName, ProfileType};
use jc_platform::{AppError, both};
use jc_proto::convert::WireEnum;
use jc_proto::user as pb;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::bearer::Authenticated;
use crate::clients::Clients;
use crate::error::{ApiResult, ErrorBody};
use crate::json::SignedInBody;
use crate::openapi::responses::{PayloadTooLarge, SignedIn, UnsupportedMediaType};
use crate::wire::sent;

#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileResponse {
    pub user_id: String,
    pub full_name: String,
    pub profile_type: ProfileType,
    pub ai_credits: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

impl TryFrom<pb::Profile> for ProfileResponse {
    type Error = AppError;

    fn try_from(profile: pb::Profile) -> Result<Self, AppError> {
        Ok(Self {
            profile_type: sent("profile_type", profile.profile_type)?,
            user_id: profile.user_id,
            full_name: profile.full_name,
            ai_credits: profile.ai_credits,
            created_at: profile.created_at,
            updated_at: profile.updated_at,
        })
    }
}

/// Fields left out (or null) stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateProfileRequest {
    /// 1 to 100 characters after trimming; any script and emoji; no control characters.
    #[schema(max_length = 100)]
    pub full_name: Option<String>,
    #[schema(value_type = Option<ProfileType>)]
    pub profile_type: Option<String>,
}

/// The caller's profile.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = ProfileResponse),
        SignedIn,
    ))]
#[get("/api/users/me")]
pub async fn get_me(clients: web::Data<Clients>, caller: Authenticated) -> ApiResult<HttpResponse> {
    let profile = clients.my_profile(&caller.call_context()).await?;
    Ok(HttpResponse::Ok().json(ProfileResponse::try_from(profile)?))
}

/// Changes the caller's name or profile type.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, description = "OK", body = ProfileResponse),
        (status = 400, description = "Invalid input (field errors)", body = ErrorBody),
        SignedIn, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[patch("/api/users/me")]
pub async fn patch_me(
    clients: web::Data<Clients>,
    SignedInBody { caller, body }: SignedInBody<UpdateProfileRequest>,
) -> ApiResult<HttpResponse> {
    let (full_name, profile_type) = both(
        body.full_name.as_deref().map(FullName::parse).transpose(),
        body.profile_type.as_deref().map(ProfileType::parse_field).transpose(),
    )?;
    let request = pb::UpdateProfileRequest {
        full_name: full_name.map(FullName::into_string),
        profile_type: profile_type.map(WireEnum::to_wire),
    };
    let profile = clients.update_my_profile(&caller.call_context(), request).await?;
    Ok(HttpResponse::Ok().json(ProfileResponse::try_from(profile)?))
}
