//! Enrichment's persistence: entity records with their identifier markers and per-source results,
//! provider settings, the answer cache, the call log and the usage counters it adds to. The only
//! code of this crate that builds their items, transactions and update expressions.

use crate::engine::{CacheEntry, CallLogEntry, UsageCounter, CACHE, CALL, USAGE};
use crate::records::*;
use crate::settings::{ProviderSettings, PROVIDER};
use aws_sdk_dynamodb::types::AttributeValue;
use kernel::ids::TenantId;
use platform::AppState;
use providers::ProviderName;
use store::expr::{Update, Value};
use store::{keys, Filter, Item, Key, PutMode, Record, StoreError, TxOp};

const COUNTER: &str = "COUNTER";
const FACET: &str = "COMPANY_FACET";

/// An entry of the stored companies' search index: the company it names.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct FacetEntry {
    company_id: String,
}

/// See [`crate::records::companies_with_facets`].
pub(crate) async fn companies_with_facets(
    state: &AppState,
    tenant: &TenantId,
    facets: &[String],
    page: &store::PageParams,
) -> Result<store::Page<EntityRecord>, platform::ApiError> {
    let Some(first) = facets.first() else {
        return Ok(store::Page {
            items: Vec::new(),
            next_cursor: None,
        });
    };
    let codec = state.cursor_codec().await?;
    let spec = keys::companies_with_facet(tenant, first);
    let entries = state
        .store
        .query::<FacetEntry>(tenant, &spec, page, codec)
        .await?;
    let wanted: Vec<Key> = entries
        .items
        .iter()
        .map(|e| entity_key(tenant, EntityKind::Company, &e.company_id))
        .collect();
    let mut items = Vec::new();
    for chunk in wanted.chunks(100) {
        for item in state.store.batch_get(chunk).await?.into_iter().flatten() {
            if let Ok(rec) = serde_dynamo::from_item::<_, EntityRecord>(item) {
                if facets.iter().all(|f| rec.facet_keys.contains(f)) {
                    items.push(rec);
                }
            }
        }
    }
    Ok(store::Page {
        items,
        next_cursor: entries.next_cursor,
    })
}

impl EntityRecord {
    /// The record with its index keys: its kind's sharded tenant-wide list (GSI2), and people by
    /// company or companies by name (GSI1).
    pub fn record(&self, tenant: &TenantId) -> Record<'_, Self> {
        let rec = Record::new(
            self.kind.tag(),
            entity_key(tenant, self.kind, &self.id),
            self,
        )
        .with_gsi2(keys::entity_in_list(tenant, self.kind.key_kind(), &self.id));
        let rec = match self.due_at {
            Some(due) => rec.with_gsi3(keys::entity_due(
                tenant,
                self.kind.key_kind(),
                self.watched,
                &self.id,
                due,
            )),
            None => rec,
        };
        match self.kind {
            EntityKind::Person => match &self.company_id {
                Some(c) => rec.with_gsi1(keys::person_at_company(tenant, c, &self.id)),
                None => rec,
            },
            EntityKind::Company => match self.value("name") {
                Some(name) => {
                    rec.with_gsi1(keys::company_by_name(tenant, &name_key(name), &self.id))
                }
                None => rec,
            },
        }
    }
}

impl ProviderSettings {
    /// Writes the settings while they are still at version `read` (never stored: create only):
    /// false when another change came first.
    pub async fn save(
        &self,
        state: &AppState,
        tenant: &TenantId,
        read: u64,
    ) -> Result<bool, StoreError> {
        match state
            .store
            .put(&self.record(tenant), PutMode::after(read))
            .await
        {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed | StoreError::AlreadyExists) => Ok(false),
            Err(e) => Err(e),
        }
    }

    pub fn record(&self, tenant: &TenantId) -> Record<'_, Self> {
        Record::new(PROVIDER, crate::settings::key(tenant, self.provider), self)
    }
}

const POLICY: &str = "ENRICHMENT_POLICY";
const ESTIMATES: &str = "PROVIDER_ESTIMATES";

impl crate::policy::EnrichmentPolicy {
    /// Writes the policy while it is still at version `read` (0: never stored, create only):
    /// false when another change came first.
    pub async fn save(
        &self,
        state: &AppState,
        tenant: &TenantId,
        read: u64,
    ) -> Result<bool, StoreError> {
        let record = Record::new(POLICY, keys::enrichment_policy(tenant), self);
        match state.store.put(&record, PutMode::after(read)).await {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed | StoreError::AlreadyExists) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// The organisation's enrichment policy (the defaults when it set none): one GetItem, for
/// writes that do not read the whole settings partition (an edit, a watch).
pub(crate) async fn load_policy(
    state: &AppState,
    tenant: &TenantId,
) -> Result<crate::policy::EnrichmentPolicy, platform::ApiError> {
    Ok(state
        .store
        .get::<crate::policy::EnrichmentPolicy>(&keys::enrichment_policy(tenant))
        .await?
        .unwrap_or_default())
}

/// Replaces the estimates snapshot. Concurrent recomputations write equivalent snapshots from
/// the same counters, so the last one standing is as good as any: no condition.
pub(crate) async fn save_estimates(
    state: &AppState,
    tenant: &TenantId,
    estimates: &crate::policy::Estimates,
) -> Result<(), StoreError> {
    let record = Record::new(ESTIMATES, keys::provider_estimates(tenant), estimates);
    state.store.put(&record, PutMode::Overwrite).await
}

const WATCHING: &str = "WATCHING_TENANT";

#[derive(serde::Serialize, serde::Deserialize)]
struct Watching {
    tenant: String,
}

/// Puts the organisation on the refresh schedule's list (idempotent, written before the first
/// watched record, so a watched record is never missed; an organisation listed with nothing
/// watched costs the schedule one empty read).
pub(crate) async fn register_watching(
    state: &AppState,
    tenant: &TenantId,
) -> Result<(), StoreError> {
    let entry = Watching {
        tenant: tenant.to_string(),
    };
    let record = Record::new(WATCHING, keys::watching_tenant(tenant), &entry);
    state.store.put(&record, PutMode::Overwrite).await
}

/// See [`crate::refresh::watching_tenants`].
pub(crate) async fn watching_tenants(
    state: &AppState,
) -> Result<Vec<TenantId>, platform::ApiError> {
    let mut out = Vec::new();
    for spec in keys::watching_tenants() {
        let found: Vec<Watching> = state.store.query_every(&spec, 100_000).await?;
        out.extend(found.into_iter().filter_map(|w| w.tenant.parse().ok()));
    }
    Ok(out)
}

/// See [`crate::refresh::due_watched`].
pub(crate) async fn due_watched(
    state: &AppState,
    tenant: &TenantId,
    kind: EntityKind,
    now: i64,
    limit: usize,
) -> Result<Vec<EntityRecord>, StoreError> {
    let reads = keys::entities_due(tenant, kind.key_kind(), true, now)
        .into_iter()
        .map(|spec| async move { state.store.query_first::<EntityRecord>(&spec, limit).await });
    let mut out = Vec::new();
    for shard in futures::future::join_all(reads).await {
        out.extend(shard?);
    }
    Ok(out)
}

/// See [`crate::refresh::claim`]: the record's due index position moves to `until`, conditional
/// on the version read.
pub(crate) async fn claim_due(
    state: &AppState,
    tenant: &TenantId,
    rec: &EntityRecord,
    until: i64,
) -> Result<bool, StoreError> {
    let key = keys::entity_due(tenant, rec.kind.key_kind(), rec.watched, &rec.id, until);
    let update = Update::<EntityRecord>::new()
        .index3(&key)
        .when(store::expr::Cond::eq("version", &rec.version));
    state
        .store
        .apply(&entity_key(tenant, rec.kind, &rec.id), &update)
        .await
}

const REFRESH_DAY: &str = "REFRESH_DAY";

/// See [`crate::refresh::reserve`].
pub(crate) async fn reserve_refresh(
    state: &AppState,
    tenant: &TenantId,
    day: &str,
    cost: f64,
    records: usize,
    budget: f64,
) -> Result<bool, StoreError> {
    use store::expr::Cond;
    let update = Update::<crate::refresh::RefreshDay>::new()
        .entity(REFRESH_DAY)
        .set("day", &day)
        .set("budget_credits", &budget)
        .add("reserved_credits", Value::number(cost))
        .add("records_started", Value::number(records))
        .when(Cond::absent("reserved_credits").or(Cond::le("reserved_credits", &(budget - cost))));
    Ok(state
        .store
        .upsert_or_current(&keys::refresh_day(tenant, day), &update)
        .await?
        .is_ok())
}

/// See [`crate::refresh::refused`].
pub(crate) async fn refuse_refresh(
    state: &AppState,
    tenant: &TenantId,
    day: &str,
    records: usize,
    budget: f64,
) -> Result<(), StoreError> {
    let update = Update::<crate::refresh::RefreshDay>::new()
        .entity(REFRESH_DAY)
        .set("day", &day)
        .set("budget_credits", &budget)
        .add("records_refused", Value::number(records));
    state
        .store
        .upsert(&keys::refresh_day(tenant, day), &update)
        .await
        .map(|_| ())
}

/// See [`crate::refresh::day`].
pub(crate) async fn refresh_day(
    state: &AppState,
    tenant: &TenantId,
    day: &str,
) -> Result<Option<crate::refresh::RefreshDay>, StoreError> {
    state.store.get(&keys::refresh_day(tenant, day)).await
}

/// See [`crate::refresh::days_between`].
pub(crate) async fn refresh_days(
    state: &AppState,
    tenant: &TenantId,
    from: &str,
    to: &str,
) -> Result<Vec<crate::refresh::RefreshDay>, platform::ApiError> {
    let spec = keys::refresh_days(tenant, from, to);
    let codec = state.cursor_codec().await?;
    Ok(state.store.query_all(tenant, &spec, 400, codec).await?)
}

/// Writes an entity record (under `mode`), claims the identifiers in `claim` (each only while no
/// other record holds it), releases those in `release` and stores the per-source `results`: one
/// transaction, all or nothing. When it is cancelled, action 0 is the record (it changed, or a
/// new one exists) and a later action a marker another record holds (see
/// `StoreError::failed_action`). A retry of an applied write fails its record condition: callers
/// re-read, so nothing is written twice.
pub(crate) async fn write_entity(
    state: &AppState,
    tenant: &TenantId,
    rec: &EntityRecord,
    mode: PutMode,
    claim: &[String],
    release: &[String],
    results: &[SourceResult],
) -> Result<(), StoreError> {
    // The search index follows the record's values in the same transaction: a facet it gained
    // is put, one it lost deleted, and the record remembers which it holds.
    let facets = rec.derived_facets();
    let gained: Vec<&String> = facets
        .iter()
        .filter(|f| !rec.facet_keys.contains(f))
        .collect();
    let lost: Vec<&String> = rec
        .facet_keys
        .iter()
        .filter(|f| !facets.contains(f))
        .collect();
    let mut indexed = rec.clone();
    indexed.facet_keys.clone_from(&facets);
    let mut ops = vec![TxOp::Put {
        item: indexed.record(tenant).to_item()?,
        mode,
    }];
    let entry = FacetEntry {
        company_id: rec.id.clone(),
    };
    for f in gained {
        ops.push(TxOp::Put {
            item: Record::new(FACET, keys::company_facet(tenant, f, &rec.id), &entry).to_item()?,
            mode: PutMode::Overwrite,
        });
    }
    for f in lost {
        ops.push(TxOp::Delete {
            key: keys::company_facet(tenant, f, &rec.id),
            must_exist: false,
        });
    }
    let marker = MatchMarker {
        entity_id: rec.id.clone(),
    };
    for k in claim {
        ops.push(TxOp::Put {
            item: Record::new(MATCH, match_key(tenant, rec.kind, k), &marker).to_item()?,
            mode: PutMode::IfAbsent,
        });
    }
    for k in release {
        ops.push(TxOp::Delete {
            key: match_key(tenant, rec.kind, k),
            must_exist: false,
        });
    }
    for r in results {
        ops.push(TxOp::Put {
            item: Record::new(
                SOURCE,
                source_key(tenant, rec.kind, &rec.id, &r.provider),
                r,
            )
            .to_item()?,
            mode: PutMode::Overwrite,
        });
    }
    state.store.transact(ops).await
}

/// Deletes a record's dependants (per-source results, cached answers) in transactions of 99, then
/// the record conditional on the version read (`ConditionFailed`: it changed meanwhile) together
/// with its identifier markers, so the record stays findable by its identifiers until it is gone.
/// A failure midway leaves a record that a retried erasure finishes erasing; a retry after success
/// finds nothing and deletes nothing.
pub(crate) async fn erase_entity(
    state: &AppState,
    tenant: &TenantId,
    rec: &EntityRecord,
    sources: &[SourceResult],
) -> Result<(), StoreError> {
    let kind = rec.kind;
    let mut dependants: Vec<Key> = sources
        .iter()
        .map(|s| source_key(tenant, kind, &rec.id, &s.provider))
        .collect();
    dependants.extend(
        rec.cache_keys
            .iter()
            .filter_map(|handle| keys::cache_entry_from_handle(tenant, handle)),
    );
    let mut markers: Vec<Key> = rec
        .match_keys
        .iter()
        .map(|k| match_key(tenant, kind, k))
        .chain(
            rec.facet_keys
                .iter()
                .map(|f| keys::company_facet(tenant, f, &rec.id)),
        )
        .collect();
    // The last transaction holds the record and up to 98 markers; any more go with the dependants.
    if markers.len() > 98 {
        dependants.extend(markers.drain(98..));
    }
    let deletes = |keys: &[Key]| -> Vec<TxOp> {
        keys.iter()
            .map(|k| TxOp::Delete {
                key: k.clone(),
                must_exist: false,
            })
            .collect()
    };
    for chunk in dependants.chunks(99) {
        state.store.transact(deletes(chunk)).await?;
    }
    let mut last = vec![TxOp::DeleteIfVersion {
        key: entity_key(tenant, kind, &rec.id),
        version: rec.version,
    }];
    last.extend(deletes(&markers));
    match state.store.transact(last).await {
        Ok(()) => Ok(()),
        Err(e) if e.failed_action() == Some(0) => Err(StoreError::ConditionFailed),
        Err(e) => Err(e),
    }
}

/// A cached provider answer's item, gone (TTL) at `expires`.
pub(crate) fn cache_item(key: Key, entry: &CacheEntry, expires: i64) -> Result<Item, StoreError> {
    Record::new(CACHE, key, entry)
        .expiring_at(expires)
        .to_item()
}

/// The items that fill a provider key's shared per-second counters from `start` for `seconds`
/// (at most a minute): every container then waits instead of being refused.
pub(crate) fn spent_key_counters(
    provider: ProviderName,
    scope: &str,
    start: i64,
    seconds: i64,
    limit: u32,
) -> Vec<Item> {
    (0..seconds.clamp(1, 60))
        .filter_map(|i| {
            let second = start + i;
            Record::new(
                COUNTER,
                keys::provider_key_rate_window(provider.as_str(), scope, second),
                &serde_json::json!({"count": limit}),
            )
            .expiring_at(second + 120)
            .to_item()
            .ok()
        })
        .collect()
}

/// A call log line's item, gone (TTL) at `expires`.
pub(crate) fn call_line(
    tenant: &TenantId,
    entry: &CallLogEntry,
    expires: i64,
) -> Result<Item, StoreError> {
    Record::new(CALL, keys::call_log_line(tenant, &entry.id), entry)
        .expiring_at(expires)
        .to_item()
}

/// A page of the call log, newest first across its shards, of one provider when given.
pub async fn call_log(
    state: &AppState,
    tenant: &TenantId,
    provider: Option<ProviderName>,
    page: &store::PageParams,
    codec: &store::cursor::CursorCodec,
) -> Result<store::Page<CallLogEntry>, StoreError> {
    let shards: Vec<store::QuerySpec> = keys::call_log(tenant)
        .into_iter()
        .map(store::QuerySpec::newest_first)
        .map(|s| match provider {
            Some(p) => s.filter(Filter::Equals("provider".into(), p.as_str().into())),
            None => s,
        })
        .collect();
    state
        .store
        .query_sharded(tenant, &shards, page, codec)
        .await
}

/// What a group of call log lines adds to one provider's usage counter: the usage figures, and
/// the performance figures (lookups, their credits, the fields each filled, a latency histogram)
/// that `GET /v1/providers/performance` reads from the same items.
#[derive(Debug, Default, Clone)]
pub(crate) struct UsageDelta {
    pub calls: f64,
    pub credits: f64,
    pub errors: f64,
    pub latency_ms: f64,
    /// Person and company lookups (not searches, verifications or account reads).
    pub lookups: f64,
    pub lookup_credits: f64,
    /// Per field: lookups that filled it.
    pub hits: std::collections::BTreeMap<String, i64>,
    /// Lookups per latency bucket ([`crate::performance::LATENCY_BOUNDS_MS`]).
    pub latency: [i64; crate::performance::LATENCY_BUCKETS],
}

impl UsageDelta {
    pub(crate) fn absorb(&mut self, other: &UsageDelta) {
        self.calls += other.calls;
        self.credits += other.credits;
        self.errors += other.errors;
        self.latency_ms += other.latency_ms;
        self.lookups += other.lookups;
        self.lookup_credits += other.lookup_credits;
        for (f, n) in &other.hits {
            *self.hits.entry(f.clone()).or_default() += n;
        }
        for (mine, theirs) in self.latency.iter_mut().zip(other.latency) {
            *mine += theirs;
        }
    }
}

/// How a group of call log lines was written.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Logged {
    Now,
    /// The lines were there already: an earlier try of this very group was applied.
    Earlier,
}

/// Writes call log `lines` (create-only), the answers to cache beside them and what they add to
/// each provider's usage counter `shard` of `day`, in one transaction: usage always equals a
/// recount of the log, and a retried group whose first try was applied adds nothing.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn write_call_group(
    state: &AppState,
    tenant: &TenantId,
    cached: Vec<Item>,
    lines: Vec<Item>,
    usage: &std::collections::BTreeMap<ProviderName, UsageDelta>,
    day: &str,
    shard: u8,
    expires: i64,
) -> Result<Logged, StoreError> {
    let mut ops: Vec<TxOp> = cached
        .into_iter()
        .map(|item| TxOp::Put {
            item,
            mode: PutMode::Overwrite,
        })
        .collect();
    ops.extend(lines.into_iter().map(|item| TxOp::Put {
        item,
        mode: PutMode::IfAbsent,
    }));
    for (provider, u) in usage {
        ops.push(TxOp::upsert(
            keys::usage_day(tenant, day, provider.as_str(), shard),
            &usage_add(*provider, day, u, expires),
        )?);
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(Logged::Now),
        Err(StoreError::TransactionCanceled { reasons })
            if reasons.iter().any(|r| r == "ConditionalCheckFailed") =>
        {
            Ok(Logged::Earlier)
        }
        Err(e) => Err(e),
    }
}

/// `ADD` a usage delta to a day's counter shard, creating it if needed.
fn usage_add(
    provider: ProviderName,
    day: &str,
    u: &UsageDelta,
    expires: i64,
) -> Update<UsageCounter> {
    let mut update = Update::new()
        .entity(USAGE)
        .set("provider", &provider.as_str())
        .set("day", &day)
        .set_if_absent(keys::TTL, &expires)
        .add("calls", Value::number(u.calls))
        .add("credits", Value::number(u.credits))
        .add("errors", Value::number(u.errors))
        .add("latency_ms", Value::number(u.latency_ms));
    if u.lookups > 0.0 {
        update = update
            .add("lookups", Value::number(u.lookups))
            .add("lookup_credits", Value::number(u.lookup_credits));
    }
    // One attribute per field filled and per latency bucket: names are data, no map must exist.
    for (field, n) in &u.hits {
        update = update.add_to_counter(&crate::performance::hit_attribute(field), *n);
    }
    for (i, n) in u.latency.iter().enumerate().filter(|(_, n)| **n > 0) {
        update = update.add_to_counter(&crate::performance::latency_attribute(i), *n);
    }
    update
}

/// The usage counters of `from..=to` read as performance figures (the same items).
pub(crate) async fn performance_between(
    state: &AppState,
    tenant: &TenantId,
    from: &str,
    to: &str,
) -> Result<Vec<crate::performance::PerformanceCounter>, platform::ApiError> {
    let spec = keys::usage_days_between(tenant, from, to);
    let codec = state.cursor_codec().await?;
    Ok(state.store.query_all(tenant, &spec, 20_000, codec).await?)
}

/// About how many bytes an item takes (names and values), to keep a transaction under 4 MB.
pub(crate) fn approx_size(item: &Item) -> usize {
    fn value(v: &AttributeValue) -> usize {
        match v {
            AttributeValue::S(s) | AttributeValue::N(s) => s.len(),
            AttributeValue::M(m) => m.iter().map(|(k, v)| k.len() + value(v)).sum(),
            AttributeValue::L(l) => l.iter().map(value).sum(),
            _ => 16,
        }
    }
    item.iter().map(|(k, v)| k.len() + value(v)).sum()
}

/// A person's or company's change on the table's stream (the event publisher's reader):
/// `Ok(None)` for any other item.
pub fn entity_images(
    change: &store::stream::Change,
) -> Result<Option<store::stream::Images<crate::records::EntityRecord>>, StoreError> {
    for tag in [crate::records::PERSON, crate::records::COMPANY] {
        if let Some(images) = change.images(tag)? {
            return Ok(Some(images));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usage_expression_names_fields_of_the_counter() {
        let mut u = UsageDelta {
            calls: 2.0,
            credits: 1.5,
            errors: 0.0,
            latency_ms: 120.0,
            lookups: 2.0,
            lookup_credits: 1.5,
            ..UsageDelta::default()
        };
        u.hits.insert("title".into(), 2);
        u.latency[1] = 2;
        let r = usage_add(ProviderName::Apollo, "2026-12-05", &u, 99)
            .render()
            .unwrap();
        let update = r.update.unwrap();
        assert!(update.starts_with("SET ") && update.contains(" ADD "));
        assert!(update.contains("if_not_exists("));
        assert!(r.condition.is_none());
        assert!(r.names.values().any(|n| n == "hit_title"), "{:?}", r.names);
        assert!(r.names.values().any(|n| n == "lat_1"), "{:?}", r.names);
    }
}
