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
