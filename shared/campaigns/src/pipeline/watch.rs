//! The watchdog: running campaigns without progress are repaired, then paused with a reason.

use super::*;

/// The watchdog's look at one campaign whose check is due. A campaign that is not running leaves
/// the list. A running one that moved since its last check is checked again later, and so is one
/// waiting on a sender's limit (parked until a time). One without progress for `stall_secs` is
/// repaired: the fan-out queued again if it is not done, every chunk that is neither done nor
/// parked queued again from its manifest (claims make a second copy send nothing twice), due
/// chunks unparked, and the finish checked. After [`MAX_REPAIRS`] repairs without progress the
/// campaign is paused with the reason. Returns whether it acted.
pub async fn watch(state: &AppState, tenant: &TenantId, id: &str) -> Result<bool, ApiError> {
    let c = match campaign::load(state, tenant, id).await {
        Ok(c) => c,
        Err(ApiError::NotFound { .. }) => return Ok(false),
        Err(e) => return Err(e),
    };
    if c.status != State::Running {
        crate::persist::progress::disarm_watch(state, tenant, id).await?;
        return Ok(false);
    }
    let p = campaign::progress(state, tenant, id).await?;
    let now = kernel::time::now().unix_timestamp();
    let stall = stall_secs(state);
    let last = p.last_progress_at.unwrap_or(0);
    if now - last < stall {
        crate::persist::progress::arm_watch(state, tenant, id, last + stall, None).await?;
        return Ok(false);
    }
    let parked = parked(state, tenant, id).await?;
    if parked.iter().any(|x| x.due_at.is_some_and(|at| at > now)) {
        // Waiting on a sender's hour or day: not stuck.
        crate::persist::progress::arm_watch(state, tenant, id, now + stall, Some(p.repairs))
            .await?;
        return Ok(false);
    }
    if p.repairs >= MAX_REPAIRS {
        let reason = format!(
            "stalled: no progress for {} minutes after {} repairs ({} of {} chunks done); resume to try again",
            (now - last) / 60,
            p.repairs,
            p.chunks_done,
            p.chunks
        );
        tracing::warn!(campaign = %id, %reason, "watchdog pauses a campaign");
        apply_move(state, tenant, id, Move::Pause, Some(reason)).await?;
        crate::persist::progress::disarm_watch(state, tenant, id).await?;
        return Ok(true);
    }
    // Repair.
    if !p.fanout_done {
        send_all(
            &fanout_queue(state).await?,
            vec![fanout_message(tenant, id)?],
        )
        .await?;
    }
    let parked_chunks: std::collections::HashSet<u64> = parked.iter().map(|x| x.chunk).collect();
    let missing: Vec<u64> = (0..p.chunks)
        .filter(|n| !p.done_chunks.contains(n) && !parked_chunks.contains(n))
        .collect();
    let mut requeued = 0;
    for group in missing.chunks(100) {
        let mut messages = Vec::new();
        for m in crate::persist::manifest::load(state, tenant, id, group).await? {
            messages.push(Outgoing::json(
                &SendChunk {
                    tenant: tenant.clone(),
                    campaign_id: id.to_owned(),
                    chunk: m.chunk,
                    contacts: m.contacts,
                },
                tenant.as_str(),
            )?);
        }
        requeued += messages.len();
        if !messages.is_empty() {
            send_all(&send_queue(state).await?, messages).await?;
        }
    }
    unpark(state, tenant, id, true).await?;
    tracing::warn!(
        campaign = %id,
        repair = p.repairs + 1,
        requeued,
        fanout_requeued = !p.fanout_done,
        "watchdog repairs a campaign without progress"
    );
    crate::persist::progress::arm_watch(state, tenant, id, now + stall, Some(p.repairs + 1))
        .await?;
    check_finish(state, tenant, id).await?;
    Ok(true)
}
