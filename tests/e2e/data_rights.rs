//! Data-subject requests across every domain: one person held as an enriched record, a tagged
//! contact, a campaign's recipient with delivery events, a suppression entry and audit entries,
//! exported in one document and then erased so that a full table scan finds neither the address
//! nor any of the person's ids, while the campaign's counts stay and the address is never mailed
//! again.

use crate::campaigns::{act, campaign_body, campaign_to_x, import, ses_sent, wait_status};
use crate::inbound::{credentials, post_generic, wait_events};
use enrich_tests::{error_fields, TestStack};
use reqwest::Method;
use serde_json::{json, Value};

/// The items whose attributes mention any of `needles` (case-insensitively).
async fn holding(t: &TestStack, needles: &[&str]) -> Vec<String> {
    t.scan_table()
        .await
        .iter()
        .map(|i| format!("{i:?}").to_lowercase())
        .filter(|s| needles.iter().any(|n| s.contains(&n.to_lowercase())))
        .collect()
}

#[tokio::test]
async fn an_erasure_leaves_nothing_of_the_person_in_any_domain_but_the_counts() {
    let t = TestStack::start().await;
    let label = "erasure-everywhere";
    let (a, domain, ids, cmp) = campaign_to_x(&t, label, 3).await;
    let email = format!("r0@{label}.example");
    let contact_id = ids[0].clone();
    let _w = t.start_workers(2);

    // The person, enriched with the contact's address and edited (an audited change).
    let (status, enriched) = t
        .post_as(&a, "/v1/people/enrich", json!({"email": email}))
        .await;
    assert_eq!(status, 201, "{enriched}");
    let person_id = enriched["record"]["id"].as_str().unwrap().to_owned();
    let (status, body) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/people/{person_id}"),
            Some(json!({"title": "CFO"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // Mailed by a campaign, then opened and clicked (delivery events), then unsubscribed by hand.
    let (status, body) = act(&t, &a, &cmp, "send").await;
    assert_eq!(status, 200, "{body}");
    let done = wait_status(&t, &a, &cmp, "finished", 120).await;
    assert_eq!(done["stats"]["sent"], 3, "{done}");
    let creds = credentials(&t, &a).await;
    let (status, body) = post_generic(
        &t,
        &creds,
        json!([{"type": "opened", "email": email, "campaign_id": cmp},
               {"type": "clicked", "email": email, "campaign_id": cmp,
                "url": "https://acme.example/offer"}]),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    let counted = wait_events(&t, &a, &cmp, 2).await;
    let (status, body) = t
        .post_as(&a, "/v1/suppressions", json!({"emails": [email]}))
        .await;
    assert!(status == 200 || status == 201, "{body}");
    assert!(
        !holding(&t, &[&email, &person_id, &contact_id])
            .await
            .is_empty(),
        "the seed holds the person"
    );

    // The export: everything, in one document (the address in any case finds it).
    let path = format!("/v1/data-subjects/export?email={}", email.to_uppercase());
    let (status, export) = t.get_as(&a, &path).await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(export["email"], email.as_str());
    assert_eq!(export["person"]["person"]["id"], person_id.as_str());
    let person_events: Vec<&str> = export["person"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(person_events.contains(&"person.updated"), "{export}");
    let held = &export["campaigns"];
    assert_eq!(held["contact"]["id"], contact_id.as_str(), "{export}");
    assert_eq!(held["contact"]["tags"], json!(["x"]));
    assert_eq!(held["sends"].as_array().unwrap().len(), 1, "{export}");
    assert_eq!(held["sends"][0]["campaign_id"], cmp.as_str());
    assert_eq!(held["sends"][0]["status"], "sent");
    let kinds: Vec<&str> = held["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(
        kinds.contains(&"opened") && kinds.contains(&"clicked"),
        "{export}"
    );
    assert_eq!(held["suppression"]["reason"], "manual", "{export}");
    // Another organisation holds nothing under the address.
    let b = t.register("erasure-other").await;
    let (status, theirs) = t.get_as(&b, &path).await;
    assert_eq!(status, 200);
    assert_eq!(theirs["person"], Value::Null, "{theirs}");
    assert_eq!(theirs["campaigns"]["contact"], Value::Null, "{theirs}");
    assert_eq!(theirs["campaigns"]["sends"], json!([]));

    // Bad requests name the field and erase nothing.
    for (body, code) in [
        (json!({}), "required"),
        (json!({"email": "not an address"}), "invalid"),
    ] {
        let resp = t
            .authed(Method::POST, "/v1/data-subjects/erase", &a.access)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 422);
        let problem: Value = resp.json().await.unwrap();
        assert_eq!(error_fields(&problem), vec!["email"], "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let (status, problem) = t.get_as(&a, "/v1/data-subjects/export").await;
    assert_eq!(status, 422, "{problem}");
    // Another organisation's erasure of the address touches nothing of this one's.
    let (status, theirs) = t
        .post_as(&b, "/v1/data-subjects/erase", json!({"email": email}))
        .await;
    assert_eq!(status, 200, "{theirs}");
    assert_eq!(theirs["person_id"], Value::Null);
    let (status, _) = t.get_as(&a, &format!("/v1/people/{person_id}")).await;
    assert_eq!(status, 200, "another organisation erased nothing here");

    // The erasure.
    let (status, erased) = t
        .post_as(&a, "/v1/data-subjects/erase", json!({"email": email}))
        .await;
    assert_eq!(status, 200, "{erased}");
    assert_eq!(erased["person_id"], person_id.as_str(), "{erased}");
    assert_eq!(erased["contact_ids"], json!([contact_id]), "{erased}");
    assert_eq!(erased["sends"], 1, "{erased}");
    assert!(erased["events"].as_u64().unwrap() >= 2, "{erased}");
    assert!(erased["audit_entries"].as_u64().unwrap() >= 1, "{erased}");
    let erasure_id = erased["id"].as_str().unwrap();
    assert!(erasure_id.starts_with("ers_"), "{erased}");
    eprintln!(
        "an erasure of a person present in every domain touched {} items",
        erased["items"]
    );

    // Nothing in the table holds the address or the person's ids any more.
    let left = holding(&t, &[&email, &person_id, &contact_id]).await;
    assert!(left.is_empty(), "{left:#?}");
    for path in [
        format!("/v1/people/{person_id}"),
        format!("/v1/contacts/{contact_id}"),
    ] {
        let (status, _) = t.get_as(&a, &path).await;
        assert_eq!(status, 404, "{path}");
    }
    // The campaign keeps its counts: they hold nobody.
    let (_, after) = t.get_as(&a, &format!("/v1/campaigns/{cmp}")).await;
    assert_eq!(after["stats"]["sent"], 3, "{after}");
    assert_eq!(
        after["stats"]["events"], counted["stats"]["events"],
        "{after}"
    );
    // The audit log keeps what was done, under the erasure's id.
    let (_, log) = t
        .get_as(
            &a,
            &format!("/v1/audit-events?target_id={erasure_id}&limit=100"),
        )
        .await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"person.updated") && actions.contains(&"data_subject.erased"),
        "{log}"
    );
    // The suppression list refuses the address without holding it.
    let (_, list) = t.get_as(&a, "/v1/suppressions?limit=100").await;
    let entries = list["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{list}");
    assert_eq!(entries[0]["reason"], "erased");
    assert!(entries[0]["email"].as_str().unwrap().starts_with("sha256:"));
    let (_, export) = t.get_as(&a, &path).await;
    assert_eq!(export["person"], Value::Null, "{export}");
    assert_eq!(export["campaigns"]["contact"], Value::Null, "{export}");
    assert_eq!(export["campaigns"]["suppression"]["reason"], "erased");
    // A repeat erases nothing more and still answers.
    let (status, again) = t
        .post_as(&a, "/v1/data-subjects/erase", json!({"email": email}))
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["person_id"], Value::Null);
    assert_eq!(again["contact_ids"], json!([]));

    // Imported again later (an old list), the address is never mailed.
    import(&t, &a, vec![json!({"email": email, "tags": ["x"]})]).await;
    let profile = done["profile_id"].as_str().unwrap();
    let template = done["template_id"].as_str().unwrap();
    let (status, second) = t
        .post_as(
            &a,
            "/v1/campaigns",
            campaign_body(&domain, profile, template, json!({"tags_all": ["x"]})),
        )
        .await;
    assert_eq!(status, 201, "{second}");
    let second = second["id"].as_str().unwrap().to_owned();
    let (status, body) = act(&t, &a, &second, "send").await;
    assert_eq!(status, 200, "{body}");
    let done2 = wait_status(&t, &a, &second, "finished", 120).await;
    assert_eq!(done2["stats"]["sent"], 2, "{done2}");
    let mailed = ses_sent(&format!("news@{domain}"))
        .await
        .into_iter()
        .filter(|(to, _)| *to == email)
        .count();
    assert_eq!(mailed, 1, "mailed by the first campaign only");
}

#[tokio::test]
async fn deleting_a_person_erases_the_contact_with_the_address_too() {
    let t = TestStack::start().await;
    let a = t.register("erase-by-id").await;
    let email = "lia.prado@acme.com";
    let (status, enriched) = t
        .post_as(&a, "/v1/people/enrich", json!({"email": email}))
        .await;
    assert_eq!(status, 201, "{enriched}");
    let person_id = enriched["record"]["id"].as_str().unwrap().to_owned();
    let (status, contact) = t
        .post_as(
            &a,
            "/v1/contacts",
            json!({"email": email, "first_name": "Lia"}),
        )
        .await;
    assert_eq!(status, 201, "{contact}");
    let contact_id = contact["id"].as_str().unwrap().to_owned();
    let (status, _) = t
        .call(&a, Method::DELETE, &format!("/v1/people/{person_id}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = t.get_as(&a, &format!("/v1/contacts/{contact_id}")).await;
    assert_eq!(status, 404);
    let left = holding(&t, &[email, &person_id, &contact_id]).await;
    assert!(left.is_empty(), "{left:#?}");
    let (status, _) = t
        .call(&a, Method::DELETE, &format!("/v1/people/{person_id}"), None)
        .await;
    assert_eq!(status, 404, "a second erase finds nothing");
}
