//! The organisation's security log, newest first, with filters and a time range.

use super::*;
use access::model::AuditQuery;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditList {
    pub items: Vec<AuditEvent>,
    pub next_cursor: Option<String>,
}

fn parse_time(req: &ApiRequest, name: &str) -> Result<Option<time::OffsetDateTime>, ApiError> {
    match req.query_param::<String>(name)? {
        None => Ok(None),
        Some(raw) => {
            time::OffsetDateTime::parse(&raw, &time::format_description::well_known::Rfc3339)
                .map(Some)
                .map_err(|_| {
                    ApiError::invalid_field(
                        Location::Query,
                        name,
                        "invalid",
                        "an RFC 3339 time such as 2026-11-23T10:00:00Z",
                    )
                })
        }
    }
}

/// The organisation's security log, newest first: logins and failures, logouts, token reuse, role,
/// status and MFA changes, invitations, deletions.
///
/// Filters: `action` (exact, or a prefix ending in `.` such as `auth.`), `actor_id`, `target_id`,
/// `from` / `to` (RFC 3339, inclusive).
#[utoipa::path(get, path = "/v1/audit-events", tag = "audit", security(("bearer" = [])),
    params(
        ("action" = Option<String>, Query, description = "Exact action, or a prefix ending in '.'"),
        ("actor_id" = Option<String>, Query),
        ("target_id" = Option<String>, Query),
        ("from" = Option<String>, Query, description = "RFC 3339"),
        ("to" = Option<String>, Query, description = "RFC 3339"),
        ("limit" = Option<u32>, Query, description = "1..=100, default 50"),
        ("cursor" = Option<String>, Query),
    ),
    responses((status = 200, body = AuditList), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn list_audit_events(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let page = req.page_params(50, 100)?;
    let from = parse_time(&req, "from")?;
    let to = parse_time(&req, "to")?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(ApiError::validation(vec![kernel::error::FieldError::new(
                Location::Query,
                "from",
                "after_to",
                "from must not be later than to",
            )]));
        }
    }
    let query = AuditQuery {
        from,
        to,
        action: query_string(&req, "action", 64)?,
        actor_id: query_string(&req, "actor_id", 64)?,
        target_id: query_string(&req, "target_id", 64)?,
    };
    let codec = state.cursor_codec().await?;
    let page = AuditEvent::list(&state.store, &principal.tenant, &query, &page, codec).await?;
    ApiResponse::ok(&AuditList {
        items: page.items,
        next_cursor: page.next_cursor,
    })
}
