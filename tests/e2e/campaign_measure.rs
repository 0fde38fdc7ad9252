//! The campaign measurement of the README ("Campaigns: measured"). Not part of `./infra/test` (it
//! runs for minutes): `MEASURE_RECIPIENTS=100000 cargo test -p enrich-tests --test e2e
//! measure_a_large_campaign -- --ignored --nocapture`. It imports N contacts, then:
//! - runs the campaign's fan-out by hand (the fan-out handler, as its Lambda would) and counts the
//!   AWS requests it made per 1,000 recipients;
//! - starts one send-worker container (one poller) against a throttle set high and times the first
//!   `MEASURE_SENDS` messages: sends per second one container sustains;
//! - times, on a second small campaign with the workers running, `send` to the first message.

use enrich_tests::TestStack;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test]
#[ignore]
async fn measure_a_large_campaign() {
    use campaigns::pipeline::{handle_fanout, Fanout};
    let n = env_num("MEASURE_RECIPIENTS", 100_000) as usize;
    let sends = env_num("MEASURE_SENDS", 5_000);
    let t = TestStack::start().await;
    let a = t.register("measure-campaign").await;
    let domain = format!(
        "measure-{}.example.com",
        ulid::Ulid::new().to_string().to_lowercase()
    );
    let (_, profile) = t
        .call(
            &a,
            Method::POST,
            "/v1/sending-profiles",
            Some(json!({"name": "SES",
            "ses": {"from_domain": domain}, "throttle": {"per_second": 1000, "per_hour": 10000000},
            "daily_cap": 10000000})),
        )
        .await;
    let (_, template) = t
        .call(&a, Method::POST, "/v1/templates", Some(json!({"name": "M", "language": "en",
            "subject": "Hi {{ first_name }}", "html": "<p>Hi {{ first_name }}</p>{{ unsubscribe_link() }}"})))
        .await;
    let imported = Instant::now();
    let rows: Vec<Value> = (0..n)
        .map(|i| json!({"email": format!("m{i}@measure.example"), "first_name": format!("M{i}")}))
        .collect();
    let requests: Vec<_> = rows
        .chunks(1000)
        .map(|chunk| {
            t.call(
                &a,
                Method::POST,
                "/v1/contacts/bulk",
                Some(json!({"contacts": chunk})),
            )
        })
        .collect();
    let mut stream = futures::stream::iter(requests).buffer_unordered(4);
    use futures::StreamExt;
    while let Some((status, report)) = stream.next().await {
        assert_eq!(status, 200, "{report}");
    }
    drop(stream);
    println!(
        "imported {n} contacts in {:.1} s",
        imported.elapsed().as_secs_f64()
    );
    let body = json!({"name": "Measure", "template_id": template["id"], "profile_id": profile["id"],
        "sender": {"from_name": "M", "from_email": format!("news@{domain}")}});
    let (status, c) = t
        .call(&a, Method::POST, "/v1/campaigns", Some(body.clone()))
        .await;
    assert_eq!(status, 201, "{c}");
    let id = c["id"].as_str().unwrap().to_owned();
    let (status, c) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/campaigns/{id}/send"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 200, "{c}");

    // The fan-out alone, run by hand.
    let calls = t.state().calls.clone();
    calls.reset();
    let fanout_state = &t.stack.function("CampaignFanoutFunction").unwrap().state;
    let tenant: kernel::ids::TenantId = a.tenant_id.parse().unwrap();
    let started = Instant::now();
    let mut runs = 0;
    loop {
        runs += 1;
        handle_fanout(
            fanout_state,
            Fanout {
                tenant: tenant.clone(),
                campaign_id: id.clone(),
            },
            platform::worker::Delivery::new(format!("fanout-{runs}"), 1, "campaign"),
        )
        .await
        .expect("fan-out");
        let (status, c) = t
            .call(&a, Method::GET, &format!("/v1/campaigns/{id}"), None)
            .await;
        assert_eq!(status, 200, "{c}");
        if c["stats"]["fanout_done"] == true {
            assert_eq!(c["stats"]["to_send"].as_u64(), Some(n as u64), "{c}");
            break;
        }
    }
    let fanout_wall = started.elapsed();
    let snapshot: BTreeMap<String, u64> = calls.snapshot();
    // The GET of the campaign after each run is the test's own: one BatchGetItem per run.
    println!(
        "fan-out of {n}: {:.1} s in {runs} run(s) ({:.0} recipients/s)",
        fanout_wall.as_secs_f64(),
        n as f64 / fanout_wall.as_secs_f64()
    );
    for (op, count) in &snapshot {
        println!(
            "  {op}: {count} ({:.2} per 1,000 recipients)",
            *count as f64 * 1000.0 / n as f64
        );
    }

    // One send-worker container against a high throttle.
    calls.reset();
    let _w = t.start_workers(1);
    let started = Instant::now();
    let mut first = None;
    loop {
        let (status, c) = t
            .call(&a, Method::GET, &format!("/v1/campaigns/{id}"), None)
            .await;
        assert_eq!(status, 200, "{c}");
        let sent = c["stats"]["sent"].as_u64().unwrap_or(0);
        if sent > 0 && first.is_none() {
            first = Some(started.elapsed());
        }
        if sent >= sends.min(n as u64) {
            let wall = started.elapsed() - first.unwrap_or_default();
            println!(
                "one send container: {sent} messages in {:.1} s after the first: {:.0} sends/s",
                wall.as_secs_f64(),
                sent as f64 / wall.as_secs_f64().max(0.001)
            );
            let snapshot = calls.snapshot();
            for (op, count) in &snapshot {
                println!(
                    "  {op}: {count} ({:.2} per message)",
                    *count as f64 / sent as f64
                );
            }
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(3600));
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let (status, _) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/campaigns/{id}/cancel"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 200);

    // Send to first message, with the workers running (a campaign of 100 tagged contacts).
    let (_, tag) = t
        .call(
            &a,
            Method::POST,
            "/v1/tags",
            Some(json!({"slug": "first", "name": "first"})),
        )
        .await;
    assert_eq!(tag["slug"], "first");
    let rows: Vec<Value> = (0..100)
        .map(|i| json!({"email": format!("f{i}@measure.example"), "tags": ["first"]}))
        .collect();
    t.call(
        &a,
        Method::POST,
        "/v1/contacts/bulk",
        Some(json!({"contacts": rows})),
    )
    .await;
    let mut small = body;
    small["tags_all"] = json!(["first"]);
    let (_, c) = t.call(&a, Method::POST, "/v1/campaigns", Some(small)).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let started = Instant::now();
    t.call(
        &a,
        Method::POST,
        &format!("/v1/campaigns/{id}/send"),
        Some(json!({})),
    )
    .await;
    loop {
        let (status, c) = t
            .call(&a, Method::GET, &format!("/v1/campaigns/{id}"), None)
            .await;
        assert_eq!(status, 200, "{c}");
        if c["stats"]["sent"].as_u64().unwrap_or(0) > 0 {
            println!(
                "send to first message: {:.0} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
