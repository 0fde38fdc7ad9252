//! The job queue: chunk messages to the enrichment queue (sending itself is `platform::queue`;
//! callbacks are webhook deliveries, see `webhooks`). A chunk sent twice is harmless: the
//! worker's chunk marker makes the second delivery a no-op.

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
