//! Usage analytics of a client, read from the hourly items `platform::partner::record` writes:
//! a report reads `USAGE_SHARDS` items per hour of its range (one Query per shard), whatever the
//! number of requests.

use crate::clients;
use access::partner::*;
use kernel::error::{ApiError, FieldError, Location};
use kernel::ids::TenantId;
use platform::partner::{peek, Window, LATENCY_BOUNDS_MS};
use platform::AppState;
use serde::Serialize;
use std::collections::BTreeMap;
use store::keys;

/// The longest range one report covers.
pub const MAX_RANGE_SECS: i64 = 93 * 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Hour,
    Day,
}

impl std::str::FromStr for GroupBy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "hour" => Ok(Self::Hour),
            "day" => Ok(Self::Day),
            _ => Err("must be hour or day".into()),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EndpointUsage {
    #[schema(example = "POST /v1/people/enrich")]
    pub endpoint: String,
    pub count: u64,
    pub avg_response_time: f64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TimeBucket {
    /// Start of the bucket (RFC 3339).
    pub time: String,
    pub count: u64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorCount {
    pub status_code: u16,
    pub count: u64,
}

/// Seed 004's usage statistics, in the API's snake_case.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UsageReport {
    pub from: String,
    pub to: String,
    pub total_requests: u64,
    pub successful_requests: u64,
    pub failed_requests: u64,
    /// Milliseconds.
    pub average_response_time: f64,
    /// Milliseconds: the upper bound of the histogram bucket holding the 95th percentile.
    pub p95_response_time: Option<u64>,
    pub requests_by_endpoint: Vec<EndpointUsage>,
    pub requests_by_time: Vec<TimeBucket>,
    pub top_error_codes: Vec<ErrorCount>,
}

#[derive(Debug, Default)]
struct Totals {
    n: u64,
    ok: u64,
    fail: u64,
    ms: f64,
    buckets: Vec<u64>,
    endpoints: BTreeMap<String, (u64, f64)>,
    errors: BTreeMap<u16, u64>,
    by_time: BTreeMap<i64, u64>,
}

fn num(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

impl Totals {
    fn add(&mut self, item: &serde_json::Map<String, serde_json::Value>, bucket_start: i64) {
        if self.buckets.is_empty() {
            self.buckets = vec![0; LATENCY_BOUNDS_MS.len() + 1];
        }
        let n = item.get("n").map(num).unwrap_or(0.0) as u64;
        self.n += n;
        self.ok += item.get("ok").map(num).unwrap_or(0.0) as u64;
        self.fail += item.get("fail").map(num).unwrap_or(0.0) as u64;
        self.ms += item.get("ms").map(num).unwrap_or(0.0);
        *self.by_time.entry(bucket_start).or_default() += n;
        for (k, v) in item {
            if let Some(b) = k.strip_prefix('b').and_then(|i| i.parse::<usize>().ok()) {
                if let Some(slot) = self.buckets.get_mut(b) {
                    *slot += num(v) as u64;
                }
            } else if let Some(e) = k.strip_prefix("e:") {
                self.endpoints.entry(e.to_owned()).or_default().0 += num(v) as u64;
            } else if let Some(e) = k.strip_prefix("t:") {
                self.endpoints.entry(e.to_owned()).or_default().1 += num(v);
            } else if let Some(code) = k.strip_prefix("s:").and_then(|c| c.parse::<u16>().ok()) {
                *self.errors.entry(code).or_default() += num(v) as u64;
            }
        }
    }

    fn p95(&self) -> Option<u64> {
        if self.n == 0 {
            return None;
        }
        let target = (self.n as f64 * 0.95).ceil() as u64;
        let mut seen = 0;
        for (i, c) in self.buckets.iter().enumerate() {
            seen += c;
            if seen >= target {
                return Some(LATENCY_BOUNDS_MS.get(i).copied().unwrap_or(u64::MAX));
            }
        }
        None
    }
}

async fn totals(
    state: &AppState,
    tenant: &TenantId,
    client: &ClientId,
    from: i64,
    to: i64,
    group: GroupBy,
) -> Result<Totals, ApiError> {
    let codec = state.cursor_codec().await?;
    let first_hour = from - from.rem_euclid(3600);
    let queries = (0..keys::USAGE_SHARDS).map(|shard| {
        let spec = keys::client_usage_hours(tenant, client.as_str(), shard, first_hour, to);
        async move {
            state
                .store
                .query_all::<serde_json::Map<String, serde_json::Value>>(
                    tenant, &spec, 5_000, codec,
                )
                .await
        }
    });
    let mut t = Totals::default();
    for shard in futures::future::join_all(queries).await {
        for item in shard? {
            let hour = item.get("hour").and_then(|h| h.as_i64()).unwrap_or(0);
            let bucket = match group {
                GroupBy::Hour => hour,
                GroupBy::Day => hour - hour.rem_euclid(86_400),
            };
            t.add(&item, bucket);
        }
    }
    Ok(t)
}

/// The usage report of a client over `[from, to]` (epoch seconds, to the hour).
pub async fn report(
    state: &AppState,
    tenant: &TenantId,
    client_id: &ClientId,
    from: Option<i64>,
    to: Option<i64>,
    group: GroupBy,
) -> Result<UsageReport, ApiError> {
    let client = clients::load(state, tenant, client_id).await?;
    let now = kernel::time::now().unix_timestamp();
    let to = to.unwrap_or(now);
    let from = from.unwrap_or(to - 7 * 86_400);
    if from > to {
        return Err(ApiError::validation(vec![FieldError::new(
            Location::Query,
            "from",
            "out_of_range",
            "from must not be after to",
        )]));
    }
    if to - from > MAX_RANGE_SECS {
        return Err(ApiError::validation(vec![FieldError::new(
            Location::Query,
            "to",
            "out_of_range",
            "a report covers at most 93 days",
        )]));
    }
    let t = totals(state, &client.tenant, &client.id, from, to, group).await?;
    let mut endpoints: Vec<EndpointUsage> = t
        .endpoints
        .iter()
        .map(|(e, (c, ms))| EndpointUsage {
            endpoint: e.clone(),
            count: *c,
            avg_response_time: if *c == 0 {
                0.0
            } else {
                (ms / *c as f64 * 10.0).round() / 10.0
            },
        })
        .collect();
    endpoints.sort_by(|a, b| b.count.cmp(&a.count).then(a.endpoint.cmp(&b.endpoint)));
    let mut errors: Vec<ErrorCount> = t
        .errors
        .iter()
        .map(|(s, c)| ErrorCount {
            status_code: *s,
            count: *c,
        })
        .collect();
    errors.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.status_code.cmp(&b.status_code))
    });
    errors.truncate(10);
    Ok(UsageReport {
        from: kernel::time::rfc3339_at(from),
        to: kernel::time::rfc3339_at(to),
        total_requests: t.n,
        successful_requests: t.ok,
        failed_requests: t.fail,
        average_response_time: if t.n == 0 {
            0.0
        } else {
            (t.ms / t.n as f64 * 10.0).round() / 10.0
        },
        p95_response_time: t.p95(),
        requests_by_endpoint: endpoints,
        requests_by_time: t
            .by_time
            .iter()
            .map(|(b, c)| TimeBucket {
                time: kernel::time::rfc3339_at(*b),
                count: *c,
            })
            .collect(),
        top_error_codes: errors,
    })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WindowUsage {
    pub limit: u64,
    pub used: u64,
    pub remaining: u64,
    pub resets_at: String,
}

impl From<Window> for WindowUsage {
    fn from(w: Window) -> Self {
        Self {
            limit: w.limit,
            used: w.used,
            remaining: w.remaining(),
            resets_at: kernel::time::rfc3339_at(w.reset_at),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KeyLimits {
    pub key_id: String,
    pub prefix: String,
    pub minute: WindowUsage,
    pub hour: WindowUsage,
    pub day: WindowUsage,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    pub client_id: String,
    pub status: ClientStatus,
    pub rate_limit_tier: Tier,
    pub tier_limits: Limits,
    pub requests_today: u64,
    pub requests_7d: u64,
    /// Failed / total over 7 days (0 with no requests).
    pub error_rate_7d: f64,
    pub p95_response_time_7d: Option<u64>,
    pub keys_active: u64,
    pub keys_expiring_14d: u64,
    /// Each active key's use of its minute, hour and day windows right now.
    pub current_usage: Vec<KeyLimits>,
}

pub async fn dashboard(
    state: &AppState,
    tenant: &TenantId,
    client_id: &ClientId,
) -> Result<Dashboard, ApiError> {
    let client = clients::load(state, tenant, client_id).await?;
    let now = kernel::time::now().unix_timestamp();
    let week = totals(
        state,
        &client.tenant,
        &client.id,
        now - 7 * 86_400,
        now,
        GroupBy::Day,
    )
    .await?;
    let today = now - now.rem_euclid(86_400);
    let requests_today = week.by_time.get(&today).copied().unwrap_or(0);
    let hashes = crate::api_keys::key_hashes(state, &client.tenant, &client.id).await?;
    let wanted: Vec<keys::Key> = hashes.iter().map(|h| keys::api_key(h)).collect();
    let mut active = Vec::new();
    for chunk in wanted.chunks(100) {
        for item in state.store.batch_get(chunk).await?.into_iter().flatten() {
            if let Ok(key) = serde_dynamo::from_item::<_, ApiKeyRecord>(item) {
                if key.refusal(now).is_none() {
                    active.push(key);
                }
            }
        }
    }
    let expiring = active
        .iter()
        .filter(|k| k.expires_at.is_some_and(|e| e <= now + 14 * 86_400))
        .count() as u64;
    let credentials: Vec<(&str, [u64; 3])> =
        active.iter().map(|k| (k.id.as_str(), k.limits())).collect();
    let windows = peek(&state.store, &credentials, now).await?;
    let current: Vec<KeyLimits> = active
        .iter()
        .zip(windows)
        .map(|(key, [m, h, d])| KeyLimits {
            key_id: key.id.to_string(),
            prefix: key.prefix.clone(),
            minute: m.into(),
            hour: h.into(),
            day: d.into(),
        })
        .collect();
    Ok(Dashboard {
        client_id: client.id.to_string(),
        status: client.status,
        rate_limit_tier: client.rate_limit_tier,
        tier_limits: client.rate_limit_tier.limits(),
        requests_today,
        requests_7d: week.n,
        error_rate_7d: if week.n == 0 {
            0.0
        } else {
            ((week.fail as f64 / week.n as f64) * 10_000.0).round() / 10_000.0
        },
        p95_response_time_7d: week.p95(),
        keys_active: active.len() as u64,
        keys_expiring_14d: expiring,
        current_usage: current,
    })
}
