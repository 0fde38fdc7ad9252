//! Provider batch endpoints in bulk jobs, against fakes answering in the documented shapes
//! (design/providers.md), per-record misses and errors included: one request per chunk instead of
//! one per record, and per record the same credits, cache entries and call-log lines as single
//! calls.

use super::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn requests_to(reqs: &[Request], p: &str) -> usize {
    reqs.iter().filter(|r| r.url.path() == p).count()
}

async fn call_log(t: &TestStack, a: &Account) -> Vec<Value> {
    let (_, page) = t
        .call(a, Method::GET, "/v1/providers/calls?limit=100", None)
        .await;
    page["items"].as_array().unwrap().clone()
}

fn apollo_match(email: &str) -> Value {
    json!({"id": format!("id-{email}"), "first_name": "Jane", "last_name": "Doe", "name": "Jane Doe",
        "title": "VP Sales", "email": email, "email_status": "verified",
        "linkedin_url": null, "organization": {"name": "Acme", "primary_domain": "acme.com"}})
}

#[tokio::test]
async fn apollo_bulk_match_and_zerobounce_validatebatch_answer_a_chunk_in_two_requests() {
    let server = MockServer::start().await;
    // bulk_match answers in the order of `details`; the 4th person is unknown (null).
    Mock::given(method("POST"))
        .and(path("/apollo/people/bulk_match"))
        .respond_with(move |req: &Request| {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            let details = body["details"].as_array().unwrap();
            let matches: Vec<Value> = details
                .iter()
                .map(|d| {
                    let email = d["email"].as_str().unwrap();
                    if email.starts_with("p3.") {
                        Value::Null
                    } else {
                        apollo_match(email)
                    }
                })
                .collect();
            let found = matches.iter().filter(|m| !m.is_null()).count();
            ResponseTemplate::new(200).set_body_json(json!({
                "status": "success", "total_requested_enrichments": details.len(),
                "unique_enriched_records": found, "missing_records": details.len() - found,
                "credits_consumed": found, "matches": matches
            }))
        })
        .mount(&server)
        .await;
    // validatebatch: every address valid, except one ZeroBounce lists under `errors`.
    Mock::given(method("POST"))
        .and(path("/zerobounce-bulk/validatebatch"))
        .respond_with(move |req: &Request| {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            assert_eq!(body["api_key"], "zb-platform-key-0003");
            let mut ok = Vec::new();
            let mut errors = Vec::new();
            for e in body["email_batch"].as_array().unwrap() {
                let address = e["email_address"].as_str().unwrap();
                if address.starts_with("p5.") {
                    errors.push(json!({"error": "Invalid email", "email_address": address}));
                } else {
                    ok.push(
                        json!({"address": address, "status": "valid", "sub_status": "",
                        "free_email": false, "did_you_mean": null, "domain": "acme.example",
                        "processed_at": "2026-11-30 10:00:00.000"}),
                    );
                }
            }
            ResponseTemplate::new(200).set_body_json(json!({"email_batch": ok, "errors": errors}))
        })
        .mount(&server)
        .await;
    let t = TestStack::with_fakes(&server, "apollo,zerobounce").await;
    let a = t.register("batch").await;
    let records: Vec<Value> = (0..10)
        .map(|i| json!({"email": format!("p{i}.b@acme.example")}))
        .collect();
    let job0 = submit(&t, &a, json!({"people": records, "verify_email": true})).await;
    let id = job0["id"].as_str().unwrap().to_owned();
    let _w = t.start_workers(1);
    let done = finished(&t, &a, &id, 60).await;
    assert_eq!(done["counts"]["succeeded"], 9, "{done}");
    assert_eq!(done["counts"]["not_found"], 1);

    let reqs = server.received_requests().await.unwrap();
    assert_eq!(
        requests_to(&reqs, "/apollo/people/bulk_match"),
        1,
        "one request for the chunk"
    );
    assert_eq!(requests_to(&reqs, "/apollo/people/match"), 0);
    assert_eq!(requests_to(&reqs, "/zerobounce-bulk/validatebatch"), 1);
    // The address ZeroBounce listed under `errors` is that record's own failure, as a single call's
    // would be: a warning, no second request.
    assert_eq!(requests_to(&reqs, "/zerobounce/validate"), 0);
    let bulk: Value = serde_json::from_slice(
        &reqs
            .iter()
            .find(|r| r.url.path() == "/apollo/people/bulk_match")
            .unwrap()
            .body,
    )
    .unwrap();
    assert_eq!(bulk["details"].as_array().unwrap().len(), 10);

    // Per record, as single calls: a call-log line, credits, and the email's verdict.
    let log = call_log(&t, &a).await;
    let bulk_lines = log
        .iter()
        .filter(|l| l["endpoint"] == "people/bulk_match")
        .count();
    assert_eq!(bulk_lines, 10, "one call-log line per record");
    assert_eq!(done["credits"]["by_provider"]["apollo"], 9.0);
    let results = all_results(&t, &a, &id).await;
    assert_eq!(results[0]["fields"]["email_status"]["value"], "valid");
    assert_eq!(results[0]["fields"]["email_status"]["source"], "zerobounce");
    assert_eq!(results[3]["status"], "not_found");
    assert_eq!(
        results[5]["fields"]["email_status"]["source"], "apollo",
        "not verified"
    );
    assert!(
        results[5]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["source"] == "zerobounce"),
        "{}",
        results[5]
    );

    // The answers are cached per record: the same people again cost no request.
    let again = submit(
        &t,
        &a,
        json!({"people": (0..10).map(|i| json!({"email": format!("p{i}.b@acme.example")})).collect::<Vec<_>>()}),
    )
    .await;
    finished(&t, &a, again["id"].as_str().unwrap(), 60).await;
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(requests_to(&reqs, "/apollo/people/bulk_match"), 1);
}

#[tokio::test]
async fn pdl_person_bulk_reports_misses_and_errors_per_record() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pdl/person/bulk"))
        .respond_with(move |req: &Request| {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            let items: Vec<Value> = body["requests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let email = r["params"]["email"].as_str().unwrap();
                    let metadata = r["metadata"].clone();
                    if email.starts_with("miss") {
                        json!({"status": 404, "error": {"type": "not_found", "message": "No records were found matching your request"}, "metadata": metadata})
                    } else if email.starts_with("bad") {
                        json!({"status": 400, "error": {"type": "invalid_request_error", "message": "Invalid params"}, "metadata": metadata})
                    } else {
                        json!({"status": 200, "likelihood": 8, "metadata": metadata, "data": {
                            "full_name": "jane doe", "first_name": "jane", "last_name": "doe",
                            "work_email": email, "job_title": "vp sales", "job_company_name": "acme",
                            "job_company_website": "acme.com"}})
                    }
                })
                .collect();
            ResponseTemplate::new(200).set_body_json(Value::Array(items))
        })
        .mount(&server)
        .await;
    let t = TestStack::with_fakes(&server, "pdl").await;
    let a = t.register("pdlbulk").await;
    let mut records: Vec<Value> = (0..7)
        .map(|i| json!({"email": format!("hit{i}@acme.example")}))
        .collect();
    records.push(json!({"email": "miss1@acme.example"}));
    records.push(json!({"email": "miss2@acme.example"}));
    records.push(json!({"email": "bad1@acme.example"}));
    let job0 = submit(&t, &a, json!({"people": records})).await;
    let id = job0["id"].as_str().unwrap().to_owned();
    let _w = t.start_workers(1);
    let done = finished(&t, &a, &id, 60).await;
    let c = &done["counts"];
    assert_eq!(
        (
            c["succeeded"].as_u64(),
            c["not_found"].as_u64(),
            c["failed"].as_u64()
        ),
        (Some(7), Some(2), Some(1)),
        "{done}"
    );
    assert_eq!(
        done["credits"]["by_provider"]["pdl"], 7.0,
        "billed per 200 only"
    );
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(requests_to(&reqs, "/pdl/person/bulk"), 1);
    assert_eq!(requests_to(&reqs, "/pdl/person/enrich"), 0);
    let results = all_results(&t, &a, &id).await;
    assert_eq!(results[9]["status"], "failed");
    assert_eq!(
        results[9]["warnings"][0]["code"], "invalid_request",
        "{}",
        results[9]
    );
}

#[tokio::test]
async fn apollo_organizations_bulk_enrich_answers_a_chunk_of_companies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/apollo/organizations/bulk_enrich"))
        .respond_with(move |req: &Request| {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            let orgs: Vec<Value> = body["domains"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .filter(|d| !d.starts_with("unknown"))
                .map(|d| {
                    json!({"id": d, "name": format!("Org {d}"), "primary_domain": d,
                    "website_url": format!("http://www.{d}"), "industry": "software",
                    "estimated_num_employees": 120, "founded_year": 2011})
                })
                .collect();
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "success", "organizations": orgs}))
        })
        .mount(&server)
        .await;
    let t = TestStack::with_fakes(&server, "apollo").await;
    let a = t.register("orgbulk").await;
    let mut companies: Vec<Value> = (0..9)
        .map(|i| json!({"domain": format!("org{i}.example")}))
        .collect();
    companies.push(json!({"domain": "unknown-org.example"}));
    let resp = t
        .authed(Method::POST, "/v1/companies/enrich/bulk", &a.access)
        .json(&json!({"companies": companies}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    let job0: Value = resp.json().await.unwrap();
    let id = job0["id"].as_str().unwrap().to_owned();
    let _w = t.start_workers(1);
    let done = finished(&t, &a, &id, 60).await;
    assert_eq!(done["counts"]["succeeded"], 9, "{done}");
    assert_eq!(done["counts"]["not_found"], 1);
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(requests_to(&reqs, "/apollo/organizations/bulk_enrich"), 1);
    assert_eq!(requests_to(&reqs, "/apollo/organizations/enrich"), 0);
    let results = all_results(&t, &a, &id).await;
    assert_eq!(results[2]["fields"]["employee_count"]["value"], 120);
    assert_eq!(results[2]["fields"]["employee_count"]["source"], "apollo");
}
