//! A user's preferences: language, time zone, notification settings.

use super::*;

/// A user's preferences. Anyone may read their own; others' need `users.read`.
#[utoipa::path(get, path = "/v1/users/{user_id}/preferences", tag = "users", security(("bearer" = [])),
    params(("user_id" = String, Path)),
    responses((status = 200, body = Preferences), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn get_preferences(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    let user = target_user(state, &req).await?;
    principal.require_for_other(user.id.as_str(), "users.read")?;
    ApiResponse::ok(&user.preferences)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesBody {
    /// BCP 47 language tag.
    #[schema(example = "pt-BR")]
    pub language: String,
    /// IANA time zone name (validated against the tz database; stored in canonical form).
    #[schema(example = "America/Sao_Paulo")]
    pub timezone: String,
    #[serde(deserialize_with = "kernel::shape::object")]
    pub notifications: NotificationSettings,
}

/// Replaces a user's preferences. Anyone may set their own; others' need `users.write`.
///
/// Retry: idempotent (the same body gives the same result). Concurrency: conditional on the version
/// read; a concurrent change of the user gets 409.
#[utoipa::path(put, path = "/v1/users/{user_id}/preferences", tag = "users", security(("bearer" = [])),
    params(("user_id" = String, Path)), request_body = PreferencesBody,
    responses(
        (status = 200, body = Preferences),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn put_preferences(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?.clone();
    let body: PreferencesBody = req.json(state.config.max_body_bytes)?;
    let mut v = Validator::default();
    let language = body.language.trim();
    v.check(
        language_is_valid(language),
        "language",
        "invalid",
        "a BCP 47 language tag such as en, pt-BR or es-419",
    );
    let timezone = canonical_timezone(body.timezone.trim());
    v.check(
        timezone.is_some(),
        "timezone",
        "invalid",
        "an IANA time zone name such as America/Sao_Paulo or UTC",
    );
    v.finish()?;
    let mut user = target_user(state, &req).await?;
    principal.require_for_other(user.id.as_str(), "users.write")?;
    let preferences = Preferences {
        language: language.to_owned(),
        timezone: timezone.unwrap_or("UTC").to_owned(),
        notifications: body.notifications,
    };
    if user.preferences != preferences {
        user.preferences = preferences;
        ops::save_user(state, &mut user).await?;
    }
    ApiResponse::ok(&user.preferences)
}

// ------------------------------------------------------------------ invitations
