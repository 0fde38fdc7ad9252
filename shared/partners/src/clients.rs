//! API clients: create, list, read, change (including suspension and tier), delete, and the OAuth2
//! client secret.

use crate::gateway::{self, Desired};
use crate::persist;
use access::model::AuditEvent;
use access::partner::*;
use kernel::error::{ApiError, FieldError, Location};
use kernel::ids::TenantId;
use platform::http::{Principal, Validator};
use platform::{AppState, Caller};
use serde::{Deserialize, Serialize};
use store::PageParams;

pub const MAX_NAME: usize = 200;
pub const MAX_DESCRIPTION: usize = 2_000;
pub const MAX_REDIRECT_URIS: usize = 10;
/// Metadata is a flat map of at most this many keys (Stripe's shape: a partner's own labels,
/// stored and shown, never read by the platform), so its bound is one JSON Schema states.
pub const MAX_METADATA_KEYS: usize = 20;
/// Longest metadata string value.
pub const MAX_METADATA_VALUE: usize = 500;

/// A metadata key: 1 to 40 letters, digits, `_ . : -`.
const METADATA_KEY: &str = "^[A-Za-z0-9_.:-]{1,40}$";

/// The rules of `metadata` as JSON Schema keywords (the type left to the field's own schema).
pub fn metadata_constraints() -> serde_json::Value {
    serde_json::json!({
        "maxProperties": MAX_METADATA_KEYS,
        "propertyNames": {"type": "string", "pattern": METADATA_KEY},
        "additionalProperties": {"oneOf": [
            {"type": "string", "maxLength": MAX_METADATA_VALUE},
            {"type": "number"},
            {"type": "boolean"}]}})
}

fn check_metadata(v: &mut Validator, m: &serde_json::Map<String, serde_json::Value>) {
    v.check(
        m.len() <= MAX_METADATA_KEYS,
        "metadata",
        "too_many",
        "at most 20 keys",
    );
    for (key, value) in m {
        let key_ok = kernel::schema::satisfies(
            &serde_json::json!({"pattern": METADATA_KEY}),
            &serde_json::Value::from(key.as_str()),
        );
        let value_ok = match value {
            serde_json::Value::String(s) => s.chars().count() <= MAX_METADATA_VALUE,
            serde_json::Value::Number(_) | serde_json::Value::Bool(_) => true,
            _ => false,
        };
        if !key_ok {
            v.push(FieldError::body(
                format!("metadata.{key}"),
                "invalid_key",
                "keys are 1 to 40 letters, digits, _ . : or -",
            ));
        } else if !value_ok {
            v.push(FieldError::body(
                format!("metadata.{key}"),
                "invalid_value",
                "a string of at most 500 characters, a number or a boolean",
            ));
        }
    }
}

/// A new API client.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientBody {
    #[schema(example = "Acme CRM sync")]
    pub name: String,
    pub description: Option<String>,
    /// https URLs (OAuth2 redirect URIs), at most 10.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    #[schema(example = "dev@acme.example")]
    pub contact_email: String,
    #[serde(default = "default_tier")]
    pub rate_limit_tier: Tier,
    /// Scopes the client's keys and tokens may be given (`GET /v1/scopes`); each must be something
    /// the creating user may do.
    pub scopes: Vec<String>,
    /// Your own labels: at most 20 keys (1 to 40 letters, digits, `_ . : -`), each a string of at
    /// most 500 characters, a number or a boolean.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

fn default_tier() -> Tier {
    Tier::Basic
}

/// A change to an API client: every field optional; `status` suspends or reactivates it.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    pub redirect_uris: Option<Vec<String>>,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub contact_email: Option<String>,
    pub rate_limit_tier: Option<Tier>,
    pub scopes: Option<Vec<String>>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// `active` or `suspended`. Suspension stops every key and token of the client on the next
    /// request; reactivation restores them.
    pub status: Option<ClientStatus>,
}

/// An API client as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientView {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub redirect_uris: Vec<String>,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub contact_email: String,
    pub status: ClientStatus,
    pub rate_limit_tier: Tier,
    pub scopes: Vec<String>,
    #[schema(value_type = Object)]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub created_at: String,
    pub updated_at: String,
    /// Whether API Gateway's usage plan registration has caught up.
    pub gateway_synced: bool,
}

/// A created client: the view plus the OAuth2 client secret, shown this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientCreated {
    #[serde(flatten)]
    pub client: ClientView,
    /// For `POST /v1/oauth/token`; stored only as a hash, shown only now.
    pub client_secret: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientList {
    pub items: Vec<ClientView>,
    pub next_cursor: Option<String>,
}

impl From<&ApiClientRecord> for ClientView {
    fn from(c: &ApiClientRecord) -> Self {
        Self {
            id: c.id.to_string(),
            name: c.name.clone(),
            description: c.description.clone(),
            redirect_uris: c.redirect_uris.clone(),
            website: c.website.clone(),
            logo_url: c.logo_url.clone(),
            contact_email: c.contact_email.clone(),
            status: c.status,
            rate_limit_tier: c.rate_limit_tier,
            scopes: c.scopes.clone(),
            metadata: c.metadata.clone(),
            created_at: kernel::time::rfc3339_at(c.created_at),
            updated_at: kernel::time::rfc3339_at(c.updated_at),
            gateway_synced: c.gateway.synced,
        }
    }
}

fn https_url(v: &mut Validator, field: &str, raw: &str) {
    v.check(
        kernel::web::is_https_url(raw, kernel::web::MAX_URL_LEN),
        field,
        "invalid_url",
        "an https URL on a DNS name, at most 2,048 characters",
    );
}

/// Scopes must be known, unique, and within what the acting user may do.
pub fn check_scopes(
    v: &mut Validator,
    field: &str,
    scopes: &[String],
    actor: &Principal,
    within: Option<&[String]>,
) {
    let mut seen = std::collections::BTreeSet::new();
    for (i, s) in scopes.iter().enumerate() {
        let name = format!("{field}[{i}]");
        let Some(permission) = scope_permission(s) else {
            v.push(FieldError::body(
                name,
                "unknown_scope",
                "not a scope (see GET /v1/scopes)",
            ));
            continue;
        };
        if !seen.insert(s.as_str()) {
            v.push(FieldError::body(
                name,
                "duplicate",
                "this scope is given twice",
            ));
        } else if !actor.can(&permission) {
            v.push(FieldError::body(
                name,
                "not_permitted",
                format!("you may not grant {s}: your role lacks the {permission} permission"),
            ));
        } else if within.is_some_and(|w| !w.iter().any(|c| c == s)) {
            v.push(FieldError::body(
                name,
                "outside_client_scopes",
                "a key's scopes must be among its client's scopes",
            ));
        }
    }
}

fn check_common(v: &mut Validator, c: &ClientUpdate) {
    let name = c.name.as_deref();
    let description = c.description.as_deref();
    let redirect_uris = c.redirect_uris.as_deref();
    let website = c.website.as_deref();
    let logo_url = c.logo_url.as_deref();
    let contact_email = c.contact_email.as_deref();
    let metadata = c.metadata.as_ref();
    if let Some(n) = name {
        v.check(
            !n.trim().is_empty() && n.chars().count() <= MAX_NAME,
            "name",
            "invalid_length",
            "1 to 200 characters",
        )
        .line("name", n);
    }
    if let Some(d) = description {
        v.check(
            d.chars().count() <= MAX_DESCRIPTION,
            "description",
            "too_long",
            "at most 2,000 characters",
        );
        if let Err(e) = kernel::text::check_multiline(d) {
            v.push(FieldError::body("description", e.code(), e.message()));
        }
    }
    if let Some(uris) = redirect_uris {
        v.check(
            uris.len() <= MAX_REDIRECT_URIS,
            "redirect_uris",
            "too_many",
            "at most 10",
        );
        for (i, u) in uris.iter().enumerate() {
            https_url(v, &format!("redirect_uris[{i}]"), u);
        }
    }
    if let Some(w) = website {
        https_url(v, "website", w);
    }
    if let Some(l) = logo_url {
        https_url(v, "logo_url", l);
    }
    if let Some(e) = contact_email {
        v.check(
            kernel::text::normalise_email(e).is_some(),
            "contact_email",
            "invalid_email",
            "must be an email address",
        );
    }
    if let Some(m) = metadata {
        check_metadata(v, m);
    }
}

fn search_text(name: &str, email: &str) -> String {
    format!("{} {}", name.to_lowercase(), email.to_lowercase())
}

/// Creates a client with its OAuth2 secret. One transaction: the client and its token-endpoint
/// lookup item (both create-only).
pub async fn create(
    state: &AppState,
    caller: &Caller<'_>,
    body: ClientBody,
) -> Result<ClientCreated, ApiError> {
    let actor = caller.principal()?;
    let origin = &caller.origin;
    let mut v = Validator::default();
    check_common(
        &mut v,
        &ClientUpdate {
            name: Some(body.name.clone()),
            description: body.description.clone(),
            redirect_uris: Some(body.redirect_uris.clone()),
            website: body.website.clone(),
            logo_url: body.logo_url.clone(),
            contact_email: Some(body.contact_email.clone()),
            metadata: Some(body.metadata.clone()),
            ..ClientUpdate::default()
        },
    );
    v.check(
        !body.scopes.is_empty(),
        "scopes",
        "required",
        "give at least one scope",
    );
    check_scopes(&mut v, "scopes", &body.scopes, actor, None);
    v.finish()?;
    let tenant = actor.tenant.live_space();
    let secret = new_client_secret();
    let now = kernel::time::now().unix_timestamp();
    let email = kernel::text::normalise_email(&body.contact_email).unwrap_or(body.contact_email);
    let mut client = ApiClientRecord {
        id: ClientId::new(),
        tenant: tenant.clone(),
        name: body.name.trim().to_owned(),
        description: body.description,
        redirect_uris: body.redirect_uris,
        website: body.website,
        logo_url: body.logo_url,
        search: search_text(body.name.trim(), &email),
        contact_email: email,
        status: ClientStatus::Active,
        rate_limit_tier: body.rate_limit_tier,
        scopes: body.scopes,
        metadata: body.metadata,
        secret_hash: kernel::secret::hash_secret(&secret),
        created_at: now,
        updated_at: now,
        created_by: actor.id.clone(),
        version: 1,
        gateway: GatewayState::default(),
        keys_issued: 0,
    };
    persist::create_client(state, &client).await?;
    sync_client_gateway(state, &mut client).await;
    AuditEvent::new("api_client.created")
        .actor(&actor.id)
        .target(&client.id)
        .origin(origin)
        .detail(serde_json::json!({"tier": client.rate_limit_tier, "scopes": client.scopes}))
        .append(&state.store, &tenant)
        .await?;
    Ok(ClientCreated {
        client: ClientView::from(&client),
        client_secret: secret,
    })
}

/// The client, if it exists in the caller's organisation and is not deleted (404 otherwise).
pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    client_id: &ClientId,
) -> Result<ApiClientRecord, ApiError> {
    persist::load_client(state, tenant, client_id)
        .await?
        .filter(|c| c.status != ClientStatus::Deleted)
        .ok_or_else(|| ApiError::not_found("no such API client"))
}

#[derive(Debug, Default)]
pub struct ListFilter {
    pub status: Option<ClientStatus>,
    pub tier: Option<Tier>,
    pub contact_email: Option<String>,
    pub search: Option<String>,
}

pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    filter: ListFilter,
    page: &PageParams,
) -> Result<ClientList, ApiError> {
    let filter = persist::ClientFilter {
        status: filter.status,
        tier: filter.tier,
        contact_email: filter
            .contact_email
            .map(|e| kernel::text::normalise_email(&e).unwrap_or_else(|| e.to_lowercase())),
        search: filter
            .search
            .filter(|q| !q.trim().is_empty())
            .map(|q| q.trim().to_lowercase()),
    };
    let codec = state.cursor_codec().await?;
    let found = persist::list_clients(state, tenant, codec, &filter, page).await?;
    Ok(ClientList {
        items: found.items.iter().map(ClientView::from).collect(),
        next_cursor: found.next_cursor,
    })
}

/// Applies a change. Conditional on the version read, so two concurrent changes cannot both apply
/// to the same version (the second is a 409 and can be retried). A status or tier change is
/// copied to every key before the answer.
pub async fn update(
    state: &AppState,
    caller: &Caller<'_>,
    client_id: &ClientId,
    change: ClientUpdate,
) -> Result<ClientView, ApiError> {
    let actor = caller.principal()?;
    let origin = &caller.origin;
    let mut v = Validator::default();
    check_common(&mut v, &change);
    if let Some(scopes) = &change.scopes {
        v.check(
            !scopes.is_empty(),
            "scopes",
            "required",
            "give at least one scope",
        );
        check_scopes(&mut v, "scopes", scopes, actor, None);
    }
    if change.status == Some(ClientStatus::Deleted) {
        v.push(FieldError::body(
            "status",
            "invalid",
            "use DELETE to delete a client; status is active or suspended",
        ));
    }
    v.finish()?;
    let mut client = load(state, &actor.tenant, client_id).await?;
    let before = (client.status, client.rate_limit_tier, client.scopes.clone());
    let read_version = client.version;
    if let Some(n) = change.name {
        client.name = n.trim().to_owned();
    }
    if let Some(d) = change.description {
        client.description = Some(d);
    }
    if let Some(r) = change.redirect_uris {
        client.redirect_uris = r;
    }
    if let Some(w) = change.website {
        client.website = Some(w);
    }
    if let Some(l) = change.logo_url {
        client.logo_url = Some(l);
    }
    if let Some(e) = change.contact_email {
        client.contact_email = kernel::text::normalise_email(&e).unwrap_or(e);
    }
    if let Some(t) = change.rate_limit_tier {
        client.rate_limit_tier = t;
    }
    if let Some(s) = change.scopes {
        client.scopes = s;
    }
    if let Some(m) = change.metadata {
        client.metadata = m;
    }
    if let Some(s) = change.status {
        client.status = s;
    }
    client.search = search_text(&client.name, &client.contact_email);
    client.updated_at = kernel::time::now().unix_timestamp();
    client.version = read_version + 1;
    let fan_out = before.0 != client.status || before.1 != client.rate_limit_tier;
    if fan_out {
        client.gateway.synced = false;
    }
    // A registration still pending stays in the sweep's index (the put replaces the whole item).
    let pending = fan_out || !client.gateway.synced;
    if !persist::put_client_if_version(state, &client, read_version, pending).await? {
        return Err(ApiError::Conflict {
            detail: "the client was changed by another request; read it again and retry".into(),
        });
    }
    if fan_out {
        propagate(state, &client).await?;
        sync_client_gateway(state, &mut client).await;
    }
    let tenant = client.tenant.clone();
    let action = match (before.0, client.status) {
        (ClientStatus::Active, ClientStatus::Suspended) => "api_client.suspended",
        (ClientStatus::Suspended, ClientStatus::Active) => "api_client.reactivated",
        _ => "api_client.updated",
    };
    AuditEvent::new(action)
        .actor(&actor.id)
        .target(&client.id)
        .origin(origin)
        .detail(serde_json::json!({
            "tier": {"from": before.1, "to": client.rate_limit_tier},
            "scopes_changed": before.2 != client.scopes,
        }))
        .append(&state.store, &tenant)
        .await?;
    Ok(ClientView::from(&client))
}

/// Deletes a client: it and every key stop at once (the keys are revoked, the token lookup goes),
/// and API Gateway disables their registrations. Repeating the call repeats the fan-out, so a
/// crash half-way is repaired by retrying; a client already deleted is a 404.
pub async fn delete(
    state: &AppState,
    caller: &Caller<'_>,
    client_id: &ClientId,
) -> Result<(), ApiError> {
    let actor = caller.principal()?;
    let origin = &caller.origin;
    let tenant = actor.tenant.live_space();
    let mut client = persist::load_client(state, &tenant, client_id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such API client"))?;
    let first_time = client.status != ClientStatus::Deleted;
    if first_time {
        let read_version = client.version;
        client.status = ClientStatus::Deleted;
        client.version += 1;
        client.updated_at = kernel::time::now().unix_timestamp();
        client.gateway.synced = false;
        if !persist::put_client_if_version(state, &client, read_version, true).await? {
            return Err(ApiError::Conflict {
                detail: "the client was changed by another request; read it again and retry".into(),
            });
        }
    }
    persist::delete_oauth_lookup(state, &client.id).await?;
    propagate(state, &client).await?;
    sync_client_gateway(state, &mut client).await;
    if first_time {
        AuditEvent::new("api_client.deleted")
            .actor(&actor.id)
            .target(&client.id)
            .origin(origin)
            .append(&state.store, &tenant)
            .await?;
        Ok(())
    } else {
        Err(ApiError::not_found("no such API client"))
    }
}

/// Copies the client's status and tier (at its version) to every key, and brings each key's
/// gateway registration in line. A key whose copy is already at this version or later is left.
pub async fn propagate(state: &AppState, client: &ApiClientRecord) -> Result<(), ApiError> {
    let hashes = crate::api_keys::key_hashes(state, &client.tenant, &client.id).await?;
    let now = kernel::time::now().unix_timestamp();
    for hash in hashes {
        if let Some(mut key) = persist::copy_client_to_key(state, client, &hash, now).await? {
            crate::api_keys::sync_key_gateway(state, &mut key).await;
        }
    }
    Ok(())
}

/// Registers (or moves, or disables) the client's own usage key; on failure it stays pending for
/// the sweep. Never fails the request: the client is usable by the platform's own checks already.
pub async fn sync_client_gateway(state: &AppState, client: &mut ApiClientRecord) {
    let value = client.usage_key();
    let desired = Desired {
        name: client.id.as_str(),
        value: &value,
        plan: gateway::plan_for(client.rate_limit_tier, Mode::Live),
        enabled: client.status == ClientStatus::Active,
    };
    let (reached, result) = gateway::sync(state, &client.gateway, &desired).await;
    if let Err(e) = &result {
        tracing::warn!(client = %client.id, error = %e, "gateway registration pending");
    }
    client.gateway = reached;
    let written = persist::save_client_gateway(state, client).await;
    if let Err(e) = written {
        tracing::warn!(error = %e, "gateway state not saved");
    }
}

/// A new OAuth2 client secret; the old one stops working at once.
pub async fn rotate_secret(
    state: &AppState,
    caller: &Caller<'_>,
    client_id: &ClientId,
) -> Result<String, ApiError> {
    let actor = caller.principal()?;
    let origin = &caller.origin;
    let client = load(state, &actor.tenant, client_id).await?;
    let secret = new_client_secret();
    if !persist::set_secret_hash(state, &client, &kernel::secret::hash_secret(&secret)).await? {
        return Err(ApiError::not_found("no such API client"));
    }
    AuditEvent::new("api_client.secret_rotated")
        .actor(&actor.id)
        .target(&client.id)
        .origin(origin)
        .append(&state.store, &client.tenant)
        .await?;
    Ok(secret)
}

/// A path id that is not a client id is a 400 naming the parameter.
pub fn parse_client_id(raw: &str, field: &str, location: Location) -> Result<ClientId, ApiError> {
    raw.parse::<ClientId>()
        .map_err(|e| ApiError::invalid_field(location, field, "invalid", e.to_string()))
}
