//! Resilient HTTP for provider calls: timeouts, retries with full-jitter backoff that honour
//! `Retry-After`, a circuit breaker and a token-bucket rate limit per provider.
//!
//! The breaker and the bucket live in the warm container and are shared by every concurrent call to
//! the same provider, so a burst of requests neither hammers a provider that is down nor exceeds the
//! rate the provider allows (RocketReach caps at 10 requests per second).

use crate::ProviderError;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How calls to one provider behave. Retries stay within a Lambda's 10-second budget.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Per attempt, connect to last byte.
    pub timeout: Duration,
    pub max_attempts: u32,
    /// The first backoff's ceiling; doubled per attempt, then a random wait below it (full jitter).
    pub base_backoff: Duration,
    /// A `Retry-After` longer than this is not waited for: the call fails as rate-limited and the
    /// waterfall moves on instead of holding the caller.
    pub max_retry_after: Duration,
    /// Consecutive failed calls that open the breaker.
    pub breaker_threshold: u32,
    /// How long an open breaker refuses calls before letting one trial through.
    pub breaker_cooldown: Duration,
    /// Sustained requests per second, and the burst allowed above it.
    pub rate_per_sec: f64,
    pub burst: f64,
    /// Longest a call waits for a rate-limit token before giving up.
    pub max_queue_wait: Duration,
}

impl Policy {
    pub fn with_timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            max_attempts: 3,
            base_backoff: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(3),
            breaker_threshold: 5,
            breaker_cooldown: Duration::from_secs(30),
            rate_per_sec: 10.0,
            burst: 10.0,
            max_queue_wait: Duration::from_secs(2),
        }
    }
}

#[derive(Debug, Default)]
struct Breaker {
    consecutive_failures: u32,
    open_until: Option<Instant>,
    trial_in_flight: bool,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// One provider's shared breaker and bucket.
#[derive(Debug)]
pub struct Guard {
    pub policy: Policy,
    breaker: Mutex<Breaker>,
    bucket: Mutex<Bucket>,
}

/// What the breaker allowed.
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    Closed,
    /// The one trial call after a cooldown; its outcome closes or re-opens the breaker.
    Trial,
}

impl Guard {
    pub fn new(policy: Policy) -> Self {
        let burst = policy.burst;
        Self {
            policy,
            breaker: Mutex::new(Breaker::default()),
            bucket: Mutex::new(Bucket {
                tokens: burst,
                last: Instant::now(),
            }),
        }
    }

    /// Refuses the call while the breaker is open; after the cooldown one trial goes through.
    pub async fn admit(&self) -> Result<Admission, ProviderError> {
        let mut b = self.breaker.lock().await;
        match b.open_until {
            None => Ok(Admission::Closed),
            Some(until) if Instant::now() < until => Err(ProviderError::CircuitOpen),
            Some(_) if b.trial_in_flight => Err(ProviderError::CircuitOpen),
            Some(_) => {
                b.trial_in_flight = true;
                Ok(Admission::Trial)
            }
        }
    }

    /// Records a call's outcome: `healthy` is false for 5xx, timeouts and unreachable hosts.
    pub async fn record(&self, healthy: bool) {
        let mut b = self.breaker.lock().await;
        b.trial_in_flight = false;
        if healthy {
            b.consecutive_failures = 0;
            b.open_until = None;
        } else {
            b.consecutive_failures += 1;
            if b.open_until.is_some() || b.consecutive_failures >= self.policy.breaker_threshold {
                b.open_until = Some(Instant::now() + self.policy.breaker_cooldown);
            }
        }
    }

    /// Waits for a token; fails as rate-limited rather than queueing past `max_queue_wait`.
    pub async fn take_token(&self) -> Result<(), ProviderError> {
        let deadline = Instant::now() + self.policy.max_queue_wait;
        loop {
            let wait = {
                let mut bucket = self.bucket.lock().await;
                let now = Instant::now();
                let refill =
                    now.duration_since(bucket.last).as_secs_f64() * self.policy.rate_per_sec;
                bucket.tokens = (bucket.tokens + refill).min(self.policy.burst);
                bucket.last = now;
                if bucket.tokens >= 1.0 {
                    bucket.tokens -= 1.0;
                    return Ok(());
                }
                Duration::from_secs_f64((1.0 - bucket.tokens) / self.policy.rate_per_sec)
            };
            if Instant::now() + wait > deadline {
                return Err(ProviderError::RateLimited {
                    retry_after_secs: Some(wait.as_secs().max(1)),
                });
            }
            tokio::time::sleep(wait).await;
        }
    }
}

/// A request a provider module describes; built again for each attempt (a refreshed key changes it).
#[derive(Debug, Clone)]
pub struct Request {
    pub method: http::Method,
    pub url: url::Url,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<(&'static str, Vec<u8>)>,
}

impl Request {
    pub fn get(url: url::Url) -> Self {
        Self {
            method: http::Method::GET,
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn post_json(url: url::Url, body: &serde_json::Value) -> Self {
        Self {
            method: http::Method::POST,
            url,
            headers: Vec::new(),
            body: Some(("application/json", body.to_string().into_bytes())),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// A provider's HTTP answer (any status the retry loop did not absorb).
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> Result<serde_json::Value, ProviderError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| ProviderError::Malformed(format!("body is not JSON ({e})")))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// How a sequence of attempts ended.
#[derive(Debug)]
pub struct Sent {
    pub result: Result<Response, ProviderError>,
    pub attempts: u32,
}

/// A provider's word on a key's allowance: requests left in the current window, and when it resets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateHint {
    pub remaining: u64,
    pub reset_in_secs: u64,
}

/// Reads the rate-limit headers providers send (design/providers.md):
/// - Apollo: `x-minute-requests-left` (fixed one-minute windows: the reset is the next minute);
/// - People Data Labs: `x-ratelimit-remaining` as JSON `{"minute": n, …}` and `x-ratelimit-reset`;
/// - the common `x-ratelimit-remaining: n` with `x-ratelimit-reset` (seconds from now, or a Unix
///   time, or an RFC 3339 time).
pub fn rate_hint(headers: &http::HeaderMap) -> Option<RateHint> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    if let Some(left) = get("x-minute-requests-left").and_then(|v| v.parse::<u64>().ok()) {
        return Some(RateHint {
            remaining: left,
            reset_in_secs: (60 - now.rem_euclid(60)) as u64,
        });
    }
    let remaining = get("x-ratelimit-remaining").and_then(|v| {
        v.parse::<u64>().ok().or_else(|| {
            let json: serde_json::Value = serde_json::from_str(v).ok()?;
            json.get("minute")
                .or_else(|| json.get("second"))
                .and_then(serde_json::Value::as_u64)
        })
    })?;
    let reset_in_secs = match get("x-ratelimit-reset") {
        None => 60,
        Some(raw) => match raw.parse::<i64>() {
            Ok(n) if n > 1_000_000_000 => (n - now).max(0) as u64,
            Ok(n) => n.max(0) as u64,
            Err(_) => {
                time::OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339)
                    .map(|t| (t.unix_timestamp() - now).max(0) as u64)
                    .unwrap_or(60)
            }
        },
    };
    Some(RateHint {
        remaining,
        reset_in_secs: reset_in_secs.min(3600),
    })
}

/// `Retry-After` as delta-seconds (the form every provider here sends; an HTTP date is not waited for).
pub fn retry_after(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The wait before attempt `attempt + 1`: full jitter under an exponentially growing ceiling.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let ceiling = base.saturating_mul(1 << attempt.min(6));
    let millis = ceiling.as_millis().max(1) as u64;
    Duration::from_millis(rand::random_range(0..millis))
}

/// Sends `request` with the provider's retry policy. 429 and 5xx answers, timeouts and connection
/// failures are retried; every other status is returned to the provider module to interpret.
pub async fn send(client: &reqwest::Client, guard: &Guard, request: &Request) -> Sent {
    let policy = &guard.policy;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let last = attempts >= policy.max_attempts;
        let outcome = attempt(client, policy.timeout, request).await;
        let wait = match &outcome {
            Ok(resp) if resp.status == 429 => {
                let after = retry_after(&resp.headers);
                let too_long =
                    after.is_some_and(|s| Duration::from_secs(s) > policy.max_retry_after);
                if last || too_long {
                    return Sent {
                        result: Err(ProviderError::RateLimited {
                            retry_after_secs: after,
                        }),
                        attempts,
                    };
                }
                after
                    .map(Duration::from_secs)
                    .unwrap_or_else(|| backoff(policy.base_backoff, attempts))
            }
            Ok(resp) if resp.status >= 500 => {
                if last {
                    return Sent {
                        result: Err(ProviderError::Upstream {
                            status: resp.status,
                        }),
                        attempts,
                    };
                }
                backoff(policy.base_backoff, attempts)
            }
            Ok(_) => {
                return Sent {
                    result: outcome,
                    attempts,
                }
            }
            Err(e) => {
                if last {
                    return Sent {
                        result: Err(e.clone()),
                        attempts,
                    };
                }
                backoff(policy.base_backoff, attempts)
            }
        };
        tokio::time::sleep(wait).await;
    }
}

/// The largest provider answer read.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

async fn attempt(
    client: &reqwest::Client,
    timeout: Duration,
    request: &Request,
) -> Result<Response, ProviderError> {
    let mut builder = client
        .request(request.method.clone(), request.url.clone())
        .timeout(timeout);
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    if let Some((content_type, body)) = &request.body {
        builder = builder
            .header(http::header::CONTENT_TYPE, *content_type)
            .body(body.clone());
    }
    let mut resp = builder.send().await.map_err(classify)?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    // Read at most MAX_BODY: no provider answer is near it, and a runaway body must not take a
    // worker's memory (or a cache item past DynamoDB's 400 KB, which the cache checks itself).
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ProviderError::Malformed(format!(
                "the answer is larger than {} KiB",
                MAX_BODY / 1024
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn classify(e: reqwest::Error) -> ProviderError {
    if e.is_timeout() {
        ProviderError::Timeout
    } else {
        ProviderError::Unreachable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick() -> Policy {
        Policy {
            breaker_threshold: 2,
            breaker_cooldown: Duration::from_millis(50),
            ..Policy::with_timeout(Duration::from_secs(1))
        }
    }

    #[tokio::test]
    async fn breaker_opens_after_consecutive_failures_and_lets_one_trial_through() {
        let g = Guard::new(quick());
        g.record(false).await;
        assert_eq!(g.admit().await, Ok(Admission::Closed));
        g.record(false).await;
        assert_eq!(g.admit().await, Err(ProviderError::CircuitOpen));
        tokio::time::sleep(Duration::from_millis(60)).await;
        assert_eq!(g.admit().await, Ok(Admission::Trial));
        // A second caller during the trial is still refused.
        assert_eq!(g.admit().await, Err(ProviderError::CircuitOpen));
        // A failed trial re-opens at once; a good one closes.
        g.record(false).await;
        assert_eq!(g.admit().await, Err(ProviderError::CircuitOpen));
        tokio::time::sleep(Duration::from_millis(60)).await;
        assert_eq!(g.admit().await, Ok(Admission::Trial));
        g.record(true).await;
        assert_eq!(g.admit().await, Ok(Admission::Closed));
    }

    #[tokio::test]
    async fn bucket_refuses_beyond_the_burst_when_the_wait_is_too_long() {
        let g = Guard::new(Policy {
            rate_per_sec: 0.5,
            burst: 2.0,
            max_queue_wait: Duration::from_millis(10),
            ..quick()
        });
        assert!(g.take_token().await.is_ok());
        assert!(g.take_token().await.is_ok());
        assert!(matches!(
            g.take_token().await,
            Err(ProviderError::RateLimited { .. })
        ));
    }

    #[test]
    fn backoff_stays_under_its_ceiling() {
        for attempt in 1..5 {
            let d = backoff(Duration::from_millis(100), attempt);
            assert!(d < Duration::from_millis(100 << attempt));
        }
    }
}
