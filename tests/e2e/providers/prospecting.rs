//! Issue 27 #4: prospecting by criteria through Apollo, People Data Labs and RocketReach (faked at
//! the HTTP level), in the organisation's waterfall order, paged by each provider's own cursor,
//! cached; companies gain `annual_revenue`.

use super::*;
use wiremock::matchers::body_partial_json;

fn apollo_people(n: usize) -> Value {
    json!({"people": (0..n).map(|i| json!({"id": format!("ap{i}"), "name": format!("Ana {i}"),
            "title": "Head of Sales", "linkedin_url": format!("http://www.linkedin.com/in/ana-{i}"),
            "city": "Lisbon", "country": "Portugal",
            "organization": {"id": "o1", "name": "Acme", "primary_domain": "acme.com"}})).collect::<Vec<_>>(),
        "pagination": {"page": 1, "per_page": 2, "total_entries": n, "total_pages": 1}})
}

fn pdl_people(ids: &[&str], scroll: Option<&str>) -> Value {
    json!({"status": 200, "total": 3, "scroll_token": scroll,
        "data": ids.iter().map(|id| json!({"id": id, "full_name": "jane doe", "job_title": "head of sales",
            "job_company_name": "acme", "job_company_website": "www.acme.com",
            "linkedin_url": "linkedin.com/in/jane-doe", "location_locality": "lisbon",
            "location_country": "portugal"})).collect::<Vec<_>>()})
}

async fn search(t: &TestStack, a: &Account, path: &str, body: Value) -> (u16, Value) {
    t.call(a, Method::POST, path, Some(body)).await
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|f| f["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn people_are_found_by_criteria_down_the_waterfall_and_paged_by_the_providers_cursor() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo,pdl,rocketreach").await;
    let a = t.register("prospects").await;
    // Apollo (first in the waterfall) finds nobody for these criteria; it gets its own body.
    Mock::given(method("POST"))
        .and(path("/apollo/mixed_people/search"))
        .and(header("x-api-key", "apollo-platform-key-0001"))
        .and(body_partial_json(
            json!({"person_titles": ["Head of Sales"],
            "person_seniorities": ["head"], "organization_num_employees_ranges": ["11,50"],
            "page": 1, "per_page": 2}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(apollo_people(0)))
        .mount(&server)
        .await;
    // PDL answers in pages of its scroll token.
    Mock::given(method("POST"))
        .and(path("/pdl/person/search"))
        .and(body_partial_json(
            json!({"size": 2, "scroll_token": "tok-2"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(pdl_people(&["p3"], None)))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/pdl/person/search"))
        .and(body_partial_json(json!({"size": 2, "query": {"bool": {"must": [
            {"bool": {"should": [{"match_phrase": {"job_title": "head of sales"}}], "minimum_should_match": 1}},
            {"terms": {"job_title_levels": ["director"]}}]}}})))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-call-credits-spent", "2")
                .set_body_json(pdl_people(&["p1", "p2"], Some("tok-2"))),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let criteria = json!({"titles": ["Head of Sales"], "seniorities": ["head"],
        "employee_ranges": [{"min": 11, "max": 50}], "revenue_ranges": [{"min": 1000000}]});
    let body = json!({"criteria": criteria, "page_size": 2});
    let (status, first) = search(&t, &a, "/v1/people/search", body.clone()).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["provider"], "pdl", "{first}");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(first["items"][0]["company_domain"], "acme.com");
    assert_eq!(
        first["items"][0]["linkedin_url"],
        "https://linkedin.com/in/jane-doe"
    );
    assert_eq!(first["total"], 3);
    assert_eq!(first["credits_spent"], 2.0);
    assert_eq!(first["ignored_criteria"], json!(["revenue_ranges"]));
    assert!(
        first["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["source"] == "apollo" && w["code"] == "no_results"),
        "{first}"
    );
    // The next page: from PDL again (its scroll token), one request, and the last.
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let (status, second) = search(
        &t,
        &a,
        &format!("/v1/people/search?cursor={cursor}"),
        body.clone(),
    )
    .await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["provider"], "pdl");
    assert_eq!(second["items"][0]["provider_id"], "p3");
    assert_eq!(second["next_cursor"], Value::Null);
    // The first page again comes from the cache: no provider is asked.
    let before = server.received_requests().await.unwrap().len();
    let (_, again) = search(&t, &a, "/v1/people/search", body.clone()).await;
    assert_eq!(again["cached"], true, "{again}");
    assert_eq!(again["items"], first["items"]);
    assert_eq!(server.received_requests().await.unwrap().len(), before);
    // Provider requests: Apollo once (first page), PDL once per page.
    let asked = |p: &'static str| {
        let server = &server;
        async move {
            server
                .received_requests()
                .await
                .unwrap()
                .iter()
                .filter(|r| r.url.path().starts_with(p))
                .count()
        }
    };
    assert_eq!((asked("/apollo").await, asked("/pdl").await), (1, 2));

    // A cursor belongs to its criteria and its organisation.
    let (status, other) = search(
        &t,
        &a,
        &format!("/v1/people/search?cursor={cursor}"),
        json!({"criteria": {"titles": ["CTO"]}, "page_size": 2}),
    )
    .await;
    assert_eq!((status, fields(&other)), (422, vec!["cursor".to_owned()]));
    let b = t.register("prospects-b").await;
    let (status, _) = search(
        &t,
        &b,
        &format!("/v1/people/search?cursor={cursor}"),
        body.clone(),
    )
    .await;
    assert_eq!(status, 422);

    // Bad criteria are named field by field; criteria go alone; reading is not spending.
    for (bad, field) in [
        (json!({"criteria": {}}), "criteria"),
        (
            json!({"criteria": {"seniorities": ["boss"]}}),
            "criteria.seniorities[0]",
        ),
        (
            json!({"criteria": {"employee_ranges": [{"min": 50, "max": 10}]}}),
            "criteria.employee_ranges[0]",
        ),
        (
            json!({"criteria": {"titles": ["CTO"]}, "email": "a@b.co"}),
            "email",
        ),
        (
            json!({"criteria": {"titles": ["x".repeat(101)]}}),
            "criteria.titles[0]",
        ),
    ] {
        let (status, err) = search(&t, &a, "/v1/people/search", bad.clone()).await;
        assert_eq!(
            (status, fields(&err)),
            (422, vec![field.to_owned()]),
            "{bad}"
        );
    }
    let viewer = t
        .invite_and_join(&a, "viewer@prospects.example", "viewer")
        .await;
    let (status, _) = search(&t, &viewer, "/v1/people/search", body).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn companies_are_found_by_criteria_with_their_annual_revenue() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "rocketreach,apollo").await;
    let a = t.register("prospect-co").await;
    // RocketReach (first) fails; Apollo answers.
    Mock::given(method("POST"))
        .and(path("/rocketreach/searchCompany"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"detail": "Invalid API key"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/apollo/mixed_companies/search"))
        .and(body_partial_json(json!({"organization_locations": ["Lisbon, Portugal"],
            "q_organization_keyword_tags": ["software"], "revenue_range": {"min": 1000000, "max": 50000000},
            "currently_using_any_of_technology_uids": ["salesforce"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "organizations": [{"id": "o1", "name": "Acme", "primary_domain": "acme.com",
                "industry": "computer software", "estimated_num_employees": 40,
                "annual_revenue": 12000000, "city": "Lisbon", "country": "Portugal"}],
            "pagination": {"page": 1, "per_page": 10, "total_entries": 1, "total_pages": 1}})))
        .mount(&server)
        .await;
    let (status, page) = search(
        &t,
        &a,
        "/v1/companies/search",
        json!({"criteria": {"locations": ["Lisbon, Portugal"], "industries": ["software"],
            "revenue_ranges": [{"min": 1000000, "max": 50000000}], "technologies": ["Salesforce"]}}),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["provider"], "apollo");
    assert_eq!(page["items"][0]["annual_revenue"], 12_000_000);
    assert_eq!(page["items"][0]["employee_count"], 40);
    assert_eq!(page["next_cursor"], Value::Null);
    assert!(page["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["source"] == "rocketreach"));
    // Companies are not searched by title.
    let (status, err) = search(
        &t,
        &a,
        "/v1/companies/search",
        json!({"criteria": {"titles": ["CTO"]}}),
    )
    .await;
    assert_eq!(
        (status, fields(&err)),
        (422, vec!["criteria.titles".to_owned()])
    );

    // Enriching a company keeps the annual revenue Apollo reports.
    Mock::given(method("GET"))
        .and(path("/apollo/organizations/enrich"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"organization": {
            "id": "o1", "name": "Acme", "primary_domain": "acme.com", "industry": "computer software",
            "estimated_num_employees": 40, "annual_revenue": 12000000}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/rocketreach/company/lookup"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"detail": "Not found."})))
        .mount(&server)
        .await;
    let (status, enriched) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/enrich",
            Some(json!({"domain": "acme.com"})),
        )
        .await;
    assert!(status == 200 || status == 201, "{enriched}");
    assert_eq!(
        enriched["record"]["data"]["annual_revenue"], 12_000_000,
        "{enriched}"
    );
}

#[tokio::test]
async fn the_sandbox_prospects_locally_in_pages() {
    let t = TestStack::start().await;
    let a = t.register("prospect-sbx").await;
    let body = json!({"criteria": {"titles": ["CTO"], "locations": ["Lisbon"]}, "page_size": 5});
    let mut cursor: Option<String> = None;
    let mut seen = Vec::new();
    for _ in 0..4 {
        let path = match &cursor {
            Some(c) => format!("/v1/people/search?cursor={c}"),
            None => "/v1/people/search".to_owned(),
        };
        let (status, page) = search(&t, &a, &path, body.clone()).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["provider"], "sandbox");
        for p in page["items"].as_array().unwrap() {
            assert_eq!(p["title"], "CTO");
            seen.push(p["provider_id"].as_str().unwrap().to_owned());
        }
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 15, "three pages of five");
    seen.dedup();
    assert_eq!(seen.len(), 15, "no result twice");

    // `save` stores a page's prospects as records, through a bulk job.
    let _w = t.start_workers(1);
    let mut saving = body.clone();
    saving["save"] = json!(true);
    let (status, page) = search(&t, &a, "/v1/people/search", saving).await;
    assert_eq!(status, 200, "{page}");
    let job = page["saved_job_id"].as_str().expect("a job").to_owned();
    let done = crate::jobs::finished(&t, &a, &job, 90).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["counts"]["succeeded"], 5, "{done}");
    let results = crate::jobs::all_results(&t, &a, &job).await;
    let stored: Vec<&str> = results
        .iter()
        .filter_map(|r| r["record_id"].as_str())
        .collect();
    assert_eq!(stored.len(), 5, "{results:?}");
    let (status, person) = t
        .call(&a, Method::GET, &format!("/v1/people/{}", stored[0]), None)
        .await;
    assert_eq!(status, 200, "{person}");
    assert!(person["data"]["linkedin_url"]
        .as_str()
        .is_some_and(|u| u.contains("linkedin.com/in/")));
    // `save` goes with criteria only.
    let (status, err) = search(
        &t,
        &a,
        "/v1/people/search",
        json!({"email": "a@b.co", "save": true}),
    )
    .await;
    assert_eq!((status, fields(&err)), (422, vec!["save".to_owned()]));
}

async fn apollo_org(
    server: &MockServer,
    domain: &str,
    city: &str,
    country: &str,
    industry: &str,
    employees: u64,
) {
    Mock::given(method("GET"))
        .and(path("/apollo/organizations/enrich"))
        .and(query_param("domain", domain))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"organization": {
            "id": domain, "name": domain.split('.').next().unwrap(), "primary_domain": domain,
            "industry": industry, "estimated_num_employees": employees, "city": city,
            "country": country}})),
        )
        .mount(server)
        .await;
}

async fn stored(t: &TestStack, a: &Account, body: Value) -> (u16, Vec<String>, Value) {
    let (status, page) = search(t, a, "/v1/companies/search", body).await;
    let mut domains: Vec<String> = page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|c| c["data"]["domain"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    domains.sort();
    (status, domains, page)
}

#[tokio::test]
async fn stored_companies_are_found_by_city_country_industry_and_size_through_their_index() {
    let server = MockServer::start().await;
    let t = TestStack::with_fakes(&server, "apollo").await;
    let a = t.register("facets").await;
    let b = t.register("facets-b").await;
    apollo_org(
        &server,
        "acme.com",
        "Lisbon",
        "Portugal",
        "Computer Software",
        40,
    )
    .await;
    apollo_org(
        &server,
        "globex.com",
        "Lisbon",
        "Portugal",
        "Logistics",
        300,
    )
    .await;
    apollo_org(
        &server,
        "initech.com",
        "Austin",
        "United States",
        "Computer Software",
        45,
    )
    .await;
    let mut ids = std::collections::BTreeMap::new();
    for d in ["acme.com", "globex.com", "initech.com"] {
        let (status, body) = t
            .call(
                &a,
                Method::POST,
                "/v1/companies/enrich",
                Some(json!({"domain": d})),
            )
            .await;
        assert!(status == 200 || status == 201, "{body}");
        ids.insert(d, body["record"]["id"].as_str().unwrap().to_owned());
    }
    let list = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        stored(&t, &a, json!({"city": "lisbon"})).await.1,
        list(&["acme.com", "globex.com"])
    );
    // Case and spacing do not matter; facets combine with "and".
    assert_eq!(
        stored(
            &t,
            &a,
            json!({"city": "LISBON ", "industry": "computer  software"})
        )
        .await
        .1,
        list(&["acme.com"])
    );
    assert_eq!(
        stored(&t, &a, json!({"country": "portugal", "size": "11-50"}))
            .await
            .1,
        list(&["acme.com"])
    );
    assert_eq!(
        stored(&t, &a, json!({"size": "11-50"})).await.1,
        list(&["acme.com", "initech.com"])
    );
    // Paged by the index.
    let (_, first, page) = stored(&t, &a, json!({"size": "11-50"})).await;
    assert_eq!(first.len(), 2);
    let (status, body) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/search?limit=1",
            Some(json!({"size": "11-50"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["items"].as_array().map(Vec::len), Some(1));
    let cursor = body["next_cursor"].as_str().unwrap().to_owned();
    let (_, next) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/companies/search?limit=1&cursor={cursor}"),
            Some(json!({"size": "11-50"})),
        )
        .await;
    assert_ne!(next["items"][0]["id"], body["items"][0]["id"], "{page}");
    // Another organisation sees none of them.
    assert!(stored(&t, &b, json!({"city": "lisbon"})).await.1.is_empty());
    // Bad input is named.
    let (status, _, err) = stored(&t, &a, json!({"size": "12-13"})).await;
    assert_eq!((status, fields(&err)), (422, vec!["size".to_owned()]));
    let (status, _, err) = stored(&t, &a, json!({"city": "lisbon", "domain": "acme.com"})).await;
    assert_eq!((status, fields(&err)), (422, vec!["domain".to_owned()]));

    // An edit moves the company in the index (same transaction as the record).
    let (status, edited) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/companies/{}", ids["globex.com"]),
            Some(json!({"industry": "Computer Software"})),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(
        stored(&t, &a, json!({"industry": "computer software"}))
            .await
            .1,
        list(&["acme.com", "globex.com", "initech.com"])
    );
    assert!(stored(&t, &a, json!({"industry": "logistics"}))
        .await
        .1
        .is_empty());
    // A size edit moves it out of its band's index and into the new one.
    let (status, _) = t
        .call(
            &a,
            Method::PATCH,
            &format!("/v1/companies/{}", ids["initech.com"]),
            Some(json!({"employee_count": 300})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        stored(&t, &a, json!({"size": "11-50"})).await.1,
        list(&["acme.com"])
    );
    assert_eq!(
        stored(&t, &a, json!({"size": "201-500"})).await.1,
        list(&["globex.com", "initech.com"])
    );
}
