//! Sending messages to SQS: `SendMessageBatch` of up to 10 entries and 240 KiB, every entry's
//! result checked and failed entries sent again (a 200 can carry per-entry failures). Producers must
//! make a message sent twice harmless: the consumers are idempotent.
//!
//! Fairness: every message carries `MessageGroupId` (the tenant). On a standard queue that turns on
//! SQS fair queues, which keep one tenant's backlog from delaying another tenant's messages.
//!
//! Behind the `queue` feature: only producers and the local pump link the SQS SDK.

use crate::AppState;
use aws_sdk_sqs::types::SendMessageBatchRequestEntry;
use kernel::error::ApiError;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// Most bytes of message bodies in one `SendMessageBatch` (the API's limit is 256 KiB).
const MAX_BATCH_BYTES: usize = 240 * 1024;
/// Rounds of re-sending entries SQS failed before the submission gives up.
const MAX_ROUNDS: u32 = 5;

/// A queue to send to, with the client (built once per container).
#[derive(Debug, Clone)]
pub struct Queue {
    pub client: aws_sdk_sqs::Client,
    pub url: String,
}

#[derive(Debug)]
struct SqsPart(aws_sdk_sqs::Client);

/// The SQS client of this container (built on first use: only producers and the pump link SQS).
pub async fn client(state: &AppState) -> Result<aws_sdk_sqs::Client, ApiError> {
    let part: Arc<SqsPart> = state
        .part(|| async {
            Ok(SqsPart(crate::aws_client!(
                aws_sdk_sqs,
                state.aws.sdk_base()
            )))
        })
        .await?;
    Ok(part.0.clone())
}

/// The queue at `url` (the configuration variable `var`, named in the error when it is unset).
pub async fn named(state: &AppState, url: Option<&str>, var: &str) -> Result<Queue, ApiError> {
    let url = url.ok_or_else(|| ApiError::internal(format!("{var} is not configured")))?;
    Ok(Queue {
        client: client(state).await?,
        url: url.to_owned(),
    })
}

/// A message to send: its body and the fairness group.
pub struct Outgoing {
    pub body: String,
    pub group: String,
    pub delay_secs: i32,
}

impl Outgoing {
    pub fn json<T: Serialize>(message: &T, group: &str) -> Result<Self, ApiError> {
        Ok(Self {
            body: serde_json::to_string(message).map_err(ApiError::internal)?,
            group: group.to_owned(),
            delay_secs: 0,
        })
    }

    pub fn delayed(mut self, secs: i32) -> Self {
        self.delay_secs = secs.clamp(0, 900);
        self
    }
}

/// Sends every message; returns the number of `SendMessageBatch` calls made. Fails (retryable)
/// only when some entry could not be sent after [`MAX_ROUNDS`].
pub async fn send_all(queue: &Queue, messages: Vec<Outgoing>) -> Result<u32, ApiError> {
    let mut calls = 0;
    let mut pending: Vec<(usize, Outgoing)> = messages.into_iter().enumerate().collect();
    let mut delay = Duration::from_millis(100);
    for round in 0..MAX_ROUNDS {
        let mut failed: Vec<(usize, Outgoing)> = Vec::new();
        let mut rest = pending.into_iter().peekable();
        while rest.peek().is_some() {
            let mut batch: Vec<(usize, Outgoing)> = Vec::new();
            let mut bytes = 0;
            while let Some((_, next)) = rest.peek() {
                if batch.len() == 10
                    || (!batch.is_empty() && bytes + next.body.len() > MAX_BATCH_BYTES)
                {
                    break;
                }
                bytes += next.body.len();
                batch.extend(rest.next());
            }
            let entries: Vec<SendMessageBatchRequestEntry> = batch
                .iter()
                .filter_map(|(i, m)| {
                    SendMessageBatchRequestEntry::builder()
                        .id(i.to_string())
                        .message_body(&m.body)
                        .message_group_id(&m.group)
                        .delay_seconds(m.delay_secs)
                        .build()
                        .ok()
                })
                .collect();
            calls += 1;
            match queue
                .client
                .send_message_batch()
                .queue_url(&queue.url)
                .set_entries(Some(entries))
                .send()
                .await
            {
                Ok(out) => {
                    let failed_ids: Vec<String> =
                        out.failed().iter().map(|f| f.id().to_owned()).collect();
                    for (i, m) in batch {
                        if failed_ids.contains(&i.to_string()) {
                            failed.push((i, m));
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e.into_service_error(), "SendMessageBatch failed");
                    failed.extend(batch);
                }
            }
        }
        if failed.is_empty() {
            return Ok(calls);
        }
        tracing::warn!(
            failed = failed.len(),
            round,
            "re-sending messages SQS did not take"
        );
        pending = failed;
        tokio::time::sleep(delay).await;
        delay *= 2;
    }
    Err(ApiError::Unavailable {
        detail: "the queue did not take every message; try again".into(),
        retry_after_secs: Some(5),
    })
}
