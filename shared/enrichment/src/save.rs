//! Storing an enriched record: the record, its identifier markers and its per-source results go
//! in one transaction, so a failure or a race leaves nothing half-written.

use crate::engine::{Enrichment, Warning};
use crate::records::*;
use platform::ApiError;
use store::{Key, PutMode, StoreError};

/// Whether `rec` (a stored record after a lookup merged into it) differs from `old` only in when
/// things were observed: the same values from the same sources with the same confidence, the same
/// links and lists.
pub(crate) fn says_nothing_new(rec: &EntityRecord, old: &EntityRecord) -> bool {
    let mut r = rec.clone();
    for (field, p) in r.fields.iter_mut() {
        if let Some(o) = old.fields.get(field) {
            if o.value == p.value && o.source == p.source && o.confidence == p.confidence {
                p.observed_at.clone_from(&o.observed_at);
            }
        }
    }
    r.last_enriched_at.clone_from(&old.last_enriched_at);
    r.updated_at.clone_from(&old.updated_at);
    &r == old
}

/// Writes the record, claims its new markers and stores the per-source results, all or nothing.
/// `before`: the record as read, when the lookup may have changed nothing.
/// Identifiers another record already owns are not claimed (a warning says so).
pub(crate) async fn save(
    sess: &mut Enrichment<'_>,
    rec: &mut EntityRecord,
    created: bool,
    results: &[SourceResult],
    prefetched: &[String],
    before: Option<&EntityRecord>,
) -> Result<(), ApiError> {
    // For a new record, the markers read with the prefetch were all free (else it would not be new).
    let known_free: &[String] = if created { prefetched } else { &[] };
    let wanted: Vec<String> = rec
        .derived_match_keys()
        .into_iter()
        .filter(|k| !rec.match_keys.contains(k))
        .collect();
    // Markers not read with the prefetch are checked now (one BatchGetItem, only when needed).
    let unknown: Vec<&String> = wanted.iter().filter(|k| !known_free.contains(k)).collect();
    let mut taken_elsewhere = Vec::new();
    if !unknown.is_empty() {
        let keys: Vec<Key> = unknown
            .iter()
            .map(|k| match_key(sess.tenant, rec.kind, k))
            .collect();
        for (k, item) in unknown.iter().zip(sess.state.store.batch_get(&keys).await?) {
            let owner = item
                .and_then(|i| serde_dynamo::from_item::<_, MatchMarker>(i).ok())
                .map(|m| m.entity_id);
            if owner.is_some_and(|o| o != rec.id) {
                taken_elsewhere.push((*k).clone());
            }
        }
    }
    for k in &taken_elsewhere {
        sess.warnings.push(Warning {
            source: None,
            code: "duplicate_identifier".into(),
            detail: format!(
                "another stored record already has this {}; it was not linked to this one",
                k.split(':').next().unwrap_or("identifier")
            ),
        });
    }
    let claim: Vec<String> = wanted
        .into_iter()
        .filter(|k| !taken_elsewhere.contains(k))
        .collect();

    if let Some(job) = &sess.job {
        if !rec.jobs.contains(job) {
            rec.jobs.push(job.clone());
            let excess = rec.jobs.len().saturating_sub(JOBS_KEPT);
            rec.jobs.drain(..excess);
        }
    }
    let now_s = access::model::now().unix_timestamp();
    if sess.refresh {
        rec.refresh_tried_at = Some(now_s);
    }
    // A lookup that says nothing new (answers from the cache, the same values again) writes
    // nothing: the record keeps its version, timestamps and observation times. Unless a field
    // was stale (or this is a scheduled refresh): the same value seen again is fresh again.
    let renews = sess.refresh || before.is_some_and(|old| !old.stale_fields(now_s).is_empty());
    if let Some(old) =
        before.filter(|old| claim.is_empty() && !renews && says_nothing_new(rec, old))
    {
        *rec = old.clone();
        return Ok(());
    }
    rec.apply_policy(&sess.providers.policy);
    if rec.watched && !sess.watching_registered {
        crate::persist::register_watching(sess.state, sess.tenant).await?;
        sess.watching_registered = true;
    }
    let expected = rec.version;
    rec.version += 1;
    rec.match_keys.extend(claim.iter().cloned());
    let mode = if created {
        PutMode::IfAbsent
    } else {
        PutMode::IfVersion(expected)
    };
    let written =
        crate::persist::write_entity(sess.state, sess.tenant, rec, mode, &claim, &[], results)
            .await;
    match written {
        Ok(()) => Ok(()),
        Err(
            e @ (StoreError::TransactionCanceled { .. }
            | StoreError::ConditionFailed
            | StoreError::AlreadyExists),
        ) => {
            tracing::warn!(error = %e, created, "record save refused by a condition");
            Err(ApiError::Conflict {
                detail: "the record changed while it was being enriched (another request holds the same identifiers); retry".into(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::Provenance;

    fn field(value: &str, at: &str) -> Provenance {
        Provenance {
            value: value.into(),
            source: "apollo".into(),
            confidence: 0.9,
            observed_at: at.into(),
        }
    }

    #[test]
    fn only_a_new_value_source_or_link_is_news() {
        let mut old = EntityRecord::new(EntityKind::Person, "2026-01-01T00:00:00Z");
        old.fields
            .insert("title".into(), field("CTO", "2026-01-01T00:00:00Z"));
        let mut again = old.clone();
        again
            .fields
            .insert("title".into(), field("CTO", "2026-12-05T00:00:00Z"));
        again.last_enriched_at = Some("2026-12-05T00:00:00Z".into());
        again.updated_at = "2026-12-05T00:00:00Z".into();
        assert!(says_nothing_new(&again, &old));
        let mut promoted = again.clone();
        promoted
            .fields
            .insert("title".into(), field("CEO", "2026-12-05T00:00:00Z"));
        assert!(!says_nothing_new(&promoted, &old));
        let mut linked = again.clone();
        linked.company_id = Some("com_1".into());
        assert!(!says_nothing_new(&linked, &old));
        let mut cached = again;
        cached.cache_keys.push("apollo#person#x".into());
        assert!(!says_nothing_new(&cached, &old));
    }
}
