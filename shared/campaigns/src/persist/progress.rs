//! A campaign's progress item: the fan-out's checkpoint, chunk counts and the watchdog's entry in
//! the due list. (Its other writes move here from `campaign.rs` and the pipeline in later steps.)

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::expr::{Cond, Update};
use store::{keys, StoreError};

/// The fan-out's checkpoint and the chunk counts (one item beside the campaign).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Where the fan-out resumes (an audience cursor); absent before the first page.
    pub cursor: Option<String>,
    pub fanout_done: bool,
    /// Chunks queued so far (also the next chunk's number).
    pub chunks: u64,
    pub chunks_done: u64,
    pub to_send: u64,
    /// The MailWizz campaign made for this campaign, once it is.
    #[serde(default)]
    pub mailwizz_campaign_uid: Option<String>,
    /// The chunks counted done (each once; a DynamoDB number set, written only by `ADD`).
    #[serde(default, skip_serializing)]
    pub done_chunks: std::collections::BTreeSet<u64>,
    /// When the campaign last moved (a start, a resume, a chunk done; epoch seconds).
    #[serde(default)]
    pub last_progress_at: Option<i64>,
    /// Watchdog repairs since the last progress.
    #[serde(default)]
    pub repairs: u32,
}

/// Entity tag of the progress item.
pub(crate) const PROGRESS: &str = "CAMPAIGN_PROGRESS";

/// Puts the campaign's watch in the due list at `at` (moving it if it was there), creating the
/// item if needed; with `progress`, notes progress now and sets `repairs` to that count.
/// Idempotent: a repeat writes the same.
pub async fn arm_watch(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    at: i64,
    progress: Option<u32>,
) -> Result<(), StoreError> {
    let u = watch_at(
        tenant,
        id,
        at,
        progress,
        kernel::time::now().unix_timestamp(),
    );
    state
        .store
        .upsert(&keys::campaign_progress(tenant, id), &u)
        .await
}

fn watch_at(
    tenant: &TenantId,
    id: &str,
    at: i64,
    progress: Option<u32>,
    now: i64,
) -> Update<Progress> {
    let mut u = Update::new()
        .entity(PROGRESS)
        .index2(&keys::due_watch(tenant, id, at));
    if let Some(repairs) = progress {
        u = u.set("last_progress_at", &now).set("repairs", &repairs);
    }
    u
}

/// Takes the campaign's watch out of the due list (it is not running). A no-op when it is not
/// there.
pub async fn disarm_watch(state: &AppState, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
    match state
        .store
        .apply(&keys::campaign_progress(tenant, id), &unwatched())
        .await
    {
        Ok(()) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(e) => Err(e),
    }
}

fn unwatched() -> Update<Progress> {
    Update::new().unindex2().when(Cond::exists(keys::GSI2PK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_expression_names_fields_of_the_progress() {
        let tenant: TenantId = "ten_01HZZZZZZZZZZZZZZZZZZZZZZZ".parse().unwrap();
        watch_at(&tenant, "cmp_1", 10, Some(2), 5).render().unwrap();
        watch_at(&tenant, "cmp_1", 10, None, 5).render().unwrap();
        unwatched().render().unwrap();
    }
}
