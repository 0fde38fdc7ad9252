//! The suppression list: addresses never mailed.

use campaigns::suppression::{self, Reason, Suppression};
use kernel::error::Problem;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuppressionList {
    pub items: Vec<Suppression>,
    pub next_cursor: Option<String>,
}

/// The organisation's suppression list, by address: addresses never mailed, whatever their
/// contact says (unsubscribes, bounces, complaints, and addresses added by hand).
#[utoipa::path(get, path = "/v1/suppressions", tag = "suppressions", security(("bearer" = [])),
    params(("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = SuppressionList)))]
pub(crate) async fn list_suppressions(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let page = req.page_params(50, 100)?;
    let (items, next_cursor) = suppression::list(state, &caller, &page).await?;
    ApiResponse::ok(&SuppressionList { items, next_cursor })
}

/// Addresses to suppress.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuppressionsBody {
    #[schema(min_items = 1, max_items = 1000)]
    pub emails: Vec<String>,
    /// Default `manual`.
    pub reason: Option<Reason>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuppressionsAdded {
    /// Addresses newly suppressed (those already on the list keep their first entry).
    pub added: usize,
}

/// Suppress up to 1,000 addresses (normalised; a bad one is named by index and none is added).
/// Adding an address already on the list changes nothing, so a retry is harmless.
#[utoipa::path(post, path = "/v1/suppressions", tag = "suppressions", security(("bearer" = [])),
    request_body = SuppressionsBody,
    responses((status = 200, body = SuppressionsAdded),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn add_suppressions(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let body: SuppressionsBody = req.json(state.config.max_body_bytes)?;
    if body.emails.is_empty() || body.emails.len() > suppression::MAX_EMAILS {
        return Err(ApiError::field("emails", "invalid", "1 to 1,000 addresses"));
    }
    let added = suppression::add_many(
        state,
        &caller,
        &body.emails,
        body.reason.unwrap_or(Reason::Manual),
    )
    .await?;
    ApiResponse::ok(&SuppressionsAdded { added })
}

/// Lift a suppression: the address may be mailed again (if its contact is subscribed). An
/// erased person's entry is lifted by the address (when the person asks to be mailed again) or by
/// the digest it is listed under.
#[utoipa::path(delete, path = "/v1/suppressions/{email}", tag = "suppressions", security(("bearer" = [])),
    params(("email" = String, Path, description = "The address, or an erased entry's `sha256:` digest")),
    responses((status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn remove_suppression(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let raw: String = req.path_param("email")?;
    let digest = raw
        .strip_prefix("sha256:")
        .filter(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|hex| format!("sha256:{}", hex.to_ascii_lowercase()));
    let email = digest
        .or_else(|| kernel::text::normalise_email(&raw))
        .ok_or_else(|| ApiError::not_found("this address is not suppressed"))?;
    suppression::remove(state, &caller, &email).await?;
    Ok(ApiResponse::no_content())
}
