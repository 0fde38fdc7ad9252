//! The bulk-job measurement of the README ("Bulk jobs: measured"). Not part of `./infra/test` (it
//! runs for minutes): `MEASURE_RECORDS=10000 MEASURE_RATE=10 cargo test -p enrich-tests --test e2e
//! measure_a_large_job -- --ignored --nocapture`. The sandbox provider is limited to R calls per
//! second (shared by every worker); the report compares the job's wall time with the N/R bound and
//! counts AWS requests by operation.

use super::*;
use std::collections::BTreeMap;
use std::time::Instant;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test]
#[ignore]
async fn measure_a_large_job() {
    let n = env_num("MEASURE_RECORDS", 10_000) as usize;
    let rate = env_num("MEASURE_RATE", 10);
    let pollers = env_num("MEASURE_POLLERS", 4) as usize;
    let t = TestStack::start_with(&[("ProviderRateLimits", &format!("sandbox={rate}"))]).await;
    let a = t.register("measure").await;
    let calls = t.state().calls.clone();
    calls.reset();
    let started = Instant::now();
    let job0 = submit(&t, &a, json!({"people": people(n, "measure")})).await;
    let submitted = started.elapsed();
    let id = job0["id"].as_str().unwrap().to_owned();
    let _w = t.start_workers(pollers);
    let done = finished(&t, &a, &id, 7200).await;
    let wall = started.elapsed();
    assert_eq!(
        done["counts"]["succeeded"].as_u64(),
        Some(n as u64),
        "{done}"
    );
    let snapshot: BTreeMap<String, u64> = calls.snapshot();
    let bound = n as f64 / rate as f64;
    println!("records {n}, sandbox limited to {rate} calls/s, {pollers} pollers");
    println!(
        "wall {:.1} s (submission {:.1} s), bound N/R {:.1} s, bound / wall = {:.1}%",
        wall.as_secs_f64(),
        submitted.as_secs_f64(),
        bound,
        100.0 * bound / wall.as_secs_f64()
    );
    let per = |prefix: &str, scale: f64| -> Vec<(String, f64)> {
        snapshot
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), *v as f64 * scale / n as f64))
            .collect()
    };
    println!(
        "SQS requests per 1,000 records (functions' own): {:?}",
        per("SQS", 1000.0)
    );
    println!("DynamoDB requests per record: {:?}", per("DynamoDB", 1.0));
    let dynamo: f64 = per("DynamoDB", 1.0).iter().map(|(_, v)| v).sum();
    println!("DynamoDB requests per record, all: {dynamo:.2}");
    // Item sizes for write units: every item the job left, by entity (DynamoDB's size rule:
    // attribute names plus values; a write costs one unit per KB, twice in a transaction).
    let mut sizes: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for item in t.scan_table().await {
        let entity = match item.get("entity") {
            Some(aws_sdk_dynamodb::types::AttributeValue::S(e)) => e.clone(),
            _ => "?".into(),
        };
        let bytes: u64 = item.iter().map(|(k, v)| k.len() as u64 + size(v)).sum();
        let e = sizes.entry(entity).or_default();
        e.0 += 1;
        e.1 += bytes.div_ceil(1024);
    }
    for (entity, (count, units)) in &sizes {
        println!(
            "  {entity}: {count} items, ~{:.2} write units per record (one write each)",
            *units as f64 / n as f64
        );
    }
}

/// DynamoDB's item size rule for one value (strings and numbers by length, maps and lists by
/// their parts plus 3 bytes).
fn size(v: &aws_sdk_dynamodb::types::AttributeValue) -> u64 {
    use aws_sdk_dynamodb::types::AttributeValue as A;
    match v {
        A::S(s) => s.len() as u64,
        A::N(n) => n.len() as u64,
        A::B(b) => b.as_ref().len() as u64,
        A::Bool(_) | A::Null(_) => 1,
        A::M(m) => 3 + m.iter().map(|(k, v)| k.len() as u64 + size(v)).sum::<u64>(),
        A::L(l) => 3 + l.iter().map(|v| 1 + size(v)).sum::<u64>(),
        A::Ss(x) => x.iter().map(|s| s.len() as u64).sum(),
        A::Ns(x) => x.iter().map(|s| s.len() as u64).sum(),
        _ => 0,
    }
}
