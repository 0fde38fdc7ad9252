//! The `people` function: enrich a person through the organisation's provider waterfall, read,
//! list, edit and erase stored people, search them, and collect asynchronous lookups.
//!
//! The tenant is the caller's (from the authorizer); a person id of another organisation is simply
//! not found.

use enrichment::merge::Provenance;
use enrichment::records::{CompanyId, EntityKind, EntityRecord, PersonId};
use enrichment::CacheMode;
use enrichment_http::{
    self as api, CommonOptions, EntityList, PersonEnrichResponse, ProviderSearchResponse,
};
use kernel::error::{FieldError, Location, Problem};
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use providers::{normalise_domain, normalise_email, normalise_linkedin, Capability, PERSON_FIELDS};
use serde::Deserialize;
use serde_json::Value;
use utoipa::OpenApi;

platform::routes! {
    "POST" "/v1/people/enrich" => enrich, "people.write",
    "GET" "/v1/people" => list_people, "people.read",
    "POST" "/v1/people/search" => search, "people.read",
    "GET" "/v1/people/lookup-status" => lookup_status, "people.write",
    "GET" "/v1/people/{person_id}" => get_person, "people.read",
    "PATCH" "/v1/people/{person_id}" => update_person, "people.write",
    "DELETE" "/v1/people/{person_id}" => delete_person, "people.delete",
    "GET" "/v1/people/{person_id}/export" => export_person, "people.export",
    "POST" "/v1/people/{person_id}/watch" => watch_person, "people.write",
    "DELETE" "/v1/people/{person_id}/watch" => unwatch_person, "people.write",
    "POST" "/v1/data-subjects/erase" => erase_subject, "people.delete",
    "GET" "/v1/data-subjects/export" => export_subject, "people.export",
}

mod subjects;

#[derive(OpenApi)]
#[openapi(
    paths(enrich, list_people, search, lookup_status, get_person, update_person, delete_person, export_person, watch_person, unwatch_person, erase_subject, export_subject),
    components(schemas(subjects::Erasure, subjects::SubjectExport, ErasureBody, campaigns::subjects::ContactHeld, campaigns::subjects::SendHeld, enrichment::export::PersonExport, enrichment::export::JobTouch, enrichment::patch::PersonPatch, PersonEnrichBody, PeopleSearchBody, PersonEnrichResponse, api::PersonList, ProviderSearchResponse, api::PeopleSearchAnswer, enrichment::prospecting::ProspectPage, providers::search::Prospect, providers::search::Criteria, providers::search::Range, enrichment::Warning, LookupStatusList, LookupStatus, Provenance, Problem)),
    tags((name = "people", description = "People enriched from providers, with per-field provenance"),
        (name = "data-subjects", description = "Data-subject requests: everything held about a person, erased or exported, by address"))
)]
pub struct ApiDoc;

/// Who to enrich: an email, a LinkedIn URL, or a name with the company's domain.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonEnrichBody {
    pub email: Option<String>,
    pub linkedin_url: Option<String>,
    /// Full name (or give `first_name` and `last_name`).
    pub name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company_domain: Option<String>,
    pub company_name: Option<String>,
    /// Also enrich the person's company and link it (default false).
    #[serde(default)]
    pub include_company: bool,
    /// Check the email found with an email verifier before accepting it (default false).
    #[serde(default)]
    pub verify_email: bool,
    /// Providers to ask, in this order, instead of the organisation's order.
    pub sources: Option<Vec<String>>,
    /// 0–1 (default 0.5): less certain values do not count as found.
    pub min_confidence: Option<f64>,
    /// Fields the waterfall must fill before it stops (default email, full_name, title, company_name, linkedin_url).
    pub fields: Option<Vec<String>>,
    /// `use` (default) or `bypass` the provider cache.
    #[serde(default)]
    pub cache: CacheMode,
    /// `fixed`, `cost` or `coverage` provider order (default: the organisation's policy).
    pub strategy: Option<enrichment::policy::Strategy>,
    /// `true`: scheduled re-enrichment keeps the record fresh within the refresh budget;
    /// `false`: it stops. Default: as the record was.
    pub watch: Option<bool>,
}

/// Enrich one person.
///
/// Providers are asked in the organisation's order (or `sources`) until every field in `fields`
/// has a value at or above `min_confidence`; each stored value keeps its source, confidence and
/// time. Values a user edited are never overwritten. A failing provider is skipped with a warning.
/// 201 when a new person is stored, 200 when an existing one (matched by email or LinkedIn) is
/// updated or nobody was found (`status: not_found`, nothing stored).
#[utoipa::path(post, path = "/v1/people/enrich", tag = "people", security(("bearer" = [])),
    request_body = PersonEnrichBody,
    responses((status = 200, body = PersonEnrichResponse), (status = 201, body = PersonEnrichResponse),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn enrich(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: PersonEnrichBody = req.json(state.config.max_body_bytes)?;
    let (input, errors) = enrichment::input::person(&enrichment::input::RawPerson {
        email: body.email.as_deref(),
        linkedin_url: body.linkedin_url.as_deref(),
        name: body.name.as_deref(),
        first_name: body.first_name.as_deref(),
        last_name: body.last_name.as_deref(),
        company_domain: body.company_domain.as_deref(),
        company_name: body.company_name.as_deref(),
    });
    let opts = CommonOptions {
        sources: body.sources.clone(),
        min_confidence: body.min_confidence,
        fields: body.fields.clone(),
        cache: body.cache,
        strategy: body.strategy,
        watch: body.watch,
    };
    // The lookup's markers are read with the organisation's settings (one round trip).
    let early = enrichment::flows::person_markers(&req.principal()?.tenant, &input);
    let (mut sess, plan) = api::start_enrichment(
        state,
        &req,
        &opts,
        &[Capability::Person],
        PERSON_FIELDS,
        errors,
        &early,
    )
    .await?;
    let request = plan.person(input, body.include_company, body.verify_email);
    let outcome = enrichment::enrich_person(&mut sess, &request).await;
    // Cache entries and call log lines are written even when saving the record failed: the calls
    // happened and were paid for.
    sess.flush().await?;
    api::enrich_response(sess, outcome?)
}

/// Stored people, oldest first; `company_id` narrows to one company's people.
#[utoipa::path(get, path = "/v1/people", tag = "people", security(("bearer" = [])),
    params(
        ("company_id" = Option<String>, Query, description = "Only people linked to this company"),
        ("stale" = Option<bool>, Query, description = "true: only people with a field older than the freshness policy allows, the longest-stale first (not with company_id)"),
        ("limit" = Option<u32>, Query, description = "1..=100, default 50"),
        ("cursor" = Option<String>, Query),
    ),
    responses((status = 200, body = api::PersonList), (status = 400, body = Problem, content_type = "application/problem+json")))]
async fn list_people(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let company: Option<CompanyId> = req.query_param("company_id")?;
    if api::stale_param(&req, company.is_some())? {
        let now = kernel::time::now().unix_timestamp();
        let specs = enrichment::records::stale_of_kind(&principal.tenant, EntityKind::Person, now);
        return api::list_page(state, &req, &specs).await;
    }
    let spec = match company {
        Some(c) => vec![enrichment::records::people_at_company(
            &principal.tenant,
            c.as_str(),
        )],
        None => enrichment::records::all_of_kind(&principal.tenant, EntityKind::Person),
    };
    api::list_page(state, &req, &spec).await
}

/// Search stored people by indexed fields, or pass a query through to a provider.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeopleSearchBody {
    pub email: Option<String>,
    pub linkedin_url: Option<String>,
    pub company_id: Option<String>,
    pub company_domain: Option<String>,
    /// `rocketreach`: send `query` to its people search instead of searching stored people.
    pub provider: Option<String>,
    /// The provider's query object (with `provider`).
    #[schema(value_type = Option<Object>)]
    pub query: Option<serde_json::Map<String, Value>>,
    /// Prospecting: find new people by criteria at the organisation's search providers (in its
    /// waterfall order); not combined with the other fields.
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub criteria: Option<providers::search::Criteria>,
    /// With `criteria`: also store the page's prospects as records (a bulk job; its id is in
    /// `saved_job_id`).
    pub save: Option<bool>,
    /// With `provider` or `criteria`: results per page (1..=100, default 10).
    pub page_size: Option<u32>,
}

/// Search people.
///
/// Stored people match exactly on `email` or `linkedin_url` (normalised), or by company
/// (`company_id`, or `company_domain` through the stored company). With `criteria` (titles,
/// seniorities, locations, industries, employee and revenue ranges, technologies) it finds new
/// people at the organisation's search providers (Apollo, People Data Labs, RocketReach; the
/// sandbox locally) in its waterfall order: a page of prospects in one shape, the next page
/// through `cursor`, cached 30 minutes. With `provider: rocketreach` the `query` goes to
/// RocketReach's people search as it is. Provider searches need `people.write` (they spend
/// credits).
#[utoipa::path(post, path = "/v1/people/search", tag = "people", security(("bearer" = [])),
    request_body = PeopleSearchBody,
    params(("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = api::PeopleSearchAnswer, description = "stored people (PersonList), prospects (criteria) or the provider's page (provider)"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn search(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    // The paging parameters are checked whichever way the search goes (an exact match pages
    // nothing, but a bad `limit` is still a bad request).
    req.page_params(50, 100)?;
    let body: PeopleSearchBody = req.json(state.config.max_body_bytes)?;
    enrichment::entities::page_size_of(body.page_size)?;
    if let Some(criteria) = body.criteria {
        let others = [
            ("email", body.email.is_some()),
            ("linkedin_url", body.linkedin_url.is_some()),
            ("company_id", body.company_id.is_some()),
            ("company_domain", body.company_domain.is_some()),
            ("provider", body.provider.is_some()),
            ("query", body.query.is_some()),
        ];
        api::criteria_alone(&others)?;
        let mut page = api::criteria_search(state, &req, criteria, body.page_size, true).await?;
        if body.save == Some(true) {
            jobs::submit::save_page(state, &req.caller()?, true, &mut page).await?;
        }
        return ApiResponse::ok(&page);
    }
    api::save_needs_criteria(body.save)?;
    if let Some(provider) = &body.provider {
        return api::provider_search(
            state,
            &req,
            provider,
            body.query.map(Value::Object).as_ref(),
            body.page_size,
            true,
        )
        .await;
    }
    let mut errors = Vec::new();
    let email = normalised(
        body.email.as_deref(),
        "email",
        normalise_email,
        "email address",
        &mut errors,
    );
    let linkedin = normalised(
        body.linkedin_url.as_deref(),
        "linkedin_url",
        normalise_linkedin,
        "LinkedIn profile URL",
        &mut errors,
    );
    let domain = normalised(
        body.company_domain.as_deref(),
        "company_domain",
        normalise_domain,
        "domain",
        &mut errors,
    );
    let company_id = match &body.company_id {
        None => None,
        Some(raw) => match raw.parse::<CompanyId>() {
            Ok(c) => Some(c.to_string()),
            Err(e) => {
                errors.push(FieldError::body("company_id", "invalid", e.to_string()));
                None
            }
        },
    };
    if errors.is_empty()
        && email.is_none()
        && linkedin.is_none()
        && domain.is_none()
        && company_id.is_none()
    {
        errors.push(FieldError::body(
            "email",
            "required",
            "give email, linkedin_url, company_id, company_domain, or provider with query",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    // The company, by id or through its domain's marker.
    let company_id = match (company_id, domain) {
        (Some(c), _) => Some(c),
        (None, Some(d)) => {
            let found = api::by_identifiers(
                state,
                &principal.tenant,
                EntityKind::Company,
                &[store::keys::Identifier::Domain(&d).text()],
            )
            .await?;
            match found.first() {
                Some(c) => Some(c.id.clone()),
                None => {
                    return ApiResponse::ok(&EntityList {
                        items: Vec::new(),
                        next_cursor: None,
                    })
                }
            }
        }
        (None, None) => None,
    };
    let mut identifiers = Vec::new();
    if let Some(e) = email {
        identifiers.push(store::keys::Identifier::Email(&e).text());
    }
    if let Some(l) = linkedin {
        identifiers.push(store::keys::Identifier::Linkedin(&l).text());
    }
    if identifiers.is_empty() {
        let company = company_id.unwrap_or_default();
        let spec = enrichment::records::people_at_company(&principal.tenant, &company);
        return api::list_page(state, &req, std::slice::from_ref(&spec)).await;
    }
    let people: Vec<EntityRecord> =
        api::by_identifiers(state, &principal.tenant, EntityKind::Person, &identifiers)
            .await?
            .into_iter()
            .filter(|p| company_id.is_none() || p.company_id == company_id)
            .collect();
    ApiResponse::ok(&EntityList {
        items: people.iter().map(|p| p.view(None)).collect(),
        next_cursor: None,
    })
}

use enrichment::input::normalised;
use enrichment::lookups::{LookupStatus, LookupStatusList};

/// Collect asynchronous lookups.
///
/// For each person id, asks RocketReach about the lookup it left running (one `checkStatus` call
/// for all of them) and merges finished profiles into the people.
#[utoipa::path(get, path = "/v1/people/lookup-status", tag = "people", security(("bearer" = [])),
    params(("ids" = String, Query, description = "Comma-separated person ids (at most 25)")),
    responses((status = 200, body = LookupStatusList), (status = 400, body = Problem, content_type = "application/problem+json")))]
async fn lookup_status(state: &AppState, req: ApiRequest) -> ApiResult {
    let raw: String = req.query_param("ids")?.ok_or_else(|| {
        ApiError::invalid_field(
            Location::Query,
            "ids",
            "required",
            "comma-separated person ids",
        )
    })?;
    let mut ids: Vec<String> = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id = part.parse::<PersonId>().map_err(|e| {
            ApiError::invalid_field(Location::Query, "ids", "invalid", format!("{part}: {e}"))
        })?;
        if !ids.contains(&id.to_string()) {
            ids.push(id.to_string());
        }
    }
    if ids.is_empty() || ids.len() > 25 {
        return Err(ApiError::invalid_field(
            Location::Query,
            "ids",
            "length",
            "between 1 and 25 person ids",
        ));
    }
    let mut sess = api::caller_enrichment(state, &req, CacheMode::Bypass).await?;
    let items = enrichment::lookups::collect(&mut sess, &ids).await?;
    sess.flush().await?;
    ApiResponse::ok(&LookupStatusList {
        items,
        warnings: sess.warnings,
    })
}

/// A stored person with per-field provenance; `include=sources` adds each provider's result.
#[utoipa::path(get, path = "/v1/people/{person_id}", tag = "people", security(("bearer" = [])),
    params(("person_id" = String, Path), ("include" = Option<String>, Query, description = "sources")),
    responses((status = 200, body = enrichment::PersonRecord), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_person(state: &AppState, req: ApiRequest) -> ApiResult {
    api::get_entity(state, &req, EntityKind::Person).await
}

/// Edit a person: a flat object of field → value (`null` removes it), optionally with the
/// `version` read. Edited values are marked `user` and enrichment never overwrites them.
#[utoipa::path(patch, path = "/v1/people/{person_id}", tag = "people", security(("bearer" = [])),
    params(("person_id" = String, Path)),
    request_body = enrichment::patch::PersonPatch,
    responses((status = 200, body = enrichment::PersonRecord), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn update_person(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: enrichment::patch::PersonPatch = req.json(state.config.max_body_bytes)?;
    let changes = body.changes().map_err(ApiError::internal)?;
    api::patch_entity(
        state,
        &req,
        EntityKind::Person,
        enrichment::entities::Edit {
            edits: changes,
            unknown: body.unknown.into_keys().collect(),
            expected_version: body.version,
            watch: body.watch,
            ..Default::default()
        },
    )
    .await
}

/// Erase a person everywhere: the record, identifiers, per-source results and cached provider
/// answers, and under each of the person's addresses the contact, its tag links, send records and
/// delivery events (campaign counts stay); the addresses are suppressed by digest, never mailed
/// again; audit entries about the person are kept under the erasure's id. Audited as
/// `data_subject.erased`. A retry finishes an interrupted erasure.
#[utoipa::path(delete, path = "/v1/people/{person_id}", tag = "people", security(("bearer" = [])),
    params(("person_id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn delete_person(state: &AppState, req: ApiRequest) -> ApiResult {
    let id = api::path_id(&req, EntityKind::Person)?;
    subjects::erase_person(state, &req.caller()?, &id).await?;
    Ok(ApiResponse::no_content())
}

/// Whose data to erase.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErasureBody {
    /// The person's address: the stored person with it (and that person's other addresses) and
    /// the contact with it are erased, whether or not the person was ever enriched.
    #[schema(example = "ana.souza@globex.com")]
    pub email: Option<String>,
}

/// Erase everything held about an address (a data-subject erasure request).
///
/// Removes the stored person with this address (record, identifiers, provider answers, cached
/// answers) and, under each of its addresses, the contact with its tag links, send records and
/// delivery events (campaign and day counts stay: they hold nobody); suppresses the addresses by
/// digest so they are never mailed again, without keeping them; keeps the audit log's entries about
/// the person under the erasure's id. Works for a contact who was never enriched, and for an address
/// nothing holds (then it only suppresses). Idempotent: a repeat, or a retry after a failure
/// midway, finishes the erasure and erases nothing twice.
#[utoipa::path(post, path = "/v1/data-subjects/erase", tag = "data-subjects", security(("bearer" = [])),
    request_body = ErasureBody,
    responses((status = 200, body = subjects::Erasure),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn erase_subject(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: ErasureBody = req.json(state.config.max_body_bytes)?;
    let email = subjects::address(body.email.as_deref(), Location::Body)?;
    let erasure = subjects::erase_email(state, &req.caller()?, &email).await?;
    ApiResponse::ok(&erasure)
}

/// Everything held about an address, as one document (a data-subject access request): the stored
/// person (record, provider answers, history, jobs), the contact with its tags, sends, delivery
/// events, suppression and audit entries. Audited as `data_subject.exported` (without the address).
#[utoipa::path(get, path = "/v1/data-subjects/export", tag = "data-subjects", security(("bearer" = [])),
    params(("email" = String, Query, description = "The person's address")),
    responses((status = 200, body = subjects::SubjectExport),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn export_subject(state: &AppState, req: ApiRequest) -> ApiResult {
    let raw = req.query_param::<String>("email")?;
    let email = subjects::address(raw.as_deref(), Location::Query)?;
    let export = subjects::export(state, &req.caller()?, &email).await?;
    ApiResponse::ok(&export)
}

/// Everything the platform holds about a person (a data-subject access request): the record with
/// each field's provenance, every provider's answer as received, the record's history (edits,
/// exports) and the bulk jobs that enriched it. Audited as `person.exported`. The counterpart of
/// `DELETE /v1/people/{person_id}`.
#[utoipa::path(get, path = "/v1/people/{person_id}/export", tag = "people", security(("bearer" = [])),
    params(("person_id" = String, Path)),
    responses((status = 200, body = enrichment::export::PersonExport),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn export_person(state: &AppState, req: ApiRequest) -> ApiResult {
    let id = api::path_id(&req, EntityKind::Person)?;
    let caller = req.caller()?;
    let mut export = enrichment::export::person(state, &caller, &id).await?;
    jobs::read::describe(state, caller.tenant, &mut export.jobs).await?;
    ApiResponse::ok(&export)
}

/// Watch a person: scheduled re-enrichment refreshes their stale fields, within the
/// organisation's daily `refresh_budget_credits` (`GET /v1/providers/policy`). Idempotent.
#[utoipa::path(post, path = "/v1/people/{person_id}/watch", tag = "people", security(("bearer" = [])),
    params(("person_id" = String, Path)),
    responses((status = 200, body = enrichment::PersonRecord), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn watch_person(state: &AppState, req: ApiRequest) -> ApiResult {
    api::set_watch(state, &req, EntityKind::Person, true).await
}

/// Stop watching a person. Idempotent.
#[utoipa::path(delete, path = "/v1/people/{person_id}/watch", tag = "people", security(("bearer" = [])),
    params(("person_id" = String, Path)),
    responses((status = 200, body = enrichment::PersonRecord), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn unwatch_person(state: &AppState, req: ApiRequest) -> ApiResult {
    api::set_watch(state, &req, EntityKind::Person, false).await
}
