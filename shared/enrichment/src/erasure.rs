//! Erasing a person or a company everywhere (a data-subject request), audited without personal data.

use crate::records::*;
use crate::Caller;
use access::model::AuditEvent;
use platform::{ApiError, AppState};
use store::{Key, StoreError, TxOp};

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
    let mut keys: Vec<Key> = Vec::new();
    keys.extend(
        sources
            .iter()
            .map(|s| source_key(tenant, kind, &id, &s.provider)),
    );
    keys.extend(rec.match_keys.iter().map(|k| match_key(tenant, kind, k)));
    keys.extend(
        rec.cache_keys
            .iter()
            .filter_map(|handle| store::keys::cache_entry_from_handle(tenant, handle)),
    );
    // Dependants first, in chunks; the record last and conditional on its version, so a failure
    // midway leaves a record that a retried DELETE finishes erasing.
    for chunk in keys.chunks(99) {
        state
            .store
            .transact(
                chunk
                    .iter()
                    .map(|k| TxOp::Delete {
                        key: k.clone(),
                        must_exist: false,
                    })
                    .collect(),
            )
            .await?;
    }
    match state
        .store
        .delete_if_version(&entity_key(tenant, kind, &id), rec.version)
        .await
    {
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
    event.ip = caller.ip.clone();
    event.user_agent = caller.user_agent.clone();
    event.append(&state.store, tenant).await?;
    Ok(())
}
