//! The identity records as stored in the table, and the views the API returns.

use super::rbac::Role;
use kernel::ids::TenantId;
use serde::{Deserialize, Serialize};

kernel::prefixed_id!(
    /// A user (a person who signs in).
    UserId,
    "usr"
);
kernel::prefixed_id!(
    /// A login session: one refresh-token family.
    SessionId,
    "ses"
);
kernel::prefixed_id!(InvitationId, "inv");
kernel::prefixed_id!(AuditEventId, "aud");

pub const USER: &str = "USER";
pub const SESSION: &str = "SESSION";
pub const INVITATION: &str = "INVITATION";
pub const AUDIT: &str = "AUDIT";

/// Refresh tokens (and so sessions) last 30 days from their last rotation.
pub const SESSION_TTL_SECS: i64 = 30 * 24 * 3600;
pub const MAX_FAILED_LOGINS: u32 = 5;
pub const LOCKOUT_SECS: i64 = 15 * 60;

pub use kernel::time::{now, rfc3339};

/// Emails compare case-insensitively and without surrounding space.
pub fn normalise_email(email: &str) -> String {
    kernel::text::normalise_email(email).unwrap_or_else(|| email.trim().to_lowercase())
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TenantRecord {
    pub id: TenantId,
    pub name: String,
    pub created_at: String,
    /// Active users with the owner role. Every change to it is conditional on `version`, which is
    /// how "the last owner cannot be demoted, suspended or removed" holds under concurrency.
    #[serde(default)]
    pub active_owners: u32,
    #[serde(default)]
    pub version: u64,
    /// The organisation's limits tier: its signed-in users' limits in the app and its usage plan
    /// at the gateway. Owners see it; only an operator changes it (`organization-tier`).
    #[serde(default)]
    pub tier: crate::partner::Tier,
    /// Where the organisation's own usage key stands at API Gateway. Until it is `synced`, the
    /// authorizer meters the organisation's people under the shared first-party key, so a missing
    /// or moving registration never locks anyone out (a usage key in no plan is a 403).
    #[serde(default)]
    pub gateway: crate::partner::GatewayState,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UserStatus {
    Active,
    Suspended,
    Deleted,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, utoipa::ToSchema)]
pub struct Preferences {
    /// BCP 47 language tag.
    #[schema(example = "pt-BR")]
    pub language: String,
    /// IANA time zone name.
    #[schema(example = "America/Sao_Paulo")]
    pub timezone: String,
    pub notifications: NotificationSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct NotificationSettings {
    pub email: bool,
    pub job_finished: bool,
    pub weekly_digest: bool,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        Self {
            email: true,
            job_finished: true,
            weekly_digest: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UserRecord {
    pub id: UserId,
    pub tenant_id: TenantId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    pub password_hash: String,
    #[serde(default)]
    pub failed_logins: u32,
    #[serde(default)]
    pub locked_until: Option<i64>,
    /// When the last login attempt was reserved (epoch seconds): lets a reservation left behind by
    /// a request that died mid-check be told from one in flight.
    #[serde(default)]
    pub attempt_at: Option<i64>,
    #[serde(default)]
    pub preferences: Preferences,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub last_login_at: Option<String>,
    /// TOTP enrolment (pending until confirmed).
    #[serde(default)]
    pub totp: Option<TotpState>,
    /// Optimistic-lock counter: every write is conditional on it.
    pub version: u64,
}

impl UserRecord {
    pub fn view(&self) -> UserView {
        UserView {
            id: self.id.to_string(),
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role,
            status: self.status,
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            last_login_at: self.last_login_at.clone(),
            mfa_enabled: self.mfa_enabled(),
        }
    }

    /// Whether login asks for a TOTP code.
    pub fn mfa_enabled(&self) -> bool {
        self.totp.as_ref().is_some_and(|t| t.confirmed)
    }
}

/// A user as the API shows it: never the password hash or lockout counters.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct UserView {
    #[schema(example = "usr_01JD8X3Q6ZC1V9M7R2K4T5W6YA")]
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    pub created_at: String,
    pub updated_at: String,
    pub last_login_at: Option<String>,
    /// TOTP is on: login asks for a code.
    pub mfa_enabled: bool,
}

/// The platform-wide email marker: which tenant and user own a login email.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EmailMarker {
    pub tenant_id: TenantId,
    pub user_id: UserId,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SessionRecord {
    pub id: SessionId,
    pub tenant_id: TenantId,
    pub user_id: UserId,
    /// Hash of the current refresh secret.
    pub refresh_hash: String,
    /// Hashes of rotated secrets: presenting one again is reuse, and revokes the session.
    #[serde(default)]
    pub previous_hashes: Vec<String>,
    pub created_at: String,
    pub last_used_at: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    #[serde(default)]
    pub revoked_at: Option<String>,
    #[serde(default)]
    pub revoked_reason: Option<String>,
    pub expires_at: i64,
    pub version: u64,
}

impl SessionRecord {
    pub fn is_live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }

    pub fn view(&self, current: Option<&str>) -> SessionView {
        SessionView {
            id: self.id.to_string(),
            user_agent: self.user_agent.clone(),
            ip: self.ip.clone(),
            created_at: self.created_at.clone(),
            last_used_at: self.last_used_at.clone(),
            current: current == Some(self.id.as_str()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct SessionView {
    pub id: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub created_at: String,
    pub last_used_at: String,
    /// The session the calling token belongs to.
    pub current: bool,
}

/// A revoked access token, kept until the token would have expired anyway.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DeniedToken {
    pub jti: String,
    pub exp: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InvitationRecord {
    pub id: InvitationId,
    pub tenant_id: TenantId,
    pub email: String,
    pub role: Role,
    pub token_hash: String,
    pub invited_by: UserId,
    pub created_at: String,
    pub expires_at: i64,
}

/// One security-relevant action.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct AuditEvent {
    pub id: String,
    /// e.g. `auth.login`, `auth.login_failed`, `auth.refresh_reuse`, `user.role_changed`.
    pub action: String,
    /// Who acted (a user id), when known.
    pub actor_id: Option<String>,
    /// What was acted on (a user or session id).
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: String,
    /// Action-specific facts (old and new role…); never secrets or passwords.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub detail: serde_json::Value,
}

impl AuditEvent {
    pub fn new(action: &str) -> Self {
        Self {
            id: AuditEventId::new().to_string(),
            action: action.to_owned(),
            actor_id: None,
            target_id: None,
            ip: None,
            user_agent: None,
            at: rfc3339(now()),
            detail: serde_json::Value::Null,
        }
    }

    pub fn actor(mut self, id: impl ToString) -> Self {
        self.actor_id = Some(id.to_string());
        self
    }

    pub fn target(mut self, id: impl ToString) -> Self {
        self.target_id = Some(id.to_string());
        self
    }

    pub fn from_request(self, req: &platform::ApiRequest) -> Self {
        self.origin(&req.origin())
    }

    /// The caller as actor, with where the request came from.
    pub fn by(self, caller: &platform::Caller<'_>) -> Self {
        self.actor(caller.actor).origin(&caller.origin)
    }

    pub fn origin(mut self, origin: &platform::http::Origin) -> Self {
        self.ip = origin.ip.clone();
        self.user_agent = origin.user_agent.clone();
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// Which audit events a listing shows (every field narrows it).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Events at or after this time.
    pub from: Option<time::OffsetDateTime>,
    /// Events at or before this time.
    pub to: Option<time::OffsetDateTime>,
    /// An exact action, or a prefix ending in `.` (`auth.`).
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub target_id: Option<String>,
}

/// A user's TOTP enrolment as stored on the user record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TotpState {
    /// `base64url(nonce || ciphertext+tag)` of the 20-byte seed.
    pub sealed_seed: String,
    /// False between enrol and confirm: login does not ask for a code until the user proved their
    /// app produces the right ones.
    pub confirmed: bool,
    /// The last step a code was accepted for; only later steps are accepted.
    #[serde(default)]
    pub last_step: u64,
    /// Hashes of the unused recovery codes (each works once).
    pub recovery_hashes: Vec<String>,
    pub enrolled_at: String,
}
