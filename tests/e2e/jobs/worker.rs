//! The worker under redelivery, a crash mid-chunk, failing providers and cancellation; input
//! checks (reject and skip), CSV in and out, tenant isolation and the sweep.

use super::*;
use aws_lambda_events::sqs::SqsEvent;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The chunk messages waiting in the enrichment queue, as Lambda's event (not deleted).
async fn receive_chunks(t: &TestStack, receive_count: u32) -> SqsEvent {
    let url = t.queue("EnrichmentQueue");
    let arn = t.queue_arn(&url).await;
    let mut records = Vec::new();
    for _ in 0..5 {
        let out = t
            .stack
            .sqs
            .receive_message()
            .queue_url(&url)
            .max_number_of_messages(10)
            .visibility_timeout(600)
            .wait_time_seconds(1)
            .send()
            .await
            .unwrap();
        let got = out.messages.unwrap_or_default();
        if got.is_empty() && !records.is_empty() {
            break;
        }
        for m in got {
            records.push(json!({
                "messageId": m.message_id(), "receiptHandle": m.receipt_handle(), "body": m.body(),
                "attributes": {"ApproximateReceiveCount": receive_count.to_string()},
                "messageAttributes": {}, "eventSource": "aws:sqs", "eventSourceARN": arn,
                "awsRegion": "us-east-1",
            }));
        }
    }
    serde_json::from_value(json!({"Records": records})).unwrap()
}

fn with_count(event: &SqsEvent, n: u32) -> SqsEvent {
    let mut e = event.clone();
    for r in &mut e.records {
        r.attributes
            .insert("ApproximateReceiveCount".into(), n.to_string());
    }
    e
}

fn worker_state(t: &TestStack) -> &platform::AppState {
    &t.stack
        .function("EnrichmentWorkerFunction")
        .expect("worker in the template")
        .state
}

async fn job(t: &TestStack, a: &Account, id: &str) -> Value {
    let (status, body) = t
        .call(a, Method::GET, &format!("/v1/jobs/{id}"), None)
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn a_redelivered_batch_changes_nothing() {
    let t = TestStack::start().await;
    let a = t.register("redeliver").await;
    let job0 = submit(&t, &a, json!({"people": people(25, "redo")})).await;
    let id = job0["id"].as_str().unwrap();
    let event = receive_chunks(&t, 1).await;
    assert_eq!(event.records.len(), 3, "25 records in chunks of 10");
    let state = worker_state(&t);
    let first = fn_enrichment_worker::chunks::dispatch(state, event.clone())
        .await
        .unwrap();
    assert!(first.batch_item_failures.is_empty());
    let after_first = job(&t, &a, id).await;
    assert_eq!(after_first["status"], "completed");
    let results_first = all_results(&t, &a, id).await;
    let usage_first = t.call(&a, Method::GET, "/v1/providers/usage", None).await.1;

    // SQS delivers the same batch again (a lost acknowledgement): nothing is charged, counted or
    // stored twice, and the job does not end twice.
    let tap = tap_events(&t).await;
    let again = fn_enrichment_worker::chunks::dispatch(state, with_count(&event, 2))
        .await
        .unwrap();
    assert!(again.batch_item_failures.is_empty());
    let after_again = job(&t, &a, id).await;
    assert_eq!(after_again["counts"], after_first["counts"]);
    assert_eq!(after_again["credits"], after_first["credits"]);
    assert_eq!(after_again["finished_at"], after_first["finished_at"]);
    assert_eq!(all_results(&t, &a, id).await, results_first);
    assert_eq!(
        t.call(&a, Method::GET, "/v1/providers/usage", None).await.1,
        usage_first,
        "no provider call was made again"
    );
    let (_, list) = t.call(&a, Method::GET, "/v1/people?limit=100", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 25);
    assert!(
        tapped(&t, &tap).await.is_empty(),
        "the finished job is not announced again"
    );
}

/// Apollo's person match, answering per email: `fail` → 500, `slow` → 3 s late (past the stack's
/// provider timeout); counts calls per email.
#[derive(Clone, Default)]
struct Apollo {
    calls: Arc<std::sync::Mutex<Vec<String>>>,
    in_flight_slow: Arc<AtomicUsize>,
}

impl Respond for Apollo {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        // Apollo takes the match parameters in the query string.
        let email = req
            .url
            .query_pairs()
            .find(|(k, _)| k == "email")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        self.calls.lock().unwrap().push(email.clone());
        if email.contains("fail") {
            return ResponseTemplate::new(500).set_body_json(json!({"error": "internal"}));
        }
        let answer = ResponseTemplate::new(200).set_body_json(json!({"person": {
            "id": "5f2a", "first_name": "Jane", "last_name": "Doe", "name": "Jane Doe",
            "title": "VP Sales", "email": email, "email_status": "verified",
            "linkedin_url": null, "organization": {"name": "Acme", "primary_domain": "acme.com"}
        }}));
        // Only the first call is slow: the crashed worker's. The retry after the crash answers.
        if email.contains("slow") && self.in_flight_slow.fetch_add(1, Ordering::SeqCst) == 0 {
            return answer.set_delay(Duration::from_secs(3));
        }
        answer
    }
}

impl Apollo {
    fn calls_for(&self, email: &str) -> usize {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|e| *e == email)
            .count()
    }
}

async fn apollo_stack() -> (TestStack, MockServer, Apollo) {
    let server = MockServer::start().await;
    let apollo = Apollo::default();
    Mock::given(method("POST"))
        .and(path("/apollo/people/match"))
        .respond_with(apollo.clone())
        .mount(&server)
        .await;
    let t = TestStack::with_fakes(&server, "apollo").await;
    (t, server, apollo)
}

#[tokio::test]
async fn a_worker_crashing_mid_chunk_loses_nothing_and_counts_nothing_twice() {
    let (t, _server, apollo) = apollo_stack().await;
    let a = t.register("crash").await;
    let records: Vec<Value> = (0..10)
        .map(|i| {
            let tag = if i == 6 { "slow" } else { "ok" };
            json!({"email": format!("p{i}.{tag}@acme.example")})
        })
        .collect();
    let job0 = submit(&t, &a, json!({"people": records})).await;
    let id = job0["id"].as_str().unwrap().to_owned();
    let event = receive_chunks(&t, 1).await;
    assert_eq!(event.records.len(), 1);
    let state = worker_state(&t);
    // The worker dies while record 6 waits for its provider (the Lambda is killed): the future
    // running the batch is dropped mid-chunk.
    let reached_slow = async {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while apollo.in_flight_slow.load(Ordering::SeqCst) == 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "the slow record was never reached"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    // The invocation runs under a deadline, as in Lambda: its chunk lease lasts until then.
    let deadline = std::time::Instant::now() + Duration::from_secs(8);
    tokio::select! {
        _ = platform::worker::with_deadline(deadline, fn_enrichment_worker::chunks::dispatch(state, event.clone())) => {
            panic!("the chunk finished before the crash")
        }
        _ = reached_slow => {}
    }
    let mid = job(&t, &a, &id).await;
    assert_eq!(
        mid["counts"]["processed"], 0,
        "nothing of the chunk is counted yet"
    );
    assert_eq!(all_results(&t, &a, &id).await.len(), 0);

    // SQS delivers the chunk again after the visibility timeout, which is longer than the
    // function's timeout: the dead invocation's lease has run out by then.
    tokio::time::sleep_until((deadline + Duration::from_millis(50)).into()).await;
    let resp = fn_enrichment_worker::chunks::dispatch(state, with_count(&event, 2))
        .await
        .unwrap();
    assert!(resp.batch_item_failures.is_empty());
    let done = job(&t, &a, &id).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["counts"]["succeeded"], 10);
    assert_eq!(done["counts"]["processed"], 10);
    for i in 0..6 {
        assert_eq!(
            apollo.calls_for(&format!("p{i}.ok@acme.example")),
            1,
            "record {i} was paid for once: the retry found it in the cache"
        );
    }
    let (_, list) = t.call(&a, Method::GET, "/v1/people?limit=100", None).await;
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        10,
        "no person stored twice"
    );
}

#[tokio::test]
async fn half_the_provider_calls_failing_completes_the_job_with_failures_counted() {
    let (t, _server, apollo) = apollo_stack().await;
    let a = t.register("halffail").await;
    let records: Vec<Value> = (0..40)
        .map(|i| {
            let tag = if i % 2 == 0 { "fail" } else { "ok" };
            json!({"email": format!("p{i}.{tag}@acme.example")})
        })
        .collect();
    let job0 = submit(&t, &a, json!({"people": records})).await;
    let id = job0["id"].as_str().unwrap().to_owned();
    let event = receive_chunks(&t, 1).await;
    assert_eq!(event.records.len(), 4, "40 records in chunks of 10");
    let state = worker_state(&t);
    // A provider failing with 5xx can pass later: each chunk with such a record comes back,
    // and nothing of it is counted, until its last try.
    for n in 1..jobs::process::LAST_TRY {
        let resp = fn_enrichment_worker::chunks::dispatch(state, with_count(&event, n))
            .await
            .unwrap();
        assert_eq!(resp.batch_item_failures.len(), 4, "delivery {n}");
        assert_eq!(job(&t, &a, &id).await["counts"]["processed"], 0);
    }
    let resp =
        fn_enrichment_worker::chunks::dispatch(state, with_count(&event, jobs::process::LAST_TRY))
            .await
            .unwrap();
    assert!(resp.batch_item_failures.is_empty());
    let done = job(&t, &a, &id).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["counts"]["failed"], 20, "{done}");
    assert_eq!(done["counts"]["succeeded"], 20);
    for i in (1..40).step_by(2) {
        assert_eq!(
            apollo.calls_for(&format!("p{i}.ok@acme.example")),
            1,
            "record {i} was paid for once: the retries found it in the cache"
        );
    }
    let results = all_results(&t, &a, &id).await;
    let failed = &results[0];
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["reason"], "every provider asked failed");
    assert!(
        failed["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["source"] == "apollo"),
        "{failed}"
    );
    let (_, only_failed) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/jobs/{id}/results?status=failed&limit=100"),
            None,
        )
        .await;
    assert_eq!(only_failed["items"].as_array().unwrap().len(), 20);
}

#[tokio::test]
async fn cancelling_skips_what_has_not_started_and_is_idempotent() {
    let t = TestStack::start().await;
    let a = t.register("cancel").await;
    let job0 = submit(&t, &a, json!({"people": people(60, "cancel")})).await;
    let id = job0["id"].as_str().unwrap().to_owned();
    let state = worker_state(&t);
    // Two chunks run, then the job is cancelled, then the rest arrive.
    let url = t.queue("EnrichmentQueue");
    let arn = t.queue_arn(&url).await;
    let binding = enrich_local::pump::QueueBinding {
        batch_size: 2,
        ..enrich_local::pump::QueueBinding::new(&url, &arn, "EnrichmentWorkerFunction")
    };
    let mut ran = 0;
    while ran < 2 {
        ran += enrich_local::pump::pump_once(
            &t.stack.sqs,
            state,
            &binding,
            fn_enrichment_worker::chunks::dispatch,
        )
        .await
        .unwrap()
        .received;
    }
    let (status, cancelled) = t
        .call(&a, Method::DELETE, &format!("/v1/jobs/{id}"), None)
        .await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    let (status, again) = t
        .call(&a, Method::DELETE, &format!("/v1/jobs/{id}"), None)
        .await;
    assert_eq!((status, &again["status"]), (200, &json!("cancelled")));
    let _w = t.start_workers(1);
    let done = finished(&t, &a, &id, 60).await;
    assert_eq!(done["status"], "cancelled");
    let succeeded = done["counts"]["succeeded"].as_u64().unwrap();
    assert!((20..60).contains(&succeeded), "{done}");
    assert_eq!(done["counts"]["skipped"].as_u64().unwrap(), 60 - succeeded);
    let results = all_results(&t, &a, &id).await;
    assert_eq!(results.len(), 60);
    assert!(results
        .iter()
        .filter(|r| r["status"] == "skipped")
        .all(|r| r["reason"] == "the job was cancelled"));

    // A finished job cannot be cancelled.
    let other = submit(&t, &a, json!({"people": people(3, "done")})).await;
    let other_id = other["id"].as_str().unwrap();
    finished(&t, &a, other_id, 60).await;
    let (status, problem) = t
        .call(&a, Method::DELETE, &format!("/v1/jobs/{other_id}"), None)
        .await;
    assert_eq!(status, 409, "{problem}");
}

#[tokio::test]
async fn invalid_records_are_listed_by_index_and_field_then_rejected_or_skipped() {
    let t = TestStack::start().await;
    let a = t.register("invalid").await;
    let records = json!([
        {"email": "ok0@acme.example"},
        {"email": "not an email"},
        {"name": "Ana Souza"},
        {"email": 7},
        {"email": "ok4@acme.example", "sources": ["apollo"]},
        {"email": "ok5@acme.example\u{0007}"}
    ]);
    let (status, problem) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich/bulk",
            Some(json!({"people": records})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "people[1].email",
        "people[2].email",
        "people[3].email",
        "people[4].sources",
        "people[5].email",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    let (_, list) = t.call(&a, Method::GET, "/v1/jobs", None).await;
    assert_eq!(list["items"], json!([]), "a refused job is not stored");

    let job0 = submit(&t, &a, json!({"people": records, "on_invalid": "skip"})).await;
    assert_eq!(job0["counts"]["skipped"], 5);
    let id = job0["id"].as_str().unwrap();
    let _w = t.start_workers(1);
    let done = finished(&t, &a, id, 60).await;
    assert_eq!(done["counts"]["succeeded"], 1);
    let results = all_results(&t, &a, id).await;
    assert_eq!(results[3]["status"], "skipped");
    assert_eq!(results[3]["errors"][0]["field"], "email");
    assert_eq!(results[3]["errors"][0]["code"], "type");

    // A tax id with wrong check digits is refused offline, by index.
    let (status, problem) = t
        .call(
            &a,
            Method::POST,
            "/v1/companies/enrich/bulk",
            Some(json!({"companies": [{"domain": "acme.com"}, {"tax_id": "11.222.333/0001-82", "country": "BR"}]})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        problem["errors"][0]["field"], "companies[1].tax_id",
        "{problem}"
    );

    // Bad options and sizes name their field.
    for (body, field) in [
        (json!({"people": []}), "people"),
        (
            json!({"people": [{"email": "a@b.example"}], "sources": ["nope"]}),
            "sources[0]",
        ),
        (
            json!({"people": [{"email": "a@b.example"}], "min_confidence": 2}),
            "min_confidence",
        ),
        (
            json!({"people": [{"email": "a@b.example"}], "on_invalid": "maybe"}),
            "on_invalid",
        ),
    ] {
        let (status, problem) = t
            .call(&a, Method::POST, "/v1/people/enrich/bulk", Some(body))
            .await;
        assert!(status == 422 || status == 400, "{problem}");
        assert!(
            problem["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == field),
            "{field}: {problem}"
        );
    }
    let too_many: Vec<Value> = (0..10_001)
        .map(|i| json!({"email": format!("x{i}@a.example")}))
        .collect();
    let (status, problem) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich/bulk",
            Some(json!({"people": too_many})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "people");
}

#[tokio::test]
async fn csv_in_with_options_in_the_query_and_csv_out() {
    let t = TestStack::start().await;
    let a = t.register("csvjob").await;
    let csv = "domain,name\nacme.com,Acme\nglobex.example,\"Globex, Inc.\"\n,=cmd()\n";
    let resp = t
        .authed(
            Method::POST,
            "/v1/companies/enrich/bulk/csv?name=From%20CSV&on_invalid=skip&strategy=cost",
            &a.access,
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    let job0: Value = resp.json().await.unwrap();
    assert_eq!(job0["type"], "companies");
    assert_eq!(job0["name"], "From CSV");
    assert_eq!(job0["counts"]["total"], 3);
    let id = job0["id"].as_str().unwrap();
    let _w = t.start_workers(1);
    finished(&t, &a, id, 60).await;
    let text = t
        .authed(
            Method::GET,
            &format!("/v1/jobs/{id}/results.csv"),
            &a.access,
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[1][col("input_name")], "Globex, Inc.");
    assert_eq!(&rows[0][col("domain")], "acme.com");
    assert_eq!(
        &rows[2][col("input_name")],
        "'=cmd()",
        "formulas are neutralised"
    );

    // The CSV operation takes a file, not JSON: a JSON body is a 415, and nothing is queued.
    let resp = t
        .authed(Method::POST, "/v1/people/enrich/bulk/csv", &a.access)
        .header("content-type", "application/json")
        .body(r#"{"people":[{"email":"a@b.example"}]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 415);
    // A people option on the companies file is named.
    let resp = t
        .authed(
            Method::POST,
            "/v1/companies/enrich/bulk/csv?include_company=true",
            &a.access,
        )
        .header("content-type", "text/csv")
        .body("domain\nacme.com\n")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let problem: Value = resp.json().await.unwrap();
    assert_eq!(
        problem["errors"][0]["field"], "include_company",
        "{problem}"
    );
    let (_, list) = t.call(&a, Method::GET, "/v1/jobs", None).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "{list}");
    // The JSON route still takes the CSV it always took; an unknown column refuses the upload,
    // naming it.
    let resp = t
        .authed(Method::POST, "/v1/companies/enrich/bulk", &a.access)
        .header("content-type", "text/csv")
        .body("domain,website\nacme.com,x\n")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let problem: Value = resp.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "columns[1]");
}

#[tokio::test]
async fn another_tenants_jobs_are_not_found_on_every_route() {
    let t = TestStack::start().await;
    let a = t.register("owner-org").await;
    let b = t.register("other-org").await;
    let job0 = submit(&t, &a, json!({"people": people(2, "iso")})).await;
    let id = job0["id"].as_str().unwrap();
    for (m, p) in [
        (Method::GET, format!("/v1/jobs/{id}")),
        (Method::DELETE, format!("/v1/jobs/{id}")),
        (Method::GET, format!("/v1/jobs/{id}/results")),
        (Method::GET, format!("/v1/jobs/{id}/results.csv")),
    ] {
        let (status, body) = t.call(&b, m.clone(), &p, None).await;
        assert_eq!(status, 404, "{m} {p}: {body}");
    }
    let (_, list) = t.call(&b, Method::GET, "/v1/jobs", None).await;
    assert_eq!(list["items"], json!([]));
    let (_, mine) = t
        .call(&a, Method::GET, &format!("/v1/jobs/{id}"), None)
        .await;
    assert_eq!(mine["status"], "pending", "B's cancel did nothing");
}

#[tokio::test]
async fn the_sweep_fails_a_stuck_job_and_says_why() {
    let t = TestStack::start_with(&[("JobStallSeconds", "1")]).await;
    let a = t.register("stuck").await;
    let tap = tap_events(&t).await;
    let job0 = submit(&t, &a, json!({"people": people(12, "stuck")})).await;
    let id = job0["id"].as_str().unwrap();
    // No worker runs; two seconds later the sweep finds no progress.
    tokio::time::sleep(Duration::from_secs(2)).await;
    enrich_local::ticker::fire(&t.stack, "JobSweepFunction", "Sweep")
        .await
        .unwrap();
    let failed = job(&t, &a, id).await;
    assert_eq!(failed["status"], "failed");
    assert!(
        failed["failure_reason"]
            .as_str()
            .unwrap()
            .contains("no progress"),
        "{failed}"
    );
    // The chunks that arrive later are skipped, counted, and do not end the job again (the
    // workers also carry the job's event from the table's stream to the bus).
    let _w = t.start_workers(1);
    let events = tapped(&t, &tap).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e["detail-type"] == "job.failed")
            .count(),
        1
    );
    let done = finished(&t, &a, id, 60).await;
    assert_eq!(done["status"], "failed");
    assert_eq!(done["counts"]["skipped"], 12);
    enrich_local::ticker::fire(&t.stack, "JobSweepFunction", "Sweep")
        .await
        .unwrap();
    assert!(tapped(&t, &tap).await.is_empty(), "announced once");
}

#[tokio::test]
async fn a_large_job_does_not_starve_another_tenants_small_one() {
    // A window of 2 chunks per job: each stored chunk releases the next, so the queue holds at most
    // 2 chunks of the large job ahead of anything submitted later.
    let t = TestStack::start_with(&[("JobWindowChunks", "2")]).await;
    let big_org = t.register("big").await;
    let small_org = t.register("small").await;
    let big = submit(&t, &big_org, json!({"people": people(200, "big")})).await;
    let small = submit(&t, &small_org, json!({"people": people(10, "small")})).await;
    let big_id = big["id"].as_str().unwrap().to_owned();
    let _w = t.start_workers(1);
    finished(&t, &small_org, small["id"].as_str().unwrap(), 120).await;
    let big_then = job(&t, &big_org, &big_id).await;
    let processed = big_then["counts"]["processed"].as_u64().unwrap();
    assert!(
        processed <= 60,
        "the 10-record job waited for {processed} of the 200-record job's records"
    );
    let done = finished(&t, &big_org, &big_id, 300).await;
    assert_eq!(done["counts"]["succeeded"], 200, "the window loses nothing");
}

/// A 40-record job on a sandbox key limited to 5 calls a second, run by four pollers at once:
/// every record succeeds (waiting, not skipping) and no second of the call log holds more than 5.
async fn forty_calls_at_five_a_second(t: &TestStack) {
    let a = t.register("ratelimit").await;
    let job0 = submit(t, &a, json!({"people": people(40, "rate")})).await;
    let id = job0["id"].as_str().unwrap().to_owned();
    let started = std::time::Instant::now();
    let _w = t.start_workers(4);
    let done = finished(t, &a, &id, 180).await;
    let elapsed = started.elapsed();
    assert_eq!(
        done["counts"]["succeeded"], 40,
        "waiting, not skipping: {done}"
    );
    let mut per_second: std::collections::BTreeMap<String, u32> = Default::default();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            None => "/v1/providers/calls?limit=100".to_owned(),
            Some(c) => format!("/v1/providers/calls?limit=100&cursor={c}"),
        };
        let (_, page) = t.call(&a, Method::GET, &path, None).await;
        for line in page["items"].as_array().unwrap() {
            let at = line["at"].as_str().unwrap();
            *per_second.entry(at[..19].to_owned()).or_default() += 1;
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(per_second.values().sum::<u32>(), 40);
    assert!(
        per_second.values().all(|n| *n <= 5),
        "more than 5 calls in one second: {per_second:?}"
    );
    // At most 5 a calendar second: 40 calls fill at least 8 distinct seconds, so more than 6 s
    // pass between the first and the last (the first may fall at the end of its second).
    assert!(
        per_second.len() >= 8,
        "40 calls in {} seconds: {per_second:?}",
        per_second.len()
    );
    assert!(
        elapsed >= Duration::from_secs(6),
        "40 calls at 5/s take more than 6 s, not {elapsed:?}"
    );
}

#[tokio::test]
async fn concurrent_workers_share_the_provider_keys_rate_limit() {
    // The sandbox key may make 5 calls a second, counted across every worker; four pollers run
    // chunks at once.
    let t = TestStack::start_with(&[("ProviderRateLimits", "sandbox=5")]).await;
    forty_calls_at_five_a_second(&t).await;
}

/// The same under the fault layer: slot writes delayed (up to 900 ms, so many grants come back
/// in the next second), throttled and cancelled, and deliveries duplicated. A slot that comes back
/// after its second is not used, so the provider still never sees more than 5 calls a second.
#[tokio::test]
async fn the_shared_rate_limit_holds_when_slot_writes_are_slow_and_refused() {
    let plan = enrich_local::faults::FaultPlan::parse(
        "seed=11,latency=0.3:900,throttle=0.05,conflict=0.1,duplicate=0.1",
    )
    .unwrap();
    let t = TestStack::start_faulty(
        &[("ProviderRateLimits", "sandbox=5")],
        Some(plan),
        (1.0, 1.0),
    )
    .await;
    forty_calls_at_five_a_second(&t).await;
}

/// People Data Labs answering with "nothing left this minute, reset in 2 s" on its first call.
#[derive(Clone, Default)]
struct SpentPdl {
    arrivals: Arc<std::sync::Mutex<Vec<std::time::Instant>>>,
}

impl Respond for SpentPdl {
    fn respond(&self, _req: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        arrivals.push(std::time::Instant::now());
        let reset = time::OffsetDateTime::now_utc().unix_timestamp() + 2;
        let remaining = if arrivals.len() == 1 { 0 } else { 10 };
        ResponseTemplate::new(200)
            .insert_header(
                "x-ratelimit-remaining",
                format!("{{\"minute\": {remaining}}}").as_str(),
            )
            .insert_header("x-ratelimit-reset", reset.to_string().as_str())
            .set_body_json(json!({"status": 200, "likelihood": 8, "data": {
                "full_name": "jane doe", "first_name": "jane", "last_name": "doe",
                "work_email": "jane@acme.com", "job_title": "vp sales", "job_company_name": "acme",
                "job_company_website": "acme.com"
            }}))
    }
}

#[tokio::test]
async fn a_providers_rate_limit_headers_pause_the_workers() {
    let server = MockServer::start().await;
    let pdl = SpentPdl::default();
    Mock::given(method("GET"))
        .and(path("/pdl/person/enrich"))
        .respond_with(pdl.clone())
        .mount(&server)
        .await;
    let t = TestStack::with_fakes(&server, "pdl").await;
    let a = t.register("ratehint").await;
    let job0 = submit(&t, &a, json!({"people": people(3, "hint")})).await;
    let id = job0["id"].as_str().unwrap().to_owned();
    let _w = t.start_workers(1);
    let done = finished(&t, &a, &id, 60).await;
    assert_eq!(done["counts"]["succeeded"], 3, "{done}");
    let arrivals = pdl.arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 3);
    let gap = arrivals[1].duration_since(arrivals[0]);
    assert!(
        gap >= Duration::from_millis(1000),
        "the second call went out {gap:?} after the provider said the key was spent"
    );
}

#[tokio::test]
async fn every_entry_of_a_send_batch_is_checked_and_failures_are_not_dropped() {
    let t = TestStack::start().await;
    let state = worker_state(&t);
    let q = jobs::queue::enrichment(state).await.unwrap();
    let good: Vec<jobs::queue::Outgoing> = (0..12)
        .map(|i| jobs::queue::Outgoing::json(&json!({"n": i}), "ten_x").unwrap())
        .collect();
    let calls = jobs::queue::send_all(&q, good).await.unwrap();
    assert_eq!(calls, 2, "12 messages in batches of 10");
    // SQS refuses an entry with an out-of-range delay per entry, inside a 200 answer.
    let mut mixed: Vec<jobs::queue::Outgoing> = (0..3)
        .map(|i| jobs::queue::Outgoing::json(&json!({"m": i}), "ten_x").unwrap())
        .collect();
    mixed.push(jobs::queue::Outgoing {
        body: "{}".into(),
        group: "ten_x".into(),
        delay_secs: 1000,
    });
    assert!(
        jobs::queue::send_all(&q, mixed).await.is_err(),
        "an entry SQS refused is reported, not lost"
    );
    let (visible, _) = t.queue_depth(&t.queue("EnrichmentQueue")).await;
    assert_eq!(visible, 15, "the good entries went out once each");
}
