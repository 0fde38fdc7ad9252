//! TOTP enrolment (seed, otpauth URI, recovery codes), confirmation and removal, and the second
//! factor check login and the emailed-code login share.

use access::model::*;
use identity::mfa::{self, TotpState};
use identity::{ops, password};
use kernel::error::FieldError;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::{Deserialize, Serialize};

/// What the second-factor check concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    /// The account has no TOTP: nothing to check.
    NotRequired,
    /// A valid code (or recovery code) was given; the user record was updated to consume it.
    Passed,
    /// A code was given and is wrong: counts as a failed login.
    Wrong,
}

pub fn wrong_code() -> ApiError {
    ApiError::MfaRequired {
        detail: "the authenticator code is not correct (or was already used)".into(),
    }
}

/// Checks `totp_code` or `recovery_code` against the user's confirmed enrolment. Neither given,
/// when one is needed, is a 401 `mfa-required` (not a failed attempt: the client asks the user and
/// retries). On success the caller must save the user: that records the step used (so the code
/// cannot be replayed) or removes the recovery code.
pub async fn second_factor(
    state: &AppState,
    user: &mut UserRecord,
    totp_code: Option<&str>,
    recovery_code: Option<&str>,
) -> Result<Factor, ApiError> {
    if !user.mfa_enabled() {
        return Ok(Factor::NotRequired);
    }
    let user_id = user.id.to_string();
    let Some(totp) = user.totp.as_mut() else {
        return Ok(Factor::NotRequired);
    };
    match (totp_code, recovery_code) {
        (Some(code), _) => {
            let key = &identity::peppers::keys(state).await?.totp_seal;
            let seed = mfa::unseal(key, &user_id, &totp.sealed_seed).map_err(ApiError::internal)?;
            let now_s = u64::try_from(now().unix_timestamp()).unwrap_or(0);
            match mfa::accept(&seed, code, now_s, totp.last_step) {
                Some(step) => {
                    totp.last_step = step;
                    Ok(Factor::Passed)
                }
                None => Ok(Factor::Wrong),
            }
        }
        (None, Some(code)) => Ok(if mfa::use_recovery_code(totp, code) {
            Factor::Passed
        } else {
            Factor::Wrong
        }),
        (None, None) => Err(ApiError::MfaRequired {
            detail:
                "this account has two-factor authentication on: send totp_code (or a recovery_code)"
                    .into(),
        }),
    }
}

async fn caller(state: &AppState, req: &ApiRequest) -> Result<UserRecord, ApiError> {
    let principal = req.principal()?;
    ops::load_user(state, &principal.tenant, &principal.id)
        .await?
        .ok_or_else(|| ApiError::not_found("user not found"))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Enrolment {
    /// The seed in base32, for apps where it is typed in.
    pub secret: String,
    /// Scan this (as a QR code) in an authenticator app.
    #[schema(example = "otpauth://totp/Enrich:ana%40acme.example?secret=...&issuer=Enrich")]
    pub otpauth_uri: String,
    /// Ten single-use codes for when the app is unavailable. Shown once; store them safely.
    pub recovery_codes: Vec<String>,
}

/// Starts TOTP enrolment: returns the seed and recovery codes. Login does not ask for a code until
/// `/confirm` proves the app produces the right ones. Enrolling again before confirming replaces
/// the pending seed; once TOTP is on, disable it first (409).
#[utoipa::path(post, path = "/v1/auth/mfa/totp/enroll", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, body = Enrolment),
        (status = 409, description = "TOTP is already on", body = kernel::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn enroll(state: &AppState, req: ApiRequest) -> ApiResult {
    let mut user = caller(state, &req).await?;
    if user.mfa_enabled() {
        return Err(ApiError::Conflict {
            detail: "two-factor authentication is already on; disable it to enrol a new device"
                .into(),
        });
    }
    let seed = mfa::new_seed();
    let key = &identity::peppers::keys(state).await?.totp_seal;
    let (codes, hashes) = mfa::recovery_codes();
    user.totp = Some(TotpState {
        sealed_seed: mfa::seal(key, user.id.as_str(), &seed).map_err(ApiError::internal)?,
        confirmed: false,
        last_step: 0,
        recovery_hashes: hashes,
        enrolled_at: rfc3339(now()),
    });
    ops::save_user(state, &mut user).await?;
    ApiResponse::ok(&Enrolment {
        secret: mfa::base32_seed(&seed),
        otpauth_uri: mfa::otpauth_uri(&seed, &user.email).map_err(ApiError::internal)?,
        recovery_codes: codes,
    })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeBody {
    #[schema(example = "123456")]
    pub code: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MfaStatus {
    pub mfa_enabled: bool,
}

/// Turns TOTP on with a first code from the app. From now on login asks for a code.
#[utoipa::path(post, path = "/v1/auth/mfa/totp/confirm", tag = "auth", security(("bearer" = [])),
    request_body = CodeBody,
    responses(
        (status = 200, body = MfaStatus),
        (status = 409, description = "Nothing to confirm", body = kernel::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong code", body = kernel::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn confirm(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: CodeBody = req.json(state.config.max_body_bytes)?;
    let mut user = caller(state, &req).await?;
    let user_id = user.id.to_string();
    let key = &identity::peppers::keys(state).await?.totp_seal;
    let Some(totp) = user.totp.as_mut().filter(|t| !t.confirmed) else {
        return Err(ApiError::Conflict {
            detail: "there is no pending enrolment; call /v1/auth/mfa/totp/enroll first".into(),
        });
    };
    let seed = mfa::unseal(key, &user_id, &totp.sealed_seed).map_err(ApiError::internal)?;
    let now_s = u64::try_from(now().unix_timestamp()).unwrap_or(0);
    let Some(step) = mfa::accept(&seed, &body.code, now_s, totp.last_step) else {
        return Err(ApiError::validation(vec![FieldError::body(
            "code",
            "incorrect",
            "the code does not match; check the app's clock and enter the current code",
        )]));
    };
    totp.confirmed = true;
    totp.last_step = step;
    ops::save_user(state, &mut user).await?;
    AuditEvent::new("mfa.enabled")
        .actor(&user.id)
        .target(&user.id)
        .from_request(&req)
        .append(&state.store, &user.tenant_id)
        .await?;
    ApiResponse::ok(&MfaStatus { mfa_enabled: true })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisableBody {
    pub password: String,
    /// A current authenticator code…
    pub code: Option<String>,
    /// …or a recovery code.
    pub recovery_code: Option<String>,
}

/// Turns TOTP off. Needs the password and a second factor, so a stolen access token alone cannot
/// remove it.
#[utoipa::path(post, path = "/v1/auth/mfa/totp/disable", tag = "auth", security(("bearer" = [])),
    request_body = DisableBody,
    responses(
        (status = 200, body = MfaStatus),
        (status = 422, description = "Wrong password or code (field named)", body = kernel::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn disable(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: DisableBody = req.json(state.config.max_body_bytes)?;
    let mut user = caller(state, &req).await?;
    if !password::verify(&body.password, &user.password_hash) {
        return Err(ApiError::validation(vec![FieldError::body(
            "password",
            "incorrect",
            "the password is not correct",
        )]));
    }
    if user.totp.is_none() {
        return ApiResponse::ok(&MfaStatus { mfa_enabled: false });
    }
    if user.mfa_enabled() {
        if body.code.is_none() && body.recovery_code.is_none() {
            return Err(ApiError::validation(vec![FieldError::body(
                "code",
                "required",
                "send the current authenticator code (or a recovery_code)",
            )]));
        }
        let factor = second_factor(
            state,
            &mut user,
            body.code.as_deref(),
            body.recovery_code.as_deref(),
        )
        .await?;
        if factor != Factor::Passed {
            return Err(ApiError::validation(vec![FieldError::body(
                "code",
                "incorrect",
                "the code is not correct (or was already used)",
            )]));
        }
    }
    user.totp = None;
    ops::save_user(state, &mut user).await?;
    AuditEvent::new("mfa.disabled")
        .actor(&user.id)
        .target(&user.id)
        .from_request(&req)
        .append(&state.store, &user.tenant_id)
        .await?;
    ApiResponse::ok(&MfaStatus { mfa_enabled: false })
}
