//! How senders post delivery events to the platform without holding a user's token: each
//! organisation gets an inbound URL token (`inb_…`, in the URL it configures at its sender) and a
//! signing secret (`whsec_…`) issued with it.
//!
//! - MailWizz and PowerMTA cannot sign what they post: the URL token is their credential.
//! - The generic shape must also be signed: `X-Enrich-Signature: t=<unix>,v1=<hex HMAC-SHA256 of
//!   "<t>.<body>">` under the secret (the platform's own webhook scheme, so the same verification
//!   code works both ways), within 5 minutes, compared in constant time.
//!
//! - SES notifications through SNS (`/v1/inbound/ses`) carry SNS's signature, checked against
//!   SNS's certificate ([`crate::events::sns`]), and must come from a topic the organisation
//!   registered (`PUT /v1/inbound/ses-topics`).
//!
//! Only the token's hash is stored; token and secret are shown once, when issued. Issuing again
//! (rotation) keeps the previous token and its secret working for 24 hours, so a sender can be
//! reconfigured without losing events.

use crate::persist::inbound::{self as persist, Credentials, TokenEntry};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use serde::Serialize;

pub const TOKEN_PREFIX: &str = "inb_";
/// How long a replaced token keeps working.
pub const GRACE_SECS: i64 = 24 * 3600;
/// The header a generic post is signed in.
pub const SIGNATURE_HEADER: &str = "x-enrich-signature";
/// How far a signature's timestamp may be from now.
pub const TOLERANCE_SECS: i64 = 300;
/// The largest body a sender may post (an SQS message holds 256 KB with its envelope).
pub const MAX_BODY_BYTES: usize = 200 * 1024;

/// The inbound settings as an organisation sees them (never the token or the secret).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InboundSettings {
    /// Whether a token was issued (until then senders cannot post).
    pub configured: bool,
    #[schema(example = "inb_Xk3p")]
    pub token_prefix: Option<String>,
    pub issued_at: Option<String>,
    /// Until when the token replaced last still works (RFC 3339), if that is still ahead.
    pub previous_token_valid_until: Option<String>,
    /// The SNS topics whose messages `/v1/inbound/ses` accepts.
    #[schema(example = json!(["arn:aws:sns:us-east-1:123456789012:ses-events"]))]
    pub ses_topic_arns: Vec<String>,
    /// Where each sender posts (append `?token=` and the token).
    pub endpoints: Endpoints,
}

/// The SNS topics to accept SES notifications from.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SesTopics {
    /// At most 10 SNS topic ARNs (`arn:aws:sns:<region>:<account>:<name>`); empty stops SES posts.
    #[schema(max_items = 10, example = json!(["arn:aws:sns:us-east-1:123456789012:ses-events"]))]
    pub topic_arns: Vec<String>,
}

/// Most topics an organisation registers.
pub const MAX_SES_TOPICS: usize = 10;

/// The addresses senders post to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Endpoints {
    #[schema(example = "https://api.example.com/v1/inbound/mailwizz")]
    pub mailwizz: String,
    pub powermta: String,
    pub generic: String,
    /// The HTTPS subscription endpoint of an SES notification topic.
    pub ses: String,
    pub test: String,
    pub health: String,
}

/// Credentials just issued: shown once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IssuedCredentials {
    #[schema(example = "inb_Xk3pV9Qz2mT7wR4yL8nB1cF6hJ0sD5gA3eK9uP2oI7t")]
    pub token: String,
    /// Signs generic posts (`X-Enrich-Signature`).
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
    pub issued_at: String,
    /// Each sender's address with the token, ready to paste.
    pub urls: Endpoints,
    /// Until when the token this replaces still works (RFC 3339), on a rotation.
    pub previous_token_valid_until: Option<String>,
}

fn endpoints(state: &AppState, token: Option<&str>) -> Endpoints {
    let base = format!("{}/v1/inbound", state.public_api_url());
    let q = token.map(|t| format!("?token={t}")).unwrap_or_default();
    Endpoints {
        mailwizz: format!("{base}/mailwizz{q}"),
        powermta: format!("{base}/powermta{q}"),
        generic: format!("{base}/generic{q}"),
        ses: format!("{base}/ses{q}"),
        test: format!("{base}/test{q}"),
        health: format!("{base}/health{q}"),
    }
}

pub async fn settings(state: &AppState, tenant: &TenantId) -> Result<InboundSettings, ApiError> {
    let now = kernel::time::now().unix_timestamp();
    let c = persist::load(state, tenant).await?;
    Ok(InboundSettings {
        configured: c.is_some(),
        token_prefix: c.as_ref().map(|c| c.token_prefix.clone()),
        issued_at: c.as_ref().map(|c| c.issued_at.clone()),
        previous_token_valid_until: c
            .as_ref()
            .and_then(|c| c.previous_until)
            .filter(|u| *u > now)
            .map(kernel::time::rfc3339_at),
        ses_topic_arns: c.map(|c| c.ses_topics).unwrap_or_default(),
        endpoints: endpoints(state, None),
    })
}

/// Registers the SNS topics SES notifications may come from (replacing the list). Credentials
/// must have been issued (409 otherwise); a concurrent change is a 409 too (nothing written).
pub async fn set_ses_topics(
    state: &AppState,
    tenant: &TenantId,
    body: SesTopics,
) -> Result<InboundSettings, ApiError> {
    let mut errors = Vec::new();
    if body.topic_arns.len() > MAX_SES_TOPICS {
        errors.push(kernel::error::FieldError::body(
            "topic_arns",
            "too_many",
            format!("at most {MAX_SES_TOPICS} topics"),
        ));
    }
    for (i, arn) in body.topic_arns.iter().enumerate() {
        if crate::events::sns::topic_region(arn).is_none() {
            errors.push(kernel::error::FieldError::body(
                format!("topic_arns[{i}]"),
                "invalid",
                "an SNS topic ARN: arn:aws:sns:<region>:<12-digit account>:<name>",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut topics = body.topic_arns;
    topics.sort();
    topics.dedup();
    let Some(current) = persist::load(state, tenant).await? else {
        return Err(ApiError::Conflict {
            detail: "issue inbound credentials first (POST /v1/inbound/credentials)".into(),
        });
    };
    let next = Credentials {
        ses_topics: topics,
        version: current.version + 1,
        ..current.clone()
    };
    if !persist::replace(state, tenant, &current, &next).await? {
        return Err(ApiError::Conflict {
            detail: "the inbound settings changed meanwhile; read them again".into(),
        });
    }
    settings(state, tenant).await
}

/// The SNS topics an organisation accepts SES notifications from.
pub async fn ses_topics(state: &AppState, tenant: &TenantId) -> Result<Vec<String>, ApiError> {
    Ok(persist::load(state, tenant)
        .await?
        .map(|c| c.ses_topics)
        .unwrap_or_default())
}

/// Issues a token and a secret (the first, or a rotation: the previous pair works 24 hours
/// more). A concurrent rotation is a 409 (nothing written by this one).
pub async fn issue(state: &AppState, tenant: &TenantId) -> Result<IssuedCredentials, ApiError> {
    let now = kernel::time::now().unix_timestamp();
    let current = persist::load(state, tenant).await?;
    let token = format!("{TOKEN_PREFIX}{}", kernel::secret::random_secret());
    let secret = webhooks::signing::new_secret();
    let grace_until = now + GRACE_SECS;
    let issued_at = kernel::time::rfc3339_at(now);
    let next = Credentials {
        token_hash: kernel::secret::hash_secret(&token),
        token_prefix: token.chars().take(8).collect(),
        issued_at: issued_at.clone(),
        previous_token_hash: current.as_ref().map(|c| c.token_hash.clone()),
        previous_until: current.as_ref().map(|_| grace_until),
        ses_topics: current
            .as_ref()
            .map(|c| c.ses_topics.clone())
            .unwrap_or_default(),
        version: current.as_ref().map_or(1, |c| c.version + 1),
    };
    let entry = TokenEntry {
        tenant: tenant.clone(),
        secret: secret.clone(),
        until: None,
    };
    if !persist::rotate(state, tenant, current.as_ref(), &next, &entry, grace_until).await? {
        return Err(ApiError::Conflict {
            detail: "the inbound credentials were rotated meanwhile; read them again".into(),
        });
    }
    Ok(IssuedCredentials {
        urls: endpoints(state, Some(&token)),
        token,
        secret,
        issued_at,
        previous_token_valid_until: next.previous_until.map(kernel::time::rfc3339_at),
    })
}

/// The organisation a token belongs to, with the secret issued with it; `None` for an unknown
/// token or one replaced more than 24 hours ago.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Option<TokenEntry>, ApiError> {
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 100 {
        return Ok(None);
    }
    let now = kernel::time::now().unix_timestamp();
    Ok(persist::token(state, &kernel::secret::hash_secret(token))
        .await?
        .filter(|e| e.until.is_none_or(|u| u > now)))
}

/// Whether a generic post's signature header is valid for the secret.
pub fn signature_valid(secret: &str, header: &str, body: &[u8]) -> bool {
    webhooks::signing::verify(
        secret,
        header,
        body,
        kernel::time::now().unix_timestamp(),
        TOLERANCE_SECS,
    )
}
