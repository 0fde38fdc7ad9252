//! The send pipeline, on two SQS queues:
//! - **fan-out** (`CAMPAIGN_QUEUE_URL`): resolves the audience page by page (1,000 candidates a
//!   page), queues recipient chunks of up to 100 contact ids (one `SendMessageBatch` per page), and
//!   advances the campaign's checkpoint with a conditional update on the cursor it read, so two
//!   fan-outs of one campaign (a redelivery, a double resume) cannot both advance it. A run stops
//!   after a minute and queues its own continuation; it stops for good when the campaign is not
//!   running (pause keeps the checkpoint; resume queues the fan-out again).
//! - **send** (`SEND_QUEUE_URL`): one chunk per message. Each recipient is claimed with a
//!   conditional put of its send record before anything is sent (one transaction for the chunk on
//!   the first delivery), so a redelivered or duplicated chunk never mails anyone twice. Each
//!   outcome moves the record and one count shard in one transaction: counts are exact. The
//!   contact's status and the suppression list are checked again here; a contact who left since the
//!   fan-out is `skipped`.
//!
//! Pause: a chunk that finds its campaign paused is parked (kept beside the campaign) and queued
//! again on resume. A sender's spent hour or day parks the rest of a chunk until a time, and the
//! minute sweep queues it then. A claim whose sender died mid-send (found on redelivery of the same
//! message, or older than the queue's visibility timeout) counts as failed, never sent again: at
//! most once is the safe side for mail.

use crate::audience;
use crate::campaign::{self, Campaign, Command, Moved, Progress};
use crate::contacts::{self, Contact, ContactStatus};
use crate::lifecycle::{self, Action, Move, State};
use crate::senders;
use crate::suppression;
use crate::templates::{self, Template};
use crate::throttle::{Gate, Verdict};
use crate::transport::{Outbound, SendError, Transport};
use futures::StreamExt;
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::queue::{send_all, Outgoing};
use platform::worker::{Delivery, MessageError};
use platform::AppState;
use platform::Caller;
use serde::Deserialize;
use store::keys;
use tokio::sync::Mutex;
mod claim;
mod fanout;
mod finish;
mod mailwizz;
mod park;
mod queues;
mod send;
mod sweep;
mod watch;

pub use crate::messages::{Fanout, SendChunk};
#[allow(unused_imports)]
pub use claim::*;
#[allow(unused_imports)]
pub use fanout::*;
#[allow(unused_imports)]
pub use finish::*;
#[allow(unused_imports)]
pub use mailwizz::*;
#[allow(unused_imports)]
pub use park::*;
#[allow(unused_imports)]
pub use queues::*;
#[allow(unused_imports)]
pub use send::*;
#[allow(unused_imports)]
pub use sweep::*;
#[allow(unused_imports)]
pub use watch::*;

/// Candidates the fan-out reads per page.
pub const PAGE: u32 = 1000;

/// Recipients per send message.
pub const CHUNK: usize = 100;

/// Most actions one run performs: a chain of moves ends (a finish asks for nothing more), and a
/// bound keeps a mistake from looping.
const MAX_ACTIONS: usize = 32;

/// The runner: performs what a state change or a step asked for, in order, adding what each
/// leads to (a finish check may ask for a move; a start asks for a kick). The only place that
/// both moves campaigns and drives the pipeline, so no step calls back into its caller.
pub async fn run(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    actions: Vec<Action>,
) -> Result<(), ApiError> {
    let mut undo_on_failure: Vec<Moved> = Vec::new();
    let result = perform(state, tenant, id, actions, &mut undo_on_failure).await;
    if result.is_err() {
        for moved in &undo_on_failure {
            campaign::undo(state, tenant, moved).await;
        }
    }
    result
}

async fn perform(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    actions: Vec<Action>,
    undo_on_failure: &mut Vec<Moved>,
) -> Result<(), ApiError> {
    let mut todo: std::collections::VecDeque<Action> = actions.into();
    let mut done = 0;
    while let Some(action) = todo.pop_front() {
        done += 1;
        if done > MAX_ACTIONS {
            tracing::error!(campaign = %id, ?action, "the runner stopped a chain of actions that does not end");
            break;
        }
        match action {
            Action::Kick => {
                let p = campaign::progress(state, tenant, id).await?;
                todo.extend(lifecycle::after_kick(p.fanout_done));
            }
            Action::ArmWatch => {
                let now = kernel::time::now().unix_timestamp();
                let at = now + stall_secs(state);
                crate::persist::progress::arm_watch(state, tenant, id, at, Some(0)).await?;
            }
            Action::QueueFanout => {
                send_all(
                    &fanout_queue(state).await?,
                    vec![fanout_message(tenant, id)?],
                )
                .await?;
            }
            Action::Unpark { due_too } => {
                unpark(state, tenant, id, due_too).await?;
            }
            Action::CheckFinish => todo.extend(finish_step(state, tenant, id).await?),
            Action::Move(m, reason) => {
                if let Some(moved) = campaign::system_move(state, tenant, id, m, reason).await? {
                    // Queued, not run here: no recursion, and the bound above holds.
                    todo.extend(moved.then.iter().cloned());
                    if moved.then.is_empty() {
                        continue;
                    }
                    undo_on_failure.push(moved);
                }
            }
        }
    }
    Ok(())
}

/// Runs what a move asked for; a start whose follow-up cannot be queued is undone.
async fn follow(state: &AppState, tenant: &TenantId, moved: Moved) -> Result<Campaign, ApiError> {
    if let Err(e) = run(state, tenant, &moved.campaign.id, moved.then.clone()).await {
        campaign::undo(state, tenant, &moved).await;
        return Err(e);
    }
    Ok(moved.campaign)
}

/// A move of the platform's own (a schedule's start, a pause with a reason) and what it asks
/// for; `false` when the campaign was not in a state the move applies to.
pub(crate) async fn apply_move(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    m: Move,
    reason: Option<String>,
) -> Result<bool, ApiError> {
    match campaign::system_move(state, tenant, id, m, reason).await? {
        Some(moved) => follow(state, tenant, moved).await.map(|_| true),
        None => Ok(false),
    }
}

/// `POST …/send`: the move, then what it asks for.
pub async fn send(state: &AppState, caller: &Caller<'_>, id: &str) -> Result<Campaign, ApiError> {
    let tenant = caller.tenant;
    follow(state, tenant, campaign::send(state, tenant, id).await?).await
}

/// `POST …/pause`, `…/resume`, `…/cancel`: the move, then what it asks for.
pub async fn act(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
    command: Command,
) -> Result<Campaign, ApiError> {
    let tenant = caller.tenant;
    follow(
        state,
        tenant,
        campaign::act(state, tenant, id, command).await?,
    )
    .await
}

/// Finishes a running campaign whose fan-out and chunks are all done (see [`finish_step`]).
pub async fn check_finish(state: &AppState, tenant: &TenantId, id: &str) -> Result<(), ApiError> {
    run(state, tenant, id, vec![Action::CheckFinish]).await
}

/// How long a running campaign may go without progress before the watchdog repairs it: above the
/// send queue's visibility timeout (720 s), after which a failed chunk comes back on its own.
pub const DEFAULT_STALL_SECS: i64 = 900;
/// Repairs without progress before the watchdog pauses the campaign, saying why.
pub const MAX_REPAIRS: u32 = 3;

/// How long a running campaign may go without progress before the watchdog repairs it.
pub(crate) fn stall_secs(state: &AppState) -> i64 {
    state
        .config
        .var("CAMPAIGN_STALL_SECS")
        .and_then(|v| v.parse().ok())
        .filter(|v: &i64| *v > 0)
        .unwrap_or(DEFAULT_STALL_SECS)
}
