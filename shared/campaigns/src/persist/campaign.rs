//! The campaign item (in the tenant's list, and in the due list while scheduled), created with
//! its progress and its count shards in one transaction and deleted with them. Every write of
//! the campaign is conditional on the version read (or on its absence), so of two concurrent
//! moves or edits one applies and the other changes nothing.

use crate::audience::Audience;
use crate::lifecycle::State;
use crate::persist::progress::{Progress, PROGRESS};
use crate::persist::send::Counts;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::{Deserialize, Serialize};
use store::{keys, Filter, Page, PageParams, PutMode, Record, StoreError, TxOp};

const CAMPAIGN: &str = "CAMPAIGN";
const COUNT: &str = "CAMPAIGN_COUNT";

/// Who a campaign's messages come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    #[schema(example = "Acme Sales")]
    pub from_name: String,
    /// On the sending profile's domain (SES).
    #[schema(example = "news@mail.acme.com")]
    pub from_email: String,
    #[schema(example = "sales@acme.com")]
    pub reply_to: Option<String>,
}

/// A campaign's counts (GET of one campaign; exact: each recipient is counted once).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Stats {
    /// Recipients the fan-out has queued so far (the audience, once `fanout_done`).
    pub to_send: u64,
    pub sent: u64,
    pub failed: u64,
    /// Unsubscribed or suppressed between queueing and sending.
    pub skipped: u64,
    /// Whether the whole audience has been queued.
    pub fanout_done: bool,
    /// What happened to what was sent, from the senders' delivery events.
    #[serde(default)]
    pub events: CampaignEventStats,
}

/// A campaign's delivery-event counts (each event counted once, however often its sender posts
/// it) and rates per send.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CampaignEventStats {
    pub delivered: u64,
    /// Every open; `unique_opens` counts recipients who opened.
    pub opens: u64,
    pub unique_opens: u64,
    pub clicks: u64,
    pub unique_clicks: u64,
    pub bounced: u64,
    pub hard_bounced: u64,
    pub soft_bounced: u64,
    pub complained: u64,
    pub unsubscribed: u64,
    /// Percent of sends (0 before any send), two decimals.
    pub delivery_rate: f64,
    pub open_rate: f64,
    pub click_rate: f64,
    pub bounce_rate: f64,
    pub complaint_rate: f64,
    pub unsubscribe_rate: f64,
}

impl CampaignEventStats {
    pub fn of(n: &Counts) -> Self {
        let rate = |x: u64| {
            if n.sent == 0 {
                0.0
            } else {
                (x as f64 * 10_000.0 / n.sent as f64).round() / 100.0
            }
        };
        Self {
            delivered: n.delivered,
            opens: n.opened,
            unique_opens: n.opened_unique,
            clicks: n.clicked,
            unique_clicks: n.clicked_unique,
            bounced: n.bounced,
            hard_bounced: n.bounced_hard,
            soft_bounced: n.bounced_soft,
            complained: n.complained,
            unsubscribed: n.unsubscribed,
            delivery_rate: rate(n.delivered),
            open_rate: rate(n.opened_unique),
            click_rate: rate(n.clicked_unique),
            bounce_rate: rate(n.bounced_hard),
            complaint_rate: rate(n.complained),
            unsubscribe_rate: rate(n.unsubscribed),
        }
    }
}

/// A campaign as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Campaign {
    pub id: String,
    pub name: String,
    pub status: State,
    pub template_id: Option<String>,
    pub template_group: Option<String>,
    pub language: Option<String>,
    pub category: Option<String>,
    pub tags_all: Vec<String>,
    pub tags_any: Vec<String>,
    pub exclude_tags: Vec<String>,
    pub scheduled_at: Option<String>,
    pub sender: Sender,
    pub profile_id: String,
    /// Why the platform paused it (a sender refusing every message), when it did.
    pub pause_reason: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
    /// Counts (in the answer to GET of one campaign and to moves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<Stats>,
}

impl Campaign {
    pub fn audience(&self) -> Audience {
        Audience {
            tags_all: self.tags_all.clone(),
            tags_any: self.tags_any.clone(),
            exclude_tags: self.exclude_tags.clone(),
            language: self.language.clone(),
        }
    }

    /// When a scheduled campaign starts (epoch seconds).
    pub fn scheduled_epoch(&self) -> Option<i64> {
        self.scheduled_at
            .as_deref()
            .and_then(kernel::time::parse_rfc3339)
            .map(|t| t.unix_timestamp())
    }
}

fn record<'a>(tenant: &TenantId, c: &'a Campaign) -> Record<'a, Campaign> {
    let r = Record::new(CAMPAIGN, keys::campaign(tenant, &c.id), c)
        .with_gsi1(keys::campaign_in_list(tenant, &c.id));
    match (c.status, c.scheduled_epoch()) {
        (State::Scheduled, Some(at)) => r.with_gsi2(keys::due_campaign(tenant, &c.id, at)),
        _ => r,
    }
}

/// Creates the campaign with an empty progress and zeroed count shards, all or nothing
/// (`AlreadyExists` on a retry that already succeeded).
pub async fn create(state: &AppState, tenant: &TenantId, c: &Campaign) -> Result<(), StoreError> {
    let progress = Progress::default();
    let count = Counts::default();
    let mut ops = vec![
        TxOp::put(&record(tenant, c), PutMode::IfAbsent)?,
        TxOp::put(
            &Record::new(PROGRESS, keys::campaign_progress(tenant, &c.id), &progress),
            PutMode::IfAbsent,
        )?,
    ];
    for key in keys::campaign_counts(tenant, &c.id) {
        ops.push(TxOp::put(
            &Record::new(COUNT, key, &count),
            PutMode::IfAbsent,
        )?);
    }
    state.store.transact(ops).await
}

/// Adds one to each named count (`Counts` fields) on the recipient's shard of the campaign, as
/// part of a transaction (delivery events). An upsert: a campaign deleted meanwhile gets a
/// stray shard rather than a failed event.
pub(crate) fn add_to_count_shard(
    tenant: &TenantId,
    campaign_id: &str,
    recipient: &str,
    names: &[&'static str],
) -> Result<TxOp, StoreError> {
    let update = names.iter().fold(
        store::expr::Update::<Counts>::new().entity(COUNT),
        |u, n| u.add(n, store::expr::Value::number(1)),
    );
    TxOp::upsert(
        keys::campaign_count(tenant, campaign_id, recipient),
        &update,
    )
}

pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<Campaign>, StoreError> {
    state.store.get(&keys::campaign(tenant, id)).await
}

/// The campaign with its counts: one BatchGetItem of the campaign, its progress and its shards.
pub async fn load_with_stats(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<Campaign>, StoreError> {
    let mut wanted = vec![
        keys::campaign(tenant, id),
        keys::campaign_progress(tenant, id),
    ];
    wanted.extend(keys::campaign_counts(tenant, id));
    let mut found = state.store.batch_get(&wanted).await?.into_iter();
    let mut c: Campaign = match found.next().flatten() {
        Some(item) => serde_dynamo::from_item(item)?,
        None => return Ok(None),
    };
    c.stats = Some(stats_of(found.next().flatten(), found.flatten()));
    Ok(Some(c))
}

/// A campaign's stats from its progress item and its count shards.
fn stats_of(progress: Option<store::Item>, shards: impl Iterator<Item = store::Item>) -> Stats {
    let p: Progress = progress
        .and_then(|i| serde_dynamo::from_item(i).ok())
        .unwrap_or_default();
    let mut total = Counts::default();
    for item in shards {
        let n: Counts = serde_dynamo::from_item(item).unwrap_or_default();
        total.absorb(&n);
    }
    Stats {
        to_send: p.to_send,
        fanout_done: p.fanout_done,
        sent: total.sent,
        failed: total.failed,
        skipped: total.skipped,
        events: CampaignEventStats::of(&total),
    }
}

/// Campaigns with their counts: one BatchGetItem per 11 campaigns (their progress and shards),
/// whatever the number of sends and events.
pub async fn with_stats(
    state: &AppState,
    tenant: &TenantId,
    mut campaigns: Vec<Campaign>,
) -> Result<Vec<Campaign>, StoreError> {
    let per = 1 + keys::campaign_counts(tenant, "x").len();
    for chunk in campaigns.chunks_mut(100 / per) {
        let mut wanted = Vec::with_capacity(chunk.len() * per);
        for c in chunk.iter() {
            wanted.push(keys::campaign_progress(tenant, &c.id));
            wanted.extend(keys::campaign_counts(tenant, &c.id));
        }
        let found = state.store.batch_get(&wanted).await?;
        for (c, items) in chunk.iter_mut().zip(found.chunks(per)) {
            let mut items = items.iter().cloned();
            c.stats = Some(stats_of(items.next().flatten(), items.flatten()));
        }
    }
    Ok(campaigns)
}

/// Writes the campaign if its stored version is still `version`; `false` when another request
/// changed it first (nothing written then).
pub async fn put_if_version(
    state: &AppState,
    tenant: &TenantId,
    c: &Campaign,
    version: u64,
) -> Result<bool, StoreError> {
    match state
        .store
        .put(&record(tenant, c), PutMode::IfVersion(version))
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Deletes the campaign (at the version read) with its progress and count shards, all or
/// nothing; `false` when it changed since it was read.
pub async fn delete(state: &AppState, tenant: &TenantId, c: &Campaign) -> Result<bool, StoreError> {
    let mut ops = vec![
        TxOp::DeleteIfVersion {
            key: keys::campaign(tenant, &c.id),
            version: c.version,
        },
        TxOp::Delete {
            key: keys::campaign_progress(tenant, &c.id),
            must_exist: false,
        },
    ];
    for key in keys::campaign_counts(tenant, &c.id) {
        ops.push(TxOp::Delete {
            key,
            must_exist: false,
        });
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(e) if e.failed_action() == Some(0) => Ok(false),
        Err(e) => Err(e),
    }
}

/// A page of the tenant's campaigns, oldest first, optionally of one status.
pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    status: Option<&str>,
    page: &PageParams,
) -> Result<Page<Campaign>, ApiError> {
    let codec = state.cursor_codec().await?;
    let mut spec = keys::campaigns(tenant);
    if let Some(s) = status {
        spec = spec.filter(Filter::Equals("status".into(), s.into()));
    }
    Ok(state.store.query(tenant, &spec, page, codec).await?)
}

/// A campaign's change on the table's stream (the event publisher's reader): `Ok(None)` for any
/// other item.
pub fn campaign_images(
    change: &store::stream::Change,
) -> Result<Option<store::stream::Images<Campaign>>, StoreError> {
    change.images(CAMPAIGN)
}

/// Every campaign of the organisation by id with its state (a data-subject request looks for the
/// person's send records in each; at most 100,000).
pub async fn all_ids(
    state: &AppState,
    tenant: &TenantId,
) -> Result<Vec<(String, crate::lifecycle::State)>, StoreError> {
    Ok(state
        .store
        .query_every::<Campaign>(&keys::campaigns(tenant), 100_000)
        .await?
        .into_iter()
        .map(|c| (c.id, c.status))
        .collect())
}
