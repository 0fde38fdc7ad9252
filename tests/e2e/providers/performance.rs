//! Issue 25 #1: provider performance per provider and field, counted as calls are logged: exact
//! under concurrent lookups, read back as hit rate, credits per filled field and latency.

use super::*;

/// A provider's person made someone of their own (their own LinkedIn profile and address), so
/// concurrent lookups of different people do not claim the same identifiers.
fn person(mut body: Value, at: &str, i: usize) -> Value {
    body[at]["linkedin_url"] = json!(format!("https://www.linkedin.com/in/person-{i}"));
    body[at]["email"] = json!(format!("p{i}@acme.com"));
    body[at]["work_email"] = json!(format!("p{i}@acme.com"));
    if let Some(phones) = body[at].get_mut("phone_numbers") {
        *phones = json!([]);
    }
    body
}

#[tokio::test]
async fn performance_counts_every_lookup_exactly_and_reports_hit_rates_and_costs_per_field() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo,pdl").await;
    let a = t.register("perf").await;
    let b = t.register("perf-b").await;
    // Apollo knows six of eight people; PDL knows the other two.
    for i in 0..6 {
        let email = format!("p{i}@acme.com");
        Mock::given(method("POST"))
            .and(path("/apollo/people/match"))
            .and(query_param("email", email.as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(person(
                apollo_person(&email, "verified"),
                "person",
                i,
            )))
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .with_priority(10)
        .mount(&server)
        .await;
    for i in 6..8 {
        let email = format!("p{i}@acme.com");
        Mock::given(method("GET"))
            .and(path("/pdl/person/enrich"))
            .and(query_param("email", email.as_str()))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-call-credits-spent", "2")
                    .set_body_json(person(pdl_person("Head of Data", "Acme"), "data", i)),
            )
            .mount(&server)
            .await;
    }
    // Eight lookups at once.
    let statuses = futures::future::join_all((0..8).map(|i| {
        let body = json!({"email": format!("p{i}@acme.com"), "fields": ["title"]});
        let (t, a) = (&t, &a);
        async move { enrich(t, a, "/v1/people/enrich", &body).await.0 }
    }))
    .await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");

    let (status, report) = t
        .call(
            &a,
            Method::GET,
            "/v1/providers/performance?field=title",
            None,
        )
        .await;
    assert_eq!(status, 200, "{report}");
    let row = |p: &str| {
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["provider"] == p)
            .cloned()
            .unwrap_or_else(|| panic!("no {p} row in {report}"))
    };
    let apollo = row("apollo");
    assert_eq!(
        (
            apollo["lookups"].as_u64(),
            apollo["filled"].as_u64(),
            apollo["hit_rate"].as_f64()
        ),
        (Some(8), Some(6), Some(0.75)),
        "{apollo}"
    );
    assert_eq!(apollo["credits"], 6.0, "Apollo charges a match only");
    assert_eq!(apollo["credits_per_filled_field"], 1.0);
    assert!(apollo["latency_p50_ms"].as_u64().is_some(), "{apollo}");
    let pdl = row("pdl");
    assert_eq!(
        (pdl["lookups"].as_u64(), pdl["filled"].as_u64()),
        (Some(2), Some(2)),
        "{pdl}"
    );
    assert_eq!(pdl["credits_per_filled_field"], 2.0, "{pdl}");
    // The counters agree with the call log, line for line.
    let (_, calls) = t
        .call(&a, Method::GET, "/v1/providers/calls?limit=100", None)
        .await;
    assert_eq!(calls["items"].as_array().map(Vec::len), Some(10), "{calls}");

    // Every field a provider filled, without `field`; one more lookup counts once more, exactly
    // as many as the call log's lines.
    let (status, _) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "p0@acme.com", "fields": ["title"], "cache": "bypass"}),
    )
    .await;
    assert!(status == 200 || status == 201);
    let (_, all) = t
        .call(&a, Method::GET, "/v1/providers/performance?days=7", None)
        .await;
    let apollo_rows: Vec<&Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["provider"] == "apollo")
        .collect();
    let fields: Vec<&str> = apollo_rows
        .iter()
        .filter_map(|r| r["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"email") && fields.contains(&"title"),
        "{all}"
    );
    let (_, calls) = t
        .call(
            &a,
            Method::GET,
            "/v1/providers/calls?limit=100&provider=apollo",
            None,
        )
        .await;
    let lines = calls["items"].as_array().map(Vec::len).unwrap_or(0) as u64;
    assert_eq!(lines, 9, "{calls}");
    assert!(apollo_rows.iter().all(|r| r["lookups"] == lines), "{all}");

    // Another organisation has its own (empty) figures; bad parameters are named.
    let (_, other) = t
        .call(&b, Method::GET, "/v1/providers/performance", None)
        .await;
    assert_eq!(other["items"], json!([]), "{other}");
    for (query, field) in [
        ("days=0", "days"),
        ("days=91", "days"),
        ("field=shoe_size", "field"),
    ] {
        let (status, err) = t
            .call(
                &a,
                Method::GET,
                &format!("/v1/providers/performance?{query}"),
                None,
            )
            .await;
        assert_eq!(status, 422, "{query}: {err}");
        assert_eq!(err["errors"][0]["field"], field, "{err}");
    }
}
