//! API clients and their keys as partners manage them: the client item (listed per organisation),
//! its token-endpoint lookup, each key's item under the hash of its secret (what the authorizer
//! reads), the key's entry under its client, and the sparse index of credentials whose API
//! Gateway registration is pending. The only code of this crate that knows their keys,
//! attribute names and conditions.

use access::partner::{
    ApiClientRecord, ApiKeyRecord, ClientId, ClientStatus, GatewayState, KeyId, KeyStatus, Tier,
    API_CLIENT, API_KEY,
};
use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::cursor::CursorCodec;
use store::expr::{Cond, Update, Value};
use store::{keys, Filter, Page, PageParams, PutMode, Record, StoreError, TxOp};

const OAUTH_CLIENT: &str = "OAUTH_CLIENT";
const API_KEY_ENTRY: &str = "API_KEY_ENTRY";

/// Where the token endpoint finds a client's organisation.
#[derive(Debug, Serialize, Deserialize)]
pub struct OauthLookup {
    pub tenant: TenantId,
}

/// A key's entry under its client: what finds its hash item.
#[derive(Debug, Serialize, Deserialize)]
pub struct KeyEntry {
    pub key_id: KeyId,
    pub hash: String,
}

// ------------------------------------------------------------------ clients

/// Stores a new client (in the pending index until its gateway registration is made) and its
/// token-endpoint lookup, both create-only, in one transaction.
pub async fn create_client(state: &AppState, client: &ApiClientRecord) -> Result<(), StoreError> {
    let pending = keys::gateway_pending("client", client.id.as_str());
    state
        .store
        .transact(vec![
            TxOp::put(&client.record().with_gsi2(pending), PutMode::IfAbsent)?,
            TxOp::put(
                &Record::new(
                    OAUTH_CLIENT,
                    keys::oauth_client(client.id.as_str()),
                    &OauthLookup {
                        tenant: client.tenant.clone(),
                    },
                ),
                PutMode::IfAbsent,
            )?,
        ])
        .await
}

/// The organisation a client id belongs to (the token endpoint's lookup).
pub async fn client_organisation(
    state: &AppState,
    client_id: &ClientId,
) -> Result<Option<TenantId>, StoreError> {
    Ok(state
        .store
        .get::<OauthLookup>(&keys::oauth_client(client_id.as_str()))
        .await?
        .map(|l| l.tenant))
}

/// A client of the organisation's live space (deleted ones included).
pub async fn load_client(
    state: &AppState,
    tenant: &TenantId,
    client_id: &ClientId,
) -> Result<Option<ApiClientRecord>, StoreError> {
    state
        .store
        .get::<ApiClientRecord>(&keys::api_client(&tenant.live_space(), client_id.as_str()))
        .await
}

/// What a client listing keeps (every field narrows it; deleted clients never show).
#[derive(Debug, Default)]
pub struct ClientFilter {
    pub status: Option<ClientStatus>,
    pub tier: Option<Tier>,
    /// Normalised.
    pub contact_email: Option<String>,
    /// Lower-cased.
    pub search: Option<String>,
}

pub async fn list_clients(
    state: &AppState,
    tenant: &TenantId,
    codec: &CursorCodec,
    filter: &ClientFilter,
    page: &PageParams,
) -> Result<Page<ApiClientRecord>, StoreError> {
    let tenant = tenant.live_space();
    let mut spec =
        keys::api_clients(&tenant).filter(Filter::NotEquals("status".into(), "deleted".into()));
    if let Some(s) = filter.status {
        spec = spec.filter(Filter::Equals("status".into(), s.as_str().into()));
    }
    if let Some(t) = filter.tier {
        spec = spec.filter(Filter::Equals("rate_limit_tier".into(), t.as_str().into()));
    }
    if let Some(e) = &filter.contact_email {
        spec = spec.filter(Filter::Equals("contact_email".into(), e.clone()));
    }
    if let Some(q) = &filter.search {
        spec = spec.filter(Filter::Contains("search".into(), q.clone()));
    }
    state.store.query(&tenant, &spec, page, codec).await
}

/// Writes a changed client while it has version `read_version`: false when another request
/// changed it first. `pending`: the client (also) enters the gateway's pending index.
pub async fn put_client_if_version(
    state: &AppState,
    client: &ApiClientRecord,
    read_version: u64,
    pending: bool,
) -> Result<bool, StoreError> {
    let mut record = client.record();
    if pending {
        record = record.with_gsi2(keys::gateway_pending("client", client.id.as_str()));
    }
    match state
        .store
        .put(&record, PutMode::IfVersion(read_version))
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Removes a client's token-endpoint lookup (idempotent): its tokens can no longer be issued.
pub async fn delete_oauth_lookup(state: &AppState, client_id: &ClientId) -> Result<(), StoreError> {
    state
        .store
        .delete(&keys::oauth_client(client_id.as_str()), false)
        .await
}

/// Replaces a client's OAuth2 secret hash unless the client is deleted: false when it is.
pub async fn set_secret_hash(
    state: &AppState,
    client: &ApiClientRecord,
    hash: &str,
) -> Result<bool, StoreError> {
    state
        .store
        .apply(
            client.record().key(),
            &Update::<ApiClientRecord>::new()
                .set("secret_hash", &hash)
                .when(Cond::ne("status", &ClientStatus::Deleted)),
        )
        .await
}

/// Stores a client's gateway state while the client is still at `client.version` (a newer change
/// syncs again), leaving the pending index once synced. A newer version is not an error.
pub async fn save_client_gateway(
    state: &AppState,
    client: &ApiClientRecord,
) -> Result<(), StoreError> {
    let u = gateway_state::<ApiClientRecord>(&client.gateway)
        .when(Cond::eq("version", &client.version));
    state
        .store
        .apply(client.record().key(), &u)
        .await
        .map(|_| ())
}

fn gateway_state<T: serde::de::DeserializeOwned>(gw: &GatewayState) -> Update<T> {
    let u = Update::new().set("gateway", gw);
    if gw.synced {
        u.unindex2()
    } else {
        u
    }
}

// ------------------------------------------------------------------ keys

/// Issues a key: a condition on its client (active, still at the version whose tier and status
/// the key copies), the key's item (pending its gateway registration) and its entry under the
/// client, in one transaction. False when the client changed meanwhile (nothing written).
pub async fn issue_key(
    state: &AppState,
    client: &ApiClientRecord,
    key: &ApiKeyRecord,
) -> Result<bool, StoreError> {
    let entry = KeyEntry {
        key_id: key.id.clone(),
        hash: key.hash.clone(),
    };
    let result = state
        .store
        .transact(vec![
            TxOp::apply(client.record().key().clone(), &key_issued(client.version))?,
            TxOp::put(
                &key.record()
                    .with_gsi2(keys::gateway_pending("key", &key.hash)),
                PutMode::IfAbsent,
            )?,
            TxOp::put(
                &Record::new(
                    API_KEY_ENTRY,
                    keys::client_key(&client.tenant, client.id.as_str(), key.id.as_str()),
                    &entry,
                ),
                PutMode::IfAbsent,
            )?,
        ])
        .await;
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.failed_action() == Some(0) => Ok(false),
        Err(e) => Err(e),
    }
}

fn key_issued(version: u64) -> Update<ApiClientRecord> {
    Update::new()
        .add("keys_issued", Value::number(1))
        .when(Cond::eq("status", &ClientStatus::Active).and(Cond::eq("version", &version)))
}

/// The hashes of every key of a client (strongly consistent: a key issued before a suspension's
/// version bump is always found).
pub async fn key_hashes(
    state: &AppState,
    tenant: &TenantId,
    codec: &CursorCodec,
    client_id: &ClientId,
) -> Result<Vec<String>, StoreError> {
    let entries: Vec<KeyEntry> = state
        .store
        .query_all(
            tenant,
            &keys::client_keys(tenant, client_id.as_str()),
            10_000,
            codec,
        )
        .await?;
    Ok(entries.into_iter().map(|e| e.hash).collect())
}

/// One page of a client's keys (newest last), read through their entries.
pub async fn list_keys(
    state: &AppState,
    client: &ApiClientRecord,
    codec: &CursorCodec,
    page: &PageParams,
) -> Result<Page<ApiKeyRecord>, StoreError> {
    let entries = state
        .store
        .query::<KeyEntry>(
            &client.tenant,
            &keys::client_keys(&client.tenant, client.id.as_str()),
            page,
            codec,
        )
        .await?;
    let wanted: Vec<keys::Key> = entries
        .items
        .iter()
        .map(|e| keys::api_key(&e.hash))
        .collect();
    let mut items = Vec::with_capacity(wanted.len());
    for chunk in wanted.chunks(100) {
        for item in state.store.batch_get(chunk).await?.into_iter().flatten() {
            items.push(serde_dynamo::from_item(item)?);
        }
    }
    Ok(Page {
        items,
        next_cursor: entries.next_cursor,
    })
}

/// What revoking a key did.
pub enum Revoked {
    /// Revoked now: the key as written.
    Now(Box<ApiKeyRecord>),
    /// It was revoked already (a retry, or a concurrent revocation).
    Already,
    /// The client has no such key.
    NoSuchKey,
}

/// Revokes a client's key (found through its entry) while it is active.
pub async fn revoke_key(
    state: &AppState,
    tenant: &TenantId,
    client_id: &ClientId,
    key_id: &KeyId,
    now: i64,
) -> Result<Revoked, StoreError> {
    let Some(entry) = state
        .store
        .get::<KeyEntry>(&keys::client_key(
            tenant,
            client_id.as_str(),
            key_id.as_str(),
        ))
        .await?
    else {
        return Ok(Revoked::NoSuchKey);
    };
    Ok(state
        .store
        .apply_returning(
            &keys::api_key(&entry.hash),
            &revocation(tenant, client_id, &entry.hash, now),
        )
        .await?
        .map_or(Revoked::Already, |k| Revoked::Now(Box::new(k))))
}

fn revocation(
    tenant: &TenantId,
    client_id: &ClientId,
    hash: &str,
    now: i64,
) -> Update<ApiKeyRecord> {
    Update::new()
        .set("status", &KeyStatus::Revoked)
        .set("revoked_at", &now)
        .set_in("gateway", "synced", &false)
        .index2(&keys::gateway_pending("key", hash))
        .when(
            Cond::eq("status", &KeyStatus::Active)
                .and(Cond::eq("tenant", tenant))
                .and(Cond::eq("client_id", client_id)),
        )
}

/// Copies a client's status, tier and version to one of its keys (and revokes the key when the
/// client is deleted), unless the key holds this version or a later one already: the key as
/// written, or `None` when nothing changed. Its gateway registration becomes pending.
pub async fn copy_client_to_key(
    state: &AppState,
    client: &ApiClientRecord,
    hash: &str,
    now: i64,
) -> Result<Option<ApiKeyRecord>, StoreError> {
    state
        .store
        .apply_returning(&keys::api_key(hash), &client_copy(client, hash, now))
        .await
}

fn client_copy(client: &ApiClientRecord, hash: &str, now: i64) -> Update<ApiKeyRecord> {
    let mut u = Update::new()
        .set("client_status", &client.status)
        .set("client_tier", &client.rate_limit_tier)
        .set("client_version", &client.version)
        .set_in("gateway", "synced", &false)
        .index2(&keys::gateway_pending("key", hash))
        .when(Cond::eq("client_id", &client.id).and(Cond::lt("client_version", &client.version)));
    if client.status == ClientStatus::Deleted {
        u = u
            .set("status", &KeyStatus::Revoked)
            .set_if_absent("revoked_at", &now);
    }
    u
}

/// Stores a key's gateway state while its client copy is still at `key.client_version`.
pub async fn save_key_gateway(state: &AppState, key: &ApiKeyRecord) -> Result<(), StoreError> {
    let u = gateway_state::<ApiKeyRecord>(&key.gateway)
        .when(Cond::eq("client_version", &key.client_version));
    state.store.apply(key.record().key(), &u).await.map(|_| ())
}

/// A credential whose gateway registration is pending.
pub enum Pending {
    Key(Box<ApiKeyRecord>),
    Client(Box<ApiClientRecord>),
}

/// Up to 100 pending credentials of one shard of the pending index.
pub async fn pending(state: &AppState, shard: u32) -> Result<Vec<Pending>, StoreError> {
    let found: Vec<serde_json::Value> = state
        .store
        .query_first(&keys::gateway_pending_shard(shard), 100)
        .await?;
    Ok(found
        .into_iter()
        .filter_map(|item| {
            match item
                .get(keys::ENTITY)
                .and_then(|e| e.as_str())
                .unwrap_or("")
            {
                API_KEY => serde_json::from_value(item)
                    .ok()
                    .map(|k| Pending::Key(Box::new(k))),
                API_CLIENT => serde_json::from_value(item)
                    .ok()
                    .map(|c| Pending::Client(Box::new(c))),
                _ => None,
            }
        })
        .collect())
}

/// An API key's change on the table's stream (the event publisher's reader): `Ok(None)` for any
/// other item.
pub fn key_images(
    change: &store::stream::Change,
) -> Result<Option<store::stream::Images<ApiKeyRecord>>, StoreError> {
    change.images(API_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_name_fields_of_their_items() {
        let tenant = TenantId::new();
        let client = ClientId::new();
        let r = revocation(&tenant, &client, "h", 5).render().unwrap();
        assert!(
            r.update.unwrap().contains(".#n"),
            "the nested gateway.synced"
        );
        key_issued(3).render().unwrap();
        gateway_state::<ApiKeyRecord>(&GatewayState::default())
            .render()
            .unwrap();
        let synced = GatewayState {
            synced: true,
            ..GatewayState::default()
        };
        let done = gateway_state::<ApiClientRecord>(&synced).render().unwrap();
        assert!(done.update.unwrap().contains("REMOVE"));
    }
}
