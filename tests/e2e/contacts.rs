//! Contacts and tags (campaign engine I, items 1 and 2): field checks, uniqueness by email, bulk
//! upsert with per-row errors, contacts from people and from a bulk job, filters, exact tag
//! counts under concurrent tagging, cascades on delete, tenant isolation.

use enrich_tests::{fresh_email, Account, TestStack};
use reqwest::Method;
use serde_json::{json, Value};

async fn tag(t: &TestStack, a: &Account, slug: &str) {
    let (status, body) = t
        .post_as(a, "/v1/tags", json!({"slug": slug, "name": slug}))
        .await;
    assert_eq!(status, 201, "{body}");
}

async fn count(t: &TestStack, a: &Account, slug: &str) -> u64 {
    let (status, body) = t.get_as(a, &format!("/v1/tags/{slug}")).await;
    assert_eq!(status, 200, "{body}");
    body["contact_count"].as_u64().unwrap()
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_contact_is_checked_field_by_field_unique_by_email_and_linked_to_its_person() {
    let t = TestStack::start().await;
    let a = t.register("contacts").await;
    // An enriched person with the email the contact will have.
    let (status, person) = t
        .post_as(
            &a,
            "/v1/people/enrich",
            json!({"email": "pedro.alves@acme.com"}),
        )
        .await;
    assert!(status == 200 || status == 201, "{person}");
    let person_id = person["record"]["id"].as_str().unwrap().to_owned();

    let (status, problem) = t
        .post_as(
            &a,
            "/v1/contacts",
            json!({"email": "not-an-email", "language": "português", "country": "Brasil",
               "status": "happy", "attributes": {"bad name": 1, "plan": {"nested": true}},
               "tags": ["Not A Slug"], "favourite": "x"}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let fields = enrich_tests::error_fields(&problem);
    for f in [
        "email",
        "language",
        "country",
        "status",
        "attributes.bad name",
        "attributes.plan",
        "tags[0]",
        "favourite",
    ] {
        assert!(fields.contains(&f), "{f} not named: {problem}");
    }
    let (_, none) = t.get_as(&a, "/v1/contacts").await;
    assert!(
        none["items"].as_array().unwrap().is_empty(),
        "nothing half-written"
    );

    let (status, c) = t
        .post_as(
            &a,
            "/v1/contacts",
            json!({"email": " Pedro.Alves@ACME.com ", "first_name": "Pedro", "language": "pt-BR",
               "country": "br", "attributes": {"plan": "pro", "seats": 12, "arr": 1e300}}),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    assert_eq!(c["email"], "pedro.alves@acme.com");
    assert_eq!(c["country"], "BR");
    assert_eq!(c["status"], "subscribed");
    assert_eq!(c["validation"], "pending");
    assert_eq!(c["person_id"], person_id.as_str());
    assert_eq!(c["attributes"]["seats"], 12);
    let id = c["id"].as_str().unwrap().to_owned();
    // A number beyond DynamoDB's range is stored and read back exactly (attributes are JSON text).
    let (_, read) = t
        .call(&a, Method::GET, &format!("/v1/contacts/{id}"), None)
        .await;
    assert_eq!(read["attributes"]["arr"], 1e300, "{read}");

    // The same email again (any case) is a 409 naming the holder; twice at once, one wins.
    let (status, problem) = t
        .post_as(&a, "/v1/contacts", json!({"email": "PEDRO.ALVES@acme.com"}))
        .await;
    assert_eq!(status, 409);
    assert!(problem["detail"].as_str().unwrap().contains(&id));
    let email = fresh_email("race", "contacts.example");
    let (x, y) = tokio::join!(
        t.post_as(&a, "/v1/contacts", json!({"email": email})),
        t.post_as(&a, "/v1/contacts", json!({"email": email}))
    );
    let mut statuses = [x.0, y.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409]);

    // Edit: null clears, the version guards, the email moves to its new marker.
    let (status, edited) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/contacts/{id}"),
            Some(json!({"first_name": null, "email": "pedro@acme.com", "version": 1})),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert!(edited["first_name"].is_null());
    assert_eq!(edited["version"], 2);
    let (status, _) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/contacts/{id}"),
            Some(json!({"last_name": "Alves", "version": 1})),
        )
        .await;
    assert_eq!(status, 409, "a stale version");
    let (status, _) = t
        .post_as(&a, "/v1/contacts", json!({"email": "pedro.alves@acme.com"}))
        .await;
    assert_eq!(status, 201, "the old email is free again");
    let (status, _) = t
        .post_as(&a, "/v1/contacts", json!({"email": "pedro@acme.com"}))
        .await;
    assert_eq!(status, 409, "the new one is taken");

    // Another organisation sees none of it.
    let b = t.register("contacts-other").await;
    let (status, _) = t.get_as(&b, &format!("/v1/contacts/{id}")).await;
    assert_eq!(status, 404);
    let (_, theirs) = t.get_as(&b, "/v1/contacts").await;
    assert!(theirs["items"].as_array().unwrap().is_empty());
    let (status, _) = t
        .post_as(&b, "/v1/contacts", json!({"email": "pedro@acme.com"}))
        .await;
    assert_eq!(status, 201, "emails are unique per organisation only");
    let (status, _) = t
        .call(&b, Method::DELETE, &format!("/v1/contacts/{id}"), None)
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bulk_upsert_reports_bad_rows_by_index_and_a_retry_creates_nothing_twice() {
    let t = TestStack::start().await;
    let a = t.register("bulk-contacts").await;
    tag(&t, &a, "newsletter").await;
    let mut rows: Vec<Value> = (0..40)
        .map(|i| {
            json!({"email": format!("c{i}@bulk.example"), "first_name": format!("C{i}"),
                        "tags": ["newsletter"], "source": "import"})
        })
        .collect();
    rows[3] = json!({"email": "nope"});
    rows[7] = json!({"email": "c1@bulk.example"});
    rows[11] = json!({"email": "c11@bulk.example", "tags": ["no-such-tag"]});
    let (status, report) = t
        .post_as(&a, "/v1/contacts/bulk", json!({"contacts": rows}))
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], 37, "{report}");
    let errors: Vec<(u64, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["index"].as_u64().unwrap(),
                e["errors"][0]["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (3, "contacts[3].email".to_owned()),
            (7, "contacts[7].email".to_owned()),
            (11, "contacts[11].tags[0]".to_owned())
        ]
    );
    assert_eq!(count(&t, &a, "newsletter").await, 37);

    // The same request again: everything is there already. The people with these emails are
    // looked up for every row at once (one BatchGetItem of the people domain's markers); each of
    // the 37 stored rows costs two reads (its email marker, its contact) and no write; row 11 (an
    // unknown tag) reads its marker, and its creation is refused in one transaction.
    t.stack.calls.reset();
    let (_, again) = t
        .post_as(&a, "/v1/contacts/bulk", json!({"contacts": rows}))
        .await;
    let calls = t.stack.calls.snapshot();
    assert_eq!(
        calls.get("DynamoDB.GetItem"),
        Some(&(2 * 37 + 1)),
        "{calls:?}"
    );
    // The people markers, and the tags the rows name.
    assert_eq!(calls.get("DynamoDB.BatchGetItem"), Some(&2), "{calls:?}");
    assert_eq!(
        calls.get("DynamoDB.TransactWriteItems"),
        Some(&1),
        "{calls:?}"
    );
    assert_eq!(again["created"], 0, "{again}");
    assert_eq!(again["unchanged"], 37, "{again}");
    assert_eq!(count(&t, &a, "newsletter").await, 37);
    // A change by email updates in place.
    let (_, changed) = t
        .post_as(
            &a,
            "/v1/contacts/bulk",
            json!({"contacts": [{"email": "c0@bulk.example", "last_name": "Zero"}]}),
        )
        .await;
    assert_eq!(changed["updated"], 1, "{changed}");

    // Filters and pages.
    let (_, imported) = t.get_as(&a, "/v1/contacts?source=import&limit=100").await;
    assert_eq!(ids(&imported).len(), 37);
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let (_, page) = t
            .get_as(&a, &format!("/v1/contacts?tag=newsletter&limit=10{cursor}"))
            .await;
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 37);
    let (status, problem) = t.get_as(&a, "/v1/contacts?status=happy").await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "status");

    // Too many rows, or none, are refused whole.
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"email": format!("m{i}@x.example")}))
        .collect();
    let (status, body) = t
        .post_as(&a, "/v1/contacts/bulk", json!({"contacts": many}))
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = t
        .post_as(&a, "/v1/contacts/bulk", json!({"contacts": []}))
        .await;
    assert_eq!(status, 422);
    // A row of the wrong shape refuses the whole request, naming it.
    let (status, problem) = t.post_as(&a, "/v1/contacts/bulk",
        json!({"contacts": [{"email": "shape@x.example"}, "not an object", {"email": "y@x.example", "status": "happy"}]})).await;
    assert_eq!(status, 422, "{problem}");
    let fields = enrich_tests::error_fields(&problem);
    assert_eq!(fields, ["contacts[1]", "contacts[2]"]);
    let (status, _) = t.get_as(&a, "/v1/contacts?source=shape").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn tag_counts_stay_exact_under_concurrent_tagging_and_follow_every_delete() {
    let t = TestStack::start().await;
    let a = t.register("tag-counts").await;
    tag(&t, &a, "vip").await;
    let rows: Vec<Value> = (0..60)
        .map(|i| json!({"email": format!("v{i}@tags.example")}))
        .collect();
    let (_, report) = t
        .post_as(&a, "/v1/contacts/bulk", json!({"contacts": rows}))
        .await;
    let all: Vec<String> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(all.len(), 60);

    // Four overlapping requests at once: 0–39, 20–59, 0–59 and 10–29 again.
    let slices = [&all[0..40], &all[20..60], &all[..], &all[10..30]];
    let results = futures::future::join_all(
        slices
            .iter()
            .map(|s| t.post_as(&a, "/v1/tags/vip/contacts", json!({"contact_ids": s}))),
    )
    .await;
    let changed: u64 = results
        .iter()
        .map(|(_, r)| r["changed"].as_u64().unwrap_or_else(|| panic!("{r}")))
        .sum();
    assert_eq!(changed, 60, "each link made once: {results:?}");
    assert_eq!(count(&t, &a, "vip").await, 60);
    let (_, c0) = t.get_as(&a, &format!("/v1/contacts/{}", all[0])).await;
    assert_eq!(c0["tags"], json!(["vip"]));

    // Untag 10 (twice at once), unknown ids are reported by index.
    let (x, y) = tokio::join!(
        t.post_as(
            &a,
            "/v1/tags/vip/contacts/remove",
            json!({"contact_ids": &all[0..10]})
        ),
        t.post_as(
            &a,
            "/v1/tags/vip/contacts/remove",
            json!({"contact_ids": &all[0..10]})
        )
    );
    assert_eq!(
        x.1["changed"].as_u64().unwrap() + y.1["changed"].as_u64().unwrap(),
        10
    );
    assert_eq!(count(&t, &a, "vip").await, 50);
    let (status, r) = t
        .post_as(
            &a,
            "/v1/tags/vip/contacts",
            json!({"contact_ids": [all[0].clone(), "con_01HZX5R5B7Q6J3V9K2M4N8P0QR", "nope"]}),
        )
        .await;
    assert_eq!(status, 422, "a malformed id refuses the request: {r}");
    let (status, r) = t
        .post_as(
            &a,
            "/v1/tags/vip/contacts",
            json!({"contact_ids": [all[0].clone(), "con_01HZX5R5B7Q6J3V9K2M4N8P0QR"]}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["changed"], 1);
    assert_eq!(r["errors"][0]["index"], 1);
    assert_eq!(count(&t, &a, "vip").await, 51);

    // Deleting a contact removes its links and its count.
    let (status, _) = t
        .call(
            &a,
            Method::DELETE,
            &format!("/v1/contacts/{}", all[59]),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(count(&t, &a, "vip").await, 50);
    let (status, _) = t.get_as(&a, &format!("/v1/contacts/{}", all[59])).await;
    assert_eq!(status, 404);
    let (status, _) = t
        .post_as(&a, "/v1/contacts", json!({"email": "v59@tags.example"}))
        .await;
    assert_eq!(status, 201, "its email is free again");

    // The list with counts; then deleting the tag cascades to every link.
    tag(&t, &a, "empty").await;
    let (_, list) = t.get_as(&a, "/v1/tags").await;
    let counts: Vec<(String, u64)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["slug"].as_str().unwrap().to_owned(),
                t["contact_count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, [("empty".to_owned(), 0), ("vip".to_owned(), 50)]);
    let (status, _) = t.call(&a, Method::DELETE, "/v1/tags/vip", None).await;
    assert_eq!(status, 204);
    let (status, _) = t.get_as(&a, "/v1/tags/vip").await;
    assert_eq!(status, 404);
    let (_, c20) = t.get_as(&a, &format!("/v1/contacts/{}", all[20])).await;
    assert_eq!(c20["tags"], json!([]), "{c20}");
    let links = t
        .scan_table()
        .await
        .into_iter()
        .filter(|i| matches!(i.get("SK"), Some(aws_sdk_dynamodb::types::AttributeValue::S(s)) if s == "TAG#vip"))
        .count();
    assert_eq!(links, 0);
    let (status, _) = t
        .post_as(
            &a,
            "/v1/tags/vip/contacts",
            json!({"contact_ids": [all[0].clone()]}),
        )
        .await;
    assert_eq!(status, 404);

    // Tags are per organisation.
    let b = t.register("tag-counts-other").await;
    let (status, _) = t.get_as(&b, "/v1/tags/empty").await;
    assert_eq!(status, 404);
    let (status, r) = t
        .post_as(&b, "/v1/tags", json!({"slug": "empty", "name": "Mine"}))
        .await;
    assert_eq!(status, 201, "{r}");
}

#[tokio::test]
async fn people_and_a_finished_job_become_contacts_linked_to_their_person() {
    let t = TestStack::start().await;
    let a = t.register("from-people").await;
    tag(&t, &a, "enriched").await;
    let _workers = t.start_workers(1);
    let (status, job) = t
        .post_as(
            &a,
            "/v1/people/enrich/bulk",
            json!({"people": [{"email": "ana.souza@globex.com"}, {"email": "rui.costa@initech.com"},
                          {"email": "unknown.person@nowhere.example"}]}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let job_id = job["id"].as_str().unwrap().to_owned();
    let (status, _) = t
        .post_as(&a, "/v1/contacts/from-people", json!({"job_id": job_id}))
        .await;
    assert!(status == 409 || status == 200, "409 while it runs");
    t.wait_for(&a, &format!("/v1/jobs/{job_id}"), 60, |j| {
        j["status"] == "completed"
    })
    .await;

    let (status, r) = t
        .post_as(
            &a,
            "/v1/contacts/from-people",
            json!({"job_id": job_id, "tags": ["enriched"]}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["created"], 2, "{r}");
    let (_, list) = t
        .get_as(
            &a,
            &format!("/v1/contacts?source=job:{}", job_id.to_lowercase()),
        )
        .await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    assert!(items
        .iter()
        .all(|c| c["person_id"].as_str().unwrap().starts_with("per_")));
    assert!(items.iter().all(|c| c["tags"] == json!(["enriched"])));
    assert_eq!(count(&t, &a, "enriched").await, 2);

    // By person id: the same people update their contacts; an unknown id is skipped.
    let person_ids: Vec<String> = items
        .iter()
        .map(|c| c["person_id"].as_str().unwrap().to_owned())
        .collect();
    let mut asked = person_ids.clone();
    asked.push("per_01HZX5R5B7Q6J3V9K2M4N8P0QR".into());
    let (status, r) = t
        .post_as(&a, "/v1/contacts/from-people", json!({"person_ids": asked}))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["created"], 0);
    assert_eq!(r["skipped"], json!(["per_01HZX5R5B7Q6J3V9K2M4N8P0QR"]));

    let (status, _) = t
        .post_as(
            &a,
            "/v1/contacts/from-people",
            json!({"job_id": "job_01HZX5R5B7Q6J3V9K2M4N8P0QR"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = t.post_as(&a, "/v1/contacts/from-people", json!({})).await;
    assert_eq!(status, 422);
    // Another organisation cannot use this job.
    let b = t.register("from-people-other").await;
    let (status, _) = t
        .post_as(&b, "/v1/contacts/from-people", json!({"job_id": job_id}))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn suppressions_are_kept_once_per_address_and_one_click_unsubscribe_needs_only_the_signed_link(
) {
    let t = TestStack::start().await;
    let a = t.register("suppress").await;
    let (status, r) = t.post_as(&a, "/v1/suppressions",
        json!({"emails": ["Bounce@Example.com", "bounce@example.com", "x@example.com"], "reason": "bounced"})).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["added"], 2);
    let (_, again) = t
        .post_as(&a, "/v1/suppressions", json!({"emails": ["x@example.com"]}))
        .await;
    assert_eq!(again["added"], 0, "already suppressed");
    let (status, problem) = t
        .post_as(
            &a,
            "/v1/suppressions",
            json!({"emails": ["ok@example.com", "bad"]}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "emails[1]");
    let (_, list) = t.get_as(&a, "/v1/suppressions").await;
    let listed: Vec<(&str, &str)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["email"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            ("bounce@example.com", "bounced"),
            ("x@example.com", "bounced")
        ]
    );
    let (status, _) = t
        .call(&a, Method::DELETE, "/v1/suppressions/X@example.com", None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = t
        .call(&a, Method::DELETE, "/v1/suppressions/x@example.com", None)
        .await;
    assert_eq!(status, 404);

    // One-click unsubscribe with the link a campaign message carries.
    let (_, c) = t
        .post_as(&a, "/v1/contacts", json!({"email": "reader@news.example"}))
        .await;
    let id = c["id"].as_str().unwrap().to_owned();
    let u = campaigns::suppression::Unsubscribe {
        tenant: a.tenant_id.parse().unwrap(),
        contact_id: id.clone(),
        campaign_id: Some("cmp_01HZX5R5B7Q6J3V9K2M4N8P0QR".into()),
    };
    let token = campaigns::suppression::token(t.state(), &u).await.unwrap();
    let url = format!("/v1/unsubscribe/{token}");
    // The page asks first: opening the link (a scanner's GET) unsubscribes no one.
    let resp = t.get(&url).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("r\u{2022}\u{2022}\u{2022}@news.example")
            && html.contains("<form method=\"post\""),
        "{html}"
    );
    let (_, still) = t.get_as(&a, &format!("/v1/contacts/{id}")).await;
    assert_eq!(still["status"], "subscribed");
    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click, without any credential; twice is
    // the same as once.
    for _ in 0..2 {
        let resp = t
            .http
            .post(t.url(&url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
    }
    let (_, after) = t.get_as(&a, &format!("/v1/contacts/{id}")).await;
    assert_eq!(after["status"], "unsubscribed");
    let (_, list) = t.get_as(&a, "/v1/suppressions").await;
    let entry = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["email"] == "reader@news.example")
        .cloned()
        .expect("suppressed");
    assert_eq!(entry["reason"], "unsubscribed");
    assert_eq!(entry["campaign_id"], "cmp_01HZX5R5B7Q6J3V9K2M4N8P0QR");

    // A forged or altered link is refused, and one cannot reach another organisation.
    let (payload, sig) = token.split_once('.').unwrap();
    let mut forged_sig = sig.to_owned();
    forged_sig.replace_range(0..1, if sig.starts_with('A') { "B" } else { "A" });
    for bad in [
        format!("{payload}.{forged_sig}"),
        "abc.def".to_owned(),
        "nodot".to_owned(),
    ] {
        let resp = t
            .http
            .post(t.url(&format!("/v1/unsubscribe/{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 404, "{bad}");
    }
    let b = t.register("suppress-other").await;
    let (_, theirs) = t.get_as(&b, "/v1/suppressions").await;
    assert!(theirs["items"].as_array().unwrap().is_empty());
}

/// The audience of every combination of tags_all / tags_any / exclude_tags (and a language), over
/// 160 contacts with random tags, statuses, validations, languages and suppressions, against a
/// brute-force reference computed from what the test itself created (an address validated
/// `invalid` is never in an audience).
#[tokio::test]
async fn audience_resolution_matches_a_brute_force_reference_on_random_tag_sets() {
    let t = TestStack::start().await;
    let a = t.register("audience").await;
    let tags = ["a", "b", "c", "d", "e"];
    for s in tags {
        tag(&t, &a, s).await;
    }
    // A small deterministic generator (no new dependency for a test).
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    struct Made {
        email: String,
        tags: Vec<&'static str>,
        subscribed: bool,
        language: &'static str,
        suppressed: bool,
        invalid: bool,
    }
    let languages = ["en", "pt-BR", "pt", "es"];
    let mut made = Vec::new();
    let mut rows = Vec::new();
    for i in 0..160 {
        let mine: Vec<&'static str> = tags.iter().copied().filter(|_| next() % 3 == 0).collect();
        let subscribed = next() % 7 != 0;
        let language = languages[(next() % 4) as usize];
        let suppressed = next() % 11 == 0;
        let invalid = next() % 9 == 0;
        let email = format!("p{i}@aud.example");
        rows.push(json!({"email": email, "tags": mine, "language": language,
                         "status": if subscribed { "subscribed" } else { "unsubscribed" },
                         "validation": if invalid { "invalid" } else { "valid" }}));
        made.push(Made {
            email,
            tags: mine,
            subscribed,
            language,
            suppressed,
            invalid,
        });
    }
    let (status, r) = t
        .post_as(&a, "/v1/contacts/bulk", json!({"contacts": rows}))
        .await;
    assert_eq!(r["created"], 160, "{status} {r}");
    let suppressed: Vec<&str> = made
        .iter()
        .filter(|m| m.suppressed)
        .map(|m| m.email.as_str())
        .collect();
    let (status, _) = t
        .post_as(&a, "/v1/suppressions", json!({"emails": suppressed}))
        .await;
    assert_eq!(status, 200);

    let tenant: kernel::ids::TenantId = a.tenant_id.parse().unwrap();
    let subsets = |mask: u32| -> Vec<String> {
        tags.iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, s)| (*s).to_owned())
            .collect()
    };
    let mut checked = 0;
    for q in 0..30u32 {
        let audience = campaigns::audience::Audience {
            tags_all: subsets((next() % 32) as u32 & if q % 3 == 0 { 0 } else { 0b11 }),
            tags_any: subsets((next() % 32) as u32 & if q % 2 == 0 { 0 } else { 0b11100 }),
            exclude_tags: subsets((next() % 32) as u32 & 0b10010),
            language: (q % 5 == 0).then(|| "pt".to_owned()),
        };
        let mut want: Vec<&str> = made
            .iter()
            .filter(|m| {
                m.subscribed
                    && !m.suppressed
                    && !m.invalid
                    && audience
                        .tags_all
                        .iter()
                        .all(|t| m.tags.contains(&t.as_str()))
                    && (audience.tags_any.is_empty()
                        || audience
                            .tags_any
                            .iter()
                            .any(|t| m.tags.contains(&t.as_str())))
                    && !audience
                        .exclude_tags
                        .iter()
                        .any(|t| m.tags.contains(&t.as_str()))
                    && audience
                        .language
                        .as_ref()
                        .is_none_or(|_| m.language.starts_with("pt"))
            })
            .map(|m| m.email.as_str())
            .collect();
        want.sort_unstable();
        // Page by page, as the send pipeline's fan-out will.
        let mut got = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let p = campaigns::audience::page(t.state(), &tenant, &audience, 50, cursor.as_deref())
                .await
                .unwrap();
            got.extend(p.contacts.into_iter().map(|c| c.email));
            match p.next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
        got.sort();
        assert_eq!(got, want, "audience {audience:?}");
        checked += 1;
        if q % 10 == 0 {
            let (status, summary) = t
                .post_as(
                    &a,
                    "/v1/contacts/audience",
                    serde_json::to_value(&audience).unwrap(),
                )
                .await;
            assert_eq!(status, 200, "{summary}");
            assert_eq!(summary["count"], want.len() as u64, "{audience:?}");
            assert!(summary["sample"].as_array().unwrap().len() <= 10);
        }
    }
    assert_eq!(checked, 30);
    let (status, problem) = t
        .post_as(
            &a,
            "/v1/contacts/audience",
            json!({"tags_all": ["Bad Slug"]}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "tags_all[0]");
}

/// Every contact of the organisation, read through the list (all pages).
async fn all_contacts(t: &TestStack, a: &Account) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/contacts?limit=100&cursor={c}"),
            None => "/v1/contacts?limit=100".to_owned(),
        };
        let (status, page) = t.get_as(a, &path).await;
        assert_eq!(status, 200, "{page}");
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return out,
        }
    }
}

/// The counts a recount of the stored contacts gives, shaped as `/v1/stats/contacts`.
fn recount(contacts: &[Value]) -> Value {
    use std::collections::BTreeMap;
    let mut status: BTreeMap<String, u64> = ["subscribed", "unsubscribed", "bounced", "complained"]
        .iter()
        .map(|s| ((*s).to_owned(), 0))
        .collect();
    let mut validation: BTreeMap<String, u64> = ["pending", "valid", "invalid", "risky"]
        .iter()
        .map(|s| ((*s).to_owned(), 0))
        .collect();
    let mut language: BTreeMap<String, u64> = BTreeMap::new();
    let mut source: BTreeMap<String, u64> = BTreeMap::new();
    for c in contacts {
        *status
            .entry(c["status"].as_str().unwrap().to_owned())
            .or_default() += 1;
        *validation
            .entry(c["validation"].as_str().unwrap().to_owned())
            .or_default() += 1;
        *language
            .entry(c["language"].as_str().unwrap_or("none").to_owned())
            .or_default() += 1;
        *source
            .entry(c["source"].as_str().unwrap_or("none").to_owned())
            .or_default() += 1;
    }
    json!({"total": contacts.len(), "by_status": status, "by_validation": validation,
           "by_language": language, "by_source": source})
}

#[tokio::test]
async fn contact_stats_equal_a_recount_after_concurrent_writes_and_cost_one_read() {
    let t = TestStack::start().await;
    let a = t.register("cstats").await;
    let b = t.register("cstats-other").await;
    let calls_of = |who: &'static str| {
        let (t, acct) = (&t, if who == "a" { &a } else { &b });
        async move {
            // Warm (the caller's credentials are cached after a first request), then counted.
            t.get_as(acct, "/v1/stats/contacts").await;
            t.stack.calls.reset();
            let (status, body) = t.get_as(acct, "/v1/stats/contacts").await;
            assert_eq!(status, 200, "{body}");
            (t.stack.calls.total(), body)
        }
    };
    let (empty_calls, empty) = calls_of("a").await;
    assert_eq!(empty["total"], 0);
    assert_eq!(empty["by_status"]["subscribed"], 0, "{empty}");

    let languages = [Some("en"), Some("pt"), Some("es"), None];
    let sources = [Some("import"), Some("api"), None];
    let validations = ["pending", "valid", "invalid", "risky"];
    let rows: Vec<Value> = (0..120)
        .map(|i| {
            let mut r = json!({"email": format!("s{i}@cstats.example"),
                               "validation": validations[i % 4]});
            if let Some(l) = languages[i % 4] {
                r["language"] = json!(l);
            }
            if let Some(s) = sources[i % 3] {
                r["source"] = json!(s);
            }
            r
        })
        .collect();
    let (status, report) = t
        .post_as(&a, "/v1/contacts/bulk", json!({"contacts": rows}))
        .await;
    assert_eq!(status, 200, "{report}");
    let ids: Vec<String> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 120);

    // At once: the import of the first 40 again (their fields as imported), two racing edits of
    // each of the first 20 contacts, and each of the next 20 deletions sent twice.
    let mut work = Vec::new();
    let again: Vec<Value> = rows.iter().take(40).cloned().collect();
    let (ta, aa) = (&t, &a);
    work.push(Box::pin(async move {
        let (status, _) = ta
            .post_as(aa, "/v1/contacts/bulk", json!({"contacts": again}))
            .await;
        assert_eq!(status, 200);
    })
        as std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>);
    for id in ids.iter().take(20) {
        for body in [
            json!({"language": "fr", "validation": "valid"}),
            json!({"status": "unsubscribed", "source": "manual"}),
        ] {
            let path = format!("/v1/contacts/{id}");
            work.push(Box::pin(async move {
                let (status, problem) = ta.call(aa, Method::PATCH, &path, Some(body)).await;
                assert!(status == 200 || status == 409, "{status}: {problem}");
            }));
        }
    }
    for id in ids.iter().skip(40).take(20) {
        for _ in 0..2 {
            let path = format!("/v1/contacts/{id}");
            work.push(Box::pin(async move {
                let (status, problem) = ta.call(aa, Method::DELETE, &path, None).await;
                assert!(
                    status == 204 || status == 404 || status == 409,
                    "{status}: {problem}"
                );
            }));
        }
    }
    futures::future::join_all(work).await;

    let stored = all_contacts(&t, &a).await;
    assert_eq!(stored.len(), 100, "20 of 120 deleted");
    let (full_calls, mut stats) = calls_of("a").await;
    stats.as_object_mut().unwrap().remove("livemode");
    assert_eq!(stats, recount(&stored), "the counters equal a recount");
    println!("contact stats: {empty_calls} AWS calls with no contacts, {full_calls} with 100");
    assert_eq!(
        full_calls, empty_calls,
        "the same reads whatever the volume"
    );
    assert!(stats["by_status"]["unsubscribed"].as_u64().unwrap() > 0);
    // Another organisation counts its own (none).
    let (_, other) = calls_of("b").await;
    assert_eq!(other["total"], 0);
    // The overview carries the same contact figures with the events of 30 days.
    let (status, overview) = t.get_as(&a, "/v1/stats/overview").await;
    assert_eq!(status, 200, "{overview}");
    assert_eq!(overview["contacts"], stats);
    assert_eq!(overview["events"]["days"], 30);
    let (status, _) = t.get_as(&a, "/v1/stats/overview?days=91").await;
    assert_eq!(status, 422);
}

/// A list naming one contact (or one person) many times is that one contact: tagging does the
/// work once and reports the copies unchanged (a missing id is missing at each place), and
/// contacts from people reads each person once — where the copies used to race each other for
/// the same item (a 10 s answer) or make DynamoDB refuse the batch read (a 500).
#[tokio::test]
async fn repeated_ids_in_a_list_count_once() {
    let t = TestStack::start().await;
    let a = t.register("repeats").await;
    tag(&t, &a, "vip").await;
    let (status, contact) = t
        .post_as(&a, "/v1/contacts", json!({"email": "ana.souza@globex.com"}))
        .await;
    assert_eq!(status, 201, "{contact}");
    let id = contact["id"].as_str().unwrap().to_owned();
    let missing = "con_01HZX5R5B7Q6J3V9K2M4N8P0QR";
    let mut list: Vec<&str> = vec![id.as_str(); 300];
    list.extend([missing, missing]);
    let (status, report) = t
        .post_as(&a, "/v1/tags/vip/contacts", json!({"contact_ids": list}))
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["changed"], 1, "{report}");
    assert_eq!(report["unchanged"], 299, "{report}");
    let failed: Vec<u64> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["index"].as_u64().unwrap())
        .collect();
    assert_eq!(failed, vec![300, 301], "{report}");
    assert_eq!(count(&t, &a, "vip").await, 1);

    let (status, person) = t
        .post_as(
            &a,
            "/v1/people/enrich",
            json!({"email": "pedro.alves@acme.com"}),
        )
        .await;
    assert!(status == 200 || status == 201, "{person}");
    let person_id = person["record"]["id"].as_str().unwrap().to_owned();
    let (status, made) = t
        .post_as(
            &a,
            "/v1/contacts/from-people",
            json!({"person_ids": vec![person_id.as_str(); 150], "tags": ["vip"]}),
        )
        .await;
    assert_eq!(status, 200, "{made}");
    assert_eq!(count(&t, &a, "vip").await, 2, "{made}");
}

/// What the contract states for a contact change holds at the handler: `null` is absent (a null
/// version or attribute clears nothing it should not), integral floats are integers, and a tag
/// that does not exist is the body's error (422 naming `tags`), never an unreadable request.
#[tokio::test]
async fn a_contact_change_reads_nulls_as_absent_and_names_an_unknown_tag() {
    let t = TestStack::start().await;
    let a = t.register("contact-change").await;
    tag(&t, &a, "vip").await;
    let (status, c) = t
        .post_as(&a, "/v1/contacts", json!({"email": "bia.lima@globex.com"}))
        .await;
    assert_eq!(status, 201, "{c}");
    let path = format!("/v1/contacts/{}", c["id"].as_str().unwrap());
    let (status, changed) = t
        .call(
            &a,
            Method::PATCH,
            &path,
            Some(json!({"first_name": "Bia", "version": null, "tags": ["vip"]})),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["first_name"], "Bia");
    assert_eq!(changed["email"], "bia.lima@globex.com");
    let version = changed["version"].as_u64().unwrap();
    let (status, again) = t
        .call(
            &a,
            Method::PATCH,
            &path,
            Some(json!({"last_name": "Lima", "version": version as f64})),
        )
        .await;
    assert_eq!(status, 200, "an integral float is the version: {again}");
    // A change of tags alone is applied (it once returned the contact unchanged).
    let (status, retagged) = t
        .call(&a, Method::PATCH, &path, Some(json!({"tags": []})))
        .await;
    assert_eq!(status, 200, "{retagged}");
    assert_eq!(retagged["tags"], json!([]), "{retagged}");
    assert_eq!(count(&t, &a, "vip").await, 0);
    let (status, retagged) = t
        .call(&a, Method::PATCH, &path, Some(json!({"tags": ["vip"]})))
        .await;
    assert_eq!(status, 200, "{retagged}");
    assert_eq!(retagged["tags"], json!(["vip"]), "{retagged}");
    let (status, refused) = t
        .call(
            &a,
            Method::PATCH,
            &path,
            Some(json!({"tags": ["vip", "no-such-tag"]})),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "tags", "{refused}");
    assert_eq!(count(&t, &a, "vip").await, 1, "nothing half-written");
}
