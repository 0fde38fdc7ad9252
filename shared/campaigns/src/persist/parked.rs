//! Parked chunks: recipients set aside while their campaign is paused or their sender's hour or
//! day is spent. One item per chunk (a re-park overwrites it with a new version); one parked
//! until a time is also in the due list, sharded by chunk.

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::{keys, PutMode, Record, StoreError};

const PARKED: &str = "CAMPAIGN_PARKED";

/// A chunk set aside (campaign paused, or the sender's hour or day spent).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Parked {
    pub chunk: u64,
    pub contacts: Vec<String>,
    pub reason: String,
    /// Not before (epoch seconds); absent: on resume.
    pub due_at: Option<i64>,
    #[serde(default)]
    pub tenant: Option<TenantId>,
    #[serde(default)]
    pub campaign_id: Option<String>,
    /// Which parking this is (random, new each time): an unpark deletes the item only while it
    /// still holds the version it queued, so a chunk parked again meanwhile is kept.
    #[serde(default)]
    pub version: u64,
}

/// Parks a chunk (overwriting an earlier parking of it) and returns the new parking's version.
pub async fn put(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    chunk: u64,
    contacts: Vec<String>,
    due_at: Option<i64>,
    reason: &str,
) -> Result<u64, StoreError> {
    let version = (ulid::Ulid::new().random() as u64) | 1;
    let p = Parked {
        chunk,
        contacts,
        reason: reason.into(),
        due_at,
        tenant: Some(tenant.clone()),
        campaign_id: Some(campaign_id.to_owned()),
        version,
    };
    let mut r = Record::new(
        PARKED,
        keys::campaign_parked(tenant, campaign_id, chunk),
        &p,
    );
    if let Some(at) = due_at {
        r = r.with_gsi2(keys::due_parked(tenant, campaign_id, chunk, at));
    }
    state.store.put(&r, PutMode::Overwrite).await?;
    Ok(version)
}

/// A campaign's parked chunks as they stand.
pub async fn all(state: &AppState, tenant: &TenantId, id: &str) -> Result<Vec<Parked>, StoreError> {
    state
        .store
        .query_every(&keys::campaign_parked_all(tenant, id), 100_000)
        .await
}

/// Takes a parking out only while it is the one read (`version`); `false` when it was parked
/// again (or taken) meanwhile. Parkings written before versions (0) are taken unconditionally.
pub async fn take(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    chunk: u64,
    version: u64,
) -> Result<bool, StoreError> {
    let key = keys::campaign_parked(tenant, id, chunk);
    let result = if version == 0 {
        state.store.delete(&key, false).await
    } else {
        state.store.delete_if_version(&key, version).await
    };
    match result {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Deletes every parked chunk of a deleted campaign (nothing will send them now).
pub async fn delete_all(state: &AppState, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
    let doomed: Vec<store::Key> = all(state, tenant, id)
        .await?
        .iter()
        .map(|p| keys::campaign_parked(tenant, id, p.chunk))
        .collect();
    if !doomed.is_empty() {
        state.store.batch_delete(&doomed).await?;
    }
    Ok(())
}

/// Takes a contact out of a campaign's parked chunks (an erasure), each rewrite conditional on
/// the parking read, so an unpark meanwhile wins (and the chunk, sent later, finds the contact
/// gone). Returns the parkings rewritten.
pub async fn strip_contact(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    contact_id: &str,
) -> Result<usize, StoreError> {
    let mut n = 0;
    for mut p in all(state, tenant, id).await? {
        if !p.contacts.iter().any(|c| c == contact_id) {
            continue;
        }
        p.contacts.retain(|c| c != contact_id);
        let mut r = Record::new(PARKED, keys::campaign_parked(tenant, id, p.chunk), &p);
        if let Some(at) = p.due_at {
            r = r.with_gsi2(keys::due_parked(tenant, id, p.chunk, at));
        }
        let mode = if p.version == 0 {
            PutMode::Overwrite
        } else {
            PutMode::IfVersion(p.version)
        };
        match state.store.put(&r, mode).await {
            Ok(()) => n += 1,
            Err(StoreError::ConditionFailed) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
