//! Ending a job exactly once, and telling the world.
//!
//! The job ends through one conditional UpdateItem (`status IN (pending, processing)`): of the
//! workers (and the sweep) that see the last record counted, one wins; the others' conditions fail
//! and they do nothing. That write is the event: the table's change stream carries it to the event
//! publisher, which puts `job.completed` / `job.failed` on the bus, and the webhook engine delivers
//! it to subscribers and to the job's `callback_url`. Nothing is published by a second call a
//! crash could skip.

use crate::model::*;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};

/// `source` of every job event on the bus.
pub const EVENT_SOURCE: &str = "enrich.jobs";

pub use crate::messages::JobCallback;

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
    close(state, &job, status, reason).await?;
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
    Ok(
        close(state, &job, JobStatus::Failed, Some(reason.to_owned()))
            .await?
            .is_some(),
    )
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
