//! Tags: create, list with exact counts, read, edit, delete, tag and untag contacts in bulk.

use crate::{body_map, slug};
use campaigns::tags::{self, TagView, TaggingReport};
use campaigns::ContactId;
use http::StatusCode;
use kernel::error::{FieldError, Problem};
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::{Deserialize, Serialize};

/// A tag to create.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagBody {
    #[schema(example = "customers-br", pattern = "^[a-z0-9][a-z0-9-]{0,63}$")]
    pub slug: String,
    #[schema(example = "Customers in Brazil", min_length = 1, max_length = 100)]
    pub name: String,
    #[schema(max_length = 500)]
    pub description: Option<String>,
}

/// A tag's new name or description.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagPatchBody {
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[schema(max_length = 500)]
    pub description: Option<String>,
    #[schema(minimum = 0)]
    pub version: Option<i64>,
}

/// Create a tag. 409 when the slug is taken.
#[utoipa::path(post, path = "/v1/tags", tag = "tags", security(("bearer" = [])),
    request_body = TagBody,
    responses((status = 201, body = TagView),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn create_tag(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let f = tags::parse(&body_map(state, &req)?, true)?;
    let t = tags::create(state, &caller, f).await?;
    ApiResponse::json(StatusCode::CREATED, &t)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TagList {
    pub items: Vec<TagView>,
    pub next_cursor: Option<String>,
}

/// The organisation's tags by slug, each with its exact contact count.
#[utoipa::path(get, path = "/v1/tags", tag = "tags", security(("bearer" = [])),
    params(("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = TagList)))]
pub(crate) async fn list_tags(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let page = req.page_params(50, 100)?;
    let (items, next_cursor) = tags::list(state, &caller, &page).await?;
    ApiResponse::ok(&TagList { items, next_cursor })
}

/// One tag with its contact count.
#[utoipa::path(get, path = "/v1/tags/{slug}", tag = "tags", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses((status = 200, body = TagView),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn get_tag(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&tags::get(state, caller.tenant, &slug(&req)?).await?)
}

/// Rename or redescribe a tag; conditional on `version` when given.
#[utoipa::path(put, path = "/v1/tags/{slug}", tag = "tags", security(("bearer" = [])),
    params(("slug" = String, Path)),
    request_body = TagPatchBody,
    responses((status = 200, body = TagView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn update_tag(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let slug = slug(&req)?;
    let f = tags::parse(&body_map(state, &req)?, false)?;
    ApiResponse::ok(&tags::update(state, &caller, &slug, f).await?)
}

/// Delete a tag and every link to it (the contacts stay). A retry after an interruption finishes
/// the job.
#[utoipa::path(delete, path = "/v1/tags/{slug}", tag = "tags", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses((status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn delete_tag(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    tags::delete(state, &caller, &slug(&req)?).await?;
    Ok(ApiResponse::no_content())
}

/// Contacts to tag or untag.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactIdsBody {
    #[schema(min_items = 1, max_items = 1000)]
    pub contact_ids: Vec<String>,
}

pub(crate) fn ids_of(body: ContactIdsBody) -> Result<Vec<String>, ApiError> {
    if body.contact_ids.is_empty() || body.contact_ids.len() > tags::MAX_IDS {
        return Err(ApiError::field(
            "contact_ids",
            "invalid",
            "1 to 1,000 contact ids",
        ));
    }
    let mut errors = Vec::new();
    let mut ids = Vec::new();
    for (i, raw) in body.contact_ids.iter().enumerate() {
        match raw.parse::<ContactId>() {
            Ok(id) => ids.push(id.to_string()),
            Err(_) => errors.push(FieldError::body(
                format!("contact_ids[{i}]"),
                "invalid",
                "a contact id (con_…)",
            )),
        }
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Tag up to 1,000 contacts. Each link is made once (a retry or a concurrent request changes
/// nothing more) and the tag's count moves with it; ids that name no contact are reported by
/// index.
#[utoipa::path(post, path = "/v1/tags/{slug}/contacts", tag = "tags", security(("bearer" = [])),
    params(("slug" = String, Path)),
    request_body = ContactIdsBody,
    responses((status = 200, body = TaggingReport),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn tag_contacts(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let slug = slug(&req)?;
    let ids = ids_of(req.json(state.config.max_body_bytes)?)?;
    ApiResponse::ok(&tags::tag_contacts(state, &caller, &slug, ids, true).await?)
}

/// Untag up to 1,000 contacts (a contact without the tag is left as it is).
#[utoipa::path(post, path = "/v1/tags/{slug}/contacts/remove", tag = "tags", security(("bearer" = [])),
    params(("slug" = String, Path)),
    request_body = ContactIdsBody,
    responses((status = 200, body = TaggingReport),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn untag_contacts(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let slug = slug(&req)?;
    let ids = ids_of(req.json(state.config.max_body_bytes)?)?;
    ApiResponse::ok(&tags::tag_contacts(state, &caller, &slug, ids, false).await?)
}
