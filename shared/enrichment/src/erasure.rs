//! Erasing a person or a company everywhere (a data-subject request), audited without personal data.

use crate::records::*;
use crate::Caller;
use access::model::AuditEvent;
use platform::{ApiError, AppState};
use store::StoreError;

/// What erasing a record removed.
#[derive(Debug, Clone, Default)]
pub struct Erased {
    pub sources: usize,
    pub cache_entries: usize,
    /// Identifier markers (`email:…`, `linkedin:…`, `domain:…`).
    pub markers: usize,
    /// The record's email addresses (from its markers): a data-subject erasure erases what other
    /// domains hold under them too.
    pub emails: Vec<String>,
}

impl Erased {
    /// Items deleted: the record and its dependants.
    pub fn items(&self) -> usize {
        1 + self.sources + self.cache_entries + self.markers
    }
}

/// Erases a record everywhere: the record, its markers, its per-source results, the cache entries
/// its enrichment made, and (people) the link to its company, which lives on the record itself.
/// Audited without personal data. 404 when there is no such record.
pub async fn erase(
    state: &AppState,
    caller: &Caller<'_>,
    kind: EntityKind,
    id: &str,
) -> Result<(), ApiError> {
    let erased = erase_record(state, caller.tenant, kind, id)
        .await?
        .ok_or_else(|| crate::entities::not_found(kind))?;
    let mut event = AuditEvent::new(match kind {
        EntityKind::Person => "person.erased",
        EntityKind::Company => "company.erased",
    })
    .actor(caller.actor)
    .target(id)
    .detail(serde_json::json!({"sources": erased.sources, "cache_entries": erased.cache_entries}));
    event.ip.clone_from(&caller.origin.ip);
    event.user_agent.clone_from(&caller.origin.user_agent);
    event.append(&state.store, caller.tenant).await?;
    Ok(())
}

/// Erases a record without auditing it (a data-subject erasure audits itself, under its own id):
/// `None` when there is no such record.
///
/// Retry: dependants go first, the record last with its identifier markers, in one transaction
/// conditional on its version, so a failure midway leaves a record that a retried erasure (by id
/// or by address) finishes; an edit meanwhile makes it a 409.
pub async fn erase_record(
    state: &AppState,
    tenant: &kernel::ids::TenantId,
    kind: EntityKind,
    id: &str,
) -> Result<Option<Erased>, ApiError> {
    let Some(rec) = state
        .store
        .get::<EntityRecord>(&entity_key(tenant, kind, id))
        .await?
    else {
        return Ok(None);
    };
    let codec = state.cursor_codec().await?;
    let sources: Vec<SourceResult> = state
        .store
        .query_all(tenant, &sources_query(tenant, kind, id), 50, codec)
        .await?;
    match crate::persist::erase_entity(state, tenant, &rec, &sources).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => {
            return Err(ApiError::Conflict {
                detail: "the record changed while it was being erased; retry the delete".into(),
            })
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Some(Erased {
        sources: sources.len(),
        cache_entries: rec.cache_keys.len(),
        markers: rec.match_keys.len(),
        emails: rec.emails(),
    }))
}
