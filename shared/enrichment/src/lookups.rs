//! Asynchronous provider lookups (RocketReach) that an enrichment left running: collected later and
//! merged into the people they belong to. One domain operation, so the HTTP route and a worker (bulk
//! jobs) share it.

use crate::engine::Enrichment;
use crate::records::{EntityKind, EntityRecord};
use kernel::error::ApiError;
use providers::{Op, ProviderName};
use serde_json::Value;

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct LookupStatus {
    pub person_id: String,
    pub provider: Option<String>,
    pub lookup_id: Option<String>,
    /// `complete` (merged into the person), `waiting`/`searching`/`progress`, `failed`,
    /// `none` (no lookup was pending) or an error code.
    pub status: String,
    #[schema(value_type = Option<crate::PersonRecord>)]
    pub record: Option<crate::EntityView>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct LookupStatusList {
    pub items: Vec<LookupStatus>,
    pub warnings: Vec<crate::Warning>,
}

/// Asks RocketReach once about the lookups the given people left running and merges every finished
/// profile into its person. One entry per id, in the order given; the caller flushes the enrichment.
pub async fn collect(
    sess: &mut Enrichment<'_>,
    ids: &[String],
) -> Result<Vec<LookupStatus>, ApiError> {
    let keys: Vec<_> = ids
        .iter()
        .map(|id| crate::records::entity_key(sess.tenant, EntityKind::Person, id))
        .collect();
    let records: Vec<Option<EntityRecord>> = sess
        .state
        .store
        .batch_get(&keys)
        .await?
        .into_iter()
        .map(|i| i.and_then(|i| serde_dynamo::from_item(i).ok()))
        .collect();
    let provider = ProviderName::Rocketreach;
    let lookups: Vec<String> = records
        .iter()
        .flatten()
        .filter_map(|r| r.pending.get(provider.as_str()).cloned())
        .collect();
    let profiles: Vec<Value> = if lookups.is_empty() {
        Vec::new()
    } else {
        sess.call(provider, Op::CheckStatus(&lookups))
            .await?
            .and_then(|r| r.data.as_array().cloned())
            .unwrap_or_default()
    };
    let mut items = Vec::new();
    for (id, rec) in ids.iter().zip(records) {
        let Some(rec) = rec else {
            items.push(LookupStatus {
                person_id: id.clone(),
                provider: None,
                lookup_id: None,
                status: "not_found".into(),
                record: None,
            });
            continue;
        };
        let Some(lookup) = rec.pending.get(provider.as_str()).cloned() else {
            items.push(LookupStatus {
                person_id: id.clone(),
                provider: None,
                lookup_id: None,
                status: "none".into(),
                record: Some(rec.view(None)),
            });
            continue;
        };
        let profile = profiles.iter().find(|p| {
            p.get("id").map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }) == Some(lookup.clone())
        });
        let (status, record) = match profile {
            None => ("unknown".to_owned(), Some(rec.view(None))),
            Some(p) => {
                let reply = providers::rocketreach::profile(p);
                let status = p
                    .get("status")
                    .and_then(Value::as_str)
                    .unwrap_or("complete")
                    .to_owned();
                if reply.found {
                    let saved = crate::complete_lookup(sess, rec, provider, &reply).await?;
                    (status, Some(saved.view(None)))
                } else {
                    (status, Some(rec.view(None)))
                }
            }
        };
        items.push(LookupStatus {
            person_id: id.clone(),
            provider: Some(provider.as_str().into()),
            lookup_id: Some(lookup),
            status,
            record,
        });
    }
    Ok(items)
}
