//! ZeroBounce verification, the waterfall's order and stopping rule, and the circuit breaker.

use super::*;

#[tokio::test]
async fn zerobounce_verifies_emails_and_its_200_error_bodies_are_failures() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, ALL).await;
    let a = t.register("zb").await;
    let body = json!({"email": "jane@acme.com", "sources": ["apollo"], "verify_email": true, "fields": ["email"]});
    let apollo = || {
        Mock::given(method("POST"))
            .and(path("/apollo/people/match"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(apollo_person("jane@acme.com", "verified")),
            )
    };
    let setup = |resp: ResponseTemplate| {
        Mock::given(method("GET"))
            .and(path("/zerobounce/validate"))
            .and(query_param("api_key", "zb-platform-key-0003"))
            .and(query_param("email", "jane@acme.com"))
            .and(query_param("ip_address", ""))
            .respond_with(resp)
    };
    type Check = Box<dyn Fn(&Value)>;
    let cases: Vec<(ResponseTemplate, Check)> = vec![
        (
            ResponseTemplate::new(200).set_body_json(zb("valid")),
            Box::new(|b: &Value| {
                assert_eq!(
                    b["record"]["provenance"]["email_status"]["source"], "zerobounce",
                    "{b}"
                );
                assert_eq!(
                    b["record"]["provenance"]["email"]["confidence"], 0.98,
                    "{b}"
                );
            }),
        ),
        (
            // "Not found": the mailbox does not exist; the email is withdrawn.
            ResponseTemplate::new(200).set_body_json(zb("invalid")),
            Box::new(|b: &Value| {
                assert!(b["record"]["data"].get("email").is_none(), "{b}");
                assert_eq!(
                    b["rejected"].as_array().unwrap().last().unwrap()["reason"],
                    "failed_verification"
                );
            }),
        ),
        (
            ResponseTemplate::new(200).set_body_json(
                json!({"error": "Invalid API Key or your account ran out of credits"}),
            ),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "credits_exhausted".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"error": "Invalid API Key"})),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "unauthorized".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(429).insert_header("retry-after", "60"),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "rate_limited".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(500),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "upstream_error".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(200)
                .set_body_json(zb("valid"))
                .set_delay(Duration::from_millis(1500)),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "timeout".into())),
                    "{b}"
                )
            }),
        ),
        (
            ResponseTemplate::new(200).set_body_string("not json"),
            Box::new(|b: &Value| {
                assert!(
                    warning_codes(b).contains(&("zerobounce".into(), "malformed_response".into())),
                    "{b}"
                )
            }),
        ),
    ];
    for (resp, check) in cases {
        server.reset().await;
        apollo().mount(&server).await;
        setup(resp).mount(&server).await;
        let (status, out) = enrich(&t, &a, "/v1/people/enrich", &body).await;
        assert!(status == 200 || status == 201, "{out}");
        check(&out);
    }
    // Credits at ZeroBounce, cached for 5 minutes.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/zerobounce/getcredits"))
        .and(query_param("api_key", "zb-platform-key-0003"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Credits": 2375323})))
        .expect(1)
        .mount(&server)
        .await;
    let (status, acct) = t
        .call(&a, Method::GET, "/v1/providers/zerobounce/account", None)
        .await;
    assert_eq!(status, 200, "{acct}");
    assert_eq!(acct["account"]["credits_remaining"], 2375323.0);
    let (_, again) = t
        .call(&a, Method::GET, "/v1/providers/zerobounce/account", None)
        .await;
    assert_eq!(again["cached"], true);
    // A bad key reads as -1 (sometimes a string).
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/rocketreach/account"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"status": 401, "message": "Invalid API Key"})),
        )
        .mount(&server)
        .await;
    let (status, rr) = t
        .call(&a, Method::GET, "/v1/providers/rocketreach/account", None)
        .await;
    assert_eq!(status, 200);
    assert!(rr["account"].is_null());
    assert_eq!(
        warning_codes(&rr),
        vec![("rocketreach".into(), "unauthorized".into())]
    );
    let (status, _) = t
        .call(&a, Method::GET, "/v1/providers/apollo/account", None)
        .await;
    assert_eq!(status, 404, "Apollo has no account endpoint");
}

#[tokio::test]
async fn the_waterfall_follows_order_stops_when_complete_and_reports_conflicts() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo,pdl").await;
    let a = t.register("waterfall").await;
    // Apollo fills every required field: PDL is never asked.
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "apollo-platform-key-0001"))
        .and(query_param("email", "jane@acme.com"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("jane@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pdl/person/enrich"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pdl_person("CEO", "Acme Corp")))
        .mount(&server)
        .await;
    let (status, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let asked: Vec<&str> = body["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["provider"].as_str().unwrap())
        .collect();
    assert_eq!(asked, ["apollo"], "stopped after Apollo");
    assert_eq!(
        requests_to(
            &server.received_requests().await.unwrap(),
            "/pdl/person/enrich"
        ),
        0
    );

    // Asking for a field Apollo lacks continues to PDL; Apollo's values keep priority and PDL's
    // differing ones come back as conflicts.
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com", "fields": ["email", "title", "phone", "github_url"]}),
    )
    .await;
    let asked: Vec<&str> = body["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["provider"].as_str().unwrap())
        .collect();
    assert_eq!(asked, ["apollo", "pdl"], "{body}");
    assert_eq!(body["record"]["provenance"]["title"]["source"], "apollo");
    assert!(body["missing"]
        .as_array()
        .unwrap()
        .contains(&json!("github_url")));
    let conflict = body["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "title")
        .cloned()
        .expect("title conflict");
    assert_eq!(conflict["kept_source"], "apollo");
    assert_eq!(conflict["other_source"], "pdl");
    assert_eq!(conflict["other_value"], "CEO");

    // `sources` reorders: PDL first.
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com", "sources": ["pdl", "apollo"]}),
    )
    .await;
    assert_eq!(body["calls"][0]["provider"], "pdl", "{body}");
    assert_eq!(
        body["record"]["provenance"]["company_name"]["source"],
        "pdl"
    );

    // A value under the confidence floor does not count: Apollo's guessed email (0.45) is
    // rejected and PDL's (likelihood 8 → 0.8) is taken.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("j.doe@acme.com", "guessed")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pdl/person/enrich"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pdl_person("CEO", "Acme Corp")))
        .mount(&server)
        .await;
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"linkedin_url": "linkedin.com/in/jane-doe", "min_confidence": 0.6}),
    )
    .await;
    assert_eq!(
        body["record"]["provenance"]["email"]["source"], "pdl",
        "{body}"
    );
    assert_eq!(body["record"]["provenance"]["email"]["confidence"], 0.8);
    assert!(body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["source"] == "apollo"
            && r["field"] == "email"
            && r["reason"] == "low_confidence"));
}

#[tokio::test]
async fn a_failing_provider_opens_its_breaker_and_the_waterfall_moves_on() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo,pdl").await;
    let a = t.register("breaker").await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pdl/person/enrich"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pdl_person("CEO", "Acme")))
        .mount(&server)
        .await;
    for _ in 0..5 {
        let (status, body) = enrich(
            &t,
            &a,
            "/v1/people/enrich",
            &json!({"email": "jane@acme.com"}),
        )
        .await;
        assert!(status == 200 || status == 201);
        assert_eq!(
            body["record"]["provenance"]["title"]["source"], "pdl",
            "partial results from PDL: {body}"
        );
    }
    let before = requests_to(
        &server.received_requests().await.unwrap(),
        "/apollo/people/match",
    );
    assert_eq!(before, 15, "5 calls x 3 attempts");
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com"}),
    )
    .await;
    assert!(
        warning_codes(&body).contains(&("apollo".into(), "circuit_open".into())),
        "{body}"
    );
    assert_eq!(
        requests_to(
            &server.received_requests().await.unwrap(),
            "/apollo/people/match"
        ),
        before,
        "no call while open"
    );
}
