//! The enrichment worker's work on one chunk message.
//!
//! Exactly-once effect under redelivery, duplicates and crashes:
//! - a chunk is run by one invocation at a time: a lease (`CHUNK#n` input's `LEASE`, conditional
//!   put, held until the invocation's deadline) turns a duplicate delivery running at the same
//!   moment away (retryable: it comes back and finds the chunk done), so providers are not called
//!   twice for one chunk;
//! - its results and its marker (`CHUNK#n`, create-only, holding the chunk's counts and credits)
//!   are written in one transaction that touches no shared item, so concurrent chunks never cancel
//!   each other's commits;
//! - the job's counters are then added from the marker by one UpdateItem conditioned on the
//!   chunk's number not being in the job's `counted` set (and adding it): counted once, whoever
//!   counts it — the committing invocation, or a redelivery that finds the marker after a crash;
//! - a worker that dies mid-chunk has written nothing of the chunk but cache entries and the call
//!   log: SQS delivers the chunk again after the visibility timeout, and the records already
//!   enriched are answered from the cache (no second charge).
//!
//! Work is bounded by the invocation's deadline: a chunk that cannot finish its next record in
//! time gives the message back (retryable), and the next delivery finds the finished records'
//! answers in the cache. Transient provider failures (5xx, timeouts, rate limits, an open breaker)
//! retry the chunk until its third delivery before a record is counted failed.

use crate::finish;
use crate::model::*;
use crate::persist::{self, ChunkDone};
use enrichment::{Caller, CommonOptions, EnrichOutcome, RecordTally};
use platform::worker::{Delivery, MessageError};
use platform::{ApiError, AppState};
use providers::Capability;
use std::collections::BTreeMap;

/// From this delivery on, a record whose failure could pass later is recorded as failed instead
/// of retrying the chunk again (the queue's maxReceiveCount is 5; the DLQ is for chunks that
/// cannot even be recorded).
pub const LAST_TRY: u32 = 3;
/// How long a record's provider call waits for the key's shared rate limit before it is skipped.
pub const RATE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(20);
/// A running chunk re-reads the job every this many records, to stop soon after a cancel.
const CANCEL_CHECK_EVERY: usize = 5;

/// Provider outcomes that can pass on a later try.
const TRANSIENT_OUTCOMES: &[&str] = &[
    "rate_limited",
    "upstream_error",
    "timeout",
    "unreachable",
    "circuit_open",
    "tenant_rate_limited",
];

/// Handles one chunk message (the worker's `sqs_worker!` handler).
pub async fn handle_chunk(
    state: &AppState,
    msg: JobChunk,
    delivery: Delivery,
) -> Result<(), MessageError> {
    let Some(job) = persist::load(state, &msg.tenant, &msg.job_id).await? else {
        return Err(MessageError::Permanent("the job no longer exists".into()));
    };
    if let Some(done) = persist::chunk_done(state, &msg).await? {
        // Done by an earlier delivery, which may have died before counting it or releasing the
        // next chunk: both are idempotent.
        tracing::info!(job_id = %msg.job_id, chunk = msg.chunk, "chunk already done");
        count_chunk(state, &job, &done).await?;
        if !done.released {
            release_next(state, &job, msg.chunk).await?;
        }
        finish::finish_if_done(state, &msg.tenant, &msg.job_id).await?;
        return Ok(());
    }
    let lease = take_lease(state, &job, &msg, &delivery).await?;
    let result = run_chunk(state, &job, &msg, &delivery).await;
    if result.is_err() {
        // Done with the chunk for now: the next delivery need not wait for the lease to run out.
        if let Err(e) = persist::release_lease(state, &msg, lease).await {
            tracing::debug!(error = %e, "chunk lease not released");
        }
    }
    result
}

/// The chunk's work once its lease is held: enrich, store, count, release the next, finish.
async fn run_chunk(
    state: &AppState,
    job: &JobRecord,
    msg: &JobChunk,
    delivery: &Delivery,
) -> Result<(), MessageError> {
    let Some(input) = persist::chunk_input(state, msg).await? else {
        return Err(MessageError::Permanent("the chunk's input is gone".into()));
    };
    let (results, credits) = if job.status.is_finished() {
        let reason = stop_reason(job.status);
        (
            input.records.iter().map(|r| skipped(r, reason)).collect(),
            BTreeMap::new(),
        )
    } else {
        if job.status == JobStatus::Pending {
            persist::mark_started(state, job).await?;
        }
        enrich_chunk(state, job, msg, &input, delivery).await?
    };
    let done = ChunkDone {
        chunk: msg.chunk,
        records: results.len(),
        done_at: kernel::time::rfc3339(kernel::time::now()),
        message_id: delivery.message_id.clone(),
        counts: tally(&results),
        credits,
        released: false,
    };
    if !persist::commit_chunk(state, job, &results, &done).await? {
        tracing::info!(job_id = %job.id, chunk = msg.chunk, "another delivery stored this chunk first");
    }
    count_chunk(state, job, &done).await?;
    release_next(state, job, msg.chunk).await?;
    finish::finish_if_done(state, &msg.tenant, &msg.job_id).await?;
    Ok(())
}

/// Takes the chunk's lease until this invocation's deadline (or 15 minutes outside one) and
/// returns its version. Another delivery holding a live lease means a duplicate is running the
/// chunk now: this one steps back (retryable) and, delivered again later, finds the chunk done.
async fn take_lease(
    state: &AppState,
    job: &JobRecord,
    msg: &JobChunk,
    delivery: &Delivery,
) -> Result<u64, MessageError> {
    let now_ms = (kernel::time::now().unix_timestamp_nanos() / 1_000_000) as i64;
    let left = delivery
        .time_left()
        .min(std::time::Duration::from_secs(900));
    // Unique per invocation: a duplicate delivery can carry the same message id and receive
    // count as the copy running now.
    let holder = format!("{}/{}", delivery.message_id, ulid::Ulid::new());
    let until_ms = now_ms + left.as_millis() as i64;
    match persist::take_lease(state, job, msg.chunk, holder, until_ms).await? {
        Some(version) => Ok(version),
        None => Err(MessageError::Retryable(
            "another delivery of this chunk is running it".into(),
        )),
    }
}

/// Queues the chunk `window` places after this one (see `model::DEFAULT_WINDOW`), then notes it
/// on the chunk's marker. A crash between the two queues it again on redelivery: a chunk queued
/// twice is harmless (its lease and marker make the second copy do nothing).
async fn release_next(state: &AppState, job: &JobRecord, chunk: u32) -> Result<(), ApiError> {
    let next = chunk + job.window.max(1);
    if next >= job.chunks {
        return Ok(());
    }
    let q = crate::queue::enrichment(state).await?;
    let message = JobChunk {
        tenant: job.tenant_id.clone(),
        job_id: job.id.clone(),
        chunk: next,
    };
    crate::queue::send_all(
        &q,
        vec![crate::queue::Outgoing::json(
            &message,
            job.tenant_id.as_str(),
        )?],
    )
    .await?;
    Ok(persist::note_released(state, job, chunk).await?)
}

fn stop_reason(status: JobStatus) -> &'static str {
    match status {
        JobStatus::Cancelled => "the job was cancelled",
        _ => "the job had already ended",
    }
}

fn skipped(r: &ChunkRecord, reason: &str) -> JobResult {
    JobResult {
        status: RecordStatus::Skipped,
        reason: Some(reason.to_owned()),
        ..JobResult::empty(r.index, r.input.clone())
    }
}

/// Runs the single routes' enrichment flow on every record of the chunk, one enrichment for the
/// chunk (one read of the organisation's provider settings, one flush of cache and call log).
async fn enrich_chunk(
    state: &AppState,
    job: &JobRecord,
    msg: &JobChunk,
    input: &ChunkInput,
    delivery: &Delivery,
) -> Result<(Vec<JobResult>, BTreeMap<String, f64>), MessageError> {
    let request_id = format!("{}:{}", job.id, msg.chunk);
    let caller = Caller::background(&msg.tenant, &job.created_by, &request_id);
    let mut sess = enrichment::enrichment(state, &caller, job.options.cache).await?;
    sess.patient(RATE_PATIENCE);
    sess.job = Some(job.id.clone());
    sess.refresh = job.options.refresh;
    if job.options.refresh {
        sess.fresh_since = kernel::time::parse_rfc3339(&job.created_at).map(|t| t.unix_timestamp());
    }
    let (capabilities, allowed): (&[Capability], &[&str]) = match job.job_type {
        JobType::People => (&[Capability::Person], providers::PERSON_FIELDS),
        JobType::Companies => (
            &[Capability::Company, Capability::Registry],
            providers::COMPANY_FIELDS,
        ),
    };
    let common = CommonOptions {
        sources: job.options.sources.clone(),
        min_confidence: job.options.min_confidence,
        fields: job.options.fields.clone(),
        cache: job.options.cache,
        strategy: job.options.strategy,
        watch: job.options.watch,
    };
    let mut ignored = Vec::new();
    let plan = enrichment::options::check_options(&common, capabilities, allowed, &mut ignored);
    let batch_requests = crate::prime::prime_chunk(&mut sess, job, &plan, input).await?;
    tracing::debug!(batch_requests, "chunk primed from batch endpoints");
    let mut results = Vec::with_capacity(input.records.len());
    let mut credits: BTreeMap<String, f64> = BTreeMap::new();
    let mut cancelled = false;
    let mut slowest = std::time::Duration::ZERO;
    for (n, rec) in input.records.iter().enumerate() {
        // Stop before a record that might not finish in time; the next delivery answers the
        // records done so far from the cache.
        if n > 0 && !delivery.has_time_for(slowest * 2) {
            sess.flush().await?;
            return Err(MessageError::Retryable(format!(
                "the invocation's deadline is near after {n} records; the chunk comes back"
            )));
        }
        let record_started = std::time::Instant::now();
        if !cancelled && n > 0 && n % CANCEL_CHECK_EVERY == 0 {
            let now = persist::load(state, &msg.tenant, &msg.job_id).await?;
            cancelled = now.is_none_or(|j| j.status == JobStatus::Cancelled);
        }
        if cancelled {
            results.push(skipped(rec, stop_reason(JobStatus::Cancelled)));
            continue;
        }
        let outcome = crate::run::one(&mut sess, job, &plan, rec).await;
        // Cache entries, call log and usage are written after every record, not once per chunk:
        // if the worker dies later in the chunk, the redelivered chunk finds this record's paid
        // answers in the cache and does not pay for them again.
        sess.flush().await?;
        let tally = sess.take_record();
        slowest = slowest.max(record_started.elapsed());
        add_credits(&mut credits, &tally.calls);
        match outcome {
            Ok(Ok(out))
                if out.record.is_none()
                    && !tally.calls.is_empty()
                    && tally
                        .calls
                        .iter()
                        .all(|c| TRANSIENT_OUTCOMES.contains(&c.outcome.as_str()))
                    && delivery.receive_count < LAST_TRY =>
            {
                return Err(MessageError::Retryable(
                    "every provider asked failed in a way a later try can pass".into(),
                ));
            }
            Ok(Ok(out)) => results.push(from_outcome(rec, out, tally)),
            Ok(Err(errors)) => results.push(JobResult {
                status: RecordStatus::Failed,
                reason: Some("invalid record".into()),
                errors,
                ..JobResult::empty(rec.index, rec.input.clone())
            }),
            // The platform's own trouble (DynamoDB busy, a 5xx) never fails a record: the chunk
            // comes back (and, if it never passes, reaches the DLQ after maxReceiveCount).
            Err(e) if e.is_retryable() => {
                return Err(MessageError::Retryable(e.to_string()));
            }
            // A race with another request on the same identifiers passes on a later try.
            Err(e @ ApiError::Conflict { .. }) if delivery.receive_count < LAST_TRY => {
                return Err(MessageError::Retryable(e.to_string()));
            }
            Err(e) => results.push(JobResult {
                status: RecordStatus::Failed,
                reason: Some(e.to_string()),
                warnings: tally.warnings,
                credits: tally.credits,
                ..JobResult::empty(rec.index, rec.input.clone())
            }),
        }
    }
    // Batch answers no record used (its flow took another path) were paid for: logged and cached.
    sess.settle_unused().await?;
    sess.flush().await?;
    add_credits(&mut credits, &sess.take_record().calls);
    Ok((results, credits))
}

/// Adds the credits of `calls` to the chunk's credits by provider.
fn add_credits(credits: &mut BTreeMap<String, f64>, calls: &[enrichment::CallSummary]) {
    for call in calls.iter().filter(|c| c.credits > 0.0) {
        *credits.entry(call.provider.clone()).or_default() += call.credits;
    }
}

/// How a record ended: stored → succeeded; nothing stored because no provider knew it →
/// not found; nothing stored because every provider asked failed (or none could be asked) →
/// failed, with the providers' reasons in the warnings.
fn from_outcome(rec: &ChunkRecord, out: EnrichOutcome, tally: RecordTally) -> JobResult {
    let mut result = JobResult {
        warnings: tally.warnings,
        credits: enrichment::merge::round2(tally.credits),
        credits_saved: out
            .strategy
            .as_ref()
            .filter(|s| s.strategy != enrichment::policy::Strategy::Fixed)
            .map(|s| s.credits_saved),
        ..JobResult::empty(rec.index, rec.input.clone())
    };
    match out.record {
        Some(stored) => {
            result.status = RecordStatus::Succeeded;
            result.record_id = Some(stored.id.clone());
            result.created = out.created;
            result.fields = stored
                .fields
                .iter()
                .map(|(k, p)| {
                    (
                        k.clone(),
                        ResultField {
                            value: p.value.clone(),
                            source: p.source.clone(),
                        },
                    )
                })
                .collect();
        }
        None => {
            let answered = tally
                .calls
                .iter()
                .any(|c| c.outcome == "found" || c.outcome == "not_found");
            if answered {
                result.status = RecordStatus::NotFound;
            } else {
                result.status = RecordStatus::Failed;
                result.reason = Some(if tally.calls.is_empty() {
                    "no provider could be asked".into()
                } else {
                    "every provider asked failed".into()
                });
            }
        }
    }
    result
}

/// The chunk's counts by counter name.
fn tally(results: &[JobResult]) -> BTreeMap<String, u64> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for r in results {
        *counts.entry(r.status.counter().to_owned()).or_default() += 1;
    }
    counts
}

/// Adds a stored chunk's counts and credits to the job, once (see [`persist::count_chunk`]).
async fn count_chunk(state: &AppState, job: &JobRecord, done: &ChunkDone) -> Result<(), ApiError> {
    if !persist::count_chunk(state, job, done).await? {
        tracing::info!(job_id = %job.id, chunk = done.chunk, "chunk already counted");
    }
    Ok(())
}
