//! A webhook subscription and a delivery as they are stored.

use kernel::ids::TenantId;
use serde::{Deserialize, Serialize};

kernel::prefixed_id!(
    /// A webhook subscription (an endpoint with its event filter).
    WebhookId,
    "wh"
);

kernel::prefixed_id!(
    /// One event on its way to one subscription, across all its attempts: the receiver's
    /// idempotency key (`webhook-id`, `X-Webhook-Id`).
    DeliveryId,
    "msg"
);

/// How failed deliveries are retried. Without a `retry_delay`, the platform's schedule (after the
/// first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each ±20 %) is used, cut to
/// `max_retries`; with one, the n-th retry waits `retry_delay × backoff_multiplier^(n-1)` (at most
/// a day).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryConfig {
    /// Retries after the first attempt, 0 to 10 (default 7).
    #[serde(default = "default_max_retries")]
    #[schema(minimum = 0, maximum = 10, example = 7)]
    pub max_retries: u32,
    /// Seconds before the first retry, 1 to 3600; omit for the platform's schedule.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3600, example = 60)]
    pub retry_delay: Option<u32>,
    /// Growth of each later wait, 1 to 10 (default 2).
    #[serde(default = "default_multiplier")]
    #[schema(minimum = 1, maximum = 10, example = 2.0)]
    pub backoff_multiplier: f64,
    /// Seconds one attempt may take, 1 to 30 (default 15).
    #[serde(default = "default_timeout")]
    #[schema(minimum = 1, maximum = 30, example = 15)]
    pub timeout: u32,
}

pub const MAX_RETRIES: u32 = 10;
pub const MAX_RETRY_DELAY: u32 = 3_600;
pub const MAX_MULTIPLIER: f64 = 10.0;
pub const MAX_TIMEOUT: u32 = 30;
/// The longest wait between two attempts a custom schedule reaches.
pub const MAX_WAIT_SECS: i64 = 86_400;
/// The platform's schedule: the wait before retry n (index n-1).
pub const DEFAULT_SCHEDULE_SECS: [i64; 7] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

fn default_max_retries() -> u32 {
    DEFAULT_SCHEDULE_SECS.len() as u32
}
fn default_multiplier() -> f64 {
    2.0
}
fn default_timeout() -> u32 {
    15
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_retries: default_max_retries(),
            retry_delay: None,
            backoff_multiplier: default_multiplier(),
            timeout: default_timeout(),
        }
    }
}

impl RetryConfig {
    /// The base wait (seconds, before jitter) before retry `n` (1-based), `None` past the last.
    pub fn wait_before_retry(&self, n: u32) -> Option<i64> {
        if n == 0 || n > self.max_retries {
            return None;
        }
        Some(match self.retry_delay {
            None => {
                let i = (n as usize - 1).min(DEFAULT_SCHEDULE_SECS.len() - 1);
                DEFAULT_SCHEDULE_SECS[i]
            }
            Some(base) => {
                let wait = f64::from(base) * self.backoff_multiplier.powi(n as i32 - 1);
                (wait.min(MAX_WAIT_SECS as f64)) as i64
            }
        })
    }
}

/// A signing secret; a rotated-out one keeps signing until `expires_at`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SigningSecret {
    pub secret: String,
    pub created_at: i64,
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// Why the platform disabled an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisabledReason {
    /// It answered 410 Gone.
    Gone,
    /// No attempt succeeded for 5 days.
    Failing,
}

impl DisabledReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gone => "gone",
            Self::Failing => "failing",
        }
    }
}

/// A subscription as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookRecord {
    pub id: WebhookId,
    pub tenant: TenantId,
    /// The API client it belongs to; `None` for the organisation's own subscriptions.
    #[serde(default)]
    pub client_id: Option<String>,
    pub url: String,
    pub events: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub enabled: bool,
    /// Set when the platform (not a user) disabled it.
    #[serde(default)]
    pub disabled_reason: Option<DisabledReason>,
    /// Since when every attempt had failed, when the platform disabled it for that.
    #[serde(default)]
    pub failing_since: Option<i64>,
    #[serde(default)]
    pub retry: RetryConfig,
    /// Current first; a rotated-out one until its `expires_at`.
    pub secrets: Vec<SigningSecret>,
    pub created_at: i64,
    pub updated_at: i64,
    pub created_by: String,
    pub version: u64,
}

impl WebhookRecord {
    /// The secrets that sign at `now`: the current one and any still within its grace period.
    pub fn live_secrets(&self, now: i64) -> Vec<&str> {
        self.secrets
            .iter()
            .filter(|s| s.expires_at.is_none_or(|e| e > now))
            .map(|s| s.secret.as_str())
            .collect()
    }
}

/// Who owns a subscription: the organisation, or one of its API clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Organisation,
    Client(String),
}

impl Owner {
    pub fn matches(&self, record: &WebhookRecord) -> bool {
        match self {
            Owner::Organisation => record.client_id.is_none(),
            Owner::Client(c) => record.client_id.as_deref() == Some(c.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_and_a_custom_one() {
        let d = RetryConfig::default();
        let waits: Vec<i64> = (1..=8).filter_map(|n| d.wait_before_retry(n)).collect();
        assert_eq!(waits, DEFAULT_SCHEDULE_SECS.to_vec());
        let c = RetryConfig {
            max_retries: 3,
            retry_delay: Some(60),
            backoff_multiplier: 2.0,
            timeout: 30,
        };
        assert_eq!(c.wait_before_retry(1), Some(60));
        assert_eq!(c.wait_before_retry(3), Some(240));
        assert_eq!(c.wait_before_retry(4), None);
        let huge = RetryConfig {
            max_retries: 10,
            retry_delay: Some(3_600),
            backoff_multiplier: 10.0,
            timeout: 30,
        };
        assert_eq!(huge.wait_before_retry(10), Some(MAX_WAIT_SECS));
    }
}

/// Where a delivery goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A subscription (its URL and secrets are read at each attempt, so a change applies).
    Webhook { webhook_id: WebhookId },
    /// A bulk job's `callback_url`, signed with the organisation's callback secret.
    JobCallback { job_id: String, url: String },
}

impl Target {
    /// The delivery log it is listed in (a subscription's, or the job's).
    pub fn log_id(&self) -> &str {
        match self {
            Target::Webhook { webhook_id } => webhook_id.as_str(),
            Target::JobCallback { job_id, .. } => job_id,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its next attempt (or in one).
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Every attempt failed, or the endpoint said 410 Gone.
    Failed,
    /// Not sent: the subscription was deleted or disabled before it was due.
    Skipped,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }
}

/// What started an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Scheduled,
    Manual,
}

/// One attempt, as the delivery log shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttemptRecord {
    pub attempt: u32,
    /// RFC 3339.
    pub at: String,
    pub status_code: Option<u16>,
    pub duration_ms: u64,
    /// The receiver's answer, cut to 4 KB.
    pub response_body: Option<String>,
    pub error: Option<String>,
    pub trigger: Trigger,
}

/// One event on its way to one target, with every attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliveryRecord {
    pub id: DeliveryId,
    pub tenant: TenantId,
    pub target: Target,
    pub event_id: String,
    pub event_type: String,
    /// The exact body every attempt sends (and signs).
    pub payload: String,
    pub created_at: i64,
    pub status: DeliveryStatus,
    /// Attempts made (claimed) so far.
    pub attempts: u32,
    /// The automatic retries this delivery may still make after a failure (a manual retry is
    /// one attempt with none after it).
    pub retries_left: u32,
    /// When the next attempt is due (epoch s), while pending.
    #[serde(default)]
    pub next_attempt_at: Option<i64>,
    /// An attempt is running until then (a worker claimed it); another worker leaves it alone.
    #[serde(default)]
    pub in_flight_until: Option<i64>,
    /// When the minute sweep queues it (again), while pending: the end of a running attempt's
    /// lease, a long retry's due time, or a grace after a queued message's, in case that message
    /// is lost.
    #[serde(default)]
    pub sweep_at: Option<i64>,
    /// What the pending attempt was started by.
    pub trigger: Trigger,
    #[serde(default)]
    pub log: Vec<AttemptRecord>,
    pub version: u64,
}

/// The most attempts a delivery's log keeps (the newest).
pub const LOG_KEPT: usize = 20;
