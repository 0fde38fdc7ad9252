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
