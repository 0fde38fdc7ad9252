//! Scheduled operations (EventBridge): each handler turns its schedule's input into an operation of
//! the `operations` crate.

use platform::runtime::{BoxFuture, WorkerError};
use platform::AppState;

/// The retention sweep (hourly): one shard of the organisation list per run by default, or
/// `{"shards": "all"}` / `{"shards": [0, 5]}`.
pub fn retention_sweep(
    state: &AppState,
    event: serde_json::Value,
) -> BoxFuture<'_, Result<(), WorkerError>> {
    Box::pin(async move {
        let shards = operations::shards_of(&event);
        let report = operations::retention::sweep(state, &shards).await?;
        tracing::info!(
            tenants = report.tenants,
            deleted = report.deleted,
            unfinished = report.unfinished,
            "retention sweep done"
        );
        Ok(())
    })
}

/// Credit and quota alerts (hourly, every shard by default).
pub fn credit_alerts(
    state: &AppState,
    event: serde_json::Value,
) -> BoxFuture<'_, Result<(), WorkerError>> {
    Box::pin(async move {
        let shards = operations::shards_of(&event);
        let sent = operations::alerts::check_all(state, &shards).await?;
        tracing::info!(sent, "credit and quota alerts done");
        Ok(())
    })
}
