//! Defects an outside probe found (issue 11), each as the request sequence that showed it: parallel
//! login guesses, repeated credential headers, gateway responses without the security headers,
//! control characters in stored text, wrongly typed edits, positional arrays as bodies, and a local
//! DynamoDB that was not atomic under concurrency.

use aws_sdk_dynamodb::types::AttributeValue;
use enrich_tests::{problem, Account, TestStack, PASSWORD};
use futures::future::join_all;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

/// The organisation's audit events of one action, through the API.
async fn audit_of(t: &TestStack, a: &Account, action: &str) -> Vec<Value> {
    let (status, page) = t
        .call(
            a,
            Method::GET,
            &format!("/v1/audit-events?action={action}&limit=100"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().cloned().unwrap_or_default()
}

fn field_of(problem: &Value) -> String {
    problem["errors"][0]["field"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn parallel_failed_logins_cannot_pass_the_lockout() {
    let t = TestStack::start().await;
    let a = t.register("brute").await;
    let guesses = (0..20).map(|i| {
        let (t, email) = (&t, a.email.clone());
        async move { t.login(&email, &format!("wrong password {i:02}!")).await }
    });
    let answers = join_all(guesses).await;
    assert!(
        answers.iter().all(|r| r.status() == 401),
        "every guess is refused"
    );
    let failed = audit_of(&t, &a, "auth.login_failed").await;
    assert_eq!(
        failed.len(),
        5,
        "at most five passwords are checked: {failed:?}"
    );
    let locks = failed
        .iter()
        .filter(|e| e["detail"]["locked_for_secs"].is_number())
        .count();
    assert_eq!(locks, 1, "the account locks exactly once: {failed:?}");
    // Locked: the right password gets the same 401.
    problem(t.login(&a.email, PASSWORD).await, 401).await;
}

#[tokio::test]
async fn a_success_resets_the_count_and_a_missing_second_factor_is_no_failure() {
    let t = TestStack::start().await;
    let a = t.register("reset").await;
    for _ in 0..4 {
        problem(t.login(&a.email, "not the password!!").await, 401).await;
    }
    t.login_ok(&a.email, PASSWORD).await;
    for _ in 0..4 {
        problem(t.login(&a.email, "not the password!!").await, 401).await;
    }
    // Four new failures after the success: not locked.
    t.login_ok(&a.email, PASSWORD).await;
}

#[tokio::test]
async fn parallel_guesses_of_an_emailed_code_get_five_tries_in_all() {
    let t = TestStack::start().await;
    let a = t.register("otp-brute").await;
    let resp = t
        .post_json("/v1/auth/otp/request", json!({"email": a.email}))
        .await;
    assert_eq!(resp.status(), 202);
    let mail = t.last_mail(&a.email, "otp");
    let code: String = mail.subject.chars().filter(char::is_ascii_digit).collect();
    let wrong: Vec<String> = (0..20u32)
        .map(|i| format!("{:06}", (code.parse::<u32>().unwrap() + 1 + i) % 1_000_000))
        .collect();
    let guesses = wrong.iter().map(|c| {
        let (t, email) = (&t, a.email.clone());
        async move {
            t.post_json("/v1/auth/verify-otp", json!({"email": email, "code": c}))
                .await
                .status()
        }
    });
    let statuses = join_all(guesses).await;
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    // The five tries are spent: the right code no longer works.
    let resp = t
        .post_json(
            "/v1/auth/verify-otp",
            json!({"email": a.email, "code": code}),
        )
        .await;
    problem(resp, 401).await;
}

#[tokio::test]
async fn two_credential_headers_are_refused_in_either_order() {
    let t = TestStack::start().await;
    let a = t.register("twoheaders").await;
    let good = format!("Bearer {}", a.access);
    for (first, second) in [
        ("Bearer garbage.token.here", good.as_str()),
        (good.as_str(), "Bearer garbage.token.here"),
        (good.as_str(), good.as_str()),
    ] {
        let resp = t
            .http
            .get(t.url("/v1/auth/me"))
            .header("authorization", first)
            .header("authorization", second)
            .send()
            .await
            .unwrap();
        problem(resp, 401).await;
    }
    let resp = t
        .http
        .get(t.url("/v1/auth/me"))
        .header("authorization", &good)
        .header("x-api-key", "enr_live_something")
        .send()
        .await
        .unwrap();
    problem(resp, 401).await;
    // One header still works.
    let resp = t
        .http
        .get(t.url("/v1/auth/me"))
        .header("authorization", &good)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

fn assert_security_headers(status: u16, h: &reqwest::header::HeaderMap, body: &Value) {
    let get = |name: &str| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{status} lacks {name}: {h:?}"))
            .to_owned()
    };
    assert_eq!(get("x-content-type-options"), "nosniff");
    assert_eq!(get("cache-control"), "no-store");
    assert_eq!(get("x-frame-options"), "DENY");
    assert_eq!(get("referrer-policy"), "no-referrer");
    assert!(get("strict-transport-security").starts_with("max-age="));
    assert_eq!(
        get("content-security-policy"),
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert_eq!(get("x-request-id"), body["request_id"].as_str().unwrap());
}

/// Status, headers and JSON body of a response.
async fn parts(resp: reqwest::Response) -> (u16, reqwest::header::HeaderMap, Value) {
    let (status, headers) = (resp.status().as_u16(), resp.headers().clone());
    (status, headers, resp.json().await.unwrap())
}

#[tokio::test]
async fn gateway_responses_carry_the_security_headers() {
    let t = TestStack::start().await;
    // UNAUTHORIZED: the authorizer refuses (no credentials, then a forged token).
    let (status, headers, body) = parts(t.get("/v1/people").await).await;
    assert_eq!(status, 401);
    assert_security_headers(status, &headers, &body);
    let resp = t
        .authed(Method::GET, "/v1/people", "forged.token.value")
        .send()
        .await
        .unwrap();
    let (status, headers, body) = parts(resp).await;
    assert_eq!(status, 401);
    assert_security_headers(status, &headers, &body);
    // MISSING_AUTHENTICATION_TOKEN: a declared path with an undeclared method.
    let resp = t.http.put(t.url("/v1/health")).send().await.unwrap();
    let (status, headers, body) = parts(resp).await;
    assert_eq!(status, 405);
    assert_security_headers(status, &headers, &body);
    // A function's own problem carries the same set.
    let a = t.register("headers").await;
    let resp = t
        .authed(
            Method::GET,
            "/v1/people/per_01hzzzzzzzzzzzzzzzzzzzzzzz",
            &a.access,
        )
        .send()
        .await
        .unwrap();
    let (status, headers, body) = parts(resp).await;
    assert_eq!(status, 404);
    assert_security_headers(status, &headers, &body);
}

#[tokio::test]
async fn every_gateway_response_in_the_template_declares_the_headers() {
    let text =
        std::fs::read_to_string(enrich_tests::workspace_root().join("template.yaml")).unwrap();
    let template = enrich_local::template::Template::parse(&text).unwrap();
    let responses = template.gateway_responses().unwrap();
    for kind in [
        "UNAUTHORIZED",
        "ACCESS_DENIED",
        "MISSING_AUTHENTICATION_TOKEN",
        "DEFAULT_4XX",
        "DEFAULT_5XX",
    ] {
        let def = responses.get(kind).unwrap_or_else(|| panic!("{kind}"));
        let names: Vec<String> = def.headers.iter().map(|(k, _)| k.to_lowercase()).collect();
        for header in [
            "content-type",
            "x-request-id",
            "cache-control",
            "strict-transport-security",
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "content-security-policy",
        ] {
            assert!(names.contains(&header.to_owned()), "{kind} lacks {header}");
        }
    }
}

#[tokio::test]
async fn control_characters_are_refused_in_every_text_field() {
    let t = TestStack::start().await;
    let a = t.register("ctl").await;
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/v1/people/enrich",
            json!({"email": "nul\u{0}ctl\u{7}@acme.example"}),
            "email",
        ),
        (
            "/v1/people/enrich",
            json!({"name": "Eve\u{1b}[31m Red", "company_domain": "acme.com"}),
            "name",
        ),
        (
            "/v1/companies/enrich",
            json!({"name": "Acme\u{0} Ltd"}),
            "name",
        ),
    ];
    for (path, body, field) in cases {
        let (status, p) = t.call(&a, Method::POST, path, Some(body.clone())).await;
        assert_eq!(status, 422, "{path} {body}: {p}");
        assert_eq!(field_of(&p), field, "{p}");
    }
    // Nothing was stored.
    let (_, people) = t.call(&a, Method::GET, "/v1/people", None).await;
    assert_eq!(people["items"].as_array().unwrap().len(), 0, "{people}");

    // An edit with ESC or NUL is refused; a multi-line description is not.
    let (status, made) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich",
            Some(json!({"email": "clean.person@acme.com"})),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let id = made["record"]["id"].as_str().unwrap().to_owned();
    let (status, p) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/people/{id}"),
            Some(json!({"title": "Boss\u{1b}[2J"})),
        )
        .await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(field_of(&p), "title");
    assert_eq!(p["errors"][0]["code"], "control_character");
    let (status, company) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/enrich",
            Some(json!({"domain": "acme.com"})),
        )
        .await;
    assert!(status == 201 || status == 200, "{company}");
    let cid = company["record"]["id"].as_str().unwrap().to_owned();
    let (status, edited) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/companies/{cid}"),
            Some(json!({"description": "Line one.\nLine two."})),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["data"]["description"], "Line one.\nLine two.");

    // Organisation and user names.
    let resp = t
        .post_json(
            "/v1/auth/register",
            json!({"email": "crlf@org.example", "password": PASSWORD, "name": "Ana",
                   "organization_name": "Acme\r\nBcc: attacker@evil.example"}),
        )
        .await;
    let p = problem(resp, 422).await;
    assert_eq!(field_of(&p), "organization_name");
    let (status, p) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/users/{}", a.user_id),
            Some(json!({"name": "Owner\u{0}"})),
        )
        .await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(field_of(&p), "name");
    // A provider key goes into a request header: no control character either.
    let (status, p) = t
        .call(
            &a,
            Method::PUT,
            "/v1/providers/apollo/credentials",
            Some(json!({"api_key": "key-with\u{0}nul-inside"})),
        )
        .await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(field_of(&p), "api_key");
    assert_eq!(p["errors"][0]["code"], "control_character");
    // The identity email rule is the enrichment one.
    let resp = t
        .post_json(
            "/v1/auth/register",
            json!({"email": "a\"b@org.example", "password": PASSWORD, "name": "Ana",
                   "organization_name": "Quoted"}),
        )
        .await;
    assert_eq!(field_of(&problem(resp, 422).await), "email");
}

#[tokio::test]
async fn edits_of_the_wrong_type_or_repeated_keys_are_400_and_change_nothing() {
    let t = TestStack::start().await;
    let a = t.register("types").await;
    let (status, made) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich",
            Some(json!({"email": "typed.person@acme.com"})),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let id = made["record"]["id"].as_str().unwrap().to_owned();
    let before = made["record"]["version"].clone();
    let path = format!("/v1/people/{id}");
    let (status, p) = t
        .call(
            &a,
            Method::PATCH,
            &path,
            Some(json!({"title": 12345, "full_name": true})),
        )
        .await;
    assert_eq!(status, 400, "{p}");
    assert!(
        ["title", "full_name"].contains(&field_of(&p).as_str()),
        "{p}"
    );
    let resp = t
        .authed(Method::PATCH, &path, &a.access)
        .header("content-type", "application/json")
        .body(r#"{"title":"CEO","title":"Intern"}"#)
        .send()
        .await
        .unwrap();
    let p = problem(resp, 400).await;
    assert_eq!(field_of(&p), "title");
    let (_, after) = t.call(&a, Method::GET, &path, None).await;
    assert_eq!(after["version"], before, "nothing was written: {after}");
    assert!(after["data"].get("title").is_none_or(Value::is_string));
    // The declared types are the ones the OpenAPI document shows.
    let doc: Value = t.get("/v1/openapi.json").await.json().await.unwrap();
    let schema = &doc["components"]["schemas"]["PersonPatch"]["properties"]["title"];
    assert!(schema.to_string().contains("string"), "{schema}");
    let schema = &doc["components"]["schemas"]["CompanyPatch"]["properties"]["employee_count"];
    assert!(schema.to_string().contains("integer"), "{schema}");
}

#[tokio::test]
async fn positional_arrays_are_not_objects() {
    let t = TestStack::start().await;
    let a = t.register("arrays").await;
    let resp = t
        .http
        .post(t.url("/v1/auth/login"))
        .header("content-type", "application/json")
        // LoginBody's four fields, positionally: serde's derived visitor would accept it as a login.
        .body(format!(r#"["{}","{PASSWORD}",null,null]"#, a.email))
        .send()
        .await
        .unwrap();
    let p = problem(resp, 400).await;
    assert_eq!(field_of(&p), "body");
    // Nested objects too: notification settings as a positional array.
    let (status, p) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/users/{}/preferences", a.user_id),
            Some(
                json!({"language": "en", "timezone": "UTC", "notifications": [true, true, false]}),
            ),
        )
        .await;
    assert_eq!(status, 400, "{p}");
    assert_eq!(field_of(&p), "notifications");
    for path in ["/v1/people/enrich", "/v1/companies/enrich"] {
        let resp = t
            .authed(Method::POST, path, &a.access)
            .header("content-type", "application/json")
            .body(r#"["someone@acme.com"]"#)
            .send()
            .await
            .unwrap();
        let p = problem(resp, 400).await;
        assert_eq!(field_of(&p), "body", "{path}");
    }
}

fn s(item: &HashMap<String, AttributeValue>, name: &str) -> Option<String> {
    item.get(name).and_then(|v| v.as_s().ok()).cloned()
}

#[tokio::test]
async fn parallel_conflicting_transactions_keep_every_invariant() {
    let t = TestStack::start().await;
    let a = t.register("atomic").await;
    // 20 requests race to create one new person, and 3 other people are each created by 5.
    let mut bodies = vec![json!({"email": "contended@acme.com"}); 20];
    for who in ["ana", "bo", "cy"] {
        for _ in 0..5 {
            bodies.push(json!({"email": format!("{who}@acme.com")}));
        }
    }
    let calls = bodies.iter().map(|b| {
        let (t, a, b) = (&t, &a, b.clone());
        async move {
            let (status, body) = t
                .call(a, Method::POST, "/v1/people/enrich", Some(b.clone()))
                .await;
            (b["email"].as_str().unwrap().to_owned(), status, body)
        }
    });
    let answers = join_all(calls).await;
    let mut created: BTreeMap<String, usize> = BTreeMap::new();
    for (email, status, body) in &answers {
        assert!([200, 201, 409].contains(status), "{email}: {status} {body}");
        if *status == 201 {
            *created.entry(email.clone()).or_default() += 1;
        }
    }
    for email in [
        "contended@acme.com",
        "ana@acme.com",
        "bo@acme.com",
        "cy@acme.com",
    ] {
        assert_eq!(
            created.get(email),
            Some(&1),
            "one 201 for {email}: {created:?}"
        );
    }

    let items = t.scan_table().await;
    let by_entity = |e: &str| -> Vec<&HashMap<String, AttributeValue>> {
        items
            .iter()
            .filter(|i| s(i, "entity").as_deref() == Some(e))
            .collect()
    };
    // One record per identifier.
    let people = by_entity("PERSON");
    let mut per_email: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &people {
        let record: Value = serde_dynamo::from_item((*p).clone()).unwrap();
        let email = record["fields"]["email"]["value"]
            .as_str()
            .unwrap()
            .to_owned();
        per_email
            .entry(email)
            .or_default()
            .push(record["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(per_email.len(), 4, "{per_email:?}");
    assert!(
        per_email.values().all(|ids| ids.len() == 1),
        "{per_email:?}"
    );
    // Markers and records agree both ways.
    let person_ids: Vec<&String> = per_email.values().flatten().collect();
    let markers = by_entity("MATCH");
    let mut marked: BTreeMap<String, usize> = BTreeMap::new();
    for m in &markers {
        let owner = s(m, "entity_id").unwrap();
        assert!(
            person_ids.contains(&&owner),
            "marker of a missing record: {m:?}"
        );
        *marked.entry(owner).or_default() += 1;
    }
    for p in &people {
        let record: Value = serde_dynamo::from_item((*p).clone()).unwrap();
        let id = record["id"].as_str().unwrap();
        let keys = record["match_keys"].as_array().unwrap().len();
        assert_eq!(
            marked.get(id).copied().unwrap_or(0),
            keys,
            "markers of {id}"
        );
    }
    // The day's usage counters equal a recount of the call log.
    let logged = by_entity("CALL").len() as f64;
    let counted: f64 = by_entity("USAGE")
        .iter()
        .filter(|u| s(u, "day").is_some())
        .filter_map(|u| u.get("calls").and_then(|v| v.as_n().ok()))
        .map(|n| n.parse::<f64>().unwrap())
        .sum();
    assert!(logged > 0.0);
    assert_eq!(counted, logged, "usage counters against the call log");
}
