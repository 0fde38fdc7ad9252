//! Submitting a job: every record checked up front (the single routes' rules, tax-id check digits
//! included), duplicates found, the job stored, its chunks queued.
//!
//! Retry and concurrency: nothing is written until every check has passed. Results of records
//! settled at submission (invalid with `skip`, duplicates) are written first, then the job item
//! (create-only), then the chunks; if queueing fails after its own retries the job is marked
//! failed with the reason and the caller gets a 503: a retry creates a new job (with an
//! `Idempotency-Key` it replays the first answer instead). Chunks sent twice are harmless.

use crate::input::{self, RawRecord};
use crate::model::*;
use crate::queue::{self, Outgoing};
use enrichment::{Caller, CommonOptions};
use kernel::error::FieldError;
use platform::{ApiError, AppState};
use providers::Capability;

/// Records per chunk message: one worker transaction writes a chunk's results, its marker and the
/// job's counters (10 + 2 of DynamoDB's 100 actions); a chunk's worst case (10 records at the
/// single route's 29 s bound) fits the worker's 300 s timeout; 10 is also Apollo's bulk size.
pub const CHUNK_RECORDS: usize = 10;

/// How many record errors a refusal lists (the rest are counted in its detail).
const MAX_LISTED_ERRORS: usize = 100;

/// What to do with records that fail the checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OnInvalid {
    /// Refuse the whole job with a 422 listing them (default).
    #[default]
    Reject,
    /// Accept the job; invalid records are skipped and their results say why.
    Skip,
}

/// A job as the caller asked for it.
pub struct Submission {
    pub job_type: JobType,
    /// Each record as given, with the type errors found while reading it.
    pub records: Vec<(RawRecord, Vec<RecordError>)>,
    pub options: JobOptions,
    pub callback_url: Option<String>,
    pub name: Option<String>,
    pub on_invalid: OnInvalid,
}

/// The release window of new jobs (`JOB_WINDOW_CHUNKS`, at least 1).
pub fn window(state: &AppState) -> u32 {
    state
        .config
        .var("JOB_WINDOW_CHUNKS")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|w| *w > 0)
        .unwrap_or(DEFAULT_WINDOW)
}

/// `save: true` on a criteria search: the page's prospects go to a bulk job ([`prospects`]) and the
/// page names it. Needs what a bulk job needs (`people.write` / `companies.write`, checked with the
/// search). Retried without an `Idempotency-Key`, a second job is made (its lookups hit the cache).
pub async fn save_page(
    state: &AppState,
    caller: &Caller<'_>,
    people: bool,
    page: &mut enrichment::prospecting::ProspectPage,
) -> Result<(), ApiError> {
    let provider = page.provider.clone().unwrap_or_default();
    if let Some(job) = prospects(state, caller, people, &page.items, &provider).await? {
        page.saved_job_id = Some(job.id);
    }
    Ok(())
}

/// Saves a page of prospects (a criteria search's results) as records: a bulk job that enriches
/// each one by what the search gave (a person's LinkedIn URL, or name with company domain; a
/// company's domain or name) through the organisation's waterfall. Prospects without enough to
/// look them up are skipped (the job's results say why). `None` for an empty page.
pub async fn prospects(
    state: &AppState,
    caller: &Caller<'_>,
    people: bool,
    found: &[providers::search::Prospect],
    provider: &str,
) -> Result<Option<JobRecord>, ApiError> {
    if found.is_empty() {
        return Ok(None);
    }
    let records = found
        .iter()
        .map(|p| {
            let fields: [(&str, &Option<String>); 4] = if people {
                [
                    ("linkedin_url", &p.linkedin_url),
                    ("full_name", &p.full_name),
                    ("company_domain", &p.company_domain),
                    ("company_name", &p.company_name),
                ]
            } else {
                [
                    ("domain", &p.domain),
                    ("name", &p.name),
                    ("linkedin_url", &None),
                    ("country", &None),
                ]
            };
            let raw: RawRecord = fields
                .into_iter()
                .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_owned(), v.clone())))
                .collect();
            (raw, Vec::new())
        })
        .collect();
    let job = submit(
        state,
        caller,
        Submission {
            job_type: if people {
                JobType::People
            } else {
                JobType::Companies
            },
            records,
            options: JobOptions::default(),
            callback_url: None,
            name: Some(format!("Prospects from {provider}")),
            on_invalid: OnInvalid::Skip,
        },
    )
    .await?;
    Ok(Some(job))
}

/// Checks, stores and queues a job; returns it as stored.
pub async fn submit(
    state: &AppState,
    caller: &Caller<'_>,
    mut sub: Submission,
) -> Result<JobRecord, ApiError> {
    // The floor is stored with the job: kept to six decimals, because DynamoDB numbers cannot hold
    // magnitudes below 1e-130 (a `5e-324` would otherwise fail the write with a 500).
    sub.options.min_confidence = sub.options.min_confidence.map(|c| {
        if c.is_finite() {
            (c * 1e6).round() / 1e6
        } else {
            c
        }
    });
    let list = sub.job_type.as_str();
    let mut errors: Vec<FieldError> = Vec::new();
    if sub.records.is_empty() || sub.records.len() > MAX_RECORDS {
        errors.push(FieldError::body(
            list,
            "length",
            format!("give 1 to {MAX_RECORDS} records"),
        ));
    }
    let name = match sub.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => None,
        Some(n) if n.chars().count() > 200 => {
            errors.push(FieldError::body("name", "length", "at most 200 characters"));
            None
        }
        Some(n) => match kernel::text::check_line(n) {
            Ok(()) => Some(n.to_owned()),
            Err(e) => {
                errors.push(FieldError::body("name", e.code(), e.message()));
                None
            }
        },
    };
    let callback_url = match sub.callback_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => match webhooks::check_url(raw, crate::callback::guard_policy(state)).await {
            Ok(_) if !crate::callback::exists(state, caller.tenant).await? => {
                errors.push(FieldError::body(
                    "callback_url",
                    "no_secret",
                    "callbacks are signed: create the organisation's callback secret first \
                     (POST /v1/jobs/callback-secret)",
                ));
                None
            }
            Ok(checked) => Some(checked.url.to_string()),
            Err(e) => {
                errors.push(FieldError::body("callback_url", "forbidden", e.to_string()));
                None
            }
        },
    };

    // Every record, checked like the single route's body.
    let mut invalid: Vec<(usize, Vec<RecordError>)> = Vec::new();
    let mut identifiers: Vec<Vec<String>> = Vec::with_capacity(sub.records.len());
    for (i, (raw, read_errors)) in sub.records.iter().enumerate() {
        let (ids, mut errs) = input::check(sub.job_type, raw);
        if !read_errors.is_empty() {
            errs = read_errors.clone();
        }
        if errs.is_empty() {
            identifiers.push(ids);
        } else {
            identifiers.push(Vec::new());
            invalid.push((i, errs));
        }
    }
    if sub.on_invalid == OnInvalid::Reject {
        let total: usize = invalid.iter().map(|(_, e)| e.len()).sum();
        for (i, errs) in &invalid {
            for e in errs {
                if errors.len() >= MAX_LISTED_ERRORS {
                    break;
                }
                let field = if e.field.is_empty() {
                    format!("{list}[{i}]")
                } else {
                    format!("{list}[{i}].{}", e.field)
                };
                errors.push(FieldError::body(
                    field,
                    "invalid_record",
                    format!("{}: {}", e.code, e.message),
                ));
            }
        }
        if total > MAX_LISTED_ERRORS {
            tracing::info!(
                total,
                "a bulk submission listed only the first record errors"
            );
        }
    }
    let (capabilities, allowed): (&[Capability], &[&str]) = match sub.job_type {
        JobType::People => (&[Capability::Person], providers::PERSON_FIELDS),
        JobType::Companies => (
            &[Capability::Company, Capability::Registry],
            providers::COMPANY_FIELDS,
        ),
    };
    let common = CommonOptions {
        sources: sub.options.sources.clone(),
        min_confidence: sub.options.min_confidence,
        fields: sub.options.fields.clone(),
        cache: sub.options.cache,
        strategy: sub.options.strategy,
        watch: sub.options.watch,
    };
    // Checks the options and whether named sources are turned off (one read of the settings);
    // refuses with every error found so far. Nothing has been written.
    let (sess, _) = enrichment::options::open_enrichment(
        state,
        caller,
        &common,
        capabilities,
        allowed,
        errors,
        &[],
    )
    .await?;
    // The job and everything it stores are kept for the organisation's job retention.
    let kept = sess.providers.retention.job_results_secs();
    drop(sess);

    let invalid_at: std::collections::BTreeMap<usize, Vec<RecordError>> =
        invalid.into_iter().collect();
    let dups = input::duplicates(&identifiers);
    let id = JobId::new().to_string();
    let tenant = caller.tenant;
    let at = kernel::time::now();
    let now = kernel::time::rfc3339(at);
    let expires = at.unix_timestamp() + kept;

    // Results settled now: invalid records (skip mode) and duplicates.
    let mut settled = Vec::new();
    let mut primaries: Vec<ChunkRecord> = Vec::new();
    for (i, (raw, _)) in sub.records.iter().enumerate() {
        let index = i as u32;
        let result = if let Some(errs) = invalid_at.get(&i) {
            Some(JobResult {
                status: RecordStatus::Skipped,
                reason: Some("invalid record".into()),
                errors: errs.clone(),
                ..JobResult::empty(index, raw.clone())
            })
        } else {
            dups.get(&i).map(|first| JobResult {
                status: RecordStatus::Duplicate,
                duplicate_of: Some(*first as u32),
                reason: Some(format!("repeats record {first}; enriched once")),
                ..JobResult::empty(index, raw.clone())
            })
        };
        match result {
            Some(r) => settled.push(r),
            None => primaries.push(ChunkRecord {
                index,
                input: raw.clone(),
            }),
        }
    }
    let skipped = settled
        .iter()
        .filter(|r| r.status == RecordStatus::Skipped)
        .count() as u64;
    let duplicates = settled.len() as u64 - skipped;
    let chunks: Vec<Vec<ChunkRecord>> = primaries
        .chunks(CHUNK_RECORDS)
        .map(<[ChunkRecord]>::to_vec)
        .collect();
    let job = JobRecord {
        id: id.clone(),
        tenant_id: tenant.clone(),
        job_type: sub.job_type,
        name,
        status: JobStatus::Pending,
        total: sub.records.len() as u64,
        processed: skipped + duplicates,
        succeeded: 0,
        not_found: 0,
        failed: 0,
        skipped,
        duplicates,
        credits: Default::default(),
        chunks: chunks.len() as u32,
        window: window(state),
        options: sub.options,
        callback_url,
        callback_status: None,
        callback_attempts: Vec::new(),
        callback_tries: 0,
        created_by: caller.actor.to_owned(),
        created_at: now.clone(),
        started_at: None,
        finished_at: None,
        last_progress_at: now,
        failure_reason: None,
        expires_at: Some(expires),
        counted: Vec::new(),
    };

    let inputs: Vec<ChunkInput> = chunks
        .into_iter()
        .enumerate()
        .map(|(n, records)| ChunkInput {
            chunk: n as u32,
            records,
        })
        .collect();
    crate::persist::create(state, &job, at.unix_timestamp(), &settled, &inputs).await?;

    if job.chunks == 0 {
        // Nothing to enrich (every record invalid or repeated): the job is done now.
        crate::finish::finish_if_done(state, tenant, &id).await?;
    } else {
        let messages = (0..job.chunks.min(job.window))
            .map(|n| {
                Outgoing::json(
                    &JobChunk {
                        tenant: tenant.clone(),
                        job_id: id.clone(),
                        chunk: n,
                    },
                    tenant.as_str(),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let q = queue::enrichment(state).await?;
        if let Err(e) = queue::send_all(&q, messages).await {
            crate::finish::fail(state, tenant, &id, "the job could not be queued").await?;
            return Err(e);
        }
    }
    Ok(crate::persist::load(state, tenant, &id)
        .await?
        .unwrap_or(job))
}
