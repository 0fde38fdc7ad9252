//! A subscription's delivery log and what users do with it: read it, retry one delivery, replay
//! everything that failed since a time, send a test event. Access as for the subscription
//! (`subscriptions::load`): another owner's deliveries are a 404.

use crate::catalogue::{Envelope, WebhookTest, VERSION};
use crate::engine;
use crate::model::*;
use crate::persist::{self, LogFilter};
use crate::subscriptions;
use kernel::error::ApiError;
use platform::{AppState, Caller};
use serde::{Deserialize, Serialize};
use store::PageParams;

/// The most failed deliveries one replay call queues (the answer says whether more remain).
pub const REPLAY_MAX: usize = 500;

/// A delivery as the log shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    /// `msg_…`: the `webhook-id` / `X-Webhook-Id` of every attempt.
    pub id: String,
    pub event_id: String,
    pub event_type: String,
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempt_count: u32,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<String>,
    /// Every attempt (the newest 20): time, status, duration, the answer cut to 4 KB, error,
    /// trigger.
    pub attempts: Vec<AttemptRecord>,
    pub created_at: String,
    /// The exact body every attempt sends.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

impl From<&DeliveryRecord> for DeliveryView {
    fn from(d: &DeliveryRecord) -> Self {
        Self {
            id: d.id.to_string(),
            event_id: d.event_id.clone(),
            event_type: d.event_type.clone(),
            status: d.status,
            attempt_count: d.attempts,
            next_attempt_at: (d.status == DeliveryStatus::Pending)
                .then_some(d.next_attempt_at)
                .flatten()
                .map(kernel::time::rfc3339_at),
            attempts: d.log.clone(),
            created_at: kernel::time::rfc3339_at(d.created_at),
            payload: serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::Null),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryList {
    pub items: Vec<DeliveryView>,
    pub next_cursor: Option<String>,
}

/// `POST …/replay`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayBody {
    /// Failed deliveries created at or after this time (RFC 3339) are sent again.
    #[schema(example = "2026-12-01T00:00:00Z", format = DateTime)]
    pub since: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Replayed {
    /// Deliveries queued again.
    pub queued: usize,
    /// Whether more failed deliveries remain (call again with the same `since`).
    pub more: bool,
}

/// What the log of a subscription keeps.
pub struct Query {
    pub status: Option<DeliveryStatus>,
    pub event_type: Option<String>,
}

pub async fn log(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    webhook: &WebhookId,
    query: Query,
    page: &PageParams,
) -> Result<DeliveryList, ApiError> {
    let w = subscriptions::load(state, caller, client, webhook).await?;
    let codec = state.cursor_codec().await?;
    let filter = LogFilter {
        status: query.status,
        event_type: query.event_type,
        since: None,
    };
    let page =
        persist::delivery_log(state, caller.tenant, w.id.as_str(), &filter, page, codec).await?;
    Ok(DeliveryList {
        items: page.items.iter().map(DeliveryView::from).collect(),
        next_cursor: page.next_cursor,
    })
}

async fn delivery_of(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    webhook: &WebhookId,
    id: &DeliveryId,
) -> Result<(WebhookRecord, DeliveryRecord), ApiError> {
    let w = subscriptions::load(state, caller, client, webhook).await?;
    match persist::load_delivery(state, caller.tenant, id).await? {
        Some(d) if d.target.log_id() == w.id.as_str() => Ok((w, d)),
        _ => Err(ApiError::NotFound {
            detail: "no such delivery of this webhook".into(),
        }),
    }
}

pub async fn one(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    webhook: &WebhookId,
    id: &DeliveryId,
) -> Result<DeliveryView, ApiError> {
    let (_, d) = delivery_of(state, caller, client, webhook, id).await?;
    Ok(DeliveryView::from(&d))
}

fn must_be_enabled(w: &WebhookRecord) -> Result<(), ApiError> {
    if w.enabled {
        Ok(())
    } else {
        Err(ApiError::Conflict {
            detail: "the webhook is disabled: enable it first (PUT with enabled: true)".into(),
        })
    }
}

/// One more attempt of a delivery, now (any status; 409 while an attempt is running). The
/// caller queues the returned delivery.
pub async fn retry(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    webhook: &WebhookId,
    id: &DeliveryId,
) -> Result<DeliveryRecord, ApiError> {
    let (w, d) = delivery_of(state, caller, client, webhook, id).await?;
    must_be_enabled(&w)?;
    engine::retry_now(state, &d)
        .await?
        .ok_or_else(|| ApiError::Conflict {
            detail: "an attempt of this delivery is running; try again in a minute".into(),
        })
}

/// Every failed delivery of the subscription created since `since`, up for one more attempt
/// each (at most [`REPLAY_MAX`] per call). The caller queues them.
pub async fn replay(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    webhook: &WebhookId,
    since: i64,
) -> Result<(Vec<DeliveryRecord>, bool), ApiError> {
    let w = subscriptions::load(state, caller, client, webhook).await?;
    must_be_enabled(&w)?;
    let codec = state.cursor_codec().await?;
    let filter = LogFilter {
        status: Some(DeliveryStatus::Failed),
        event_type: None,
        since: Some(since),
    };
    let mut out = Vec::new();
    let mut page = PageParams {
        limit: 100,
        cursor: None,
    };
    loop {
        let found =
            persist::delivery_log(state, caller.tenant, w.id.as_str(), &filter, &page, codec)
                .await?;
        for d in &found.items {
            if out.len() >= REPLAY_MAX {
                return Ok((out, true));
            }
            if let Some(next) = engine::retry_now(state, d).await? {
                out.push(next);
            }
        }
        match found.next_cursor {
            Some(c) => page.cursor = Some(c),
            None => return Ok((out, false)),
        }
    }
}

/// A `webhook.test` event for this subscription alone, now (sent even if its filter does not
/// name it). The caller queues the returned delivery.
pub async fn test_event(
    state: &AppState,
    caller: &Caller<'_>,
    client: Option<&str>,
    webhook: &WebhookId,
) -> Result<DeliveryRecord, ApiError> {
    let w = subscriptions::load(state, caller, client, webhook).await?;
    must_be_enabled(&w)?;
    let now = kernel::time::now();
    let event_id = format!("evt_{}", kernel::ids::Ulid::new());
    let payload = serde_json::to_string(&Envelope {
        id: event_id.clone(),
        kind: "webhook.test".to_owned(),
        timestamp: kernel::time::rfc3339(now),
        data: WebhookTest {
            webhook_id: w.id.to_string(),
            message: "A test event sent on request.".into(),
        },
        version: VERSION,
    })
    .map_err(ApiError::internal)?;
    let mut d = engine::new_delivery(
        caller.tenant,
        Target::Webhook {
            webhook_id: w.id.clone(),
        },
        &event_id,
        "webhook.test",
        payload,
        (now.unix_timestamp_nanos() / 1_000_000).max(0) as u64,
        &RetryConfig {
            max_retries: 0,
            ..w.retry
        },
    );
    d.trigger = Trigger::Manual;
    d.retries_left = 0;
    persist::create_delivery(state, &d).await?;
    Ok(d)
}

/// A subscription's health for dashboards.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookHealth {
    pub webhook_id: String,
    pub url: String,
    pub enabled: bool,
    pub disabled_reason: Option<DisabledReason>,
    /// Attempts answered 2xx over all attempts (null before the first).
    pub success_rate: Option<f64>,
    pub succeeded: u64,
    pub failed: u64,
    pub last_success_at: Option<String>,
    pub last_failure_at: Option<String>,
    pub last_error: Option<String>,
    /// Since when every attempt failed, while that lasts.
    pub failing_since: Option<String>,
}

/// The health of every subscription of an owner.
pub async fn health_of(
    state: &AppState,
    hooks: &[WebhookRecord],
) -> Result<Vec<WebhookHealth>, ApiError> {
    let mut out = Vec::new();
    for w in hooks {
        let h = persist::health(state, &w.tenant, &w.id).await?;
        let total = h.succeeded + h.failed;
        out.push(WebhookHealth {
            webhook_id: w.id.to_string(),
            url: w.url.clone(),
            enabled: w.enabled,
            disabled_reason: w.disabled_reason,
            success_rate: (total > 0)
                .then(|| ((h.succeeded as f64 / total as f64) * 1000.0).round() / 1000.0),
            succeeded: h.succeeded,
            failed: h.failed,
            last_success_at: h.last_success_at.map(kernel::time::rfc3339_at),
            last_failure_at: h.last_failure_at.map(kernel::time::rfc3339_at),
            last_error: h.last_error,
            failing_since: h.failing_since.map(kernel::time::rfc3339_at),
        });
    }
    Ok(out)
}
