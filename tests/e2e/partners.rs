//! The partner API through the local gateway: API clients, keys (shown once, hashed, checksum,
//! scopes on every route, expiry, revocation, suspension, deletion, tenants, test mode), the rate
//! limiter under concurrency, usage analytics, OAuth2 client credentials, and the usage plans the
//! keys are registered in on moto.

use enrich_tests::{problem, Account, TestStack};
use kernel::routing::Access;
use reqwest::Method;
use serde_json::{json, Value};

async fn client(t: &TestStack, a: &Account, tier: &str, scopes: &[&str]) -> Value {
    let (status, body) = t
        .call(
            a,
            Method::POST,
            "/v1/api-clients",
            Some(
                json!({"name": "Acme CRM", "contact_email": "Dev@Acme.example",
                "rate_limit_tier": tier, "scopes": scopes,
                "redirect_uris": ["https://acme.example/cb"]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn key(t: &TestStack, a: &Account, client: &Value, extra: Value) -> Value {
    let mut body = json!({"client_id": client["id"], "name": "prod"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let (status, created) = t.call(a, Method::POST, "/v1/api-keys", Some(body)).await;
    assert_eq!(status, 201, "{created}");
    created
}

fn with_key(t: &TestStack, method: Method, path: &str, secret: &str) -> reqwest::RequestBuilder {
    t.http
        .request(method, t.url(path))
        .header("authorization", format!("Bearer {secret}"))
}

/// The API Gateway keys registered under `value` (id, enabled), every page of the emulator read.
async fn gateway_keys(apigw: &aws_sdk_apigateway::Client, value: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut position = None;
    loop {
        let page = apigw
            .get_api_keys()
            .include_values(true)
            .limit(500)
            .set_position(position)
            .send()
            .await
            .unwrap();
        found.extend(
            page.items()
                .iter()
                .filter(|k| k.value() == Some(value))
                .filter_map(|k| Some((k.id()?.to_owned(), k.enabled()))),
        );
        match page.position() {
            Some(p) if !page.items().is_empty() => position = Some(p.to_owned()),
            _ => return found,
        }
    }
}

/// The names of the usage plans an API Gateway key is in.
async fn plans_of(apigw: &aws_sdk_apigateway::Client, key_id: &str) -> Vec<String> {
    let plans = apigw.get_usage_plans().key_id(key_id).send().await.unwrap();
    plans
        .items()
        .iter()
        .filter_map(|p| p.name().map(str::to_owned))
        .collect()
}

async fn status_with(t: &TestStack, method: Method, path: &str, secret: &str) -> u16 {
    with_key(t, method, path, secret)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_key_is_shown_once_stored_as_a_hash_and_acts_within_its_scopes() {
    let t = TestStack::start().await;
    let a = t.register("partner").await;
    let c = client(
        &t,
        &a,
        "enterprise",
        &["people:read", "jobs:read", "analytics:read"],
    )
    .await;
    assert!(c["client_secret"].as_str().unwrap().starts_with("enr_cs_"));
    let k = key(
        &t,
        &a,
        &c,
        json!({"scopes": ["people:read", "analytics:read"]}),
    )
    .await;
    let secret = k["key"].as_str().unwrap().to_owned();
    assert!(
        secret.starts_with("enr_live_") && secret.len() >= 9 + 32 + 6,
        "{secret}"
    );
    assert!(secret.starts_with(k["prefix"].as_str().unwrap()));

    // Never shown again, never stored.
    let path = format!("/v1/api-clients/{}/api-keys", c["id"].as_str().unwrap());
    let (status, listed) = t.call(&a, Method::GET, &path, None).await;
    assert_eq!(status, 200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(!listed.to_string().contains(&secret[9..]));
    let items = t.scan_table().await;
    let dump = format!("{items:?}");
    assert!(
        !dump.contains(&secret[9..]),
        "the secret is stored somewhere"
    );
    assert!(dump.contains(&access::partner::key_hash(&secret)));

    // Works on a route its scopes name, through either header; answers say livemode.
    let resp = with_key(&t, Method::GET, "/v1/people", &secret)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["livemode"], "true");
    assert!(resp.headers().contains_key("x-ratelimit-remaining"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["livemode"], true);
    let via_header = t
        .http
        .get(t.url("/v1/people"))
        .header("x-api-key", &secret)
        .send()
        .await
        .unwrap();
    assert_eq!(via_header.status(), 200);
    // Not beyond them: people:write, jobs:read (the client's, not the key's), user-only routes.
    let denied = with_key(&t, Method::POST, "/v1/people/enrich", &secret)
        .json(&json!({"email": "x@acme.example"}))
        .send()
        .await
        .unwrap();
    problem(denied, 403).await;
    assert_eq!(status_with(&t, Method::GET, "/v1/jobs", &secret).await, 403);
    assert_eq!(
        status_with(&t, Method::GET, "/v1/api-clients", &secret).await,
        403
    );
    assert_eq!(
        status_with(&t, Method::GET, "/v1/auth/me", &secret).await,
        403
    );

    // A typo is refused by the checksum before any read; an unknown well-formed key after one.
    let mut typo = secret.clone().into_bytes();
    typo[15] = if typo[15] == b'A' { b'B' } else { b'A' };
    let typo = String::from_utf8(typo).unwrap();
    t.stack.calls.reset();
    assert_eq!(status_with(&t, Method::GET, "/v1/people", &typo).await, 401);
    assert_eq!(t.stack.calls.total(), 0, "{:?}", t.stack.calls.snapshot());
    let unknown = access::partner::mint_key(access::partner::Mode::Live).secret;
    t.stack.calls.reset();
    assert_eq!(
        status_with(&t, Method::GET, "/v1/people", &unknown).await,
        401
    );
    assert_eq!(t.stack.calls.snapshot().get("DynamoDB.GetItem"), Some(&1));

    // Request budget of a key-authenticated call (after the first, which also stamps
    // last_used_at): the authorizer's GetItem, the limiter's UpdateItem, the usage UpdateItem.
    // Measured within the minute of the call before it: the first call of a new minute also
    // resets the limiter's minute window (one write more, by design).
    let calls = loop {
        let minute = || kernel::time::now().unix_timestamp() / 60;
        let before = minute();
        assert_eq!(
            status_with(&t, Method::GET, "/v1/rate-limits", &secret).await,
            200
        );
        t.stack.calls.reset();
        assert_eq!(
            status_with(&t, Method::GET, "/v1/rate-limits", &secret).await,
            200
        );
        if minute() == before {
            break t.stack.calls.snapshot();
        }
    };
    assert_eq!(calls.values().sum::<u64>(), 3, "{calls:?}");
    assert_eq!(calls.get("DynamoDB.GetItem"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("DynamoDB.UpdateItem"), Some(&2), "{calls:?}");
    let (_, listed) = t.call(&a, Method::GET, &path, None).await;
    assert!(listed["items"][0]["last_used_at"].is_string(), "{listed}");
}

#[tokio::test]
async fn scopes_are_enforced_on_every_route_of_the_permission_table() {
    // Every route permission is a scope or belongs to a user-only resource, and back.
    let routes = enrich_openapi::all_routes();
    for r in &routes {
        if let Access::Permission(p) = r.access {
            let resource = p.split('.').next().unwrap();
            assert!(
                access::partner::permission_scope(p).is_some()
                    || access::partner::USER_ONLY_RESOURCES.contains(&resource),
                "{} {} needs {p}, which no scope names and no rule keeps from keys",
                r.method,
                r.path
            );
        }
    }
    let t = TestStack::start().await;
    let a = t.register("scopes").await;
    let c = client(&t, &a, "enterprise", &["analytics:read"]).await;
    let k = key(&t, &a, &c, json!({"rate_limit_override": 10_000})).await;
    let secret = k["key"].as_str().unwrap();
    let mut checked = 0;
    for r in routes {
        let Access::Permission(p) = r.access else {
            continue;
        };
        if r.path.contains("+}") || r.method == "ANY" {
            continue;
        }
        let path = r
            .path
            .replace("{person_id}", "per_01HZX5R5B7Q6J3V9K2M4N8P0QR")
            .replace("{company_id}", "com_01HZX5R5B7Q6J3V9K2M4N8P0QR")
            .replace("{job_id}", "job_01HZX5R5B7Q6J3V9K2M4N8P0QR")
            .replace("{user_id}", "usr_01HZX5R5B7Q6J3V9K2M4N8P0QR")
            .replace("{session_id}", "ses_01HZX5R5B7Q6J3V9K2M4N8P0QR")
            .replace("{client_id}", "cli_01HZX5R5B7Q6J3V9K2M4N8P0QR")
            .replace("{key_id}", "key_01HZX5R5B7Q6J3V9K2M4N8P0QR")
            .replace("{name}", "sandbox");
        let method = Method::from_bytes(r.method.as_bytes()).unwrap();
        // Over 200 requests in a row pass the usage plan's burst (100 for enterprise, refilled at
        // 10 a second): a 429 is waited out as a client would, then the route asked again.
        let mut status = 429;
        for _ in 0..20 {
            let resp = with_key(&t, method.clone(), &path, secret)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            status = resp.status().as_u16();
            if status != 429 {
                break;
            }
            let wait = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(1)
                .clamp(1, 5);
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        }
        if p == "analytics.read" {
            assert_ne!(status, 403, "{} {path}", r.method);
        } else {
            assert_eq!(status, 403, "{} {path} needs {p}", r.method);
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} routes checked");
}

#[tokio::test]
async fn revoked_expired_suspended_and_deleted_credentials_stop_at_once() {
    let t = TestStack::start().await;
    let a = t.register("life").await;
    let c = client(&t, &a, "standard", &["people:read"]).await;
    let cid = c["id"].as_str().unwrap().to_owned();
    let k1 = key(&t, &a, &c, json!({})).await;
    let s1 = k1["key"].as_str().unwrap().to_owned();
    assert_eq!(status_with(&t, Method::GET, "/v1/people", &s1).await, 200);

    // Suspension stops the client's keys; reactivation restores them.
    let put = |status: &str| json!({"status": status});
    let (st, v) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/api-clients/{cid}"),
            Some(put("suspended")),
        )
        .await;
    assert_eq!((st, v["status"].as_str()), (200, Some("suspended")), "{v}");
    assert_eq!(status_with(&t, Method::GET, "/v1/people", &s1).await, 401);
    let (st, _) = t
        .call(
            &a,
            Method::POST,
            "/v1/api-keys",
            Some(json!({"client_id": cid, "name": "x"})),
        )
        .await;
    assert_eq!(st, 409, "no keys for a suspended client");
    t.call(
        &a,
        Method::PUT,
        &format!("/v1/api-clients/{cid}"),
        Some(put("active")),
    )
    .await;
    assert_eq!(status_with(&t, Method::GET, "/v1/people", &s1).await, 200);

    // Revocation.
    let kid = k1["id"].as_str().unwrap();
    let (st, _) = t
        .call(
            &a,
            Method::DELETE,
            &format!("/v1/api-clients/{cid}/api-keys/{kid}"),
            None,
        )
        .await;
    assert_eq!(st, 204);
    assert_eq!(status_with(&t, Method::GET, "/v1/people", &s1).await, 401);
    let (st, _) = t
        .call(
            &a,
            Method::DELETE,
            &format!("/v1/api-clients/{cid}/api-keys/{kid}"),
            None,
        )
        .await;
    assert_eq!(st, 204, "revoking twice is the same answer");

    // Expiry.
    let soon = time::OffsetDateTime::now_utc() + time::Duration::seconds(2);
    let k2 = key(
        &t,
        &a,
        &c,
        json!({"expires_at": kernel::time::rfc3339(soon)}),
    )
    .await;
    let s2 = k2["key"].as_str().unwrap().to_owned();
    assert_eq!(status_with(&t, Method::GET, "/v1/people", &s2).await, 200);
    tokio::time::sleep(std::time::Duration::from_millis(2600)).await;
    assert_eq!(status_with(&t, Method::GET, "/v1/people", &s2).await, 401);
    let (st, v) = t
        .call(
            &a,
            Method::POST,
            "/v1/api-keys",
            Some(json!({"client_id": cid, "name": "x",
            "expires_at": "2001-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!(st, 422);
    assert_eq!(v["errors"][0]["field"], "expires_at");

    // Deleting the client revokes every key at once.
    let k3 = key(&t, &a, &c, json!({})).await;
    let s3 = k3["key"].as_str().unwrap().to_owned();
    assert_eq!(status_with(&t, Method::GET, "/v1/people", &s3).await, 200);
    let (st, _) = t
        .call(&a, Method::DELETE, &format!("/v1/api-clients/{cid}"), None)
        .await;
    assert_eq!(st, 204);
    assert_eq!(status_with(&t, Method::GET, "/v1/people", &s3).await, 401);
    let (st, _) = t
        .call(&a, Method::GET, &format!("/v1/api-clients/{cid}"), None)
        .await;
    assert_eq!(st, 404);

    // The audit log has the story.
    let (_, log) = t
        .call(&a, Method::GET, "/v1/audit-events?limit=100", None)
        .await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for wanted in [
        "api_client.created",
        "api_client.suspended",
        "api_client.reactivated",
        "api_key.created",
        "api_key.revoked",
        "api_client.deleted",
    ] {
        assert!(
            actions.contains(&wanted),
            "{wanted} missing from {actions:?}"
        );
    }
}

#[tokio::test]
async fn keys_never_cross_tenants_and_test_keys_live_in_their_own_space() {
    let t = TestStack::start().await;
    let a = t.register("alpha").await;
    let b = t.register("beta").await;
    let ca = client(
        &t,
        &a,
        "enterprise",
        &["people:read", "people:write", "jobs:read"],
    )
    .await;
    let cb = client(&t, &b, "enterprise", &["people:read", "jobs:read"]).await;
    let live_a = key(&t, &a, &ca, json!({})).await["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let test_a = key(&t, &a, &ca, json!({"mode": "test"})).await["key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(test_a.starts_with("enr_test_"));
    let live_b = key(&t, &b, &cb, json!({})).await["key"]
        .as_str()
        .unwrap()
        .to_owned();

    // A's owner enriches (live); a test key enriches too, with the sandbox only.
    let (st, live) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich",
            Some(json!({"email": "ana@acme.com"})),
        )
        .await;
    assert_eq!(st, 201, "{live}");
    let live_id = live["record"]["id"].as_str().unwrap().to_owned();
    let resp = with_key(&t, Method::POST, "/v1/people/enrich", &test_a)
        .json(&json!({"email": "tess@acme.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    assert_eq!(resp.headers()["livemode"], "false");
    let test_rec: Value = resp.json().await.unwrap();
    assert_eq!(test_rec["livemode"], false);
    let calls = test_rec["calls"].as_array().unwrap();
    assert!(calls
        .iter()
        .all(|c| c["provider"] == "sandbox" || c["credits"] == 0.0));
    let test_id = test_rec["record"]["id"].as_str().unwrap().to_owned();

    // Live sees live only; test sees test only; B sees neither.
    assert_eq!(
        status_with(&t, Method::GET, &format!("/v1/people/{live_id}"), &live_a).await,
        200
    );
    assert_eq!(
        status_with(&t, Method::GET, &format!("/v1/people/{test_id}"), &live_a).await,
        404
    );
    assert_eq!(
        status_with(&t, Method::GET, &format!("/v1/people/{live_id}"), &test_a).await,
        404
    );
    assert_eq!(
        status_with(&t, Method::GET, &format!("/v1/people/{test_id}"), &test_a).await,
        200
    );
    let (st, _) = t
        .call(&a, Method::GET, &format!("/v1/people/{test_id}"), None)
        .await;
    assert_eq!(st, 404, "users live in the live space");
    assert_eq!(
        status_with(&t, Method::GET, &format!("/v1/people/{live_id}"), &live_b).await,
        404
    );
    let listed: Value = with_key(&t, Method::GET, "/v1/people", &test_a)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids, vec![test_id.as_str()]);

    // B's owner cannot see or revoke A's client or keys.
    let acid = ca["id"].as_str().unwrap();
    let (st, _) = t
        .call(&b, Method::GET, &format!("/v1/api-clients/{acid}"), None)
        .await;
    assert_eq!(st, 404);
    let (st, _) = t
        .call(
            &b,
            Method::POST,
            "/v1/api-keys",
            Some(json!({"client_id": acid, "name": "steal"})),
        )
        .await;
    assert_eq!(st, 422);
    let (_, list_b) = t.call(&b, Method::GET, "/v1/api-clients", None).await;
    assert_eq!(list_b["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_limiter_admits_exactly_the_limit_under_concurrency_and_says_so() {
    let t = TestStack::start().await;
    let a = t.register("limits").await;
    let c = client(&t, &a, "enterprise", &["analytics:read"]).await;
    let k = key(&t, &a, &c, json!({"rate_limit_override": 7})).await;
    let secret = k["key"].as_str().unwrap().to_owned();
    let sends = (0..20).map(|_| with_key(&t, Method::GET, "/v1/rate-limits", &secret).send());
    let answers = futures::future::join_all(sends).await;
    let mut ok = 0;
    let mut refused = Vec::new();
    for r in answers {
        let r = r.unwrap();
        match r.status().as_u16() {
            200 => {
                ok += 1;
                assert_eq!(r.headers()["x-ratelimit-limit"], "7");
                assert!(r.headers()["ratelimit-policy"]
                    .to_str()
                    .unwrap()
                    .contains("\"minute\";q=7;w=60"));
            }
            429 => refused.push(r),
            other => panic!("unexpected {other}"),
        }
    }
    // A minute boundary in the middle would reset the window; retry the count once if it did.
    assert!(ok == 7 || ok == 14, "admitted {ok} of 20 with a limit of 7");
    let r = refused.pop().unwrap();
    assert_eq!(r.headers()["x-ratelimit-remaining"], "0");
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    problem(r, 429).await;

    // The tier applies without an override, and a tier change applies at once.
    let k2 = key(&t, &a, &c, json!({})).await;
    let s2 = k2["key"].as_str().unwrap().to_owned();
    let r = with_key(&t, Method::GET, "/v1/rate-limits", &s2)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-ratelimit-limit"], "600");
    let tiers: Value = r.json().await.unwrap();
    assert_eq!(tiers["data"]["basic"]["requests_per_minute"], 60);
    let cid = c["id"].as_str().unwrap();
    let (st, _) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/api-clients/{cid}"),
            Some(json!({"rate_limit_tier": "premium"})),
        )
        .await;
    assert_eq!(st, 200);
    let r = with_key(&t, Method::GET, "/v1/rate-limits", &s2)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-ratelimit-limit"], "300");
}

#[tokio::test]
async fn usage_reports_count_exactly_the_requests_made() {
    let t = TestStack::start().await;
    let a = t.register("usage").await;
    let c = client(&t, &a, "enterprise", &["people:read", "analytics:read"]).await;
    let k = key(&t, &a, &c, json!({})).await;
    let secret = k["key"].as_str().unwrap().to_owned();
    for _ in 0..6 {
        assert_eq!(
            status_with(&t, Method::GET, "/v1/people", &secret).await,
            200
        );
    }
    for _ in 0..3 {
        assert_eq!(status_with(&t, Method::GET, "/v1/jobs", &secret).await, 403);
    }
    assert_eq!(
        status_with(&t, Method::GET, "/v1/rate-limits", &secret).await,
        200
    );
    let cid = c["id"].as_str().unwrap();
    let (st, u) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/api-clients/{cid}/usage?group_by=hour"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{u}");
    assert_eq!(u["total_requests"], 10, "{u}");
    assert_eq!(u["successful_requests"], 7);
    assert_eq!(u["failed_requests"], 3);
    assert_eq!(
        u["top_error_codes"],
        json!([{"status_code": 403, "count": 3}])
    );
    let by_endpoint = u["requests_by_endpoint"].as_array().unwrap();
    assert_eq!(by_endpoint[0]["endpoint"], "GET /v1/people");
    assert_eq!(by_endpoint[0]["count"], 6);
    let hours: u64 = u["requests_by_time"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(hours, 10);
    assert!(u["p95_response_time"].is_u64());
    let (st, d) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/api-clients/{cid}/dashboard"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{d}");
    assert_eq!(d["requests_today"], 10);
    assert_eq!(d["error_rate_7d"], 0.3);
    assert_eq!(d["keys_active"], 1);
    assert_eq!(d["current_usage"][0]["day"]["used"], 10);
    // The dashboard reads its keys and their windows in batches, not one read per key.
    key(&t, &a, &c, json!({})).await;
    key(&t, &a, &c, json!({})).await;
    t.stack.calls.reset();
    let (_, d) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/api-clients/{cid}/dashboard"),
            None,
        )
        .await;
    assert_eq!(d["keys_active"], 3);
    let calls = t.stack.calls.snapshot();
    assert_eq!(
        calls.get("DynamoDB.GetItem"),
        Some(&1),
        "the client only: {calls:?}"
    );
    // The authorizer's, the keys', the keys' windows.
    assert_eq!(calls.get("DynamoDB.BatchGetItem"), Some(&3), "{calls:?}");
    let (st, bad) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/api-clients/{cid}/usage?group_by=week"),
            None,
        )
        .await;
    assert_eq!(st, 400, "{bad}");
}

#[tokio::test]
async fn oauth2_client_credentials_buy_a_token_that_acts_like_a_key() {
    let t = TestStack::start().await;
    let a = t.register("oauth").await;
    let c = client(&t, &a, "enterprise", &["people:read", "analytics:read"]).await;
    let (id, secret) = (
        c["id"].as_str().unwrap(),
        c["client_secret"].as_str().unwrap(),
    );
    let form = |body: String| {
        t.http
            .post(t.url("/v1/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let resp = form("grant_type=client_credentials&scope=people:read".into())
        .basic_auth(id, Some(secret))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let token: Value = resp.json().await.unwrap();
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(token["scope"], "people:read");
    let bearer = token["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        status_with(&t, Method::GET, "/v1/people", &bearer).await,
        200
    );
    assert_eq!(
        status_with(&t, Method::GET, "/v1/rate-limits", &bearer).await,
        403
    );

    for (body, status, error) in [
        (format!("grant_type=client_credentials&client_id={id}&client_secret=wrong"), 401, "invalid_client"),
        (format!("grant_type=password&client_id={id}&client_secret={secret}"), 400, "unsupported_grant_type"),
        (format!("grant_type=client_credentials&client_id={id}&client_secret={secret}&scope=users:read"), 400, "invalid_scope"),
        ("client_id=x".to_owned(), 400, "invalid_request"),
    ] {
        let r = form(body).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"], error, "{v}");
    }

    // Suspension stops tokens already issued.
    t.call(
        &a,
        Method::PUT,
        &format!("/v1/api-clients/{id}"),
        Some(json!({"status": "suspended"})),
    )
    .await;
    assert_eq!(
        status_with(&t, Method::GET, "/v1/people", &bearer).await,
        401
    );
    let r = form(format!(
        "grant_type=client_credentials&client_id={id}&client_secret={secret}"
    ))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn keys_are_registered_in_their_tier_usage_plan_and_the_gateway_meters_them() {
    let t = TestStack::start().await;
    let a = t.register("plans").await;
    let c = client(&t, &a, "basic", &["analytics:read"]).await;
    let k = key(&t, &a, &c, json!({"rate_limit_override": 1000})).await;
    assert_eq!(k["gateway_synced"], true, "{k}");
    let secret = k["key"].as_str().unwrap().to_owned();
    let hash = access::partner::key_hash(&secret);
    let apigw = platform::aws_client!(aws_sdk_apigateway, t.stack.admin.sdk_base());
    let find_plan = || async {
        let (id, enabled) = gateway_keys(&apigw, &hash)
            .await
            .pop()
            .expect("the key is registered under its hash");
        (enabled, plans_of(&apigw, &id).await)
    };
    let (enabled, plans) = find_plan().await;
    assert!(enabled);
    assert_eq!(plans.len(), 1);
    assert!(plans[0].ends_with("-BasicUsagePlan"), "{plans:?}");

    // Basic: a bucket of 10 at 1 request/s. A burst of 25 is throttled by the gateway itself.
    let sends = (0..25).map(|_| with_key(&t, Method::GET, "/v1/rate-limits", &secret).send());
    let answers = futures::future::join_all(sends).await;
    let throttled: Vec<_> = answers
        .into_iter()
        .map(|r| r.unwrap())
        .filter(|r| r.status() == 429)
        .collect();
    assert!(throttled.len() >= 10, "only {} throttled", throttled.len());
    let body: Value = throttled.into_iter().next().unwrap().json().await.unwrap();
    assert_eq!(
        body["title"], "Too Many Requests",
        "API Gateway's own answer: {body}"
    );

    // A tier change moves the key to the new plan; a revoke disables it.
    let cid = c["id"].as_str().unwrap();
    t.call(
        &a,
        Method::PUT,
        &format!("/v1/api-clients/{cid}"),
        Some(json!({"rate_limit_tier": "premium"})),
    )
    .await;
    let (_, plans) = find_plan().await;
    assert_eq!(plans.len(), 1);
    assert!(plans[0].ends_with("-PremiumUsagePlan"), "{plans:?}");
    let kid = k["id"].as_str().unwrap();
    t.call(
        &a,
        Method::DELETE,
        &format!("/v1/api-clients/{cid}/api-keys/{kid}"),
        None,
    )
    .await;
    let (enabled, _) = find_plan().await;
    assert!(!enabled);

    // Test keys go to the test plan, which has no quota.
    let tk = key(&t, &a, &c, json!({"mode": "test"})).await;
    let thash = access::partner::key_hash(tk["key"].as_str().unwrap());
    let (tid, _) = gateway_keys(&apigw, &thash).await.pop().unwrap();
    let plans = apigw.get_usage_plans().key_id(tid).send().await.unwrap();
    let plan = &plans.items()[0];
    assert!(plan.name().unwrap().ends_with("-TestUsagePlan"));
    assert!(plan.quota().is_none_or(|q| q.limit() == 0));
}

#[tokio::test]
async fn client_and_key_input_is_checked_field_by_field() {
    let t = TestStack::start().await;
    let a = t.register("checks").await;
    let viewer = t
        .invite_and_join(&a, "viewer@checks.example", "viewer")
        .await;
    let (st, v) = t
        .call(&a, Method::POST, "/v1/api-clients", Some(json!({"name": "", "contact_email": "nope",
            "scopes": ["people:read", "users:read", "people:read"], "website": "http://x.example"})))
        .await;
    assert_eq!(st, 422);
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    for f in ["name", "contact_email", "scopes[1]", "scopes[2]", "website"] {
        assert!(fields.contains(&f), "{f} not named in {fields:?}");
    }
    // URLs are https on a DNS name (as the document's pattern says), and metadata is a flat map
    // of at most 20 labelled scalars: each refusal names its field, and nothing is created.
    let base =
        json!({"name": "Acme", "contact_email": "dev@acme.example", "scopes": ["people:read"]});
    for (change, field) in [
        (
            json!({"logo_url": "https://203.0.113.9/logo.png"}),
            "logo_url",
        ),
        (json!({"website": "https://localhost/"}), "website"),
        (
            json!({"redirect_uris": ["https://acme.example/cb", "https://acme.example:99999/"]}),
            "redirect_uris[1]",
        ),
        (
            json!({"metadata": {"crm": {"nested": true}}}),
            "metadata.crm",
        ),
        (json!({"metadata": {"bad key": "x"}}), "metadata.bad key"),
        (
            json!({"metadata": {"note": "x".repeat(501)}}),
            "metadata.note",
        ),
    ] {
        let mut body = base.clone();
        body.as_object_mut()
            .unwrap()
            .extend(change.as_object().unwrap().clone());
        let (st, v) = t
            .call(&a, Method::POST, "/v1/api-clients", Some(body.clone()))
            .await;
        assert_eq!(st, 422, "{body}: {v}");
        assert_eq!(v["errors"][0]["field"], field, "{body}: {v}");
    }
    let many: serde_json::Map<String, Value> =
        (0..21).map(|i| (format!("k{i}"), json!(i))).collect();
    let mut body = base.clone();
    body["metadata"] = Value::Object(many);
    let (st, v) = t
        .call(&a, Method::POST, "/v1/api-clients", Some(body))
        .await;
    assert_eq!(st, 422, "{v}");
    assert_eq!(v["errors"][0]["field"], "metadata");
    let (_, listed) = t.call(&a, Method::GET, "/v1/api-clients", None).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 0, "{listed}");
    let mut body = base.clone();
    // Any JSON number is kept, even one DynamoDB's numbers cannot hold (stored as JSON text).
    body["metadata"] = json!({"crm.id": "0015g00000XyZ", "seats": 12, "beta": true,
        "big": 1.7976931348623157e308, "tiny": 5e-324});
    body["redirect_uris"] = json!(["https://app.acme.example:8443/oauth/callback?x=1"]);
    let (st, v) = t
        .call(&a, Method::POST, "/v1/api-clients", Some(body))
        .await;
    assert_eq!(st, 201, "{v}");
    assert_eq!(v["metadata"]["seats"], 12);
    let id = v["id"].as_str().unwrap().to_owned();
    let (_, read) = t
        .call(&a, Method::GET, &format!("/v1/api-clients/{id}"), None)
        .await;
    assert_eq!(read["metadata"]["big"], 1.7976931348623157e308, "{read}");
    assert_eq!(read["metadata"]["tiny"], 5e-324, "{read}");
    let (st, v) = t
        .call(&a, Method::DELETE, &format!("/v1/api-clients/{id}"), None)
        .await;
    assert!(st == 204 || st == 200, "{st} {v}");
    // A viewer may not manage clients.
    let (st, _) = t
        .call(
            &viewer,
            Method::POST,
            "/v1/api-clients",
            Some(json!({"name": "x",
            "contact_email": "a@b.example", "scopes": ["people:read"]})),
        )
        .await;
    assert_eq!(st, 403);
    // A key's scopes must be within its client's.
    let c = client(&t, &a, "basic", &["people:read"]).await;
    let (st, v) = t
        .call(
            &a,
            Method::POST,
            "/v1/api-keys",
            Some(json!({"client_id": c["id"], "name": "k",
            "scopes": ["people:write"], "rate_limit_override": 0})),
        )
        .await;
    assert_eq!(st, 422);
    assert!(v.to_string().contains("outside_client_scopes"), "{v}");
    assert!(v.to_string().contains("rate_limit_override"), "{v}");
    let (st, v) = t
        .call(
            &a,
            Method::GET,
            "/v1/api-clients?search=acme&rate_limit_tier=basic",
            None,
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (_, none) = t
        .call(&a, Method::GET, "/v1/api-clients?search=zzz", None)
        .await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let scopes: Value = t.get("/v1/scopes").await.json().await.unwrap();
    assert!(scopes["items"].as_array().unwrap().len() >= 10);
}

#[tokio::test]
async fn a_registration_left_half_way_is_finished_by_the_sweep() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let t = TestStack::start().await;
    let a = t.register("reconcile").await;
    let c = client(&t, &a, "basic", &["people:read"]).await;
    let k = key(&t, &a, &c, json!({})).await;
    let hash = access::partner::key_hash(k["key"].as_str().unwrap());
    let apigw = platform::aws_client!(aws_sdk_apigateway, t.stack.admin.sdk_base());
    let registered = |apigw: aws_sdk_apigateway::Client, hash: String| async move {
        let keys = gateway_keys(&apigw, &hash).await;
        keys.into_iter().map(|(id, _)| id).collect::<Vec<_>>()
    };
    let ids = registered(apigw.clone(), hash.clone()).await;
    assert_eq!(ids.len(), 1);
    // A crash after CreateApiKey: the key left its plan and the item forgot the registration.
    let plans = apigw
        .get_usage_plans()
        .key_id(&ids[0])
        .send()
        .await
        .unwrap();
    let plan_id = plans.items()[0].id().unwrap().to_owned();
    apigw
        .delete_usage_plan_key()
        .usage_plan_id(&plan_id)
        .key_id(&ids[0])
        .send()
        .await
        .unwrap();
    let pending = store::keys::gateway_pending("key", &hash);
    t.state()
        .store
        .update_where::<Value>(
            &store::keys::api_key(&hash),
            "SET #gw = :g, #p = :p, #s = :s",
            "attribute_exists(#gw)",
            &[
                ("#gw", "gateway"),
                ("#p", store::keys::GSI2PK),
                ("#s", store::keys::GSI2SK),
            ],
            &[
                (
                    ":g",
                    AttributeValue::M([("synced".to_owned(), AttributeValue::Bool(false))].into()),
                ),
                (":p", AttributeValue::S(pending.pk().into())),
                (":s", AttributeValue::S(pending.sk().into())),
            ],
        )
        .await
        .unwrap();
    let cid = c["id"].as_str().unwrap();
    let (_, listed) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/api-clients/{cid}/api-keys"),
            None,
        )
        .await;
    assert_eq!(listed["items"][0]["gateway_synced"], false);

    let sweep = t.stack.function("PartnerSweepFunction").unwrap();
    (sweep.schedule.unwrap())(&sweep.state, json!({"sweep": "partners"}))
        .await
        .unwrap();
    let ids = registered(apigw.clone(), hash.clone()).await;
    assert_eq!(
        ids.len(),
        1,
        "the sweep found the existing key instead of making another"
    );
    let plans = apigw
        .get_usage_plans()
        .key_id(&ids[0])
        .send()
        .await
        .unwrap();
    assert_eq!(plans.items().len(), 1);
    assert_eq!(plans.items()[0].id(), Some(plan_id.as_str()));
    let (_, listed) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/api-clients/{cid}/api-keys"),
            None,
        )
        .await;
    assert_eq!(listed["items"][0]["gateway_synced"], true);
    // Nothing is left pending, so the next sweep does nothing.
    let left: Vec<Value> = t
        .state()
        .store
        .query_first(
            &store::keys::gateway_pending_shard(store::keys::shard_of(&format!("key#{hash}"))),
            100,
        )
        .await
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn the_local_gateway_applies_usage_plan_quotas_and_disabled_keys_as_api_gateway_does() {
    use enrich_local::usage_plans::Verdict;
    let t = TestStack::start().await;
    let prefix = t.stack.bindings.refs["Table"]
        .trim_end_matches("-Table")
        .to_owned();
    let apigw = platform::aws_client!(aws_sdk_apigateway, t.stack.admin.sdk_base());
    let plan = apigw
        .create_usage_plan()
        .name(format!("{prefix}-QuotaProbe"))
        .throttle(
            aws_sdk_apigateway::types::ThrottleSettings::builder()
                .rate_limit(100.0)
                .burst_limit(100)
                .build(),
        )
        .quota(
            aws_sdk_apigateway::types::QuotaSettings::builder()
                .limit(3)
                .period(aws_sdk_apigateway::types::QuotaPeriodType::Day)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let value = format!("probe-{}", ulid::Ulid::new()).to_lowercase();
    let key = apigw
        .create_api_key()
        .name(&value)
        .value(&value)
        .enabled(true)
        .send()
        .await
        .unwrap();
    apigw
        .create_usage_plan_key()
        .usage_plan_id(plan.id().unwrap())
        .key_id(key.id().unwrap())
        .key_type("API_KEY")
        .send()
        .await
        .unwrap();
    let plans = &t.stack.usage_plans;
    for _ in 0..3 {
        assert_eq!(plans.check(&value).await.unwrap(), Verdict::Pass);
    }
    assert_eq!(plans.check(&value).await.unwrap(), Verdict::QuotaExceeded);
    assert_eq!(
        plans.check("never-registered-value-000").await.unwrap(),
        Verdict::Forbidden
    );
    apigw
        .update_api_key()
        .api_key(key.id().unwrap())
        .patch_operations(
            aws_sdk_apigateway::types::PatchOperation::builder()
                .op(aws_sdk_apigateway::types::Op::Replace)
                .path("/enabled")
                .value("false")
                .build(),
        )
        .send()
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(plans.check(&value).await.unwrap(), Verdict::Forbidden);
}

#[test]
fn the_readme_shows_the_examples_that_are_tested() {
    let root = enrich_tests::workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for file in ["quickstart.sh", "enrich.py", "enrich.mjs"] {
        let text = std::fs::read_to_string(root.join("tests/examples").join(file)).unwrap();
        assert!(
            readme.contains(text.trim_end()),
            "README.md must show tests/examples/{file} as it is"
        );
    }
}

#[tokio::test]
async fn the_webhook_event_catalogue_lists_every_event_with_its_schema_and_an_example() {
    let t = TestStack::start().await;
    // Public, like the scope list: it holds no organisation's data.
    let resp = t.get("/v1/webhook-events").await;
    assert_eq!(resp.status(), 200);
    let catalogue: Value = resp.json().await.unwrap();
    assert_eq!(catalogue["version"], 1);
    let items = catalogue["items"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["type"].as_str().unwrap()).collect();
    for wanted in [
        "person.enriched",
        "person.updated",
        "person.erased",
        "company.enriched",
        "company.updated",
        "job.completed",
        "job.failed",
        "api_key.created",
        "api_key.revoked",
        "campaign.started",
        "campaign.paused",
        "campaign.finished",
        "contact.unsubscribed",
        "webhook.disabled",
        "webhook.test",
        "quota.threshold_reached",
        "provider.credits_low",
    ] {
        assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
    }
    for item in items {
        let schema = &item["schema"];
        assert_eq!(schema["type"], "object", "{item}");
        let properties = schema["properties"].as_object().unwrap();
        let example = item["example"].as_object().unwrap();
        // The example is a `data` of this type: the same fields, every required one set.
        let mut a: Vec<&String> = properties.keys().collect();
        let mut b: Vec<&String> = example.keys().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{}", item["type"]);
        for required in schema["required"].as_array().into_iter().flatten() {
            assert!(!example[required.as_str().unwrap()].is_null(), "{item}");
        }
        // Ids and field names, never raw provider answers or secrets.
        for banned in ["raw", "secret", "password", "token"] {
            assert!(
                !properties.keys().any(|k| k.contains(banned)),
                "{}: {banned}",
                item["type"]
            );
        }
        assert!(!item["description"].as_str().unwrap().is_empty());
    }
}
