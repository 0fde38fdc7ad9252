//! Scheduled re-enrichment (the `refresh-sweep` schedule, hourly): for every organisation that
//! watches records, its watched people and companies with a stale field are refreshed through a
//! bulk job that asks only for the stale fields, taking no cached answer older than the job,
//! within the organisation's daily `refresh_budget_credits`.
//!
//! Per organisation and run: the settings (1 Query), the due watched records (8 Queries per kind,
//! reading only due entries), the day's spending (1 GetItem), one conditional UpdateItem that
//! reserves the expected credits, one conditional UpdateItem per record that claims it (moves it
//! out of the due index for [`enrichment::refresh::CLAIM_SECS`]) and the job's own writes.
//!
//! Failure semantics: at-least-once per due record, never twice at once. Two runs at once claim
//! each record once (the claim is conditional on the version read); a run that dies after its
//! claims leaves the records out of the index until the claim expires, then a later run takes
//! them again. The budget errs on the side of spending less: credits reserved for a record whose
//! claim then fails, or whose job dies, are not given back. A record a refresh could not renew
//! is not tried again for a day (`REFRESH_RETRY_SECS`).

use crate::model::{JobOptions, JobType};
use crate::submit::{self, OnInvalid, Submission};
use enrichment::records::{EntityKind, EntityRecord};
use enrichment::settings::TenantProviders;
use enrichment::{CacheMode, Caller};
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use providers::Capability;

/// Records one organisation refreshes per run at most (per kind).
pub const MAX_PER_RUN: usize = 500;
/// The actor of refresh jobs (the job's `created_by`).
pub const ACTOR: &str = "system:refresh";

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct RefreshReport {
    pub organisations: usize,
    pub due: usize,
    pub started: usize,
    pub refused: usize,
    pub jobs: Vec<String>,
}

fn day_of(now: i64) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(now).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}-{:02}", t.year(), t.month() as u8, t.day())
}

/// One run at `now` (epoch s; the schedule passes none and the clock is read).
pub async fn run(state: &AppState, now: i64) -> Result<RefreshReport, ApiError> {
    let mut report = RefreshReport::default();
    for tenant in enrichment::refresh::watching_tenants(state).await? {
        if platform::worker::out_of_time() {
            tracing::info!("refresh run stopped at its deadline; the next run goes on");
            break;
        }
        report.organisations += 1;
        refresh_tenant(state, &tenant, now, &mut report).await?;
    }
    Ok(report)
}

/// The fields a refresh asks for: the stale ones a provider can fill.
fn stale_fields(recs: &[EntityRecord], now: i64, allowed: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = recs
        .iter()
        .flat_map(|r| r.stale_fields(now))
        .filter(|f| allowed.contains(&f.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What a record is looked up by in a bulk job (`None`: nothing that finds it again).
fn row_of(rec: &EntityRecord) -> Option<crate::input::RawRecord> {
    let keys: &[&str] = match rec.kind {
        EntityKind::Person => &["email", "linkedin_url"],
        EntityKind::Company => &["domain"],
    };
    let row: crate::input::RawRecord = keys
        .iter()
        .filter_map(|k| rec.value(k).map(|v| ((*k).to_owned(), v.to_owned())))
        .collect();
    (!row.is_empty()).then_some(row)
}

async fn refresh_tenant(
    state: &AppState,
    tenant: &TenantId,
    now: i64,
    report: &mut RefreshReport,
) -> Result<(), ApiError> {
    let providers = TenantProviders::load(state, tenant).await?;
    let budget = providers.policy.refresh_budget_credits;
    let day = day_of(now);
    for (kind, capability, allowed) in [
        (
            EntityKind::Person,
            Capability::Person,
            providers::PERSON_FIELDS,
        ),
        (
            EntityKind::Company,
            Capability::Company,
            providers::COMPANY_FIELDS,
        ),
    ] {
        let due = enrichment::refresh::due_watched(state, tenant, kind, now, MAX_PER_RUN).await?;
        if due.is_empty() {
            continue;
        }
        report.due += due.len();
        let total = due.len();
        let spent = enrichment::refresh::day(state, tenant, &day).await?;
        let mut left = budget - spent.reserved_credits;
        let order = providers.order(capability);
        // Each record's expected cost: the fixed order's expected credits for its stale fields.
        let mut chosen: Vec<(EntityRecord, f64)> = Vec::new();
        for rec in due {
            let fields: Vec<String> = rec
                .stale_fields(now)
                .into_iter()
                .filter(|f| allowed.contains(&f.as_str()))
                .collect();
            let cost = enrichment::policy::expected_credits(&providers.estimates, &order, &fields)
                .max(0.01);
            if cost > left {
                break;
            }
            left -= cost;
            chosen.push((rec, cost));
        }
        let missing = total - chosen.len();
        if missing > 0 {
            report.refused += missing;
            enrichment::refresh::refused(state, tenant, &day, missing, budget).await?;
            tracing::info!(tenant = %tenant, refused = missing, "refresh budget spent for the day");
        }
        if chosen.is_empty() {
            continue;
        }
        let cost: f64 = chosen.iter().map(|(_, c)| c).sum();
        if !enrichment::refresh::reserve(state, tenant, &day, cost, chosen.len(), budget).await? {
            // Another run reserved meanwhile: the next run sees what is left.
            continue;
        }
        let mut claimed = Vec::new();
        for (rec, _) in chosen {
            if enrichment::refresh::claim(state, tenant, &rec, now).await? {
                claimed.push(rec);
            }
        }
        let fields = stale_fields(&claimed, now, allowed);
        let rows: Vec<_> = claimed
            .iter()
            .filter_map(row_of)
            .map(|r| (r, Vec::new()))
            .collect();
        if rows.is_empty() {
            continue;
        }
        report.started += rows.len();
        let request_id = format!("refresh:{tenant}:{now}");
        let caller = Caller::background(tenant, ACTOR, &request_id);
        let job = submit::submit(
            state,
            &caller,
            Submission {
                job_type: match kind {
                    EntityKind::Person => JobType::People,
                    EntityKind::Company => JobType::Companies,
                },
                records: rows,
                options: JobOptions {
                    fields: (!fields.is_empty()).then_some(fields),
                    // Answers cached before the job are misses (see `Enrichment::fresh_since`);
                    // a redelivered chunk still finds what its earlier delivery bought.
                    cache: CacheMode::Use,
                    refresh: true,
                    ..JobOptions::default()
                },
                callback_url: None,
                name: Some(format!("Scheduled refresh {day}")),
                on_invalid: OnInvalid::Skip,
            },
        )
        .await?;
        report.jobs.push(job.id);
    }
    Ok(())
}
