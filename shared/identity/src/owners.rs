//! The rule that an organisation always keeps an active owner, held under concurrency: the tenant
//! record counts active owners, and every user change that alters the count is written in the same
//! transaction as the count, conditional on both versions.

use access::model::{now, rfc3339, TenantRecord, UserRecord, UserStatus};
use access::rbac::Role;
use kernel::error::ApiError;
use platform::AppState;
use store::{keys, PutMode, TxOp};

/// The tenant-record write that keeps `active_owners` right when an owner stops or starts counting.
pub fn owner_delta(before: (Role, UserStatus), after: (Role, UserStatus)) -> i32 {
    let counts = |(r, s): (Role, UserStatus)| r == Role::Owner && s == UserStatus::Active;
    i32::from(counts(after)) - i32::from(counts(before))
}

/// Writes a changed user and, when the number of active owners changes, the tenant's owner count
/// in the same transaction, conditional on both versions. Refuses to leave the tenant without an
/// active owner. `extra` actions ride in the same transaction.
pub async fn save_with_owner_guard(
    state: &AppState,
    user: &mut UserRecord,
    delta: i32,
    extra: Vec<TxOp>,
) -> Result<(), ApiError> {
    let expected = user.version;
    user.version += 1;
    user.updated_at = rfc3339(now());
    let mut ops_list = vec![TxOp::Put {
        item: user.record().to_item()?,
        mode: PutMode::IfVersion(expected),
    }];
    if delta != 0 {
        let mut tenant = state
            .store
            .get::<TenantRecord>(&keys::tenant(&user.tenant_id))
            .await?
            .ok_or_else(|| ApiError::internal("tenant record missing"))?;
        let owners = i64::from(tenant.active_owners) + i64::from(delta);
        if owners < 1 {
            return Err(ApiError::Conflict {
                detail: "this user is the organisation's last active owner; make another user owner first".into(),
            });
        }
        let tenant_version = tenant.version;
        tenant.active_owners = u32::try_from(owners).unwrap_or(1);
        tenant.version += 1;
        ops_list.push(TxOp::Put {
            item: tenant.record().to_item()?,
            mode: PutMode::IfVersion(tenant_version),
        });
    }
    ops_list.extend(extra);
    state.store.transact(ops_list).await.map_err(ApiError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_active_owners_count() {
        use Role::*;
        use UserStatus::*;
        assert_eq!(owner_delta((Owner, Active), (Admin, Active)), -1);
        assert_eq!(owner_delta((Admin, Active), (Owner, Active)), 1);
        assert_eq!(owner_delta((Owner, Active), (Owner, Suspended)), -1);
        assert_eq!(owner_delta((Owner, Suspended), (Owner, Active)), 1);
        assert_eq!(owner_delta((Member, Active), (Viewer, Active)), 0);
    }
}
