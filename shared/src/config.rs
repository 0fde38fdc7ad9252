//! Configuration read from the environment once per cold start.
//!
//! Names match the `Environment.Variables` declared in template.yaml; the local stack resolves the same
//! declarations against the emulator, so a variable added to the template shows up in both places.

use crate::providers::{OpKind, ProviderName};
use std::collections::BTreeMap;
use std::time::Duration;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("environment variable {0} is required")]
    Missing(&'static str),
    #[error("environment variable {name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// Queue URLs; a function only needs the ones it sends to, so each is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queues {
    pub enrichment: Option<String>,
    pub campaigns: Option<String>,
    pub webhooks: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub table_name: String,
    /// Secrets Manager id of the platform secret (JSON with `signing_key`), used for cursor and token keys.
    pub app_secret_id: Option<String>,
    pub queues: Queues,
    /// Set only for the local stack and tests: every AWS client talks to this endpoint with static credentials.
    pub aws_endpoint: Option<String>,
    pub region: String,
    /// Origins allowed to read responses from a browser; `*` allows any.
    pub cors_allowed_origins: Vec<String>,
    /// Largest JSON body a handler will parse; larger bodies get 413 before any parsing work.
    pub max_body_bytes: usize,
    pub stage: String,
    /// Which roots the AWS clients trust (`AWS_TRUST_STORE`): see [`TrustRoots`].
    pub aws_trust: TrustRoots,
    /// How transactional mail leaves (`MAIL_TRANSPORT`, `MAIL_OUTBOX_DIR`).
    pub mail_transport: MailTransport,
    /// The sender address (`MAIL_FROM`); SES must have it (or its domain) verified.
    pub mail_from: Option<String>,
    /// Base URL of the web app, for links in mails (`APP_BASE_URL`).
    pub app_base_url: String,
    /// Provider endpoints, keys, timeouts, default order and cache lifetimes.
    pub providers: ProviderConfig,
}

/// How the platform reaches data providers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderConfig {
    /// `<NAME>_BASE_URL` per provider; the real endpoints by default, a local fake in tests.
    pub base_urls: BTreeMap<ProviderName, url::Url>,
    /// The platform's keys (`PROVIDER_KEYS_SECRET_ID`): a JSON object of provider name → key.
    pub platform_secret_id: Option<String>,
    /// Name prefix of tenants' own key secrets (`TENANT_SECRET_PREFIX`); IAM allows exactly this prefix.
    pub tenant_secret_prefix: String,
    /// Per attempt (`PROVIDER_TIMEOUT_MS`, default 4000).
    pub timeout: Duration,
    /// First retry backoff ceiling (`PROVIDER_RETRY_BASE_MS`, default 200).
    pub retry_base: Duration,
    /// The order a tenant that configured nothing tries providers in (`DEFAULT_SOURCES`).
    pub default_order: Vec<ProviderName>,
    /// `CACHE_TTLS`, e.g. `person=3600,company=3600,search=1800,account=300,verify=86400`.
    pub cache_ttl: CacheTtls,
}

/// How long a provider answer is reused, per kind of call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheTtls {
    pub person: Duration,
    pub company: Duration,
    pub search: Duration,
    pub account: Duration,
    pub verify: Duration,
}

impl Default for CacheTtls {
    fn default() -> Self {
        Self {
            person: Duration::from_secs(3600),
            company: Duration::from_secs(3600),
            search: Duration::from_secs(1800),
            account: Duration::from_secs(300),
            verify: Duration::from_secs(86_400),
        }
    }
}

impl CacheTtls {
    pub fn for_kind(&self, kind: OpKind) -> Duration {
        match kind {
            OpKind::Person => self.person,
            OpKind::Company => self.company,
            OpKind::Search => self.search,
            OpKind::Account => self.account,
            OpKind::Verify => self.verify,
        }
    }
}

/// The providers' public endpoints.
fn default_base_url(p: ProviderName) -> Option<&'static str> {
    Some(match p {
        ProviderName::Apollo => "https://api.apollo.io/api/v1",
        ProviderName::Pdl => "https://api.peopledatalabs.com/v5",
        ProviderName::Zerobounce => "https://api.zerobounce.net/v2",
        ProviderName::Rocketreach => "https://api.rocketreach.co/api/v2",
        ProviderName::Brasilapi => "https://brasilapi.com.br/api",
        ProviderName::Serpro => "https://gateway.apiserpro.serpro.gov.br",
        _ => return None,
    })
}

fn invalid(name: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name,
        reason: reason.into(),
    }
}

fn millis(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
) -> Result<Duration, ConfigError> {
    match get(name).filter(|v| !v.trim().is_empty()) {
        None => Ok(Duration::from_millis(default)),
        Some(raw) => raw
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .map(Duration::from_millis)
            .ok_or_else(|| invalid(name, format!("expected milliseconds, got {raw:?}"))),
    }
}

impl ProviderConfig {
    fn from_lookup(
        get: &impl Fn(&str) -> Option<String>,
        stage: &str,
    ) -> Result<Self, ConfigError> {
        const URL_VARS: [(ProviderName, &str); 6] = [
            (ProviderName::Apollo, "APOLLO_BASE_URL"),
            (ProviderName::Pdl, "PDL_BASE_URL"),
            (ProviderName::Zerobounce, "ZEROBOUNCE_BASE_URL"),
            (ProviderName::Rocketreach, "ROCKETREACH_BASE_URL"),
            (ProviderName::Brasilapi, "BRASILAPI_BASE_URL"),
            (ProviderName::Serpro, "SERPRO_BASE_URL"),
        ];
        let mut base_urls = BTreeMap::new();
        for (provider, var) in URL_VARS {
            let raw = get(var)
                .filter(|v| !v.trim().is_empty())
                .or_else(|| default_base_url(provider).map(str::to_owned));
            if let Some(raw) = raw {
                let url = url::Url::parse(raw.trim())
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                    .ok_or_else(|| invalid(var, "expected an http(s) URL"))?;
                base_urls.insert(provider, url);
            }
        }
        let default_order = match get("DEFAULT_SOURCES").filter(|v| !v.trim().is_empty()) {
            None => vec![
                ProviderName::Apollo,
                ProviderName::Pdl,
                ProviderName::Rocketreach,
                ProviderName::Zerobounce,
                ProviderName::Brasilapi,
                ProviderName::Serpro,
            ],
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    ProviderName::parse(s).ok_or_else(|| {
                        invalid("DEFAULT_SOURCES", format!("unknown provider {s:?}"))
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        let mut cache_ttl = CacheTtls::default();
        if let Some(raw) = get("CACHE_TTLS").filter(|v| !v.trim().is_empty()) {
            for pair in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let (kind, secs) = pair.split_once('=').ok_or_else(|| {
                    invalid("CACHE_TTLS", format!("expected kind=seconds, got {pair:?}"))
                })?;
                let secs: u64 = secs
                    .trim()
                    .parse()
                    .map_err(|_| invalid("CACHE_TTLS", format!("bad seconds in {pair:?}")))?;
                let d = Duration::from_secs(secs);
                match kind.trim() {
                    "person" => cache_ttl.person = d,
                    "company" => cache_ttl.company = d,
                    "search" => cache_ttl.search = d,
                    "account" => cache_ttl.account = d,
                    "verify" => cache_ttl.verify = d,
                    other => return Err(invalid("CACHE_TTLS", format!("unknown kind {other:?}"))),
                }
            }
        }
        Ok(Self {
            base_urls,
            platform_secret_id: get("PROVIDER_KEYS_SECRET_ID").filter(|v| !v.trim().is_empty()),
            tenant_secret_prefix: get("TENANT_SECRET_PREFIX")
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| format!("enrich/{stage}/tenant"))
                .trim_end_matches('/')
                .to_owned(),
            timeout: millis(get, "PROVIDER_TIMEOUT_MS", 4000)?,
            retry_base: millis(get, "PROVIDER_RETRY_BASE_MS", 200)?,
            default_order,
            cache_ttl,
        })
    }
}

/// Where [`crate::mail::Mailer`] sends.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MailTransport {
    /// Amazon SES v2 (`ses`, the default).
    #[default]
    Ses,
    /// JSON files in a folder (`outbox`): the local stack and tests.
    Outbox(std::path::PathBuf),
}

/// Root certificates the AWS SDK clients verify endpoints against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrustRoots {
    /// The Amazon Trust Services roots compiled into the binary (`amazon`, the default). Every AWS
    /// service endpoint chains to them, and parsing five certificates instead of the platform's
    /// ~150 files is what keeps the cold start near the hello-world baseline. It also means a
    /// mis-issued certificate from any other public CA is never accepted for an AWS endpoint.
    #[default]
    Amazon,
    /// The platform store (`native`): for a TLS-inspecting proxy or a private endpoint whose CA the
    /// operator installed on the host. Costs a few milliseconds of init.
    Native,
}

/// Default cap on request bodies: generous for bulk payloads, far below API Gateway's 10 MB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 256 * 1024;

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds the configuration from any name → value lookup, so the local stack can feed it the variables
    /// it resolved from template.yaml without touching the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let non_empty = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let table_name = non_empty("TABLE_NAME").ok_or(ConfigError::Missing("TABLE_NAME"))?;
        let max_body_bytes = match non_empty("MAX_BODY_BYTES") {
            None => DEFAULT_MAX_BODY_BYTES,
            Some(raw) => raw
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| ConfigError::Invalid {
                    name: "MAX_BODY_BYTES",
                    reason: format!("expected a positive integer, got {raw:?}"),
                })?,
        };
        let aws_endpoint = non_empty("AWS_ENDPOINT_URL");
        if let Some(endpoint) = &aws_endpoint {
            if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                return Err(ConfigError::Invalid {
                    name: "AWS_ENDPOINT_URL",
                    reason: "expected an http(s) URL".into(),
                });
            }
        }
        let aws_trust = match non_empty("AWS_TRUST_STORE").as_deref() {
            None | Some("amazon") => TrustRoots::Amazon,
            Some("native") => TrustRoots::Native,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "AWS_TRUST_STORE",
                    reason: format!("expected amazon or native, got {other:?}"),
                })
            }
        };
        let mail_transport = match non_empty("MAIL_TRANSPORT").as_deref() {
            None | Some("ses") => MailTransport::Ses,
            Some("outbox") => MailTransport::Outbox(
                non_empty("MAIL_OUTBOX_DIR")
                    .ok_or(ConfigError::Missing("MAIL_OUTBOX_DIR"))?
                    .into(),
            ),
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "MAIL_TRANSPORT",
                    reason: format!("expected ses or outbox, got {other:?}"),
                })
            }
        };
        let stage = non_empty("STAGE").unwrap_or_else(|| "live".to_owned());
        Ok(Self {
            providers: ProviderConfig::from_lookup(&get, &stage)?,
            table_name,
            mail_transport,
            mail_from: non_empty("MAIL_FROM"),
            app_base_url: non_empty("APP_BASE_URL")
                .map(|u| u.trim_end_matches('/').to_owned())
                .unwrap_or_else(|| "https://app.enrich.dev".to_owned()),
            aws_trust,
            app_secret_id: non_empty("APP_SECRET_ID"),
            queues: Queues {
                enrichment: non_empty("ENRICHMENT_QUEUE_URL"),
                campaigns: non_empty("CAMPAIGN_QUEUE_URL"),
                webhooks: non_empty("WEBHOOK_QUEUE_URL"),
            },
            aws_endpoint,
            region: non_empty("AWS_REGION")
                .or_else(|| non_empty("AWS_DEFAULT_REGION"))
                .unwrap_or_else(|| "us-east-1".to_owned()),
            cors_allowed_origins: non_empty("CORS_ALLOWED_ORIGINS")
                .map(|raw| {
                    raw.split(',')
                        .map(|o| o.trim().to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            max_body_bytes,
            stage,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn table_name_is_required() {
        assert_eq!(
            Config::from_lookup(lookup(&[])),
            Err(ConfigError::Missing("TABLE_NAME"))
        );
    }

    #[test]
    fn reads_origins_limits_and_defaults() {
        let cfg = Config::from_lookup(lookup(&[
            ("TABLE_NAME", "t"),
            (
                "CORS_ALLOWED_ORIGINS",
                "https://a.example, https://b.example,",
            ),
            ("MAX_BODY_BYTES", "1024"),
        ]))
        .unwrap();
        assert_eq!(
            cfg.cors_allowed_origins,
            vec!["https://a.example", "https://b.example"]
        );
        assert_eq!(cfg.max_body_bytes, 1024);
        assert_eq!(cfg.region, "us-east-1");
        assert!(cfg.aws_endpoint.is_none());
    }

    #[test]
    fn rejects_bad_numbers_and_endpoints() {
        assert!(matches!(
            Config::from_lookup(lookup(&[("TABLE_NAME", "t"), ("MAX_BODY_BYTES", "0")])),
            Err(ConfigError::Invalid {
                name: "MAX_BODY_BYTES",
                ..
            })
        ));
        assert!(matches!(
            Config::from_lookup(lookup(&[
                ("TABLE_NAME", "t"),
                ("AWS_ENDPOINT_URL", "localhost:5000")
            ])),
            Err(ConfigError::Invalid {
                name: "AWS_ENDPOINT_URL",
                ..
            })
        ));
    }
}
