//! Issue 25 #3, #4: the freshness policy and scheduled re-enrichment. A field older than the
//! organisation's maximum age for it is stale (`stale_fields`, `GET /v1/people?stale=true`); the
//! hourly refresh schedule finds watched records with stale fields through the due index (reads
//! that do not grow with the number watched), refreshes them through a bulk job that asks only
//! for the stale fields, within the daily `refresh_budget_credits`, and says in usage what the
//! budget refused. A test clock (the schedule's `now`) stands in for days passing.

use super::*;
use wiremock::{Request, Respond};

/// Person `w<i>@acme.com`; only people 0–9 and 99 have a phone.
struct People;
impl Respond for People {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let i: usize = req
            .url
            .query_pairs()
            .find(|(k, _)| k == "email")
            .and_then(|(_, v)| {
                v.strip_prefix('w')
                    .and_then(|r| r.split('@').next())
                    .and_then(|n| n.parse().ok())
            })
            .unwrap_or(usize::MAX);
        let mut body = apollo_person(&format!("w{i}@acme.com"), "verified");
        body["person"]["linkedin_url"] = json!(format!("https://www.linkedin.com/in/w-{i}"));
        if !(i < 10 || i == 99) {
            body["person"]["phone_numbers"] = json!([]);
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

async fn apollo_calls(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/apollo/people/match")
        .count()
}

async fn sweep(t: &TestStack, now: Option<i64>) -> std::collections::BTreeMap<String, u64> {
    let input = match now {
        Some(n) => json!({"now": kernel::time::rfc3339_at(n)}),
        None => json!({}),
    };
    t.stack.calls.reset();
    enrich_local::ticker::invoke(&t.stack, "RefreshSweepFunction", input)
        .await
        .expect("the refresh sweep");
    t.stack.calls.snapshot()
}

fn reads(calls: &std::collections::BTreeMap<String, u64>) -> u64 {
    calls
        .iter()
        .filter(|(op, _)| {
            op.ends_with(".Query") || op.ends_with(".GetItem") || op.ends_with(".BatchGetItem")
        })
        .map(|(_, n)| n)
        .sum()
}

/// Enriches `w<i>@acme.com` for each i; returns the records, in order.
async fn enrich_many(
    t: &TestStack,
    a: &Account,
    range: impl Iterator<Item = usize>,
    watch: bool,
) -> Vec<Value> {
    let mut out = Vec::new();
    let all: Vec<usize> = range.collect();
    for batch in all.chunks(8) {
        let statuses = futures::future::join_all(batch.iter().map(|i| {
            let body =
                json!({"email": format!("w{i}@acme.com"), "sources": ["apollo"], "watch": watch});
            async move { enrich(t, a, "/v1/people/enrich", &body).await }
        }))
        .await;
        for (status, body) in statuses {
            assert_eq!(status, 201, "{body}");
            assert_eq!(body["record"]["watched"], watch, "{body}");
            out.push(body["record"].clone());
        }
    }
    out
}

async fn jobs_named(t: &TestStack, a: &Account) -> Vec<Value> {
    let (_, list) = t.call(a, Method::GET, "/v1/jobs?limit=100", None).await;
    list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|j| {
            j["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("Scheduled refresh"))
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn stale_watched_records_are_refreshed_within_the_daily_budget() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(People)
        .mount(&server)
        .await;
    let t = TestStack::with_fakes(&server, "apollo").await;
    let a = t.register("fresh-a").await;
    let b = t.register("fresh-b").await;
    // A phone is stale as soon as it is stored; everything else keeps its default age.
    for org in [&a, &b] {
        let (status, policy) = t
            .call(
                org,
                Method::PATCH,
                "/v1/providers/policy",
                Some(json!({"max_age_days": {"phone": 0}})),
            )
            .await;
        assert_eq!(status, 200, "{policy}");
        assert_eq!(policy["max_age_days"]["phone"], 0);
        assert_eq!(policy["refresh_budget_credits"], 0.0);
    }

    // 20 watched people of whom 10 (with a phone) are due, and one unwatched with a phone.
    let watched = enrich_many(&t, &a, 0..20, true).await;
    enrich_many(&t, &a, 99..100, false).await;
    enrich_many(&t, &b, 0..1, true).await;
    let pid = watched[3]["id"].as_str().unwrap().to_owned();
    let (_, one) = t
        .call(&a, Method::GET, &format!("/v1/people/{pid}"), None)
        .await;
    assert_eq!(one["stale_fields"], json!(["phone"]));
    assert!(one["stale_at"].is_string());
    let fresh_id = watched[13]["id"].as_str().unwrap();
    let (_, fresh) = t
        .call(&a, Method::GET, &format!("/v1/people/{fresh_id}"), None)
        .await;
    assert_eq!(fresh["stale_fields"], json!([]));

    // The stale list: the 11 with a phone, watched or not, page by page, each once; b's own.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/v1/people?stale=true&limit=4&cursor={c}"),
            None => "/v1/people?stale=true&limit=4".to_owned(),
        };
        let (status, page) = t.call(&a, Method::GET, &url, None).await;
        assert_eq!(status, 200, "{page}");
        for p in page["items"].as_array().unwrap() {
            assert_eq!(p["stale_fields"], json!(["phone"]), "{p}");
            seen.push(p["data"]["email"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 11, "{seen:?}");
    let (_, theirs) = t.call(&b, Method::GET, "/v1/people?stale=true", None).await;
    assert_eq!(
        theirs["items"].as_array().map(Vec::len),
        Some(1),
        "{theirs}"
    );
    let (status, problem) = t
        .call(
            &a,
            Method::GET,
            "/v1/people?stale=true&company_id=com_01JD8X3Q6ZC1V9M7R2K4T5W6YA",
            None,
        )
        .await;
    assert_eq!(status, 422, "{problem}");

    // Nothing is refreshed without a budget, and the schedule says so.
    let calls_before = apollo_calls(&server).await;
    let small = sweep(&t, None).await;
    assert!(jobs_named(&t, &a).await.is_empty());
    // Reads do not grow with the number watched: 40 more watched people, none due.
    enrich_many(&t, &a, 20..60, true).await;
    let large = sweep(&t, None).await;
    println!(
        "refresh run reads: 20 watched {} ({small:?}); 60 watched {} ({large:?})",
        reads(&small),
        reads(&large)
    );
    assert_eq!(reads(&small), reads(&large), "{small:?} vs {large:?}");
    assert!(
        !small.keys().any(|op| op.ends_with(".Scan")),
        "never a scan"
    );

    // A budget of 2.5 credits a day: two refreshes (each expected to cost a credit) start, eight
    // wait; the job asks Apollo for the two and only for the stale field.
    let (status, _) = t
        .call(
            &a,
            Method::PATCH,
            "/v1/providers/policy",
            Some(json!({"refresh_budget_credits": 2.5})),
        )
        .await;
    assert_eq!(status, 200);
    let calls_before_refresh = apollo_calls(&server).await;
    assert_eq!(calls_before_refresh, calls_before + 40);
    let _w = t.start_workers(1);
    t.stack.calls.reset();
    let run = sweep(&t, None).await;
    let jobs = jobs_named(&t, &a).await;
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    let id = jobs[0]["id"].as_str().unwrap().to_owned();
    let job = crate::jobs::finished(&t, &a, &id, 60).await;
    assert_eq!(job["counts"]["succeeded"], 2, "{job}");
    assert_eq!(job["options"]["fields"], json!(["phone"]), "{job}");
    let whole = t.stack.calls.snapshot();
    println!("refresh run calls {run:?}; run and job {whole:?}");
    assert_eq!(apollo_calls(&server).await, calls_before_refresh + 2);
    // Spent: another run the same day starts nothing.
    sweep(&t, None).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(jobs_named(&t, &a).await.len(), 1);
    assert_eq!(apollo_calls(&server).await, calls_before_refresh + 2);
    let (_, usage) = t.call(&a, Method::GET, "/v1/providers/usage", None).await;
    let today = &usage["refresh"][0];
    assert_eq!(
        (
            today["budget_credits"].as_f64(),
            today["reserved_credits"].as_f64(),
            today["records_started"].as_u64(),
        ),
        (Some(2.5), Some(2.0), Some(2)),
        "{usage}"
    );
    assert!(today["records_refused"].as_u64() >= Some(16), "{usage}");
    // Organisation b has no budget: its watched person was never refreshed.
    assert!(jobs_named(&t, &b).await.is_empty());

    // Two days on (the test clock), a new day's budget: the next two start; the two refreshed
    // earlier are due again after their one-day wait.
    let later = kernel::time::now().unix_timestamp() + 2 * 86_400;
    sweep(&t, Some(later)).await;
    let jobs = jobs_named(&t, &a).await;
    assert_eq!(jobs.len(), 2, "{jobs:?}");
    let newest = jobs
        .iter()
        .map(|j| j["id"].as_str().unwrap().to_owned())
        .find(|j| *j != id)
        .unwrap();
    crate::jobs::finished(&t, &a, &newest, 60).await;
    assert_eq!(apollo_calls(&server).await, calls_before_refresh + 4);
    // The unwatched person was never asked again.
    let asked_99 = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| {
            r.url
                .query()
                .is_some_and(|q| q.contains("w99%40acme.com") || q.contains("w99@acme.com"))
        })
        .count();
    assert_eq!(asked_99, 1);

    // Unwatching takes a record off the schedule; watching is idempotent.
    let (status, view) = t
        .call(&a, Method::DELETE, &format!("/v1/people/{pid}/watch"), None)
        .await;
    assert_eq!(
        (status, view["watched"].as_bool()),
        (200, Some(false)),
        "{view}"
    );
    let (status, view) = t
        .call(&a, Method::POST, &format!("/v1/people/{pid}/watch"), None)
        .await;
    assert_eq!(
        (status, view["watched"].as_bool()),
        (200, Some(true)),
        "{view}"
    );
    let (status, _) = t
        .call(&b, Method::POST, &format!("/v1/people/{pid}/watch"), None)
        .await;
    assert_eq!(status, 404, "another organisation's person");
}

/// Under the fault layer (cancelled transactions, throttles, 500s, duplicate deliveries) with
/// three runs at once, each retried until it succeeds as EventBridge retries a failed
/// invocation: no record is refreshed by two jobs, and the day's refreshes stay within budget.
#[tokio::test]
async fn refresh_runs_under_faults_start_each_record_once_within_the_budget() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(People)
        .mount(&server)
        .await;
    let t = TestStack::with_fakes_faulty(
        &server,
        "apollo",
        enrich_local::faults::FaultPlan::default(),
        crate::chaos::TIME_SCALE,
    )
    .await;
    let a = t.register("fresh-chaos").await;
    let (status, _) = t
        .call(
            &a,
            Method::PATCH,
            "/v1/providers/policy",
            Some(json!({"max_age_days": {"phone": 0}, "refresh_budget_credits": 6})),
        )
        .await;
    assert_eq!(status, 200);
    enrich_many(&t, &a, 0..10, true).await;
    let faults = t.stack.faults.clone().expect("the fault layer");
    faults.set_plan(crate::chaos::ci_plan(31));
    let _w = t.start_workers(2);
    let runs = futures::future::join_all((0..3).map(|_| async {
        for _ in 0..20 {
            if enrich_local::ticker::invoke(&t.stack, "RefreshSweepFunction", json!({}))
                .await
                .is_ok()
            {
                return true;
            }
        }
        false
    }))
    .await;
    assert!(runs.iter().all(|ok| *ok), "every run passes on a retry");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let jobs = loop {
        let jobs = jobs_named(&t, &a).await;
        let done = jobs
            .iter()
            .all(|j| matches!(j["status"].as_str(), Some("completed" | "failed")));
        if !jobs.is_empty() && done {
            break jobs;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "refresh jobs unfinished: {jobs:?}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let injected = faults.injected();
    faults.set_plan(enrich_local::faults::FaultPlan::default());
    let mut refreshed = Vec::new();
    for j in &jobs {
        for r in crate::jobs::all_results(&t, &a, j["id"].as_str().unwrap()).await {
            refreshed.push(r["input"]["email"].as_str().unwrap_or_default().to_owned());
        }
    }
    let total = refreshed.len();
    refreshed.sort();
    refreshed.dedup();
    assert_eq!(
        refreshed.len(),
        total,
        "a record in two refresh jobs: {refreshed:?}"
    );
    assert!(
        (1..=6).contains(&total),
        "{total} refreshed for a budget of 6"
    );
    let (_, usage) = t.call(&a, Method::GET, "/v1/providers/usage", None).await;
    let day = &usage["refresh"][0];
    assert!(day["reserved_credits"].as_f64() <= Some(6.0), "{usage}");
    assert!(
        day["records_started"].as_u64() >= Some(total as u64),
        "{usage}"
    );
    println!(
        "refresh under faults: {total} refreshed by {} jobs, {usage}, injected {injected:?}",
        jobs.len()
    );
}
