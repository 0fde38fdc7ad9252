//! Ending a job exactly once, and telling the world.
//!
//! The job ends through one conditional UpdateItem (`status IN (pending, processing)`): of the
//! workers (and the sweep) that see the last record counted, one wins; the others' conditions fail
//! and they do nothing. The winner then puts `job.completed` / `job.failed` on the event bus and
//! queues the callback. Until both are done the job sits in the sweep's `unannounced` list, so a
//! crash between the end and the announcement is repaired by the next sweep (at least once; the
//! event's `id` is the job id, for consumers to de-duplicate on).

use crate::model::*;
use crate::queue::{self, Outgoing};
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::Serialize;

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

/// The event a finished job puts on the bus (`detail`).
#[derive(Debug, Serialize)]
struct JobEvent<'a> {
    id: &'a str,
    tenant_id: &'a TenantId,
    job: JobView,
}

/// Puts the job's event on the bus and queues its callback, then marks it announced (leaving the
/// sweep's list). Safe to repeat.
pub async fn announce(state: &AppState, job: &JobRecord) -> Result<(), ApiError> {
    let event_type = match job.status {
        JobStatus::Completed => "job.completed",
        JobStatus::Failed => "job.failed",
        _ => return Ok(()),
    };
    platform::events::publish(
        state,
        EVENT_SOURCE,
        event_type,
        &JobEvent {
            id: &job.id,
            tenant_id: &job.tenant_id,
            job: job.view(),
        },
        &format!("job/{}", job.id),
    )
    .await?;
    if job.callback_url.is_some() && job.callback_status == Some(CallbackStatus::Pending) {
        let q = queue::webhooks(state).await?;
        let message = JobCallback {
            tenant: job.tenant_id.clone(),
            job_id: job.id.clone(),
            attempt: 1,
        };
        queue::send_all(&q, vec![Outgoing::json(&message, job.tenant_id.as_str())?]).await?;
    }
    Ok(crate::persist::mark_announced(state, job).await?)
}
