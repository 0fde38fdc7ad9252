//! Credit and quota alerts: thresholds per organisation; a quota or an own-key balance crossing one
//! writes an audit event, puts an event on the bus and mails the owners and admins, once per
//! threshold and month, however often or concurrently the check runs.

use super::*;
use crate::jobs::{tap_events_from, tapped};
use enrich_tests::fresh_email;
use kernel::ids::TenantId;

async fn check(t: &TestStack, a: &Account) -> operations::alerts::CheckReport {
    let tenant: TenantId = a.tenant_id.parse().unwrap();
    operations::alerts::check(t.state(), &tenant).await.unwrap()
}

fn alerts_of(report: &operations::alerts::CheckReport) -> Vec<(String, String, u8)> {
    report
        .alerts
        .iter()
        .map(|a| {
            let v = serde_json::to_value(a).unwrap();
            (
                v["kind"].as_str().unwrap().to_owned(),
                v["provider"].as_str().unwrap().to_owned(),
                a.threshold,
            )
        })
        .collect()
}

async fn credits_answer(server: &MockServer, key: &str, credits: u64) {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/zerobounce/getcredits"))
        .and(query_param("api_key", key))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Credits": credits})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn thresholds_are_checked_field_by_field_and_kept_per_organisation() {
    let t = TestStack::start().await;
    let a = t.register("alert-settings").await;
    let (status, defaults) = t
        .call(&a, Method::GET, "/v1/organization/alerts", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(defaults["thresholds"], json!([80, 95]));
    let (status, problem) = t
        .call(
            &a,
            Method::PUT,
            "/v1/organization/alerts",
            Some(json!({"thresholds": [0, 101, 50, 50]})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"thresholds[0]") && fields.contains(&"thresholds[1]"));
    assert!(
        fields.contains(&"thresholds"),
        "duplicates named: {problem}"
    );
    let (status, set) = t
        .call(
            &a,
            Method::PUT,
            "/v1/organization/alerts",
            Some(json!({"thresholds": [90, 50], "version": 0})),
        )
        .await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set["thresholds"], json!([50, 90]), "sorted");
    let (status, _) = t
        .call(
            &a,
            Method::PUT,
            "/v1/organization/alerts",
            Some(json!({"thresholds": [70], "version": 0})),
        )
        .await;
    assert_eq!(status, 409, "a stale version");
    let b = t.register("alert-settings-other").await;
    let (_, theirs) = t
        .call(&b, Method::GET, "/v1/organization/alerts", None)
        .await;
    assert_eq!(theirs["thresholds"], json!([80, 95]));
}

#[tokio::test]
async fn quota_and_credit_thresholds_alert_once_each_by_audit_event_bus_and_mail() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo,zerobounce").await;
    let a = t.register("alerts").await;
    let admin_email = fresh_email("admin", "alerts.example");
    let member_email = fresh_email("member", "alerts.example");
    t.invite_and_join(&a, &admin_email, "admin").await;
    t.invite_and_join(&a, &member_email, "member").await;
    let tap = tap_events_from(&t, operations::alerts::EVENT_SOURCE).await;
    // The alert's event travels from the table's stream to the bus with the workers.
    let _workers = t.start_workers(1);
    let (status, _) = t
        .call(
            &a,
            Method::PUT,
            "/v1/organization/alerts",
            Some(json!({"thresholds": [50, 90]})),
        )
        .await;
    assert_eq!(status, 200);

    // Nothing configured to watch: nothing to say.
    assert!(check(&t, &a).await.readings.is_empty());

    // A quota of 4 Apollo calls; two made = 50%.
    let (status, _) = t
        .call(
            &a,
            Method::PATCH,
            "/v1/providers/apollo",
            Some(json!({"monthly_quota": 4})),
        )
        .await;
    assert_eq!(status, 200);
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("jane@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    for i in 0..2 {
        enrich(
            &t,
            &a,
            "/v1/people/enrich",
            &json!({"email": format!("q{i}@acme.com")}),
        )
        .await;
    }
    let first = check(&t, &a).await;
    assert_eq!(alerts_of(&first), [("quota".into(), "apollo".into(), 50)]);
    // Again, and twice at once: already sent this month.
    assert!(check(&t, &a).await.alerts.is_empty());
    let (x, y) = tokio::join!(check(&t, &a), check(&t, &a));
    assert!(x.alerts.is_empty() && y.alerts.is_empty());

    let owner_mails = t.mails_to(&a.email);
    let alerts_mailed = |to: &str| {
        t.mails_to(to)
            .into_iter()
            .filter(|m| m.kind == "usage_alert")
            .collect::<Vec<_>>()
    };
    assert_eq!(alerts_mailed(&a.email).len(), 1, "{owner_mails:?}");
    assert!(alerts_mailed(&a.email)[0]
        .subject
        .contains("50% of this month's quota"));
    assert_eq!(alerts_mailed(&admin_email).len(), 1);
    assert!(
        alerts_mailed(&member_email).is_empty(),
        "members are not mailed"
    );

    // The other two calls: 100% crosses 90.
    for i in 2..4 {
        enrich(
            &t,
            &a,
            "/v1/people/enrich",
            &json!({"email": format!("q{i}@acme.com")}),
        )
        .await;
    }
    let full = check(&t, &a).await;
    assert_eq!(alerts_of(&full), [("quota".into(), "apollo".into(), 90)]);
    assert_eq!(alerts_mailed(&a.email).len(), 2);

    // Credits on the organisation's own ZeroBounce key: 1,000 is the month's reference; 400 is
    // 60% used (crosses 50); 50 is 95% (crosses 90); a top-up to 5,000 raises the reference.
    let (status, _) = t
        .call(
            &a,
            Method::PUT,
            "/v1/providers/zerobounce/credentials",
            Some(json!({"api_key": "zb-own-key-7777"})),
        )
        .await;
    assert_eq!(status, 200);
    credits_answer(&server, "zb-own-key-7777", 1000).await;
    let r = check(&t, &a).await;
    assert!(
        alerts_of(&r).iter().all(|(k, _, _)| k != "credits"),
        "{r:?}"
    );
    credits_answer(&server, "zb-own-key-7777", 400).await;
    assert_eq!(
        alerts_of(&check(&t, &a).await),
        [("credits".into(), "zerobounce".into(), 50)]
    );
    credits_answer(&server, "zb-own-key-7777", 50).await;
    assert_eq!(
        alerts_of(&check(&t, &a).await),
        [("credits".into(), "zerobounce".into(), 90)]
    );
    credits_answer(&server, "zb-own-key-7777", 5000).await;
    assert!(check(&t, &a).await.alerts.is_empty());

    // Each alert: one audit event, one event on the bus.
    let (_, log) = t
        .call(&a, Method::GET, "/v1/audit-events?action=alert.", None)
        .await;
    let mut actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    actions.sort_unstable();
    assert_eq!(
        actions,
        [
            "alert.provider.credits_low",
            "alert.provider.credits_low",
            "alert.quota.threshold_reached",
            "alert.quota.threshold_reached"
        ]
    );
    let events = tapped(&t, &tap).await;
    let mut seen: Vec<(String, String, u64)> = events
        .iter()
        .map(|e| {
            (
                e["detail-type"].as_str().unwrap().to_owned(),
                e["detail"]["data"]["provider"].as_str().unwrap().to_owned(),
                e["detail"]["data"]["threshold"].as_u64().unwrap(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("provider.credits_low".into(), "zerobounce".into(), 50),
            ("provider.credits_low".into(), "zerobounce".into(), 90),
            ("quota.threshold_reached".into(), "apollo".into(), 50),
            ("quota.threshold_reached".into(), "apollo".into(), 90),
        ]
    );
    assert!(events
        .iter()
        .all(|e| e["detail"]["tenant_id"] == a.tenant_id.as_str()));

    // Another organisation's check sees none of this.
    let b = t.register("alerts-other").await;
    assert!(check(&t, &b).await.alerts.is_empty());
}
