//! Idempotency keys: one item per caller and key, claimed by a conditional put.

use crate::idempotency::{KeyState, Stored, IN_FLIGHT_SECS, KEEP_SECS};
use store::expr::{condition, Cond};
use store::{keys, Key, PutMode, Record, Store, StoreError};

const ENTITY: &str = "IDEMPOTENCY";

/// Claims `key` for a request starting at `now`: true when this request runs. The claim succeeds
/// when the key is new, expired (TTL deletion lags), or left in progress for longer than
/// `IN_FLIGHT_SECS` by a request that died; two concurrent claims of one key: exactly one wins.
pub(crate) async fn claim(
    store: &Store,
    key: &Key,
    record: &Stored,
    now: i64,
) -> Result<bool, StoreError> {
    let free =
        Cond::ItemAbsent
            .or(Cond::lt(keys::TTL, &now))
            .or(Cond::eq("state", &KeyState::InProgress)
                .and(Cond::lt("started_at", &(now - IN_FLIGHT_SECS))));
    let item = Record::new(ENTITY, key.clone(), record).expiring_at(now + KEEP_SECS);
    match store.put_when(&item, &condition::<Stored>(free)).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Stores the answer under the claimed key (overwriting the claim; a retry writes the same).
pub(crate) async fn store_answer(
    store: &Store,
    key: &Key,
    record: &Stored,
    expires: i64,
) -> Result<(), StoreError> {
    store
        .put(
            &Record::new(ENTITY, key.clone(), record).expiring_at(expires),
            PutMode::Overwrite,
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_claim_condition_names_fields_of_the_item() {
        let free = Cond::ItemAbsent.or(Cond::lt(keys::TTL, &5)).or(Cond::eq(
            "state",
            &KeyState::InProgress,
        )
        .and(Cond::lt("started_at", &1)));
        let r = condition::<Stored>(free).render().unwrap();
        assert!(r.condition.unwrap().contains("attribute_not_exists("));
    }
}
