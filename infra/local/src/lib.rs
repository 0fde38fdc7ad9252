//! The local stack: everything template.yaml declares, running on this machine against moto.
//!
//! [`Stack::provision`] creates the table, queues and secrets from their template definitions and
//! builds each function's state from its resolved environment, exactly as Lambda would see it. The
//! gateway then serves every declared route through the same handler code the Lambda binaries run,
//! the pump plays the SQS event source mappings, and the ticker plays EventBridge schedules.

pub mod faults;
pub mod gateway;
pub mod provision;
pub mod pump;
pub mod registry;
pub mod stream;
pub mod template;
pub mod ticker;
pub mod usage_plans;

use platform::aws::{AwsClients, CallCounter};
use platform::config::Config;
use platform::runtime::{
    AuthorizerDispatch, HttpDispatch, ScheduleDispatch, SqsDispatch, StreamDispatch,
};
use platform::AppState;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use template::{Bindings, FunctionDef, Template};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Clone)]
pub struct StackOptions {
    pub template: PathBuf,
    pub aws_endpoint: String,
    pub region: String,
    /// Resource names are `<prefix>-<LogicalId>`, so stacks can share one emulator.
    pub prefix: String,
    /// Template parameter values overriding their defaults.
    pub parameters: HashMap<String, String>,
    /// Where mail goes instead of SES: one JSON file per message (see the README, "Mail").
    pub outbox_dir: PathBuf,
    /// The fault layer (`faults`): when set, the functions reach AWS through it.
    pub faults: Option<faults::FaultPlan>,
    /// Scales every function's `Timeout` (1 = as declared), so a test can watch an invocation
    /// run into its deadline in seconds.
    pub time_scale: f64,
    /// Scales every queue's `VisibilityTimeout`, so a test can watch a stopped invocation's
    /// messages come back in seconds. Keep visibility above the scaled timeouts.
    pub visibility_scale: f64,
}

impl StackOptions {
    /// Options for the repository's template.yaml.
    pub fn new(aws_endpoint: impl Into<String>, prefix: impl Into<String>) -> Self {
        Self {
            template: workspace_root().join("template.yaml"),
            aws_endpoint: aws_endpoint.into(),
            region: "us-east-1".into(),
            prefix: prefix.into(),
            parameters: HashMap::new(),
            outbox_dir: workspace_root().join(".local/outbox"),
            faults: None,
            time_scale: 1.0,
            visibility_scale: 1.0,
        }
    }
}

/// The repository root (this crate lives in `infra/local`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

pub struct LocalFunction {
    pub def: FunctionDef,
    /// The function's `Timeout` (times the stack's time scale): the pump stops an invocation then.
    pub timeout: std::time::Duration,
    pub state: Arc<AppState>,
    pub http: Option<HttpDispatch>,
    pub sqs: Option<SqsDispatch>,
    pub schedule: Option<ScheduleDispatch>,
    pub authorizer: Option<AuthorizerDispatch>,
    pub stream: Option<StreamDispatch>,
}

pub struct Stack {
    pub functions: Vec<LocalFunction>,
    pub bindings: Bindings,
    /// Counts the AWS calls made by function code (not by the stack's own provisioning or polling).
    pub calls: CallCounter,
    /// Clients for what AWS itself does locally: provisioning, SQS polling.
    pub admin: AwsClients,
    /// SQS as AWS itself uses it locally (queues, the event source mappings' polling).
    pub sqs: aws_sdk_sqs::Client,
    pub stage: String,
    /// The API's gateway responses (template.yaml `GatewayResponses`), answered by the local gateway.
    pub gateway_responses: std::collections::BTreeMap<String, template::GatewayResponseDef>,
    /// API Gateway's usage plans, metered as the deployed gateway does.
    pub usage_plans: usage_plans::UsagePlans,
    /// The fault layer between the functions and the local AWS, when the stack has one.
    pub faults: Option<Arc<faults::Faults>>,
    /// Where the functions send their AWS requests (the fault proxy or moto itself).
    pub function_endpoint: String,
    /// The emulator itself: what AWS's own machinery (stream reading) talks to.
    pub admin_endpoint: String,
}

impl Stack {
    pub async fn provision(opts: &StackOptions) -> Result<Self, BoxError> {
        let template = Template::load(&opts.template)?;
        let endpoint = opts.aws_endpoint.clone();
        let region = opts.region.clone();
        let admin_config = Config::from_vars([
            ("TABLE_NAME", "-".to_owned()),
            ("AWS_ENDPOINT_URL", endpoint.clone()),
            ("AWS_REGION", region.clone()),
        ])?;
        let admin = AwsClients::new(&admin_config, &CallCounter::default())?;
        let bindings = provision::provision(
            &template,
            &admin,
            &opts.prefix,
            &opts.region,
            &opts.parameters,
            opts.visibility_scale,
        )
        .await?;
        let faults = opts.faults.clone().map(faults::Faults::new);
        let function_endpoint = match &faults {
            Some(f) => faults::start(f.clone(), endpoint.clone()).await?,
            None => endpoint.clone(),
        };
        let calls = CallCounter::default();
        let registry = registry::Registry::new();
        let mut functions = Vec::new();
        for def in template.functions()? {
            let mut env: HashMap<String, String> = HashMap::new();
            for (name, value) in &def.env {
                let resolved = bindings.resolve(value).ok_or_else(|| {
                    format!(
                        "{}: cannot resolve environment variable {name}",
                        def.logical_id
                    )
                })?;
                env.insert(name.clone(), resolved);
            }
            env.insert("AWS_ENDPOINT_URL".into(), function_endpoint.clone());
            env.insert("AWS_REGION".into(), opts.region.clone());
            env.insert("MAIL_TRANSPORT".into(), "outbox".into());
            // Local development only: callbacks may go to http and loopback receivers (private and
            // metadata addresses stay refused). Never set in template.yaml.
            env.insert("ALLOW_INSECURE_CALLBACKS".into(), "true".into());
            env.insert(
                "MAIL_OUTBOX_DIR".into(),
                opts.outbox_dir.to_string_lossy().into_owned(),
            );
            let config = Config::from_vars(env.clone())?;
            // Domain settings are parsed on first use in a function; parse them here too, so a bad
            // template value fails provisioning (as it fails a cold start) instead of a request.
            providers::ProviderConfig::from_config(&config)?;
            mail::MailTransport::from_config(&config)?;
            let state = Arc::new(AppState::with_counter(config, calls.clone())?);
            let handlers = registry.get(&def.binary).ok_or_else(|| {
                format!(
                    "template.yaml declares {} (binary {}), which infra/local/src/registry.rs does not know",
                    def.logical_id, def.binary
                )
            })?;
            if !def.routes.is_empty() && handlers.http.is_none() {
                return Err(format!("{} has Api events but no HTTP dispatch", def.binary).into());
            }
            if !def.sqs.is_empty() && handlers.sqs.is_none() {
                return Err(format!("{} has SQS events but no SQS handler", def.binary).into());
            }
            if !def.rules.is_empty() && handlers.schedule.is_none() {
                return Err(
                    format!("{} has EventBridge rules but no event handler", def.binary).into(),
                );
            }
            if !def.streams.is_empty() && handlers.stream.is_none() {
                return Err(
                    format!("{} has DynamoDB events but no stream handler", def.binary).into(),
                );
            }
            if !def.schedules.is_empty() && handlers.schedule.is_none() {
                return Err(
                    format!("{} has Schedule events but no schedule handler", def.binary).into(),
                );
            }
            let timeout = std::time::Duration::from_millis(
                ((def.timeout_secs as f64) * 1000.0 * opts.time_scale).max(500.0) as u64,
            );
            functions.push(LocalFunction {
                timeout,
                def,
                state,
                http: handlers.http,
                sqs: handlers.sqs,
                schedule: handlers.schedule,
                authorizer: handlers.authorizer,
                stream: handlers.stream,
            });
        }
        let stage = bindings
            .refs
            .get("StageName")
            .cloned()
            .unwrap_or_else(|| "live".into());
        let usage_plans = usage_plans::UsagePlans::new(
            platform::aws_client!(aws_sdk_apigateway, admin.sdk_base()),
            &opts.prefix,
        );
        Ok(Self {
            functions,
            bindings,
            calls,
            sqs: platform::aws_client!(aws_sdk_sqs, admin.sdk_base()),
            admin,
            stage,
            gateway_responses: template.gateway_responses()?,
            usage_plans,
            faults,
            function_endpoint,
            admin_endpoint: opts.aws_endpoint.clone(),
        })
    }

    pub fn function(&self, logical_id: &str) -> Option<&LocalFunction> {
        self.functions
            .iter()
            .find(|f| f.def.logical_id == logical_id)
    }

    /// The URL of a queue declared in the template.
    pub fn queue_url(&self, logical_id: &str) -> Option<&str> {
        self.bindings.refs.get(logical_id).map(String::as_str)
    }

    pub fn queue_arn(&self, logical_id: &str) -> Option<&str> {
        self.bindings
            .attrs
            .get(&(logical_id.to_owned(), "Arn".to_owned()))
            .map(String::as_str)
    }
}
