//! AWS clients, built once per cold start, and the call counter attached to each of them.

use crate::config::{Config, ConfigError};
use aws_credential_types::Credentials;
use aws_sdk_dynamodb::config::{BehaviorVersion, Region};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Counts every request sent to AWS (each attempt, so retries count), by `Service.Operation`.
///
/// Tests read it to hold operations to a request budget; the request log line reports the number of
/// calls a request made, which is how an unexpected extra read shows up in production.
#[derive(Clone, Debug, Default)]
pub struct CallCounter {
    counts: Arc<Mutex<BTreeMap<String, u64>>>,
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
    }

    fn record(&self, op: String) {
        if let Ok(mut m) = self.counts.lock() {
            *m.entry(op).or_default() += 1;
        }
    }
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "CallCounter"
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
        Ok(())
    }
}

#[derive(Clone, Debug)]
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub secrets: aws_sdk_secretsmanager::Client,
    pub events: aws_sdk_eventbridge::Client,
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
        let region = Region::new(config.region.clone());
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
        let endpoint = config.aws_endpoint.clone();
        macro_rules! client {
            ($sdk:ident) => {{
                let mut builder = $sdk::config::Builder::new()
                    .behavior_version(BehaviorVersion::latest())
                    .region(region.clone())
                    .credentials_provider(credentials.clone())
                    .interceptor(counter.clone());
                if let Some(endpoint) = &endpoint {
                    builder = builder.endpoint_url(endpoint);
                }
                $sdk::Client::from_conf(builder.build())
            }};
        }
        Ok(Self {
            dynamodb: client!(aws_sdk_dynamodb),
            sqs: client!(aws_sdk_sqs),
            secrets: client!(aws_sdk_secretsmanager),
            events: client!(aws_sdk_eventbridge),
        })
    }
}
