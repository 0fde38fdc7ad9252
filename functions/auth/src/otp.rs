//! Login by emailed six-digit code, and password reset by emailed token.
//!
//! Both request routes answer 202 with the same body whether or not the address has an account, and
//! both are rate limited per address whether or not it has one, so neither reveals who is registered.

use super::user_by_email;
use access::model::*;
use access::tokens;
use identity::onetime::{self, Purpose};
use identity::ops;
use identity::password::{self, check_policy};
use identity::profile::check_email;
use kernel::error::FieldError;
use mail::Mail;
use platform::http::Validator;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState, TenantId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailBody {
    #[schema(example = "ana@acme.example")]
    pub email: String,
}

/// The one answer to a code or reset request.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Accepted {
    #[schema(example = "if the address belongs to an account, a message is on its way")]
    pub detail: &'static str,
}

const ACCEPTED: Accepted = Accepted {
    detail: "if the address belongs to an account, a message is on its way",
};

fn read_email(req: &ApiRequest, state: &AppState) -> Result<String, ApiError> {
    let body: EmailBody = req.json(state.config.max_body_bytes)?;
    let email = normalise_email(&body.email);
    let mut v = Validator::default();
    check_email(&mut v, &email);
    v.finish()?;
    Ok(email)
}

/// Mails a sign-in code (6 digits, valid 10 minutes, 5 attempts) to an account's address. A new
/// request replaces the previous code.
#[utoipa::path(post, path = "/v1/auth/otp/request", tag = "auth", request_body = EmailBody,
    responses(
        (status = 202, body = Accepted),
        (status = 422, body = kernel::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 5 requests for this address in 15 minutes", body = kernel::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn request_code(state: &AppState, req: ApiRequest) -> ApiResult {
    let email = read_email(&req, state)?;
    onetime::limit_mail_requests(state, "otp", &email).await?;
    if let Some(user) = user_by_email(state, &email).await? {
        if user.status == UserStatus::Active {
            let code = onetime::six_digits();
            onetime::issue(state, &user.tenant_id, &user.id, Purpose::LoginCode, &code).await?;
            let mail = Mail::new(
                user.email.clone(),
                &format!("Your Enrich sign-in code: {code}"),
                format!(
                    "Your sign-in code is {code}.\n\nIt expires in 10 minutes. If you did not ask \
                     for it, ignore this message: nobody can sign in without the code."
                ),
                "otp",
            );
            mail::send(state, &mail).await?;
        }
    }
    ApiResponse::json(http::StatusCode::ACCEPTED, &ACCEPTED)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyOtpBody {
    pub email: String,
    #[schema(example = "042917")]
    pub code: String,
    /// Required when the account has TOTP on.
    pub totp_code: Option<String>,
    pub recovery_code: Option<String>,
}

/// Signs in with an emailed code; answers like login. A wrong, expired or used code, an unknown
/// address and a locked account all get the same 401. The code is single use; after 5 wrong tries
/// it is burned and a new one must be requested.
#[utoipa::path(post, path = "/v1/auth/verify-otp", tag = "auth", request_body = VerifyOtpBody,
    responses(
        (status = 200, body = ops::TokenPair),
        (status = 401, body = kernel::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account is suspended", body = kernel::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn verify_code(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: VerifyOtpBody = req.json(state.config.max_body_bytes)?;
    let invalid = || ApiError::Unauthenticated {
        detail: "the code is not correct or has expired; request a new one".into(),
    };
    let email = normalise_email(&body.email);
    let code = body.code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let Some(user) = user_by_email(state, &email).await? else {
        return Err(invalid());
    };
    if user
        .locked_until
        .is_some_and(|t| t > now().unix_timestamp())
    {
        return Err(invalid());
    }
    if !onetime::consume(state, &user.tenant_id, &user.id, Purpose::LoginCode, code).await? {
        return Err(invalid());
    }
    super::finish_login(
        state,
        &req,
        user,
        body.totp_code.as_deref(),
        body.recovery_code.as_deref(),
        super::Attempt::NotYet,
        "email_code",
    )
    .await
}

/// Mails a password-reset link (valid 30 minutes, single use) to an account's address.
#[utoipa::path(post, path = "/v1/auth/password/forgot", tag = "auth", request_body = EmailBody,
    responses(
        (status = 202, body = Accepted),
        (status = 422, body = kernel::error::Problem, content_type = "application/problem+json"),
        (status = 429, body = kernel::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn forgot_password(state: &AppState, req: ApiRequest) -> ApiResult {
    let email = read_email(&req, state)?;
    onetime::limit_mail_requests(state, "reset", &email).await?;
    if let Some(user) = user_by_email(state, &email).await? {
        let secret = tokens::random_secret();
        onetime::issue(
            state,
            &user.tenant_id,
            &user.id,
            Purpose::PasswordReset,
            &secret,
        )
        .await?;
        let token = format!("{}.{}.{secret}", user.tenant_id, user.id);
        let mail = Mail::new(
            user.email.clone(),
            "Reset your Enrich password",
            format!(
                "Someone (hopefully you) asked to reset the password of this account.\n\n\
                 Reset it: {base}/reset-password?token={token}\n\n\
                 Or through the API: POST /v1/auth/password/reset with this token:\n{token}\n\n\
                 The link expires in 30 minutes and works once. If you did not ask, ignore it.",
                base = state.config.app_base_url,
            ),
            "password_reset",
        );
        mail::send(state, &mail).await?;
    }
    ApiResponse::json(http::StatusCode::ACCEPTED, &ACCEPTED)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetBody {
    /// The token from the reset mail.
    pub token: String,
    /// Same policy as registration.
    pub new_password: String,
}

/// Sets a new password with a reset token. Every session of the account is revoked (whoever held
/// the old password is signed out) and a lockout is lifted.
///
/// Retry: the token is single use, so a retry after success gets 422 (`token`); the new password
/// works. The password is checked against the policy before the token is spent.
#[utoipa::path(post, path = "/v1/auth/password/reset", tag = "auth", request_body = ResetBody,
    responses(
        (status = 204, description = "Password changed; log in with it"),
        (status = 422, description = "Invalid token or password (field named)", body = kernel::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn reset_password(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: ResetBody = req.json(state.config.max_body_bytes)?;
    let invalid = || {
        ApiError::validation(vec![FieldError::body(
            "token",
            "invalid",
            "the reset link is unknown, used or expired; request a new one",
        )])
    };
    let mut parts = body.token.trim().splitn(3, '.');
    let (Some(tenant), Some(user_id), Some(secret)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let tenant: TenantId = tenant.parse().map_err(|_| invalid())?;
    let user_id: UserId = user_id.parse().map_err(|_| invalid())?;
    let mut user = ops::load_user(state, &tenant, user_id.as_str())
        .await?
        .ok_or_else(invalid)?;
    if let Err(violation) = check_policy(&body.new_password, &user.email) {
        return Err(ApiError::validation(vec![FieldError::body(
            "new_password",
            violation.code(),
            violation.message(),
        )]));
    }
    if !onetime::consume(state, &tenant, &user.id, Purpose::PasswordReset, secret).await? {
        return Err(invalid());
    }
    user.password_hash = password::hash(&body.new_password).map_err(ApiError::internal)?;
    user.failed_logins = 0;
    user.locked_until = None;
    ops::save_user(state, &mut user).await?;
    let revoked =
        ops::revoke_user_sessions(state, &tenant, user.id.as_str(), "password_reset").await?;
    AuditEvent::new("auth.password_reset")
        .actor(&user.id)
        .target(&user.id)
        .from_request(&req)
        .detail(serde_json::json!({"sessions_revoked": revoked}))
        .append(&state.store, &tenant)
        .await?;
    Ok(ApiResponse::no_content())
}
