//! Data-subject requests against the campaign engine: everything it holds about one address (the
//! contact, its tags, its send records and delivery events, its suppression), and erasing it.
//!
//! An erasure suppresses the address first (by its digest, so the list holds no address: see
//! [`crate::persist::suppression::erased_digest`]), so nothing is mailed to it from that moment;
//! then removes the contact's send records, its events (the counts they moved are aggregates and
//! stay), its place in chunk manifests and parked chunks, and last the contact with its tag links
//! and email claim. The contact goes last so that an erasure interrupted anywhere (a timeout, a
//! throttle) is finished by a retry, which finds the contact again by its address; a retry after
//! success finds nothing and changes nothing.
//!
//! Concurrency: a send already past its suppression check when the erasure starts may still
//! write a send record after the erasure removed them (its chunk loaded the contact first); the
//! erasure's retry, or a second erasure, removes it. Validation marks (30 days) and webhook
//! deliveries already made (the organisation's own endpoints, kept for their retention) are not
//! rewritten.

use crate::contacts::ContactView;
use crate::events::EventView;
use crate::persist::{campaign, contact, events, manifest, parked, progress, send, suppression};
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::Serialize;

/// A send to the person, as held.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SendHeld {
    pub campaign_id: String,
    /// `sending`, `sent`, `failed` or `skipped`.
    pub status: String,
    /// The transport's message id, once sent.
    pub message_id: Option<String>,
    pub reason: Option<String>,
    /// When it was claimed for sending (RFC 3339).
    pub at: String,
}

/// What the campaign engine holds about one address.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContactHeld {
    /// The contact with this address (its tags included); `null` when there is none.
    pub contact: Option<ContactView>,
    pub sends: Vec<SendHeld>,
    /// Delivery events (delivered, opened, clicked, bounced, complained, unsubscribed), newest first.
    pub events: Vec<EventView>,
    /// The address's suppression entry, when it is suppressed.
    pub suppression: Option<suppression::Suppression>,
}

/// What an erasure removed from the campaign engine.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ContactErased {
    /// The contact erased, when there was one (its id no longer names anything).
    pub contact_id: Option<String>,
    pub sends: usize,
    pub events: usize,
    pub tag_links: usize,
    /// Chunk manifests and parked chunks the contact was taken out of.
    pub chunks: usize,
    /// Items deleted or rewritten in all.
    pub items: usize,
}

/// Everything held about `email` (normalised by the caller). Reads: the email claim, the
/// contact, the organisation's campaign list, one BatchGetItem per 100 campaigns for sends, the
/// contact's events and the two suppression keys.
pub async fn held(
    state: &AppState,
    tenant: &TenantId,
    email: &str,
) -> Result<ContactHeld, ApiError> {
    let suppression = suppression::entry_of(state, tenant, email).await?;
    let Some(c) = contact_of(state, tenant, email).await? else {
        return Ok(ContactHeld {
            contact: None,
            sends: vec![],
            events: vec![],
            suppression,
        });
    };
    let campaigns: Vec<String> = campaign::all_ids(state, tenant)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let sends = send::of_contact(state, tenant, &campaigns, &c.id)
        .await?
        .into_iter()
        .map(|(campaign_id, r)| SendHeld {
            campaign_id,
            status: serde_json::to_value(r.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            message_id: r.message_id,
            reason: r.reason,
            at: kernel::time::rfc3339_at(r.claimed_at),
        })
        .collect();
    let events = events::all_for_contact(state, tenant, &c.id)
        .await?
        .into_iter()
        .map(EventView::of)
        .collect();
    Ok(ContactHeld {
        contact: Some(c.view()),
        sends,
        events,
        suppression,
    })
}

/// Erases everything the campaign engine holds about `email` (normalised by the caller) and
/// suppresses it by digest; see the module note for the order and what a retry does. Every call
/// suppresses, even when no contact has the address: a person erased before being imported as a
/// contact is still never mailed.
pub async fn erase(
    state: &AppState,
    tenant: &TenantId,
    email: &str,
) -> Result<ContactErased, ApiError> {
    let now = kernel::time::rfc3339(kernel::time::now());
    suppression::add_erased(state, tenant, email, &now).await?;
    // The address's own entry (unsubscribed, bounced…) holds the address: the digest replaces it.
    let mut out = ContactErased::default();
    if suppression::remove_exact(state, tenant, email).await? {
        out.items += 1;
    }
    let Some(c) = contact_of(state, tenant, email).await? else {
        return Ok(out);
    };
    let all = campaign::all_ids(state, tenant).await?;
    let campaigns: Vec<String> = all.iter().map(|(id, _)| id.clone()).collect();
    let sent_in: Vec<String> = send::of_contact(state, tenant, &campaigns, &c.id)
        .await?
        .into_iter()
        .map(|(campaign_id, _)| campaign_id)
        .collect();
    send::forget(state, tenant, &sent_in, &c.id).await?;
    out.sends = sent_in.len();

    let held_events = events::all_for_contact(state, tenant, &c.id).await?;
    out.events = held_events.len();
    out.items += events::forget_contact(state, tenant, &c.id, &held_events).await?;

    // A contact is in the chunks of a campaign that sent to it, and can be in those of one still
    // under way (or cancelled) without a send record yet; a finished campaign without a send to
    // it never queued it.
    let chunked = all.iter().filter(|(id, status)| {
        *status != crate::lifecycle::State::Finished || sent_in.contains(id)
    });
    for (campaign_id, _) in chunked {
        let chunks = progress::load(state, tenant, campaign_id)
            .await?
            .map_or(0, |p| p.chunks);
        if chunks > 0 {
            out.chunks +=
                manifest::strip_contact(state, tenant, campaign_id, chunks, &c.id).await?;
        }
        out.chunks += parked::strip_contact(state, tenant, campaign_id, &c.id).await?;
    }

    out.tag_links = c.tags.len();
    let mut gone = false;
    for _ in 0..5 {
        let Some(current) = contact::load(state, tenant, &c.id).await? else {
            gone = true;
            break;
        };
        // Edited meanwhile (`Changed`): read it again and delete what is there now.
        if contact::delete(state, tenant, &current).await? == contact::Written::Done {
            gone = true;
            break;
        }
    }
    if !gone {
        return Err(ApiError::Conflict {
            detail: "the contact kept changing while it was being erased; retry the erasure".into(),
        });
    }
    out.contact_id = Some(c.id.clone());
    out.items += out.sends + out.chunks + out.tag_links + usize::from(out.contact_id.is_some()) * 2;
    Ok(out)
}

async fn contact_of(
    state: &AppState,
    tenant: &TenantId,
    email: &str,
) -> Result<Option<contact::Contact>, ApiError> {
    let Some(id) = contact::holder_of(state, tenant, email).await? else {
        return Ok(None);
    };
    Ok(contact::load(state, tenant, &id).await?)
}
