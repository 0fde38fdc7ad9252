//! The `auth` function: registration (new organisation or invitation), login with lockout,
//! refresh-token rotation with reuse detection, logout, the caller's profile and sessions.

use access::model::*;
use access::rbac::Role;
use access::security::{self, SecurityKind};
use access::tokens;
use identity::ops::{self, TenantView, TokenPair};
use identity::password::{self, check_policy};
use identity::persist::accounts::{self, RegisterError};
use identity::profile::*;
use kernel::error::{FieldError, Problem};
use platform::http::Validator;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState, TenantId};
use serde::{Deserialize, Serialize};
use store::{keys, PutMode, StoreError};
use utoipa::OpenApi;

platform::routes! {
    "POST" "/v1/auth/register" => register, public,
    "POST" "/v1/auth/login" => login, public,
    "POST" "/v1/auth/refresh" => sessions::refresh, public,
    "POST" "/v1/auth/logout" => sessions::logout, "self.sessions",
    "GET" "/v1/auth/me" => sessions::me, "self.read",
    "GET" "/v1/auth/sessions" => sessions::list_sessions, "self.sessions",
    "DELETE" "/v1/auth/sessions/{session_id}" => sessions::delete_session, "self.sessions",
    "POST" "/v1/auth/otp/request" => otp::request_code, public,
    "POST" "/v1/auth/verify-otp" => otp::verify_code, public,
    "POST" "/v1/auth/password/forgot" => otp::forgot_password, public,
    "POST" "/v1/auth/password/reset" => otp::reset_password, public,
    "POST" "/v1/auth/mfa/totp/enroll" => totp::enroll, "self.mfa",
    "POST" "/v1/auth/mfa/totp/confirm" => totp::confirm, "self.mfa",
    "POST" "/v1/auth/mfa/totp/disable" => totp::disable, "self.mfa",
}

mod otp;
mod sessions;
mod totp;

#[derive(OpenApi)]
#[openapi(
    paths(register, login, sessions::refresh, sessions::logout, sessions::me, sessions::list_sessions,
        sessions::delete_session,
        otp::request_code, otp::verify_code, otp::forgot_password, otp::reset_password,
        totp::enroll, totp::confirm, totp::disable),
    components(schemas(RegisterBody, LoginBody, sessions::RefreshBody, TokenPair, TenantView, UserView,
        sessions::Me, SessionView, sessions::SessionList, Problem,
        otp::EmailBody, otp::VerifyOtpBody, otp::ResetBody, otp::Accepted,
        totp::Enrolment, totp::CodeBody, totp::DisableBody, totp::MfaStatus)),
    tags((name = "auth", description = "Registration, login, tokens and sessions"))
)]
pub struct ApiDoc;

/// The one answer to every failed login, whatever the cause (unknown email, wrong password, locked
/// account), so the response never tells whether an account exists.
fn bad_credentials() -> ApiError {
    ApiError::Unauthenticated {
        detail: "the email or password is not correct, or the account is temporarily locked".into(),
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterBody {
    #[schema(example = "ana@acme.example")]
    pub email: String,
    /// At least 12 characters, not the email, not a common password.
    pub password: String,
    #[schema(example = "Ana Souza")]
    pub name: String,
    /// Required when creating an organisation (no invitation).
    #[schema(example = "Acme Ltda")]
    pub organization_name: Option<String>,
    /// Joins the inviting organisation with the invited role instead of creating one.
    pub invitation_token: Option<String>,
}

/// Creates an organisation and its owner, or joins one with an invitation; answers like login.
///
/// Retry and concurrency: the tenant, the platform-wide email marker and the user are written in
/// one transaction, so a retry of a success gets 409 (email taken) and two concurrent sign-ups with
/// one email produce exactly one account. An invitation is consumed in the same transaction.
#[utoipa::path(post, path = "/v1/auth/register", tag = "auth", request_body = RegisterBody,
    responses(
        (status = 201, body = TokenPair),
        (status = 409, description = "The email is already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field (named in errors[])", body = Problem, content_type = "application/problem+json"),
    ))]
async fn register(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: RegisterBody = req.json(state.config.max_body_bytes)?;
    let email = normalise_email(&body.email);
    let name = body.name.trim().to_owned();
    let mut v = Validator::default();
    check_email(&mut v, &email);
    v.check(
        (1..=100).contains(&name.chars().count()),
        "name",
        "length",
        "give a name of 1 to 100 characters",
    );
    v.line("name", &name);
    if let Err(violation) = check_policy(&body.password, &email) {
        v.push(FieldError::body(
            "password",
            violation.code(),
            violation.message(),
        ));
    }
    let org = body
        .organization_name
        .as_deref()
        .map(str::trim)
        .unwrap_or("");
    if body.invitation_token.is_none() {
        v.check(
            (1..=100).contains(&org.chars().count()),
            "organization_name",
            "required",
            "name the organisation (1 to 100 characters), or register with an invitation_token",
        );
        v.line("organization_name", org);
    }
    v.finish()?;

    let at = now();
    let mut new_tenant = None;
    let (tenant, role, tenant_view, invitation) = match &body.invitation_token {
        Some(token) => {
            let invitation = find_invitation(state, token).await?;
            if normalise_email(&invitation.email) != email {
                return Err(ApiError::validation(vec![FieldError::body(
                    "email",
                    "invitation_mismatch",
                    "register with the email address the invitation was sent to",
                )]));
            }
            let view = ops::load_tenant(state, &invitation.tenant_id).await?;
            (
                invitation.tenant_id.clone(),
                invitation.role,
                view,
                Some(invitation),
            )
        }
        None => {
            let tenant = TenantId::new();
            let record = TenantRecord {
                id: tenant.clone(),
                name: org.to_owned(),
                created_at: rfc3339(at),
                active_owners: 1,
                version: 1,
                tier: Default::default(),
                gateway: Default::default(),
            };
            new_tenant = Some(record);
            let view = TenantView {
                id: tenant.to_string(),
                name: org.to_owned(),
            };
            (tenant, Role::Owner, view, None)
        }
    };
    let user = UserRecord {
        id: UserId::new(),
        tenant_id: tenant.clone(),
        email: email.clone(),
        name,
        role,
        status: UserStatus::Active,
        password_hash: password::hash(&body.password).map_err(ApiError::internal)?,
        failed_logins: 0,
        locked_until: None,
        attempt_at: None,
        preferences: Preferences {
            language: "en".into(),
            timezone: "UTC".into(),
            notifications: Default::default(),
        },
        created_at: rfc3339(at),
        updated_at: rfc3339(at),
        last_login_at: Some(rfc3339(at)),
        totp: None,
        version: 1,
    };
    match accounts::register(state, new_tenant.as_ref(), &user, invitation.as_ref()).await {
        Ok(()) => {}
        Err(RegisterError::EmailTaken) => {
            return Err(ApiError::Conflict {
                detail: "an account with this email already exists; log in instead".into(),
            })
        }
        Err(RegisterError::InvitationUsed) => {
            return Err(ApiError::Conflict {
                detail: "the invitation was already used".into(),
            })
        }
        Err(RegisterError::Store(e)) => return Err(e.into()),
    }
    let action = if invitation.is_some() {
        "auth.register_invited"
    } else {
        "auth.register"
    };
    AuditEvent::new(action)
        .actor(&user.id)
        .target(&user.id)
        .from_request(&req)
        .detail(serde_json::json!({ "role": user.role }))
        .append(&state.store, &tenant)
        .await?;
    let pair = ops::open_session(state, &req.origin(), &user, &tenant_view).await?;
    ApiResponse::json(http::StatusCode::CREATED, &pair)
}

async fn find_invitation(state: &AppState, token: &str) -> Result<InvitationRecord, ApiError> {
    let invalid = || {
        ApiError::validation(vec![FieldError::body(
            "invitation_token",
            "invalid",
            "the invitation is unknown, used or expired; ask for a new one",
        )])
    };
    let mut parts = token.splitn(3, '.');
    let (Some(tenant), Some(id), Some(secret)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    let tenant: TenantId = tenant.parse().map_err(|_| invalid())?;
    let id: InvitationId = id.parse().map_err(|_| invalid())?;
    let invitation = state
        .store
        .get::<InvitationRecord>(&keys::invitation(&tenant, id.as_str()))
        .await?
        .ok_or_else(invalid)?;
    if !tokens::hashes_equal(&invitation.token_hash, &tokens::hash_secret(secret))
        || invitation.expires_at <= now().unix_timestamp()
    {
        return Err(invalid());
    }
    Ok(invitation)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
    /// Required when the account has TOTP on: the 6-digit code from the authenticator app.
    pub totp_code: Option<String>,
    /// Instead of `totp_code`: one of the recovery codes given at enrolment (each works once).
    pub recovery_code: Option<String>,
}

/// Password login. Five consecutive failures lock the account for 15 minutes; every failure, for
/// any reason, gets the same 401, and an unknown email costs the same argon2 time as a known one.
///
/// Concurrency: an attempt is reserved (one conditional UpdateItem on the user) before the password
/// is checked, and refused once five are counted, so N parallel guesses check at most five
/// passwords and the account locks exactly once. A success resets the count.
#[utoipa::path(post, path = "/v1/auth/login", tag = "auth", request_body = LoginBody,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "Wrong credentials or a locked account (one answer for both)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account is suspended", body = Problem, content_type = "application/problem+json"),
    ))]
async fn login(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: LoginBody = req.json(state.config.max_body_bytes)?;
    let email = normalise_email(&body.email);
    if body.password.chars().count() > password::MAX_LENGTH {
        return Err(bad_credentials());
    }
    let Some(user) = user_by_email(state, &email).await? else {
        password::verify_dummy(&body.password);
        return Err(bad_credentials());
    };
    let Some(user) = ops::reserve_login_attempt(state, &user).await? else {
        // A guess at a locked account: refused unchecked, and counted for the security alert.
        password::verify_dummy(&body.password);
        security::quietly(security::count(
            &state.store,
            &user.tenant_id,
            SecurityKind::CredentialRefusals,
        ))
        .await;
        return Err(bad_credentials());
    };
    if !password::verify(&body.password, &user.password_hash) {
        record_failure(state, &req, &user).await?;
        return Err(bad_credentials());
    }
    finish_login(
        state,
        &req,
        user,
        body.totp_code.as_deref(),
        body.recovery_code.as_deref(),
        Attempt::Reserved,
        "password",
    )
    .await
}

/// Whether the caller already reserved a login attempt for this sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attempt {
    /// Password login: the attempt covers the password and the second factor.
    Reserved,
    /// Emailed-code login: the code has its own attempt budget; a second factor, when one is
    /// needed, still reserves a login attempt before it is checked.
    NotYet,
}

/// What every sign-in method does once the first factor (password or emailed code) is proven:
/// refuse a suspended account, check the second factor when TOTP is on (a wrong code counts as a
/// failed login), reset the failure counter, audit, and open a session.
///
/// Concurrency: the reset is written with the user's version; if a parallel attempt changed the
/// user meanwhile, the user is read again and the second factor checked against the fresh record
/// (a TOTP step or recovery code used meanwhile is refused).
async fn finish_login(
    state: &AppState,
    req: &ApiRequest,
    mut user: UserRecord,
    totp_code: Option<&str>,
    recovery_code: Option<&str>,
    mut attempt: Attempt,
    method: &str,
) -> ApiResult {
    let mut tries = 0;
    loop {
        tries += 1;
        if user.status == UserStatus::Suspended {
            return Err(suspended());
        }
        if attempt == Attempt::NotYet
            && user.mfa_enabled()
            && (totp_code.is_some() || recovery_code.is_some())
        {
            user = ops::reserve_login_attempt(state, &user)
                .await?
                .ok_or_else(bad_credentials)?;
            attempt = Attempt::Reserved;
        }
        let factor = match totp::second_factor(state, &mut user, totp_code, recovery_code).await {
            Ok(factor) => factor,
            Err(e) => {
                // The password was right and no code was sent: the client asks the user for one.
                // That is not a failed attempt, so the reservation is given back.
                if attempt == Attempt::Reserved {
                    ops::release_login_attempt(state, &user).await?;
                }
                return Err(e);
            }
        };
        if factor == totp::Factor::Wrong {
            record_failure(state, req, &user).await?;
            return Err(totp::wrong_code());
        }
        user.failed_logins = 0;
        user.locked_until = None;
        user.last_login_at = Some(rfc3339(now()));
        match ops::save_user(state, &mut user).await {
            Ok(()) => break,
            Err(ApiError::Conflict { .. }) if tries < 5 => {
                user = ops::load_user(state, &user.tenant_id, user.id.as_str())
                    .await?
                    .ok_or_else(bad_credentials)?;
            }
            Err(ApiError::Conflict { .. }) => {
                return Err(ApiError::Conflict {
                    detail: "the account changed while signing in; try again".into(),
                })
            }
            Err(e) => return Err(e),
        }
    }
    AuditEvent::new("auth.login")
        .actor(&user.id)
        .target(&user.id)
        .from_request(req)
        .detail(serde_json::json!({ "method": method }))
        .append(&state.store, &user.tenant_id)
        .await?;
    let tenant = ops::load_tenant(state, &user.tenant_id).await?;
    let pair = ops::open_session(state, &req.origin(), &user, &tenant).await?;
    ApiResponse::ok(&pair)
}

fn suspended() -> ApiError {
    ApiError::Forbidden {
        detail: "this account is suspended; contact an administrator of your organisation".into(),
    }
}

/// The active (or suspended) user who owns a login email, if any.
async fn user_by_email(state: &AppState, email: &str) -> Result<Option<UserRecord>, ApiError> {
    match state
        .store
        .get::<EmailMarker>(&keys::unique(keys::Unique::Email, email))
        .await?
    {
        Some(m) => ops::load_user(state, &m.tenant_id, m.user_id.as_str()).await,
        None => Ok(None),
    }
}

/// Audits the failure of a reserved attempt; the attempt that reached the limit locks the account.
/// Both count towards the organisation's security alerts (refused credentials, lockouts).
async fn record_failure(
    state: &AppState,
    req: &ApiRequest,
    reserved: &UserRecord,
) -> Result<(), ApiError> {
    let locked = ops::record_failed_attempt(state, reserved).await?;
    let mut event = AuditEvent::new("auth.login_failed")
        .target(&reserved.id)
        .from_request(req);
    if locked {
        event = event.detail(serde_json::json!({ "locked_for_secs": LOCKOUT_SECS }));
    }
    event.append(&state.store, &reserved.tenant_id).await?;
    let tenant = &reserved.tenant_id;
    security::quietly(security::count(
        &state.store,
        tenant,
        SecurityKind::CredentialRefusals,
    ))
    .await;
    if locked {
        security::quietly(security::count(
            &state.store,
            tenant,
            SecurityKind::RepeatedLockouts,
        ))
        .await;
    }
    Ok(())
}
