//! Delivery events and the counts they move.
//!
//! An event is one item keyed by its id (its own partition), listed under its contact (GSI1) and
//! under its campaign (GSI2, sharded by recipient). Recording it is one transaction: the event
//! (create-only), the recipient's first-of-kind marker for unique opens and clicks (create-only),
//! the campaign's count shard, the contact's bounce counts, the organisation's day counts and the
//! sending profile's day figures. So a redelivered event moves nothing (its put fails), and two
//! different opens of one recipient count one unique open between them (one marker put fails,
//! and that transaction is written again without it).
//!
//! The rule's action comes after the transaction and is marked on the event (`applied`): an event
//! whose marker is there but not applied had its action interrupted, and a redelivery completes it.

use crate::warmup::DayFigures;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::{Deserialize, Serialize};
use store::expr::{Update, Value};
use store::{keys, Filter, Page, PageParams, PutMode, Record, StoreError, TxOp};

const EVENT: &str = "CAMPAIGN_EVENT";
const FIRST: &str = "CAMPAIGN_FIRST";
const BOUNCES: &str = "CONTACT_BOUNCES";
const DAY: &str = "EVENT_DAY";
const RULES: &str = "BOUNCE_RULES";
const COUNTER: &str = "COUNTER";
/// Day counts are read by reports for 90 days.
const DAY_TTL_SECS: i64 = 100 * 86_400;
/// The sending profile's day figures are read by the warm-up the next day.
const FIGURE_TTL_SECS: i64 = 40 * 86_400;

/// What happened to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Delivered,
    Opened,
    Clicked,
    Bounced,
    Complained,
    Unsubscribed,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Delivered,
        EventKind::Opened,
        EventKind::Clicked,
        EventKind::Bounced,
        EventKind::Complained,
        EventKind::Unsubscribed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::Opened => "opened",
            Self::Clicked => "clicked",
            Self::Bounced => "bounced",
            Self::Complained => "complained",
            Self::Unsubscribed => "unsubscribed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A bounce's class: hard (the address will never take mail) or soft (it may later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum BounceClass {
    Hard,
    Soft,
}

/// Who reported an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Ses,
    Mailwizz,
    Powermta,
    Generic,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ses => "ses",
            Self::Mailwizz => "mailwizz",
            Self::Powermta => "powermta",
            Self::Generic => "generic",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Ses, Self::Mailwizz, Self::Powermta, Self::Generic]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// What happens to a contact whose bounces or complaints reach the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleAction {
    /// Counted only.
    None,
    /// The contact becomes `unsubscribed` (never mailed; it may subscribe again).
    Unsubscribe,
    /// The address joins the suppression list and the contact becomes `bounced` or
    /// `complained`: never mailed again, whatever imports say.
    Suppress,
    /// The address is suppressed and the contact deleted.
    Delete,
}

impl RuleAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Unsubscribe => "unsubscribe",
            Self::Suppress => "suppress",
            Self::Delete => "delete",
        }
    }
}

/// One kind's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Events of this kind for one contact (all campaigns) that trigger the action, 1 to 100.
    #[schema(minimum = 1, maximum = 100, example = 2)]
    pub threshold: u32,
    pub action: RuleAction,
}

/// When a running campaign pauses itself.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoPause {
    pub enabled: bool,
    /// Sends counted before rates are judged, 10 to 1,000,000.
    #[schema(minimum = 10, maximum = 1_000_000, example = 200)]
    pub min_sample: u64,
    /// Hard bounces per send, in percent (0.1 to 50), above which the campaign pauses.
    #[schema(minimum = 0.1, maximum = 50, example = 5.0)]
    pub bounce_rate_percent: f64,
    /// Complaints per send, in percent (0.01 to 10), above which the campaign pauses.
    #[schema(minimum = 0.01, maximum = 10, example = 0.1)]
    pub complaint_rate_percent: f64,
}

impl Default for AutoPause {
    fn default() -> Self {
        Self {
            enabled: true,
            min_sample: 200,
            bounce_rate_percent: 5.0,
            complaint_rate_percent: 0.1,
        }
    }
}

/// The rules as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BounceRules {
    pub soft: Rule,
    pub hard: Rule,
    pub complaint: Rule,
    #[serde(default)]
    pub auto_pause: AutoPause,
    /// What a validation run does with an address it finds invalid (unless the run says).
    #[serde(default)]
    pub invalid_address: InvalidAddressRule,
    /// Moves with each change (send it back as `If-Match`-like `version` to detect a concurrent change).
    #[serde(default)]
    pub version: u64,
    pub updated_at: Option<String>,
}

/// The organisation's rule for addresses a validation run finds invalid (the contact is marked
/// `invalid` either way, which keeps it out of every audience).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvalidAddressRule {
    /// `suppress` (default), `tag` or `none`.
    pub action: super::validation::InvalidAddressAction,
    /// The tag given, with `action: tag`.
    pub tag: Option<String>,
}

impl Default for BounceRules {
    fn default() -> Self {
        Self {
            soft: Rule {
                threshold: 2,
                action: RuleAction::None,
            },
            hard: Rule {
                threshold: 1,
                action: RuleAction::Suppress,
            },
            complaint: Rule {
                threshold: 1,
                action: RuleAction::Suppress,
            },
            auto_pause: AutoPause::default(),
            invalid_address: InvalidAddressRule::default(),
            version: 0,
            updated_at: None,
        }
    }
}

/// An event as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredEvent {
    pub id: String,
    pub kind: EventKind,
    pub bounce: Option<BounceClass>,
    pub email: String,
    pub contact_id: Option<String>,
    pub campaign_id: Option<String>,
    pub message_id: Option<String>,
    pub url: Option<String>,
    /// When it happened (epoch seconds).
    pub at: i64,
    pub received_at: i64,
    pub source: Source,
    pub detail: Option<String>,
    /// Whether the rule's action was taken (see the module note).
    #[serde(default)]
    pub applied: bool,
    /// The action taken (`none`, `unsubscribe`, `suppress`, `delete`), once applied.
    pub action: Option<String>,
}

impl StoredEvent {
    fn recipient(&self) -> &str {
        self.contact_id.as_deref().unwrap_or(&self.email)
    }
}

/// A contact's bounce and complaint counts (all campaigns).
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize)]
pub struct BounceCounts {
    #[serde(default)]
    pub soft: u64,
    #[serde(default)]
    pub hard: u64,
    #[serde(default)]
    pub complaints: u64,
}

impl BounceCounts {
    /// The attribute an event of this kind and class adds to (bounces and complaints only).
    fn field(kind: EventKind, bounce: Option<BounceClass>) -> Option<&'static str> {
        match (kind, bounce) {
            (EventKind::Bounced, Some(BounceClass::Hard)) => Some("hard"),
            (EventKind::Bounced, _) => Some("soft"),
            (EventKind::Complained, _) => Some("complaints"),
            _ => None,
        }
    }

    /// The count an event of this kind and class adds to (0 for other kinds).
    pub fn of(&self, kind: EventKind, bounce: Option<BounceClass>) -> u64 {
        match Self::field(kind, bounce) {
            Some("hard") => self.hard,
            Some("soft") => self.soft,
            Some(_) => self.complaints,
            None => 0,
        }
    }
}

/// One shard of the organisation's event counts of a day.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DayCounts {
    #[serde(default)]
    pub delivered: u64,
    #[serde(default)]
    pub opened: u64,
    #[serde(default)]
    pub clicked: u64,
    #[serde(default)]
    pub bounced: u64,
    #[serde(default)]
    pub bounced_hard: u64,
    #[serde(default)]
    pub bounced_soft: u64,
    #[serde(default)]
    pub complained: u64,
    #[serde(default)]
    pub unsubscribed: u64,
}

impl DayCounts {
    pub fn absorb(&mut self, o: &DayCounts) {
        self.delivered += o.delivered;
        self.opened += o.opened;
        self.clicked += o.clicked;
        self.bounced += o.bounced;
        self.bounced_hard += o.bounced_hard;
        self.bounced_soft += o.bounced_soft;
        self.complained += o.complained;
        self.unsubscribed += o.unsubscribed;
    }
}

#[derive(Serialize, Deserialize)]
struct FirstMarker<'a> {
    event_id: &'a str,
}

/// Where the event also counts against its sending profile's day (a hard bounce or complaint of
/// a campaign's message): the profile and the UTC day the event happened.
pub struct ProfileDay<'a> {
    pub profile: &'a str,
    pub day: i64,
}

/// What [`record`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    New,
    /// The event was recorded before (its put failed): nothing moved.
    Duplicate,
}

pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<StoredEvent>, StoreError> {
    state.store.get(&keys::campaign_event(tenant, id)).await
}

fn event_record<'a>(
    tenant: &TenantId,
    e: &'a StoredEvent,
    expires: i64,
) -> Record<'a, StoredEvent> {
    let mut r = Record::new(EVENT, keys::campaign_event(tenant, &e.id), e).expiring_at(expires);
    if let Some(c) = &e.contact_id {
        r = r.with_gsi1(keys::contact_event_in_list(tenant, c, e.at, &e.id));
    }
    if let Some(c) = &e.campaign_id {
        r = r.with_gsi2(keys::campaign_event_in_list(
            tenant,
            c,
            e.recipient(),
            e.at,
            &e.id,
        ));
    }
    r
}

/// The count attributes an event adds one to (on campaign shards and day shards alike).
fn counters(e: &StoredEvent, unique: bool) -> Vec<&'static str> {
    let mut out = vec![e.kind.as_str()];
    match (e.kind, e.bounce) {
        (EventKind::Bounced, Some(BounceClass::Hard)) => out.push("bounced_hard"),
        (EventKind::Bounced, _) => out.push("bounced_soft"),
        (EventKind::Opened, _) if unique => out.push("opened_unique"),
        (EventKind::Clicked, _) if unique => out.push("clicked_unique"),
        _ => {}
    }
    out
}

fn day_add(names: &[&'static str]) -> Update<DayCounts> {
    names
        .iter()
        .fold(Update::new().entity(DAY), |u, n| u.add(n, Value::number(1)))
}

/// Records the event and moves its counts, all at once (see the module note). `ttl` is the
/// organisation's retention for delivery events.
pub async fn record(
    state: &AppState,
    tenant: &TenantId,
    e: &StoredEvent,
    profile: Option<ProfileDay<'_>>,
    ttl: i64,
) -> Result<Recorded, StoreError> {
    let wants_unique =
        matches!(e.kind, EventKind::Opened | EventKind::Clicked) && e.campaign_id.is_some();
    match write(state, tenant, e, profile.as_ref(), ttl, wants_unique).await {
        Err(err) if wants_unique && err.failed_action() == Some(1) => {
            // Not this recipient's first of the kind: a total only.
            write(state, tenant, e, profile.as_ref(), ttl, false).await
        }
        other => other,
    }
}

async fn write(
    state: &AppState,
    tenant: &TenantId,
    e: &StoredEvent,
    profile: Option<&ProfileDay<'_>>,
    ttl: i64,
    unique: bool,
) -> Result<Recorded, StoreError> {
    let now = e.received_at;
    let mut ops = vec![TxOp::put(
        &event_record(tenant, e, now + ttl),
        PutMode::IfAbsent,
    )?];
    let names = counters(e, unique);
    if let Some(campaign) = &e.campaign_id {
        if unique {
            ops.push(TxOp::put(
                &Record::new(
                    FIRST,
                    keys::campaign_first(tenant, campaign, e.recipient(), e.kind.as_str()),
                    &FirstMarker { event_id: &e.id },
                )
                .expiring_at(now + ttl),
                PutMode::IfAbsent,
            )?);
        }
        ops.push(crate::persist::campaign::add_to_count_shard(
            tenant,
            campaign,
            e.recipient(),
            &names,
        )?);
    }
    if let Some(contact) = &e.contact_id {
        if let Some(f) = BounceCounts::field(e.kind, e.bounce) {
            ops.push(TxOp::upsert(
                keys::contact_bounces(tenant, contact),
                &Update::<BounceCounts>::new()
                    .entity(BOUNCES)
                    .add(f, Value::number(1)),
            )?);
        }
    }
    ops.push(TxOp::upsert(
        keys::event_day_count(tenant, e.at.div_euclid(86_400), &e.id),
        &day_add(&counters(e, false)).set_if_absent(keys::TTL, &(now + DAY_TTL_SECS)),
    )?);
    if let Some(p) = profile {
        let figure = match (e.kind, e.bounce) {
            (EventKind::Bounced, Some(BounceClass::Hard)) => Some("bounced"),
            (EventKind::Complained, _) => Some("complained"),
            _ => None,
        };
        if let Some(f) = figure {
            ops.push(TxOp::upsert(
                keys::sender_window(tenant, p.profile, "DAY", p.day),
                &Update::<DayFigures>::new()
                    .entity(COUNTER)
                    .set_if_absent(keys::TTL, &(now + FIGURE_TTL_SECS))
                    .add(f, Value::number(1)),
            )?);
        }
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(Recorded::New),
        Err(err) if err.failed_action() == Some(0) => Ok(Recorded::Duplicate),
        Err(err) => Err(err),
    }
}

/// Marks the event's action taken.
pub async fn mark_applied(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    action: &str,
) -> Result<(), StoreError> {
    state
        .store
        .apply(
            &keys::campaign_event(tenant, id),
            &Update::<StoredEvent>::new()
                .set("applied", &true)
                .set("action", &action),
        )
        .await
        .map(|_| ())
}

/// A contact's bounce and complaint counts.
pub async fn bounce_counts(
    state: &AppState,
    tenant: &TenantId,
    contact_id: &str,
) -> Result<BounceCounts, StoreError> {
    Ok(state
        .store
        .get(&keys::contact_bounces(tenant, contact_id))
        .await?
        .unwrap_or_default())
}

/// A page of a contact's events, newest first, optionally of one kind.
pub async fn for_contact(
    state: &AppState,
    tenant: &TenantId,
    contact_id: &str,
    kind: Option<EventKind>,
    page: &PageParams,
) -> Result<Page<StoredEvent>, ApiError> {
    let codec = state.cursor_codec().await?;
    let mut spec = keys::contact_events(tenant, contact_id);
    if let Some(k) = kind {
        spec = spec.filter(Filter::Equals("kind".into(), k.as_str().into()));
    }
    Ok(state.store.query(tenant, &spec, page, codec).await?)
}

/// A page of a campaign's events, newest first, optionally of one kind.
pub async fn for_campaign(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    kind: Option<EventKind>,
    page: &PageParams,
) -> Result<Page<StoredEvent>, ApiError> {
    let codec = state.cursor_codec().await?;
    let specs: Vec<_> = keys::campaign_events(tenant, campaign_id)
        .into_iter()
        .map(|s| match kind {
            Some(k) => s.filter(Filter::Equals("kind".into(), k.as_str().into())),
            None => s,
        })
        .collect();
    Ok(state
        .store
        .query_sharded(tenant, &specs, page, codec)
        .await?)
}

/// The organisation's event counts of each UTC day in `first..=last` (epoch days), each day's 8
/// shards summed: one BatchGetItem per 12 days, however many events there were.
pub async fn day_counts(
    state: &AppState,
    tenant: &TenantId,
    first: i64,
    last: i64,
) -> Result<Vec<(i64, DayCounts)>, StoreError> {
    let days: Vec<i64> = (first..=last).collect();
    let keys: Vec<_> = days
        .iter()
        .flat_map(|d| keys::event_day_counts(tenant, *d))
        .collect();
    let mut found: Vec<Option<DayCounts>> = Vec::with_capacity(keys.len());
    for part in keys.chunks(96) {
        found.extend(state.store.batch_get_as::<DayCounts>(part).await?);
    }
    let per_day = keys::SHARDS as usize;
    Ok(days
        .into_iter()
        .zip(found.chunks(per_day))
        .map(|(day, shards)| {
            let mut total = DayCounts::default();
            for s in shards.iter().flatten() {
                total.absorb(s);
            }
            (day, total)
        })
        .collect())
}

/// An event's change on the table's stream (the event publisher's reader).
pub fn event_images(
    change: &store::stream::Change,
) -> Result<Option<store::stream::Images<StoredEvent>>, StoreError> {
    change.images(EVENT)
}

/// The organisation's rules (the defaults until it changes them).
pub async fn rules(state: &AppState, tenant: &TenantId) -> Result<BounceRules, StoreError> {
    Ok(state
        .store
        .get(&keys::bounce_rules(tenant))
        .await?
        .unwrap_or_default())
}

/// Stores new rules if the stored version is still `r.version - 1` (absent for the first
/// change); `false` when another change came first.
pub async fn save_rules(
    state: &AppState,
    tenant: &TenantId,
    r: &BounceRules,
) -> Result<bool, StoreError> {
    let mode = if r.version <= 1 {
        PutMode::IfAbsent
    } else {
        PutMode::IfVersion(r.version - 1)
    };
    match state
        .store
        .put(&Record::new(RULES, keys::bounce_rules(tenant), r), mode)
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) | Err(StoreError::AlreadyExists) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Every event of a contact, newest first (at most 100,000): a data-subject export's.
pub async fn all_for_contact(
    state: &AppState,
    tenant: &TenantId,
    contact_id: &str,
) -> Result<Vec<StoredEvent>, StoreError> {
    state
        .store
        .query_every(&keys::contact_events(tenant, contact_id), 100_000)
        .await
}

/// Deletes a contact's events (as read by [`all_for_contact`]), its first-open and first-click
/// markers and its bounce counts: an erasure. The counts the events moved (campaign shards,
/// day counts, sender figures) are aggregates without the person, and stay. Returns the items
/// deleted; deleting an absent item succeeds, so a retry converges.
pub async fn forget_contact(
    state: &AppState,
    tenant: &TenantId,
    contact_id: &str,
    events: &[StoredEvent],
) -> Result<usize, StoreError> {
    let mut doomed: Vec<store::Key> = events
        .iter()
        .map(|e| keys::campaign_event(tenant, &e.id))
        .collect();
    let mut firsts: Vec<(String, &'static str)> = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Opened | EventKind::Clicked))
        .filter_map(|e| e.campaign_id.clone().map(|c| (c, e.kind.as_str())))
        .collect();
    firsts.sort();
    firsts.dedup();
    doomed.extend(
        firsts
            .iter()
            .map(|(c, kind)| keys::campaign_first(tenant, c, contact_id, kind)),
    );
    doomed.push(keys::contact_bounces(tenant, contact_id));
    state.store.batch_delete(&doomed).await?;
    Ok(doomed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, bounce: Option<BounceClass>) -> StoredEvent {
        StoredEvent {
            id: "evt_1".into(),
            kind,
            bounce,
            email: "a@b.co".into(),
            contact_id: Some("con_1".into()),
            campaign_id: Some("cmp_1".into()),
            message_id: None,
            url: None,
            at: 0,
            received_at: 0,
            source: Source::Generic,
            detail: None,
            applied: false,
            action: None,
        }
    }

    #[test]
    fn every_count_names_a_field_of_its_item() {
        for (k, b) in [
            (EventKind::Delivered, None),
            (EventKind::Opened, None),
            (EventKind::Clicked, None),
            (EventKind::Bounced, Some(BounceClass::Hard)),
            (EventKind::Bounced, Some(BounceClass::Soft)),
            (EventKind::Complained, None),
            (EventKind::Unsubscribed, None),
        ] {
            let names = counters(&event(k, b), true);
            crate::persist::campaign::add_to_count_shard(
                &"ten_01HZX5R5B7Q6J3V9K2M4N8P0QR".parse().unwrap(),
                "cmp_1",
                "con_1",
                &names,
            )
            .unwrap();
            day_add(&counters(&event(k, b), false)).render().unwrap();
        }
        for f in ["soft", "hard", "complaints"] {
            Update::<BounceCounts>::new()
                .add(f, Value::number(1))
                .render()
                .unwrap();
        }
        Update::<StoredEvent>::new()
            .set("applied", &true)
            .set("action", &"none")
            .render()
            .unwrap();
    }
}
