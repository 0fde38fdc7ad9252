//! Issue 27 #1: signed-in callers are limited per user, under their organisation's tier, with
//! requests weighed by their route's class; one organisation spending its limits leaves every
//! other organisation (and the organisation's other users) untouched.

use enrich_tests::{Account, TestStack};
use reqwest::Method;
use serde_json::{json, Value};

/// A request's status and its `X-RateLimit-Remaining`.
async fn remaining(
    t: &TestStack,
    a: &Account,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, u64) {
    let mut req = t.authed(method, path, &a.access);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.expect("request");
    let left = resp
        .headers()
        .get("x-ratelimit-remaining")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("x-ratelimit-remaining on every signed-in answer");
    (resp.status().as_u16(), left)
}

fn minute() -> i64 {
    kernel::time::now().unix_timestamp() / 60
}

async fn set_tier(t: &TestStack, tenant: &str, tier: &str) -> Result<(), String> {
    enrich_local::ticker::invoke(
        &t.stack,
        "OrganizationTierFunction",
        json!({"tenant": tenant, "tier": tier}),
    )
    .await
    .map_err(|e| e.to_string())
}

/// Sets `plan`'s token bucket (rate per second, burst) in the stack's emulated API Gateway; the
/// local gateway reads it within a second.
async fn set_plan_throttle(t: &TestStack, plan: &str, rate: u32, burst: u32) {
    let apigw = platform::aws_client!(aws_sdk_apigateway, t.stack.admin.sdk_base());
    let patch = |path: &str, value: u32| {
        aws_sdk_apigateway::types::PatchOperation::builder()
            .op(aws_sdk_apigateway::types::Op::Replace)
            .path(path)
            .value(value.to_string())
            .build()
    };
    apigw
        .update_usage_plan()
        .usage_plan_id(&t.stack.bindings.refs[plan])
        .patch_operations(patch("/throttle/rateLimit", rate))
        .patch_operations(patch("/throttle/burstLimit", burst))
        .send()
        .await
        .unwrap();
}

async fn lift_organisation_plans(t: &TestStack) {
    for plan in ["OrgBasicUsagePlan", "OrgStandardUsagePlan"] {
        set_plan_throttle(t, plan, 10_000, 10_000).await;
    }
}

#[tokio::test]
async fn one_organisation_spending_its_limit_leaves_the_others_untouched() {
    // The documented figures (other tests lift them: their one user polls far faster than a person).
    let t = TestStack::start_with(&[("UserLimitMultiplier", "1")]).await;
    // This test is about the in-app layer: the organisations' gateway plans are lifted, so a
    // user's quick loop meets their own minute first (the gateway layer has its own test below).
    lift_organisation_plans(&t).await;
    let a = t.register("limits-a").await;
    let a2 = t
        .invite_and_join(&a, "second@limits-a.example", "member")
        .await;
    let b = t.register("limits-b").await;

    // Owners see their tier, what it allows each user, and what a request weighs.
    let (status, limits) = t.get_as(&a, "/v1/organization/limits").await;
    assert_eq!(status, 200, "{limits}");
    assert_eq!(limits["tier"], "standard", "{limits}");
    assert_eq!(limits["per_user"]["per_minute"], 300, "{limits}");
    assert_eq!(
        (
            limits["weights"]["read"].as_u64(),
            limits["weights"]["bulk"].as_u64()
        ),
        (Some(1), Some(20))
    );
    assert_eq!(limits["yours"][0]["window"], "minute", "{limits}");

    // Only an operator moves a tier: an unknown organisation or tier is refused, nothing created.
    assert!(set_tier(&t, "ten_01JD8X3Q6ZC1V9M7R2K4T5W6YA", "basic")
        .await
        .is_err());
    assert!(set_tier(&t, &a.tenant_id, "platinum").await.is_err());
    set_tier(&t, &a.tenant_id, "basic")
        .await
        .expect("tier change");
    let (_, limits) = t.get_as(&a, "/v1/organization/limits").await;
    assert_eq!(
        (
            limits["tier"].as_str(),
            limits["per_user"]["per_minute"].as_u64()
        ),
        (Some("basic"), Some(120)),
        "{limits}"
    );
    let (_, audit) = t
        .get_as(&a, "/v1/audit-events?action=organization.tier_changed")
        .await;
    assert!(
        audit["items"]
            .as_array()
            .is_some_and(|d| d.iter().any(|e| e["action"] == "organization.tier_changed")),
        "{audit}"
    );

    // A request weighs by its class: a read 1, a write 2, an enrichment 5 (even one refused for
    // its body: it was admitted first). Measured within one minute of the limiter.
    loop {
        let at = minute();
        let (_, r0) = remaining(&t, &b, Method::GET, "/v1/auth/me", None).await;
        let (_, r1) = remaining(&t, &b, Method::GET, "/v1/auth/me", None).await;
        let (_, r2) = remaining(
            &t,
            &b,
            Method::PUT,
            &format!("/v1/users/{}/preferences", b.user_id),
            Some(json!({"language": "en"})),
        )
        .await;
        let (_, r3) = remaining(&t, &b, Method::POST, "/v1/people/enrich", Some(json!({}))).await;
        if minute() == at {
            assert_eq!((r0 - r1, r1 - r2, r2 - r3), (1, 2, 5));
            break;
        }
    }

    // A's first user spends their minute: the next request is a 429 with Retry-After and the
    // limit headers, and nothing of it ran.
    let mut refused = None;
    for _ in 0..400 {
        let resp = t
            .authed(Method::GET, "/v1/auth/me", &a.access)
            .send()
            .await
            .expect("request");
        if resp.status() == 429 {
            refused = Some(resp);
            break;
        }
        assert_eq!(resp.status(), 200);
    }
    let resp = refused.expect("a 429 within the minute's 120 units");
    let header = |n: &str| {
        resp.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert!(header("retry-after")
        .is_some_and(|s| s.parse::<u64>().is_ok_and(|n| (1..=60).contains(&n))));
    assert_eq!(header("x-ratelimit-remaining").as_deref(), Some("0"));
    assert_eq!(header("x-ratelimit-limit").as_deref(), Some("120"));
    assert!(header("ratelimit-policy").is_some_and(|p| p.contains("\"minute\";q=120;w=60")));
    assert!(header("content-type").is_some_and(|c| c.starts_with("application/problem+json")));

    // Meanwhile another organisation, and A's other user, are served in full.
    for _ in 0..20 {
        assert_eq!(t.get_as(&b, "/v1/auth/me").await.0, 200);
        assert_eq!(t.get_as(&a2, "/v1/auth/me").await.0, 200);
    }
}

/// The usage plans (names) the organisation's own API Gateway key is in; `None` when it has none.
async fn organisation_plans(
    apigw: &aws_sdk_apigateway::Client,
    tenant: &str,
) -> Option<Vec<String>> {
    let name = format!("org-{tenant}");
    let keys = apigw
        .get_api_keys()
        .name_query(&name)
        .limit(10)
        .send()
        .await
        .unwrap();
    let key = keys.items().iter().find(|k| k.name() == Some(&name))?;
    let plans = apigw
        .get_usage_plans()
        .key_id(key.id().unwrap())
        .send()
        .await
        .unwrap();
    Some(
        plans
            .items()
            .iter()
            .filter_map(|p| p.name().map(str::to_owned))
            .collect(),
    )
}

/// How many of `n` quick requests of `a` the gateway refused as THROTTLED (429, problem+json);
/// every other one must succeed.
async fn throttled_of(t: &TestStack, a: &Account, n: usize) -> usize {
    let mut refused = 0;
    for _ in 0..n {
        let resp = t
            .authed(Method::GET, "/v1/auth/me", &a.access)
            .send()
            .await
            .expect("request");
        match resp.status().as_u16() {
            200 => {}
            429 => {
                assert!(resp.headers().get("retry-after").is_some());
                let body: Value = resp.json().await.unwrap();
                assert_eq!(body["status"], 429, "{body}");
                refused += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    refused
}

#[tokio::test]
async fn each_organisation_is_held_by_its_own_usage_plan_at_the_gateway() {
    let t = TestStack::start().await;
    let prefix = t.stack.bindings.refs["Table"]
        .trim_end_matches("-Table")
        .to_owned();
    let apigw = platform::aws_client!(aws_sdk_apigateway, t.stack.admin.sdk_base());
    // The standard tier's organisation plan made tiny, so one organisation can spend it here.
    set_plan_throttle(&t, "OrgStandardUsagePlan", 1, 5).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    let a = t.register("gateway-a").await;
    let b = t.register("gateway-b").await;
    // New organisations share the first-party key until the sweep registers their own: nothing
    // of theirs is at the gateway yet, and nobody is refused meanwhile.
    assert_eq!(organisation_plans(&apigw, &a.tenant_id).await, None);
    assert_eq!(throttled_of(&t, &a, 12).await, 0);

    enrich_local::ticker::invoke(&t.stack, "PartnerSweepFunction", json!({}))
        .await
        .expect("sweep");
    for org in [&a, &b] {
        assert_eq!(
            organisation_plans(&apigw, &org.tenant_id).await,
            Some(vec![format!("{prefix}-OrgStandardUsagePlan")])
        );
    }
    // A spends its organisation's bucket: the gateway refuses the rest with 429 THROTTLED ...
    let refused = throttled_of(&t, &a, 20).await;
    assert!(refused >= 5, "only {refused} of 20 refused");
    // ... while B, on the same tier, has a bucket of its own and is served in full.
    assert_eq!(throttled_of(&t, &b, 4).await, 0);

    // An organisation stored before tiers existed (no `tier` attribute) can be moved too.
    let key = store::keys::tenant(&a.tenant_id.parse().unwrap());
    let store = &t.state().store;
    store
        .client()
        .update_item()
        .table_name(store.table())
        .key(
            "PK",
            aws_sdk_dynamodb::types::AttributeValue::S(key.pk().to_owned()),
        )
        .key(
            "SK",
            aws_sdk_dynamodb::types::AttributeValue::S(key.sk().to_owned()),
        )
        .update_expression("REMOVE tier")
        .send()
        .await
        .unwrap();
    // An operator moves A to premium: its key moves to that plan, and A is served again.
    set_tier(&t, &a.tenant_id, "premium").await.expect("tier");
    assert_eq!(
        organisation_plans(&apigw, &a.tenant_id).await,
        Some(vec![format!("{prefix}-OrgPremiumUsagePlan")])
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(throttled_of(&t, &a, 12).await, 0);
    // Nothing is left pending: the next sweep registers nothing again.
    enrich_local::ticker::invoke(&t.stack, "PartnerSweepFunction", json!({}))
        .await
        .expect("sweep");
    assert_eq!(
        organisation_plans(&apigw, &a.tenant_id).await,
        Some(vec![format!("{prefix}-OrgPremiumUsagePlan")])
    );
}
