//! Bulk enrichment jobs end to end: the jobs function, the enrichment queue, the worker, the sweep,
//! the event bus and callbacks, on moto with the local SQS pump standing in for Lambda's mapping.

mod batch;
mod callbacks;
mod measure;
mod worker;

use enrich_tests::{Account, TestStack};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;

pub(crate) fn people(n: usize, tag: &str) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"email": format!("person{i}.{tag}@acme{}.example", i % 7)}))
        .collect()
}

pub(crate) async fn submit(t: &TestStack, a: &Account, body: Value) -> Value {
    let resp = t
        .authed(Method::POST, "/v1/people/enrich/bulk", &a.access)
        .json(&body)
        .send()
        .await
        .expect("submit");
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let job: Value = resp.json().await.expect("json");
    assert_eq!(status, 202, "{job}");
    assert_eq!(
        location.as_deref(),
        Some(format!("/v1/jobs/{}", job["id"].as_str().unwrap()).as_str())
    );
    job
}

pub(crate) async fn finished(t: &TestStack, a: &Account, id: &str, secs: u64) -> Value {
    t.wait_for(a, &format!("/v1/jobs/{id}"), secs, |j| {
        matches!(
            j["status"].as_str(),
            Some("completed" | "failed" | "cancelled")
        ) && j["counts"]["processed"] == j["counts"]["total"]
    })
    .await
}

/// Every result of a job, page by page (checks the cursor as it goes).
pub(crate) async fn all_results(t: &TestStack, a: &Account, id: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            None => format!("/v1/jobs/{id}/results?limit=100"),
            Some(c) => format!("/v1/jobs/{id}/results?limit=100&cursor={c}"),
        };
        let (status, page) = t.call(a, Method::GET, &path, None).await;
        assert_eq!(status, 200, "{page}");
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return out,
        }
    }
}

/// Listens on the stack's event bus: a rule sending every job event to a fresh queue.
pub(crate) async fn tap_events(t: &TestStack) -> String {
    tap_events_from(t, "enrich.jobs").await
}

/// A queue that receives every event of `source` put on the platform's bus.
pub(crate) async fn tap_events_from(t: &TestStack, source: &str) -> String {
    let events = platform::aws_client!(aws_sdk_eventbridge, t.stack.admin.sdk_base());
    let bus = t.stack.bindings.refs["EventBus"].clone();
    let name = format!("tap-{}", ulid::Ulid::new().to_string().to_lowercase());
    let url = t
        .stack
        .sqs
        .create_queue()
        .queue_name(&name)
        .send()
        .await
        .expect("tap queue")
        .queue_url
        .expect("url");
    let arn = t.queue_arn(&url).await;
    events
        .put_rule()
        .name(&name)
        .event_bus_name(&bus)
        .event_pattern(json!({"source": [source]}).to_string())
        .send()
        .await
        .expect("rule");
    events
        .put_targets()
        .rule(&name)
        .event_bus_name(&bus)
        .targets(
            aws_sdk_eventbridge::types::Target::builder()
                .id("tap")
                .arn(arn)
                .build()
                .expect("target"),
        )
        .send()
        .await
        .expect("target");
    url
}

/// The events the tap queue received so far.
/// Events reach the bus from the table's stream (the event publisher runs with the workers), so
/// this waits up to 20 s for the first and then for two quiet seconds.
pub(crate) async fn tapped(t: &TestStack, url: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let mut quiet = 0;
    while quiet < 2 && std::time::Instant::now() < deadline {
        let got = t
            .stack
            .sqs
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .wait_time_seconds(1)
            .send()
            .await
            .expect("receive");
        let messages = got.messages.unwrap_or_default();
        if messages.is_empty() && !out.is_empty() {
            quiet += 1;
        }
        for m in messages {
            out.push(serde_json::from_str(m.body().unwrap_or("null")).unwrap_or(Value::Null));
        }
    }
    out
}

#[tokio::test]
async fn a_thousand_record_job_runs_end_to_end_and_exports_csv() {
    let t = TestStack::start().await;
    let a = t.register("bulk").await;
    let tap = tap_events(&t).await;
    let mut records = people(1000, "e2e");
    // Forty not found (sandbox: local parts starting with "unknown"), ten repeats of earlier records.
    for i in 0..40 {
        records[100 + i] = json!({"email": format!("unknown{i}@acme.example")});
    }
    for i in 0..10 {
        records[990 + i] = records[i].clone();
    }
    let job = submit(&t, &a, json!({"people": records, "name": "Q4 list"})).await;
    assert_eq!(job["status"], "pending");
    assert_eq!(job["counts"]["total"], 1000);
    assert_eq!(job["counts"]["duplicates"], 10);
    let id = job["id"].as_str().unwrap().to_owned();
    let _workers = t.start_workers(4);
    let done = finished(&t, &a, &id, 600).await;
    assert_eq!(done["status"], "completed", "{done}");
    let c = &done["counts"];
    assert_eq!(c["succeeded"], 950);
    assert_eq!(c["not_found"], 40);
    assert_eq!(c["duplicates"], 10);
    assert_eq!(c["failed"], 0);
    assert_eq!(c["processed"], 1000);
    assert_eq!(done["percent"], 100.0);
    assert_eq!(
        done["credits"]["by_provider"]["sandbox"], 950.0,
        "one credit per person found"
    );
    assert!(done["started_at"].is_string() && done["finished_at"].is_string());

    let results = all_results(&t, &a, &id).await;
    assert_eq!(results.len(), 1000);
    let indexes: Vec<u64> = results
        .iter()
        .map(|r| r["index"].as_u64().unwrap())
        .collect();
    assert_eq!(indexes, (0..1000).collect::<Vec<u64>>(), "input order");
    assert_eq!(results[995]["status"], "duplicate");
    assert_eq!(results[995]["duplicate_of"], 5);
    assert_eq!(results[120]["status"], "not_found");
    let ids: BTreeSet<&str> = results
        .iter()
        .filter_map(|r| r["record_id"].as_str())
        .collect();
    assert_eq!(ids.len(), 950, "each person stored once");

    // The stored people are the ones the job reports.
    let (_, one) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/people/{}", results[3]["record_id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(one["data"]["email"], "person3.e2e@acme3.example");

    // CSV: one row per input record, input order, fields with their sources.
    let resp = t
        .authed(
            Method::GET,
            &format!("/v1/jobs/{id}/results.csv"),
            &a.access,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(
        resp.headers().get("link").is_none(),
        "1,000 rows fit one page"
    );
    let text = resp.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1000);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[7][col("input_email")], "person7.e2e@acme0.example");
    assert_eq!(&rows[7][col("email")], "person7.e2e@acme0.example");
    assert_eq!(&rows[7][col("title_source")], "sandbox");
    assert_eq!(&rows[995][col("status")], "duplicate");
    assert_eq!(
        &rows[995][col("title")],
        &rows[5][col("title")],
        "a duplicate shows its first record's fields"
    );

    // The job ended once: one job.completed on the bus.
    let events = tapped(&t, &tap).await;
    let completed: Vec<&Value> = events
        .iter()
        .filter(|e| e["detail-type"] == "job.completed")
        .collect();
    assert_eq!(completed.len(), 1, "{events:?}");
    assert_eq!(completed[0]["detail"]["data"]["job_id"], id.as_str());
    assert_eq!(completed[0]["detail"]["type"], "job.completed");
    assert_eq!(completed[0]["detail"]["tenant_id"], a.tenant_id.as_str());

    // The list shows it, filtered by status and type.
    let (_, list) = t
        .call(
            &a,
            Method::GET,
            "/v1/jobs?status=completed&type=people",
            None,
        )
        .await;
    assert_eq!(list["items"][0]["id"], id.as_str());
    let (_, none) = t
        .call(&a, Method::GET, "/v1/jobs?type=companies", None)
        .await;
    assert_eq!(none["items"], json!([]));
}
