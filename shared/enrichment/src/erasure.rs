//! Erasing a person or a company everywhere (a data-subject request), audited without personal data.

use crate::records::*;
use crate::Caller;
use access::model::AuditEvent;
use platform::{ApiError, AppState};
use store::StoreError;

/// Erases a record everywhere: the record, its markers, its per-source results, the cache entries
/// its enrichment made, and (people) the link to its company, which lives on the record itself.
/// Audited without personal data. 404 when there is no such record.
///
/// Retry: dependants go first, the record last and conditional on its version, so a failure midway
/// leaves a record that a retried erasure finishes; an edit meanwhile makes it a 409.
pub async fn erase(
    state: &AppState,
    caller: &Caller<'_>,
    kind: EntityKind,
    id: &str,
) -> Result<(), ApiError> {
    let tenant = caller.tenant;
    let id = id.to_owned();
    let rec = state
        .store
        .get::<EntityRecord>(&entity_key(tenant, kind, &id))
        .await?
        .ok_or_else(|| crate::entities::not_found(kind))?;
    let codec = state.cursor_codec().await?;
    let sources: Vec<SourceResult> = state
        .store
        .query_all(tenant, &sources_query(tenant, kind, &id), 50, codec)
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
    let mut event = AuditEvent::new(match kind {
        EntityKind::Person => "person.erased",
        EntityKind::Company => "company.erased",
    })
    .actor(caller.actor)
    .target(&id)
    .detail(serde_json::json!({"sources": sources.len(), "cache_entries": rec.cache_keys.len()}));
    event.ip.clone_from(&caller.origin.ip);
    event.user_agent.clone_from(&caller.origin.user_agent);
    event.append(&state.store, tenant).await?;
    Ok(())
}
