//! Send records (one per recipient of a campaign: the claim, then the outcome) and the count
//! shards their outcomes add to. A claim is a create-only put, so of two deliveries of a chunk one
//! claims each recipient; an outcome moves the record and one count shard in one transaction,
//! conditional on the claim still being its owner's, so each outcome is counted once.

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::expr::{Cond, Update, Value};
use store::{keys, PutMode, Record, StoreError, TxOp};

const SEND: &str = "CAMPAIGN_SEND";

/// Where a recipient's send stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SendStatus {
    /// Claimed by an invocation that is sending (or was stopped mid-send).
    Sending,
    Sent,
    Failed,
    Skipped,
}

impl SendStatus {
    /// The count shard attribute this outcome adds to.
    fn counter(self) -> Option<&'static str> {
        match self {
            Self::Sending => None,
            Self::Sent => Some("sent"),
            Self::Failed => Some("failed"),
            Self::Skipped => Some("skipped"),
        }
    }
}

/// A recipient's send record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendRecord {
    pub contact_id: String,
    pub status: SendStatus,
    /// The invocation that claimed it (its message id and a nonce: a duplicate delivery can carry
    /// the same message id).
    pub owner: String,
    pub claimed_at: i64,
    /// When the claiming invocation is stopped at the latest (its deadline, epoch seconds): a
    /// claim still `sending` after that was interrupted mid-send. 0 on records written before
    /// this field.
    #[serde(default)]
    pub until: i64,
    pub message_id: Option<String>,
    pub reason: Option<String>,
}

/// One count shard of a campaign: what its outcomes added up to.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Counts {
    #[serde(default)]
    pub sent: u64,
    #[serde(default)]
    pub failed: u64,
    #[serde(default)]
    pub skipped: u64,
    // What happened to what was sent (delivery events, `persist::events`).
    #[serde(default)]
    pub delivered: u64,
    #[serde(default)]
    pub opened: u64,
    #[serde(default)]
    pub opened_unique: u64,
    #[serde(default)]
    pub clicked: u64,
    #[serde(default)]
    pub clicked_unique: u64,
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

impl Counts {
    /// Adds another shard's counts.
    pub fn absorb(&mut self, o: &Counts) {
        self.sent += o.sent;
        self.failed += o.failed;
        self.skipped += o.skipped;
        self.delivered += o.delivered;
        self.opened += o.opened;
        self.opened_unique += o.opened_unique;
        self.clicked += o.clicked;
        self.clicked_unique += o.clicked_unique;
        self.bounced += o.bounced;
        self.bounced_hard += o.bounced_hard;
        self.bounced_soft += o.bounced_soft;
        self.complained += o.complained;
        self.unsubscribed += o.unsubscribed;
    }
}

/// How a recipient's send ended.
#[derive(Debug, Clone)]
pub struct SendOutcome {
    /// Sent, failed or skipped (also the count it adds to).
    pub status: SendStatus,
    pub message_id: Option<String>,
    pub reason: Option<String>,
}

impl SendOutcome {
    pub fn sent(message_id: String) -> Self {
        Self {
            status: SendStatus::Sent,
            message_id: Some(message_id),
            reason: None,
        }
    }
    pub fn failed(reason: impl Into<String>) -> Self {
        Self {
            status: SendStatus::Failed,
            message_id: None,
            reason: Some(reason.into()),
        }
    }
    pub fn skipped(reason: impl Into<String>) -> Self {
        Self {
            status: SendStatus::Skipped,
            message_id: None,
            reason: Some(reason.into()),
        }
    }
}

fn record<'a>(
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

/// Claims every recipient in one transaction (at most 100): `true` when all were claimed,
/// `false` when any was claimed before (nothing written then).
pub async fn claim_all_at_once(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    records: &[SendRecord],
    expires_at: i64,
) -> Result<bool, StoreError> {
    let ops = records
        .iter()
        .map(|r| {
            TxOp::put(
                &record(tenant, campaign_id, r, expires_at),
                PutMode::IfAbsent,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    match state.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(StoreError::TransactionCanceled { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Claims one recipient: `Ok(None)` when this claim holds, `Ok(Some(held))` when a record was
/// there (`held` is `None` if it went away between the two reads).
pub async fn claim(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    r: &SendRecord,
    expires_at: i64,
) -> Result<Option<Option<SendRecord>>, StoreError> {
    match state
        .store
        .put(
            &record(tenant, campaign_id, r, expires_at),
            PutMode::IfAbsent,
        )
        .await
    {
        Ok(()) => Ok(None),
        Err(StoreError::AlreadyExists) => Ok(Some(
            state
                .store
                .get(&keys::campaign_send(tenant, campaign_id, &r.contact_id))
                .await?,
        )),
        Err(e) => Err(e),
    }
}

/// Settles a claimed recipient: its outcome on the record and one count in one transaction,
/// conditional on the claim still being `owner`'s. `false` when someone else settled it (an
/// interrupted claim taken over): it was counted once already.
pub async fn settle(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    contact_id: &str,
    owner: &str,
    o: SendOutcome,
) -> Result<bool, StoreError> {
    let Some(counter) = o.status.counter() else {
        return Err(StoreError::Expression(
            "a claim settles to an outcome".into(),
        ));
    };
    let ops = vec![
        TxOp::apply(
            keys::campaign_send(tenant, campaign_id, contact_id),
            &outcome(owner, o),
        )?,
        TxOp::apply(
            keys::campaign_count(tenant, campaign_id, contact_id),
            &count(counter),
        )?,
    ];
    match state.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(e) if e.failed_action() == Some(0) => Ok(false),
        Err(e) => Err(e),
    }
}

fn outcome(owner: &str, o: SendOutcome) -> Update<SendRecord> {
    Update::new()
        .set("status", &o.status)
        .set("message_id", &o.message_id)
        .set("reason", &o.reason)
        .when(Cond::eq("status", &SendStatus::Sending).and(Cond::eq("owner", &owner)))
}

fn count(counter: &'static str) -> Update<Counts> {
    Update::new().add(counter, Value::number(1))
}

/// Gives a claim back (the message was not sent and will be tried again).
pub async fn release(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    contact_id: &str,
) -> Result<(), StoreError> {
    state
        .store
        .delete(&keys::campaign_send(tenant, campaign_id, contact_id), true)
        .await
}

/// The contact's send records in these campaigns, with each one's campaign id (one BatchGetItem
/// per 100 campaigns): what a data-subject export lists and an erasure removes.
pub async fn of_contact(
    state: &AppState,
    tenant: &TenantId,
    campaign_ids: &[String],
    contact_id: &str,
) -> Result<Vec<(String, SendRecord)>, StoreError> {
    let mut out = Vec::new();
    for chunk in campaign_ids.chunks(100) {
        let wanted: Vec<store::Key> = chunk
            .iter()
            .map(|c| keys::campaign_send(tenant, c, contact_id))
            .collect();
        let found = state.store.batch_get_as::<SendRecord>(&wanted).await?;
        out.extend(
            chunk
                .iter()
                .zip(found)
                .filter_map(|(c, r)| r.map(|r| (c.clone(), r))),
        );
    }
    Ok(out)
}

/// Deletes the contact's send records in these campaigns (an erasure; the campaigns' counts stay,
/// they are in the count shards). Deleting an absent record succeeds, so a retry converges.
pub async fn forget(
    state: &AppState,
    tenant: &TenantId,
    campaign_ids: &[String],
    contact_id: &str,
) -> Result<(), StoreError> {
    let doomed: Vec<store::Key> = campaign_ids
        .iter()
        .map(|c| keys::campaign_send(tenant, c, contact_id))
        .collect();
    if doomed.is_empty() {
        return Ok(());
    }
    state.store.batch_delete(&doomed).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_expression_names_fields_of_its_item() {
        for o in [
            SendOutcome::sent("mid".into()),
            SendOutcome::failed("bounced"),
            SendOutcome::skipped("unsubscribed"),
        ] {
            count(o.status.counter().unwrap()).render().unwrap();
            outcome("m/1", o).render().unwrap();
        }
        assert_eq!(SendStatus::Sending.counter(), None);
    }

    #[test]
    fn statuses_are_stored_as_before() {
        assert_eq!(
            serde_json::to_value(SendStatus::Sending).unwrap(),
            serde_json::json!("sending")
        );
        let back: SendStatus = serde_json::from_value(serde_json::json!("skipped")).unwrap();
        assert_eq!(back, SendStatus::Skipped);
    }
}
