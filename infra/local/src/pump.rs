//! Plays the SQS event source mapping: long-polls a queue, hands batches to the worker as Lambda's
//! `SqsEvent`, and deletes what succeeded. With ReportBatchItemFailures only the listed messages stay;
//! an `Err` (or a failure id not in the batch, as Lambda treats it) keeps the whole batch, which
//! returns after the visibility timeout and reaches the DLQ after maxReceiveCount receives.

use crate::{BoxError, Stack};
use aws_lambda_events::sqs::SqsEvent;
use aws_sdk_sqs::types::{DeleteMessageBatchRequestEntry, MessageSystemAttributeName};
use platform::runtime::SqsDispatch;
use platform::AppState;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PumpOutcome {
    pub received: usize,
    pub deleted: usize,
    pub retried: usize,
}

pub struct QueueBinding<'a> {
    pub url: &'a str,
    pub arn: &'a str,
    pub batch_size: i32,
    pub report_batch_item_failures: bool,
    pub wait_seconds: i32,
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
    let event: SqsEvent = serde_json::from_value(json!({ "Records": records }))?;
    let ids: HashSet<&str> = messages.iter().filter_map(|m| m.message_id()).collect();

    let keep: HashSet<String> = match handler(state, event).await {
        Err(e) => {
            tracing::warn!(error = %e, "worker failed the whole batch");
            ids.iter().map(|s| (*s).to_owned()).collect()
        }
        Ok(resp) if queue.report_batch_item_failures => {
            let failed: HashSet<String> = resp
                .batch_item_failures
                .into_iter()
                .map(|f| f.item_identifier)
                .collect();
            if failed.iter().any(|id| !ids.contains(id.as_str())) {
                ids.iter().map(|s| (*s).to_owned()).collect()
            } else {
                failed
            }
        }
        Ok(_) => HashSet::new(),
    };
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
    })
}

/// One polling task per SQS event in the template.
pub fn spawn_pumps(stack: &Arc<Stack>) -> Vec<JoinHandle<()>> {
    let mut tasks = Vec::new();
    for (fi, f) in stack.functions.iter().enumerate() {
        let Some(handler) = f.sqs else { continue };
        for (si, _) in f.def.sqs.iter().enumerate() {
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
    tasks
}
