//! Contact validation runs: the run's item (what it covers, where it has got to), a mark per
//! contact checked and 8 count shards. A contact's outcome is recorded in one transaction with its
//! mark (create-only), its count shard and the contact's new validation status, so a redelivered
//! page counts and changes each contact once.

use super::contact::{self, Contact, Validation};
use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::expr::{Cond, Update, Value};
use store::{keys, PutMode, Record, StoreError, TxOp};

const RUN: &str = "VALIDATION_RUN";
const MARK: &str = "VALIDATION_MARK";
const COUNT: &str = "VALIDATION_COUNT";
/// Marks and counts outlive the run's last page by this long (the run item stays).
const MARK_TTL_SECS: i64 = 30 * 86_400;

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = ValidationStatus)]
pub enum RunStatus {
    Running,
    Finished,
    Failed,
}

/// What a run does with an address found invalid (besides marking the contact `invalid`, which
/// already keeps it out of every audience).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum InvalidAddressAction {
    /// Only the contact's validation status.
    None,
    /// Also suppress the address (reason `invalid`).
    #[default]
    Suppress,
    /// Also tag the contact with `tag`.
    Tag,
}

/// A validation run as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Run {
    pub id: String,
    pub status: RunStatus,
    /// The contacts asked for by id, if so (else the filter's).
    pub contact_ids: Option<Vec<String>>,
    /// The filter's validation status (`pending` by default) when no ids were given.
    pub validation: Option<Validation>,
    pub tag: Option<String>,
    pub on_invalid: InvalidAddressAction,
    pub invalid_tag: Option<String>,
    /// Pages done; the next page starts at `cursor` (or at `page * PAGE` in `contact_ids`).
    pub page: u32,
    pub cursor: Option<String>,
    /// While a worker holds the current page (epoch seconds): a duplicate message waits.
    #[serde(default)]
    pub lease_until: Option<i64>,
    pub error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub finished_at: Option<String>,
}

/// A run's counts (summed over its shards).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = ValidationCounts)]
pub struct RunCounts {
    #[serde(default)]
    pub checked: u64,
    #[serde(default)]
    pub valid: u64,
    #[serde(default)]
    pub invalid: u64,
    #[serde(default)]
    pub risky: u64,
    /// No verifier gave an answer: the contact stays as it was.
    #[serde(default)]
    pub unknown: u64,
    /// Asked for by id but not in the organisation (or deleted meanwhile).
    #[serde(default)]
    pub missing: u64,
    #[serde(default)]
    pub credits: f64,
}

impl RunCounts {
    fn absorb(&mut self, o: &RunCounts) {
        self.checked += o.checked;
        self.valid += o.valid;
        self.invalid += o.invalid;
        self.risky += o.risky;
        self.unknown += o.unknown;
        self.missing += o.missing;
        self.credits += o.credits;
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Mark {
    outcome: String,
}

pub async fn create(state: &AppState, tenant: &TenantId, run: &Run) -> Result<(), StoreError> {
    let record = Record::new(RUN, keys::validation_run(tenant, &run.id), run);
    state.store.put(&record, PutMode::IfAbsent).await
}

/// The run alone (a worker's read: its counts are not needed to work a page).
pub async fn load_run(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<Run>, StoreError> {
    state.store.get(&keys::validation_run(tenant, id)).await
}

/// The run with its counts: one BatchGetItem.
pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<(Run, RunCounts)>, StoreError> {
    let mut wanted = vec![keys::validation_run(tenant, id)];
    wanted.extend(keys::validation_counts(tenant, id));
    let mut found = state.store.batch_get(&wanted).await?.into_iter();
    let Some(item) = found.next().flatten() else {
        return Ok(None);
    };
    let run: Run = serde_dynamo::from_item(item)?;
    let mut counts = RunCounts::default();
    for item in found.flatten() {
        counts.absorb(&serde_dynamo::from_item(item).unwrap_or_default());
    }
    Ok(Some((run, counts)))
}

/// Takes the current page `page` until `until` (epoch seconds) if no other worker holds it:
/// so a page's duplicate messages never ask the verifier at the same time. `false` when held
/// (or the run moved on).
pub async fn claim(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    page: u32,
    now: i64,
    until: i64,
) -> Result<bool, StoreError> {
    let free = Cond::absent("lease_until")
        .or(Cond::is_null("lease_until"))
        .or(Cond::lt("lease_until", &now));
    state
        .store
        .apply(
            &keys::validation_run(tenant, id),
            &Update::<Run>::new().set("lease_until", &Some(until)).when(
                Cond::eq("page", &page)
                    .and(Cond::eq("status", &RunStatus::Running))
                    .and(free),
            ),
        )
        .await
}

/// Gives back the page `page` taken by [`claim`] (its worker failed: the redelivery takes it
/// again at once instead of after the lease).
pub async fn release(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    page: u32,
) -> Result<bool, StoreError> {
    state
        .store
        .apply(
            &keys::validation_run(tenant, id),
            &Update::<Run>::new()
                .set("lease_until", &None::<i64>)
                .when(Cond::eq("page", &page)),
        )
        .await
}

/// Moves the run past page `done_page` (only from there: a redelivered page moves it once);
/// `finished` closes it. `false` when it had moved already.
pub async fn advance(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    done_page: u32,
    cursor: Option<String>,
    finished: bool,
    at: &str,
) -> Result<bool, StoreError> {
    let mut u = Update::<Run>::new()
        .set("page", &(done_page + 1))
        .set("cursor", &cursor)
        .set("lease_until", &None::<i64>)
        .set("updated_at", &at)
        .when(Cond::eq("page", &done_page).and(Cond::eq("status", &RunStatus::Running)));
    if finished {
        u = u
            .set("status", &RunStatus::Finished)
            .set("finished_at", &Some(at));
    }
    state
        .store
        .apply(&keys::validation_run(tenant, id), &u)
        .await
}

/// Ends a run that cannot go on (its queue gave up on it), saying why.
pub async fn fail(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    error: &str,
    at: &str,
) -> Result<bool, StoreError> {
    state
        .store
        .apply(
            &keys::validation_run(tenant, id),
            &Update::<Run>::new()
                .set("status", &RunStatus::Failed)
                .set("error", &Some(error))
                .set("finished_at", &Some(at))
                .set("updated_at", &at)
                .when(Cond::eq("status", &RunStatus::Running)),
        )
        .await
}

/// What a contact's check came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Checked(Validation),
    Unknown,
    Missing,
}

/// How recording went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    New,
    /// This run had recorded the contact already.
    Duplicate,
    /// The contact changed since it was read: read it again and retry.
    Changed,
}

/// Records a contact's outcome in the run: its mark, its count and (for a verdict) its new
/// validation status, all or nothing.
pub async fn record(
    state: &AppState,
    tenant: &TenantId,
    run_id: &str,
    contact_id: &str,
    current: Option<&Contact>,
    outcome: Outcome,
    credits: f64,
) -> Result<Recorded, StoreError> {
    let at = &kernel::time::rfc3339(kernel::time::now());
    let (name, counter): (&str, &'static str) = match outcome {
        Outcome::Checked(Validation::Valid) => ("valid", "valid"),
        Outcome::Checked(Validation::Invalid) => ("invalid", "invalid"),
        Outcome::Checked(_) => ("risky", "risky"),
        Outcome::Unknown => ("unknown", "unknown"),
        Outcome::Missing => ("missing", "missing"),
    };
    let expires = kernel::time::now().unix_timestamp() + MARK_TTL_SECS;
    let mark = Mark {
        outcome: name.to_owned(),
    };
    let mut count = Update::<RunCounts>::new()
        .entity(COUNT)
        .add(counter, Value::number(1))
        .add("credits", Value::number(credits))
        .set(keys::TTL, &expires);
    if matches!(outcome, Outcome::Checked(_) | Outcome::Unknown) {
        count = count.add("checked", Value::number(1));
    }
    let mut ops = vec![
        TxOp::put(
            &Record::new(
                MARK,
                keys::validation_mark(tenant, run_id, contact_id),
                &mark,
            )
            .expiring_at(expires),
            PutMode::IfAbsent,
        )?,
        TxOp::upsert(keys::validation_count(tenant, run_id, contact_id), &count)?,
    ];
    if let (Some(c), Outcome::Checked(v)) = (current, outcome) {
        ops.extend(contact::validation_ops(tenant, c, v, at)?);
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(Recorded::New),
        Err(e) => match e.failed_action() {
            Some(0) => Ok(Recorded::Duplicate),
            Some(2) => Ok(Recorded::Changed),
            _ => Err(e),
        },
    }
}

/// Whether the run recorded each contact already (one BatchGetItem per 100), in order.
pub async fn recorded(
    state: &AppState,
    tenant: &TenantId,
    run_id: &str,
    contact_ids: &[String],
) -> Result<Vec<bool>, StoreError> {
    let mut out = Vec::with_capacity(contact_ids.len());
    for chunk in contact_ids.chunks(100) {
        let keys: Vec<store::Key> = chunk
            .iter()
            .map(|c| keys::validation_mark(tenant, run_id, c))
            .collect();
        out.extend(
            state
                .store
                .batch_get(&keys)
                .await?
                .iter()
                .map(Option::is_some),
        );
    }
    Ok(out)
}
