//! The `User` gRPC API.

use std::sync::Arc;

use jc_platform::db::Database;
use jc_platform::identity::{Caller, TokenVerifier};
use jc_platform::{AppError, AppResult};
use jc_proto::common::Empty;
use jc_proto::user::user_server::User;
use jc_proto::user::{CreateProfileRequest, Profile, UpdateProfileRequest};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::domain::{FullName, ProfileType};
use crate::store::{self, ProfileChanges, ProfileRow};

pub struct UserService {
    db: Database,
    verifier: Arc<TokenVerifier>,
}

impl UserService {
    pub fn new(db: Database, verifier: Arc<TokenVerifier>) -> Self {
        Self { db, verifier }
    }

    async fn caller<T>(&self, request: &Request<T>) -> AppResult<Caller> {
        jc_platform::grpc::caller(request.metadata(), &self.verifier).await
    }

    /// The profile of `user_id`, created with defaults when it is missing (a
    /// registration whose profile step failed still leads to a usable account).
    async fn profile_or_default(&self, user_id: Uuid) -> AppResult<ProfileRow> {
        let row = new_row(user_id, "", ProfileType::PersonalJournaler);
        self.db
            .run(move |conn| {
                if let Some(found) = store::find(conn, &row.user_id)? {
                    return Ok(found);
                }
                tracing::info!(user_id = %row.user_id, "creating a missing profile on demand");
                Ok(store::insert_or_get(conn, &row)?)
            })
            .await
    }
}

fn new_row(user_id: Uuid, full_name: &str, profile_type: ProfileType) -> ProfileRow {
    let now = jc_platform::db::now();
    ProfileRow {
        user_id: user_id.to_string(),
        full_name: full_name.to_owned(),
        profile_type: profile_type.as_str().to_owned(),
        ai_credits: profile_type.starting_credits(),
        legacy_id: None,
        created_at: now,
        updated_at: now,
    }
}

fn to_proto(row: ProfileRow) -> Profile {
    Profile {
        user_id: row.user_id,
        full_name: row.full_name,
        profile_type: row.profile_type,
        ai_credits: row.ai_credits,
        created_at: row.created_at.and_utc().to_rfc3339(),
        updated_at: row.updated_at.and_utc().to_rfc3339(),
    }
}

#[tonic::async_trait]
impl User for UserService {
    #[tracing::instrument(skip_all, fields(user_id = %request.get_ref().user_id))]
    async fn create_profile(
        &self,
        request: Request<CreateProfileRequest>,
    ) -> Result<Response<Profile>, Status> {
        let message = request.into_inner();
        let user_id =
            Uuid::parse_str(&message.user_id).map_err(|_| AppError::field("user_id", "must be a UUID"))?;
        let name = FullName::parse(&message.full_name);
        let kind = ProfileType::parse(&message.profile_type);
        let (name, kind) = match (name, kind) {
            (Ok(name), Ok(kind)) => (name, kind),
            (name, kind) => {
                let fields = [name.err(), kind.err()].into_iter().flatten().flat_map(|e| e.fields).collect();
                return Err(AppError::validation(fields).into());
            }
        };
        let row = new_row(user_id, name.as_str(), kind);
        let stored = self.db.run(move |conn| Ok(store::insert_or_get(conn, &row)?)).await?;
        Ok(Response::new(to_proto(stored)))
    }

    #[tracing::instrument(skip_all)]
    async fn get_my_profile(&self, request: Request<Empty>) -> Result<Response<Profile>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(to_proto(self.profile_or_default(caller.user_id).await?)))
    }

    #[tracing::instrument(skip_all)]
    async fn update_my_profile(
        &self,
        request: Request<UpdateProfileRequest>,
    ) -> Result<Response<Profile>, Status> {
        let caller = self.caller(&request).await?;
        let message = request.into_inner();
        let name = message.full_name.as_deref().map(FullName::parse).transpose();
        let kind = message.profile_type.as_deref().map(ProfileType::parse).transpose();
        let (name, kind) = match (name, kind) {
            (Ok(name), Ok(kind)) => (name, kind),
            (name, kind) => {
                let fields = [name.err(), kind.err()].into_iter().flatten().flat_map(|e| e.fields).collect();
                return Err(AppError::validation(fields).into());
            }
        };
        self.profile_or_default(caller.user_id).await?;
        let user_id = caller.user_id.to_string();
        let changes = ProfileChanges {
            full_name: name.map(|n| n.as_str().to_owned()),
            // Changing the profile type later does not grant credits again.
            profile_type: kind.map(|k| k.as_str().to_owned()),
            updated_at: Some(jc_platform::db::now()),
        };
        let updated = self
            .db
            .run(move |conn| {
                store::update(conn, &user_id, &changes)?;
                store::find(conn, &user_id)?.ok_or_else(|| AppError::not_found("Profile"))
            })
            .await?;
        Ok(Response::new(to_proto(updated)))
    }
}
