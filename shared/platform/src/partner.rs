//! What every request of a partner credential (API key or OAuth2 token) costs on the request path:
//! the rate limiter that admits it, and the usage line it leaves for the client's analytics.
//!
//! Limiter: one item per credential per UTC day holds the minute, hour and day counters with the
//! start of the minute and hour they count (`m`/`mw`, `h`/`hw`, `d`). Admitting a request is ONE
//! conditional UpdateItem that adds to all three only if every window is below its limit, so
//! concurrent requests can never overshoot; a window that has rolled over is reset by the same
//! write (a different expression, chosen from the item the failed condition returns). Cost: one
//! write per request, two or three at a minute or hour boundary.
//!
//! Usage: one UpdateItem per request (ADD to the hour's counters, the latency histogram, the
//! endpoint's count and time, the status code's count), spread over `USAGE_SHARDS` items per hour
//! so a busy client never funnels into one key. Reports read those items: O(hours), never
//! O(requests).

use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure};
use kernel::ids::TenantId;
use std::collections::HashMap;
use store::{keys, Store, StoreError};

/// The three windows, in order.
pub const WINDOWS: [(&str, i64); 3] = [("minute", 60), ("hour", 3600), ("day", 86_400)];

/// One window's state after a request was admitted or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub limit: u64,
    pub used: u64,
    /// Epoch seconds at which the window starts again.
    pub reset_at: i64,
}

impl Window {
    pub fn remaining(&self) -> u64 {
        self.limit.saturating_sub(self.used)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    pub allowed: bool,
    pub windows: [Window; 3],
    pub now: i64,
}

impl Admission {
    /// The window that binds: the first spent one, else the one with the fewest requests left.
    pub fn binding(&self) -> usize {
        if let Some(i) = self.windows.iter().position(|w| w.remaining() == 0) {
            return i;
        }
        (0..3)
            .min_by_key(|&i| self.windows[i].remaining())
            .unwrap_or(0)
    }

    pub fn retry_after(&self) -> u64 {
        let w = self.windows[self.binding()];
        (w.reset_at - self.now).max(1) as u64
    }

    /// `X-RateLimit-*` (seed 004: reset as an RFC 3339 time) and the IETF `RateLimit-Policy` /
    /// `RateLimit` pair, all describing the binding window (the policy lists all three).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let i = self.binding();
        let w = self.windows[i];
        let reset_in = (w.reset_at - self.now).max(0);
        let policy = WINDOWS
            .iter()
            .zip(self.windows.iter())
            .map(|((name, secs), w)| format!("\"{name}\";q={};w={secs}", w.limit))
            .collect::<Vec<_>>()
            .join(", ");
        let reset = kernel::time::rfc3339_at(w.reset_at);
        vec![
            ("x-ratelimit-limit", w.limit.to_string()),
            ("x-ratelimit-remaining", w.remaining().to_string()),
            ("x-ratelimit-reset", reset),
            ("x-ratelimit-resource", WINDOWS[i].0.to_owned()),
            ("ratelimit-policy", policy),
            (
                "ratelimit",
                format!("\"{}\";r={};t={reset_in}", WINDOWS[i].0, w.remaining()),
            ),
        ]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// The item counts this minute and hour already.
    Same,
    NewMinute,
    NewHour,
    Create,
}

fn num(item: &HashMap<String, AttributeValue>, name: &str) -> i64 {
    item.get(name)
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The three windows from their counts and the starts of the minute, hour and day they count.
fn windows(limits: [u64; 3], used: [i64; 3], starts: [i64; 3]) -> [Window; 3] {
    std::array::from_fn(|i| Window {
        limit: limits[i],
        used: used[i].max(0) as u64,
        reset_at: starts[i] + WINDOWS[i].1,
    })
}

/// Admits one request of `subject` (a key or client id) against `limits` (minute, hour, day), or
/// refuses it. Exact under concurrency: the check and the count are one conditional write.
pub async fn admit(
    store: &Store,
    subject: &str,
    limits: [u64; 3],
    now: i64,
) -> Result<Admission, StoreError> {
    let day = now - now.rem_euclid(86_400);
    let mut minute = now - now.rem_euclid(60);
    let mut hour = now - now.rem_euclid(3600);
    let key = keys::partner_rate_window(subject, day);
    let mut shape = Shape::Same;
    let windows = |m: i64, h: i64, d: i64, minute: i64, hour: i64| {
        windows(limits, [m, h, d], [minute, hour, day])
    };
    for _ in 0..5 {
        let (update, condition) = match shape {
            Shape::Same => (
                "SET m = m + :one, h = h + :one, d = d + :one",
                "mw = :cm AND hw = :ch AND m < :ml AND h < :hl AND d < :dl",
            ),
            Shape::NewMinute => (
                "SET m = :one, mw = :cm, h = h + :one, d = d + :one",
                "mw < :cm AND hw = :ch AND h < :hl AND d < :dl",
            ),
            Shape::NewHour => (
                "SET m = :one, mw = :cm, h = :one, hw = :ch, d = d + :one",
                "hw < :ch AND d < :dl",
            ),
            Shape::Create => (
                "SET m = :one, mw = :cm, h = :one, hw = :ch, d = :one, #ttl = :ttl, #e = :entity",
                "attribute_not_exists(PK)",
            ),
        };
        let mut req = store
            .client()
            .update_item()
            .table_name(store.table())
            .key(keys::PK, AttributeValue::S(key.pk().to_owned()))
            .key(keys::SK, AttributeValue::S(key.sk().to_owned()))
            .update_expression(update)
            .condition_expression(condition)
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":cm", AttributeValue::N(minute.to_string()))
            .expression_attribute_values(":ch", AttributeValue::N(hour.to_string()))
            .return_values(ReturnValue::AllNew)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld);
        if shape == Shape::Create {
            req = req
                .expression_attribute_names("#ttl", keys::TTL)
                .expression_attribute_names("#e", keys::ENTITY)
                .expression_attribute_values(
                    ":ttl",
                    AttributeValue::N((day + 2 * 86_400).to_string()),
                )
                .expression_attribute_values(":entity", AttributeValue::S("RATE_WINDOW".into()));
        }
        for (name, limit, used_in) in [
            (":ml", limits[0], condition.contains(":ml")),
            (":hl", limits[1], condition.contains(":hl")),
            (":dl", limits[2], condition.contains(":dl")),
        ] {
            if used_in {
                req = req.expression_attribute_values(name, AttributeValue::N(limit.to_string()));
            }
        }
        match req.send().await {
            Ok(out) => {
                let item = out.attributes.unwrap_or_default();
                return Ok(Admission {
                    allowed: true,
                    windows: windows(
                        num(&item, "m"),
                        num(&item, "h"),
                        num(&item, "d"),
                        minute,
                        hour,
                    ),
                    now,
                });
            }
            Err(err) => {
                let old = match err.as_service_error() {
                    Some(UpdateItemError::ConditionalCheckFailedException(e)) => e.item().cloned(),
                    _ => return Err(store_error(err)),
                };
                let Some(old) = old else {
                    shape = Shape::Create;
                    continue;
                };
                let (m, mw, h, hw, d) = (
                    num(&old, "m"),
                    num(&old, "mw"),
                    num(&old, "h"),
                    num(&old, "hw"),
                    num(&old, "d"),
                );
                // Another container's clock may be a little ahead: adopt its windows.
                minute = minute.max(mw);
                hour = hour.max(hw);
                let refuse = |m: i64, h: i64| Admission {
                    allowed: false,
                    windows: windows(m, h, d, minute, hour),
                    now,
                };
                let spent = |used: i64, limit: u64| used.max(0) as u64 >= limit;
                if hw == hour && mw == minute {
                    if spent(m, limits[0]) || spent(h, limits[1]) || spent(d, limits[2]) {
                        return Ok(refuse(m, h));
                    }
                    shape = Shape::Same;
                } else if hw == hour {
                    if spent(h, limits[1]) || spent(d, limits[2]) {
                        return Ok(refuse(0, h));
                    }
                    shape = Shape::NewMinute;
                } else {
                    if spent(d, limits[2]) {
                        return Ok(refuse(0, 0));
                    }
                    shape = Shape::NewHour;
                }
            }
        }
    }
    Err(StoreError::Throttled)
}

fn store_error<R: std::fmt::Debug + Send + Sync + 'static>(
    err: aws_sdk_dynamodb::error::SdkError<UpdateItemError, R>,
) -> StoreError {
    use aws_sdk_dynamodb::error::ProvideErrorMetadata;
    match err.code() {
        Some("ProvisionedThroughputExceededException" | "ThrottlingException") => {
            StoreError::Throttled
        }
        _ => StoreError::Aws(Box::new(err)),
    }
}

/// The current windows of several credentials (for dashboards), nothing counted: one
/// BatchGetItem per 100 credentials, answers in the order asked.
pub async fn peek(
    store: &Store,
    credentials: &[(&str, [u64; 3])],
    now: i64,
) -> Result<Vec<[Window; 3]>, StoreError> {
    let day = now - now.rem_euclid(86_400);
    let minute = now - now.rem_euclid(60);
    let hour = now - now.rem_euclid(3600);
    let mut out = Vec::with_capacity(credentials.len());
    for group in credentials.chunks(100) {
        let wanted: Vec<keys::Key> = group
            .iter()
            .map(|(subject, _)| keys::partner_rate_window(subject, day))
            .collect();
        for ((_, limits), item) in group.iter().zip(store.batch_get(&wanted).await?) {
            let item = item.unwrap_or_default();
            // A window the item counted earlier than now has rolled over: nothing used yet.
            let current = |count: &str, start: &str, now_start: i64| {
                if num(&item, start) == now_start {
                    num(&item, count)
                } else {
                    0
                }
            };
            out.push(windows(
                *limits,
                [
                    current("m", "mw", minute),
                    current("h", "hw", hour),
                    num(&item, "d"),
                ],
                [minute, hour, day],
            ));
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ usage

/// Upper bounds (ms) of the latency histogram's buckets; the last bucket is everything above.
pub const LATENCY_BOUNDS_MS: [u64; 18] = [
    5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000,
    30_000,
];

/// How long usage is kept (TTL on the hourly items).
pub const USAGE_RETENTION_SECS: i64 = 400 * 86_400;

pub fn latency_bucket(ms: u64) -> usize {
    LATENCY_BOUNDS_MS
        .iter()
        .position(|&b| ms <= b)
        .unwrap_or(LATENCY_BOUNDS_MS.len())
}

/// One request of a partner credential.
#[derive(Debug, Clone)]
pub struct UsageLine<'a> {
    /// The organisation (its live space: test-mode requests are counted with the client too).
    pub tenant: &'a TenantId,
    pub client_id: &'a str,
    pub method: &'a str,
    /// The declared route (`/v1/people/{person_id}`), so endpoints are a bounded set.
    pub resource: &'a str,
    pub status: u16,
    pub latency_ms: u64,
    pub now: i64,
}

/// Adds one request to its client's hour (one UpdateItem).
pub async fn record(store: &Store, line: &UsageLine<'_>) -> Result<(), StoreError> {
    use rand::Rng;
    let hour = line.now - line.now.rem_euclid(3600);
    let shard = rand::rng().random_range(0..keys::USAGE_SHARDS);
    let key = keys::client_usage_hour(line.tenant, line.client_id, shard, hour);
    let endpoint = format!("{} {}", line.method, line.resource);
    let ok = line.status < 400;
    let mut amounts: Vec<(String, f64)> = vec![
        ("n".into(), 1.0),
        (if ok { "ok" } else { "fail" }.into(), 1.0),
        ("ms".into(), line.latency_ms as f64),
        (format!("b{}", latency_bucket(line.latency_ms)), 1.0),
        (format!("e:{endpoint}"), 1.0),
        (format!("t:{endpoint}"), line.latency_ms as f64),
    ];
    if !ok {
        amounts.push((format!("s:{}", line.status), 1.0));
    }
    let refs: Vec<(&str, f64)> = amounts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    store
        .add(
            &key,
            "USAGE_HOUR",
            &refs,
            &[("hour", AttributeValue::N(hour.to_string()))],
            Some(hour + USAGE_RETENTION_SECS),
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binding_window_is_the_spent_or_tightest_one() {
        let a = Admission {
            allowed: true,
            windows: [
                Window {
                    limit: 60,
                    used: 10,
                    reset_at: 120,
                },
                Window {
                    limit: 1000,
                    used: 995,
                    reset_at: 3600,
                },
                Window {
                    limit: 10_000,
                    used: 995,
                    reset_at: 86_400,
                },
            ],
            now: 100,
        };
        assert_eq!(a.binding(), 1);
        let h: HashMap<_, _> = a.headers().into_iter().collect();
        assert_eq!(h["x-ratelimit-limit"], "1000");
        assert_eq!(h["x-ratelimit-remaining"], "5");
        assert_eq!(h["ratelimit"], "\"hour\";r=5;t=3500");
        assert!(h["ratelimit-policy"].starts_with("\"minute\";q=60;w=60, \"hour\";q=1000;w=3600"));
        let spent = Admission {
            allowed: false,
            windows: [
                Window {
                    limit: 60,
                    used: 60,
                    reset_at: 120,
                },
                Window {
                    limit: 1000,
                    used: 999,
                    reset_at: 3600,
                },
                Window {
                    limit: 10_000,
                    used: 999,
                    reset_at: 86_400,
                },
            ],
            now: 100,
        };
        assert_eq!(spent.binding(), 0);
        assert_eq!(spent.retry_after(), 20);
    }

    #[test]
    fn latency_buckets_are_inclusive_upper_bounds() {
        assert_eq!(latency_bucket(0), 0);
        assert_eq!(latency_bucket(5), 0);
        assert_eq!(latency_bucket(6), 1);
        assert_eq!(latency_bucket(1_000_000), LATENCY_BOUNDS_MS.len());
    }
}
