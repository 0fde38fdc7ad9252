//! The organisation's suppression list and one-click unsubscribe (RFC 8058).
//!
//! A suppressed address is never mailed, whatever its contact's status: the audience resolution and
//! the sender check it. Unsubscribe links carry a signed token naming the organisation, the contact
//! and the campaign; the token is the only credential (the link works without login), so it is an
//! HMAC-SHA256 under a key derived from the platform secret, compared in constant time.
//!
//! Retry and concurrency: adding an address that is already suppressed keeps the first entry (a
//! conditional put), so a repeated unsubscribe or import changes nothing; removing is idempotent.

use crate::contacts::{self, ContactStatus};
use crate::persist::suppression as persist;
pub use crate::persist::suppression::{Reason, Suppression};
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use platform::AppState;
use platform::Caller;
use serde::{Deserialize, Serialize};
use store::PageParams;

/// Addresses one request adds.
pub const MAX_EMAILS: usize = 1_000;

/// Suppresses an address; `false` when it already was (the first entry stays).
pub async fn add(
    state: &AppState,
    tenant: &TenantId,
    email: &str,
    reason: Reason,
    campaign_id: Option<String>,
) -> Result<bool, ApiError> {
    let entry = Suppression {
        email: email.to_owned(),
        reason,
        campaign_id,
        created_at: kernel::time::rfc3339(kernel::time::now()),
    };
    Ok(persist::add(state, tenant, &entry).await?)
}

/// Adds up to 1,000 addresses (each normalised; a bad one is named by index and nothing is
/// added). Returns how many were new.
pub async fn add_many(
    state: &AppState,
    caller: &Caller<'_>,
    raw: &[String],
    reason: Reason,
) -> Result<usize, ApiError> {
    let tenant = caller.tenant;
    let mut errors = Vec::new();
    let mut emails = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        match kernel::text::normalise_email(r) {
            Some(e) => emails.push(e),
            None => errors.push(FieldError::body(
                format!("emails[{i}]"),
                "invalid",
                "an email address",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    emails.sort();
    emails.dedup();
    let mut added = 0;
    for email in &emails {
        added += usize::from(add(state, tenant, email, reason, None).await?);
    }
    Ok(added)
}

/// Whether each address is suppressed (one BatchGetItem per 100), in order.
pub async fn are_suppressed(
    state: &AppState,
    tenant: &TenantId,
    emails: &[String],
) -> Result<Vec<bool>, ApiError> {
    Ok(persist::are_suppressed(state, tenant, emails).await?)
}

/// Lifts a suppression. 404 when the address is not suppressed.
pub async fn remove(state: &AppState, caller: &Caller<'_>, email: &str) -> Result<(), ApiError> {
    let tenant = caller.tenant;
    if persist::remove(state, tenant, email).await? {
        Ok(())
    } else {
        Err(ApiError::not_found("this address is not suppressed"))
    }
}

/// A page of the list, by address.
pub async fn list(
    state: &AppState,
    caller: &Caller<'_>,
    page: &PageParams,
) -> Result<(Vec<Suppression>, Option<String>), ApiError> {
    let tenant = caller.tenant;
    let codec = state.cursor_codec().await?;
    let found = persist::list(state, tenant, codec, page).await?;
    Ok((found.items, found.next_cursor))
}

/// What an unsubscribe token says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unsubscribe {
    #[serde(rename = "t")]
    pub tenant: TenantId,
    #[serde(rename = "c")]
    pub contact_id: String,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
}

async fn token_key(state: &AppState) -> Result<Vec<u8>, ApiError> {
    let platform = state.keys().await?;
    Ok(kernel::secret::derive_key(platform.master(), "unsubscribe"))
}

/// The token of an unsubscribe link: `base64url(json) . base64url(HMAC)` ([`kernel::secret::seal`]).
pub async fn token(state: &AppState, u: &Unsubscribe) -> Result<String, ApiError> {
    let payload = serde_json::to_vec(u).map_err(ApiError::internal)?;
    Ok(kernel::secret::seal(&token_key(state).await?, &payload))
}

/// Reads a token; `None` when it is malformed or its signature does not hold.
pub async fn read_token(state: &AppState, token: &str) -> Result<Option<Unsubscribe>, ApiError> {
    Ok(kernel::secret::open(&token_key(state).await?, token)
        .and_then(|bytes| serde_json::from_slice(&bytes).ok()))
}

/// Unsubscribes the contact a valid token names, at once and idempotently: its status becomes
/// `unsubscribed` and its address is suppressed. Returns the address (`None` when the contact no
/// longer exists: there is nothing left to mail).
pub async fn unsubscribe(state: &AppState, u: &Unsubscribe) -> Result<Option<String>, ApiError> {
    let tenant = &u.tenant;
    let contact = match contacts::load(state, tenant, &u.contact_id).await {
        Ok(c) => c,
        Err(ApiError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    add(
        state,
        tenant,
        &contact.email,
        Reason::Unsubscribed,
        u.campaign_id.clone(),
    )
    .await?;
    if contact.status == ContactStatus::Subscribed {
        contacts::set_status(state, tenant, &contact.id, ContactStatus::Unsubscribed).await?;
    }
    Ok(Some(contact.email))
}
