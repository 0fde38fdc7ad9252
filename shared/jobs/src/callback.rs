//! Job callbacks: the organisation's signing secret (Secrets Manager, shown once, rotated with a
//! 24-hour grace in which the previous secret signs too) and the body a callback posts. The
//! callback itself is one more delivery of the job's `job.completed` / `job.failed` event,
//! made by the webhook engine (`functions/webhooks`): the same signatures, schedule, attempt log
//! and retries as every webhook; each attempt is copied onto the job (`callback.attempts`).

use crate::model::*;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::{Deserialize, Serialize};

/// How long the previous secret keeps signing after a rotation.
pub const ROTATION_GRACE_SECS: i64 = 24 * 3600;

/// The stored secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredSecret {
    current: String,
    previous: Option<String>,
    rotated_at: i64,
}

fn secret_id(state: &AppState, tenant: &TenantId) -> String {
    // Apart from tenants' provider keys, so IAM can give each function exactly one of the two.
    let prefix = state
        .config
        .var("CALLBACK_SECRET_PREFIX")
        .map(|p| p.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| format!("enrich/{}/callbacks", state.config.stage));
    format!("{prefix}/{tenant}")
}

async fn read(state: &AppState, tenant: &TenantId) -> Result<Option<StoredSecret>, ApiError> {
    match state
        .aws
        .secrets()
        .get_secret_value()
        .secret_id(secret_id(state, tenant))
        .send()
        .await
    {
        Ok(out) => Ok(out
            .secret_string()
            .and_then(|s| serde_json::from_str::<StoredSecret>(s).ok())),
        Err(e) => {
            let e = e.into_service_error();
            if e.is_resource_not_found_exception() {
                Ok(None)
            } else {
                Err(ApiError::internal(e))
            }
        }
    }
}

/// How outbound URLs are checked in this deployment (`ALLOW_INSECURE_CALLBACKS=true` only locally).
pub fn guard_policy(state: &AppState) -> webhooks::GuardPolicy {
    webhooks::GuardPolicy {
        allow_insecure_local: state
            .config
            .var("ALLOW_INSECURE_CALLBACKS")
            .is_some_and(|v| v == "true"),
    }
}

/// Whether the organisation has a callback secret (a job with a `callback_url` needs one). Read
/// through the container's secret cache: submissions in a row cost one read (signing, in the
/// webhook worker, always reads the secret fresh).
pub async fn exists(state: &AppState, tenant: &TenantId) -> Result<bool, ApiError> {
    match state.secrets.get(&secret_id(state, tenant)).await {
        Ok(_) => Ok(true),
        Err(platform::secrets::SecretError::NotFound(_)) => Ok(false),
        Err(e) => Err(ApiError::internal(e)),
    }
}

/// The secrets that sign now: the current one, and the previous one within its grace period.
pub async fn signing_secrets(state: &AppState, tenant: &TenantId) -> Result<Vec<String>, ApiError> {
    let Some(s) = read(state, tenant).await? else {
        return Ok(Vec::new());
    };
    let mut out = vec![s.current];
    if let Some(p) = s.previous {
        if kernel::time::now().unix_timestamp() - s.rotated_at < ROTATION_GRACE_SECS {
            out.push(p);
        }
    }
    Ok(out)
}

/// What creating or rotating answers (the secret is shown this once).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SecretCreated {
    /// `whsec_…`: the HMAC key, exactly as shown.
    pub secret: String,
    /// Whether an older secret keeps signing (for 24 hours) beside this one.
    pub previous_valid_until: Option<String>,
}

/// Creates the secret, or rotates it (the previous one keeps signing for 24 hours). Concurrent
/// rotations: the last write wins, and only its secret signs afterwards.
pub async fn rotate(state: &AppState, tenant: &TenantId) -> Result<SecretCreated, ApiError> {
    let id = secret_id(state, tenant);
    let old = read(state, tenant).await?;
    let at = kernel::time::now();
    let fresh = StoredSecret {
        current: webhooks::signing::new_secret(),
        previous: old.as_ref().map(|o| o.current.clone()),
        rotated_at: at.unix_timestamp(),
    };
    let text = serde_json::to_string(&fresh).map_err(ApiError::internal)?;
    let sm = state.aws.secrets();
    if old.is_some() {
        sm.put_secret_value()
            .secret_id(&id)
            .secret_string(&text)
            .send()
            .await
            .map_err(|e| ApiError::internal(e.into_service_error()))?;
    } else if let Err(e) = sm
        .create_secret()
        .name(&id)
        .description("An Enrich organisation's job callback signing secret")
        .secret_string(&text)
        .send()
        .await
    {
        let e = e.into_service_error();
        if !e.is_resource_exists_exception() {
            return Err(ApiError::internal(e));
        }
        sm.put_secret_value()
            .secret_id(&id)
            .secret_string(&text)
            .send()
            .await
            .map_err(|e| ApiError::internal(e.into_service_error()))?;
    }
    state.secrets.invalidate(&id).await;
    Ok(SecretCreated {
        secret: fresh.current,
        previous_valid_until: fresh
            .previous
            .as_ref()
            .map(|_| kernel::time::rfc3339(at + time::Duration::seconds(ROTATION_GRACE_SECS))),
    })
}

/// The JSON a callback posts (signed byte for byte).
#[derive(Debug, Serialize)]
pub struct CallbackBody<'a> {
    /// Same across retries: the receiver's idempotency key.
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: &'a str,
    pub created_at: String,
    pub data: CallbackData,
}

#[derive(Debug, Serialize)]
pub struct CallbackData {
    pub job: JobView,
}
