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

/// An SES event as EventBridge delivers it (`detail` is SES's event record).
#[derive(Debug, Clone, Deserialize)]
pub struct SesEvent {
    pub detail: Detail,
}

/// The parts every SES event record has; the rest is read by the parser.
#[derive(Debug, Clone, Deserialize)]
pub struct Detail {
    #[serde(rename = "eventType")]
    pub event_type: String,
    pub mail: Mail,
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Mail {
    #[serde(rename = "messageId")]
    pub message_id: String,
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

/// Applies one SES event record: one outcome per recipient it names; nothing for a message that
/// carries no organisation of ours.
pub async fn apply(state: &AppState, e: &SesEvent) -> Result<Vec<Applied>, ApiError> {
    let record = record_of(&e.detail);
    let tenant = record
        .pointer("/mail/tags/tenant/0")
        .and_then(Value::as_str)
        .and_then(|t| t.parse::<TenantId>().ok());
    let Some(tenant) = tenant else {
        return Ok(Vec::new());
    };
    let reading = events::parse::ses(&record, kernel::time::now().unix_timestamp());
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

fn record_of(d: &Detail) -> Value {
    let mut mail = d.mail.rest.clone();
    mail.insert("messageId".into(), Value::String(d.mail.message_id.clone()));
    let mut record = d.rest.clone();
    record.insert("eventType".into(), Value::String(d.event_type.clone()));
    record.insert("mail".into(), Value::Object(mail));
    Value::Object(record)
}
