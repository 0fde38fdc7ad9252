//! The delivery engine: one delivery per (event, target), attempts claimed before they are made,
//! outcomes recorded, retries scheduled, endpoints' health kept.
//!
//! Failure semantics (at least once, with one id per delivery across all its attempts):
//! - A delivery is created once: its id is derived from the event id and the target, and the put
//!   is create-only, so an event dispatched twice (a redelivered batch) makes no second delivery.
//! - An attempt is claimed before it is made (a versioned write raising `attempts` and setting a
//!   lease, `in_flight_until`): of two workers holding the same message, one claims, the other
//!   leaves it. A worker that dies mid-attempt leaves the lease, and the delivery sits in the due
//!   list at the lease's end, so the sweep queues it again and the attempt is made again (the
//!   receiver sees the same `webhook-id` and de-duplicates).
//! - After a 2xx the delivery is `delivered`, and nothing sends it again (unless a user asks:
//!   a manual retry). A crash between the receiver's 2xx and that write is the one case in which
//!   the receiver sees a second attempt: at-least-once, never at-most-once.
//! - Short waits (≤ 15 min) ride on SQS message delays; longer ones wait in the due list, which
//!   the minute sweep puts back on the queue. A due delivery whose message was lost is also
//!   found there.

use crate::model::*;
use crate::persist;
use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::StoreError;

/// Deliveries to one endpoint in flight at once: one slow receiver holds at most this many
/// workers (the rest wait a few seconds and try again).
pub const SLOTS_PER_ENDPOINT: u32 = 4;
/// How long a busy endpoint's delivery waits before it tries for a slot again.
pub const BUSY_WAIT_SECS: i64 = 5;
/// Failing this long with no success disables an endpoint.
pub const DISABLE_AFTER_SECS: i64 = 5 * 86_400;
/// The longest SQS message delay; a longer wait goes through the due list and the sweep.
pub const SQS_MAX_DELAY_SECS: i64 = 900;
/// A claimed attempt's lease outlasts its timeout by this much.
pub const LEASE_GRACE_SECS: i64 = 30;
/// A retry that rides on an SQS delay is in the due list this much after it is due, so the
/// sweep only queues it if its message was lost.
pub const DUE_GRACE_SECS: i64 = 120;
/// The 429 / 502 / 503 / 504 floor: a receiver that says it is overloaded waits at least this.
pub const THROTTLE_FLOOR_SECS: i64 = 60;

/// The message on the webhook queue: which delivery to attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryMessage {
    pub tenant: TenantId,
    pub delivery_id: DeliveryId,
}

/// The delivery id of `event_id` for `target`: the same every time it is computed (so a second
/// dispatch of an event finds the first's delivery), time-ordered by the event's time.
pub fn delivery_id(event_id: &str, target: &Target, at_ms: u64) -> DeliveryId {
    let mut h = Sha256::new();
    h.update(event_id.as_bytes());
    h.update([0]);
    match target {
        Target::Webhook { webhook_id } => h.update(webhook_id.as_str().as_bytes()),
        Target::JobCallback { job_id, url } => {
            h.update(job_id.as_bytes());
            h.update([0]);
            h.update(url.as_bytes());
        }
    }
    let digest = h.finalize();
    let mut random = [0u8; 16];
    random[6..].copy_from_slice(&digest[..10]);
    let ulid = kernel::ids::Ulid::from_parts(at_ms, u128::from_be_bytes(random));
    let text = format!("{}_{}", DeliveryId::PREFIX, ulid);
    match text.parse() {
        Ok(id) => id,
        Err(_) => unreachable!("a ULID with the prefix is a delivery id"),
    }
}

/// A new pending delivery, due now.
pub fn new_delivery(
    tenant: &TenantId,
    target: Target,
    event_id: &str,
    event_type: &str,
    payload: String,
    at_ms: u64,
    retry: &RetryConfig,
) -> DeliveryRecord {
    let now = kernel::time::now().unix_timestamp();
    DeliveryRecord {
        id: delivery_id(event_id, &target, at_ms),
        tenant: tenant.clone(),
        target,
        event_id: event_id.to_owned(),
        event_type: event_type.to_owned(),
        payload,
        created_at: now,
        status: DeliveryStatus::Pending,
        attempts: 0,
        retries_left: retry.max_retries,
        next_attempt_at: Some(now),
        in_flight_until: None,
        sweep_at: Some(now + DUE_GRACE_SECS),
        trigger: Trigger::Scheduled,
        log: Vec::new(),
        version: 1,
    }
}

/// The wait before the next attempt: the schedule's `base` ±20 %, at least a minute when the
/// receiver said it is overloaded, and `Retry-After` honoured within [base, 2 × base].
pub fn next_wait(base: i64, status: Option<u16>, retry_after: Option<u64>, roll: f64) -> i64 {
    let jitter = 1.0 + (roll.clamp(0.0, 1.0) * 0.4 - 0.2);
    let mut wait = ((base as f64) * jitter).round() as i64;
    if matches!(status, Some(429 | 502 | 503 | 504)) {
        wait = wait.max(THROTTLE_FLOOR_SECS);
    }
    if let Some(ra) = retry_after {
        wait = (ra as i64)
            .clamp(base, base.saturating_mul(2))
            .max(wait.min(base));
    }
    wait.max(1)
}

/// What a worker may do with a delivery it was handed.
#[derive(Debug)]
pub enum Claim {
    /// Make the attempt: the claimed record (its lease taken).
    Go(Box<DeliveryRecord>),
    /// Nothing to do: delivered, failed, skipped, or another worker's attempt is running.
    Nothing,
    /// Not due yet (an early or duplicate message); the due list brings it back.
    NotYet,
}

/// Claims the next attempt of `d` for `lease_secs` (a versioned write: of concurrent claims of
/// one record exactly one succeeds).
pub async fn claim(
    state: &AppState,
    d: &DeliveryRecord,
    now: i64,
    lease_secs: i64,
) -> Result<Claim, StoreError> {
    if d.status != DeliveryStatus::Pending {
        return Ok(Claim::Nothing);
    }
    if d.in_flight_until.is_some_and(|until| until > now) {
        return Ok(Claim::Nothing);
    }
    // A message may arrive a little before its due time (delays are rounded): a second early.
    if d.next_attempt_at.is_some_and(|due| due > now + 1) {
        return Ok(Claim::NotYet);
    }
    let mut next = d.clone();
    next.attempts += 1;
    next.in_flight_until = Some(now + lease_secs);
    next.sweep_at = Some(now + lease_secs);
    next.version = d.version + 1;
    Ok(
        if persist::replace_delivery(state, &next, d.version).await? {
            Claim::Go(Box::new(next))
        } else {
            Claim::Nothing
        },
    )
}

/// What an attempt came to, for the worker's next steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Retry after this many seconds.
    Retry(i64),
    /// No retry left, or the receiver said 410 Gone.
    GaveUp {
        gone: bool,
    },
}

/// The attempt's result, as the worker saw it.
#[derive(Debug, Clone)]
pub struct AttemptResult {
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: u64,
    pub response_body: Option<String>,
    pub retry_after_secs: Option<u64>,
}

impl AttemptResult {
    pub fn succeeded(&self) -> bool {
        self.status_code.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Records the claimed attempt's result and schedules what follows (versioned on the claim: a
/// record changed since, by a manual retry say, is left as it is). Returns what happens next.
pub async fn record(
    state: &AppState,
    claimed: &DeliveryRecord,
    result: &AttemptResult,
    retry: &RetryConfig,
    now: i64,
) -> Result<(Outcome, Option<DeliveryRecord>), StoreError> {
    let mut next = claimed.clone();
    next.log.push(AttemptRecord {
        attempt: claimed.attempts,
        at: kernel::time::rfc3339_at(now),
        status_code: result.status_code,
        duration_ms: result.duration_ms,
        response_body: result.response_body.clone(),
        error: result.error.clone(),
        trigger: claimed.trigger,
    });
    if next.log.len() > LOG_KEPT {
        let extra = next.log.len() - LOG_KEPT;
        next.log.drain(..extra);
    }
    next.in_flight_until = None;
    next.version = claimed.version + 1;
    let gone = result.status_code == Some(410);
    let outcome = if result.succeeded() {
        next.status = DeliveryStatus::Delivered;
        next.next_attempt_at = None;
        Outcome::Delivered
    } else if gone || claimed.retries_left == 0 {
        next.status = DeliveryStatus::Failed;
        next.next_attempt_at = None;
        Outcome::GaveUp { gone }
    } else {
        let n = retry.max_retries.saturating_sub(claimed.retries_left) + 1;
        let base = retry
            .wait_before_retry(n.min(retry.max_retries.max(1)))
            .unwrap_or(DEFAULT_SCHEDULE_SECS[0]);
        let wait = next_wait(
            base,
            result.status_code,
            result.retry_after_secs,
            rand::random::<f64>(),
        );
        next.retries_left = claimed.retries_left - 1;
        next.next_attempt_at = Some(now + wait);
        next.trigger = Trigger::Scheduled;
        // In the due list at the attempt (the sweep queues it), or after a grace when an SQS
        // delay carries it (the sweep only if the message is lost).
        next.sweep_at = Some(if wait <= SQS_MAX_DELAY_SECS {
            now + wait + DUE_GRACE_SECS
        } else {
            now + wait
        });
        Outcome::Retry(wait)
    };
    if next.status != DeliveryStatus::Pending {
        next.sweep_at = None;
    }
    if !persist::replace_delivery(state, &next, claimed.version).await? {
        tracing::info!(delivery_id = %claimed.id, "the delivery changed during its attempt; its result is not recorded");
        return Ok((outcome, None));
    }
    Ok((outcome, Some(next)))
}

/// Marks a pending delivery skipped (its subscription is gone or disabled); the record written,
/// `None` when the delivery changed meanwhile (nothing written).
pub async fn skip(
    state: &AppState,
    d: &DeliveryRecord,
    why: &str,
) -> Result<Option<DeliveryRecord>, StoreError> {
    let mut next = d.clone();
    next.status = DeliveryStatus::Skipped;
    next.next_attempt_at = None;
    next.in_flight_until = None;
    next.sweep_at = None;
    next.log.push(AttemptRecord {
        attempt: d.attempts,
        at: kernel::time::rfc3339(kernel::time::now()),
        status_code: None,
        duration_ms: 0,
        response_body: None,
        error: Some(why.to_owned()),
        trigger: d.trigger,
    });
    next.version = d.version + 1;
    Ok(persist::replace_delivery(state, &next, d.version)
        .await?
        .then_some(next))
}

/// Puts a delivery up for one more attempt now, started by a user: any delivery not in an
/// attempt. A manual attempt has no automatic retries after it. `None` when it is in flight or
/// changed meanwhile.
pub async fn retry_now(
    state: &AppState,
    d: &DeliveryRecord,
) -> Result<Option<DeliveryRecord>, StoreError> {
    let now = kernel::time::now().unix_timestamp();
    if d.in_flight_until.is_some_and(|u| u > now) {
        return Ok(None);
    }
    let mut next = d.clone();
    next.status = DeliveryStatus::Pending;
    next.next_attempt_at = Some(now);
    next.in_flight_until = None;
    next.sweep_at = Some(now + DUE_GRACE_SECS);
    next.trigger = Trigger::Manual;
    next.retries_left = 0;
    next.version = d.version + 1;
    Ok(persist::replace_delivery(state, &next, d.version)
        .await?
        .then_some(next))
}

/// The headers of one attempt: the seed's and Standard Webhooks', over `body` at `t`.
pub fn headers(d: &DeliveryRecord, secrets: &[&str], t: i64) -> Vec<(&'static str, String)> {
    let body = d.payload.as_bytes();
    vec![
        ("x-webhook-id", d.id.to_string()),
        ("x-webhook-event", d.event_type.clone()),
        ("x-webhook-timestamp", t.to_string()),
        (
            "x-webhook-signature",
            crate::signing::signature_header(secrets, t, body),
        ),
        ("webhook-id", d.id.to_string()),
        ("webhook-timestamp", t.to_string()),
        (
            "webhook-signature",
            crate::signing::standard_signature(secrets, d.id.as_str(), t, body),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_id_per_event_and_target() {
        let w: WebhookId = "wh_01JD8X3Q6ZC1V9M7R2K4T5W6YA".parse().unwrap();
        let t = Target::Webhook { webhook_id: w };
        let a = delivery_id("evt_1", &t, 1_700_000_000_000);
        assert_eq!(a, delivery_id("evt_1", &t, 1_700_000_000_000));
        assert_ne!(a, delivery_id("evt_2", &t, 1_700_000_000_000));
        let other = Target::Webhook {
            webhook_id: "wh_01JD8X3Q6ZC1V9M7R2K4T5W6YB".parse().unwrap(),
        };
        assert_ne!(a, delivery_id("evt_1", &other, 1_700_000_000_000));
        assert!(a.as_str().starts_with("msg_"));
    }

    #[test]
    fn waits_jitter_and_honour_retry_after_within_bounds() {
        assert_eq!(next_wait(300, Some(500), None, 0.5), 300);
        assert_eq!(next_wait(300, Some(500), None, 0.0), 240);
        assert_eq!(next_wait(300, Some(500), None, 1.0), 360);
        // Overloaded: at least a minute.
        assert_eq!(next_wait(5, Some(429), None, 0.5), 60);
        // Retry-After within [base, 2 × base].
        assert_eq!(next_wait(300, Some(503), Some(10_000), 0.5), 600);
        assert_eq!(next_wait(300, Some(503), Some(400), 0.5), 400);
        assert_eq!(next_wait(300, Some(503), Some(1), 0.5), 300);
    }
}
