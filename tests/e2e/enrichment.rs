//! People and companies through the sandbox provider: enrichment, provenance, sources, the cache,
//! edits that enrichment keeps, erasure, search, validation and tenant isolation.

use enrich_tests::{problem, TestStack};
use reqwest::Method;
use serde_json::{json, Value};

async fn enrich_person(t: &TestStack, a: &enrich_tests::Account, body: Value) -> (u16, Value) {
    t.call(a, Method::POST, "/v1/people/enrich", Some(body))
        .await
}

#[tokio::test]
async fn sandbox_enriches_a_person_and_company_with_provenance_and_sources() {
    let t = TestStack::start().await;
    let a = t.register("sandboxco").await;
    let (status, body) = enrich_person(
        &t,
        &a,
        json!({"email": "Jane.Doe@Acme-Labs.com", "include_company": true}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "enriched");
    let person = &body["record"];
    assert_eq!(person["data"]["full_name"], "Jane Doe");
    assert_eq!(person["data"]["email"], "jane.doe@acme-labs.com");
    assert_eq!(person["provenance"]["title"]["source"], "sandbox");
    assert!(person["provenance"]["title"]["observed_at"].is_string());
    assert!(person["overall_confidence"].as_f64().unwrap() > 0.8);
    let company_id = person["company_id"].as_str().expect("linked company");
    assert_eq!(body["company"]["id"], company_id);
    assert_eq!(body["company"]["data"]["domain"], "acme-labs.com");
    assert_eq!(body["credits_spent"], 2.0, "a person and a company");

    // Read back with per-source results.
    let id = person["id"].as_str().unwrap();
    let (status, got) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/people/{id}?include=sources"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(got["data"], person["data"]);
    let sources = got["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["provider"], "sandbox");
    assert_eq!(sources[0]["raw"]["sandbox"], true);
    assert_eq!(sources[0]["normalized"]["full_name"], "Jane Doe");
    let (status, company) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/companies/{company_id}"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(company["provenance"]["industry"]["source"], "sandbox");
    let (_, people) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/people?company_id={company_id}"),
            None,
        )
        .await;
    assert_eq!(people["items"][0]["id"], id);
    let (_, by_domain) = t
        .call(
            &a,
            Method::GET,
            "/v1/companies?domain=www.acme-labs.com",
            None,
        )
        .await;
    assert_eq!(by_domain["items"][0]["id"], company_id);

    // The same person again: matched by email, answered from the cache, no credit.
    let (status, again) = enrich_person(&t, &a, json!({"email": "jane.doe@acme-labs.com"})).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["created"], false);
    assert_eq!(again["record"]["id"], id);
    assert_eq!(again["calls"][0]["cached"], true);
    assert_eq!(again["credits_spent"], 0.0);
    // `cache: bypass` asks the provider again and pays.
    let (_, fresh) = enrich_person(
        &t,
        &a,
        json!({"email": "jane.doe@acme-labs.com", "cache": "bypass"}),
    )
    .await;
    assert_eq!(fresh["calls"][0]["cached"], false);
    assert_eq!(fresh["credits_spent"], 1.0);
}

#[tokio::test]
async fn unknown_people_are_not_stored_and_bad_input_is_refused_by_field() {
    let t = TestStack::start().await;
    let a = t.register("refusals").await;
    let (status, body) = enrich_person(&t, &a, json!({"email": "unknown.someone@acme.com"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "not_found");
    assert!(body["record"].is_null());
    let (_, list) = t.call(&a, Method::GET, "/v1/people", None).await;
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        0,
        "nothing half-written"
    );

    for (body, field) in [
        (json!({"email": "not-an-email"}), "email"),
        (json!({"name": "Jane Doe"}), "email"),
        (
            json!({"linkedin_url": "https://example.com/in/jane"}),
            "linkedin_url",
        ),
        (
            json!({"email": "a@b.co", "sources": ["clearbit"]}),
            "sources[0]",
        ),
        (
            json!({"email": "a@b.co", "sources": ["zerobounce"]}),
            "sources[0]",
        ),
        (
            json!({"email": "a@b.co", "min_confidence": 2}),
            "min_confidence",
        ),
        (
            json!({"email": "a@b.co", "fields": ["shoe_size"]}),
            "fields[0]",
        ),
    ] {
        let resp = t
            .authed(Method::POST, "/v1/people/enrich", &a.access)
            .json(&body)
            .send()
            .await
            .unwrap();
        let p = problem(resp, 422).await;
        assert_eq!(p["errors"][0]["field"], field, "{body} → {p}");
    }
    // A tax id with wrong check digits costs no provider call.
    let (_, before) = t.call(&a, Method::GET, "/v1/providers/calls", None).await;
    let resp = t
        .authed(Method::POST, "/v1/companies/enrich", &a.access)
        .json(&json!({"tax_id": "11.222.333/0001-00", "country": "BR"}))
        .send()
        .await
        .unwrap();
    let p = problem(resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "tax_id");
    assert_eq!(p["errors"][0]["code"], "check_digit");
    let (_, after) = t.call(&a, Method::GET, "/v1/providers/calls", None).await;
    assert_eq!(after["items"], before["items"]);
    let resp = t
        .authed(Method::POST, "/v1/companies/enrich", &a.access)
        .json(&json!({"tax_id": "11222333000181"}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(resp, 422).await["errors"][0]["field"], "country");
}

#[tokio::test]
async fn user_edits_survive_re_enrichment_and_identifiers_move() {
    let t = TestStack::start().await;
    let a = t.register("edits").await;
    let (_, body) = enrich_person(&t, &a, json!({"email": "maria.silva@loja.com.br"})).await;
    let id = body["record"]["id"].as_str().unwrap().to_owned();
    let (status, patched) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/people/{id}"),
            Some(json!({"title": "Founder", "city": null})),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["provenance"]["title"]["source"], "user");
    assert_eq!(patched["provenance"]["title"]["confidence"], 1.0);
    assert!(patched["data"].get("city").is_none());

    let (_, again) = enrich_person(
        &t,
        &a,
        json!({"email": "maria.silva@loja.com.br", "cache": "bypass"}),
    )
    .await;
    assert_eq!(
        again["record"]["data"]["title"], "Founder",
        "user value kept"
    );
    assert_eq!(
        again["record"]["provenance"]["city"]["source"], "sandbox",
        "refilled"
    );

    // Bad values are refused by field, and nothing changes.
    let resp = t
        .authed(Method::PATCH, &format!("/v1/people/{id}"), &a.access)
        .json(&json!({"email": "nope", "title": "CEO"}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(resp, 422).await["errors"][0]["field"], "email");
    let resp = t
        .authed(Method::PATCH, &format!("/v1/people/{id}"), &a.access)
        .json(&json!({"shoe_size": 42}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(resp, 422).await["errors"][0]["field"], "shoe_size");
    // Each field's rule is the one the document states (`edit_rule`): a LinkedIn URL, an http(s)
    // link, a host name, text that is not blank; `{}` names nothing to change.
    for (body, field) in [
        (
            json!({"linkedin_url": "https://example.com/in/maria"}),
            "linkedin_url",
        ),
        (json!({"photo_url": "cdn.example.com/p.png"}), "photo_url"),
        (
            json!({"company_domain": "https://loja.com.br"}),
            "company_domain",
        ),
        (json!({"title": "   "}), "title"),
        (json!({}), ""),
    ] {
        let resp = t
            .authed(Method::PATCH, &format!("/v1/people/{id}"), &a.access)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            problem(resp, 422).await["errors"][0]["field"],
            field,
            "{body}"
        );
    }
    let (_, now) = t
        .call(&a, Method::GET, &format!("/v1/people/{id}"), None)
        .await;
    assert_eq!(now["data"]["title"], "Founder");
    // Naming only the version read changes nothing: the record as it is, its version unmoved.
    let (status, same) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/people/{id}"),
            Some(json!({"version": now["version"], "watch": null})),
        )
        .await;
    assert_eq!(status, 200, "{same}");
    assert_eq!(same["version"], now["version"]);
    assert_eq!(same["data"], now["data"]);
    // A handle is stored as a valid URI (the document says `format: uri`).
    let (status, edited) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/people/{id}"),
            Some(json!({"linkedin_url": "br.linkedin.com/in/María-Silva"})),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(
        edited["data"]["linkedin_url"],
        "https://www.linkedin.com/in/mar%c3%ada-silva"
    );

    // A stale version is a 409.
    let resp = t
        .authed(Method::PATCH, &format!("/v1/people/{id}"), &a.access)
        .json(&json!({"title": "CTO", "version": 1}))
        .send()
        .await
        .unwrap();
    problem(resp, 409).await;

    // Changing the email moves the identifier: the new address finds the person, the old one not.
    let (status, _) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/people/{id}"),
            Some(json!({"email": "maria@newjob.com"})),
        )
        .await;
    assert_eq!(status, 200);
    let (_, found) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/search",
            Some(json!({"email": "maria@newjob.com"})),
        )
        .await;
    assert_eq!(found["items"][0]["id"], id.as_str());
    let (_, old) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/search",
            Some(json!({"email": "maria.silva@loja.com.br"})),
        )
        .await;
    assert_eq!(old["items"].as_array().unwrap().len(), 0);
    // Another person may not take that email.
    let (_, other) = enrich_person(&t, &a, json!({"email": "joao.souza@loja.com.br"})).await;
    let other_id = other["record"]["id"].as_str().unwrap();
    let resp = t
        .authed(Method::PATCH, &format!("/v1/people/{other_id}"), &a.access)
        .json(&json!({"email": "maria@newjob.com"}))
        .send()
        .await
        .unwrap();
    problem(resp, 409).await;
}

#[tokio::test]
async fn erasing_a_person_removes_record_sources_markers_and_cache() {
    let t = TestStack::start().await;
    let a = t.register("erasure").await;
    let (_, body) = enrich_person(
        &t,
        &a,
        json!({"email": "ana.costa@acme.com", "verify_email": true}),
    )
    .await;
    let id = body["record"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        body["record"]["provenance"]["email_status"]["source"],
        "sandbox"
    );
    let (status, _) = t
        .call(&a, Method::DELETE, &format!("/v1/people/{id}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = t
        .call(&a, Method::GET, &format!("/v1/people/{id}"), None)
        .await;
    assert_eq!(status, 404);
    let (status, _) = t
        .call(&a, Method::DELETE, &format!("/v1/people/{id}"), None)
        .await;
    assert_eq!(status, 404, "a second erase finds nothing");
    // No cached answer survives: the next enrichment is a fresh call and a new record.
    let (status, again) = enrich_person(&t, &a, json!({"email": "ana.costa@acme.com"})).await;
    assert_eq!(status, 201, "{again}");
    assert_ne!(again["record"]["id"], id.as_str());
    assert_eq!(again["calls"][0]["cached"], false);
    // Nothing keyed by the old id is left in the table.
    let items = t.scan_table().await;
    let leftovers: Vec<_> = items
        .iter()
        .filter(|i| format!("{i:?}").contains(&id))
        .filter(|i| !matches!(i.get("entity"), Some(aws_sdk_dynamodb::types::AttributeValue::S(e)) if e == "AUDIT"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn companies_by_tax_id_name_and_search() {
    let t = TestStack::start().await;
    let a = t.register("companies").await;
    let (status, body) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/enrich",
            Some(
                json!({"tax_id": "11.222.333/0001-81", "country": "BR", "name": "Padaria Central"}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let rec = &body["record"];
    assert_eq!(rec["data"]["tax_id"], "11222333000181");
    assert_eq!(rec["data"]["registration_status"], "ATIVA");
    let id = rec["id"].as_str().unwrap();
    let (_, found) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/search",
            Some(json!({"name": "padaria"})),
        )
        .await;
    assert_eq!(found["items"][0]["id"], id);
    // Same tax id, other punctuation: the same company.
    let (status, again) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/enrich",
            Some(json!({"tax_id": "11222333000181", "country": "br"})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(again["record"]["id"], id);
    // An RFC with a wrong check digit is accepted with a warning.
    let (status, mx) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/enrich",
            Some(json!({"tax_id": "GODE561231GR9", "country": "MX", "sources": ["sandbox"]})),
        )
        .await;
    assert_eq!(status, 201, "{mx}");
    assert!(
        mx["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "rfc_check_digit_mismatch"),
        "{mx}"
    );
    let (_, none) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/search",
            Some(json!({"name": "zzz"})),
        )
        .await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let (_, by_tax) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/search",
            Some(json!({"tax_id": "11.222.333/0001-81", "country": "BR"})),
        )
        .await;
    assert_eq!(by_tax["items"][0]["id"], id);
    let (status, patched) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/companies/{id}"),
            Some(json!({"employee_count": 12})),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["provenance"]["employee_count"]["source"], "user");
}

#[tokio::test]
async fn another_tenant_sees_none_of_it() {
    let t = TestStack::start().await;
    let a = t.register("owner-org").await;
    let b = t.register("other-org").await;
    let (_, body) = enrich_person(
        &t,
        &a,
        json!({"email": "carla.reyes@acme.mx", "include_company": true}),
    )
    .await;
    let pid = body["record"]["id"].as_str().unwrap();
    let cid = body["record"]["company_id"].as_str().unwrap();
    for (method, path, payload) in [
        (Method::GET, format!("/v1/people/{pid}"), None),
        (
            Method::PATCH,
            format!("/v1/people/{pid}"),
            Some(json!({"title": "x"})),
        ),
        (Method::DELETE, format!("/v1/people/{pid}"), None),
        (Method::GET, format!("/v1/companies/{cid}"), None),
        (
            Method::PATCH,
            format!("/v1/companies/{cid}"),
            Some(json!({"industry": "x"})),
        ),
    ] {
        let (status, _) = t.call(&b, method.clone(), &path, payload).await;
        assert_eq!(status, 404, "{method} {path}");
    }
    let (_, list) = t.call(&b, Method::GET, "/v1/people", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    let (_, list) = t
        .call(
            &b,
            Method::GET,
            &format!("/v1/people?company_id={cid}"),
            None,
        )
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    let (_, list) = t
        .call(&b, Method::GET, "/v1/companies?domain=acme.mx", None)
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    let (_, found) = t
        .call(
            &b,
            Method::POST,
            "/v1/people/search",
            Some(json!({"email": "carla.reyes@acme.mx"})),
        )
        .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 0);
    let (_, status) = t
        .call(
            &b,
            Method::GET,
            &format!("/v1/people/lookup-status?ids={pid}"),
            None,
        )
        .await;
    assert_eq!(status["items"][0]["status"], "not_found");
    // B enriching the same address gets its own record and pays for its own call: no shared cache.
    let (status, mine) = enrich_person(&t, &b, json!({"email": "carla.reyes@acme.mx"})).await;
    assert_eq!(status, 201);
    assert_ne!(mine["record"]["id"], pid);
    assert_eq!(mine["calls"][0]["cached"], false);
    let (_, calls) = t.call(&b, Method::GET, "/v1/providers/calls", None).await;
    assert_eq!(
        calls["items"].as_array().unwrap().len(),
        1,
        "only B's own call"
    );
    // Nor A's usage or settings.
    let (_, settings) = t
        .call(
            &a,
            Method::PATCH,
            "/v1/providers/sandbox",
            Some(json!({"monthly_quota": 5})),
        )
        .await;
    assert_eq!(settings["monthly_quota"], 5);
    let (_, theirs) = t.call(&b, Method::GET, "/v1/providers", None).await;
    let sandbox = theirs["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "sandbox")
        .unwrap();
    assert!(sandbox["monthly_quota"].is_null());
}

#[tokio::test]
async fn a_cached_enrichment_costs_six_aws_calls_in_four_round_trips() {
    let t = TestStack::start().await;
    let a = t.register("budget").await;
    let body = json!({"email": "pedro.alves@acme.com"});
    let (status, first) = enrich_person(&t, &a, body.clone()).await;
    assert_eq!(status, 201);
    let ((status, again), calls, path) =
        t.measured(&a, || enrich_person(&t, &a, body.clone())).await;
    assert_eq!(status, 200);
    assert_eq!(again["calls"][0]["cached"], true);
    // Authorizer BatchGetItem; the user's limiter UpdateItem; then the settings Query beside the
    // markers' BatchGetItem; then the person's GetItem beside the cache entries' BatchGetItem. The
    // answers say nothing new, so nothing else is written: no provider call, no usage, no save.
    assert_eq!(calls.values().sum::<u64>(), 6, "{calls:?}");
    assert_eq!(calls.get("DynamoDB.BatchGetItem"), Some(&3), "{calls:?}");
    assert_eq!(calls.get("DynamoDB.UpdateItem"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("DynamoDB.TransactWriteItems"), None, "{calls:?}");
    assert_eq!(path, 4, "{calls:?}");
    assert_eq!(
        again["record"]["version"], first["record"]["version"],
        "a lookup that says nothing new leaves the record as it was"
    );
    assert_eq!(again["record"]["updated_at"], first["record"]["updated_at"]);
    // Uncached: the provider is asked, and one TransactWriteItems holds the call log line, its
    // usage counter and the cache entry (so usage always equals the call log, and no answer is
    // cached without its line). The same answer again changes nothing: no save.
    let mut fresh = body;
    fresh["cache"] = json!("bypass");
    let (_, calls, _) = t
        .measured(&a, || enrich_person(&t, &a, fresh.clone()))
        .await;
    assert_eq!(calls.values().sum::<u64>(), 6, "{calls:?}");
    assert_eq!(
        calls.get("DynamoDB.TransactWriteItems"),
        Some(&1),
        "{calls:?}"
    );
    assert_eq!(calls.get("DynamoDB.BatchWriteItem"), None, "{calls:?}");
    assert_eq!(
        calls.get("DynamoDB.UpdateItem"),
        Some(&1),
        "only the limiter's: {calls:?}"
    );
    // Bad input is refused before any AWS call beyond the authorizer's and the limiter's.
    let ((status, _), calls, _) = t
        .measured(&a, || {
            enrich_person(&t, &a, json!({"email": "not-an-email"}))
        })
        .await;
    assert_eq!(status, 422);
    assert_eq!(calls.values().sum::<u64>(), 2, "{calls:?}");
    // Reading a person back: the authorizer, the limiter and one GetItem.
    let id = again["record"]["id"].as_str().unwrap();
    let path = format!("/v1/people/{id}");
    let (_, calls, _) = t
        .measured(&a, || t.call(&a, Method::GET, &path, None))
        .await;
    assert_eq!(calls.values().sum::<u64>(), 3, "{calls:?}");
}

#[tokio::test]
async fn viewers_read_but_cannot_enrich_edit_or_erase() {
    let t = TestStack::start().await;
    let a = t.register("rbac-enrich").await;
    let viewer = t
        .invite_and_join(
            &a,
            &enrich_tests::fresh_email("viewer", "rbac-enrich.example"),
            "viewer",
        )
        .await;
    let (_, body) = enrich_person(&t, &a, json!({"email": "rui.nunes@acme.pt"})).await;
    let id = body["record"]["id"].as_str().unwrap();
    let (status, _) = t
        .call(&viewer, Method::GET, &format!("/v1/people/{id}"), None)
        .await;
    assert_eq!(status, 200);
    for (method, path, payload) in [
        (
            Method::POST,
            "/v1/people/enrich".to_owned(),
            Some(json!({"email": "x@y.co"})),
        ),
        (
            Method::PATCH,
            format!("/v1/people/{id}"),
            Some(json!({"title": "x"})),
        ),
        (Method::DELETE, format!("/v1/people/{id}"), None),
        (
            Method::POST,
            "/v1/companies/enrich".to_owned(),
            Some(json!({"domain": "y.co"})),
        ),
        (
            Method::PATCH,
            "/v1/providers/sandbox".to_owned(),
            Some(json!({"active": false})),
        ),
        (
            Method::POST,
            "/v1/people/search".to_owned(),
            Some(json!({"provider": "rocketreach", "query": {"name": ["x"]}})),
        ),
    ] {
        let (status, _) = t.call(&viewer, method.clone(), &path, payload).await;
        assert_eq!(status, 403, "{method} {path}");
    }
    let (_, still) = t
        .call(&a, Method::GET, &format!("/v1/people/{id}"), None)
        .await;
    assert_eq!(still["version"], body["record"]["version"]);
}

#[tokio::test]
async fn concurrent_enrichments_of_one_new_person_store_one_record() {
    let t = TestStack::start().await;
    let a = t.register("race").await;
    let body = json!({"email": "twin.request@acme.com"});
    let (first, second) = tokio::join!(
        enrich_person(&t, &a, body.clone()),
        enrich_person(&t, &a, body.clone())
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    // Either they were serialised (201 then 200) or they raced on the markers (201 and 409).
    assert!(
        statuses == [200, 201] || statuses == [201, 409],
        "{statuses:?}"
    );
    let (_, list) = t.call(&a, Method::GET, "/v1/people", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
    // The loser's retry lands on the winner's record.
    let (status, again) = enrich_person(&t, &a, body).await;
    assert_eq!(status, 200);
    assert_eq!(again["record"]["id"], list["items"][0]["id"]);
}
