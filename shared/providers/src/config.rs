//! How the platform reaches data providers: endpoints, keys, timeouts, default order and cache
//! lifetimes, read from the function's variables (template.yaml Globals).

use crate::{OpKind, ProviderName};
use platform::config::{invalid, Config, ConfigError};
use std::collections::BTreeMap;
use std::time::Duration;

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
    /// `PROVIDER_RATE_LIMITS`, e.g. `apollo=50,rocketreach=10`: requests per second one key may
    /// make, counted across every container and worker (a provider absent here is not limited).
    pub rate_limits: BTreeMap<ProviderName, u32>,
    /// ZeroBounce's batch endpoint host (`ZEROBOUNCE_BULK_BASE_URL`), apart from its single API.
    pub zerobounce_bulk_base: url::Url,
    /// How old the provider performance snapshot the cost-aware waterfall chooses by may grow
    /// before an enrichment recomputes it (`ESTIMATE_MAX_AGE_MS`, default 300000).
    pub estimate_max_age: Duration,
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

impl ProviderConfig {
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let get = |name: &str| config.var(name).map(str::to_owned);
        let stage = config.stage.as_str();
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
        let mut rate_limits = BTreeMap::new();
        if let Some(raw) = get("PROVIDER_RATE_LIMITS").filter(|v| !v.trim().is_empty()) {
            for pair in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let (name, per_sec) = pair.split_once('=').ok_or_else(|| {
                    invalid(
                        "PROVIDER_RATE_LIMITS",
                        format!("expected provider=per_second, got {pair:?}"),
                    )
                })?;
                let provider = ProviderName::parse(name.trim()).ok_or_else(|| {
                    invalid("PROVIDER_RATE_LIMITS", format!("unknown provider {name:?}"))
                })?;
                let per_sec: u32 =
                    per_sec
                        .trim()
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| {
                            invalid("PROVIDER_RATE_LIMITS", format!("bad rate in {pair:?}"))
                        })?;
                rate_limits.insert(provider, per_sec);
            }
        }
        let zerobounce_bulk_base = url::Url::parse(
            get("ZEROBOUNCE_BULK_BASE_URL")
                .filter(|v| !v.trim().is_empty())
                .as_deref()
                .unwrap_or("https://bulkapi.zerobounce.net/v2")
                .trim(),
        )
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| invalid("ZEROBOUNCE_BULK_BASE_URL", "expected an http(s) URL"))?;
        Ok(Self {
            zerobounce_bulk_base,
            rate_limits,
            base_urls,
            platform_secret_id: get("PROVIDER_KEYS_SECRET_ID").filter(|v| !v.trim().is_empty()),
            tenant_secret_prefix: get("TENANT_SECRET_PREFIX")
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| format!("enrich/{stage}/tenant"))
                .trim_end_matches('/')
                .to_owned(),
            timeout: config.millis("PROVIDER_TIMEOUT_MS", 4000)?,
            retry_base: config.millis("PROVIDER_RETRY_BASE_MS", 200)?,
            estimate_max_age: config.millis("ESTIMATE_MAX_AGE_MS", 300_000)?,
            default_order,
            cache_ttl,
        })
    }
}
