//! Organisations at the gateway: each organisation's signed-in people are metered by one API
//! Gateway key of its own (`access::partner::organization_usage_key`) in its tier's plan
//! (`org-basic` … `org-enterprise`), so one organisation's load is held by its own token bucket and
//! never spends another's. The per-user, per-route-class limits are the in-app limiter's.
//!
//! Registration is the same reconciliation as a partner key's ([`crate::gateway::sync`]): a new
//! organisation and a tier move write a pending marker with the change (access's persistence), the
//! operator's tier change syncs at once, and the partner sweep finishes whatever was left
//! (CreateApiKey's account-wide throttle, a crash). Until the gateway holds the key in a plan, the
//! authorizer meters the organisation under the shared first-party key, so nobody is locked out.
//!
//! Failure semantics: at-least-once and idempotent (a key is found again by its name, a plan
//! membership already there is kept); a sync for a tier that moved meanwhile is not saved, and the
//! newer tier's marker brings it back.

use crate::gateway::{self, Desired};
use access::model::TenantRecord;
use access::partner::organization_plan;
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;

/// Brings the organisation's usage key in line with its tier. `Ok(true)` once the gateway holds it
/// (the authorizer then names it); `Ok(false)` when something is left for the sweep (or there is
/// no such organisation).
pub async fn sync(state: &AppState, tenant: &TenantId) -> Result<bool, ApiError> {
    let Some(org) = TenantRecord::load(&state.store, tenant).await? else {
        TenantRecord::forget_gateway_pending(&state.store, tenant).await?;
        return Ok(false);
    };
    let name = format!("org-{tenant}");
    let value = access::partner::organization_usage_key(tenant);
    let desired = Desired {
        name: &name,
        value: &value,
        plan: organization_plan(org.tier),
        enabled: true,
    };
    let (reached, result) = gateway::sync(state, &org.gateway, &desired).await;
    if let Err(e) = &result {
        tracing::warn!(tenant = %tenant, error = %e, "organisation gateway registration pending");
    }
    TenantRecord::save_gateway(&state.store, tenant, org.tier, &reached).await?;
    Ok(reached.synced)
}

/// The sweep's part for organisations: every pending one, shard by shard, while the invocation
/// has time (the rest waits for the next run); returns how many it synced.
pub async fn sweep_pending(state: &AppState) -> Result<usize, ApiError> {
    let mut synced = 0;
    for shard in 0..store::keys::SHARDS {
        for tenant in TenantRecord::gateway_pending(&state.store, shard).await? {
            if platform::worker::out_of_time() {
                return Ok(synced);
            }
            synced += usize::from(sync(state, &tenant).await?);
        }
    }
    Ok(synced)
}
