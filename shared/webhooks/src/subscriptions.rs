//! Webhook subscriptions: create, list, read, change, delete, and the signing secret.
//!
//! A subscription belongs to the organisation (`/v1/webhooks`) or to one of its API clients
//! (`/v1/api-clients/{client_id}/webhooks`). A partner credential only ever sees and changes its
//! own client's subscriptions, whichever route it uses. The URL passes the SSRF guard here and
//! again at every delivery. Writes are optimistic (`version`): a concurrent change is a 409, never
//! a lost update; a retried create makes a second subscription (each has its own secret), so
//! clients that retry creates should send an `Idempotency-Key`.

use crate::catalogue;
use crate::guard::{check_url, GuardPolicy};
use crate::model::*;
use crate::persist;
use access::model::AuditEvent;
use kernel::error::{ApiError, FieldError};
use platform::http::Validator;
use platform::{AppState, Caller};
use serde::{Deserialize, Serialize};
use store::PageParams;

/// How long a rotated-out secret keeps signing.
pub const ROTATION_GRACE_SECS: i64 = 24 * 3600;
pub const MAX_EVENTS: usize = 50;
pub const MAX_DESCRIPTION: usize = 500;

/// A new subscription.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookBody {
    /// Where events are POSTed: an https URL on the public internet (at most 2,048 characters).
    #[schema(
        example = "https://hooks.acme.example/enrich",
        max_length = 2048,
        format = "uri"
    )]
    pub url: String,
    /// Event types (`GET /v1/webhook-events`), `resource.*` or `*`; 1 to 50 entries.
    #[schema(example = json!(["person.*", "job.completed"]), min_items = 1, max_items = 50)]
    pub events: Vec<String>,
    #[schema(max_length = 500, example = "CRM sync")]
    pub description: Option<String>,
    /// Default true.
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub retry_config: Option<RetryConfig>,
}

/// A change to a subscription: each field given replaces the stored one.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(min_properties = 1)]
pub struct WebhookUpdate {
    #[schema(max_length = 2048, format = "uri")]
    pub url: Option<String>,
    #[schema(min_items = 1, max_items = 50)]
    pub events: Option<Vec<String>>,
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// `true` re-enables an endpoint the platform disabled (its failure streak starts afresh).
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub retry_config: Option<RetryConfig>,
}

/// A subscription as the API shows it (never its secret).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookView {
    pub id: String,
    /// The API client it belongs to; null for the organisation's own.
    pub client_id: Option<String>,
    pub url: String,
    pub events: Vec<String>,
    pub description: Option<String>,
    pub enabled: bool,
    /// Why the platform disabled it (`gone`: it answered 410; `failing`: no success for 5 days).
    pub disabled_reason: Option<DisabledReason>,
    pub retry_config: RetryConfig,
    /// Until when a rotated-out secret still signs beside the current one.
    pub previous_secret_valid_until: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A created subscription: the view and its signing secret, shown this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookCreated {
    #[serde(flatten)]
    pub webhook: WebhookView,
    /// `whsec_…`: verifies both signatures (see the README, "Verifying webhooks").
    pub secret: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookList {
    pub items: Vec<WebhookView>,
    pub next_cursor: Option<String>,
}

/// A rotated secret, shown this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookSecret {
    pub webhook_id: String,
    pub secret: String,
    /// The previous secret keeps signing until then (24 hours).
    pub previous_secret_valid_until: String,
}

impl From<&WebhookRecord> for WebhookView {
    fn from(w: &WebhookRecord) -> Self {
        let now = kernel::time::now().unix_timestamp();
        Self {
            id: w.id.to_string(),
            client_id: w.client_id.clone(),
            url: w.url.clone(),
            events: w.events.clone(),
            description: w.description.clone(),
            enabled: w.enabled,
            disabled_reason: w.disabled_reason,
            retry_config: w.retry,
            previous_secret_valid_until: w
                .secrets
                .iter()
                .filter_map(|s| s.expires_at)
                .filter(|e| *e > now)
                .max()
                .map(kernel::time::rfc3339_at),
            created_at: kernel::time::rfc3339_at(w.created_at),
            updated_at: kernel::time::rfc3339_at(w.updated_at),
        }
    }
}

/// How outbound URLs are checked in this deployment (`ALLOW_INSECURE_CALLBACKS=true` only on the
/// local stack: http and loopback receivers; private and metadata addresses stay refused).
pub fn guard_policy(state: &AppState) -> GuardPolicy {
    GuardPolicy {
        allow_insecure_local: state
            .config
            .var("ALLOW_INSECURE_CALLBACKS")
            .is_some_and(|v| v == "true"),
    }
}

/// Whose subscriptions a caller acts on: a partner credential only its client's; a person the
/// route's (`client` given: that client's, else the organisation's).
fn owner(caller: &Caller<'_>, client: Option<&str>) -> Result<Owner, ApiError> {
    let principal = caller.principal()?;
    match (&principal.client_id, client) {
        (Some(own), Some(c)) if own != c => Err(not_found()),
        (Some(own), _) => Ok(Owner::Client(own.clone())),
        (None, Some(c)) => Ok(Owner::Client(c.to_owned())),
        (None, None) => Ok(Owner::Organisation),
    }
}

fn not_found() -> ApiError {
    ApiError::NotFound {
        detail: "no such webhook".into(),
    }
}

fn check_events(v: &mut Validator, events: &[String]) {
    v.check(
        !events.is_empty() && events.len() <= MAX_EVENTS,
        "events",
        "invalid_length",
        "1 to 50 event types",
    );
    let mut seen = std::collections::BTreeSet::new();
    for (i, e) in events.iter().enumerate() {
        let field = format!("events[{i}]");
        if !catalogue::filter_is_known(e) {
            v.push(FieldError::body(
                field,
                "unknown_event",
                format!(
                    "{:?} is not an event type, `resource.*` or `*` (see GET /v1/webhook-events)",
                    e.chars().take(100).collect::<String>()
                ),
            ));
        } else if !seen.insert(e.as_str()) {
            v.push(FieldError::body(field, "duplicate", "listed twice"));
        }
    }
}

fn check_retry(v: &mut Validator, r: &RetryConfig) {
    v.check(
        r.max_retries <= MAX_RETRIES,
        "retry_config.max_retries",
        "out_of_range",
        "0 to 10",
    );
    if let Some(d) = r.retry_delay {
        v.check(
            (1..=MAX_RETRY_DELAY).contains(&d),
            "retry_config.retry_delay",
            "out_of_range",
            "1 to 3600 seconds",
        );
    }
    v.check(
        r.backoff_multiplier.is_finite() && (1.0..=MAX_MULTIPLIER).contains(&r.backoff_multiplier),
        "retry_config.backoff_multiplier",
        "out_of_range",
        "1 to 10",
    );
    v.check(
        (1..=MAX_TIMEOUT).contains(&r.timeout),
        "retry_config.timeout",
        "out_of_range",
        "1 to 30 seconds",
    );
}

fn check_description(v: &mut Validator, d: &str) {
    v.check(
        d.chars().count() <= MAX_DESCRIPTION,
        "description",
        "too_long",
        "at most 500 characters",
    );
    if let Err(e) = kernel::text::check_multiline(d) {
        v.push(FieldError::body("description", e.code(), e.message()));
    }
}

/// The URL checked by the guard (DNS included); the canonical form is stored.
async fn check_endpoint(state: &AppState, v: &mut Validator, raw: &str) -> Option<String> {
    match check_url(raw.trim(), guard_policy(state)).await {
        Ok(checked) => Some(checked.url.to_string()),
        Err(e) => {
            v.push(FieldError::body("url", "forbidden", e.to_string()));
            None
        }
    }
}

fn fresh_secret(now: i64) -> SigningSecret {
    SigningSecret {
        secret: crate::signing::new_secret(),
        created_at: now,
        expires_at: None,
    }
}

pub async fn create(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    body: WebhookBody,
) -> Result<WebhookCreated, ApiError> {
    let owner = owner(caller, client)?;
    let mut v = Validator::default();
    let url = check_endpoint(state, &mut v, &body.url).await;
    check_events(&mut v, &body.events);
    if let Some(d) = &body.description {
        check_description(&mut v, d);
    }
    let retry = body.retry_config.unwrap_or_default();
    check_retry(&mut v, &retry);
    v.finish()?;
    let Some(url) = url else {
        return Err(ApiError::internal("a refused URL passed validation"));
    };
    if persist::all(state, caller.tenant).await?.len() >= persist::MAX_PER_ORGANISATION {
        return Err(ApiError::Conflict {
            detail: format!(
                "the organisation has {} webhooks, the most it may have; delete one first",
                persist::MAX_PER_ORGANISATION
            ),
        });
    }
    let now = kernel::time::now().unix_timestamp();
    let record = WebhookRecord {
        id: WebhookId::new(),
        tenant: caller.tenant.clone(),
        client_id: match &owner {
            Owner::Client(c) => Some(c.clone()),
            Owner::Organisation => None,
        },
        url,
        events: body.events,
        description: body.description.filter(|d| !d.trim().is_empty()),
        enabled: body.enabled.unwrap_or(true),
        disabled_reason: None,
        failing_since: None,
        retry,
        secrets: vec![fresh_secret(now)],
        created_at: now,
        updated_at: now,
        created_by: caller.actor.to_owned(),
        version: 1,
    };
    persist::create(state, &record).await?;
    AuditEvent::new("webhook.created")
        .by(caller)
        .target(&record.id)
        .detail(serde_json::json!({"events": record.events, "client_id": record.client_id}))
        .append(&state.store, caller.tenant)
        .await?;
    Ok(WebhookCreated {
        webhook: WebhookView::from(&record),
        secret: record.secrets[0].secret.clone(),
    })
}

/// The subscription, if the caller may see it (404 otherwise, also for another owner's).
pub async fn load(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    id: &WebhookId,
) -> Result<WebhookRecord, ApiError> {
    let owner = owner(caller, client)?;
    match persist::load(state, caller.tenant, id).await? {
        Some(w) if owner.matches(&w) => Ok(w),
        _ => Err(not_found()),
    }
}

/// The owner's subscriptions, oldest first, cursor-paged (all of them fit one partition).
pub async fn list(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    page: &PageParams,
) -> Result<WebhookList, ApiError> {
    let owner = owner(caller, client)?;
    let scope = match &owner {
        Owner::Organisation => "webhooks:organisation".to_owned(),
        Owner::Client(c) => format!("webhooks:client:{c}"),
    };
    let codec = state.cursor_codec().await?;
    let start = match &page.cursor {
        None => 0,
        Some(c) => codec
            .decode_offset(caller.tenant.as_str(), &scope, c)
            .map_err(|_| store::StoreError::InvalidCursor)?,
    };
    let mine: Vec<WebhookRecord> = persist::all(state, caller.tenant)
        .await?
        .into_iter()
        .filter(|w| owner.matches(w))
        .collect();
    let end = (start + page.limit as usize).min(mine.len());
    let items = mine
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(WebhookView::from)
        .collect();
    let next_cursor = if end < mine.len() {
        Some(
            codec
                .encode_offset(caller.tenant.as_str(), &scope, end)
                .map_err(ApiError::internal)?,
        )
    } else {
        None
    };
    Ok(WebhookList { items, next_cursor })
}

fn conflict() -> ApiError {
    ApiError::Conflict {
        detail: "the webhook was changed by another request; read it again and retry".into(),
    }
}

pub async fn update(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    id: &WebhookId,
    change: WebhookUpdate,
) -> Result<WebhookView, ApiError> {
    let current = load(state, caller, client, id).await?;
    let mut v = Validator::default();
    let url = match &change.url {
        Some(u) => check_endpoint(state, &mut v, u).await,
        None => None,
    };
    if let Some(e) = &change.events {
        check_events(&mut v, e);
    }
    if let Some(d) = &change.description {
        check_description(&mut v, d);
    }
    if let Some(r) = &change.retry_config {
        check_retry(&mut v, r);
    }
    let empty = change.url.is_none()
        && change.events.is_none()
        && change.description.is_none()
        && change.enabled.is_none()
        && change.retry_config.is_none();
    v.check(
        !empty,
        "body",
        "empty",
        "name at least one of url, events, description, enabled, retry_config",
    );
    v.finish()?;
    let mut next = current.clone();
    if let Some(u) = url {
        next.url = u;
    }
    if let Some(e) = change.events {
        next.events = e;
    }
    if let Some(d) = change.description {
        next.description = Some(d).filter(|d| !d.trim().is_empty());
    }
    if let Some(r) = change.retry_config {
        next.retry = r;
    }
    if let Some(enabled) = change.enabled {
        next.enabled = enabled;
        if enabled {
            next.disabled_reason = None;
            next.failing_since = None;
        }
    }
    next.updated_at = kernel::time::now().unix_timestamp();
    next.version = current.version + 1;
    if !persist::replace(state, &next, current.version).await? {
        return Err(conflict());
    }
    if !current.enabled && next.enabled {
        // Re-enabled: its failure streak starts afresh.
        persist::clear_streak(state, &next.tenant, &next.id).await?;
    }
    AuditEvent::new("webhook.updated")
        .by(caller)
        .target(&next.id)
        .append(&state.store, caller.tenant)
        .await?;
    Ok(WebhookView::from(&next))
}

pub async fn delete(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    id: &WebhookId,
) -> Result<(), ApiError> {
    let current = load(state, caller, client, id).await?;
    if !persist::delete(state, &current).await? {
        return Err(conflict());
    }
    AuditEvent::new("webhook.deleted")
        .by(caller)
        .target(&current.id)
        .append(&state.store, caller.tenant)
        .await?;
    Ok(())
}

/// A new signing secret; the previous one keeps signing for 24 hours (one older than that is
/// dropped). Shown this once.
pub async fn rotate_secret(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    id: &WebhookId,
) -> Result<WebhookSecret, ApiError> {
    let current = load(state, caller, client, id).await?;
    let now = kernel::time::now().unix_timestamp();
    let until = now + ROTATION_GRACE_SECS;
    let mut next = current.clone();
    let fresh = fresh_secret(now);
    let mut secrets = vec![fresh.clone()];
    if let Some(previous) = current
        .secrets
        .iter()
        .find(|s| s.expires_at.is_none())
        .cloned()
    {
        secrets.push(SigningSecret {
            expires_at: Some(until),
            ..previous
        });
    }
    next.secrets = secrets;
    next.updated_at = now;
    next.version = current.version + 1;
    if !persist::replace(state, &next, current.version).await? {
        return Err(conflict());
    }
    AuditEvent::new("webhook.secret_rotated")
        .by(caller)
        .target(&next.id)
        .append(&state.store, caller.tenant)
        .await?;
    Ok(WebhookSecret {
        webhook_id: next.id.to_string(),
        secret: fresh.secret,
        previous_secret_valid_until: kernel::time::rfc3339_at(until),
    })
}

/// The platform disables an endpoint (it answered 410, or failed for 5 days): once, conditional
/// on the version read. `Some(record)` for the one caller whose write applied (it tells the
/// owners); the change itself is what emits `webhook.disabled` (through the table's stream).
pub async fn disable(
    state: &AppState,
    w: &WebhookRecord,
    reason: DisabledReason,
    failing_since: Option<i64>,
) -> Result<Option<WebhookRecord>, ApiError> {
    if !w.enabled {
        return Ok(None);
    }
    let mut next = w.clone();
    next.enabled = false;
    next.disabled_reason = Some(reason);
    next.failing_since = failing_since;
    next.updated_at = kernel::time::now().unix_timestamp();
    next.version = w.version + 1;
    if !persist::replace(state, &next, w.version).await? {
        return Ok(None);
    }
    AuditEvent::new("webhook.disabled")
        .actor(platform::caller::SYSTEM)
        .target(&next.id)
        .detail(serde_json::json!({"reason": reason.as_str()}))
        .append(&state.store, &w.tenant)
        .await?;
    Ok(Some(next))
}
