//! The `jobs` function: bulk enrichment submitted as JSON or CSV, then followed, cancelled and
//! read back (results page by page, or the whole job as CSV). The work itself runs in the
//! `enrichment-worker` function from the enrichment queue.
//!
//! The tenant is the caller's (from the authorizer); a job of another organisation is not found.

use access::model::AuditEvent;
use enrichment::CacheMode;
use http::StatusCode;
use jobs::callback::SecretCreated;
use jobs::input::{self, RawRecord};
use jobs::model::*;
use jobs::submit::{OnInvalid, Submission};
use kernel::error::{FieldError, Location, Problem};
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::OpenApi;

platform::routes! {
    "POST" "/v1/people/enrich/bulk" => bulk_people, "people.write",
    "POST" "/v1/companies/enrich/bulk" => bulk_companies, "companies.write",
    "POST" "/v1/people/enrich/bulk/csv" => bulk_people_csv, "people.write",
    "POST" "/v1/companies/enrich/bulk/csv" => bulk_companies_csv, "companies.write",
    "GET" "/v1/jobs" => list_jobs, "jobs.read",
    "GET" "/v1/jobs/{job_id}" => get_job, "jobs.read",
    "DELETE" "/v1/jobs/{job_id}" => cancel_job, "jobs.write",
    "GET" "/v1/jobs/{job_id}/results" => job_results, "jobs.read",
    "GET" "/v1/jobs/{job_id}/results.csv" => job_results_csv, "jobs.read",
    "POST" "/v1/jobs/callback-secret" => rotate_callback_secret, "webhooks.write",
}

#[derive(OpenApi)]
#[openapi(
    paths(bulk_people, bulk_companies, bulk_people_csv, bulk_companies_csv, list_jobs, get_job, cancel_job, job_results, job_results_csv, rotate_callback_secret),
    components(schemas(PeopleBulkBody, CompaniesBulkBody, OnInvalid, JobView, JobList, JobResult, ResultList, SecretCreated, Problem)),
    tags((name = "jobs", description = "Bulk enrichment jobs: up to 10,000 records, processed in the background"))
)]
pub struct ApiDoc;

/// A bulk body may be as large as a Lambda request (6 MB); API Gateway allows 10 MB.
pub const MAX_BULK_BODY_BYTES: usize = 6 * 1024 * 1024;

/// One person of a bulk job, as the document describes it. The handler reads records as JSON
/// values (`jobs::input::from_json`) so that a bad record is that record's error, skippable with
/// `on_invalid: skip`, instead of refusing the request; this type only names the fields, and a
/// test keeps them equal to `JobType::People.input_fields()`.
#[allow(dead_code)]
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkPerson {
    #[schema(max_length = 2048, example = "pedro.alves@acme.com")]
    email: Option<String>,
    #[schema(max_length = 2048)]
    linkedin_url: Option<String>,
    /// Full name (or `first_name` and `last_name`), with `company_domain` or `company_name`.
    #[schema(max_length = 2048)]
    name: Option<String>,
    #[schema(max_length = 2048)]
    first_name: Option<String>,
    #[schema(max_length = 2048)]
    last_name: Option<String>,
    #[schema(max_length = 2048)]
    company_domain: Option<String>,
    #[schema(max_length = 2048)]
    company_name: Option<String>,
}

/// One company of a bulk job, as the document describes it (see [`BulkPerson`]).
#[allow(dead_code)]
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkCompany {
    #[schema(max_length = 2048, example = "globex.com")]
    domain: Option<String>,
    #[schema(max_length = 2048)]
    name: Option<String>,
    /// CNPJ (BR), CUIT (AR) or RFC (MX), with `country`.
    #[schema(max_length = 2048)]
    tax_id: Option<String>,
    #[schema(max_length = 2048)]
    country: Option<String>,
}

/// People to enrich in the background.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeopleBulkBody {
    /// 1–10,000 people, each identified like the body of `POST /v1/people/enrich` (`email`,
    /// `linkedin_url`, `name` / `first_name` + `last_name`, `company_domain`, `company_name`).
    #[schema(value_type = Vec<BulkPerson>, min_items = 1, max_items = 10_000)]
    pub people: Vec<Value>,
    #[serde(default)]
    pub include_company: bool,
    #[serde(default)]
    pub verify_email: bool,
    pub sources: Option<Vec<String>>,
    pub min_confidence: Option<f64>,
    pub fields: Option<Vec<String>>,
    #[serde(default)]
    pub cache: CacheMode,
    /// `fixed`, `cost` or `coverage` (default: the organisation's policy).
    pub strategy: Option<enrichment::policy::Strategy>,
    /// `true`: scheduled re-enrichment keeps the record fresh within the refresh budget;
    /// `false`: it stops. Default: as the record was.
    pub watch: Option<bool>,
    /// Receives a signed POST when the job ends (https; public addresses only).
    pub callback_url: Option<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub on_invalid: OnInvalid,
}

/// Companies to enrich in the background.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompaniesBulkBody {
    /// 1–10,000 companies, each identified like the body of `POST /v1/companies/enrich`
    /// (`domain`, `name`, `tax_id` with `country`).
    #[schema(value_type = Vec<BulkCompany>, min_items = 1, max_items = 10_000)]
    pub companies: Vec<Value>,
    pub sources: Option<Vec<String>>,
    pub min_confidence: Option<f64>,
    pub fields: Option<Vec<String>>,
    #[serde(default)]
    pub cache: CacheMode,
    /// `fixed`, `cost` or `coverage` (default: the organisation's policy).
    pub strategy: Option<enrichment::policy::Strategy>,
    /// `true`: scheduled re-enrichment keeps the record fresh within the refresh budget;
    /// `false`: it stops. Default: as the record was.
    pub watch: Option<bool>,
    pub callback_url: Option<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub on_invalid: OnInvalid,
}

fn list_param(req: &ApiRequest, name: &str) -> Result<Option<Vec<String>>, ApiError> {
    Ok(req.query_param::<String>(name)?.map(|v| {
        v.split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    }))
}

fn enum_param<T: for<'de> Deserialize<'de>>(
    req: &ApiRequest,
    name: &str,
) -> Result<Option<T>, ApiError> {
    match req.query_param::<String>(name)? {
        None => Ok(None),
        Some(v) => serde_json::from_value(Value::String(v))
            .map(Some)
            .map_err(|_| {
                ApiError::invalid_field(
                    Location::Query,
                    name,
                    "invalid",
                    "not one of the allowed values",
                )
            }),
    }
}

/// A CSV upload: the records from the body, the options from the query string.
fn csv_submission(req: &ApiRequest, job_type: JobType) -> Result<Submission, ApiError> {
    let options = JobOptions {
        sources: list_param(req, "sources")?,
        include_company: req.query_param::<bool>("include_company")?.unwrap_or(false),
        verify_email: req.query_param::<bool>("verify_email")?.unwrap_or(false),
        min_confidence: req.query_param::<f64>("min_confidence")?,
        fields: list_param(req, "fields")?,
        cache: enum_param(req, "cache")?.unwrap_or_default(),
        strategy: enum_param(req, "strategy")?,
        watch: req.query_param::<bool>("watch")?,
        refresh: false,
    };
    if job_type == JobType::Companies && (options.include_company || options.verify_email) {
        let field = if options.include_company {
            "include_company"
        } else {
            "verify_email"
        };
        return Err(ApiError::validation(vec![FieldError::new(
            Location::Query,
            field,
            "unknown",
            "a people option, not one of companies",
        )]));
    }
    Ok(Submission {
        job_type,
        records: csv_records(req, job_type)?,
        options,
        callback_url: req.query_param::<String>("callback_url")?,
        name: req.query_param::<String>("name")?,
        on_invalid: enum_param(req, "on_invalid")?.unwrap_or_default(),
    })
}

fn is_csv(req: &ApiRequest) -> bool {
    req.header("content-type")
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/csv"))
}

/// The records of a CSV body (options in the query string).
fn csv_records(
    req: &ApiRequest,
    job_type: JobType,
) -> Result<Vec<(RawRecord, Vec<RecordError>)>, ApiError> {
    if req.body.len() > MAX_BULK_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge {
            limit: MAX_BULK_BODY_BYTES,
        });
    }
    let text = std::str::from_utf8(&req.body)
        .map_err(|_| ApiError::bad_request("the CSV must be UTF-8 text"))?;
    input::from_csv(job_type, text).map_err(|e| {
        ApiError::validation(vec![FieldError::body(e.field, "invalid_csv", e.message)])
    })
}

async fn submit(state: &AppState, req: &ApiRequest, sub: Submission) -> ApiResult {
    let caller = req.caller()?;
    let job = jobs::submit::submit(state, &caller, sub).await?;
    let location = format!("/v1/jobs/{}", job.id);
    ApiResponse::json(StatusCode::ACCEPTED, &job.view())?.with_header("location", &location)
}

/// Enrich up to 10,000 people in the background.
///
/// `{"people": [...], options}`; a CSV file goes to `POST /v1/people/enrich/bulk/csv` (this
/// route also still takes a `text/csv` body, as that one does). The single route's options apply
/// to every record. Every record is checked now; invalid ones are listed by index and field
/// (`on_invalid: reject`, the default, refuses the job with a 422; `skip` accepts it and skips
/// them). Records that identify the same person are enriched once and reported as duplicates.
/// 202 with the job and `Location`.
#[utoipa::path(post, path = "/v1/people/enrich/bulk", tag = "jobs", security(("bearer" = [])),
    request_body(content((PeopleBulkBody = "application/json"))),
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer to a retried POST")),
    responses((status = 202, body = JobView), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn bulk_people(state: &AppState, req: ApiRequest) -> ApiResult {
    let sub = if is_csv(&req) {
        csv_submission(&req, JobType::People)?
    } else {
        let body: PeopleBulkBody = req.json(MAX_BULK_BODY_BYTES)?;
        Submission {
            job_type: JobType::People,
            records: input::from_json(JobType::People, &body.people),
            options: JobOptions {
                sources: body.sources,
                include_company: body.include_company,
                verify_email: body.verify_email,
                min_confidence: body.min_confidence,
                fields: body.fields,
                cache: body.cache,
                strategy: body.strategy,
                watch: body.watch,
                refresh: false,
            },
            callback_url: body.callback_url,
            name: body.name,
            on_invalid: body.on_invalid,
        }
    };
    submit(state, &req, sub).await
}

/// The options of a CSV upload, in the query string: the JSON body's options, lists
/// comma-separated. Documents what [`csv_submission`] reads.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct CsvOptions {
    /// Providers to ask, comma-separated, in order (default: the organisation's).
    sources: Option<String>,
    /// 0–1: values below it are not kept.
    min_confidence: Option<f64>,
    /// Fields wanted, comma-separated (default: all).
    fields: Option<String>,
    /// Whether answers may come from the cache (default `use`).
    cache: Option<CacheMode>,
    /// `fixed`, `cost` or `coverage` (default: the organisation's policy).
    strategy: Option<enrichment::policy::Strategy>,
    /// `true`: scheduled re-enrichment keeps the records fresh; `false`: it stops.
    watch: Option<bool>,
    /// Receives a signed POST when the job ends (https; public addresses only).
    callback_url: Option<String>,
    /// A name for the job.
    name: Option<String>,
    /// `reject` (default: a 422 lists the invalid rows) or `skip`.
    on_invalid: Option<OnInvalid>,
}

/// The people-only options of a CSV upload.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct PeopleCsvOptions {
    /// Also enrich and link each person's company.
    include_company: Option<bool>,
    /// Verify each address found.
    verify_email: Option<bool>,
}

/// The body of a CSV route is the file itself: `text/csv` (or `text/plain`, as some tools label
/// it), or no content type at all.
fn csv_body(req: &ApiRequest) -> Result<(), ApiError> {
    let mime = req
        .header("content-type")
        .and_then(|ct| ct.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    match mime.as_deref() {
        None | Some("text/csv" | "text/plain" | "") => Ok(()),
        Some(_) => Err(ApiError::UnsupportedMediaType {
            expected: "text/csv",
        }),
    }
}

/// Enrich up to 10,000 people from a CSV file, in the background.
///
/// The body is the file (UTF-8, up to 6 MB): a header row whose columns are named like the
/// fields of `POST /v1/people/enrich` (`email`, `linkedin_url`, `name`, `first_name`,
/// `last_name`, `company_domain`, `company_name`), then one person per row. The options of the
/// JSON route go in the query string (`sources` and `fields` comma-separated). Checks, duplicates,
/// retries and the answer are the JSON route's: 202 with the job and `Location`.
#[utoipa::path(post, path = "/v1/people/enrich/bulk/csv", tag = "jobs", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "The CSV file: a header row, then one person per row",
        example = json!("email,first_name,last_name,company_domain\npedro.alves@acme.com,Pedro,Alves,acme.com\nana.silva@globex.example,Ana,Silva,globex.example\n")),
    params(PeopleCsvOptions, CsvOptions,
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer to a retried POST")),
    responses((status = 202, body = JobView), (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn bulk_people_csv(state: &AppState, req: ApiRequest) -> ApiResult {
    csv_body(&req)?;
    let sub = csv_submission(&req, JobType::People)?;
    submit(state, &req, sub).await
}

/// Enrich up to 10,000 companies from a CSV file, in the background.
///
/// As the people CSV route, with the columns of `POST /v1/companies/enrich` (`domain`, `name`,
/// `tax_id`, `country`); `include_company` and `verify_email` are people options (a 422 naming
/// the parameter here).
#[utoipa::path(post, path = "/v1/companies/enrich/bulk/csv", tag = "jobs", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "The CSV file: a header row, then one company per row",
        example = json!("domain,name\nacme.com,Acme\nglobex.example,Globex\n")),
    params(CsvOptions,
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer to a retried POST")),
    responses((status = 202, body = JobView), (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn bulk_companies_csv(state: &AppState, req: ApiRequest) -> ApiResult {
    csv_body(&req)?;
    let sub = csv_submission(&req, JobType::Companies)?;
    submit(state, &req, sub).await
}

/// Enrich up to 10,000 companies in the background.
///
/// As the people route: `{"companies": [...], options}`; a CSV file goes to
/// `POST /v1/companies/enrich/bulk/csv`. Tax ids are checked offline (check digits included)
/// before the job is accepted.
#[utoipa::path(post, path = "/v1/companies/enrich/bulk", tag = "jobs", security(("bearer" = [])),
    request_body(content((CompaniesBulkBody = "application/json"))),
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer to a retried POST")),
    responses((status = 202, body = JobView), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn bulk_companies(state: &AppState, req: ApiRequest) -> ApiResult {
    let sub = if is_csv(&req) {
        csv_submission(&req, JobType::Companies)?
    } else {
        let body: CompaniesBulkBody = req.json(MAX_BULK_BODY_BYTES)?;
        Submission {
            job_type: JobType::Companies,
            records: input::from_json(JobType::Companies, &body.companies),
            options: JobOptions {
                sources: body.sources,
                include_company: false,
                verify_email: false,
                min_confidence: body.min_confidence,
                fields: body.fields,
                cache: body.cache,
                strategy: body.strategy,
                watch: body.watch,
                refresh: false,
            },
            callback_url: body.callback_url,
            name: body.name,
            on_invalid: body.on_invalid,
        }
    };
    submit(state, &req, sub).await
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct JobList {
    pub items: Vec<JobView>,
    pub next_cursor: Option<String>,
}

/// The organisation's jobs, newest first.
#[utoipa::path(get, path = "/v1/jobs", tag = "jobs", security(("bearer" = [])),
    params(
        ("status" = Option<String>, Query, description = "pending, processing, completed, failed or cancelled"),
        ("type" = Option<String>, Query, description = "people or companies"),
        ("limit" = Option<u32>, Query, description = "1..=100, default 50"),
        ("cursor" = Option<String>, Query),
    ),
    responses((status = 200, body = JobList)))]
async fn list_jobs(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let status = match req.query_param::<String>("status")? {
        None => None,
        Some(s) => Some(JobStatus::parse(&s).ok_or_else(|| {
            ApiError::invalid_field(
                Location::Query,
                "status",
                "invalid",
                "pending, processing, completed, failed or cancelled",
            )
        })?),
    };
    let job_type = match req.query_param::<String>("type")? {
        None => None,
        Some(t) => Some(JobType::parse(&t).ok_or_else(|| {
            ApiError::invalid_field(Location::Query, "type", "invalid", "people or companies")
        })?),
    };
    let page = req.page_params(50, 100)?;
    let found = jobs::read::list(state, &principal.tenant, status, job_type, &page).await?;
    ApiResponse::ok(&JobList {
        items: found.items.iter().map(JobRecord::view).collect(),
        next_cursor: found.next_cursor,
    })
}

fn job_id(req: &ApiRequest) -> Result<String, ApiError> {
    req.path_param::<JobId>("job_id").map(|j| j.to_string())
}

/// A job: status, counts, percent, credits by provider, timing and its callback's attempts.
#[utoipa::path(get, path = "/v1/jobs/{job_id}", tag = "jobs", security(("bearer" = [])),
    params(("job_id" = String, Path)),
    responses((status = 200, body = JobView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_job(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let job = jobs::read::get(state, &principal.tenant, &job_id(&req)?).await?;
    ApiResponse::ok(&job.view())
}

/// Cancel a job: records not yet started are skipped. Cancelling again answers the same; a
/// completed or failed job is a 409.
#[utoipa::path(delete, path = "/v1/jobs/{job_id}", tag = "jobs", security(("bearer" = [])),
    params(("job_id" = String, Path)),
    responses((status = 200, body = JobView), (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn cancel_job(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let job = jobs::read::cancel(state, &principal.tenant, &job_id(&req)?).await?;
    ApiResponse::ok(&job.view())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ResultList {
    pub items: Vec<JobResult>,
    pub next_cursor: Option<String>,
}

/// A job's results in input order: per record its outcome, the stored record's id, warnings and
/// the merged fields.
#[utoipa::path(get, path = "/v1/jobs/{job_id}/results", tag = "jobs", security(("bearer" = [])),
    params(
        ("job_id" = String, Path),
        ("status" = Option<String>, Query, description = "succeeded, not_found, failed, skipped or duplicate"),
        ("limit" = Option<u32>, Query, description = "1..=100, default 50"),
        ("cursor" = Option<String>, Query),
    ),
    responses((status = 200, body = ResultList)))]
async fn job_results(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let status = match req.query_param::<String>("status")? {
        None => None,
        Some(s) => Some(RecordStatus::parse(&s).ok_or_else(|| {
            ApiError::invalid_field(
                Location::Query,
                "status",
                "invalid",
                "succeeded, not_found, failed, skipped or duplicate",
            )
        })?),
    };
    let page = req.page_params(50, 100)?;
    let found =
        jobs::read::results(state, &principal.tenant, &job_id(&req)?, status, &page).await?;
    ApiResponse::ok(&ResultList {
        items: found.items,
        next_cursor: found.next_cursor,
    })
}

/// The job as CSV: one row per input record in input order, the input, the outcome, and every
/// field with its source. A page stops after 5 MB (API Gateway answers at most 10 MB); a
/// `Link: <…?cursor=…>; rel="next"` header then points at the rest. Each page repeats the
/// header row. Cells a spreadsheet would evaluate are prefixed with `'`.
#[utoipa::path(get, path = "/v1/jobs/{job_id}/results.csv", tag = "jobs", security(("bearer" = [])),
    params(("job_id" = String, Path), ("cursor" = Option<String>, Query)),
    responses((status = 200, content_type = "text/csv", body = String)))]
async fn job_results_csv(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let id = job_id(&req)?;
    let cursor = req
        .query_param::<String>("cursor")?
        .filter(|c| !c.is_empty());
    let (text, next) = jobs::read::export_csv(state, &principal.tenant, &id, cursor).await?;
    let mut resp = ApiResponse::bytes(StatusCode::OK, "text/csv; charset=utf-8", text.into_bytes())
        .with_header(
            "content-disposition",
            &format!("attachment; filename=\"{id}.csv\""),
        )?;
    if let Some(c) = next {
        resp = resp.with_header(
            "link",
            &format!("</v1/jobs/{id}/results.csv?cursor={c}>; rel=\"next\""),
        )?;
    }
    Ok(resp)
}

/// Create or rotate the organisation's callback signing secret; it is shown this once. After a
/// rotation the previous secret keeps signing beside the new one for 24 hours, so receivers can
/// switch without losing callbacks.
#[utoipa::path(post, path = "/v1/jobs/callback-secret", tag = "jobs", security(("bearer" = [])),
    responses((status = 201, body = SecretCreated)))]
async fn rotate_callback_secret(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let created = jobs::callback::rotate(state, &principal.tenant).await?;
    AuditEvent::new("callback_secret.rotated")
        .actor(&principal.id)
        .from_request(&req)
        .append(&state.store, &principal.tenant)
        .await?;
    let mut resp = ApiResponse::json(StatusCode::CREATED, &created)?;
    resp = resp.with_header("cache-control", "no-store")?;
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented bulk record fields are exactly the ones the job reads (an undocumented one
    /// would be refused as unknown; a documented one the job ignores would mislead).
    #[test]
    fn bulk_record_schemas_name_the_fields_jobs_read() {
        for (schema, kind) in [
            (
                <BulkPerson as utoipa::PartialSchema>::schema(),
                JobType::People,
            ),
            (
                <BulkCompany as utoipa::PartialSchema>::schema(),
                JobType::Companies,
            ),
        ] {
            let value = serde_json::to_value(schema).unwrap_or_default();
            let mut documented: Vec<&str> = value["properties"]
                .as_object()
                .into_iter()
                .flat_map(|p| p.keys().map(String::as_str))
                .collect();
            let mut read = kind.input_fields().to_vec();
            documented.sort_unstable();
            read.sort_unstable();
            assert_eq!(documented, read, "{kind:?}");
        }
    }
}
