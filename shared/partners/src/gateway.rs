//! Registration of partner credentials in API Gateway's usage plans.
//!
//! Every API key (and every client, for its OAuth2 tokens) is an API Gateway API key whose value is
//! the hex SHA-256 the authorizer returns as `usageIdentifierKey` (`ApiKeySourceType:
//! AUTHORIZER`: the gateway never sees or needs the secret). It sits in its tier's usage plan
//! (test-mode keys in the `test` plan, which has no quota), enabled while the credential may be
//! used. `USAGE_PLAN_IDS` (`basic=<id>,standard=<id>,…,test=<id>`) names the plans template.yaml
//! creates.
//!
//! CreateApiKey is limited to about 5 requests a second per account, so a burst of key creations
//! can be throttled. Registration is therefore a reconciliation, not a one-shot call: each step is
//! idempotent (an existing key is found by name, a plan membership already there is kept), each
//! throttled call is retried with backoff, and what a request could not finish stays marked
//! pending (a sparse index) for the partner sweep, which runs it again until it converges.

use access::partner::{GatewayState, Mode, Tier};
use aws_sdk_apigateway::error::ProvideErrorMetadata;
use aws_sdk_apigateway::types::{Op, PatchOperation};
use kernel::error::ApiError;
use platform::AppState;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug)]
struct GatewayPart {
    client: aws_sdk_apigateway::Client,
    plans: Vec<(String, String)>,
}

async fn part(state: &AppState) -> Result<Arc<GatewayPart>, ApiError> {
    state
        .part(|| async {
            let plans = state
                .config
                .var("USAGE_PLAN_IDS")
                .unwrap_or("")
                .split(',')
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                .collect();
            Ok(GatewayPart {
                client: platform::aws_client!(aws_sdk_apigateway, state.aws.sdk_base()),
                plans,
            })
        })
        .await
}

/// The plan a credential belongs in.
pub fn plan_for(tier: Tier, mode: Mode) -> &'static str {
    match mode {
        Mode::Test => "test",
        Mode::Live => tier.as_str(),
    }
}

/// What the gateway should hold for one credential.
#[derive(Debug, Clone)]
pub struct Desired<'a> {
    /// The API key's name in API Gateway (our key or client id): how a retry finds it again.
    pub name: &'a str,
    pub value: &'a str,
    pub plan: &'static str,
    pub enabled: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("no usage plan is configured for `{0}` (USAGE_PLAN_IDS)")]
    NoPlan(String),
    #[error("API Gateway refused or failed: {0}")]
    Aws(String),
}

/// Brings API Gateway in line with `desired`, starting from what is known (`current`). Returns the
/// new state; on error, the state reached so far is in the error path's `partial` (the caller
/// stores it and leaves the credential pending).
pub async fn sync(
    state: &AppState,
    current: &GatewayState,
    desired: &Desired<'_>,
) -> (GatewayState, Result<(), GatewayError>) {
    let mut now = current.clone();
    now.synced = false;
    let result = sync_steps(state, &mut now, desired).await;
    if result.is_ok() {
        now.synced = true;
    }
    (now, result)
}

async fn sync_steps(
    state: &AppState,
    now: &mut GatewayState,
    desired: &Desired<'_>,
) -> Result<(), GatewayError> {
    let gw = part(state)
        .await
        .map_err(|e| GatewayError::Aws(e.to_string()))?;
    let plan_id = gw
        .plans
        .iter()
        .find(|(k, _)| k == desired.plan)
        .map(|(_, v)| v.clone())
        .ok_or_else(|| GatewayError::NoPlan(desired.plan.to_owned()))?;
    let client = &gw.client;
    // 1. The API key itself (created with the right `enabled`, so step 3 is then not needed).
    let mut enabled_known = false;
    let key_id = match &now.api_key_id {
        Some(id) => id.clone(),
        None => {
            let created = retry(|| async {
                client
                    .create_api_key()
                    .name(desired.name)
                    .value(desired.value)
                    .enabled(desired.enabled)
                    .send()
                    .await
            })
            .await;
            let id = match created {
                Ok(out) => {
                    enabled_known = true;
                    out.id().map(str::to_owned)
                }
                Err(e) if e.code() == Some("ConflictException") => {
                    find_by_name(client, desired.name).await?
                }
                Err(e) => return Err(GatewayError::Aws(describe(&e))),
            }
            .ok_or_else(|| GatewayError::Aws("API key has no id".into()))?;
            now.api_key_id = Some(id.clone());
            id
        }
    };
    // 2. Its plan: leave the old one, join the new one.
    if now.plan.as_deref() != Some(desired.plan) {
        if let Some(old) = now.plan.clone() {
            if let Some((_, old_id)) = gw.plans.iter().find(|(k, _)| *k == old) {
                let left = retry(|| async {
                    client
                        .delete_usage_plan_key()
                        .usage_plan_id(old_id)
                        .key_id(&key_id)
                        .send()
                        .await
                })
                .await;
                if let Err(e) = left {
                    if e.code() != Some("NotFoundException") {
                        return Err(GatewayError::Aws(describe(&e)));
                    }
                }
            }
        }
        let joined = retry(|| async {
            client
                .create_usage_plan_key()
                .usage_plan_id(&plan_id)
                .key_id(&key_id)
                .key_type("API_KEY")
                .send()
                .await
        })
        .await;
        if let Err(e) = joined {
            if e.code() != Some("ConflictException") {
                return Err(GatewayError::Aws(describe(&e)));
            }
        }
        now.plan = Some(desired.plan.to_owned());
    }
    // 3. Enabled or not (idempotent, so said whenever it may have changed).
    if enabled_known {
        return Ok(());
    }
    retry(|| async {
        client
            .update_api_key()
            .api_key(&key_id)
            .patch_operations(
                PatchOperation::builder()
                    .op(Op::Replace)
                    .path("/enabled")
                    .value(if desired.enabled { "true" } else { "false" })
                    .build(),
            )
            .send()
            .await
    })
    .await
    .map_err(|e| GatewayError::Aws(describe(&e)))?;
    Ok(())
}

async fn find_by_name(
    client: &aws_sdk_apigateway::Client,
    name: &str,
) -> Result<Option<String>, GatewayError> {
    let out = retry(|| async {
        client
            .get_api_keys()
            .name_query(name)
            .limit(10)
            .send()
            .await
    })
    .await
    .map_err(|e| GatewayError::Aws(describe(&e)))?;
    Ok(out
        .items()
        .iter()
        .find(|k| k.name() == Some(name))
        .and_then(|k| k.id().map(str::to_owned)))
}

fn describe<E: ProvideErrorMetadata>(e: &E) -> String {
    format!(
        "{}: {}",
        e.code().unwrap_or("unknown"),
        e.message().unwrap_or("")
    )
}

/// Runs `call` up to 4 times while API Gateway answers TooManyRequests (0.2 s, 0.4 s, 0.8 s).
async fn retry<T, E, F, Fut>(mut call: F) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
    E: ProvideErrorMetadata,
{
    let mut delay = Duration::from_millis(200);
    let mut attempt = 0;
    loop {
        match call().await {
            Err(e) if attempt < 3 && e.code() == Some("TooManyRequestsException") => {
                tokio::time::sleep(delay).await;
                delay *= 2;
                attempt += 1;
            }
            other => return other,
        }
    }
}
