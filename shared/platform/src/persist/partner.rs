//! The partner request path's items: the per-credential, per-day rate window (one conditional
//! UpdateItem admits a request) and the sharded hourly usage counters. See `crate::partner` for
//! what they mean; this module is the only code that knows their attribute names and expressions.

use crate::partner::{latency_bucket, Admission, UsageLine, Window, USAGE_RETENTION_SECS, WINDOWS};
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Deserialize;
use store::expr::{Cond, Update, Value};
use store::{keys, Store, StoreError};

/// A credential's rate window for one UTC day: the minute, hour and day counts with the start of
/// the minute and hour they count.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
struct RateWindow {
    #[serde(default)]
    m: i64,
    #[serde(default)]
    mw: i64,
    #[serde(default)]
    h: i64,
    #[serde(default)]
    hw: i64,
    #[serde(default)]
    d: i64,
}

const RATE_WINDOW: &str = "RATE_WINDOW";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// The item counts this minute and hour already.
    Same,
    NewMinute,
    NewHour,
    Create,
}

/// The write that admits one request weighing `weight` in `shape`, conditional on every window it
/// counts having room for it (and on the item being in that shape).
fn admission(
    shape: Shape,
    limits: [u64; 3],
    weight: u64,
    minute: i64,
    hour: i64,
    expires: i64,
) -> Update<RateWindow> {
    // `used + weight <= limit`, as `used < limit - weight + 1`.
    let room = |field: &'static str, limit: u64| Cond::lt(field, &(limit + 1 - weight));
    let w = || Value::number(weight);
    match shape {
        Shape::Same => Update::new()
            .add("m", w())
            .add("h", w())
            .add("d", w())
            .when(
                Cond::eq("mw", &minute)
                    .and(Cond::eq("hw", &hour))
                    .and(room("m", limits[0]))
                    .and(room("h", limits[1]))
                    .and(room("d", limits[2])),
            ),
        Shape::NewMinute => Update::new()
            .set("m", &weight)
            .set("mw", &minute)
            .add("h", w())
            .add("d", w())
            .when(
                Cond::lt("mw", &minute)
                    .and(Cond::eq("hw", &hour))
                    .and(room("h", limits[1]))
                    .and(room("d", limits[2])),
            ),
        Shape::NewHour => Update::new()
            .set("m", &weight)
            .set("mw", &minute)
            .set("h", &weight)
            .set("hw", &hour)
            .add("d", w())
            .when(Cond::lt("hw", &hour).and(room("d", limits[2]))),
        Shape::Create => Update::new()
            .set("m", &weight)
            .set("mw", &minute)
            .set("h", &weight)
            .set("hw", &hour)
            .set("d", &weight)
            .set(keys::TTL, &expires)
            .entity(RATE_WINDOW)
            .when(Cond::ItemAbsent),
    }
}

/// The three windows from their counts and the starts of the minute, hour and day they count.
fn windows(limits: [u64; 3], used: [i64; 3], starts: [i64; 3]) -> [Window; 3] {
    std::array::from_fn(|i| Window {
        limit: limits[i],
        used: used[i].max(0) as u64,
        reset_at: starts[i] + WINDOWS[i].1,
    })
}

/// Admits one request of `subject` (a key, client or user id) weighing `weight` request units
/// against `limits` (minute, hour, day), or refuses it. Exact under concurrency: the check and the count are one conditional write; a
/// window that has rolled over is reset by the same write (a different shape, chosen from the
/// item the refused condition returns). Cost: one write per request, two or three at a minute or
/// hour boundary.
pub async fn admit(
    store: &Store,
    subject: &str,
    limits: [u64; 3],
    weight: u64,
    now: i64,
) -> Result<Admission, StoreError> {
    // A request heavier than a whole window could never pass: it counts as the window's size.
    let weight = weight.clamp(1, limits.iter().copied().min().unwrap_or(1).max(1));
    let day = now - now.rem_euclid(86_400);
    let mut minute = now - now.rem_euclid(60);
    let mut hour = now - now.rem_euclid(3600);
    let key = keys::partner_rate_window(subject, day);
    let mut shape = Shape::Same;
    for _ in 0..5 {
        let u = admission(shape, limits, weight, minute, hour, day + 2 * 86_400);
        let old = match store.upsert_or_current(&key, &u).await? {
            Ok(w) => {
                return Ok(Admission {
                    allowed: true,
                    windows: windows(limits, [w.m, w.h, w.d], [minute, hour, day]),
                    now,
                })
            }
            Err(None) => {
                shape = Shape::Create;
                continue;
            }
            Err(Some(old)) => old,
        };
        // Another container's clock may be a little ahead: adopt its windows.
        minute = minute.max(old.mw);
        hour = hour.max(old.hw);
        let refuse = |m: i64, h: i64| Admission {
            allowed: false,
            windows: windows(limits, [m, h, old.d], [minute, hour, day]),
            now,
        };
        let spent = |used: i64, limit: u64| used.max(0) as u64 + weight > limit;
        if old.hw == hour && old.mw == minute {
            if spent(old.m, limits[0]) || spent(old.h, limits[1]) || spent(old.d, limits[2]) {
                return Ok(refuse(old.m, old.h));
            }
            shape = Shape::Same;
        } else if old.hw == hour {
            if spent(old.h, limits[1]) || spent(old.d, limits[2]) {
                return Ok(refuse(0, old.h));
            }
            shape = Shape::NewMinute;
        } else {
            if spent(old.d, limits[2]) {
                return Ok(refuse(0, 0));
            }
            shape = Shape::NewHour;
        }
    }
    Err(StoreError::Throttled)
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
        let found: Vec<Option<RateWindow>> = store.batch_get_as(&wanted).await?;
        for ((_, limits), w) in group.iter().zip(found) {
            let w = w.unwrap_or_default();
            // A window the item counted earlier than now has rolled over: nothing used yet.
            let m = if w.mw == minute { w.m } else { 0 };
            let h = if w.hw == hour { w.h } else { 0 };
            out.push(windows(*limits, [m, h, w.d], [minute, hour, day]));
        }
    }
    Ok(out)
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
    fn every_admission_shape_names_fields_of_the_window() {
        for shape in [Shape::Same, Shape::NewMinute, Shape::NewHour, Shape::Create] {
            let r = admission(shape, [60, 1_000, 10_000], 5, 120, 3_600, 9)
                .render()
                .unwrap();
            assert!(r.condition.is_some(), "{shape:?} is conditional");
        }
    }
}
