//! The background side of bulk jobs, two Lambda functions from one crate (job callbacks are
//! delivered by the webhook engine, `functions/webhooks`):
//! - `enrichment-worker` (enrichment queue): one chunk of a job per message, see
//!   `jobs::process`. Up to 4 chunks of a batch run at once; each runs its records in turn,
//!   so one invocation has at most 4 records in flight against the providers.
//! - `job-sweep` (EventBridge, every 5 minutes): fails stuck jobs and repairs missed
//!   announcements, see `jobs::sweep`.

/// The enrichment worker's batch handler.
pub mod chunks {
    platform::sqs_worker!(
        jobs::model::JobChunk,
        jobs::process::handle_chunk,
        concurrency = 4
    );
}

/// The sweep's handler (its input, `{"sweep": "jobs"}` or a bare scheduled event, is not read) (`run_schedule` and the local ticker call it).
pub fn sweep(
    state: &platform::AppState,
    input: serde_json::Value,
) -> platform::runtime::BoxFuture<'_, Result<(), platform::runtime::WorkerError>> {
    platform::worker::schedule(state, input, |state, _: serde_json::Value| async move {
        jobs::sweep::sweep(state).await?;
        Ok(())
    })
}
