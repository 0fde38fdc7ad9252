use enrich_tests::{problem, TestStack};

#[tokio::test]
async fn health_is_200_with_version_and_security_headers() {
    let t = TestStack::start().await;
    let resp = t.get("/v1/health").await;
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
    assert!(!h["x-request-id"].is_empty());
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], platform::VERSION);
    assert_eq!(body["checks"]["table"], "ok");
}

#[tokio::test]
async fn health_costs_exactly_one_aws_call() {
    let t = TestStack::start().await;
    t.stack.calls.reset();
    assert_eq!(t.get("/v1/health").await.status(), 200);
    let calls = t.stack.calls.snapshot();
    assert_eq!(t.stack.calls.total(), 1, "calls: {calls:?}");
    assert_eq!(calls.get("DynamoDB.GetItem"), Some(&1), "calls: {calls:?}");
}

#[tokio::test]
async fn health_is_503_problem_when_the_table_is_gone() {
    let t = TestStack::start().await;
    t.stack
        .admin
        .dynamodb
        .delete_table()
        .table_name(&t.state().config.table_name)
        .send()
        .await
        .unwrap();
    let body = problem(t.get("/v1/health").await, 503).await;
    assert_eq!(body["detail"], "the table is not reachable");
    assert!(
        !body.to_string().contains("ResourceNotFound"),
        "no internals: {body}"
    );
}

#[tokio::test]
async fn unknown_route_is_404_problem() {
    let t = TestStack::start().await;
    let body = problem(t.get("/v1/no-such-thing").await, 404).await;
    assert_eq!(body["instance"], "/v1/no-such-thing");
    assert_eq!(body["type"], "https://enrich.dev/problems/not-found");
    // Outside /v1 too, and deeper paths.
    problem(t.get("/nothing/here/at/all").await, 404).await;
}

#[tokio::test]
async fn wrong_method_is_405_problem() {
    let t = TestStack::start().await;
    let resp = t.http.delete(t.url("/v1/health")).send().await.unwrap();
    assert_eq!(resp.headers()["allow"], "GET");
    let body = problem(resp, 405).await;
    assert_eq!(
        body["type"],
        "https://enrich.dev/problems/method-not-allowed"
    );
    let resp = t
        .http
        .post(t.url("/v1/openapi.json"))
        .body("{}")
        .send()
        .await
        .unwrap();
    problem(resp, 405).await;
    // Any method a path does not declare, protected paths included, names the ones it does.
    let trace = reqwest::Method::from_bytes(b"TRACE").unwrap();
    let resp = t
        .http
        .request(trace, t.url("/v1/people/per_01HZX5R5B7Q6J3V9K2M4N8P0QR"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["allow"], "DELETE, GET, PATCH");
    problem(resp, 405).await;
}

#[tokio::test]
async fn openapi_is_3_1_and_lists_health() {
    let t = TestStack::start().await;
    let resp = t.get("/v1/openapi.json").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "public, max-age=300");
    let doc: serde_json::Value = resp.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(doc["info"]["version"], platform::VERSION);
    assert!(doc["paths"]["/v1/health"]["get"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

/// Browsers preflight every cross-origin call with a bearer token: each path answers OPTIONS without
/// credentials; allowed origins get the CORS grant, others a bare 204 (which the browser refuses).
#[tokio::test]
async fn cors_preflight_answers_every_path_for_allowed_origins_only() {
    let t = TestStack::start_with(&[("CorsAllowedOrigins", "https://app.acme.example")]).await;
    for path in ["/v1/users", "/v1/auth/login", "/v1/users/usr_x/preferences"] {
        let resp = t
            .http
            .request(reqwest::Method::OPTIONS, t.url(path))
            .header("origin", "https://app.acme.example")
            .header("access-control-request-method", "PUT")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 204, "{path}");
        let h = resp.headers();
        assert_eq!(h["access-control-allow-origin"], "https://app.acme.example");
        assert!(h["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("PUT"));
        assert!(h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("authorization"));
        assert_eq!(h["vary"], "origin");
    }
    let other = t
        .http
        .request(reqwest::Method::OPTIONS, t.url("/v1/users"))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 204);
    assert!(other.headers().get("access-control-allow-origin").is_none());
    assert!(other
        .headers()
        .get("access-control-allow-methods")
        .is_none());
    // The real request from the allowed origin carries the grant too.
    let resp = t
        .http
        .get(t.url("/v1/health"))
        .header("origin", "https://app.acme.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["access-control-allow-origin"],
        "https://app.acme.example"
    );
}

/// `GET /v1/postman.json`: one request per documented operation, in workflow stages, with the
/// collection's `baseUrl` and bearer `token` variables (generated from the OpenAPI document).
#[tokio::test]
async fn the_postman_collection_has_every_documented_operation() {
    let t = TestStack::start().await;
    let doc: serde_json::Value = t.get("/v1/openapi.json").await.json().await.unwrap();
    let operations: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    let resp = t.get("/v1/postman.json").await;
    assert_eq!(resp.status(), 200);
    let collection: serde_json::Value = resp.json().await.unwrap();
    assert!(collection["info"]["schema"]
        .as_str()
        .unwrap()
        .contains("v2.1.0"));
    let requests: Vec<&serde_json::Value> = collection["item"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|folder| folder["item"].as_array().unwrap())
        .collect();
    assert_eq!(requests.len(), operations);
    assert!(requests.iter().all(|r| r["request"]["url"]["raw"]
        .as_str()
        .unwrap()
        .starts_with("{{baseUrl}}/v1/")));
    let enrich = requests
        .iter()
        .find(|r| r["name"] == "people_enrich")
        .expect("POST /v1/people/enrich");
    assert_eq!(enrich["request"]["method"], "POST");
    assert!(enrich["request"]["body"]["raw"].is_string());
}
