//! The job aggregate's persistence: the job item, its per-record results, its chunks' inputs,
//! markers and leases. The only code that knows their keys, entity tags and attribute names;
//! attribute names come from the types that write the items (`store::expr`), so a serde rename
//! fails this module's unit tests instead of a write.
//!
//! Each operation says what it is conditional on and what a retry or a concurrent caller does.

use crate::model::*;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use store::expr::{condition, Cond, Update, Value};
use store::keys::{self, Filter};
use store::{Page, PageParams, PutMode, Record, StoreError, TxOp};

const JOB: &str = "JOB";
const JOB_RESULT: &str = "JOB_RESULT";
const JOB_INPUT: &str = "JOB_INPUT";
/// A chunk's marker: stored with its results, so a chunk is stored once.
const JOB_CHUNK: &str = "JOB_CHUNK";
/// Who runs a chunk now.
const JOB_CHUNK_LEASE: &str = "JOB_CHUNK_LEASE";

/// The chunk marker: what was done, and what it adds to the job's counters (so whoever finds it
/// can count it, once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChunkDone {
    pub chunk: u32,
    pub records: usize,
    pub done_at: String,
    pub message_id: String,
    #[serde(default)]
    pub counts: BTreeMap<String, u64>,
    #[serde(default)]
    pub credits: BTreeMap<String, f64>,
    /// Set once the next chunk of the job was queued: a redelivery of a done chunk queues it
    /// only while this is unset, so duplicates do not multiply down the job's chain.
    #[serde(default)]
    pub released: bool,
}

/// Who runs a chunk now (a random version per invocation), until when (epoch ms).
#[derive(Debug, Serialize, Deserialize)]
struct ChunkLease {
    holder: String,
    version: u64,
    until_ms: i64,
}

/// The job, if it exists (strongly consistent).
pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
) -> Result<Option<JobRecord>, StoreError> {
    state.store.get(&keys::job(tenant, job_id)).await
}

/// Jobs by id in one BatchGetItem (at most 100), in the order asked; `None` for a job that does
/// not exist (or expired).
pub async fn load_many(
    state: &AppState,
    tenant: &TenantId,
    ids: &[String],
) -> Result<Vec<Option<JobRecord>>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<store::Key> = ids.iter().map(|id| keys::job(tenant, id)).collect();
    state
        .store
        .batch_get(&keys)
        .await?
        .into_iter()
        .map(|item| item.map(serde_dynamo::from_item).transpose())
        .collect::<Result<Vec<_>, _>>()
        .map_err(StoreError::from)
}

/// Every result of a job (at most `max`), in input order.
pub async fn all_results(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
    max: usize,
) -> Result<Vec<JobResult>, ApiError> {
    let codec = state.cursor_codec().await?;
    Ok(state
        .store
        .query_all(tenant, &keys::job_results(tenant, job_id), max, codec)
        .await?)
}

/// Deletes the jobs of a data space created before `before` (epoch s) with everything they
/// stored (inputs, markers, leases, results), within `budget` deletions (taken from it). Returns
/// (jobs deleted whole, items deleted). The job item goes last, so a run that stops half-way
/// leaves the job listed and the next run finds the rest.
pub async fn purge_created_before(
    state: &AppState,
    space: &TenantId,
    before: i64,
    budget: &mut usize,
) -> Result<(usize, usize), StoreError> {
    #[derive(Deserialize)]
    struct Listed {
        id: String,
        #[serde(default)]
        chunks: u32,
    }
    let at = time::OffsetDateTime::from_unix_timestamp(before)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let old = keys::jobs(space).sk_between("job_", &kernel::ids::id_bound("job", at, false));
    let (mut jobs, mut items) = (0, 0);
    while *budget > 0 {
        let listed: Vec<Listed> = state.store.query_first(&old, 25).await?;
        if listed.is_empty() {
            break;
        }
        for job in listed {
            // Each chunk's input is a partition of its own; the job says how many there are.
            let inputs: Vec<store::Key> = (0..job.chunks)
                .map(|n| keys::job_input(space, &job.id, n))
                .collect();
            state.store.batch_delete(&inputs).await?;
            items += inputs.len();
            *budget = budget.saturating_sub(inputs.len());
            let rest = keys::job_partition(space, &job.id).newest_first();
            items += state.store.purge(&rest, budget).await?;
            if *budget == 0 {
                return Ok((jobs, items));
            }
            jobs += 1;
        }
    }
    Ok((jobs, items))
}

/// Stores a new job: its settled results and chunk inputs first, the job item last and only if
/// absent. A retry after a crash rewrites the same results and inputs (idempotent puts) and
/// finds the job item there (`AlreadyExists`). The job item sits in the tenant's list (GSI1)
/// and, while it runs, in the sweep's active list (GSI2).
pub async fn create(
    state: &AppState,
    job: &JobRecord,
    created_epoch: i64,
    settled: &[JobResult],
    inputs: &[ChunkInput],
) -> Result<(), StoreError> {
    let expires = job.expiry();
    let tenant = &job.tenant_id;
    let items = settled
        .iter()
        .map(|r| {
            Record::new(JOB_RESULT, keys::job_result(tenant, &job.id, r.index), r)
                .expiring_at(expires)
                .to_item()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let inputs = inputs
        .iter()
        .map(|input| {
            Record::new(
                JOB_INPUT,
                keys::job_input(tenant, &job.id, input.chunk),
                input,
            )
            .expiring_at(expires)
            .to_item()
        })
        .collect::<Result<Vec<_>, _>>()?;
    state.store.batch_put(items).await?;
    state.store.batch_put(inputs).await?;
    let mut r = Record::new(JOB, keys::job(tenant, &job.id), job)
        .with_gsi1(keys::job_in_list(tenant, &job.id))
        .expiring_at(expires);
    if !job.status.is_finished() {
        r = r.with_gsi2(keys::job_watch(tenant, &job.id, created_epoch));
    }
    state.store.put(&r, PutMode::IfAbsent).await
}

/// The tenant's jobs, newest first, optionally of one status and one type.
pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    status: Option<JobStatus>,
    job_type: Option<JobType>,
    page: &PageParams,
) -> Result<Page<JobRecord>, ApiError> {
    let mut spec = keys::jobs(tenant).newest_first();
    if let Some(s) = status {
        spec = spec.filter(Filter::Equals(field::STATUS.into(), s.as_str().into()));
    }
    if let Some(t) = job_type {
        spec = spec.filter(Filter::Equals(field::JOB_TYPE.into(), t.as_str().into()));
    }
    let codec = state.cursor_codec().await?;
    Ok(state.store.query(tenant, &spec, page, codec).await?)
}

/// A page of the job's results in input order, optionally of one status.
pub async fn results(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
    status: Option<RecordStatus>,
    page: &PageParams,
) -> Result<Page<JobResult>, ApiError> {
    let mut spec = keys::job_results(tenant, job_id);
    if let Some(s) = status {
        spec = spec.filter(Filter::Equals(field::STATUS.into(), s.as_str().into()));
    }
    let codec = state.cursor_codec().await?;
    Ok(state.store.query(tenant, &spec, page, codec).await?)
}

/// One result by its input index.
pub async fn result(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
    index: u32,
) -> Result<Option<JobResult>, StoreError> {
    state
        .store
        .get(&keys::job_result(tenant, job_id, index))
        .await
}

/// A chunk's input records (stored at submission).
pub async fn chunk_input(
    state: &AppState,
    msg: &JobChunk,
) -> Result<Option<ChunkInput>, StoreError> {
    state
        .store
        .get(&keys::job_input(&msg.tenant, &msg.job_id, msg.chunk))
        .await
}

/// The chunk's marker, if the chunk was stored.
pub async fn chunk_done(state: &AppState, msg: &JobChunk) -> Result<Option<ChunkDone>, StoreError> {
    state
        .store
        .get(&keys::job_chunk(&msg.tenant, &msg.job_id, msg.chunk))
        .await
}

/// Takes the chunk's lease for `holder` until `until_ms` (epoch ms) and returns its version;
/// `None` while another holder's lease is live (conditional put: of two takers one wins).
pub async fn take_lease(
    state: &AppState,
    job: &JobRecord,
    chunk: u32,
    holder: String,
    until_ms: i64,
) -> Result<Option<u64>, StoreError> {
    let now_ms = (kernel::time::now().unix_timestamp_nanos() / 1_000_000) as i64;
    let version = (ulid::Ulid::new().random() as u64) | 1;
    let lease = ChunkLease {
        holder,
        version,
        until_ms,
    };
    let record = Record::new(
        JOB_CHUNK_LEASE,
        keys::job_chunk_lease(&job.tenant_id, &job.id, chunk),
        &lease,
    )
    .expiring_at(job.expiry());
    match state.store.put_when(&record, &lease_free(now_ms)).await {
        Ok(()) => Ok(Some(version)),
        Err(StoreError::ConditionFailed) => Ok(None),
        Err(e) => Err(e),
    }
}

fn lease_free(now_ms: i64) -> Update<ChunkLease> {
    condition(Cond::ItemAbsent.or(Cond::lt("until_ms", &now_ms)))
}

/// Gives the lease back (only the version this holder took: a lease taken over meanwhile stays).
pub async fn release_lease(
    state: &AppState,
    msg: &JobChunk,
    version: u64,
) -> Result<(), StoreError> {
    let key = keys::job_chunk_lease(&msg.tenant, &msg.job_id, msg.chunk);
    match state.store.delete_if_version(&key, version).await {
        Ok(()) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Notes on the chunk's marker that its successor was queued (a no-op if the marker is gone).
pub async fn note_released(
    state: &AppState,
    job: &JobRecord,
    chunk: u32,
) -> Result<(), StoreError> {
    let key = keys::job_chunk(&job.tenant_id, &job.id, chunk);
    state.store.apply(&key, &released()).await.map(|_| ())
}

fn released() -> Update<ChunkDone> {
    Update::new()
        .set("released", &true)
        .when(Cond::exists("chunk"))
}

/// `pending → processing` with the start time; a no-op for a job past pending.
pub async fn mark_started(state: &AppState, job: &JobRecord) -> Result<(), StoreError> {
    let u = started(kernel::time::now());
    state
        .store
        .apply(&keys::job(&job.tenant_id, &job.id), &u)
        .await
        .map(|_| ())
}

fn started(now: time::OffsetDateTime) -> Update<JobRecord> {
    Update::new()
        .set(field::STATUS, &JobStatus::Processing)
        .set("started_at", &kernel::time::rfc3339(now))
        .when(Cond::eq(field::STATUS, &JobStatus::Pending))
}

/// Stores a chunk's results and its marker in one transaction; the marker is create-only, so of
/// two deliveries of the chunk one stores it and the other gets `false` (nothing written). The
/// transaction touches no item another chunk writes, so concurrent chunks do not cancel each
/// other.
pub async fn commit_chunk(
    state: &AppState,
    job: &JobRecord,
    results: &[JobResult],
    done: &ChunkDone,
) -> Result<bool, StoreError> {
    let tenant = &job.tenant_id;
    let expires = job.expiry();
    let mut ops = Vec::with_capacity(results.len() + 1);
    for r in results {
        ops.push(TxOp::put(
            &Record::new(JOB_RESULT, keys::job_result(tenant, &job.id, r.index), r)
                .expiring_at(expires),
            PutMode::Overwrite,
        )?);
    }
    let marker_at = ops.len();
    ops.push(TxOp::put(
        &Record::new(
            JOB_CHUNK,
            keys::job_chunk(tenant, &job.id, done.chunk),
            done,
        )
        .expiring_at(expires),
        PutMode::IfAbsent,
    )?);
    match state.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(StoreError::TransactionCanceled { reasons })
            if reasons.get(marker_at).map(String::as_str) == Some("ConditionalCheckFailed") =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// Adds a stored chunk's counts and credits to the job, once: the update's condition is that the
/// chunk's number is not yet in the job's `counted` set, and it adds it. While the job runs it
/// also moves the job in the sweep's active list; a job that ended meanwhile (cancelled) is
/// counted without being put back on that list. `false` when it was counted before.
pub async fn count_chunk(
    state: &AppState,
    job: &JobRecord,
    done: &ChunkDone,
) -> Result<bool, StoreError> {
    let now = kernel::time::now();
    let key = keys::job(&job.tenant_id, &job.id);
    for still_active in [true, false] {
        if state
            .store
            .apply(&key, &counters(job, done, now, still_active))
            .await?
        {
            return Ok(true);
        }
    }
    Ok(false)
}

fn counters(
    job: &JobRecord,
    done: &ChunkDone,
    now: time::OffsetDateTime,
    still_active: bool,
) -> Update<JobRecord> {
    let processed: u64 = done.counts.values().sum();
    let mut u = Update::new()
        .add(field::PROCESSED, Value::number(processed))
        .add(field::COUNTED, Value::numbers(&[done.chunk]))
        .set("last_progress_at", &kernel::time::rfc3339(now));
    for (status, n) in &done.counts {
        match RecordStatus::counter_named(status) {
            Some(counter) => u = u.add(counter, Value::number(n)),
            None => tracing::warn!(status, "a chunk counted an unknown status"),
        }
    }
    for (provider, amount) in &done.credits {
        u = u.add_in_map("credits", provider, *amount);
    }
    let mut when = Cond::contains(field::COUNTED, Value::number(done.chunk)).not();
    if still_active {
        u = u.index2(&keys::job_watch(
            &job.tenant_id,
            &job.id,
            now.unix_timestamp(),
        ));
        when = when.and(Cond::one_of(
            field::STATUS,
            &[JobStatus::Pending, JobStatus::Processing],
        ));
    }
    u.when(when)
}

/// Ends a job that is pending or processing with `status` (one conditional update: of the
/// workers and sweeps that try, one wins), takes it off the sweep's list and, if it has a
/// callback, marks the callback pending. That change, on the table's stream, is the job's event. `None` when it had already ended.
pub async fn close(
    state: &AppState,
    job: &JobRecord,
    status: JobStatus,
    reason: Option<String>,
) -> Result<Option<JobRecord>, StoreError> {
    let u = closing(job, status, reason, kernel::time::now());
    state
        .store
        .apply_returning(&keys::job(&job.tenant_id, &job.id), &u)
        .await
}

fn closing(
    job: &JobRecord,
    status: JobStatus,
    reason: Option<String>,
    at: time::OffsetDateTime,
) -> Update<JobRecord> {
    let callback = job.callback_url.as_ref().map(|_| CallbackStatus::Pending);
    Update::new()
        .set(field::STATUS, &status)
        .set(field::FINISHED_AT, &kernel::time::rfc3339(at))
        .set("failure_reason", &reason)
        .set(field::CALLBACK_STATUS, &callback)
        .unindex2()
        .when(Cond::one_of(
            field::STATUS,
            &[JobStatus::Pending, JobStatus::Processing],
        ))
}

/// Cancels a pending or processing job (and takes it off the sweep's list); `None` when it was
/// not pending or processing (or does not exist).
pub async fn cancel(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
) -> Result<Option<JobRecord>, StoreError> {
    let u = cancelling(kernel::time::now());
    state
        .store
        .apply_returning(&keys::job(tenant, job_id), &u)
        .await
}

fn cancelling(at: time::OffsetDateTime) -> Update<JobRecord> {
    Update::new()
        .set(field::STATUS, &JobStatus::Cancelled)
        .set(field::FINISHED_AT, &kernel::time::rfc3339(at))
        .unindex2()
        .when(Cond::one_of(
            field::STATUS,
            &[JobStatus::Pending, JobStatus::Processing],
        ))
}

/// Takes a cancelled job off the sweep's lists (a chunk counted after the cancel put it back).
pub async fn leave_watch(state: &AppState, job: &JobRecord) -> Result<(), StoreError> {
    let key = keys::job(&job.tenant_id, &job.id);
    state.store.apply(&key, &unwatched()).await.map(|_| ())
}

fn unwatched() -> Update<JobRecord> {
    Update::new()
        .unindex2()
        .when(Cond::eq(field::STATUS, &JobStatus::Cancelled))
}

/// Up to `limit` running jobs of one shard of the sweep's list without progress since `before`.
pub async fn watched(
    state: &AppState,
    shard: u32,
    before: i64,
    limit: usize,
) -> Result<Vec<JobRecord>, StoreError> {
    state
        .store
        .query_first(&keys::job_watch_before(shard, before), limit)
        .await
}

/// The shards of the sweep's list.
pub fn watch_shards() -> std::ops::Range<u32> {
    0..keys::SHARDS
}

/// Records callback attempt `n` on the job, once: the condition is that `n - 1` attempts were
/// recorded and the callback is still pending. `false` when it was already recorded (a
/// redelivery) or the callback is no longer pending.
pub async fn record_callback_attempt(
    state: &AppState,
    job: &JobRecord,
    attempt: &CallbackAttempt,
    status_after: CallbackStatus,
) -> Result<bool, StoreError> {
    let u = callback_attempt(attempt, status_after);
    state
        .store
        .apply(&keys::job(&job.tenant_id, &job.id), &u)
        .await
}

fn callback_attempt(attempt: &CallbackAttempt, status_after: CallbackStatus) -> Update<JobRecord> {
    Update::new()
        .append("callback_attempts", std::slice::from_ref(attempt))
        .set(field::CALLBACK_TRIES, &attempt.attempt)
        .set(field::CALLBACK_STATUS, &status_after)
        .when(
            Cond::eq(field::CALLBACK_TRIES, &attempt.attempt.saturating_sub(1))
                .or(Cond::absent(field::CALLBACK_TRIES))
                .and(Cond::eq(field::CALLBACK_STATUS, &CallbackStatus::Pending)),
        )
}

/// Shows the delivery engine's record of the job's callback on the job: its attempts and where
/// it stands. The delivery is the source of truth; this copy only moves forward (a copy with
/// fewer attempts than the one stored, written late, changes nothing).
pub async fn mirror_callback(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
    attempts: &[CallbackAttempt],
    status: CallbackStatus,
) -> Result<bool, StoreError> {
    let n = attempts.len() as u32;
    let u: Update<JobRecord> = Update::new()
        .set("callback_attempts", &attempts)
        .set(field::CALLBACK_TRIES, &n)
        .set(field::CALLBACK_STATUS, &status)
        .when(Cond::le(field::CALLBACK_TRIES, &n).or(Cond::absent(field::CALLBACK_TRIES)));
    state.store.apply(&keys::job(tenant, job_id), &u).await
}

/// Names used more than once (each checked against `JobRecord` when an expression is built).
mod field {
    pub const STATUS: &str = "status";
    pub const JOB_TYPE: &str = "job_type";
    pub const PROCESSED: &str = "processed";
    pub const COUNTED: &str = "counted";
    pub const FINISHED_AT: &str = "finished_at";
    pub const CALLBACK_STATUS: &str = "callback_status";
    pub const CALLBACK_TRIES: &str = "callback_tries";
}

/// A job's change on the table's stream (the event publisher's reader): `Ok(None)` for any
/// other item.
pub fn job_images(
    change: &store::stream::Change,
) -> Result<Option<store::stream::Images<JobRecord>>, StoreError> {
    change.images(JOB)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> JobRecord {
        serde_json::from_value(serde_json::json!({
            "id": "job_1", "tenant_id": "ten_01HZZZZZZZZZZZZZZZZZZZZZZZ", "job_type": "people",
            "name": null, "status": "processing", "total": 10, "chunks": 1,
            "options": {}, "callback_url": "https://example.com/cb", "created_by": "usr_1",
            "created_at": "2026-01-01T00:00:00Z", "started_at": null, "finished_at": null,
            "last_progress_at": "2026-01-01T00:00:00Z", "failure_reason": null
        }))
        .expect("a job")
    }

    /// Every expression this module sends, built without AWS: a name that is not a field of the
    /// item's type (a rename in the model) fails here.
    #[test]
    fn every_expression_names_fields_of_its_item() {
        let job = job();
        let now = kernel::time::now();
        let done = ChunkDone {
            chunk: 3,
            records: 2,
            done_at: "2026-01-01T00:00:00Z".into(),
            message_id: "m".into(),
            counts: [("succeeded".into(), 1), ("not_found".into(), 1)].into(),
            credits: [("apollo".into(), 1.5)].into(),
            released: false,
        };
        let attempt = CallbackAttempt {
            attempt: 2,
            at: "2026-01-01T00:00:00Z".into(),
            status_code: Some(500),
            error: None,
            duration_ms: 3,
        };
        for still_active in [true, false] {
            counters(&job, &done, now, still_active).render().unwrap();
        }
        closing(&job, JobStatus::Failed, Some("x".into()), now)
            .render()
            .unwrap();
        started(now).render().unwrap();
        cancelling(now).render().unwrap();
        unwatched().render().unwrap();
        released().render().unwrap();
        lease_free(1).render().unwrap();
        callback_attempt(&attempt, CallbackStatus::Failed)
            .render()
            .unwrap();
    }

    #[test]
    fn a_chunk_adds_each_count_once_and_moves_the_watch_only_while_running() {
        let job = job();
        let done = ChunkDone {
            chunk: 7,
            records: 3,
            done_at: "t".into(),
            message_id: "m".into(),
            counts: [("succeeded".into(), 2), ("failed".into(), 1)].into(),
            credits: BTreeMap::new(),
            released: false,
        };
        let r = counters(&job, &done, kernel::time::now(), true)
            .render()
            .unwrap();
        let names: Vec<&str> = r.names.values().map(String::as_str).collect();
        for n in [
            "processed",
            "succeeded",
            "failed",
            "counted",
            "GSI2PK",
            "status",
        ] {
            assert!(names.contains(&n), "{n} in {names:?}");
        }
        assert!(r.condition.unwrap().starts_with("NOT contains("));
        let r = counters(&job, &done, kernel::time::now(), false)
            .render()
            .unwrap();
        assert!(!r.names.values().any(|n| n == "GSI2PK" || n == "status"));
    }

    #[test]
    fn counted_chunks_read_back_from_a_number_set() {
        use aws_sdk_dynamodb::types::AttributeValue;
        let mut item: std::collections::HashMap<String, AttributeValue> =
            serde_dynamo::to_item(job()).unwrap();
        item.insert(
            "counted".into(),
            AttributeValue::Ns(vec!["1".into(), "4".into()]),
        );
        let back: JobRecord = serde_dynamo::from_item(item).unwrap();
        assert_eq!(back.counted, vec![1, 4]);
    }
}
