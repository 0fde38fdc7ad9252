//! The shared request pipeline (JSON bodies, limits, media types, cursors) on real routes.

use enrich_tests::{problem, TestStack};
use reqwest::Method;

async fn post_raw(t: &TestStack, path: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
    t.http
        .post(t.url(path))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn malformed_json_is_400_problem_and_writes_nothing() {
    let t = TestStack::start().await;
    let body = problem(
        post_raw(
            &t,
            "/v1/auth/register",
            r#"{"email": "a@b.example", "password": "x"#,
        )
        .await,
        400,
    )
    .await;
    assert!(
        body["detail"].as_str().unwrap().contains("not valid JSON"),
        "{body}"
    );
    // Nothing half-written: the email is still free.
    t.register("b").await;
}

#[tokio::test]
async fn wrong_types_and_missing_fields_name_the_field() {
    let t = TestStack::start().await;
    let body = problem(
        post_raw(
            &t,
            "/v1/auth/register",
            r#"{"email": 7, "password": "x", "name": "n"}"#,
        )
        .await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "email");
    assert_eq!(body["errors"][0]["in"], "body");
    let body = problem(
        post_raw(&t, "/v1/auth/login", r#"{"email": "a@b.example"}"#).await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "password");
    let body = problem(
        post_raw(
            &t,
            "/v1/auth/login",
            r#"{"email": "a@b.example", "password": "p", "role": "owner"}"#,
        )
        .await,
        400,
    )
    .await;
    assert_eq!(
        body["errors"][0]["field"], "role",
        "unknown fields are refused: {body}"
    );
}

#[tokio::test]
async fn oversized_body_is_413_problem() {
    let t = TestStack::start().await;
    let limit = t.state().config.max_body_bytes;
    let big = format!(
        r#"{{"email":"a@b.example","password":"{}"}}"#,
        "x".repeat(limit)
    );
    let body = problem(post_raw(&t, "/v1/auth/login", big).await, 413).await;
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains(&limit.to_string()));
}

#[tokio::test]
async fn non_json_content_type_is_415_problem() {
    let t = TestStack::start().await;
    let resp = t
        .http
        .post(t.url("/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("email=a")
        .send()
        .await
        .unwrap();
    problem(resp, 415).await;
}

/// Cursors on a real list (the caller's sessions): pages cover everything once, a warm page costs
/// one Query, and a cursor replayed by another tenant or edited is a 422 naming `cursor`.
#[tokio::test]
async fn cursor_pages_through_and_forged_cursors_are_422() {
    let t = TestStack::start().await;
    let owner = t.register("acme").await;
    for _ in 0..4 {
        t.login_ok(&owner.email, &owner.password).await;
    }
    let stranger = t.register("other").await;
    let get = |cursor: Option<String>, token: String| {
        let t = &t;
        async move {
            let mut url = "/v1/auth/sessions?limit=2".to_owned();
            if let Some(c) = cursor {
                url.push_str(&format!("&cursor={c}"));
            }
            t.authed(Method::GET, &url, &token).send().await.unwrap()
        }
    };
    let mut seen = Vec::new();
    let mut cursor = None;
    let mut first_cursor = None;
    for _ in 0..5 {
        let resp = get(cursor.clone(), owner.access.clone()).await;
        assert_eq!(resp.status(), 200);
        let page: serde_json::Value = resp.json().await.unwrap();
        for item in page["items"].as_array().unwrap() {
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        first_cursor = first_cursor.or(cursor.clone());
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 5, "register + 4 logins = 5 sessions: {seen:?}");
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "oldest first, no repeats");

    let valid = first_cursor.unwrap();
    // Another tenant replaying a valid cursor gets a 422, not this tenant's data.
    let body = problem(get(Some(valid.clone()), stranger.access.clone()).await, 422).await;
    assert_eq!(body["errors"][0]["field"], "cursor");
    assert_eq!(body["errors"][0]["in"], "query");
    let mut forged = valid.clone();
    forged.replace_range(0..1, if valid.starts_with('e') { "f" } else { "e" });
    problem(get(Some(forged), owner.access.clone()).await, 422).await;
    problem(
        get(Some("bm90LWEtY3Vyc29y".into()), owner.access.clone()).await,
        422,
    )
    .await;
    let resp = t
        .authed(Method::GET, "/v1/auth/sessions?limit=0", &owner.access)
        .send()
        .await
        .unwrap();
    let body = problem(resp, 400).await;
    assert_eq!(body["errors"][0]["field"], "limit");
}
