//! Issue 25 #2: the cost-aware waterfall. Two fake providers of known hit rates and prices:
//! Apollo, first in the fixed order, charges a credit per match and has the title of 3 people in
//! 10; PDL charges a credit per match and has the title of 9 in 10. The `cost` strategy learns
//! from the performance counters to ask PDL first and spends fewer credits per filled title.

use super::*;
use wiremock::{Request, Respond};

/// The person index of a lookup (`s<i>@acme.com` in the query).
fn index_of(req: &Request) -> usize {
    req.url
        .query_pairs()
        .find(|(k, _)| k == "email")
        .and_then(|(_, v)| {
            v.strip_prefix('s')
                .and_then(|r| r.split('@').next())
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(usize::MAX)
}

struct Apollo;
impl Respond for Apollo {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let i = index_of(req);
        let mut body = apollo_person(&format!("s{i}@acme.com"), "verified");
        body["person"]["linkedin_url"] = json!(format!("https://www.linkedin.com/in/s-{i}"));
        body["person"]["phone_numbers"] = json!([]);
        if i % 10 >= 3 {
            body["person"]["title"] = Value::Null;
            body["person"]["headline"] = Value::Null;
            body["person"]["employment_history"] = json!([]);
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

struct Pdl;
impl Respond for Pdl {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let i = index_of(req);
        let mut body = pdl_person("Head of Data", "Acme");
        body["data"]["linkedin_url"] = json!(format!("linkedin.com/in/s-{i}"));
        body["data"]["work_email"] = json!(format!("s{i}@acme.com"));
        if i % 10 == 9 {
            body["data"]["job_title"] = Value::Null;
        }
        ResponseTemplate::new(200)
            .insert_header("x-call-credits-spent", "1")
            .set_body_json(body)
    }
}

/// Runs lookups `range` for `a` (8 at a time); returns (credits, titles filled, first providers asked).
async fn lookups(
    t: &TestStack,
    a: &Account,
    range: std::ops::Range<usize>,
    extra: Value,
) -> (f64, usize, Vec<String>, Vec<Value>) {
    let mut credits = 0.0;
    let mut filled = 0;
    let mut firsts = Vec::new();
    let mut reports = Vec::new();
    let all: Vec<usize> = range.collect();
    for batch in all.chunks(8) {
        let answers = futures::future::join_all(batch.iter().map(|i| {
            let mut body = json!({"email": format!("s{i}@acme.com"), "fields": ["title"]});
            if let Some(o) = extra.as_object() {
                for (k, v) in o {
                    body[k] = v.clone();
                }
            }
            async move { enrich(t, a, "/v1/people/enrich", &body).await }
        }))
        .await;
        for (status, body) in answers {
            assert!(status == 200 || status == 201, "{status} {body}");
            credits += body["credits_spent"].as_f64().unwrap_or(0.0);
            if body["record"]["data"]["title"].is_string() {
                filled += 1;
                assert_eq!(
                    body["strategy"]["filled_by"]["title"],
                    body["record"]["provenance"]["title"]["source"],
                    "{body}"
                );
            }
            firsts.push(
                body["strategy"]["asked"][0]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
            reports.push(body["strategy"].clone());
        }
    }
    (credits, filled, firsts, reports)
}

#[tokio::test]
async fn the_cost_strategy_learns_the_cheaper_order_and_spends_less_per_filled_field() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(Apollo)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pdl/person/enrich"))
        .respond_with(Pdl)
        .mount(&server)
        .await;
    // The snapshot is recomputed at every lookup here, so a test of a few hundred lookups sees
    // what days of traffic would show.
    let t = TestStack::with_fakes_and(&server, "apollo,pdl", &[("EstimateMaxAgeMs", "1")]).await;
    let fixed = t.register("strategy-fixed").await;
    let cost = t.register("strategy-cost").await;

    // The policy starts fixed; the cost organisation turns to `cost`.
    let (status, policy) = t
        .call(&cost, Method::GET, "/v1/providers/policy", None)
        .await;
    assert_eq!(status, 200, "{policy}");
    assert_eq!(policy["strategy"], "fixed");
    assert_eq!(policy["max_age_days"]["email_status"], 30, "{policy}");
    let (status, policy) = t
        .call(
            &cost,
            Method::PATCH,
            "/v1/providers/policy",
            Some(json!({"strategy": "cost", "version": 0})),
        )
        .await;
    assert_eq!(status, 200, "{policy}");
    assert_eq!(
        (policy["strategy"].as_str(), policy["version"].as_u64()),
        (Some("cost"), Some(1))
    );
    // A stale version is a conflict, not a lost update.
    let (status, _) = t
        .call(
            &cost,
            Method::PATCH,
            "/v1/providers/policy",
            Some(json!({"strategy": "coverage", "version": 0})),
        )
        .await;
    assert_eq!(status, 409);

    let n = 120;
    let (f_credits, f_filled, f_first, f_reports) = lookups(&t, &fixed, 0..n, json!({})).await;
    let (c_credits, c_filled, c_first, c_reports) = lookups(&t, &cost, 0..n, json!({})).await;
    let f_rate = f_credits / f_filled as f64;
    let c_rate = c_credits / c_filled as f64;
    println!(
        "fixed: {f_credits} credits for {f_filled} titles ({f_rate:.3}/field); \
         cost: {c_credits} credits for {c_filled} titles ({c_rate:.3}/field)"
    );
    assert!(
        f_first.iter().all(|p| p == "apollo"),
        "fixed keeps the order"
    );
    assert!(f_reports.iter().all(|r| r["credits_saved"] == 0.0));
    // The cost organisation converges on PDL first (exploration aside).
    let late = &c_first[n / 2..];
    let pdl_first = late.iter().filter(|p| *p == "pdl").count();
    assert!(
        pdl_first * 100 >= late.len() * 85,
        "{pdl_first} of {}",
        late.len()
    );
    // Fewer credits per filled title, with about as many titles filled.
    assert!(c_rate < f_rate * 0.8, "cost {c_rate} vs fixed {f_rate}");
    assert!(c_filled * 10 >= f_filled * 9, "{c_filled} vs {f_filled}");
    let saved: f64 = c_reports[n / 2..]
        .iter()
        .filter_map(|r| r["credits_saved"].as_f64())
        .sum();
    assert!(saved > 0.0, "late cost lookups report savings: {saved}");
    assert!(c_reports[n - 1]["expected_fixed_credits"].as_f64() > Some(1.0));

    // A request may name its strategy: the fixed organisation's measured hit rates send a
    // coverage request to PDL first.
    let (_, _, first, reports) =
        lookups(&t, &fixed, 1000..1008, json!({"strategy": "coverage"})).await;
    assert!(
        first.iter().filter(|p| *p == "pdl").count() >= 6,
        "{first:?}"
    );
    assert!(reports.iter().all(|r| r["strategy"] == "coverage"));

    // Bad policies are refused field by field, nothing changes.
    let (status, problem) = t
        .call(
            &cost,
            Method::PATCH,
            "/v1/providers/policy",
            Some(
                json!({"max_age_days": {"shoe_size": 3, "title": 4000}, "refresh_budget_credits": -1}),
            ),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let text = problem.to_string();
    for f in [
        "max_age_days.shoe_size",
        "max_age_days.title",
        "refresh_budget_credits",
    ] {
        assert!(text.contains(f), "{f} in {problem}");
    }
    let (_, policy) = t
        .call(&cost, Method::GET, "/v1/providers/policy", None)
        .await;
    assert_eq!(
        (
            policy["version"].as_u64(),
            policy["max_age_days"]["title"].as_u64()
        ),
        (Some(1), Some(90))
    );
    assert!(policy["estimates_computed_at"].is_string(), "{policy}");
    // Another organisation's policy is its own.
    let (_, other) = t
        .call(&fixed, Method::GET, "/v1/providers/policy", None)
        .await;
    assert_eq!(other["strategy"], "fixed");
}
