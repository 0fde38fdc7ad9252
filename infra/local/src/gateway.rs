//! A local API Gateway (REST, payload v1): matches the request against the resources declared in
//! template.yaml, builds the same event Lambda receives, and runs the function's handler in-process.
//!
//! Mirrors what API Gateway does before and after Lambda: the most specific resource wins; a declared
//! path called with an undeclared method gets the MISSING_AUTHENTICATION_TOKEN gateway response (405
//! problem+json in our template); bodies over 10 MB are refused; a handler that panics is a 502.

use crate::Stack;
use base64::Engine;
use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// API Gateway's payload limit.
const MAX_PAYLOAD: usize = 10 * 1024 * 1024;

/// Serves until `shutdown` resolves.
pub async fn serve(stack: Arc<Stack>, listener: TcpListener, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let stack = stack.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let stack = stack.clone();
                        async move { Ok::<_, Infallible>(handle(&stack, req, peer).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        }
    }
}

fn respond(status: StatusCode, content_type: &'static str, body: String) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert("content-type", HeaderValue::from_static(content_type));
    resp
}

/// What a gateway response's mappings can refer to.
pub struct GatewayContext<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub request_id: &'a str,
}

/// Answers as API Gateway does when it answers itself: the template's definition for `kind`, else its
/// `DEFAULT_4XX` / `DEFAULT_5XX`, with the status the type has by default unless the template sets one.
/// Headers and body come from template.yaml, so what is tested here is what is deployed.
pub fn gateway_response(
    stack: &Stack,
    kind: &str,
    default_status: StatusCode,
    message: &str,
    ctx: &GatewayContext<'_>,
) -> Response<Full<Bytes>> {
    let fallback = if default_status.is_server_error() {
        "DEFAULT_5XX"
    } else {
        "DEFAULT_4XX"
    };
    let def = stack
        .gateway_responses
        .get(kind)
        .or_else(|| stack.gateway_responses.get(fallback));
    let status = def
        .and_then(|d| d.status)
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(default_status);
    let body = match def.and_then(|d| d.template.as_deref()) {
        Some(template) => render_template(template, message, ctx),
        None => json!({ "message": message }).to_string(),
    };
    let mut resp = respond(status, "application/json", body);
    for (name, expression) in def.map(|d| d.headers.as_slice()).unwrap_or_default() {
        let Some(value) = header_value(expression, ctx) else {
            continue;
        };
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            resp.headers_mut().insert(name, value);
        }
    }
    if let Ok(id) = HeaderValue::from_str(ctx.request_id) {
        resp.headers_mut().insert("x-amzn-requestid", id);
    }
    resp
}

/// `$context.…` variables of a response template (the ones our templates use).
fn render_template(template: &str, message: &str, ctx: &GatewayContext<'_>) -> String {
    let quoted = Value::from(message).to_string();
    template
        .replace("$context.error.messageString", &quoted)
        .replace("$context.error.message", message)
        .replace("$context.httpMethod", ctx.method)
        .replace("$context.requestId", ctx.request_id)
        .replace("$context.path", ctx.path)
}

/// A header mapping: `'static'` (inner quotes escaped as `\'`) or `context.requestId`.
fn header_value(expression: &str, ctx: &GatewayContext<'_>) -> Option<String> {
    if let Some(inner) = expression
        .strip_prefix('\'')
        .and_then(|e| e.strip_suffix('\''))
    {
        return Some(inner.replace("\\'", "'"));
    }
    match expression {
        "context.requestId" => Some(ctx.request_id.to_owned()),
        "context.httpMethod" => Some(ctx.method.to_owned()),
        "context.path" => Some(ctx.path.to_owned()),
        _ => None,
    }
}

pub async fn handle(
    stack: &Stack,
    req: Request<Incoming>,
    peer: SocketAddr,
) -> Response<Full<Bytes>> {
    let request_id = ulid::Ulid::new().to_string().to_lowercase();
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let method = parts.method.as_str().to_owned();
    let ctx = GatewayContext {
        method: &method,
        path: &path,
        request_id: &request_id,
    };
    let body = match Limited::new(body, MAX_PAYLOAD).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return gateway_response(
                stack,
                "REQUEST_TOO_LARGE",
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request Entity Too Large",
                &ctx,
            )
        }
    };

    if let Some(rest) = path.strip_prefix("/_local/") {
        return local_admin(stack, &method, rest, &body).await;
    }

    let resources: Vec<&str> = stack
        .functions
        .iter()
        .flat_map(|f| f.def.routes.iter().map(|r| r.path.as_str()))
        .collect();
    let Some((resource, path_params)) = kernel::routing::best_resource(resources, &path) else {
        return missing_token(stack, &ctx);
    };
    // A method declared for the resource wins over the resource's `ANY`, as in API Gateway.
    let find = |wanted: &str| {
        stack.functions.iter().find_map(|f| {
            f.def
                .routes
                .iter()
                .find(|r| r.path == resource && r.method == wanted)
                .map(|r| (f, r))
        })
    };
    let target = find(&method).or_else(|| find("ANY"));
    let Some((function, route)) = target else {
        return missing_token(stack, &ctx);
    };
    let Some(dispatch) = function.http else {
        return missing_token(stack, &ctx);
    };

    let source_ip = peer.ip().to_string();
    let mut event_parts = EventParts {
        method: &method,
        path: &path,
        resource,
        path_params: &path_params,
        query: parts.uri.query().unwrap_or(""),
        headers: &parts.headers,
        body: &body,
        request_id: &request_id,
        source_ip: &source_ip,
        stage: &stack.stage,
        authorizer: None,
    };
    let mut usage_key = None;
    if let Some(logical_id) = &route.authorizer {
        match run_authorizer(stack, logical_id, authorizer_event(&event_parts), &ctx).await {
            Ok((context, key)) => {
                event_parts.authorizer = Some(context);
                usage_key = key;
            }
            Err(resp) => return resp,
        }
    }
    if route.api_key_required {
        use crate::usage_plans::Verdict;
        let verdict = match &usage_key {
            None => Ok(Verdict::Forbidden),
            Some(k) => stack.usage_plans.check(k).await,
        };
        match verdict {
            Ok(Verdict::Pass) => {}
            Ok(Verdict::Forbidden) => {
                return gateway_response(
                    stack,
                    "INVALID_API_KEY",
                    StatusCode::FORBIDDEN,
                    "Forbidden",
                    &ctx,
                )
            }
            Ok(Verdict::Throttled) => {
                return gateway_response(
                    stack,
                    "THROTTLED",
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too Many Requests",
                    &ctx,
                )
            }
            Ok(Verdict::QuotaExceeded) => {
                return gateway_response(
                    stack,
                    "QUOTA_EXCEEDED",
                    StatusCode::TOO_MANY_REQUESTS,
                    "Limit Exceeded",
                    &ctx,
                )
            }
            Err(e) => {
                tracing::error!(error = %e, "local gateway could not read usage plans");
                return integration_failure(stack, &ctx);
            }
        }
    }
    let event = build_event(&event_parts);
    let lambda_req = match lambda_http::request::from_str(&event.to_string()) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "local gateway built an event lambda_http cannot read");
            return integration_failure(stack, &ctx);
        }
    };
    let state = function.state.clone();
    // Spawned so a panicking handler becomes a 502, as an errored Lambda invocation does.
    let joined =
        tokio::spawn(
            async move { platform::runtime::handle_http(&state, lambda_req, dispatch).await },
        )
        .await;
    match joined {
        Ok(resp) => {
            let (parts, body) = resp.into_parts();
            let mut out = Response::new(Full::new(Bytes::from(body.to_vec())));
            *out.status_mut() = parts.status;
            *out.headers_mut() = parts.headers;
            out.headers_mut().insert(
                "x-amzn-requestid",
                HeaderValue::from_str(&request_id).unwrap_or(HeaderValue::from_static("-")),
            );
            out
        }
        Err(_) => integration_failure(stack, &ctx),
    }
}

/// A declared path with an undeclared method (API Gateway's "Missing Authentication Token").
fn missing_token(stack: &Stack, ctx: &GatewayContext<'_>) -> Response<Full<Bytes>> {
    gateway_response(
        stack,
        "MISSING_AUTHENTICATION_TOKEN",
        StatusCode::FORBIDDEN,
        "Missing Authentication Token",
        ctx,
    )
}

/// A function that failed (panicked, or returned what is not a proxy response): a 502.
fn integration_failure(stack: &Stack, ctx: &GatewayContext<'_>) -> Response<Full<Bytes>> {
    gateway_response(
        stack,
        "INTEGRATION_FAILURE",
        StatusCode::BAD_GATEWAY,
        "Internal server error",
        ctx,
    )
}

/// The REQUEST authorizer event: the proxy event without body or authorizer context, plus `type`
/// and the method ARN.
pub fn authorizer_event(p: &EventParts<'_>) -> Value {
    let mut event = build_event(p).as_object().cloned().unwrap_or_default();
    event.remove("body");
    event.remove("isBase64Encoded");
    if let Some(ctx) = event
        .get_mut("requestContext")
        .and_then(Value::as_object_mut)
    {
        ctx.remove("authorizer");
    }
    event.insert("type".into(), json!("REQUEST"));
    event.insert(
        "methodArn".into(),
        json!(format!(
            "arn:aws:execute-api:us-east-1:123456789012:local/{}/{}{}",
            p.stage, p.method, p.path
        )),
    );
    Value::Object(event)
}

/// Whether an IAM resource pattern (`*` wildcards) covers the ARN.
fn arn_matches(pattern: &str, arn: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == arn;
    }
    let mut rest = arn;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

/// Runs the authorizer as API Gateway does: `Unauthorized` → 401, any other error → 500, a policy
/// that does not allow the method ARN → 403; an allow yields the context for the function's event.
async fn run_authorizer(
    stack: &Stack,
    logical_id: &str,
    event: Value,
    ctx: &GatewayContext<'_>,
) -> Result<(Map<String, Value>, Option<String>), Response<Full<Bytes>>> {
    let method_arn = event["methodArn"].as_str().unwrap_or("").to_owned();
    let failure = || {
        gateway_response(
            stack,
            "AUTHORIZER_FAILURE",
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error",
            ctx,
        )
    };
    let Some((state, dispatch)) = stack
        .function(logical_id)
        .and_then(|f| f.authorizer.map(|d| (f.state.clone(), d)))
    else {
        tracing::error!(
            logical_id,
            "route names an authorizer the stack does not have"
        );
        return Err(failure());
    };
    let joined = tokio::spawn(async move { dispatch(&state, event).await }).await;
    let policy = match joined {
        Ok(Ok(policy)) => policy,
        Ok(Err(e)) if e.to_string() == "Unauthorized" => {
            return Err(gateway_response(
                stack,
                "UNAUTHORIZED",
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                ctx,
            ))
        }
        _ => return Err(failure()),
    };
    let statements = policy["policyDocument"]["Statement"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let covers = |s: &Value| match &s["Resource"] {
        Value::String(r) => arn_matches(r, &method_arn),
        Value::Array(rs) => rs
            .iter()
            .filter_map(Value::as_str)
            .any(|r| arn_matches(r, &method_arn)),
        _ => false,
    };
    let denied = statements
        .iter()
        .any(|s| s["Effect"] == "Deny" && covers(s));
    let allowed = statements
        .iter()
        .any(|s| s["Effect"] == "Allow" && covers(s));
    if denied || !allowed {
        return Err(gateway_response(
            stack,
            "ACCESS_DENIED",
            StatusCode::FORBIDDEN,
            "User is not authorized to access this resource",
            ctx,
        ));
    }
    // API Gateway flattens context values to strings and adds principalId.
    let mut context: Map<String, Value> = policy["context"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), Value::String(text))
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(pid) = policy["principalId"].as_str() {
        context.insert("principalId".into(), json!(pid));
    }
    Ok((
        context,
        policy["usageIdentifierKey"].as_str().map(str::to_owned),
    ))
}

pub struct EventParts<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub resource: &'a str,
    pub path_params: &'a std::collections::HashMap<String, String>,
    pub query: &'a str,
    pub headers: &'a http::HeaderMap,
    pub body: &'a [u8],
    pub request_id: &'a str,
    pub source_ip: &'a str,
    pub stage: &'a str,
    pub authorizer: Option<Map<String, Value>>,
}

fn decode_component(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// The API Gateway REST (v1) proxy event, field for field.
pub fn build_event(p: &EventParts<'_>) -> Value {
    let mut headers = Map::new();
    let mut multi_headers: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (name, value) in p.headers {
        let v = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers.insert(name.as_str().to_owned(), Value::from(v.clone()));
        multi_headers
            .entry(name.as_str().to_owned())
            .or_default()
            .push(Value::from(v));
    }
    let mut query = Map::new();
    let mut multi_query: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for pair in p.query.split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode_component(k), decode_component(v));
        query.insert(k.clone(), Value::from(v.clone()));
        multi_query.entry(k).or_default().push(Value::from(v));
    }
    let (body, is_base64) = if p.body.is_empty() {
        (Value::Null, false)
    } else {
        match std::str::from_utf8(p.body) {
            Ok(text) => (Value::from(text), false),
            Err(_) => (
                Value::from(base64::engine::general_purpose::STANDARD.encode(p.body)),
                true,
            ),
        }
    };
    let now = time::OffsetDateTime::now_utc();
    let null_if_empty = |m: Map<String, Value>| {
        if m.is_empty() {
            Value::Null
        } else {
            Value::Object(m)
        }
    };
    let path_params: Map<String, Value> = p
        .path_params
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.clone())))
        .collect();
    json!({
        "resource": p.resource,
        "path": p.path,
        "httpMethod": p.method,
        "headers": null_if_empty(headers),
        "multiValueHeaders": multi_headers,
        "queryStringParameters": null_if_empty(query),
        "multiValueQueryStringParameters": if multi_query.is_empty() { Value::Null } else { json!(multi_query) },
        "pathParameters": null_if_empty(path_params),
        "stageVariables": null,
        "requestContext": {
            "accountId": "123456789012",
            "resourceId": "local",
            "stage": p.stage,
            "requestId": p.request_id,
            "extendedRequestId": p.request_id,
            "requestTimeEpoch": now.unix_timestamp() * 1000,
            "identity": {
                "sourceIp": p.source_ip,
                "userAgent": p.headers.get("user-agent").and_then(|v| v.to_str().ok()),
            },
            "path": format!("/{}{}", p.stage, p.path),
            "resourcePath": p.resource,
            "httpMethod": p.method,
            "apiId": "local",
            "protocol": "HTTP/1.1",
            "domainName": p.headers.get("host").and_then(|v| v.to_str().ok()).unwrap_or("localhost"),
            "authorizer": p.authorizer.clone().map(Value::Object).unwrap_or(Value::Null),
        },
        "body": body,
        "isBase64Encoded": is_base64,
    })
}

/// Local-only controls under `/_local/` (never part of the deployed API).
/// A local control's answer: 204 when the invocation succeeded, else `failed` with its message.
fn ran(result: Result<(), crate::BoxError>, failed: StatusCode) -> Response<Full<Bytes>> {
    match result {
        Ok(()) => respond(StatusCode::NO_CONTENT, "application/json", String::new()),
        Err(e) => respond(
            failed,
            "application/json",
            json!({"message": e.to_string()}).to_string(),
        ),
    }
}

async fn local_admin(
    stack: &Stack,
    method: &str,
    rest: &str,
    body: &[u8],
) -> Response<Full<Bytes>> {
    let parts: Vec<&str> = rest.split('/').collect();
    match (method, parts.as_slice()) {
        // An operator's direct invocation (`aws lambda invoke --payload <body>`) of a function
        // that is not behind the API, such as `OrganizationTierFunction`.
        ("POST", ["invoke", function]) => {
            let payload = serde_json::from_slice(body).unwrap_or(serde_json::Value::Null);
            ran(
                crate::ticker::invoke(stack, function, payload).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        ("POST", ["schedules", function, event]) => ran(
            crate::ticker::fire(stack, function, event).await,
            StatusCode::NOT_FOUND,
        ),
        ("POST", ["scheduler", group, name]) => ran(
            crate::ticker::fire_scheduled(stack, group, name).await,
            StatusCode::NOT_FOUND,
        ),
        ("GET", ["faults"]) => respond(
            StatusCode::OK,
            "application/json",
            match &stack.faults {
                Some(f) => json!({
                    "control": format!("{}/__faults", stack.function_endpoint),
                    "plan": f.plan(),
                    "injected": f.injected(),
                }),
                None => json!({"control": null}),
            }
            .to_string(),
        ),
        _ => respond(
            StatusCode::NOT_FOUND,
            "application/json",
            json!({"message": "unknown local control"}).to_string(),
        ),
    }
}
