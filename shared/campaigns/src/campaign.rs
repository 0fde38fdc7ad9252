//! Campaigns: what is sent (a template, or a template group picked per contact's language), to
//! whom (tags and language, see [`crate::audience`]), from whom (a sender on a sending profile),
//! and when. The state machine is [`crate::lifecycle`]'s.
//!
//! Storage: the campaign (`TEN#t#CAMPAIGN#<id>`), its progress beside it (the fan-out's checkpoint
//! and chunk counts), and eight count shards in partitions of their own (sent, failed, skipped),
//! all created with the campaign in one transaction and deleted with it.
//!
//! Writes: content edits and moves are conditional on the version read, so two concurrent moves
//! (pause and cancel, two sends) cannot both apply: the loser gets a 409 and nothing changes. A
//! move's side effect (queueing the fan-out, re-queueing parked chunks) follows the committed
//! move; if it fails the move is undone, conditional on the new version.

use crate::audience::Audience;
use crate::lifecycle::{self, Move, State};
use crate::persist;
use crate::senders::{self, SendingProfile};
use crate::templates::{self, Template};
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use platform::AppState;
use platform::Caller;
use serde::Deserialize;
use store::PageParams;

kernel::prefixed_id!(
    /// A campaign (`cmp_…`).
    CampaignId,
    "cmp"
);

/// A campaign as given to create or replace it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignBody {
    #[schema(example = "November newsletter")]
    pub name: String,
    /// The template sent to everyone (or give `template_group`).
    #[schema(example = "tpl_01J9Z3K8Q4X2V7M5N6B8C9D0EF")]
    pub template_id: Option<String>,
    /// A template group: each contact gets the template of its language.
    #[schema(example = "welcome")]
    pub template_group: Option<String>,
    /// Only contacts in this language (BCP 47); also the group's fallback language.
    #[schema(example = "pt-BR")]
    pub language: Option<String>,
    /// A free label for reports (`newsletter`, `promotion`).
    #[schema(example = "newsletter")]
    pub category: Option<String>,
    #[serde(default)]
    pub tags_all: Vec<String>,
    #[serde(default)]
    pub tags_any: Vec<String>,
    #[serde(default)]
    pub exclude_tags: Vec<String>,
    /// When `send` should start it (RFC 3339, in the future); absent: `send` starts it at once.
    #[schema(example = "2030-01-15T09:00:00Z")]
    pub scheduled_at: Option<String>,
    #[serde(deserialize_with = "kernel::shape::object")]
    pub sender: Sender,
    #[schema(example = "snd_01J9Z3K8Q4X2V7M5N6B8C9D0EF")]
    pub profile_id: String,
    /// With PUT: the version read.
    #[schema(minimum = 0)]
    #[serde(default, deserialize_with = "kernel::bounds::version")]
    pub version: Option<u64>,
}

pub use crate::persist::campaign::{Campaign, Sender, Stats};

pub use crate::persist::progress::Progress;

fn now() -> String {
    kernel::time::rfc3339(kernel::time::now())
}

fn not_found() -> ApiError {
    ApiError::not_found("no such campaign in this organisation")
}

fn changed() -> ApiError {
    ApiError::Conflict {
        detail: "the campaign changed since you read it; read it again".into(),
    }
}

/// Checks a body's own fields (references are checked against the store by [`check_refs`]).
fn check(body: &CampaignBody) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 200 || kernel::text::check_line(name).is_err() {
        errors.push(FieldError::body(
            "name",
            "invalid",
            "1 to 200 characters on one line",
        ));
    }
    match (&body.template_id, &body.template_group) {
        (Some(_), Some(_)) | (None, None) => errors.push(FieldError::body(
            "template_id",
            "one_of",
            "give exactly one of template_id and template_group",
        )),
        (Some(id), None) if id.parse::<templates::TemplateId>().is_err() => {
            errors.push(FieldError::body("template_id", "invalid", "a template id"))
        }
        (None, Some(g)) if !crate::contacts::slug_is_valid(g) => errors.push(FieldError::body(
            "template_group",
            "invalid",
            "a group slug",
        )),
        _ => {}
    }
    if let Some(c) = &body.category {
        if c.trim().is_empty() || c.chars().count() > 50 || kernel::text::check_line(c).is_err() {
            errors.push(FieldError::body(
                "category",
                "invalid",
                "1 to 50 characters on one line",
            ));
        }
    }
    if let Some(at) = &body.scheduled_at {
        if kernel::time::parse_rfc3339(at).is_none() {
            errors.push(FieldError::body(
                "scheduled_at",
                "invalid",
                "an RFC 3339 time such as 2030-01-15T09:00:00Z",
            ));
        }
    }
    let s = &body.sender;
    if s.from_name.trim().is_empty()
        || s.from_name.chars().count() > 100
        || kernel::text::check_line(&s.from_name).is_err()
    {
        errors.push(FieldError::body(
            "sender.from_name",
            "invalid",
            "1 to 100 characters on one line",
        ));
    }
    if kernel::text::normalise_email(&s.from_email).is_none() {
        errors.push(FieldError::body(
            "sender.from_email",
            "invalid",
            "an email address",
        ));
    }
    if let Some(r) = &s.reply_to {
        if kernel::text::normalise_email(r).is_none() {
            errors.push(FieldError::body(
                "sender.reply_to",
                "invalid",
                "an email address",
            ));
        }
    }
    if body.profile_id.parse::<senders::ProfileId>().is_err() {
        errors.push(FieldError::body(
            "profile_id",
            "invalid",
            "a sending profile id",
        ));
    }
    let audience = Audience {
        tags_all: body.tags_all.clone(),
        tags_any: body.tags_any.clone(),
        exclude_tags: body.exclude_tags.clone(),
        language: body.language.clone(),
    };
    if let Err(ApiError::Validation { errors: more, .. }) = audience.check() {
        errors.extend(more);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// The template(s) a campaign sends: one, or its group (empty when the group has none).
pub async fn templates_of(
    state: &AppState,
    tenant: &TenantId,
    c: &Campaign,
) -> Result<Vec<Template>, ApiError> {
    match (&c.template_id, &c.template_group) {
        (Some(id), _) => match templates::load(state, tenant, id).await {
            Ok(t) => Ok(vec![t]),
            Err(ApiError::NotFound { .. }) => Ok(Vec::new()),
            Err(e) => Err(e),
        },
        (None, Some(g)) => templates::group(state, tenant, g).await,
        (None, None) => Ok(Vec::new()),
    }
}

/// What a campaign refers to must exist, and the sender must be on the profile's domain. Checked
/// at save and again before it starts (a template or profile may have gone since).
pub async fn check_refs(
    state: &AppState,
    tenant: &TenantId,
    c: &Campaign,
) -> Result<SendingProfile, ApiError> {
    let mut errors = Vec::new();
    if templates_of(state, tenant, c).await?.is_empty() {
        errors.push(match &c.template_id {
            Some(_) => FieldError::body("template_id", "not_found", "no such template"),
            None => FieldError::body("template_group", "not_found", "the group has no template"),
        });
    }
    let profile = match senders::load(state, tenant, &c.profile_id).await {
        Ok(p) => Some(p),
        Err(ApiError::NotFound { .. }) => {
            errors.push(FieldError::body(
                "profile_id",
                "not_found",
                "no such sending profile",
            ));
            None
        }
        Err(e) => return Err(e),
    };
    if let Some(ses) = profile.as_ref().and_then(|p| p.ses.as_ref()) {
        let domain = c.sender.from_email.rsplit('@').next().unwrap_or_default();
        if !domain.eq_ignore_ascii_case(&ses.from_domain) {
            errors.push(FieldError::body(
                "sender.from_email",
                "domain",
                format!("must be an address at {}", ses.from_domain),
            ));
        }
    }
    match profile {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(ApiError::validation(errors)),
    }
}

fn apply(c: &mut Campaign, body: CampaignBody) {
    c.name = body.name.trim().to_owned();
    c.template_id = body.template_id;
    c.template_group = body.template_group;
    c.language = body.language;
    c.category = body.category.map(|s| s.trim().to_owned());
    c.tags_all = body.tags_all;
    c.tags_any = body.tags_any;
    c.exclude_tags = body.exclude_tags;
    c.scheduled_at = body
        .scheduled_at
        .as_deref()
        .and_then(kernel::time::parse_rfc3339)
        .map(kernel::time::rfc3339);
    c.sender = Sender {
        from_name: body.sender.from_name.trim().to_owned(),
        from_email: kernel::text::normalise_email(&body.sender.from_email).unwrap_or_default(),
        reply_to: body
            .sender
            .reply_to
            .as_deref()
            .and_then(kernel::text::normalise_email),
    };
    c.profile_id = body.profile_id;
}

/// Creates a draft campaign with its progress and count shards (one transaction).
pub async fn create(
    state: &AppState,
    caller: &Caller<'_>,
    body: CampaignBody,
) -> Result<Campaign, ApiError> {
    let tenant = caller.tenant;
    check(&body)?;
    let at = now();
    let mut c = Campaign {
        id: CampaignId::new().to_string(),
        name: String::new(),
        status: State::Draft,
        template_id: None,
        template_group: None,
        language: None,
        category: None,
        tags_all: Vec::new(),
        tags_any: Vec::new(),
        exclude_tags: Vec::new(),
        scheduled_at: None,
        sender: body.sender.clone(),
        profile_id: String::new(),
        pause_reason: None,
        started_at: None,
        finished_at: None,
        created_at: at.clone(),
        updated_at: at,
        version: 1,
        stats: None,
    };
    apply(&mut c, body);
    check_refs(state, tenant, &c).await?;
    persist::campaign::create(state, tenant, &c).await?;
    Ok(c)
}

pub async fn load(state: &AppState, tenant: &TenantId, id: &str) -> Result<Campaign, ApiError> {
    persist::campaign::load(state, tenant, id)
        .await?
        .ok_or_else(not_found)
}

/// The campaign's progress (strongly consistent).
pub async fn progress(state: &AppState, tenant: &TenantId, id: &str) -> Result<Progress, ApiError> {
    Ok(crate::persist::progress::load(state, tenant, id)
        .await?
        .unwrap_or_default())
}

/// The campaign with its counts: one BatchGetItem of the campaign, its progress and its shards.
pub async fn load_with_stats(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
) -> Result<Campaign, ApiError> {
    let tenant = caller.tenant;
    persist::campaign::load_with_stats(state, tenant, id)
        .await?
        .ok_or_else(not_found)
}

/// Replaces a campaign's content (only in draft, scheduled or paused), conditional on the version
/// read. Once sending has started, the audience stays as it was (the fan-out's checkpoint is a
/// place in that audience); the content, sender and schedule may change.
pub async fn replace(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
    body: CampaignBody,
) -> Result<Campaign, ApiError> {
    let tenant = caller.tenant;
    check(&body)?;
    let old = load(state, tenant, id).await?;
    if body.version.is_some_and(|v| v != old.version) {
        return Err(changed());
    }
    if !old.status.editable() {
        return Err(ApiError::Conflict {
            detail: format!(
                "a {} campaign cannot be edited (only draft, scheduled or paused ones)",
                state_name(old.status)
            ),
        });
    }
    let mut c = old.clone();
    apply(&mut c, body);
    if old.started_at.is_some() && c.audience() != old.audience() {
        return Err(ApiError::Conflict {
            detail: "the audience of a campaign that has started sending cannot change".into(),
        });
    }
    if c.status == State::Scheduled && c.scheduled_epoch().is_none() {
        return Err(ApiError::validation(vec![FieldError::body(
            "scheduled_at",
            "required",
            "a scheduled campaign needs a time (or cancel it first)",
        )]));
    }
    if c == old {
        return Ok(old);
    }
    check_refs(state, tenant, &c).await?;
    c.version += 1;
    c.updated_at = now();
    if persist::campaign::put_if_version(state, tenant, &c, old.version).await? {
        Ok(c)
    } else {
        Err(changed())
    }
}

/// Deletes a campaign that is not sending, with its progress and count shards. Chunks still in
/// the queue find no campaign and are dropped; send records expire with their TTL.
pub async fn delete(state: &AppState, caller: &Caller<'_>, id: &str) -> Result<(), ApiError> {
    let tenant = caller.tenant;
    let c = load(state, tenant, id).await?;
    if !c.status.deletable() {
        return Err(ApiError::Conflict {
            detail: "a running campaign cannot be deleted; pause or cancel it first".into(),
        });
    }
    if !persist::campaign::delete(state, tenant, &c).await? {
        return Err(changed());
    }
    // Parked chunks (a paused campaign): nothing will send them now.
    crate::persist::parked::delete_all(state, tenant, id).await?;
    Ok(())
}

/// A page of campaigns, oldest first, optionally of one status.
pub async fn list(
    state: &AppState,
    caller: &Caller<'_>,
    status: Option<State>,
    page: &PageParams,
) -> Result<(Vec<Campaign>, Option<String>), ApiError> {
    let tenant = caller.tenant;
    let found = persist::campaign::list(state, tenant, status.map(state_name), page).await?;
    Ok((found.items, found.next_cursor))
}

/// One campaign's figures in the campaigns report.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CampaignFigures {
    pub id: String,
    pub name: String,
    pub status: State,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub stats: persist::campaign::Stats,
}

/// A page of campaigns with their figures, and the page's totals.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CampaignReport {
    pub items: Vec<CampaignFigures>,
    /// The campaigns of this page summed (rates recomputed on the sums, per send).
    pub totals: persist::campaign::Stats,
    pub next_cursor: Option<String>,
}

/// A page of the organisation's campaigns with their counts: the page's query and one
/// BatchGetItem per 11 campaigns, whatever the number of sends and events.
pub async fn report(
    state: &AppState,
    caller: &Caller<'_>,
    status: Option<State>,
    page: &PageParams,
) -> Result<CampaignReport, ApiError> {
    let (campaigns, next_cursor) = list(state, caller, status, page).await?;
    let campaigns = persist::campaign::with_stats(state, caller.tenant, campaigns).await?;
    let mut sum = persist::send::Counts::default();
    let mut to_send = 0;
    let items: Vec<CampaignFigures> = campaigns
        .into_iter()
        .map(|c| {
            let stats = c.stats.unwrap_or_default();
            let e = &stats.events;
            to_send += stats.to_send;
            sum.absorb(&persist::send::Counts {
                sent: stats.sent,
                failed: stats.failed,
                skipped: stats.skipped,
                delivered: e.delivered,
                opened: e.opens,
                opened_unique: e.unique_opens,
                clicked: e.clicks,
                clicked_unique: e.unique_clicks,
                bounced: e.bounced,
                bounced_hard: e.hard_bounced,
                bounced_soft: e.soft_bounced,
                complained: e.complained,
                unsubscribed: e.unsubscribed,
            });
            CampaignFigures {
                id: c.id,
                name: c.name,
                status: c.status,
                started_at: c.started_at,
                finished_at: c.finished_at,
                stats,
            }
        })
        .collect();
    Ok(CampaignReport {
        totals: persist::campaign::Stats {
            to_send,
            sent: sum.sent,
            failed: sum.failed,
            skipped: sum.skipped,
            fanout_done: items.iter().all(|i| i.stats.fanout_done),
            events: persist::campaign::CampaignEventStats::of(&sum),
        },
        items,
        next_cursor,
    })
}

pub fn state_name(s: State) -> &'static str {
    match s {
        State::Draft => "draft",
        State::Scheduled => "scheduled",
        State::Running => "running",
        State::Paused => "paused",
        State::Cancelled => "cancelled",
        State::Finished => "finished",
    }
}

fn illegal(from: State, verb: &str) -> ApiError {
    ApiError::Conflict {
        detail: format!("a {} campaign cannot be {verb}", state_name(from)),
    }
}

/// Writes a move (conditional on the version read); `Err(409)` when another request moved it
/// first.
async fn write_move(
    state: &AppState,
    tenant: &TenantId,
    old: &Campaign,
    next: &Campaign,
) -> Result<(), ApiError> {
    if persist::campaign::put_if_version(state, tenant, next, old.version).await? {
        Ok(())
    } else {
        Err(changed())
    }
}

fn moved(old: &Campaign, to: State) -> Campaign {
    let mut c = old.clone();
    c.status = to;
    c.version += 1;
    c.updated_at = now();
    c.stats = None;
    c
}

/// `POST …/send`: starts the campaign now, or schedules it when its `scheduled_at` is in the
/// future. A paused campaign continues where it stopped.
pub async fn send(state: &AppState, tenant: &TenantId, id: &str) -> Result<Moved, ApiError> {
    let old = load(state, tenant, id).await?;
    let future = old
        .scheduled_epoch()
        .is_some_and(|at| at > kernel::time::now().unix_timestamp());
    let m = if future && old.status != State::Scheduled {
        Move::Schedule
    } else {
        Move::Start
    };
    let Some(to) = old.status.after(m) else {
        return Err(illegal(old.status, "sent"));
    };
    if m == Move::Start && old.status == State::Scheduled && future {
        return Err(ApiError::Conflict {
            detail: "the campaign is scheduled; cancel the schedule to send it now".into(),
        });
    }
    check_refs(state, tenant, &old).await?;
    let mut c = moved(&old, to);
    if to == State::Running {
        start(state, tenant, &old, &mut c).await
    } else {
        write_move(state, tenant, &old, &c).await?;
        Ok(Moved::to(c))
    }
}

/// A move made: the campaign as written, what must happen next (for the runner,
/// `pipeline::run`), and how it was before (a start is undone if what follows cannot be queued).
#[derive(Debug)]
pub struct Moved {
    pub campaign: Campaign,
    pub then: Vec<lifecycle::Action>,
    before: Option<Campaign>,
}

impl Moved {
    fn to(campaign: Campaign) -> Self {
        Self {
            then: lifecycle::after_move(campaign.status),
            campaign,
            before: None,
        }
    }
}

/// Puts a started campaign back as it was before the start (unless someone moved it meanwhile):
/// what had to follow the start could not be queued.
pub async fn undo(state: &AppState, tenant: &TenantId, m: &Moved) {
    let Some(before) = &m.before else {
        return;
    };
    let mut back = before.clone();
    back.version = m.campaign.version + 1;
    back.updated_at = now();
    if let Err(e) =
        persist::campaign::put_if_version(state, tenant, &back, m.campaign.version).await
    {
        tracing::warn!(error = %e, campaign = %m.campaign.id, "a failed start was not undone");
    }
}

/// Moves a campaign to running; what must run then (the fan-out, the chunks parked while it
/// was paused) is the runner's, which undoes the move if nothing could be queued.
async fn start(
    state: &AppState,
    tenant: &TenantId,
    old: &Campaign,
    c: &mut Campaign,
) -> Result<Moved, ApiError> {
    c.pause_reason = None;
    if c.started_at.is_none() {
        c.started_at = Some(now());
    }
    write_move(state, tenant, old, c).await?;
    Ok(Moved {
        then: lifecycle::after_move(c.status),
        campaign: c.clone(),
        before: Some(old.clone()),
    })
}

/// `POST …/pause`, `…/resume`, `…/cancel` (cancel on a scheduled campaign unschedules it: back to
/// draft).
pub async fn act(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    command: Command,
) -> Result<Moved, ApiError> {
    let old = load(state, tenant, id).await?;
    let (m, verb) = match command {
        Command::Pause => (Move::Pause, "paused"),
        Command::Resume => (Move::Resume, "resumed"),
        Command::Cancel if old.status == State::Scheduled => (Move::Unschedule, "cancelled"),
        Command::Cancel => (Move::Cancel, "cancelled"),
    };
    let Some(to) = old.status.after(m) else {
        return Err(illegal(old.status, verb));
    };
    let mut c = moved(&old, to);
    match m {
        Move::Resume => {
            check_refs(state, tenant, &old).await?;
            return start(state, tenant, &old, &mut c).await;
        }
        Move::Cancel => {
            c.finished_at = Some(now());
            write_move(state, tenant, &old, &c).await?;
        }
        _ => write_move(state, tenant, &old, &c).await?,
    }
    Ok(Moved::to(c))
}

/// What a caller asks of a running, paused or scheduled campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Pause,
    Resume,
    Cancel,
}

/// The platform's own moves: finish (every chunk done), pause (the sender refuses everything),
/// start (a schedule came due). Conditional on the state the caller saw; `None` when the campaign
/// was not in it any more (someone else moved it: nothing to do).
pub async fn system_move(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    m: Move,
    reason: Option<String>,
) -> Result<Option<Moved>, ApiError> {
    let old = match load(state, tenant, id).await {
        Ok(c) => c,
        Err(ApiError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(to) = old.status.after(m) else {
        return Ok(None);
    };
    let mut c = moved(&old, to);
    match m {
        Move::Finish => c.finished_at = Some(now()),
        Move::Pause => c.pause_reason = reason,
        Move::Start => {
            if let Err(e) = check_refs(state, tenant, &old).await {
                // A scheduled campaign that can no longer start goes back to draft, saying why.
                let mut back = moved(&old, State::Draft);
                back.pause_reason = Some(format!("could not start: {e}"));
                return match write_move(state, tenant, &old, &back).await {
                    Ok(()) | Err(ApiError::Conflict { .. }) => Ok(None),
                    Err(e) => Err(e),
                };
            }
            return match start(state, tenant, &old, &mut c).await {
                Ok(moved) => Ok(Some(moved)),
                Err(ApiError::Conflict { .. }) => Ok(None),
                Err(e) => Err(e),
            };
        }
        _ => {}
    }
    match write_move(state, tenant, &old, &c).await {
        Ok(()) => Ok(Some(Moved::to(c))),
        Err(ApiError::Conflict { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
