//! Issue 26 (campaign engine II), bulk contact validation: a run over the contacts asked for, one
//! ZeroBounce `validatebatch` per page of 200, each contact's status set once, invalid addresses
//! suppressed or tagged, counts and credits reported, and duplicate page messages harmless.

use crate::campaigns::import;
use enrich_tests::{error_fields, Account, TestStack};
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// ZeroBounce's `validatebatch` in its documented shape: `bad…` invalid, `catch…` catch-all,
/// `gone…` listed under `errors` (no verdict), the rest valid.
async fn zerobounce() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/zerobounce-bulk/validatebatch"))
        .respond_with(|req: &Request| {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            let mut ok = Vec::new();
            let mut errors = Vec::new();
            for e in body["email_batch"].as_array().unwrap() {
                let address = e["email_address"].as_str().unwrap();
                let status = match address {
                    a if a.starts_with("bad") => "invalid",
                    a if a.starts_with("catch") => "catch-all",
                    a if a.starts_with("gone") => {
                        errors.push(json!({"error": "Invalid email", "email_address": address}));
                        continue;
                    }
                    _ => "valid",
                };
                ok.push(
                    json!({"address": address, "status": status, "sub_status": "",
                               "free_email": false, "did_you_mean": null, "domain": "v.example",
                               "processed_at": "2026-12-06 10:00:00.000"}),
                );
            }
            ResponseTemplate::new(200).set_body_json(json!({"email_batch": ok, "errors": errors}))
        })
        .mount(&server)
        .await;
    server
}

async fn finished(t: &TestStack, a: &Account, id: &str) -> Value {
    t.wait_for(a, &format!("/v1/contact-validations/{id}"), 90, |r| {
        r["status"] != "running"
    })
    .await
}

fn batch_requests(reqs: &[Request]) -> usize {
    reqs.iter()
        .filter(|r| r.url.path() == "/zerobounce-bulk/validatebatch")
        .count()
}

#[tokio::test]
async fn a_validation_run_sets_each_contact_once_and_acts_on_invalid_addresses() {
    let server = zerobounce().await;
    let t = TestStack::with_fakes(&server, "zerobounce").await;
    let a = t.register("validate").await;
    let b = t.register("validate-other").await;
    // 450 pending contacts (3 pages): 30 invalid, 20 catch-all, 10 without a verdict; and 5
    // already valid, which the default filter leaves alone.
    let kind = |i: usize| match i % 15 {
        0 => "bad",
        1 if i % 2 == 1 => "catch",
        2 => "gone",
        _ => "ok",
    };
    let rows: Vec<Value> = (0..450)
        .map(|i| json!({"email": format!("{}{i}@v.example", kind(i))}))
        .chain((0..5).map(
            |i| json!({"email": format!("bad-but-valid{i}@v.example"), "validation": "valid"}),
        ))
        .collect();
    let ids = import(&t, &a, rows.clone()).await;
    let expect_invalid = (0..450).filter(|i| kind(*i) == "bad").count() as u64;
    let expect_risky = (0..450).filter(|i| kind(*i) == "catch").count() as u64;
    let expect_unknown = (0..450).filter(|i| kind(*i) == "gone").count() as u64;
    let other_ids = import(&t, &b, vec![json!({"email": "bad-other@v.example"})]).await;

    // Bad requests are refused naming the field, and start nothing.
    for (body, field) in [
        (json!({"contact_ids": [ids[0]], "filter": {}}), "filter"),
        (json!({"contact_ids": ["nope"]}), "contact_ids[0]"),
        (json!({"contact_ids": []}), "contact_ids"),
        (json!({"on_invalid": "tag"}), "invalid_tag"),
        (json!({"invalid_tag": "x"}), "invalid_tag"),
        (json!({"filter": {"tag": "no-such-tag"}}), "filter.tag"),
        (json!({"filter": {"tag": "Not A Slug"}}), "filter.tag"),
    ] {
        let (status, problem) = t.post_as(&a, "/v1/contacts/validate", body.clone()).await;
        assert_eq!(status, 422, "{body}: {problem}");
        assert_eq!(error_fields(&problem), vec![field], "{body}");
    }
    // serde would read an array as the filter's fields by position; the document says object, and
    // a value of the wrong type is a 400 naming the field.
    let (status, problem) = t
        .post_as(&a, "/v1/contacts/validate", json!({"filter": [null, null]}))
        .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(error_fields(&problem), vec!["filter"]);
    let (status, _) = t
        .post_as(&a, "/v1/contacts/validate", json!({"on_invalid": "delete"}))
        .await;
    assert_eq!(status, 400);
    let too_many: Vec<String> = (0..5_001).map(|_| ids[0].clone()).collect();
    let (status, _) = t
        .post_as(
            &a,
            "/v1/contacts/validate",
            json!({"contact_ids": too_many}),
        )
        .await;
    assert_eq!(status, 422);

    let (status, run) = t.post_as(&a, "/v1/contacts/validate", json!({})).await;
    assert_eq!(status, 202, "{run}");
    assert_eq!(run["status"], "running");
    let run_id = run["id"].as_str().unwrap().to_owned();
    // SQS delivers a page twice: a copy of the first page's message goes in before any worker.
    let msg = json!({"tenant": a.tenant_id, "run_id": run_id, "page": 0}).to_string();
    t.stack
        .sqs
        .send_message()
        .queue_url(t.queue("ValidationQueue"))
        .message_body(msg)
        .send()
        .await
        .unwrap();
    let (status, _) = t
        .get_as(&b, &format!("/v1/contact-validations/{run_id}"))
        .await;
    assert_eq!(status, 404, "another organisation's run is not found");

    let _w = t.start_workers(2);
    let done = finished(&t, &a, &run_id).await;
    assert_eq!(done["status"], "finished", "{done}");
    assert_eq!(done["pages_done"], 3);
    let c = &done["counts"];
    assert_eq!(c["checked"], 450, "{done}");
    assert_eq!(c["invalid"], expect_invalid);
    assert_eq!(c["risky"], expect_risky);
    assert_eq!(c["unknown"], expect_unknown);
    assert_eq!(
        c["valid"].as_u64().unwrap(),
        450 - expect_invalid - expect_risky - expect_unknown
    );
    // Credits as enrichment counts them: one per address ZeroBounce gave a verdict on.
    assert_eq!(c["credits"], json!((450 - expect_unknown) as f64));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(
        batch_requests(&reqs),
        3,
        "one request per page, the duplicate asked nothing"
    );

    // Each contact's status; the invalid ones suppressed; the unanswered ones left pending.
    let (_, stats) = t.get_as(&a, "/v1/stats/contacts").await;
    assert_eq!(stats["by_validation"]["invalid"], expect_invalid, "{stats}");
    assert_eq!(stats["by_validation"]["pending"], expect_unknown);
    assert_eq!(
        stats["by_validation"]["valid"].as_u64().unwrap(),
        450 - expect_invalid - expect_risky - expect_unknown + 5
    );
    let (_, contact) = t.get_as(&a, &format!("/v1/contacts/{}", ids[0])).await;
    assert_eq!(contact["validation"], "invalid");
    let (_, supp) = t.get_as(&a, "/v1/suppressions?limit=100").await;
    let suppressed: Vec<&Value> = supp["items"].as_array().unwrap().iter().collect();
    assert_eq!(suppressed.len() as u64, expect_invalid, "{supp}");
    assert!(suppressed.iter().all(|s| s["reason"] == "invalid"));
    // The other organisation's contact was not touched.
    let (_, theirs) = t
        .get_as(&b, &format!("/v1/contacts/{}", other_ids[0]))
        .await;
    assert_eq!(theirs["validation"], "pending");

    // The organisation's rule tags instead (a run without `on_invalid` follows it): the
    // already-checked invalid address gets the tag; an id of another organisation is missing.
    let (status, _) = t
        .post_as(
            &a,
            "/v1/tags",
            json!({"slug": "bad-address", "name": "Bad address"}),
        )
        .await;
    assert_eq!(status, 201);
    let rules = |invalid: Value| {
        json!({"soft": {"threshold": 2, "action": "none"}, "hard": {"threshold": 1, "action": "suppress"},
               "complaint": {"threshold": 1, "action": "suppress"}, "invalid_address": invalid})
    };
    for (invalid, field) in [
        (json!({"action": "tag"}), "invalid_address.tag"),
        (
            json!({"action": "tag", "tag": "no-such-tag"}),
            "invalid_address.tag",
        ),
        (
            json!({"action": "none", "tag": "bad-address"}),
            "invalid_address.tag",
        ),
    ] {
        let (status, problem) = t
            .call(
                &a,
                reqwest::Method::PUT,
                "/v1/organization/bounce-rules",
                Some(rules(invalid)),
            )
            .await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(error_fields(&problem), vec![field]);
    }
    let (status, saved) = t
        .call(
            &a,
            reqwest::Method::PUT,
            "/v1/organization/bounce-rules",
            Some(rules(json!({"action": "tag", "tag": "bad-address"}))),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    let (status, run2) = t
        .post_as(
            &a,
            "/v1/contacts/validate",
            json!({"contact_ids": [ids[0], ids[3], other_ids[0]]}),
        )
        .await;
    assert_eq!(status, 202, "{run2}");
    assert_eq!(run2["on_invalid"], "tag");
    assert_eq!(run2["invalid_tag"], "bad-address");
    let done2 = finished(&t, &a, run2["id"].as_str().unwrap()).await;
    assert_eq!(done2["counts"]["checked"], 2, "{done2}");
    assert_eq!(done2["counts"]["missing"], 1);
    let (_, tag) = t.get_as(&a, "/v1/tags/bad-address").await;
    assert_eq!(tag["contact_count"], 1, "{tag}");
    let (_, theirs) = t
        .get_as(&b, &format!("/v1/contacts/{}", other_ids[0]))
        .await;
    assert_eq!(
        theirs["validation"], "pending",
        "never another organisation's"
    );
}
