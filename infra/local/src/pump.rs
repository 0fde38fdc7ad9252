//! Plays the SQS event source mapping: long-polls a queue, hands batches to the worker as Lambda's
//! `SqsEvent`, and deletes what succeeded. With ReportBatchItemFailures only the listed messages stay;
//! an `Err` (or a failure id not in the batch, as Lambda treats it) keeps the whole batch, which
//! returns after the visibility timeout and reaches the DLQ after maxReceiveCount receives.
//!
//! As Lambda does, the invocation runs under the function's `Timeout`: the handler sees the
//! deadline (`platform::worker::invocation_deadline`), and an invocation still running at it is
//! cancelled mid-work with nothing deleted, so its messages come back after the visibility
//! timeout. Invocations of one event source never exceed its `MaximumConcurrency`. Under the fault
//! layer the pump also hands some messages to two invocations at once (SQS's duplicate delivery:
//! the message is deleted if either succeeds) and kills armed invocations mid-work.

use crate::faults::Faults;
use crate::{BoxError, Stack};
use aws_lambda_events::sqs::SqsEvent;
use aws_sdk_sqs::types::{DeleteMessageBatchRequestEntry, MessageSystemAttributeName};
use platform::runtime::SqsDispatch;
use platform::AppState;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PumpOutcome {
    pub received: usize,
    pub deleted: usize,
    pub retried: usize,
    /// Invocations cancelled at the function's timeout or killed by the fault layer.
    pub stopped: usize,
}

pub struct QueueBinding<'a> {
    pub url: &'a str,
    pub arn: &'a str,
    pub batch_size: i32,
    pub report_batch_item_failures: bool,
    pub wait_seconds: i32,
    /// The function's logical id (armed kills name it).
    pub function: &'a str,
    /// The function's `Timeout`.
    pub timeout: Duration,
    pub faults: Option<&'a Faults>,
}

impl<'a> QueueBinding<'a> {
    /// A binding with the template's defaults for what a test does not care about: batch size 10,
    /// partial batch responses, 1 s polls, a 60 s timeout, no faults.
    pub fn new(url: &'a str, arn: &'a str, function: &'a str) -> Self {
        Self {
            url,
            arn,
            batch_size: 10,
            report_batch_item_failures: true,
            wait_seconds: 1,
            function,
            timeout: Duration::from_secs(60),
            faults: None,
        }
    }
}

/// How one invocation ended.
enum Ended {
    /// The ids SQS must deliver again.
    Returned(HashSet<String>),
    /// Cancelled at the timeout or killed: nothing deleted.
    Stopped,
}

/// One invocation as Lambda runs it: under the function's timeout (and an armed kill), with its
/// deadline visible to the handler.
async fn invoke(
    state: &AppState,
    queue: &QueueBinding<'_>,
    handler: SqsDispatch,
    event: SqsEvent,
    ids: &HashSet<String>,
) -> Ended {
    let deadline = Instant::now() + queue.timeout;
    let kill = queue.faults.and_then(|f| f.take_kill(queue.function));
    let run = platform::worker::with_deadline(deadline, handler(state, event));
    let stop_at = match kill {
        Some(after) => (Instant::now() + after).min(deadline),
        None => deadline,
    };
    let result = tokio::select! {
        r = run => r,
        _ = tokio::time::sleep_until(stop_at.into()) => {
            let why = if kill.is_some() && stop_at < deadline { "killed" } else { "timed out" };
            tracing::warn!(function = %queue.function, why, "invocation stopped mid-work; its messages return after the visibility timeout");
            return Ended::Stopped;
        }
    };
    Ended::Returned(match result {
        Err(e) => {
            tracing::warn!(error = %e, "worker failed the whole batch");
            ids.clone()
        }
        Ok(resp) if queue.report_batch_item_failures => {
            let failed: HashSet<String> = resp
                .batch_item_failures
                .into_iter()
                .map(|f| f.item_identifier)
                .collect();
            if failed.iter().any(|id| !ids.contains(id.as_str())) {
                ids.clone()
            } else {
                failed
            }
        }
        Ok(_) => HashSet::new(),
    })
}

/// One receive → invoke → delete cycle.
pub async fn pump_once(
    sqs: &aws_sdk_sqs::Client,
    state: &AppState,
    queue: &QueueBinding<'_>,
    handler: SqsDispatch,
) -> Result<PumpOutcome, BoxError> {
    let out = sqs
        .receive_message()
        .queue_url(queue.url)
        .max_number_of_messages(queue.batch_size.clamp(1, 10))
        .wait_time_seconds(queue.wait_seconds)
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .message_attribute_names("All")
        .send()
        .await?;
    let messages = out.messages.unwrap_or_default();
    if messages.is_empty() {
        return Ok(PumpOutcome::default());
    }
    let records: Vec<Value> = messages
        .iter()
        .map(|m| {
            let attributes: serde_json::Map<String, Value> = m
                .attributes()
                .map(|a| {
                    a.iter()
                        .map(|(k, v)| (k.as_str().to_owned(), Value::from(v.clone())))
                        .collect()
                })
                .unwrap_or_default();
            json!({
                "messageId": m.message_id(),
                "receiptHandle": m.receipt_handle(),
                "body": m.body(),
                "md5OfBody": m.md5_of_body(),
                "attributes": attributes,
                "messageAttributes": {},
                "eventSource": "aws:sqs",
                "eventSourceARN": queue.arn,
                "awsRegion": state.config.region,
            })
        })
        .collect();
    let ids: HashSet<String> = messages
        .iter()
        .filter_map(|m| m.message_id().map(str::to_owned))
        .collect();
    // SQS's duplicate delivery: some messages also go to a second invocation running at the same
    // time (each copy would carry its own receipt handle; deleting with either removes the message).
    let duplicates: Vec<Value> = match queue.faults {
        Some(f) => {
            let share = f.plan().duplicate;
            records
                .iter()
                .filter(|_| f.roll(share))
                .cloned()
                .inspect(|_| f.count("sqs:duplicate_delivery"))
                .collect()
        }
        None => Vec::new(),
    };
    let event: SqsEvent = serde_json::from_value(json!({ "Records": records }))?;
    let (main, twin) = if duplicates.is_empty() {
        (invoke(state, queue, handler, event, &ids).await, None)
    } else {
        let twin_ids: HashSet<String> = duplicates
            .iter()
            .filter_map(|r| r["messageId"].as_str().map(str::to_owned))
            .collect();
        let twin_event: SqsEvent = serde_json::from_value(json!({ "Records": duplicates }))?;
        let (a, b) = tokio::join!(
            invoke(state, queue, handler, event, &ids),
            invoke(state, queue, handler, twin_event, &twin_ids)
        );
        (a, Some((b, twin_ids)))
    };
    let mut stopped = 0;
    let mut keep: HashSet<String> = match main {
        Ended::Returned(keep) => keep,
        Ended::Stopped => {
            stopped += 1;
            ids.clone()
        }
    };
    if let Some((twin, twin_ids)) = twin {
        match twin {
            // A copy that succeeded deletes its message, whatever the other copy did.
            Ended::Returned(twin_keep) => {
                keep.retain(|id| !twin_ids.contains(id) || twin_keep.contains(id))
            }
            Ended::Stopped => stopped += 1,
        }
    }
    let entries: Vec<DeleteMessageBatchRequestEntry> = messages
        .iter()
        .filter(|m| m.message_id().is_some_and(|id| !keep.contains(id)))
        .enumerate()
        .filter_map(|(i, m)| {
            DeleteMessageBatchRequestEntry::builder()
                .id(i.to_string())
                .set_receipt_handle(m.receipt_handle().map(str::to_owned))
                .build()
                .ok()
        })
        .collect();
    let deleted = entries.len();
    if !entries.is_empty() {
        sqs.delete_message_batch()
            .queue_url(queue.url)
            .set_entries(Some(entries))
            .send()
            .await?;
    }
    Ok(PumpOutcome {
        received: messages.len(),
        deleted,
        retried: messages.len() - deleted,
        stopped,
    })
}

/// `pollers` polling tasks per SQS event in the template (each runs one invocation at a time), at
/// most the event's `MaximumConcurrency`, and a reader per DynamoDB stream event.
pub fn spawn_pumps(stack: &Arc<Stack>, pollers: usize) -> Vec<JoinHandle<()>> {
    let mut tasks = crate::stream::spawn_streams(stack);
    for (fi, f) in stack.functions.iter().enumerate() {
        let Some(handler) = f.sqs else { continue };
        for (si, source) in f.def.sqs.iter().enumerate() {
            let n = source
                .max_concurrency
                .map_or(pollers, |max| pollers.min(max as usize))
                .max(1);
            for _ in 0..n {
                let stack = stack.clone();
                tasks.push(tokio::spawn(async move {
                    let f = &stack.functions[fi];
                    let source = &f.def.sqs[si];
                    let (Some(url), Some(arn)) = (
                        stack.queue_url(&source.queue),
                        stack.queue_arn(&source.queue),
                    ) else {
                        tracing::error!(queue = %source.queue, "queue not provisioned");
                        return;
                    };
                    let binding = QueueBinding {
                        url,
                        arn,
                        batch_size: source.batch_size,
                        report_batch_item_failures: source.report_batch_item_failures,
                        wait_seconds: 1,
                        function: &f.def.logical_id,
                        timeout: f.timeout,
                        faults: stack.faults.as_deref(),
                    };
                    loop {
                        if let Err(e) = pump_once(&stack.sqs, &f.state, &binding, handler).await {
                            tracing::warn!(error = %e, queue = %source.queue, "sqs pump");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                    }
                }));
            }
        }
    }
    tasks
}
