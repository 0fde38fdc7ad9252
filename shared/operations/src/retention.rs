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
use kernel::ids::{id_bound, TenantId};
use platform::{ApiError, AppState};
use serde::{Deserialize, Serialize};
use store::{keys, QuerySpec};

/// Items one Query + BatchWriteItem round deletes.
const BATCH: usize = 100;
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

fn bound(prefix: &str, epoch: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(epoch)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    id_bound(prefix, at, false)
}

/// Deletes the items of `spec` (a key range) in rounds until none is left or the budget is spent.
async fn purge(state: &AppState, spec: &QuerySpec, budget: &mut usize) -> Result<usize, ApiError> {
    let mut total = 0;
    while *budget > 0 {
        let want = BATCH.min(*budget);
        let n = state.store.purge_first(spec, want).await?;
        total += n;
        *budget = budget.saturating_sub(n);
        if n < want {
            break;
        }
    }
    Ok(total)
}

/// What the sweep reads of a job in the job list (GSI1 projects the whole item).
#[derive(Deserialize)]
struct OldJob {
    id: String,
    #[serde(default)]
    chunks: u32,
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
    let mut done = TenantSweep::default();

    let audit = keys::audit_events(&live)
        .sk_between("aud_", &bound("aud", now - settings.audit_log_secs()));
    done.audit_events = purge(state, &audit, &mut budget).await?;

    for space in [live.clone(), live.test_space()] {
        let calls_before = bound("call", now - settings.call_log_secs());
        for shard in keys::call_log(&space) {
            let spec = shard.sk_between("call_", &calls_before);
            done.call_log_lines += purge(state, &spec, &mut budget).await?;
        }
        let old_jobs =
            keys::jobs(&space).sk_between("job_", &bound("job", now - settings.job_results_secs()));
        'jobs: while budget > 0 {
            let jobs: Vec<OldJob> = state.store.query_first(&old_jobs, 25).await?;
            if jobs.is_empty() {
                break;
            }
            for job in jobs {
                // Each chunk's input is a partition of its own; the job says how many there are.
                let inputs: Vec<store::Key> = (0..job.chunks)
                    .map(|n| keys::job_input(&space, &job.id, n))
                    .collect();
                state.store.batch_delete(&inputs).await?;
                done.job_items += inputs.len();
                budget = budget.saturating_sub(inputs.len());
                // Newest sort key first: the job item (`#`) goes last, so a run that stops half-way
                // leaves the job in the list and the next run finds the rest.
                let items = keys::job_partition(&space, &job.id).newest_first();
                done.job_items += purge(state, &items, &mut budget).await?;
                if budget == 0 {
                    break 'jobs;
                }
                done.jobs += 1;
            }
        }
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
