//! Delivery events from Amazon SES through EventBridge: a profile's configuration set publishes
//! to the default event bus (its event destination), and a rule on `aws.ses` invokes
//! `delivery-events`. Each message carries the SES tags `tenant`, `campaign` and `profile` (set at
//! send), so an event finds its organisation without a lookup by address. Every event type is
//! read ([`crate::events::parse::ses`]): deliveries, opens, clicks, bounces (hard and soft) and
//! complaints are applied through [`crate::events::apply`] (exactly-once counts, the bounce rules,
//! auto-pause); sends, rejects, rendering failures and delays are not recipient events.

use crate::events::{self, Applied};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use serde::Deserialize;
use serde_json::Value;

/// An SES event as EventBridge delivers it: `detail` is SES's event record, read by
/// [`crate::events::parse::ses`]. A record without `eventType` and `mail.messageId` is refused
/// (an error Lambda records), not silently dropped.
#[derive(Debug, Clone, Deserialize)]
pub struct SesEvent {
    pub detail: Value,
}

/// Applies one SES event record: one outcome per recipient it names; nothing for a message that
/// carries no organisation of ours.
pub async fn apply(state: &AppState, e: &SesEvent) -> Result<Vec<Applied>, ApiError> {
    let record = &e.detail;
    if record.get("eventType").and_then(Value::as_str).is_none()
        || record
            .pointer("/mail/messageId")
            .and_then(Value::as_str)
            .is_none()
    {
        return Err(ApiError::bad_request(
            "not an SES event record (eventType and mail.messageId are required)",
        ));
    }
    let tenant = record
        .pointer("/mail/tags/tenant/0")
        .and_then(Value::as_str)
        .and_then(|t| t.parse::<TenantId>().ok());
    let Some(tenant) = tenant else {
        return Ok(Vec::new());
    };
    let reading = events::parse::ses(record, kernel::time::now().unix_timestamp());
    if reading.events.is_empty() {
        return Ok(Vec::new());
    }
    let mut ctx = events::Context::load(state, &tenant).await?;
    ctx.preload(state, &reading.events).await?;
    let mut out = Vec::new();
    for p in &reading.events {
        out.push(events::apply(state, &ctx, p).await?);
    }
    Ok(out)
}
