//! Data rights: per-organisation retention settings (bounds, audit, TTLs set at write time, the
//! sweep that deletes what a TTL cannot) and the export of everything held about a person.

use access::model::AuditEvent;
use aws_sdk_dynamodb::types::AttributeValue;
use enrich_tests::{fresh_email, Account, TestStack};
use kernel::ids::TenantId;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::HashMap;

type Item = HashMap<String, AttributeValue>;

const DAY: i64 = 86_400;

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn tenant(a: &Account) -> TenantId {
    a.tenant_id.parse().unwrap()
}

fn s<'a>(item: &'a Item, name: &str) -> &'a str {
    match item.get(name) {
        Some(AttributeValue::S(v)) => v,
        _ => "",
    }
}

fn ttl(item: &Item) -> Option<i64> {
    match item.get("ttl") {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    }
}

async fn items_under(t: &TestStack, pk_prefix: &str) -> Vec<Item> {
    t.scan_table()
        .await
        .into_iter()
        .filter(|i| s(i, "PK").starts_with(pk_prefix))
        .collect()
}

async fn set_retention(t: &TestStack, a: &Account, change: Value) -> Value {
    let (status, body) = t
        .call(a, Method::PUT, "/v1/organization/retention", Some(change))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn enrich(t: &TestStack, a: &Account, email: &str) -> Value {
    let (status, body) = t
        .call(
            a,
            Method::POST,
            "/v1/people/enrich",
            Some(json!({"email": email, "cache": "bypass"})),
        )
        .await;
    assert!(status == 200 || status == 201, "{body}");
    body
}

/// An id of the given kind made `days_ago` days ago (ULIDs begin with their time).
fn old_id(prefix: &str, days_ago: i64, n: u128) -> String {
    let ms = u64::try_from((now() - days_ago * DAY) * 1000).unwrap();
    format!("{prefix}_{}", ulid::Ulid::from_parts(ms, n + 1))
}

#[tokio::test]
async fn retention_settings_are_bounded_versioned_audited_and_for_admins_only() {
    let t = TestStack::start().await;
    let a = t.register("retention").await;

    let (status, defaults) = t
        .call(&a, Method::GET, "/v1/organization/retention", None)
        .await;
    assert_eq!(status, 200, "{defaults}");
    assert_eq!(defaults["call_log_days"], 90);
    assert_eq!(defaults["audit_log_days"], 365);
    assert_eq!(defaults["job_results_days"], 30);
    assert_eq!(defaults["version"], 0);
    let limits = defaults["limits"].as_array().unwrap();
    assert_eq!(limits.len(), 5);
    assert!(limits
        .iter()
        .any(|l| l["field"] == "audit_log_days" && l["min_days"] == 90 && l["max_days"] == 2555));

    // Every bad field is named; nothing changes.
    let (status, problem) = t
        .call(
            &a,
            Method::PUT,
            "/v1/organization/retention",
            Some(
                json!({"call_log_days": 3, "audit_log_days": 10_000, "job_results_days": "soon",
                        "keep_forever": true, "provider_cache_days": 30}),
            ),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let fields = enrich_tests::error_fields(&problem);
    for f in [
        "call_log_days",
        "audit_log_days",
        "job_results_days",
        "keep_forever",
    ] {
        assert!(fields.contains(&f), "{f} not named: {problem}");
    }
    assert!(!fields.contains(&"provider_cache_days"));
    let (_, unchanged) = t
        .call(&a, Method::GET, "/v1/organization/retention", None)
        .await;
    assert_eq!(unchanged["version"], 0);

    let changed = set_retention(
        &t,
        &a,
        json!({"call_log_days": 7, "audit_log_days": 90, "version": 0}),
    )
    .await;
    assert_eq!(changed["call_log_days"], 7);
    assert_eq!(changed["audit_log_days"], 90);
    assert_eq!(
        changed["job_results_days"], 30,
        "untouched fields keep their value"
    );
    assert_eq!(changed["version"], 1);
    assert_eq!(changed["updated_by"], a.user_id.as_str());

    // A change based on a stale version is refused.
    let (status, problem) = t
        .call(
            &a,
            Method::PUT,
            "/v1/organization/retention",
            Some(json!({"call_log_days": 30, "version": 0})),
        )
        .await;
    assert_eq!(status, 409, "{problem}");

    // Audited with the old and new values.
    let (_, log) = t
        .call(
            &a,
            Method::GET,
            "/v1/audit-events?action=organization.retention_changed",
            None,
        )
        .await;
    let events = log["items"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{log}");
    assert_eq!(events[0]["detail"]["before"]["call_log_days"], 90);
    assert_eq!(events[0]["detail"]["after"]["call_log_days"], 7);

    // Members cannot read or change them; another organisation sees its own defaults.
    let member = t
        .invite_and_join(&a, &fresh_email("member", "retention.example"), "member")
        .await;
    let (status, _) = t
        .call(&member, Method::GET, "/v1/organization/retention", None)
        .await;
    assert_eq!(status, 403);
    let (status, _) = t
        .call(
            &member,
            Method::PUT,
            "/v1/organization/retention",
            Some(json!({"call_log_days": 400})),
        )
        .await;
    assert_eq!(status, 403);
    let b = t.register("other-retention").await;
    let (_, theirs) = t
        .call(&b, Method::GET, "/v1/organization/retention", None)
        .await;
    assert_eq!(theirs["call_log_days"], 90);
    assert_eq!(theirs["version"], 0);
}

#[tokio::test]
async fn new_call_log_lines_and_jobs_carry_the_organisations_retention_as_their_ttl() {
    let t = TestStack::start().await;
    let a = t.register("ttl").await;
    set_retention(&t, &a, json!({"call_log_days": 7, "job_results_days": 3})).await;

    enrich(&t, &a, "pedro.alves@acme.com").await;
    let calls = items_under(&t, &format!("TEN#{}#CALLS#", a.tenant_id)).await;
    assert!(!calls.is_empty());
    for line in &calls {
        let left = ttl(line).expect("a TTL") - now();
        assert!(
            (7 * DAY - 120..=7 * DAY).contains(&left),
            "call log TTL {left}s"
        );
    }

    let _workers = t.start_workers(1);
    let (status, job) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich/bulk",
            Some(json!({"people": [{"email": "ana.souza@globex.com"}, {"email": "rui.costa@initech.com"}]})),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap();
    let done = t
        .wait_for(&a, &format!("/v1/jobs/{id}"), 60, |j| {
            j["status"] == "completed"
        })
        .await;
    let expires = kernel::time::parse_rfc3339(done["expires_at"].as_str().unwrap())
        .unwrap()
        .unix_timestamp();
    assert!(
        (3 * DAY - 120..=3 * DAY).contains(&(expires - now())),
        "{done}"
    );
    let job_items = items_under(&t, &format!("TEN#{}#JOB#{id}", a.tenant_id)).await;
    assert!(job_items.iter().any(|i| s(i, "SK").starts_with("RESULT#")));
    for item in &job_items {
        assert_eq!(ttl(item), Some(expires), "{}", s(item, "SK"));
    }
}

#[tokio::test]
async fn the_sweep_deletes_what_is_older_than_the_retention_and_nothing_else() {
    let t = TestStack::start().await;
    let a = t.register("sweep").await;
    let b = t.register("sweep-other").await;
    let state = t.state();
    let ta = tenant(&a);
    let tb = tenant(&b);
    // Real recent data in both organisations: call log lines and audit events.
    enrich(&t, &a, "pedro.alves@acme.com").await;
    enrich(&t, &b, "pedro.alves@acme.com").await;
    // Old data, written as it was then: audit events (no TTL) and call log lines with the TTL of
    // the 90-day default, in a's live and test spaces and in b.
    for (space, n) in [(&ta, 0u128), (&tb, 100)] {
        for i in 0..120 {
            let mut event = AuditEvent::new("auth.login");
            event.id = old_id("aud", 200, n + i);
            event.append(&state.store, space).await.unwrap();
        }
    }
    for (space, n) in [
        (ta.clone(), 0u128),
        (ta.test_space(), 50),
        (tb.clone(), 100),
    ] {
        for i in 0..30 {
            let id = old_id("call", 20, n + i);
            let line =
                json!({"id": id, "provider": "sandbox", "endpoint": "person", "outcome": "found"});
            let record = store::Record::new("CALL", store::keys::call_log_line(&space, &id), &line)
                .expiring_at(now() + 70 * DAY);
            state
                .store
                .put(&record, store::PutMode::Overwrite)
                .await
                .unwrap();
        }
    }
    set_retention(&t, &a, json!({"call_log_days": 7, "audit_log_days": 90})).await;

    let audit_pk = |t: &TenantId| format!("TEN#{t}#AUDIT");
    let calls_pk = |t: &TenantId| format!("TEN#{t}#CALLS#");
    let before_a_calls = items_under(&t, &calls_pk(&ta)).await.len();
    assert!(before_a_calls > 30);

    // The scheduled handler over every shard of the organisation list.
    fn_operations::retention_sweep(state, json!({"shards": "all"}))
        .await
        .unwrap();

    let a_audit = items_under(&t, &audit_pk(&ta)).await;
    assert!(
        a_audit
            .iter()
            .all(|i| s(i, "SK") > old_id("aud", 91, 0).as_str()),
        "no audit event older than 90 days is left"
    );
    assert!(a_audit
        .iter()
        .any(|i| s(i, "action") == "organization.retention_changed"));
    assert_eq!(
        items_under(&t, &calls_pk(&ta)).await.len(),
        before_a_calls - 30,
        "only the old lines went"
    );
    assert!(items_under(&t, &calls_pk(&ta.test_space()))
        .await
        .is_empty());
    // The other organisation keeps its defaults (audit 365 days, call log 90): its 200-day-old
    // audit events and 20-day-old call lines stay.
    assert_eq!(
        items_under(&t, &audit_pk(&tb))
            .await
            .iter()
            .filter(
                |i| s(i, "action") == "auth.login" && s(i, "SK") < old_id("aud", 199, 0).as_str()
            )
            .count(),
        120
    );
    assert_eq!(
        items_under(&t, &calls_pk(&tb))
            .await
            .iter()
            .filter(|i| s(i, "SK") < old_id("call", 19, 0).as_str())
            .count(),
        30
    );
    // The sweep audits what it deleted, and a second run finds nothing more.
    let (_, log) = t
        .call(
            &a,
            Method::GET,
            "/v1/audit-events?action=retention.swept",
            None,
        )
        .await;
    let swept = &log["items"][0]["detail"];
    assert_eq!(swept["audit_events"], 120, "{log}");
    assert_eq!(swept["call_log_lines"], 60, "{log}");
    let again = operations::retention::sweep_tenant(state, &ta, now())
        .await
        .unwrap();
    assert_eq!(again, operations::retention::TenantSweep::default());
}

#[tokio::test]
async fn a_job_past_its_retention_goes_with_all_its_items() {
    let t = TestStack::start().await;
    let a = t.register("job-sweep").await;
    let b = t.register("job-sweep-other").await;
    set_retention(&t, &a, json!({"job_results_days": 1})).await;
    let _workers = t.start_workers(1);
    let mut ids = Vec::new();
    for who in [&a, &b] {
        let (status, job) = t
            .call(
                who,
                Method::POST,
                "/v1/people/enrich/bulk",
                Some(json!({"people": [{"email": "ana.souza@globex.com"}, {"email": "rui.costa@initech.com"}, {"email": "not an email"}], "on_invalid": "skip"})),
            )
            .await;
        assert_eq!(status, 202, "{job}");
        let id = job["id"].as_str().unwrap().to_owned();
        t.wait_for(who, &format!("/v1/jobs/{id}"), 60, |j| {
            j["status"] == "completed"
        })
        .await;
        ids.push(id);
    }
    let a_job = format!("TEN#{}#JOB#{}", a.tenant_id, ids[0]);
    let b_job = format!("TEN#{}#JOB#{}", b.tenant_id, ids[1]);
    let a_items = items_under(&t, &a_job).await.len();
    assert!(a_items >= 4, "job, chunk, results: {a_items}");

    // Today nothing is a day old; two days from now a's job is, b's (30 days) is not.
    let today = operations::retention::sweep_tenant(t.state(), &tenant(&a), now())
        .await
        .unwrap();
    assert_eq!(today.jobs, 0);
    let later = now() + 2 * DAY;
    let swept = operations::retention::sweep_tenant(t.state(), &tenant(&a), later)
        .await
        .unwrap();
    let left: Vec<String> = items_under(&t, &a_job)
        .await
        .iter()
        .map(|i| {
            format!(
                "{} {:?} {:?}",
                s(i, "SK"),
                ttl(i),
                i.keys().collect::<Vec<_>>()
            )
        })
        .collect();
    assert_eq!(
        (swept.jobs, swept.job_items),
        (1, a_items),
        "{swept:?} left {left:?}"
    );
    assert!(items_under(&t, &a_job).await.is_empty());
    let (status, _) = t
        .call(&a, Method::GET, &format!("/v1/jobs/{}", ids[0]), None)
        .await;
    assert_eq!(status, 404);
    let kept = operations::retention::sweep_tenant(t.state(), &tenant(&b), later)
        .await
        .unwrap();
    assert_eq!(kept.jobs, 0);
    assert!(!items_under(&t, &b_job).await.is_empty());
}

#[tokio::test]
async fn a_persons_export_holds_record_sources_history_and_jobs_and_is_audited() {
    let t = TestStack::start().await;
    let a = t.register("export").await;
    let _workers = t.start_workers(1);
    let (status, job) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich/bulk",
            Some(json!({"name": "CRM", "people": [{"email": "pedro.alves@acme.com"}]})),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let job_id = job["id"].as_str().unwrap().to_owned();
    let done = t
        .wait_for(&a, &format!("/v1/jobs/{job_id}"), 60, |j| {
            j["status"] == "completed"
        })
        .await;
    let (_, results) = t
        .call(&a, Method::GET, &format!("/v1/jobs/{job_id}/results"), None)
        .await;
    let id = results["items"][0]["record_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/people/{id}"),
            Some(json!({"title": "Head of Sales"})),
        )
        .await;
    assert_eq!(status, 200);

    let (status, export) = t
        .call(&a, Method::GET, &format!("/v1/people/{id}/export"), None)
        .await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(export["person"]["id"], id.as_str());
    assert_eq!(export["person"]["data"]["email"], "pedro.alves@acme.com");
    assert_eq!(export["person"]["provenance"]["title"]["source"], "user");
    let sources = export["person"]["sources"].as_array().unwrap();
    assert!(
        !sources.is_empty() && sources.iter().all(|s| !s["raw"].is_null()),
        "{export}"
    );
    assert!(export["contact"].is_null());
    let actions: Vec<&str> = export["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["person.updated"], "{export}");
    assert_eq!(export["events"][0]["detail"]["fields"], json!(["title"]));
    assert_eq!(export["jobs"][0]["id"], job_id.as_str());
    assert_eq!(export["jobs"][0]["status"], "completed");
    assert_eq!(export["jobs"][0]["name"], done["name"]);

    // The export is audited, and the next export lists it.
    let (_, again) = t
        .call(&a, Method::GET, &format!("/v1/people/{id}/export"), None)
        .await;
    let actions: Vec<&str> = again["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["person.updated", "person.exported"]);

    // Another organisation gets a 404; a viewer lacks people.export; a bad id is a 400/422 naming it.
    let b = t.register("export-other").await;
    let (status, _) = t
        .call(&b, Method::GET, &format!("/v1/people/{id}/export"), None)
        .await;
    assert_eq!(status, 404);
    let viewer = t
        .invite_and_join(&a, &fresh_email("viewer", "export.example"), "viewer")
        .await;
    let (status, _) = t
        .call(
            &viewer,
            Method::GET,
            &format!("/v1/people/{id}/export"),
            None,
        )
        .await;
    assert_eq!(status, 403);
    let (status, problem) = t
        .call(&a, Method::GET, "/v1/people/not-an-id/export", None)
        .await;
    assert_eq!(status, 404, "a malformed id names nothing: {problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .starts_with("person_id"),
        "{problem}"
    );

    // Erasure removes what the export showed.
    let (status, _) = t
        .call(&a, Method::DELETE, &format!("/v1/people/{id}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = t
        .call(&a, Method::GET, &format!("/v1/people/{id}/export"), None)
        .await;
    assert_eq!(status, 404);
}
