//! One-click unsubscribe (RFC 8058): the signed link's page and its confirmation.

use campaigns::suppression::{self};
use kernel::error::Problem;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};

/// `a•••@globex.com`: enough for its owner to recognise, little for anyone else.
pub(crate) fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}\u{2022}\u{2022}\u{2022}@{domain}")
        }
        None => "\u{2022}\u{2022}\u{2022}".into(),
    }
}

pub(crate) async fn token_of(
    state: &AppState,
    req: &ApiRequest,
) -> Result<suppression::Unsubscribe, ApiError> {
    let token: String = req.path_param("token")?;
    suppression::read_token(state, &token)
        .await?
        .ok_or_else(|| ApiError::not_found("this unsubscribe link is not valid"))
}

/// The page an unsubscribe link opens: it asks to confirm (a link scanner's GET unsubscribes
/// no one); the button posts to the same address.
#[utoipa::path(get, path = "/v1/unsubscribe/{token}", tag = "suppressions",
    params(("token" = String, Path)),
    responses((status = 200, description = "A confirmation page (HTML)", content_type = "text/html"),
        (status = 404, description = "Not a valid link", body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn unsubscribe_page(state: &AppState, req: ApiRequest) -> ApiResult {
    let u = token_of(state, &req).await?;
    let who = match campaigns::contacts::load(state, &u.tenant, &u.contact_id).await {
        Ok(c) => masked(&c.email),
        Err(_) => "this address".into(),
    };
    ApiResponse::html_page(
        "Unsubscribe",
        &format!(
            "<p>Stop sending these messages to {who}?</p>\
             <form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
             <button type=\"submit\">Unsubscribe</button></form>"
        ),
    )
}

/// One-click unsubscribe (RFC 8058: mail clients POST `List-Unsubscribe=One-Click` here). No login:
/// the signed link is the credential. At once and idempotent: the contact becomes `unsubscribed`
/// and its address is suppressed.
#[utoipa::path(post, path = "/v1/unsubscribe/{token}", tag = "suppressions",
    params(("token" = String, Path)),
    responses((status = 200, description = "Unsubscribed (an HTML page)", content_type = "text/html"),
        (status = 404, description = "Not a valid link", body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn unsubscribe_now(state: &AppState, req: ApiRequest) -> ApiResult {
    let u = token_of(state, &req).await?;
    suppression::unsubscribe(state, &u).await?;
    ApiResponse::html_page(
        "You are unsubscribed",
        "<p>You will not receive these messages any more.</p>",
    )
}
