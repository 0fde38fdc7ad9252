//! Delivery events from Amazon SES: a profile's configuration set publishes to EventBridge (its
//! event destination), and a rule on `aws.ses` bounces and complaints invokes `delivery-events`.
//! Each message carries the SES tags `tenant`, `campaign` and `profile` (set at send), so an event
//! finds its organisation without a lookup by address.
//!
//! - A **permanent bounce** suppresses the address (reason `bounced`), marks the contact `bounced`
//!   and adds to the sending day's `bounced` count of the profile.
//! - A **complaint** suppresses the address (`complained`), marks the contact `complained` and adds
//!   to the day's `complained` count. Those counts hold a warm-up (see [`crate::warmup`]).
//! - Transient and undetermined bounces, and every other event type, change nothing here.
//!
//! Idempotent, and never lost: the effects that can be repeated (suppressing the address, marking
//! the contact) are applied first; then the marker per message and kind (create-only) and the
//! day's count go in one transaction. A failure anywhere leaves no marker, so EventBridge's retry
//! (or a redelivery) applies the event again, and the count moves exactly once.

use crate::contacts::{self, ContactStatus};
use crate::persist::delivery::{self, ProfileDay};
use crate::suppression::{self, Reason};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use serde::Deserialize;
use std::collections::BTreeMap;

/// An SES event as EventBridge delivers it (`detail` is SES's event record).
#[derive(Debug, Clone, Deserialize)]
pub struct SesEvent {
    pub detail: Detail,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Detail {
    #[serde(rename = "eventType")]
    pub event_type: String,
    pub mail: Mail,
    pub bounce: Option<Bounce>,
    pub complaint: Option<Complaint>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Mail {
    #[serde(rename = "messageId")]
    pub message_id: String,
    /// When SES accepted the message (RFC 3339): the day its bounce counts against.
    pub timestamp: Option<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Bounce {
    #[serde(rename = "bounceType")]
    pub bounce_type: String,
    #[serde(rename = "bouncedRecipients", default)]
    pub recipients: Vec<Recipient>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Complaint {
    #[serde(rename = "complainedRecipients", default)]
    pub recipients: Vec<Recipient>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Recipient {
    #[serde(rename = "emailAddress")]
    pub email: String,
}

/// What an event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Not a bounce or complaint of ours (another sender, a soft bounce, a delivery).
    Ignored,
    /// Seen before: nothing done again.
    Duplicate,
    /// Suppressed and counted, with the number of recipients.
    Counted {
        kind: &'static str,
        recipients: usize,
    },
}

fn tag<'a>(mail: &'a Mail, name: &str) -> Option<&'a str> {
    mail.tags
        .get(name)
        .and_then(|v| v.first())
        .map(String::as_str)
}

/// Applies one SES event.
pub async fn apply(state: &AppState, e: &SesEvent) -> Result<Applied, ApiError> {
    let d = &e.detail;
    let (kind, reason, status, recipients) = match (d.event_type.as_str(), &d.bounce, &d.complaint)
    {
        ("Bounce", Some(b), _) if b.bounce_type == "Permanent" => (
            "bounced",
            Reason::Bounced,
            ContactStatus::Bounced,
            &b.recipients,
        ),
        ("Complaint", _, Some(c)) => (
            "complained",
            Reason::Complained,
            ContactStatus::Complained,
            &c.recipients,
        ),
        _ => return Ok(Applied::Ignored),
    };
    let Some(tenant) = tag(&d.mail, "tenant").and_then(|t| t.parse::<TenantId>().ok()) else {
        return Ok(Applied::Ignored);
    };
    let campaign = tag(&d.mail, "campaign").map(str::to_owned);
    let profile = tag(&d.mail, "profile").filter(|p| p.starts_with("snd_"));
    let now = kernel::time::now().unix_timestamp();
    let emails: Vec<String> = recipients
        .iter()
        .filter_map(|r| kernel::text::normalise_email(&r.email))
        .collect();
    // Seen and fully applied before: nothing to do (the check saves the writes below; the
    // transaction's condition is what makes it exact).
    if delivery::seen(state, &tenant, &d.mail.message_id, kind).await? {
        return Ok(Applied::Duplicate);
    }
    for email in &emails {
        suppression::add(state, &tenant, email, reason, campaign.clone()).await?;
        if let Some(id) = crate::persist::contact::holder_of(state, &tenant, email).await? {
            contacts::set_status(state, &tenant, &id, status).await?;
        }
    }
    let counted = profile.map(|profile| ProfileDay {
        profile,
        day: d
            .mail
            .timestamp
            .as_deref()
            .and_then(kernel::time::parse_rfc3339)
            .map_or(now, |t| t.unix_timestamp())
            .div_euclid(86_400),
    });
    let recorded = delivery::record(
        state,
        &tenant,
        &d.mail.message_id,
        kind,
        counted,
        emails.len(),
        now,
    )
    .await?;
    if !recorded {
        return Ok(Applied::Duplicate);
    }
    Ok(Applied::Counted {
        kind,
        recipients: emails.len(),
    })
}
