//! A bulk job, its per-record results and the chunk messages the worker consumes, as stored and as
//! shown. Counters are top-level numbers so a chunk's transaction can `ADD` to them.

use enrichment::{CacheMode, Warning};
use kernel::ids::TenantId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

kernel::prefixed_id!(
    /// A bulk job (`job_…`).
    JobId,
    "job"
);

/// Most records one job takes.
pub const MAX_RECORDS: usize = 10_000;
/// How long a job and its results were kept before retention settings (jobs without `expires_at`).
pub const RETENTION_SECS: i64 = 30 * 24 * 3600;

/// What a job enriches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobType {
    People,
    Companies,
}

impl JobType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Companies => "companies",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "people" => Some(Self::People),
            "companies" => Some(Self::Companies),
            _ => None,
        }
    }

    /// The field names a record of this type may carry (as in the single route's body).
    pub fn input_fields(self) -> &'static [&'static str] {
        match self {
            Self::People => &[
                "email",
                "linkedin_url",
                "name",
                "first_name",
                "last_name",
                "company_domain",
                "company_name",
            ],
            Self::Companies => &["domain", "name", "tax_id", "country"],
        }
    }

    /// The fields a stored record of this type can have (the CSV export's columns).
    pub fn output_fields(self) -> &'static [&'static str] {
        match self {
            Self::People => providers::PERSON_FIELDS,
            Self::Companies => providers::COMPANY_FIELDS,
        }
    }
}

/// `pending → processing → completed | failed | cancelled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Pending,
    Processing,
    Completed,
    Failed,
    Cancelled,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Processing => "processing",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Processing,
            Self::Completed,
            Self::Failed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }
}

/// The options of the single enrich routes, applied to every record of a job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct JobOptions {
    pub sources: Option<Vec<String>>,
    #[serde(default)]
    pub include_company: bool,
    #[serde(default)]
    pub verify_email: bool,
    pub min_confidence: Option<f64>,
    pub fields: Option<Vec<String>>,
    #[serde(default)]
    pub cache: CacheMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<enrichment::policy::Strategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watch: Option<bool>,
    /// A scheduled refresh's job (never set through the API): its records are written even when
    /// nothing changed, and note the try.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refresh: bool,
}

/// One try to deliver the job's callback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallbackAttempt {
    pub attempt: u32,
    pub at: String,
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<u16>,
    /// Why the attempt failed (timeout, refused address, non-2xx), if it did.
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// Chunks of one job queued or running at once, unless `JOB_WINDOW_CHUNKS` says otherwise.
///
/// Fairness: only the first `window` chunks are queued at submission; each chunk, once stored,
/// releases the chunk `window` places after it. So the queue never holds more than `window` chunks
/// of one job, and another tenant's job, however small, is queued behind at most `window` chunks of
/// each running job instead of behind all of them. 20 chunks (200 records) in flight keeps a job
/// at the providers' pace (100 records/s needs ~30 records in flight at 300 ms a call). The
/// messages also carry `MessageGroupId` = tenant, which turns on SQS fair queues in AWS.
pub const DEFAULT_WINDOW: u32 = 20;

/// A job as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: String,
    pub tenant_id: TenantId,
    pub job_type: JobType,
    pub name: Option<String>,
    pub status: JobStatus,
    pub total: u64,
    #[serde(default)]
    pub processed: u64,
    #[serde(default)]
    pub succeeded: u64,
    #[serde(default)]
    pub not_found: u64,
    #[serde(default)]
    pub failed: u64,
    #[serde(default)]
    pub skipped: u64,
    #[serde(default)]
    pub duplicates: u64,
    /// Provider → credits spent on this job's records.
    #[serde(default)]
    pub credits: BTreeMap<String, f64>,
    /// How many chunks the job's records are in.
    pub chunks: u32,
    /// How many of its chunks may be queued or running at once (see `jobs::submit`).
    #[serde(default = "default_window")]
    pub window: u32,
    pub options: JobOptions,
    pub callback_url: Option<String>,
    /// `pending`, `delivered` or `failed` once the job has finished and has a callback URL.
    #[serde(default)]
    pub callback_status: Option<CallbackStatus>,
    #[serde(default)]
    pub callback_attempts: Vec<CallbackAttempt>,
    /// Attempts made so far (the condition that keeps a redelivered attempt from posting twice).
    #[serde(default)]
    pub callback_tries: u32,
    pub created_by: String,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// When a chunk last finished (or the job was created): the sweep fails jobs stuck past a limit.
    pub last_progress_at: String,
    pub failure_reason: Option<String>,
    /// When the job, its inputs and its results expire (epoch seconds): its creation plus the
    /// organisation's `job_results_days` at submission. Jobs stored before it: [`RETENTION_SECS`].
    #[serde(default)]
    pub expires_at: Option<i64>,
    /// The chunks whose counts were added (a number set only the counting update writes, so a
    /// redelivered chunk is counted once).
    #[serde(default, skip_serializing)]
    pub counted: Vec<u32>,
}

fn default_window() -> u32 {
    DEFAULT_WINDOW
}

/// Counts of a job's records. `processed` = succeeded + not_found + failed + skipped + duplicates.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobCounts {
    pub total: u64,
    pub processed: u64,
    pub succeeded: u64,
    pub not_found: u64,
    pub failed: u64,
    pub skipped: u64,
    pub duplicates: u64,
}

/// Credits a job spent, in all and by provider.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobCredits {
    pub total: f64,
    pub by_provider: BTreeMap<String, f64>,
}

/// Where a job's callback stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CallbackStatus {
    /// The job is still running.
    Waiting,
    /// Being delivered (retries included).
    Pending,
    Delivered,
    /// Given up: the receiver kept failing, or said the URL is gone.
    Failed,
}

/// The job's callback, once it has one to deliver.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CallbackView {
    pub url: String,
    pub status: CallbackStatus,
    pub attempts: Vec<CallbackAttempt>,
}

/// A job as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobView {
    pub id: String,
    #[serde(rename = "type")]
    pub job_type: JobType,
    pub name: Option<String>,
    pub status: JobStatus,
    pub counts: JobCounts,
    /// 0–100: processed records of total.
    pub percent: f64,
    pub credits: JobCredits,
    pub options: JobOptions,
    pub callback: Option<CallbackView>,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// While processing: when the job should finish at its pace so far.
    pub estimated_finish_at: Option<String>,
    pub failure_reason: Option<String>,
    /// When the job and its results are deleted (the organisation's `job_results_days`).
    pub expires_at: String,
}

impl JobRecord {
    /// When the job and everything it stored expire (epoch seconds).
    pub fn expiry(&self) -> i64 {
        self.expires_at.unwrap_or_else(|| {
            kernel::time::parse_rfc3339(&self.created_at).map_or(0, |t| t.unix_timestamp())
                + RETENTION_SECS
        })
    }

    pub fn view(&self) -> JobView {
        let percent = if self.total == 0 {
            100.0
        } else {
            ((self.processed as f64 / self.total as f64) * 1000.0).round() / 10.0
        };
        JobView {
            id: self.id.clone(),
            job_type: self.job_type,
            name: self.name.clone(),
            status: self.status,
            counts: JobCounts {
                total: self.total,
                processed: self.processed,
                succeeded: self.succeeded,
                not_found: self.not_found,
                failed: self.failed,
                skipped: self.skipped,
                duplicates: self.duplicates,
            },
            percent,
            credits: JobCredits {
                total: enrichment::merge::round2(self.credits.values().fold(0.0, |a, b| a + b)),
                by_provider: self
                    .credits
                    .iter()
                    .map(|(p, c)| (p.clone(), enrichment::merge::round2(*c)))
                    .collect(),
            },
            options: self.options.clone(),
            callback: self.callback_url.as_ref().map(|url| CallbackView {
                url: url.clone(),
                status: self.callback_status.unwrap_or(CallbackStatus::Waiting),
                attempts: self.callback_attempts.clone(),
            }),
            created_at: self.created_at.clone(),
            started_at: self.started_at.clone(),
            finished_at: self.finished_at.clone(),
            estimated_finish_at: self.estimated_finish(),
            failure_reason: self.failure_reason.clone(),
            expires_at: kernel::time::rfc3339_at(self.expiry()),
        }
    }

    /// Start + elapsed × total / processed, from the records the workers have done so far (those
    /// settled at submission, invalid and duplicate, are not work and do not count).
    fn estimated_finish(&self) -> Option<String> {
        if self.status != JobStatus::Processing {
            return None;
        }
        let started = kernel::time::parse_rfc3339(self.started_at.as_deref()?)?;
        let settled_at_submit = self.duplicates + self.skipped.min(self.processed);
        let done = self.processed.saturating_sub(settled_at_submit);
        let todo = self.total.saturating_sub(settled_at_submit);
        if done == 0 || todo == 0 {
            return None;
        }
        let elapsed = (kernel::time::now() - started).as_seconds_f64().max(0.0);
        let total_secs = elapsed * todo as f64 / done as f64;
        let at = started + time::Duration::seconds_f64(total_secs);
        Some(kernel::time::rfc3339(at))
    }
}

/// How one input record ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    Succeeded,
    NotFound,
    Failed,
    Skipped,
    Duplicate,
}

impl RecordStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::NotFound => "not_found",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
            Self::Duplicate => "duplicate",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::Succeeded,
            Self::NotFound,
            Self::Failed,
            Self::Skipped,
            Self::Duplicate,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }

    /// The job counter this outcome adds to.
    pub fn counter(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::NotFound => "not_found",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
            Self::Duplicate => "duplicates",
        }
    }

    /// The counter a chunk marker names (as [`RecordStatus::counter`] wrote it).
    pub fn counter_named(name: &str) -> Option<&'static str> {
        [
            Self::Succeeded,
            Self::NotFound,
            Self::Failed,
            Self::Skipped,
            Self::Duplicate,
        ]
        .into_iter()
        .map(Self::counter)
        .find(|c| *c == name)
    }
}

/// A field error of one input record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RecordError {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A merged value in a result: what the job stored, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ResultField {
    pub value: Value,
    pub source: String,
}

/// The result of one input record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct JobResult {
    /// The record's position in the input (0-based).
    pub index: u32,
    pub status: RecordStatus,
    /// The stored person or company.
    pub record_id: Option<String>,
    /// Whether this record created it (else it updated one already stored).
    #[serde(default)]
    pub created: bool,
    /// For a duplicate: the index of the record it repeats.
    pub duplicate_of: Option<u32>,
    /// Why a record was skipped or failed.
    pub reason: Option<String>,
    #[serde(default)]
    pub errors: Vec<RecordError>,
    #[serde(default)]
    pub warnings: Vec<Warning>,
    pub credits: f64,
    /// Under the `cost` or `coverage` strategy: the fixed order's expected credits less what
    /// this record spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits_saved: Option<f64>,
    /// The record as given.
    pub input: BTreeMap<String, String>,
    /// The merged fields the record ended with.
    #[serde(default)]
    pub fields: BTreeMap<String, ResultField>,
}

impl JobResult {
    /// A result with nothing but its index and input.
    pub fn empty(index: u32, input: BTreeMap<String, String>) -> Self {
        Self {
            index,
            status: RecordStatus::Skipped,
            record_id: None,
            created: false,
            duplicate_of: None,
            reason: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            credits: 0.0,
            credits_saved: None,
            input,
            fields: Default::default(),
        }
    }
}

pub use crate::messages::JobChunk;

/// One chunk's input records, stored at submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChunkInput {
    pub chunk: u32,
    pub records: Vec<ChunkRecord>,
}

/// One record of a chunk, as the caller gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChunkRecord {
    pub index: u32,
    pub input: BTreeMap<String, String>,
}
