//! Outbound webhooks through the local gateway: subscriptions of the organisation and of its API
//! clients (validation, the SSRF guard, secrets shown once and rotated with a grace period,
//! scopes, tenants).

use enrich_tests::{error_fields, Account, TestStack};
use reqwest::Method;
use serde_json::{json, Value};

async fn client(t: &TestStack, a: &Account, scopes: &[&str]) -> Value {
    let (status, body) = t
        .call(
            a,
            Method::POST,
            "/v1/api-clients",
            Some(
                json!({"name": "Acme CRM", "contact_email": "dev@acme.example", "scopes": scopes}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn key(t: &TestStack, a: &Account, client: &Value, scopes: &[&str]) -> String {
    let (status, created) = t
        .call(
            a,
            Method::POST,
            "/v1/api-keys",
            Some(json!({"client_id": client["id"], "name": "hooks", "scopes": scopes})),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    created["key"].as_str().unwrap().to_owned()
}

async fn with_key(
    t: &TestStack,
    secret: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = t
        .http
        .request(method, t.url(path))
        .header("authorization", format!("Bearer {secret}"));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn subscriptions_are_checked_field_by_field_and_their_secret_is_shown_once_and_rotated() {
    let t = TestStack::start().await;
    let a = t.register("hooks").await;
    let (status, created) = t
        .call(
            &a,
            Method::POST,
            "/v1/webhooks",
            Some(
                json!({"url": "http://127.0.0.1:9/hook", "events": ["person.*", "job.completed"],
                "description": "CRM sync", "retry_config": {"max_retries": 3, "retry_delay": 60}}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("wh_"));
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(
        secret.starts_with("whsec_") && secret.len() == 38,
        "{secret}"
    );
    assert_eq!(created["retry_config"]["backoff_multiplier"], 2.0);
    assert_eq!(created["retry_config"]["timeout"], 15);
    assert_eq!(created["client_id"], Value::Null);
    // Never shown again.
    let (_, read) = t
        .call(&a, Method::GET, &format!("/v1/webhooks/{id}"), None)
        .await;
    assert_eq!(read["id"], id.as_str());
    assert!(!read.to_string().contains(&secret));
    assert!(read.get("secret").is_none());
    let (_, list) = t.call(&a, Method::GET, "/v1/webhooks", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert!(!list.to_string().contains(&secret));

    // Every rule broken at once: each entry named.
    let (status, p) = t
        .call(
            &a,
            Method::POST,
            "/v1/webhooks",
            Some(json!({"url": "ftp://example.com/x",
                "events": ["person.enriched", "person.explodes", "lead.*", "person.enriched"],
                "description": "x".repeat(501),
                "retry_config": {"max_retries": 11, "retry_delay": 0, "backoff_multiplier": 0.5, "timeout": 31}})),
        )
        .await;
    assert_eq!(status, 422, "{p}");
    let mut fields = error_fields(&p);
    fields.sort();
    assert_eq!(
        fields,
        [
            "description",
            "events[1]",
            "events[2]",
            "events[3]",
            "retry_config.backoff_multiplier",
            "retry_config.max_retries",
            "retry_config.retry_delay",
            "retry_config.timeout",
            "url"
        ],
        "{p}"
    );
    assert!(p.to_string().contains("person.explodes"), "{p}");
    // The SSRF guard: private, link-local, metadata, IPv4-mapped IPv6 and names resolving to
    // them are refused even on the local stack (only loopback is let through there).
    for url in [
        "http://10.0.0.8/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::ffff:10.0.0.1]/hook",
        "http://[fd00::1]/hook",
        "http://100.64.0.1/hook",
        "http://user:pw@127.0.0.1/hook",
    ] {
        let (status, p) = t
            .call(
                &a,
                Method::POST,
                "/v1/webhooks",
                Some(json!({"url": url, "events": ["*"]})),
            )
            .await;
        assert_eq!(status, 422, "{url}: {p}");
        assert_eq!(error_fields(&p), ["url"], "{url}");
    }
    let (status, _) = t
        .call(
            &a,
            Method::POST,
            "/v1/webhooks",
            Some(json!({"url": "http://127.0.0.1:9/x", "events": []})),
        )
        .await;
    assert_eq!(status, 422);
    let (status, p) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/webhooks/{id}"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 422, "{p}");

    // Changes: events and enabled; a stale concurrent write loses with a 409 at most.
    let (status, changed) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/webhooks/{id}"),
            Some(json!({"events": ["*"], "enabled": false})),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["events"], json!(["*"]));
    assert_eq!(changed["enabled"], false);

    // Rotation: a new secret once, the old one still signing for 24 hours.
    let (status, rotated) = t
        .call(&a, Method::POST, &format!("/v1/webhooks/{id}/secret"), None)
        .await;
    assert_eq!(status, 200, "{rotated}");
    let fresh = rotated["secret"].as_str().unwrap();
    assert!(fresh.starts_with("whsec_") && fresh != secret);
    let until =
        kernel::time::parse_rfc3339(rotated["previous_secret_valid_until"].as_str().unwrap())
            .unwrap()
            .unix_timestamp();
    let in_a_day = kernel::time::now().unix_timestamp() + 24 * 3600;
    assert!((until - in_a_day).abs() < 60, "{rotated}");
    let (_, read) = t
        .call(&a, Method::GET, &format!("/v1/webhooks/{id}"), None)
        .await;
    assert_eq!(
        read["previous_secret_valid_until"],
        rotated["previous_secret_valid_until"]
    );

    let (status, _) = t
        .call(&a, Method::DELETE, &format!("/v1/webhooks/{id}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = t
        .call(&a, Method::GET, &format!("/v1/webhooks/{id}"), None)
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn partner_keys_need_webhook_scopes_and_see_only_their_clients_subscriptions() {
    let t = TestStack::start().await;
    let a = t.register("hookscopes").await;
    let scopes = ["webhooks:read", "webhooks:write", "people:read"];
    let c1 = client(&t, &a, &scopes).await;
    let c2 = client(&t, &a, &scopes).await;
    let (c1_id, c2_id) = (c1["id"].as_str().unwrap(), c2["id"].as_str().unwrap());
    let k1 = key(&t, &a, &c1, &["webhooks:read", "webhooks:write"]).await;
    let k2 = key(&t, &a, &c2, &["webhooks:read", "webhooks:write"]).await;
    let reader = key(&t, &a, &c1, &["webhooks:read"]).await;
    let other = key(&t, &a, &c1, &["people:read"]).await;
    let body = json!({"url": "http://127.0.0.1:9/hook", "events": ["job.*"]});

    // A person creates one for the organisation and one for client 2.
    let (status, org_hook) = t
        .call(&a, Method::POST, "/v1/webhooks", Some(body.clone()))
        .await;
    assert_eq!(status, 201);
    let (status, c2_hook) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/api-clients/{c2_id}/webhooks"),
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, 201, "{c2_hook}");
    assert_eq!(c2_hook["client_id"], c2_id);

    // Key 1 creates on its client's route and on /v1/webhooks: both land under client 1.
    let (status, k1_hook) = with_key(
        &t,
        &k1,
        Method::POST,
        &format!("/v1/api-clients/{c1_id}/webhooks"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, 201, "{k1_hook}");
    let (status, k1_hook2) =
        with_key(&t, &k1, Method::POST, "/v1/webhooks", Some(body.clone())).await;
    assert_eq!(status, 201);
    assert_eq!(k1_hook2["client_id"], c1_id);
    let (_, mine) = with_key(&t, &k1, Method::GET, "/v1/webhooks", None).await;
    let ids: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{mine}");
    assert!(ids.contains(&k1_hook["id"].as_str().unwrap()));
    // Another client's subscriptions and the organisation's are invisible to it (404, as if absent).
    for path in [
        format!("/v1/api-clients/{c2_id}/webhooks"),
        format!(
            "/v1/api-clients/{c2_id}/webhooks/{}",
            c2_hook["id"].as_str().unwrap()
        ),
        format!("/v1/webhooks/{}", org_hook["id"].as_str().unwrap()),
        format!("/v1/webhooks/{}", c2_hook["id"].as_str().unwrap()),
    ] {
        let (status, _) = with_key(&t, &k1, Method::GET, &path, None).await;
        assert_eq!(status, 404, "{path}");
        let (status, _) = with_key(&t, &k1, Method::DELETE, &path, None).await;
        assert!(status == 404 || status == 405, "{path}: {status}");
    }
    let (_, theirs) = with_key(&t, &k2, Method::GET, "/v1/webhooks", None).await;
    assert_eq!(theirs["items"].as_array().unwrap().len(), 1, "{theirs}");
    // The person's organisation list holds only the organisation's own.
    let (_, org) = t.call(&a, Method::GET, "/v1/webhooks", None).await;
    assert_eq!(org["items"].as_array().unwrap().len(), 1, "{org}");
    let (_, c1_list) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/api-clients/{c1_id}/webhooks"),
            None,
        )
        .await;
    assert_eq!(c1_list["items"].as_array().unwrap().len(), 2, "{c1_list}");

    // Scopes: read-only may list, not write; a key without webhook scopes may do neither.
    let (status, _) = with_key(&t, &reader, Method::GET, "/v1/webhooks", None).await;
    assert_eq!(status, 200);
    let (status, _) = with_key(
        &t,
        &reader,
        Method::POST,
        "/v1/webhooks",
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = with_key(&t, &other, Method::GET, "/v1/webhooks", None).await;
    assert_eq!(status, 403);

    // Another organisation sees none of it.
    let b = t.register("hookother").await;
    let (_, none) = t.call(&b, Method::GET, "/v1/webhooks", None).await;
    assert_eq!(none["items"], json!([]));
    for path in [
        format!("/v1/webhooks/{}", org_hook["id"].as_str().unwrap()),
        format!("/v1/api-clients/{c2_id}/webhooks"),
    ] {
        let (status, _) = t.call(&b, Method::GET, &path, None).await;
        assert_eq!(status, 404, "{path}");
    }
}

// ------------------------------------------------------------------ delivery

use std::collections::BTreeSet;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A local receiver answering `status` to every POST on /hook.
pub(crate) async fn receiver(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

/// A receiver that answers `first` to its first `failures` requests, then `then`.
async fn flaky_receiver(failures: u64, first: ResponseTemplate, then: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(first)
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(then))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

pub(crate) async fn subscribe(
    t: &TestStack,
    a: &Account,
    to: &MockServer,
    events: Value,
) -> (String, String) {
    subscribe_with(t, a, to, json!({"events": events})).await
}

async fn subscribe_with(
    t: &TestStack,
    a: &Account,
    to: &MockServer,
    mut body: Value,
) -> (String, String) {
    body["url"] = json!(format!("{}/hook", to.uri()));
    let (status, created) = t.call(a, Method::POST, "/v1/webhooks", Some(body)).await;
    assert_eq!(status, 201, "{created}");
    (
        created["id"].as_str().unwrap().to_owned(),
        created["secret"].as_str().unwrap().to_owned(),
    )
}

/// Waits until `server` has received at least `n` requests (panics after `secs`).
pub(crate) async fn received(server: &MockServer, n: usize, secs: u64) -> Vec<Request> {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let got = server.received_requests().await.unwrap();
        if got.len() >= n {
            return got;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the receiver got {} of {n} requests in {secs} s",
            got.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn header(r: &Request, name: &str) -> String {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn event_type(r: &Request) -> String {
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    body["type"].as_str().unwrap_or_default().to_owned()
}

/// Verifies one received request with the Standard Webhooks and Stripe libraries (Python, in
/// .venv), returning whether both accepted it.
async fn verified_by_libraries(r: &Request, secret: &str, body: &[u8]) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("enrich-hook-{}", ulid::Ulid::new()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("body.json");
    std::fs::write(&file, body).unwrap();
    let out = tokio::process::Command::new(enrich_tests::workspace_root().join(".venv/bin/python"))
        .arg(enrich_tests::workspace_root().join("tests/examples/verify_with_libraries.py"))
        .env("WEBHOOK_SECRET", secret)
        .env("BODY_FILE", &file)
        .env("WEBHOOK_ID", header(r, "webhook-id"))
        .env("WEBHOOK_TIMESTAMP", header(r, "webhook-timestamp"))
        .env("WEBHOOK_SIGNATURE", header(r, "webhook-signature"))
        .env("SIGNATURE", header(r, "x-webhook-signature"))
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success() && text.contains("verified"), text)
}

#[tokio::test]
async fn each_subscriber_gets_exactly_its_events_signed_in_both_schemes() {
    let t = TestStack::start().await;
    let _workers = t.start_workers(2);
    let a = t.register("fanout").await;
    let b = t.register("fanout-other").await;
    let keys_rx = receiver(200).await;
    let people_rx = receiver(200).await;
    let off_rx = receiver(200).await;
    let other_rx = receiver(200).await;
    let (_, keys_secret) = subscribe(&t, &a, &keys_rx, json!(["api_key.*"])).await;
    subscribe(&t, &a, &people_rx, json!(["person.enriched"])).await;
    subscribe_with(&t, &a, &off_rx, json!({"events": ["*"], "enabled": false})).await;
    subscribe(&t, &b, &other_rx, json!(["*"])).await;

    // Two changes of organisation A: a key issued, a person enriched.
    let c = client(&t, &a, &["people:read"]).await;
    let issued = key(&t, &a, &c, &["people:read"]).await;
    let (status, person) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich",
            Some(json!({"email": "ana.souza@acme.com"})),
        )
        .await;
    assert!(status == 200 || status == 201, "{person}");

    let got = received(&keys_rx, 1, 60).await;
    let people = received(&people_rx, 1, 60).await;
    // Give a wrong extra delivery time to show up before counting.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let got_all = keys_rx.received_requests().await.unwrap();
    assert_eq!(got_all.len(), 1, "one key event, once");
    assert!(people_rx
        .received_requests()
        .await
        .unwrap()
        .iter()
        .all(|r| event_type(r) == "person.enriched"));
    assert!(
        off_rx.received_requests().await.unwrap().is_empty(),
        "a disabled subscription gets nothing"
    );
    assert!(
        other_rx.received_requests().await.unwrap().is_empty(),
        "another organisation gets nothing"
    );

    let r = &got[0];
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body["type"], "api_key.created");
    assert_eq!(body["version"], 1);
    assert!(body["id"].as_str().unwrap().starts_with("evt_"));
    assert!(body["timestamp"].as_str().is_some());
    assert_eq!(body["data"]["client_id"], c["id"]);
    // Ids and changed fields only: never the key itself.
    assert!(!String::from_utf8_lossy(&r.body).contains(&issued));
    assert_eq!(header(r, "x-webhook-id"), header(r, "webhook-id"));
    assert!(header(r, "webhook-id").starts_with("msg_"));
    assert_eq!(header(r, "x-webhook-event"), "api_key.created");
    assert_eq!(
        header(r, "x-webhook-timestamp"),
        header(r, "webhook-timestamp")
    );
    let p: Value = serde_json::from_slice(&people[0].body).unwrap();
    assert_eq!(p["data"]["person_id"], person["record"]["id"]);
    assert_eq!(p["data"]["created"], true);

    // Verified by libraries that are not ours; a changed body is refused by them.
    let (ok, out) = verified_by_libraries(r, &keys_secret, &r.body).await;
    assert!(ok, "{out}");
    let mut forged = r.body.clone();
    let at = forged.iter().position(|b| *b == b'1').unwrap_or(10);
    forged[at] = b'2';
    let (ok, _) = verified_by_libraries(r, &keys_secret, &forged).await;
    assert!(!ok, "a changed body must not verify");
}

/// The organisation's delivery log of one subscription (all pages).
async fn deliveries(t: &TestStack, a: &Account, webhook: &str) -> Vec<Value> {
    let (status, log) = t
        .call(
            a,
            Method::GET,
            &format!("/v1/webhooks/{webhook}/deliveries?limit=100"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{log}");
    log["items"].as_array().unwrap().clone()
}

/// Waits until the subscription's log holds a delivery `done` accepts.
async fn wait_delivery(
    t: &TestStack,
    a: &Account,
    webhook: &str,
    secs: u64,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(d) = deliveries(t, a, webhook)
            .await
            .into_iter()
            .find(|d| done(d))
        {
            return d;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no delivery of {webhook} reached the state in {secs} s: {:?}",
            deliveries(t, a, webhook).await
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

pub(crate) async fn issue_key(t: &TestStack, a: &Account) -> String {
    let c = client(t, a, &["people:read"]).await;
    key(t, a, &c, &["people:read"]).await
}

#[tokio::test]
async fn a_500_is_retried_on_its_schedule_a_redirect_is_a_failure_and_410_disables_the_endpoint() {
    let t = TestStack::start().await;
    let _workers = t.start_workers(2);
    let a = t.register("retries").await;
    let quick =
        json!({"max_retries": 3, "retry_delay": 1, "backoff_multiplier": 1.0, "timeout": 5});

    // Fails once (500 with a body), then takes it.
    let flaky = flaky_receiver(
        1,
        ResponseTemplate::new(500).set_body_string("boom: database down"),
        200,
    )
    .await;
    let (flaky_id, _) = subscribe_with(
        &t,
        &a,
        &flaky,
        json!({"events": ["api_key.created"], "retry_config": quick}),
    )
    .await;
    // Redirects elsewhere: not followed.
    let elsewhere = receiver(200).await;
    let redirect = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/hook", elsewhere.uri()).as_str()),
        )
        .mount(&redirect)
        .await;
    let (redirect_id, _) = subscribe_with(
        &t,
        &a,
        &redirect,
        json!({"events": ["api_key.created"], "retry_config": {"max_retries": 0}}),
    )
    .await;
    // Gone for good.
    let gone = receiver(410).await;
    let (gone_id, _) = subscribe_with(
        &t,
        &a,
        &gone,
        json!({"events": ["api_key.created"], "retry_config": quick}),
    )
    .await;
    // Told when an endpoint is disabled.
    let watcher = receiver(200).await;
    subscribe(&t, &a, &watcher, json!(["webhook.*"])).await;

    issue_key(&t, &a).await;

    let got = received(&flaky, 2, 60).await;
    assert_eq!(
        header(&got[0], "webhook-id"),
        header(&got[1], "webhook-id"),
        "one id across attempts"
    );
    assert_eq!(got[0].body, got[1].body, "the same bytes every attempt");
    let d = wait_delivery(&t, &a, &flaky_id, 30, |d| d["status"] == "delivered").await;
    let attempts = d["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{d}");
    assert_eq!(attempts[0]["status_code"], 500);
    assert_eq!(attempts[0]["response_body"], "boom: database down");
    assert_eq!(attempts[0]["trigger"], "scheduled");
    assert_eq!(attempts[1]["status_code"], 200);
    assert_eq!(d["next_attempt_at"], Value::Null);
    assert_eq!(d["id"], header(&got[0], "webhook-id").as_str());

    let d = wait_delivery(&t, &a, &redirect_id, 30, |d| d["status"] == "failed").await;
    assert_eq!(d["attempts"][0]["status_code"], 302, "{d}");
    assert!(
        elsewhere.received_requests().await.unwrap().is_empty(),
        "a redirect is never followed"
    );

    let d = wait_delivery(&t, &a, &gone_id, 30, |d| d["status"] == "failed").await;
    assert_eq!(d["attempt_count"], 1, "410 stops at once: {d}");
    let (_, hook) = t
        .call(&a, Method::GET, &format!("/v1/webhooks/{gone_id}"), None)
        .await;
    assert_eq!(hook["enabled"], false, "{hook}");
    assert_eq!(hook["disabled_reason"], "gone");
    let told = received(&watcher, 1, 60).await;
    let event: Value = serde_json::from_slice(&told[0].body).unwrap();
    assert_eq!(event["type"], "webhook.disabled");
    assert_eq!(event["data"]["webhook_id"], gone_id.as_str());
    assert_eq!(event["data"]["reason"], "gone");
    let mail = t.last_mail(&a.email, "webhook_disabled");
    assert!(mail.text.contains(&gone_id), "{}", mail.text);
    // Re-enabled by its owner, it receives again.
    let (status, _) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/webhooks/{gone_id}"),
            Some(json!({"enabled": true})),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn an_endpoint_failing_past_its_limit_is_disabled_and_its_owner_told() {
    // Five days, scaled to two seconds.
    let t = TestStack::start_with(&[("WebhookDisableAfterSeconds", "2")]).await;
    let _workers = t.start_workers(2);
    let a = t.register("failing").await;
    // 500 (a 503 would wait at least a minute between attempts: overloaded receivers get time).
    let down = receiver(500).await;
    let (down_id, _) = subscribe_with(
        &t,
        &a,
        &down,
        json!({"events": ["api_key.created"],
               "retry_config": {"max_retries": 10, "retry_delay": 1, "backoff_multiplier": 1.0}}),
    )
    .await;
    let watcher = receiver(200).await;
    subscribe(&t, &a, &watcher, json!(["webhook.disabled"])).await;
    issue_key(&t, &a).await;
    let told = received(&watcher, 1, 90).await;
    let event: Value = serde_json::from_slice(&told[0].body).unwrap();
    assert_eq!(event["data"]["reason"], "failing", "{event}");
    assert!(event["data"]["failing_since"].as_str().is_some(), "{event}");
    let (_, hook) = t
        .call(&a, Method::GET, &format!("/v1/webhooks/{down_id}"), None)
        .await;
    assert_eq!(hook["enabled"], false);
    assert_eq!(hook["disabled_reason"], "failing");
    assert!(down.received_requests().await.unwrap().len() >= 2);
    // Disabled: the pending delivery is skipped, not sent again.
    let d = wait_delivery(&t, &a, &down_id, 30, |d| d["status"] != "pending").await;
    assert_eq!(d["status"], "skipped", "{d}");
    let sent = down.received_requests().await.unwrap().len();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(down.received_requests().await.unwrap().len(), sent);
    assert!(t
        .last_mail(&a.email, "webhook_disabled")
        .text
        .contains("5 days"));
}

#[tokio::test]
async fn during_a_rotation_both_secrets_sign_and_either_verifies() {
    let t = TestStack::start().await;
    let _workers = t.start_workers(1);
    let a = t.register("rotation").await;
    let rx = receiver(200).await;
    let (id, old) = subscribe(&t, &a, &rx, json!(["api_key.*"])).await;
    let (_, rotated) = t
        .call(&a, Method::POST, &format!("/v1/webhooks/{id}/secret"), None)
        .await;
    let new = rotated["secret"].as_str().unwrap().to_owned();
    issue_key(&t, &a).await;
    let got = received(&rx, 1, 60).await;
    let r = &got[0];
    assert_eq!(header(r, "x-webhook-signature").matches("v1=").count(), 2);
    assert_eq!(header(r, "webhook-signature").matches("v1,").count(), 2);
    for secret in [&old, &new] {
        let (ok, out) = verified_by_libraries(r, secret, &r.body).await;
        assert!(ok, "{out}");
    }
    let (ok, _) = verified_by_libraries(r, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &r.body).await;
    assert!(!ok, "another secret must not verify");
}

#[tokio::test]
async fn test_sends_retries_and_replays_reach_the_endpoint_with_their_delivery_ids() {
    let t = TestStack::start().await;
    let _workers = t.start_workers(2);
    let a = t.register("replay").await;
    // Down for the first three deliveries, then up.
    let rx = flaky_receiver(3, ResponseTemplate::new(500), 200).await;
    let since = kernel::time::rfc3339(kernel::time::now() - time::Duration::seconds(5));
    let (id, _) = subscribe_with(
        &t,
        &a,
        &rx,
        json!({"events": ["api_key.created"], "retry_config": {"max_retries": 0}}),
    )
    .await;
    for _ in 0..3 {
        issue_key(&t, &a).await;
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while deliveries(&t, &a, &id)
        .await
        .iter()
        .filter(|d| d["status"] == "failed")
        .count()
        < 3
    {
        assert!(
            std::time::Instant::now() < deadline,
            "{:?}",
            deliveries(&t, &a, &id).await
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let failed: Vec<String> = deliveries(&t, &a, &id)
        .await
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    // The log filters by status and event.
    let (_, only) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/webhooks/{id}/deliveries?status=failed&event=api_key.created"),
            None,
        )
        .await;
    assert_eq!(only["items"].as_array().unwrap().len(), 3);
    let (status, p) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/webhooks/{id}/deliveries?status=lost"),
            None,
        )
        .await;
    assert_eq!(status, 400, "{p}");
    assert_eq!(error_fields(&p), ["status"]);

    let (status, replayed) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/webhooks/{id}/replay"),
            Some(json!({"since": since})),
        )
        .await;
    assert_eq!(status, 202, "{replayed}");
    assert_eq!(replayed["queued"], 3);
    assert_eq!(replayed["more"], false);
    let got = received(&rx, 6, 60).await;
    let resent: BTreeSet<String> = got[3..].iter().map(|r| header(r, "webhook-id")).collect();
    assert_eq!(
        resent,
        failed.iter().cloned().collect::<BTreeSet<_>>(),
        "the same ids again"
    );
    let d = wait_delivery(&t, &a, &id, 30, |d| {
        d["status"] == "delivered" && d["id"] == failed[0].as_str()
    })
    .await;
    assert_eq!(d["attempts"][1]["trigger"], "manual", "{d}");

    // One more time, on request.
    let (status, again) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/webhooks/{id}/deliveries/{}/retry", failed[0]),
            None,
        )
        .await;
    assert_eq!(status, 202, "{again}");
    let got = received(&rx, 7, 60).await;
    assert_eq!(header(&got[6], "webhook-id"), failed[0]);

    // A test event, now, to this endpoint only.
    let (status, test) = t
        .call(&a, Method::POST, &format!("/v1/webhooks/{id}/test"), None)
        .await;
    assert_eq!(status, 202, "{test}");
    let got = received(&rx, 8, 60).await;
    assert_eq!(event_type(&got[7]), "webhook.test");
    assert_eq!(header(&got[7], "webhook-id"), test["id"].as_str().unwrap());

    // Another organisation cannot see or act on any of it.
    let b = t.register("replay-other").await;
    for (m, p) in [
        (Method::GET, format!("/v1/webhooks/{id}/deliveries")),
        (
            Method::GET,
            format!("/v1/webhooks/{id}/deliveries/{}", failed[0]),
        ),
        (
            Method::POST,
            format!("/v1/webhooks/{id}/deliveries/{}/retry", failed[0]),
        ),
        (Method::POST, format!("/v1/webhooks/{id}/test")),
    ] {
        let (status, _) = t.call(&b, m, &p, None).await;
        assert_eq!(status, 404, "{p}");
    }
    let (status, _) = t
        .call(
            &b,
            Method::POST,
            &format!("/v1/webhooks/{id}/replay"),
            Some(json!({"since": since})),
        )
        .await;
    assert_eq!(status, 404);
    // A read-only key may read the log of its client's webhook, not act on it.
    let c = client(&t, &a, &["webhooks:read", "webhooks:write"]).await;
    let c_id = c["id"].as_str().unwrap();
    let reader = key(&t, &a, &c, &["webhooks:read"]).await;
    let (_, ch) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/api-clients/{c_id}/webhooks"),
            Some(json!({"url": format!("{}/hook", rx.uri()), "events": ["*"]})),
        )
        .await;
    let ch_id = ch["id"].as_str().unwrap();
    let (status, _) = with_key(
        &t,
        &reader,
        Method::GET,
        &format!("/v1/api-clients/{c_id}/webhooks/{ch_id}/deliveries"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = with_key(
        &t,
        &reader,
        Method::POST,
        &format!("/v1/api-clients/{c_id}/webhooks/{ch_id}/test"),
        None,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = with_key(
        &t,
        &reader,
        Method::GET,
        &format!("/v1/webhooks/{id}/deliveries"),
        None,
    )
    .await;
    assert_eq!(status, 404, "the organisation's webhook is not the key's");
}

#[tokio::test]
async fn the_client_dashboard_shows_its_webhooks_health() {
    let t = TestStack::start().await;
    let _workers = t.start_workers(1);
    let a = t.register("health").await;
    let c = client(&t, &a, &["webhooks:read"]).await;
    let c_id = c["id"].as_str().unwrap();
    let rx = flaky_receiver(1, ResponseTemplate::new(500), 204).await;
    let (status, hook) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/api-clients/{c_id}/webhooks"),
            Some(
                json!({"url": format!("{}/hook", rx.uri()), "events": ["api_key.*"],
                "retry_config": {"retry_delay": 1, "backoff_multiplier": 1.0}}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{hook}");
    key(&t, &a, &c, &["webhooks:read"]).await;
    received(&rx, 2, 60).await;
    let dash = t
        .wait_for(&a, &format!("/v1/api-clients/{c_id}/dashboard"), 30, |d| {
            d["webhooks"][0]["succeeded"] == 1
        })
        .await;
    let h = &dash["webhooks"][0];
    assert_eq!(h["webhook_id"], hook["id"]);
    assert_eq!(h["failed"], 1);
    assert_eq!(h["success_rate"], 0.5);
    assert_eq!(
        h["failing_since"],
        Value::Null,
        "a success clears the streak"
    );
    assert!(h["last_failure_at"].as_str().is_some());
    assert_eq!(dash["disabled_webhooks"], 0);
    assert!(
        dash.get("requests_today").is_some() || dash.as_object().unwrap().len() > 3,
        "{dash}"
    );
}

/// A killed event publisher, a killed delivery worker and SQS's duplicate deliveries: every
/// event reaches the endpoint, and a duplicated message sends nothing twice.
#[tokio::test]
async fn events_survive_a_killed_publisher_and_worker_and_duplicates_send_nothing_twice() {
    use enrich_local::faults::FaultPlan;
    // Queue visibility scaled down, so a killed invocation's messages come back in seconds.
    let t = TestStack::start_faulty(&[], Some(FaultPlan::default()), (1.0, 0.05)).await;
    let a = t.register("hook-chaos").await;
    let rx = receiver(200).await;
    let (id, _) = subscribe_with(
        &t,
        &a,
        &rx,
        json!({"events": ["api_key.created"], "retry_config": {"timeout": 2}}),
    )
    .await;
    let c = client(&t, &a, &["people:read"]).await;
    let faults = t.stack.faults.clone().expect("the fault layer");
    faults.set_plan(FaultPlan {
        seed: 23,
        duplicate: 0.5,
        ..FaultPlan::default()
    });
    faults.arm_kill("EventPublisherFunction", Duration::from_millis(5));
    faults.arm_kill("WebhookWorkerFunction", Duration::from_millis(5));
    let n = 12;
    for _ in 0..n {
        key(&t, &a, &c, &["people:read"]).await;
    }
    let _workers = t.start_workers(2);
    // The killed attempt's lease ends (timeout + 30 s): the sweep queues it again.
    let deadline = std::time::Instant::now() + Duration::from_secs(150);
    loop {
        let got = rx.received_requests().await.unwrap();
        let ids: BTreeSet<String> = got.iter().map(|r| header(r, "webhook-id")).collect();
        if ids.len() >= n {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} of {n} events delivered; faults {:?}",
            ids.len(),
            faults.injected()
        );
        enrich_local::ticker::fire(&t.stack, "WebhookSweepFunction", "Sweep")
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let got = rx.received_requests().await.unwrap();
    let ids: BTreeSet<String> = got.iter().map(|r| header(r, "webhook-id")).collect();
    let injected = faults.injected();
    assert_eq!(ids.len(), n, "every event, once each: 100 %");
    assert!(
        injected.get("kill").copied().unwrap_or(0) >= 2,
        "{injected:?}"
    );
    assert!(
        injected.get("sqs:duplicate_delivery").copied().unwrap_or(0) > 0,
        "{injected:?}"
    );
    // Duplicated messages never post twice; only an attempt killed after the receiver answered
    // but before it was recorded may (at least once, with the same id).
    assert!(got.len() <= n + 1, "{} requests for {n} events", got.len());
    let log = deliveries(&t, &a, &id).await;
    assert_eq!(
        log.len(),
        n,
        "one delivery per event, however often it was dispatched"
    );
    assert!(log.iter().all(|d| d["status"] == "delivered"));
    println!(
        "chaos: {n} events, {} requests, faults {injected:?}",
        got.len()
    );
}

/// The publisher, dispatcher, worker and sweep under throttles, 500s and duplicate deliveries
/// (the path writes with conditional puts and updates, no transactions), the receiver failing
/// its first answers: every event reaches the endpoint, one delivery per event in the log, each
/// finally delivered.
#[tokio::test]
async fn the_event_path_survives_throttles_500s_and_duplicates() {
    use enrich_local::faults::FaultPlan;
    let t = TestStack::start_faulty(&[], Some(FaultPlan::default()), (1.0, 0.05)).await;
    let a = t.register("hook-faults").await;
    let rx = flaky_receiver(3, ResponseTemplate::new(503), 200).await;
    let (id, _) = subscribe_with(
        &t,
        &a,
        &rx,
        json!({"events": ["api_key.created"],
               "retry_config": {"retry_delay": 1, "backoff_multiplier": 1.0, "timeout": 2}}),
    )
    .await;
    let c = client(&t, &a, &["people:read"]).await;
    let n = 10;
    for _ in 0..n {
        key(&t, &a, &c, &["people:read"]).await;
    }
    let faults = t.stack.faults.clone().expect("the fault layer");
    faults.set_plan(FaultPlan {
        seed: 2312,
        throttle: 0.1,
        error: 0.05,
        duplicate: 0.3,
        ..FaultPlan::default()
    });
    let _workers = t.start_workers(2);
    let deadline = std::time::Instant::now() + Duration::from_secs(180);
    loop {
        let got = rx.received_requests().await.unwrap();
        let delivered: BTreeSet<String> = got
            .iter()
            .filter(|r| r.body.len() > 2)
            .map(|r| header(r, "webhook-id"))
            .collect();
        if delivered.len() >= n {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} of {n} events reached the endpoint; faults {:?}",
            delivered.len(),
            faults.injected()
        );
        enrich_local::ticker::fire(&t.stack, "WebhookSweepFunction", "Sweep")
            .await
            .ok();
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    faults.set_plan(FaultPlan::default());
    let injected = faults.injected();
    // The last retries are recorded.
    let log = loop {
        let log = deliveries(&t, &a, &id).await;
        if log.len() == n && log.iter().all(|d| d["status"] == "delivered") {
            break log;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the log: {log:?}; faults {injected:?}"
        );
        enrich_local::ticker::fire(&t.stack, "WebhookSweepFunction", "Sweep")
            .await
            .ok();
        tokio::time::sleep(Duration::from_secs(1)).await;
    };
    assert_eq!(
        log.len(),
        n,
        "one delivery per event, however often it was dispatched"
    );
    for k in [":throttle", ":500", "sqs:duplicate_delivery"] {
        let hits: u64 = injected
            .iter()
            .filter(|(name, _)| name.ends_with(k))
            .map(|(_, n)| *n)
            .sum();
        assert!(hits > 0, "{k}: {injected:?}");
    }
    println!("faults: {n} events delivered; injected {injected:?}");
}

/// The AWS calls of the event path, commit to first attempt and per retry (a request budget),
/// the latency from commit to the first attempt, and the deliveries per second one worker
/// sustains to a local receiver. The figures are printed for the README.
#[tokio::test]
async fn one_event_costs_a_bounded_number_of_aws_calls_and_one_worker_keeps_up() {
    let t = TestStack::start().await;
    let a = t.register("hook-budget").await;
    let rx = flaky_receiver(1, ResponseTemplate::new(500), 200).await;
    let (id, _) = subscribe_with(
        &t,
        &a,
        &rx,
        json!({"events": ["api_key.created"], "retry_config": {"retry_delay": 2, "backoff_multiplier": 1.0}}),
    )
    .await;
    let c = client(&t, &a, &["people:read"]).await;
    key(&t, &a, &c, &["people:read"]).await;
    // Everything before this point (the request itself) is not the event's.
    t.stack.calls.reset();
    let committed = std::time::Instant::now();
    let workers = t.start_workers(1);
    received(&rx, 1, 60).await;
    let first_attempt = committed.elapsed();
    // Settle: the first attempt recorded, its retry queued.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let to_first = t.stack.calls.snapshot();
    t.stack.calls.reset();
    received(&rx, 2, 60).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let retry = t.stack.calls.snapshot();
    wait_delivery(&t, &a, &id, 30, |d| d["status"] == "delivered").await;
    let first_total: u64 = to_first.values().sum();
    let retry_total: u64 = retry.values().sum();
    println!("event to first attempt: {first_total} AWS calls {to_first:?}");
    println!("one retry: {retry_total} AWS calls {retry:?}");
    println!(
        "commit to first attempt (stream poll included): {} ms",
        first_attempt.as_millis()
    );
    assert!(first_total <= 12, "{to_first:?}");
    assert!(retry_total <= 8, "{retry:?}");
    for w in workers {
        w.abort();
    }
    // An aborted poller's last receive may still be answered: let it pass before queueing more.
    tokio::time::sleep(Duration::from_secs(3)).await;

    // Throughput: 200 test events queued at once to 4 endpoints (each takes at most 4 at a
    // time), one worker polling (one invocation at a time, batches of 10, 8 at once).
    let mut endpoints = Vec::new();
    for _ in 0..4 {
        let rx = receiver(200).await;
        let (hook, _) = subscribe(&t, &a, &rx, json!(["webhook.test"])).await;
        endpoints.push((rx, hook));
    }
    let total = 200;
    for i in 0..total {
        let (_, hook) = &endpoints[i % endpoints.len()];
        let (status, _) = t
            .call(&a, Method::POST, &format!("/v1/webhooks/{hook}/test"), None)
            .await;
        assert_eq!(status, 202);
    }
    let started = std::time::Instant::now();
    let _one = t.start_workers(1);
    for (rx, _) in &endpoints {
        received(rx, total / endpoints.len(), 120).await;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "one worker: {total} deliveries in {secs:.1} s = {:.0} per second",
        total as f64 / secs
    );
}

/// One slow receiver cannot hold every worker: an endpoint takes at most four attempts at once
/// (lease items); a fifth delivery waits for a slot (here until the four leases run out) instead of
/// occupying a worker.
#[tokio::test]
async fn an_endpoint_takes_at_most_four_attempts_at_once_and_a_busy_one_waits() {
    use webhooks::persist::{take_slot, SlotRequest};
    let t = TestStack::start().await;
    let a = t.register("slots").await;
    let rx = receiver(200).await;
    let (id, _) = subscribe(&t, &a, &rx, json!(["webhook.test"])).await;
    let tenant: kernel::ids::TenantId = a.tenant_id.parse().unwrap();
    let webhook: webhooks::model::WebhookId = id.parse().unwrap();
    let now = kernel::time::now().unix_timestamp();
    // Four slow attempts hold the endpoint for 6 seconds.
    for first in 0..4 {
        let request = SlotRequest {
            slots: 4,
            first,
            holder: "a slow attempt",
            now,
            until: now + 6,
        };
        let got = take_slot(t.state(), &tenant, &webhook, request)
            .await
            .unwrap();
        assert_eq!(got, Some(first));
    }
    let fifth = SlotRequest {
        slots: 4,
        first: 0,
        holder: "another",
        now,
        until: now + 6,
    };
    assert_eq!(
        take_slot(t.state(), &tenant, &webhook, fifth)
            .await
            .unwrap(),
        None
    );

    let (status, test) = t
        .call(&a, Method::POST, &format!("/v1/webhooks/{id}/test"), None)
        .await;
    assert_eq!(status, 202, "{test}");
    let started = std::time::Instant::now();
    let _workers = t.start_workers(2);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        rx.received_requests().await.unwrap().is_empty(),
        "sent while every slot was held"
    );
    let got = received(&rx, 1, 40).await;
    assert!(started.elapsed() >= Duration::from_secs(3));
    assert_eq!(header(&got[0], "webhook-id"), test["id"].as_str().unwrap());
}
