//! The HTTP side of the people and company routes: requests become [`Caller`]s and typed
//! commands for the `enrichment` domain, its results become responses. Nothing here decides what
//! is stored; a worker calls the same domain operations without any of this.

use enrichment::engine::{CacheMode, Enrichment};
use enrichment::entities;
use enrichment::flows::EnrichOutcome;
use enrichment::merge::{Conflict, Rejection};
use enrichment::records::*;
use enrichment::{CallSummary, Plan, Warning};
use http::StatusCode;
use kernel::error::{FieldError, Location};
use platform::http::ApiRequest;
use platform::{ApiError, ApiResponse, ApiResult, AppState};
use providers::Capability;
use serde::Serialize;
use serde_json::Value;
use store::QuerySpec;

pub use enrichment::entities::{by_identifiers, ProviderSearchResponse};
pub use enrichment::CommonOptions;

/// An enrichment acting for the request's caller (tenant, user, request id).
pub async fn caller_enrichment<'a>(
    state: &'a AppState,
    req: &'a ApiRequest,
    cache: CacheMode,
) -> Result<Enrichment<'a>, ApiError> {
    enrichment::enrichment(state, &req.caller()?, cache).await
}

/// Checks the input (`errors` holds what the route found) and the common options, then starts the
/// enrichment. A request with bad input is refused before any AWS call.
pub async fn start_enrichment<'a>(
    state: &'a AppState,
    req: &'a ApiRequest,
    opts: &CommonOptions,
    capabilities: &[Capability],
    allowed_fields: &[&str],
    errors: Vec<FieldError>,
    early: &[store::Key],
) -> Result<(Enrichment<'a>, Plan), ApiError> {
    let caller = req.caller()?;
    enrichment::options::open_enrichment(
        state,
        &caller,
        opts,
        capabilities,
        allowed_fields,
        errors,
        early,
    )
    .await
}

/// What an enrich route found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnrichStatus {
    /// A record with what the sources said.
    Enriched,
    /// An asynchronous lookup is still running; nothing but the input is known yet.
    Pending,
    NotFound,
}

/// The answer of an enrich route: one field list for the value the routes build
/// ([`EnrichResponse`]) and the schemas the document names per kind.
macro_rules! enrich_response {
    ($(#[$meta:meta])* $name:ident, $record:ty, $company:ty) => {
        $(#[$meta])*
        #[derive(Debug, Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub status: EnrichStatus,
            /// Whether a new record was stored.
            pub created: bool,
            #[schema(value_type = Option<$record>)]
            pub record: Option<EntityView>,
            /// People with `include_company`: the linked company.
            #[schema(value_type = Option<$company>)]
            pub company: Option<EntityView>,
            pub changed: Vec<String>,
            pub missing: Vec<String>,
            pub conflicts: Vec<Conflict>,
            pub rejected: Vec<Rejection>,
            pub warnings: Vec<Warning>,
            pub calls: Vec<CallSummary>,
            pub credits_spent: f64,
            /// How the waterfall ordered its providers, which filled each field, and what the
            /// order saved against the organisation's fixed order (`null` when no provider was
            /// asked).
            pub strategy: Option<enrichment::policy::StrategyReport>,
        }
    };
}

enrich_response! {
    /// The answer of an enrich route.
    EnrichResponse, EntityView, EntityView
}

enrich_response! {
    /// The answer of `POST /v1/people/enrich`.
    PersonEnrichResponse, enrichment::PersonRecord, enrichment::CompanyRecord
}

enrich_response! {
    /// The answer of `POST /v1/companies/enrich` (`company` is always `null`).
    CompanyEnrichResponse, enrichment::CompanyRecord, enrichment::CompanyRecord
}

pub fn enrich_response(sess: Enrichment<'_>, out: EnrichOutcome) -> ApiResult {
    let status = match &out.record {
        None => EnrichStatus::NotFound,
        Some(r) if !r.pending.is_empty() && r.data_sources.iter().all(|s| s == "input") => {
            EnrichStatus::Pending
        }
        Some(_) => EnrichStatus::Enriched,
    };
    let code = if out.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = EnrichResponse {
        status,
        created: out.created,
        record: out.record.as_ref().map(|r| r.view(None)),
        company: out
            .company
            .as_ref()
            .and_then(|c| c.record.as_ref())
            .map(|r| r.view(None)),
        changed: out.changed,
        missing: out.missing,
        conflicts: out.conflicts,
        rejected: out.rejected,
        warnings: sess.warnings,
        calls: sess.calls,
        credits_spent: enrichment::merge::round2(sess.credits),
        strategy: out.strategy,
    };
    let location = out.record.as_ref().map(|r| match r.kind {
        EntityKind::Person => format!("/v1/people/{}", r.id),
        EntityKind::Company => format!("/v1/companies/{}", r.id),
    });
    let resp = ApiResponse::json(code, &body)?;
    match (out.created, location) {
        (true, Some(l)) => resp.with_header("location", &l),
        _ => Ok(resp),
    }
}

/// The record id in the path, checked against its id format (a malformed id is a 400 naming it).
pub fn path_id(req: &ApiRequest, kind: EntityKind) -> Result<String, ApiError> {
    match kind {
        EntityKind::Person => req
            .path_param::<PersonId>("person_id")
            .map(|i| i.to_string()),
        EntityKind::Company => req
            .path_param::<CompanyId>("company_id")
            .map(|i| i.to_string()),
    }
}

/// `GET /v1/{people|companies}/{id}`; `?include=sources` adds the per-source results (one Query).
pub async fn get_entity(state: &AppState, req: &ApiRequest, kind: EntityKind) -> ApiResult {
    let principal = req.principal()?;
    let id = path_id(req, kind)?;
    let include: Option<String> = req.query_param("include")?;
    let with_sources = match include.as_deref() {
        None => false,
        Some("sources") => true,
        Some(_) => {
            return Err(ApiError::invalid_field(
                Location::Query,
                "include",
                "invalid",
                "only `sources` can be included",
            ))
        }
    };
    let rec = entities::load(state, &principal.tenant, kind, &id).await?;
    let sources = if with_sources {
        let codec = state.cursor_codec().await?;
        Some(
            state
                .store
                .query_all::<SourceResult>(
                    &principal.tenant,
                    &sources_query(&principal.tenant, kind, &id),
                    50,
                    codec,
                )
                .await?,
        )
    } else {
        None
    };
    ApiResponse::ok(&rec.view(sources))
}

/// A page of records: one field list for the value the routes build and the schemas per kind.
macro_rules! entity_list {
    ($(#[$meta:meta])* $name:ident, $record:ty) => {
        $(#[$meta])*
        #[derive(Debug, Serialize, utoipa::ToSchema)]
        pub struct $name {
            #[schema(value_type = Vec<$record>)]
            pub items: Vec<EntityView>,
            pub next_cursor: Option<String>,
        }
    };
}

entity_list! {
    /// A page of records.
    EntityList, EntityView
}

entity_list! {
    /// A page of people.
    PersonList, enrichment::PersonRecord
}

entity_list! {
    /// A page of companies.
    CompanyList, enrichment::CompanyRecord
}

/// A page of records from one partition (`[spec]`) or from a sharded list (one spec per shard).
pub async fn list_page(state: &AppState, req: &ApiRequest, specs: &[QuerySpec]) -> ApiResult {
    let principal = req.principal()?;
    let page = req.page_params(50, 100)?;
    let codec = state.cursor_codec().await?;
    let found = match specs {
        [one] => {
            state
                .store
                .query::<EntityRecord>(&principal.tenant, one, &page, codec)
                .await?
        }
        shards => {
            state
                .store
                .query_sharded::<EntityRecord>(&principal.tenant, shards, &page, codec)
                .await?
        }
    };
    ApiResponse::ok(&EntityList {
        items: found.items.iter().map(|r| r.view(None)).collect(),
        next_cursor: found.next_cursor,
    })
}

/// `POST` / `DELETE …/{id}/watch`: watch a record or stop (an edit of the watch flag alone;
/// idempotent, audited like any edit).
pub async fn set_watch(
    state: &AppState,
    req: &ApiRequest,
    kind: EntityKind,
    on: bool,
) -> ApiResult {
    patch_entity(
        state,
        req,
        kind,
        entities::Edit {
            watch: Some(on),
            ..Default::default()
        },
    )
    .await
}

/// The list's `stale` parameter: whether to list only records with stale fields. It narrows the
/// whole list, so it does not combine with a lookup by identifier (`narrowed`): 422 naming it.
pub fn stale_param(req: &ApiRequest, narrowed: bool) -> Result<bool, ApiError> {
    let stale = req.query_param::<bool>("stale")?.unwrap_or(false);
    if stale && narrowed {
        return Err(ApiError::validation(vec![FieldError::new(
            Location::Query,
            "stale",
            "conflict",
            "lists the whole organisation; leave out the other filter",
        )]));
    }
    Ok(stale)
}

/// `PATCH`: a flat object of field → value (`null` removes the field); see [`entities::edit`].
pub async fn patch_entity(
    state: &AppState,
    req: &ApiRequest,
    kind: EntityKind,
    mut change: entities::Edit,
) -> ApiResult {
    let principal = req.principal()?;
    // `{}` is refused, a body naming only `version` is not: only the raw body tells them apart.
    change.empty_body = req
        .json::<serde_json::Map<String, serde_json::Value>>(state.config.max_body_bytes)
        .is_ok_and(|m| m.is_empty());
    let id = path_id(req, kind)?;
    let mut fields: Vec<String> = change.edits.iter().map(|(f, _)| f.clone()).collect();
    if change.watch.is_some() {
        fields.push("watch".into());
    }
    let rec = entities::edit(state, &principal.tenant, kind, &id, change).await?;
    // An edit naming only the version read changed nothing: nothing to audit.
    if !fields.is_empty() {
        entities::audit_edit(state, &req.caller()?, kind, &id, &fields).await?;
    }
    ApiResponse::ok(&rec.view(None))
}

/// Searches at providers spend the organisation's provider credits, so they need the kind's
/// `write` permission.
fn may_spend(req: &ApiRequest, people: bool) -> Result<(), ApiError> {
    let needed = if people {
        "people.write"
    } else {
        "companies.write"
    };
    if !req.principal()?.can(needed) {
        return Err(ApiError::Forbidden {
            detail: format!("a provider search needs the {needed} permission"),
        });
    }
    Ok(())
}

/// What a search route answers: stored records (`PersonList` / `CompanyList`), a page of
/// prospects (`ProspectPage`, for `criteria`), or a provider's own page
/// (`ProviderSearchResponse`, for `provider` with `query`). `anyOf`, not `oneOf`: an empty page of
/// prospects is also a valid (empty) list, and a validator must not refuse it for matching two
/// shapes.
fn search_answer(list: &str) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{AnyOfBuilder, Ref};
    AnyOfBuilder::new()
        .item(Ref::from_schema_name(list))
        .item(Ref::from_schema_name("ProspectPage"))
        .item(Ref::from_schema_name("ProviderSearchResponse"))
        .description(Some(
            "Stored records, a page of prospects (criteria) or a provider's own page (provider)",
        ))
        .into()
}

/// What `POST /v1/people/search` answers (see [`search_answer`]).
pub struct PeopleSearchAnswer;

impl utoipa::PartialSchema for PeopleSearchAnswer {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        search_answer("PersonList")
    }
}

impl utoipa::ToSchema for PeopleSearchAnswer {}

/// What `POST /v1/companies/search` answers (see [`search_answer`]).
pub struct CompaniesSearchAnswer;

impl utoipa::PartialSchema for CompaniesSearchAnswer {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        search_answer("CompanyList")
    }
}

impl utoipa::ToSchema for CompaniesSearchAnswer {}

/// `criteria` searches providers, so a search body gives it alone: the first of `others` that is
/// given is named in a 422.
pub fn criteria_alone(others: &[(&str, bool)]) -> Result<(), ApiError> {
    match others.iter().find(|(_, given)| *given) {
        Some((field, _)) => Err(ApiError::validation(vec![FieldError::body(
            *field,
            "conflict",
            "criteria searches providers; give it alone (with page_size and save)",
        )])),
        None => Ok(()),
    }
}

/// `save` stores a criteria search's prospects: without `criteria` it is a 422.
pub fn save_needs_criteria(save: Option<bool>) -> Result<(), ApiError> {
    match save {
        Some(_) => Err(ApiError::validation(vec![FieldError::body(
            "save",
            "conflict",
            "save stores the prospects of a criteria search; give it with criteria",
        )])),
        None => Ok(()),
    }
}

/// A prospecting search by `criteria` (people or companies), in the organisation's waterfall of
/// search providers, paged by the `cursor` query parameter.
pub async fn criteria_search(
    state: &AppState,
    req: &ApiRequest,
    criteria: providers::search::Criteria,
    page_size: Option<u32>,
    people: bool,
) -> Result<enrichment::prospecting::ProspectPage, ApiError> {
    may_spend(req, people)?;
    let page_size = entities::page_size_of(page_size)?;
    let criteria = criteria.checked(people).map_err(|errors| {
        ApiError::validation(
            errors
                .into_iter()
                .map(|(field, code, message)| FieldError::body(field, code, message))
                .collect(),
        )
    })?;
    let cursor = req.page_params(50, 100)?.cursor;
    enrichment::prospecting::search(
        state,
        &req.caller()?,
        &criteria,
        people,
        page_size,
        cursor.as_deref(),
    )
    .await
}

/// A `provider:` pass-through search.
pub async fn provider_search(
    state: &AppState,
    req: &ApiRequest,
    provider_raw: &str,
    query: Option<&Value>,
    page_size: Option<u32>,
    people: bool,
) -> ApiResult {
    may_spend(req, people)?;
    let found = entities::provider_search(
        state,
        &req.caller()?,
        provider_raw,
        query,
        page_size,
        people,
    )
    .await?;
    ApiResponse::ok(&found)
}

/// `DELETE /v1/{people|companies}/{id}`: the HTTP side of [`enrichment::erasure::erase`].
pub async fn delete_entity(state: &AppState, req: &ApiRequest, kind: EntityKind) -> ApiResult {
    let id = path_id(req, kind)?;
    enrichment::erasure::erase(state, &req.caller()?, kind, &id).await?;
    Ok(ApiResponse::no_content())
}
