//! Bulk contact validation: `POST /v1/contacts/validate` starts a run over the contacts asked for
//! (by id, or a filter: all `pending` by default); the bulk worker checks their addresses a page
//! of 200 at a time (one ZeroBounce `validatebatch` per page, charged and cached as enrichment
//! does), sets each contact's validation status, and applies the run's rule to invalid addresses
//! (suppress, by default, or tag).
//!
//! Failure semantics:
//! - each contact is recorded exactly once per run: its mark (create-only), its count and its
//!   new status move in one transaction, so a redelivered page changes and counts nothing twice;
//! - the rule's action (suppress, tag) is taken before the record and is idempotent: at least
//!   once, never twice in effect;
//! - one worker holds a page at a time (a 90 s lease on the run), so duplicate messages never ask
//!   the verifier (and spend credits) twice for the same page while it is being worked;
//! - the run moves page by page, each move conditional on the page it leaves: the next page's
//!   message is queued first, then the run moved; a message for a page already done does nothing,
//!   one for a page the run has not reached yet comes back later (its move may be in flight), and
//!   a page whose move never happened is redone (its recorded contacts skipped) on redelivery.

use crate::contacts::{self, Contact, ListFilter, Validation};
use crate::persist::validation::{self as persist, Outcome, Recorded, Run};
pub use crate::persist::validation::{InvalidAddressAction, RunCounts, RunStatus};
use crate::suppression::{self, Reason};
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use platform::{AppState, Caller};
use serde::{Deserialize, Serialize};
use store::PageParams;

kernel::prefixed_id!(
    /// A contact validation run (`val_…`).
    RunId,
    "val"
);

/// Contacts checked per page (ZeroBounce's batch endpoint takes 200).
pub const PAGE: usize = 200;
/// Contacts one run may name by id.
pub const MAX_IDS: usize = 5_000;
/// How long a worker holds a page (above the worker's 60 s timeout).
const LEASE_SECS: i64 = 90;
/// The queue variable the runs' pages go through.
pub const QUEUE_VAR: &str = "VALIDATION_QUEUE_URL";

/// Which contacts a run checks when no ids are given.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateFilter {
    /// Contacts of this validation status (default `pending`).
    pub validation: Option<Validation>,
    /// Only contacts with this tag.
    pub tag: Option<String>,
}

/// What to validate and what to do with invalid addresses.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateBody {
    /// Up to 5,000 contact ids (checked whatever their status); or leave out for `filter`.
    #[schema(max_items = 5000)]
    pub contact_ids: Option<Vec<String>>,
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub filter: Option<ValidateFilter>,
    /// `suppress`, `tag` (with `invalid_tag`) or `none`; the organisation's rule when absent
    /// (`invalid_address` of its bounce rules: `suppress` unless changed).
    pub on_invalid: Option<InvalidAddressAction>,
    /// The tag given to invalid addresses' contacts, with `on_invalid: tag`.
    pub invalid_tag: Option<String>,
}

/// A run as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ValidationRun)]
pub struct RunView {
    #[schema(example = "val_01JA2B3C4D5E6F7G8H9J0KMNPQ")]
    pub id: String,
    pub status: RunStatus,
    pub on_invalid: InvalidAddressAction,
    pub invalid_tag: Option<String>,
    /// Pages of up to 200 contacts done.
    pub pages_done: u32,
    pub counts: RunCounts,
    pub error: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

fn view(run: Run, counts: RunCounts) -> RunView {
    RunView {
        id: run.id,
        status: run.status,
        on_invalid: run.on_invalid,
        invalid_tag: run.invalid_tag,
        pages_done: run.page,
        counts,
        error: run.error,
        created_at: run.created_at,
        finished_at: run.finished_at,
    }
}

/// One page of a run to check (the queue's message).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageMessage {
    pub tenant: TenantId,
    pub run_id: String,
    pub page: u32,
}

fn now() -> String {
    kernel::time::rfc3339(kernel::time::now())
}

async fn queue_page(state: &AppState, m: &PageMessage) -> Result<(), ApiError> {
    queue_page_in(state, m, 0).await
}

/// Queues `m` to be delivered in `delay_secs`: a page that is not its worker's yet (its run's
/// move in flight, another worker on it) is asked again by a delayed copy, not after the queue's
/// visibility timeout, and never counts toward the dead-letter queue.
pub async fn queue_page_in(
    state: &AppState,
    m: &PageMessage,
    delay_secs: i32,
) -> Result<(), ApiError> {
    let queue = platform::queue::named(state, state.config.var(QUEUE_VAR), QUEUE_VAR).await?;
    platform::queue::send_all(
        &queue,
        vec![platform::queue::Outgoing::json(m, m.tenant.as_str())?.delayed(delay_secs)],
    )
    .await?;
    Ok(())
}

/// Starts a run: checked, stored, its first page queued (202 with the run).
pub async fn start(
    state: &AppState,
    caller: &Caller<'_>,
    body: ValidateBody,
) -> Result<RunView, ApiError> {
    let tenant = caller.tenant;
    let mut errors = Vec::new();
    if body.contact_ids.is_some() && body.filter.is_some() {
        errors.push(FieldError::body(
            "filter",
            "conflict",
            "give contact_ids or a filter, not both",
        ));
    }
    if let Some(ids) = &body.contact_ids {
        if ids.is_empty() || ids.len() > MAX_IDS {
            errors.push(FieldError::body(
                "contact_ids",
                "invalid",
                format!("from 1 to {MAX_IDS} contact ids"),
            ));
        }
        for (i, id) in ids.iter().enumerate() {
            if id.parse::<crate::ContactId>().is_err() {
                errors.push(FieldError::body(
                    format!("contact_ids[{i}]"),
                    "invalid",
                    "a contact id (con_…)",
                ));
            }
        }
    }
    match (body.on_invalid.unwrap_or_default(), &body.invalid_tag) {
        (InvalidAddressAction::Tag, None) => errors.push(FieldError::body(
            "invalid_tag",
            "required",
            "the tag to give, with on_invalid: tag",
        )),
        (InvalidAddressAction::Tag, Some(_)) | (_, None) => {}
        (_, Some(_)) => errors.push(FieldError::body(
            "invalid_tag",
            "invalid",
            "only with on_invalid: tag",
        )),
    }
    let filter = body.filter.clone().unwrap_or_default();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    // Tags named must exist (a typo would otherwise check nobody, or tag nobody).
    for (field, slug) in [
        ("filter.tag", &filter.tag),
        ("invalid_tag", &body.invalid_tag),
    ] {
        if let Some(slug) = slug {
            crate::tags::must_exist(state, tenant, slug, field).await?;
        }
    }
    // Without `on_invalid`, the organisation's rule (its bounce rules' `invalid_address`).
    let (on_invalid, invalid_tag) = match body.on_invalid {
        Some(a) => (a, body.invalid_tag.clone()),
        None => {
            let rule = crate::events::bounce_rules(state, tenant)
                .await?
                .invalid_address;
            (rule.action, rule.tag)
        }
    };
    let at = now();
    let mut ids = body.contact_ids.clone();
    if let Some(ids) = ids.as_mut() {
        let mut seen = std::collections::HashSet::new();
        ids.retain(|i| seen.insert(i.clone()));
    }
    let run = Run {
        id: RunId::new().to_string(),
        status: RunStatus::Running,
        validation: ids
            .is_none()
            .then(|| filter.validation.unwrap_or(Validation::Pending)),
        contact_ids: ids,
        tag: filter.tag,
        on_invalid,
        invalid_tag,
        page: 0,
        cursor: None,
        lease_until: None,
        error: None,
        created_at: at.clone(),
        updated_at: at,
        finished_at: None,
    };
    persist::create(state, tenant, &run).await?;
    let first = PageMessage {
        tenant: tenant.clone(),
        run_id: run.id.clone(),
        page: 0,
    };
    if let Err(e) = queue_page(state, &first).await {
        // Not started after all: say so on the run rather than leave it `running` for ever.
        let _ = persist::fail(
            state,
            tenant,
            &run.id,
            "its first page could not be queued",
            &now(),
        )
        .await;
        return Err(e);
    }
    Ok(view(run, RunCounts::default()))
}

/// A run with its counts (404 for another organisation's or an unknown id).
pub async fn get(state: &AppState, tenant: &TenantId, id: &str) -> Result<RunView, ApiError> {
    persist::load(state, tenant, id)
        .await?
        .map(|(r, c)| view(r, c))
        .ok_or_else(|| ApiError::not_found("no such validation run"))
}

/// A contact id asked for, with its contact (`None`: it names no contact).
pub type Asked = (String, Option<Contact>);

/// A page of a run: the contacts still to check in it (recorded ones left out), with the cursor
/// the next page starts at and whether this is the last.
pub struct Work {
    pub run: Run,
    /// The contacts to check (`None`: an id asked for that names no contact).
    pub todo: Vec<Asked>,
    pub next_cursor: Option<String>,
    pub last: bool,
}

/// What a page message comes to.
pub enum Step {
    /// The run is gone, over, or past that page (a duplicate): nothing to do.
    Done,
    /// The run has not reached that page yet: try again later.
    NotYet,
    Work(Box<Work>),
}

/// The work of `m`'s page.
pub async fn work(state: &AppState, m: &PageMessage) -> Result<Step, ApiError> {
    let tenant = &m.tenant;
    let Some(run) = persist::load_run(state, tenant, &m.run_id).await? else {
        return Ok(Step::Done);
    };
    if run.status != RunStatus::Running || run.page > m.page {
        return Ok(Step::Done);
    }
    if run.page < m.page {
        return Ok(Step::NotYet);
    }
    // One worker per page at a time (a duplicate waits, then finds the page done); the lease
    // outlives the worker's 60 s timeout, so a crashed worker's page is taken again after it.
    let now_s = kernel::time::now().unix_timestamp();
    if !persist::claim(state, tenant, &run.id, run.page, now_s, now_s + LEASE_SECS).await? {
        return Ok(Step::NotYet);
    }
    let (found, next_cursor, last): (Vec<Asked>, Option<String>, bool) = match &run.contact_ids {
        Some(ids) => {
            let start = (run.page as usize) * PAGE;
            let slice: Vec<String> = ids.iter().skip(start).take(PAGE).cloned().collect();
            let contacts = contacts::load_many(state, tenant, &slice).await?;
            let last = start + PAGE >= ids.len();
            (slice.into_iter().zip(contacts).collect(), None, last)
        }
        None => {
            let filter = ListFilter {
                validation: run.validation,
                tag: run.tag.clone(),
                ..Default::default()
            };
            let codec = state.cursor_codec().await?;
            let page = PageParams {
                limit: PAGE as u32,
                cursor: run.cursor.clone(),
            };
            let (items, next) =
                crate::persist::contact::list(state, tenant, codec, &filter, &page).await?;
            let last = next.is_none();
            (
                items.into_iter().map(|c| (c.id.clone(), Some(c))).collect(),
                next,
                last,
            )
        }
    };
    let ids: Vec<String> = found.iter().map(|(id, _)| id.clone()).collect();
    let done = persist::recorded(state, tenant, &run.id, &ids).await?;
    let todo = found
        .into_iter()
        .zip(done)
        .filter(|(_, d)| !d)
        .map(|(f, _)| f)
        .collect();
    Ok(Step::Work(Box::new(Work {
        run,
        todo,
        next_cursor,
        last,
    })))
}

/// What a verifier said of an address, on the contact's scale: ZeroBounce's `valid`; `invalid`,
/// `spamtrap`, `abuse` and `do_not_mail` are invalid; `catch-all` and `unknown` risky.
pub fn validation_of(status: &str) -> Validation {
    match status {
        "valid" => Validation::Valid,
        "invalid" | "spamtrap" | "abuse" | "do_not_mail" => Validation::Invalid,
        _ => Validation::Risky,
    }
}

/// Records one contact's verdict (`None`: no verifier answered), taking the run's rule for an
/// invalid address first. Exactly once per run and contact.
pub async fn record(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
    contact_id: &str,
    contact: Option<Contact>,
    verdict: Option<Validation>,
    credits: f64,
) -> Result<(), ApiError> {
    let missing = || async {
        persist::record(
            state,
            tenant,
            &run.id,
            contact_id,
            None,
            Outcome::Missing,
            credits,
        )
        .await
        .map(|_| ())
    };
    let Some(mut current) = contact else {
        return Ok(missing().await?);
    };
    if verdict == Some(Validation::Invalid) {
        match run.on_invalid {
            InvalidAddressAction::Suppress => {
                suppression::add(state, tenant, &current.email, Reason::Invalid, None).await?;
            }
            InvalidAddressAction::Tag => {
                if let Some(slug) = &run.invalid_tag {
                    crate::persist::contact::tag_contact(state, tenant, contact_id, slug, true)
                        .await?;
                }
            }
            InvalidAddressAction::None => {}
        }
    }
    let outcome = verdict.map_or(Outcome::Unknown, Outcome::Checked);
    for _ in 0..5 {
        match persist::record(
            state,
            tenant,
            &run.id,
            contact_id,
            Some(&current),
            outcome,
            credits,
        )
        .await?
        {
            Recorded::New | Recorded::Duplicate => return Ok(()),
            Recorded::Changed => match contacts::load_many(state, tenant, &[contact_id.to_owned()])
                .await?
                .pop()
                .flatten()
            {
                Some(c) => current = c,
                None => return Ok(missing().await?),
            },
        }
    }
    Err(ApiError::Unavailable {
        detail: "the contact kept changing while it was validated".into(),
        retry_after_secs: None,
    })
}

/// Queues the next page (unless this is the last), then moves the run past its page (or closes
/// it).
pub async fn advance(state: &AppState, w: &Work, tenant: &TenantId) -> Result<(), ApiError> {
    if !w.last {
        queue_page(
            state,
            &PageMessage {
                tenant: tenant.clone(),
                run_id: w.run.id.clone(),
                page: w.run.page + 1,
            },
        )
        .await?;
    }
    persist::advance(
        state,
        tenant,
        &w.run.id,
        w.run.page,
        w.next_cursor.clone(),
        w.last,
        &now(),
    )
    .await?;
    Ok(())
}

/// Gives back a page whose work failed (see [`work`]'s lease).
pub async fn release(state: &AppState, w: &Work, tenant: &TenantId) -> Result<(), ApiError> {
    persist::release(state, tenant, &w.run.id, w.run.page).await?;
    Ok(())
}

/// Ends a run its queue gave up on.
pub async fn fail(state: &AppState, m: &PageMessage, why: &str) -> Result<(), ApiError> {
    persist::fail(state, &m.tenant, &m.run_id, why, &now()).await?;
    Ok(())
}

/// A stored person's address turned invalid (`person.email_invalid`, from a refresh or an
/// enrichment's verifier): when a contact holds it, the organisation's invalid-address rule
/// applies as a validation run's would (suppress, tag or nothing). Idempotent: suppressing or
/// tagging twice changes nothing, so a redelivered event is harmless. Returns whether a contact
/// held the address.
pub async fn person_email_invalid(
    state: &AppState,
    tenant: &TenantId,
    email: &str,
) -> Result<bool, ApiError> {
    let Some(contact_id) = crate::persist::contact::holder_of(state, tenant, email).await? else {
        return Ok(false);
    };
    let rule = crate::events::bounce_rules(state, tenant)
        .await?
        .invalid_address;
    match rule.action {
        InvalidAddressAction::Suppress => {
            suppression::add(state, tenant, email, Reason::Invalid, None).await?;
        }
        InvalidAddressAction::Tag => {
            if let Some(slug) = &rule.tag {
                crate::persist::contact::tag_contact(state, tenant, &contact_id, slug, true)
                    .await?;
            }
        }
        InvalidAddressAction::None => {}
    }
    Ok(true)
}
