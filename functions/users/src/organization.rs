//! Organisation-wide settings: how long each kind of data is kept, and when usage alerts go out.

use super::*;
use access::alerting::{AlertSettings, AlertSettingsChange};
use access::retention::{Category, Retention, CATEGORIES};

/// The settings with the platform's bounds for each.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RetentionView {
    #[serde(flatten)]
    pub settings: Retention,
    /// Each setting's minimum, default and maximum.
    pub limits: Vec<Category>,
}

fn view(settings: Retention) -> ApiResult {
    ApiResponse::ok(&RetentionView {
        settings,
        limits: CATEGORIES.to_vec(),
    })
}

/// How long the organisation keeps its call log, provider cache, audit log, job results and
/// delivery events, in days, with the platform's bounds.
#[utoipa::path(get, path = "/v1/organization/retention", tag = "organization", security(("bearer" = [])),
    responses((status = 200, body = RetentionView)))]
pub(crate) async fn get_retention(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    view(Retention::load(&state.store, &principal.tenant).await?)
}

/// Changes any of the retention settings (days, within each one's bounds; every bad field is named
/// and nothing changes). A shorter setting applies at once: the hourly retention sweep deletes what
/// is now too old, and reads stop returning cached answers past it. A longer one applies to data
/// written from now on. Audited with the old and new values.
///
/// Retry: the same change again is harmless (the values are set, not added). Concurrency: send the
/// `version` you read; a change made meanwhile makes this a 409.
#[utoipa::path(put, path = "/v1/organization/retention", tag = "organization", security(("bearer" = [])),
    request_body = access::retention::RetentionChange,
    responses(
        (status = 200, body = RetentionView),
        (status = 409, description = "Changed by someone else since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn put_retention(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let change: serde_json::Map<String, serde_json::Value> =
        req.json(state.config.max_body_bytes)?;
    let before = Retention::load(&state.store, &principal.tenant).await?;
    let mut next = before.clone();
    let expected = next.apply(&change)?;
    if next == before {
        return view(before);
    }
    if expected.is_some_and(|v| v != before.version) {
        return Err(conflict());
    }
    next.updated_at = Some(kernel::time::rfc3339(kernel::time::now()));
    next.updated_by = Some(principal.id.clone());
    next.save(&state.store, &principal.tenant)
        .await
        .map_err(|e| match e {
            StoreError::ConditionFailed | StoreError::AlreadyExists => conflict(),
            e => e.into(),
        })?;
    let days = |r: &Retention| {
        serde_json::json!({
            "call_log_days": r.call_log_days, "provider_cache_days": r.provider_cache_days,
            "audit_log_days": r.audit_log_days, "job_results_days": r.job_results_days,
            "delivery_events_days": r.delivery_events_days,
        })
    };
    AuditEvent::new("organization.retention_changed")
        .actor(&principal.id)
        .from_request(&req)
        .detail(serde_json::json!({"before": days(&before), "after": days(&next)}))
        .append(&state.store, &principal.tenant)
        .await?;
    view(next)
}

fn conflict() -> ApiError {
    ApiError::Conflict {
        detail: "the retention settings changed since you read them; read them again".into(),
    }
}

/// The organisation's alert thresholds: the percentages of a provider's monthly quota, or of a
/// credit balance on the organisation's own provider key, at which its owners and admins are
/// mailed and `quota.threshold_reached` / `provider.credits_low` go on the event bus (once per
/// threshold and month).
#[utoipa::path(get, path = "/v1/organization/alerts", tag = "organization", security(("bearer" = [])),
    responses((status = 200, body = AlertSettings)))]
pub(crate) async fn get_alerts(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    ApiResponse::ok(&AlertSettings::load(&state.store, &principal.tenant).await?)
}

/// Replaces the alert thresholds (1–5 distinct percentages, 1–100). Audited.
///
/// Retry: the same thresholds again change nothing. Concurrency: send the `version` you read; a
/// change made meanwhile makes this a 409.
#[utoipa::path(put, path = "/v1/organization/alerts", tag = "organization", security(("bearer" = [])),
    request_body = AlertSettingsChange,
    responses(
        (status = 200, body = AlertSettings),
        (status = 409, description = "Changed by someone else since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn put_alerts(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let change: AlertSettingsChange = req.json(state.config.max_body_bytes)?;
    let before = AlertSettings::load(&state.store, &principal.tenant).await?;
    let mut next = before.clone();
    let expected = next.apply(change)?;
    if next.thresholds == before.thresholds {
        return ApiResponse::ok(&before);
    }
    if expected.is_some_and(|v| v != before.version) {
        return Err(ApiError::Conflict {
            detail: "the alert settings changed since you read them; read them again".into(),
        });
    }
    next.updated_at = Some(kernel::time::rfc3339(kernel::time::now()));
    next.save(&state.store, &principal.tenant)
        .await
        .map_err(|e| match e {
            StoreError::ConditionFailed | StoreError::AlreadyExists => ApiError::Conflict {
                detail: "the alert settings changed since you read them; read them again".into(),
            },
            e => e.into(),
        })?;
    AuditEvent::new("organization.alerts_changed")
        .actor(&principal.id)
        .from_request(&req)
        .detail(serde_json::json!({"before": before.thresholds, "after": next.thresholds}))
        .append(&state.store, &principal.tenant)
        .await?;
    ApiResponse::ok(&next)
}

/// A window of the caller's own limits as it stands.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WindowView {
    /// Request units allowed in the window.
    pub limit: u64,
    /// Request units spent in it (this request included).
    pub used: u64,
    pub remaining: u64,
    /// When the window starts again.
    #[schema(format = DateTime)]
    pub reset_at: String,
}

/// What each request weighs against a user's limits, by the class of its route.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WeightsView {
    /// Any `GET`.
    pub read: u64,
    /// Any other write.
    pub write: u64,
    /// `POST /v1/people/enrich`, `/v1/companies/enrich`, `/v1/people/search`, `/v1/companies/search`.
    pub enrichment: u64,
    /// Bulk enrichment, contact bulk upserts, validation runs, imports and syncs, campaign sends.
    pub bulk: u64,
}

/// The organisation's limits tier and what it allows each of its users.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LimitsView {
    /// Set by the platform's operators (ask support to move tiers).
    pub tier: access::partner::Tier,
    /// What each signed-in user may spend, in request units.
    pub per_user: PerUserLimits,
    pub weights: WeightsView,
    /// The caller's own windows: minute, hour and UTC day.
    pub yours: Vec<NamedWindow>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PerUserLimits {
    pub per_minute: u64,
    pub per_hour: u64,
    pub per_day: u64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NamedWindow {
    /// `minute`, `hour` or `day`.
    pub window: String,
    #[serde(flatten)]
    pub state: WindowView,
}

/// The organisation's limits tier, each user's limits under it (request units per minute, hour
/// and day; a read is 1 unit, a write 2, an enrichment 5, a bulk submission 20), and the caller's
/// own use of them. A request past a limit is a 429 with `Retry-After`; every answer carries
/// `X-RateLimit-*` and `RateLimit` headers for the window that binds.
#[utoipa::path(get, path = "/v1/organization/limits", tag = "organization", security(("bearer" = [])),
    responses((status = 200, body = LimitsView)))]
pub(crate) async fn get_limits(state: &AppState, req: ApiRequest) -> ApiResult {
    use platform::partner::{RouteClass, WINDOWS};
    let principal = req.principal()?;
    // The limits the authorizer handed over are the ones enforced on this very request; the
    // organisation is read (for its tier's name) beside the caller's windows.
    let limits = match &principal.rate {
        Some(rate) => rate.limits,
        None => access::partner::user_limits(&state.config, Default::default()),
    };
    let now = kernel::time::now().unix_timestamp();
    let caller = [(principal.id.as_str(), limits)];
    let (organisation, windows) = tokio::join!(
        TenantRecord::load(&state.store, &principal.tenant),
        platform::partner::peek(&state.store, &caller, now)
    );
    let tier = organisation?.map(|t| t.tier).unwrap_or_default();
    let windows = windows?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal("the limiter read no windows"))?;
    let yours = WINDOWS
        .iter()
        .zip(windows.iter())
        .map(|((name, _), w)| NamedWindow {
            window: (*name).to_owned(),
            state: WindowView {
                limit: w.limit,
                used: w.used,
                remaining: w.remaining(),
                reset_at: kernel::time::rfc3339_at(w.reset_at),
            },
        })
        .collect();
    ApiResponse::ok(&LimitsView {
        tier,
        per_user: PerUserLimits {
            per_minute: limits[0],
            per_hour: limits[1],
            per_day: limits[2],
        },
        weights: WeightsView {
            read: RouteClass::Read.weight(),
            write: RouteClass::Write.weight(),
            enrichment: RouteClass::Enrichment.weight(),
            bulk: RouteClass::Bulk.weight(),
        },
        yours,
    })
}
