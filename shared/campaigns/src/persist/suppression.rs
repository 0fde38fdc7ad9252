//! The suppression list: one item per organisation and address (listed by address), written
//! create-only so the first reason for suppressing an address stays.

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::cursor::CursorCodec;
use store::{keys, Page, PageParams, PutMode, Record, StoreError};

const SUPPRESSION: &str = "SUPPRESSION";

/// Why an address is suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    Manual,
    Unsubscribed,
    Bounced,
    Complained,
    /// A validation run found the address invalid.
    Invalid,
}

/// One suppressed address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Suppression {
    #[schema(example = "ana.souza@globex.com")]
    pub email: String,
    pub reason: Reason,
    /// The campaign an unsubscribe came from.
    pub campaign_id: Option<String>,
    pub created_at: String,
}

/// Adds an entry: false when the address was suppressed already (the first entry stays; a retry
/// of an applied add is false too).
pub async fn add(
    state: &AppState,
    tenant: &TenantId,
    entry: &Suppression,
) -> Result<bool, StoreError> {
    let record = Record::new(SUPPRESSION, keys::suppression(tenant, &entry.email), entry)
        .with_gsi1(keys::suppression_in_list(tenant, &entry.email));
    match state.store.put(&record, PutMode::IfAbsent).await {
        Ok(()) => Ok(true),
        Err(StoreError::AlreadyExists | StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Whether each address is suppressed (one BatchGetItem per 100), in order.
pub async fn are_suppressed(
    state: &AppState,
    tenant: &TenantId,
    emails: &[String],
) -> Result<Vec<bool>, StoreError> {
    let mut out = Vec::with_capacity(emails.len());
    for chunk in emails.chunks(100) {
        let wanted: Vec<store::Key> = chunk.iter().map(|e| keys::suppression(tenant, e)).collect();
        out.extend(
            state
                .store
                .batch_get(&wanted)
                .await?
                .into_iter()
                .map(|i| i.is_some()),
        );
    }
    Ok(out)
}

/// Lifts a suppression: false when the address was not suppressed.
pub async fn remove(state: &AppState, tenant: &TenantId, email: &str) -> Result<bool, StoreError> {
    match state
        .store
        .delete(&keys::suppression(tenant, email), true)
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// A page of the list, by address.
pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    codec: &CursorCodec,
    page: &PageParams,
) -> Result<Page<Suppression>, StoreError> {
    state
        .store
        .query::<Suppression>(tenant, &keys::suppressions(tenant), page, codec)
        .await
}
