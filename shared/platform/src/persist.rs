//! The platform's own items: partner rate windows and usage, idempotency keys, and the record
//! of a message that failed for good. Only these modules know their attribute names.

pub mod idempotency;
pub mod partner;

use crate::worker::FailedMessage;
use store::{Key, PutMode, Record, Store, StoreError};

/// Keeps a message that failed for good, listed by day (GSI1) for operators; a redelivery of the
/// same message overwrites its record.
pub(crate) async fn put_failed_message(
    store: &Store,
    key: Key,
    by_day: Key,
    failed: &FailedMessage<'_>,
    expires: i64,
) -> Result<(), StoreError> {
    let record = Record::new("FAILED_MESSAGE", key, failed)
        .with_gsi1(by_day)
        .expiring_at(expires);
    store.put(&record, PutMode::Overwrite).await
}
