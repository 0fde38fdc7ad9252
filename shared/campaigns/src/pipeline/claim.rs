//! Claims and send records: each recipient is claimed with a conditional put before anything
//! is sent, and each outcome moves its record and one count shard together
//! (`crate::persist::send` holds the items).

use super::*;
use crate::persist::send as records;
pub use crate::persist::send::{SendOutcome, SendRecord, SendStatus};

/// The longest a claim is held (above the send function's timeout, so its invocation has ended by
/// then however it ended).
pub(crate) const CLAIM_STALE_SECS: i64 = 16 * 60;

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
    let claims_of: Vec<SendRecord> = ids
        .iter()
        .map(|id| SendRecord {
            contact_id: id.clone(),
            status: SendStatus::Sending,
            owner: owner.to_owned(),
            claimed_at: now,
            until,
            message_id: None,
            reason: None,
        })
        .collect();
    let claims = &claims_of;
    if d.receive_count <= 1
        && !claims.is_empty()
        && claims.len() <= 100
        && records::claim_all_at_once(state, tenant, campaign_id, claims, expires_at).await?
    {
        return Ok(vec![Claim::Mine; claims.len()]);
    }
    // The futures are built first: a stream mapped by a closure over borrowed items is not
    // `Send` for every lifetime, which the worker runtime needs.
    let pending: Vec<_> = claims
        .iter()
        .map(|r| async move {
            match records::claim(state, tenant, campaign_id, r, expires_at).await {
                Ok(None) => Ok(Claim::Mine),
                Ok(Some(held)) => Ok(match held {
                    None => Claim::Busy,
                    Some(h) if h.status != SendStatus::Sending => Claim::Settled,
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
                }),
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

/// Settles a claimed recipient: the record's outcome and one count in one transaction,
/// conditional on the claim still being `owner`'s (so an outcome is counted once).
pub(crate) async fn settle(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    contact_id: &str,
    owner: &str,
    o: SendOutcome,
) -> Result<(), ApiError> {
    records::settle(state, tenant, campaign_id, contact_id, owner, o).await?;
    Ok(())
}

/// Gives a claim back (the message was not sent and will be tried again).
pub(crate) async fn release(
    state: &AppState,
    tenant: &TenantId,
    campaign_id: &str,
    contact_id: &str,
) {
    if let Err(e) = records::release(state, tenant, campaign_id, contact_id).await {
        tracing::warn!(error = %e, "could not release a send claim");
    }
}
