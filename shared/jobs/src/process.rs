//! The enrichment worker's work on one chunk message.
//!
//! Idempotent under redelivery: a chunk's results, its marker (`CHUNK#n`, create-only) and the
//! job's counters are written in one transaction, so a chunk is stored and counted once or not at
//! all. A delivery that finds the marker only re-checks whether the job can end. A worker that
//! dies mid-chunk has written nothing of the chunk but cache entries and the call log: SQS delivers
//! the chunk again after the visibility timeout, and the records already enriched are answered
//! from the cache (no second charge) and matched to the records they stored (no duplicates).

use crate::finish;
use crate::model::*;
use aws_sdk_dynamodb::types::AttributeValue;
use enrichment::{Caller, CommonOptions, Outcome, RecordTally};
use platform::worker::{Delivery, MessageError};
use platform::{ApiError, AppState};
use providers::Capability;
use serde::Serialize;
use std::collections::BTreeMap;
use store::{keys, PutMode, Record, StoreError, TxOp};

/// From this delivery on, a record whose failure could pass later is recorded as failed instead
/// of retrying the chunk again (the queue's maxReceiveCount is 5; the DLQ is for chunks that
/// cannot even be recorded).
pub const LAST_TRY: u32 = 3;
/// How long a record's provider call waits for the key's shared rate limit before it is skipped.
pub const RATE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(20);
/// A running chunk re-reads the job every this many records, to stop soon after a cancel.
const CANCEL_CHECK_EVERY: usize = 5;

/// The chunk marker: what was done, for operators.
#[derive(Debug, Serialize)]
struct ChunkDone {
    chunk: u32,
    records: usize,
    done_at: String,
    message_id: String,
}

/// Handles one chunk message (the worker's `sqs_worker!` handler).
pub async fn handle_chunk(
    state: &AppState,
    msg: JobChunk,
    delivery: Delivery,
) -> Result<(), MessageError> {
    let job_key = keys::job(&msg.tenant, &msg.job_id);
    let Some(job) = state.store.get::<JobRecord>(&job_key).await? else {
        return Err(MessageError::Permanent("the job no longer exists".into()));
    };
    let marker = keys::job_chunk(&msg.tenant, &msg.job_id, msg.chunk);
    if state
        .store
        .get::<serde_json::Value>(&marker)
        .await?
        .is_some()
    {
        // Done by an earlier delivery, which may have died before releasing the next chunk.
        tracing::info!(job_id = %msg.job_id, chunk = msg.chunk, "chunk already done");
        release_next(state, &job, msg.chunk).await?;
        finish::finish_if_done(state, &msg.tenant, &msg.job_id).await?;
        return Ok(());
    }
    let Some(input) = state
        .store
        .get::<ChunkInput>(&keys::job_input(&msg.tenant, &msg.job_id, msg.chunk))
        .await?
    else {
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
            mark_started(state, &job).await?;
        }
        enrich_chunk(state, &job, &msg, &input, &delivery).await?
    };
    commit(state, &job, &msg, &delivery, &results, &credits).await?;
    release_next(state, &job, msg.chunk).await?;
    finish::finish_if_done(state, &msg.tenant, &msg.job_id).await?;
    Ok(())
}

/// Queues the chunk `window` places after this one (see `submit::DEFAULT_WINDOW`). Sent again
/// when a redelivered chunk finds itself done: a chunk queued twice is harmless.
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
    Ok(())
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

async fn mark_started(state: &AppState, job: &JobRecord) -> Result<(), ApiError> {
    let result = state
        .store
        .update_where::<serde_json::Value>(
            &keys::job(&job.tenant_id, &job.id),
            "SET #st = :processing, #started = :now",
            "#st = :pending",
            &[("#st", "status"), ("#started", "started_at")],
            &[
                (":processing", AttributeValue::S("processing".into())),
                (":pending", AttributeValue::S("pending".into())),
                (
                    ":now",
                    AttributeValue::S(kernel::time::rfc3339(kernel::time::now())),
                ),
            ],
        )
        .await;
    match result {
        Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Runs the single routes' enrichment flow on every record of the chunk, one session for the
/// chunk (one read of the organisation's provider settings, one flush of cache and call log).
async fn enrich_chunk(
    state: &AppState,
    job: &JobRecord,
    msg: &JobChunk,
    input: &ChunkInput,
    delivery: &Delivery,
) -> Result<(Vec<JobResult>, BTreeMap<String, f64>), MessageError> {
    let request_id = format!("{}:{}", job.id, msg.chunk);
    let caller = Caller {
        tenant: &msg.tenant,
        actor: &job.created_by,
        request_id: &request_id,
        ip: None,
        user_agent: None,
    };
    let mut sess = caller.session(state, job.options.cache).await?;
    sess.patient(RATE_PATIENCE);
    sess.job = Some(job.id.clone());
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
    };
    let mut ignored = Vec::new();
    let plan = enrichment::options::check_options(&common, capabilities, allowed, &mut ignored);
    let batch_requests = crate::batch::prime_chunk(&mut sess, job, &plan, input).await?;
    tracing::debug!(batch_requests, "chunk primed from batch endpoints");
    let mut results = Vec::with_capacity(input.records.len());
    let mut credits: BTreeMap<String, f64> = BTreeMap::new();
    let mut cancelled = false;
    for (n, rec) in input.records.iter().enumerate() {
        if !cancelled && n > 0 && n % CANCEL_CHECK_EVERY == 0 {
            let now = state
                .store
                .get::<JobRecord>(&keys::job(&msg.tenant, &msg.job_id))
                .await?;
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
        sess.flush().await;
        let tally = sess.take_record();
        add_credits(&mut credits, &tally.calls);
        match outcome {
            Ok(Ok(out)) => results.push(from_outcome(rec, out, tally)),
            Ok(Err(errors)) => results.push(JobResult {
                status: RecordStatus::Failed,
                reason: Some("invalid record".into()),
                errors,
                ..JobResult::empty(rec.index, rec.input.clone())
            }),
            Err(e) if e.is_retryable() && delivery.receive_count < LAST_TRY => {
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
    sess.flush().await;
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
fn from_outcome(rec: &ChunkRecord, out: Outcome, tally: RecordTally) -> JobResult {
    let mut result = JobResult {
        warnings: tally.warnings,
        credits: enrichment::merge::round2(tally.credits),
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

/// One transaction: the results, the chunk marker (create-only) and the job's counters.
async fn commit(
    state: &AppState,
    job: &JobRecord,
    msg: &JobChunk,
    delivery: &Delivery,
    results: &[JobResult],
    credits: &BTreeMap<String, f64>,
) -> Result<(), MessageError> {
    let tenant = &msg.tenant;
    let at = kernel::time::now();
    let expires = job.expiry();
    let mut ops = Vec::with_capacity(results.len() + 2);
    for r in results {
        ops.push(TxOp::Put {
            item: Record::new(JOB_RESULT, keys::job_result(tenant, &job.id, r.index), r)
                .expiring_at(expires)
                .to_item()?,
            mode: PutMode::Overwrite,
        });
    }
    let marker_at = ops.len();
    ops.push(TxOp::Put {
        item: Record::new(
            JOB_CHUNK,
            keys::job_chunk(tenant, &job.id, msg.chunk),
            &ChunkDone {
                chunk: msg.chunk,
                records: results.len(),
                done_at: kernel::time::rfc3339(at),
                message_id: delivery.message_id.clone(),
            },
        )
        .expiring_at(expires)
        .to_item()?,
        mode: PutMode::IfAbsent,
    });
    let counters = counters_update(job, results, credits, at, true);
    let mut first = ops.clone();
    first.push(counters);
    let outcome = match state.store.transact(first).await {
        // The job ended (cancelled) between the read and this write: count the chunk without
        // putting the job back on the sweep's active list.
        Err(StoreError::TransactionCanceled { reasons })
            if reasons.get(marker_at + 1).map(String::as_str) == Some("ConditionalCheckFailed")
                && reasons.get(marker_at).map(String::as_str) != Some("ConditionalCheckFailed") =>
        {
            ops.push(counters_update(job, results, credits, at, false));
            state.store.transact(ops).await
        }
        other => other,
    };
    match outcome {
        Ok(()) => Ok(()),
        Err(StoreError::TransactionCanceled { reasons })
            if reasons.get(marker_at).map(String::as_str) == Some("ConditionalCheckFailed") =>
        {
            tracing::info!(job_id = %job.id, chunk = msg.chunk, "another delivery stored this chunk first");
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// `ADD` the chunk's counts and credits to the job; while it runs, move it in the sweep's list.
fn counters_update(
    job: &JobRecord,
    results: &[JobResult],
    credits: &BTreeMap<String, f64>,
    now: time::OffsetDateTime,
    still_active: bool,
) -> TxOp {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for r in results {
        *counts.entry(r.status.counter()).or_default() += 1;
    }
    let mut names: Vec<(String, String)> = Vec::new();
    let mut values: Vec<(String, AttributeValue)> = vec![
        (
            ":processed".into(),
            AttributeValue::N(results.len().to_string()),
        ),
        (":now".into(), AttributeValue::S(kernel::time::rfc3339(now))),
    ];
    names.push(("#processed".into(), "processed".into()));
    names.push(("#lp".into(), "last_progress_at".into()));
    let mut adds = vec!["#processed :processed".to_owned()];
    for (i, (counter, n)) in counts.iter().enumerate() {
        adds.push(format!("#c{i} :c{i}"));
        names.push((format!("#c{i}"), (*counter).to_owned()));
        values.push((format!(":c{i}"), AttributeValue::N(n.to_string())));
    }
    let mut sets = vec!["#lp = :now".to_owned()];
    if !credits.is_empty() {
        names.push(("#credits".into(), "credits".into()));
        values.push((":zero".into(), AttributeValue::N("0".into())));
    }
    for (i, (provider, amount)) in credits.iter().enumerate() {
        sets.push(format!(
            "#credits.#p{i} = if_not_exists(#credits.#p{i}, :zero) + :k{i}"
        ));
        names.push((format!("#p{i}"), provider.clone()));
        values.push((format!(":k{i}"), AttributeValue::N(amount.to_string())));
    }
    let mut condition = None;
    if still_active {
        let watch = keys::job_watch(
            keys::JobWatch::Active,
            &job.tenant_id,
            &job.id,
            now.unix_timestamp(),
        );
        sets.push("#g2pk = :wpk, #g2sk = :wsk".into());
        names.push(("#g2pk".into(), keys::GSI2PK.into()));
        names.push(("#g2sk".into(), keys::GSI2SK.into()));
        names.push(("#st".into(), "status".into()));
        values.push((":wpk".into(), AttributeValue::S(watch.pk().into())));
        values.push((":wsk".into(), AttributeValue::S(watch.sk().into())));
        values.push((":pending".into(), AttributeValue::S("pending".into())));
        values.push((":processing".into(), AttributeValue::S("processing".into())));
        condition = Some("#st IN (:pending, :processing)".to_owned());
    }
    TxOp::Update {
        key: keys::job(&job.tenant_id, &job.id),
        update: format!("SET {} ADD {}", sets.join(", "), adds.join(", ")),
        condition,
        names,
        values,
    }
}
