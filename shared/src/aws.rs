//! AWS clients, built once per cold start, and the call counter attached to each of them.

use crate::config::Config;
use aws_config::BehaviorVersion;
use aws_credential_types::Credentials;
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
    /// Builds the SDK configuration once. Creating clients makes no network call; the first request does.
    pub async fn new(config: &Config, counter: &CallCounter) -> Self {
        let loader = aws_config::defaults(BehaviorVersion::latest())
            .region(aws_config::Region::new(config.region.clone()));
        let sdk = match &config.aws_endpoint {
            // The local stack: moto accepts any credentials; never fall back to a developer's real ones.
            Some(endpoint) => {
                loader
                    .endpoint_url(endpoint)
                    .credentials_provider(Credentials::new("test", "test", None, None, "local"))
                    .load()
                    .await
            }
            None => loader.load().await,
        };
        Self {
            dynamodb: aws_sdk_dynamodb::Client::from_conf(
                aws_sdk_dynamodb::config::Builder::from(&sdk)
                    .interceptor(counter.clone())
                    .build(),
            ),
            sqs: aws_sdk_sqs::Client::from_conf(
                aws_sdk_sqs::config::Builder::from(&sdk)
                    .interceptor(counter.clone())
                    .build(),
            ),
            secrets: aws_sdk_secretsmanager::Client::from_conf(
                aws_sdk_secretsmanager::config::Builder::from(&sdk)
                    .interceptor(counter.clone())
                    .build(),
            ),
            events: aws_sdk_eventbridge::Client::from_conf(
                aws_sdk_eventbridge::config::Builder::from(&sdk)
                    .interceptor(counter.clone())
                    .build(),
            ),
        }
    }
}
