//! The retention sweep: deletes what an organisation's retention settings (`access::retention`)
//! say is too old where a TTL cannot, or could not yet:
//! - the audit log, which is written without a TTL (its writers read no settings);
//! - call log lines and jobs (with their inputs and results) written before a setting was
//!   shortened, whose TTLs still carry the old setting.
//!
//! Every partition it touches is ordered by id and ids begin with their creation time (ULIDs), so
//! "older than the cutoff" is a key range: a Query of the range and BatchWriteItem deletes, never a
//! Scan. Each organisation gets a budget of deletions per run; what is left waits for the next run.
//! Idempotent and safe to run concurrently: deleting an absent item succeeds.

use crate::tenants;
use access::model::AuditEvent;
use access::retention::Retention;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::Serialize;

/// Deletions per organisation per run.
pub const BUDGET_PER_TENANT: usize = 20_000;

/// What one organisation's sweep deleted.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct TenantSweep {
    pub audit_events: usize,
    pub call_log_lines: usize,
    pub jobs: usize,
    /// Items of those jobs (the job, its chunk inputs and markers, its results).
    pub job_items: usize,
    /// The budget ran out: the next run goes on.
    pub unfinished: bool,
}

impl TenantSweep {
    fn total(&self) -> usize {
        self.audit_events + self.call_log_lines + self.job_items
    }
}

/// A whole run.
#[derive(Debug, Default, Serialize)]
pub struct SweepReport {
    pub tenants: usize,
    pub deleted: usize,
    pub unfinished: usize,
}

/// Sweeps every organisation of the given shards of the organisation list.
pub async fn sweep(state: &AppState, shards: &[u32]) -> Result<SweepReport, ApiError> {
    let mut report = SweepReport::default();
    for tenant in tenants(state, shards).await? {
        let done = sweep_tenant(state, &tenant, kernel::time::now().unix_timestamp()).await?;
        report.tenants += 1;
        report.deleted += done.total();
        report.unfinished += usize::from(done.unfinished);
    }
    Ok(report)
}

/// Sweeps one organisation (both of its data spaces) as of `now` (epoch seconds), and audits
/// what it deleted (`retention.swept`, counts only).
pub async fn sweep_tenant(
    state: &AppState,
    tenant: &TenantId,
    now: i64,
) -> Result<TenantSweep, ApiError> {
    let live = tenant.live_space();
    let settings = Retention::load(&state.store, &live).await?;
    let mut budget = BUDGET_PER_TENANT;
    let audit_before = now - settings.audit_log_secs();
    let mut done = TenantSweep {
        audit_events: AuditEvent::purge_before(&state.store, &live, audit_before, &mut budget)
            .await?,
        ..TenantSweep::default()
    };
    for space in [live.clone(), live.test_space()] {
        let before = now - settings.call_log_secs();
        done.call_log_lines +=
            enrichment::engine::purge_calls_before(state, &space, before, &mut budget).await?;
        let before = now - settings.job_results_secs();
        let (jobs, items) =
            jobs::persist::purge_created_before(state, &space, before, &mut budget).await?;
        done.jobs += jobs;
        done.job_items += items;
    }
    done.unfinished = budget == 0;
    if done.total() > 0 {
        AuditEvent::new("retention.swept")
            .detail(serde_json::to_value(&done).unwrap_or_default())
            .append(&state.store, &live)
            .await?;
    }
    tracing::info!(
        tenant = %live,
        audit_events = done.audit_events,
        call_log_lines = done.call_log_lines,
        jobs = done.jobs,
        job_items = done.job_items,
        unfinished = done.unfinished,
        "retention sweep"
    );
    Ok(done)
}
