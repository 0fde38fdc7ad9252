//! A campaign's progress item: the fan-out's checkpoint, chunk counts and the watchdog's entry in
//! the due list. (Its other writes move here from `campaign.rs` and the pipeline in later steps.)

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::expr::{Cond, Update, Value};
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
    /// When the MailWizz step was claimed (epoch seconds; while the uid is `pending`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailwizz_pending_at: Option<i64>,
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

/// The campaign's progress (strongly consistent).
pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<Progress>, StoreError> {
    state.store.get(&keys::campaign_progress(tenant, id)).await
}

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
        .map(|_| ())
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

/// Counts a chunk done, once: conditional on its number not being in `done_chunks` (and adding
/// it), so whoever counts it counts it once, with no transaction on the item every chunk
/// touches. Progress moves the watchdog's clock and clears its repairs. `false` when it was
/// counted before.
pub async fn count_chunk_done(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    chunk: u64,
) -> Result<bool, StoreError> {
    let u = chunk_done(chunk, kernel::time::now().unix_timestamp());
    state
        .store
        .apply(&keys::campaign_progress(tenant, id), &u)
        .await
}

fn chunk_done(chunk: u64, now: i64) -> Update<Progress> {
    Update::new()
        .add("chunks_done", Value::number(1))
        .add("done_chunks", Value::numbers(&[chunk]))
        .set("last_progress_at", &now)
        .set("repairs", &0)
        .when(Cond::contains("done_chunks", Value::number(chunk)).not())
}

/// What one fan-out page adds: its chunks and recipients, and where the next page starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The cursor the page was read from (`None`: the first page).
    pub from: Option<String>,
    /// Where the next page starts (`None`: the audience is exhausted, the fan-out is done).
    pub next: Option<String>,
    pub chunks: u64,
    pub recipients: u64,
}

/// Moves the fan-out's checkpoint past a page, conditional on it still being where the page
/// was read from (and the fan-out not done): of two fan-outs of one campaign (a redelivery, a
/// double resume) one advances it. `false` when another got there first.
pub async fn advance_fanout(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    page: &Page,
) -> Result<bool, StoreError> {
    state
        .store
        .apply(&keys::campaign_progress(tenant, id), &advance(page))
        .await
}

fn advance(page: &Page) -> Update<Progress> {
    let from = page.from.clone().unwrap_or_default();
    let at_start = Cond::absent("cursor").or(Cond::is_null("cursor"));
    Update::new()
        .set("cursor", &page.next.clone().unwrap_or_default())
        .set("fanout_done", &page.next.is_none())
        .add("chunks", Value::number(page.chunks))
        .add("to_send", Value::number(page.recipients))
        .when(
            Cond::eq("cursor", &from)
                .or(at_start)
                .and(Cond::eq("fanout_done", &false)),
        )
}

/// The uid a MailWizz step holds while it finds or makes the MailWizz campaign.
const MAILWIZZ_PENDING: &str = "pending";

/// Claims the MailWizz step: when no MailWizz campaign is recorded, or the claim of a worker
/// that died (older than `stale_secs`). Of concurrent claimers one wins; `false` for the others
/// (and when the step is done).
pub async fn claim_mailwizz(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    stale_secs: i64,
) -> Result<bool, StoreError> {
    let u = mailwizz_claim(kernel::time::now().unix_timestamp(), stale_secs);
    state
        .store
        .apply(&keys::campaign_progress(tenant, id), &u)
        .await
}

fn mailwizz_claim(now: i64, stale_secs: i64) -> Update<Progress> {
    const UID: &str = "mailwizz_campaign_uid";
    const AT: &str = "mailwizz_pending_at";
    let free = Cond::absent(UID).or(Cond::is_null(UID));
    let stale = Cond::eq(UID, &MAILWIZZ_PENDING)
        .and(Cond::absent(AT).or(Cond::lt(AT, &(now - stale_secs))));
    Update::new()
        .set(UID, &MAILWIZZ_PENDING)
        .set(AT, &now)
        .when(free.or(stale))
}

/// Ends a claimed MailWizz step: records the MailWizz campaign's uid (`Some`), or gives the step
/// back (`None`: a resume tries again). Only while the step is still claimed.
pub async fn settle_mailwizz(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    uid: Option<String>,
) -> Result<(), StoreError> {
    state
        .store
        .apply(&keys::campaign_progress(tenant, id), &mailwizz_settled(uid))
        .await
        .map(|_| ())
}

fn mailwizz_settled(uid: Option<String>) -> Update<Progress> {
    let u = Update::new();
    let u = match uid {
        Some(uid) => u.set("mailwizz_campaign_uid", &uid),
        None => u.remove("mailwizz_campaign_uid"),
    };
    u.when(Cond::eq("mailwizz_campaign_uid", &MAILWIZZ_PENDING))
}

/// Takes the campaign's watch out of the due list (it is not running). A no-op when it is not
/// there.
pub async fn disarm_watch(state: &AppState, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
    state
        .store
        .apply(&keys::campaign_progress(tenant, id), &unwatched())
        .await
        .map(|_| ())
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
        chunk_done(3, 5).render().unwrap();
        mailwizz_claim(1000, 600).render().unwrap();
        mailwizz_settled(Some("uid".into())).render().unwrap();
        mailwizz_settled(None).render().unwrap();
        for next in [None, Some("c2".to_owned())] {
            let page = Page {
                from: Some("c1".into()),
                next,
                chunks: 2,
                recipients: 150,
            };
            let r = advance(&page).render().unwrap();
            assert_eq!(
                r.condition.as_deref(),
                Some("(#n0 = :v4 OR attribute_not_exists(#n0) OR attribute_type(#n0, :v5)) AND #n1 = :v6")
            );
        }
    }
}
