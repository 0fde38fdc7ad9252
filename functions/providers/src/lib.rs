//! The `providers` function: the organisation's provider settings (on/off, waterfall order, rate
//! limit, monthly quota), its own provider keys (written to Secrets Manager; only the last 4
//! characters are ever shown), the provider's account (credits), usage and the call log.

use access::model::{now, rfc3339, AuditEvent};
use enrichment::engine::{call_log, CallLogEntry, UsageCounter, Warning};
use enrichment::settings::{tenant_secret_id, ProviderSettings, TenantProviders};
use enrichment::CacheMode;
use kernel::error::{FieldError, Location, Problem};
use platform::http::Principal;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use providers::{Capability, Op, ProviderName};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::OpenApi;

platform::routes! {
    "GET" "/v1/providers" => list_providers, "providers.read",
    "GET" "/v1/providers/usage" => usage, "providers.read",
    "GET" "/v1/providers/performance" => performance, "providers.read",
    "GET" "/v1/providers/calls" => calls, "providers.read",
    "GET" "/v1/providers/policy" => get_policy, "providers.read",
    "PATCH" "/v1/providers/policy" => update_policy, "providers.write",
    "PATCH" "/v1/providers/{name}" => update_provider, "providers.write",
    "PUT" "/v1/providers/{name}/credentials" => put_credentials, "providers.write",
    "DELETE" "/v1/providers/{name}/credentials" => delete_credentials, "providers.write",
    "GET" "/v1/providers/{name}/account" => account, "providers.read",
}

#[derive(OpenApi)]
#[openapi(
    paths(list_providers, usage, performance, calls, get_policy, update_policy, update_provider, put_credentials, delete_credentials, account),
    components(schemas(enrichment::refresh::RefreshDay, PolicyView, PolicyChange, enrichment::policy::Strategy, ProviderView, ProviderList, CredentialsView, CredentialsBody, ProviderUsageReport, UsageRow, enrichment::performance::PerformanceReport, enrichment::performance::FieldPerformance, CallLogPage, CallLogEntry, AccountView, Warning, Problem)),
    tags((name = "providers", description = "Data providers: order, limits, keys, credits, usage and the call log"))
)]
pub struct ApiDoc;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CredentialsView {
    /// `organisation` (its own key) or `platform`.
    pub source: &'static str,
    /// Last 4 characters of the organisation's key; the key itself is never returned.
    pub last4: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProviderView {
    pub name: ProviderName,
    /// person, company, email_verification, registry
    pub capabilities: Vec<&'static str>,
    pub active: bool,
    pub order: u32,
    pub rate_limit_per_minute: Option<u32>,
    pub monthly_quota: Option<u64>,
    pub credentials: CredentialsView,
    pub version: u64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProviderList {
    /// In waterfall order (active first).
    pub items: Vec<ProviderView>,
}

fn capability_name(c: &Capability) -> &'static str {
    match c {
        Capability::Person => "person",
        Capability::Company => "company",
        Capability::EmailVerification => "email_verification",
        Capability::Registry => "registry",
        Capability::Search => "search",
    }
}

fn view(s: &ProviderSettings) -> ProviderView {
    ProviderView {
        name: s.provider,
        capabilities: s
            .provider
            .capabilities()
            .iter()
            .map(capability_name)
            .collect(),
        active: s.active,
        order: s.order,
        rate_limit_per_minute: s.rate_limit_per_minute,
        monthly_quota: s.monthly_quota,
        credentials: CredentialsView {
            source: if s.credentials_last4.is_some() {
                "organisation"
            } else {
                "platform"
            },
            last4: s.credentials_last4.clone(),
            updated_at: s.credentials_updated_at.clone(),
        },
        version: s.version,
    }
}

fn provider_param(req: &ApiRequest) -> Result<ProviderName, ApiError> {
    let raw: String = req.path_param("name")?;
    ProviderName::parse(&raw).ok_or_else(|| {
        ApiError::not_found(format!("no provider named {raw:?}; see GET /v1/providers"))
    })
}

/// The organisation's providers and their settings, in waterfall order.
#[utoipa::path(get, path = "/v1/providers", tag = "providers", security(("bearer" = [])),
    responses((status = 200, body = ProviderList)))]
async fn list_providers(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let all = TenantProviders::load(state, &principal.tenant).await?;
    let mut items: Vec<&ProviderSettings> = all.by_name.values().collect();
    items.sort_by_key(|s| (!s.active, s.order, s.provider));
    ApiResponse::ok(&ProviderList {
        items: items.into_iter().map(view).collect(),
    })
}

async fn save(
    state: &AppState,
    principal: &Principal,
    settings: &mut ProviderSettings,
) -> Result<(), ApiError> {
    let expected = settings.version;
    settings.version += 1;
    settings.updated_at = Some(rfc3339(now()));
    if settings.save(state, &principal.tenant, expected).await? {
        Ok(())
    } else {
        Err(ApiError::Conflict {
            detail: "the provider's settings changed meanwhile; read them again and retry".into(),
        })
    }
}

fn whole(
    value: &Value,
    field: &str,
    min: u64,
    max: u64,
    errors: &mut Vec<FieldError>,
) -> Option<u64> {
    match kernel::bounds::whole(value).filter(|n| (min..=max).contains(n)) {
        Some(n) => Some(n),
        None => {
            errors.push(FieldError::body(
                field,
                "out_of_range",
                format!("a whole number from {min} to {max}"),
            ));
            None
        }
    }
}

/// Change a provider's settings: `active`, `order` (lower runs first), `rate_limit_per_minute` and
/// `monthly_quota` (`null` removes a limit), optionally with the `version` read.
#[utoipa::path(patch, path = "/v1/providers/{name}", tag = "providers", security(("bearer" = [])),
    params(("name" = String, Path)),
    request_body(content = Object, description = "active, order, rate_limit_per_minute, monthly_quota, version"),
    responses((status = 200, body = ProviderView), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn update_provider(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let provider = provider_param(&req)?;
    let body: BTreeMap<String, Value> = req.json(state.config.max_body_bytes)?;
    let all = TenantProviders::load(state, &principal.tenant).await?;
    let mut settings = all.get(provider).clone();
    let before = settings.clone();
    let mut errors = Vec::new();
    if body.is_empty() {
        errors.push(FieldError::body(
            "",
            "empty",
            "name at least one setting to change",
        ));
    }
    for (field, value) in &body {
        match field.as_str() {
            "active" => match value.as_bool() {
                Some(b) => settings.active = b,
                None => errors.push(FieldError::body("active", "type", "true or false")),
            },
            "order" => {
                if let Some(n) = whole(value, "order", 0, 10_000, &mut errors) {
                    settings.order = n as u32;
                }
            }
            "rate_limit_per_minute" => {
                settings.rate_limit_per_minute = if value.is_null() {
                    None
                } else {
                    whole(value, field, 1, 100_000, &mut errors).map(|n| n as u32)
                }
            }
            "monthly_quota" => {
                settings.monthly_quota = if value.is_null() {
                    None
                } else {
                    whole(value, field, 1, 1_000_000_000, &mut errors)
                }
            }
            "version" => {
                if kernel::bounds::whole(value) != Some(settings.version) {
                    return Err(ApiError::Conflict {
                        detail: format!(
                            "the settings are at version {}, not the one given",
                            settings.version
                        ),
                    });
                }
            }
            other => errors.push(FieldError::body(other, "unknown", "not a provider setting")),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    save(state, principal, &mut settings).await?;
    AuditEvent::new("provider.updated")
        .actor(&principal.id)
        .target(provider)
        .from_request(&req)
        .detail(serde_json::json!({
            "active": [before.active, settings.active],
            "order": [before.order, settings.order],
            "rate_limit_per_minute": [before.rate_limit_per_minute, settings.rate_limit_per_minute],
            "monthly_quota": [before.monthly_quota, settings.monthly_quota],
        }))
        .append(&state.store, &principal.tenant)
        .await?;
    ApiResponse::ok(&view(&settings))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CredentialsBody {
    /// The provider key (Serpro: `consumer_key:consumer_secret`). Stored in Secrets Manager only.
    pub api_key: String,
}

/// Store the organisation's own key for a provider.
///
/// The key goes to Secrets Manager under this organisation's name; the settings keep only its last
/// 4 characters. Enrichment uses it from then on instead of the platform's key (containers pick a
/// new key up within 5 minutes, or at once when the provider refuses the old one).
#[utoipa::path(put, path = "/v1/providers/{name}/credentials", tag = "providers", security(("bearer" = [])),
    params(("name" = String, Path)), request_body = CredentialsBody,
    responses((status = 200, body = ProviderView), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn put_credentials(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let provider = provider_param(&req)?;
    let body: CredentialsBody = req.json(state.config.max_body_bytes)?;
    // Read as given (the document's pattern admits no surrounding space), counted in characters.
    let key = body.api_key.as_str();
    let mut errors = Vec::new();
    if !provider.needs_key() {
        errors.push(FieldError::body(
            "api_key",
            "unsupported",
            format!("{provider} takes no key"),
        ));
    } else if !(8..=1024).contains(&key.chars().count()) || key.chars().any(char::is_whitespace) {
        errors.push(FieldError::body(
            "api_key",
            "invalid",
            "8 to 1024 characters without spaces",
        ));
    } else if let Err(e) = kernel::text::check_line(key) {
        // A key goes into a request header to the provider: no character may end that header.
        errors.push(FieldError::body("api_key", e.code(), e.message()));
    } else if provider == ProviderName::Serpro && !key.contains(':') {
        errors.push(FieldError::body(
            "api_key",
            "invalid",
            "Serpro takes consumer_key:consumer_secret",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let secret_id = tenant_secret_id(
        &*providers::settings(state).await?,
        &principal.tenant,
        provider,
    );
    let sm = state.aws.secrets();
    // Overwrite if it exists, else create: idempotent under retry.
    let put = sm
        .put_secret_value()
        .secret_id(&secret_id)
        .secret_string(key)
        .send()
        .await;
    if let Err(e) = put {
        let e = e.into_service_error();
        if !e.is_resource_not_found_exception() {
            return Err(ApiError::internal(e));
        }
        sm.create_secret()
            .name(&secret_id)
            .description("An Enrich organisation's own provider key")
            .secret_string(key)
            .send()
            .await
            .map_err(|e| ApiError::internal(e.into_service_error()))?;
    }
    state.secrets.invalidate(&secret_id).await;
    let all = TenantProviders::load(state, &principal.tenant).await?;
    let mut settings = all.get(provider).clone();
    let chars: Vec<char> = key.chars().collect();
    settings.credentials_last4 = Some(chars[chars.len().saturating_sub(4)..].iter().collect());
    settings.credentials_updated_at = Some(rfc3339(now()));
    save(state, principal, &mut settings).await?;
    AuditEvent::new("provider.credentials_set")
        .actor(&principal.id)
        .target(provider)
        .from_request(&req)
        .append(&state.store, &principal.tenant)
        .await?;
    ApiResponse::ok(&view(&settings))
}

/// Remove the organisation's own key: enrichment goes back to the platform's key. The secret is
/// scheduled for deletion (Secrets Manager keeps it 7 days, recoverable).
#[utoipa::path(delete, path = "/v1/providers/{name}/credentials", tag = "providers", security(("bearer" = [])),
    params(("name" = String, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn delete_credentials(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let provider = provider_param(&req)?;
    let all = TenantProviders::load(state, &principal.tenant).await?;
    let mut settings = all.get(provider).clone();
    if settings.credentials_last4.is_none() {
        return Err(ApiError::not_found(
            "this organisation has no own key for the provider",
        ));
    }
    settings.credentials_last4 = None;
    settings.credentials_updated_at = Some(rfc3339(now()));
    save(state, principal, &mut settings).await?;
    let secret_id = tenant_secret_id(
        &*providers::settings(state).await?,
        &principal.tenant,
        provider,
    );
    if let Err(e) = state
        .aws
        .secrets()
        .delete_secret()
        .secret_id(&secret_id)
        .recovery_window_in_days(7)
        .send()
        .await
    {
        // The settings no longer point at it, so the key is unused either way.
        tracing::warn!(error = %e.into_service_error(), "could not schedule the key's deletion");
    }
    state.secrets.invalidate(&secret_id).await;
    AuditEvent::new("provider.credentials_removed")
        .actor(&principal.id)
        .target(provider)
        .from_request(&req)
        .append(&state.store, &principal.tenant)
        .await?;
    Ok(ApiResponse::no_content())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AccountView {
    pub provider: ProviderName,
    /// The provider's answer (credits remaining, plan…), or null when it could not be read.
    pub account: Value,
    /// Whether it came from the cache (5 minutes by default).
    pub cached: bool,
    pub warnings: Vec<Warning>,
}

/// The organisation's account at a provider (credits, plan): ZeroBounce, RocketReach, sandbox.
#[utoipa::path(get, path = "/v1/providers/{name}/account", tag = "providers", security(("bearer" = [])),
    params(("name" = String, Path)),
    responses((status = 200, body = AccountView), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn account(state: &AppState, req: ApiRequest) -> ApiResult {
    let provider = provider_param(&req)?;
    if !matches!(
        provider,
        ProviderName::Zerobounce | ProviderName::Rocketreach | ProviderName::Sandbox
    ) {
        // The resource does not exist for this provider.
        return Err(ApiError::not_found(format!(
            "{provider} has no account endpoint"
        )));
    }
    let mut sess = enrichment_http::caller_enrichment(state, &req, CacheMode::Use).await?;
    let reply = sess.call(provider, Op::Account).await?;
    sess.flush().await?;
    ApiResponse::ok(&AccountView {
        provider,
        account: reply.map(|r| r.data).unwrap_or(Value::Null),
        cached: sess.calls.last().is_some_and(|c| c.cached),
        warnings: sess.warnings,
    })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UsageRow {
    /// The day (`YYYY-MM-DD`) or the provider, per `group_by`.
    pub key: String,
    pub calls: u64,
    pub credits: f64,
    pub errors: u64,
    pub error_rate: f64,
    pub avg_latency_ms: f64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProviderUsageReport {
    pub from: String,
    pub to: String,
    pub group_by: String,
    pub rows: Vec<UsageRow>,
    pub total: UsageRow,
    /// Scheduled re-enrichment per day of the range that had any: the budget, the credits set
    /// aside, records refreshed, and records the spent budget kept from refreshing.
    pub refresh: Vec<enrichment::refresh::RefreshDay>,
}

fn day(raw: Option<String>, field: &str, default: time::Date) -> Result<time::Date, ApiError> {
    match raw {
        None => Ok(default),
        Some(r) => time::Date::parse(
            &r,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map_err(|_| {
            ApiError::invalid_field(Location::Query, field, "invalid", "a date as YYYY-MM-DD")
        }),
    }
}

fn row(key: String, counters: &[&UsageCounter]) -> UsageRow {
    let calls: f64 = counters.iter().map(|c| c.calls).sum();
    let errors: f64 = counters.iter().map(|c| c.errors).sum();
    let latency: f64 = counters.iter().map(|c| c.latency_ms).sum();
    let round = enrichment::merge::round2;
    UsageRow {
        key,
        calls: calls as u64,
        credits: round(counters.iter().map(|c| c.credits).sum()),
        errors: errors as u64,
        error_rate: if calls > 0.0 {
            round(errors / calls)
        } else {
            0.0
        },
        avg_latency_ms: if calls > 0.0 {
            round(latency / calls)
        } else {
            0.0
        },
    }
}

/// Provider performance: per provider and field, over the last `days` days, how often a lookup
/// filled the field (`hit_rate`), what a filled field cost (`credits_per_filled_field`) and the
/// lookup latency (p50, p95). Counted as calls are logged (exact under concurrency, no extra
/// write); read from the daily usage counters (one Query).
#[utoipa::path(get, path = "/v1/providers/performance", tag = "providers", security(("bearer" = [])),
    params(
        ("field" = Option<String>, Query, description = "one field (`email`, `title`, `employee_count`…); default every field filled"),
        ("days" = Option<u32>, Query, description = "1 to 90, default 30 (today included)"),
    ),
    responses((status = 200, body = enrichment::performance::PerformanceReport), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn performance(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    // Readable but out of bounds is a 422 naming the parameter; an empty value is no value.
    let days: u32 = req.query_param("days")?.unwrap_or(30);
    if !(1..=90).contains(&days) {
        return Err(ApiError::validation(vec![FieldError::new(
            Location::Query,
            "days",
            "out_of_range",
            "between 1 and 90",
        )]));
    }
    // An empty value is no field (the document's enum has none): refused like any unknown one.
    let field: Option<String> = req.query_param::<String>("field")?;
    if let Some(f) = &field {
        let known = providers::PERSON_FIELDS.contains(&f.as_str())
            || providers::COMPANY_FIELDS.contains(&f.as_str());
        if !known {
            return Err(ApiError::validation(vec![FieldError::new(
                Location::Query,
                "field",
                "unknown",
                "a field providers fill (see the person and company schemas)",
            )]));
        }
    }
    let report =
        enrichment::performance::report(state, &principal.tenant, field.as_deref(), days).await?;
    ApiResponse::ok(&report)
}

/// Provider usage: calls, credits, errors and latency per day or per provider (daily counters, one
/// Query for the whole range; at most 366 days).
#[utoipa::path(get, path = "/v1/providers/usage", tag = "providers", security(("bearer" = [])),
    params(
        ("from" = Option<String>, Query, description = "YYYY-MM-DD, default 30 days ago"),
        ("to" = Option<String>, Query, description = "YYYY-MM-DD, default today"),
        ("group_by" = Option<String>, Query, description = "day (default) or provider"),
    ),
    responses((status = 200, body = ProviderUsageReport), (status = 400, body = Problem, content_type = "application/problem+json")))]
async fn usage(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let today = now().date();
    let to = day(req.query_param("to")?, "to", today)?;
    let from = day(
        req.query_param("from")?,
        "from",
        to - time::Duration::days(30),
    )?;
    if from > to {
        return Err(ApiError::validation(vec![kernel::error::FieldError::new(
            Location::Query,
            "from",
            "out_of_range",
            "must not be after `to`",
        )]));
    }
    if (to - from).whole_days() > 366 {
        return Err(ApiError::validation(vec![kernel::error::FieldError::new(
            Location::Query,
            "from",
            "out_of_range",
            "the range is at most 366 days",
        )]));
    }
    let group_by: String = req.query_param("group_by")?.unwrap_or_else(|| "day".into());
    if !matches!(group_by.as_str(), "day" | "provider") {
        return Err(ApiError::invalid_field(
            Location::Query,
            "group_by",
            "invalid",
            "day or provider",
        ));
    }
    let fmt = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day());
    let counters: Vec<UsageCounter> =
        enrichment::engine::usage_between(state, &principal.tenant, &fmt(from), &fmt(to)).await?;
    let mut groups: BTreeMap<String, Vec<&UsageCounter>> = BTreeMap::new();
    for c in &counters {
        let key = if group_by == "day" {
            c.day.clone()
        } else {
            c.provider.clone()
        };
        groups.entry(key).or_default().push(c);
    }
    let all: Vec<&UsageCounter> = counters.iter().collect();
    let refresh =
        enrichment::refresh::days_between(state, &principal.tenant, &fmt(from), &fmt(to)).await?;
    ApiResponse::ok(&ProviderUsageReport {
        from: fmt(from),
        to: fmt(to),
        group_by,
        rows: groups.into_iter().map(|(k, v)| row(k, &v)).collect(),
        total: row("total".into(), &all),
        refresh,
    })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CallLogPage {
    pub items: Vec<CallLogEntry>,
    pub next_cursor: Option<String>,
}

/// The provider call log, newest first (kept 90 days): provider, endpoint, HTTP status, outcome,
/// latency, attempts, credits, user and request id.
#[utoipa::path(get, path = "/v1/providers/calls", tag = "providers", security(("bearer" = [])),
    params(
        ("provider" = Option<String>, Query),
        ("limit" = Option<u32>, Query, description = "1..=100, default 50"),
        ("cursor" = Option<String>, Query),
    ),
    responses((status = 200, body = CallLogPage), (status = 400, body = Problem, content_type = "application/problem+json")))]
async fn calls(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let page = req.page_params(50, 100)?;
    let provider = match req.query_param::<String>("provider")? {
        None => None,
        Some(raw) => Some(ProviderName::parse(&raw).ok_or_else(|| {
            ApiError::invalid_field(
                Location::Query,
                "provider",
                "unknown",
                "not a provider name",
            )
        })?),
    };
    let codec = state.cursor_codec().await?;
    let found = call_log(state, &principal.tenant, provider, &page, codec).await?;
    ApiResponse::ok(&CallLogPage {
        items: found.items,
        next_cursor: found.next_cursor,
    })
}

/// The organisation's enrichment policy as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PolicyView {
    /// How enrichments order their providers unless a request names its own `strategy`.
    pub strategy: enrichment::policy::Strategy,
    /// Field → days after which a value is stale (the organisation's and the defaults; any field
    /// not listed: 365).
    pub max_age_days: BTreeMap<String, u32>,
    /// Credits scheduled re-enrichment may spend per UTC day (0: none).
    pub refresh_budget_credits: f64,
    /// When the provider performance the strategies choose by was last measured (`null`: never).
    pub estimates_computed_at: Option<String>,
    /// Send it back with a change; 0 while the defaults apply.
    pub version: u64,
    pub updated_at: Option<String>,
}

fn policy_view(all: &TenantProviders) -> PolicyView {
    let p = &all.policy;
    PolicyView {
        strategy: p.strategy,
        max_age_days: p.effective_ages(),
        refresh_budget_credits: p.refresh_budget_credits,
        estimates_computed_at: (all.estimates.computed_at > 0)
            .then(|| kernel::time::rfc3339_at(all.estimates.computed_at)),
        version: p.version,
        updated_at: p.updated_at.clone(),
    }
}

/// A change to the enrichment policy: only the named settings change.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyChange {
    pub strategy: Option<enrichment::policy::Strategy>,
    /// Field → days (0–3650; 0: stale as soon as it is stored, so every scheduled run refreshes a
    /// watched record's value, at most once a day); `null` puts a field back to its default.
    #[schema(value_type = Option<BTreeMap<String, Option<u32>>>)]
    pub max_age_days: Option<BTreeMap<String, Option<u32>>>,
    #[schema(minimum = 0, maximum = 1000000)]
    pub refresh_budget_credits: Option<f64>,
    /// The version read; a change made since then makes this a 409.
    #[serde(default, deserialize_with = "kernel::bounds::version")]
    pub version: Option<u64>,
}

/// The enrichment policy: provider order strategy, field freshness and the refresh budget.
#[utoipa::path(get, path = "/v1/providers/policy", tag = "providers", security(("bearer" = [])),
    responses((status = 200, body = PolicyView)))]
async fn get_policy(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let all = TenantProviders::load(state, &principal.tenant).await?;
    ApiResponse::ok(&policy_view(&all))
}

/// Change the enrichment policy.
///
/// `strategy`: `fixed` (the configured order), `cost` (cheapest expected credits per filled
/// field first) or `coverage` (highest hit rate first); `max_age_days`: per field, how old a value
/// may grow before it is stale and scheduled re-enrichment refreshes it; `refresh_budget_credits`:
/// what that re-enrichment may spend per UTC day.
#[utoipa::path(patch, path = "/v1/providers/policy", tag = "providers", security(("bearer" = [])),
    request_body = PolicyChange,
    responses((status = 200, body = PolicyView), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn update_policy(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let change: PolicyChange = req.json(state.config.max_body_bytes)?;
    let mut all = TenantProviders::load(state, &principal.tenant).await?;
    let before = all.policy.clone();
    if let Some(v) = change.version {
        if v != before.version {
            return Err(ApiError::Conflict {
                detail: format!(
                    "the policy is at version {}, not the one given",
                    before.version
                ),
            });
        }
    }
    let mut errors = Vec::new();
    let mut policy = before.clone();
    if let Some(s) = change.strategy {
        policy.strategy = s;
    }
    for (field, days) in change.max_age_days.iter().flatten() {
        let name = format!("max_age_days.{field}");
        let known = providers::PERSON_FIELDS.contains(&field.as_str())
            || providers::COMPANY_FIELDS.contains(&field.as_str());
        if !known {
            errors.push(FieldError::body(
                name,
                "unknown",
                "not a person or company field",
            ));
            continue;
        }
        match days {
            None => {
                policy.max_age_days.remove(field);
            }
            Some(d) if *d <= enrichment::policy::MAX_AGE_DAYS_LIMIT => {
                policy.max_age_days.insert(field.clone(), *d);
            }
            Some(_) => errors.push(FieldError::body(name, "out_of_range", "0 to 3650 days")),
        }
    }
    if let Some(b) = change.refresh_budget_credits {
        if !(0.0..=enrichment::policy::REFRESH_BUDGET_LIMIT).contains(&b) || b.is_nan() {
            errors.push(FieldError::body(
                "refresh_budget_credits",
                "out_of_range",
                "0 to 1,000,000 credits",
            ));
        } else {
            policy.refresh_budget_credits = b;
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    policy.version = before.version + 1;
    policy.updated_at = Some(rfc3339(now()));
    if !policy
        .save(state, &principal.tenant, before.version)
        .await?
    {
        return Err(ApiError::Conflict {
            detail: "the policy changed meanwhile; read it again and retry".into(),
        });
    }
    AuditEvent::new("enrichment_policy.updated")
        .actor(&principal.id)
        .target("policy")
        .from_request(&req)
        .detail(serde_json::json!({
            "strategy": [before.strategy, policy.strategy],
            "max_age_days": [before.max_age_days, policy.max_age_days],
            "refresh_budget_credits": [before.refresh_budget_credits, policy.refresh_budget_credits],
        }))
        .append(&state.store, &principal.tenant)
        .await?;
    all.policy = policy;
    ApiResponse::ok(&policy_view(&all))
}
