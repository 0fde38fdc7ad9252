//! The `webhooks` function: webhook subscriptions of the organisation (`/v1/webhooks`) and of
//! its API clients (`/v1/api-clients/{client_id}/webhooks`), with the same shape. People need
//! the `webhooks.*` permissions; a partner key needs the `webhooks:read` / `webhooks:write`
//! scopes and only ever sees its own client's subscriptions.

use access::partner::ClientId;
use http::StatusCode;
use kernel::error::Problem;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState, Caller};
use utoipa::OpenApi;
use webhooks::model::{DisabledReason, RetryConfig, WebhookId};
use webhooks::subscriptions::{
    self as subs, WebhookBody, WebhookCreated, WebhookList, WebhookSecret, WebhookUpdate,
    WebhookView,
};

platform::routes! {
    "POST" "/v1/webhooks" => create_webhook, "webhooks.write",
    "GET" "/v1/webhooks" => list_webhooks, "webhooks.read",
    "GET" "/v1/webhooks/{webhook_id}" => get_webhook, "webhooks.read",
    "PUT" "/v1/webhooks/{webhook_id}" => update_webhook, "webhooks.write",
    "DELETE" "/v1/webhooks/{webhook_id}" => delete_webhook, "webhooks.write",
    "POST" "/v1/webhooks/{webhook_id}/secret" => rotate_webhook_secret, "webhooks.write",
    "POST" "/v1/api-clients/{client_id}/webhooks" => create_client_webhook, "webhooks.write",
    "GET" "/v1/api-clients/{client_id}/webhooks" => list_client_webhooks, "webhooks.read",
    "GET" "/v1/api-clients/{client_id}/webhooks/{webhook_id}" => get_client_webhook, "webhooks.read",
    "PUT" "/v1/api-clients/{client_id}/webhooks/{webhook_id}" => update_client_webhook, "webhooks.write",
    "DELETE" "/v1/api-clients/{client_id}/webhooks/{webhook_id}" => delete_client_webhook, "webhooks.write",
    "POST" "/v1/api-clients/{client_id}/webhooks/{webhook_id}/secret" => rotate_client_webhook_secret, "webhooks.write",
}

#[derive(OpenApi)]
#[openapi(
    paths(create_webhook, list_webhooks, get_webhook, update_webhook, delete_webhook,
        rotate_webhook_secret, create_client_webhook, list_client_webhooks, get_client_webhook,
        update_client_webhook, delete_client_webhook, rotate_client_webhook_secret),
    components(schemas(WebhookBody, WebhookUpdate, WebhookView, WebhookCreated, WebhookList,
        WebhookSecret, RetryConfig, DisabledReason, Problem)),
    tags((name = "webhooks", description = "Webhook subscriptions: signed, retried deliveries of the platform's events to your endpoints"))
)]
pub struct ApiDoc;

/// A subscription is small: a URL, up to 50 event names and a description.
const MAX_BODY: usize = 16 * 1024;

fn webhook_id(req: &ApiRequest) -> Result<WebhookId, ApiError> {
    req.path_param::<WebhookId>("webhook_id")
}

/// The client named by the path, checked to be the organisation's (404 otherwise). A partner
/// credential's own client needs no read: `subscriptions` refuses any other.
async fn client(
    state: &AppState,
    req: &ApiRequest,
    caller: &Caller<'_>,
) -> Result<String, ApiError> {
    let id = req.path_param::<ClientId>("client_id")?;
    let principal = caller.principal()?;
    if principal.client_id.is_none() {
        partners::clients::load(state, caller.tenant, &id).await?;
    }
    Ok(id.to_string())
}

fn created(created: WebhookCreated, location: String) -> ApiResult {
    ApiResponse::json(StatusCode::CREATED, &created)?.with_header("location", &location)
}

/// Subscribes an endpoint of the organisation to events. The answer holds its signing secret,
/// shown this once.
#[utoipa::path(post, path = "/v1/webhooks", tag = "webhooks", security(("bearer" = [])),
    request_body = WebhookBody,
    responses((status = 201, body = WebhookCreated),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: WebhookBody = req.json(MAX_BODY)?;
    let caller = req.caller()?;
    let w = subs::create(state, &caller, None, body).await?;
    let location = format!("/v1/webhooks/{}", w.webhook.id);
    created(w, location)
}

/// The organisation's subscriptions (a partner key: its client's), oldest first.
#[utoipa::path(get, path = "/v1/webhooks", tag = "webhooks", security(("bearer" = [])),
    params(("limit" = Option<u32>, Query, description = "1..=100, default 20", minimum = 1, maximum = 100),
        ("cursor" = Option<String>, Query)),
    responses((status = 200, body = WebhookList)))]
async fn list_webhooks(state: &AppState, req: ApiRequest) -> ApiResult {
    let page = req.page_params(20, 100)?;
    ApiResponse::ok(&subs::list(state, &req.caller()?, None, &page).await?)
}

#[utoipa::path(get, path = "/v1/webhooks/{webhook_id}", tag = "webhooks", security(("bearer" = [])),
    params(("webhook_id" = String, Path)),
    responses((status = 200, body = WebhookView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    let w = subs::load(state, &req.caller()?, None, &webhook_id(&req)?).await?;
    ApiResponse::ok(&WebhookView::from(&w))
}

/// Changes a subscription; `enabled: true` re-enables one the platform disabled.
#[utoipa::path(put, path = "/v1/webhooks/{webhook_id}", tag = "webhooks", security(("bearer" = [])),
    params(("webhook_id" = String, Path)), request_body = WebhookUpdate,
    responses((status = 200, body = WebhookView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn update_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    let id = webhook_id(&req)?;
    let change: WebhookUpdate = req.json(MAX_BODY)?;
    ApiResponse::ok(&subs::update(state, &req.caller()?, None, &id, change).await?)
}

/// Deletes a subscription: nothing more is delivered to it (attempts already queued are dropped).
#[utoipa::path(delete, path = "/v1/webhooks/{webhook_id}", tag = "webhooks", security(("bearer" = [])),
    params(("webhook_id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn delete_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    subs::delete(state, &req.caller()?, None, &webhook_id(&req)?).await?;
    Ok(ApiResponse::no_content())
}

/// A new signing secret, shown this once; the previous one keeps signing beside it for 24 hours.
#[utoipa::path(post, path = "/v1/webhooks/{webhook_id}/secret", tag = "webhooks", security(("bearer" = [])),
    params(("webhook_id" = String, Path)),
    responses((status = 200, body = WebhookSecret), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn rotate_webhook_secret(state: &AppState, req: ApiRequest) -> ApiResult {
    ApiResponse::ok(&subs::rotate_secret(state, &req.caller()?, None, &webhook_id(&req)?).await?)
}

/// Subscribes an endpoint of an API client to events (seed 004). The answer holds its signing
/// secret, shown this once.
#[utoipa::path(post, path = "/v1/api-clients/{client_id}/webhooks", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path)), request_body = WebhookBody,
    responses((status = 201, body = WebhookCreated),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_client_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: WebhookBody = req.json(MAX_BODY)?;
    let caller = req.caller()?;
    let c = client(state, &req, &caller).await?;
    let w = subs::create(state, &caller, Some(&c), body).await?;
    let location = format!("/v1/api-clients/{c}/webhooks/{}", w.webhook.id);
    created(w, location)
}

#[utoipa::path(get, path = "/v1/api-clients/{client_id}/webhooks", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path),
        ("limit" = Option<u32>, Query, description = "1..=100, default 20", minimum = 1, maximum = 100),
        ("cursor" = Option<String>, Query)),
    responses((status = 200, body = WebhookList), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn list_client_webhooks(state: &AppState, req: ApiRequest) -> ApiResult {
    let page = req.page_params(20, 100)?;
    let caller = req.caller()?;
    let c = client(state, &req, &caller).await?;
    ApiResponse::ok(&subs::list(state, &caller, Some(&c), &page).await?)
}

#[utoipa::path(get, path = "/v1/api-clients/{client_id}/webhooks/{webhook_id}", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path), ("webhook_id" = String, Path)),
    responses((status = 200, body = WebhookView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_client_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let c = client(state, &req, &caller).await?;
    let w = subs::load(state, &caller, Some(&c), &webhook_id(&req)?).await?;
    ApiResponse::ok(&WebhookView::from(&w))
}

#[utoipa::path(put, path = "/v1/api-clients/{client_id}/webhooks/{webhook_id}", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path), ("webhook_id" = String, Path)), request_body = WebhookUpdate,
    responses((status = 200, body = WebhookView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn update_client_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    let id = webhook_id(&req)?;
    let change: WebhookUpdate = req.json(MAX_BODY)?;
    let caller = req.caller()?;
    let c = client(state, &req, &caller).await?;
    ApiResponse::ok(&subs::update(state, &caller, Some(&c), &id, change).await?)
}

#[utoipa::path(delete, path = "/v1/api-clients/{client_id}/webhooks/{webhook_id}", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path), ("webhook_id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn delete_client_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let c = client(state, &req, &caller).await?;
    subs::delete(state, &caller, Some(&c), &webhook_id(&req)?).await?;
    Ok(ApiResponse::no_content())
}

#[utoipa::path(post, path = "/v1/api-clients/{client_id}/webhooks/{webhook_id}/secret", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path), ("webhook_id" = String, Path)),
    responses((status = 200, body = WebhookSecret), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn rotate_client_webhook_secret(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let c = client(state, &req, &caller).await?;
    ApiResponse::ok(&subs::rotate_secret(state, &caller, Some(&c), &webhook_id(&req)?).await?)
}
