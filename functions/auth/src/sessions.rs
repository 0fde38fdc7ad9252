//! Staying signed in: refresh-token rotation with reuse detection, logout, the caller's profile and
//! their sessions.

use super::*;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshBody {
    pub refresh_token: String,
}

/// Rotates the refresh token: the answer carries a new pair and the presented token is retired.
/// Presenting a retired token again is treated as theft: the whole session (every token descended
/// from the same login) is revoked.
///
/// Concurrency: rotation is conditional on the session's version; of two concurrent refreshes with
/// one token, one succeeds and the other gets 401 (it is not treated as reuse).
#[utoipa::path(post, path = "/v1/auth/refresh", tag = "auth", request_body = RefreshBody,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn refresh(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: RefreshBody = req.json(state.config.max_body_bytes)?;
    let invalid = || ApiError::Unauthenticated {
        detail: "the refresh token is not valid; log in again".into(),
    };
    let (tenant, session_id, secret) =
        ops::parse_refresh_token(&body.refresh_token).ok_or_else(invalid)?;
    let key = keys::session(&tenant, session_id.as_str());
    let mut session = state
        .store
        .get::<SessionRecord>(&key)
        .await?
        .ok_or_else(invalid)?;
    let presented = tokens::hash_secret(secret);
    let now_s = now().unix_timestamp();
    if !session.is_live(now_s) {
        return Err(invalid());
    }
    if !tokens::hashes_equal(&session.refresh_hash, &presented) {
        if session
            .previous_hashes
            .iter()
            .any(|h| tokens::hashes_equal(h, &presented))
        {
            ops::revoke_session(state, &mut session, "refresh_token_reuse").await?;
            AuditEvent::new("auth.refresh_reuse")
                .target(&session.id)
                .from_request(&req)
                .detail(serde_json::json!({ "user_id": session.user_id }))
                .append(&state.store, &tenant)
                .await?;
            tracing::warn!(session = %session.id, "refresh token reuse: session revoked");
        }
        return Err(invalid());
    }
    let user = ops::load_user(state, &tenant, session.user_id.as_str())
        .await?
        .filter(|u| u.status == UserStatus::Active)
        .ok_or_else(invalid)?;
    let new_secret = tokens::random_secret();
    let expected = session.version;
    session.previous_hashes.push(std::mem::replace(
        &mut session.refresh_hash,
        tokens::hash_secret(&new_secret),
    ));
    // Bounded: enough to recognise any token a client could plausibly still hold.
    if session.previous_hashes.len() > 50 {
        session.previous_hashes.remove(0);
    }
    session.version += 1;
    session.last_used_at = rfc3339(now());
    session.expires_at = now_s + SESSION_TTL_SECS;
    session.ip = req.source_ip.clone().or(session.ip);
    match state
        .store
        .put(&session.record(), PutMode::IfVersion(expected))
        .await
    {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => return Err(invalid()),
        Err(e) => return Err(e.into()),
    }
    let tenant_view = ops::load_tenant(state, &tenant).await?;
    ApiResponse::ok(&TokenPair {
        access_token: ops::access_token(state, &user, &session.id).await?,
        refresh_token: ops::refresh_token(&tenant, &session.id, &new_secret),
        token_type: "Bearer",
        expires_in: tokens::ACCESS_TTL_SECS,
        user: user.view(),
        tenant: tenant_view,
    })
}

/// Ends the caller's session: its refresh token stops working and the access token used for this
/// call is denied until it would have expired. Idempotent.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Logged out")))]
pub(crate) async fn logout(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    if let (Some(jti), Some(exp)) = (&principal.token_id, principal.token_exp) {
        DeniedToken {
            jti: jti.clone(),
            exp,
        }
        .store(&state.store)
        .await?;
    }
    if let Some(sid) = &principal.session_id {
        let key = keys::session(&principal.tenant, sid);
        if let Some(mut session) = state.store.get::<SessionRecord>(&key).await? {
            ops::revoke_session(state, &mut session, "logout").await?;
        }
    }
    AuditEvent::new("auth.logout")
        .actor(&principal.id)
        .target(principal.session_id.as_deref().unwrap_or("-"))
        .from_request(&req)
        .append(&state.store, &principal.tenant)
        .await?;
    Ok(ApiResponse::no_content())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub user: UserView,
    pub tenant: TenantView,
    pub permissions: Vec<String>,
    pub preferences: Preferences,
}

/// The caller, their organisation and what they may do.
#[utoipa::path(get, path = "/v1/auth/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Me)))]
pub(crate) async fn me(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let user = ops::load_user(state, &principal.tenant, &principal.id)
        .await?
        .ok_or_else(|| ApiError::not_found("user not found"))?;
    let tenant = ops::load_tenant(state, &principal.tenant).await?;
    ApiResponse::ok(&Me {
        permissions: user.role.grants().iter().map(|s| (*s).to_owned()).collect(),
        preferences: user.preferences.clone(),
        user: user.view(),
        tenant,
    })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionList {
    pub items: Vec<SessionView>,
    pub next_cursor: Option<String>,
}

/// The caller's live sessions (device, IP, created, last used), oldest first.
#[utoipa::path(get, path = "/v1/auth/sessions", tag = "auth", security(("bearer" = [])),
    params(("limit" = Option<u32>, Query, description = "1..=100, default 50"), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = SessionList)))]
pub(crate) async fn list_sessions(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let page_params = req.page_params(50, 100)?;
    let codec = state.cursor_codec().await?;
    let page = state
        .store
        .query::<SessionRecord>(
            &principal.tenant,
            &keys::user_sessions_query(&principal.tenant, &principal.id),
            &page_params,
            codec,
        )
        .await?;
    let now_s = now().unix_timestamp();
    ApiResponse::ok(&SessionList {
        items: page
            .items
            .iter()
            .filter(|s| s.is_live(now_s))
            .map(|s| s.view(principal.session_id.as_deref()))
            .collect(),
        next_cursor: page.next_cursor,
    })
}

/// Revokes one of the caller's sessions (sign out a device). Another user's session is a 404.
#[utoipa::path(delete, path = "/v1/auth/sessions/{session_id}", tag = "auth", security(("bearer" = [])),
    params(("session_id" = String, Path)),
    responses((status = 204, description = "Revoked"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn delete_session(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let session_id: SessionId = req.path_param("session_id")?;
    let key = keys::session(&principal.tenant, session_id.as_str());
    let mut session = state
        .store
        .get::<SessionRecord>(&key)
        .await?
        .filter(|s| s.user_id.as_str() == principal.id && s.revoked_at.is_none())
        .ok_or_else(|| ApiError::not_found("no such session"))?;
    ops::revoke_session(state, &mut session, "signed_out").await?;
    AuditEvent::new("auth.session_revoked")
        .actor(&principal.id)
        .target(&session.id)
        .from_request(&req)
        .append(&state.store, &principal.tenant)
        .await?;
    Ok(ApiResponse::no_content())
}
