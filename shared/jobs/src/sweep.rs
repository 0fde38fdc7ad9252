//! The scheduled sweep (EventBridge, every 5 minutes): fails jobs stuck past the stall limit (a
//! finished job's event needs no sweep: the table's stream carries its end, see `finish`).
//!
//! A job is stuck when no chunk has finished for `JOB_STALL_SECS` (default 3,900 s: twice the
//! enrichment queue's 1,800 s visibility timeout plus the worker's 300 s, so a chunk that failed
//! twice for a passing reason has come back and finished before the job is declared stuck). The
//! sweep reads at most 100 entries per shard and run; what it acts on leaves the list, and the
//! next run takes the rest.

use crate::finish;
use crate::persist;
use platform::{ApiError, AppState};
use serde::Serialize;

pub const DEFAULT_STALL_SECS: i64 = 3900;

/// What one sweep did.
#[derive(Debug, Default, Serialize)]
pub struct SweepReport {
    pub failed: u32,
    pub cleaned: u32,
}

pub fn stall_secs(state: &AppState) -> i64 {
    state
        .config
        .var("JOB_STALL_SECS")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|v| *v > 0)
        .unwrap_or(DEFAULT_STALL_SECS)
}

pub async fn sweep(state: &AppState) -> Result<SweepReport, ApiError> {
    let stall = stall_secs(state);
    let now = kernel::time::now().unix_timestamp();
    let mut report = SweepReport::default();
    for shard in persist::watch_shards() {
        let stuck = persist::watched(state, shard, now - stall, 100).await?;
        for job in stuck {
            if job.status.is_finished() {
                // A chunk counted after a cancel put it back on the list; take it off.
                persist::leave_watch(state, &job).await?;
                report.cleaned += 1;
                continue;
            }
            let reason = format!(
                "no progress for {} minutes ({} of {} records processed); the job was stopped",
                stall / 60,
                job.processed,
                job.total
            );
            if finish::fail(state, &job.tenant_id, &job.id, &reason).await? {
                tracing::warn!(job_id = %job.id, "stuck job failed by the sweep");
                report.failed += 1;
            }
        }
    }
    tracing::info!(
        failed = report.failed,
        cleaned = report.cleaned,
        "job sweep"
    );
    Ok(report)
}
