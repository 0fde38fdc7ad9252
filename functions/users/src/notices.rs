//! The unsubscribe link of notice mails (a finished job, the weekly digest): no login, the signed
//! link is the credential, and it switches off only the notice and the user it names.

use super::*;
use access::notices::{self, Notice};

async fn token_of(state: &AppState, req: &ApiRequest) -> Result<notices::Unsubscribe, ApiError> {
    let token: String = req.path_param("token")?;
    notices::read_token(state, &token)
        .await?
        .ok_or_else(|| ApiError::not_found("this unsubscribe link is not valid"))
}

fn described(notice: Notice) -> &'static str {
    match notice {
        Notice::JobFinished => "mails when a bulk job you started ends",
        Notice::WeeklyDigest => "the weekly digest of your organisation",
    }
}

/// The page a notice's unsubscribe link opens: it asks to confirm (a link scanner's GET changes
/// nothing); the button posts to the same address.
#[utoipa::path(get, path = "/v1/notifications/unsubscribe/{token}", tag = "users",
    params(("token" = String, Path)),
    responses((status = 200, description = "A confirmation page (HTML)", content_type = "text/html"),
        (status = 404, description = "Not a valid link", body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn unsubscribe_page(state: &AppState, req: ApiRequest) -> ApiResult {
    let u = token_of(state, &req).await?;
    ApiResponse::html_page(
        "Unsubscribe",
        &format!(
            "<p>Stop {}?</p><form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>",
            described(u.notice)
        ),
    )
}

/// Switches the notice off for the user the link names (their preference
/// `notifications.<notice>` becomes false), at once and idempotently. Also what a mail client's
/// one-click POST does.
#[utoipa::path(post, path = "/v1/notifications/unsubscribe/{token}", tag = "users",
    params(("token" = String, Path)),
    responses((status = 200, description = "Unsubscribed (an HTML page)", content_type = "text/html"),
        (status = 404, description = "Not a valid link, or the user is gone", body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn unsubscribe_now(state: &AppState, req: ApiRequest) -> ApiResult {
    let u = token_of(state, &req).await?;
    if !UserRecord::opt_out(&state.store, &u.tenant, &u.user_id, u.notice).await? {
        return Err(ApiError::not_found("this unsubscribe link is not valid"));
    }
    AuditEvent::new("user.notice_unsubscribed")
        .actor(&u.user_id)
        .target(&u.user_id)
        .detail(serde_json::json!({"notice": u.notice.as_str()}))
        .from_request(&req)
        .append(&state.store, &u.tenant)
        .await?;
    ApiResponse::html_page(
        "You are unsubscribed",
        &format!(
            "<p>You will not receive {} any more. You can switch it on again in your preferences.</p>",
            described(u.notice)
        ),
    )
}
