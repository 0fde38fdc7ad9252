//! What happens to what the platform sent: delivery events from every sender (SES through
//! EventBridge or SNS, MailWizz, PowerMTA, the generic shape), matched to the organisation's
//! contact and campaign, counted exactly once, and acted on by the organisation's bounce rules.
//!
//! Failure semantics, per event:
//! - counts (campaign, contact, day, sending profile): exactly once. The event's create-only put
//!   and every count move in one transaction ([`crate::persist::events`]); a redelivery finds the
//!   event and moves nothing.
//! - the rule's action (suppress, unsubscribe, delete) and the auto-pause check: at least once,
//!   each idempotent. They run after the transaction and the event is then marked `applied`; an
//!   event recorded but not applied (the worker stopped in between) is completed by the redelivery.
//! - `contact.bounced` / `contact.complained`: from the event's change to `applied` on the
//!   table's stream (the event publisher), so once per event.

pub mod parse;
pub mod rules;
pub mod sns;

use crate::contacts::{self, ContactStatus};
use crate::lifecycle::{Move, State};
use crate::persist::events::{self as persist, ProfileDay, Recorded, StoredEvent};
use crate::suppression::{self, Reason};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use rules::{BounceRules, RuleAction};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use crate::persist::events::{BounceClass, EventKind, Source};

/// One event as read from its sender, before it is matched to a contact and a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Parsed {
    /// Derived from what the sender says about the event: the same event posted twice has the
    /// same id.
    #[schema(example = "evt_5f0c6a1d9e2b4c7a8d3e1f0a2b4c6d8e")]
    pub id: String,
    pub kind: EventKind,
    pub bounce: Option<BounceClass>,
    #[schema(example = "ana.souza@globex.com")]
    pub email: String,
    pub campaign_id: Option<String>,
    pub message_id: Option<String>,
    /// The clicked link.
    pub url: Option<String>,
    /// When it happened (epoch seconds).
    pub at: i64,
    pub source: Source,
    /// The sender's diagnostic (a DSN line, a bounce sub-type, a feedback type).
    pub detail: Option<String>,
    /// The sending profile the message went through, where the sender says (SES's `profile` tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<String>,
}

/// An event as the API lists it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    #[schema(example = "evt_5f0c6a1d9e2b4c7a8d3e1f0a2b4c6d8e")]
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EventKind,
    pub bounce_type: Option<BounceClass>,
    #[schema(example = "ana.souza@globex.com")]
    pub email: String,
    pub contact_id: Option<String>,
    pub campaign_id: Option<String>,
    pub message_id: Option<String>,
    pub url: Option<String>,
    /// When it happened (RFC 3339).
    pub occurred_at: String,
    pub received_at: String,
    pub source: Source,
    pub detail: Option<String>,
    /// What the bounce rules did (`none`, `unsubscribe`, `suppress`, `delete`); absent while the
    /// event is being applied.
    pub action: Option<String>,
}

impl EventView {
    pub fn of(e: StoredEvent) -> Self {
        Self {
            id: e.id,
            kind: e.kind,
            bounce_type: e.bounce,
            email: e.email,
            contact_id: e.contact_id,
            campaign_id: e.campaign_id,
            message_id: e.message_id,
            url: e.url,
            occurred_at: kernel::time::rfc3339_at(e.at),
            received_at: kernel::time::rfc3339_at(e.received_at),
            source: e.source,
            detail: e.detail,
            action: if e.applied { e.action } else { None },
        }
    }
}

/// What applying one event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Counted, and the rule's action taken (its name).
    Counted { action: &'static str },
    /// Applied before: nothing moved again.
    Duplicate,
}

/// What one worker invocation reads once per organisation: the rules, the retention, and the
/// campaigns its events name.
pub struct Context {
    pub tenant: TenantId,
    pub rules: BounceRules,
    ttl_secs: i64,
    campaigns: HashMap<String, Option<(State, String)>>,
}

impl Context {
    pub async fn load(state: &AppState, tenant: &TenantId) -> Result<Self, ApiError> {
        let rules = persist::rules(state, tenant).await?;
        let ttl_secs = access::retention::Retention::load(&state.store, tenant)
            .await?
            .delivery_events_secs();
        Ok(Self {
            tenant: tenant.clone(),
            rules,
            ttl_secs,
            campaigns: HashMap::new(),
        })
    }

    /// Reads the campaigns the events name (once each), so the events can then be applied
    /// concurrently against one shared context.
    pub async fn preload(&mut self, state: &AppState, events: &[Parsed]) -> Result<(), ApiError> {
        for p in events {
            if let Some(id) = &p.campaign_id {
                if !self.campaigns.contains_key(id) {
                    let found = crate::persist::campaign::load(state, &self.tenant, id)
                        .await?
                        .map(|c| (c.status, c.profile_id));
                    self.campaigns.insert(id.clone(), found);
                }
            }
        }
        Ok(())
    }
}

/// Applies one event for the context's organisation (see the module note for what is exact).
/// Whether an event of this kind has an action to take after it is counted (the others are
/// stored already `applied`: one write each, nothing after).
fn acts(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Bounced | EventKind::Complained | EventKind::Unsubscribed
    )
}

/// The context must have been [`Context::preload`]ed with this event.
pub async fn apply(state: &AppState, ctx: &Context, p: &Parsed) -> Result<Applied, ApiError> {
    let tenant = &ctx.tenant;
    let contact_id = crate::persist::contact::holder_of(state, tenant, &p.email).await?;
    let campaign = p.campaign_id.as_ref().and_then(|id| {
        ctx.campaigns
            .get(id)
            .cloned()
            .flatten()
            .map(|c| (id.clone(), c))
    });
    let acts = acts(p.kind);
    let e = StoredEvent {
        id: p.id.clone(),
        kind: p.kind,
        bounce: p.bounce,
        email: p.email.clone(),
        contact_id,
        campaign_id: campaign.as_ref().map(|(id, _)| id.clone()),
        message_id: p.message_id.clone(),
        url: p.url.clone(),
        at: p.at,
        received_at: kernel::time::now().unix_timestamp(),
        source: p.source,
        detail: p.detail.clone(),
        applied: !acts,
        action: (!acts).then(|| "none".to_owned()),
    };
    let profile = campaign
        .as_ref()
        .map(|(_, (_, profile))| profile.as_str())
        .or(p.profile_id.as_deref())
        .map(|profile| ProfileDay {
            profile,
            day: p.at.div_euclid(86_400),
        });
    // The event's put fails when it was recorded before: then only an action left undone by an
    // interrupted invocation remains to take.
    let stored = match persist::record(state, tenant, &e, profile, ctx.ttl_secs).await? {
        Recorded::New if !acts => return Ok(Applied::Counted { action: "none" }),
        Recorded::New => e,
        Recorded::Duplicate => match persist::load(state, tenant, &p.id).await? {
            Some(e) if !e.applied => e,
            _ => return Ok(Applied::Duplicate),
        },
    };
    let action = act(state, ctx, &stored).await?;
    if let Some(campaign) = &stored.campaign_id {
        if matches!(stored.kind, EventKind::Bounced | EventKind::Complained) {
            auto_pause(state, ctx, campaign).await?;
        }
    }
    persist::mark_applied(state, tenant, &stored.id, action).await?;
    Ok(Applied::Counted { action })
}

/// A subscribed contact becomes `unsubscribed` (a gone contact or another status stays).
async fn unsubscribe_contact(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<(), ApiError> {
    match contacts::load(state, tenant, id).await {
        Ok(c) if c.status == ContactStatus::Subscribed => {
            contacts::set_status(state, tenant, id, ContactStatus::Unsubscribed).await?;
            Ok(())
        }
        Ok(_) | Err(ApiError::NotFound { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Takes the rule's action for the event; idempotent, so a repeat after an interruption changes
/// nothing more.
async fn act(state: &AppState, ctx: &Context, e: &StoredEvent) -> Result<&'static str, ApiError> {
    let tenant = &ctx.tenant;
    if e.kind == EventKind::Unsubscribed {
        // As the one-click link does: the contact unsubscribed and its address suppressed.
        let done = match &e.contact_id {
            Some(id) => suppression::unsubscribe(
                state,
                &suppression::Unsubscribe {
                    tenant: tenant.clone(),
                    contact_id: id.clone(),
                    campaign_id: e.campaign_id.clone(),
                },
            )
            .await?
            .is_some(),
            None => false,
        };
        if !done {
            suppression::add(
                state,
                tenant,
                &e.email,
                Reason::Unsubscribed,
                e.campaign_id.clone(),
            )
            .await?;
        }
        return Ok("unsubscribe");
    }
    let Some(rule) = rules::rule_for(&ctx.rules, e.kind, e.bounce) else {
        return Ok("none");
    };
    if rule.action == RuleAction::None {
        return Ok("none");
    }
    // The contact's count of this kind, this event included; an address without a contact is
    // judged on this event alone.
    let count = match &e.contact_id {
        Some(id) => persist::bounce_counts(state, tenant, id)
            .await?
            .of(e.kind, e.bounce),
        None => 1,
    };
    if count < u64::from(rule.threshold) {
        return Ok("none");
    }
    let (reason, status) = match e.kind {
        EventKind::Complained => (Reason::Complained, ContactStatus::Complained),
        _ => (Reason::Bounced, ContactStatus::Bounced),
    };
    if matches!(rule.action, RuleAction::Suppress | RuleAction::Delete) {
        suppression::add(state, tenant, &e.email, reason, e.campaign_id.clone()).await?;
    }
    let Some(id) = &e.contact_id else {
        return Ok(rule.action.as_str());
    };
    match rule.action {
        RuleAction::None => {}
        RuleAction::Unsubscribe => unsubscribe_contact(state, tenant, id).await?,
        RuleAction::Suppress => {
            contacts::set_status(state, tenant, id, status).await?;
        }
        RuleAction::Delete => contacts::remove(state, tenant, id).await?,
    }
    Ok(rule.action.as_str())
}

/// Pauses a running campaign whose hard bounces or complaints passed the organisation's
/// thresholds, saying why (`campaign.paused` follows from the state change).
async fn auto_pause(state: &AppState, ctx: &Context, campaign: &str) -> Result<(), ApiError> {
    let Some(c) = crate::persist::campaign::load_with_stats(state, &ctx.tenant, campaign).await?
    else {
        return Ok(());
    };
    if c.status != State::Running {
        return Ok(());
    }
    let Some(stats) = &c.stats else {
        return Ok(());
    };
    let Some(reason) = rules::pause_reason(
        &ctx.rules.auto_pause,
        stats.sent,
        stats.events.hard_bounced,
        stats.events.complained,
    ) else {
        return Ok(());
    };
    tracing::warn!(campaign, %reason, "campaign paused by its delivery events");
    match crate::campaign::system_move(state, &ctx.tenant, campaign, Move::Pause, Some(reason))
        .await
    {
        // Moved meanwhile by someone else (a user's pause, another event's): theirs stands.
        Ok(_) | Err(ApiError::Conflict { .. }) => {}
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Events of one post applied at once.
const APPLY_CONCURRENCY: usize = 8;

/// What the ingest route queues: one sender's post, as it came, for the worker to read and apply.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InboundPost {
    pub tenant: TenantId,
    pub source: Source,
    /// When the platform took it (epoch seconds): dates events that carry no time.
    pub received_at: i64,
    pub body: String,
}

/// The inbound worker's handler: reads the post and applies its events in order. At the deadline
/// it gives the message back; the redelivery skips what was applied (one read each).
pub async fn handle_post(
    state: &AppState,
    m: InboundPost,
    d: platform::worker::Delivery,
) -> Result<(), platform::worker::MessageError> {
    use platform::worker::MessageError;
    let body: serde_json::Value = serde_json::from_str(&m.body)
        .map_err(|e| MessageError::Permanent(format!("not JSON: {e}")))?;
    let reading = parse::read(m.source, &body, m.received_at)
        .map_err(|e| MessageError::Permanent(format!("{} fields refused", e.len())))?;
    if reading.events.is_empty() {
        return Ok(());
    }
    use futures::StreamExt;
    let mut ctx = Context::load(state, &m.tenant).await?;
    ctx.preload(state, &reading.events).await?;
    // Events of one post apply concurrently: each is exact on its own (conditions, not order).
    let (ctx, d) = (&ctx, &d);
    let results: Vec<Result<Applied, MessageError>> = futures::stream::iter(reading.events)
        .map(|p: Parsed| async move {
            if !d.has_time_for(std::time::Duration::from_secs(2)) {
                return Err(MessageError::Retryable(
                    "the invocation's deadline is near; the rest on redelivery".into(),
                ));
            }
            apply(state, ctx, &p).await.map_err(MessageError::from)
        })
        .buffer_unordered(APPLY_CONCURRENCY)
        .collect()
        .await;
    // Any failure gives the message back; what was applied is a cheap duplicate next time.
    results
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map(|_| ())
}

/// A page of events.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventList {
    pub items: Vec<EventView>,
    pub next_cursor: Option<String>,
}

fn list_of(page: store::Page<StoredEvent>) -> EventList {
    EventList {
        items: page.items.into_iter().map(EventView::of).collect(),
        next_cursor: page.next_cursor,
    }
}

/// A campaign's events, newest first (404 for a campaign the organisation does not have).
pub async fn list_for_campaign(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    kind: Option<EventKind>,
    page: &store::PageParams,
) -> Result<EventList, ApiError> {
    crate::campaign::load(state, tenant, campaign_id).await?;
    Ok(list_of(
        persist::for_campaign(state, tenant, campaign_id, kind, page).await?,
    ))
}

/// A contact's events, newest first (404 for a contact the organisation does not have).
pub async fn list_for_contact(
    state: &AppState,
    tenant: &TenantId,
    contact_id: &str,
    kind: Option<EventKind>,
    page: &store::PageParams,
) -> Result<EventList, ApiError> {
    contacts::load(state, tenant, contact_id).await?;
    Ok(list_of(
        persist::for_contact(state, tenant, contact_id, kind, page).await?,
    ))
}

/// The `type` filter of an event listing (a 400 naming it when it is not an event type).
pub fn kind_filter(raw: Option<String>) -> Result<Option<EventKind>, ApiError> {
    match raw {
        None => Ok(None),
        Some(t) => EventKind::parse(&t).map(Some).ok_or_else(|| {
            ApiError::invalid_field(
                kernel::error::Location::Query,
                "type",
                "invalid",
                "one of delivered, opened, clicked, bounced, complained, unsubscribed",
            )
        }),
    }
}

/// Reads the organisation's bounce rules.
pub async fn bounce_rules(state: &AppState, tenant: &TenantId) -> Result<BounceRules, ApiError> {
    Ok(persist::rules(state, tenant).await?)
}

/// Replaces the organisation's bounce rules (422 naming a value out of range; 409 when another
/// change came first). Applies to events applied from now on.
pub async fn set_bounce_rules(
    state: &AppState,
    tenant: &TenantId,
    body: rules::BounceRulesBody,
) -> Result<BounceRules, ApiError> {
    let errors = body.check();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if let Some(slug) = body.invalid_address.as_ref().and_then(|r| r.tag.as_ref()) {
        crate::tags::must_exist(state, tenant, slug, "invalid_address.tag").await?;
    }
    let current = persist::rules(state, tenant).await?;
    let next = BounceRules {
        soft: body.soft,
        hard: body.hard,
        complaint: body.complaint,
        auto_pause: body.auto_pause.unwrap_or(current.auto_pause),
        invalid_address: body.invalid_address.unwrap_or(current.invalid_address),
        version: current.version + 1,
        updated_at: Some(kernel::time::rfc3339(kernel::time::now())),
    };
    if !persist::save_rules(state, tenant, &next).await? {
        return Err(ApiError::Conflict {
            detail: "the bounce rules changed meanwhile; read them again".into(),
        });
    }
    Ok(next)
}

/// One UTC day of the organisation's delivery events.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DayStats {
    /// `YYYY-MM-DD` (UTC).
    #[schema(example = "2026-12-01")]
    pub date: String,
    #[serde(flatten)]
    pub counts: persist::DayCounts,
}

/// The organisation's delivery events over the last `days` days (today included): the daily
/// series, the totals and the rates that mailbox providers judge.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventStats {
    pub days: u32,
    pub series: Vec<DayStats>,
    pub totals: persist::DayCounts,
    /// Bounces per message that reached a mailbox or bounced (`bounced / (delivered + bounced)`),
    /// in percent, two decimals.
    pub bounce_rate: f64,
    /// Hard bounces on the same base, in percent.
    pub hard_bounce_rate: f64,
    /// Complaints per delivered message, in percent.
    pub complaint_rate: f64,
    /// Unsubscribes per delivered message, in percent.
    pub unsubscribe_rate: f64,
}

/// The days a stats request may cover.
pub const MAX_STATS_DAYS: u32 = 90;

/// The organisation's event stats of the last `days` UTC days: a fixed number of reads for the
/// range (its day shards), whatever the number of events.
pub async fn stats(state: &AppState, tenant: &TenantId, days: u32) -> Result<EventStats, ApiError> {
    if !(1..=MAX_STATS_DAYS).contains(&days) {
        return Err(ApiError::validation(vec![kernel::error::FieldError::new(
            kernel::error::Location::Query,
            "days",
            "out_of_range",
            format!("from 1 to {MAX_STATS_DAYS}"),
        )]));
    }
    let today = kernel::time::now().unix_timestamp().div_euclid(86_400);
    let first = today - i64::from(days) + 1;
    let counts = persist::day_counts(state, tenant, first, today).await?;
    let mut totals = persist::DayCounts::default();
    let series = counts
        .into_iter()
        .map(|(day, c)| {
            totals.absorb(&c);
            DayStats {
                date: kernel::time::rfc3339_at(day * 86_400)
                    .chars()
                    .take(10)
                    .collect(),
                counts: c,
            }
        })
        .collect();
    let pct = |n: u64, base: u64| {
        if base == 0 {
            0.0
        } else {
            (n as f64 * 10_000.0 / base as f64).round() / 100.0
        }
    };
    let reached = totals.delivered + totals.bounced;
    Ok(EventStats {
        days,
        series,
        bounce_rate: pct(totals.bounced, reached),
        hard_bounce_rate: pct(totals.bounced_hard, reached),
        complaint_rate: pct(totals.complained, totals.delivered),
        unsubscribe_rate: pct(totals.unsubscribed, totals.delivered),
        totals,
    })
}
