//! One enrichment request's dealings with providers: the cache in front of them, the tenant's quota
//! and rate limit, the call log and the usage counters behind them.
//!
//! Writes that are not part of the record's own consistency (cache entries, call log lines) are
//! collected and written in one BatchWriteItem at the end; usage counters get one UpdateItem per
//! provider and day. A cache hit costs no provider call, no credit and no usage write.

use crate::persist::{Logged, UsageDelta};
use crate::settings::TenantProviders;
use access::model::{now, rfc3339};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use providers::{
    CallRecord, CompanyInput, Op, OpKind, PersonInput, ProviderError, ProviderName, Reply,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use store::{keys, Item, Key, StoreError};

pub const CACHE: &str = "CACHE";
pub const CALL: &str = "CALL";
pub const USAGE: &str = "USAGE";
/// Daily usage counters are kept 400 days (a year of history plus a month).
pub const USAGE_TTL_SECS: i64 = 400 * 24 * 3600;

/// What one record of a batch cost and said (see [`Enrichment::take_record`]).
#[derive(Debug, Clone, Default)]
pub struct RecordTally {
    pub warnings: Vec<Warning>,
    pub calls: Vec<CallSummary>,
    pub credits: f64,
}

/// Whether answers may come from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CacheMode {
    #[default]
    Use,
    /// Always call the provider (the fresh answer replaces the cached one).
    Bypass,
}

/// Something the caller should know: a provider skipped or failed, an id warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Warning {
    /// The provider concerned, if any.
    pub source: Option<String>,
    /// e.g. `timeout`, `credits_exhausted`, `quota_exceeded`, `circuit_open`, `rfc_check_digit`.
    pub code: String,
    pub detail: String,
}

/// What one provider contributed to a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallSummary {
    pub provider: String,
    /// `found`, `not_found`, `pending`, or an error code.
    pub outcome: String,
    pub cached: bool,
    pub credits: f64,
}

/// A cached provider answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CacheEntry {
    pub provider: ProviderName,
    pub kind: String,
    pub reply: Reply,
    pub stored_at: String,
    /// The request that paid for the answer (a bulk chunk's id is the same on every delivery):
    /// when a redelivered chunk reads an answer its own earlier, stopped delivery bought, the
    /// credits count for the chunk once, so the job's credits equal what the call log charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bought_by: Option<String>,
}

/// One line of the provider call log.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallLogEntry {
    pub id: String,
    pub provider: String,
    pub endpoint: String,
    pub http_status: Option<u16>,
    pub outcome: String,
    pub latency_ms: u64,
    pub attempts: u32,
    pub credits: f64,
    pub user_id: Option<String>,
    pub request_id: String,
    pub at: String,
}

/// Usage of one provider on one day.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UsageCounter {
    pub provider: String,
    pub day: String,
    #[serde(default)]
    pub calls: f64,
    #[serde(default)]
    pub credits: f64,
    #[serde(default)]
    pub errors: f64,
    #[serde(default)]
    pub latency_ms: f64,
    /// Person and company lookups, and their credits (the performance figures' base).
    #[serde(default)]
    pub lookups: f64,
    #[serde(default)]
    pub lookup_credits: f64,
}

/// The state of one enrichment request.
pub struct Enrichment<'a> {
    pub state: &'a AppState,
    pub tenant: &'a TenantId,
    pub user_id: Option<String>,
    pub request_id: String,
    pub providers: TenantProviders,
    pub cache_mode: CacheMode,
    pub warnings: Vec<Warning>,
    pub calls: Vec<CallSummary>,
    pub credits: f64,
    /// Cache entries read in advance (one BatchGetItem with the match markers): sort key → entry.
    /// Cache entries read ahead in one BatchGetItem, by partition key.
    prefetched: HashMap<String, Option<CacheEntry>>,
    /// Items read while the enrichment started (concurrently with the organisation's settings):
    /// a lookup's identifier markers, which need no settings to be known.
    early: HashMap<Key, Option<Item>>,
    /// Sort keys of the cache entries this request read or wrote.
    pub cache_keys: Vec<String>,
    /// Cache entries to write at the next flush.
    pending_writes: Vec<Item>,
    /// Cache entries whose credits this enrichment already counted (bought, or bought by an earlier
    /// delivery of the same request and counted on first read).
    counted_entries: std::collections::HashSet<String>,
    /// Call log lines to write at the next flush, each with what it adds to usage.
    pending_calls: Vec<(Item, ProviderName, UsageDelta)>,
    /// Background work only (see [`Self::patient`]): how long a call may wait for the provider
    /// key's shared rate limit.
    rate_wait: Option<std::time::Duration>,
    /// Answers a batch request got ahead of the records' own calls (see [`Self::prime`]), by the
    /// call's cache key.
    primed: HashMap<String, Primed>,
    /// The bulk job this enrichment works for: records it saves remember the job (a person's export
    /// lists the jobs that touched it).
    pub job: Option<String>,
    /// A scheduled refresh: records it saves note the try, and are written even when nothing
    /// changed (their fields were seen again, so they are fresh again).
    pub refresh: bool,
    /// Whether this enrichment already put the organisation on the refresh schedule's list.
    pub(crate) watching_registered: bool,
    /// Cached answers stored before this time (epoch s) are misses: a scheduled refresh wants
    /// answers newer than its job, yet a redelivered chunk must find the answers its earlier
    /// delivery bought (so they are charged once).
    pub fresh_since: Option<i64>,
}

/// One record's part of a batch answer, waiting for the record's own call.
#[derive(Debug)]
struct Primed {
    provider: ProviderName,
    kind: OpKind,
    key: Key,
    handle: Option<String>,
    endpoint: &'static str,
    result: Result<Reply, ProviderError>,
    http_status: Option<u16>,
    latency_ms: u64,
    attempts: u32,
    sent_at: time::OffsetDateTime,
}

fn hash16(input: &str) -> String {
    let d = Sha256::digest(input.as_bytes());
    d[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The cache identity of an operation: the normalised input, hashed (no personal data in keys).
pub fn cache_identity(op: &Op<'_>) -> Option<String> {
    let text = match op {
        Op::Person(p) => person_identity(p),
        Op::Company(c) => format!(
            "d={}|n={}|t={}",
            c.domain.as_deref().unwrap_or(""),
            c.name
                .as_deref()
                .map(super::records::name_key)
                .unwrap_or_default(),
            c.tax_id.as_ref().map(|t| t.value.as_str()).unwrap_or("")
        ),
        Op::VerifyEmail(e) => e.to_ascii_lowercase(),
        Op::Account => "account".into(),
        Op::PersonSearch(v) | Op::CompanySearch(v) => v.to_string(),
        // Lookup status must always be fresh.
        Op::CheckStatus(_) => return None,
    };
    Some(hash16(&text))
}

fn person_identity(p: &PersonInput) -> String {
    let norm = |v: &Option<String>| v.as_deref().map(str::to_lowercase).unwrap_or_default();
    format!(
        "e={}|l={}|f={}|s={}|n={}|d={}|c={}",
        norm(&p.email),
        norm(&p.linkedin_url),
        norm(&p.first_name),
        norm(&p.last_name),
        norm(&p.full_name),
        norm(&p.company_domain),
        norm(&p.company_name)
    )
}

pub fn cache_key(tenant: &TenantId, provider: ProviderName, op: &Op<'_>) -> Option<Key> {
    let digest = cache_identity(op)?;
    Some(keys::cache_entry(
        tenant,
        provider.as_str(),
        op.kind().as_str(),
        &digest,
    ))
}

/// What a record keeps of a cache entry made while enriching it, to erase it with the record.
fn cache_handle(provider: ProviderName, op: &Op<'_>) -> Option<String> {
    let digest = cache_identity(op)?;
    Some(keys::cache_handle(
        provider.as_str(),
        op.kind().as_str(),
        &digest,
    ))
}

pub fn usage_key(tenant: &TenantId, day: &str, provider: &str, shard: u8) -> Key {
    keys::usage_day(tenant, day, provider, shard)
}

pub fn usage_query(tenant: &TenantId) -> store::QuerySpec {
    keys::usage_days(tenant)
}

/// A provider's monthly quota counter (`count`: calls this month) for `month` (`YYYY-MM`).
pub fn quota_key(tenant: &TenantId, month: &str, provider: ProviderName) -> Key {
    keys::usage_month(tenant, month, provider.as_str())
}

/// The calendar month (UTC, `YYYY-MM`) a quota counts in.
pub fn quota_month(at: time::OffsetDateTime) -> String {
    format!("{:04}-{:02}", at.year(), at.month() as u8)
}

/// The shards of the call log (see `Store::query_sharded`).
/// Usage per provider and day between two days (`YYYY-MM-DD`, inclusive), at most 20,000
/// counters (8 shards × providers × days).
pub async fn usage_between(
    state: &AppState,
    tenant: &TenantId,
    from: &str,
    to: &str,
) -> Result<Vec<UsageCounter>, ApiError> {
    let spec = keys::usage_days_between(tenant, from, to);
    let codec = state.cursor_codec().await?;
    Ok(state.store.query_all(tenant, &spec, 20_000, codec).await?)
}

/// Deletes a data space's call log lines older than `before` (epoch s), within `budget`
/// deletions (taken from it); returns how many. Call ids begin with their time, so "older" is a
/// key range of each shard.
pub async fn purge_calls_before(
    state: &AppState,
    space: &TenantId,
    before: i64,
    budget: &mut usize,
) -> Result<usize, store::StoreError> {
    let at = time::OffsetDateTime::from_unix_timestamp(before)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let bound = kernel::ids::id_bound("call", at, false);
    let mut total = 0;
    for shard in keys::call_log(space) {
        total += state
            .store
            .purge(&shard.sk_between("call_", &bound), budget)
            .await?;
    }
    Ok(total)
}

pub use crate::persist::call_log;

impl<'a> Enrichment<'a> {
    pub async fn start(
        state: &'a AppState,
        tenant: &'a TenantId,
        user_id: Option<String>,
        request_id: String,
        cache_mode: CacheMode,
    ) -> Result<Self, ApiError> {
        Self::start_reading(state, tenant, user_id, request_id, cache_mode, &[]).await
    }

    /// Starts an enrichment and reads `early` (at most 100 keys) in the same round trip as the
    /// organisation's settings: the two reads do not depend on each other.
    pub async fn start_reading(
        state: &'a AppState,
        tenant: &'a TenantId,
        user_id: Option<String>,
        request_id: String,
        cache_mode: CacheMode,
        early: &[Key],
    ) -> Result<Self, ApiError> {
        let read = async {
            if early.is_empty() {
                Ok(Vec::new())
            } else {
                state.store.batch_get(early).await.map_err(ApiError::from)
            }
        };
        let (providers, items) = tokio::try_join!(TenantProviders::load(state, tenant), read)?;
        let early: HashMap<Key, Option<Item>> = early.iter().cloned().zip(items).collect();
        Ok(Self {
            state,
            tenant,
            user_id,
            request_id,
            providers,
            cache_mode,
            warnings: Vec::new(),
            calls: Vec::new(),
            credits: 0.0,
            prefetched: HashMap::new(),
            early,
            cache_keys: Vec::new(),
            pending_writes: Vec::new(),
            pending_calls: Vec::new(),
            counted_entries: Default::default(),
            rate_wait: None,
            primed: HashMap::new(),
            job: None,
            refresh: false,
            watching_registered: false,
            fresh_since: None,
        })
    }

    /// Makes sure the performance snapshot is no older than its maximum age, recomputing it (one
    /// Query of the counters, one PutItem) when it is; a cost- or coverage-ordered waterfall calls
    /// it first. A failure to recompute is a warning: the older snapshot still orders well.
    pub async fn fresh_estimates(&mut self) -> Result<(), ApiError> {
        let config = providers::settings(self.state).await?;
        let age = now().unix_timestamp() - self.providers.estimates.computed_at;
        if age.saturating_mul(1000) < config.estimate_max_age.as_millis() as i64 {
            return Ok(());
        }
        match crate::performance::refresh_estimates(self.state, self.tenant).await {
            Ok(e) => self.providers.estimates = e,
            Err(e) => {
                tracing::warn!(error = %e, "provider estimates not recomputed");
                // Do not try again within this enrichment.
                self.providers.estimates.computed_at = now().unix_timestamp();
            }
        }
        Ok(())
    }

    /// Marks the enrichment as background work (a bulk job): its calls take slots of the provider
    /// key's shared per-second limit (`PROVIDER_RATE_LIMITS`, the share of each key bulk work may
    /// use across every worker invocation), waiting up to `wait` for one rather than skipping the
    /// provider. Interactive requests take no slot (no extra write on the request path); the
    /// limit is set below the key's real limit to leave them their headroom, and a provider's
    /// "nothing left" headers pause bulk work whichever call saw them.
    pub fn patient(&mut self, wait: std::time::Duration) {
        self.rate_wait = Some(wait);
    }

    /// Ends one record of a batch that shares this enrichment (a bulk chunk): returns what the record
    /// cost and said, and clears the per-record state, so the next record's warnings, calls and
    /// cache handles are its own. Cache entries, call log lines and usage stay batched until
    /// [`Self::flush`].
    pub fn take_record(&mut self) -> RecordTally {
        self.cache_keys.clear();
        RecordTally {
            warnings: std::mem::take(&mut self.warnings),
            calls: std::mem::take(&mut self.calls),
            credits: std::mem::replace(&mut self.credits, 0.0),
        }
    }

    pub fn warn(&mut self, source: Option<ProviderName>, code: &str, detail: impl Into<String>) {
        self.warnings.push(Warning {
            source: source.map(|p| p.as_str().to_owned()),
            code: code.to_owned(),
            detail: detail.into(),
        });
    }

    /// The items of `keys` read when the enrichment started, in order; `None` unless all were.
    pub fn early(&self, keys: &[Key]) -> Option<Vec<Option<Item>>> {
        keys.iter().map(|k| self.early.get(k).cloned()).collect()
    }

    /// Reads `extra` keys together with the cache entries of `ops`, in one BatchGetItem; returns the
    /// items of `extra` in order. Later [`Self::call`]s for those ops need no read of their own.
    pub async fn prefetch(
        &mut self,
        extra: &[Key],
        ops: &[(ProviderName, Op<'_>)],
    ) -> Result<Vec<Option<Item>>, ApiError> {
        let mut keys: Vec<Key> = extra.to_vec();
        let mut cache_pks = Vec::new();
        if self.cache_mode == CacheMode::Use {
            for (p, op) in ops {
                if let Some(k) = cache_key(self.tenant, *p, op) {
                    if !cache_pks.contains(&k.pk().to_owned()) && keys.len() < 100 {
                        cache_pks.push(k.pk().to_owned());
                        keys.push(k);
                    }
                }
            }
        }
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut items = self.state.store.batch_get(&keys).await?;
        let cached = items.split_off(extra.len());
        for (sk, item) in cache_pks.into_iter().zip(cached) {
            let entry = item.and_then(|i| serde_dynamo::from_item::<_, CacheEntry>(i).ok());
            self.prefetched.insert(sk, entry);
        }
        Ok(items)
    }

    async fn cached(&mut self, key: &Key) -> Result<Option<CacheEntry>, ApiError> {
        if self.cache_mode == CacheMode::Bypass {
            return Ok(None);
        }
        let entry = match self.prefetched.get(key.pk()) {
            Some(hit) => hit.clone(),
            None => self.state.store.get::<CacheEntry>(key).await?,
        };
        // An entry older than the organisation's cache retention (shortened since it was written)
        // is a miss: it is no longer held for the caller, and its own TTL removes it.
        let max_age = self.providers.retention.provider_cache_secs();
        let since = self.fresh_since.unwrap_or(i64::MIN);
        Ok(entry.filter(|e| {
            kernel::time::parse_rfc3339(&e.stored_at).is_some_and(|at| {
                now().unix_timestamp() - at.unix_timestamp() <= max_age
                    && at.unix_timestamp() >= since
            })
        }))
    }

    /// Asks `provider`, through the cache, the quota and the rate limit. `None` when the provider
    /// gave no usable answer; the reason is in the warnings.
    pub async fn call(
        &mut self,
        provider: ProviderName,
        op: Op<'_>,
    ) -> Result<Option<Reply>, ApiError> {
        // Test mode (partner `enr_test_` keys): the sandbox only, so no credits are spent and no
        // real provider sees test data.
        if self.tenant.is_test() && provider != ProviderName::Sandbox {
            self.skip(
                provider,
                &ProviderError::Unsupported("test mode uses the sandbox provider only"),
            );
            return Ok(None);
        }
        let key = cache_key(self.tenant, provider, &op);
        if let Some(key) = &key {
            if let Some(hit) = self.cached(key).await? {
                self.remember_cache_key(provider, &op);
                let own = hit.bought_by.as_deref() == Some(self.request_id.as_str())
                    && self.counted_entries.insert(key.pk().to_owned());
                let credits = if own { hit.reply.credits } else { 0.0 };
                self.credits += credits;
                self.calls.push(CallSummary {
                    provider: provider.as_str().into(),
                    outcome: if hit.reply.found {
                        "found"
                    } else {
                        "not_found"
                    }
                    .into(),
                    cached: true,
                    credits,
                });
                return Ok(Some(hit.reply));
            }
        }
        if let Some(p) = key.as_ref().and_then(|k| self.primed.remove(k.pk())) {
            // Asked already, in the chunk's batch request: logged, charged and cached as this
            // record's own call.
            return self.settle_primed(p).await;
        }
        // Everything the call needs is ready before its slot is taken: the slot's second is spent
        // on the call itself, not on a container's first hub or settings build.
        let hub = providers::hub(self.state).await?;
        let config = providers::settings(self.state).await?;
        let key_source = self.providers.key_source(&config, provider);
        if let Err(e) = self.admit(provider).await? {
            self.skip(provider, &e);
            return Ok(None);
        }
        let record = hub
            .call(&self.state.secrets, provider, &key_source, op)
            .await;
        if let Some(hint) = record.rate_hint.filter(|h| h.remaining == 0) {
            self.saturate(provider, hint).await;
        }
        let handle = cache_handle(provider, &op);
        self.settle(provider, op.kind(), key, handle, record).await
    }

    /// Batch answers no record asked for after all (a record's own flow took another path): they
    /// were paid for, so they are logged and cached like any call. Call before [`Self::flush`].
    pub async fn settle_unused(&mut self) -> Result<(), ApiError> {
        let left: Vec<Primed> = self.primed.drain().map(|(_, p)| p).collect();
        for p in left {
            self.settle_primed(p).await?;
        }
        Ok(())
    }

    /// A record's part of a batch answer, settled as that record's own call: logged, charged,
    /// cached, and counted in the provider metrics like a single call.
    async fn settle_primed(&mut self, p: Primed) -> Result<Option<Reply>, ApiError> {
        let record = CallRecord {
            provider: p.provider,
            endpoint: p.endpoint,
            result: p.result,
            http_status: p.http_status,
            latency_ms: p.latency_ms,
            attempts: p.attempts,
            rate_hint: None,
            sent_at: p.sent_at,
        };
        record.emit_metrics();
        self.settle(p.provider, p.kind, Some(p.key), p.handle, record)
            .await
    }

    /// Logs a call, counts its credits, caches its answer, and returns the reply (`None` with a
    /// warning when it failed).
    async fn settle(
        &mut self,
        provider: ProviderName,
        kind: OpKind,
        key: Option<Key>,
        handle: Option<String>,
        record: CallRecord,
    ) -> Result<Option<Reply>, ApiError> {
        let config = providers::settings(self.state).await?;
        self.log(&record, kind)?;
        match record.result {
            Ok(reply) => {
                self.credits += reply.credits;
                self.calls.push(CallSummary {
                    provider: provider.as_str().into(),
                    outcome: reply.status().into(),
                    cached: false,
                    credits: reply.credits,
                });
                // A pending lookup is not cached: the next ask should see the finished profile.
                if let (Some(key), None) = (&key, &reply.pending_id) {
                    let ttl = config.cache_ttl.for_kind(kind);
                    self.counted_entries.insert(key.pk().to_owned());
                    let entry = CacheEntry {
                        provider,
                        kind: kind.as_str().into(),
                        reply: reply.clone(),
                        stored_at: rfc3339(now()),
                        bought_by: Some(self.request_id.clone()),
                    };
                    // Fresh for its kind's TTL, never kept past the organisation's retention.
                    let kept =
                        (ttl.as_secs() as i64).min(self.providers.retention.provider_cache_secs());
                    let expires = now().unix_timestamp() + kept;
                    let item = crate::persist::cache_item(key.clone(), &entry, expires)
                        .map_err(ApiError::from)?;
                    // DynamoDB items stop at 400 KB: an answer that large is used, not cached.
                    if serde_json::to_vec(&entry).map_or(0, |b| b.len()) <= MAX_CACHED_BYTES {
                        self.pending_writes.push(item);
                    } else {
                        tracing::warn!(provider = %provider, "provider answer too large to cache");
                    }
                    if let Some(h) = handle {
                        if !self.cache_keys.contains(&h) {
                            self.cache_keys.push(h);
                        }
                    }
                }
                Ok(Some(reply))
            }
            Err(e) => {
                self.skip(provider, &e);
                Ok(None)
            }
        }
    }

    /// Background enrichments: asks `provider`'s batch endpoint, in as few requests as its batch size
    /// allows, for every op not already answered by the cache, and keeps each record's answer for
    /// that record's own [`Self::call`], which then logs, charges and caches it exactly as a single
    /// call. Nothing is primed (the records make single calls) for interactive enrichments, for a
    /// provider without a batch endpoint, when the tenant limits the provider itself (quota,
    /// per-minute limit: those count single calls), or when the batch request fails whole.
    /// Returns the number of batch requests made.
    pub async fn prime(&mut self, provider: ProviderName, ops: &[Op<'_>]) -> Result<u32, ApiError> {
        let Some(kind) = ops.first().map(Op::kind) else {
            return Ok(0);
        };
        let Some(max) = providers::batch::max_batch(provider, kind) else {
            return Ok(0);
        };
        let settings = self.providers.get(provider).clone();
        if self.rate_wait.is_none()
            || !settings.active
            || settings.monthly_quota.is_some()
            || settings.rate_limit_per_minute.is_some()
            || ops.iter().any(|o| o.kind() != kind)
        {
            return Ok(0);
        }
        // What the cache already answers needs no request (one BatchGetItem for all of them).
        let with_provider: Vec<(ProviderName, Op<'_>)> =
            ops.iter().map(|o| (provider, *o)).collect();
        self.prefetch(&[], &with_provider).await?;
        let mut wanted: Vec<(String, Op<'_>)> = Vec::new();
        for op in ops {
            let Some(key) = cache_key(self.tenant, provider, op) else {
                continue;
            };
            let pk = key.pk().to_owned();
            let cached = self.cache_mode == CacheMode::Use
                && self.prefetched.get(&pk).is_some_and(Option::is_some);
            if !cached && !self.primed.contains_key(&pk) && !wanted.iter().any(|(k, _)| *k == pk) {
                wanted.push((pk, *op));
            }
        }
        let hub = providers::hub(self.state).await?;
        let config = providers::settings(self.state).await?;
        let key_source = self.providers.key_source(&config, provider);
        let mut requests = 0;
        for group in wanted.chunks(max) {
            if let Err(e) = self.take_shared_slot(provider, true).await? {
                tracing::info!(provider = %provider, error = %e, "batch skipped: the key is busy");
                return Ok(requests);
            }
            let people: Vec<&PersonInput>;
            let companies: Vec<&CompanyInput>;
            let emails: Vec<&str>;
            let batch = match kind {
                OpKind::Person => {
                    people = group
                        .iter()
                        .filter_map(|(_, o)| match o {
                            Op::Person(p) => Some(*p),
                            _ => None,
                        })
                        .collect();
                    providers::batch::Batch::People(&people)
                }
                OpKind::Company => {
                    companies = group
                        .iter()
                        .filter_map(|(_, o)| match o {
                            Op::Company(c) => Some(*c),
                            _ => None,
                        })
                        .collect();
                    providers::batch::Batch::Companies(&companies)
                }
                _ => {
                    emails = group
                        .iter()
                        .filter_map(|(_, o)| match o {
                            Op::VerifyEmail(e) => Some(*e),
                            _ => None,
                        })
                        .collect();
                    providers::batch::Batch::Emails(&emails)
                }
            };
            let record = hub
                .call_batch(&self.state.secrets, provider, &key_source, batch)
                .await;
            requests += 1;
            if let Some(hint) = record.rate_hint.filter(|h| h.remaining == 0) {
                self.saturate(provider, hint).await;
            }
            let Ok(results) = record.results else {
                tracing::info!(provider = %provider, "batch request failed; its records call one by one");
                continue;
            };
            for ((pk, op), result) in group.iter().zip(results) {
                let Some(key) = cache_key(self.tenant, provider, op) else {
                    continue;
                };
                self.primed.insert(
                    pk.clone(),
                    Primed {
                        provider,
                        kind,
                        key,
                        handle: cache_handle(provider, op),
                        endpoint: record.endpoint,
                        result,
                        http_status: record.http_status,
                        latency_ms: record.latency_ms,
                        attempts: record.attempts,
                        sent_at: record.sent_at,
                    },
                );
            }
        }
        Ok(requests)
    }

    fn remember_cache_key(&mut self, provider: ProviderName, op: &Op<'_>) {
        if let Some(handle) = cache_handle(provider, op) {
            if !self.cache_keys.contains(&handle) {
                self.cache_keys.push(handle);
            }
        }
    }

    fn skip(&mut self, provider: ProviderName, e: &ProviderError) {
        self.calls.push(CallSummary {
            provider: provider.as_str().into(),
            outcome: e.code().into(),
            cached: false,
            credits: 0.0,
        });
        self.warn(Some(provider), e.code(), e.to_string());
    }

    /// The tenant's own limits, checked before a call leaves: the monthly quota (conditional
    /// counter, so concurrent requests cannot overshoot it) and the per-minute rate limit.
    async fn admit(
        &mut self,
        provider: ProviderName,
    ) -> Result<Result<(), ProviderError>, ApiError> {
        if let Err(e) = self.take_shared_slot(provider, false).await? {
            return Ok(Err(e));
        }
        let settings = self.providers.get(provider).clone();
        let at = now();
        if let Some(quota) = settings.monthly_quota {
            let month = quota_month(at);
            let expires = at.unix_timestamp() + 40 * 24 * 3600;
            match self
                .state
                .store
                .increment_below(&quota_key(self.tenant, &month, provider), quota, expires)
                .await
            {
                Ok(_) => {}
                Err(StoreError::ConditionFailed) => return Ok(Err(ProviderError::QuotaExceeded)),
                Err(e) => return Err(e.into()),
            }
        }
        if let Some(limit) = settings.rate_limit_per_minute {
            let window = at.unix_timestamp() / 60 * 60;
            let count = self
                .state
                .store
                .increment(
                    &keys::provider_rate_window(self.tenant, provider.as_str(), window),
                    window + 120,
                )
                .await?;
            if count > u64::from(limit) {
                return Ok(Err(ProviderError::TenantRateLimited));
            }
        }
        Ok(Ok(()))
    }

    /// Whose key a call to `provider` uses, for the shared per-key limit.
    async fn key_scope(&self, provider: ProviderName) -> Result<String, ApiError> {
        let config = providers::settings(self.state).await?;
        Ok(match self.providers.key_source(&config, provider) {
            providers::KeySource::Platform => "platform".to_owned(),
            providers::KeySource::Tenant(_) => self.tenant.to_string(),
        })
    }

    /// Background enrichments: the provider key's shared per-second limit (`PROVIDER_RATE_LIMITS`),
    /// counted in one conditional counter per second across every container and worker; a refused
    /// slot waits for the next second, up to the enrichment's patience, then the call is skipped as
    /// rate-limited.
    ///
    /// Batch requests (`bulk`) count in their own window: Apollo gives its bulk endpoints a tenth
    /// of the single limit.
    async fn take_shared_slot(
        &mut self,
        provider: ProviderName,
        bulk: bool,
    ) -> Result<Result<(), ProviderError>, ApiError> {
        let Some(patience) = self.rate_wait else {
            return Ok(Ok(()));
        };
        let config = providers::settings(self.state).await?;
        let Some(mut limit) = config.rate_limits.get(&provider).copied() else {
            return Ok(Ok(()));
        };
        if bulk && provider == ProviderName::Apollo {
            limit = (limit / 10).max(1);
        }
        let scope = self.key_scope(provider).await?;
        let deadline = std::time::Instant::now() + patience;
        loop {
            let mut at = now();
            // A slot taken in a second's last moments could go out in the next one, where the
            // provider would count it beside that second's full allowance: start in the next.
            if at.millisecond() >= 950 {
                let rest = 1000 - u64::from(at.millisecond());
                tokio::time::sleep(std::time::Duration::from_millis(rest + 1)).await;
                at = now();
            }
            let second = at.unix_timestamp();
            let name = if bulk {
                format!("{provider}-bulk")
            } else {
                provider.as_str().to_owned()
            };
            let key = keys::provider_key_rate_window(&name, &scope, second);
            match self
                .state
                .store
                .increment_below(&key, u64::from(limit), second + 120)
                .await
            {
                // The slot is good only within its second: a grant that came back after it (a
                // slow write, a busy worker) would send the call beside the next second's full
                // allowance. Such a slot is left unused and the next second's is taken.
                Ok(_) if now().unix_timestamp() == second => return Ok(Ok(())),
                Ok(_) => {
                    tracing::debug!(provider = %provider, "a rate slot came back after its second; taking the next");
                    if std::time::Instant::now() > deadline {
                        return Ok(Err(ProviderError::RateLimited {
                            retry_after_secs: Some(1),
                        }));
                    }
                    continue;
                }
                Err(StoreError::ConditionFailed) => {}
                Err(e) => return Err(e.into()),
            }
            // The rest of this second, plus a little jitter so waiting workers do not all retry
            // at the same instant.
            let into = u64::from(at.millisecond());
            let wait = std::time::Duration::from_millis(1000 - into.min(999) + rand_jitter());
            if std::time::Instant::now() + wait > deadline {
                return Ok(Err(ProviderError::RateLimited {
                    retry_after_secs: Some(1),
                }));
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// A provider said the key has nothing left until `reset_in_secs`: fill the shared counters of
    /// those seconds (up to a minute), so every container waits instead of being refused.
    async fn saturate(&self, provider: ProviderName, hint: providers::RateHint) {
        let Ok(config) = providers::settings(self.state).await else {
            return;
        };
        let Some(limit) = config.rate_limits.get(&provider).copied() else {
            return;
        };
        let Ok(scope) = self.key_scope(provider).await else {
            return;
        };
        let items = crate::persist::spent_key_counters(
            provider,
            &scope,
            now().unix_timestamp(),
            hint.reset_in_secs as i64,
            limit,
        );
        tracing::info!(provider = %provider, seconds = items.len(), "provider says the key is spent; pausing it");
        if let Err(e) = self.state.store.batch_put(items).await {
            tracing::warn!(error = %e, "could not pause the provider key");
        }
    }

    /// The line's `at` is when the call went out, the moment a provider's own rate limit counts
    /// it (not when the line is written: a busy worker may write it a while later).
    fn log(&mut self, record: &CallRecord, kind: OpKind) -> Result<(), ApiError> {
        let at = record.sent_at;
        let entry = CallLogEntry {
            id: format!("call_{}", ulid::Ulid::new()),
            provider: record.provider.as_str().into(),
            endpoint: record.endpoint.into(),
            http_status: record.http_status,
            outcome: record.outcome().into(),
            latency_ms: record.latency_ms,
            attempts: record.attempts,
            credits: record.credits(),
            user_id: self.user_id.clone(),
            request_id: self.request_id.clone(),
            at: rfc3339(at),
        };
        let expires = at.unix_timestamp() + self.providers.retention.call_log_secs();
        let item =
            crate::persist::call_line(self.tenant, &entry, expires).map_err(ApiError::from)?;
        let mut usage = UsageDelta {
            calls: 1.0,
            credits: record.credits(),
            latency_ms: record.latency_ms as f64,
            errors: if record.result.is_err() { 1.0 } else { 0.0 },
            ..UsageDelta::default()
        };
        if matches!(kind, OpKind::Person | OpKind::Company) {
            usage.lookups = 1.0;
            usage.lookup_credits = record.credits();
            if let Ok(reply) = &record.result {
                if reply.found {
                    usage.hits = reply.fields.keys().map(|f| (f.clone(), 1)).collect();
                }
            }
            usage.latency[crate::performance::bucket_of(record.latency_ms)] = 1;
        }
        self.pending_calls.push((item, record.provider, usage));
        Ok(())
    }

    /// Writes the cache entries (BatchWriteItem, 25 per request) and the call log lines with
    /// their usage: each group of lines and the usage counters they add to go in one transaction,
    /// the lines create-only, so usage always equals a recount of the call log — a retried flush
    /// whose first try was applied finds its lines and adds nothing. Usage lands on one of
    /// [`keys::PROVIDER_USAGE_SHARDS`] counter items, so concurrent workers rarely collide.
    ///
    /// A failure is returned (retryable), never dropped: what was not written is lost with the
    /// enrichment, so the caller's retry makes the calls again and logs them then.
    pub async fn flush(&mut self) -> Result<(), ApiError> {
        // Usually everything goes in one transaction: a paid answer is never cached without its
        // line. A flush too large for one (many calls, or large answers) writes the log first:
        // if it cannot be written nothing is cached either, so a retry calls the provider again
        // and logs that call.
        let mut writes = std::mem::take(&mut self.pending_writes);
        let calls = std::mem::take(&mut self.pending_calls);
        let bytes: usize = writes.iter().map(crate::persist::approx_size).sum();
        let together = !calls.is_empty()
            && calls.len() + writes.len() + PROVIDER_SLOTS <= 100
            && bytes < 3 * 1024 * 1024;
        let cached = if together {
            std::mem::take(&mut writes)
        } else {
            Vec::new()
        };
        self.write_calls(calls, cached).await?;
        if !writes.is_empty() {
            self.state.store.batch_put(writes).await?;
        }
        Ok(())
    }

    async fn write_calls(
        &self,
        calls: Vec<(Item, ProviderName, UsageDelta)>,
        mut cached: Vec<Item>,
    ) -> Result<(), ApiError> {
        if calls.is_empty() {
            return Ok(());
        }
        let day = {
            let at = now();
            format!("{:04}-{:02}-{:02}", at.year(), at.month() as u8, at.day())
        };
        let expires = now().unix_timestamp() + USAGE_TTL_SECS;
        // At most 100 actions per transaction: lines plus one counter per provider.
        for group in calls.chunks(FLUSH_GROUP) {
            let mut usage: BTreeMap<ProviderName, UsageDelta> = BTreeMap::new();
            let mut lines = Vec::with_capacity(group.len());
            for (item, provider, delta) in group {
                lines.push(item.clone());
                usage.entry(*provider).or_default().absorb(delta);
            }
            let shard = (rand_jitter() % u64::from(keys::PROVIDER_USAGE_SHARDS)) as u8;
            let cached = std::mem::take(&mut cached);
            match crate::persist::write_call_group(
                self.state,
                self.tenant,
                cached,
                lines,
                &usage,
                &day,
                shard,
                expires,
            )
            .await
            {
                Ok(Logged::Now) => {}
                Ok(Logged::Earlier) => {
                    tracing::info!("call log lines already written by an earlier try");
                }
                Err(e) => {
                    tracing::warn!(error = %e, "could not write call log lines and usage");
                    return Err(e.into());
                }
            }
        }
        Ok(())
    }
}

/// The largest provider answer kept in the cache (an item's limit is 400 KB, keys included).
const MAX_CACHED_BYTES: usize = 350 * 1024;

/// Call log lines per flush transaction (each provider's counter adds one action).
const FLUSH_GROUP: usize = 80;
/// Room kept in a flush transaction for the usage counters (one per provider called).
const PROVIDER_SLOTS: usize = 12;

/// 0–49 ms, from the clock's nanoseconds (no RNG needed for spreading retries).
fn rand_jitter() -> u64 {
    u64::from(now().nanosecond() % 50)
}
