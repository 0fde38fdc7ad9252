//! The one place provider calls go through: key lookup (refreshed on a 401), breaker and rate limit,
//! retries, parsing, and one EMF metric line per call.

use crate::config::ProviderConfig;
use crate::transport::{self, Guard, Policy, Request, Response};
use crate::{
    apollo, pdl, registries, rocketreach, sandbox, zerobounce, Op, ProviderError, ProviderName,
    Reply,
};
use platform::metrics::{self, Unit};
use platform::secrets::{SecretCache, SecretError};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Where a provider's key comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The platform's keys: one JSON secret, `{"apollo": "...", "pdl": "...", ...}`.
    Platform,
    /// The tenant's own key, a plain-string secret with this id (set through the providers API).
    Tenant(String),
}

/// One provider call as the call log, usage counters and metrics see it.
#[derive(Debug)]
pub struct CallRecord {
    pub provider: ProviderName,
    pub endpoint: &'static str,
    pub result: Result<Reply, ProviderError>,
    /// The last HTTP status seen, if any request was made.
    pub http_status: Option<u16>,
    pub latency_ms: u64,
    pub attempts: u32,
    /// What the provider's rate-limit headers said about the key's remaining allowance.
    pub rate_hint: Option<transport::RateHint>,
    /// When the call started: the moment a provider's own rate limit counts it (the call log's
    /// time, whatever happens between the answer and the log line).
    pub sent_at: time::OffsetDateTime,
}

/// What one batch request did.
#[derive(Debug)]
pub struct BatchRecord {
    pub endpoint: &'static str,
    /// One reply or error per record, in the batch's order; `Err` when the request failed whole.
    pub results: Result<Vec<Result<Reply, ProviderError>>, ProviderError>,
    pub http_status: Option<u16>,
    pub latency_ms: u64,
    pub attempts: u32,
    pub rate_hint: Option<transport::RateHint>,
    /// When the request started.
    pub sent_at: time::OffsetDateTime,
}

impl CallRecord {
    /// The call's EMF line (calls, latency, credits, failures by provider and outcome). Every call
    /// a record is charged for emits it once: here for single calls, and where a record's part of
    /// a batch answer is settled as its own call, so the credits and failure alarms see bulk work.
    pub fn emit_metrics(&self) {
        metrics::emit(
            &[
                ("Provider", self.provider.as_str()),
                ("Outcome", self.outcome()),
            ],
            &[
                ("ProviderCalls", 1.0, Unit::Count),
                (
                    "ProviderLatency",
                    self.latency_ms as f64,
                    Unit::Milliseconds,
                ),
                ("ProviderCredits", self.credits(), Unit::Count),
                (
                    "ProviderFailures",
                    if self.failed() { 1.0 } else { 0.0 },
                    Unit::Count,
                ),
            ],
        );
    }

    pub fn credits(&self) -> f64 {
        self.result.as_ref().map(|r| r.credits).unwrap_or(0.0)
    }

    /// Whether the provider failed us (an error of its own or of the way to it), as the failure-rate
    /// alarm counts it; our own refusals (quota, rate limit, not configured) are not its failures.
    pub fn failed(&self) -> bool {
        matches!(
            &self.result,
            Err(e) if !matches!(
                e,
                ProviderError::QuotaExceeded
                    | ProviderError::TenantRateLimited
                    | ProviderError::NotConfigured
                    | ProviderError::Unsupported(_)
                    | ProviderError::InvalidRequest(_)
            )
        )
    }

    pub fn outcome(&self) -> &'static str {
        match &self.result {
            Ok(r) => r.status(),
            Err(e) => e.code(),
        }
    }
}

#[derive(Debug)]
pub struct Hub {
    http: reqwest::Client,
    config: ProviderConfig,
    guards: HashMap<ProviderName, Guard>,
    /// Serpro OAuth tokens by client key, with their expiry.
    serpro_tokens: Mutex<HashMap<String, (String, Instant)>>,
}

impl Hub {
    pub fn new(config: ProviderConfig) -> Result<Self, ProviderError> {
        let http = reqwest::Client::builder()
            // Provider base URLs are operator configuration; a redirect elsewhere is never followed.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.timeout)
            .user_agent("enrich/1")
            .build()
            .map_err(|_| ProviderError::Unreachable)?;
        let guards = ProviderName::ALL
            .into_iter()
            .map(|p| {
                let mut policy = Policy::with_timeout(config.timeout);
                policy.base_backoff = config.retry_base;
                if p == ProviderName::Rocketreach {
                    // RocketReach's global cap.
                    policy.rate_per_sec = 10.0;
                } else {
                    policy.rate_per_sec = 50.0;
                    policy.burst = 50.0;
                }
                (p, Guard::new(policy))
            })
            .collect();
        Ok(Self {
            http,
            config,
            guards,
            serpro_tokens: Mutex::new(HashMap::new()),
        })
    }

    pub fn config(&self) -> &ProviderConfig {
        &self.config
    }

    /// Calls `provider` for `op`. Never panics and never returns a transport error to the caller's
    /// caller: every failure is a [`ProviderError`] inside the record.
    pub async fn call(
        &self,
        secrets: &SecretCache,
        provider: ProviderName,
        key: &KeySource,
        op: Op<'_>,
    ) -> CallRecord {
        let started = Instant::now();
        let endpoint = endpoint(provider, &op);
        let mut record = CallRecord {
            provider,
            endpoint,
            result: Err(ProviderError::Unsupported("unknown")),
            http_status: None,
            latency_ms: 0,
            attempts: 0,
            rate_hint: None,
            sent_at: time::OffsetDateTime::now_utc(),
        };
        record.result = self
            .call_inner(secrets, provider, key, op, &mut record)
            .await;
        record.latency_ms = started.elapsed().as_millis() as u64;
        record.emit_metrics();
        record
    }

    async fn call_inner(
        &self,
        secrets: &SecretCache,
        provider: ProviderName,
        key_source: &KeySource,
        op: Op<'_>,
        record: &mut CallRecord,
    ) -> Result<Reply, ProviderError> {
        if provider == ProviderName::Sandbox {
            return sandbox::answer(op);
        }
        if matches!(provider, ProviderName::Afip | ProviderName::Sat) {
            return registries::unsupported(provider);
        }
        let guard = self
            .guards
            .get(&provider)
            .ok_or(ProviderError::Unsupported("unknown provider"))?;
        let admission = guard.admit().await?;
        let outcome = self
            .call_admitted(secrets, provider, key_source, op, guard, record)
            .await;
        let healthy = !matches!(
            outcome,
            Err(ProviderError::Upstream { .. }
                | ProviderError::Timeout
                | ProviderError::Unreachable)
        );
        // A call refused before it left (no key, no token) says nothing about the provider's health,
        // except when it was the breaker's trial, which must report back either way.
        if record.attempts > 0 || admission == transport::Admission::Trial {
            guard.record(healthy).await;
        }
        outcome
    }

    async fn call_admitted(
        &self,
        secrets: &SecretCache,
        provider: ProviderName,
        key_source: &KeySource,
        op: Op<'_>,
        guard: &Guard,
        record: &mut CallRecord,
    ) -> Result<Reply, ProviderError> {
        let mut refreshed = false;
        loop {
            let key = if provider.needs_key() {
                Some(self.key(secrets, provider, key_source).await?)
            } else {
                None
            };
            let credential = match (provider, &key) {
                (ProviderName::Serpro, Some(k)) => Some(self.serpro_token(k, guard, record).await?),
                (_, k) => k.clone(),
            };
            let request = self.request(provider, &op, credential.as_deref().unwrap_or(""))?;
            guard.take_token().await?;
            let sent = transport::send(&self.http, guard, &request).await;
            record.attempts += sent.attempts;
            if let Err(ProviderError::RateLimited {
                retry_after_secs: Some(secs),
            }) = &sent.result
            {
                record.rate_hint = Some(transport::RateHint {
                    remaining: 0,
                    reset_in_secs: *secs,
                });
            }
            let response = sent.result?;
            record.http_status = Some(response.status);
            record.rate_hint = transport::rate_hint(&response.headers);
            match parse(provider, &op, &response) {
                Err(ProviderError::Unauthorized) if !refreshed => {
                    // A rotated key: read it again, drop any token made from the old one, retry once.
                    refreshed = true;
                    if let Some(k) = &key {
                        self.serpro_tokens.lock().await.remove(k);
                    }
                    match key_source {
                        KeySource::Platform => {
                            if let Some(id) = &self.config.platform_secret_id {
                                secrets.invalidate(id).await;
                            }
                        }
                        KeySource::Tenant(id) => secrets.invalidate(id).await,
                    }
                }
                other => return other,
            }
        }
    }

    async fn key(
        &self,
        secrets: &SecretCache,
        provider: ProviderName,
        source: &KeySource,
    ) -> Result<String, ProviderError> {
        let read = |e: SecretError| match e {
            SecretError::NotFound(_) | SecretError::NotAString(_) => ProviderError::NotConfigured,
            SecretError::Aws(_) => ProviderError::Unreachable,
        };
        match source {
            KeySource::Tenant(id) => secrets.get(id).await.map_err(read),
            KeySource::Platform => {
                let id = self
                    .config
                    .platform_secret_id
                    .as_deref()
                    .ok_or(ProviderError::NotConfigured)?;
                let raw = secrets.get(id).await.map_err(read)?;
                let keys: HashMap<String, String> =
                    serde_json::from_str(&raw).map_err(|_| ProviderError::NotConfigured)?;
                keys.get(provider.as_str())
                    .filter(|k| !k.trim().is_empty())
                    .cloned()
                    .ok_or(ProviderError::NotConfigured)
            }
        }
    }

    fn base(&self, provider: ProviderName) -> Result<&url::Url, ProviderError> {
        self.config
            .base_urls
            .get(&provider)
            .ok_or(ProviderError::NotConfigured)
    }

    /// Asks `provider`'s batch endpoint for every record of `batch` in one request, through the
    /// same breaker and bucket as single calls. No key refresh or per-record retry here: a batch
    /// that fails as a whole leaves each record to its own single call, which has them.
    pub async fn call_batch(
        &self,
        secrets: &SecretCache,
        provider: ProviderName,
        key_source: &KeySource,
        batch: crate::batch::Batch<'_>,
    ) -> BatchRecord {
        let started = Instant::now();
        let mut record = BatchRecord {
            endpoint: crate::batch::endpoint(provider, &batch),
            results: Err(ProviderError::Unsupported("no batch endpoint")),
            http_status: None,
            latency_ms: 0,
            attempts: 0,
            rate_hint: None,
            sent_at: time::OffsetDateTime::now_utc(),
        };
        record.results = self
            .batch_inner(secrets, provider, key_source, &batch, &mut record)
            .await;
        record.latency_ms = started.elapsed().as_millis() as u64;
        metrics::emit(
            &[
                ("Provider", provider.as_str()),
                (
                    "Outcome",
                    if record.results.is_ok() {
                        "batch"
                    } else {
                        "batch_failed"
                    },
                ),
            ],
            &[
                ("ProviderBatchCalls", 1.0, Unit::Count),
                ("ProviderBatchRecords", batch.len() as f64, Unit::Count),
            ],
        );
        record
    }

    async fn batch_inner(
        &self,
        secrets: &SecretCache,
        provider: ProviderName,
        key_source: &KeySource,
        batch: &crate::batch::Batch<'_>,
        record: &mut BatchRecord,
    ) -> Result<Vec<Result<Reply, ProviderError>>, ProviderError> {
        let guard = self
            .guards
            .get(&provider)
            .ok_or(ProviderError::Unsupported("unknown provider"))?;
        let admission = guard.admit().await?;
        let key = self.key(secrets, provider, key_source).await?;
        let request = crate::batch::request(
            provider,
            self.base(provider)?,
            &self.config.zerobounce_bulk_base,
            batch,
            &key,
        )?;
        guard.take_token().await?;
        let sent = transport::send(&self.http, guard, &request).await;
        record.attempts = sent.attempts;
        let outcome = match sent.result {
            Ok(response) => {
                record.http_status = Some(response.status);
                record.rate_hint = transport::rate_hint(&response.headers);
                crate::batch::parse(provider, batch, &response)
            }
            Err(e) => {
                if let ProviderError::RateLimited {
                    retry_after_secs: Some(secs),
                } = &e
                {
                    record.rate_hint = Some(transport::RateHint {
                        remaining: 0,
                        reset_in_secs: *secs,
                    });
                }
                Err(e)
            }
        };
        let healthy = !matches!(
            outcome,
            Err(ProviderError::Upstream { .. }
                | ProviderError::Timeout
                | ProviderError::Unreachable)
        );
        if record.attempts > 0 || admission == transport::Admission::Trial {
            guard.record(healthy).await;
        }
        outcome
    }

    fn request(
        &self,
        provider: ProviderName,
        op: &Op<'_>,
        credential: &str,
    ) -> Result<Request, ProviderError> {
        let base = self.base(provider)?;
        match provider {
            ProviderName::Apollo => apollo::request(base, op, credential),
            ProviderName::Pdl => pdl::request(base, op, credential),
            ProviderName::Zerobounce => zerobounce::request(base, op, credential),
            ProviderName::Rocketreach => rocketreach::request(base, op, credential),
            ProviderName::Brasilapi => registries::brasilapi_request(base, op),
            ProviderName::Serpro => registries::serpro_request(base, op, credential),
            _ => Err(ProviderError::Unsupported("no HTTP client")),
        }
    }

    /// A Serpro access token for this client key, from the container's cache while it has a minute
    /// left, else from the token endpoint (client credentials).
    async fn serpro_token(
        &self,
        key: &str,
        guard: &Guard,
        record: &mut CallRecord,
    ) -> Result<String, ProviderError> {
        if let Some((token, expires)) = self.serpro_tokens.lock().await.get(key) {
            if Instant::now() + Duration::from_secs(60) < *expires {
                return Ok(token.clone());
            }
        }
        let request = registries::serpro_token_request(self.base(ProviderName::Serpro)?, key)?;
        guard.take_token().await?;
        let sent = transport::send(&self.http, guard, &request).await;
        record.attempts += sent.attempts;
        let response = sent.result?;
        record.http_status = Some(response.status);
        let (token, ttl) = registries::serpro_token(&response)?;
        self.serpro_tokens
            .lock()
            .await
            .insert(key.to_owned(), (token.clone(), Instant::now() + ttl));
        Ok(token)
    }
}

fn parse(provider: ProviderName, op: &Op<'_>, response: &Response) -> Result<Reply, ProviderError> {
    match provider {
        ProviderName::Apollo => apollo::parse(op, response),
        ProviderName::Pdl => pdl::parse(op, response),
        ProviderName::Zerobounce => zerobounce::parse(op, response),
        ProviderName::Rocketreach => rocketreach::parse(op, response),
        ProviderName::Brasilapi => registries::brasilapi_parse(op, response),
        ProviderName::Serpro => registries::serpro_parse(op, response),
        _ => Err(ProviderError::Unsupported("no HTTP client")),
    }
}

/// The endpoint name recorded in the call log (never the URL: ZeroBounce's carries the key).
pub fn endpoint(provider: ProviderName, op: &Op<'_>) -> &'static str {
    use ProviderName::*;
    match (provider, op) {
        (Apollo, Op::Person(_)) => "people/match",
        (Apollo, Op::Company(_)) => "organizations/enrich",
        (Apollo, Op::PersonSearch(_)) => "mixed_people/search",
        (Apollo, Op::CompanySearch(_)) => "mixed_companies/search",
        (Pdl, Op::Person(_)) => "person/enrich",
        (Pdl, Op::Company(_)) => "company/enrich",
        (Pdl, Op::PersonSearch(_)) => "person/search",
        (Pdl, Op::CompanySearch(_)) => "company/search",
        (Zerobounce, Op::VerifyEmail(_)) => "validate",
        (Zerobounce, Op::Account) => "getcredits",
        (Rocketreach, Op::Person(_)) => "person/lookup",
        (Rocketreach, Op::CheckStatus(_)) => "person/checkStatus",
        (Rocketreach, Op::PersonSearch(_)) => "person/search",
        (Rocketreach, Op::Company(_)) => "company/lookup",
        (Rocketreach, Op::CompanySearch(_)) => "searchCompany",
        (Rocketreach, Op::Account) => "account",
        (Brasilapi, _) => "cnpj/v1",
        (Serpro, _) => "consulta-cnpj-df/v2/empresa",
        (Sandbox, _) => "sandbox",
        (Afip, _) => "padron",
        (Sat, _) => "rfc",
        _ => "unsupported",
    }
}

/// Maps the error bodies every provider shares in spirit: 401 → key refused, 402 → out of credits,
/// 403 → plan, 400/422 → request, anything else unexpected → malformed.
pub(crate) fn common_error(response: &Response) -> ProviderError {
    match response.status {
        401 => ProviderError::Unauthorized,
        402 => ProviderError::CreditsExhausted,
        403 => ProviderError::Forbidden,
        400 | 422 => ProviderError::InvalidRequest(format!("HTTP {}", response.status)),
        s => ProviderError::Malformed(format!("unexpected HTTP {s}")),
    }
}
