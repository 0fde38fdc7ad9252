//! Operations' own items: the marker that an alert was sent (one per organisation, period,
//! reading and threshold) and the credit-balance watch. The only code that builds them.

use crate::alerts::{Alert, CreditWatch};
use platform::AppState;
use store::{Key, PutMode, Record, StoreError};

const SENT: &str = "ALERT_SENT";
const WATCH: &str = "CREDIT_WATCH";
const NOTICE: &str = "NOTICE_SENT";

#[derive(serde::Serialize)]
struct NoticeSent {
    at: String,
}

/// Claims the right to send one notice mail: true for the one caller that created the marker.
pub(crate) async fn claim_notice(
    state: &AppState,
    marker: &Key,
    expires: i64,
) -> Result<bool, StoreError> {
    let sent = NoticeSent {
        at: kernel::time::rfc3339(kernel::time::now()),
    };
    let record = Record::new(NOTICE, marker.clone(), &sent).expiring_at(expires);
    match state.store.put(&record, PutMode::IfAbsent).await {
        Ok(()) => Ok(true),
        Err(StoreError::AlreadyExists | StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Gives a claim back (its mail did not go), so the trigger's retry can send it.
pub(crate) async fn release_notice(state: &AppState, marker: &Key) -> Result<(), StoreError> {
    state.store.delete(marker, false).await
}

/// Claims the right to announce `alert`: true for the one caller that created the marker, false
/// when it exists (announced already, or being announced by a concurrent run).
pub(crate) async fn claim_alert(
    state: &AppState,
    marker: &Key,
    alert: &Alert,
    expires: i64,
) -> Result<bool, StoreError> {
    let record = Record::new(SENT, marker.clone(), alert).expiring_at(expires);
    match state.store.put(&record, PutMode::IfAbsent).await {
        Ok(()) => Ok(true),
        Err(StoreError::AlreadyExists | StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Stores the latest credit reading (last writer wins: readings only move the peak up).
pub(crate) async fn put_credit_watch(
    state: &AppState,
    key: Key,
    watch: &CreditWatch,
    expires: i64,
) -> Result<(), StoreError> {
    state
        .store
        .put(
            &Record::new(WATCH, key, watch).expiring_at(expires),
            PutMode::Overwrite,
        )
        .await
}

/// A new alert marker on the table's stream (the event publisher's reader): the alert it
/// announces. `Ok(None)` for any other item, and for a marker's expiry.
pub fn alert_sent(change: &store::stream::Change) -> Result<Option<Alert>, StoreError> {
    Ok(match change.images::<Alert>(SENT)? {
        Some((None, Some(alert))) => Some(alert),
        _ => None,
    })
}
