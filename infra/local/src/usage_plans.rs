//! API Gateway's usage plans, locally: what the deployed gateway does after the authorizer names a
//! `usageIdentifierKey` on a method with `ApiKeyRequired`. The key is looked up in the emulator (the
//! same registrations the partners function made with aws-sdk-apigateway); a key that is unknown,
//! disabled or in none of this stack's plans is a 403; then the plan's token bucket (rate, burst)
//! and its quota are applied per key: an empty bucket is a 429 `THROTTLED`, a spent quota a 429
//! `QUOTA_EXCEEDED`, both answered through the template's gateway responses.

use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// A plan's limits as the emulator holds them (created from template.yaml).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanLimits {
    pub rate: f64,
    pub burst: f64,
    /// Requests per UTC day.
    pub quota_per_day: Option<u64>,
}

#[derive(Debug, Clone)]
struct KeyInfo {
    id: String,
    enabled: bool,
    plan: Option<PlanLimits>,
    fetched: Instant,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Forbidden,
    Throttled,
    QuotaExceeded,
}

/// How long a key's registration is trusted before it is read again (a revoke or a tier move
/// shows up within this).
const TTL: Duration = Duration::from_secs(1);

pub struct UsagePlans {
    client: aws_sdk_apigateway::Client,
    /// Names of this stack's plans start with it (`<prefix>-`).
    prefix: String,
    keys: Mutex<HashMap<String, KeyInfo>>,
    buckets: Mutex<HashMap<String, Bucket>>,
    quotas: Mutex<HashMap<(String, i64), u64>>,
}

impl UsagePlans {
    pub fn new(client: aws_sdk_apigateway::Client, prefix: &str) -> Self {
        Self {
            client,
            prefix: format!("{prefix}-"),
            keys: Mutex::default(),
            buckets: Mutex::default(),
            quotas: Mutex::default(),
        }
    }

    async fn lookup(&self, value: &str) -> Result<Option<KeyInfo>, String> {
        if let Some(hit) = self.keys.lock().await.get(value) {
            if hit.fetched.elapsed() < TTL {
                return Ok(Some(hit.clone()));
            }
        }
        let mut position: Option<String> = None;
        let mut found = None;
        loop {
            let out = self
                .client
                .get_api_keys()
                .include_values(true)
                .limit(500)
                .set_position(position.clone())
                .send()
                .await
                .map_err(|e| format!("GetApiKeys: {e}"))?;
            if let Some(k) = out.items().iter().find(|k| k.value() == Some(value)) {
                found = Some((k.id().unwrap_or_default().to_owned(), k.enabled()));
                break;
            }
            match out.position() {
                Some(p) if !out.items().is_empty() => position = Some(p.to_owned()),
                _ => break,
            }
        }
        let Some((id, enabled)) = found else {
            return Ok(None);
        };
        let plans = self
            .client
            .get_usage_plans()
            .key_id(&id)
            .send()
            .await
            .map_err(|e| format!("GetUsagePlans: {e}"))?;
        let plan = plans
            .items()
            .iter()
            .find(|p| p.name().is_some_and(|n| n.starts_with(&self.prefix)))
            .map(|p| PlanLimits {
                rate: p.throttle().map(|t| t.rate_limit()).unwrap_or(f64::MAX),
                burst: p
                    .throttle()
                    .map(|t| f64::from(t.burst_limit()))
                    .unwrap_or(f64::MAX),
                quota_per_day: p
                    .quota()
                    .filter(|q| q.limit() > 0)
                    .map(|q| q.limit() as u64),
            });
        let info = KeyInfo {
            id,
            enabled,
            plan,
            fetched: Instant::now(),
        };
        self.keys
            .lock()
            .await
            .insert(value.to_owned(), info.clone());
        Ok(Some(info))
    }

    /// Meters one request of the key API Gateway knows by `value`.
    pub async fn check(&self, value: &str) -> Result<Verdict, String> {
        let Some(info) = self.lookup(value).await? else {
            return Ok(Verdict::Forbidden);
        };
        let Some(plan) = info.plan.filter(|_| info.enabled) else {
            return Ok(Verdict::Forbidden);
        };
        {
            let mut buckets = self.buckets.lock().await;
            let now = Instant::now();
            let bucket = buckets.entry(info.id.clone()).or_insert(Bucket {
                tokens: plan.burst,
                at: now,
            });
            let refill = now.duration_since(bucket.at).as_secs_f64() * plan.rate;
            bucket.tokens = (bucket.tokens + refill).min(plan.burst);
            bucket.at = now;
            if bucket.tokens < 1.0 {
                return Ok(Verdict::Throttled);
            }
            bucket.tokens -= 1.0;
        }
        if let Some(limit) = plan.quota_per_day {
            let day = time::OffsetDateTime::now_utc().unix_timestamp() / 86_400;
            let mut quotas = self.quotas.lock().await;
            let used = quotas.entry((info.id.clone(), day)).or_insert(0);
            if *used >= limit {
                return Ok(Verdict::QuotaExceeded);
            }
            *used += 1;
        }
        Ok(Verdict::Pass)
    }
}
