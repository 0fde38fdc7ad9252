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

/// The weekly digest (hourly, every organisation): mails each user whose Monday 08:00 has come
/// this week, once.
pub fn weekly_digest(
    state: &AppState,
    _event: serde_json::Value,
) -> BoxFuture<'_, Result<(), WorkerError>> {
    Box::pin(async move {
        let report = operations::notices::weekly_digests(state, None).await?;
        tracing::info!(
            tenants = report.tenants,
            mailed = report.mailed,
            unfinished = report.unfinished,
            "weekly digests done"
        );
        Ok(())
    })
}
