//! Sending profiles: how an organisation's campaigns leave. Two transports:
//! - **Amazon SES v2** on the platform's account: a from-domain (created as an SES identity when
//!   the profile is saved; its DKIM tokens are shown for the DNS) and an optional configuration set.
//!   A domain belongs to one organisation (a conditional claim outside every tenant), so no
//!   organisation can send as another's domain.
//! - **MailWizz**: the organisation's own install (`api_url`, `list_uid`); the API key goes to
//!   Secrets Manager (`SENDER_SECRET_PREFIX/<tenant>/<profile>`) and is never shown again.
//!
//! Each profile has a throttle (messages per second and per sliding hour) and a daily cap; a
//! warm-up plan raises the cap day by day (see [`crate::warmup`]).
//!
//! Writes: create claims the domain and stores the profile in one transaction (two organisations
//! racing for a domain: one wins, the other gets a 409); replace and delete are conditional on the
//! version read.

use crate::persist::profile;
pub use crate::persist::profile::{
    MailwizzSettings, SendingProfile, SesSettings, Throttle, Warmup, WarmupState,
};
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use platform::AppState;
use platform::Caller;
use serde::Deserialize;
use store::{keys, PageParams};

kernel::prefixed_id!(
    /// A sending profile (`snd_…`).
    ProfileId,
    "snd"
);

/// MailWizz settings as given (`api_key` is write-only).
#[derive(Debug, Clone, PartialEq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailwizzInput {
    /// The install's API base, e.g. `https://mail.acme.com/api`.
    #[schema(example = "https://mail.acme.com/api")]
    pub api_url: String,
    /// The list contacts are synced into and campaigns are sent to.
    #[schema(example = "ab12cd34ef")]
    pub list_uid: String,
    /// The install's API key (required on create; on replace, absent keeps the stored key).
    pub api_key: Option<String>,
}

/// A profile as given to create or replace it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileBody {
    #[schema(example = "Main (SES)")]
    pub name: String,
    /// Exactly one of `ses` and `mailwizz`.
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub ses: Option<SesSettings>,
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub mailwizz: Option<MailwizzInput>,
    #[serde(deserialize_with = "kernel::shape::object")]
    pub throttle: Throttle,
    /// At most this many messages per UTC day.
    #[schema(minimum = 1, maximum = 10000000, example = 50000)]
    pub daily_cap: u32,
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub warmup: Option<Warmup>,
    /// With PUT: the version read.
    #[schema(minimum = 0)]
    #[serde(default, deserialize_with = "kernel::bounds::version")]
    pub version: Option<u64>,
}

fn check(body: &ProfileBody, creating: bool) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    // Counted and checked as given (the stored name is trimmed), as the schema states it.
    let name = body.name.as_str();
    if name.trim().is_empty()
        || name.chars().count() > 100
        || kernel::text::check_line(name).is_err()
    {
        errors.push(FieldError::body(
            "name",
            "invalid",
            "1 to 100 characters on one line",
        ));
    }
    match (&body.ses, &body.mailwizz) {
        (Some(_), Some(_)) | (None, None) => errors.push(FieldError::body(
            "ses",
            "one_of",
            "give exactly one of ses and mailwizz",
        )),
        (Some(s), None) => {
            if !domain_is_valid(&s.from_domain) {
                errors.push(FieldError::body(
                    "ses.from_domain",
                    "invalid",
                    "a domain name such as mail.acme.com",
                ));
            }
            if let Some(c) = &s.configuration_set {
                let ok = (1..=64).contains(&c.len())
                    && c.chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
                if !ok {
                    errors.push(FieldError::body(
                        "ses.configuration_set",
                        "invalid",
                        "1 to 64 letters, digits, - or _",
                    ));
                }
            }
        }
        (None, Some(m)) => {
            // `api_url` is checked by `check_url` (it depends on the stack's outbound policy).
            let uid_ok = (1..=40).contains(&m.list_uid.len())
                && m.list_uid.chars().all(|c| c.is_ascii_alphanumeric());
            if !uid_ok {
                errors.push(FieldError::body(
                    "mailwizz.list_uid",
                    "invalid",
                    "the list's uid (letters and digits)",
                ));
            }
            match &m.api_key {
                None if creating => errors.push(FieldError::body(
                    "mailwizz.api_key",
                    "required",
                    "the install's API key",
                )),
                Some(k)
                    if k.is_empty()
                        || k.chars().count() > 200
                        || k.chars().any(kernel::text::is_control) =>
                {
                    errors.push(FieldError::body(
                        "mailwizz.api_key",
                        "invalid",
                        "1 to 200 printable characters",
                    ))
                }
                _ => {}
            }
        }
    }
    if !(1..=1000).contains(&body.throttle.per_second) {
        errors.push(FieldError::body(
            "throttle.per_second",
            "range",
            "1 to 1000",
        ));
    }
    if !(1..=10_000_000).contains(&body.throttle.per_hour) {
        errors.push(FieldError::body(
            "throttle.per_hour",
            "range",
            "1 to 10,000,000",
        ));
    }
    if !(1..=10_000_000).contains(&body.daily_cap) {
        errors.push(FieldError::body("daily_cap", "range", "1 to 10,000,000"));
    }
    if let Some(w) = &body.warmup {
        if !(1..=100_000).contains(&w.start_cap) {
            errors.push(FieldError::body(
                "warmup.start_cap",
                "range",
                "1 to 100,000",
            ));
        }
        if !(1..=300).contains(&w.growth_percent) {
            errors.push(FieldError::body(
                "warmup.growth_percent",
                "range",
                "1 to 300 (100 doubles the cap each day)",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// A DNS name of at least two labels, letters, digits and hyphens.
pub fn domain_is_valid(d: &str) -> bool {
    let labels: Vec<&str> = d.split('.').collect();
    d.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_lowercase()))
}

/// Secret id of a MailWizz profile's API key (template.yaml grants exactly this prefix).
pub fn secret_id(state: &AppState, tenant: &TenantId, profile_id: &str) -> String {
    let prefix = state
        .config
        .var("SENDER_SECRET_PREFIX")
        .map(|p| p.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| format!("enrich/{}/senders", state.config.stage));
    format!("{prefix}/{tenant}/{profile_id}")
}

async fn store_key(state: &AppState, id: &str, key: &str) -> Result<(), ApiError> {
    state
        .secrets
        .put(id, key, "An Enrich organisation's MailWizz API key")
        .await
        .map_err(ApiError::internal)
}

/// The SES client of this container.
pub async fn ses(state: &AppState) -> Result<aws_sdk_sesv2::Client, ApiError> {
    #[derive(Debug)]
    struct SesPart(aws_sdk_sesv2::Client);
    let part: std::sync::Arc<SesPart> = state
        .part(|| async {
            Ok(SesPart(platform::aws_client!(
                aws_sdk_sesv2,
                state.aws.sdk_base()
            )))
        })
        .await?;
    Ok(part.0.clone())
}

/// Creates the domain's SES identity (or reads it, when it exists) and returns its DKIM tokens.
async fn ses_identity(state: &AppState, domain: &str) -> Result<Vec<String>, ApiError> {
    let ses = ses(state).await?;
    match ses
        .create_email_identity()
        .email_identity(domain)
        .send()
        .await
    {
        Ok(out) => Ok(out
            .dkim_attributes()
            .map(|d| d.tokens().to_vec())
            .unwrap_or_default()),
        Err(e) => {
            let e = e.into_service_error();
            if !e.is_already_exists_exception() {
                return Err(ApiError::Unavailable {
                    detail: "Amazon SES did not answer; try again".into(),
                    retry_after_secs: Some(5),
                });
            }
            let out = ses
                .get_email_identity()
                .email_identity(domain)
                .send()
                .await
                .map_err(|e| ApiError::internal(e.into_service_error()))?;
            Ok(out
                .dkim_attributes()
                .map(|d| d.tokens().to_vec())
                .unwrap_or_default())
        }
    }
}

fn now() -> String {
    kernel::time::rfc3339(kernel::time::now())
}

fn not_found() -> ApiError {
    ApiError::not_found("no such sending profile in this organisation")
}

fn changed() -> ApiError {
    ApiError::Conflict {
        detail: "the sending profile changed since you read it; read it again".into(),
    }
}

fn domain_taken() -> ApiError {
    ApiError::Conflict {
        detail: "this domain already has a sending profile (here or in another organisation)"
            .into(),
    }
}

/// How outbound URLs are checked here (`ALLOW_INSECURE_CALLBACKS=true` only on the local stack).
pub fn guard_policy(state: &AppState) -> webhooks::GuardPolicy {
    webhooks::GuardPolicy {
        allow_insecure_local: state
            .config
            .var("ALLOW_INSECURE_CALLBACKS")
            .is_some_and(|v| v == "true"),
    }
}

/// Longest MailWizz API URL.
pub const MAX_API_URL: usize = 500;

/// A MailWizz URL is an https URL on a DNS name ([`kernel::web::HTTPS_URL`], as the schema
/// states it) that passes the SSRF guard's checks needing no DNS; every call checks it again with
/// DNS. The local stack also takes plain http on loopback, where its MailWizz fakes listen.
fn check_url(state: &AppState, body: &ProfileBody) -> Result<(), ApiError> {
    let Some(m) = &body.mailwizz else {
        return Ok(());
    };
    let policy = guard_policy(state);
    let refused = |code: &'static str, message: String| {
        ApiError::validation(vec![FieldError::body("mailwizz.api_url", code, message)])
    };
    let local_http = policy.allow_insecure_local && m.api_url.starts_with("http://");
    if !local_http && !kernel::web::is_https_url(&m.api_url, MAX_API_URL) {
        return Err(refused(
            "invalid",
            "the install's https API URL on a DNS name (at most 500 characters), e.g. \
             https://mail.acme.com/api"
                .into(),
        ));
    }
    webhooks::guard::parse(&m.api_url, policy)
        .map(|_| ())
        .map_err(|e| refused("refused", e.to_string()))
}

/// Creates a profile: the domain claimed and its SES identity made (SES), or the key stored
/// (MailWizz), before the profile is written.
pub async fn create(
    state: &AppState,
    caller: &Caller<'_>,
    body: ProfileBody,
) -> Result<SendingProfile, ApiError> {
    let tenant = caller.tenant;
    check(&body, true)?;
    check_url(state, &body)?;
    let at = now();
    let mut p = SendingProfile {
        id: ProfileId::new().to_string(),
        name: body.name.trim().to_owned(),
        ses: body.ses.clone(),
        mailwizz: body.mailwizz.as_ref().map(|m| MailwizzSettings {
            api_url: m.api_url.trim_end_matches('/').to_owned(),
            list_uid: m.list_uid.clone(),
        }),
        throttle: body.throttle,
        daily_cap: body.daily_cap,
        warmup: body.warmup,
        warmup_state: None,
        dkim_tokens: Vec::new(),
        has_api_key: false,
        created_at: at.clone(),
        updated_at: at,
        version: 1,
    };
    if let Some(s) = &p.ses {
        // The claim first, so another organisation's domain is refused before SES is touched.
        if !profile::claim_domain(state, tenant, &s.from_domain, &p.id).await? {
            return Err(domain_taken());
        }
        match ses_identity(state, &s.from_domain).await {
            Ok(tokens) => p.dkim_tokens = tokens,
            Err(e) => {
                let _ = profile::release_domain(state, &s.from_domain).await;
                return Err(e);
            }
        }
    }
    if let Some(key) = body.mailwizz.as_ref().and_then(|m| m.api_key.as_deref()) {
        store_key(state, &secret_id(state, tenant, &p.id), key).await?;
        p.has_api_key = true;
    }
    profile::create(state, tenant, &p).await?;
    Ok(p)
}

pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<SendingProfile, ApiError> {
    profile::load(state, tenant, id)
        .await?
        .ok_or_else(not_found)
}

/// Replaces a profile, conditional on the version read. The transport kind and the SES domain
/// stay (a new domain is a new profile); throttle, caps, warm-up, name and MailWizz settings change.
pub async fn replace(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
    body: ProfileBody,
) -> Result<SendingProfile, ApiError> {
    let tenant = caller.tenant;
    check(&body, false)?;
    check_url(state, &body)?;
    let old = load(state, tenant, id).await?;
    if body.version.is_some_and(|v| v != old.version) {
        return Err(changed());
    }
    let mut errors = Vec::new();
    match (&old.ses, &body.ses) {
        (Some(a), Some(b)) if a.from_domain != b.from_domain => errors.push(FieldError::body(
            "ses.from_domain",
            "immutable",
            "a profile keeps its domain; create another profile for another domain",
        )),
        (Some(_), None) | (None, Some(_)) => errors.push(FieldError::body(
            "ses",
            "immutable",
            "a profile keeps its transport; create another profile",
        )),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut p = old.clone();
    p.name = body.name.trim().to_owned();
    p.ses = body.ses.clone().or(old.ses.clone());
    p.mailwizz = body.mailwizz.as_ref().map(|m| MailwizzSettings {
        api_url: m.api_url.trim_end_matches('/').to_owned(),
        list_uid: m.list_uid.clone(),
    });
    p.throttle = body.throttle;
    p.daily_cap = body.daily_cap;
    if p.warmup != body.warmup {
        p.warmup = body.warmup;
        p.warmup_state = None;
    }
    if let Some(key) = body.mailwizz.as_ref().and_then(|m| m.api_key.as_deref()) {
        store_key(state, &secret_id(state, tenant, &p.id), key).await?;
        p.has_api_key = true;
    }
    if p == old {
        return Ok(old);
    }
    p.version += 1;
    p.updated_at = now();
    if profile::put_if_version(state, tenant, &p, old.version).await? {
        Ok(p)
    } else {
        Err(changed())
    }
}

/// Deletes a profile and releases its domain. Campaigns naming it fail to start until they name
/// another.
pub async fn delete(state: &AppState, caller: &Caller<'_>, id: &str) -> Result<(), ApiError> {
    let tenant = caller.tenant;
    let p = load(state, tenant, id).await?;
    if !profile::delete(state, tenant, &p).await? {
        return Err(changed());
    }
    if p.mailwizz.is_some() {
        let sid = secret_id(state, tenant, id);
        if let Err(e) = state.secrets.delete(&sid).await {
            tracing::warn!(error = %e, "could not delete the MailWizz key");
        }
    }
    Ok(())
}

/// A page of profiles, oldest first.
pub async fn list(
    state: &AppState,
    caller: &Caller<'_>,
    page: &PageParams,
) -> Result<(Vec<SendingProfile>, Option<String>), ApiError> {
    let tenant = caller.tenant;
    let codec = state.cursor_codec().await?;
    let found = state
        .store
        .query::<SendingProfile>(tenant, &keys::sending_profiles(tenant), page, codec)
        .await?;
    Ok((found.items, found.next_cursor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_checked() {
        for ok in ["mail.acme.com", "acme.co.uk", "x-1.io"] {
            assert!(domain_is_valid(ok), "{ok}");
        }
        for bad in [
            "acme", "-a.com", "a..com", "ACME.com", "a.c0m", "a com.io", "",
        ] {
            assert!(!domain_is_valid(bad), "{bad}");
        }
    }
}
