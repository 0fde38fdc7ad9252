//! Parking: chunks set aside while their campaign is paused or their sender's hour or day is
//! spent, and queued again on resume or when their time comes.

use super::queues::send_queue;
use crate::campaign;
use crate::lifecycle::State;
use crate::messages::SendChunk;
use futures::StreamExt;
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::queue::{send_all, Outgoing};
use platform::AppState;
use store::StoreError;

pub use crate::persist::parked::Parked;

/// Queues a campaign's parked chunks again: those parked for a pause, and (`due_too`) those whose
/// time has come.
pub async fn unpark(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    due_too: bool,
) -> Result<usize, ApiError> {
    let now = kernel::time::now().unix_timestamp();
    let ready: Vec<Parked> = parked(state, tenant, id)
        .await?
        .into_iter()
        .filter(|p| match p.due_at {
            None => true,
            Some(at) => due_too && at <= now,
        })
        .collect();
    requeue_parked(state, tenant, id, &ready).await
}

/// A campaign's parked chunks as they stand.
pub async fn parked(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Vec<Parked>, ApiError> {
    Ok(crate::persist::parked::all(state, tenant, id).await?)
}

/// Queues the given parkings (as read a moment ago) and takes each out of the parked list only if
/// it is still the parking that was read: a chunk parked again in between (a worker that took
/// the queued copy and hit its sender's hour) keeps its newer parking and its recipients.
pub async fn requeue_parked(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    ready: &[Parked],
) -> Result<usize, ApiError> {
    if ready.is_empty() {
        return Ok(0);
    }
    let messages = ready
        .iter()
        .map(|p| {
            Outgoing::json(
                &SendChunk {
                    tenant: tenant.clone(),
                    campaign_id: id.to_owned(),
                    chunk: p.chunk,
                    contacts: p.contacts.clone(),
                },
                tenant.as_str(),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    send_all(&send_queue(state).await?, messages).await?;
    // Queued first, deleted after: a crash between queues a chunk twice (its claims send nothing
    // twice), never loses it. Each delete holds to the parking it queued.
    let deletes: Vec<_> = ready
        .iter()
        .map(|p| crate::persist::parked::take(state, tenant, id, p.chunk, p.version))
        .collect();
    futures::stream::iter(deletes)
        .buffer_unordered(10)
        .collect::<Vec<Result<bool, StoreError>>>()
        .await
        .into_iter()
        .collect::<Result<Vec<bool>, StoreError>>()?;
    Ok(ready.len())
}

/// Parks a chunk of a paused campaign; if the campaign was resumed meanwhile (and so may have
/// queued the parked chunks before this one was written), takes it back and queues it itself.
pub(crate) async fn park_for_pause(state: &AppState, m: &SendChunk) -> Result<(), ApiError> {
    let version = crate::persist::parked::put(
        state,
        &m.tenant,
        &m.campaign_id,
        m.chunk,
        m.contacts.clone(),
        None,
        "paused",
    )
    .await?;
    let c = campaign::load(state, &m.tenant, &m.campaign_id).await?;
    if c.status == State::Running {
        match crate::persist::parked::take(state, &m.tenant, &m.campaign_id, m.chunk, version).await
        {
            Ok(true) => {
                send_all(
                    &send_queue(state).await?,
                    vec![Outgoing::json(m, m.tenant.as_str())?],
                )
                .await?;
            }
            // The resume took it.
            Ok(false) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
