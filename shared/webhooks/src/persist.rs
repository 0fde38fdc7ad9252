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
