//! `Idempotency-Key` on POSTs: replay, mismatch, in flight, per-caller scope, public routes.

use enrich_tests::TestStack;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn post(
    t: &TestStack,
    token: &str,
    route: &str,
    key: Option<&str>,
    body: &Value,
) -> (u16, Option<String>, Value) {
    let mut req = t.authed(Method::POST, route, token).json(body);
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let replayed = resp
        .headers()
        .get("idempotency-replayed")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = resp.json().await.unwrap_or(Value::Null);
    (status, replayed, body)
}

#[tokio::test]
async fn a_retried_bulk_submission_replays_the_first_answer_and_creates_one_job() {
    let t = TestStack::start().await;
    let a = t.register("idem").await;
    let body = json!({"people": [{"email": "ana@acme.example"}, {"email": "bo@acme.example"}]});
    let (s1, r1, first) = post(
        &t,
        &a.access,
        "/v1/people/enrich/bulk",
        Some("bulk-1"),
        &body,
    )
    .await;
    assert_eq!((s1, r1), (202, None));
    let (s2, r2, second) = post(
        &t,
        &a.access,
        "/v1/people/enrich/bulk",
        Some("bulk-1"),
        &body,
    )
    .await;
    assert_eq!(s2, 202);
    assert_eq!(r2.as_deref(), Some("true"));
    assert_eq!(second["id"], first["id"], "the same job, not a second one");
    let (_, list) = t.call(&a, Method::GET, "/v1/jobs", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    // The same key with another body is refused, naming the header.
    let other = json!({"people": [{"email": "cy@acme.example"}]});
    let (s3, _, problem) = post(
        &t,
        &a.access,
        "/v1/people/enrich/bulk",
        Some("bulk-1"),
        &other,
    )
    .await;
    assert_eq!(s3, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "Idempotency-Key");
    assert_eq!(problem["errors"][0]["in"], "header");

    // Keys belong to the caller: another organisation's same key is its own.
    let b = t.register("idem-other").await;
    let (s4, r4, theirs) = post(
        &t,
        &b.access,
        "/v1/people/enrich/bulk",
        Some("bulk-1"),
        &body,
    )
    .await;
    assert_eq!((s4, r4), (202, None));
    assert_ne!(theirs["id"], first["id"]);

    // A bad key is a 400 naming the header; no key runs as usual.
    let (s5, _, problem) = post(
        &t,
        &a.access,
        "/v1/people/enrich/bulk",
        Some(&"k".repeat(256)),
        &body,
    )
    .await;
    assert_eq!(s5, 400);
    assert_eq!(problem["errors"][0]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn single_route_replay_and_a_request_still_in_flight() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"person": {"id": "1", "name": "Jane Doe", "first_name": "Jane", "last_name": "Doe", "title": "VP Sales", "email": "jane@acme.com", "email_status": "verified"}}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    let t = TestStack::with_fakes(&server, "apollo").await;
    let a = t.register("idem-single").await;
    let body = json!({"email": "jane@acme.com", "cache": "bypass"});
    let (first, second) = tokio::join!(
        post(&t, &a.access, "/v1/people/enrich", Some("one"), &body),
        async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            post(&t, &a.access, "/v1/people/enrich", Some("one"), &body).await
        }
    );
    assert_eq!(first.0, 201, "{:?}", first.2);
    assert_eq!(second.0, 409, "still in flight: {:?}", second.2);
    let (s, replayed, again) = post(&t, &a.access, "/v1/people/enrich", Some("one"), &body).await;
    assert_eq!((s, replayed.as_deref()), (201, Some("true")));
    assert_eq!(again["record"]["id"], first.2["record"]["id"]);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "the provider was asked once"
    );

    // Public routes ignore the header: a login answer (tokens) is never replayed.
    let login = |key: &'static str| {
        t.http
            .post(t.url("/v1/auth/login"))
            .header("idempotency-key", key)
            .json(&json!({"email": a.email, "password": enrich_tests::PASSWORD}))
            .send()
    };
    let l1 = login("same").await.unwrap();
    assert_eq!(l1.status(), 200);
    let l2 = login("same").await.unwrap();
    assert!(l2.headers().get("idempotency-replayed").is_none());
    let (t1, t2): (Value, Value) = (l1.json().await.unwrap(), l2.json().await.unwrap());
    assert_ne!(t1["refresh_token"], t2["refresh_token"]);
}

#[tokio::test]
async fn a_bulk_submission_still_in_flight_is_a_409() {
    let t = TestStack::start().await;
    let a = t.register("idem-inflight").await;
    // 4,000 records: checking and storing them keeps the first request busy well past the second.
    let records: Vec<Value> = (0..4000)
        .map(|i| json!({"email": format!("p{i}@acme{}.example", i % 9)}))
        .collect();
    let body = json!({"people": records});
    let (first, second) = tokio::join!(
        post(
            &t,
            &a.access,
            "/v1/people/enrich/bulk",
            Some("big-1"),
            &body
        ),
        async {
            tokio::time::sleep(Duration::from_millis(60)).await;
            post(
                &t,
                &a.access,
                "/v1/people/enrich/bulk",
                Some("big-1"),
                &body,
            )
            .await
        }
    );
    assert_eq!(first.0, 202, "{:?}", first.2);
    assert_eq!(second.0, 409, "{:?}", second.2);
    let (_, list) = t.call(&a, Method::GET, "/v1/jobs", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "one job");
}

/// The query string is part of the request: CSV bulk options live there, so the same key and body
/// with other options is a different request (422), and the same options replay.
#[tokio::test]
async fn the_query_string_is_part_of_the_fingerprint() {
    let t = TestStack::start().await;
    let a = t.register("idem-query").await;
    let csv = "domain,name\nacme.com,Acme\n";
    let send = |query: &'static str| {
        t.authed(
            Method::POST,
            &format!("/v1/companies/enrich/bulk?{query}"),
            &a.access,
        )
        .header("content-type", "text/csv")
        .header("idempotency-key", "csv-1")
        .body(csv)
        .send()
    };
    let first = send("name=First&on_invalid=skip").await.unwrap();
    assert_eq!(first.status(), 202);
    let first: Value = first.json().await.unwrap();
    // The same parameters in another order are the same request.
    let again = send("on_invalid=skip&name=First").await.unwrap();
    assert_eq!(again.status(), 202);
    assert_eq!(again.headers()["idempotency-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    let other = send("name=Second&on_invalid=skip").await.unwrap();
    assert_eq!(other.status(), 422);
    let problem: Value = other.json().await.unwrap();
    assert_eq!(
        problem["errors"][0]["field"], "Idempotency-Key",
        "{problem}"
    );
    let (_, list) = t.call(&a, Method::GET, "/v1/jobs", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
}
