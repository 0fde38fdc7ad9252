//! The fan-out worker: resolves the audience page by page and queues recipient chunks, each
//! with its manifest (so the watchdog can queue a lost chunk again).

use super::*;

/// How long one fan-out run goes on before it hands over to its continuation.
pub(crate) const FANOUT_BUDGET: std::time::Duration = std::time::Duration::from_secs(60);

pub use crate::persist::manifest::Manifest;
use crate::persist::progress::Page;

/// The fan-out worker's handler.
pub async fn handle_fanout(state: &AppState, m: Fanout, d: Delivery) -> Result<(), MessageError> {
    let started = std::time::Instant::now();
    let tenant = &m.tenant;
    let mut slowest = std::time::Duration::ZERO;
    loop {
        let page_started = std::time::Instant::now();
        let c = match campaign::load(state, tenant, &m.campaign_id).await {
            Ok(c) => c,
            Err(ApiError::NotFound { .. }) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        if c.status != State::Running {
            return Ok(());
        }
        let p = campaign::progress(state, tenant, &c.id).await?;
        if p.fanout_done {
            // A redelivery of a fan-out whose last page was applied by an earlier attempt that
            // stopped before its finish check: check now, or nobody might.
            check_finish(state, tenant, &c.id).await?;
            return Ok(());
        }
        match fanout_page(state, tenant, &c, &p).await? {
            PageOutcome::Done => {
                check_finish(state, tenant, &c.id).await?;
                return Ok(());
            }
            PageOutcome::Lost => return Ok(()),
            PageOutcome::More => {}
        }
        slowest = slowest.max(page_started.elapsed());
        // Hand over to a continuation after a minute, or before a page might outlast the
        // invocation's deadline.
        if started.elapsed() > FANOUT_BUDGET || !d.has_time_for(slowest * 2) {
            send_all(
                &fanout_queue(state).await?,
                vec![fanout_message(tenant, &c.id)?],
            )
            .await?;
            return Ok(());
        }
    }
}

pub(crate) enum PageOutcome {
    More,
    Done,
    /// Another fan-out advanced the checkpoint first: it goes on, this one stops.
    Lost,
}

pub(crate) async fn fanout_page(
    state: &AppState,
    tenant: &TenantId,
    c: &Campaign,
    p: &Progress,
) -> Result<PageOutcome, ApiError> {
    let cursor = p.cursor.as_deref().filter(|s| !s.is_empty());
    let page = audience::page(state, tenant, &c.audience(), PAGE, cursor).await?;
    let ids: Vec<String> = page.contacts.iter().map(|c| c.id.clone()).collect();
    let chunks: Vec<Outgoing> = ids
        .chunks(CHUNK)
        .enumerate()
        .map(|(i, group)| {
            Outgoing::json(
                &SendChunk {
                    tenant: tenant.clone(),
                    campaign_id: c.id.clone(),
                    chunk: p.chunks + i as u64,
                    contacts: group.to_vec(),
                },
                tenant.as_str(),
            )
        })
        .collect::<Result<_, _>>()?;
    let n = chunks.len() as u64;
    if !chunks.is_empty() {
        // Each chunk's recipients are kept before it is queued: the watchdog can queue a chunk
        // again whose message was lost. A retried page writes the same manifests again.
        let groups: Vec<&[String]> = ids.chunks(CHUNK).collect();
        crate::persist::manifest::put_all(state, tenant, &c.id, p.chunks, &groups).await?;
        send_all(&send_queue(state).await?, chunks).await?;
    }
    tracing::info!(campaign = %c.id, read = page.read, queued = ids.len(), chunks = n, "fan-out page");
    let done = page.next.is_none();
    let advanced = crate::persist::progress::advance_fanout(
        state,
        tenant,
        &c.id,
        &Page {
            from: p.cursor.clone(),
            next: page.next,
            chunks: n,
            recipients: ids.len() as u64,
        },
    )
    .await?;
    Ok(match (advanced, done) {
        (false, _) => PageOutcome::Lost,
        (true, true) => PageOutcome::Done,
        (true, false) => PageOutcome::More,
    })
}
