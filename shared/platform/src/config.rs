//! Configuration read from the environment once per cold start.
//!
//! Names match the `Environment.Variables` declared in template.yaml; the local stack resolves the same
//! declarations against the emulator, so a variable added to the template shows up in both places.

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
    /// The campaign fan-out queue (`CAMPAIGN_QUEUE_URL`).
    pub campaigns: Option<String>,
    /// The campaign send queue (`SEND_QUEUE_URL`): recipient chunks.
    pub sends: Option<String>,
    pub webhooks: Option<String>,
    /// Senders' delivery-event posts (`INBOUND_QUEUE_URL`).
    pub inbound: Option<String>,
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
    /// Base URL of the web app, for links in mails (`APP_BASE_URL`).
    pub app_base_url: String,
    /// Every variable the function was given. Domain crates read their own settings from here
    /// (providers: `<NAME>_BASE_URL`, `CACHE_TTLS`…; mail: `MAIL_TRANSPORT`…), so the platform knows
    /// none of them and a function parses only the settings of the crates it links.
    vars: BTreeMap<String, String>,
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

/// A variable whose value cannot be used.
pub fn invalid(name: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name,
        reason: reason.into(),
    }
}

/// Default cap on request bodies: generous for bulk payloads, far below API Gateway's 10 MB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 256 * 1024;

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(std::env::vars())
    }

    /// Builds the configuration from name → value pairs, so the local stack can feed it the variables
    /// it resolved from template.yaml without touching the process environment.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, ConfigError> {
        let vars: BTreeMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let get = |name: &str| vars.get(name).cloned();
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
        let stage = non_empty("STAGE").unwrap_or_else(|| "live".to_owned());
        Ok(Self {
            table_name,
            app_base_url: non_empty("APP_BASE_URL")
                .map(|u| u.trim_end_matches('/').to_owned())
                .unwrap_or_else(|| "https://app.enrich.dev".to_owned()),
            aws_trust,
            app_secret_id: non_empty("APP_SECRET_ID"),
            queues: Queues {
                enrichment: non_empty("ENRICHMENT_QUEUE_URL"),
                campaigns: non_empty("CAMPAIGN_QUEUE_URL"),
                sends: non_empty("SEND_QUEUE_URL"),
                webhooks: non_empty("WEBHOOK_QUEUE_URL"),
                inbound: non_empty("INBOUND_QUEUE_URL"),
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
            vars,
        })
    }

    /// A variable's value, if set and not blank.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// A duration in milliseconds (`default` when unset); zero or text is an error naming it.
    pub fn millis(&self, name: &'static str, default: u64) -> Result<Duration, ConfigError> {
        match self.var(name) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn table_name_is_required() {
        assert_eq!(
            Config::from_vars(lookup(&[])),
            Err(ConfigError::Missing("TABLE_NAME"))
        );
    }

    #[test]
    fn reads_origins_limits_and_defaults() {
        let cfg = Config::from_vars(lookup(&[
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
            Config::from_vars(lookup(&[("TABLE_NAME", "t"), ("MAX_BODY_BYTES", "0")])),
            Err(ConfigError::Invalid {
                name: "MAX_BODY_BYTES",
                ..
            })
        ));
        assert!(matches!(
            Config::from_vars(lookup(&[
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
