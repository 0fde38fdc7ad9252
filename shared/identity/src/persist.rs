//! Login attempts on the user item: the counter every sign-in reserves before its credential is
//! checked, and the lock the last allowed failure sets. Each is one conditional UpdateItem, so N
//! parallel guesses can never check more than the limit and exactly one of several concurrent
//! last failures locks.

pub mod accounts;

use access::model::{UserRecord, UserStatus};
use platform::AppState;
use store::expr::{Cond, Update, Value};
use store::StoreError;

const FAILED: &str = "failed_logins";
const LOCKED_UNTIL: &str = "locked_until";

/// Adds one to the user's attempts while they are below `max`, the account is not locked at
/// `now` and not deleted; returns the user as written, `None` when refused.
pub async fn reserve_attempt(
    state: &AppState,
    user: &UserRecord,
    max: u32,
    now: i64,
) -> Result<Option<UserRecord>, StoreError> {
    state
        .store
        .apply_returning(user.record().key(), &reservation(max, now))
        .await
}

fn reservation(max: u32, now: i64) -> Update<UserRecord> {
    let below = Cond::absent(FAILED).or(Cond::lt(FAILED, &max));
    let unlocked = Cond::absent(LOCKED_UNTIL)
        .or(Cond::is_null(LOCKED_UNTIL))
        .or(Cond::le(LOCKED_UNTIL, &now));
    Update::new()
        .add(FAILED, Value::number(1))
        .add("version", Value::number(1))
        .set("attempt_at", &now)
        .when(
            below
                .and(unlocked)
                .and(Cond::ne("status", &UserStatus::Deleted)),
        )
}

/// Gives a reserved attempt back (a no-op when none is counted).
pub async fn release_attempt(state: &AppState, user: &UserRecord) -> Result<(), StoreError> {
    state
        .store
        .apply(user.record().key(), &release())
        .await
        .map(|_| ())
}

fn release() -> Update<UserRecord> {
    Update::new()
        .add(FAILED, Value::number(-1))
        .add("version", Value::number(1))
        .when(Cond::gt(FAILED, &0))
}

/// Locks the account until `until` and clears the counter, only while the counter is at `max`
/// (a successful login reset it meanwhile: nothing to lock). Returns whether it locked.
pub async fn lock(
    state: &AppState,
    user: &UserRecord,
    max: u32,
    until: i64,
) -> Result<bool, StoreError> {
    state
        .store
        .apply(user.record().key(), &locking(max, until))
        .await
}

fn locking(max: u32, until: i64) -> Update<UserRecord> {
    Update::new()
        .set(LOCKED_UNTIL, &until)
        .set(FAILED, &0)
        .add("version", Value::number(1))
        .when(Cond::ge(FAILED, &max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_expression_names_fields_of_the_user() {
        let r = reservation(5, 100).render().unwrap();
        assert!(r.condition.unwrap().contains("<>"));
        release().render().unwrap();
        locking(5, 200).render().unwrap();
    }
}
