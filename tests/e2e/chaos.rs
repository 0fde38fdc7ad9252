//! Background work under the fault layer: what real AWS does (cancelled transactions, throttles,
//! 500s, failed batch entries, duplicate deliveries, a worker killed mid-invocation), and the
//! invariants that must hold after it (README, "Failure semantics").

use aws_sdk_dynamodb::types::AttributeValue;
use enrich_local::faults::FaultPlan;
use enrich_tests::{Account, TestStack};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

type Item = HashMap<String, AttributeValue>;

/// The plan a chaos test runs: `CHAOS_PLAN` (the soak, `infra/chaos/run`) or the CI rates.
pub(crate) fn plan(seed: u64) -> FaultPlan {
    match std::env::var("CHAOS_PLAN") {
        Ok(text) => FaultPlan::parse(&text).expect("CHAOS_PLAN is a fault plan"),
        Err(_) => ci_plan(seed),
    }
}

/// `CHAOS_<NAME>` as a number (the soak's sizes), else `default`.
fn size(name: &str, default: u64) -> u64 {
    std::env::var(format!("CHAOS_{name}"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Says an invariant held (the soak prints these lines).
fn held(what: &str, detail: impl std::fmt::Display) {
    println!("invariant {what}: holds ({detail})");
}

/// The rates `./infra/test` runs at (issue 22): 10% of transactions cancelled by conflicts, 5% of
/// DynamoDB requests throttled, 1% of all requests answered 500, 5% of batch entries failed, 5% of
/// messages delivered twice at once.
pub(crate) fn ci_plan(seed: u64) -> FaultPlan {
    FaultPlan {
        seed,
        conflict: 0.10,
        throttle: 0.05,
        error: 0.01,
        latency: 0.05,
        latency_ms: 30,
        batch_entry_failure: 0.05,
        duplicate: 0.05,
    }
}

/// The heavy chaos tests take it, so two of them never share this machine's two cores and one moto
/// (each alone keeps its deadlines; two at once starved each other's workers past them in CI).
/// Lighter tests still run beside whichever holds it.
pub(crate) static HEAVY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Function timeouts at a tenth of the template's and visibility timeouts at a fiftieth: the
/// enrichment worker stops at 30 s and its queue hands a stopped chunk back after 36 s.
pub(crate) const TIME_SCALE: (f64, f64) = (0.1, 0.02);

fn s(item: &Item, name: &str) -> Option<String> {
    item.get(name).and_then(|v| v.as_s().ok()).cloned()
}

fn n(item: &Item, name: &str) -> f64 {
    item.get(name)
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// GET that tolerates the 503s a fault may still cause after every retry (a client retries them).
async fn get_ok(t: &TestStack, a: &Account, path: &str) -> Value {
    for _ in 0..20 {
        let (status, body) = t.call(a, Method::GET, path, None).await;
        if status == 200 {
            return body;
        }
        assert!(status >= 500 || status == 429, "{path}: {status} {body}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{path} kept failing");
}

/// Submits a bulk job, retrying the 5xx a fault can still cause after every retry; its id.
async fn submit_job(t: &TestStack, a: &Account, records: &[Value]) -> String {
    for _ in 0..10 {
        let (status, body) = t
            .call(
                a,
                Method::POST,
                "/v1/people/enrich/bulk",
                Some(json!({"people": records})),
            )
            .await;
        if status == 202 {
            return body["id"].as_str().unwrap().to_owned();
        }
        assert!(status >= 500, "{status} {body}");
    }
    panic!("the job was never accepted");
}

/// The job invariants: its counts sum to its total, each record has exactly one result, usage
/// equals a recount of the call log, and the job's credits equal the call log's.
pub(crate) async fn job_invariants(t: &TestStack, a: &Account, id: &str, total: u64) -> Value {
    let job = get_ok(t, a, &format!("/v1/jobs/{id}")).await;
    let c = &job["counts"];
    let sum: u64 = ["succeeded", "failed", "not_found", "skipped"]
        .iter()
        .map(|k| c[*k].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(c["total"], total, "{job}");
    assert_eq!(c["processed"], total, "processed = total: {job}");
    assert_eq!(sum, total, "the counts sum to the total: {job}");
    held("job counts sum to the total", format!("{sum} = {total}"));
    let items = t.scan_table().await;
    let of = |e: &str| -> Vec<&Item> {
        items
            .iter()
            .filter(|i| s(i, "entity").as_deref() == Some(e))
            .collect()
    };
    let results: Vec<&Item> = of("JOB_RESULT")
        .into_iter()
        .filter(|r| s(r, "PK").is_some_and(|pk| pk.contains(id)))
        .collect();
    let indexes: BTreeSet<u64> = results.iter().map(|r| n(r, "index") as u64).collect();
    assert_eq!(results.len() as u64, total, "one result per record");
    assert_eq!(indexes, (0..total).collect(), "every index once");
    held(
        "each record processed once",
        format!(
            "{} results, {} distinct indexes",
            results.len(),
            indexes.len()
        ),
    );
    let reasons: Vec<String> = results
        .iter()
        .filter(|r| s(r, "status").as_deref() == Some("failed"))
        .map(|r| format!("{:?}", r.get("reason")))
        .collect();
    println!("failed records' reasons: {reasons:?}");
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    for r in &results {
        *by_status
            .entry(s(r, "status").unwrap_or_default())
            .or_default() += 1;
    }
    for (status, counter) in [
        ("succeeded", "succeeded"),
        ("failed", "failed"),
        ("not_found", "not_found"),
        ("skipped", "skipped"),
    ] {
        assert_eq!(
            by_status.get(status).copied().unwrap_or(0),
            c[counter].as_u64().unwrap_or(0),
            "{counter} counts what the results say: {by_status:?} {job}"
        );
    }
    // Usage equals a recount of the call log, calls and credits.
    let calls = of("CALL");
    let logged = calls.len() as f64;
    let logged_credits: f64 = calls.iter().map(|c| n(c, "credits")).sum();
    let usage: Vec<&Item> = of("USAGE")
        .into_iter()
        .filter(|u| s(u, "day").is_some())
        .collect();
    let counted: f64 = usage.iter().map(|u| n(u, "calls")).sum();
    let counted_credits: f64 = usage.iter().map(|u| n(u, "credits")).sum();
    assert!(logged > 0.0, "the job called providers");
    assert_eq!(counted, logged, "usage calls against the call log");
    assert!(
        (counted_credits - logged_credits).abs() < 1e-6,
        "usage credits {counted_credits} against the call log's {logged_credits}"
    );
    held(
        "usage equals a recount of the call log",
        format!("{counted} calls and {counted_credits} credits counted, {logged} lines and {logged_credits} credits logged"),
    );
    let job_credits = job["credits"]["total"].as_f64().unwrap_or(0.0);
    assert!(
        (job_credits - logged_credits).abs() < 1e-6,
        "the job's credits {job_credits} against the call log's {logged_credits}: {job}"
    );
    held("the job's credits equal the call log's", job_credits);
    job
}

/// Messages left in a queue (visible + in flight).
async fn depth(t: &TestStack, queue: &str) -> u64 {
    let (visible, in_flight) = t.queue_depth(&t.queue(queue)).await;
    visible + in_flight
}

/// A 500-record bulk job under every fault at the CI rates, with one worker killed mid-chunk.
#[tokio::test]
async fn a_bulk_job_finishes_exactly_under_faults() {
    let _heavy = HEAVY.lock().await;
    let t = TestStack::start_faulty(
        &[("JobStallSeconds", "120")],
        Some(FaultPlan::default()),
        TIME_SCALE,
    )
    .await;
    let a = t.register("chaos-job").await;
    let faults = t.stack.faults.clone().expect("the fault layer");
    faults.set_plan(plan(22));
    faults.arm_kill("EnrichmentWorkerFunction", Duration::from_millis(300));
    let total = size("RECORDS", 500);
    let records: Vec<Value> = (0..total)
        .map(|i| json!({"email": format!("p{i}.chaos@firm{}.example", i % 13)}))
        .collect();
    let id = submit_job(&t, &a, &records).await;
    let _workers = t.start_workers(20);
    let started = Instant::now();
    let done = loop {
        let j = get_ok(&t, &a, &format!("/v1/jobs/{id}")).await;
        if matches!(j["status"].as_str(), Some("completed" | "failed")) {
            break j;
        }
        assert!(
            started.elapsed() < Duration::from_secs(size("SECS", 420)),
            "the job did not finish under faults: {j} (faults {:?})",
            faults.injected()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let injected = faults.injected();
    faults.set_plan(FaultPlan::default());
    assert_eq!(done["status"], "completed", "{done}");
    let job = job_invariants(&t, &a, &id, total).await;
    // Transient faults are retried, never turned into failed records.
    assert_eq!(job["counts"]["failed"], 0, "{job} ({injected:?})");
    assert_eq!(injected.get("kill"), Some(&1), "{injected:?}");
    let conflicts = injected
        .get("DynamoDB.TransactWriteItems:conflict")
        .copied()
        .unwrap_or(0);
    assert!(conflicts > 0, "conflicts were injected: {injected:?}");
    // Nothing left behind: the chunk queue drains and its DLQ stays empty.
    let drained = Instant::now();
    while depth(&t, "EnrichmentQueue").await > 0 && drained.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(depth(&t, "EnrichmentDLQ").await, 0, "{injected:?}");
    held(
        "nothing stuck, the DLQ empty",
        format!("job {}", job["status"]),
    );
    println!(
        "chaos job: {} s, faults injected {injected:?}, AWS calls {:?}",
        started.elapsed().as_secs(),
        t.stack.calls.snapshot()
    );
}

/// The campaign invariants: every eligible recipient mailed at most once, and every one accounted
/// for: sent + failed + skipped = to_send, with a send record each.
pub(crate) async fn campaign_invariants(
    t: &TestStack,
    a: &Account,
    id: &str,
    from: &str,
    eligible: usize,
) -> Value {
    let c = get_ok(t, a, &format!("/v1/campaigns/{id}")).await;
    let stats = &c["stats"];
    let n = |k: &str| stats[k].as_u64().unwrap_or(0);
    assert_eq!(n("to_send"), eligible as u64, "{c}");
    assert_eq!(
        n("sent") + n("failed") + n("skipped"),
        n("to_send"),
        "every recipient accounted for: {c}"
    );
    let sent = crate::campaigns::ses_sent(from).await;
    let mut per_address: BTreeMap<String, usize> = BTreeMap::new();
    for (to, _) in &sent {
        *per_address.entry(to.clone()).or_default() += 1;
    }
    let twice: Vec<_> = per_address.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "mailed more than once: {twice:?}");
    held(
        "each recipient mailed at most once",
        format!("{} messages to {} addresses", sent.len(), per_address.len()),
    );
    held(
        "sent + failed + skipped = to_send",
        format!(
            "{} + {} + {} = {}",
            n("sent"),
            n("failed"),
            n("skipped"),
            n("to_send")
        ),
    );
    // A claim interrupted mid-send (a killed worker) counts failed and is never sent again; SES
    // may or may not have taken that one message.
    assert!(
        n("sent") <= sent.len() as u64 && sent.len() as u64 <= n("sent") + n("failed"),
        "SES sent {} against the counts: {c}",
        sent.len()
    );
    let records = t
        .scan_table()
        .await
        .into_iter()
        .filter(|i| s(i, "entity").as_deref() == Some("CAMPAIGN_SEND"))
        .filter(|i| s(i, "PK").is_some_and(|pk| pk.contains(id)))
        .collect::<Vec<_>>();
    assert_eq!(records.len(), eligible, "one send record per recipient");
    let sending = records
        .iter()
        .filter(|r| s(r, "status").as_deref() == Some("sending"))
        .count();
    assert_eq!(sending, 0, "no claim left `sending`");
    held(
        "one send record per recipient, none left sending",
        records.len(),
    );
    c
}

/// A 2,000-recipient campaign under every fault at the CI rates, with one send worker killed
/// mid-chunk.
#[tokio::test]
async fn a_campaign_finishes_exactly_under_faults() {
    let _heavy = HEAVY.lock().await;
    use crate::campaigns::{act, campaign_body, create_campaign, import, ses_setup, tags};
    // Send and fan-out invocations stop at 30 s (a quarter of 120 s) and their queues hand a
    // stopped chunk back after 36 s; the watchdog repairs after 45 s without progress.
    let t = TestStack::start_faulty(
        &[("CampaignStallSeconds", "45")],
        Some(FaultPlan::default()),
        (0.25, 0.05),
    )
    .await;
    let a = t.register("chaos-campaign").await;
    tags(&t, &a, &["all"]).await;
    let (domain, profile, template) = ses_setup(
        &t,
        &a,
        "chaos",
        json!({"per_second": 1000, "per_hour": 1000000}),
        1_000_000,
    )
    .await;
    let recipients = size("RECIPIENTS", 2000) as usize;
    let rows: Vec<Value> = (0..recipients)
        .map(|i| json!({"email": format!("r{i}@chaos.example"), "first_name": format!("R{i}"), "tags": ["all"]}))
        .collect();
    assert_eq!(import(&t, &a, rows).await.len(), recipients);
    let id = create_campaign(
        &t,
        &a,
        campaign_body(&domain, &profile, &template, json!({"tags_all": ["all"]})),
    )
    .await;
    let faults = t.stack.faults.clone().expect("the fault layer");
    faults.set_plan(plan(26));
    faults.arm_kill("CampaignSendFunction", Duration::from_millis(400));
    let _workers = t.start_workers(10);
    let mut started = false;
    for _ in 0..10 {
        let (status, body) = act(&t, &a, &id, "send").await;
        if status == 200 {
            started = true;
            break;
        }
        assert!(status >= 500 || status == 409, "{status} {body}");
        if status == 409 {
            // A 5xx after the move was written: it is running already.
            started = body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("running"));
            if started {
                break;
            }
        }
    }
    assert!(started, "the campaign started");
    let clock = Instant::now();
    // The minute sweep (its watchdog repairs what a lost message strands), every 5 s here.
    let sweeper = {
        let stack = t.stack.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                if let Err(e) =
                    enrich_local::ticker::fire(&stack, "CampaignSweepFunction", "Sweep").await
                {
                    eprintln!("sweep: {e}");
                }
            }
        })
    };
    let done = loop {
        let c = get_ok(&t, &a, &format!("/v1/campaigns/{id}")).await;
        if c["status"] == "finished" {
            break c;
        }
        assert!(
            c["status"] == "running",
            "the campaign left running: {c} (faults {:?})",
            faults.injected()
        );
        assert!(
            clock.elapsed() < Duration::from_secs(size("SECS", 420)),
            "the campaign did not finish under faults: {c} (faults {:?})",
            faults.injected()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    sweeper.abort();
    let injected = faults.injected();
    faults.set_plan(FaultPlan::default());
    let c = campaign_invariants(&t, &a, &id, &format!("news@{domain}"), recipients).await;
    assert_eq!(injected.get("kill"), Some(&1), "{injected:?}");
    let drained = Instant::now();
    while depth(&t, "SendQueue").await + depth(&t, "CampaignQueue").await > 0
        && drained.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    for dlq in ["SendDLQ", "CampaignDLQ"] {
        assert_eq!(depth(&t, dlq).await, 0, "{dlq}: {injected:?}");
    }
    held(
        "nothing stuck, the DLQs empty",
        format!("campaign {}", c["status"]),
    );
    println!(
        "chaos campaign: {} s, {done}, stats {}, faults injected {injected:?}",
        clock.elapsed().as_secs(),
        c["stats"]
    );
}

/// The local stack stopped mid-job (gateway and workers gone, invocations cut off) and started
/// again over the same local AWS state: the job picks up where it was and finishes exactly.
#[tokio::test]
async fn a_stack_restarted_mid_job_finishes_it_exactly() {
    let _heavy = HEAVY.lock().await;
    let t = TestStack::start_faulty(
        &[("JobStallSeconds", "120")],
        Some(FaultPlan::default()),
        TIME_SCALE,
    )
    .await;
    let a = t.register("chaos-restart").await;
    t.stack.faults.clone().unwrap().set_plan(plan(28));
    let total = 200;
    let records: Vec<Value> = (0..total)
        .map(|i| json!({"email": format!("q{i}.restart@firm{}.example", i % 7)}))
        .collect();
    let id = submit_job(&t, &a, &records).await;
    let workers = t.start_workers(4);
    let clock = Instant::now();
    loop {
        let j = get_ok(&t, &a, &format!("/v1/jobs/{id}")).await;
        if j["counts"]["processed"].as_u64().unwrap_or(0) >= 50 {
            break;
        }
        assert!(
            clock.elapsed() < Duration::from_secs(240),
            "no progress: {j}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Stop: every worker is cut off wherever it is, then the stack comes back.
    for w in &workers {
        w.abort();
    }
    let t = t.restart().await;
    let faults = t.stack.faults.clone().unwrap();
    faults.set_plan(plan(29));
    let _workers = t.start_workers(4);
    let done = loop {
        let j = get_ok(&t, &a, &format!("/v1/jobs/{id}")).await;
        if matches!(j["status"].as_str(), Some("completed" | "failed")) {
            break j;
        }
        assert!(
            clock.elapsed() < Duration::from_secs(size("SECS", 420)),
            "the job did not finish after the restart: {j}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    faults.set_plan(FaultPlan::default());
    assert_eq!(done["status"], "completed", "{done}");
    let job = job_invariants(&t, &a, &id, total).await;
    assert_eq!(job["counts"]["failed"], 0, "{job}");
    println!("chaos restart: {} s", clock.elapsed().as_secs());
}

/// Waits until the item at `key` has `status`, reading with the stack's own client (not counted
/// in `stack.calls`, so polling adds nothing to a measurement).
async fn wait_uncounted(t: &TestStack, key: &store::Key, status: &str) {
    loop {
        let item = t
            .stack
            .admin
            .dynamodb
            .get_item()
            .table_name(t.state().store.table())
            .key("PK", AttributeValue::S(key.pk().into()))
            .key("SK", AttributeValue::S(key.sk().into()))
            .send()
            .await
            .unwrap()
            .item
            .unwrap();
        if s(&item, "status").as_deref() == Some(status) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// What retries cost: the AWS requests per record of a job and per message of a campaign, without
/// faults and at 10% transaction conflicts (nothing else injected). Ignored by `./infra/test`:
/// `cargo test -p enrich-tests --test e2e measure_the_cost_of_conflicts -- --ignored --nocapture`.
#[tokio::test]
#[ignore]
async fn measure_the_cost_of_conflicts() {
    use crate::campaigns::{act, campaign_body, create_campaign, import, ses_setup, tags};
    for conflict in [0.0, 0.1] {
        let fault_plan = FaultPlan {
            seed: 3,
            conflict,
            ..Default::default()
        };
        // A job of 200 records.
        let t = TestStack::start_faulty(&[], Some(FaultPlan::default()), (1.0, 1.0)).await;
        let a = t.register("measure-job").await;
        let records: Vec<Value> = (0..200)
            .map(|i| json!({"email": format!("m{i}.measure@firm{}.example", i % 11)}))
            .collect();
        t.stack.faults.clone().unwrap().set_plan(fault_plan.clone());
        t.stack.calls.reset();
        let (status, job) = t
            .call(
                &a,
                Method::POST,
                "/v1/people/enrich/bulk",
                Some(json!({"people": records})),
            )
            .await;
        assert_eq!(status, 202, "{job}");
        let id = job["id"].as_str().unwrap().to_owned();
        let _w = t.start_workers(4);
        let tenant: kernel::ids::TenantId = a.tenant_id.parse().unwrap();
        wait_uncounted(&t, &store::keys::job(&tenant, &id), "completed").await;
        let calls = t.stack.calls.snapshot();
        let total: u64 = calls.values().sum();
        let injected = t.stack.faults.clone().unwrap().injected();
        println!(
            "measure job conflict={conflict}: {:.2} AWS requests per record ({total} for 200; TransactWriteItems {}), injected {injected:?}",
            total as f64 / 200.0,
            calls.get("DynamoDB.TransactWriteItems").copied().unwrap_or(0)
        );
        // A campaign of 500 recipients.
        let t = TestStack::start_faulty(&[], Some(FaultPlan::default()), (1.0, 1.0)).await;
        let a = t.register("measure-campaign").await;
        tags(&t, &a, &["m"]).await;
        let (domain, profile, template) = ses_setup(
            &t,
            &a,
            "measure",
            json!({"per_second": 1000, "per_hour": 1000000}),
            1_000_000,
        )
        .await;
        let rows: Vec<Value> = (0..500)
            .map(|i| json!({"email": format!("m{i}@measure.example"), "tags": ["m"]}))
            .collect();
        import(&t, &a, rows).await;
        let id = create_campaign(
            &t,
            &a,
            campaign_body(&domain, &profile, &template, json!({"tags_all": ["m"]})),
        )
        .await;
        t.stack.faults.clone().unwrap().set_plan(fault_plan.clone());
        let _w = t.start_workers(4);
        t.stack.calls.reset();
        assert_eq!(act(&t, &a, &id, "send").await.0, 200);
        let tenant: kernel::ids::TenantId = a.tenant_id.parse().unwrap();
        wait_uncounted(&t, &store::keys::campaign(&tenant, &id), "finished").await;
        let calls = t.stack.calls.snapshot();
        let total: u64 = calls.values().sum();
        println!(
            "measure campaign conflict={conflict}: {:.2} AWS requests per message ({total} for 500; TransactWriteItems {})",
            total as f64 / 500.0,
            calls.get("DynamoDB.TransactWriteItems").copied().unwrap_or(0)
        );
    }
}

/// Moves every message of a queue out of it (lost: a DLQ, a purge, a bug), returning how many.
async fn lose_all(t: &TestStack, queue: &str) -> usize {
    let url = t.queue(queue);
    let mut lost = 0;
    loop {
        let out = t
            .stack
            .sqs
            .receive_message()
            .queue_url(&url)
            .max_number_of_messages(10)
            .wait_time_seconds(1)
            .send()
            .await
            .unwrap();
        let got = out.messages.unwrap_or_default();
        if got.is_empty() {
            return lost;
        }
        for m in got {
            t.stack
                .sqs
                .delete_message()
                .queue_url(&url)
                .receipt_handle(m.receipt_handle().unwrap())
                .send()
                .await
                .unwrap();
            lost += 1;
        }
    }
}

/// Runs the campaign's fan-out by hand (no workers), as its Lambda would.
async fn fan_out(t: &TestStack) {
    let url = t.queue("CampaignQueue");
    let arn = t.queue_arn(&url).await;
    let f = t.stack.function("CampaignFanoutFunction").unwrap();
    let b = enrich_local::pump::QueueBinding::new(&url, &arn, "CampaignFanoutFunction");
    let mut received = 0;
    while received == 0 {
        received += enrich_local::pump::pump_once(&t.stack.sqs, &f.state, &b, f.sqs.unwrap())
            .await
            .unwrap()
            .received;
    }
}

async fn sweep(t: &TestStack) {
    enrich_local::ticker::fire(&t.stack, "CampaignSweepFunction", "Sweep")
        .await
        .unwrap();
}

/// The watchdog: a running campaign whose chunk messages were lost is repaired from the chunks'
/// manifests and finishes, each recipient mailed once; one that never makes progress is paused
/// after three repairs, saying why.
#[tokio::test]
async fn the_watchdog_repairs_a_stalled_campaign_and_pauses_a_hopeless_one() {
    let _heavy = HEAVY.lock().await;
    use crate::campaigns::{act, campaign_body, create_campaign, import, ses_setup, tags};
    let t = TestStack::start_with(&[("CampaignStallSeconds", "1")]).await;
    let a = t.register("watchdog").await;
    tags(&t, &a, &["w"]).await;
    let (domain, profile, template) = ses_setup(
        &t,
        &a,
        "watchdog",
        json!({"per_second": 1000, "per_hour": 1000000}),
        1_000_000,
    )
    .await;
    let rows: Vec<Value> = (0..250)
        .map(|i| json!({"email": format!("w{i}@watchdog.example"), "tags": ["w"]}))
        .collect();
    import(&t, &a, rows).await;
    let body = campaign_body(&domain, &profile, &template, json!({"tags_all": ["w"]}));
    let id = create_campaign(&t, &a, body.clone()).await;
    assert_eq!(act(&t, &a, &id, "send").await.0, 200);
    fan_out(&t).await;
    let lost = lose_all(&t, "SendQueue").await;
    assert!(
        lost >= 3,
        "250 recipients in chunks of at most 100, all lost: {lost}"
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    sweep(&t).await;
    let (visible, _) = t.queue_depth(&t.queue("SendQueue")).await;
    assert_eq!(
        visible as usize, lost,
        "every lost chunk queued again from its manifest"
    );
    let workers = t.start_workers(2);
    let done = t
        .wait_for(&a, &format!("/v1/campaigns/{id}"), 60, |c| {
            c["status"] == "finished"
        })
        .await;
    assert_eq!(done["stats"]["sent"], 250, "{done}");
    let sent = crate::campaigns::ses_sent(&format!("news@{domain}")).await;
    assert_eq!(sent.len(), 250, "each recipient once");
    held("a stalled campaign repaired and finished", "250 sent once");
    for w in workers {
        w.abort();
    }

    // A campaign whose chunks are lost every time: three repairs, then paused with the reason.
    let t = TestStack::start_with(&[("CampaignStallSeconds", "1")]).await;
    let a = t.register("watchdog-hopeless").await;
    tags(&t, &a, &["w"]).await;
    let (domain, profile, template) = ses_setup(
        &t,
        &a,
        "hopeless",
        json!({"per_second": 1000, "per_hour": 1000000}),
        1_000_000,
    )
    .await;
    import(
        &t,
        &a,
        vec![json!({"email": "h@hopeless.example", "tags": ["w"]})],
    )
    .await;
    let id = create_campaign(
        &t,
        &a,
        campaign_body(&domain, &profile, &template, json!({"tags_all": ["w"]})),
    )
    .await;
    assert_eq!(act(&t, &a, &id, "send").await.0, 200);
    fan_out(&t).await;
    for repair in 1..=4 {
        lose_all(&t, "SendQueue").await;
        tokio::time::sleep(Duration::from_millis(2100)).await;
        sweep(&t).await;
        let (_, c) = t.get_as(&a, &format!("/v1/campaigns/{id}")).await;
        if repair <= 3 {
            assert_eq!(c["status"], "running", "repair {repair}: {c}");
        } else {
            assert_eq!(c["status"], "paused", "{c}");
            let reason = c["pause_reason"].as_str().unwrap_or_default();
            assert!(reason.starts_with("stalled"), "{reason}");
            assert!(reason.contains("after 3 repairs"), "{reason}");
        }
    }
}

/// An SES bounce whose handling fails part-way (its transaction keeps colliding) leaves no marker:
/// EventBridge's retry applies it, the address is suppressed and the day counts it exactly once.
#[tokio::test]
async fn a_bounce_that_fails_part_way_is_applied_by_the_retry_and_counted_once() {
    use crate::campaigns::{import, ses_event, ses_setup, tags};
    let t = TestStack::start_faulty(&[], Some(FaultPlan::default()), (1.0, 1.0)).await;
    let a = t.register("bounce-retry").await;
    tags(&t, &a, &["b"]).await;
    let ids = import(
        &t,
        &a,
        vec![json!({"email": "r0@retry.example", "tags": ["b"]})],
    )
    .await;
    let (_, profile, _) = ses_setup(
        &t,
        &a,
        "retry",
        json!({"per_second": 100, "per_hour": 10000}),
        10000,
    )
    .await;
    let f = t.stack.function("DeliveryEventsFunction").unwrap();
    let handler = f.schedule.unwrap();
    let event = ses_event(
        "bounce",
        json!({"bounce": {"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": "r0@retry.example"}]}}),
        json!({"timestamp": kernel::time::rfc3339(kernel::time::now()), "messageId": "m-r0",
               "destination": ["r0@retry.example"],
               "tags": {"tenant": [a.tenant_id], "profile": [profile]}}),
    );
    let faults = t.stack.faults.clone().unwrap();
    faults.set_plan(FaultPlan {
        conflict: 1.0,
        ..Default::default()
    });
    assert!(
        handler(&f.state, event.clone()).await.is_err(),
        "the failure is reported, so EventBridge retries"
    );
    faults.set_plan(FaultPlan::default());
    let tenant: kernel::ids::TenantId = a.tenant_id.parse().unwrap();
    let day = kernel::time::now().unix_timestamp() / 86_400;
    let bounced = || async {
        let figures: Option<Value> = t
            .state()
            .store
            .get(&store::keys::sender_window(&tenant, &profile, "DAY", day))
            .await
            .unwrap();
        figures.and_then(|f| f["bounced"].as_u64()).unwrap_or(0)
    };
    assert_eq!(bounced().await, 0, "nothing counted by the failed try");
    handler(&f.state, event.clone()).await.unwrap();
    handler(&f.state, event).await.unwrap();
    assert_eq!(bounced().await, 1, "counted once by the retry, not again");
    let (_, c) = t.get_as(&a, &format!("/v1/contacts/{}", ids[0])).await;
    assert_eq!(c["status"], "bounced", "{c}");
    let (_, list) = t.get_as(&a, "/v1/suppressions").await;
    assert_eq!(list["items"][0]["email"], "r0@retry.example", "{list}");
}

/// A CSV import under faults (conflicts, throttles, 500s, duplicate deliveries, the sync worker
/// killed mid-page): the run finishes, counts every row once, and each row is one contact of the
/// source (README, "Failure semantics": data-source syncs).
#[tokio::test]
async fn a_csv_import_finishes_exactly_under_faults() {
    let _heavy = HEAVY.lock().await;
    let t = TestStack::start_faulty(&[], Some(FaultPlan::default()), TIME_SCALE).await;
    let a = t.register("chaos-import").await;
    let (status, src) = t
        .post_as(
            &a,
            "/v1/data-sources",
            json!({"type": "csv", "name": "Chaos fair"}),
        )
        .await;
    assert_eq!(status, 201, "{src}");
    let id = src["id"].as_str().unwrap().to_owned();
    let total = size("ROWS", 400);
    let file: String = std::iter::once("email,first_name\n".to_owned())
        .chain((0..total).map(|i| format!("r{i}.chaos@fair{}.example,Row\n", i % 11)))
        .collect();
    let faults = t.stack.faults.clone().expect("the fault layer");
    faults.set_plan(plan(31));
    faults.arm_kill("DataSourceSyncFunction", Duration::from_millis(500));
    let mut run = None;
    for _ in 0..10 {
        let resp = t
            .authed(
                Method::POST,
                &format!("/v1/data-sources/{id}/import"),
                &a.access,
            )
            .header("content-type", "text/csv")
            .body(file.clone())
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        match status {
            202 => {
                run = Some(body["id"].as_str().unwrap().to_owned());
                break;
            }
            // An earlier attempt started its run after all: wait for it instead.
            409 => break,
            s => assert!(s >= 500 || s == 429, "{s} {body}"),
        }
    }
    let _workers = t.start_workers(4);
    let started = Instant::now();
    let done = loop {
        let runs = get_ok(&t, &a, &format!("/v1/data-sources/{id}/runs")).await;
        let finished: Vec<&Value> = runs["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] != "running")
            .collect();
        if let Some(r) = finished
            .iter()
            .find(|r| Some(r["id"].as_str().unwrap().to_owned()) == run || run.is_none())
        {
            break (*r).clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(size("SECS", 420)),
            "the import did not finish under faults: {runs} (faults {:?})",
            faults.injected()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    faults.set_plan(FaultPlan::default());
    assert_eq!(done["status"], "finished", "{done}");
    let c = &done["counts"];
    assert_eq!(c["rows"], total, "every row counted once: {done}");
    assert_eq!(c["failed"], 0, "{done}");
    let written: u64 = ["created", "updated", "unchanged"]
        .iter()
        .map(|k| c[*k].as_u64().unwrap())
        .sum();
    assert_eq!(written, total, "each row accounted for once: {done}");
    held("import rows counted once", format!("{total} rows, {c}"));
    // Each row is one contact of the source: the counters and a recount of the list agree.
    let src = get_ok(&t, &a, &format!("/v1/data-sources/{id}")).await;
    assert_eq!(src["contact_count"], total, "{src}");
    assert!(
        src["active_run"].is_null(),
        "the source is free again: {src}"
    );
    let mut emails = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            None => format!("/v1/contacts?source={id}&limit=100"),
            Some(c) => format!("/v1/contacts?source={id}&limit=100&cursor={c}"),
        };
        let page = get_ok(&t, &a, &path).await;
        for c in page["items"].as_array().unwrap() {
            assert!(
                emails.insert(c["email"].as_str().unwrap().to_owned()),
                "a duplicate: {c}"
            );
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(emails.len() as u64, total, "one contact per row");
    held("one contact per row", format!("{} contacts", emails.len()));
    println!(
        "chaos import: {} s, faults injected {:?}",
        started.elapsed().as_secs(),
        faults.injected()
    );
}
