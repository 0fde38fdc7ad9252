//! The `users` function: an organisation's users (list, read, edit, role, status, soft delete,
//! preferences), invitations by email, and the audit log.
//!
//! Every record is addressed through the caller's tenant (from the token), so another tenant's user
//! id is simply not found: 404, never data.

use access::model::*;
use access::rbac::Role;
use access::tokens;
use identity::onetime;
use identity::ops;
use identity::profile::*;
use kernel::error::{FieldError, Location, Problem};
use mail::Mail;
use platform::http::{Principal, Validator};
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::{Deserialize, Serialize};
use store::{keys, PutMode, StoreError};
use utoipa::OpenApi;

platform::routes! {
    "GET" "/v1/users" => list_users, "users.read",
    "POST" "/v1/users/invitations" => invitations::invite, "users.invite",
    "GET" "/v1/users/{user_id}" => get_user, "users.read",
    "PATCH" "/v1/users/{user_id}" => update_user, "self.write",
    "DELETE" "/v1/users/{user_id}" => delete_user, "users.delete",
    "PUT" "/v1/users/{user_id}/status" => set_status, "users.write",
    "GET" "/v1/users/{user_id}/preferences" => preferences::get_preferences, "self.read",
    "PUT" "/v1/users/{user_id}/preferences" => preferences::put_preferences, "self.write",
    "GET" "/v1/audit-events" => audit::list_audit_events, "audit.read",
    "GET" "/v1/organization/retention" => organization::get_retention, "organization.read",
    "PUT" "/v1/organization/retention" => organization::put_retention, "organization.write",
    "GET" "/v1/organization/alerts" => organization::get_alerts, "organization.read",
    "PUT" "/v1/organization/alerts" => organization::put_alerts, "organization.write",
    "GET" "/v1/organization/limits" => organization::get_limits, "organization.read",
    "GET" "/v1/notifications/unsubscribe/{token}" => notices::unsubscribe_page, public,
    "POST" "/v1/notifications/unsubscribe/{token}" => notices::unsubscribe_now, public,
}

mod audit;
mod invitations;
mod notices;
mod organization;
mod preferences;

#[derive(OpenApi)]
#[openapi(
    paths(list_users, invitations::invite, get_user, update_user, delete_user, set_status,
        preferences::get_preferences, preferences::put_preferences, audit::list_audit_events,
        organization::get_retention, organization::put_retention, organization::get_alerts,
        organization::put_alerts, organization::get_limits, notices::unsubscribe_page,
        notices::unsubscribe_now),
    components(schemas(UserView, UserList, UpdateUserBody, StatusBody, preferences::PreferencesBody, Preferences,
        NotificationSettings, invitations::InviteBody, invitations::InvitationView, AuditEvent, audit::AuditList, Problem,
        organization::RetentionView, access::retention::Retention, access::retention::RetentionChange,
        access::retention::Category, access::alerting::AlertSettings, access::alerting::AlertSettingsChange,
        organization::LimitsView, organization::PerUserLimits, organization::WeightsView,
        organization::NamedWindow, organization::WindowView, access::partner::Tier)),
    tags(
        (name = "users", description = "An organisation's users, their roles, status and preferences"),
        (name = "audit", description = "The organisation's security log"),
        (name = "organization", description = "Organisation-wide settings: data retention, usage alerts, limits")
    )
)]
pub struct ApiDoc;

/// Users an organisation may hold before listing refuses to load them all (the list is filtered and
/// sorted in memory; see the README's decisions).
const MAX_USERS_PER_TENANT: usize = 5_000;
/// Invitations are valid for a week.
const INVITATION_TTL_SECS: i64 = 7 * 24 * 3600;

fn not_found() -> ApiError {
    ApiError::not_found("no such user in this organisation")
}

async fn target_user(state: &AppState, req: &ApiRequest) -> Result<UserRecord, ApiError> {
    let principal = req.principal()?;
    let user_id: UserId = req.path_param("user_id")?;
    ops::load_user(state, &principal.tenant, user_id.as_str())
        .await?
        .ok_or_else(not_found)
}

fn is_owner(principal: &Principal) -> bool {
    principal.role == Role::Owner.as_str()
}

// ------------------------------------------------------------------ list

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UserList {
    pub items: Vec<UserView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    CreatedAt,
    Name,
    Email,
    LastLoginAt,
}

fn parse_sort(raw: &str) -> Option<(SortKey, bool)> {
    let (desc, field) = match raw.strip_prefix('-') {
        Some(f) => (true, f),
        None => (false, raw),
    };
    let key = match field {
        "created_at" => SortKey::CreatedAt,
        "name" => SortKey::Name,
        "email" => SortKey::Email,
        "last_login_at" => SortKey::LastLoginAt,
        _ => return None,
    };
    Some((key, desc))
}

fn query_string(req: &ApiRequest, name: &str, max: usize) -> Result<Option<String>, ApiError> {
    let value: Option<String> = req.query_param(name)?;
    match value {
        Some(v) if v.chars().count() > max => Err(ApiError::invalid_field(
            Location::Query,
            name,
            "length",
            format!("at most {max} characters"),
        )),
        Some(v) if v.chars().any(kernel::text::is_control) => Err(ApiError::invalid_field(
            Location::Query,
            name,
            kernel::text::TextError::Control.code(),
            kernel::text::TextError::Control.message(),
        )),
        Some(v) if v.trim().is_empty() => Ok(None),
        other => Ok(other),
    }
}

/// A short digest naming a list's filters, so a cursor from one filtered list is refused by another.
fn scope_digest(parts: &[&str]) -> String {
    store::cursor::digest(&parts.join("\u{1f}"))
}

/// The organisation's users (deleted ones excluded).
///
/// `q` matches name or email (case-insensitive substring); `role` and `status` filter; `sort` is
/// `created_at` (default), `name`, `email` or `last_login_at`, `-` prefixed for descending.
#[utoipa::path(get, path = "/v1/users", tag = "users", security(("bearer" = [])),
    params(
        ("q" = Option<String>, Query, description = "Substring of name or email"),
        ("role" = Option<Role>, Query),
        ("status" = Option<String>, Query, description = "active | suspended"),
        ("sort" = Option<String>, Query, description = "created_at | name | email | last_login_at, '-' for descending"),
        ("limit" = Option<u32>, Query, description = "1..=100, default 50"),
        ("cursor" = Option<String>, Query),
    ),
    responses((status = 200, body = UserList), (status = 400, body = Problem, content_type = "application/problem+json")))]
async fn list_users(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let page = req.page_params(50, 100)?;
    let q = query_string(&req, "q", 100)?.map(|s| s.to_lowercase());
    let role = match req.query_param::<String>("role")? {
        None => None,
        Some(r) => Some(r.parse::<Role>().map_err(|_| {
            ApiError::invalid_field(
                Location::Query,
                "role",
                "invalid",
                "one of owner, admin, member, viewer, api",
            )
        })?),
    };
    let status = match req.query_param::<String>("status")?.as_deref() {
        None => None,
        Some("active") => Some(UserStatus::Active),
        Some("suspended") => Some(UserStatus::Suspended),
        Some(_) => {
            return Err(ApiError::invalid_field(
                Location::Query,
                "status",
                "invalid",
                "one of active, suspended",
            ))
        }
    };
    let sort_raw = req
        .query_param::<String>("sort")?
        .unwrap_or_else(|| "created_at".into());
    let (sort, desc) = parse_sort(&sort_raw).ok_or_else(|| {
        ApiError::invalid_field(
            Location::Query,
            "sort",
            "invalid",
            "one of created_at, name, email, last_login_at, optionally prefixed with -",
        )
    })?;

    let codec = state.cursor_codec().await?;
    let scope = format!(
        "users:{}",
        scope_digest(&[
            q.as_deref().unwrap_or(""),
            role.map(Role::as_str).unwrap_or(""),
            &format!("{status:?}"),
            &sort_raw,
        ])
    );
    let offset = match &page.cursor {
        None => 0,
        Some(token) => codec
            .decode_offset(principal.tenant.as_str(), &scope, token)
            .map_err(|_| ApiError::from(StoreError::InvalidCursor))?,
    };

    let mut users: Vec<UserRecord> = state
        .store
        .query_all(
            &principal.tenant,
            &keys::users(&principal.tenant),
            MAX_USERS_PER_TENANT,
            codec,
        )
        .await?;
    users.retain(|u| {
        u.status != UserStatus::Deleted
            && role.is_none_or(|r| u.role == r)
            && status.is_none_or(|s| u.status == s)
            && q.as_deref()
                .is_none_or(|q| u.email.contains(q) || u.name.to_lowercase().contains(q))
    });
    users.sort_by(|a, b| {
        let ord = match sort {
            SortKey::CreatedAt => a.created_at.cmp(&b.created_at),
            SortKey::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            SortKey::Email => a.email.cmp(&b.email),
            SortKey::LastLoginAt => a.last_login_at.cmp(&b.last_login_at),
        };
        let ord = if desc { ord.reverse() } else { ord };
        ord.then_with(|| a.id.as_str().cmp(b.id.as_str()))
    });
    let limit = page.limit as usize;
    let items: Vec<UserView> = users
        .iter()
        .skip(offset)
        .take(limit)
        .map(UserRecord::view)
        .collect();
    let next = offset + items.len();
    let next_cursor = if next < users.len() {
        Some(
            codec
                .encode_offset(principal.tenant.as_str(), &scope, next)
                .map_err(ApiError::internal)?,
        )
    } else {
        None
    };
    ApiResponse::ok(&UserList { items, next_cursor })
}

// ------------------------------------------------------------------ one user

/// One user of the organisation.
#[utoipa::path(get, path = "/v1/users/{user_id}", tag = "users", security(("bearer" = [])),
    params(("user_id" = String, Path)),
    responses((status = 200, body = UserView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_user(state: &AppState, req: ApiRequest) -> ApiResult {
    ApiResponse::ok(&target_user(state, &req).await?.view())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserBody {
    /// 1 to 100 characters. Anyone may rename themselves; renaming others needs `users.write`.
    pub name: Option<String>,
    /// Needs `users.write`; granting or removing `owner` needs an owner.
    pub role: Option<Role>,
}

use identity::owners::{owner_delta, save_with_owner_guard};

/// Renames a user or changes their role.
///
/// Retry and concurrency: the write is conditional on the version read, so a concurrent change
/// gets 409 (read again and retry); a retry of a success is a no-op. Role changes touching `owner`
/// also update the organisation's owner count in the same transaction, so two owners demoting each
/// other at once cannot leave it ownerless.
#[utoipa::path(patch, path = "/v1/users/{user_id}", tag = "users", security(("bearer" = [])),
    params(("user_id" = String, Path)), request_body = UpdateUserBody,
    responses(
        (status = 200, body = UserView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Last owner, or changed concurrently", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
async fn update_user(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?.clone();
    let body: UpdateUserBody = req.json(state.config.max_body_bytes)?;
    let mut v = Validator::default();
    let name = body.name.as_deref().map(str::trim).map(str::to_owned);
    if let Some(n) = &name {
        v.check(
            (1..=100).contains(&n.chars().count()),
            "name",
            "length",
            "give a name of 1 to 100 characters",
        );
        v.line("name", n);
    }
    v.check(
        body.role != Some(Role::Api),
        "role",
        "invalid",
        "the api role is for API keys; give a person owner, admin, member or viewer",
    );
    v.check(
        name.is_some() || body.role.is_some(),
        "name",
        "required",
        "send at least one of name, role",
    );
    v.finish()?;
    let mut user = target_user(state, &req).await?;
    principal.require_for_other(user.id.as_str(), "users.write")?;
    let before = (user.role, user.status);
    let mut changes = serde_json::Map::new();
    if let Some(role) = body.role.filter(|r| *r != user.role) {
        if !principal.can("users.write") {
            return Err(ApiError::Forbidden {
                detail: "changing a role needs the users.write permission".into(),
            });
        }
        if (role == Role::Owner || user.role == Role::Owner) && !is_owner(&principal) {
            return Err(ApiError::Forbidden {
                detail: "only an owner can grant or remove the owner role".into(),
            });
        }
        changes.insert(
            "role".into(),
            serde_json::json!({"from": user.role, "to": role}),
        );
        user.role = role;
    }
    if let Some(n) = name.filter(|n| *n != user.name) {
        changes.insert("name".into(), serde_json::Value::Bool(true));
        user.name = n;
    }
    if changes.is_empty() {
        return ApiResponse::ok(&user.view());
    }
    let delta = owner_delta(before, (user.role, user.status));
    save_with_owner_guard(state, &mut user, delta, false).await?;
    let action = if changes.contains_key("role") {
        "user.role_changed"
    } else {
        "user.updated"
    };
    AuditEvent::new(action)
        .actor(&principal.id)
        .target(&user.id)
        .from_request(&req)
        .detail(serde_json::Value::Object(changes))
        .append(&state.store, &principal.tenant)
        .await?;
    ApiResponse::ok(&user.view())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// `active` or `suspended`.
    #[schema(example = "suspended")]
    pub status: String,
}

/// Suspends or reactivates a user. Suspending revokes every session at once: the user's access
/// tokens stop working on their next request (the authorizer reads the user's status).
///
/// Idempotent: setting the current status changes nothing. A user cannot change their own status;
/// only owners change an owner's; the last active owner cannot be suspended.
#[utoipa::path(put, path = "/v1/users/{user_id}/status", tag = "users", security(("bearer" = [])),
    params(("user_id" = String, Path)), request_body = StatusBody,
    responses(
        (status = 200, body = UserView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
async fn set_status(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?.clone();
    let body: StatusBody = req.json(state.config.max_body_bytes)?;
    let status = match body.status.as_str() {
        "active" => UserStatus::Active,
        "suspended" => UserStatus::Suspended,
        _ => {
            return Err(ApiError::validation(vec![FieldError::body(
                "status",
                "invalid",
                "one of active, suspended",
            )]))
        }
    };
    let mut user = target_user(state, &req).await?;
    if user.id.as_str() == principal.id {
        return Err(ApiError::validation(vec![FieldError::body(
            "status",
            "own_account",
            "you cannot change your own status; ask another administrator",
        )]));
    }
    if user.role == Role::Owner && !is_owner(&principal) {
        return Err(ApiError::Forbidden {
            detail: "only an owner can suspend or reactivate an owner".into(),
        });
    }
    if user.status == status {
        return ApiResponse::ok(&user.view());
    }
    let before = (user.role, user.status);
    user.status = status;
    let delta = owner_delta(before, (user.role, user.status));
    save_with_owner_guard(state, &mut user, delta, false).await?;
    let revoked = if status == UserStatus::Suspended {
        ops::revoke_user_sessions(state, &principal.tenant, user.id.as_str(), "user_suspended")
            .await?
    } else {
        0
    };
    AuditEvent::new("user.status_changed")
        .actor(&principal.id)
        .target(&user.id)
        .from_request(&req)
        .detail(serde_json::json!({"from": before.1, "to": status, "sessions_revoked": revoked}))
        .append(&state.store, &principal.tenant)
        .await?;
    ApiResponse::ok(&user.view())
}

/// Removes a user from the organisation (soft delete): they can no longer sign in, their sessions
/// are revoked, their email is released (they can be invited again) and the record stays, marked
/// deleted, for the audit trail. Deleting again is a 404.
#[utoipa::path(delete, path = "/v1/users/{user_id}", tag = "users", security(("bearer" = [])),
    params(("user_id" = String, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last active owner", body = Problem, content_type = "application/problem+json"),
    ))]
async fn delete_user(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?.clone();
    let mut user = target_user(state, &req).await?;
    if user.id.as_str() == principal.id {
        return Err(ApiError::Conflict {
            detail: "you cannot delete your own account here; ask another administrator".into(),
        });
    }
    if user.role == Role::Owner && !is_owner(&principal) {
        return Err(ApiError::Forbidden {
            detail: "only an owner can remove an owner".into(),
        });
    }
    let before = (user.role, user.status);
    user.status = UserStatus::Deleted;
    user.totp = None;
    let delta = owner_delta(before, (user.role, user.status));
    save_with_owner_guard(state, &mut user, delta, true).await?;
    let revoked =
        ops::revoke_user_sessions(state, &principal.tenant, user.id.as_str(), "user_deleted")
            .await?;
    AuditEvent::new("user.deleted")
        .actor(&principal.id)
        .target(&user.id)
        .from_request(&req)
        .detail(serde_json::json!({"role": user.role, "sessions_revoked": revoked}))
        .append(&state.store, &principal.tenant)
        .await?;
    Ok(ApiResponse::no_content())
}

// ------------------------------------------------------------------ preferences
