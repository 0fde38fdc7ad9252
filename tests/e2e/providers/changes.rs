//! Issue 25 #5: change events. An enrichment or an edit that changes a stored person's fields
//! emits `person.updated` with each field's old and new value and source; a different title or
//! company also `person.job_changed`; an address a verifier finds undeliverable
//! `person.email_invalid`, and a contact holding it gets the organisation's invalid-address rule
//! (suppressed by default). Another organisation hears nothing.

use super::*;
use crate::webhooks::{received, receiver, subscribe};

fn events(requests: &[wiremock::Request]) -> Vec<Value> {
    requests
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap())
        .collect()
}

fn of_type<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == kind).collect()
}

async fn apollo_says(server: &MockServer, title: &str, org: &str, domain: &str) {
    server.reset().await;
    let mut body = apollo_person("jane@acme.com", "verified");
    body["person"]["title"] = json!(title);
    body["person"]["organization"]["name"] = json!(org);
    body["person"]["organization"]["primary_domain"] = json!(domain);
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn changes_emit_old_and_new_values_job_changes_and_invalid_addresses() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo,zerobounce").await;
    let _w = t.start_workers(1);
    let a = t.register("changes-a").await;
    let b = t.register("changes-b").await;
    let hook = receiver(200).await;
    subscribe(&t, &a, &hook, json!(["person.*"])).await;
    let other = receiver(200).await;
    subscribe(&t, &b, &other, json!(["person.*"])).await;
    let (status, contact) = t
        .call(
            &a,
            Method::POST,
            "/v1/contacts",
            Some(json!({"email": "jane@acme.com"})),
        )
        .await;
    assert_eq!(status, 201, "{contact}");

    apollo_says(&server, "VP Sales", "Acme", "acme.com").await;
    let lookup = json!({"email": "jane@acme.com", "sources": ["apollo"]});
    let (status, first) = enrich(&t, &a, "/v1/people/enrich", &lookup).await;
    assert_eq!(status, 201, "{first}");
    let id = first["record"]["id"].as_str().unwrap().to_owned();
    received(&hook, 1, 60).await;

    // A new job: title and company differ.
    apollo_says(&server, "Chief Revenue Officer", "Globex", "globex.com").await;
    let (status, second) = enrich(&t, &a, "/v1/people/enrich", &lookup).await;
    assert_eq!(status, 200, "{second}");
    // The first enrichment's event, then enriched, updated and job_changed.
    let got = events(&received(&hook, 4, 60).await);
    let updated = of_type(&got, "person.updated");
    assert_eq!(updated.len(), 1, "{got:?}");
    let data = &updated[0]["data"];
    assert_eq!(
        (data["person_id"].as_str(), data["cause"].as_str()),
        (Some(id.as_str()), Some("enrichment"))
    );
    let change = |field: &str| {
        data["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == field)
            .cloned()
            .unwrap_or_else(|| panic!("no {field} in {data}"))
    };
    let title = change("title");
    assert_eq!(
        (
            &title["old_value"],
            &title["new_value"],
            &title["old_source"],
            &title["new_source"]
        ),
        (
            &json!("VP Sales"),
            &json!("Chief Revenue Officer"),
            &json!("apollo"),
            &json!("apollo")
        )
    );
    assert_eq!(change("company_domain")["new_value"], "globex.com");
    assert!(
        !data["changed"]
            .as_array()
            .unwrap()
            .contains(&json!("email")),
        "unchanged fields are not changes: {data}"
    );
    let moved = of_type(&got, "person.job_changed");
    assert_eq!(moved.len(), 1, "{got:?}");
    assert_eq!(
        (
            moved[0]["data"]["old_company_name"].as_str(),
            moved[0]["data"]["new_company_name"].as_str()
        ),
        (Some("Acme"), Some("Globex"))
    );

    // An edit is a change too, caused by the edit.
    let (status, _) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/people/{id}"),
            Some(json!({"phone": "+15125550199"})),
        )
        .await;
    assert_eq!(status, 200);
    let got = events(&received(&hook, 5, 60).await);
    let edit = of_type(&got, "person.updated")
        .into_iter()
        .find(|e| e["data"]["cause"] == "edit")
        .cloned()
        .unwrap_or_else(|| panic!("no edit event in {got:?}"));
    assert_eq!(edit["data"]["changes"][0]["new_source"], "user", "{edit}");
    assert_eq!(
        edit["data"]["changes"][0]["old_value"], "+15125550100",
        "{edit}"
    );

    // The verifier now finds the address undeliverable: it leaves the record, the event says so
    // and the contact holding it is suppressed (the organisation's default rule).
    Mock::given(method("GET"))
        .and(path("/zerobounce/validate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(zb("invalid")))
        .mount(&server)
        .await;
    let verify = json!({"email": "jane@acme.com", "sources": ["apollo"], "verify_email": true});
    let (status, third) = enrich(&t, &a, "/v1/people/enrich", &verify).await;
    assert_eq!(status, 200, "{third}");
    assert!(third["record"]["data"]["email"].is_null(), "{third}");
    // enriched, updated (the address and its status gone) and email_invalid: 8 in all.
    let got = events(&received(&hook, 8, 60).await);
    let invalid = of_type(&got, "person.email_invalid");
    assert_eq!(invalid.len(), 1, "{got:?}");
    assert_eq!(
        (
            invalid[0]["data"]["email"].as_str(),
            invalid[0]["data"]["email_status"].as_str()
        ),
        (Some("jane@acme.com"), Some("removed"))
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let (_, list) = t.call(&a, Method::GET, "/v1/suppressions", None).await;
        let hit = list["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["email"] == "jane@acme.com")
            .cloned();
        if let Some(s) = hit {
            assert_eq!(s["reason"], "invalid", "{s}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not suppressed: {list}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The event is listed in the catalogue, with its schema.
    let (_, catalogue) = t.call(&a, Method::GET, "/v1/webhook-events", None).await;
    let text = catalogue.to_string();
    for kind in [
        "person.job_changed",
        "person.email_invalid",
        "person.updated",
    ] {
        assert!(text.contains(kind), "{kind} in the catalogue");
    }
    // Nothing reached the other organisation.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(other.received_requests().await.unwrap().is_empty());
}
