//! AWS clients, built once per cold start, and the call counter attached to each of them.

use crate::config::{Config, ConfigError, TrustRoots};
use aws_credential_types::Credentials;
use aws_sdk_dynamodb::config::Region;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode, TlsContext, TrustStore};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// Counts every request sent to AWS (each attempt, so retries count), by `Service.Operation`.
///
/// Tests read it to hold operations to a request budget; the request log line reports the number of
/// calls a request made, which is how an unexpected extra read shows up in production.
#[derive(Clone, Debug, Default)]
pub struct CallCounter {
    counts: Arc<Mutex<BTreeMap<String, u64>>>,
    /// When each attempt was sent and answered: the critical path is read from these.
    spans: Arc<Mutex<Vec<(Instant, Instant)>>>,
}

/// When an attempt went out (kept in the operation's interceptor state until it is answered).
#[derive(Debug, Clone, Copy)]
struct SentAt(Instant);

impl Storable for SentAt {
    type Storer = StoreReplace<Self>;
}

impl CallCounter {
    pub fn total(&self) -> u64 {
        self.snapshot().values().sum()
    }

    /// Calls per `Service.Operation` (bounded by the number of distinct operations).
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.counts.lock().map(|m| m.clone()).unwrap_or_default()
    }

    pub fn reset(&self) {
        if let Ok(mut m) = self.counts.lock() {
            m.clear();
        }
        if let Ok(mut s) = self.spans.lock() {
            s.clear();
        }
    }

    /// The calls since the last reset that waited on one another: the longest chain of calls each
    /// sent after the previous one was answered (calls that overlap ran concurrently and count
    /// once). On AWS each link costs a round trip (5–10 ms in-region), whatever the call count.
    pub fn critical_path(&self) -> usize {
        let mut spans = self.spans.lock().map(|s| s.clone()).unwrap_or_default();
        longest_chain(&mut spans)
    }

    fn record(&self, op: String) {
        if let Ok(mut m) = self.counts.lock() {
            *m.entry(op).or_default() += 1;
        }
    }
}

/// The most intervals that follow one another without overlapping (earliest end first).
fn longest_chain(spans: &mut [(Instant, Instant)]) -> usize {
    spans.sort_by_key(|&(_, end)| end);
    let mut chain = 0;
    let mut free_from: Option<Instant> = None;
    for &(start, end) in spans.iter() {
        if free_from.is_none_or(|f| start >= f) {
            chain += 1;
            free_from = Some(end);
        }
    }
    chain
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "CallCounter"
    }

    fn read_after_attempt(
        &self,
        _context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(SentAt(sent)) = cfg.load::<SentAt>().copied() {
            if let Ok(mut s) = self.spans.lock() {
                s.push((sent, Instant::now()));
            }
        }
        Ok(())
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let op = cfg
            .load::<Metadata>()
            .map(|m| format!("{}.{}", m.service(), m.name()))
            .unwrap_or_else(|| "unknown".to_owned());
        self.record(op);
        cfg.interceptor_state().store_put(SentAt(Instant::now()));
        Ok(())
    }
}

/// The Amazon Trust Services roots (Amazon Root CA 1–4 and the Starfield Services G2 cross-sign),
/// copied from Mozilla's store as shipped by Debian's ca-certificates.
const AMAZON_ROOTS_PEM: &[u8] = include_bytes!("../certs/amazon-trust-services.pem");

/// One HTTPS client for all SDK clients: one connection pool, one TLS configuration.
fn https_client(roots: TrustRoots) -> SharedHttpClient {
    let builder = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc));
    let store = match roots {
        TrustRoots::Amazon => TrustStore::empty().with_pem_certificate(AMAZON_ROOTS_PEM),
        // The SDK's own eager validation is what warms the platform-store cache at init: keep it.
        TrustRoots::Native => return builder.build_https(),
    };
    match TlsContext::builder().with_trust_store(store).build() {
        Ok(context) => {
            SharedHttpClient::new(NoProbeConnector(builder.tls_context(context).build_https()))
        }
        // build() has no failure case today; if one appears, the SDK default is the safe fallback.
        Err(_) => builder.build_https(),
    }
}

/// Skips the SDK's client-construction probe, which builds a whole TLS connector and throws it
/// away so that the platform's certificate files are read at init rather than on the first
/// request. With the roots compiled in there is nothing to warm: the probe would only parse them a
/// second time (profiled: about a tenth of the function's init instructions). The connector the
/// first request builds is cached and reused by every later request.
#[derive(Debug)]
struct NoProbeConnector(SharedHttpClient);

impl HttpClient for NoProbeConnector {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.0.http_connector(settings, components)
    }

    fn connector_metadata(&self) -> Option<ConnectorMetadata> {
        self.0.connector_metadata()
    }
}

/// What every SDK client is built from; kept so the clients a function rarely needs are built on
/// first use (see [`AwsClients`]).
/// What every SDK client of a container shares: region, credentials, endpoint (local stack), the
/// one HTTPS client and the call counter. Domain crates build the clients only they need (SES in
/// `mail`) from it with [`aws_client!`], so a function that never mails links no SES code.
#[derive(Debug)]
pub struct SdkBase {
    pub region: Region,
    pub credentials: Credentials,
    pub endpoint: Option<String>,
    pub http: SharedHttpClient,
    pub counter: CallCounter,
}

/// The SDK's standard retries (throttles, 500s, timeouts) with a 100 ms first backoff instead of
/// the default 1 s and 4 attempts: a throttle on DynamoDB clears in tens of milliseconds, and every
/// invocation has a deadline to keep; what still fails goes back to the caller as retryable.
#[doc(hidden)]
#[macro_export]
macro_rules! __retry_config {
    ($sdk:ident) => {
        $sdk::config::retry::RetryConfig::standard()
            .with_max_attempts(4)
            .with_initial_backoff(std::time::Duration::from_millis(100))
    };
}
pub use crate::__retry_config as retry_config;

/// Builds a client of any AWS SDK crate from an [`SdkBase`].
#[macro_export]
macro_rules! aws_client {
    ($sdk:ident, $base:expr) => {{
        let base: &$crate::aws::SdkBase = $base;
        let mut builder = $sdk::config::Builder::new()
            .behavior_version($sdk::config::BehaviorVersion::latest())
            .region(base.region.clone())
            .credentials_provider(base.credentials.clone())
            .interceptor(base.counter.clone())
            .retry_config($crate::aws::retry_config!($sdk))
            .http_client(base.http.clone());
        if let Some(endpoint) = &base.endpoint {
            builder = builder.endpoint_url(endpoint);
        }
        $sdk::Client::from_conf(builder.build())
    }};
}

/// The AWS clients every function may use. DynamoDB is built at init because every function reads
/// the table; Secrets Manager on first use. Clients of services only some functions call (SQS,
/// EventBridge, SES) are built by the crate that calls them with [`aws_client!`] from
/// [`AwsClients::sdk_base`], so a function links only the SDKs it uses (each SDK adds relocations,
/// i.e. cold-start time, and each client costs about a quarter of the init budget). Cloning shares
/// the clients.
#[derive(Clone, Debug)]
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    base: Arc<SdkBase>,
    secrets: Arc<OnceLock<aws_sdk_secretsmanager::Client>>,
}

impl AwsClients {
    /// Builds the clients without aws-config's default provider chain: in Lambda, region and
    /// credentials are environment variables, and skipping the chain (profile files, IMDS and STS
    /// clients) keeps init short. Creating clients makes no network call; the first request does.
    /// Missing credentials fail the cold start with their name rather than every later call.
    pub fn new(config: &Config, counter: &CallCounter) -> Result<Self, ConfigError> {
        let env = |name: &'static str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .ok_or(ConfigError::Missing(name))
        };
        let credentials = match &config.aws_endpoint {
            // The local stack: moto accepts any credentials; never use a developer's real ones.
            Some(_) => Credentials::new("test", "test", None, None, "local"),
            None => Credentials::new(
                env("AWS_ACCESS_KEY_ID")?,
                env("AWS_SECRET_ACCESS_KEY")?,
                env("AWS_SESSION_TOKEN").ok(),
                None,
                "lambda-environment",
            ),
        };
        let base = Arc::new(SdkBase {
            region: Region::new(config.region.clone()),
            credentials,
            endpoint: config.aws_endpoint.clone(),
            http: https_client(config.aws_trust),
            counter: counter.clone(),
        });
        Ok(Self {
            dynamodb: aws_client!(aws_sdk_dynamodb, &base),
            base,
            secrets: Arc::default(),
        })
    }

    pub fn secrets(&self) -> &aws_sdk_secretsmanager::Client {
        self.secrets
            .get_or_init(|| aws_client!(aws_sdk_secretsmanager, &self.base))
    }

    /// The shared parts, for clients a domain crate builds itself.
    pub fn sdk_base(&self) -> &SdkBase {
        &self.base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the bundle to the SHA-256 fingerprints Amazon Trust Services publishes, so an edited
    /// or truncated certificate fails here instead of at the first TLS handshake in production.
    #[test]
    fn amazon_bundle_is_exactly_the_published_roots() {
        use base64::Engine;
        use sha2::{Digest, Sha256};
        let pem = std::str::from_utf8(AMAZON_ROOTS_PEM).unwrap();
        let fingerprints: Vec<String> = pem
            .split("-----BEGIN CERTIFICATE-----")
            .skip(1)
            .map(|block| {
                let body: String = block
                    .split("-----END CERTIFICATE-----")
                    .next()
                    .unwrap()
                    .split_whitespace()
                    .collect();
                let der = base64::engine::general_purpose::STANDARD
                    .decode(body)
                    .unwrap();
                Sha256::digest(der)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            })
            .collect();
        assert_eq!(
            fingerprints,
            [
                "8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e", // Amazon Root CA 1
                "1ba5b2aa8c65401a82960118f80bec4f62304d83cec4713a19c39c011ea46db4", // Amazon Root CA 2
                "18ce6cfe7bf14e60b2e347b8dfe868cb31d02ebb3ada271569f50343b46db3a4", // Amazon Root CA 3
                "e35d28419ed02025cfa69038cd623962458da5c695fbdea3c22b0bfb25897092", // Amazon Root CA 4
                "568d6905a2c88708a4b3025190edcfedb1974a606a13c6e5290fcb2ae63edab5", // Starfield Services G2
            ]
        );
    }

    /// Every client builds with either store, lazily built ones included (the bundle itself is parsed
    /// by the first request's connector, which every e2e test exercises).
    #[tokio::test]
    async fn clients_build_with_each_trust_store() {
        for store in ["amazon", "native"] {
            let config = Config::from_vars([
                ("TABLE_NAME", "t"),
                ("AWS_ENDPOINT_URL", "https://127.0.0.1:1"),
                ("AWS_TRUST_STORE", store),
            ])
            .unwrap();
            let clients = AwsClients::new(&config, &CallCounter::default()).unwrap();
            // The lazily built clients select the same HTTP client (and so the same roots).
            let _ = clients.secrets();
        }
    }
}
