//! The send pipeline, on two SQS queues:
//! - **fan-out** (`CAMPAIGN_QUEUE_URL`): resolves the audience page by page (1,000 candidates a
//!   page), queues recipient chunks of up to 100 contact ids (one `SendMessageBatch` per page), and
//!   advances the campaign's checkpoint with a conditional update on the cursor it read, so two
//!   fan-outs of one campaign (a redelivery, a double resume) cannot both advance it. A run stops
//!   after a minute and queues its own continuation; it stops for good when the campaign is not
//!   running (pause keeps the checkpoint; resume queues the fan-out again).
//! - **send** (`SEND_QUEUE_URL`): one chunk per message. Each recipient is claimed with a
//!   conditional put of its send record before anything is sent (one transaction for the chunk on
//!   the first delivery), so a redelivered or duplicated chunk never mails anyone twice. Each
//!   outcome moves the record and one count shard in one transaction: counts are exact. The
//!   contact's status and the suppression list are checked again here; a contact who left since the
//!   fan-out is `skipped`.
//!
//! Pause: a chunk that finds its campaign paused is parked (kept beside the campaign) and queued
//! again on resume. A sender's spent hour or day parks the rest of a chunk until a time, and the
//! minute sweep queues it then. A claim whose sender died mid-send (found on redelivery of the same
//! message, or older than the queue's visibility timeout) counts as failed, never sent again: at
//! most once is the safe side for mail.

use crate::audience;
use crate::campaign::{self, Campaign, Progress};
use crate::contacts::{self, Contact, ContactStatus};
use crate::lifecycle::{Move, State};
use crate::senders::{self, SendingProfile};
use crate::suppression;
use crate::templates::{self, Template};
use crate::throttle::{Gate, Verdict};
use crate::transport::{self, Outbound, SendError, Transport};
use aws_sdk_dynamodb::types::AttributeValue;
use futures::StreamExt;
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::queue::{send_all, Outgoing, Queue};
use platform::worker::{Delivery, MessageError};
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::{keys, PutMode, Record, StoreError, TxOp};
use tokio::sync::Mutex;

/// Candidates the fan-out reads per page.
pub const PAGE: u32 = 1000;
/// Recipients per send message.
pub const CHUNK: usize = 100;
/// How long one fan-out run goes on before it hands over to its continuation.
const FANOUT_BUDGET: std::time::Duration = std::time::Duration::from_secs(60);
/// Messages of one chunk in flight at once.
const SEND_CONCURRENCY: usize = 8;
/// The time a recipient may need from its throttle slot to its recorded outcome, retries included
/// (the send function's timeout is 120 s; a chunk stops taking slots this long before it).
const SEND_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);
/// The longest a claim is held (above the send function's timeout, so its invocation has ended by
/// then however it ended).
const CLAIM_STALE_SECS: i64 = 16 * 60;

const SEND: &str = "CAMPAIGN_SEND";
const MANIFEST: &str = "CAMPAIGN_CHUNK";
/// How long a chunk's manifest is kept (a campaign parked for a sender's day runs for days).
const MANIFEST_KEEP_SECS: i64 = 30 * 86_400;

/// The recipients of one queued chunk.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    chunk: u64,
    contacts: Vec<String>,
}
const PARKED: &str = "CAMPAIGN_PARKED";

/// A fan-out message: which campaign to continue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fanout {
    pub tenant: TenantId,
    pub campaign_id: String,
}

/// A send message: recipients of one chunk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendChunk {
    pub tenant: TenantId,
    pub campaign_id: String,
    pub chunk: u64,
    pub contacts: Vec<String>,
}

/// A chunk set aside (campaign paused, or the sender's hour or day spent).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Parked {
    pub chunk: u64,
    pub contacts: Vec<String>,
    pub reason: String,
    /// Not before (epoch seconds); absent: on resume.
    pub due_at: Option<i64>,
    #[serde(default)]
    pub tenant: Option<TenantId>,
    #[serde(default)]
    pub campaign_id: Option<String>,
    /// Which parking this is (random, new each time): an unpark deletes the item only while it
    /// still holds the version it queued, so a chunk parked again meanwhile is kept.
    #[serde(default)]
    pub version: u64,
}

/// A recipient's send record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendRecord {
    pub contact_id: String,
    /// `sending` (claimed), `sent`, `failed` or `skipped`.
    pub status: String,
    /// The invocation that claimed it (its message id and a nonce: a duplicate delivery can carry
    /// the same message id).
    pub owner: String,
    pub claimed_at: i64,
    /// When the claiming invocation is stopped at the latest (its deadline, epoch seconds): a
    /// claim still `sending` after that was interrupted mid-send. 0 on records written before
    /// this field: `claimed_at` + [`CLAIM_STALE_SECS`] then.
    #[serde(default)]
    pub until: i64,
    pub message_id: Option<String>,
    pub reason: Option<String>,
}

async fn fanout_queue(state: &AppState) -> Result<Queue, ApiError> {
    platform::queue::named(
        state,
        state.config.queues.campaigns.as_deref(),
        "CAMPAIGN_QUEUE_URL",
    )
    .await
}

async fn send_queue(state: &AppState) -> Result<Queue, ApiError> {
    platform::queue::named(
        state,
        state.config.queues.sends.as_deref(),
        "SEND_QUEUE_URL",
    )
    .await
}

fn fanout_message(tenant: &TenantId, id: &str) -> Result<Outgoing, ApiError> {
    Outgoing::json(
        &Fanout {
            tenant: tenant.clone(),
            campaign_id: id.to_owned(),
        },
        tenant.as_str(),
    )
}

/// After a start or resume: queues the fan-out (unless it is done) and the chunks parked for the
/// pause, and finishes the campaign if nothing is left.
pub async fn kick(state: &AppState, tenant: &TenantId, id: &str) -> Result<(), ApiError> {
    let now = kernel::time::now().unix_timestamp();
    arm_watch(state, tenant, id, now + stall_secs(state), Some(0)).await?;
    let p = campaign::progress(state, tenant, id).await?;
    if !p.fanout_done {
        send_all(
            &fanout_queue(state).await?,
            vec![fanout_message(tenant, id)?],
        )
        .await?;
    }
    unpark(state, tenant, id, false).await?;
    if p.fanout_done {
        check_finish(state, tenant, id).await?;
    }
    Ok(())
}

/// Queues a campaign's parked chunks again: those parked for a pause, and (`due_too`) those whose
/// time has come.
pub async fn unpark(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    due_too: bool,
) -> Result<usize, ApiError> {
    let now = kernel::time::now().unix_timestamp();
    let ready: Vec<Parked> = parked(state, tenant, id)
        .await?
        .into_iter()
        .filter(|p| match p.due_at {
            None => true,
            Some(at) => due_too && at <= now,
        })
        .collect();
    requeue_parked(state, tenant, id, &ready).await
}

/// A campaign's parked chunks as they stand.
pub async fn parked(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Vec<Parked>, ApiError> {
    Ok(state
        .store
        .query_every(&keys::campaign_parked_all(tenant, id), 100_000)
        .await?)
}

/// Queues the given parkings (as read a moment ago) and takes each out of the parked list only if
/// it is still the parking that was read: a chunk parked again in between (a worker that took
/// the queued copy and hit its sender's hour) keeps its newer parking and its recipients.
pub async fn requeue_parked(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    ready: &[Parked],
) -> Result<usize, ApiError> {
    if ready.is_empty() {
        return Ok(0);
    }
    let messages = ready
        .iter()
        .map(|p| {
            Outgoing::json(
                &SendChunk {
                    tenant: tenant.clone(),
                    campaign_id: id.to_owned(),
                    chunk: p.chunk,
                    contacts: p.contacts.clone(),
                },
                tenant.as_str(),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    send_all(&send_queue(state).await?, messages).await?;
    // Queued first, deleted after: a crash between queues a chunk twice (its claims send nothing
    // twice), never loses it. Each delete holds to the parking it queued.
    let deletes: Vec<_> = ready
        .iter()
        .map(|p| async move {
            let key = keys::campaign_parked(tenant, id, p.chunk);
            let result = if p.version == 0 {
                state.store.delete(&key, false).await
            } else {
                state.store.delete_if_version(&key, p.version).await
            };
            match result {
                Ok(()) | Err(StoreError::ConditionFailed) => Ok(()),
                Err(e) => Err(ApiError::from(e)),
            }
        })
        .collect();
    futures::stream::iter(deletes)
        .buffer_unordered(10)
        .collect::<Vec<Result<(), ApiError>>>()
        .await
        .into_iter()
        .collect::<Result<Vec<()>, ApiError>>()?;
    Ok(ready.len())
}

// ------------------------------------------------------------------ fan-out

/// The fan-out worker's handler.
pub async fn handle_fanout(state: &AppState, m: Fanout, d: Delivery) -> Result<(), MessageError> {
    let started = std::time::Instant::now();
    let tenant = &m.tenant;
    let mut slowest = std::time::Duration::ZERO;
    loop {
        let page_started = std::time::Instant::now();
        let c = match campaign::load(state, tenant, &m.campaign_id).await {
            Ok(c) => c,
            Err(ApiError::NotFound { .. }) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        if c.status != State::Running {
            return Ok(());
        }
        let p = campaign::progress(state, tenant, &c.id).await?;
        if p.fanout_done {
            return Ok(());
        }
        match fanout_page(state, tenant, &c, &p).await? {
            PageOutcome::Done => {
                check_finish(state, tenant, &c.id).await?;
                return Ok(());
            }
            PageOutcome::Lost => return Ok(()),
            PageOutcome::More => {}
        }
        slowest = slowest.max(page_started.elapsed());
        // Hand over to a continuation after a minute, or before a page might outlast the
        // invocation's deadline.
        if started.elapsed() > FANOUT_BUDGET || !d.has_time_for(slowest * 2) {
            send_all(
                &fanout_queue(state).await?,
                vec![fanout_message(tenant, &c.id)?],
            )
            .await?;
            return Ok(());
        }
    }
}

enum PageOutcome {
    More,
    Done,
    /// Another fan-out advanced the checkpoint first: it goes on, this one stops.
    Lost,
}

async fn fanout_page(
    state: &AppState,
    tenant: &TenantId,
    c: &Campaign,
    p: &Progress,
) -> Result<PageOutcome, ApiError> {
    let cursor = p.cursor.as_deref().filter(|s| !s.is_empty());
    let page = audience::page(state, tenant, &c.audience(), PAGE, cursor).await?;
    let ids: Vec<String> = page.contacts.iter().map(|c| c.id.clone()).collect();
    let chunks: Vec<Outgoing> = ids
        .chunks(CHUNK)
        .enumerate()
        .map(|(i, group)| {
            Outgoing::json(
                &SendChunk {
                    tenant: tenant.clone(),
                    campaign_id: c.id.clone(),
                    chunk: p.chunks + i as u64,
                    contacts: group.to_vec(),
                },
                tenant.as_str(),
            )
        })
        .collect::<Result<_, _>>()?;
    let n = chunks.len() as u64;
    if !chunks.is_empty() {
        // Each chunk's recipients are kept before it is queued: the watchdog can queue a chunk
        // again whose message was lost. A retried page writes the same manifests again.
        let expires = kernel::time::now().unix_timestamp() + MANIFEST_KEEP_SECS;
        let manifests = ids
            .chunks(CHUNK)
            .enumerate()
            .map(|(i, group)| {
                let chunk = p.chunks + i as u64;
                Record::new(
                    MANIFEST,
                    keys::campaign_chunk(tenant, &c.id, chunk),
                    &Manifest {
                        chunk,
                        contacts: group.to_vec(),
                    },
                )
                .expiring_at(expires)
                .to_item()
            })
            .collect::<Result<Vec<_>, _>>()?;
        state.store.batch_put(manifests).await?;
        send_all(&send_queue(state).await?, chunks).await?;
    }
    tracing::info!(campaign = %c.id, read = page.read, queued = ids.len(), chunks = n, "fan-out page");
    let done = page.next.is_none();
    let next = page.next.unwrap_or_default();
    let old = p.cursor.clone().unwrap_or_default();
    let advanced = state
        .store
        .update_where::<Progress>(
            &keys::campaign_progress(tenant, &c.id),
            "SET #cursor = :next, fanout_done = :done ADD chunks :n, to_send :k",
            "(#cursor = :old OR attribute_not_exists(#cursor) OR attribute_type(#cursor, :null)) AND fanout_done = :false",
            &[("#cursor", "cursor")],
            &[
                (":next", AttributeValue::S(next)),
                (":done", AttributeValue::Bool(done)),
                (":n", AttributeValue::N(n.to_string())),
                (":k", AttributeValue::N(ids.len().to_string())),
                (":old", AttributeValue::S(old)),
                (":null", AttributeValue::S("NULL".into())),
                (":false", AttributeValue::Bool(false)),
            ],
        )
        .await;
    match advanced {
        Ok(_) if done => Ok(PageOutcome::Done),
        Ok(_) => Ok(PageOutcome::More),
        Err(StoreError::ConditionFailed) => Ok(PageOutcome::Lost),
        Err(e) => Err(e.into()),
    }
}

// ------------------------------------------------------------------ send

/// What a claim found.
#[derive(Debug, Clone, PartialEq)]
enum Claim {
    /// This delivery holds it: send.
    Mine,
    /// Already sent, failed or skipped.
    Settled,
    /// Claimed by an invocation that was stopped mid-send: count it failed (never send again).
    Interrupted(String),
    /// Claimed by another invocation still at work (a duplicate chunk): the chunk is tried again
    /// later, when that claim is settled or has run out.
    Busy,
}

fn send_record<'a>(
    tenant: &TenantId,
    campaign_id: &str,
    r: &'a SendRecord,
    expires_at: i64,
) -> Record<'a, SendRecord> {
    Record::new(
        SEND,
        keys::campaign_send(tenant, campaign_id, &r.contact_id),
        r,
    )
    .expiring_at(expires_at)
}

/// Claims every recipient of a chunk: one transaction when none is claimed yet (a first
/// delivery), else one conditional put each.
async fn claim_all(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    ids: &[String],
    d: &Delivery,
    owner: &str,
    keep_secs: i64,
) -> Result<Vec<Claim>, ApiError> {
    let now = kernel::time::now().unix_timestamp();
    let expires_at = now + keep_secs;
    let until = now + (d.time_left().as_secs() as i64).min(CLAIM_STALE_SECS) + 1;
    let records: Vec<SendRecord> = ids
        .iter()
        .map(|id| SendRecord {
            contact_id: id.clone(),
            status: "sending".into(),
            owner: owner.to_owned(),
            claimed_at: now,
            until,
            message_id: None,
            reason: None,
        })
        .collect();
    if d.receive_count <= 1 && !records.is_empty() && records.len() <= 100 {
        let ops = records
            .iter()
            .map(|r| {
                TxOp::put(
                    &send_record(tenant, campaign_id, r, expires_at),
                    PutMode::IfAbsent,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        match state.store.transact(ops).await {
            Ok(()) => return Ok(vec![Claim::Mine; records.len()]),
            Err(StoreError::TransactionCanceled { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    // The futures are built first: a stream mapped by a closure over borrowed items is not
    // `Send` for every lifetime, which the worker runtime needs.
    let pending: Vec<_> = records
        .iter()
        .map(|r| async move {
            match state
                .store
                .put(
                    &send_record(tenant, campaign_id, r, expires_at),
                    PutMode::IfAbsent,
                )
                .await
            {
                Ok(()) => Ok(Claim::Mine),
                Err(StoreError::AlreadyExists) => {
                    let held = state
                        .store
                        .get::<SendRecord>(&keys::campaign_send(tenant, campaign_id, &r.contact_id))
                        .await?;
                    Ok(match held {
                        None => Claim::Busy,
                        Some(h) if h.status != "sending" => Claim::Settled,
                        Some(h) => {
                            let until = if h.until > 0 {
                                h.until
                            } else {
                                h.claimed_at + CLAIM_STALE_SECS
                            };
                            if now > until {
                                Claim::Interrupted(h.owner)
                            } else {
                                Claim::Busy
                            }
                        }
                    })
                }
                Err(e) => Err(ApiError::from(e)),
            }
        })
        .collect();
    let claims = futures::stream::iter(pending)
        .buffered(10)
        .collect::<Vec<Result<Claim, ApiError>>>()
        .await;
    claims.into_iter().collect()
}

/// How a recipient's send ended.
struct Outcome {
    /// `sent`, `failed` or `skipped` (also the count it adds to).
    status: &'static str,
    message_id: Option<String>,
    reason: Option<String>,
}

impl Outcome {
    fn sent(message_id: String) -> Self {
        Self {
            status: "sent",
            message_id: Some(message_id),
            reason: None,
        }
    }
    fn failed(reason: impl Into<String>) -> Self {
        Self {
            status: "failed",
            message_id: None,
            reason: Some(reason.into()),
        }
    }
    fn skipped(reason: impl Into<String>) -> Self {
        Self {
            status: "skipped",
            message_id: None,
            reason: Some(reason.into()),
        }
    }
}

/// Settles a claimed recipient: the record's outcome and one count in one transaction,
/// conditional on the claim still being `owner`'s (so an outcome is counted once).
async fn settle(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    contact_id: &str,
    owner: &str,
    o: Outcome,
) -> Result<(), ApiError> {
    let mut values = vec![
        (":final".to_owned(), AttributeValue::S(o.status.into())),
        (":sending".to_owned(), AttributeValue::S("sending".into())),
        (":owner".to_owned(), AttributeValue::S(owner.into())),
        (
            ":mid".to_owned(),
            o.message_id
                .map_or(AttributeValue::Null(true), AttributeValue::S),
        ),
        (
            ":reason".to_owned(),
            o.reason
                .map_or(AttributeValue::Null(true), AttributeValue::S),
        ),
    ];
    let ops = vec![
        TxOp::Update {
            key: keys::campaign_send(tenant, campaign_id, contact_id),
            update: "SET #s = :final, message_id = :mid, reason = :reason".into(),
            condition: Some("#s = :sending AND #o = :owner".into()),
            names: vec![
                ("#s".into(), "status".into()),
                ("#o".into(), "owner".into()),
            ],
            values: std::mem::take(&mut values),
        },
        TxOp::Update {
            key: keys::campaign_count(tenant, campaign_id, contact_id),
            update: "ADD #c :one".into(),
            condition: None,
            names: vec![("#c".into(), o.status.into())],
            values: vec![(":one".into(), AttributeValue::N("1".into()))],
        },
    ];
    match state.store.transact(ops).await {
        Ok(()) => Ok(()),
        // Someone else settled it (an interrupted claim taken over): counted once already.
        Err(e) if e.failed_action() == Some(0) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Gives a claim back (the message was not sent and will be tried again).
async fn release(state: &AppState, tenant: &TenantId, campaign_id: &str, contact_id: &str) {
    if let Err(e) = state
        .store
        .delete(&keys::campaign_send(tenant, campaign_id, contact_id), true)
        .await
    {
        tracing::warn!(error = %e, "could not release a send claim");
    }
}

/// Sets a chunk aside (the whole chunk, or the recipients it has left).
async fn park(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    chunk: u64,
    contacts: Vec<String>,
    due_at: Option<i64>,
    reason: &str,
) -> Result<u64, ApiError> {
    let version = (ulid::Ulid::new().random() as u64) | 1;
    let p = Parked {
        chunk,
        contacts,
        reason: reason.into(),
        due_at,
        tenant: Some(tenant.clone()),
        campaign_id: Some(campaign_id.to_owned()),
        version,
    };
    let mut r = Record::new(
        PARKED,
        keys::campaign_parked(tenant, campaign_id, chunk),
        &p,
    );
    if let Some(at) = due_at {
        r = r.with_gsi2(keys::due_parked(tenant, campaign_id, chunk, at));
    }
    state.store.put(&r, PutMode::Overwrite).await?;
    Ok(version)
}

/// Parks a chunk of a paused campaign; if the campaign was resumed meanwhile (and so may have
/// queued the parked chunks before this one was written), takes it back and queues it itself.
async fn park_for_pause(state: &AppState, m: &SendChunk) -> Result<(), ApiError> {
    let version = park(
        state,
        &m.tenant,
        &m.campaign_id,
        m.chunk,
        m.contacts.clone(),
        None,
        "paused",
    )
    .await?;
    let c = campaign::load(state, &m.tenant, &m.campaign_id).await?;
    if c.status == State::Running {
        match state
            .store
            .delete_if_version(
                &keys::campaign_parked(&m.tenant, &m.campaign_id, m.chunk),
                version,
            )
            .await
        {
            Ok(()) => {
                send_all(
                    &send_queue(state).await?,
                    vec![Outgoing::json(m, m.tenant.as_str())?],
                )
                .await?;
            }
            // The resume took it.
            Err(StoreError::ConditionFailed) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Counts a chunk done once, then checks whether the campaign is finished. One UpdateItem on the
/// progress, conditioned on the chunk's number not being in its `done_chunks` set (and adding it):
/// exactly once whoever counts it, and no transaction on the item every chunk touches, so
/// concurrent chunks never cancel each other. Progress moves the watchdog's clock too.
async fn chunk_done(state: &AppState, m: &SendChunk) -> Result<(), ApiError> {
    let now = kernel::time::now().unix_timestamp();
    match state
        .store
        .update_where::<serde_json::Value>(
            &keys::campaign_progress(&m.tenant, &m.campaign_id),
            "ADD chunks_done :one, done_chunks :set SET last_progress_at = :now, repairs = :zero",
            "NOT contains(done_chunks, :chunk)",
            &[],
            &[
                (":one", AttributeValue::N("1".into())),
                (":set", AttributeValue::Ns(vec![m.chunk.to_string()])),
                (":chunk", AttributeValue::N(m.chunk.to_string())),
                (":now", AttributeValue::N(now.to_string())),
                (":zero", AttributeValue::N("0".into())),
            ],
        )
        .await
    {
        Ok(_) => {}
        Err(StoreError::ConditionFailed) => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    check_finish(state, &m.tenant, &m.campaign_id).await
}

/// Finishes a running campaign whose fan-out is done and whose chunks are all done. A MailWizz
/// campaign is created first (once: a conditional claim on the progress).
pub async fn check_finish(state: &AppState, tenant: &TenantId, id: &str) -> Result<(), ApiError> {
    let p = campaign::progress(state, tenant, id).await?;
    if !p.fanout_done || p.chunks_done < p.chunks {
        return Ok(());
    }
    let c = match campaign::load(state, tenant, id).await {
        Ok(c) if c.status == State::Running => c,
        Ok(_) | Err(ApiError::NotFound { .. }) => return Ok(()),
        Err(e) => return Err(e),
    };
    let profile = senders::load(state, tenant, &c.profile_id).await;
    if let Ok(profile) = &profile {
        if profile.mailwizz.is_some() && p.mailwizz_campaign_uid.is_none() {
            if let Err(reason) = hand_to_mailwizz(state, tenant, &c, profile).await {
                campaign::system_move(state, tenant, id, Move::Pause, Some(reason)).await?;
                return Ok(());
            }
        }
    }
    campaign::system_move(state, tenant, id, Move::Finish, None).await?;
    Ok(())
}

/// How long a MailWizz step may stay claimed before another worker takes it over (the claimer
/// died between the claim and the record of the uid).
const MAILWIZZ_PENDING_SECS: i64 = 600;

/// Claims the MailWizz step on the progress, then finds or creates the MailWizz campaign (rendered
/// with MailWizz's own merge tags, so it personalises each message) and records its uid.
///
/// Exactly one MailWizz campaign per campaign: its name carries our campaign id, and before
/// creating (and after a create whose answer was lost) the step looks for it. A claim left by a
/// worker that died is taken over after [`MAILWIZZ_PENDING_SECS`].
async fn hand_to_mailwizz(
    state: &AppState,
    tenant: &TenantId,
    c: &Campaign,
    profile: &SendingProfile,
) -> Result<(), String> {
    let key = keys::campaign_progress(tenant, &c.id);
    let now = kernel::time::now().unix_timestamp();
    match state
        .store
        .update_where::<Progress>(
            &key,
            "SET mailwizz_campaign_uid = :pending, mailwizz_pending_at = :now",
            "attribute_not_exists(mailwizz_campaign_uid) OR attribute_type(mailwizz_campaign_uid, :null) \
             OR (mailwizz_campaign_uid = :pending AND (attribute_not_exists(mailwizz_pending_at) OR mailwizz_pending_at < :stale))",
            &[],
            &[
                (":pending", AttributeValue::S("pending".into())),
                (":null", AttributeValue::S("NULL".into())),
                (":now", AttributeValue::N(now.to_string())),
                (":stale", AttributeValue::N((now - MAILWIZZ_PENDING_SECS).to_string())),
            ],
        )
        .await
    {
        Ok(_) => {}
        // Another worker holds the step (or it is done).
        Err(StoreError::ConditionFailed) => return Ok(()),
        Err(e) => return Err(e.to_string()),
    }
    let made = make_mailwizz_campaign(state, tenant, c, profile).await;
    match made {
        Ok(uid) => {
            let _ = state
                .store
                .update_where::<Progress>(
                    &key,
                    "SET mailwizz_campaign_uid = :uid",
                    "mailwizz_campaign_uid = :pending",
                    &[],
                    &[
                        (":uid", AttributeValue::S(uid)),
                        (":pending", AttributeValue::S("pending".into())),
                    ],
                )
                .await;
            Ok(())
        }
        Err(e) => {
            // Let a resume try again (it finds the campaign if MailWizz made it after all).
            let _ = state
                .store
                .update_where::<Progress>(
                    &key,
                    "REMOVE mailwizz_campaign_uid",
                    "mailwizz_campaign_uid = :pending",
                    &[],
                    &[(":pending", AttributeValue::S("pending".into()))],
                )
                .await;
            Err(format!("MailWizz did not take the campaign: {e}"))
        }
    }
}

/// The MailWizz campaign's name: the campaign's, with its id (how the step finds it again).
fn mailwizz_name(c: &Campaign) -> String {
    format!("{} [{}]", c.name, c.id)
}

async fn make_mailwizz_campaign(
    state: &AppState,
    tenant: &TenantId,
    c: &Campaign,
    profile: &SendingProfile,
) -> Result<String, String> {
    let templates = campaign::templates_of(state, tenant, c)
        .await
        .map_err(|e| e.to_string())?;
    let Some(t) = templates::pick(&templates, c.language.as_deref(), "en") else {
        return Err("the campaign's template is gone".into());
    };
    let placeholder = placeholder_contact();
    let rendered = templates::render(t, &placeholder.view(), "[UNSUBSCRIBE_URL]")
        .map_err(|e| e.to_string())?;
    let transport = Transport::for_profile(state, tenant, profile)
        .await
        .map_err(|e| e.to_string())?;
    let marker = format!("[{}]", c.id);
    if let Some(uid) = transport::find_mailwizz_campaign(&transport, &marker)
        .await
        .map_err(|e| e.to_string())?
    {
        tracing::info!(campaign = %c.id, "MailWizz campaign found, not made again");
        return Ok(uid);
    }
    let name = mailwizz_name(c);
    let made = transport::create_mailwizz_campaign(
        &transport,
        &transport::MailwizzCampaign {
            name: &name,
            from_name: &c.sender.from_name,
            from_email: &c.sender.from_email,
            reply_to: c.sender.reply_to.as_deref().unwrap_or(&c.sender.from_email),
            subject: &rendered.subject,
            html: &rendered.html,
            text: rendered.text.as_deref(),
        },
    )
    .await;
    match made {
        Ok(uid) => Ok(uid),
        // The answer may be lost while MailWizz made it: look once more before giving up.
        Err(e) => match transport::find_mailwizz_campaign(&transport, &marker).await {
            Ok(Some(uid)) => {
                tracing::info!(campaign = %c.id, "MailWizz made the campaign although the create failed");
                Ok(uid)
            }
            _ => Err(e.to_string()),
        },
    }
}

/// A contact whose fields are MailWizz's merge tags.
fn placeholder_contact() -> Contact {
    Contact {
        id: "con_mailwizz".into(),
        email: "[EMAIL]".into(),
        first_name: Some("[FNAME]".into()),
        last_name: Some("[LNAME]".into()),
        language: None,
        country: None,
        status: ContactStatus::Subscribed,
        validation: contacts::Validation::Pending,
        source: None,
        tags: Vec::new(),
        attributes: Default::default(),
        person_id: None,
        created_at: String::new(),
        updated_at: String::new(),
        version: 1,
    }
}

/// What one recipient came to.
enum Step {
    Done,
    /// The campaign was paused or cancelled meanwhile: not sent, claim given back.
    Stopped,
    /// Claimed by a concurrent delivery still at work.
    Busy,
    Retry(String),
    Halt(String),
    Park(i64),
    /// The invocation's deadline is near: not sent, claim given back, queued again.
    Later,
}

/// The send worker's handler: one chunk.
pub async fn handle_chunk(state: &AppState, m: SendChunk, d: Delivery) -> Result<(), MessageError> {
    let tenant = &m.tenant;
    let c = match campaign::load(state, tenant, &m.campaign_id).await {
        Ok(c) => c,
        Err(ApiError::NotFound { .. }) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    match c.status {
        State::Running => {}
        State::Paused => return Ok(park_for_pause(state, &m).await?),
        _ => return Ok(()),
    }
    let profile = match senders::load(state, tenant, &c.profile_id).await {
        Ok(p) => p,
        Err(ApiError::NotFound { .. }) => {
            campaign::system_move(
                state,
                tenant,
                &c.id,
                Move::Pause,
                Some("the sending profile was deleted".into()),
            )
            .await?;
            return Ok(park_for_pause(state, &m).await?);
        }
        Err(e) => return Err(e.into()),
    };
    let group = campaign::templates_of(state, tenant, &c).await?;
    if group.is_empty() {
        campaign::system_move(
            state,
            tenant,
            &c.id,
            Move::Pause,
            Some("the campaign's template was deleted".into()),
        )
        .await?;
        return Ok(park_for_pause(state, &m).await?);
    }
    let transport = Transport::for_profile(state, tenant, &profile).await?;
    let loaded = contacts::load_many(state, tenant, &m.contacts).await?;
    let emails: Vec<String> = loaded
        .iter()
        .map(|c| c.as_ref().map(|c| c.email.clone()).unwrap_or_default())
        .collect();
    let suppressed = suppression::are_suppressed(state, tenant, &emails).await?;
    // Send records are delivery events: they live as long as the organisation keeps those
    // (`delivery_events_days`, default 180).
    let keep = access::retention::Retention::load(&state.store, tenant)
        .await?
        .delivery_events_secs();
    let owner = format!("{}/{}", d.message_id, ulid::Ulid::new());
    let claims = claim_all(state, tenant, &c.id, &m.contacts, &d, &owner, keep).await?;

    let gate = Mutex::new(Gate::new(state, tenant, &profile).until(d.deadline));
    let left = Mutex::new(m.contacts.len() as u64);
    let ctx = SendCtx {
        state,
        tenant,
        campaign: &c,
        running: Mutex::new((std::time::Instant::now(), true)),
        group: &group,
        transport: &transport,
        owner: &owner,
        gate: &gate,
        left: &left,
        delivery: &d,
    };
    let items: Vec<(usize, Claim)> = claims.into_iter().enumerate().collect();
    let pending: Vec<_> = items
        .into_iter()
        .map(|(i, claim)| {
            let ctx = &ctx;
            let contact = loaded[i].as_ref();
            let suppressed = suppressed[i];
            let id = &m.contacts[i];
            async move {
                let step = ctx.one(id, contact, suppressed, claim).await;
                (i, step)
            }
        })
        .collect();
    let steps: Vec<(usize, Step)> = futures::stream::iter(pending)
        .buffer_unordered(SEND_CONCURRENCY)
        .collect()
        .await;
    gate.lock().await.release().await;

    let mut retry = None;
    let mut halt = None;
    let mut park_until = None;
    let mut stopped = false;
    let mut later = false;
    let mut busy = false;
    let mut unsent = Vec::new();
    for (i, step) in steps {
        match step {
            Step::Done => {}
            Step::Busy => busy = true,
            Step::Later => {
                later = true;
                unsent.push(m.contacts[i].clone());
            }
            Step::Stopped => {
                stopped = true;
                unsent.push(m.contacts[i].clone());
            }
            Step::Retry(r) => {
                retry = Some(r);
                unsent.push(m.contacts[i].clone());
            }
            Step::Halt(r) => {
                halt = Some(r);
                unsent.push(m.contacts[i].clone());
            }
            Step::Park(at) => {
                park_until = Some(park_until.map_or(at, |p: i64| p.max(at)));
                unsent.push(m.contacts[i].clone());
            }
        }
    }
    if let Some(reason) = halt {
        tracing::warn!(campaign = %c.id, %reason, "the sender refuses to send; pausing the campaign");
        campaign::system_move(state, tenant, &c.id, Move::Pause, Some(reason)).await?;
        let rest = SendChunk {
            contacts: unsent,
            ..m.clone()
        };
        return Ok(park_for_pause(state, &rest).await?);
    }
    if let Some(reason) = retry {
        return Err(MessageError::Retryable(reason));
    }
    if busy {
        // A duplicate delivery holds some recipients: this copy must not count the chunk done
        // before they are settled. It comes back after the visibility timeout.
        return Err(MessageError::Retryable(
            "a concurrent delivery of this chunk holds some recipients".into(),
        ));
    }
    if later && !stopped && park_until.is_none() {
        // Out of time: what was not reached goes back to the queue as the same chunk.
        let rest = SendChunk {
            contacts: unsent,
            ..m.clone()
        };
        send_all(
            &send_queue(state).await?,
            vec![Outgoing::json(&rest, tenant.as_str())?],
        )
        .await?;
        tracing::info!(campaign = %c.id, chunk = m.chunk, left = rest.contacts.len(), "deadline near; the rest of the chunk queued again");
        return Ok(());
    }
    if stopped {
        // Paused: the rest waits for the resume. Cancelled: the rest is never sent.
        let rest = SendChunk {
            contacts: unsent,
            ..m.clone()
        };
        return match campaign::load(state, tenant, &c.id).await {
            Ok(now) if now.status == State::Paused => Ok(park_for_pause(state, &rest).await?),
            // Resumed in the meantime: the rest goes on at once, as the same chunk.
            Ok(now) if now.status == State::Running => {
                send_all(
                    &send_queue(state).await?,
                    vec![Outgoing::json(&rest, tenant.as_str())?],
                )
                .await?;
                Ok(())
            }
            Ok(_) | Err(ApiError::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        };
    }
    if let Some(at) = park_until {
        park(
            state,
            tenant,
            &c.id,
            m.chunk,
            unsent,
            Some(at),
            "sender limit",
        )
        .await?;
        return Ok(());
    }
    chunk_done(state, &m).await?;
    tracing::info!(campaign = %c.id, chunk = m.chunk, recipients = m.contacts.len(), "chunk done");
    Ok(())
}

struct SendCtx<'a> {
    state: &'a AppState,
    tenant: &'a TenantId,
    campaign: &'a Campaign,
    /// Whether the campaign is still running, as last read (at most once a second per chunk), so
    /// a pause stops a chunk within about a second.
    running: Mutex<(std::time::Instant, bool)>,
    group: &'a [Template],
    transport: &'a Transport,
    owner: &'a str,
    gate: &'a Mutex<Gate<'a>>,
    /// Recipients of the chunk not yet past the gate (how large a throttle block to reserve).
    left: &'a Mutex<u64>,
    delivery: &'a Delivery,
}

impl SendCtx<'_> {
    async fn still_running(&self) -> Result<bool, ApiError> {
        let mut last = self.running.lock().await;
        if last.0.elapsed() < std::time::Duration::from_secs(1) {
            return Ok(last.1);
        }
        let running = match campaign::load(self.state, self.tenant, &self.campaign.id).await {
            Ok(c) => c.status == State::Running,
            Err(ApiError::NotFound { .. }) => false,
            Err(e) => return Err(e),
        };
        *last = (std::time::Instant::now(), running);
        Ok(running)
    }

    async fn settle(&self, contact_id: &str, owner: &str, o: Outcome) -> Step {
        match settle(
            self.state,
            self.tenant,
            &self.campaign.id,
            contact_id,
            owner,
            o,
        )
        .await
        {
            Ok(()) => Step::Done,
            Err(e) => Step::Retry(e.to_string()),
        }
    }

    async fn one(
        &self,
        id: &str,
        contact: Option<&Contact>,
        suppressed: bool,
        claim: Claim,
    ) -> Step {
        let done_one = || async {
            let mut left = self.left.lock().await;
            *left = left.saturating_sub(1);
        };
        match claim {
            Claim::Settled => {
                done_one().await;
                return Step::Done;
            }
            Claim::Busy => {
                done_one().await;
                return Step::Busy;
            }
            Claim::Interrupted(owner) => {
                done_one().await;
                return self
                    .settle(id, &owner, Outcome::failed("interrupted while sending"))
                    .await;
            }
            Claim::Mine => {}
        }
        let contact = match contact {
            Some(c) if c.status == ContactStatus::Subscribed && !suppressed => c,
            Some(_) | None => {
                done_one().await;
                let reason = if contact.is_none() {
                    "contact deleted"
                } else {
                    "unsubscribed or suppressed"
                };
                return self.settle(id, self.owner, Outcome::skipped(reason)).await;
            }
        };
        // Stop before the slot when the invocation might not finish this send in time: a send
        // past the slot (state check, render, the provider, the outcome's transaction, each with
        // its retries) is bounded well within SEND_BUDGET, and a send cut off by the timeout would
        // count its recipient failed.
        if !self.delivery.has_time_for(SEND_BUDGET) {
            done_one().await;
            release(self.state, self.tenant, &self.campaign.id, id).await;
            return Step::Later;
        }
        // A slot from the sender's throttle and caps. Under the gate's lock `left` counts exactly
        // the recipients still to reach the gate (this one included), so a block reserved for them
        // is used by them: a block larger than that would hold back slots other chunks could use
        // (and make them park until tomorrow while the cap is not spent).
        let verdict = {
            let mut gate = self.gate.lock().await;
            let wanted = *self.left.lock().await;
            let verdict = gate.take(wanted).await;
            done_one().await;
            verdict
        };
        match verdict {
            Ok(Verdict::Go) => {}
            Ok(Verdict::ParkUntil(at)) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Park(at);
            }
            Ok(Verdict::Later) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Later;
            }
            Err(e) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Retry(e.to_string());
            }
        }
        // Checked after the slot (which may have meant waiting): a pause stops what has not left.
        match self.still_running().await {
            Ok(true) => {}
            Ok(false) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Stopped;
            }
            Err(e) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Retry(e.to_string());
            }
        }
        let Some(t) = templates::pick(
            self.group,
            contact.language.as_deref(),
            self.campaign.language.as_deref().unwrap_or("en"),
        ) else {
            return self
                .settle(id, self.owner, Outcome::failed("no template"))
                .await;
        };
        let url = match templates::unsubscribe_url(
            self.state,
            self.tenant,
            contact,
            Some(self.campaign.id.clone()),
        )
        .await
        {
            Ok(u) => u,
            Err(e) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Retry(e.to_string());
            }
        };
        let rendered = match templates::render(t, &contact.view(), &url) {
            Ok(r) => r,
            Err(e) => {
                return self
                    .settle(
                        id,
                        self.owner,
                        Outcome::failed(format!("the template did not render: {e}")),
                    )
                    .await
            }
        };
        let name = match (&contact.first_name, &contact.last_name) {
            (Some(f), Some(l)) => Some(format!("{f} {l}")),
            (Some(f), None) => Some(f.clone()),
            (None, Some(l)) => Some(l.clone()),
            (None, None) => None,
        };
        let out = Outbound {
            campaign_id: &self.campaign.id,
            contact_id: id,
            to: &contact.email,
            to_name: name,
            first_name: contact.first_name.as_deref(),
            last_name: contact.last_name.as_deref(),
            from_name: &self.campaign.sender.from_name,
            from_email: &self.campaign.sender.from_email,
            reply_to: self.campaign.sender.reply_to.as_deref(),
            subject: &rendered.subject,
            html: &rendered.html,
            text: rendered.text.as_deref(),
            unsubscribe_url: &url,
        };
        match self.transport.deliver(&out).await {
            Ok(mid) => self.settle(id, self.owner, Outcome::sent(mid)).await,
            Err(SendError::Reject(r)) => self.settle(id, self.owner, Outcome::failed(r)).await,
            Err(SendError::Retry(r)) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                Step::Retry(r)
            }
            Err(SendError::Halt(r)) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                Step::Halt(r)
            }
        }
    }
}

// ------------------------------------------------------------------ the minute sweep

#[derive(Debug, Deserialize)]
struct DueItem {
    #[serde(rename = "GSI2SK")]
    sk: String,
}

/// The minute sweep: starts scheduled campaigns whose time has come, queues again the chunks
/// parked until now (a sender's hour or day), and runs the watchdog on running campaigns whose
/// check is due. Idempotent (a start is a conditional move, an unpark deletes what it queued, a
/// repair queues what is missing), and two sweeps may run at once. It reads each shard of the due
/// list a page at a time, acts on each campaign once per run, stops taking new work near its
/// deadline (the next run goes on), and a failure on one campaign is logged and counted, never
/// the end of the run.
pub async fn sweep_due(
    state: &AppState,
    deadline: Option<std::time::Instant>,
) -> Result<u32, ApiError> {
    let now = kernel::time::now().unix_timestamp();
    let mut acted = 0;
    let mut failed = 0;
    let mut seen: std::collections::HashSet<(&str, String, String)> = Default::default();
    let time_left = || {
        deadline.map_or(std::time::Duration::from_secs(3600), |d| {
            d.saturating_duration_since(std::time::Instant::now())
        })
    };
    'shards: for spec in keys::due_until(now) {
        let mut start = None;
        loop {
            if time_left() < platform::worker::DEADLINE_MARGIN * 2 {
                break 'shards;
            }
            let (items, next): (Vec<DueItem>, _) =
                state.store.query_raw_page(&spec, 200, start).await?;
            for item in items {
                if time_left() < platform::worker::DEADLINE_MARGIN * 2 {
                    break 'shards;
                }
                let Some(due) = keys::parse_due(&item.sk) else {
                    tracing::warn!("an unknown item in the due list");
                    continue;
                };
                let (kind, tenant, campaign_id) = match &due {
                    keys::Due::Campaign {
                        tenant,
                        campaign_id,
                    } => ("start", tenant, campaign_id),
                    keys::Due::Parked {
                        tenant,
                        campaign_id,
                    } => ("unpark", tenant, campaign_id),
                    keys::Due::Watch {
                        tenant,
                        campaign_id,
                    } => ("watch", tenant, campaign_id),
                };
                if !seen.insert((kind, tenant.to_string(), campaign_id.clone())) {
                    continue;
                }
                let result = match kind {
                    "start" => campaign::system_move(state, tenant, campaign_id, Move::Start, None)
                        .await
                        .map(u32::from),
                    "unpark" => unpark(state, tenant, campaign_id, true)
                        .await
                        .map(|n| n as u32),
                    _ => watch(state, tenant, campaign_id).await.map(u32::from),
                };
                match result {
                    Ok(n) => acted += n,
                    Err(e) => {
                        failed += 1;
                        tracing::warn!(error = %e, campaign = %campaign_id, kind, "sweep could not act on a campaign; the next run tries again");
                    }
                }
            }
            match next {
                Some(k) => start = Some(k),
                None => break,
            }
        }
    }
    if failed > 0 {
        tracing::warn!(failed, acted, "sweep done with failures");
    }
    Ok(acted)
}

/// How long a running campaign may go without progress before the watchdog repairs it: above the
/// send queue's visibility timeout (720 s), after which a failed chunk comes back on its own.
pub const DEFAULT_STALL_SECS: i64 = 900;
/// Repairs without progress before the watchdog pauses the campaign, saying why.
pub const MAX_REPAIRS: u32 = 3;

fn stall_secs(state: &AppState) -> i64 {
    state
        .config
        .var("CAMPAIGN_STALL_SECS")
        .and_then(|v| v.parse().ok())
        .filter(|v: &i64| *v > 0)
        .unwrap_or(DEFAULT_STALL_SECS)
}

/// Puts the campaign's watch in the due list at `at`; with `progress`, notes progress now (a
/// start, a resume, a repair, a wait on a sender's limit) and sets `repairs` to the count so far.
async fn arm_watch(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    at: i64,
    progress: Option<u32>,
) -> Result<(), ApiError> {
    let now = kernel::time::now().unix_timestamp();
    let watch = keys::due_watch(tenant, id, at);
    let mut set = vec![
        (keys::GSI2PK, AttributeValue::S(watch.pk().into())),
        (keys::GSI2SK, AttributeValue::S(watch.sk().into())),
    ];
    if let Some(repairs) = progress {
        set.push(("last_progress_at", AttributeValue::N(now.to_string())));
        set.push(("repairs", AttributeValue::N(repairs.to_string())));
    }
    state
        .store
        .add(
            &keys::campaign_progress(tenant, id),
            campaign::PROGRESS,
            &[],
            &set,
            None,
        )
        .await?;
    Ok(())
}

/// Takes the campaign's watch out of the due list (it is not running).
async fn disarm_watch(state: &AppState, tenant: &TenantId, id: &str) -> Result<(), ApiError> {
    match state
        .store
        .update_where::<serde_json::Value>(
            &keys::campaign_progress(tenant, id),
            "REMOVE #pk2, #sk2",
            "attribute_exists(#pk2)",
            &[("#pk2", keys::GSI2PK), ("#sk2", keys::GSI2SK)],
            &[],
        )
        .await
    {
        Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The watchdog's look at one campaign whose check is due. A campaign that is not running leaves
/// the list. A running one that moved since its last check is checked again later, and so is one
/// waiting on a sender's limit (parked until a time). One without progress for `stall_secs` is
/// repaired: the fan-out queued again if it is not done, every chunk that is neither done nor
/// parked queued again from its manifest (claims make a second copy send nothing twice), due
/// chunks unparked, and the finish checked. After [`MAX_REPAIRS`] repairs without progress the
/// campaign is paused with the reason. Returns whether it acted.
pub async fn watch(state: &AppState, tenant: &TenantId, id: &str) -> Result<bool, ApiError> {
    let c = match campaign::load(state, tenant, id).await {
        Ok(c) => c,
        Err(ApiError::NotFound { .. }) => return Ok(false),
        Err(e) => return Err(e),
    };
    if c.status != State::Running {
        disarm_watch(state, tenant, id).await?;
        return Ok(false);
    }
    let p = campaign::progress(state, tenant, id).await?;
    let now = kernel::time::now().unix_timestamp();
    let stall = stall_secs(state);
    let last = p.last_progress_at.unwrap_or(0);
    if now - last < stall {
        arm_watch(state, tenant, id, last + stall, None).await?;
        return Ok(false);
    }
    let parked = parked(state, tenant, id).await?;
    if parked.iter().any(|x| x.due_at.is_some_and(|at| at > now)) {
        // Waiting on a sender's hour or day: not stuck.
        arm_watch(state, tenant, id, now + stall, Some(p.repairs)).await?;
        return Ok(false);
    }
    if p.repairs >= MAX_REPAIRS {
        let reason = format!(
            "stalled: no progress for {} minutes after {} repairs ({} of {} chunks done); resume to try again",
            (now - last) / 60,
            p.repairs,
            p.chunks_done,
            p.chunks
        );
        tracing::warn!(campaign = %id, %reason, "watchdog pauses a campaign");
        campaign::system_move(state, tenant, id, Move::Pause, Some(reason)).await?;
        disarm_watch(state, tenant, id).await?;
        return Ok(true);
    }
    // Repair.
    if !p.fanout_done {
        send_all(
            &fanout_queue(state).await?,
            vec![fanout_message(tenant, id)?],
        )
        .await?;
    }
    let parked_chunks: std::collections::HashSet<u64> = parked.iter().map(|x| x.chunk).collect();
    let missing: Vec<u64> = (0..p.chunks)
        .filter(|n| !p.done_chunks.contains(n) && !parked_chunks.contains(n))
        .collect();
    let mut requeued = 0;
    for group in missing.chunks(100) {
        let keys: Vec<store::Key> = group
            .iter()
            .map(|n| keys::campaign_chunk(tenant, id, *n))
            .collect();
        let mut messages = Vec::new();
        for item in state.store.batch_get(&keys).await?.into_iter().flatten() {
            let m: Manifest = serde_dynamo::from_item(item).map_err(store::StoreError::from)?;
            messages.push(Outgoing::json(
                &SendChunk {
                    tenant: tenant.clone(),
                    campaign_id: id.to_owned(),
                    chunk: m.chunk,
                    contacts: m.contacts,
                },
                tenant.as_str(),
            )?);
        }
        requeued += messages.len();
        if !messages.is_empty() {
            send_all(&send_queue(state).await?, messages).await?;
        }
    }
    unpark(state, tenant, id, true).await?;
    tracing::warn!(
        campaign = %id,
        repair = p.repairs + 1,
        requeued,
        fanout_requeued = !p.fanout_done,
        "watchdog repairs a campaign without progress"
    );
    arm_watch(state, tenant, id, now + stall, Some(p.repairs + 1)).await?;
    check_finish(state, tenant, id).await?;
    Ok(true)
}
