//! Chunk manifests: the recipients of each queued chunk, written before the chunk is queued, so
//! the watchdog can queue again a chunk whose message was lost (a DLQ, a crash). A retried
//! fan-out page writes the same manifests again (idempotent puts).

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::{keys, Record, StoreError};

const MANIFEST: &str = "CAMPAIGN_CHUNK";
/// How long a chunk's manifest is kept (a campaign parked for a sender's day runs for days).
const KEEP_SECS: i64 = 30 * 86_400;

/// The recipients of one queued chunk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub chunk: u64,
    pub contacts: Vec<String>,
}

/// Writes the manifests of chunks `first`, `first + 1`, … (one per group).
pub async fn put_all(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    first: u64,
    groups: &[&[String]],
) -> Result<(), StoreError> {
    let expires = kernel::time::now().unix_timestamp() + KEEP_SECS;
    let items = groups
        .iter()
        .enumerate()
        .map(|(i, group)| {
            let chunk = first + i as u64;
            Record::new(
                MANIFEST,
                keys::campaign_chunk(tenant, campaign_id, chunk),
                &Manifest {
                    chunk,
                    contacts: group.to_vec(),
                },
            )
            .expiring_at(expires)
            .to_item()
        })
        .collect::<Result<Vec<_>, _>>()?;
    state.store.batch_put(items).await
}

/// The manifests of these chunks that are still kept (at most 100 chunks).
pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    chunks: &[u64],
) -> Result<Vec<Manifest>, StoreError> {
    let keys: Vec<store::Key> = chunks
        .iter()
        .map(|n| keys::campaign_chunk(tenant, campaign_id, *n))
        .collect();
    state
        .store
        .batch_get(&keys)
        .await?
        .into_iter()
        .flatten()
        .map(|item| serde_dynamo::from_item(item).map_err(StoreError::from))
        .collect()
}

/// Takes a contact out of a campaign's chunk manifests (`0..chunks`, read 100 per BatchGetItem)
/// for an erasure: a lost chunk queued again no longer names it. Returns the manifests rewritten;
/// a retry finds none left to rewrite.
pub async fn strip_contact(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    chunks: u64,
    contact_id: &str,
) -> Result<usize, StoreError> {
    let all: Vec<u64> = (0..chunks).collect();
    let mut rewritten = Vec::new();
    for group in all.chunks(100) {
        for mut m in load(state, tenant, campaign_id, group).await? {
            if m.contacts.iter().any(|c| c == contact_id) {
                m.contacts.retain(|c| c != contact_id);
                rewritten.push(m);
            }
        }
    }
    let expires = kernel::time::now().unix_timestamp() + KEEP_SECS;
    let items = rewritten
        .iter()
        .map(|m| {
            Record::new(
                MANIFEST,
                keys::campaign_chunk(tenant, campaign_id, m.chunk),
                m,
            )
            .expiring_at(expires)
            .to_item()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let n = items.len();
    if n > 0 {
        state.store.batch_put(items).await?;
    }
    Ok(n)
}
