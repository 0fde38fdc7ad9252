//! API keys: issue (the secret shown once), list, revoke.

use crate::clients::{self, check_scopes};
use crate::gateway::{self, Desired};
use crate::persist::{self, Pending, Revoked};
use access::model::AuditEvent;
use access::partner::*;
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use platform::http::Validator;
use platform::{AppState, Caller};
use serde::{Deserialize, Serialize};
use store::keys;
use store::PageParams;

/// Longest lifetime a key may be given.
pub const MAX_KEY_LIFETIME_SECS: i64 = 3 * 365 * 86_400;
pub const MAX_RATE_OVERRIDE: u64 = 100_000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyBody {
    pub client_id: String,
    #[schema(example = "Production key")]
    pub name: String,
    /// RFC 3339; in the future, at most 3 years ahead. Absent: the key does not expire.
    pub expires_at: Option<String>,
    /// Within the client's scopes. Absent: all of the client's scopes.
    pub scopes: Option<Vec<String>>,
    /// Requests per minute for this key instead of the tier's (1–100,000).
    pub rate_limit_override: Option<u64>,
    /// `live` (default) or `test`: a test key acts on the organisation's separate test data and
    /// reaches only the sandbox provider.
    #[serde(default = "live")]
    pub mode: Mode,
}

fn live() -> Mode {
    Mode::Live
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KeyView {
    pub id: String,
    pub client_id: String,
    pub name: String,
    /// The key's first characters, for recognising it; the rest is never shown again.
    #[schema(example = "enr_live_AbC123")]
    pub prefix: String,
    pub mode: Mode,
    pub status: KeyStatus,
    pub scopes: Vec<String>,
    pub expires_at: Option<String>,
    pub rate_limit_override: Option<u64>,
    pub created_at: String,
    pub revoked_at: Option<String>,
    /// To the minute.
    pub last_used_at: Option<String>,
    pub gateway_synced: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KeyCreated {
    #[serde(flatten)]
    pub view: KeyView,
    /// The secret: shown only in this response, stored only as a hash.
    #[schema(example = "enr_live_AbC123...")]
    pub key: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KeyList {
    pub items: Vec<KeyView>,
    pub next_cursor: Option<String>,
}

impl From<&ApiKeyRecord> for KeyView {
    fn from(k: &ApiKeyRecord) -> Self {
        Self {
            id: k.id.to_string(),
            client_id: k.client_id.to_string(),
            name: k.name.clone(),
            prefix: k.prefix.clone(),
            mode: k.mode,
            status: k.status,
            scopes: k.scopes.clone(),
            expires_at: k.expires_at.map(kernel::time::rfc3339_at),
            rate_limit_override: k.rate_limit_override,
            created_at: kernel::time::rfc3339_at(k.created_at),
            revoked_at: k.revoked_at.map(kernel::time::rfc3339_at),
            last_used_at: k.last_used_at.map(kernel::time::rfc3339_at),
            gateway_synced: k.gateway.synced,
        }
    }
}

/// Issues a key. One transaction: a condition on the client (active, at the version whose tier
/// the key copies), the key's hash item and its entry under the client (both create-only). A
/// retried request issues a second key (the first secret was never seen twice either way), so
/// clients that retry blindly should send `Idempotency-Key`.
pub async fn create(
    state: &AppState,
    caller: &Caller<'_>,
    body: KeyBody,
) -> Result<KeyCreated, ApiError> {
    let actor = caller.principal()?;
    let origin = &caller.origin;
    let client_id =
        clients::parse_client_id(&body.client_id, "client_id", kernel::error::Location::Body)?;
    let now = kernel::time::now().unix_timestamp();
    let mut v = Validator::default();
    v.check(
        !body.name.trim().is_empty() && body.name.chars().count() <= 200,
        "name",
        "invalid_length",
        "1 to 200 characters",
    )
    .line("name", &body.name);
    let expires_at = match &body.expires_at {
        None => None,
        Some(raw) => match kernel::time::parse_rfc3339(raw).map(|t| t.unix_timestamp()) {
            Some(t) if t > now && t <= now + MAX_KEY_LIFETIME_SECS => Some(t),
            Some(_) => {
                v.push(FieldError::body(
                    "expires_at",
                    "out_of_range",
                    "must be in the future and at most 3 years ahead",
                ));
                None
            }
            None => {
                v.push(FieldError::body(
                    "expires_at",
                    "invalid",
                    "must be an RFC 3339 date-time",
                ));
                None
            }
        },
    };
    if let Some(o) = body.rate_limit_override {
        v.check(
            (1..=MAX_RATE_OVERRIDE).contains(&o),
            "rate_limit_override",
            "out_of_range",
            "1 to 100,000 requests per minute",
        );
    }
    // Every field is checked before anything is answered, the client's scopes included.
    let client = match clients::load(state, &actor.tenant, &client_id).await {
        Ok(c) => Some(c),
        Err(ApiError::NotFound { .. }) => {
            v.push(FieldError::body(
                "client_id",
                "not_found",
                "no such API client in your organisation",
            ));
            None
        }
        Err(e) => return Err(e),
    };
    let scopes = body
        .scopes
        .clone()
        .or_else(|| client.as_ref().map(|c| c.scopes.clone()))
        .unwrap_or_default();
    v.check(
        !scopes.is_empty(),
        "scopes",
        "required",
        "give at least one scope",
    );
    check_scopes(
        &mut v,
        "scopes",
        &scopes,
        actor,
        client.as_ref().map(|c| c.scopes.as_slice()),
    );
    v.finish()?;
    let Some(client) = client else {
        return Err(ApiError::internal("client check passed without a client"));
    };
    if client.status != ClientStatus::Active {
        return Err(ApiError::Conflict {
            detail: "the client is suspended; reactivate it before issuing keys".into(),
        });
    }

    let minted = mint_key(body.mode);
    let mut key = ApiKeyRecord {
        id: KeyId::new(),
        tenant: client.tenant.clone(),
        client_id: client.id.clone(),
        name: body.name.trim().to_owned(),
        prefix: minted.prefix,
        hash: minted.hash,
        mode: body.mode,
        scopes,
        status: KeyStatus::Active,
        expires_at,
        rate_limit_override: body.rate_limit_override,
        created_at: now,
        created_by: actor.id.clone(),
        revoked_at: None,
        last_used_at: None,
        client_status: client.status,
        client_tier: client.rate_limit_tier,
        client_version: client.version,
        gateway: GatewayState::default(),
        countries: Vec::new(),
    };
    if !persist::issue_key(state, &client, &key).await? {
        return Err(ApiError::Conflict {
            detail: "the client changed while the key was being issued; retry".into(),
        });
    }
    sync_key_gateway(state, &mut key).await;
    AuditEvent::new("api_key.created")
        .actor(&actor.id)
        .target(&key.id)
        .origin(origin)
        .detail(serde_json::json!({
            "client_id": key.client_id, "mode": key.mode, "scopes": key.scopes,
            "prefix": key.prefix,
        }))
        .append(&state.store, &client.tenant)
        .await?;
    Ok(KeyCreated {
        view: KeyView::from(&key),
        key: minted.secret,
    })
}

/// The hashes of every key of a client (strongly consistent: a key issued before a suspension's
/// version bump is always found).
pub async fn key_hashes(
    state: &AppState,
    tenant: &TenantId,
    client_id: &ClientId,
) -> Result<Vec<String>, ApiError> {
    let codec = state.cursor_codec().await?;
    Ok(persist::key_hashes(state, tenant, codec, client_id).await?)
}

/// One page of a client's keys (newest last), read through their entries.
pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    client_id: &ClientId,
    page: &PageParams,
) -> Result<KeyList, ApiError> {
    let client = clients::load(state, tenant, client_id).await?;
    let codec = state.cursor_codec().await?;
    let found = persist::list_keys(state, &client, codec, page).await?;
    Ok(KeyList {
        items: found.items.iter().map(KeyView::from).collect(),
        next_cursor: found.next_cursor,
    })
}

/// Revokes a key: refused from the very next request (the authorizer reads the key's item on
/// every request). Revoking a revoked key is a no-op (204 again).
pub async fn revoke(
    state: &AppState,
    caller: &Caller<'_>,
    client_id: &ClientId,
    key_id: &KeyId,
) -> Result<(), ApiError> {
    let actor = caller.principal()?;
    let origin = &caller.origin;
    let tenant = actor.tenant.live_space();
    let now = kernel::time::now().unix_timestamp();
    match persist::revoke_key(state, &tenant, client_id, key_id, now).await? {
        Revoked::Now(mut key) => {
            sync_key_gateway(state, &mut key).await;
            AuditEvent::new("api_key.revoked")
                .actor(&actor.id)
                .target(key_id)
                .origin(origin)
                .detail(serde_json::json!({"client_id": client_id, "prefix": key.prefix}))
                .append(&state.store, &tenant)
                .await?;
            Ok(())
        }
        // The same answer as the first time.
        Revoked::Already => Ok(()),
        Revoked::NoSuchKey => Err(ApiError::not_found("no such API key for this client")),
    }
}

/// Brings a key's API Gateway registration in line with it (enabled only while it may be used).
pub async fn sync_key_gateway(state: &AppState, key: &mut ApiKeyRecord) {
    let desired = Desired {
        name: key.id.as_str(),
        value: &key.hash,
        plan: gateway::plan_for(key.client_tier, key.mode),
        enabled: key.refusal(kernel::time::now().unix_timestamp()).is_none(),
    };
    let (reached, result) = gateway::sync(state, &key.gateway, &desired).await;
    if let Err(e) = &result {
        tracing::warn!(key = %key.id, error = %e, "gateway registration pending");
    }
    key.gateway = reached;
    let written = persist::save_key_gateway(state, key).await;
    if let Err(e) = written {
        tracing::warn!(error = %e, "gateway state not saved");
    }
}

/// The partner sweep: finishes registrations a request could not (throttling, a crash). Reads
/// the sparse pending index shard by shard and syncs what it finds; returns how many it synced.
pub async fn sweep_pending(state: &AppState) -> Result<usize, ApiError> {
    let mut synced = 0;
    for shard in 0..keys::SHARDS {
        for pending in persist::pending(state, shard).await? {
            match pending {
                Pending::Key(mut key) => {
                    sync_key_gateway(state, &mut key).await;
                    synced += usize::from(key.gateway.synced);
                }
                Pending::Client(mut client) => {
                    clients::sync_client_gateway(state, &mut client).await;
                    synced += usize::from(client.gateway.synced);
                }
            }
        }
    }
    Ok(synced)
}
