//! Plays the DynamoDB Streams event source mapping: reads the table's stream on moto (the
//! DynamoDB Streams wire protocol), drops records no `FilterCriteria` pattern matches, hands the
//! rest to the function in batches as Lambda's `DynamoDBEvent`, and moves on only when the
//! batch succeeded. With ReportBatchItemFailures the batch is read again from the reported
//! record; an `Err`, a timeout or a killed invocation reads the whole batch again; after
//! `MaximumRetryAttempts` the batch is given up (Lambda sends it to the on-failure destination)
//! and the mapping moves on. Records of one shard are delivered in order, as Lambda does.

use crate::{BoxError, Stack};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

/// Where each mapping stopped (stream ARN and function → the last sequence number handed over
/// successfully), kept for the process: as Lambda's mapping keeps its position across a
/// redeploy, a stack started again over the same table (`TestStack::restart`) continues from there
/// instead of reading the whole stream again.
static CHECKPOINTS: std::sync::Mutex<BTreeMap<String, String>> =
    std::sync::Mutex::new(BTreeMap::new());

fn checkpoint_key(arn: &str, function: &str) -> String {
    format!("{arn} {function}")
}

fn checkpoint(arn: &str, function: &str) -> Option<String> {
    CHECKPOINTS
        .lock()
        .ok()?
        .get(&checkpoint_key(arn, function))
        .cloned()
}

fn save_checkpoint(arn: &str, function: &str, seq: &str) {
    if let Ok(mut c) = CHECKPOINTS.lock() {
        c.insert(checkpoint_key(arn, function), seq.to_owned());
    }
}

/// What one shard reader did, for tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StreamOutcome {
    pub delivered: usize,
    pub filtered_out: usize,
    pub retried: usize,
    pub given_up: usize,
}

/// One call of the DynamoDB Streams API on the emulator.
async fn call(
    http: &reqwest::Client,
    endpoint: &str,
    region: &str,
    action: &str,
    body: Value,
) -> Result<Value, BoxError> {
    let resp = http
        .post(endpoint)
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", format!("DynamoDBStreams_20120810.{action}"))
        .header(
            "authorization",
            format!(
                "AWS4-HMAC-SHA256 Credential=local/20260101/{region}/dynamodb/aws4_request, \
                 SignedHeaders=host, Signature=0"
            ),
        )
        .body(body.to_string())
        .send()
        .await?;
    let status = resp.status();
    let text = resp.text().await?;
    if !status.is_success() {
        return Err(format!("{action}: {status}: {text}").into());
    }
    Ok(serde_json::from_str(&text)?)
}

/// Whether `record` matches a Lambda filter pattern (the subset of EventBridge patterns the
/// template uses: nested objects, and arrays of literal values, any of which may match).
pub fn matches(pattern: &Value, record: &Value) -> bool {
    match pattern {
        Value::Object(fields) => fields.iter().all(|(k, p)| match record.get(k) {
            Some(v) => matches(p, v),
            None => false,
        }),
        Value::Array(options) => options.iter().any(|o| o == record),
        literal => literal == record,
    }
}

/// moto writes `ApproximateCreationDateTime` as a date; Lambda's event carries epoch seconds.
fn normalise(mut record: Value, source_arn: &str) -> Value {
    if let Some(d) = record.get_mut("dynamodb") {
        let epoch = match d.get("ApproximateCreationDateTime") {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => {
                time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                    .ok()
                    .or_else(|| {
                        time::PrimitiveDateTime::parse(
                            s,
                            &time::macros::format_description!(
                                "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond]"
                            ),
                        )
                        .ok()
                        .map(|p| p.assume_utc())
                    })
                    .map(|t| t.unix_timestamp() as f64)
            }
            _ => None,
        }
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().unix_timestamp() as f64);
        d["ApproximateCreationDateTime"] = json!(epoch);
    }
    record["eventSourceARN"] = json!(source_arn);
    record
}

/// One reader per stream event of the template (every shard, in turn).
pub fn spawn_streams(stack: &Arc<Stack>) -> Vec<JoinHandle<()>> {
    let mut tasks = Vec::new();
    for (fi, f) in stack.functions.iter().enumerate() {
        if f.stream.is_none() {
            continue;
        }
        for si in 0..f.def.streams.len() {
            let stack = stack.clone();
            tasks.push(tokio::spawn(async move {
                loop {
                    if let Err(e) = read_stream(&stack, fi, si).await {
                        tracing::warn!(error = %e, "stream reader");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }));
        }
    }
    tasks
}

async fn read_stream(stack: &Stack, fi: usize, si: usize) -> Result<(), BoxError> {
    let f = &stack.functions[fi];
    let source = &f.def.streams[si];
    let Some(handler) = f.stream else {
        return Ok(());
    };
    let arn = stack
        .bindings
        .attrs
        .get(&(source.table.clone(), "StreamArn".to_owned()))
        .cloned()
        .ok_or_else(|| format!("{} has no stream", source.table))?;
    let http = reqwest::Client::new();
    let endpoint = stack.admin_endpoint.clone();
    let region = stack.bindings.region.clone();
    let described = call(
        &http,
        &endpoint,
        &region,
        "DescribeStream",
        json!({"StreamArn": arn}),
    )
    .await?;
    let shard = described
        .pointer("/StreamDescription/Shards/0/ShardId")
        .and_then(Value::as_str)
        .ok_or("the stream has no shard")?
        .to_owned();
    let iterator_at = |kind: &str, seq: Option<&str>| {
        let mut body = json!({"StreamArn": arn, "ShardId": shard, "ShardIteratorType": kind});
        if let Some(s) = seq {
            body["SequenceNumber"] = json!(s);
        }
        body
    };
    let start = if source.trim_horizon {
        "TRIM_HORIZON"
    } else {
        "LATEST"
    };
    let function = f.def.logical_id.clone();
    let first = match checkpoint(&arn, &function) {
        Some(seq) => iterator_at("AFTER_SEQUENCE_NUMBER", Some(&seq)),
        None => iterator_at(start, None),
    };
    let mut iterator = call(&http, &endpoint, &region, "GetShardIterator", first).await?
        ["ShardIterator"]
        .as_str()
        .ok_or("no shard iterator")?
        .to_owned();
    let mut failures_here = 0u32;
    loop {
        let page = call(
            &http,
            &endpoint,
            &region,
            "GetRecords",
            json!({"ShardIterator": iterator, "Limit": source.batch_size.clamp(1, 1000)}),
        )
        .await?;
        let records: Vec<Value> = page["Records"].as_array().cloned().unwrap_or_default();
        let next = page["NextShardIterator"].as_str().map(str::to_owned);
        if records.is_empty() {
            if let Some(n) = next {
                iterator = n;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        }
        let first_seq = records[0]
            .pointer("/dynamodb/SequenceNumber")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let last_seq = records
            .last()
            .and_then(|r| r.pointer("/dynamodb/SequenceNumber"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let kept: Vec<Value> = records
            .into_iter()
            .filter(|r| source.filters.is_empty() || source.filters.iter().any(|p| matches(p, r)))
            .map(|r| normalise(r, &arn))
            .collect();
        if kept.is_empty() {
            save_checkpoint(&arn, &function, &last_seq);
            if let Some(n) = next {
                iterator = n;
            }
            continue;
        }
        let retry_from = match invoke(stack, fi, handler, &kept).await {
            Ok(None) => None,
            Ok(Some(seq)) => Some(seq),
            Err(()) => Some(first_seq.clone()),
        };
        match retry_from {
            None => {
                failures_here = 0;
                save_checkpoint(&arn, &function, &last_seq);
                if let Some(n) = next {
                    iterator = n;
                }
            }
            Some(seq) => {
                failures_here += 1;
                if source
                    .maximum_retry_attempts
                    .is_some_and(|max| failures_here > max)
                {
                    tracing::error!(function = %f.def.logical_id, from = %seq, "stream batch given up after its retries (Lambda's on-failure destination)");
                    failures_here = 0;
                    save_checkpoint(&arn, &function, &last_seq);
                    if let Some(n) = next {
                        iterator = n;
                    }
                    continue;
                }
                tokio::time::sleep(Duration::from_millis(
                    (100 * u64::from(failures_here)).min(2_000),
                ))
                .await;
                iterator = call(
                    &http,
                    &endpoint,
                    &region,
                    "GetShardIterator",
                    iterator_at("AT_SEQUENCE_NUMBER", Some(&seq)),
                )
                .await?["ShardIterator"]
                    .as_str()
                    .ok_or("no shard iterator")?
                    .to_owned();
            }
        }
    }
}

/// One invocation under the function's timeout (and an armed kill): `Ok(None)` when the batch
/// succeeded, `Ok(Some(seq))` to read again from a reported record, `Err` to read it all again.
async fn invoke(
    stack: &Stack,
    fi: usize,
    handler: platform::runtime::StreamDispatch,
    records: &[Value],
) -> Result<Option<String>, ()> {
    let f = &stack.functions[fi];
    let event: aws_lambda_events::dynamodb::Event = match serde_json::from_value(
        json!({ "Records": records }),
    ) {
        Ok(e) => e,
        Err(e) => {
            tracing::error!(error = %e, "stream records do not parse as Lambda's DynamoDB event");
            return Err(());
        }
    };
    let deadline = Instant::now() + f.timeout;
    let kill = stack
        .faults
        .as_deref()
        .and_then(|faults| faults.take_kill(&f.def.logical_id));
    let stop_at = match kill {
        Some(after) => (Instant::now() + after).min(deadline),
        None => deadline,
    };
    let run = platform::worker::with_deadline(deadline, handler(&f.state, event));
    let result = tokio::select! {
        r = run => r,
        _ = tokio::time::sleep_until(stop_at.into()) => {
            tracing::warn!(function = %f.def.logical_id, "stream invocation stopped mid-work; the batch is read again");
            return Err(());
        }
    };
    match result {
        Err(e) => {
            tracing::warn!(error = %e, "stream handler failed the batch");
            Err(())
        }
        Ok(resp) => {
            let reported: Vec<String> = resp
                .batch_item_failures
                .into_iter()
                .filter_map(|f| f.item_identifier)
                .collect();
            // Lambda retries from the lowest sequence number reported.
            Ok(reported
                .into_iter()
                .min_by_key(|s| s.parse::<u128>().unwrap_or(u128::MAX)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_patterns_match_as_lambda_does() {
        let p = json!({"dynamodb": {"NewImage": {"entity": {"S": ["JOB", "PERSON"]}}}});
        let job =
            json!({"eventName": "MODIFY", "dynamodb": {"NewImage": {"entity": {"S": "JOB"}}}});
        let other = json!({"dynamodb": {"NewImage": {"entity": {"S": "CACHE"}}}});
        let removed =
            json!({"eventName": "REMOVE", "dynamodb": {"OldImage": {"entity": {"S": "PERSON"}}}});
        assert!(matches(&p, &job));
        assert!(!matches(&p, &other));
        assert!(!matches(&p, &removed));
        let r = json!({"eventName": ["REMOVE"], "dynamodb": {"OldImage": {"entity": {"S": ["PERSON"]}}}});
        assert!(matches(&r, &removed));
    }
}
