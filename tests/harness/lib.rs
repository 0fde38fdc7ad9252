//! Test harness: one moto server per test binary, one stack (own table, queues, secret) per test, and
//! the local gateway on a free loopback port, driven over real HTTP.

use enrich_local::{gateway, Stack, StackOptions};
use std::io::Write;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

pub use enrich_local::workspace_root;

static MOTO: OnceLock<String> = OnceLock::new();

/// The command that starts moto: `infra/moto_atomic.py` (moto applying one request at a time, as
/// DynamoDB applies each request atomically) under the project's Python, or plain `moto_server` with
/// `MOTO_PLAIN=1` (threads without a lock: kept only to show what the launcher fixes).
fn moto_command() -> Vec<PathBuf> {
    let venv = workspace_root().join(".venv/bin");
    let python = std::env::var("MOTO_PYTHON")
        .map(|p| workspace_root().join(p))
        .unwrap_or_else(|_| venv.join("python3"));
    if std::env::var("MOTO_PLAIN").is_ok_and(|v| v == "1") {
        return vec![venv.join("moto_server")];
    }
    vec![python, workspace_root().join("infra/moto_atomic.py")]
}

/// The endpoint of this test binary's moto server, started on first use.
///
/// moto runs under a small shell that waits on our stdin: when this process exits, however it exits,
/// the pipe closes and the shell stops moto, so no server outlives the tests.
pub fn moto_endpoint() -> &'static str {
    MOTO.get_or_init(|| {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free loopback port");
        let log = workspace_root().join(format!(".local/moto-test-{port}.log"));
        let _ = std::fs::create_dir_all(workspace_root().join(".local"));
        let child: Child = Command::new("bash")
            .arg("-c")
            .arg(r#"log=$1 port=$2; shift 2; "$@" -H 127.0.0.1 -p "$port" >"$log" 2>&1 & m=$!; read -r _; kill $m"#)
            .arg("moto")
            .arg(&log)
            .arg(port.to_string())
            .args(moto_command())
            .stdin(Stdio::piped())
            .spawn()
            .expect("start moto (run ./infra/test once to install it into .venv)");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "moto did not start; see {}",
                log.display()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // Keep the pipe open for the life of the process.
        let child = Box::leak(Box::new(child));
        let _ = child.stdin.as_mut().map(|s| s.flush());
        format!("http://127.0.0.1:{port}")
    })
}

/// A running platform for one test.
pub struct TestStack {
    pub base: String,
    pub http: reqwest::Client,
    pub stack: Arc<Stack>,
    /// This stack's mail outbox folder.
    pub outbox: PathBuf,
    /// What the stack was provisioned with (a restart provisions the same again).
    pub opts: StackOptions,
    gateway: tokio::task::JoinHandle<()>,
}

impl TestStack {
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// A stack whose template parameters take these values (e.g. `CorsAllowedOrigins`).
    pub async fn start_with(parameters: &[(&str, &str)]) -> Self {
        Self::start_faulty(parameters, None, (1.0, 1.0)).await
    }

    /// A stack whose functions reach AWS through the fault layer with `plan` (the plan can be
    /// changed later through `stack.faults`), with function timeouts and queue visibility
    /// timeouts scaled by `(timeouts, visibility)`.
    pub async fn start_faulty(
        parameters: &[(&str, &str)],
        plan: Option<enrich_local::faults::FaultPlan>,
        (time_scale, visibility_scale): (f64, f64),
    ) -> Self {
        // `TEST_LOG=1` (with `RUST_LOG`) shows the functions' logs while debugging a test.
        if std::env::var_os("TEST_LOG").is_some() {
            platform::telemetry::init();
        }
        let prefix = format!("t{}", ulid::Ulid::new().to_string().to_lowercase());
        let mut opts = StackOptions::new(moto_endpoint(), prefix.clone());
        // Never the real providers from a test: the sandbox unless a test names its fakes.
        opts.parameters
            .insert("DefaultSources".into(), "sandbox".into());
        // A test's one user polls far faster than a person does (every few hundred ms for
        // minutes): per-user limits are lifted unless a test sets them (`limits` uses 1).
        opts.parameters
            .insert("UserLimitMultiplier".into(), "100".into());
        for (name, value) in parameters {
            opts.parameters
                .insert((*name).to_owned(), (*value).to_owned());
        }
        opts.outbox_dir = workspace_root().join(".local/test-outbox").join(&prefix);
        opts.faults = plan;
        opts.time_scale = time_scale;
        opts.visibility_scale = visibility_scale;
        Self::provision(opts).await
    }

    async fn provision(opts: StackOptions) -> Self {
        let outbox = opts.outbox_dir.clone();
        let stack = Stack::provision(&opts)
            .await
            .expect("provision the local stack");
        let stack = Arc::new(stack);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let gateway = tokio::spawn(gateway::serve(
            stack.clone(),
            listener,
            std::future::pending(),
        ));
        Self {
            base,
            http: reqwest::Client::new(),
            stack,
            outbox,
            opts,
            gateway,
        }
    }

    /// Stops this stack's gateway (its workers are the caller's to abort) and starts the stack
    /// again over the same local AWS state: the same table, queues, secrets and usage plans, as a
    /// redeploy or a developer's restart finds them.
    pub async fn restart(self) -> Self {
        self.gateway.abort();
        Self::provision(self.opts.clone()).await
    }

    /// Mails this stack "sent" to `to` (the local outbox), oldest first.
    pub fn mails_to(&self, to: &str) -> Vec<mail::Mail> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.outbox)
            .map(|dir| {
                dir.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .filter_map(|b| serde_json::from_slice::<mail::Mail>(&b).ok())
            .filter(|m| m.to == to)
            .collect()
    }

    /// The newest mail of `kind` to `to`; panics if there is none.
    pub fn last_mail(&self, to: &str, kind: &str) -> mail::Mail {
        self.mails_to(to)
            .into_iter()
            .rev()
            .find(|m| m.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} mail to {to} in the outbox"))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("request")
    }

    /// The shared state of the template's functions (all share one configuration locally).
    pub fn state(&self) -> &platform::AppState {
        &self.stack.functions[0].state
    }
}

/// A registered user with live tokens.
#[derive(Debug, Clone)]
pub struct Account {
    pub email: String,
    pub password: String,
    pub access: String,
    pub refresh: String,
    pub tenant_id: String,
    pub user_id: String,
}

pub const PASSWORD: &str = "a long enough passphrase";

impl Account {
    fn from_pair(email: &str, password: &str, pair: &serde_json::Value) -> Self {
        Self {
            email: email.to_owned(),
            password: password.to_owned(),
            access: pair["access_token"]
                .as_str()
                .expect("access_token")
                .to_owned(),
            refresh: pair["refresh_token"]
                .as_str()
                .expect("refresh_token")
                .to_owned(),
            tenant_id: pair["tenant"]["id"].as_str().expect("tenant").to_owned(),
            user_id: pair["user"]["id"].as_str().expect("user").to_owned(),
        }
    }
}

impl TestStack {
    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// A request with the account's bearer token.
    pub fn authed(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
    ) -> reqwest::RequestBuilder {
        self.http.request(method, self.url(path)).bearer_auth(token)
    }

    /// Registers a new organisation and its owner (a fresh email each call).
    pub async fn register(&self, org: &str) -> Account {
        let email = format!(
            "owner-{}@{org}.example",
            ulid::Ulid::new().to_string().to_lowercase()
        );
        let resp = self
            .post_json(
                "/v1/auth/register",
                serde_json::json!({"email": email, "password": PASSWORD, "name": "Owner", "organization_name": org}),
            )
            .await;
        assert_eq!(resp.status(), 201, "register");
        let pair: serde_json::Value = resp.json().await.expect("json");
        Account::from_pair(&email, PASSWORD, &pair)
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/v1/auth/login",
            serde_json::json!({"email": email, "password": password}),
        )
        .await
    }

    /// Logs in and returns the new tokens.
    pub async fn login_ok(&self, email: &str, password: &str) -> Account {
        let resp = self.login(email, password).await;
        assert_eq!(resp.status(), 200, "login");
        let pair: serde_json::Value = resp.json().await.expect("json");
        Account::from_pair(email, password, &pair)
    }
}

/// Asserts an RFC 9457 body and returns it.
pub async fn problem(resp: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(resp.status().as_u16(), status, "status");
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(ct, "application/problem+json", "content-type");
    let body: serde_json::Value = resp.json().await.expect("problem JSON");
    assert_eq!(body["status"], status, "status in body: {body}");
    assert!(
        body["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("https://enrich.dev/problems/")),
        "type: {body}"
    );
    assert!(
        body["request_id"].as_str().is_some_and(|r| !r.is_empty()),
        "request_id: {body}"
    );
    body
}

impl TestStack {
    /// Invites `email` into `inviter`'s organisation with `role`, reads the invitation token from the
    /// outbox and registers with it.
    pub async fn invite_and_join(&self, inviter: &Account, email: &str, role: &str) -> Account {
        let resp = self
            .authed(
                reqwest::Method::POST,
                "/v1/users/invitations",
                &inviter.access,
            )
            .json(&serde_json::json!({"email": email, "role": role}))
            .send()
            .await
            .expect("invite");
        assert_eq!(resp.status(), 201, "invite");
        let token = invitation_token(&self.last_mail(email, "invitation"));
        let resp = self
            .post_json(
                "/v1/auth/register",
                serde_json::json!({"email": email, "password": PASSWORD, "name": role, "invitation_token": token}),
            )
            .await;
        assert_eq!(resp.status(), 201, "register with invitation");
        let pair: serde_json::Value = resp.json().await.expect("json");
        Account::from_pair(email, PASSWORD, &pair)
    }
}

/// The token a mail carries: the line after the one ending in "token:" (invitation and reset mails).
pub fn invitation_token(mail: &mail::Mail) -> String {
    let mut lines = mail.text.lines();
    while let Some(line) = lines.next() {
        if line.trim_end().ends_with("token:") {
            return lines.next().expect("token line").trim().to_owned();
        }
    }
    panic!("no token in mail: {}", mail.text)
}

/// A unique address under `domain`.
pub fn fresh_email(label: &str, domain: &str) -> String {
    format!(
        "{label}-{}@{domain}",
        ulid::Ulid::new().to_string().to_lowercase()
    )
}

/// Platform keys the provider fakes expect (`x-api-key`, `api_key`, `Api-Key`, Basic for Serpro).
pub const PROVIDER_KEYS: &[(&str, &str)] = &[
    ("apollo", "apollo-platform-key-0001"),
    ("pdl", "pdl-platform-key-0002"),
    ("zerobounce", "zb-platform-key-0003"),
    ("rocketreach", "rr-platform-key-0004"),
    ("serpro", "serpro-consumer:serpro-secret"),
];

impl TestStack {
    /// A stack whose providers all live on one wiremock server, each under its own path prefix
    /// (`/apollo`, `/pdl`, …), in waterfall order `sources`, with the platform keys in place and a
    /// short timeout so timeout cases stay quick.
    pub async fn with_fakes(fakes: &wiremock::MockServer, sources: &str) -> Self {
        Self::with_fakes_and(fakes, sources, &[]).await
    }

    /// [`Self::with_fakes`] with more template parameters.
    pub async fn with_fakes_and(
        fakes: &wiremock::MockServer,
        sources: &str,
        more: &[(&str, &str)],
    ) -> Self {
        let params = Self::fake_parameters(fakes, sources, more);
        let borrowed: Vec<(&str, &str)> = params
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let t = Self::start_with(&borrowed).await;
        t.set_fake_keys().await;
        t
    }

    /// [`Self::with_fakes`] through the fault layer (see [`Self::start_faulty`]).
    pub async fn with_fakes_faulty(
        fakes: &wiremock::MockServer,
        sources: &str,
        plan: enrich_local::faults::FaultPlan,
        scales: (f64, f64),
    ) -> Self {
        let params = Self::fake_parameters(fakes, sources, &[]);
        let borrowed: Vec<(&str, &str)> = params
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let t = Self::start_faulty(&borrowed, Some(plan), scales).await;
        t.set_fake_keys().await;
        t
    }

    fn fake_parameters(
        fakes: &wiremock::MockServer,
        sources: &str,
        more: &[(&str, &str)],
    ) -> Vec<(String, String)> {
        let uri = fakes.uri();
        let mut params: Vec<(String, String)> = [
            ("ApolloBaseUrl", "apollo"),
            ("PdlBaseUrl", "pdl"),
            ("ZerobounceBaseUrl", "zerobounce"),
            ("ZerobounceBulkBaseUrl", "zerobounce-bulk"),
            ("RocketreachBaseUrl", "rocketreach"),
            ("BrasilapiBaseUrl", "brasilapi"),
            ("SerproBaseUrl", "serpro"),
        ]
        .iter()
        .map(|(param, prefix)| ((*param).to_owned(), format!("{uri}/{prefix}")))
        .collect();
        for (k, v) in [
            ("DefaultSources", sources),
            ("ProviderTimeoutMs", "400"),
            ("ProviderRetryBaseMs", "20"),
        ]
        .iter()
        .chain(more.iter())
        {
            params.push(((*k).to_owned(), (*v).to_owned()));
        }
        params
    }

    async fn set_fake_keys(&self) {
        let keys: serde_json::Map<String, serde_json::Value> = PROVIDER_KEYS
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
            .collect();
        self.set_platform_keys(&serde_json::Value::Object(keys))
            .await;
    }

    /// Replaces the platform's provider keys secret (as an operator rotating keys would).
    pub async fn set_platform_keys(&self, keys: &serde_json::Value) {
        let id = self
            .stack
            .bindings
            .refs
            .get("ProviderKeysSecret")
            .expect("ProviderKeysSecret in the template")
            .clone();
        self.stack
            .admin
            .secrets()
            .put_secret_value()
            .secret_id(id)
            .secret_string(keys.to_string())
            .send()
            .await
            .expect("put the provider keys");
    }

    /// `call` with a JSON body, as one account.
    pub async fn post_as(
        &self,
        account: &Account,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        self.call(account, reqwest::Method::POST, path, Some(body))
            .await
    }

    /// `call` without a body, as one account.
    pub async fn get_as(&self, account: &Account, path: &str) -> (u16, serde_json::Value) {
        self.call(account, reqwest::Method::GET, path, None).await
    }

    /// A request with the account's token and an optional JSON body; returns status and JSON.
    pub async fn call(
        &self,
        account: &Account,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut req = self.authed(method, path, &account.access);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        let json = if text.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
        };
        (status, json)
    }
}

impl TestStack {
    /// The AWS calls of `request` (and their critical path), counted within the rate limiter's
    /// minute of a request of `account` just before: the first request of a user in a new minute
    /// also resets their minute window (one write more, by design), which a budget must not count.
    pub async fn measured<T, Fut: std::future::Future<Output = T>>(
        &self,
        account: &Account,
        mut request: impl FnMut() -> Fut,
    ) -> (T, std::collections::BTreeMap<String, u64>, usize) {
        let minute = || kernel::time::now().unix_timestamp() / 60;
        loop {
            let before = minute();
            self.get_as(account, "/v1/auth/me").await;
            self.stack.calls.reset();
            let out = request().await;
            if minute() == before {
                return (
                    out,
                    self.stack.calls.snapshot(),
                    self.stack.calls.critical_path(),
                );
            }
        }
    }
}

impl TestStack {
    /// Every item of this stack's table (each test owns its table), for checks of what was stored.
    pub async fn scan_table(
        &self,
    ) -> Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
        let store = &self.state().store;
        let mut items = Vec::new();
        let mut start = None;
        loop {
            // A test's fault layer throttles and fails this client too: a page is read again,
            // as any caller of real DynamoDB would.
            let mut tries = 0;
            let out = loop {
                match store
                    .client()
                    .scan()
                    .table_name(store.table())
                    .set_exclusive_start_key(start.clone())
                    .send()
                    .await
                {
                    Ok(out) => break out,
                    Err(e) if tries < 30 => {
                        tries += 1;
                        eprintln!("scan page refused ({e}); reading it again");
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    }
                    Err(e) => panic!("scan: {e:?}"),
                }
            };
            items.extend(out.items.unwrap_or_default());
            start = out.last_evaluated_key;
            if start.is_none() {
                return items;
            }
        }
    }

    /// (visible, in flight) messages of a queue.
    pub async fn queue_depth(&self, url: &str) -> (u64, u64) {
        use aws_sdk_sqs::types::QueueAttributeName as A;
        let attrs = self
            .stack
            .sqs
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(A::ApproximateNumberOfMessages)
            .attribute_names(A::ApproximateNumberOfMessagesNotVisible)
            .send()
            .await
            .expect("queue attributes")
            .attributes
            .unwrap_or_default();
        let n = |a: A| attrs.get(&a).and_then(|v| v.parse().ok()).unwrap_or(0);
        (
            n(A::ApproximateNumberOfMessages),
            n(A::ApproximateNumberOfMessagesNotVisible),
        )
    }

    /// A queue's ARN.
    pub async fn queue_arn(&self, url: &str) -> String {
        use aws_sdk_sqs::types::QueueAttributeName as A;
        self.stack
            .sqs
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(A::QueueArn)
            .send()
            .await
            .expect("queue attributes")
            .attributes
            .and_then(|mut a| a.remove(&A::QueueArn))
            .expect("QueueArn")
    }
}

impl TestStack {
    /// Plays the SQS event source mappings (the enrichment and webhook workers) for this stack, as
    /// `./infra/dev` does; `n` pollers per queue stand for concurrent Lambda invocations.
    pub fn start_workers(&self, n: usize) -> Vec<tokio::task::JoinHandle<()>> {
        enrich_local::pump::spawn_pumps(&self.stack, n.max(1))
    }

    /// The URL of a queue the template declares.
    pub fn queue(&self, logical_id: &str) -> String {
        self.stack
            .queue_url(logical_id)
            .expect("queue in the template")
            .to_owned()
    }

    /// Polls `GET path` until `done` holds for its JSON (or panics after `secs`).
    pub async fn wait_for(
        &self,
        account: &Account,
        path: &str,
        secs: u64,
        done: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = std::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let (status, body) = self.call(account, reqwest::Method::GET, path, None).await;
            assert_eq!(status, 200, "{path}: {body}");
            if done(&body) {
                return body;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{path} did not reach the expected state in {secs} s: {body}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// The `field` of every entry of a problem's `errors`, in order (panics on another shape: a test
/// that expects field errors and gets none should fail here, naming the body).
pub fn error_fields(problem: &serde_json::Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors array in {problem}"))
        .iter()
        .map(|e| {
            e["field"]
                .as_str()
                .unwrap_or_else(|| panic!("an error without a field in {problem}"))
        })
        .collect()
}
