//! Identity operations more than one function performs: loading users, opening and revoking
//! sessions, issuing token pairs.

use access::model::*;
use access::tokens::{self, AccessClaims};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::http::Origin;
use platform::AppState;
use serde::Serialize;
use store::{keys, PutMode};

pub async fn load_user(
    state: &AppState,
    tenant: &TenantId,
    user_id: &str,
) -> Result<Option<UserRecord>, ApiError> {
    Ok(state
        .store
        .get::<UserRecord>(&keys::user(tenant, user_id))
        .await?
        .filter(|u| u.status != UserStatus::Deleted))
}

/// A reservation older than this whose request never reported back (the function died between
/// reserving and checking) no longer holds the account: far longer than any request runs.
const STALE_ATTEMPT_SECS: i64 = 120;

/// Reserves one login attempt before the credential is checked: one conditional UpdateItem that
/// adds one to `failed_logins` only while it is below [`MAX_FAILED_LOGINS`] and the account is not
/// locked. N parallel guesses can therefore never check more than the limit: the ones past it are
/// refused before any password hash is computed. Returns the user as written (its new version), or
/// `None` when the attempt is refused (locked, or the limit is held by attempts in flight).
///
/// The caller then either succeeds (and resets the counter with the version it got back) or calls
/// [`record_failed_attempt`], which locks the account when its attempt was the last allowed.
pub async fn reserve_login_attempt(
    state: &AppState,
    user: &UserRecord,
) -> Result<Option<UserRecord>, ApiError> {
    for _ in 0..3 {
        let now_s = now().unix_timestamp();
        let reserved = crate::persist::reserve_attempt(state, user, MAX_FAILED_LOGINS, now_s).await;
        match reserved {
            Ok(Some(user)) => return Ok(Some(user)),
            Ok(None) => {}
            Err(e) => return Err(e.into()),
        }
        // Refused. Only a limit held by reservations that were never resolved is released.
        let Some(mut fresh) = load_user(state, &user.tenant_id, user.id.as_str()).await? else {
            return Ok(None);
        };
        let locked = fresh.locked_until.is_some_and(|t| t > now_s);
        let stale = fresh.failed_logins >= MAX_FAILED_LOGINS
            && fresh
                .attempt_at
                .is_none_or(|t| t <= now_s - STALE_ATTEMPT_SECS);
        if locked || !stale {
            return Ok(None);
        }
        fresh.failed_logins = 0;
        match save_user(state, &mut fresh).await {
            Ok(()) | Err(ApiError::Conflict { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

/// Gives a reserved attempt back when the sign-in neither failed nor finished (the password was
/// right and the client must still ask for the second factor).
pub async fn release_login_attempt(
    state: &AppState,
    reserved: &UserRecord,
) -> Result<(), ApiError> {
    Ok(crate::persist::release_attempt(state, reserved).await?)
}

/// Records the failure of a reserved attempt: the attempt stays counted, and the attempt that
/// reached the limit locks the account for [`LOCKOUT_SECS`] and clears the counter (one conditional
/// update, so exactly one of several concurrent last failures locks). Returns whether it locked.
pub async fn record_failed_attempt(
    state: &AppState,
    reserved: &UserRecord,
) -> Result<bool, ApiError> {
    if reserved.failed_logins < MAX_FAILED_LOGINS {
        return Ok(false);
    }
    let until = now().unix_timestamp() + LOCKOUT_SECS;
    Ok(crate::persist::lock(state, reserved, MAX_FAILED_LOGINS, until).await?)
}

/// Writes a changed user, conditional on the version it was read at (the caller bumps nothing).
pub async fn save_user(state: &AppState, user: &mut UserRecord) -> Result<(), ApiError> {
    let expected = user.version;
    user.version += 1;
    user.updated_at = rfc3339(now());
    state
        .store
        .put(&user.record(), PutMode::IfVersion(expected))
        .await
        .map_err(ApiError::from)
}

/// What login, registration and refresh answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    /// Opaque; send it to `/v1/auth/refresh`. Each use returns a new one and retires the old.
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 1800)]
    pub expires_in: i64,
    pub user: UserView,
    pub tenant: TenantView,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct TenantView {
    pub id: String,
    pub name: String,
}

/// The refresh token names its tenant and session so the server can find the session without a
/// global index; only the secret part is sensitive, and only its hash is stored.
pub fn refresh_token(tenant: &TenantId, session: &SessionId, secret: &str) -> String {
    format!("{tenant}.{session}.{secret}")
}

pub fn parse_refresh_token(raw: &str) -> Option<(TenantId, SessionId, &str)> {
    let mut parts = raw.splitn(3, '.');
    let tenant = parts.next()?.parse().ok()?;
    let session = parts.next()?.parse().ok()?;
    let secret = parts.next().filter(|s| !s.is_empty())?;
    Some((tenant, session, secret))
}

/// Signs an access token for a user in a session.
pub async fn access_token(
    state: &AppState,
    user: &UserRecord,
    session: &SessionId,
) -> Result<String, ApiError> {
    let now = now().unix_timestamp();
    let claims = AccessClaims {
        iss: tokens::ISSUER.into(),
        aud: tokens::AUDIENCE.into(),
        sub: user.id.to_string(),
        tenant: user.tenant_id.to_string(),
        role: user.role.as_str().into(),
        sid: session.to_string(),
        jti: kernel::ids::Ulid::new().to_string(),
        iat: now,
        nbf: now,
        exp: now + tokens::ACCESS_TTL_SECS,
    };
    access::signer::keys(state)
        .await?
        .tokens
        .issue(&claims)
        .map_err(ApiError::internal)
}

/// Opens a session for a user who just proved who they are, and returns the token pair.
pub async fn open_session(
    state: &AppState,
    origin: &Origin,
    user: &UserRecord,
    tenant: &TenantView,
) -> Result<TokenPair, ApiError> {
    let secret = tokens::random_secret();
    let at = now();
    let session = SessionRecord {
        id: SessionId::new(),
        tenant_id: user.tenant_id.clone(),
        user_id: user.id.clone(),
        refresh_hash: tokens::hash_secret(&secret),
        previous_hashes: Vec::new(),
        created_at: rfc3339(at),
        last_used_at: rfc3339(at),
        user_agent: origin.user_agent.clone(),
        ip: origin.ip.clone(),
        revoked_at: None,
        revoked_reason: None,
        expires_at: at.unix_timestamp() + SESSION_TTL_SECS,
        version: 1,
    };
    state
        .store
        .put(&session.record(), PutMode::IfAbsent)
        .await?;
    Ok(TokenPair {
        access_token: access_token(state, user, &session.id).await?,
        refresh_token: refresh_token(&user.tenant_id, &session.id, &secret),
        token_type: "Bearer",
        expires_in: tokens::ACCESS_TTL_SECS,
        user: user.view(),
        tenant: tenant.clone(),
    })
}

pub async fn load_tenant(state: &AppState, tenant: &TenantId) -> Result<TenantView, ApiError> {
    let record = state
        .store
        .get::<TenantRecord>(&keys::tenant(tenant))
        .await?
        .ok_or_else(|| ApiError::internal("a user's tenant record is missing"))?;
    Ok(TenantView {
        id: record.id.to_string(),
        name: record.name,
    })
}

/// Marks a session revoked (idempotent: an already revoked session stays as it was). Returns
/// whether this call revoked it.
pub async fn revoke_session(
    state: &AppState,
    session: &mut SessionRecord,
    reason: &str,
) -> Result<bool, ApiError> {
    if session.revoked_at.is_some() {
        return Ok(false);
    }
    let expected = session.version;
    session.version += 1;
    session.revoked_at = Some(rfc3339(now()));
    session.revoked_reason = Some(reason.to_owned());
    match state
        .store
        .put(&session.record(), PutMode::IfVersion(expected))
        .await
    {
        Ok(()) => Ok(true),
        // Changed under us (a refresh rotated it): read again and revoke that version.
        Err(store::StoreError::ConditionFailed) => {
            let key = keys::session(&session.tenant_id, session.id.as_str());
            match state.store.get::<SessionRecord>(&key).await? {
                Some(mut fresh) => Box::pin(revoke_session(state, &mut fresh, reason)).await,
                None => Ok(false),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Revokes every live session of a user (suspension, deletion, password reset). Returns how many
/// this call revoked. Idempotent: a retry finds them already revoked.
pub async fn revoke_user_sessions(
    state: &AppState,
    tenant: &TenantId,
    user_id: &str,
    reason: &str,
) -> Result<usize, ApiError> {
    let codec = state.cursor_codec().await?;
    let sessions: Vec<SessionRecord> = state
        .store
        .query_all(
            tenant,
            &keys::user_sessions_query(tenant, user_id),
            10_000,
            codec,
        )
        .await?;
    let now_s = now().unix_timestamp();
    let mut revoked = 0;
    for mut session in sessions.into_iter().filter(|s| s.is_live(now_s)) {
        if revoke_session(state, &mut session, reason).await? {
            revoked += 1;
        }
    }
    Ok(revoked)
}
