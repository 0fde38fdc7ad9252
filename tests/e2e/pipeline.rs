//! The shared request pipeline (JSON bodies, limits, cursors) through the real gateway, on probe routes
//! mounted beside the template's.

use enrich_tests::{problem, Probe, TestStack};
use serde::{Deserialize, Serialize};
use shared::store::{keys, PutMode, Record};
use shared::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState, TenantId};

shared::routes! {
    "POST" "/v1/_probe/echo" => echo,
    "GET" "/v1/_probe/notes" => list_notes,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Echo {
    name: String,
    tags: Vec<String>,
    count: u32,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Note {
    id: String,
    text: String,
}

async fn echo(state: &AppState, req: ApiRequest) -> ApiResult {
    let body: Echo = req.json(state.config.max_body_bytes)?;
    ApiResponse::ok(&body)
}

/// Stands in for an authorizer until one exists: the probe reads the tenant from a header.
fn probe_tenant(req: &ApiRequest) -> Result<TenantId, ApiError> {
    req.header("x-probe-tenant")
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| ApiError::bad_request("x-probe-tenant"))
}

async fn list_notes(state: &AppState, req: ApiRequest) -> ApiResult {
    let tenant = probe_tenant(&req)?;
    let page = req.page_params(2, 50)?;
    let codec = state.cursor_codec().await?;
    let page = state
        .store
        .query::<Note>(&tenant, &keys::tenant_items(&tenant, "NOTE"), &page, codec)
        .await?;
    ApiResponse::ok(&page)
}

async fn stack() -> TestStack {
    TestStack::start_with(Some(Probe {
        routes: ROUTES,
        dispatch,
    }))
    .await
}

async fn post_raw(t: &TestStack, body: impl Into<reqwest::Body>) -> reqwest::Response {
    t.http
        .post(t.url("/v1/_probe/echo"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn valid_json_round_trips() {
    let t = stack().await;
    let resp = post_raw(&t, r#"{"name":"a","tags":["x"],"count":2}"#).await;
    assert_eq!(resp.status(), 200);
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["count"], 2);
}

#[tokio::test]
async fn malformed_json_is_400_problem() {
    let t = stack().await;
    let body = problem(post_raw(&t, r#"{"name": "a", "tags": ["#).await, 400).await;
    assert!(
        body["detail"].as_str().unwrap().contains("not valid JSON"),
        "{body}"
    );
}

#[tokio::test]
async fn wrong_types_and_missing_fields_name_the_field() {
    let t = stack().await;
    let body = problem(
        post_raw(&t, r#"{"name":"a","tags":["x", 7],"count":2}"#).await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "tags[1]");
    assert_eq!(body["errors"][0]["in"], "body");
    let body = problem(post_raw(&t, r#"{"name":"a","tags":[]}"#).await, 400).await;
    assert_eq!(body["errors"][0]["field"], "count");
    let body = problem(
        post_raw(&t, r#"{"name":"a","tags":[],"count":-1}"#).await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "count");
}

#[tokio::test]
async fn oversized_body_is_413_problem() {
    let t = stack().await;
    let limit = t.state().config.max_body_bytes;
    let big = format!(r#"{{"name":"{}","tags":[],"count":1}}"#, "x".repeat(limit));
    let body = problem(post_raw(&t, big).await, 413).await;
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains(&limit.to_string()));
}

#[tokio::test]
async fn non_json_content_type_is_415_problem() {
    let t = stack().await;
    let resp = t
        .http
        .post(t.url("/v1/_probe/echo"))
        .header("content-type", "text/plain")
        .body("name=a")
        .send()
        .await
        .unwrap();
    problem(resp, 415).await;
}

#[tokio::test]
async fn cursor_pages_through_and_forged_cursors_are_400() {
    let t = stack().await;
    let tenant = TenantId::new();
    let other = TenantId::new();
    for i in 0..5 {
        let note = Note {
            id: format!("{i:02}"),
            text: format!("note {i}"),
        };
        let key = keys::tenant_item(&tenant, "NOTE", &note.id);
        t.state()
            .store
            .put(&Record::new("note", key, &note), PutMode::IfAbsent)
            .await
            .unwrap();
    }
    let get = |cursor: Option<String>, tenant: TenantId| {
        let t = &t;
        async move {
            let mut url = t.url("/v1/_probe/notes?limit=2");
            if let Some(c) = cursor {
                url.push_str(&format!("&cursor={c}"));
            }
            t.http
                .get(url)
                .header("x-probe-tenant", tenant.as_str())
                .send()
                .await
                .unwrap()
        }
    };
    let mut seen = Vec::new();
    let mut cursor = None;
    let mut first_cursor = None;
    for _ in 0..5 {
        let page: serde_json::Value = get(cursor.clone(), tenant.clone())
            .await
            .json()
            .await
            .unwrap();
        for item in page["items"].as_array().unwrap() {
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        if first_cursor.is_none() {
            first_cursor = cursor.clone();
        }
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, vec!["00", "01", "02", "03", "04"]);

    let valid = first_cursor.unwrap();
    // Budget: with the cursor key cached in the warm container, a page is exactly one Query.
    t.stack.calls.reset();
    assert_eq!(get(Some(valid.clone()), tenant.clone()).await.status(), 200);
    let calls = t.stack.calls.snapshot();
    assert_eq!(t.stack.calls.total(), 1, "calls: {calls:?}");
    assert_eq!(calls.get("DynamoDB.Query"), Some(&1), "calls: {calls:?}");

    // Another tenant replaying a valid cursor gets a 400, not this tenant's data.
    let body = problem(get(Some(valid.clone()), other).await, 400).await;
    assert_eq!(body["errors"][0]["field"], "cursor");
    assert_eq!(body["errors"][0]["in"], "query");
    // An edited cursor fails its signature.
    let mut forged = valid.clone();
    forged.replace_range(0..1, if valid.starts_with('e') { "f" } else { "e" });
    problem(get(Some(forged), tenant.clone()).await, 400).await;
    problem(
        get(Some("bm90LWEtY3Vyc29y".into()), tenant.clone()).await,
        400,
    )
    .await;
    // limit is validated.
    let resp = t
        .http
        .get(t.url("/v1/_probe/notes?limit=0"))
        .header("x-probe-tenant", tenant.as_str())
        .send()
        .await
        .unwrap();
    let body = problem(resp, 400).await;
    assert_eq!(body["errors"][0]["field"], "limit");
}
