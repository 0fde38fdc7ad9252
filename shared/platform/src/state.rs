//! What a function builds once per cold start and lends to every invocation.
//!
//! [`AppState`] holds what every function uses (configuration, AWS clients, the table, the secret
//! cache). What only some functions use — the mailer, the provider hub, token and TOTP keys — is a
//! *part*: a domain crate builds it on first use with [`AppState::part`] and it is kept for the
//! life of the container. A function that never asks for a part neither builds nor links it.

use crate::aws::{AwsClients, CallCounter};
use crate::config::{Config, ConfigError};
use crate::secrets::SecretCache;
use kernel::error::ApiError;
use serde::Deserialize;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use store::cursor::CursorCodec;
use store::Store;
use tokio::sync::{Mutex, OnceCell};

/// How long a warm container trusts a cached secret before reading it again.
pub const SECRET_TTL: Duration = Duration::from_secs(300);

type Part = Arc<dyn Any + Send + Sync>;

#[derive(Debug)]
pub struct AppState {
    pub config: Config,
    pub aws: AwsClients,
    pub store: Store,
    pub calls: CallCounter,
    pub secrets: SecretCache,
    keys: OnceCell<PlatformKeys>,
    parts: Mutex<HashMap<TypeId, Arc<OnceCell<Part>>>>,
}

/// The platform secret, read once per container, and the cursor codec keyed from it. Domain crates
/// derive their own keys from [`PlatformKeys::master`] with `kernel::secret::derive_key` and a
/// purpose label, so no two uses ever share a key.
pub struct PlatformKeys {
    pub cursor: CursorCodec,
    master: Vec<u8>,
}

impl PlatformKeys {
    /// The platform signing key: only ever an input to `derive_key`.
    pub fn master(&self) -> &[u8] {
        &self.master
    }
}

impl std::fmt::Debug for PlatformKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlatformKeys { .. }")
    }
}

/// The platform secret's JSON (template.yaml `AppSecret`).
#[derive(Deserialize)]
struct AppSecret {
    signing_key: String,
}

impl AppState {
    /// The API's public address, for links given to people and senders outside the platform (mail
    /// links, inbound URLs): template parameter PublicApiUrl, else the app's address; no trailing
    /// slash.
    pub fn public_api_url(&self) -> String {
        self.config
            .var("PUBLIC_API_URL")
            .filter(|v| !v.is_empty())
            .or_else(|| self.config.var("APP_BASE_URL"))
            .unwrap_or("http://127.0.0.1:3000")
            .trim_end_matches('/')
            .to_owned()
    }

    pub fn new(config: Config) -> Result<Self, ConfigError> {
        Self::with_counter(config, CallCounter::default())
    }

    /// Shares `counter` with the caller, so tests and the local stack can read the AWS calls made.
    pub fn with_counter(config: Config, counter: CallCounter) -> Result<Self, ConfigError> {
        let aws = AwsClients::new(&config, &counter)?;
        Ok(Self {
            store: Store::new(aws.dynamodb.clone(), config.table_name.clone()),
            secrets: SecretCache::new(aws.clone(), SECRET_TTL),
            config,
            aws,
            calls: counter,
            keys: OnceCell::new(),
            parts: Mutex::new(HashMap::new()),
        })
    }

    /// The cursor codec (see [`Self::keys`]).
    pub async fn cursor_codec(&self) -> Result<&CursorCodec, ApiError> {
        self.keys().await.map(|k| &k.cursor)
    }

    /// The platform secret: one GetSecretValue per container, on first use (routes that need no key
    /// never pay it). A rotated secret reaches a container when it restarts.
    pub async fn keys(&self) -> Result<&PlatformKeys, ApiError> {
        self.keys
            .get_or_try_init(|| async {
                let id = self
                    .config
                    .app_secret_id
                    .as_deref()
                    .ok_or_else(|| ApiError::internal("APP_SECRET_ID is not configured"))?;
                let raw = self.secrets.get(id).await.map_err(ApiError::internal)?;
                let secret: AppSecret = serde_json::from_str(&raw).map_err(|_| {
                    ApiError::internal("the platform secret is not the expected JSON")
                })?;
                if secret.signing_key.len() < 32 {
                    return Err(ApiError::internal("the platform signing key is too short"));
                }
                let master = secret.signing_key.into_bytes();
                Ok(PlatformKeys {
                    cursor: CursorCodec::from_secret(&master),
                    master,
                })
            })
            .await
    }

    /// The container's `T`, built by `init` the first time any request asks for it. Concurrent
    /// first requests build it once (the others wait); a failed build is not kept, so the next
    /// request tries again. `init` may ask for other parts: the map is locked only to find the
    /// part's cell, never while a part is built.
    pub async fn part<T, F, Fut>(&self, init: F) -> Result<Arc<T>, ApiError>
    where
        T: Any + Send + Sync,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let cell = {
            let mut parts = self.parts.lock().await;
            Arc::clone(parts.entry(TypeId::of::<T>()).or_default())
        };
        let part = cell
            .get_or_try_init(|| async { Ok::<Part, ApiError>(Arc::new(init().await?)) })
            .await?;
        Arc::clone(part)
            .downcast::<T>()
            .map_err(|_| ApiError::internal("a state part has the wrong type"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> AppState {
        let config = Config::from_vars([
            ("TABLE_NAME", "t"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
        ])
        .unwrap();
        AppState::new(config).unwrap()
    }

    struct Inner(u32);
    struct Outer(u32);

    #[tokio::test]
    async fn parts_are_built_once_and_may_use_other_parts() {
        let state = state();
        let built = std::sync::atomic::AtomicU32::new(0);
        for _ in 0..3 {
            let outer = state
                .part(|| async {
                    built.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let inner = state.part(|| async { Ok(Inner(41)) }).await?;
                    Ok(Outer(inner.0 + 1))
                })
                .await
                .unwrap();
            assert_eq!(outer.0, 42);
        }
        assert_eq!(built.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failed_build_is_tried_again() {
        let state = state();
        let failed = state
            .part::<Inner, _, _>(|| async { Err(ApiError::internal("first")) })
            .await;
        assert!(failed.is_err());
        let ok = state.part(|| async { Ok(Inner(7)) }).await.unwrap();
        assert_eq!(ok.0, 7);
    }
}
