//! The `webhooks` function: webhook subscriptions of the organisation (`/v1/webhooks`) and of
//! its API clients (`/v1/api-clients/{client_id}/webhooks`), with the same shape. People need
//! the `webhooks.*` permissions; a partner key needs the `webhooks:read` / `webhooks:write`
//! scopes and only ever sees its own client's subscriptions.

pub mod engine;
pub mod publish;

use engine as fn_engine;

use access::partner::ClientId;
use http::StatusCode;
use kernel::error::Problem;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState, Caller};
use utoipa::OpenApi;
use webhooks::deliveries::{self as log, DeliveryList, DeliveryView, ReplayBody, Replayed};
use webhooks::model::{
    AttemptRecord, DeliveryId, DeliveryStatus, DisabledReason, RetryConfig, Trigger, WebhookId,
};
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
    "GET" "/v1/webhooks/{webhook_id}/deliveries" => list_deliveries, "webhooks.read",
    "GET" "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}" => get_delivery, "webhooks.read",
    "POST" "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry" => retry_delivery, "webhooks.write",
    "POST" "/v1/webhooks/{webhook_id}/replay" => replay_webhook, "webhooks.write",
    "POST" "/v1/webhooks/{webhook_id}/test" => test_webhook, "webhooks.write",
    "GET" "/v1/api-clients/{client_id}/webhooks/{webhook_id}/deliveries" => list_client_deliveries, "webhooks.read",
    "GET" "/v1/api-clients/{client_id}/webhooks/{webhook_id}/deliveries/{delivery_id}" => get_client_delivery, "webhooks.read",
    "POST" "/v1/api-clients/{client_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry" => retry_client_delivery, "webhooks.write",
    "POST" "/v1/api-clients/{client_id}/webhooks/{webhook_id}/replay" => replay_client_webhook, "webhooks.write",
    "POST" "/v1/api-clients/{client_id}/webhooks/{webhook_id}/test" => test_client_webhook, "webhooks.write",
}

#[derive(OpenApi)]
#[openapi(
    paths(create_webhook, list_webhooks, get_webhook, update_webhook, delete_webhook,
        rotate_webhook_secret, create_client_webhook, list_client_webhooks, get_client_webhook,
        update_client_webhook, delete_client_webhook, rotate_client_webhook_secret,
        list_deliveries, get_delivery, retry_delivery, replay_webhook, test_webhook,
        list_client_deliveries, get_client_delivery, retry_client_delivery, replay_client_webhook,
        test_client_webhook),
    components(schemas(WebhookBody, WebhookUpdate, WebhookView, WebhookCreated, WebhookList,
        WebhookSecret, RetryConfig, DisabledReason, DeliveryView, DeliveryList, AttemptRecord,
        DeliveryStatus, Trigger, ReplayBody, Replayed, Problem)),
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

// ------------------------------------------------------------------ deliveries

fn delivery_id(req: &ApiRequest) -> Result<DeliveryId, ApiError> {
    req.path_param::<DeliveryId>("delivery_id")
}

/// The client of a client route (checked), or none on an organisation route.
async fn scope_of(
    state: &AppState,
    req: &ApiRequest,
    caller: &Caller<'_>,
    on_client: bool,
) -> Result<Option<String>, ApiError> {
    if on_client {
        Ok(Some(client(state, req, caller).await?))
    } else {
        Ok(None)
    }
}

async fn deliveries_of(state: &AppState, req: ApiRequest, on_client: bool) -> ApiResult {
    let caller = req.caller()?;
    let c = scope_of(state, &req, &caller, on_client).await?;
    let status = match req.query_param::<String>("status")?.as_deref() {
        None => None,
        Some("pending") => Some(DeliveryStatus::Pending),
        Some("delivered") => Some(DeliveryStatus::Delivered),
        Some("failed") => Some(DeliveryStatus::Failed),
        Some("skipped") => Some(DeliveryStatus::Skipped),
        Some(_) => {
            return Err(ApiError::invalid_field(
                kernel::error::Location::Query,
                "status",
                "invalid",
                "pending, delivered, failed or skipped",
            ))
        }
    };
    let event_type = req.query_param::<String>("event")?;
    if let Some(e) = &event_type {
        if webhooks::catalogue::find(e).is_none() {
            return Err(ApiError::invalid_field(
                kernel::error::Location::Query,
                "event",
                "unknown_event",
                "an event type (GET /v1/webhook-events)",
            ));
        }
    }
    let page = req.page_params(20, 100)?;
    let query = log::Query { status, event_type };
    ApiResponse::ok(
        &log::log(
            state,
            &caller,
            c.as_deref(),
            &webhook_id(&req)?,
            query,
            &page,
        )
        .await?,
    )
}

async fn delivery(state: &AppState, req: ApiRequest, on_client: bool) -> ApiResult {
    let caller = req.caller()?;
    let c = scope_of(state, &req, &caller, on_client).await?;
    let d = log::one(
        state,
        &caller,
        c.as_deref(),
        &webhook_id(&req)?,
        &delivery_id(&req)?,
    )
    .await?;
    ApiResponse::ok(&d)
}

async fn retry(state: &AppState, req: ApiRequest, on_client: bool) -> ApiResult {
    let caller = req.caller()?;
    let c = scope_of(state, &req, &caller, on_client).await?;
    let d = log::retry(
        state,
        &caller,
        c.as_deref(),
        &webhook_id(&req)?,
        &delivery_id(&req)?,
    )
    .await?;
    fn_engine::enqueue(state, &[(d.tenant.clone(), d.id.clone())], 0).await?;
    ApiResponse::json(StatusCode::ACCEPTED, &DeliveryView::from(&d))
}

async fn replay(state: &AppState, req: ApiRequest, on_client: bool) -> ApiResult {
    let body: ReplayBody = req.json(MAX_BODY)?;
    let since = kernel::time::parse_rfc3339(&body.since)
        .ok_or_else(|| ApiError::field("since", "invalid", "an RFC 3339 date-time"))?
        .unix_timestamp();
    let caller = req.caller()?;
    let c = scope_of(state, &req, &caller, on_client).await?;
    let (queued, more) =
        log::replay(state, &caller, c.as_deref(), &webhook_id(&req)?, since).await?;
    let refs: Vec<_> = queued
        .iter()
        .map(|d| (d.tenant.clone(), d.id.clone()))
        .collect();
    fn_engine::enqueue(state, &refs, 0).await?;
    ApiResponse::json(
        StatusCode::ACCEPTED,
        &Replayed {
            queued: refs.len(),
            more,
        },
    )
}

async fn test(state: &AppState, req: ApiRequest, on_client: bool) -> ApiResult {
    let caller = req.caller()?;
    let c = scope_of(state, &req, &caller, on_client).await?;
    let d = log::test_event(state, &caller, c.as_deref(), &webhook_id(&req)?).await?;
    fn_engine::enqueue(state, &[(d.tenant.clone(), d.id.clone())], 0).await?;
    ApiResponse::json(StatusCode::ACCEPTED, &DeliveryView::from(&d))
}

/// The subscription's deliveries, newest first, with every attempt.
#[utoipa::path(get, path = "/v1/webhooks/{webhook_id}/deliveries", tag = "webhooks", security(("bearer" = [])),
    params(("webhook_id" = String, Path),
        ("status" = Option<String>, Query, description = "pending, delivered, failed or skipped"),
        ("event" = Option<String>, Query, description = "An event type"),
        ("limit" = Option<u32>, Query, description = "1..=100, default 20", minimum = 1, maximum = 100),
        ("cursor" = Option<String>, Query)),
    responses((status = 200, body = DeliveryList), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn list_deliveries(state: &AppState, req: ApiRequest) -> ApiResult {
    deliveries_of(state, req, false).await
}

#[utoipa::path(get, path = "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}", tag = "webhooks", security(("bearer" = [])),
    params(("webhook_id" = String, Path), ("delivery_id" = String, Path)),
    responses((status = 200, body = DeliveryView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_delivery(state: &AppState, req: ApiRequest) -> ApiResult {
    delivery(state, req, false).await
}

/// Sends a delivery once more, now (a manual attempt: no automatic retries after it).
#[utoipa::path(post, path = "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", tag = "webhooks", security(("bearer" = [])),
    params(("webhook_id" = String, Path), ("delivery_id" = String, Path)),
    responses((status = 202, body = DeliveryView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn retry_delivery(state: &AppState, req: ApiRequest) -> ApiResult {
    retry(state, req, false).await
}

/// Sends every delivery that failed since a time once more (up to 500 per call).
#[utoipa::path(post, path = "/v1/webhooks/{webhook_id}/replay", tag = "webhooks", security(("bearer" = [])),
    params(("webhook_id" = String, Path)), request_body = ReplayBody,
    responses((status = 202, body = Replayed), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn replay_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    replay(state, req, false).await
}

/// Sends a `webhook.test` event to this endpoint now.
#[utoipa::path(post, path = "/v1/webhooks/{webhook_id}/test", tag = "webhooks", security(("bearer" = [])),
    params(("webhook_id" = String, Path)),
    responses((status = 202, body = DeliveryView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn test_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    test(state, req, false).await
}

#[utoipa::path(get, path = "/v1/api-clients/{client_id}/webhooks/{webhook_id}/deliveries", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path), ("webhook_id" = String, Path),
        ("status" = Option<String>, Query, description = "pending, delivered, failed or skipped"),
        ("event" = Option<String>, Query, description = "An event type"),
        ("limit" = Option<u32>, Query, description = "1..=100, default 20", minimum = 1, maximum = 100),
        ("cursor" = Option<String>, Query)),
    responses((status = 200, body = DeliveryList), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn list_client_deliveries(state: &AppState, req: ApiRequest) -> ApiResult {
    deliveries_of(state, req, true).await
}

#[utoipa::path(get, path = "/v1/api-clients/{client_id}/webhooks/{webhook_id}/deliveries/{delivery_id}", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path), ("webhook_id" = String, Path), ("delivery_id" = String, Path)),
    responses((status = 200, body = DeliveryView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_client_delivery(state: &AppState, req: ApiRequest) -> ApiResult {
    delivery(state, req, true).await
}

#[utoipa::path(post, path = "/v1/api-clients/{client_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path), ("webhook_id" = String, Path), ("delivery_id" = String, Path)),
    responses((status = 202, body = DeliveryView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn retry_client_delivery(state: &AppState, req: ApiRequest) -> ApiResult {
    retry(state, req, true).await
}

#[utoipa::path(post, path = "/v1/api-clients/{client_id}/webhooks/{webhook_id}/replay", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path), ("webhook_id" = String, Path)), request_body = ReplayBody,
    responses((status = 202, body = Replayed), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn replay_client_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    replay(state, req, true).await
}

#[utoipa::path(post, path = "/v1/api-clients/{client_id}/webhooks/{webhook_id}/test", tag = "webhooks", security(("bearer" = [])),
    params(("client_id" = String, Path), ("webhook_id" = String, Path)),
    responses((status = 202, body = DeliveryView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn test_client_webhook(state: &AppState, req: ApiRequest) -> ApiResult {
    test(state, req, true).await
}
