//! The `data-sources` function: where an organisation's contacts come from (CSV files, manual
//! entry, partners' JSON feeds, and the Scraper-Pro and Backlink Engine presets), with their
//! contact counts, delete protection, syncs on demand or on a schedule, and CSV imports. And
//! `data-source-sync`, the worker that runs them (see `campaigns::sources` for the failure
//! semantics). The tenant is the caller's; another organisation's source is simply not found.

use campaigns::sources::SourceId;
use campaigns::sources::{
    self, AuthBody, Deleted, ImportInput, LastRun, RowIssue, RunCounts, RunList, RunStatus,
    RunView, SourceBody, SourceKind, SourceList, SourceState, SourceView, SyncRunId, Trigger,
};
use http::StatusCode;
use kernel::error::{Location, Problem};
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::OpenApi;

platform::routes! {
    "POST" "/v1/data-sources" => create_source, "contacts.write",
    "GET" "/v1/data-sources" => list_sources, "contacts.read",
    "GET" "/v1/data-sources/{source_id}" => get_source, "contacts.read",
    "PUT" "/v1/data-sources/{source_id}" => update_source, "contacts.write",
    "DELETE" "/v1/data-sources/{source_id}" => delete_source, "contacts.write",
    "POST" "/v1/data-sources/{source_id}/sync" => sync_source, "contacts.write",
    "POST" "/v1/data-sources/{source_id}/import" => import_csv, "contacts.write",
    "GET" "/v1/data-sources/{source_id}/runs" => list_runs, "contacts.read",
    "GET" "/v1/data-sources/{source_id}/runs/{sync_run_id}" => get_run, "contacts.read",
}

#[derive(OpenApi)]
#[openapi(
    paths(create_source, list_sources, get_source, update_source, delete_source, sync_source,
        import_csv, list_runs, get_run),
    components(schemas(SourceBody, AuthBody, SourceView, SourceList, SourceKind, SourceState,
        LastRun, SyncBody, ImportUrlBody, RunView, RunList, RunCounts, RunStatus, Trigger, RowIssue, Problem)),
    tags((name = "data-sources", description = "Where contacts come from: CSV files, manual entry and partners' JSON feeds, synced on demand or on a schedule"))
)]
pub struct ApiDoc;

/// The sync worker (data-source queue): sync pages, schedule firings and deletions.
pub mod sync {
    platform::sqs_worker!(
        campaigns::sources::SyncMessage,
        campaigns::sources::handle,
        concurrency = 2
    );
}

fn source_id(req: &ApiRequest) -> Result<String, ApiError> {
    Ok(req.path_param::<SourceId>("source_id")?.to_string())
}

fn body_map(state: &AppState, req: &ApiRequest) -> Result<Map<String, Value>, ApiError> {
    req.json::<Map<String, Value>>(state.config.max_body_bytes)
}

/// Create a data source. A feed (`http_json`, or a preset: `scraper_pro`, `backlink_engine`,
/// whose shape and mapping are filled in) needs its `url` (https, public: the SSRF guard refuses
/// private, loopback and metadata addresses); its `auth` value is kept in Secrets Manager and
/// never shown. A `schedule` becomes an EventBridge Scheduler schedule that starts a sync.
#[utoipa::path(post, path = "/v1/data-sources", tag = "data-sources", security(("bearer" = [])),
    request_body = SourceBody,
    responses((status = 201, body = SourceView),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_source(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let s = sources::create(state, &caller, &body_map(state, &req)?).await?;
    let location = format!("/v1/data-sources/{}", s.id);
    ApiResponse::json(StatusCode::CREATED, &s)?.with_header("location", &location)
}

/// The organisation's data sources, oldest first, each with its contact count.
#[utoipa::path(get, path = "/v1/data-sources", tag = "data-sources", security(("bearer" = [])),
    params(("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = SourceList),
        (status = 400, body = Problem, content_type = "application/problem+json")))]
async fn list_sources(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let page = req.page_params(25, 100)?;
    ApiResponse::ok(&sources::list(state, caller.tenant, &page).await?)
}

/// A data source with its contact count, its running sync and its last run.
#[utoipa::path(get, path = "/v1/data-sources/{source_id}", tag = "data-sources", security(("bearer" = [])),
    params(("source_id" = String, Path)),
    responses((status = 200, body = SourceView),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_source(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&sources::get(state, caller.tenant, &source_id(&req)?).await?)
}

/// Change a data source: the fields given (`null` clears `url`, `auth` and `schedule`; the type
/// never changes). With `version`, a concurrent change is a 409. The schedule follows.
#[utoipa::path(put, path = "/v1/data-sources/{source_id}", tag = "data-sources", security(("bearer" = [])),
    params(("source_id" = String, Path)),
    request_body = SourceBody,
    responses((status = 200, body = SourceView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn update_source(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = source_id(&req)?;
    ApiResponse::ok(&sources::update(state, &caller, &id, &body_map(state, &req)?).await?)
}

/// Delete a data source. 204 when it has no contacts. With contacts it is a 409, unless
/// `reassign_to` names another source of the organisation (its contacts move there) or
/// `delete_contacts=true` (they are deleted): that runs in the background, 202 with the source
/// shown as `deleting`, gone when its contacts are. A running sync is a 409.
#[utoipa::path(delete, path = "/v1/data-sources/{source_id}", tag = "data-sources", security(("bearer" = [])),
    params(("source_id" = String, Path),
        ("reassign_to" = Option<String>, Query, description = "Another source's id: the contacts move there"),
        ("delete_contacts" = Option<bool>, Query, description = "Delete the source's contacts with it")),
    responses((status = 204, description = "Deleted"), (status = 202, body = SourceView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn delete_source(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = source_id(&req)?;
    let reassign_to = match req.query_param::<String>("reassign_to")? {
        None => None,
        Some(raw) => Some(
            raw.parse::<SourceId>()
                .map_err(|e| {
                    ApiError::invalid_field(
                        Location::Query,
                        "reassign_to",
                        "invalid",
                        e.to_string(),
                    )
                })?
                .to_string(),
        ),
    };
    let delete_contacts = match req.query_param::<String>("delete_contacts")?.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(ApiError::invalid_field(
                Location::Query,
                "delete_contacts",
                "invalid",
                "true or false",
            ))
        }
    };
    match sources::delete(state, &caller, &id, reassign_to, delete_contacts).await? {
        Deleted::Now => Ok(ApiResponse::no_content()),
        Deleted::Later(v) => ApiResponse::json(StatusCode::ACCEPTED, &*v),
    }
}

/// What a sync is asked.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncBody {
    /// Start the feed from its beginning instead of where the last sync stopped.
    #[serde(default)]
    pub force: bool,
}

/// Start a sync of a feed (or of a CSV source's `url`) in the background: 202 with the run. One
/// sync per source at a time (409 while one runs). Follow it at `GET …/runs/{sync_run_id}`.
#[utoipa::path(post, path = "/v1/data-sources/{source_id}/sync", tag = "data-sources", security(("bearer" = [])),
    params(("source_id" = String, Path)),
    request_body(content = Option<SyncBody>),
    responses((status = 202, body = RunView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn sync_source(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = source_id(&req)?;
    // No body, `null` and `{}` all ask for a sync from where the last one stopped.
    let raw = std::str::from_utf8(&req.body)
        .map_err(|_| ApiError::bad_request("the body is not valid JSON (not UTF-8)"))?
        .trim();
    let body: SyncBody = if raw.is_empty() || raw == "null" {
        SyncBody::default()
    } else {
        req.json(state.config.max_body_bytes)?
    };
    let run = sources::sync(state, &caller, &id, body.force).await?;
    let location = format!("/v1/data-sources/{id}/runs/{}", run.id);
    ApiResponse::json(StatusCode::ACCEPTED, &run)?.with_header("location", &location)
}

/// A CSV to import by URL (fetched by the run: up to 50 MB).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportUrlBody {
    #[schema(example = "https://exports.example.com/contacts-2026-12.csv")]
    pub url: String,
}

fn is_csv(req: &ApiRequest) -> bool {
    req.header("content-type")
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/csv"))
}

/// Import a CSV into a `csv` source: the file as `text/csv` (up to 5 MB, UTF-8, a header line
/// first; `,` `;` or tab separated), or `{"url": …}` for a larger one (up to 50 MB, fetched by
/// the run). Columns are matched to the source's mapping (or named as the contact fields); a
/// mapped column the file lacks is a 422 naming it. Rows are upserted by email in the
/// background (202 with the run); each refused row is reported with its line. Importing the same
/// file again updates the same contacts.
#[utoipa::path(post, path = "/v1/data-sources/{source_id}/import", tag = "data-sources", security(("bearer" = [])),
    params(("source_id" = String, Path)),
    request_body(content((String = "text/csv"), (ImportUrlBody = "application/json"))),
    responses((status = 202, body = RunView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn import_csv(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = source_id(&req)?;
    let input = if is_csv(&req) {
        if req.body.len() > sources::MAX_UPLOAD_BYTES {
            return Err(ApiError::PayloadTooLarge {
                limit: sources::MAX_UPLOAD_BYTES,
            });
        }
        ImportInput::File(&req.body)
    } else {
        let body: ImportUrlBody = req.json(state.config.max_body_bytes)?;
        ImportInput::Url(body.url)
    };
    let run = sources::import(state, &caller, &id, input).await?;
    let location = format!("/v1/data-sources/{id}/runs/{}", run.id);
    ApiResponse::json(StatusCode::ACCEPTED, &run)?.with_header("location", &location)
}

/// A data source's sync runs, newest first: status, counts and row problems.
#[utoipa::path(get, path = "/v1/data-sources/{source_id}/runs", tag = "data-sources", security(("bearer" = [])),
    params(("source_id" = String, Path), ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = RunList),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn list_runs(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = source_id(&req)?;
    let page = req.page_params(10, 100)?;
    ApiResponse::ok(&sources::runs(state, caller.tenant, &id, &page).await?)
}

/// One sync run.
#[utoipa::path(get, path = "/v1/data-sources/{source_id}/runs/{sync_run_id}", tag = "data-sources", security(("bearer" = [])),
    params(("source_id" = String, Path), ("sync_run_id" = String, Path)),
    responses((status = 200, body = RunView),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_run(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = source_id(&req)?;
    let run = req.path_param::<SyncRunId>("sync_run_id")?;
    ApiResponse::ok(&sources::run(state, caller.tenant, &id, run.as_str()).await?)
}
