//! Delivery events (SES bounces and complaints): a marker per message and kind that makes
//! applying an event exactly-once, and the sending profile's day figures the warm-up reads.

use crate::warmup::DayFigures;
use kernel::ids::TenantId;
use platform::AppState;
use serde::Serialize;
use store::expr::{Update, Value};
use store::{keys, PutMode, Record, StoreError, TxOp};

const DELIVERY_EVENT: &str = "DELIVERY_EVENT";
const COUNTER: &str = "COUNTER";
/// A marker outlives every redelivery of its event.
const MARKER_TTL_SECS: i64 = 30 * 24 * 3600;
/// Day figures are read the next day, by the warm-up; kept a while for reports.
const DAY_TTL_SECS: i64 = 40 * 24 * 3600;

#[derive(Serialize)]
struct Marker<'a> {
    message_id: &'a str,
    kind: &'a str,
}

/// Whether this message's event of `kind` was applied already.
pub async fn seen(
    state: &AppState,
    tenant: &TenantId,
    message_id: &str,
    kind: &str,
) -> Result<bool, StoreError> {
    Ok(state
        .store
        .get::<serde_json::Value>(&keys::delivery_event(tenant, message_id, kind))
        .await?
        .is_some())
}

/// Where an event counts: the sending profile and the UTC day (epoch days) the message went out.
pub struct ProfileDay<'a> {
    pub profile: &'a str,
    pub day: i64,
}

/// Marks the event applied and adds `recipients` to the profile day's `kind` figure (`bounced`
/// or `complained`), in one transaction: false when the marker was there (a redelivered event:
/// nothing counted twice).
pub async fn record(
    state: &AppState,
    tenant: &TenantId,
    message_id: &str,
    kind: &'static str,
    counted: Option<ProfileDay<'_>>,
    recipients: usize,
    now: i64,
) -> Result<bool, StoreError> {
    let marker = Marker { message_id, kind };
    let mut ops = vec![TxOp::put(
        &Record::new(
            DELIVERY_EVENT,
            keys::delivery_event(tenant, message_id, kind),
            &marker,
        )
        .expiring_at(now + MARKER_TTL_SECS),
        PutMode::IfAbsent,
    )?];
    if let Some(at) = counted {
        ops.push(TxOp::upsert(
            keys::sender_window(tenant, at.profile, "DAY", at.day),
            &figure_add(kind, recipients, now + DAY_TTL_SECS),
        )?);
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(e) if e.failed_action() == Some(0) => Ok(false),
        Err(e) => Err(e),
    }
}

fn figure_add(kind: &'static str, n: usize, expires: i64) -> Update<DayFigures> {
    Update::new()
        .entity(COUNTER)
        .set_if_absent(keys::TTL, &expires)
        .add(kind, Value::number(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_day_figures_are_counted() {
        for kind in ["bounced", "complained"] {
            figure_add(kind, 2, 9).render().unwrap();
        }
        assert!(figure_add("opened", 1, 9).render().is_err());
    }
}
