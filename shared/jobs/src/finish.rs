//! Ending a job exactly once, and telling the world.
//!
//! The job ends through one conditional UpdateItem (`status IN (pending, processing)`): of the
//! workers (and the sweep) that see the last record counted, one wins; the others' conditions fail
//! and they do nothing. That write is the event: the table's change stream carries it to the event
//! publisher, which puts `job.completed` / `job.failed` on the bus, and the webhook engine delivers
//! it to subscribers and to the job's `callback_url`. Nothing is published by a second call a
//! crash could skip; `announce` only takes the job off the sweep's `unannounced` list.

use crate::model::*;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};

/// `source` of every job event on the bus.
pub const EVENT_SOURCE: &str = "enrich.jobs";

pub use crate::messages::JobCallback;

/// A finished job not announced after this long is announced by the sweep.
pub const ANNOUNCE_GRACE_SECS: i64 = 60;

/// Ends the job if every record has been counted.
pub async fn finish_if_done(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
) -> Result<(), ApiError> {
    let Some(job) = crate::persist::load(state, tenant, job_id).await? else {
        return Ok(());
    };
    if job.status.is_finished() {
        // The worker that ended the job announces it; another that finds it ended and not yet
        // announced leaves that to it for a grace period (then the sweep repairs a crash between
        // the two), so the event goes out once in the normal case.
        let grace_over = job
            .finished_at
            .as_deref()
            .and_then(kernel::time::parse_rfc3339)
            .is_none_or(|at| {
                kernel::time::now().unix_timestamp() - at.unix_timestamp() > ANNOUNCE_GRACE_SECS
            });
        if !job.announced && job.status != JobStatus::Cancelled && grace_over {
            announce(state, &job).await?;
        }
        return Ok(());
    }
    if job.processed < job.total {
        return Ok(());
    }
    let (status, reason) = if job.failed > 0 && job.succeeded + job.not_found == 0 {
        (JobStatus::Failed, Some("every record failed".to_owned()))
    } else {
        (JobStatus::Completed, None)
    };
    if let Some(done) = close(state, &job, status, reason).await? {
        announce(state, &done).await?;
    }
    Ok(())
}

/// Fails a job that has not finished, saying why (queueing failed, or the sweep found it stuck).
/// Returns whether this call ended it.
pub async fn fail(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
    reason: &str,
) -> Result<bool, ApiError> {
    let Some(job) = crate::persist::load(state, tenant, job_id).await? else {
        return Ok(false);
    };
    match close(state, &job, JobStatus::Failed, Some(reason.to_owned())).await? {
        Some(done) => {
            announce(state, &done).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The conditional end: `None` when the job had already ended.
async fn close(
    state: &AppState,
    job: &JobRecord,
    status: JobStatus,
    reason: Option<String>,
) -> Result<Option<JobRecord>, ApiError> {
    let done = crate::persist::close(state, job, status, reason).await?;
    if done.is_some() {
        tracing::info!(job_id = %job.id, status = status.as_str(), "job finished");
    }
    Ok(done)
}

/// Takes a finished job off the sweep's `unannounced` list (its event travels on the table's
/// stream, see the module's notes). Safe to repeat.
pub async fn announce(state: &AppState, job: &JobRecord) -> Result<(), ApiError> {
    Ok(crate::persist::mark_announced(state, job).await?)
}
