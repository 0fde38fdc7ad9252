//! Quotas, own keys, usage, the call log, key rotation and RocketReach's asynchronous lookups.

use super::*;

#[tokio::test]
async fn quotas_own_keys_usage_and_the_call_log() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo").await;
    let a = t.register("quota").await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "apollo-platform-key-0001"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("jane@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    let (status, s) = t
        .call(
            &a,
            Method::PATCH,
            "/v1/providers/apollo",
            Some(json!({"monthly_quota": 2})),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    for i in 0..2 {
        let (_, body) = enrich(
            &t,
            &a,
            "/v1/people/enrich",
            &json!({"email": format!("p{i}@acme.com")}),
        )
        .await;
        assert_eq!(body["calls"][0]["outcome"], "found", "{body}");
    }
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "p3@acme.com"}),
    )
    .await;
    assert_eq!(
        warning_codes(&body),
        vec![("apollo".into(), "quota_exceeded".into())]
    );
    assert_eq!(
        requests_to(
            &server.received_requests().await.unwrap(),
            "/apollo/people/match"
        ),
        2
    );
    // A cache hit spends no quota.
    let (_, cached) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich",
            Some(json!({"email": "p0@acme.com"})),
        )
        .await;
    assert_eq!(cached["calls"][0]["cached"], true, "{cached}");
    t.call(
        &a,
        Method::PATCH,
        "/v1/providers/apollo",
        Some(json!({"monthly_quota": null})),
    )
    .await;

    // The organisation's own key: stored in Secrets Manager, shown as its last 4, used for calls.
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "tenant-own-apollo-key-9876"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("own@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    let resp = t
        .authed(Method::PUT, "/v1/providers/apollo/credentials", &a.access)
        .json(&json!({"api_key": "tenant-own-apollo-key-9876"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    assert!(!text.contains("tenant-own-apollo-key-9876"), "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["credentials"]["last4"], "9876");
    assert_eq!(v["credentials"]["source"], "organisation");
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "own@acme.com"}),
    )
    .await;
    assert_eq!(body["record"]["data"]["email"], "own@acme.com", "{body}");
    let (_, list) = t.call(&a, Method::GET, "/v1/providers", None).await;
    assert!(!list.to_string().contains("tenant-own-apollo-key"));
    // Short (counted in characters, as the document's pattern counts: seven characters are 18
    // bytes here), padded with spaces, or holding a control character: each refused.
    for key in [
        "short",
        "ÊÙ𡑮ÊÙ𡑮Ê",
        " tenant-own-apollo-key-9876 ",
        "tenant\u{1c}key-9876",
    ] {
        let resp = t
            .authed(Method::PUT, "/v1/providers/apollo/credentials", &a.access)
            .json(&json!({ "api_key": key }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            enrich_tests::problem(resp, 422).await["errors"][0]["field"],
            "api_key",
            "{key:?}"
        );
    }
    let (status, _) = t
        .call(&a, Method::DELETE, "/v1/providers/apollo/credentials", None)
        .await;
    assert_eq!(status, 204);

    // Usage and the call log saw every call that left, and none of the cache hit.
    let (status, usage) = t
        .call(
            &a,
            Method::GET,
            "/v1/providers/usage?group_by=provider",
            None,
        )
        .await;
    assert_eq!(status, 200, "{usage}");
    assert_eq!(usage["rows"][0]["key"], "apollo");
    assert_eq!(usage["rows"][0]["calls"], 3);
    assert_eq!(usage["rows"][0]["credits"], 3.0);
    assert_eq!(usage["rows"][0]["errors"], 0);
    let (_, by_day) = t.call(&a, Method::GET, "/v1/providers/usage", None).await;
    assert_eq!(by_day["total"]["calls"], 3);
    let (_, calls) = t
        .call(
            &a,
            Method::GET,
            "/v1/providers/calls?provider=apollo&limit=2",
            None,
        )
        .await;
    let items = calls["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["endpoint"], "people/match");
    assert_eq!(items[0]["http_status"], 200);
    assert_eq!(items[0]["user_id"], a.user_id.as_str());
    assert!(items[0]["request_id"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    assert!(calls["next_cursor"].is_string());
    let (status, _) = t
        .call(&a, Method::GET, "/v1/providers/usage?from=2026-13-01", None)
        .await;
    assert_eq!(status, 400);
    // An empty name is no provider (the document's enum has none), not "every provider".
    for (path, field, expected) in [
        ("/v1/providers/calls?provider=", "provider", 400),
        ("/v1/providers/performance?field=", "field", 422),
    ] {
        let (status, problem) = t.call(&a, Method::GET, path, None).await;
        assert_eq!(status, expected, "{path}: {problem}");
        assert_eq!(problem["errors"][0]["in"], "query", "{problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
}

#[tokio::test]
async fn key_rotation_is_picked_up_on_the_first_401() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo").await;
    let a = t.register("rotation").await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "apollo-platform-key-0001"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("jane@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com"}),
    )
    .await;
    assert_eq!(body["calls"][0]["outcome"], "found");
    // The operator rotates the key: the old one is refused from now on.
    t.set_platform_keys(&json!({"apollo": "apollo-rotated-key-0002"}))
        .await;
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .and(header("x-api-key", "apollo-rotated-key-0002"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(apollo_person("jane@acme.com", "verified")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "Invalid access credentials."})),
        )
        .mount(&server)
        .await;
    let (_, body) = enrich(
        &t,
        &a,
        "/v1/people/enrich",
        &json!({"email": "jane@acme.com"}),
    )
    .await;
    assert_eq!(body["calls"][0]["outcome"], "found", "{body}");
    assert!(warning_codes(&body).is_empty());
}

#[tokio::test]
async fn rocketreach_lookups_finish_later_and_searches_pass_through() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "rocketreach").await;
    let a = t.register("async").await;
    Mock::given(method("GET"))
        .and(path("/rocketreach/person/lookup"))
        .and(header("api-key", "rr-platform-key-0004"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": 42, "status": "searching", "name": "Jane Doe"})),
        )
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
    assert_eq!(body["status"], "pending");
    assert_eq!(body["record"]["pending_lookups"]["rocketreach"], "42");
    let id = body["record"]["id"].as_str().unwrap();
    Mock::given(method("GET"))
        .and(path("/rocketreach/person/checkStatus"))
        .and(query_param("ids", "42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([rr_profile("complete")])))
        .mount(&server)
        .await;
    let (status, st) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/people/lookup-status?ids={id}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{st}");
    assert_eq!(st["items"][0]["status"], "complete");
    assert_eq!(st["items"][0]["record"]["data"]["title"], "VP Sales");
    assert_eq!(
        st["items"][0]["record"]["provenance"]["email"]["confidence"], 0.95,
        "grade A + valid"
    );
    assert!(st["items"][0]["record"]["pending_lookups"]
        .as_object()
        .unwrap()
        .is_empty());
    let (_, again) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/people/lookup-status?ids={id}"),
            None,
        )
        .await;
    assert_eq!(again["items"][0]["status"], "none");
    let (status, _) = t
        .call(&a, Method::GET, "/v1/people/lookup-status?ids=bogus", None)
        .await;
    assert_eq!(status, 400);

    // People search passes through to RocketReach (201 with profiles), cached for 30 minutes.
    Mock::given(method("POST"))
        .and(path("/rocketreach/person/search"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"profiles": [rr_profile("complete")], "pagination": {"start": 1, "next": 11, "total": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    let q = json!({"provider": "rocketreach", "query": {"current_employer": ["Acme"]}});
    let (status, found) = t
        .call(&a, Method::POST, "/v1/people/search", Some(q.clone()))
        .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["results"]["pagination"]["total"], 1);
    let (_, cached) = t.call(&a, Method::POST, "/v1/people/search", Some(q)).await;
    assert_eq!(cached["cached"], true);
    Mock::given(method("POST"))
        .and(path_regex("^/rocketreach/searchCompany$"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"companies": [{"id": 7, "name": "Acme"}], "pagination": {"start": 1, "next": 11, "total": 1}})))
        .mount(&server)
        .await;
    let (status, companies) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/search",
            Some(json!({"provider": "rocketreach", "query": {"name": ["Acme"]}})),
        )
        .await;
    assert_eq!(status, 200, "{companies}");
    assert_eq!(companies["results"]["companies"][0]["name"], "Acme");
}
