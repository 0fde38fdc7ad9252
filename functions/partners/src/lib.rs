//! The `partners` function: an organisation's API clients and their keys, the OAuth2 token
//! endpoint, the scope and tier catalogues, and usage analytics. Managing clients and keys needs a
//! signed-in person with the `partners.*` permissions: a key can never mint or revoke keys.
//! `partner-sweep` (EventBridge, every 5 minutes) finishes usage-plan registrations.

use access::partner::{ClientId, KeyId, Limits, Scope, Tier, SCOPES};
use http::StatusCode;
use kernel::error::{Location, Problem};
use partners::api_keys::{KeyBody, KeyCreated, KeyList, KeyView};
use partners::clients::{
    ClientBody, ClientCreated, ClientList, ClientUpdate, ClientView, ListFilter,
};
use partners::oauth::{TokenRequest, TokenResponse};
use partners::usage::{Dashboard, GroupBy, UsageReport};
use platform::runtime::{BoxFuture, WorkerError};
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::OpenApi;

platform::routes! {
    "POST" "/v1/api-clients" => create_client, "partners.write",
    "GET" "/v1/api-clients" => list_clients, "partners.read",
    "GET" "/v1/api-clients/{client_id}" => get_client, "partners.read",
    "PUT" "/v1/api-clients/{client_id}" => update_client, "partners.write",
    "DELETE" "/v1/api-clients/{client_id}" => delete_client, "partners.write",
    "GET" "/v1/api-clients/{client_id}/dashboard" => client_dashboard, "partners.read",
    "GET" "/v1/api-clients/{client_id}/usage" => client_usage, "partners.read",
    "POST" "/v1/api-clients/{client_id}/secret" => rotate_secret, "partners.write",
    "GET" "/v1/api-clients/{client_id}/api-keys" => list_keys, "partners.read",
    "DELETE" "/v1/api-clients/{client_id}/api-keys/{key_id}" => revoke_key, "partners.write",
    "POST" "/v1/api-keys" => create_key, "partners.write",
    "GET" "/v1/scopes" => list_scopes, public,
    "GET" "/v1/webhook-events" => webhook_events, public,
    "GET" "/v1/rate-limits" => rate_limits, "analytics.read",
    "POST" "/v1/oauth/token" => oauth_token, public,
}

#[derive(OpenApi)]
#[openapi(
    paths(create_client, list_clients, get_client, update_client, delete_client, client_dashboard,
        client_usage, rotate_secret, list_keys, revoke_key, create_key, list_scopes, rate_limits,
        oauth_token, webhook_events),
    components(schemas(ClientBody, ClientUpdate, ClientView, ClientCreated, ClientList, KeyBody,
        KeyView, KeyCreated, KeyList, Dashboard, ClientDashboard, webhooks::deliveries::WebhookHealth, UsageReport, TokenResponse, ScopeList, TierList,
        SecretRotated, OauthErrorBody, partners::oauth::TokenForm, partners::oauth::GrantType, EventCatalogue, EventTypeView, Problem)),
    tags((name = "partners", description = "Partner applications (API clients), their API keys and OAuth2 credentials, rate-limit tiers and usage analytics"))
)]
pub struct ApiDoc;

/// Small bodies only: a client or key description.
const MAX_BODY: usize = 16 * 1024;

fn client_id(req: &ApiRequest) -> Result<ClientId, ApiError> {
    req.path_param::<ClientId>("client_id")
}

/// Registers a partner application. The answer holds its OAuth2 client secret, shown this once.
#[utoipa::path(post, path = "/v1/api-clients", tag = "partners", security(("bearer" = [])),
    request_body = ClientBody,
    responses((status = 201, body = ClientCreated), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_client(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: ClientBody = req.json(MAX_BODY)?;
    let created = partners::clients::create(state, &req.caller()?, body).await?;
    ApiResponse::json(StatusCode::CREATED, &created)?.with_header(
        "location",
        &format!("/v1/api-clients/{}", created.client.id),
    )
}

/// The organisation's API clients (deleted ones are gone), filtered and cursor-paged.
#[utoipa::path(get, path = "/v1/api-clients", tag = "partners", security(("bearer" = [])),
    params(
        ("status" = Option<String>, Query, description = "active or suspended"),
        ("rate_limit_tier" = Option<String>, Query, description = "basic, standard, premium or enterprise"),
        ("contact_email" = Option<String>, Query),
        ("search" = Option<String>, Query, description = "A part of the name or contact email"),
        ("limit" = Option<u32>, Query, description = "1..=100, default 20"),
        ("cursor" = Option<String>, Query),
    ),
    responses((status = 200, body = ClientList)))]
async fn list_clients(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let status = match req.query_param::<String>("status")?.as_deref() {
        None => None,
        Some("active") => Some(access::partner::ClientStatus::Active),
        Some("suspended") => Some(access::partner::ClientStatus::Suspended),
        Some(_) => {
            return Err(ApiError::invalid_field(
                Location::Query,
                "status",
                "invalid",
                "active or suspended",
            ))
        }
    };
    let tier = match req.query_param::<String>("rate_limit_tier")? {
        None => None,
        Some(t) => Some(t.parse::<Tier>().map_err(|_| {
            ApiError::invalid_field(
                Location::Query,
                "rate_limit_tier",
                "invalid",
                "basic, standard, premium or enterprise",
            )
        })?),
    };
    let filter = ListFilter {
        status,
        tier,
        contact_email: req.query_param("contact_email")?,
        search: req.query_param("search")?,
    };
    let page = req.page_params(20, 100)?;
    ApiResponse::ok(&partners::clients::list(state, &principal.tenant, filter, &page).await?)
}

#[utoipa::path(get, path = "/v1/api-clients/{client_id}", tag = "partners", security(("bearer" = [])),
    params(("client_id" = String, Path)),
    responses((status = 200, body = ClientView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_client(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let client = partners::clients::load(state, &principal.tenant, &client_id(&req)?).await?;
    ApiResponse::ok(&ClientView::from(&client))
}

/// Changes a client. `status: suspended` stops its keys and tokens at once; `active` restores
/// them. A tier change moves every key to the new tier's limits and usage plan.
#[utoipa::path(put, path = "/v1/api-clients/{client_id}", tag = "partners", security(("bearer" = [])),
    params(("client_id" = String, Path)), request_body = ClientUpdate,
    responses((status = 200, body = ClientView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn update_client(state: &AppState, req: ApiRequest) -> ApiResult {
    let id = client_id(&req)?;
    let change: ClientUpdate = req.json(MAX_BODY)?;
    ApiResponse::ok(&partners::clients::update(state, &req.caller()?, &id, change).await?)
}

/// Deletes a client and revokes every key of it at once.
#[utoipa::path(delete, path = "/v1/api-clients/{client_id}", tag = "partners", security(("bearer" = [])),
    params(("client_id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn delete_client(state: &AppState, req: ApiRequest) -> ApiResult {
    partners::clients::delete(state, &req.caller()?, &client_id(&req)?).await?;
    Ok(ApiResponse::no_content())
}

/// Requests today and over 7 days, error rate, p95 latency, keys, and each key's current use of
/// its limits.
#[utoipa::path(get, path = "/v1/api-clients/{client_id}/dashboard", tag = "partners", security(("bearer" = [])),
    params(("client_id" = String, Path)),
    responses((status = 200, body = ClientDashboard), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn client_dashboard(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let id = client_id(&req)?;
    let usage = partners::usage::dashboard(state, &principal.tenant, &id).await?;
    let hooks: Vec<_> = webhooks::persist::all(state, &principal.tenant)
        .await?
        .into_iter()
        .filter(|w| w.client_id.as_deref() == Some(id.as_str()))
        .collect();
    let health = webhooks::deliveries::health_of(state, &hooks).await?;
    ApiResponse::ok(&ClientDashboard {
        disabled_webhooks: health.iter().filter(|h| !h.enabled).count(),
        usage,
        webhooks: health,
    })
}

/// A client's dashboard: its usage and its webhooks' health.
#[derive(Serialize, utoipa::ToSchema)]
struct ClientDashboard {
    #[serde(flatten)]
    usage: Dashboard,
    /// Each of the client's webhook endpoints: success rate, last failure, whether disabled.
    webhooks: Vec<webhooks::deliveries::WebhookHealth>,
    /// How many of them are disabled.
    disabled_webhooks: usize,
}

fn time_param(req: &ApiRequest, name: &str) -> Result<Option<i64>, ApiError> {
    match req.query_param::<String>(name)? {
        None => Ok(None),
        Some(raw) => kernel::time::parse_rfc3339(&raw)
            .map(|t| Some(t.unix_timestamp()))
            .ok_or_else(|| {
                ApiError::invalid_field(Location::Query, name, "invalid", "an RFC 3339 date-time")
            }),
    }
}

/// Usage of a client's keys and tokens over a range (default: the last 7 days).
#[utoipa::path(get, path = "/v1/api-clients/{client_id}/usage", tag = "partners", security(("bearer" = [])),
    params(("client_id" = String, Path),
        ("from" = Option<String>, Query, description = "RFC 3339; default 7 days before `to`"),
        ("to" = Option<String>, Query, description = "RFC 3339; default now"),
        ("group_by" = Option<String>, Query, description = "hour or day (default day)")),
    responses((status = 200, body = UsageReport), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn client_usage(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let id = client_id(&req)?;
    let from = time_param(&req, "from")?;
    let to = time_param(&req, "to")?;
    let group = req
        .query_param::<GroupBy>("group_by")?
        .unwrap_or(GroupBy::Day);
    let report = partners::usage::report(state, &principal.tenant, &id, from, to, group).await?;
    ApiResponse::ok(&report)
}

#[derive(Serialize, utoipa::ToSchema)]
struct SecretRotated {
    client_id: String,
    /// The new client secret, shown this once; the old one stops working now.
    client_secret: String,
}

/// Replaces the client's OAuth2 client secret.
#[utoipa::path(post, path = "/v1/api-clients/{client_id}/secret", tag = "partners", security(("bearer" = [])),
    params(("client_id" = String, Path)),
    responses((status = 200, body = SecretRotated), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn rotate_secret(state: &AppState, req: ApiRequest) -> ApiResult {
    let id = client_id(&req)?;
    let secret = partners::clients::rotate_secret(state, &req.caller()?, &id).await?;
    ApiResponse::ok(&SecretRotated {
        client_id: id.to_string(),
        client_secret: secret,
    })
}

#[utoipa::path(get, path = "/v1/api-clients/{client_id}/api-keys", tag = "partners", security(("bearer" = [])),
    params(("client_id" = String, Path),
        ("limit" = Option<u32>, Query, description = "1..=100, default 50"),
        ("cursor" = Option<String>, Query)),
    responses((status = 200, body = KeyList), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn list_keys(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let page = req.page_params(50, 100)?;
    ApiResponse::ok(
        &partners::api_keys::list(state, &principal.tenant, &client_id(&req)?, &page).await?,
    )
}

/// Revokes a key: the next request with it is a 401.
#[utoipa::path(delete, path = "/v1/api-clients/{client_id}/api-keys/{key_id}", tag = "partners", security(("bearer" = [])),
    params(("client_id" = String, Path), ("key_id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn revoke_key(state: &AppState, req: ApiRequest) -> ApiResult {
    let id = client_id(&req)?;
    let key_id = req.path_param::<KeyId>("key_id")?;
    partners::api_keys::revoke(state, &req.caller()?, &id, &key_id).await?;
    Ok(ApiResponse::no_content())
}

/// Issues a key for a client. The secret is in this answer only.
#[utoipa::path(post, path = "/v1/api-keys", tag = "partners", security(("bearer" = [])),
    request_body = KeyBody,
    responses((status = 201, body = KeyCreated), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_key(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: KeyBody = req.json(MAX_BODY)?;
    let created = partners::api_keys::create(state, &req.caller()?, body).await?;
    ApiResponse::json(StatusCode::CREATED, &created)
}

#[derive(Serialize, utoipa::ToSchema)]
struct ScopeList {
    items: Vec<Scope>,
}

/// Every scope a key or token may hold; each names the route permission it opens.
#[utoipa::path(get, path = "/v1/scopes", tag = "partners", responses((status = 200, body = ScopeList)))]
async fn list_scopes(_state: &AppState, _req: ApiRequest) -> ApiResult {
    ApiResponse::ok(&ScopeList {
        items: SCOPES.to_vec(),
    })
}

/// The event catalogue.
#[derive(Serialize, utoipa::ToSchema)]
struct EventCatalogue {
    /// The version of the envelope and of every `data` shape (`version` in each event).
    version: u32,
    items: Vec<EventTypeView>,
}

/// One event type: an event is `{id, type, timestamp, data, version}`.
#[derive(Serialize, utoipa::ToSchema)]
struct EventTypeView {
    /// `resource.action`; a subscription's filter names it, or `resource.*`.
    #[serde(rename = "type")]
    #[schema(example = "person.enriched")]
    kind: &'static str,
    description: &'static str,
    /// The JSON Schema of the event's `data`.
    #[schema(value_type = Object)]
    schema: serde_json::Value,
    /// A valid `data`.
    #[schema(value_type = Object)]
    example: serde_json::Value,
}

/// Every event type webhooks can subscribe to, with the JSON Schema of its `data` (generated from
/// the types that build the payloads) and an example.
#[utoipa::path(get, path = "/v1/webhook-events", tag = "partners",
    responses((status = 200, body = EventCatalogue)))]
async fn webhook_events(_state: &AppState, _req: ApiRequest) -> ApiResult {
    use webhooks::catalogue::{EVENTS, VERSION};
    let items = EVENTS
        .iter()
        .map(|e| {
            Ok(EventTypeView {
                kind: e.name,
                description: e.description,
                schema: serde_json::to_value((e.schema)()).map_err(ApiError::internal)?,
                example: (e.example)(),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    ApiResponse::ok(&EventCatalogue {
        version: VERSION,
        items,
    })
}

#[derive(Serialize, utoipa::ToSchema)]
struct TierList {
    /// Tier name → its limits.
    #[schema(value_type = Object)]
    data: BTreeMap<&'static str, Limits>,
}

/// The rate-limit tiers (requests per minute, hour and day, and the burst).
#[utoipa::path(get, path = "/v1/rate-limits", tag = "partners", security(("bearer" = [])),
    responses((status = 200, body = TierList)))]
async fn rate_limits(_state: &AppState, _req: ApiRequest) -> ApiResult {
    ApiResponse::ok(&TierList {
        data: Tier::ALL
            .into_iter()
            .map(|t| (t.as_str(), t.limits()))
            .collect(),
    })
}

/// RFC 6749 §5.2 error body.
#[derive(Serialize, utoipa::ToSchema)]
struct OauthErrorBody {
    #[schema(example = "invalid_client")]
    error: String,
    error_description: String,
}

fn oauth_error(status: u16, error: &str, description: &str) -> ApiResult {
    let status = StatusCode::from_u16(status).map_err(ApiError::internal)?;
    let mut resp = ApiResponse::json(
        status,
        &OauthErrorBody {
            error: error.to_owned(),
            error_description: description.to_owned(),
        },
    )?;
    if status == StatusCode::UNAUTHORIZED {
        resp = resp.with_header("www-authenticate", "Basic realm=\"enrich\"")?;
    }
    resp.with_header("pragma", "no-cache")
}

/// OAuth2 client credentials: `grant_type=client_credentials` with the client's id and secret
/// (HTTP Basic, or `client_id` / `client_secret` in the form) and an optional `scope` (within the
/// client's). Answers a bearer token valid for an hour.
#[utoipa::path(post, path = "/v1/oauth/token", tag = "partners",
    request_body(content = partners::oauth::TokenForm, content_type = "application/x-www-form-urlencoded",
        description = "grant_type=client_credentials&client_id=...&client_secret=...&scope=people:read"),
    responses((status = 200, body = TokenResponse), (status = 400, body = OauthErrorBody),
        (status = 401, body = OauthErrorBody)))]
async fn oauth_token(state: &AppState, req: ApiRequest) -> ApiResult {
    let mime = req
        .header("content-type")
        .and_then(|c| c.split(';').next())
        .map(|c| c.trim().to_ascii_lowercase());
    if mime.as_deref() != Some("application/x-www-form-urlencoded") {
        return oauth_error(
            400,
            "invalid_request",
            "send the request as application/x-www-form-urlencoded",
        );
    }
    if req.body.len() > MAX_BODY {
        return oauth_error(400, "invalid_request", "the request body is too large");
    }
    let mut token_req = TokenRequest::default();
    let mut seen = std::collections::BTreeSet::new();
    for (k, v) in url::form_urlencoded::parse(&req.body) {
        // RFC 6749 §3.2: parameters must not be repeated.
        if !seen.insert(k.to_string()) {
            return oauth_error(400, "invalid_request", &format!("{k} is repeated"));
        }
        match k.as_ref() {
            "grant_type" => token_req.grant_type = Some(v.into_owned()),
            "client_id" => token_req.client_id = Some(v.into_owned()),
            "client_secret" => token_req.client_secret = Some(v.into_owned()),
            "scope" => token_req.scope = Some(v.into_owned()),
            _ => {}
        }
    }
    if let Some(basic) = req.header("authorization").and_then(|h| {
        h.strip_prefix("Basic ")
            .or_else(|| h.strip_prefix("basic "))
    }) {
        use base64::Engine;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(basic.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let Some((id, secret)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
            return oauth_error(401, "invalid_client", "malformed HTTP Basic credentials");
        };
        if token_req.client_secret.is_some() {
            return oauth_error(
                400,
                "invalid_request",
                "authenticate the client one way only",
            );
        }
        let decode = |s: &str| {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        token_req.client_id = Some(decode(id));
        token_req.client_secret = Some(decode(secret));
    }
    match partners::oauth::issue(state, token_req).await? {
        Ok(token) => ApiResponse::ok(&token)?.with_header("pragma", "no-cache"),
        Err(e) => oauth_error(e.status, e.error, &e.description),
    }
}

/// The partner sweep's handler (EventBridge, every 5 minutes; the local ticker calls it too).
pub fn sweep(
    state: &AppState,
    _event: serde_json::Value,
) -> BoxFuture<'_, Result<(), WorkerError>> {
    Box::pin(async move {
        let synced = partners::api_keys::sweep_pending(state).await?;
        let organizations = partners::organizations::sweep_pending(state).await?;
        tracing::info!(synced, organizations, "partner sweep done");
        Ok(())
    })
}

/// What an operator sends to `organization-tier`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierChange {
    pub tenant: kernel::ids::TenantId,
    pub tier: Tier,
}

/// The operator's tier change (`aws lambda invoke --function-name <OrganizationTierFunction>
/// --payload '{"tenant":"ten_…","tier":"premium"}'`; locally `POST /_local/invoke/
/// OrganizationTierFunction`). Not an API route: a tenant never names itself, and no
/// organisation's own credentials may move its tier. Moves the tier (audited in the
/// organisation's log), then the organisation's usage key to the tier's plan at the gateway; what
/// the gateway refused now (throttling) the partner sweep finishes. An unknown organisation is an
/// error and creates nothing. Idempotent: run again with the same tier, it only finishes the
/// gateway part if that was left.
pub fn set_tier(
    state: &AppState,
    input: serde_json::Value,
) -> BoxFuture<'_, Result<(), WorkerError>> {
    Box::pin(async move {
        let change: TierChange = serde_json::from_value(input)
            .map_err(|e| format!("expected {{\"tenant\", \"tier\"}}: {e}"))?;
        let Some(before) = access::model::TenantRecord::load(&state.store, &change.tenant).await?
        else {
            return Err(format!("no organisation {}", change.tenant).into());
        };
        if access::model::TenantRecord::set_tier(&state.store, &change.tenant, change.tier)
            .await?
            .is_none()
        {
            return Err(format!("no organisation {}", change.tenant).into());
        }
        if before.tier != change.tier {
            access::model::AuditEvent::new("organization.tier_changed")
                .actor("operator")
                .detail(serde_json::json!({"before": before.tier, "after": change.tier}))
                .append(&state.store, &change.tenant)
                .await?;
        }
        let synced = partners::organizations::sync(state, &change.tenant).await?;
        tracing::info!(tier = change.tier.as_str(), synced, "organisation tier set");
        Ok(())
    })
}
