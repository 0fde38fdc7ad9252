//! What scheduled re-enrichment needs from the stored records: the organisations that watch
//! records, their watched records due for a refresh (the due index, never a scan), a claim that
//! keeps two runs from refreshing the same record, and the organisation's daily refresh spending
//! against its budget.

use crate::records::{EntityKind, EntityRecord};
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::{Deserialize, Serialize};

/// How long a claimed record stays out of the due index: the refresh job has this long to write
/// it (then its due time moves on), else a later run tries again.
pub const CLAIM_SECS: i64 = 6 * 3600;

/// An organisation's refresh spending on one UTC day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RefreshDay {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// The budget in force when the day's last refresh started.
    #[serde(default)]
    pub budget_credits: f64,
    /// Credits set aside for the day's refreshes (each record's expected cost, when it started).
    #[serde(default)]
    pub reserved_credits: f64,
    /// Records sent to refresh.
    #[serde(default)]
    pub records_started: u64,
    /// Due records the spent budget kept from refreshing, summed over the day's runs (a record
    /// refused by three hourly runs counts three times).
    #[serde(default)]
    pub records_refused: u64,
}

/// Every organisation that watches records (8 Queries of a small platform-wide list).
pub async fn watching_tenants(state: &AppState) -> Result<Vec<TenantId>, ApiError> {
    crate::persist::watching_tenants(state).await
}

/// Up to `limit` of the organisation's watched records of `kind` due by `now`, the longest due
/// first: 8 Queries (one per shard) that read only due entries, whatever the number watched.
pub async fn due_watched(
    state: &AppState,
    tenant: &TenantId,
    kind: EntityKind,
    now: i64,
    limit: usize,
) -> Result<Vec<EntityRecord>, ApiError> {
    let mut all = crate::persist::due_watched(state, tenant, kind, now, limit).await?;
    all.sort_by_key(|r| (r.due_at, r.id.clone()));
    all.truncate(limit);
    Ok(all)
}

/// Takes a due record out of the due index until `now + CLAIM_SECS`, unless it changed since it
/// was read (then another writer got there first: `false`, leave it).
pub async fn claim(
    state: &AppState,
    tenant: &TenantId,
    rec: &EntityRecord,
    now: i64,
) -> Result<bool, ApiError> {
    Ok(crate::persist::claim_due(state, tenant, rec, now + CLAIM_SECS).await?)
}

/// Sets `cost` credits aside for `records` refreshes on `day`, if the day's reservations stay
/// within `budget` (one conditional UpdateItem: concurrent runs cannot overshoot).
pub async fn reserve(
    state: &AppState,
    tenant: &TenantId,
    day: &str,
    cost: f64,
    records: usize,
    budget: f64,
) -> Result<bool, ApiError> {
    Ok(crate::persist::reserve_refresh(state, tenant, day, cost, records, budget).await?)
}

/// Notes records the budget kept from refreshing on `day`.
pub async fn refused(
    state: &AppState,
    tenant: &TenantId,
    day: &str,
    records: usize,
    budget: f64,
) -> Result<(), ApiError> {
    Ok(crate::persist::refuse_refresh(state, tenant, day, records, budget).await?)
}

/// The day's spending so far (a day without refreshes: zeros).
pub async fn day(state: &AppState, tenant: &TenantId, day: &str) -> Result<RefreshDay, ApiError> {
    Ok(crate::persist::refresh_day(state, tenant, day)
        .await?
        .unwrap_or_else(|| RefreshDay {
            day: day.to_owned(),
            ..RefreshDay::default()
        }))
}

/// The days `from..=to` that had refreshes (one Query).
pub async fn days_between(
    state: &AppState,
    tenant: &TenantId,
    from: &str,
    to: &str,
) -> Result<Vec<RefreshDay>, ApiError> {
    crate::persist::refresh_days(state, tenant, from, to).await
}
