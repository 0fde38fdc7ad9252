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
    /// The person asked to be erased: the entry holds the address's digest, not the address.
    Erased,
}

/// One suppressed address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Suppression {
    /// The address; for an erased person (`reason: erased`) its digest, `sha256:` and 64 hex
    /// digits, since the address itself is gone.
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

/// How an erased address is listed and keyed: a digest under the organisation, so the list can
/// still refuse the address without holding it (and one organisation's digest says nothing about
/// another's).
pub fn erased_digest(tenant: &TenantId, email: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(tenant.as_str().as_bytes());
    h.update(b"\n");
    h.update(email.trim().to_lowercase().as_bytes());
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Suppresses an erased person's address by its digest (create-only: `false` when it already was).
pub async fn add_erased(
    state: &AppState,
    tenant: &TenantId,
    email: &str,
    at: &str,
) -> Result<bool, StoreError> {
    let entry = Suppression {
        email: erased_digest(tenant, email),
        reason: Reason::Erased,
        campaign_id: None,
        created_at: at.to_owned(),
    };
    add(state, tenant, &entry).await
}

/// Whether each address is suppressed, in order: its own entry or its erased digest's, so 50
/// addresses per BatchGetItem.
pub async fn are_suppressed(
    state: &AppState,
    tenant: &TenantId,
    emails: &[String],
) -> Result<Vec<bool>, StoreError> {
    let mut out = Vec::with_capacity(emails.len());
    for chunk in emails.chunks(50) {
        let wanted: Vec<store::Key> = chunk
            .iter()
            .flat_map(|e| {
                [
                    keys::suppression(tenant, e),
                    keys::suppression(tenant, &erased_digest(tenant, e)),
                ]
            })
            .collect();
        let found = state.store.batch_get(&wanted).await?;
        out.extend(found.chunks(2).map(|pair| pair.iter().any(Option::is_some)));
    }
    Ok(out)
}

/// Lifts a suppression (the address's own entry, else its erased digest's, or a digest given as
/// listed): false when the address was not suppressed.
pub async fn remove(state: &AppState, tenant: &TenantId, email: &str) -> Result<bool, StoreError> {
    let mut candidates = vec![email.to_owned()];
    if !email.starts_with("sha256:") {
        candidates.push(erased_digest(tenant, email));
    }
    for candidate in candidates {
        if remove_exact(state, tenant, &candidate).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The address's entry: its own, else its erased digest's.
pub async fn entry_of(
    state: &AppState,
    tenant: &TenantId,
    email: &str,
) -> Result<Option<Suppression>, StoreError> {
    let wanted = [
        keys::suppression(tenant, email),
        keys::suppression(tenant, &erased_digest(tenant, email)),
    ];
    Ok(state
        .store
        .batch_get_as::<Suppression>(&wanted)
        .await?
        .into_iter()
        .flatten()
        .next())
}

/// Deletes the address's own entry (not its digest's): false when there was none.
pub async fn remove_exact(
    state: &AppState,
    tenant: &TenantId,
    email: &str,
) -> Result<bool, StoreError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_erased_digest_ignores_case_and_is_the_organisations_own() {
        let (a, b) = (TenantId::new(), TenantId::new());
        let d = erased_digest(&a, "Ana.Souza@Globex.com ");
        assert_eq!(d, erased_digest(&a, "ana.souza@globex.com"));
        assert_ne!(d, erased_digest(&b, "ana.souza@globex.com"));
        assert!(d.starts_with("sha256:") && d.len() == 71, "{d}");
        assert!(!d.contains("globex"));
    }
}
