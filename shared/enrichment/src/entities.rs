//! Reading, finding and editing stored people and companies, and passing a search through to a
//! provider: the domain side of the record routes, shared by HTTP handlers and workers.

use crate::engine::{CacheMode, Warning};
use crate::flows::distinct_sources;
use crate::merge::{overall_confidence, validate_field, Provenance, USER_SOURCE};
use crate::records::*;
use crate::Caller;
use access::model::{now, rfc3339};
use kernel::error::FieldError;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use providers::ProviderName;
use serde::Serialize;
use serde_json::Value;
use store::{Key, PutMode, StoreError};

pub fn not_found(kind: EntityKind) -> ApiError {
    ApiError::not_found(match kind {
        EntityKind::Person => "no such person in this organisation",
        EntityKind::Company => "no such company in this organisation",
    })
}

/// The record `id` of `tenant`; 404 when there is none.
pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    kind: EntityKind,
    id: &str,
) -> Result<EntityRecord, ApiError> {
    state
        .store
        .get::<EntityRecord>(&entity_key(tenant, kind, id))
        .await?
        .ok_or_else(|| not_found(kind))
}

/// Records by id (BatchGetItem, 100 per request), in the order asked; `None` for an id with no
/// record of this tenant.
pub async fn load_many(
    state: &AppState,
    tenant: &TenantId,
    kind: EntityKind,
    ids: &[String],
) -> Result<Vec<Option<EntityRecord>>, ApiError> {
    // BatchGetItem refuses a request naming one key twice: each distinct id is read once and
    // every position that names it gets the record.
    let mut distinct: Vec<&String> = ids.iter().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut found: std::collections::HashMap<&str, EntityRecord> = Default::default();
    for chunk in distinct.chunks(100) {
        let keys: Vec<Key> = chunk
            .iter()
            .map(|id| entity_key(tenant, kind, id))
            .collect();
        for (id, item) in chunk.iter().zip(state.store.batch_get(&keys).await?) {
            if let Some(record) =
                item.and_then(|i| serde_dynamo::from_item::<_, EntityRecord>(i).ok())
            {
                found.insert(id.as_str(), record);
            }
        }
    }
    Ok(ids
        .iter()
        .map(|id| found.get(id.as_str()).cloned())
        .collect())
}

/// The id of the record owning an identifier (`email:…`, `domain:…`), if any: one GetItem of
/// its marker.
pub async fn owner_of(
    state: &AppState,
    tenant: &TenantId,
    kind: EntityKind,
    identifier: &str,
) -> Result<Option<String>, ApiError> {
    Ok(state
        .store
        .get::<MatchMarker>(&match_key(tenant, kind, identifier))
        .await?
        .map(|m| m.entity_id))
}

/// The ids of the records owning these identifiers (each listed once: BatchGetItem refuses a
/// key asked twice), in the order asked (`None`: no owner): one BatchGetItem of markers per 100.
pub async fn owners_of(
    state: &AppState,
    tenant: &TenantId,
    kind: EntityKind,
    identifiers: &[String],
) -> Result<Vec<Option<String>>, ApiError> {
    let mut out = Vec::with_capacity(identifiers.len());
    for chunk in identifiers.chunks(100) {
        let keys: Vec<Key> = chunk.iter().map(|i| match_key(tenant, kind, i)).collect();
        for item in state.store.batch_get(&keys).await? {
            out.push(
                item.and_then(|i| serde_dynamo::from_item::<_, MatchMarker>(i).ok())
                    .map(|m| m.entity_id),
            );
        }
    }
    Ok(out)
}

/// The records owning these identifiers (`email:…`, `domain:…`): one BatchGetItem of markers, one
/// of records.
pub async fn by_identifiers(
    state: &AppState,
    tenant: &TenantId,
    kind: EntityKind,
    identifiers: &[String],
) -> Result<Vec<EntityRecord>, ApiError> {
    if identifiers.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<Key> = identifiers
        .iter()
        .map(|i| match_key(tenant, kind, i))
        .collect();
    let mut ids: Vec<String> = Vec::new();
    for item in state.store.batch_get(&keys).await?.into_iter().flatten() {
        if let Ok(m) = serde_dynamo::from_item::<_, MatchMarker>(item) {
            if !ids.contains(&m.entity_id) {
                ids.push(m.entity_id);
            }
        }
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<Key> = ids.iter().map(|id| entity_key(tenant, kind, id)).collect();
    Ok(state
        .store
        .batch_get(&keys)
        .await?
        .into_iter()
        .flatten()
        .filter_map(|i| serde_dynamo::from_item::<_, EntityRecord>(i).ok())
        .collect())
}

/// What an edit asks for.
#[derive(Debug, Default)]
pub struct Edit {
    /// Field → new value (`None` removes it).
    pub edits: Vec<(String, Option<Value>)>,
    /// Keys that are not editable fields (each a 422).
    pub unknown: Vec<String>,
    /// The version read, if the caller sent it.
    pub expected_version: Option<u64>,
    /// Watch (or stop watching) the record.
    pub watch: Option<bool>,
    /// The body was `{}`: refused (422). A body naming only `version` (or `null`s for `watch`)
    /// changes nothing: the record is answered as read, after the version check.
    pub empty_body: bool,
}

/// `PATCH`: a flat object of field → value (`null` removes the field). Values set here are marked
/// `user` and are never overwritten by enrichment. Identifiers (email, LinkedIn, domain, tax id)
/// move their markers in the same transaction; one another record owns is a 409.
///
/// Retry: the record is written conditional on the version it was read at, so a retried edit that
/// already landed changes nothing but the version check (409 with `expected_version`, or the same
/// values written again without it); concurrent edits of one record: one wins, the other is a 409.
pub async fn edit(
    state: &AppState,
    tenant: &TenantId,
    kind: EntityKind,
    id: &str,
    change: Edit,
) -> Result<EntityRecord, ApiError> {
    let Edit {
        edits,
        unknown,
        expected_version,
        watch,
        empty_body,
    } = change;
    let mut errors: Vec<FieldError> = unknown
        .into_iter()
        .map(|field| FieldError::body(field, "unknown", "not an editable field"))
        .collect();
    let mut changes: Vec<(String, Option<Value>)> = Vec::new();
    if empty_body {
        errors.push(FieldError::body(
            "",
            "empty",
            "name at least one field to change",
        ));
    }
    for (field, value) in edits {
        let Some(value) = value else {
            changes.push((field, None));
            continue;
        };
        if let Some(Err(e)) = value
            .as_str()
            .map(|text| kernel::text::check_field(&field, text))
        {
            errors.push(FieldError::body(field, e.code(), e.message()));
            continue;
        }
        let (rule, words) = crate::patch::edit_rule(&field);
        if !kernel::schema::satisfies(&rule, &value) {
            errors.push(FieldError::body(field, "invalid", words));
            continue;
        }
        match validate_field(&field, &value) {
            Some(v) => changes.push((field, Some(v))),
            None => errors.push(FieldError::body(
                field,
                "invalid",
                "not a valid value for this field",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let (rec, policy) = tokio::try_join!(
        load(state, tenant, kind, id),
        crate::persist::load_policy(state, tenant)
    )?;
    let mut rec = rec;
    if expected_version.is_some_and(|v| v != rec.version) {
        return Err(ApiError::Conflict {
            detail: format!(
                "the record is at version {}, not the one given",
                rec.version
            ),
        });
    }
    if changes.is_empty() && watch.is_none() {
        return Ok(rec);
    }
    let at = rfc3339(now());
    for (field, value) in &changes {
        match value {
            None => {
                rec.fields.remove(field);
            }
            Some(v) => {
                rec.fields.insert(
                    field.clone(),
                    Provenance {
                        value: v.clone(),
                        source: USER_SOURCE.into(),
                        confidence: 1.0,
                        observed_at: at.clone(),
                    },
                );
            }
        }
    }
    let previous_keys = rec.match_keys.clone();
    let new_keys = rec.derived_match_keys();
    let removed: Vec<&String> = previous_keys
        .iter()
        .filter(|k| !new_keys.contains(k))
        .collect();
    let added: Vec<&String> = new_keys
        .iter()
        .filter(|k| !previous_keys.contains(k))
        .collect();
    rec.match_keys = new_keys.clone();
    rec.data_sources = distinct_sources(&rec.fields);
    rec.overall_confidence = overall_confidence(&rec.fields, &rec.required);
    rec.updated_at = at;
    if let Some(w) = watch {
        rec.watched = w;
    }
    rec.apply_policy(&policy);
    if rec.watched {
        crate::persist::register_watching(state, tenant).await?;
    }
    let expected = rec.version;
    rec.version += 1;
    let claim: Vec<String> = added.into_iter().cloned().collect();
    let release: Vec<String> = removed.into_iter().cloned().collect();
    let written = crate::persist::write_entity(
        state,
        tenant,
        &rec,
        PutMode::IfVersion(expected),
        &claim,
        &release,
        &[],
    )
    .await;
    match written {
        Ok(()) => {}
        Err(e @ StoreError::TransactionCanceled { .. }) => {
            return Err(match e.failed_action() {
                Some(0) | None => ApiError::Conflict {
                    detail: "the record changed meanwhile; read it again and retry".into(),
                },
                Some(_) => ApiError::Conflict {
                    detail: "another record in this organisation already has this identifier"
                        .into(),
                },
            })
        }
        Err(e) => return Err(e.into()),
    }
    Ok(rec)
}

/// The answer of a `provider:` pass-through search.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProviderSearchResponse {
    pub provider: String,
    /// Whether the page came from the cache (30 minutes by default).
    pub cached: bool,
    /// The provider's results as it sent them.
    pub results: Value,
    pub warnings: Vec<Warning>,
    pub credits_spent: f64,
}

/// A search body's `page_size` (1–100, default 10). Search routes check it whether or not a provider
/// is asked, so a body means one thing either way.
pub fn page_size_of(page_size: Option<u32>) -> Result<u32, ApiError> {
    let page_size = page_size.unwrap_or(10);
    if !(1..=100).contains(&page_size) {
        return Err(ApiError::validation(vec![FieldError::body(
            "page_size",
            "out_of_range",
            "between 1 and 100",
        )]));
    }
    Ok(page_size)
}

/// Passes a search through to a provider that offers one (RocketReach), through the cache. The
/// caller must be allowed to spend the organisation's provider credits (checked by the adapter).
pub async fn provider_search(
    state: &AppState,
    caller: &Caller<'_>,
    provider_raw: &str,
    query: Option<&Value>,
    page_size: Option<u32>,
    people: bool,
) -> Result<ProviderSearchResponse, ApiError> {
    let query = query.filter(|q| q.is_object()).ok_or_else(|| {
        ApiError::validation(vec![FieldError::body(
            "query",
            "required",
            "an object in the provider's query format",
        )])
    })?;
    let page_size = page_size_of(page_size)?;
    let body = &serde_json::json!({"query": query, "page_size": page_size});
    let provider = ProviderName::parse(provider_raw)
        .filter(|p| *p == ProviderName::Rocketreach)
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::body(
                "provider",
                "unsupported",
                "only rocketreach offers a search to pass through",
            )])
        })?;
    let mut sess = crate::enrichment(state, caller, CacheMode::Use).await?;
    if !sess.providers.get(provider).active {
        return Err(ApiError::validation(vec![FieldError::body(
            "provider",
            "inactive",
            format!("{provider} is turned off for this organisation"),
        )]));
    }
    let op = if people {
        providers::Op::PersonSearch(body)
    } else {
        providers::Op::CompanySearch(body)
    };
    let reply = sess.call(provider, op).await?;
    sess.flush().await?;
    let cached = sess.calls.last().is_some_and(|c| c.cached);
    Ok(ProviderSearchResponse {
        provider: provider.as_str().into(),
        cached,
        results: reply.map(|r| r.data).unwrap_or(Value::Null),
        credits_spent: sess.credits,
        warnings: sess.warnings,
    })
}

/// Audits an edit of a record: who changed which fields (names only, never values).
pub async fn audit_edit(
    state: &AppState,
    caller: &crate::Caller<'_>,
    kind: EntityKind,
    id: &str,
    fields: &[String],
) -> Result<(), ApiError> {
    let mut event = access::model::AuditEvent::new(match kind {
        EntityKind::Person => "person.updated",
        EntityKind::Company => "company.updated",
    })
    .actor(caller.actor)
    .target(id)
    .detail(serde_json::json!({ "fields": fields }));
    event.ip.clone_from(&caller.origin.ip);
    event.user_agent.clone_from(&caller.origin.user_agent);
    event.append(&state.store, caller.tenant).await?;
    Ok(())
}
