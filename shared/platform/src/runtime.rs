//! The glue between Lambda (or the local gateway) and handlers: route dispatch, error rendering,
//! common response headers and the request log line.

use crate::config::Config;
use crate::http::{ApiRequest, ApiResponse, ApiResult};
use crate::state::AppState;
use crate::telemetry;
use http::header::{HeaderName, HeaderValue, CACHE_CONTROL};
use kernel::error::ApiError;
use kernel::routing::{Access, RouteSpec};
use std::future::Future;
use std::pin::Pin;
#[cfg(feature = "http-runtime")]
use std::time::Instant;
#[cfg(feature = "http-runtime")]
use tracing::Instrument;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A function's entry point for API Gateway events: its route table turned into one call.
pub type HttpDispatch = for<'a> fn(&'a AppState, ApiRequest) -> BoxFuture<'a, ApiResult>;

pub type WorkerError = Box<dyn std::error::Error + Send + Sync>;

/// An SQS-triggered worker: returns the messages to retry (ReportBatchItemFailures); an `Err` fails
/// the whole batch, as Lambda does.
pub type SqsDispatch =
    for<'a> fn(
        &'a AppState,
        aws_lambda_events::sqs::SqsEvent,
    ) -> BoxFuture<'a, Result<aws_lambda_events::sqs::SqsBatchResponse, WorkerError>>;

/// A DynamoDB Streams-triggered function: returns the first record to deliver again
/// (ReportBatchItemFailures: Lambda retries from the lowest sequence number reported); an `Err`
/// retries the whole batch.
pub type StreamDispatch = for<'a> fn(
    &'a AppState,
    aws_lambda_events::dynamodb::Event,
) -> BoxFuture<
    'a,
    Result<aws_lambda_events::streams::DynamoDbEventResponse, WorkerError>,
>;

/// An EventBridge-scheduled function: receives the schedule's `Input` or the scheduled event.
pub type ScheduleDispatch =
    for<'a> fn(&'a AppState, serde_json::Value) -> BoxFuture<'a, Result<(), WorkerError>>;

/// A Lambda REQUEST authorizer: the authorizer event in, the IAM policy document out. An `Err`
/// whose message is exactly `Unauthorized` is API Gateway's signal for a 401.
pub type AuthorizerDispatch = for<'a> fn(
    &'a AppState,
    serde_json::Value,
) -> BoxFuture<'a, Result<serde_json::Value, WorkerError>>;

/// Declares a function's route table once, each route with what it requires of the caller:
/// `"POST" "/v1/people/enrich" => enrich, "people.write"` (a permission) or `…, public`. It produces
/// `ROUTES` (checked against template.yaml and the OpenAPI document by tests) and `dispatch`, which
/// matches `httpMethod` + the declared resource path exactly as API Gateway delivered them (`ANY`
/// matches every method) and enforces the route's access before its handler runs, so a handler
/// cannot forget a permission check.
#[macro_export]
macro_rules! routes {
    ($($method:literal $path:literal => $handler:path, $access:tt),* $(,)?) => {
        $crate::routes! { $($method $path => $handler, $access),* ; otherwise => __unrouted }

        /// A resource this table does not name: template.yaml and the table disagree.
        async fn __unrouted(_state: &$crate::AppState, req: $crate::ApiRequest) -> $crate::ApiResult {
            Err($crate::runtime::unrouted(&req, ROUTES))
        }
    };
    // `…; otherwise => handler`: what a request for a resource the table does not name gets
    // (system's per-path `ANY` events: 405 with `Allow` for a method no function declares).
    ($($method:literal $path:literal => $handler:path, $access:tt),* $(,)? ; otherwise => $fallback:path) => {
        /// Every route this function serves, as declared in template.yaml.
        pub const ROUTES: &[$crate::routing::RouteSpec] = &[
            $($crate::routing::RouteSpec {
                method: $method,
                path: $path,
                access: $crate::routes!(@access $access),
            }),*
        ];

        /// Runs the handler for the route API Gateway matched, after its access check; anything
        /// else goes to the fallback.
        pub fn dispatch(
            state: &$crate::AppState,
            req: $crate::ApiRequest,
        ) -> $crate::runtime::BoxFuture<'_, $crate::ApiResult> {
            Box::pin(async move {
                $(
                    if $crate::runtime::is_route(&req, $method, $path) {
                        $crate::runtime::authorize(&req, $crate::routes!(@access $access))?;
                        return $handler(state, req).await;
                    }
                )*
                $fallback(state, req).await
            })
        }
    };
    (@access public) => { $crate::routing::Access::Public };
    (@access $permission:literal) => { $crate::routing::Access::Permission($permission) };
}

pub fn is_route(req: &ApiRequest, method: &str, path: &str) -> bool {
    req.resource == path && (method == "ANY" || req.method.as_str() == method)
}

/// A request for a route this function does not declare: template.yaml and the route table disagree.
pub fn unrouted(req: &ApiRequest, routes: &[RouteSpec]) -> ApiError {
    tracing::error!(resource = %req.resource, "request for a route this function does not serve");
    let allow = kernel::routing::allowed_methods(routes, &req.path);
    if allow.is_empty() {
        ApiError::not_found("no route matches this path")
    } else {
        ApiError::MethodNotAllowed {
            allow: allow.into_iter().map(str::to_owned).collect(),
        }
    }
}

const EXPOSED_HEADERS: &str = "x-request-id, location, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, x-ratelimit-resource, ratelimit, ratelimit-policy, livemode, idempotency-replayed";

/// Request headers a browser may send cross-origin.
const ALLOWED_HEADERS: &str = "authorization, content-type, idempotency-key, x-api-key";

/// Answers a CORS preflight (template.yaml routes `OPTIONS` of every path to the `system` function,
/// unauthenticated, as browsers send preflights without credentials). An origin that is not allowed
/// gets a bare 204, which the browser treats as a refusal.
pub fn preflight(config: &Config, origin: Option<&str>) -> ApiResponse {
    let mut resp = ApiResponse::no_content();
    let allowed = origin.is_some_and(|o| origin_allowed(config, o));
    if allowed {
        for (name, value) in [
            (
                "access-control-allow-methods",
                "GET, POST, PUT, PATCH, DELETE",
            ),
            ("access-control-allow-headers", ALLOWED_HEADERS),
            // Browsers cap this (Chrome at 2 hours); it saves one preflight per request.
            ("access-control-max-age", "7200"),
        ] {
            resp.headers.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
    }
    resp
}

fn origin_allowed(config: &Config, origin: &str) -> bool {
    config
        .cors_allowed_origins
        .iter()
        .any(|o| o == "*" || o.eq_ignore_ascii_case(origin))
}

/// Adds the headers every response carries. Security headers are fixed; CORS follows configuration.
pub fn finalize(resp: &mut ApiResponse, config: &Config, request_id: &str, origin: Option<&str>) {
    let h = &mut resp.headers;
    // API answers load nothing; a page (the portal) states its own policy.
    let page_policy = h.contains_key("content-security-policy");
    let mut set = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(HeaderName::from_static(name), v);
        }
    };
    set("x-request-id", request_id);
    set(
        "strict-transport-security",
        "max-age=63072000; includeSubDomains",
    );
    set("x-content-type-options", "nosniff");
    set("x-frame-options", "DENY");
    set("referrer-policy", "no-referrer");
    if !page_policy {
        set(
            "content-security-policy",
            "default-src 'none'; frame-ancestors 'none'",
        );
    }
    if let Some(origin) = origin {
        if origin_allowed(config, origin) {
            set("access-control-allow-origin", origin);
            set("access-control-expose-headers", EXPOSED_HEADERS);
            set("vary", "origin");
        }
    }
    // API responses hold tenant data or credentials: nothing is cacheable unless a handler says so.
    resp.headers
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
}

/// Enforces a route's declared access: 401 without a principal, 403 without the permission.
pub fn authorize(req: &ApiRequest, access: Access) -> Result<(), ApiError> {
    match access {
        Access::Public => Ok(()),
        Access::Permission(needed) => {
            let principal = req.principal()?;
            if principal.can(needed) {
                Ok(())
            } else {
                Err(ApiError::Forbidden {
                    detail: format!("this action needs the {needed} permission"),
                })
            }
        }
    }
}

/// Runs one API Gateway request through `dispatch` and renders the result, never an `Err`: errors
/// become problem+json here so every function answers the same way.
#[cfg(feature = "http-runtime")]
pub async fn handle_http(
    state: &AppState,
    req: lambda_http::Request,
    dispatch: HttpDispatch,
) -> lambda_http::Response<lambda_http::Body> {
    let started = Instant::now();
    let calls_before = state.calls.total();
    let api = ApiRequest::from_lambda(req);
    let span = telemetry::request_span(&api.request_id, api.method.as_str(), &api.resource);
    if let Ok(principal) = api.principal() {
        span.record("tenant", principal.tenant.as_str());
    }
    let request_id = api.request_id.clone();
    let instance = api.path.clone();
    let origin = api.header("origin").map(str::to_owned);

    if api.method == http::Method::OPTIONS {
        let mut resp = preflight(&state.config, origin.as_deref());
        finalize(&mut resp, &state.config, &request_id, origin.as_deref());
        return into_lambda(resp);
    }
    // Every credential with limits (partner keys and clients, signed-in users) is admitted by
    // the limiter before anything else runs (one write). A partner request counts 1; a user's
    // weighs by its route's class (a bulk submission costs more than a read).
    let partner = api
        .principal()
        .ok()
        .filter(|p| p.rate.is_some())
        .and_then(|p| {
            Some(Partner {
                client_id: p.client_id.clone()?,
                tenant: p.tenant.live_space(),
            })
        });
    let livemode = api.principal().ok().map(|p| p.livemode);
    let method = api.method.as_str().to_owned();
    let resource = api.resource.clone();
    let limited = api.principal().ok().and_then(|p| {
        let weight = match p.kind {
            crate::http::PrincipalKind::User => {
                crate::partner::RouteClass::of(&method, &resource).weight()
            }
            crate::http::PrincipalKind::ApiKey => 1,
        };
        Some((p.rate.clone()?, weight))
    });
    let mut limit_headers = Vec::new();
    if let Some((rate, weight)) = &limited {
        let now = kernel::time::now().unix_timestamp();
        match crate::partner::admit(&state.store, &rate.subject, rate.limits, *weight, now)
            .instrument(span.clone())
            .await
        {
            Ok(admission) => {
                limit_headers = admission.headers();
                if !admission.allowed {
                    let err = ApiError::TooManyRequests {
                        retry_after_secs: admission.retry_after(),
                    };
                    let mut resp = ApiResponse::problem(&err, &instance, &request_id);
                    add_headers(&mut resp, &limit_headers);
                    let ctx = Finish {
                        state,
                        partner: partner.as_ref(),
                        livemode,
                        method: &method,
                        resource: &resource,
                        started,
                    };
                    return ctx.done(resp, &request_id, origin.as_deref(), &span).await;
                }
            }
            // The limiter's table being unreachable must not take the API down with it: the
            // request goes on (API Gateway's usage plan still throttles), and the failure is logged.
            Err(e) => span.in_scope(
                || tracing::warn!(error = %e, "rate limiter unavailable; request admitted"),
            ),
        }
    }
    let claim = match crate::idempotency::begin(state, &api)
        .instrument(span.clone())
        .await
    {
        crate::idempotency::Begin::NotApplicable => None,
        crate::idempotency::Begin::Claimed(c) => Some(c),
        crate::idempotency::Begin::Answer(answer) => {
            let mut resp =
                answer.unwrap_or_else(|e| ApiResponse::problem(&e, &instance, &request_id));
            finalize(&mut resp, &state.config, &request_id, origin.as_deref());
            return into_lambda(resp);
        }
    };
    let result = dispatch(state, api).instrument(span.clone()).await;
    let mut resp = match result {
        Ok(resp) => resp,
        Err(err) => {
            if err.status().is_server_error() {
                // The chain may hold AWS error codes, never request data: handlers wrap, not format.
                span.in_scope(|| tracing::error!(error = %err, source = ?std::error::Error::source(&err), "request failed"));
            }
            ApiResponse::problem(&err, &instance, &request_id)
        }
    };
    if let Some(livemode) = livemode {
        say_livemode(&mut resp, livemode);
    }
    if let Some(claim) = claim {
        crate::idempotency::finish(state, claim, &resp)
            .instrument(span.clone())
            .await;
    }
    add_headers(&mut resp, &limit_headers);
    let ctx = Finish {
        state,
        partner: partner.as_ref(),
        livemode,
        method: &method,
        resource: &resource,
        started,
    };
    let out = ctx.done(resp, &request_id, origin.as_deref(), &span).await;
    span.in_scope(|| {
        tracing::info!(
            status = out.status().as_u16(),
            latency_ms = started.elapsed().as_millis() as u64,
            aws_calls = state.calls.total().saturating_sub(calls_before),
            "request done"
        )
    });
    out
}

/// The caller of a partner credential, as the limiter and the usage log see it.
#[cfg(feature = "http-runtime")]
struct Partner {
    client_id: String,
    tenant: kernel::ids::TenantId,
}

#[cfg(feature = "http-runtime")]
struct Finish<'a> {
    state: &'a AppState,
    partner: Option<&'a Partner>,
    livemode: Option<bool>,
    method: &'a str,
    resource: &'a str,
    started: Instant,
}

#[cfg(feature = "http-runtime")]
impl Finish<'_> {
    /// Records a partner request in its client's usage (one write; a failure is logged, never
    /// turned into an error for a request that already has its answer), then adds common headers.
    async fn done(
        self,
        mut resp: ApiResponse,
        request_id: &str,
        origin: Option<&str>,
        span: &tracing::Span,
    ) -> lambda_http::Response<lambda_http::Body> {
        if let Some(partner) = self.partner {
            let line = crate::partner::UsageLine {
                tenant: &partner.tenant,
                client_id: &partner.client_id,
                method: self.method,
                resource: self.resource,
                status: resp.status.as_u16(),
                latency_ms: self.started.elapsed().as_millis() as u64,
                now: kernel::time::now().unix_timestamp(),
            };
            if let Err(e) = crate::partner::record(&self.state.store, &line)
                .instrument(span.clone())
                .await
            {
                span.in_scope(|| tracing::warn!(error = %e, "usage not recorded"));
            }
        }
        if let Some(livemode) = self.livemode {
            if resp.headers.get("livemode").is_none() {
                resp.headers.insert(
                    HeaderName::from_static("livemode"),
                    HeaderValue::from_static(if livemode { "true" } else { "false" }),
                );
            }
        }
        finalize(&mut resp, &self.state.config, request_id, origin);
        into_lambda(resp)
    }
}

#[cfg(feature = "http-runtime")]
fn add_headers(resp: &mut ApiResponse, headers: &[(&'static str, String)]) {
    for (name, value) in headers {
        if let Ok(v) = HeaderValue::from_str(value) {
            resp.headers.insert(HeaderName::from_static(name), v);
        }
    }
}

/// Adds `"livemode": true|false` first in a JSON object body, as Stripe does, so a partner can
/// tell at a glance which data space answered. The body is spliced, not re-serialised: handlers
/// write compact JSON, and a large page costs no second pass.
pub fn say_livemode(resp: &mut ApiResponse, livemode: bool) {
    let is_json = resp
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if !is_json || resp.body.first() != Some(&b'{') {
        return;
    }
    let flag: &[u8] = if livemode {
        b"{\"livemode\":true"
    } else {
        b"{\"livemode\":false"
    };
    let rest = &resp.body[1..];
    let empty = rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'}');
    let mut body = Vec::with_capacity(resp.body.len() + flag.len() + 1);
    body.extend_from_slice(flag);
    if !empty {
        body.push(b',');
    }
    body.extend_from_slice(rest);
    resp.body = body;
}

#[cfg(feature = "http-runtime")]
fn into_lambda(resp: ApiResponse) -> lambda_http::Response<lambda_http::Body> {
    let body = if resp.body.is_empty() {
        lambda_http::Body::Empty
    } else {
        match String::from_utf8(resp.body) {
            Ok(text) => lambda_http::Body::Text(text),
            Err(bytes) => lambda_http::Body::Binary(bytes.into_bytes()),
        }
    };
    let mut out = lambda_http::Response::new(body);
    *out.status_mut() = resp.status;
    *out.headers_mut() = resp.headers;
    out
}

/// What every `main` does first: tracing, configuration and clients, once per cold start. The state
/// is leaked on purpose: it lives as long as the container, and handlers borrow it.
pub fn init_state() -> Result<&'static AppState, lambda_runtime::Error> {
    telemetry::init();
    let config = Config::from_env()?;
    Ok(Box::leak(Box::new(AppState::new(config)?)))
}

/// `main` of the authorizer function.
pub async fn run_authorizer(dispatch: AuthorizerDispatch) -> Result<(), lambda_runtime::Error> {
    let state = init_state()?;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |event: lambda_runtime::LambdaEvent<serde_json::Value>| async move {
            dispatch(state, event.payload).await
        },
    ))
    .await
}

/// `main` of every HTTP function: tracing, configuration and clients once, then the Lambda loop.
#[cfg(feature = "http-runtime")]
pub async fn run_http(dispatch: HttpDispatch) -> Result<(), lambda_http::Error> {
    let state = init_state()?;
    lambda_http::run(lambda_http::service_fn(move |req| async move {
        Ok::<_, lambda_http::Error>(handle_http(state, req, dispatch).await)
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(origins: &[&str]) -> Config {
        let origins = origins.join(",");
        Config::from_vars([
            ("TABLE_NAME", "t"),
            ("CORS_ALLOWED_ORIGINS", origins.as_str()),
        ])
        .unwrap()
    }

    #[test]
    fn security_headers_and_no_store_by_default() {
        let mut resp = ApiResponse::no_content();
        finalize(&mut resp, &config(&[]), "req-1", None);
        assert_eq!(resp.headers["x-request-id"], "req-1");
        assert_eq!(resp.headers["cache-control"], "no-store");
        assert_eq!(resp.headers["x-content-type-options"], "nosniff");
        assert!(resp.headers["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age="));
    }

    #[test]
    fn cors_only_for_configured_origins() {
        let cfg = config(&["https://app.example"]);
        let mut resp = ApiResponse::no_content();
        finalize(&mut resp, &cfg, "r", Some("https://evil.example"));
        assert!(resp.headers.get("access-control-allow-origin").is_none());
        let mut resp = ApiResponse::no_content();
        finalize(&mut resp, &cfg, "r", Some("https://app.example"));
        assert_eq!(
            resp.headers["access-control-allow-origin"],
            "https://app.example"
        );
        assert_eq!(resp.headers["vary"], "origin");
    }

    #[test]
    fn livemode_is_spliced_into_json_objects_only() {
        let mut resp = ApiResponse::ok(&serde_json::json!({"a": 1})).unwrap();
        say_livemode(&mut resp, false);
        let v: serde_json::Value = serde_json::from_slice(&resp.body).unwrap();
        assert_eq!(v, serde_json::json!({"livemode": false, "a": 1}));
        let mut empty = ApiResponse::ok(&serde_json::json!({})).unwrap();
        say_livemode(&mut empty, true);
        assert_eq!(empty.body, br#"{"livemode":true}"#);
        let mut list = ApiResponse::ok(&serde_json::json!([1])).unwrap();
        say_livemode(&mut list, true);
        assert_eq!(list.body, b"[1]");
    }

    #[test]
    fn handler_cache_control_is_kept() {
        let mut resp = ApiResponse::no_content()
            .with_header("cache-control", "public, max-age=300")
            .unwrap();
        finalize(&mut resp, &config(&[]), "r", None);
        assert_eq!(resp.headers["cache-control"], "public, max-age=300");
    }
}
