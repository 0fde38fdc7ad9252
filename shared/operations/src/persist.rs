//! Operations' own items: the marker that an alert was sent (one per organisation, period,
//! reading and threshold) and the credit-balance watch. The only code that builds them.

use crate::alerts::{Alert, CreditWatch};
use platform::AppState;
use store::{Key, PutMode, Record, StoreError};

const SENT: &str = "ALERT_SENT";
const WATCH: &str = "CREDIT_WATCH";

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
