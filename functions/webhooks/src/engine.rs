//! The webhook engine's three background functions:
//! - `webhook-dispatcher` (SQS, fed by the bus's dispatch rule): one delivery per (event,
//!   subscriber), found with one Query of the organisation's subscriptions, and a job's
//!   `callback_url` as one more target of its `job.*` event;
//! - `webhook-worker` (SQS, the webhook queue): one attempt per message, signed, claimed first,
//!   recorded after, the next one scheduled; endpoints' health kept and failing ones disabled;
//! - `webhook-sweep` (EventBridge, every minute): deliveries due in the due list put back on
//!   the queue (long retries, lost messages, crashed attempts).
//!
//! Failure semantics are the engine's (`webhooks::engine`): at least once, one id per delivery.

use jobs::model::{CallbackAttempt, CallbackStatus};
use kernel::ids::TenantId;
use platform::queue::{self, Outgoing};
use platform::worker::{Delivery, MessageError};
use platform::AppState;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;
use webhooks::catalogue::{Envelope, VERSION};
use webhooks::engine::{self, AttemptResult, Claim, DeliveryMessage, Outcome};
use webhooks::model::*;
use webhooks::persist;

async fn webhook_queue(state: &AppState) -> Result<queue::Queue, platform::ApiError> {
    queue::named(
        state,
        state.config.queues.webhooks.as_deref(),
        "WEBHOOK_QUEUE_URL",
    )
    .await
}

/// Queues an attempt of each delivery (after `delay` seconds).
pub async fn enqueue(
    state: &AppState,
    deliveries: &[(TenantId, DeliveryId)],
    delay: i64,
) -> Result<(), platform::ApiError> {
    if deliveries.is_empty() {
        return Ok(());
    }
    let q = webhook_queue(state).await?;
    let messages = deliveries
        .iter()
        .map(|(tenant, id)| {
            Outgoing::json(
                &DeliveryMessage {
                    tenant: tenant.clone(),
                    delivery_id: id.clone(),
                },
                tenant.as_str(),
            )
            .map(|m| m.delayed(delay.clamp(0, 900) as i32))
        })
        .collect::<Result<Vec<_>, _>>()?;
    queue::send_all(&q, messages).await?;
    Ok(())
}

// ------------------------------------------------------------------ dispatcher

/// An event as EventBridge hands it to the dispatch queue.
#[derive(Debug, Deserialize)]
pub struct BusMessage {
    pub detail: EventDetail,
}

/// The `detail` the publisher put on the bus.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct EventDetail {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub timestamp: String,
    pub version: u32,
    pub tenant_id: TenantId,
    pub data: Value,
}

fn event_ms(d: &EventDetail) -> u64 {
    kernel::time::parse_rfc3339(&d.timestamp)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000).max(0) as u64)
        .unwrap_or(0)
}

/// The body every subscriber of the event receives: `{id, type, timestamp, data, version}`.
pub fn envelope(d: &EventDetail) -> Result<String, MessageError> {
    serde_json::to_string(&Envelope {
        id: d.id.clone(),
        kind: d.kind.clone(),
        timestamp: d.timestamp.clone(),
        data: d.data.clone(),
        version: VERSION,
    })
    .map_err(|e| MessageError::Permanent(e.to_string()))
}

/// The delivery of a finished job's callback: its body is the job as the API shows it (the
/// shape job callbacks always had), signed with the organisation's callback secret.
pub async fn callback_delivery(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
    event_id: &str,
    at_ms: u64,
) -> Result<Option<DeliveryRecord>, MessageError> {
    let Some(job) = jobs::persist::load(state, tenant, job_id).await? else {
        return Ok(None);
    };
    let (Some(url), true) = (job.callback_url.clone(), job.status.is_finished()) else {
        return Ok(None);
    };
    let kind = match job.status {
        jobs::model::JobStatus::Completed => "job.completed",
        jobs::model::JobStatus::Failed => "job.failed",
        _ => return Ok(None),
    };
    let body = serde_json::to_string(&jobs::callback::CallbackBody {
        id: format!("{}.{}", job.id, kind),
        event_type: kind,
        created_at: job.finished_at.clone().unwrap_or_default(),
        data: jobs::callback::CallbackData { job: job.view() },
    })
    .map_err(|e| MessageError::Permanent(e.to_string()))?;
    Ok(Some(engine::new_delivery(
        tenant,
        Target::JobCallback {
            job_id: job.id.clone(),
            url,
        },
        event_id,
        kind,
        body,
        at_ms,
        &RetryConfig::default(),
    )))
}

/// Creates each delivery once; returns those to queue now (new ones, and existing ones never
/// attempted: a dispatch that stopped between creating and queueing them).
async fn create_all(
    state: &AppState,
    deliveries: Vec<DeliveryRecord>,
) -> Result<Vec<(TenantId, DeliveryId)>, MessageError> {
    let mut out = Vec::new();
    for d in deliveries {
        let fresh = persist::create_delivery(state, &d).await?;
        if fresh {
            out.push((d.tenant.clone(), d.id.clone()));
        } else if let Some(existing) = persist::load_delivery(state, &d.tenant, &d.id).await? {
            if existing.status == DeliveryStatus::Pending && existing.attempts == 0 {
                out.push((d.tenant.clone(), d.id.clone()));
            }
        }
    }
    Ok(out)
}

/// One event: a delivery per enabled subscription whose filter matches (one Query of the
/// organisation's subscriptions), and the job's callback for a `job.*` event.
pub async fn dispatch_event(
    state: &AppState,
    msg: BusMessage,
    _delivery: Delivery,
) -> Result<(), MessageError> {
    let d = msg.detail;
    let payload = envelope(&d)?;
    let at_ms = event_ms(&d);
    let subscribers = persist::all(state, &d.tenant_id).await?;
    let mut deliveries: Vec<DeliveryRecord> = subscribers
        .iter()
        .filter(|w| w.enabled && webhooks::catalogue::matches(&w.events, &d.kind))
        .map(|w| {
            engine::new_delivery(
                &d.tenant_id,
                Target::Webhook {
                    webhook_id: w.id.clone(),
                },
                &d.id,
                &d.kind,
                payload.clone(),
                at_ms,
                &w.retry,
            )
        })
        .collect();
    if matches!(d.kind.as_str(), "job.completed" | "job.failed") {
        if let Some(job_id) = d.data.get("job_id").and_then(Value::as_str) {
            if let Some(cb) = callback_delivery(state, &d.tenant_id, job_id, &d.id, at_ms).await? {
                deliveries.push(cb);
            }
        }
    }
    let targets = deliveries.len();
    let queued = create_all(state, deliveries).await?;
    tracing::info!(event_type = %d.kind, targets, queued = queued.len(), "event dispatched");
    enqueue(state, &queued, 0).await?;
    // The submitter's "job finished" mail, once (a marker); a refused send is retried with the
    // message, whose deliveries above are create-only and go nowhere twice.
    if matches!(d.kind.as_str(), "job.completed" | "job.failed") {
        if let Some(job_id) = d.data.get("job_id").and_then(Value::as_str) {
            operations::notices::job_finished(state, &d.tenant_id, job_id).await?;
        }
    }
    // A contact holding an address that turned invalid gets the organisation's invalid-address
    // rule (idempotent: suppressing or tagging twice changes nothing).
    if d.kind == "person.email_invalid" {
        if let Some(email) = d.data.get("email").and_then(Value::as_str) {
            campaigns::validation::person_email_invalid(state, &d.tenant_id, email).await?;
        }
    }
    // The owners' security mail, at most once per kind and hour (a marker), retried the same way.
    if d.kind.starts_with("security.") {
        operations::notices::security_alert(state, &d.tenant_id, &d.kind, &d.data).await?;
    }
    Ok(())
}

platform::sqs_worker!(BusMessage, dispatch_event, concurrency = 4);

// ------------------------------------------------------------------ worker

/// What the webhook queue carries: a delivery's attempt, or (from before the engine) a job
/// callback, which becomes the job's callback delivery.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum WebhookMessage {
    Delivery(DeliveryMessage),
    Callback(jobs::finish::JobCallback),
}

/// Where and how one delivery is sent.
struct Send {
    url: String,
    secrets: Vec<String>,
    retry: RetryConfig,
    webhook: Option<WebhookRecord>,
}

async fn target(
    state: &AppState,
    d: &DeliveryRecord,
    now: i64,
) -> Result<Result<Send, &'static str>, MessageError> {
    Ok(match &d.target {
        Target::Webhook { webhook_id } => {
            match persist::load(state, &d.tenant, webhook_id).await? {
                None => Err("the webhook was deleted"),
                Some(w) if !w.enabled => Err("the webhook is disabled"),
                Some(w) => Ok(Send {
                    url: w.url.clone(),
                    secrets: w.live_secrets(now).into_iter().map(str::to_owned).collect(),
                    retry: w.retry,
                    webhook: Some(w),
                }),
            }
        }
        Target::JobCallback { url, .. } => {
            let secrets = jobs::callback::signing_secrets(state, &d.tenant).await?;
            if secrets.is_empty() {
                Err("the organisation has no callback secret")
            } else {
                Ok(Send {
                    url: url.clone(),
                    secrets,
                    retry: RetryConfig::default(),
                    webhook: None,
                })
            }
        }
    })
}

/// The job's view of its callback, copied from the delivery.
async fn mirror(state: &AppState, d: &DeliveryRecord) -> Result<(), MessageError> {
    let Target::JobCallback { job_id, .. } = &d.target else {
        return Ok(());
    };
    let attempts: Vec<CallbackAttempt> = d
        .log
        .iter()
        .map(|a| CallbackAttempt {
            attempt: a.attempt,
            at: a.at.clone(),
            status_code: a.status_code,
            error: a.error.clone(),
            duration_ms: a.duration_ms,
        })
        .collect();
    let status = match d.status {
        DeliveryStatus::Pending => CallbackStatus::Pending,
        DeliveryStatus::Delivered => CallbackStatus::Delivered,
        DeliveryStatus::Failed | DeliveryStatus::Skipped => CallbackStatus::Failed,
    };
    jobs::persist::mirror_callback(state, &d.tenant, job_id, &attempts, status).await?;
    Ok(())
}

/// Tells the organisation's owners and admins that an endpoint was disabled.
async fn tell_owners(state: &AppState, w: &WebhookRecord) -> Result<(), MessageError> {
    let why = match w.disabled_reason {
        Some(DisabledReason::Gone) => "it answered 410 Gone".to_owned(),
        _ => "every delivery to it failed for 5 days".to_owned(),
    };
    for admin in access::model::UserRecord::admins(&state.store, &w.tenant).await? {
        let text = format!(
            "The webhook {} ({}) was disabled because {why}. Events are no longer sent to it.\n\n\
             Fix the endpoint, then re-enable it (PUT /v1/webhooks/{} with {{\"enabled\": true}}) \
             and replay what it missed (POST /v1/webhooks/{}/replay).\n",
            w.id, w.url, w.id, w.id
        );
        let mail = mail::Mail::new(
            admin.email,
            "A webhook endpoint was disabled",
            text,
            "webhook_disabled",
        );
        mail::send(state, &mail).await?;
    }
    Ok(())
}

/// One attempt of one delivery.
pub async fn attempt(
    state: &AppState,
    d: DeliveryRecord,
    delivery: &Delivery,
) -> Result<(), MessageError> {
    let now = kernel::time::now().unix_timestamp();
    if d.status != DeliveryStatus::Pending {
        return Ok(());
    }
    let send = match target(state, &d, now).await? {
        Ok(s) => s,
        Err(why) => {
            let written = engine::skip(state, &d, why).await?;
            mirror_written(state, &d, written).await?;
            return Ok(());
        }
    };
    let timeout = Duration::from_secs(u64::from(send.retry.timeout.max(1)));
    // Not enough time left for a whole attempt: leave the message for the next invocation.
    if !delivery.has_time_for(timeout + Duration::from_secs(2)) {
        return Err(MessageError::Retryable(
            "not enough time left for an attempt".into(),
        ));
    }
    let lease = timeout.as_secs() as i64 + engine::LEASE_GRACE_SECS;
    // One slow endpoint holds at most SLOTS_PER_ENDPOINT workers.
    let slot = match &send.webhook {
        Some(w) => {
            let first = rand::random::<u32>() % engine::SLOTS_PER_ENDPOINT;
            let request = persist::SlotRequest {
                slots: engine::SLOTS_PER_ENDPOINT,
                first,
                holder: &delivery.message_id,
                now,
                until: now + lease,
            };
            match persist::take_slot(state, &d.tenant, &w.id, request).await? {
                Some(s) => Some((w.id.clone(), s)),
                None => {
                    enqueue(
                        state,
                        &[(d.tenant.clone(), d.id.clone())],
                        engine::BUSY_WAIT_SECS,
                    )
                    .await?;
                    return Ok(());
                }
            }
        }
        None => None,
    };
    let result = run_claimed(state, &d, &send, timeout, lease, now).await;
    if let Some((webhook_id, s)) = slot {
        persist::release_slot(state, &d.tenant, &webhook_id, s, &delivery.message_id).await?;
    }
    result
}

async fn run_claimed(
    state: &AppState,
    d: &DeliveryRecord,
    send: &Send,
    timeout: Duration,
    lease: i64,
    now: i64,
) -> Result<(), MessageError> {
    let claimed = match engine::claim(state, d, now, lease).await? {
        Claim::Go(c) => *c,
        Claim::Nothing | Claim::NotYet => return Ok(()),
    };
    let t = kernel::time::now().unix_timestamp();
    let secrets: Vec<&str> = send.secrets.iter().map(String::as_str).collect();
    let headers = engine::headers(&claimed, &secrets, t);
    let policy = webhooks::subscriptions::guard_policy(state);
    let sent = webhooks::deliver::post(
        &send.url,
        &headers,
        claimed.payload.clone().into_bytes(),
        policy,
        timeout,
    )
    .await;
    let result = AttemptResult {
        status_code: sent.status_code,
        error: sent.error.clone(),
        duration_ms: sent.duration_ms,
        response_body: sent.response_body.clone(),
        retry_after_secs: sent.retry_after_secs,
    };
    let done_at = kernel::time::now().unix_timestamp();
    let (outcome, written) = engine::record(state, &claimed, &result, &send.retry, done_at).await?;
    tracing::info!(
        delivery_id = %claimed.id,
        attempt = claimed.attempts,
        status = ?result.status_code,
        outcome = ?outcome,
        "webhook attempt"
    );
    if let Some(w) = &send.webhook {
        let health = persist::record_health(
            state,
            &d.tenant,
            &w.id,
            result.succeeded(),
            done_at,
            result.error.as_deref(),
        )
        .await?;
        let disable = match (&outcome, health.failing_since) {
            (Outcome::GaveUp { gone: true }, since) => Some((DisabledReason::Gone, since)),
            (Outcome::Delivered, _) => None,
            (_, Some(since)) if done_at - since >= disable_after(state) => {
                Some((DisabledReason::Failing, Some(since)))
            }
            _ => None,
        };
        if let Some((reason, since)) = disable {
            if let Some(disabled) =
                webhooks::subscriptions::disable(state, w, reason, since).await?
            {
                tracing::warn!(webhook_id = %w.id, reason = reason.as_str(), "webhook disabled");
                tell_owners(state, &disabled).await?;
            }
        }
    }
    if let Outcome::Retry(wait) = outcome {
        if wait <= engine::SQS_MAX_DELAY_SECS {
            enqueue(state, &[(d.tenant.clone(), d.id.clone())], wait).await?;
        }
    }
    mirror_written(state, &claimed, written).await
}

/// Mirrors a job callback's delivery onto its job: the record just written, or (when another
/// writer changed it meanwhile) the current one.
async fn mirror_written(
    state: &AppState,
    d: &DeliveryRecord,
    written: Option<DeliveryRecord>,
) -> Result<(), MessageError> {
    if !matches!(d.target, Target::JobCallback { .. }) {
        return Ok(());
    }
    let current = match written {
        Some(w) => Some(w),
        None => persist::load_delivery(state, &d.tenant, &d.id).await?,
    };
    match current {
        Some(c) => mirror(state, &c).await,
        None => Ok(()),
    }
}

/// How long an endpoint may fail before it is disabled (`WEBHOOK_DISABLE_AFTER_SECS`, default
/// 5 days).
fn disable_after(state: &AppState) -> i64 {
    state
        .config
        .var("WEBHOOK_DISABLE_AFTER_SECS")
        .and_then(|v| v.parse().ok())
        .filter(|v: &i64| *v > 0)
        .unwrap_or(engine::DISABLE_AFTER_SECS)
}

/// The webhook worker's handler.
pub async fn handle(
    state: &AppState,
    msg: WebhookMessage,
    delivery: Delivery,
) -> Result<(), MessageError> {
    match msg {
        WebhookMessage::Delivery(m) => {
            match persist::load_delivery(state, &m.tenant, &m.delivery_id).await? {
                Some(d) => attempt(state, d, &delivery).await,
                None => Ok(()),
            }
        }
        WebhookMessage::Callback(cb) => {
            let event_id = format!("{}.callback", cb.job_id);
            let at_ms = (kernel::time::now().unix_timestamp_nanos() / 1_000_000).max(0) as u64;
            if let Some(d) =
                callback_delivery(state, &cb.tenant, &cb.job_id, &event_id, at_ms).await?
            {
                let queued = create_all(state, vec![d]).await?;
                enqueue(state, &queued, 0).await?;
            }
            Ok(())
        }
    }
}

pub mod worker {
    platform::sqs_worker!(super::WebhookMessage, super::handle, concurrency = 8);
}

// ------------------------------------------------------------------ sweep

/// What one sweep did.
#[derive(Debug, Default, Serialize)]
pub struct SweepReport {
    pub queued: usize,
    pub shards_unfinished: usize,
}

/// Puts every delivery due by now back on the queue (a page per shard; a shard with more is
/// finished by the next run, a minute later), moving each one's place in the due list a grace
/// ahead so a waiting message is not doubled every minute. Bounded by the invocation's deadline.
pub async fn sweep(state: &AppState) -> Result<SweepReport, platform::ApiError> {
    let now = kernel::time::now().unix_timestamp();
    let mut report = SweepReport::default();
    for shard in 0..persist::DUE_SHARDS {
        if platform::worker::invocation_deadline().is_some_and(|d| {
            d.saturating_duration_since(std::time::Instant::now())
                < platform::worker::DEADLINE_MARGIN * 2
        }) {
            report.shards_unfinished += (persist::DUE_SHARDS - shard) as usize;
            break;
        }
        let due = persist::due_deliveries(state, shard, now, 200).await?;
        if due.len() == 200 {
            report.shards_unfinished += 1;
        }
        let refs: Vec<(TenantId, DeliveryId)> = due
            .iter()
            .map(|d| (d.tenant.clone(), d.id.clone()))
            .collect();
        enqueue(state, &refs, 0).await?;
        for d in &due {
            persist::bump_due(state, d, now + engine::DUE_GRACE_SECS).await?;
        }
        report.queued += due.len();
    }
    if report.queued > 0 {
        tracing::info!(
            queued = report.queued,
            "webhook sweep queued due deliveries"
        );
    }
    Ok(report)
}

/// The sweep's schedule handler.
pub fn sweep_dispatch(
    state: &AppState,
    _event: Value,
) -> platform::runtime::BoxFuture<'_, Result<(), platform::runtime::WorkerError>> {
    Box::pin(async move {
        sweep(state).await?;
        Ok(())
    })
}
