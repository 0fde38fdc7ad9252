//! External data providers behind one calling convention.
//!
//! Each provider module turns an [`Op`] into an HTTP request and the provider's answer into a
//! [`Reply`]: normalised field candidates, each with the provider's native confidence mapped onto one
//! 0–1 scale, the raw body, and the credits the call cost. [`Hub`] owns what must be shared by every
//! call in a warm container: the HTTP client, each provider's circuit breaker and rate limiter, and
//! Serpro's OAuth token. Nothing here touches the table; the enrichment engine decides what to cache,
//! log and bill.

pub mod apollo;
pub mod batch;
pub mod config;
pub mod hub;
pub mod pdl;
pub mod registries;
pub mod rocketreach;
pub mod sandbox;
pub mod search;
pub mod transport;
pub mod zerobounce;

pub use config::{CacheTtls, ProviderConfig};
pub use hub::{BatchRecord, CallRecord, Hub, KeySource};
pub use transport::RateHint;

/// The container's provider hub (HTTP client, breakers, rate limits, key cache), built on first
/// use: functions that never call a provider never build its HTTP client.
pub async fn hub(
    state: &platform::AppState,
) -> Result<std::sync::Arc<Hub>, kernel::error::ApiError> {
    state
        .part(|| async {
            let config = (*settings(state).await?).clone();
            Hub::new(config).map_err(|e| {
                kernel::error::ApiError::internal(format!("provider HTTP client: {e}"))
            })
        })
        .await
}

/// The container's provider configuration (parsed once from its variables), without the HTTP
/// client: reading defaults or cache lifetimes never builds one.
pub async fn settings(
    state: &platform::AppState,
) -> Result<std::sync::Arc<ProviderConfig>, kernel::error::ApiError> {
    state
        .part(|| async {
            ProviderConfig::from_config(&state.config)
                .map_err(|e| kernel::error::ApiError::internal(e.to_string()))
        })
        .await
}

use kernel::taxid::ValidTaxId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use thiserror::Error;

/// Every provider the platform knows, in the order new tenants try them by default.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ProviderName {
    Sandbox,
    Apollo,
    Pdl,
    Rocketreach,
    Zerobounce,
    Brasilapi,
    Serpro,
    Afip,
    Sat,
}

/// What a provider can be asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    Person,
    Company,
    EmailVerification,
    /// Official company registries, looked up by tax id.
    Registry,
    /// Prospecting: finding people and companies by criteria ([`search`]).
    Search,
}

impl ProviderName {
    pub const ALL: [ProviderName; 9] = [
        Self::Sandbox,
        Self::Apollo,
        Self::Pdl,
        Self::Rocketreach,
        Self::Zerobounce,
        Self::Brasilapi,
        Self::Serpro,
        Self::Afip,
        Self::Sat,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Apollo => "apollo",
            Self::Pdl => "pdl",
            Self::Rocketreach => "rocketreach",
            Self::Zerobounce => "zerobounce",
            Self::Brasilapi => "brasilapi",
            Self::Serpro => "serpro",
            Self::Afip => "afip",
            Self::Sat => "sat",
        }
    }

    /// Accepts the canonical names and the seeds' long form `peopledatalabs`.
    pub fn parse(raw: &str) -> Option<Self> {
        let lower = raw.trim().to_ascii_lowercase();
        if lower == "peopledatalabs" {
            return Some(Self::Pdl);
        }
        Self::ALL.into_iter().find(|p| p.as_str() == lower)
    }

    pub fn capabilities(self) -> &'static [Capability] {
        use Capability::*;
        match self {
            Self::Sandbox => &[Person, Company, EmailVerification, Registry, Search],
            Self::Apollo | Self::Pdl | Self::Rocketreach => &[Person, Company, Search],
            Self::Zerobounce => &[EmailVerification],
            Self::Brasilapi | Self::Serpro | Self::Afip | Self::Sat => &[Registry],
        }
    }

    pub fn can(self, capability: Capability) -> bool {
        self.capabilities().contains(&capability)
    }

    /// Whether calls need a key from Secrets Manager (BrasilAPI is open; the sandbox is local).
    pub fn needs_key(self) -> bool {
        !matches!(self, Self::Sandbox | Self::Brasilapi)
    }

    /// The registries that can look up a tax id of this kind.
    pub fn registry_for(kind: kernel::taxid::TaxIdKind) -> &'static [ProviderName] {
        use kernel::taxid::TaxIdKind::*;
        match kind {
            Cnpj => &[Self::Brasilapi, Self::Serpro],
            Cuit => &[Self::Afip],
            Rfc => &[Self::Sat],
            // CPFs identify people; no registry lookup is offered for them.
            Cpf => &[],
        }
    }
}

impl std::fmt::Display for ProviderName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who to look for. At least one identifying combination is present (the route checks).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PersonInput {
    pub email: Option<String>,
    pub linkedin_url: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub full_name: Option<String>,
    pub company_domain: Option<String>,
    pub company_name: Option<String>,
}

impl PersonInput {
    /// "First Last", from the parts or the full name.
    pub fn display_name(&self) -> Option<String> {
        match (&self.first_name, &self.last_name, &self.full_name) {
            (Some(f), Some(l), _) => Some(format!("{f} {l}")),
            (_, _, Some(n)) => Some(n.clone()),
            (Some(f), None, None) => Some(f.clone()),
            (None, Some(l), None) => Some(l.clone()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompanyInput {
    pub domain: Option<String>,
    pub name: Option<String>,
    pub tax_id: Option<ValidTaxId>,
}

/// One request to a provider.
#[derive(Debug, Clone, Copy)]
pub enum Op<'a> {
    Person(&'a PersonInput),
    Company(&'a CompanyInput),
    VerifyEmail(&'a str),
    /// Credits and plan at the provider.
    Account,
    /// A search, body as the provider takes it (built by [`search::body`], or RocketReach's own
    /// query passed through).
    PersonSearch(&'a Value),
    CompanySearch(&'a Value),
    /// Status of asynchronous lookups (RocketReach `person/checkStatus`).
    CheckStatus(&'a [String]),
}

impl Op<'_> {
    /// The operation's family, which selects the cache TTL.
    pub fn kind(&self) -> OpKind {
        match self {
            Self::Person(_) | Self::CheckStatus(_) => OpKind::Person,
            Self::Company(_) => OpKind::Company,
            Self::VerifyEmail(_) => OpKind::Verify,
            Self::Account => OpKind::Account,
            Self::PersonSearch(_) | Self::CompanySearch(_) => OpKind::Search,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Person,
    Company,
    Verify,
    Account,
    Search,
}

impl OpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Company => "company",
            Self::Verify => "verify",
            Self::Account => "account",
            Self::Search => "search",
        }
    }
}

/// A provider's value for one field, with its confidence on the platform's 0–1 scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub value: Value,
    pub confidence: f64,
}

/// What a provider's answer says about the subject.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Found,
    /// An asynchronous lookup is still running.
    Pending,
    NotFound,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Found => "found",
            Self::Pending => "pending",
            Self::NotFound => "not_found",
        }
    }
}

/// What one successful call produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// False when the provider answered "no match" (not an error: the waterfall moves on).
    pub found: bool,
    /// Normalised field name → candidate.
    pub fields: BTreeMap<String, Candidate>,
    /// The provider's body as received (for per-source results).
    pub raw: Value,
    /// Provider credits this call consumed (Apollo reports fractions).
    pub credits: f64,
    /// An asynchronous lookup still running at the provider (RocketReach), to be polled.
    pub pending_id: Option<String>,
    /// Non-field results: account balances, search pages, lookup statuses.
    pub data: Value,
}

impl Reply {
    pub fn not_found(raw: Value, credits: f64) -> Self {
        Self {
            raw,
            credits,
            ..Self::default()
        }
    }

    /// What the answer says: the outcome the call log, the per-source results and the response
    /// all report.
    pub fn answer(&self) -> Answer {
        if self.found {
            Answer::Found
        } else if self.pending_id.is_some() {
            Answer::Pending
        } else {
            Answer::NotFound
        }
    }

    pub fn status(&self) -> &'static str {
        self.answer().as_str()
    }

    /// Sets `field` if `value` is a non-empty string, number or array.
    pub fn set(&mut self, field: &str, value: Option<Value>, confidence: f64) {
        let Some(value) = value else { return };
        let keep = match &value {
            Value::Null => false,
            Value::String(s) => !s.trim().is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => true,
        };
        if keep {
            let value = match value {
                Value::String(s) => Value::String(s.trim().to_owned()),
                other => other,
            };
            self.fields.insert(
                field.to_owned(),
                Candidate {
                    value,
                    confidence: confidence.clamp(0.0, 1.0),
                },
            );
        }
    }
}

/// Why a call produced no reply. Every variant moves the waterfall on to the next provider and shows up
/// as a warning to the caller; none becomes a 5xx.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum ProviderError {
    #[error("no key is configured for this provider")]
    NotConfigured,
    #[error("the provider refused the key")]
    Unauthorized,
    #[error("the plan does not include this endpoint")]
    Forbidden,
    #[error("the provider rate-limited the call")]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("the account has no credits left")]
    CreditsExhausted,
    #[error("the provider failed with HTTP {status}")]
    Upstream { status: u16 },
    #[error("the provider did not answer in time")]
    Timeout,
    #[error("the provider could not be reached")]
    Unreachable,
    #[error("the provider's answer could not be read: {0}")]
    Malformed(String),
    #[error("the provider rejected the request: {0}")]
    InvalidRequest(String),
    #[error("the provider is failing; calls are paused until it recovers")]
    CircuitOpen,
    #[error("this organisation's monthly quota for the provider is used up")]
    QuotaExceeded,
    #[error("this organisation's rate limit for the provider is reached")]
    TenantRateLimited,
    #[error("not available: {0}")]
    Unsupported(&'static str),
}

impl ProviderError {
    /// A stable machine-readable code for warnings, the call log and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotConfigured => "not_configured",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::RateLimited { .. } => "rate_limited",
            Self::CreditsExhausted => "credits_exhausted",
            Self::Upstream { .. } => "upstream_error",
            Self::Timeout => "timeout",
            Self::Unreachable => "unreachable",
            Self::Malformed(_) => "malformed_response",
            Self::InvalidRequest(_) => "invalid_request",
            Self::CircuitOpen => "circuit_open",
            Self::QuotaExceeded => "quota_exceeded",
            Self::TenantRateLimited => "tenant_rate_limited",
            Self::Unsupported(_) => "unsupported",
        }
    }
}

/// Fields the platform keeps for a person, in the order responses list them.
pub const PERSON_FIELDS: &[&str] = &[
    "full_name",
    "first_name",
    "last_name",
    "email",
    "email_status",
    "title",
    "headline",
    "linkedin_url",
    "phone",
    "city",
    "region",
    "country",
    "company_name",
    "company_domain",
    "twitter_url",
    "github_url",
    "photo_url",
];

/// Fields the platform keeps for a company.
pub const COMPANY_FIELDS: &[&str] = &[
    "name",
    "legal_name",
    "domain",
    "website",
    "linkedin_url",
    "industry",
    "employee_count",
    "founded_year",
    "description",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
    "phone",
    "email",
    "tax_id",
    "registration_status",
    "technologies",
    "total_funding",
    "funding_stage",
    "annual_revenue",
];

pub use kernel::text::{normalise_domain, normalise_email};

/// Normalises a LinkedIn profile or company URL to `https://www.linkedin.com/in/<handle>` form; `None`
/// if it is not a LinkedIn URL. Providers return it with and without scheme and `www.`.
pub fn normalise_linkedin(raw: &str) -> Option<String> {
    if raw.chars().any(kernel::text::is_control) {
        return None;
    }
    let mut s = raw.trim().to_ascii_lowercase();
    for prefix in ["https://", "http://"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_owned();
        }
    }
    let s = s.strip_prefix("www.").unwrap_or(&s);
    // Country subdomains (`br.linkedin.com`) name the same profile.
    let s = match s.strip_prefix("linkedin.com/") {
        Some(rest) => rest,
        None => {
            let (sub, rest) = s.split_once('.')?;
            if sub.len() != 2 || !sub.chars().all(|c| c.is_ascii_lowercase()) {
                return None;
            }
            rest.strip_prefix("linkedin.com/")?
        }
    };
    let mut parts = s.split(['/', '?', '#']).filter(|p| !p.is_empty());
    let section = parts.next()?;
    let handle = parts.next()?;
    if !matches!(section, "in" | "company" | "pub") || handle.is_empty() {
        return None;
    }
    Some(format!(
        "https://www.linkedin.com/{section}/{}",
        uri_segment(handle)
    ))
}

/// A handle as one URI path segment: escapes decoded, then every byte but the unreserved ones
/// escaped (lower-case hex, as the rest of the URL is lower-cased), so the stored URL is a valid
/// URI and one profile has one form whatever a provider or a user wrote (`josé`, `jos%C3%A9` →
/// `jos%c3%a9`; a backtick or a stray `%` escaped).
fn uri_segment(handle: &str) -> String {
    use percent_encoding::{percent_decode_str, percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let raw: Vec<u8> = percent_decode_str(handle).collect();
    percent_encode(&raw, SEGMENT)
        .to_string()
        .to_ascii_lowercase()
}

/// A string field of a JSON object, if present and non-empty.
pub(crate) fn s(v: &Value, key: &str) -> Option<Value> {
    match v.get(key) {
        Some(Value::String(x)) if !x.trim().is_empty() => Some(Value::String(x.clone())),
        _ => None,
    }
}

/// A number field (providers send counts as numbers or numeric strings).
pub(crate) fn n(v: &Value, key: &str) -> Option<Value> {
    match v.get(key) {
        Some(Value::Number(x)) => Some(Value::Number(x.clone())),
        Some(Value::String(x)) => x.trim().parse::<i64>().ok().map(Value::from),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_emails_and_linkedin_normalise() {
        assert_eq!(
            normalise_domain("https://www.Acme.com/about").as_deref(),
            Some("acme.com")
        );
        assert_eq!(normalise_domain("localhost"), None);
        assert_eq!(normalise_domain("bad_host.com"), None);
        assert_eq!(
            normalise_email(" Jane.Doe@Acme.COM ").as_deref(),
            Some("jane.doe@acme.com")
        );
        assert_eq!(normalise_email("jane@"), None);
        assert_eq!(normalise_email("ja ne@acme.com"), None);
        assert_eq!(
            normalise_linkedin("linkedin.com/in/jane-doe").as_deref(),
            Some("https://www.linkedin.com/in/jane-doe")
        );
        assert_eq!(
            normalise_linkedin("https://www.linkedin.com/in/Jane-Doe/?trk=x").as_deref(),
            Some("https://www.linkedin.com/in/jane-doe")
        );
        assert_eq!(normalise_linkedin("https://example.com/in/jane"), None);
        // The stored URL is a valid URI whatever the handle holds; one profile, one form.
        for (raw, stored) in [
            (
                "linkedin.com/in/`m-silva",
                "https://www.linkedin.com/in/%60m-silva",
            ),
            (
                "br.linkedin.com/in/José",
                "https://www.linkedin.com/in/jos%c3%a9",
            ),
            (
                "linkedin.com/in/jos%C3%A9",
                "https://www.linkedin.com/in/jos%c3%a9",
            ),
            (
                "linkedin.com/in/100%-sure",
                "https://www.linkedin.com/in/100%25-sure",
            ),
        ] {
            assert_eq!(normalise_linkedin(raw).as_deref(), Some(stored), "{raw}");
        }
    }

    #[test]
    fn provider_names_parse_with_the_seed_alias() {
        assert_eq!(
            ProviderName::parse("peopledatalabs"),
            Some(ProviderName::Pdl)
        );
        assert_eq!(ProviderName::parse("Apollo"), Some(ProviderName::Apollo));
        assert_eq!(ProviderName::parse("clearbit"), None);
        assert!(ProviderName::Zerobounce.can(Capability::EmailVerification));
        assert!(!ProviderName::Zerobounce.can(Capability::Person));
    }
}
