//! Platform operations that run on a schedule over every organisation: the retention sweep (what a
//! TTL cannot do) and provider credit / quota alerts. Both walk the platform-wide list of
//! organisations (`store::keys::tenants_index`, a sparse GSI2 sharded 8 ways), one shard per run
//! unless told otherwise, so a run's work stays bounded as organisations grow.

pub mod alerts;
pub mod notices;
mod persist;
pub use persist::alert_sent;
pub mod retention;

use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::Deserialize;

/// Which shards of the organisation list a run covers: `{"shards": [0, 3]}` or `{"shards": "all"}`
/// in the schedule's input; by default the shard of the current hour (every organisation is visited
/// every 8 hours).
pub fn shards_of(event: &serde_json::Value) -> Vec<u32> {
    let all = || (0..store::keys::SHARDS).collect::<Vec<_>>();
    match event.get("shards") {
        Some(serde_json::Value::String(s)) if s == "all" => all(),
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_u64())
            .filter_map(|v| u32::try_from(v).ok())
            .filter(|v| *v < store::keys::SHARDS)
            .collect(),
        _ => {
            let hour = kernel::time::now().unix_timestamp() / 3600;
            vec![u32::try_from(hour.rem_euclid(i64::from(store::keys::SHARDS))).unwrap_or(0)]
        }
    }
}

#[derive(Deserialize)]
struct IndexedTenant {
    id: TenantId,
}

/// The organisations (live spaces) of the given shards of the list.
pub async fn tenants(state: &AppState, shards: &[u32]) -> Result<Vec<TenantId>, ApiError> {
    let specs = store::keys::tenants_index();
    let mut out = Vec::new();
    for &shard in shards {
        let Some(spec) = specs.get(shard as usize) else {
            continue;
        };
        let found: Vec<IndexedTenant> = state.store.query_every(spec, 100_000).await?;
        out.extend(found.into_iter().map(|t| t.id));
    }
    Ok(out)
}
