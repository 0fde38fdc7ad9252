//! The `companies` function: enrich a company by domain, name or tax id (registries for CNPJ, CUIT
//! and RFC, each id validated offline first), read, list, edit and search stored companies.

use enrichment::input::{domain, name, tax_id};
use enrichment::records::SIZE_BANDS;
use enrichment::records::{name_key, EntityKind};
use enrichment_http::{
    self as api, CommonOptions, CompanyEnrichResponse, EntityList, ProviderSearchResponse,
};
use kernel::error::{FieldError, Location, Problem};
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use providers::{normalise_domain, Capability, COMPANY_FIELDS};
use serde::Deserialize;
use serde_json::Value;
use utoipa::OpenApi;

platform::routes! {
    "POST" "/v1/companies/enrich" => enrich, "companies.write",
    "GET" "/v1/companies" => list_companies, "companies.read",
    "POST" "/v1/companies/search" => search, "companies.read",
    "GET" "/v1/companies/{company_id}" => get_company, "companies.read",
    "PATCH" "/v1/companies/{company_id}" => update_company, "companies.write",
    "POST" "/v1/companies/{company_id}/watch" => watch_company, "companies.write",
    "DELETE" "/v1/companies/{company_id}/watch" => unwatch_company, "companies.write",
}

#[derive(OpenApi)]
#[openapi(
    paths(enrich, list_companies, search, get_company, update_company, watch_company, unwatch_company),
    components(schemas(enrichment::patch::CompanyPatch, CompanyEnrichBody, CompanySearchBody, CompanyEnrichResponse, api::CompanyList, ProviderSearchResponse, api::CompaniesSearchAnswer, enrichment::prospecting::ProspectPage, providers::search::Prospect, providers::search::Criteria, providers::search::Range, enrichment::Warning, Problem)),
    tags((name = "companies", description = "Companies enriched from providers and registries, with per-field provenance"))
)]
pub struct ApiDoc;

/// Which company: a domain, a name, or a tax id with its country.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyEnrichBody {
    pub domain: Option<String>,
    pub name: Option<String>,
    /// CNPJ (BR), CUIT (AR) or RFC (MX); punctuation is ignored. Needs `country`.
    pub tax_id: Option<String>,
    /// ISO 3166 alpha-2: BR, AR or MX with `tax_id`.
    pub country: Option<String>,
    pub sources: Option<Vec<String>>,
    pub min_confidence: Option<f64>,
    pub fields: Option<Vec<String>>,
    #[serde(default)]
    pub cache: enrichment::CacheMode,
    /// `fixed`, `cost` or `coverage` provider order (default: the organisation's policy).
    pub strategy: Option<enrichment::policy::Strategy>,
    /// `true`: scheduled re-enrichment keeps the record fresh within the refresh budget;
    /// `false`: it stops. Default: as the record was.
    pub watch: Option<bool>,
}

/// Enrich one company.
///
/// With `tax_id` the registries for its country run first (BrasilAPI and Serpro for a CNPJ); with
/// `domain` or `name`, the organisation's company providers follow. The id is validated offline
/// before any call. 201 when a new company is stored, 200 when an existing one (matched by domain
/// or tax id) is updated or nothing was found.
#[utoipa::path(post, path = "/v1/companies/enrich", tag = "companies", security(("bearer" = [])),
    request_body = CompanyEnrichBody,
    responses((status = 200, body = CompanyEnrichResponse), (status = 201, body = CompanyEnrichResponse),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn enrich(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: CompanyEnrichBody = req.json(state.config.max_body_bytes)?;
    let (input, errors) = enrichment::input::company(&enrichment::input::RawCompany {
        domain: body.domain.as_deref(),
        name: body.name.as_deref(),
        tax_id: body.tax_id.as_deref(),
        country: body.country.as_deref(),
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
    let early = enrichment::flows::company_markers(&req.principal()?.tenant, &input);
    let (mut sess, plan) = api::start_enrichment(
        state,
        &req,
        &opts,
        &[Capability::Company, Capability::Registry],
        COMPANY_FIELDS,
        errors,
        &early,
    )
    .await?;
    let request = plan.company(input);
    let outcome = enrichment::enrich_company(&mut sess, &request).await;
    sess.flush().await?;
    api::enrich_response(sess, outcome?)
}

/// Stored companies, oldest first; `domain` finds the one with that domain.
#[utoipa::path(get, path = "/v1/companies", tag = "companies", security(("bearer" = [])),
    params(
        ("domain" = Option<String>, Query, description = "Exact domain (normalised: scheme and www. dropped)"),
        ("stale" = Option<bool>, Query, description = "true: only companies with a field older than the freshness policy allows, the longest-stale first (not with domain)"),
        ("limit" = Option<u32>, Query, description = "1..=100, default 50"),
        ("cursor" = Option<String>, Query),
    ),
    responses((status = 200, body = api::CompanyList), (status = 400, body = Problem, content_type = "application/problem+json")))]
async fn list_companies(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let raw: Option<String> = req.query_param("domain")?;
    let raw = raw.filter(|d| !d.trim().is_empty());
    if api::stale_param(&req, raw.is_some())? {
        let now = kernel::time::now().unix_timestamp();
        let specs = enrichment::records::stale_of_kind(&principal.tenant, EntityKind::Company, now);
        return api::list_page(state, &req, &specs).await;
    }
    if let Some(raw) = raw {
        let d = normalise_domain(&raw).ok_or_else(|| {
            ApiError::validation(vec![kernel::error::FieldError::new(
                Location::Query,
                "domain",
                "invalid",
                "not a valid domain",
            )])
        })?;
        let found = api::by_identifiers(
            state,
            &principal.tenant,
            EntityKind::Company,
            &[store::keys::Identifier::Domain(&d).text()],
        )
        .await?;
        return ApiResponse::ok(&EntityList {
            items: found.iter().map(|c| c.view(None)).collect(),
            next_cursor: None,
        });
    }
    api::list_page(
        state,
        &req,
        &enrichment::records::all_of_kind(&principal.tenant, EntityKind::Company),
    )
    .await
}

/// Search stored companies by indexed fields, or pass a query through to a provider.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanySearchBody {
    /// Name prefix, case-insensitive.
    pub name: Option<String>,
    pub domain: Option<String>,
    pub tax_id: Option<String>,
    /// With `tax_id`: its country. Alone (or with `city`, `industry`, `size`): stored companies in
    /// this country, as providers name it.
    pub country: Option<String>,
    /// `rocketreach`: send `query` to its company search instead.
    pub provider: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub query: Option<serde_json::Map<String, Value>>,
    /// Stored companies in this city (case and spacing do not matter).
    pub city: Option<String>,
    /// Stored companies in this industry, as providers name it (`computer software`).
    pub industry: Option<String>,
    /// Stored companies of this size band (employees): 1-10, 11-50, 51-200, 201-500, 501-1000,
    /// 1001-5000, 5001-10000, 10001+.
    pub size: Option<String>,
    /// Prospecting: find companies by criteria (locations, industries, employee and revenue
    /// ranges, technologies) at the organisation's search providers; not combined with the others.
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub criteria: Option<providers::search::Criteria>,
    /// With `criteria`: also store the page's prospects as records (a bulk job; its id is in
    /// `saved_job_id`).
    pub save: Option<bool>,
    /// With `provider` or `criteria`: results per page (1..=100, default 10).
    pub page_size: Option<u32>,
}

/// Search companies.
///
/// Stored companies match by name prefix (an index, sorted by name), exactly by domain or tax id,
/// or by `city`, `country`, `industry` and `size` band (an index per value, kept in the same
/// transaction as the company; several combine with "and").
/// With `criteria` it finds companies at the organisation's search providers (Apollo, People Data
/// Labs, RocketReach; the sandbox locally) in its waterfall order, with `annual_revenue` where the
/// provider reports it, the next page through `cursor`. With `provider: rocketreach` the `query`
/// goes to RocketReach's company search as it is. Provider searches need `companies.write`.
#[utoipa::path(post, path = "/v1/companies/search", tag = "companies", security(("bearer" = [])),
    request_body = CompanySearchBody,
    params(("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = api::CompaniesSearchAnswer, description = "stored companies (CompanyList), prospects (criteria) or the provider's page (provider)"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn search(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    // The paging parameters are checked whichever way the search goes (an exact match pages
    // nothing, but a bad `limit` is still a bad request).
    req.page_params(50, 100)?;
    let body: CompanySearchBody = req.json(state.config.max_body_bytes)?;
    enrichment::entities::page_size_of(body.page_size)?;
    if let Some(criteria) = body.criteria {
        let others = [
            ("name", body.name.is_some()),
            ("domain", body.domain.is_some()),
            ("tax_id", body.tax_id.is_some()),
            ("country", body.country.is_some()),
            ("city", body.city.is_some()),
            ("industry", body.industry.is_some()),
            ("size", body.size.is_some()),
            ("provider", body.provider.is_some()),
            ("query", body.query.is_some()),
        ];
        api::criteria_alone(&others)?;
        let mut page = api::criteria_search(state, &req, criteria, body.page_size, false).await?;
        if body.save == Some(true) {
            jobs::submit::save_page(state, &req.caller()?, false, &mut page).await?;
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
            false,
        )
        .await;
    }
    let mut errors = Vec::new();
    let d = domain(body.domain.as_deref(), "domain", &mut errors);
    let t = tax_id(body.tax_id.as_deref(), body.country.as_deref(), &mut errors);
    let n = name(body.name.as_deref(), &mut errors);
    // The stored companies' facets, most selective first (the first one's index is read).
    let country = body.country.as_deref().filter(|_| body.tax_id.is_none());
    let mut facets = Vec::new();
    for (field, value) in [
        ("city", body.city.as_deref()),
        ("industry", body.industry.as_deref()),
        ("size", body.size.as_deref()),
        ("country", country),
    ] {
        let Some(value) = value else { continue };
        let known_size = field != "size" || SIZE_BANDS.contains(&value.trim());
        match enrichment::records::facet(field, value).filter(|_| known_size) {
            Some(f) if !value.chars().any(char::is_control) => facets.push(f),
            _ => errors.push(FieldError::body(
                field,
                "invalid",
                if field == "size" {
                    format!("one of {}", SIZE_BANDS.join(", "))
                } else {
                    "1 to 100 printable characters".to_owned()
                },
            )),
        }
    }
    if !facets.is_empty() {
        for (field, given) in [("name", n.is_some()), ("domain", d.is_some())] {
            if given {
                errors.push(FieldError::body(
                    field,
                    "conflict",
                    "search stored companies either by identifier or by city, country, industry and size",
                ));
            }
        }
    }
    if errors.is_empty() && d.is_none() && t.is_none() && n.is_none() && facets.is_empty() {
        errors.push(FieldError::body(
            "name",
            "required",
            "give name, domain, tax_id with country, city, country, industry, size, criteria, or provider with query",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if !facets.is_empty() {
        let page = req.page_params(50, 100)?;
        let found =
            enrichment::records::companies_with_facets(state, &principal.tenant, &facets, &page)
                .await?;
        return ApiResponse::ok(&EntityList {
            items: found.items.iter().map(|c| c.view(None)).collect(),
            next_cursor: found.next_cursor,
        });
    }
    let mut identifiers = Vec::new();
    if let Some(d) = d {
        identifiers.push(store::keys::Identifier::Domain(&d).text());
    }
    if let Some(t) = t {
        identifiers.push(store::keys::Identifier::TaxId(&t.value).text());
    }
    if identifiers.is_empty() {
        let prefix = name_key(n.as_deref().unwrap_or_default());
        let spec = enrichment::records::companies_by_name(&principal.tenant).sk_prefix(&prefix);
        return api::list_page(state, &req, std::slice::from_ref(&spec)).await;
    }
    let prefix = n.map(|n| name_key(&n));
    let found: Vec<_> =
        api::by_identifiers(state, &principal.tenant, EntityKind::Company, &identifiers)
            .await?
            .into_iter()
            .filter(|c| {
                prefix
                    .as_deref()
                    .is_none_or(|p| c.value("name").is_some_and(|v| name_key(v).starts_with(p)))
            })
            .collect();
    ApiResponse::ok(&EntityList {
        items: found.iter().map(|c| c.view(None)).collect(),
        next_cursor: None,
    })
}

/// A stored company with per-field provenance; `include=sources` adds each provider's result.
#[utoipa::path(get, path = "/v1/companies/{company_id}", tag = "companies", security(("bearer" = [])),
    params(("company_id" = String, Path), ("include" = Option<String>, Query, description = "sources")),
    responses((status = 200, body = enrichment::CompanyRecord), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_company(state: &AppState, req: ApiRequest) -> ApiResult {
    api::get_entity(state, &req, EntityKind::Company).await
}

/// Edit a company: a flat object of field → value (`null` removes it), optionally with `version`.
/// Edited values are marked `user` and enrichment never overwrites them.
#[utoipa::path(patch, path = "/v1/companies/{company_id}", tag = "companies", security(("bearer" = [])),
    params(("company_id" = String, Path)),
    request_body = enrichment::patch::CompanyPatch,
    responses((status = 200, body = enrichment::CompanyRecord), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn update_company(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: enrichment::patch::CompanyPatch = req.json(state.config.max_body_bytes)?;
    let changes = body.changes().map_err(ApiError::internal)?;
    api::patch_entity(
        state,
        &req,
        EntityKind::Company,
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

/// Watch a company: scheduled re-enrichment refreshes its stale fields, within the
/// organisation's daily `refresh_budget_credits` (`GET /v1/providers/policy`). Idempotent.
#[utoipa::path(post, path = "/v1/companies/{company_id}/watch", tag = "companies", security(("bearer" = [])),
    params(("company_id" = String, Path)),
    responses((status = 200, body = enrichment::CompanyRecord), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn watch_company(state: &AppState, req: ApiRequest) -> ApiResult {
    api::set_watch(state, &req, EntityKind::Company, true).await
}

/// Stop watching a company. Idempotent.
#[utoipa::path(delete, path = "/v1/companies/{company_id}/watch", tag = "companies", security(("bearer" = [])),
    params(("company_id" = String, Path)),
    responses((status = 200, body = enrichment::CompanyRecord), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn unwatch_company(state: &AppState, req: ApiRequest) -> ApiResult {
    api::set_watch(state, &req, EntityKind::Company, false).await
}
