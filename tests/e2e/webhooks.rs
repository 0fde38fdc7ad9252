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

use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A local receiver answering `status` to every POST on /hook.
async fn receiver(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

async fn subscribe(t: &TestStack, a: &Account, to: &MockServer, events: Value) -> (String, String) {
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
async fn received(server: &MockServer, n: usize, secs: u64) -> Vec<Request> {
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
