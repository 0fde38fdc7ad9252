//! The partner request path's items: the per-credential, per-day rate window (one conditional
//! UpdateItem admits a request) and the sharded hourly usage counters. See `crate::partner` for
//! what they mean; this module is the only code that knows their attribute names and expressions.

use crate::partner::{latency_bucket, Admission, UsageLine, Window, USAGE_RETENTION_SECS, WINDOWS};
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure};
use std::collections::HashMap;
use store::{keys, Store, StoreError};

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
