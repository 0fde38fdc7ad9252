//! The minute sweep over the due list: scheduled starts, parked chunks whose time has come,
//! and watchdog checks.

use super::*;

#[derive(Debug, Deserialize)]
pub(crate) struct DueItem {
    #[serde(rename = "GSI2SK")]
    pub(crate) sk: String,
}

/// The minute sweep: starts scheduled campaigns whose time has come, queues again the chunks
/// parked until now (a sender's hour or day), and runs the watchdog on running campaigns whose
/// check is due. Idempotent (a start is a conditional move, an unpark deletes what it queued, a
/// repair queues what is missing), and two sweeps may run at once. It reads each shard of the due
/// list a page at a time, acts on each campaign once per run, stops taking new work near its
/// deadline (the next run goes on), and a failure on one campaign is logged and counted, never
/// the end of the run.
pub async fn sweep_due(
    state: &AppState,
    deadline: Option<std::time::Instant>,
) -> Result<u32, ApiError> {
    let now = kernel::time::now().unix_timestamp();
    let mut acted = 0;
    let mut failed = 0;
    let mut seen: std::collections::HashSet<(&str, String, String)> = Default::default();
    let time_left = || {
        deadline.map_or(std::time::Duration::from_secs(3600), |d| {
            d.saturating_duration_since(std::time::Instant::now())
        })
    };
    'shards: for spec in keys::due_until(now) {
        let mut start = None;
        loop {
            if time_left() < platform::worker::DEADLINE_MARGIN * 2 {
                break 'shards;
            }
            let (items, next): (Vec<DueItem>, _) =
                state.store.query_raw_page(&spec, 200, start).await?;
            for item in items {
                if time_left() < platform::worker::DEADLINE_MARGIN * 2 {
                    break 'shards;
                }
                let Some(due) = keys::parse_due(&item.sk) else {
                    tracing::warn!("an unknown item in the due list");
                    continue;
                };
                let (kind, tenant, campaign_id) = match &due {
                    keys::Due::Campaign {
                        tenant,
                        campaign_id,
                    } => ("start", tenant, campaign_id),
                    keys::Due::Parked {
                        tenant,
                        campaign_id,
                    } => ("unpark", tenant, campaign_id),
                    keys::Due::Watch {
                        tenant,
                        campaign_id,
                    } => ("watch", tenant, campaign_id),
                };
                if !seen.insert((kind, tenant.to_string(), campaign_id.clone())) {
                    continue;
                }
                let act = async {
                    match kind {
                        "start" => apply_move(state, tenant, campaign_id, Move::Start, None)
                            .await
                            .map(u32::from),
                        "unpark" => unpark(state, tenant, campaign_id, true)
                            .await
                            .map(|n| n as u32),
                        _ => watch(state, tenant, campaign_id).await.map(u32::from),
                    }
                };
                // One campaign's work is cut off before the invocation's deadline, as Lambda
                // would cut it: every action here is one the next run repeats safely.
                let budget = time_left().saturating_sub(platform::worker::DEADLINE_MARGIN);
                let Ok(result) = tokio::time::timeout(budget, act).await else {
                    tracing::warn!(campaign = %campaign_id, kind, "sweep out of time mid-campaign; the next run goes on");
                    break 'shards;
                };
                match result {
                    Ok(n) => acted += n,
                    Err(e) => {
                        failed += 1;
                        tracing::warn!(error = %e, campaign = %campaign_id, kind, "sweep could not act on a campaign; the next run tries again");
                    }
                }
            }
            match next {
                Some(k) => start = Some(k),
                None => break,
            }
        }
    }
    if failed > 0 {
        tracing::warn!(failed, acted, "sweep done with failures");
    }
    Ok(acted)
}
