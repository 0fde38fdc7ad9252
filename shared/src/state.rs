//! What a function builds once per cold start and lends to every invocation.

use crate::aws::{AwsClients, CallCounter};
use crate::config::MailTransport;
use crate::config::{Config, ConfigError};
use crate::cursor::CursorCodec;
use crate::error::ApiError;
use crate::mail::{Mailer, OutboxMailer, SesMailer};
use crate::secrets::SecretCache;
use crate::store::Store;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OnceCell;

/// How long a warm container trusts a cached secret before reading it again.
pub const SECRET_TTL: Duration = Duration::from_secs(300);

#[derive(Debug)]
pub struct AppState {
    pub config: Config,
    pub aws: AwsClients,
    pub store: Store,
    pub calls: CallCounter,
    pub secrets: SecretCache,
    pub mailer: Arc<dyn Mailer>,
    keys: OnceCell<PlatformKeys>,
    /// Built on first use: functions that never call a provider never pay for its HTTP client.
    providers: OnceCell<crate::providers::Hub>,
}

/// Everything keyed from the platform secret, derived once per container.
#[derive(Debug)]
pub struct PlatformKeys {
    pub cursor: CursorCodec,
    pub tokens: crate::auth::tokens::TokenSigner,
    /// Peppers one-time codes and reset secrets before they are hashed and stored.
    pub one_time: Vec<u8>,
    /// Seals TOTP seeds (AES-256-GCM) so a copy of the table alone does not yield them.
    pub totp_seal: Vec<u8>,
}

/// The platform secret's JSON (template.yaml `AppSecret`).
#[derive(Deserialize)]
struct AppSecret {
    signing_key: String,
}

impl AppState {
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        Self::with_counter(config, CallCounter::default())
    }

    /// Shares `counter` with the caller, so tests and the local stack can read the AWS calls made.
    pub fn with_counter(config: Config, counter: CallCounter) -> Result<Self, ConfigError> {
        let aws = AwsClients::new(&config, &counter)?;
        let mailer: Arc<dyn Mailer> = match &config.mail_transport {
            MailTransport::Ses => Arc::new(SesMailer {
                aws: aws.clone(),
                from: config.mail_from.clone(),
            }),
            MailTransport::Outbox(dir) => Arc::new(OutboxMailer { dir: dir.clone() }),
        };
        Ok(Self {
            mailer,
            store: Store::new(aws.dynamodb.clone(), config.table_name.clone()),
            secrets: SecretCache::new(aws.clone(), SECRET_TTL),
            config,
            aws,
            calls: counter,
            keys: OnceCell::new(),
            providers: OnceCell::new(),
        })
    }

    /// The cursor codec (see [`Self::keys`]).
    pub async fn cursor_codec(&self) -> Result<&CursorCodec, ApiError> {
        self.keys().await.map(|k| &k.cursor)
    }

    /// The provider hub (HTTP client, breakers, rate limits), shared by every call in this container.
    pub async fn providers(&self) -> Result<&crate::providers::Hub, ApiError> {
        self.providers
            .get_or_try_init(|| async {
                crate::providers::Hub::new(self.config.providers.clone())
                    .map_err(|e| ApiError::internal(format!("provider HTTP client: {e}")))
            })
            .await
    }

    /// The keys derived from the platform secret: one GetSecretValue per container, on first use
    /// (routes that need none never pay it). A rotated secret reaches a container when it restarts.
    pub async fn keys(&self) -> Result<&PlatformKeys, ApiError> {
        use crate::auth::tokens::{derive_key, TokenSigner};
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
                let master = secret.signing_key.as_bytes();
                Ok(PlatformKeys {
                    cursor: CursorCodec::from_secret(master),
                    tokens: TokenSigner::new(&derive_key(master, "access-token/v1")),
                    one_time: derive_key(master, "one-time-code/v1"),
                    totp_seal: derive_key(master, "totp-seal/v1"),
                })
            })
            .await
    }
}
