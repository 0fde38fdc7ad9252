//! Issue 28 #8: the hot routes' AWS calls and their critical path (the calls that waited on one
//! another: on AWS each link of the chain is a round trip, 5–10 ms in-region). Reads that do not
//! depend on each other run concurrently, so a route's chain is shorter than its call count. The
//! authorizer's own lookup (one BatchGetItem before the route) is the first link of every chain,
//! the limiter's admission (one conditional write, before the route runs so that a refused request
//! does nothing) the second.

use enrich_tests::TestStack;
use reqwest::Method;
use serde_json::json;

/// (calls, critical path) of one request.
async fn measure(
    t: &TestStack,
    a: &enrich_tests::Account,
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u64, usize) {
    let ((status, answer), calls, critical) = t
        .measured(a, || t.call(a, method.clone(), path, body.clone()))
        .await;
    assert!(status < 300, "{path}: {status} {answer}");
    (calls.values().sum(), critical)
}

#[tokio::test]
async fn the_hot_routes_wait_on_few_round_trips() {
    let t = TestStack::start().await;
    let a = t.register("roundtrips").await;
    let body = json!({"email": "lucia.mendes@acme.com"});
    let (status, first) = t
        .call(&a, Method::POST, "/v1/people/enrich", Some(body.clone()))
        .await;
    assert_eq!(status, 201, "{first}");
    let person = first["record"]["id"].as_str().unwrap().to_owned();
    let (status, job) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich/bulk",
            Some(json!({"people": [{"email": "rita.lopes@acme.com"}]})),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let job = job["id"].as_str().unwrap().to_owned();

    let routes: Vec<(&str, Method, String, Option<serde_json::Value>, usize)> = vec![
        // (name, method, path, body, most links on the critical path, authorizer included)
        (
            "enrich, cache hit",
            Method::POST,
            "/v1/people/enrich".into(),
            Some(body),
            4,
        ),
        (
            "get a person",
            Method::GET,
            format!("/v1/people/{person}"),
            None,
            3,
        ),
        (
            "list people",
            Method::GET,
            "/v1/people?limit=20".into(),
            None,
            4,
        ),
        ("me", Method::GET, "/v1/auth/me".into(), None, 4),
        (
            "a job's status",
            Method::GET,
            format!("/v1/jobs/{job}"),
            None,
            3,
        ),
    ];
    let mut report = Vec::new();
    for (name, method, path, body, most) in routes {
        let (calls, path_len) = measure(&t, &a, method, &path, body).await;
        report.push(format!(
            "{name}: {calls} calls, {path_len} on the critical path"
        ));
        assert!(
            path_len <= most,
            "{name}: {path_len} sequential round trips (at most {most}); {report:?}"
        );
        assert!(path_len as u64 <= calls);
    }
    println!("round trips: {report:#?}");
}
