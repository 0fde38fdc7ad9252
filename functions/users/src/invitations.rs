//! Invitations: a mailed, single-use, 7-day token to join the organisation with a role.

use super::*;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteBody {
    #[schema(example = "bruno@acme.example")]
    pub email: String,
    /// admin, member or viewer (owners are made by promotion, API access by API keys).
    pub role: Role,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InvitationView {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub invited_by: String,
    pub created_at: String,
    /// Epoch seconds.
    pub expires_at: i64,
}

/// Invites a person by email with a role. The invitation token is only mailed, never returned: the
/// invitee registers with it at `POST /v1/auth/register` (`invitation_token`) within 7 days.
///
/// Retry: each call creates (and mails) a new invitation; all stay valid until used or expired,
/// and the platform-wide email marker still allows only one account. Invitations to one address are
/// rate limited (5 per 15 minutes).
#[utoipa::path(post, path = "/v1/users/invitations", tag = "users", security(("bearer" = [])),
    request_body = InviteBody,
    responses(
        (status = 201, body = InvitationView),
        (status = 409, description = "The email already has an account", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn invite(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?.clone();
    let body: InviteBody = req.json(state.config.max_body_bytes)?;
    let email = normalise_email(&body.email);
    let mut v = Validator::default();
    check_email(&mut v, &email);
    v.check(
        matches!(body.role, Role::Admin | Role::Member | Role::Viewer),
        "role",
        "invalid",
        "invite as admin, member or viewer; promote to owner after they join",
    );
    v.finish()?;
    if state
        .store
        .get::<EmailMarker>(&keys::unique(keys::Unique::Email, &email))
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict {
            detail: "this email already has an account".into(),
        });
    }
    onetime::limit_mail_requests(state, "invite", &email).await?;
    let tenant_view = ops::load_tenant(state, &principal.tenant).await?;
    let secret = tokens::random_secret();
    let at = now();
    let invitation = InvitationRecord {
        id: InvitationId::new(),
        tenant_id: principal.tenant.clone(),
        email: email.clone(),
        role: body.role,
        token_hash: tokens::hash_secret(&secret),
        invited_by: principal
            .id
            .parse()
            .map_err(|_| ApiError::internal("the principal id is not a user id"))?,
        created_at: rfc3339(at),
        expires_at: at.unix_timestamp() + INVITATION_TTL_SECS,
    };
    state
        .store
        .put(&invitation.record(), PutMode::IfAbsent)
        .await?;
    let token = format!("{}.{}.{secret}", principal.tenant, invitation.id);
    let org = kernel::text::one_line(&tenant_view.name);
    let mail = Mail::new(
        email.clone(),
        &format!("You are invited to {org} on Enrich"),
        format!(
            "You have been invited to join {org} on Enrich as {role}.\n\n\
             Accept: {base}/join?invitation_token={token}\n\n\
             Or register through the API with this invitation_token:\n{token}\n\n\
             The invitation expires in 7 days.",
            role = body.role.as_str(),
            base = state.config.app_base_url,
        ),
        "invitation",
    );
    mail::send(state, &mail).await?;
    AuditEvent::new("user.invited")
        .actor(&principal.id)
        .target(&invitation.id)
        .from_request(&req)
        .detail(serde_json::json!({"role": body.role}))
        .append(&state.store, &principal.tenant)
        .await?;
    ApiResponse::json(
        http::StatusCode::CREATED,
        &InvitationView {
            id: invitation.id.to_string(),
            email,
            role: invitation.role,
            invited_by: principal.id.clone(),
            created_at: invitation.created_at,
            expires_at: invitation.expires_at,
        },
    )
}

// ------------------------------------------------------------------ audit
