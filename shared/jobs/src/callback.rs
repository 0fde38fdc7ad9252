//! Job callbacks: the organisation's signing secret (Secrets Manager, shown once, rotated with a
//! 24-hour grace in which the previous secret signs too), and delivery with retries.
//!
//! Delivery schedule after the first attempt: 5 s, 30 s, 2 min, 5 min, 15 min, 15 min (SQS
//! message delays, ≤ 15 min each; `Retry-After` is honoured within [the step, 15 min]). Only a
//! 2xx is success; 410 Gone stops at once. Every attempt is recorded on the job. Each attempt is
//! made at most once: it is recorded under the condition that the previous attempt count is
//! still current, before the next one is queued, so a redelivered message does not post again.

use crate::model::*;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::{Deserialize, Serialize};

/// How long the previous secret keeps signing after a rotation.
pub const ROTATION_GRACE_SECS: i64 = 24 * 3600;
/// Delay before attempt n+1 (index n-1); attempts stop after the last.
pub const RETRY_DELAYS_SECS: [i32; 6] = [5, 30, 120, 300, 900, 900];

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

/// Records attempt `n` on the job, once: the condition is that `n - 1` attempts were recorded.
/// `Ok(false)` when it was already recorded (a redelivery).
pub async fn record_attempt(
    state: &AppState,
    job: &JobRecord,
    attempt: &CallbackAttempt,
    status_after: CallbackStatus,
) -> Result<bool, ApiError> {
    Ok(crate::persist::record_callback_attempt(state, job, attempt, status_after).await?)
}

#[cfg(feature = "worker")]
pub use deliver::handle_callback;

#[cfg(feature = "worker")]
mod deliver {
    use super::*;
    use crate::finish::JobCallback;
    use crate::queue::{self, Outgoing};
    use platform::worker::{Delivery, MessageError};

    /// The webhook worker's handler for a job callback message.
    pub async fn handle_callback(
        state: &AppState,
        msg: JobCallback,
        _delivery: Delivery,
    ) -> Result<(), MessageError> {
        let Some(job) = crate::persist::load(state, &msg.tenant, &msg.job_id).await? else {
            return Err(MessageError::Permanent("the job no longer exists".into()));
        };
        let (Some(url), Some(CallbackStatus::Pending)) =
            (job.callback_url.clone(), job.callback_status)
        else {
            return Ok(()); // delivered, given up, or no callback
        };
        if job.callback_tries >= msg.attempt {
            // This attempt was made; make sure the next one is queued (a crash may have
            // stopped it), and stop.
            if job.callback_tries == msg.attempt {
                queue_next(state, &job, msg.attempt, None).await?;
            }
            return Ok(());
        }
        let event_type = match job.status {
            JobStatus::Completed => "job.completed",
            JobStatus::Failed => "job.failed",
            _ => return Ok(()),
        };
        let secrets = signing_secrets(state, &msg.tenant).await?;
        let body = serde_json::to_vec(&CallbackBody {
            id: format!("{}.{}", job.id, event_type),
            event_type,
            created_at: job.finished_at.clone().unwrap_or_default(),
            data: CallbackData { job: job.view() },
        })
        .map_err(|e| MessageError::Permanent(e.to_string()))?;
        let at = kernel::time::now();
        let t = at.unix_timestamp();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let result = if refs.is_empty() {
            webhooks::deliver::Attempt {
                status_code: None,
                error: Some("the organisation has no callback secret".into()),
                duration_ms: 0,
                retry_after_secs: None,
            }
        } else {
            let headers = [
                ("x-webhook-id", format!("{}.{}", job.id, event_type)),
                ("x-webhook-event", event_type.to_owned()),
                ("x-webhook-timestamp", t.to_string()),
                (
                    "x-webhook-signature",
                    webhooks::signing::signature_header(&refs, t, &body),
                ),
            ];
            webhooks::deliver::post(&url, &headers, body, guard_policy(state)).await
        };
        let last = msg.attempt as usize > RETRY_DELAYS_SECS.len() || refs.is_empty();
        let status_after = if result.succeeded() {
            CallbackStatus::Delivered
        } else if result.gone() || last {
            CallbackStatus::Failed
        } else {
            CallbackStatus::Pending
        };
        let attempt = CallbackAttempt {
            attempt: msg.attempt,
            at: kernel::time::rfc3339(at),
            status_code: result.status_code,
            error: result.error.clone(),
            duration_ms: result.duration_ms,
        };
        tracing::info!(job_id = %job.id, attempt = msg.attempt, status = ?status_after, "job callback attempt");
        if record_attempt(state, &job, &attempt, status_after).await?
            && status_after == CallbackStatus::Pending
        {
            queue_next(state, &job, msg.attempt, result.retry_after_secs).await?;
        }
        Ok(())
    }

    async fn queue_next(
        state: &AppState,
        job: &JobRecord,
        attempt: u32,
        retry_after: Option<u64>,
    ) -> Result<(), ApiError> {
        let Some(base) = (attempt as usize)
            .checked_sub(1)
            .and_then(|i| RETRY_DELAYS_SECS.get(i).copied())
        else {
            return Ok(());
        };
        let delay = retry_after
            .map(|r| (r.min(900) as i32).max(base))
            .unwrap_or(base);
        let q = queue::webhooks(state).await?;
        let next = JobCallback {
            tenant: job.tenant_id.clone(),
            job_id: job.id.clone(),
            attempt: attempt + 1,
        };
        queue::send_all(
            &q,
            vec![Outgoing::json(&next, job.tenant_id.as_str())?.delayed(delay)],
        )
        .await?;
        Ok(())
    }
}
