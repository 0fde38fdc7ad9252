//! Inbound credentials: the organisation's item (what the settings page shows: when issued, the
//! token's visible start) and one item per URL token, keyed by the token's hash, holding the
//! tenant and the signing secret issued with it. A rotation writes the new token's item and gives
//! the old one 24 hours (`until`, and a TTL), all in one transaction conditional on the version
//! read, so two concurrent rotations cannot both leave a token behind.

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::expr::Update;
use store::{keys, PutMode, Record, StoreError, TxOp};

const CREDENTIALS: &str = "INBOUND_CREDENTIALS";
const TOKEN: &str = "INBOUND_TOKEN";

/// The organisation's credentials as stored (never the token itself).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Credentials {
    pub token_hash: String,
    /// The token's first characters, to recognise it.
    pub token_prefix: String,
    pub issued_at: String,
    /// The token replaced last and until when (epoch seconds) it still works.
    pub previous_token_hash: Option<String>,
    pub previous_until: Option<i64>,
    /// The SNS topics whose messages `/v1/inbound/ses` accepts.
    #[serde(default)]
    pub ses_topics: Vec<String>,
    pub version: u64,
}

/// A token's item: its organisation and the secret issued with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenEntry {
    pub tenant: TenantId,
    pub secret: String,
    /// Set when the token was replaced: it works until then (epoch seconds).
    pub until: Option<i64>,
}

pub async fn load(state: &AppState, tenant: &TenantId) -> Result<Option<Credentials>, StoreError> {
    state.store.get(&keys::inbound_credentials(tenant)).await
}

pub async fn token(state: &AppState, hash: &str) -> Result<Option<TokenEntry>, StoreError> {
    state.store.get(&keys::inbound_token(hash)).await
}

/// Replaces the credentials read at `current.version` with `next` (version one past it); `false`
/// when they changed meanwhile (nothing written).
pub async fn replace(
    state: &AppState,
    tenant: &TenantId,
    current: &Credentials,
    next: &Credentials,
) -> Result<bool, StoreError> {
    let record = Record::new(CREDENTIALS, keys::inbound_credentials(tenant), next);
    match state
        .store
        .put(&record, PutMode::IfVersion(current.version))
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Stores new credentials (`next`, whose version is one past `current`'s) with the new token's
/// entry; the current token's entry is kept until `grace_until`. `false` when another rotation
/// came first (nothing written).
pub async fn rotate(
    state: &AppState,
    tenant: &TenantId,
    current: Option<&Credentials>,
    next: &Credentials,
    entry: &TokenEntry,
    grace_until: i64,
) -> Result<bool, StoreError> {
    let mode = match current {
        Some(c) => PutMode::IfVersion(c.version),
        None => PutMode::IfAbsent,
    };
    let mut ops = vec![
        TxOp::put(
            &Record::new(CREDENTIALS, keys::inbound_credentials(tenant), next),
            mode,
        )?,
        TxOp::put(
            &Record::new(TOKEN, keys::inbound_token(&next.token_hash), entry),
            PutMode::IfAbsent,
        )?,
    ];
    if let Some(c) = current {
        ops.push(TxOp::apply(
            keys::inbound_token(&c.token_hash),
            &Update::<TokenEntry>::new()
                .set("until", &Some(grace_until))
                .set(keys::TTL, &(grace_until + 3_600)),
        )?);
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(e) if e.failed_action() == Some(0) => Ok(false),
        Err(e) => Err(e),
    }
}
