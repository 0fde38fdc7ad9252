//! The fault layer: what real AWS does to a request that moto never does.
//!
//! A proxy on loopback sits between the functions' AWS clients and moto (the stack points every
//! function's `AWS_ENDPOINT_URL` at it; provisioning and the pump's polling go straight to moto, as
//! AWS's own side does). Per request it may, by the [`FaultPlan`]'s rates:
//! - cancel a DynamoDB `TransactWriteItems` with `TransactionCanceledException`, one action's
//!   reason `TransactionConflict` and the others `None` (what DynamoDB answers when another request
//!   touches one of the items at the same moment; the SDK never retries it);
//! - throttle DynamoDB reads or writes (`ProvisionedThroughputExceededException` or
//!   `ThrottlingException`, 400; the SDK retries these a few times with backoff);
//! - answer a 500 (`InternalServerError`) from any service, before the request reaches it;
//! - add latency;
//! - fail single entries of an SQS `SendMessageBatch` (the entries are not sent; the answer lists
//!   them under `Failed` with a 200, as SQS does).
//!
//! The pump reads the same plan for duplicate deliveries, and [`Faults::arm_kill`] kills a function's
//! next invocation mid-way (see `pump`). Decisions come from one RNG seeded by the plan, so a run's
//! sequence of decisions repeats; which request gets each depends on how concurrent requests
//! interleave. Every injected fault is counted by kind ([`Faults::injected`]).
//!
//! Control: `ENRICH_FAULTS` (for `./infra/dev`, e.g. `seed=7,conflict=0.1,throttle=0.05,error=0.01`)
//! or HTTP on the proxy itself: `GET /__faults` (plan and counts), `PUT /__faults` (a plan, JSON or
//! the same `k=v` text), `POST /__faults/kill?function=<LogicalId>&after_ms=<n>`.

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// What to inject, as shares of the requests each applies to (0 = never, 1 = always).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultPlan {
    pub seed: u64,
    /// `TransactWriteItems` cancelled with `TransactionConflict`.
    pub conflict: f64,
    /// DynamoDB reads and writes throttled.
    pub throttle: f64,
    /// Requests to any service answered 500 without reaching it.
    pub error: f64,
    /// Requests delayed by up to `latency_ms`.
    pub latency: f64,
    pub latency_ms: u64,
    /// `SendMessageBatch` entries failed (not sent, listed under `Failed`).
    pub batch_entry_failure: f64,
    /// SQS messages the pump hands to two invocations at once.
    pub duplicate: f64,
}

impl FaultPlan {
    /// Parses `k=v,k=v` (`seed`, `conflict`, `throttle`, `error`, `latency=<share>:<max ms>`,
    /// `batch_fail`, `duplicate`), or a JSON object with the field names.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.starts_with('{') {
            return serde_json::from_str(text).map_err(|e| e.to_string());
        }
        let mut plan = Self::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` is not key=value"))?;
            let share = |v: &str| -> Result<f64, String> {
                v.parse::<f64>()
                    .ok()
                    .filter(|x| (0.0..=1.0).contains(x))
                    .ok_or_else(|| format!("{k}: `{v}` is not a share between 0 and 1"))
            };
            match k {
                "seed" => plan.seed = v.parse().map_err(|_| format!("seed: `{v}`"))?,
                "conflict" => plan.conflict = share(v)?,
                "throttle" => plan.throttle = share(v)?,
                "error" => plan.error = share(v)?,
                "latency" => {
                    let (s, ms) = v.split_once(':').unwrap_or((v, "50"));
                    plan.latency = share(s)?;
                    plan.latency_ms = ms.parse().map_err(|_| format!("latency: `{ms}` ms"))?;
                }
                "batch_fail" => plan.batch_entry_failure = share(v)?,
                "duplicate" => plan.duplicate = share(v)?,
                other => return Err(format!("unknown fault `{other}`")),
            }
        }
        Ok(plan)
    }
}

/// The fault layer's state: the plan, its RNG, the counts, and armed kills.
pub struct Faults {
    plan: Mutex<FaultPlan>,
    rng: Mutex<StdRng>,
    injected: Mutex<BTreeMap<String, u64>>,
    kills: Mutex<HashMap<String, VecDeque<Duration>>>,
}

impl std::fmt::Debug for Faults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Faults")
            .field("plan", &self.plan())
            .finish()
    }
}

impl Faults {
    pub fn new(plan: FaultPlan) -> Arc<Self> {
        Arc::new(Self {
            rng: Mutex::new(StdRng::seed_from_u64(plan.seed)),
            plan: Mutex::new(plan),
            injected: Mutex::default(),
            kills: Mutex::default(),
        })
    }

    pub fn plan(&self) -> FaultPlan {
        self.plan.lock().map(|p| p.clone()).unwrap_or_default()
    }

    /// Replaces the plan (and reseeds the RNG from it); counts are kept.
    pub fn set_plan(&self, plan: FaultPlan) {
        if let Ok(mut rng) = self.rng.lock() {
            *rng = StdRng::seed_from_u64(plan.seed);
        }
        if let Ok(mut p) = self.plan.lock() {
            *p = plan;
        }
    }

    /// Faults injected so far, by kind.
    pub fn injected(&self) -> BTreeMap<String, u64> {
        self.injected.lock().map(|m| m.clone()).unwrap_or_default()
    }

    pub fn count(&self, kind: &str) {
        if let Ok(mut m) = self.injected.lock() {
            *m.entry(kind.to_owned()).or_default() += 1;
        }
    }

    /// True with probability `share`.
    pub fn roll(&self, share: f64) -> bool {
        share > 0.0 && self.rng.lock().is_ok_and(|mut r| r.random::<f64>() < share)
    }

    fn below(&self, n: usize) -> usize {
        self.rng
            .lock()
            .map(|mut r| r.random_range(0..n.max(1)))
            .unwrap_or(0)
    }

    /// The next invocation of `function` (a logical id) is killed `after` it starts: Lambda's
    /// sandbox dying mid-work (out of memory, a crash). Its messages come back after the queue's
    /// visibility timeout.
    pub fn arm_kill(&self, function: &str, after: Duration) {
        if let Ok(mut k) = self.kills.lock() {
            k.entry(function.to_owned()).or_default().push_back(after);
        }
    }

    /// Takes an armed kill for an invocation of `function` that is starting.
    pub fn take_kill(&self, function: &str) -> Option<Duration> {
        let after = self.kills.lock().ok()?.get_mut(function)?.pop_front()?;
        self.count("kill");
        Some(after)
    }

    /// Whether a kill is still armed for `function`.
    pub fn kill_pending(&self, function: &str) -> bool {
        self.kills
            .lock()
            .is_ok_and(|k| k.get(function).is_some_and(|q| !q.is_empty()))
    }
}

/// The operation a request names: `("DynamoDB", "TransactWriteItems")`, `("AmazonSQS", …)`, …
fn operation(headers: &HeaderMap) -> Option<(String, String)> {
    let target = headers.get("x-amz-target")?.to_str().ok()?;
    let (service, op) = target.split_once('.')?;
    let service = if service.starts_with("DynamoDB") {
        "DynamoDB"
    } else {
        service
    };
    Some((service.to_owned(), op.to_owned()))
}

const DYNAMODB_READS: &[&str] = &[
    "GetItem",
    "BatchGetItem",
    "Query",
    "Scan",
    "TransactGetItems",
];
const DYNAMODB_WRITES: &[&str] = &[
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "BatchWriteItem",
    "TransactWriteItems",
];

fn aws_error(status: StatusCode, body: Value) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body.to_string())));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    resp.headers_mut().insert(
        "x-amzn-requestid",
        HeaderValue::from_str(&ulid::Ulid::new().to_string())
            .unwrap_or(HeaderValue::from_static("fault")),
    );
    resp
}

/// What the fault layer does to one request instead of (or around) forwarding it.
enum Decision {
    Forward,
    Answer(Response<Full<Bytes>>),
    /// Forward a `SendMessageBatch` without these entry ids, and report them failed.
    DropEntries(Vec<String>, Bytes),
}

impl Faults {
    fn decide(&self, service: &str, op: &str, body: &Bytes) -> Decision {
        let plan = self.plan();
        if self.roll(plan.error) {
            self.count(&format!("{service}.{op}:500"));
            let ty = match service {
                "DynamoDB" => "com.amazonaws.dynamodb.v20120810#InternalServerError",
                "AmazonSQS" => "com.amazonaws.sqs#InternalError",
                _ => "InternalFailure",
            };
            return Decision::Answer(aws_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"__type": ty, "message": "We encountered an internal error. Please try again."}),
            ));
        }
        if service == "DynamoDB" {
            let is_write = DYNAMODB_WRITES.contains(&op);
            if (is_write || DYNAMODB_READS.contains(&op)) && self.roll(plan.throttle) {
                self.count(&format!("DynamoDB.{op}:throttle"));
                // Half as provisioned capacity, half as the on-demand request-rate throttle.
                let body = if self.roll(0.5) {
                    json!({"__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                           "message": "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."})
                } else {
                    json!({"__type": "com.amazon.coral.availability#ThrottlingException",
                           "message": "Throughput exceeds the current capacity of your table or index."})
                };
                return Decision::Answer(aws_error(StatusCode::BAD_REQUEST, body));
            }
            if op == "TransactWriteItems" && self.roll(plan.conflict) {
                let actions = serde_json::from_slice::<Value>(body)
                    .ok()
                    .and_then(|v| v["TransactItems"].as_array().map(Vec::len))
                    .unwrap_or(1);
                let hit = self.below(actions);
                let reasons: Vec<Value> = (0..actions)
                    .map(|i| {
                        if i == hit {
                            json!({"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"})
                        } else {
                            json!({"Code": "None"})
                        }
                    })
                    .collect();
                let codes: Vec<&str> = (0..actions)
                    .map(|i| {
                        if i == hit {
                            "TransactionConflict"
                        } else {
                            "None"
                        }
                    })
                    .collect();
                self.count("DynamoDB.TransactWriteItems:conflict");
                return Decision::Answer(aws_error(
                    StatusCode::BAD_REQUEST,
                    json!({
                        "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                        "Message": format!("Transaction cancelled, please refer cancellation reasons for specific reasons [{}]", codes.join(", ")),
                        "CancellationReasons": reasons,
                    }),
                ));
            }
        }
        if service == "AmazonSQS" && op == "SendMessageBatch" && plan.batch_entry_failure > 0.0 {
            if let Ok(mut req) = serde_json::from_slice::<Value>(body) {
                let mut dropped = Vec::new();
                if let Some(entries) = req["Entries"].as_array_mut() {
                    entries.retain(|e| {
                        let fail = self.roll(plan.batch_entry_failure);
                        if fail {
                            dropped.push(e["Id"].as_str().unwrap_or_default().to_owned());
                        }
                        !fail
                    });
                }
                if !dropped.is_empty() {
                    for _ in &dropped {
                        self.count("AmazonSQS.SendMessageBatch:entry_failed");
                    }
                    return Decision::DropEntries(dropped, Bytes::from(req.to_string()));
                }
            }
        }
        Decision::Forward
    }
}

/// Runs the proxy on `listener`, forwarding to `upstream` (moto), until the process ends.
pub async fn serve(faults: Arc<Faults>, listener: TcpListener, upstream: String) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap_or_default();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let faults = faults.clone();
        let client = client.clone();
        let upstream = upstream.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let faults = faults.clone();
                let client = client.clone();
                let upstream = upstream.clone();
                async move { Ok::<_, Infallible>(handle(&faults, &client, &upstream, req).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Starts the proxy on a free loopback port; returns its URL.
pub async fn start(faults: Arc<Faults>, upstream: String) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(serve(faults, listener, upstream));
    Ok(url)
}

async fn handle(
    faults: &Faults,
    client: &reqwest::Client,
    upstream: &str,
    req: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return aws_error(
                StatusCode::BAD_REQUEST,
                json!({"message": "unreadable body"}),
            )
        }
    };
    if parts.uri.path().starts_with("/__faults") {
        return control(faults, &parts.method, &parts.uri, &body);
    }
    let plan = faults.plan();
    if faults.roll(plan.latency) && plan.latency_ms > 0 {
        let ms = faults.below(plan.latency_ms as usize + 1) as u64;
        faults.count("latency");
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let decision = match operation(&parts.headers) {
        Some((service, op)) => faults.decide(&service, &op, &body),
        None => Decision::Forward,
    };
    let (send_body, dropped) = match decision {
        Decision::Answer(resp) => return resp,
        Decision::Forward => (body, Vec::new()),
        Decision::DropEntries(ids, rest) => (rest, ids),
    };
    let all_dropped = !dropped.is_empty()
        && serde_json::from_slice::<Value>(&send_body)
            .ok()
            .and_then(|v| v["Entries"].as_array().map(Vec::is_empty))
            .unwrap_or(false);
    let upstream_resp = if all_dropped {
        Ok((
            StatusCode::OK,
            HeaderMap::new(),
            Bytes::from(r#"{"Successful":[]}"#),
        ))
    } else {
        forward(client, upstream, &parts, send_body).await
    };
    let (status, headers, bytes) = match upstream_resp {
        Ok(r) => r,
        Err(e) => {
            return aws_error(
                StatusCode::BAD_GATEWAY,
                json!({"message": format!("fault proxy: {e}")}),
            )
        }
    };
    let bytes = if dropped.is_empty() || !status.is_success() {
        bytes
    } else {
        let mut v: Value = serde_json::from_slice(&bytes).unwrap_or_else(|_| json!({}));
        let failed: Vec<Value> = dropped
            .iter()
            .map(|id| json!({"Id": id, "SenderFault": false, "Code": "InternalError", "Message": "injected by the fault layer"}))
            .collect();
        match v["Failed"].as_array_mut() {
            Some(list) => list.extend(failed),
            None => v["Failed"] = Value::from(failed),
        }
        Bytes::from(v.to_string())
    };
    let mut resp = Response::new(Full::new(bytes));
    *resp.status_mut() = status;
    for (name, value) in &headers {
        if name != "content-length" && name != "transfer-encoding" && name != "connection" {
            resp.headers_mut().append(name, value.clone());
        }
    }
    resp
}

async fn forward(
    client: &reqwest::Client,
    upstream: &str,
    parts: &http::request::Parts,
    body: Bytes,
) -> Result<(StatusCode, HeaderMap, Bytes), reqwest::Error> {
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let mut req = client.request(parts.method.clone(), format!("{upstream}{path}"));
    for (name, value) in &parts.headers {
        if name != "host" && name != "content-length" && name != "connection" {
            req = req.header(name, value);
        }
    }
    let resp = req.body(body).send().await?;
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await?;
    Ok((status, headers, bytes))
}

fn control(
    faults: &Faults,
    method: &Method,
    uri: &http::Uri,
    body: &Bytes,
) -> Response<Full<Bytes>> {
    let reply = |status: StatusCode, v: Value| {
        let mut resp = Response::new(Full::new(Bytes::from(v.to_string())));
        *resp.status_mut() = status;
        resp.headers_mut()
            .insert("content-type", HeaderValue::from_static("application/json"));
        resp
    };
    let query: HashMap<String, String> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    match (method, uri.path()) {
        (&Method::GET, "/__faults") => reply(
            StatusCode::OK,
            json!({"plan": faults.plan(), "injected": faults.injected()}),
        ),
        (&Method::PUT, "/__faults") => match FaultPlan::parse(&String::from_utf8_lossy(body)) {
            Ok(plan) => {
                faults.set_plan(plan);
                reply(StatusCode::OK, json!({"plan": faults.plan()}))
            }
            Err(e) => reply(StatusCode::BAD_REQUEST, json!({"error": e})),
        },
        (&Method::POST, "/__faults/kill") => match query.get("function") {
            Some(function) => {
                let after = query
                    .get("after_ms")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                faults.arm_kill(function, Duration::from_millis(after));
                reply(
                    StatusCode::OK,
                    json!({"armed": function, "after_ms": after}),
                )
            }
            None => reply(
                StatusCode::BAD_REQUEST,
                json!({"error": "function is required"}),
            ),
        },
        _ => reply(StatusCode::NOT_FOUND, json!({"error": "no such control"})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_parse_from_text_and_json() {
        let p = FaultPlan::parse("seed=7, conflict=0.1,throttle=0.05,error=0.01,latency=0.2:40,batch_fail=0.05,duplicate=0.1").unwrap();
        assert_eq!(p.seed, 7);
        assert_eq!(p.conflict, 0.1);
        assert_eq!((p.latency, p.latency_ms), (0.2, 40));
        assert_eq!(p.duplicate, 0.1);
        assert_eq!(
            FaultPlan::parse(r#"{"conflict":0.5}"#).unwrap().conflict,
            0.5
        );
        assert!(FaultPlan::parse("conflict=2").is_err());
        assert!(FaultPlan::parse("boom=1").is_err());
        assert_eq!(FaultPlan::parse("").unwrap(), FaultPlan::default());
    }

    #[test]
    fn the_same_seed_makes_the_same_decisions() {
        let plan = FaultPlan::parse("seed=3,conflict=0.3").unwrap();
        let run = || {
            let f = Faults::new(plan.clone());
            (0..200).map(|_| f.roll(0.3)).collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        let hits = a.iter().filter(|x| **x).count();
        assert!((30..90).contains(&hits), "{hits} of 200 at 0.3");
    }

    #[test]
    fn a_cancelled_transaction_names_one_conflicting_action() {
        let f = Faults::new(FaultPlan::parse("conflict=1").unwrap());
        let body = Bytes::from(r#"{"TransactItems":[{"Put":{}},{"Update":{}},{"Put":{}}]}"#);
        let Decision::Answer(resp) = f.decide("DynamoDB", "TransactWriteItems", &body) else {
            panic!("not cancelled");
        };
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert_eq!(f.injected()["DynamoDB.TransactWriteItems:conflict"], 1);
        // Reads are not transactions: untouched at conflict=1.
        assert!(matches!(
            f.decide("DynamoDB", "GetItem", &Bytes::new()),
            Decision::Forward
        ));
    }

    #[test]
    fn kills_are_armed_per_function_and_taken_once() {
        let f = Faults::new(FaultPlan::default());
        f.arm_kill("Worker", Duration::from_millis(5));
        assert!(f.kill_pending("Worker"));
        assert!(f.take_kill("Other").is_none());
        assert_eq!(f.take_kill("Worker"), Some(Duration::from_millis(5)));
        assert!(f.take_kill("Worker").is_none());
    }
}
