//! Claims and send records: each recipient is claimed with a conditional put before anything
//! is sent, and each outcome moves its record and one count shard together.

use super::*;
use aws_sdk_dynamodb::types::AttributeValue;
use store::{PutMode, Record, TxOp};

pub(crate) const SEND: &str = "CAMPAIGN_SEND";

/// The longest a claim is held (above the send function's timeout, so its invocation has ended by
/// then however it ended).
pub(crate) const CLAIM_STALE_SECS: i64 = 16 * 60;

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

/// What a claim found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Claim {
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

pub(crate) fn send_record<'a>(
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
pub(crate) async fn claim_all(
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
pub(crate) struct Outcome {
    /// `sent`, `failed` or `skipped` (also the count it adds to).
    pub(crate) status: &'static str,
    pub(crate) message_id: Option<String>,
    pub(crate) reason: Option<String>,
}

impl Outcome {
    pub(crate) fn sent(message_id: String) -> Self {
        Self {
            status: "sent",
            message_id: Some(message_id),
            reason: None,
        }
    }
    pub(crate) fn failed(reason: impl Into<String>) -> Self {
        Self {
            status: "failed",
            message_id: None,
            reason: Some(reason.into()),
        }
    }
    pub(crate) fn skipped(reason: impl Into<String>) -> Self {
        Self {
            status: "skipped",
            message_id: None,
            reason: Some(reason.into()),
        }
    }
}

/// Settles a claimed recipient: the record's outcome and one count in one transaction,
/// conditional on the claim still being `owner`'s (so an outcome is counted once).
pub(crate) async fn settle(
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
pub(crate) async fn release(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    contact_id: &str,
) {
    if let Err(e) = state
        .store
        .delete(&keys::campaign_send(tenant, campaign_id, contact_id), true)
        .await
    {
        tracing::warn!(error = %e, "could not release a send claim");
    }
}
