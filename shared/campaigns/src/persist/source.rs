//! Data sources, their sync runs and the CSV chunks a run works through: one aggregate in one
//! partition per source. The source holds its one running sync (`active_run`): a run is started
//! by claiming it (conditional on no other being active, or the other's claim being stale), and
//! released in the same transaction that closes the run, so two starts (an API call and a
//! schedule firing, or a schedule's duplicate delivery) never run two syncs of one source.
//! A run moves page by page, each move conditional on the page it leaves, its counts added in
//! that same update: a page's counts are added once however often its message is delivered.

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use store::expr::{Cond, Update, Value};
use store::{keys, Page, PageParams, PutMode, Record, StoreError, TxOp};

const SOURCE: &str = "DATA_SOURCE";
const RUN: &str = "DATA_SOURCE_RUN";
const CHUNK: &str = "DATA_SOURCE_CHUNK";
/// Runs are kept this long after they start.
const RUN_TTL_SECS: i64 = 90 * 86_400;
/// A CSV's chunks outlive their run's start by this long (a run works through them in minutes).
const CHUNK_TTL_SECS: i64 = 7 * 86_400;
/// Row problems a run keeps (the count covers them all).
pub const MAX_ISSUES: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Rows uploaded as a CSV file (or fetched from `url` by a sync).
    Csv,
    /// Contacts added by hand or through the API with this source.
    Manual,
    /// A partner's JSON feed, paged by a cursor.
    HttpJson,
    /// Scraper-Pro's contacts export: an `http_json` feed with a preset shape.
    ScraperPro,
    /// Backlink Engine's prospects export: an `http_json` feed with a preset shape.
    BacklinkEngine,
}

impl SourceKind {
    /// Fetched as a JSON feed.
    pub fn is_feed(self) -> bool {
        matches!(
            self,
            SourceKind::HttpJson | SourceKind::ScraperPro | SourceKind::BacklinkEngine
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceState {
    Active,
    /// Being deleted: its contacts are being reassigned or deleted, then it goes.
    Deleting,
}

/// What a deletion does with the source's contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub reassign_to: Option<String>,
    pub delete_contacts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Running,
    Finished,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = SyncTrigger)]
pub enum Trigger {
    /// `POST /v1/data-sources/{id}/sync`.
    Api,
    /// The source's schedule.
    Schedule,
    /// `POST /v1/data-sources/{id}/import`.
    Import,
}

/// The last run of a source, as the source shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LastRun {
    pub id: String,
    pub status: RunStatus,
    pub finished_at: Option<String>,
}

/// A data source as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub name: String,
    pub kind: SourceKind,
    pub url: Option<String>,
    /// The header the secret value goes in (the value is in Secrets Manager).
    pub auth_header: Option<String>,
    pub items_path: Option<String>,
    pub next_cursor_path: Option<String>,
    pub cursor_param: Option<String>,
    pub mapping: BTreeMap<String, String>,
    pub default_tags: Vec<String>,
    pub schedule: Option<String>,
    /// Where the last finished sync of the feed stopped: the next sync starts there.
    pub cursor: Option<String>,
    pub state: SourceState,
    pub removal: Option<Removal>,
    pub active_run: Option<String>,
    pub active_since: Option<i64>,
    pub last_run: Option<LastRun>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

/// A row a run could not take, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RowIssue {
    /// The CSV line (the header is line 1), or the feed item's number in the run (from 1).
    pub row: u32,
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A run's counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RunCounts {
    #[serde(default)]
    pub rows: u64,
    #[serde(default)]
    pub created: u64,
    #[serde(default)]
    pub updated: u64,
    #[serde(default)]
    pub unchanged: u64,
    /// Rows refused (each one's problems are in `errors`, the first 100 kept).
    #[serde(default)]
    pub failed: u64,
}

/// A sync run as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub id: String,
    pub source_id: String,
    pub status: RunStatus,
    pub trigger: Trigger,
    pub force: bool,
    /// Pages done; the next page is `page`.
    pub page: u32,
    /// The feed's cursor the next page asks for.
    pub cursor: Option<String>,
    /// A CSV's chunk count (`None` until a CSV by URL is fetched).
    pub pages: Option<u32>,
    /// A CSV to fetch by URL before the rows can be worked.
    pub csv_url: Option<String>,
    /// A CSV's mapped columns: (contact field, column index).
    pub columns: Vec<(String, usize)>,
    #[serde(default)]
    pub lease_until: Option<i64>,
    #[serde(default)]
    pub rows: u64,
    #[serde(default)]
    pub created: u64,
    #[serde(default)]
    pub updated: u64,
    #[serde(default)]
    pub unchanged: u64,
    #[serde(default)]
    pub failed: u64,
    pub errors: Vec<RowIssue>,
    pub error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub finished_at: Option<String>,
}

impl Run {
    pub fn counts(&self) -> RunCounts {
        RunCounts {
            rows: self.rows,
            created: self.created,
            updated: self.updated,
            unchanged: self.unchanged,
            failed: self.failed,
        }
    }
}

/// Rows of a CSV, with their line numbers, held while a run works through them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Chunk {
    pub rows: Vec<(u32, Vec<String>)>,
}

fn record<'a>(tenant: &TenantId, s: &'a Source) -> Record<'a, Source> {
    Record::new(SOURCE, keys::data_source(tenant, &s.id), s)
        .with_gsi1(keys::data_source_in_list(tenant, &s.id))
}

/// Stores a new source: false when its id is taken (a retried create with the same id).
pub async fn create(state: &AppState, tenant: &TenantId, s: &Source) -> Result<bool, StoreError> {
    match state.store.put(&record(tenant, s), PutMode::IfAbsent).await {
        Ok(()) => Ok(true),
        Err(StoreError::AlreadyExists) => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<Source>, StoreError> {
    state.store.get(&keys::data_source(tenant, id)).await
}

/// A page of sources, oldest first.
pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    codec: &store::cursor::CursorCodec,
    page: &PageParams,
) -> Result<Page<Source>, StoreError> {
    state
        .store
        .query(tenant, &keys::data_sources(tenant), page, codec)
        .await
}

/// Replaces a source while it still has `old_version` and is active: false otherwise.
pub async fn replace(
    state: &AppState,
    tenant: &TenantId,
    s: &Source,
    old_version: u64,
) -> Result<bool, StoreError> {
    let put = state
        .store
        .put_when(
            &record(tenant, s),
            &store::expr::condition::<Source>(
                Cond::eq("version", &old_version).and(Cond::eq("state", &SourceState::Active)),
            ),
        )
        .await;
    match put {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Marks a source as being deleted (while it has `version`, no sync is running, and it is
/// active): false otherwise.
pub async fn mark_deleting(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    version: u64,
    removal: &Removal,
    stale_before: i64,
    at: &str,
) -> Result<bool, StoreError> {
    state
        .store
        .apply(
            &keys::data_source(tenant, id),
            &Update::<Source>::new()
                .set("state", &SourceState::Deleting)
                .set("removal", &Some(removal))
                .set("updated_at", &at)
                .add("version", Value::number(1))
                .when(
                    Cond::eq("version", &version)
                        .and(Cond::eq("state", &SourceState::Active))
                        .and(no_active_run(stale_before)),
                ),
        )
        .await
}

fn no_active_run(stale_before: i64) -> Cond {
    Cond::absent("active_run")
        .or(Cond::is_null("active_run"))
        .or(Cond::lt("active_since", &stale_before))
}

/// Deletes a source while it has `version` (one with no contacts and no run): false otherwise.
pub async fn delete_if_version(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    version: u64,
) -> Result<bool, StoreError> {
    match state
        .store
        .delete_if_version(&keys::data_source(tenant, id), version)
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Removes what a deleted source leaves (runs, chunks; at most `budget` items a call) and, when
/// nothing is left, the source itself: true when it is all gone.
pub async fn purge(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    mut budget: usize,
) -> Result<bool, StoreError> {
    for spec in keys::data_source_items(tenant, id) {
        state.store.purge(&spec, &mut budget).await?;
    }
    if budget == 0 {
        return Ok(false);
    }
    state
        .store
        .delete(&keys::data_source(tenant, id), false)
        .await?;
    Ok(true)
}

/// Starts `run` for its source: the source's claim (no other sync active, or the other's claim
/// older than `stale_before`) and the run in one transaction. False when another sync holds the
/// source or it is being deleted.
pub async fn start_run(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
    now: i64,
    stale_before: i64,
) -> Result<bool, StoreError> {
    let expires = now + RUN_TTL_SECS;
    let claim = Update::<Source>::new()
        .set("active_run", &Some(&run.id))
        .set("active_since", &Some(now))
        .when(no_active_run(stale_before).and(Cond::eq("state", &SourceState::Active)));
    let ops = vec![
        TxOp::apply(keys::data_source(tenant, &run.source_id), &claim)?,
        TxOp::put(
            &Record::new(
                RUN,
                keys::data_source_run(tenant, &run.source_id, &run.id),
                run,
            )
            .expiring_at(expires),
            PutMode::IfAbsent,
        )?,
    ];
    match state.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(e) if e.failed_action() == Some(0) => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn load_run(
    state: &AppState,
    tenant: &TenantId,
    source_id: &str,
    run_id: &str,
) -> Result<Option<Run>, StoreError> {
    state
        .store
        .get(&keys::data_source_run(tenant, source_id, run_id))
        .await
}

/// A page of a source's runs, newest first.
pub async fn list_runs(
    state: &AppState,
    tenant: &TenantId,
    source_id: &str,
    codec: &store::cursor::CursorCodec,
    page: &PageParams,
) -> Result<Page<Run>, StoreError> {
    state
        .store
        .query(
            tenant,
            &keys::data_source_runs(tenant, source_id),
            page,
            codec,
        )
        .await
}

/// Takes page `page` of a run until `until` (epoch seconds) if no other worker holds it.
pub async fn claim_page(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
    now: i64,
    until: i64,
) -> Result<bool, StoreError> {
    let free = Cond::absent("lease_until")
        .or(Cond::is_null("lease_until"))
        .or(Cond::lt("lease_until", &now));
    state
        .store
        .apply(
            &keys::data_source_run(tenant, &run.source_id, &run.id),
            &Update::<Run>::new().set("lease_until", &Some(until)).when(
                Cond::eq("page", &run.page)
                    .and(Cond::eq("status", &RunStatus::Running))
                    .and(free),
            ),
        )
        .await
}

/// Gives back a page taken by [`claim_page`] (its worker failed).
pub async fn release_page(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
) -> Result<bool, StoreError> {
    state
        .store
        .apply(
            &keys::data_source_run(tenant, &run.source_id, &run.id),
            &Update::<Run>::new()
                .set("lease_until", &None::<i64>)
                .when(Cond::eq("page", &run.page)),
        )
        .await
}

/// Holds a CSV's chunks for `run` (idempotent: a retry writes the same chunks again).
pub async fn put_chunks(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
    chunks: &[Chunk],
    now: i64,
) -> Result<(), StoreError> {
    let expires = now + CHUNK_TTL_SECS;
    let items = chunks
        .iter()
        .enumerate()
        .map(|(n, c)| {
            Record::new(
                CHUNK,
                keys::data_source_chunk(tenant, &run.source_id, &run.id, n as u32),
                c,
            )
            .expiring_at(expires)
            .to_item()
        })
        .collect::<Result<Vec<_>, _>>()?;
    state.store.batch_put(items).await
}

/// Records a fetched CSV's chunk count and columns on its run (set once: a retry after the
/// chunks were held sets the same).
pub async fn set_pages(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
    pages: u32,
    columns: &[(String, usize)],
) -> Result<(), StoreError> {
    state
        .store
        .apply(
            &keys::data_source_run(tenant, &run.source_id, &run.id),
            &Update::<Run>::new()
                .set("pages", &Some(pages))
                .set("columns", &columns)
                .when(Cond::absent("pages").or(Cond::is_null("pages"))),
        )
        .await?;
    Ok(())
}

/// Chunk `n` of a run's CSV.
pub async fn load_chunk(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
    n: u32,
) -> Result<Option<Chunk>, StoreError> {
    state
        .store
        .get(&keys::data_source_chunk(tenant, &run.source_id, &run.id, n))
        .await
}

/// What a page did.
pub struct PageDone<'a> {
    pub counts: &'a RunCounts,
    /// Its row problems (kept while the run holds fewer than [`MAX_ISSUES`]).
    pub issues: Vec<RowIssue>,
    /// The feed's cursor for the next page.
    pub cursor: Option<String>,
    pub last: bool,
}

/// Moves a run past its page `run.page` with that page's counts (only from there: a redelivered
/// page adds them once). The last page also closes the run and releases its source, saving the
/// feed's cursor for the next sync. False when the run had moved already.
pub async fn advance(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
    done: PageDone<'_>,
    at: &str,
) -> Result<bool, StoreError> {
    let room = MAX_ISSUES.saturating_sub(run.errors.len());
    let issues: Vec<RowIssue> = done.issues.into_iter().take(room).collect();
    let c = done.counts;
    let mut u = Update::<Run>::new()
        .set("page", &(run.page + 1))
        .set("cursor", &done.cursor)
        .set("lease_until", &None::<i64>)
        .set("updated_at", &at)
        .add("rows", Value::number(c.rows))
        .add("created", Value::number(c.created))
        .add("updated", Value::number(c.updated))
        .add("unchanged", Value::number(c.unchanged))
        .add("failed", Value::number(c.failed))
        .when(Cond::eq("page", &run.page).and(Cond::eq("status", &RunStatus::Running)));
    if !issues.is_empty() {
        u = u.append("errors", &issues);
    }
    let run_key = keys::data_source_run(tenant, &run.source_id, &run.id);
    if !done.last {
        return state.store.apply(&run_key, &u).await;
    }
    u = u
        .set("status", &RunStatus::Finished)
        .set("finished_at", &Some(at));
    let release = Update::<Source>::new()
        .set("active_run", &None::<String>)
        .set("active_since", &None::<i64>)
        .set(
            "last_run",
            &Some(LastRun {
                id: run.id.clone(),
                status: RunStatus::Finished,
                finished_at: Some(at.to_owned()),
            }),
        );
    let release = match &done.cursor {
        // A feed's next sync starts where this one stopped (its last cursor).
        Some(_) => release.set("cursor", &done.cursor),
        None => release,
    };
    close(state, tenant, run, &run_key, u, release).await
}

/// The run's last update and its source's release in one transaction: false when the run had
/// moved already. The source is released only while this run holds it.
async fn close(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
    run_key: &store::Key,
    run_update: Update<Run>,
    release: Update<Source>,
) -> Result<bool, StoreError> {
    let release = release.when(Cond::eq("active_run", &Some(&run.id)));
    let ops = vec![
        TxOp::apply(run_key.clone(), &run_update)?,
        TxOp::apply(keys::data_source(tenant, &run.source_id), &release)?,
    ];
    match state.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(e) if e.failed_action() == Some(0) => Ok(false),
        // The source no longer names this run (deleted, or its claim went stale and another
        // sync took it): close the run alone.
        Err(e) if e.failed_action() == Some(1) => state.store.apply(run_key, &run_update).await,
        Err(e) => Err(e),
    }
}

/// Ends a run that cannot go on, saying why, and releases its source.
pub async fn fail_run(
    state: &AppState,
    tenant: &TenantId,
    run: &Run,
    why: &str,
    at: &str,
) -> Result<bool, StoreError> {
    let run_key = keys::data_source_run(tenant, &run.source_id, &run.id);
    let u = Update::<Run>::new()
        .set("status", &RunStatus::Failed)
        .set("error", &Some(why))
        .set("lease_until", &None::<i64>)
        .set("finished_at", &Some(at))
        .set("updated_at", &at)
        .when(Cond::eq("status", &RunStatus::Running));
    let release = Update::<Source>::new()
        .set("active_run", &None::<String>)
        .set("active_since", &None::<i64>)
        .set(
            "last_run",
            &Some(LastRun {
                id: run.id.clone(),
                status: RunStatus::Failed,
                finished_at: Some(at.to_owned()),
            }),
        );
    close(state, tenant, run, &run_key, u, release).await
}
