//! Accounts: registration (organisation, login-email marker, user and the invitation it spends, in
//! one transaction), user changes guarded by the organisation's active-owner count, and one-time
//! secrets. The only code that knows these items' keys and write conditions.

use crate::onetime::{OneTimeRecord, ONETIME};
use access::model::{now, rfc3339, EmailMarker, InvitationRecord, TenantRecord, UserRecord};
use kernel::error::ApiError;
use platform::AppState;
use store::{keys, Key, PutMode, Record, StoreError, TxOp};

const UNIQUE: &str = "UNIQUE";

/// Why a registration did not commit (nothing of it was written).
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("the login email is taken")]
    EmailTaken,
    #[error("the invitation was already used")]
    InvitationUsed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Creates a user, with its organisation when `new_tenant` is given, the platform-wide marker that
/// makes its login email unique (and, for a new organisation, its gateway registration's pending
/// marker), and the deletion of the invitation it accepts: all or nothing.
/// A retry after success finds the marker taken (`EmailTaken`): registration is not idempotent,
/// and two concurrent registrations of one email leave exactly one account.
pub async fn register(
    state: &AppState,
    new_tenant: Option<&TenantRecord>,
    user: &UserRecord,
    invitation: Option<&InvitationRecord>,
) -> Result<(), RegisterError> {
    let mut ops = Vec::new();
    if let Some(tenant) = new_tenant {
        ops.push(TxOp::Put {
            item: tenant.record().to_item()?,
            mode: PutMode::IfAbsent,
        });
        // Its own usage key at the gateway is registered by the partner sweep.
        ops.push(TenantRecord::gateway_pending_op(&tenant.id)?);
    }
    let marker = EmailMarker {
        tenant_id: user.tenant_id.clone(),
        user_id: user.id.clone(),
    };
    let marker_index = ops.len();
    ops.push(TxOp::Put {
        item: Record::new(
            UNIQUE,
            keys::unique(keys::Unique::Email, &user.email),
            &marker,
        )
        .to_item()?,
        mode: PutMode::IfAbsent,
    });
    ops.push(TxOp::Put {
        item: user.record().to_item()?,
        mode: PutMode::IfAbsent,
    });
    if let Some(inv) = invitation {
        ops.push(TxOp::Delete {
            key: keys::invitation(&inv.tenant_id, inv.id.as_str()),
            must_exist: true,
        });
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(()),
        Err(e @ StoreError::TransactionCanceled { .. }) => {
            if e.failed_action() == Some(marker_index) {
                Err(RegisterError::EmailTaken)
            } else if invitation.is_some() {
                Err(RegisterError::InvitationUsed)
            } else {
                Err(e.into())
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes a changed user and, when the number of active owners changes (`delta`), the
/// organisation's owner count in the same transaction, conditional on both versions. Refuses to
/// leave the organisation without an active owner. `release_email` frees the user's login email
/// in the same transaction (a deleted user's address can register again).
pub async fn save_with_owner_guard(
    state: &AppState,
    user: &mut UserRecord,
    delta: i32,
    release_email: bool,
) -> Result<(), ApiError> {
    let expected = user.version;
    user.version += 1;
    user.updated_at = rfc3339(now());
    let mut ops = vec![TxOp::Put {
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
        ops.push(TxOp::Put {
            item: tenant.record().to_item()?,
            mode: PutMode::IfVersion(tenant_version),
        });
    }
    if release_email {
        ops.push(TxOp::Delete {
            key: keys::unique(keys::Unique::Email, &user.email),
            must_exist: false,
        });
    }
    state.store.transact(ops).await.map_err(ApiError::from)
}

/// A one-time secret's item; it expires (TTL) with the secret.
pub(crate) fn one_time(key: Key, record: &OneTimeRecord) -> Record<'_, OneTimeRecord> {
    Record::new(ONETIME, key, record).expiring_at(record.expires_at)
}

/// Stores a one-time secret, replacing any earlier one for the same user and purpose.
pub(crate) async fn put_one_time(
    state: &AppState,
    key: Key,
    record: &OneTimeRecord,
) -> Result<(), StoreError> {
    state
        .store
        .put(&one_time(key, record), PutMode::Overwrite)
        .await
}

/// Writes a one-time secret's changed attempt count, conditional on the version it was read at.
pub(crate) async fn put_one_time_if_version(
    state: &AppState,
    key: Key,
    record: &OneTimeRecord,
    expected: u64,
) -> Result<(), StoreError> {
    state
        .store
        .put(&one_time(key, record), PutMode::IfVersion(expected))
        .await
}
