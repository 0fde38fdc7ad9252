//! Data sources: where contacts come from. A `csv` source takes uploaded files (or fetches one by
//! URL); a `manual` one names contacts added by hand; an `http_json` source is a partner's JSON
//! feed paged by a cursor (`scraper_pro` and `backlink_engine` are feeds with preset shapes).
//! Each lists its contact count (the organisation's contact counter for the source: O(1)); it
//! cannot be deleted while it has contacts unless they are reassigned or deleted with it.
//!
//! A sync (`POST …/sync`, the source's schedule, or a CSV import) is a run worked page by page on
//! the data-source queue: each page is fetched (or read from the CSV's chunks), mapped, checked
//! and upserted as contacts by email with the source's default tags; row problems are kept on the
//! run. Failure semantics:
//! - one sync per source at a time: a run starts by claiming its source in the transaction that
//!   stores it (a second start, from the API or a duplicate schedule delivery, is a 409 or a
//!   no-op); a claim older than an hour is taken over (its worker died with its run);
//! - contacts are upserted by email, so a page done twice (a redelivery after a crash) writes
//!   each contact to the same state: at least once, idempotent in effect;
//! - a page's counts move with the run's move past that page (conditional on the page), so they
//!   are added once; only a page redone after a crash may count a row it created as `unchanged`;
//! - a fetch refused by the SSRF guard, a 4xx from the feed or an unreadable answer fails the run
//!   (saying why); a 5xx, a 429 or a timeout is retried, and after 5 deliveries fails the run;
//! - a schedule firing is an SQS message from EventBridge Scheduler: at least once and possibly
//!   late; it starts a run like the API does, and is dropped while a run is active.

pub mod mapping;
pub mod schedule;

use crate::contacts::{self, ContactStatus, Fields, ListFilter};
use crate::persist::source::{self as persist, Chunk, PageDone, Removal, Run, Source};
pub use crate::persist::source::{
    LastRun, RowIssue, RunCounts, RunStatus, SourceKind, SourceState, Trigger,
};
use kernel::error::{ApiError, FieldError, Location};
use kernel::ids::TenantId;
use platform::worker::{Delivery, MessageError};
use platform::{AppState, Caller};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;
use store::PageParams;

kernel::prefixed_id!(
    /// A data source (`src_…`).
    SourceId,
    "src"
);

kernel::prefixed_id!(
    /// A data source's sync run (`syn_…`).
    SyncRunId,
    "syn"
);

/// The queue variable syncs go through.
pub const QUEUE_VAR: &str = "DATA_SOURCE_QUEUE_URL";
/// A source claimed by a run for longer than this is taken over (its worker died with it).
const STALE_SECS: i64 = 3_600;
/// The longest a worker holds a page (above the sync worker's 300 s timeout); an invocation
/// holds it for the time it has left.
const LEASE_SECS: i64 = 330;
/// The most a CSV uploaded through the API may weigh (a larger file is fetched by URL).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// The most a CSV fetched by URL may weigh.
const MAX_CSV_FETCH_BYTES: usize = 50 * 1024 * 1024;
/// The most one feed page may weigh.
const MAX_FEED_PAGE_BYTES: usize = 5 * 1024 * 1024;
/// Items one feed page may hold.
const MAX_FEED_ITEMS: usize = 5_000;
/// Pages one sync of a feed reads at most (the next sync goes on from where it stopped).
pub const MAX_FEED_PAGES: u32 = 1_000;
/// CSV rows per chunk (one page of the run: well inside an invocation), and the most a chunk
/// may weigh.
const CHUNK_ROWS: usize = 200;
const CHUNK_BYTES: usize = 300 * 1024;
/// Default tags a source may give.
const MAX_DEFAULT_TAGS: usize = 10;
/// After this many deliveries a page's retryable failure ends the run.
const GIVE_UP_AFTER: u32 = 5;

fn now() -> String {
    kernel::time::rfc3339(kernel::time::now())
}

fn epoch() -> i64 {
    kernel::time::now().unix_timestamp()
}

// ------------------------------------------------------------------ settings

/// A source's auth header: its value is kept in Secrets Manager and never shown again.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthBody {
    /// The header's name, e.g. `Authorization` or `X-Api-Key`.
    #[schema(example = "Authorization")]
    pub header: String,
    #[schema(example = "Bearer 6f1c…")]
    pub value: String,
}

/// A data source to create (`POST`) or the fields to change (`PUT`: fields left out stay as they
/// are, `null` clears).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SourceBody {
    #[schema(example = "Scraper-Pro France")]
    pub name: Option<String>,
    /// `csv`, `manual`, `http_json`, `scraper_pro` or `backlink_engine` (fixed once created).
    #[serde(rename = "type")]
    pub kind: Option<SourceKind>,
    /// A feed's URL (https, public), or a CSV's to fetch on sync.
    #[schema(example = "https://api.scraper-pro.example/v1/exports/fr/contacts")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub auth: Option<AuthBody>,
    /// A JSON pointer to the array of records in a feed's answer (`""`: the answer is the array).
    #[schema(example = "/data")]
    pub items_path: Option<String>,
    /// A JSON pointer to the next page's cursor in a feed's answer (absent or null: last page).
    #[schema(example = "/next_cursor")]
    pub next_cursor_path: Option<String>,
    /// The query parameter the cursor is sent in.
    #[schema(example = "cursor")]
    pub cursor_param: Option<String>,
    /// Contact field → where its value is: a JSON pointer for a feed, a column header for a CSV.
    #[schema(value_type = Object, example = json!({"email": "/email", "first_name": "/first_name", "attributes.company": "/company"}))]
    pub mapping: Option<BTreeMap<String, String>>,
    /// Tag slugs given to every contact the source brings.
    pub default_tags: Option<Vec<String>>,
    /// An EventBridge Scheduler expression: `rate(6 hours)` or `cron(0 3 * * ? *)` (UTC), at
    /// most every 15 minutes.
    #[schema(example = "rate(1 day)")]
    pub schedule: Option<String>,
    /// `PUT` only: the version read (a concurrent change is then a 409).
    #[serde(default, deserialize_with = "kernel::bounds::version")]
    pub version: Option<u64>,
}

/// A data source as shown (its auth value never is).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SourceView {
    #[schema(example = "src_01JA2B3C4D5E6F7G8H9J0KMNPQ")]
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: SourceKind,
    pub url: Option<String>,
    /// The header the secret goes in (its value is never shown).
    pub auth_header: Option<String>,
    pub items_path: Option<String>,
    pub next_cursor_path: Option<String>,
    pub cursor_param: Option<String>,
    #[schema(value_type = Object)]
    pub mapping: BTreeMap<String, String>,
    pub default_tags: Vec<String>,
    pub schedule: Option<String>,
    /// Contacts whose source this is (exact: the organisation's contact counter).
    pub contact_count: u64,
    pub state: SourceState,
    /// Where the next sync of the feed starts (`force` starts from the beginning).
    pub cursor: Option<String>,
    /// The sync running now, if any.
    pub active_run: Option<String>,
    pub last_run: Option<LastRun>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

/// A page of data sources.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SourceList {
    pub data: Vec<SourceView>,
    pub next_cursor: Option<String>,
}

fn view(s: Source, contact_count: u64) -> SourceView {
    SourceView {
        id: s.id,
        name: s.name,
        kind: s.kind,
        url: s.url,
        auth_header: s.auth_header,
        items_path: s.items_path,
        next_cursor_path: s.next_cursor_path,
        cursor_param: s.cursor_param,
        mapping: s.mapping,
        default_tags: s.default_tags,
        schedule: s.schedule,
        contact_count,
        state: s.state,
        cursor: s.cursor,
        active_run: s.active_run,
        last_run: s.last_run,
        created_at: s.created_at,
        updated_at: s.updated_at,
        version: s.version,
    }
}

/// The organisation's contact counts by source (one BatchGetItem, whatever the number).
async fn counts(state: &AppState, tenant: &TenantId) -> Result<HashMap<String, u64>, ApiError> {
    Ok(crate::persist::contact::stats(state, tenant)
        .await?
        .into_iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("source:")
                .map(|s| (s.to_owned(), u64::try_from(v).unwrap_or(0)))
        })
        .collect())
}

fn not_found() -> ApiError {
    ApiError::not_found("no such data source in this organisation")
}

fn header_name_is_valid(h: &str) -> bool {
    (1..=64).contains(&h.len())
        && h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !["host", "content-length", "transfer-encoding", "connection"]
            .iter()
            .any(|x| h.eq_ignore_ascii_case(x))
}

fn line_ok(s: &str, max: usize) -> bool {
    !s.trim().is_empty() && s.chars().count() <= max && kernel::text::check_line(s).is_ok()
}

/// The source `body` makes of `old` (or a new one), every bad field named. `policy`: the SSRF
/// guard's (its checks that need no DNS run here; every fetch checks again with DNS).
fn build(
    body: &SourceBody,
    old: Option<&Source>,
    id: &str,
    policy: webhooks::GuardPolicy,
) -> Result<Source, Vec<FieldError>> {
    let mut errors = Vec::new();
    let at = now();
    let mut s = match old {
        Some(o) => o.clone(),
        None => Source {
            id: id.to_owned(),
            name: String::new(),
            kind: body.kind.unwrap_or(SourceKind::Manual),
            url: None,
            auth_header: None,
            items_path: None,
            next_cursor_path: None,
            cursor_param: None,
            mapping: BTreeMap::new(),
            default_tags: Vec::new(),
            schedule: None,
            cursor: None,
            state: SourceState::Active,
            removal: None,
            active_run: None,
            active_since: None,
            last_run: None,
            created_at: at.clone(),
            updated_at: at.clone(),
            version: 1,
        },
    };
    match (old, body.kind) {
        (None, None) => errors.push(FieldError::body(
            "type",
            "required",
            "csv, manual, http_json, scraper_pro or backlink_engine",
        )),
        (Some(o), Some(k)) if o.kind != k => errors.push(FieldError::body(
            "type",
            "immutable",
            "a source's type cannot change: create another source",
        )),
        _ => {}
    }
    match &body.name {
        Some(n) if line_ok(n, 100) => s.name = n.trim().to_owned(),
        Some(_) => errors.push(FieldError::body(
            "name",
            "invalid",
            "1 to 100 characters on one line",
        )),
        None if old.is_none() => errors.push(FieldError::body(
            "name",
            "required",
            "a name for the source",
        )),
        None => {}
    }
    let kind = s.kind;
    let feed = kind.is_feed();
    if let Some(u) = &body.url {
        match webhooks::guard::parse(u, policy) {
            Ok(_) if kind != SourceKind::Manual => s.url = Some(u.clone()),
            Ok(_) => errors.push(FieldError::body(
                "url",
                "not_allowed",
                "a manual source fetches nothing",
            )),
            Err(e) => errors.push(FieldError::body("url", "refused", e.to_string())),
        }
    }
    if feed && s.url.is_none() && !errors.iter().any(|e| e.field == "url") {
        errors.push(FieldError::body("url", "required", "the feed's URL"));
    }
    // A preset fills what the body leaves out; the body may still override it.
    let preset = match kind {
        SourceKind::ScraperPro => Some(&mapping::SCRAPER_PRO),
        SourceKind::BacklinkEngine => Some(&mapping::BACKLINK_ENGINE),
        _ => None,
    };
    if let (Some(p), None) = (preset, old) {
        s.items_path = Some(p.items_path.to_owned());
        s.next_cursor_path = Some(p.next_cursor_path.to_owned());
        s.cursor_param = Some(p.cursor_param.to_owned());
        s.mapping = p
            .mapping
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
    }
    for (field, given, slot) in [
        ("items_path", &body.items_path, &mut s.items_path),
        (
            "next_cursor_path",
            &body.next_cursor_path,
            &mut s.next_cursor_path,
        ),
    ] {
        if let Some(v) = given {
            if !feed {
                errors.push(FieldError::body(
                    field,
                    "not_allowed",
                    "only for a JSON feed",
                ));
            } else if !(v.is_empty() || v.starts_with('/')) || v.len() > 256 {
                errors.push(FieldError::body(
                    field,
                    "invalid",
                    "a JSON pointer such as /data",
                ));
            } else {
                *slot = Some(v.clone());
            }
        }
    }
    if let Some(v) = &body.cursor_param {
        if !feed {
            errors.push(FieldError::body(
                "cursor_param",
                "not_allowed",
                "only for a JSON feed",
            ));
        } else if !(1..=64).contains(&v.len())
            || !v
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'[' | b']'))
        {
            errors.push(FieldError::body(
                "cursor_param",
                "invalid",
                "a query parameter name",
            ));
        } else {
            s.cursor_param = Some(v.clone());
        }
    }
    if feed && s.next_cursor_path.is_some() && s.cursor_param.is_none() {
        errors.push(FieldError::body(
            "cursor_param",
            "required",
            "the query parameter the next page's cursor is sent in",
        ));
    }
    if let Some(m) = &body.mapping {
        if kind == SourceKind::Manual {
            errors.push(FieldError::body(
                "mapping",
                "not_allowed",
                "a manual source maps nothing",
            ));
        } else {
            let found = mapping::check(m, feed);
            if found.is_empty() {
                s.mapping = m.clone();
            } else {
                errors.extend(found);
            }
        }
    }
    if feed && s.mapping.is_empty() && !errors.iter().any(|e| e.field.starts_with("mapping")) {
        errors.push(FieldError::body(
            "mapping.email",
            "required",
            "where each record's email address is, e.g. {\"email\": \"/email\"}",
        ));
    }
    if let Some(a) = &body.auth {
        if kind == SourceKind::Manual {
            errors.push(FieldError::body(
                "auth",
                "not_allowed",
                "a manual source fetches nothing",
            ));
        }
        if !header_name_is_valid(&a.header) {
            errors.push(FieldError::body(
                "auth.header",
                "invalid",
                "an HTTP header name",
            ));
        }
        if a.value.is_empty() || a.value.len() > 4_096 || a.value.chars().any(char::is_control) {
            errors.push(FieldError::body(
                "auth.value",
                "invalid",
                "1 to 4,096 characters, no control characters",
            ));
        }
        s.auth_header = Some(a.header.clone());
    }
    if let Some(tags) = &body.default_tags {
        if tags.len() > MAX_DEFAULT_TAGS {
            errors.push(FieldError::body(
                "default_tags",
                "too_many",
                "at most 10 tags",
            ));
        }
        for (i, t) in tags.iter().enumerate() {
            if !crate::tags::slug_is_valid(t) {
                errors.push(FieldError::body(
                    format!("default_tags[{i}]"),
                    "invalid",
                    "a tag slug",
                ));
            }
        }
        let mut unique = tags.clone();
        unique.sort();
        unique.dedup();
        s.default_tags = unique;
    }
    if let Some(expr) = &body.schedule {
        if !(feed || kind == SourceKind::Csv) {
            errors.push(FieldError::body(
                "schedule",
                "not_allowed",
                "a manual source has nothing to sync",
            ));
        } else {
            match schedule::Expression::parse(expr) {
                Ok(_) => s.schedule = Some(expr.trim().to_owned()),
                Err(e) => errors.push(FieldError::body("schedule", "invalid", e.to_string())),
            }
        }
    }
    if kind == SourceKind::Csv
        && s.schedule.is_some()
        && s.url.is_none()
        && !errors.iter().any(|e| e.field == "url")
    {
        errors.push(FieldError::body(
            "schedule",
            "needs_url",
            "a CSV source syncs on a schedule only from a url",
        ));
    }
    if errors.is_empty() {
        Ok(s)
    } else {
        Err(errors)
    }
}

/// The fields a create or change body may hold.
const BODY_FIELDS: [&str; 11] = [
    "name",
    "type",
    "url",
    "auth",
    "items_path",
    "next_cursor_path",
    "cursor_param",
    "mapping",
    "default_tags",
    "schedule",
    "version",
];

/// Reads a create or change body, `null` meaning "clear" for `url`, `auth` and `schedule`. A
/// value of the wrong shape is named by reading each field alone (serde's error names none).
pub fn read_body(raw: &Map<String, Value>) -> Result<(SourceBody, Vec<&'static str>), ApiError> {
    let mut cleared = Vec::new();
    let mut kept = Map::new();
    for (k, v) in raw {
        match (k.as_str(), v) {
            ("url", Value::Null) => cleared.push("url"),
            ("auth", Value::Null) => cleared.push("auth"),
            ("schedule", Value::Null) => cleared.push("schedule"),
            (name, _) if BODY_FIELDS.contains(&name) => {
                if !v.is_null() {
                    kept.insert(k.clone(), v.clone());
                }
            }
            _ => {
                return Err(ApiError::validation(vec![FieldError::body(
                    k.clone(),
                    "unknown",
                    "not a data source field",
                )]))
            }
        }
    }
    let body = serde_json::from_value::<SourceBody>(Value::Object(kept.clone())).map_err(|e| {
        let field = BODY_FIELDS
            .into_iter()
            .find(|f| {
                kept.get(*f).is_some_and(|v| {
                    let mut one = Map::new();
                    one.insert((*f).to_owned(), v.clone());
                    serde_json::from_value::<SourceBody>(Value::Object(one)).is_err()
                })
            })
            .unwrap_or("body");
        ApiError::validation(vec![FieldError::body(field, "invalid", e.to_string())])
    })?;
    Ok((body, cleared))
}

/// Secret id of a source's auth value (template.yaml grants exactly this prefix).
fn secret_id(state: &AppState, tenant: &TenantId, source_id: &str) -> String {
    let prefix = state
        .config
        .var("DATA_SOURCE_SECRET_PREFIX")
        .map(|p| p.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| format!("enrich/{}/data-sources", state.config.stage));
    format!("{prefix}/{tenant}/{source_id}")
}

async fn store_secret(state: &AppState, id: &str, value: &str) -> Result<(), ApiError> {
    state
        .secrets
        .put(id, value, "An Enrich data source's auth header value")
        .await
        .map_err(ApiError::internal)
}

async fn delete_secret(state: &AppState, id: &str) -> Result<(), ApiError> {
    state.secrets.delete(id).await.map_err(ApiError::internal)
}

/// What a schedule firing sends to the sync queue.
fn start_message(tenant: &TenantId, source_id: &str) -> Result<String, ApiError> {
    serde_json::to_string(&SyncMessage::Start {
        tenant: tenant.clone(),
        source_id: source_id.to_owned(),
    })
    .map_err(ApiError::internal)
}

/// Makes the Scheduler match `s.schedule` (created, changed or deleted).
async fn sync_schedule(
    state: &AppState,
    tenant: &TenantId,
    s: &Source,
    before: Option<&str>,
) -> Result<(), ApiError> {
    match (&s.schedule, before) {
        (Some(expr), b) if b != Some(expr.as_str()) => {
            schedule::scheduler::put(state, tenant, &s.id, expr, &start_message(tenant, &s.id)?)
                .await
        }
        (None, Some(_)) => schedule::scheduler::delete(state, tenant, &s.id).await,
        _ => Ok(()),
    }
}

async fn tags_exist(state: &AppState, tenant: &TenantId, s: &Source) -> Result<(), ApiError> {
    for (i, slug) in s.default_tags.iter().enumerate() {
        crate::tags::must_exist(state, tenant, slug, &format!("default_tags[{i}]")).await?;
    }
    Ok(())
}

/// Creates a source: its auth secret and schedule first, the source last, so a failure leaves
/// no source (and what was made before it is removed again, best effort).
pub async fn create(
    state: &AppState,
    caller: &Caller<'_>,
    raw: &Map<String, Value>,
) -> Result<SourceView, ApiError> {
    let tenant = caller.tenant;
    let (body, _) = read_body(raw)?;
    if body.version.is_some() {
        return Err(ApiError::validation(vec![FieldError::body(
            "version",
            "not_allowed",
            "only when changing a source",
        )]));
    }
    let id = SourceId::new().to_string();
    let s = build(&body, None, &id, crate::senders::guard_policy(state))
        .map_err(ApiError::validation)?;
    tags_exist(state, tenant, &s).await?;
    let secret = secret_id(state, tenant, &id);
    if let Some(a) = &body.auth {
        store_secret(state, &secret, &a.value).await?;
    }
    let made = async {
        sync_schedule(state, tenant, &s, None).await?;
        persist::create(state, tenant, &s).await?;
        Ok::<_, ApiError>(())
    }
    .await;
    if let Err(e) = made {
        let _ = schedule::scheduler::delete(state, tenant, &id).await;
        if body.auth.is_some() {
            let _ = delete_secret(state, &secret).await;
        }
        return Err(e);
    }
    Ok(view(s, 0))
}

async fn load(state: &AppState, tenant: &TenantId, id: &str) -> Result<Source, ApiError> {
    persist::load(state, tenant, id)
        .await?
        .ok_or_else(not_found)
}

pub async fn get(state: &AppState, tenant: &TenantId, id: &str) -> Result<SourceView, ApiError> {
    let (s, counts) = tokio::try_join!(load(state, tenant, id), counts(state, tenant))?;
    let n = counts.get(&s.id).copied().unwrap_or(0);
    Ok(view(s, n))
}

pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    page: &PageParams,
) -> Result<SourceList, ApiError> {
    let codec = state.cursor_codec().await?;
    let (found, counts) = tokio::try_join!(
        async { Ok::<_, ApiError>(persist::list(state, tenant, codec, page).await?) },
        counts(state, tenant)
    )?;
    Ok(SourceList {
        data: found
            .items
            .into_iter()
            .map(|s| {
                let n = counts.get(&s.id).copied().unwrap_or(0);
                view(s, n)
            })
            .collect(),
        next_cursor: found.next_cursor,
    })
}

fn busy(s: &Source) -> ApiError {
    match s.state {
        SourceState::Deleting => ApiError::Conflict {
            detail: "the source is being deleted".into(),
        },
        SourceState::Active => ApiError::Conflict {
            detail: format!(
                "a sync of this source is running ({}): wait for it to finish",
                s.active_run.as_deref().unwrap_or("")
            ),
        },
    }
}

/// Changes a source: the fields given (`null` clears `url`, `auth`, `schedule`). Conditional on
/// `version` when given, else on the version read; the schedule and secret follow the change.
pub async fn update(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
    raw: &Map<String, Value>,
) -> Result<SourceView, ApiError> {
    let tenant = caller.tenant;
    let (body, cleared) = read_body(raw)?;
    let old = load(state, tenant, id).await?;
    if body.version.is_some_and(|v| v != old.version) || old.state != SourceState::Active {
        return Err(if old.state == SourceState::Active {
            changed()
        } else {
            busy(&old)
        });
    }
    let mut s = build(&body, Some(&old), id, crate::senders::guard_policy(state))
        .map_err(ApiError::validation)?;
    for c in &cleared {
        match *c {
            "url" => s.url = None,
            "auth" => s.auth_header = None,
            _ => s.schedule = None,
        }
    }
    let mut errors = Vec::new();
    if s.kind.is_feed() && s.url.is_none() {
        errors.push(FieldError::body("url", "required", "a feed needs its URL"));
    }
    if s.kind == SourceKind::Csv && s.schedule.is_some() && s.url.is_none() {
        errors.push(FieldError::body(
            "schedule",
            "needs_url",
            "a CSV source syncs on a schedule only from a url",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if s == old && body.auth.is_none() {
        let n = counts(state, tenant).await?.get(id).copied().unwrap_or(0);
        return Ok(view(old, n));
    }
    if body.default_tags.is_some() {
        tags_exist(state, tenant, &s).await?;
    }
    s.version = old.version + 1;
    s.updated_at = now();
    let secret = secret_id(state, tenant, id);
    if let Some(a) = &body.auth {
        store_secret(state, &secret, &a.value).await?;
    }
    sync_schedule(state, tenant, &s, old.schedule.as_deref()).await?;
    if !persist::replace(state, tenant, &s, old.version).await? {
        // Put the schedule back as the stored source has it (best effort).
        let _ = sync_schedule(state, tenant, &old, s.schedule.as_deref()).await;
        return Err(changed());
    }
    if cleared.contains(&"auth") {
        delete_secret(state, &secret).await?;
    }
    let n = counts(state, tenant).await?.get(id).copied().unwrap_or(0);
    Ok(view(s, n))
}

fn changed() -> ApiError {
    ApiError::Conflict {
        detail: "the data source changed since you read it; read it again".into(),
    }
}

/// What a delete did.
pub enum Deleted {
    /// Gone (it had no contacts).
    Now,
    /// Its contacts are being reassigned or deleted; the source goes when they are done.
    Later(Box<SourceView>),
}

/// Deletes a source. With contacts it is a 409 unless `reassign_to` (another active source of
/// the organisation) or `delete_contacts`; those run in the background (202), the source shown
/// as `deleting` meanwhile. A sync running is a 409 (wait for it). Retry: a retried delete of a
/// source already `deleting` is answered the same way and queues its work again.
pub async fn delete(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
    reassign_to: Option<String>,
    delete_contacts: bool,
) -> Result<Deleted, ApiError> {
    let tenant = caller.tenant;
    if reassign_to.is_some() && delete_contacts {
        return Err(ApiError::validation(vec![FieldError::new(
            Location::Query,
            "delete_contacts",
            "conflict",
            "give reassign_to or delete_contacts, not both",
        )]));
    }
    let (s, counts) = tokio::try_join!(load(state, tenant, id), counts(state, tenant))?;
    let n = counts.get(id).copied().unwrap_or(0);
    if let Some(target) = &reassign_to {
        let bad = |why: &str| {
            ApiError::validation(vec![FieldError::new(
                Location::Query,
                "reassign_to",
                "invalid",
                why.to_owned(),
            )])
        };
        if target == id {
            return Err(bad("another source than the one deleted"));
        }
        match persist::load(state, tenant, target).await? {
            Some(t) if t.state == SourceState::Active => {}
            _ => return Err(bad("no such active data source in this organisation")),
        }
    }
    let removal = Removal {
        reassign_to,
        delete_contacts,
    };
    if s.state == SourceState::Deleting {
        queue(
            state,
            &SyncMessage::Remove {
                tenant: tenant.clone(),
                source_id: id.to_owned(),
            },
        )
        .await?;
        return Ok(Deleted::Later(Box::new(view(s, n))));
    }
    if n > 0 && removal.reassign_to.is_none() && !removal.delete_contacts {
        return Err(ApiError::Conflict {
            detail: format!(
                "the source has {n} contacts: delete with ?reassign_to=<another source id> or ?delete_contacts=true"
            ),
        });
    }
    let at = now();
    if !persist::mark_deleting(
        state,
        tenant,
        id,
        s.version,
        &removal,
        epoch() - STALE_SECS,
        &at,
    )
    .await?
    {
        let fresh = load(state, tenant, id).await?;
        return Err(if fresh.active_run.is_some() {
            busy(&fresh)
        } else {
            changed()
        });
    }
    // No schedule fires for a source being deleted.
    schedule::scheduler::delete(state, tenant, id).await?;
    if n == 0 {
        // Failing here is no failure: the queued removal below finishes it.
        if let Ok(true) = finish_removal(state, tenant, id, usize::MAX / 2).await {
            return Ok(Deleted::Now);
        }
    }
    queue(
        state,
        &SyncMessage::Remove {
            tenant: tenant.clone(),
            source_id: id.to_owned(),
        },
    )
    .await?;
    let mut shown = s;
    shown.state = SourceState::Deleting;
    shown.version += 1;
    shown.updated_at = at;
    Ok(Deleted::Later(Box::new(view(shown, n))))
}

/// Removes a deleted source's schedule, secret, runs and item: true when it is all gone.
async fn finish_removal(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    budget: usize,
) -> Result<bool, ApiError> {
    schedule::scheduler::delete(state, tenant, id).await?;
    delete_secret(state, &secret_id(state, tenant, id)).await?;
    Ok(persist::purge(state, tenant, id, budget).await?)
}

// ------------------------------------------------------------------ runs

/// A sync run as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RunView {
    #[schema(example = "syn_01JA2B3C4D5E6F7G8H9J0KMNPQ")]
    pub id: String,
    pub source_id: String,
    pub status: RunStatus,
    pub trigger: Trigger,
    pub force: bool,
    /// Pages done (a feed's pages, or a CSV's chunks of up to 200 rows).
    pub pages_done: u32,
    /// A CSV's page count, once known.
    pub pages: Option<u32>,
    pub counts: RunCounts,
    /// The first 100 row problems (`counts.failed` counts every refused row).
    pub errors: Vec<RowIssue>,
    /// Why the run failed.
    pub error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub finished_at: Option<String>,
}

/// A page of runs, newest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RunList {
    pub data: Vec<RunView>,
    pub next_cursor: Option<String>,
}

fn run_view(r: Run) -> RunView {
    let counts = r.counts();
    RunView {
        id: r.id,
        source_id: r.source_id,
        status: r.status,
        trigger: r.trigger,
        force: r.force,
        pages_done: r.page,
        pages: r.pages,
        counts,
        errors: r.errors,
        error: r.error,
        created_at: r.created_at,
        updated_at: r.updated_at,
        finished_at: r.finished_at,
    }
}

pub async fn runs(
    state: &AppState,
    tenant: &TenantId,
    source_id: &str,
    page: &PageParams,
) -> Result<RunList, ApiError> {
    // A source that is not the organisation's has no runs to show: 404, not an empty list.
    load(state, tenant, source_id).await?;
    let codec = state.cursor_codec().await?;
    let found = persist::list_runs(state, tenant, source_id, codec, page).await?;
    Ok(RunList {
        data: found.items.into_iter().map(run_view).collect(),
        next_cursor: found.next_cursor,
    })
}

pub async fn run(
    state: &AppState,
    tenant: &TenantId,
    source_id: &str,
    run_id: &str,
) -> Result<RunView, ApiError> {
    persist::load_run(state, tenant, source_id, run_id)
        .await?
        .map(run_view)
        .ok_or_else(|| ApiError::not_found("no such sync run of this data source"))
}

fn new_run(source: &Source, trigger: Trigger, force: bool) -> Run {
    let at = now();
    Run {
        id: SyncRunId::new().to_string(),
        source_id: source.id.clone(),
        status: RunStatus::Running,
        trigger,
        force,
        page: 0,
        cursor: if force || !source.kind.is_feed() {
            None
        } else {
            source.cursor.clone()
        },
        pages: None,
        csv_url: None,
        columns: Vec::new(),
        lease_until: None,
        rows: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        failed: 0,
        errors: Vec::new(),
        error: None,
        created_at: at.clone(),
        updated_at: at,
        finished_at: None,
    }
}

/// What goes through the data-source queue.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncMessage {
    /// A schedule fired: start a sync (unless one is running).
    Start { tenant: TenantId, source_id: String },
    /// Work page `page` of a run.
    Page {
        tenant: TenantId,
        source_id: String,
        run_id: String,
        page: u32,
    },
    /// Reassign or delete a deleted source's contacts, then remove it.
    Remove { tenant: TenantId, source_id: String },
}

impl SyncMessage {
    fn tenant(&self) -> &TenantId {
        match self {
            SyncMessage::Start { tenant, .. }
            | SyncMessage::Page { tenant, .. }
            | SyncMessage::Remove { tenant, .. } => tenant,
        }
    }
}

async fn queue(state: &AppState, m: &SyncMessage) -> Result<(), ApiError> {
    queue_in(state, m, 0).await
}

/// Queues `m` to be delivered in `delay_secs`.
async fn queue_in(state: &AppState, m: &SyncMessage, delay_secs: i32) -> Result<(), ApiError> {
    let q = platform::queue::named(state, state.config.var(QUEUE_VAR), QUEUE_VAR).await?;
    platform::queue::send_all(
        &q,
        vec![platform::queue::Outgoing::json(m, m.tenant().as_str())?.delayed(delay_secs)],
    )
    .await?;
    Ok(())
}

/// How long a page message that is not its worker's yet waits before it is asked again.
const NOT_YET_DELAY_SECS: i32 = 20;

/// Starts `run` (claiming its source) and queues its first page. `Ok(None)`: another sync holds
/// the source (or it is being deleted).
async fn begin(state: &AppState, tenant: &TenantId, run: Run) -> Result<Option<Run>, ApiError> {
    let t = epoch();
    if !persist::start_run(state, tenant, &run, t, t - STALE_SECS).await? {
        return Ok(None);
    }
    let first = SyncMessage::Page {
        tenant: tenant.clone(),
        source_id: run.source_id.clone(),
        run_id: run.id.clone(),
        page: 0,
    };
    if let Err(e) = queue(state, &first).await {
        // Not started after all: free the source for the retry.
        let _ = persist::fail_run(
            state,
            tenant,
            &run,
            "its first page could not be queued",
            &now(),
        )
        .await;
        return Err(e);
    }
    Ok(Some(run))
}

/// Starts a sync of a feed (or of a CSV source's `url`): 202 with the run; 409 while another
/// runs. `force` starts the feed from its beginning instead of where the last sync stopped.
pub async fn sync(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
    force: bool,
) -> Result<RunView, ApiError> {
    let tenant = caller.tenant;
    let s = load(state, tenant, id).await?;
    if s.state != SourceState::Active {
        return Err(busy(&s));
    }
    let mut run = new_run(&s, Trigger::Api, force);
    match s.kind {
        k if k.is_feed() => {}
        SourceKind::Csv if s.url.is_some() => run.csv_url = s.url.clone(),
        SourceKind::Csv => {
            return Err(ApiError::Conflict {
                detail: "a CSV source without a url has nothing to fetch: import a file with POST /v1/data-sources/{id}/import".into(),
            })
        }
        _ => {
            return Err(ApiError::Conflict {
                detail: "a manual source has nothing to sync".into(),
            })
        }
    }
    match begin(state, tenant, run).await? {
        Some(run) => Ok(run_view(run)),
        None => Err(busy(&load(state, tenant, id).await?)),
    }
}

/// Splits rows into chunks of at most [`CHUNK_ROWS`] rows and about [`CHUNK_BYTES`].
fn chunks(rows: Vec<(u32, Vec<String>)>) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut current = Chunk::default();
    let mut bytes = 0;
    for row in rows {
        let size: usize = row.1.iter().map(|c| c.len() + 8).sum::<usize>() + 8;
        if !current.rows.is_empty()
            && (current.rows.len() == CHUNK_ROWS || bytes + size > CHUNK_BYTES)
        {
            out.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += size;
        current.rows.push(row);
    }
    if !current.rows.is_empty() {
        out.push(current);
    }
    out
}

/// What an import is given: the file itself or where to fetch it.
pub enum ImportInput<'a> {
    File(&'a [u8]),
    Url(String),
}

/// Imports a CSV into a `csv` source: the file is read and its headers matched to the source's
/// mapping here (422 naming the mapped column the file lacks), its rows held in chunks, and a run
/// works them in the background (202). A file given by `url` is fetched by the run. Re-importing
/// a file upserts the same contacts by email: nothing is duplicated.
pub async fn import(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
    input: ImportInput<'_>,
) -> Result<RunView, ApiError> {
    let tenant = caller.tenant;
    let s = load(state, tenant, id).await?;
    if s.kind != SourceKind::Csv {
        return Err(ApiError::Conflict {
            detail: "only a csv source imports files".into(),
        });
    }
    if s.state != SourceState::Active {
        return Err(busy(&s));
    }
    let mut run = new_run(&s, Trigger::Import, false);
    let mut held = Vec::new();
    match input {
        ImportInput::Url(u) => {
            webhooks::guard::parse(&u, crate::senders::guard_policy(state)).map_err(|e| {
                ApiError::validation(vec![FieldError::body("url", "refused", e.to_string())])
            })?;
            run.csv_url = Some(u);
        }
        ImportInput::File(bytes) => {
            let csv = mapping::read_csv(bytes).map_err(|e| ApiError::validation(vec![e]))?;
            run.columns =
                mapping::columns(&csv.headers, &s.mapping).map_err(ApiError::validation)?;
            held = chunks(csv.rows);
            run.pages = Some(held.len() as u32);
        }
    }
    if !held.is_empty() {
        // The chunks first (keyed by the run: a run that then fails to start leaves them to
        // expire), the run last.
        persist::put_chunks(state, tenant, &run, &held, epoch()).await?;
    }
    match begin(state, tenant, run).await? {
        Some(run) => Ok(run_view(run)),
        None => Err(busy(&load(state, tenant, id).await?)),
    }
}

// ------------------------------------------------------------------ the worker

enum Failure {
    /// Not this worker's page yet (its move in flight, another worker on it): later.
    NotYet,
    /// The source cannot be synced this way (refused URL, 4xx, unreadable answer): the run fails.
    Halt(String),
    Error(MessageError),
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure::Error(e.into())
    }
}

impl From<store::StoreError> for Failure {
    fn from(e: store::StoreError) -> Self {
        Failure::Error(e.into())
    }
}

/// One message of the data-source queue.
pub async fn handle(state: &AppState, m: SyncMessage, d: Delivery) -> Result<(), MessageError> {
    match &m {
        SyncMessage::Start { tenant, source_id } => {
            let Some(s) = persist::load(state, tenant, source_id).await? else {
                return Ok(()); // deleted since: its schedule goes with it
            };
            if s.state != SourceState::Active || s.schedule.is_none() {
                return Ok(());
            }
            let mut run = new_run(&s, Trigger::Schedule, false);
            if s.kind == SourceKind::Csv {
                run.csv_url = s.url.clone();
            }
            if run.csv_url.is_none() && !s.kind.is_feed() {
                return Ok(());
            }
            // A sync running already: this firing is dropped (the next one comes on schedule).
            begin(state, tenant, run).await?;
            Ok(())
        }
        SyncMessage::Remove { tenant, source_id } => remove(state, tenant, source_id, &d).await,
        SyncMessage::Page {
            tenant,
            source_id,
            run_id,
            page,
        } => match work(state, tenant, source_id, run_id, *page, &d).await {
            Ok(()) => Ok(()),
            // Not this worker's yet (the run's move past the previous page in flight, another
            // worker on the page, too little time left): asked again in 20 s by a delayed copy,
            // not after the queue's 30-minute visibility timeout, and without counting toward
            // the dead-letter queue.
            Err(Failure::NotYet) => {
                queue_in(state, &m, NOT_YET_DELAY_SECS).await?;
                Ok(())
            }
            Err(Failure::Halt(why)) => {
                if let Some(run) = persist::load_run(state, tenant, source_id, run_id).await? {
                    persist::fail_run(state, tenant, &run, &why, &now()).await?;
                }
                Ok(())
            }
            Err(Failure::Error(MessageError::Retryable(why)))
                if d.receive_count >= GIVE_UP_AFTER =>
            {
                if let Some(run) = persist::load_run(state, tenant, source_id, run_id).await? {
                    persist::fail_run(
                        state,
                        tenant,
                        &run,
                        &format!("a page kept failing: {why}"),
                        &now(),
                    )
                    .await?;
                }
                Ok(())
            }
            Err(Failure::Error(e)) => Err(e),
        },
    }
}

async fn work(
    state: &AppState,
    tenant: &TenantId,
    source_id: &str,
    run_id: &str,
    page: u32,
    d: &Delivery,
) -> Result<(), Failure> {
    if !d.has_time_for(Duration::from_secs(20)) {
        return Err(Failure::NotYet);
    }
    let Some(run) = persist::load_run(state, tenant, source_id, run_id).await? else {
        return Ok(());
    };
    if run.status != RunStatus::Running || run.page > page {
        return Ok(());
    }
    if run.page < page {
        return Err(Failure::NotYet);
    }
    // The lease outlives this invocation (so no duplicate works the page meanwhile) and no more:
    // a killed worker's page is free again when SQS hands it back.
    let t = epoch();
    let lease = (i64::try_from(d.time_left().as_secs()).unwrap_or(LEASE_SECS) + 5).min(LEASE_SECS);
    if !persist::claim_page(state, tenant, &run, t, t + lease).await? {
        return Err(Failure::NotYet);
    }
    let result = async {
        let source = match persist::load(state, tenant, source_id).await? {
            Some(s) if s.state == SourceState::Active => s,
            _ => return Err(Failure::Halt("the data source was deleted".into())),
        };
        work_page(state, tenant, &source, run.clone()).await
    }
    .await;
    if matches!(result, Err(Failure::Error(_))) {
        // Best effort: otherwise the redelivery waits for the lease to lapse.
        let _ = persist::release_page(state, tenant, &run).await;
    }
    result
}

/// The records of one page, each with its row number.
type Rows = Vec<(u32, Result<Fields, Vec<FieldError>>)>;

async fn work_page(
    state: &AppState,
    tenant: &TenantId,
    source: &Source,
    mut run: Run,
) -> Result<(), Failure> {
    if run.page == 0 && source.auth_header.is_some() {
        // A run reads the source's key afresh (a key changed since the last run is used at
        // once); its later pages use this container's copy.
        state
            .secrets
            .invalidate(&secret_id(state, tenant, &source.id))
            .await;
    }
    let (rows, cursor, last) = if source.kind.is_feed() {
        feed_page(state, tenant, source, &run).await?
    } else {
        if run.pages.is_none() {
            fetch_csv(state, tenant, source, &mut run).await?;
        }
        let pages = run.pages.unwrap_or(0);
        let rows = if pages == 0 {
            Vec::new()
        } else {
            let chunk = persist::load_chunk(state, tenant, &run, run.page)
                .await?
                .unwrap_or_default();
            chunk
                .rows
                .into_iter()
                .map(|(line, cells)| {
                    (
                        line,
                        contacts::parse(&mapping::from_row(&cells, &run.columns), "", false),
                    )
                })
                .collect()
        };
        (rows, None, run.page + 1 >= pages)
    };
    let (counts, issues) = upsert(state, tenant, source, rows).await?;
    if !last {
        queue(
            state,
            &SyncMessage::Page {
                tenant: tenant.clone(),
                source_id: source.id.clone(),
                run_id: run.id.clone(),
                page: run.page + 1,
            },
        )
        .await?;
    }
    persist::advance(
        state,
        tenant,
        &run,
        PageDone {
            counts: &counts,
            issues,
            cursor,
            last,
        },
        &now(),
    )
    .await?;
    Ok(())
}

/// Upserts a page's rows as contacts of `source` (its id as their source when it creates them,
/// its default tags added), 1,000 at a time.
async fn upsert(
    state: &AppState,
    tenant: &TenantId,
    source: &Source,
    rows: Rows,
) -> Result<(RunCounts, Vec<RowIssue>), Failure> {
    let caller = Caller::background(tenant, platform::caller::SYSTEM, &source.id);
    let mut counts = RunCounts::default();
    let mut issues = Vec::new();
    let numbers: Vec<u32> = rows.iter().map(|(n, _)| *n).collect();
    let prepared: Vec<(usize, Result<Fields, Vec<FieldError>>)> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (_, r))| {
            (
                i,
                r.map(|mut f| {
                    f.source = Some(Some(source.id.clone()));
                    f.keep_source = true;
                    f.status = None::<ContactStatus>;
                    let mut tags = f.tags.take().unwrap_or_default();
                    tags.extend(source.default_tags.iter().cloned());
                    tags.sort();
                    tags.dedup();
                    f.tags = (!tags.is_empty()).then_some(tags);
                    f
                }),
            )
        })
        .collect();
    counts.rows = prepared.len() as u64;
    let mut rest = prepared;
    while !rest.is_empty() {
        let tail = rest.split_off(rest.len().min(contacts::MAX_BULK));
        let report = contacts::upsert_many(state, &caller, rest, &HashMap::new()).await?;
        counts.created += report.created as u64;
        counts.updated += report.updated as u64;
        counts.unchanged += report.unchanged as u64;
        counts.failed += report.errors.len() as u64;
        for e in report.errors {
            let row = numbers.get(e.index).copied().unwrap_or(0);
            let prefix = format!("contacts[{}].", e.index);
            for fe in e.errors {
                issues.push(RowIssue {
                    row,
                    field: fe
                        .field
                        .strip_prefix(&prefix)
                        .unwrap_or(&fe.field)
                        .to_owned(),
                    code: fe.code.to_owned(),
                    message: fe.message,
                });
            }
        }
        rest = tail;
    }
    Ok((counts, issues))
}

/// What a fetch came to.
async fn fetch(
    state: &AppState,
    tenant: &TenantId,
    source: &Source,
    url: &str,
    max: usize,
) -> Result<Vec<u8>, Failure> {
    let policy = crate::senders::guard_policy(state);
    let checked = webhooks::guard::check_url(url, policy)
        .await
        .map_err(|e| Failure::Halt(format!("the URL was refused: {e}")))?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .connect_timeout(Duration::from_secs(5))
        .resolve_to_addrs(&checked.host, &checked.addrs)
        .build()
        .map_err(|e| Failure::Error(MessageError::Retryable(e.to_string())))?;
    let mut req = client
        .get(checked.url)
        .header("accept", "application/json, text/csv, */*");
    if let Some(h) = &source.auth_header {
        let value = state
            .secrets
            .get(&secret_id(state, tenant, &source.id))
            .await
            .map_err(|e| {
                Failure::Error(MessageError::Retryable(format!(
                    "the source's auth value: {e}"
                )))
            })?;
        req = req.header(h.as_str(), value);
    }
    let mut resp = req.send().await.map_err(|e| {
        Failure::Error(MessageError::Retryable(format!(
            "the source did not answer: {e}"
        )))
    })?;
    let status = resp.status().as_u16();
    match status {
        200..=299 => {}
        408 | 429 | 500..=599 => {
            return Err(Failure::Error(MessageError::Retryable(format!(
                "the source answered {status}"
            ))))
        }
        _ => return Err(Failure::Halt(format!("the source answered {status}"))),
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| {
        Failure::Error(MessageError::Retryable(format!(
            "the source's answer broke off: {e}"
        )))
    })? {
        if body.len() + chunk.len() > max {
            return Err(Failure::Halt(format!(
                "the source's answer is larger than {} MB",
                max / (1024 * 1024)
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A feed's page: its records, the next page's cursor and whether it is the last.
async fn feed_page(
    state: &AppState,
    tenant: &TenantId,
    source: &Source,
    run: &Run,
) -> Result<(Rows, Option<String>, bool), Failure> {
    let base = source.url.clone().unwrap_or_default();
    let mut url =
        url::Url::parse(&base).map_err(|_| Failure::Halt("the feed's URL is not valid".into()))?;
    if let (Some(c), Some(param)) = (&run.cursor, &source.cursor_param) {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| k != param.as_str())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .append_pair(param, c);
    }
    let body = fetch(state, tenant, source, url.as_str(), MAX_FEED_PAGE_BYTES).await?;
    let doc: Value = serde_json::from_slice(&body)
        .map_err(|_| Failure::Halt("the feed's answer is not JSON".into()))?;
    let pointer = source.items_path.clone().unwrap_or_default();
    let items = doc
        .pointer(&pointer)
        .and_then(Value::as_array)
        .ok_or_else(|| Failure::Halt(format!("the feed's answer has no array at `{pointer}`")))?;
    if items.len() > MAX_FEED_ITEMS {
        return Err(Failure::Halt(format!(
            "a feed page holds at most {MAX_FEED_ITEMS} records"
        )));
    }
    let first = run.rows as u32;
    let rows: Rows = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let n = first + i as u32 + 1;
            match mapping::from_item(item, &source.mapping) {
                Some(body) => (n, contacts::parse(&body, "", false)),
                None => (
                    n,
                    Err(vec![FieldError::body(
                        "",
                        "invalid",
                        "the record is not an object",
                    )]),
                ),
            }
        })
        .collect();
    let next = source
        .next_cursor_path
        .as_ref()
        .and_then(|p| doc.pointer(p))
        .and_then(|v| match v {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    // No next cursor, the same cursor again (a feed that loops), an empty page, or the page cap.
    let last =
        next.is_none() || next == run.cursor || items.is_empty() || run.page + 1 >= MAX_FEED_PAGES;
    // The cursor kept is where the next sync starts: this page's next, or (on the last page,
    // with none) this page's own, so the next sync asks for what came after.
    let cursor = if last {
        next.or_else(|| run.cursor.clone())
    } else {
        next
    };
    Ok((rows, cursor, last))
}

/// Fetches a run's CSV by URL and holds its rows in chunks.
async fn fetch_csv(
    state: &AppState,
    tenant: &TenantId,
    source: &Source,
    run: &mut Run,
) -> Result<(), Failure> {
    let url = run
        .csv_url
        .clone()
        .or_else(|| source.url.clone())
        .ok_or_else(|| Failure::Halt("the CSV has no url".into()))?;
    let body = fetch(state, tenant, source, &url, MAX_CSV_FETCH_BYTES).await?;
    let csv =
        mapping::read_csv(&body).map_err(|e| Failure::Halt(format!("the file: {}", e.message)))?;
    let columns = mapping::columns(&csv.headers, &source.mapping).map_err(|errs| {
        Failure::Halt(
            errs.into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let held = chunks(csv.rows);
    persist::put_chunks(state, tenant, run, &held, epoch()).await?;
    persist::set_pages(state, tenant, run, held.len() as u32, &columns).await?;
    run.pages = Some(held.len() as u32);
    run.columns = columns;
    Ok(())
}

/// Reassigns or deletes a deleted source's contacts (as many as the invocation has time for,
/// then again from a new message), then removes the source.
async fn remove(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    d: &Delivery,
) -> Result<(), MessageError> {
    let Some(s) = persist::load(state, tenant, id).await? else {
        return Ok(());
    };
    if s.state != SourceState::Deleting {
        return Ok(());
    }
    let removal = s.removal.clone().unwrap_or(Removal {
        reassign_to: None,
        delete_contacts: false,
    });
    let caller = Caller::background(tenant, platform::caller::SYSTEM, id);
    let codec = state.cursor_codec().await?;
    let filter = ListFilter {
        source: Some(id.to_owned()),
        ..Default::default()
    };
    let mut cursor = None;
    let mut seen_any = false;
    loop {
        if !d.has_time_for(Duration::from_secs(20)) {
            queue(
                state,
                &SyncMessage::Remove {
                    tenant: tenant.clone(),
                    source_id: id.to_owned(),
                },
            )
            .await?;
            return Ok(());
        }
        let page = PageParams {
            limit: 100,
            cursor: cursor.clone(),
        };
        let (found, next) =
            crate::persist::contact::list(state, tenant, codec, &filter, &page).await?;
        for c in &found {
            match &removal.reassign_to {
                Some(target) => {
                    seen_any = true;
                    let f = Fields {
                        source: Some(Some(target.clone())),
                        ..Fields::default()
                    };
                    match contacts::edit(state, &caller, &c.id, f).await {
                        Ok(_) | Err(ApiError::NotFound { .. }) | Err(ApiError::Conflict { .. }) => {
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                None if removal.delete_contacts => {
                    seen_any = true;
                    contacts::remove(state, tenant, &c.id).await?
                }
                None => {}
            }
        }
        match next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    if seen_any {
        // Another pass: what changed meanwhile (a conflict skipped above) is taken then.
        queue(
            state,
            &SyncMessage::Remove {
                tenant: tenant.clone(),
                source_id: id.to_owned(),
            },
        )
        .await?;
        return Ok(());
    }
    if !finish_removal(state, tenant, id, 2_000).await? {
        queue(
            state,
            &SyncMessage::Remove {
                tenant: tenant.clone(),
                source_id: id.to_owned(),
            },
        )
        .await?;
    }
    Ok(())
}
