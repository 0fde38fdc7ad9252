//! Typed SQS workers and EventBridge-scheduled functions, beside the HTTP runtime.
//!
//! A worker declares its message type and one async function per message:
//! `platform::sqs_worker!(JobChunk, handle_chunk, concurrency = 8);` gives the crate a `dispatch`
//! that the Lambda binary (`run_sqs`) and the local SQS pump both call, exactly as Lambda would.
//! For each batch it:
//! - parses every body into the message type (a body that does not parse can never succeed: it is a
//!   permanent failure);
//! - runs the messages with bounded concurrency, one tracing span each (message id, receive count);
//! - reports retryable failures as batch item failures (`ReportBatchItemFailures`): SQS redelivers
//!   them after the visibility timeout and moves them to the DLQ after `maxReceiveCount`;
//! - records permanent failures (a `FAILED_MESSAGE` item, an error log line and a metric, never the
//!   body, which may hold personal data) and acknowledges them, so they are not retried into the DLQ.
//!   If the record cannot be written the message is reported as failed, so nothing is lost silently.
//!
//! Handlers must be idempotent: SQS delivers at least once, and a retried batch item may have been
//! partly done.

use crate::metrics::{self, Unit};
use crate::runtime::{BoxFuture, ScheduleDispatch, SqsDispatch, WorkerError};
use crate::state::AppState;
use aws_lambda_events::sqs::{BatchItemFailure, SqsMessage};
use futures::StreamExt;
use kernel::error::ApiError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use std::time::{Duration, Instant};
use store::keys;
use tracing::Instrument;

/// How long a permanent failure's record is kept (the DLQ's own retention is 14 days).
pub const FAILED_MESSAGE_TTL_SECS: i64 = 14 * 24 * 3600;

/// Why a message failed, and so whether delivering it again can help.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    /// A dependency was unavailable, throttled or timed out: SQS redelivers the message.
    #[error("retryable: {0}")]
    Retryable(String),
    /// The message can never succeed (malformed, refers to nothing, refused by a rule): it is
    /// recorded and acknowledged.
    #[error("permanent: {0}")]
    Permanent(String),
}

impl MessageError {
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Retryable(_))
    }
}

/// Domain errors say what they are: server-side and throttling errors may pass on a later try;
/// a 4xx-class error (validation, not found, conflict, forbidden) will not.
impl From<ApiError> for MessageError {
    fn from(e: ApiError) -> Self {
        // The reason goes to the log (never to a client): keep the cause of an internal error.
        let reason = match std::error::Error::source(&e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        };
        if e.is_retryable() {
            Self::Retryable(reason)
        } else {
            Self::Permanent(reason)
        }
    }
}

impl From<store::StoreError> for MessageError {
    fn from(e: store::StoreError) -> Self {
        ApiError::from(e).into()
    }
}

/// What the handler knows about the delivery besides the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub message_id: String,
    /// 1 on the first delivery (SQS `ApproximateReceiveCount`).
    pub receive_count: u32,
    /// The queue's name (the last part of its ARN).
    pub queue: String,
    /// When Lambda stops this invocation (`context.deadline`); `None` outside an invocation (a
    /// test calling the handler). Work is bounded by it: see [`Delivery::time_left`].
    pub deadline: Option<Instant>,
}

impl Delivery {
    /// A delivery outside any invocation (tests, tools): no deadline.
    pub fn new(
        message_id: impl Into<String>,
        receive_count: u32,
        queue: impl Into<String>,
    ) -> Self {
        Self {
            message_id: message_id.into(),
            receive_count,
            queue: queue.into(),
            deadline: None,
        }
    }

    /// Time left before the invocation is stopped (a day when there is no deadline).
    pub fn time_left(&self) -> Duration {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
            .unwrap_or(Duration::from_secs(86_400))
    }

    /// Whether work that takes up to `needs` would still finish with [`DEADLINE_MARGIN`] to spare.
    pub fn has_time_for(&self, needs: Duration) -> bool {
        self.time_left() > needs + DEADLINE_MARGIN
    }
}

/// What an invocation keeps in hand before its deadline: time to write what it did and report
/// what it did not, so Lambda never stops it mid-write.
pub const DEADLINE_MARGIN: Duration = Duration::from_millis(1500);

tokio::task_local! {
    /// The running invocation's deadline, set by `run_sqs` (from `context.deadline`) and the local
    /// pump (from the function's `Timeout`).
    static INVOCATION_DEADLINE: Instant;
}

/// Runs `f` as an invocation that Lambda stops at `deadline`.
pub async fn with_deadline<F: Future>(deadline: Instant, f: F) -> F::Output {
    INVOCATION_DEADLINE.scope(deadline, f).await
}

/// The running invocation's deadline, if any.
pub fn invocation_deadline() -> Option<Instant> {
    INVOCATION_DEADLINE.try_with(|d| *d).ok()
}

/// Whether the running invocation should stop taking on work: within two [`DEADLINE_MARGIN`]s of
/// its deadline (never outside an invocation). For sweeps that walk a list item by item.
pub fn out_of_time() -> bool {
    invocation_deadline()
        .is_some_and(|d| d.saturating_duration_since(Instant::now()) < DEADLINE_MARGIN * 2)
}

/// Lambda's `context.deadline` (epoch milliseconds) as an `Instant` of this process.
pub fn deadline_from_epoch_ms(deadline_ms: u64) -> Instant {
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    Instant::now() + Duration::from_millis(deadline_ms.saturating_sub(now_ms))
}

/// A permanent failure as kept for operators (no body: it may hold personal data).
#[derive(Debug, Serialize)]
pub(crate) struct FailedMessage<'a> {
    message_id: &'a str,
    queue: &'a str,
    receive_count: u32,
    reason: &'a str,
    failed_at: String,
}

/// Processes one SQS batch with `handler`, at most `concurrency` messages at a time, and returns
/// the ids SQS must deliver again.
pub async fn process_batch<'s, M, F, Fut>(
    state: &'s AppState,
    event: SqsEvent,
    concurrency: usize,
    handler: F,
) -> SqsBatchResponse
where
    M: DeserializeOwned,
    F: Fn(&'s AppState, M, Delivery) -> Fut,
    Fut: Future<Output = Result<(), MessageError>> + 's,
{
    let handler = &handler;
    let failed: Vec<String> = futures::stream::iter(event.records)
        .map(|record| async move { process_one(state, record, handler).await })
        .buffer_unordered(concurrency.max(1))
        .filter_map(|failed| async move { failed })
        .collect()
        .await;
    let mut resp = SqsBatchResponse::default();
    for id in failed {
        let mut f = BatchItemFailure::default();
        f.item_identifier = id;
        resp.batch_item_failures.push(f);
    }
    resp
}

/// Runs one message; `Some(id)` when SQS must deliver it again.
async fn process_one<'s, M, F, Fut>(
    state: &'s AppState,
    record: SqsMessage,
    handler: &F,
) -> Option<String>
where
    M: DeserializeOwned,
    F: Fn(&'s AppState, M, Delivery) -> Fut,
    Fut: Future<Output = Result<(), MessageError>> + 's,
{
    let delivery = Delivery {
        message_id: record.message_id.clone().unwrap_or_default(),
        receive_count: record
            .attributes
            .get("ApproximateReceiveCount")
            .and_then(|n| n.parse().ok())
            .unwrap_or(1),
        queue: record
            .event_source_arn
            .as_deref()
            .and_then(|arn| arn.rsplit(':').next())
            .unwrap_or("unknown")
            .to_owned(),
        deadline: invocation_deadline(),
    };
    let span = tracing::info_span!(
        "message",
        message_id = %delivery.message_id,
        queue = %delivery.queue,
        receive_count = delivery.receive_count,
    );
    async move {
        let parsed = serde_json::from_str::<M>(record.body.as_deref().unwrap_or(""))
            .map_err(|e| MessageError::Permanent(format!("the body is not this queue's message: {e}")));
        let result = match parsed {
            Ok(message) => handler(state, message, delivery.clone()).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => None,
            Err(MessageError::Retryable(reason)) => {
                tracing::warn!(%reason, "message failed; SQS delivers it again");
                metrics::emit(
                    &[("Queue", &delivery.queue), ("Outcome", "retry")],
                    &[("WorkerMessages", 1.0, Unit::Count)],
                );
                Some(delivery.message_id)
            }
            Err(MessageError::Permanent(reason)) => {
                tracing::error!(%reason, "message failed permanently; recorded and acknowledged");
                metrics::emit(
                    &[("Queue", &delivery.queue), ("Outcome", "permanent")],
                    &[("WorkerMessages", 1.0, Unit::Count)],
                );
                match record_permanent(state, &delivery, &reason).await {
                    Ok(()) => None,
                    Err(e) => {
                        tracing::error!(error = %e, "could not record the failure; keeping the message");
                        Some(delivery.message_id)
                    }
                }
            }
        }
    }
    .instrument(span)
    .await
}

async fn record_permanent(
    state: &AppState,
    delivery: &Delivery,
    reason: &str,
) -> Result<(), store::StoreError> {
    let now = kernel::time::now();
    let day = format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    );
    let (key, by_day) = keys::failed_message(&delivery.queue, &delivery.message_id, &day);
    let failed = FailedMessage {
        message_id: &delivery.message_id,
        queue: &delivery.queue,
        receive_count: delivery.receive_count,
        reason,
        failed_at: kernel::time::rfc3339(now),
    };
    crate::persist::put_failed_message(
        &state.store,
        key,
        by_day,
        &failed,
        now.unix_timestamp() + FAILED_MESSAGE_TTL_SECS,
    )
    .await
}

/// Declares a crate's SQS worker: its message type, the async function run per message
/// (`async fn(&AppState, M, Delivery) -> Result<(), MessageError>`) and how many run at once.
/// Produces `dispatch`, the [`SqsDispatch`] that `run_sqs` and the local pump call.
#[macro_export]
macro_rules! sqs_worker {
    ($message:ty, $handler:path, concurrency = $n:expr) => {
        /// Runs one SQS batch (see `platform::worker`).
        pub fn dispatch(
            state: &$crate::AppState,
            event: $crate::worker::SqsEvent,
        ) -> $crate::runtime::BoxFuture<
            '_,
            Result<$crate::worker::SqsBatchResponse, $crate::runtime::WorkerError>,
        > {
            Box::pin(async move {
                Ok(
                    $crate::worker::process_batch::<$message, _, _>(state, event, $n, $handler)
                        .await,
                )
            })
        }
    };
}

pub use aws_lambda_events::sqs::{SqsBatchResponse, SqsEvent};

/// `main` of an SQS-triggered function.
pub async fn run_sqs(dispatch: SqsDispatch) -> Result<(), lambda_runtime::Error> {
    let state = crate::runtime::init_state()?;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |event: lambda_runtime::LambdaEvent<SqsEvent>| async move {
            let deadline = deadline_from_epoch_ms(event.context.deadline);
            with_deadline(deadline, dispatch(state, event.payload)).await
        },
    ))
    .await
}

/// `main` of a DynamoDB Streams-triggered function.
pub async fn run_stream(
    dispatch: crate::runtime::StreamDispatch,
) -> Result<(), lambda_runtime::Error> {
    let state = crate::runtime::init_state()?;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |event: lambda_runtime::LambdaEvent<aws_lambda_events::dynamodb::Event>| async move {
            let deadline = deadline_from_epoch_ms(event.context.deadline);
            with_deadline(deadline, dispatch(state, event.payload)).await
        },
    ))
    .await
}

/// A stream record as the store reads it, with its sequence number (what a batch item failure
/// names). A record without images (KEYS_ONLY) has none.
pub fn stream_changes(
    event: aws_lambda_events::dynamodb::Event,
) -> Vec<(String, store::stream::Change)> {
    use store::stream::{Change, ChangeKind};
    event
        .records
        .into_iter()
        .map(|r| {
            let kind = match r.event_name.as_str() {
                "INSERT" => ChangeKind::Insert,
                "REMOVE" => ChangeKind::Remove,
                _ => ChangeKind::Modify,
            };
            let image = |i: serde_dynamo::Item| -> Option<store::Item> {
                let item: store::Item = i.into();
                (!item.is_empty()).then_some(item)
            };
            let sequence = r.change.sequence_number.clone().unwrap_or_default();
            (
                sequence,
                Change {
                    event_id: r.event_id,
                    kind,
                    at: r.change.approximate_creation_date_time.timestamp(),
                    keys: r.change.keys.into(),
                    old: image(r.change.old_image),
                    new: image(r.change.new_image),
                },
            )
        })
        .collect()
}

/// `main` of an EventBridge-scheduled function: the rule's `Input` (or the scheduled event) in.
pub async fn run_schedule(dispatch: ScheduleDispatch) -> Result<(), lambda_runtime::Error> {
    let state = crate::runtime::init_state()?;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |event: lambda_runtime::LambdaEvent<serde_json::Value>| async move {
            let deadline = deadline_from_epoch_ms(event.context.deadline);
            with_deadline(deadline, dispatch(state, event.payload)).await
        },
    ))
    .await
}

/// A schedule handler typed like a worker: the input parsed into `E` (a malformed input is an
/// error Lambda records, and EventBridge does not retry a scheduled invocation of a success).
pub fn schedule<'s, E, F, Fut>(
    state: &'s AppState,
    input: serde_json::Value,
    handler: F,
) -> BoxFuture<'s, Result<(), WorkerError>>
where
    E: DeserializeOwned + Send + 's,
    F: FnOnce(&'s AppState, E) -> Fut + Send + 's,
    Fut: Future<Output = Result<(), MessageError>> + Send + 's,
{
    Box::pin(async move {
        let event: E = serde_json::from_value(input)
            .map_err(|e| Box::new(MessageError::Permanent(e.to_string())) as WorkerError)?;
        let span = tracing::info_span!("schedule");
        handler(state, event)
            .instrument(span)
            .await
            .map_err(|e| Box::new(e) as WorkerError)
    })
}
