//! Webhook subscriptions as stored: one item per subscription in its organisation's partition.
//! The only code that knows their keys, entity tag and conditions.

use crate::model::{WebhookId, WebhookRecord};
use kernel::ids::TenantId;
use platform::AppState;
use store::{keys, PutMode, Record, StoreError};

pub(crate) const WEBHOOK: &str = "WEBHOOK";

/// The most subscriptions one organisation holds (so one Query page finds every subscriber).
pub const MAX_PER_ORGANISATION: usize = 100;

fn record(w: &WebhookRecord) -> Record<'_, WebhookRecord> {
    Record::new(WEBHOOK, keys::webhook(&w.tenant, w.id.as_str()), w)
}

/// Stores a new subscription (create only).
pub async fn create(state: &AppState, w: &WebhookRecord) -> Result<(), StoreError> {
    state.store.put(&record(w), PutMode::IfAbsent).await
}

pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &WebhookId,
) -> Result<Option<WebhookRecord>, StoreError> {
    state
        .store
        .get::<WebhookRecord>(&keys::webhook(tenant, id.as_str()))
        .await
}

/// Every subscription of the organisation (one partition, at most [`MAX_PER_ORGANISATION`]).
pub async fn all(state: &AppState, tenant: &TenantId) -> Result<Vec<WebhookRecord>, StoreError> {
    state
        .store
        .query_every::<WebhookRecord>(&keys::webhooks(tenant), MAX_PER_ORGANISATION * 2)
        .await
}

/// Writes a changed subscription read at `read_version` (its `version` is already the next):
/// false when another request changed it first.
pub async fn replace(
    state: &AppState,
    w: &WebhookRecord,
    read_version: u64,
) -> Result<bool, StoreError> {
    match state
        .store
        .put(&record(w), PutMode::IfVersion(read_version))
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Deletes a subscription read at `version`: false when it changed in between.
pub async fn delete(state: &AppState, w: &WebhookRecord) -> Result<bool, StoreError> {
    match state
        .store
        .delete_if_version(&keys::webhook(&w.tenant, w.id.as_str()), w.version)
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

// ------------------------------------------------------------------ deliveries

use crate::model::{DeliveryId, DeliveryRecord, DeliveryStatus};
use serde::{Deserialize, Serialize};
use store::cursor::CursorCodec;
use store::expr::{Cond, Update, Value};
use store::{Filter, Page, PageParams};

pub(crate) const DELIVERY: &str = "WEBHOOK_DELIVERY";
const HEALTH: &str = "WEBHOOK_HEALTH";
const SLOT: &str = "WEBHOOK_SLOT";

fn delivery_record(d: &DeliveryRecord) -> Record<'_, DeliveryRecord> {
    let mut r = Record::new(
        DELIVERY,
        keys::webhook_delivery(&d.tenant, d.id.as_str()),
        d,
    )
    .with_gsi1(keys::webhook_delivery_in_log(
        &d.tenant,
        d.target.log_id(),
        d.id.as_str(),
    ));
    // Sparse: only a pending delivery is in the sweep's due list.
    if let (DeliveryStatus::Pending, Some(due)) = (d.status, d.sweep_at) {
        r = r.with_gsi2(keys::webhook_due(&d.tenant, d.id.as_str(), due));
    }
    r
}

/// Creates a delivery; `false` when it exists already (the same event for the same target:
/// a redelivered event, which must not be delivered twice).
pub async fn create_delivery(state: &AppState, d: &DeliveryRecord) -> Result<bool, StoreError> {
    match state
        .store
        .put(&delivery_record(d), PutMode::IfAbsent)
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::AlreadyExists) => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn load_delivery(
    state: &AppState,
    tenant: &kernel::ids::TenantId,
    id: &DeliveryId,
) -> Result<Option<DeliveryRecord>, StoreError> {
    state
        .store
        .get::<DeliveryRecord>(&keys::webhook_delivery(tenant, id.as_str()))
        .await
}

/// Writes a delivery read at `read_version` (the record's `version` is already the next):
/// false when another worker or request changed it first.
pub async fn replace_delivery(
    state: &AppState,
    d: &DeliveryRecord,
    read_version: u64,
) -> Result<bool, StoreError> {
    match state
        .store
        .put(&delivery_record(d), PutMode::IfVersion(read_version))
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Moves a pending delivery's place in the due list to `due` (the sweep, having queued it, so it
/// is not queued again every minute while its message waits). Not versioned: a claim or a result
/// written meanwhile sets its own place, and that write wins either way.
pub async fn bump_due(state: &AppState, d: &DeliveryRecord, due: i64) -> Result<(), StoreError> {
    let u: Update<DeliveryRecord> = Update::new()
        .set("sweep_at", &due)
        .index2(&keys::webhook_due(&d.tenant, d.id.as_str(), due))
        .when(Cond::eq("version", &d.version));
    state
        .store
        .apply(&keys::webhook_delivery(&d.tenant, d.id.as_str()), &u)
        .await
        .map(|_| ())
}

/// What a delivery log page keeps.
#[derive(Debug, Default)]
pub struct LogFilter {
    pub status: Option<DeliveryStatus>,
    pub event_type: Option<String>,
    /// Only deliveries created at or after (epoch s).
    pub since: Option<i64>,
}

/// A target's deliveries, newest first.
pub async fn delivery_log(
    state: &AppState,
    tenant: &kernel::ids::TenantId,
    log_id: &str,
    filter: &LogFilter,
    page: &PageParams,
    codec: &CursorCodec,
) -> Result<Page<DeliveryRecord>, StoreError> {
    let mut spec = keys::webhook_deliveries(tenant, log_id);
    if let Some(since) = filter.since {
        let low = kernel::ids::id_bound(
            DeliveryId::PREFIX,
            time::OffsetDateTime::from_unix_timestamp(since)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
            false,
        );
        spec = spec.sk_between(&low, "~");
    }
    if let Some(s) = filter.status {
        spec = spec.filter(Filter::Equals("status".into(), s.as_str().into()));
    }
    if let Some(t) = &filter.event_type {
        spec = spec.filter(Filter::Equals("event_type".into(), t.clone()));
    }
    state.store.query(tenant, &spec, page, codec).await
}

/// Deliveries due at or before `now` in one shard of the due list (at most `limit`).
pub async fn due_deliveries(
    state: &AppState,
    shard: u32,
    now: i64,
    limit: usize,
) -> Result<Vec<DeliveryRecord>, StoreError> {
    state
        .store
        .query_first::<DeliveryRecord>(&keys::webhook_due_before(shard, now), limit)
        .await
}

pub const DUE_SHARDS: u32 = keys::SHARDS;

// ------------------------------------------------------------------ health

/// A subscription's failure streak and its attempt counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Health {
    /// Since when every attempt failed (epoch s); absent after a success.
    #[serde(default)]
    pub failing_since: Option<i64>,
    #[serde(default)]
    pub last_success_at: Option<i64>,
    #[serde(default)]
    pub last_failure_at: Option<i64>,
    #[serde(default)]
    pub last_error: Option<String>,
    /// Attempts answered 2xx.
    #[serde(default)]
    pub succeeded: u64,
    /// Attempts that failed.
    #[serde(default)]
    pub failed: u64,
}

pub async fn health(
    state: &AppState,
    tenant: &kernel::ids::TenantId,
    webhook: &WebhookId,
) -> Result<Health, StoreError> {
    Ok(state
        .store
        .get::<Health>(&keys::webhook_health(tenant, webhook.as_str()))
        .await?
        .unwrap_or_default())
}

/// Counts one attempt and moves the streak: a success ends it, a failure starts it if none is
/// running. One UpdateItem (creating the item), returning the health after it.
pub async fn record_health(
    state: &AppState,
    tenant: &kernel::ids::TenantId,
    webhook: &WebhookId,
    ok: bool,
    at: i64,
    error: Option<&str>,
) -> Result<Health, StoreError> {
    let key = keys::webhook_health(tenant, webhook.as_str());
    let u: Update<Health> = if ok {
        Update::new()
            .set("last_success_at", &at)
            .remove("failing_since")
            .add("succeeded", Value::number(1))
    } else {
        Update::new()
            .set_if_absent("failing_since", &at)
            .set("last_failure_at", &at)
            .set("last_error", &error.unwrap_or("failed"))
            .add("failed", Value::number(1))
    };
    match state
        .store
        .upsert_or_current(&key, &u.entity(HEALTH))
        .await?
    {
        Ok(h) => Ok(h),
        Err(_) => Err(StoreError::Aws(
            "an unconditional update was refused".into(),
        )),
    }
}

/// Ends a streak without an attempt (a user re-enabled the endpoint).
pub async fn clear_streak(
    state: &AppState,
    tenant: &kernel::ids::TenantId,
    webhook: &WebhookId,
) -> Result<(), StoreError> {
    let u: Update<Health> = Update::new().remove("failing_since").entity(HEALTH);
    state
        .store
        .upsert(&keys::webhook_health(tenant, webhook.as_str()), &u)
        .await
        .map(|_| ())
}

// ------------------------------------------------------------------ concurrency slots

/// A slot's lease.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Slot {
    pub holder: String,
    pub until: i64,
}

/// Which of a subscription's concurrency slots to try, for whom, and until when.
#[derive(Debug, Clone, Copy)]
pub struct SlotRequest<'a> {
    pub slots: u32,
    /// The slot tried first (random, so workers spread over the slots).
    pub first: u32,
    pub holder: &'a str,
    pub now: i64,
    pub until: i64,
}

/// Takes one of the subscription's slots for `holder` until `until`: a free slot or one whose
/// lease ran out (a crashed worker's). `None` when all are held.
pub async fn take_slot(
    state: &AppState,
    tenant: &kernel::ids::TenantId,
    webhook: &WebhookId,
    r: SlotRequest<'_>,
) -> Result<Option<u32>, StoreError> {
    let SlotRequest {
        slots,
        first,
        holder,
        now,
        until,
    } = r;
    for i in 0..slots {
        let slot = (first + i) % slots;
        let key = keys::webhook_slot(tenant, webhook.as_str(), slot);
        let u: Update<Slot> = Update::new()
            .set("holder", &holder)
            .set("until", &until)
            .entity(SLOT)
            .when(Cond::absent("until").or(Cond::lt("until", &now)));
        if state.store.upsert(&key, &u).await? {
            return Ok(Some(slot));
        }
    }
    Ok(None)
}

/// Gives a slot back, if `holder` still has it.
pub async fn release_slot(
    state: &AppState,
    tenant: &kernel::ids::TenantId,
    webhook: &WebhookId,
    slot: u32,
    holder: &str,
) -> Result<(), StoreError> {
    let u: Update<Slot> = Update::new()
        .set("until", &0i64)
        .when(Cond::eq("holder", &holder));
    state
        .store
        .apply(&keys::webhook_slot(tenant, webhook.as_str(), slot), &u)
        .await
        .map(|_| ())
}

/// A subscription's change on the table's stream (the event publisher's reader): `Ok(None)` for
/// any other item.
pub fn webhook_images(
    change: &store::stream::Change,
) -> Result<Option<store::stream::Images<WebhookRecord>>, StoreError> {
    change.images(WEBHOOK)
}
