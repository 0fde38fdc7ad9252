//! The job queues: chunk messages to the enrichment queue, callbacks to the webhook queue (sending
//! itself is `platform::queue`). A chunk sent twice is harmless: the worker's chunk marker makes the
//! second delivery a no-op.

use kernel::error::ApiError;
pub use platform::queue::{client, send_all, Outgoing, Queue};
use platform::AppState;

/// The enrichment queue (`ENRICHMENT_QUEUE_URL`).
pub async fn enrichment(state: &AppState) -> Result<Queue, ApiError> {
    platform::queue::named(
        state,
        state.config.queues.enrichment.as_deref(),
        "ENRICHMENT_QUEUE_URL",
    )
    .await
}

/// The webhook queue (`WEBHOOK_QUEUE_URL`): job callbacks, later partner webhooks.
pub async fn webhooks(state: &AppState) -> Result<Queue, ApiError> {
    platform::queue::named(
        state,
        state.config.queues.webhooks.as_deref(),
        "WEBHOOK_QUEUE_URL",
    )
    .await
}
