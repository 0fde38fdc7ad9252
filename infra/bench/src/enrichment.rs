//! In-process cost of one enrichment, provider and AWS latency excluded: the sandbox answers two
//! providers, the waterfall decides, the merge applies, the record is turned into a DynamoDB item and
//! the response into JSON. Reported per enrichment and as a ratio to a plain JSON round trip of the
//! same response (what any JSON API pays), because absolute times on a shared machine are noisy.
//!
//! Usage: `cargo run --release -p enrich-bench --bin enrichment -- [--iterations N]`

use enrichment::merge::{apply, overall_confidence, Waterfall};
use enrichment::records::{EntityKind, EntityRecord};
use platform::TenantId;
use providers::{sandbox, Op, PersonInput};
use std::hint::black_box;
use std::time::Instant;

fn one(tenant: &TenantId, input: &PersonInput, required: &[String]) -> Vec<u8> {
    let first = sandbox::answer(Op::Person(input)).expect("sandbox");
    let second = sandbox::answer(Op::VerifyEmail("jane.doe@acme-labs.com")).expect("sandbox");
    let mut w = Waterfall::new(required.to_vec(), 0.5);
    w.offer("sandbox", &first, "2026-11-23T00:00:00Z");
    w.offer("zerobounce", &second, "2026-11-23T00:00:00Z");
    let mut rec = EntityRecord::new(EntityKind::Person, "2026-11-23T00:00:00Z");
    apply(&mut rec.fields, &w.chosen);
    rec.overall_confidence = overall_confidence(&rec.fields, required);
    let item = rec.record(tenant).to_item().expect("item");
    black_box(item);
    serde_json::to_vec(&rec.view(None)).expect("json")
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let iterations: usize = std::env::args()
        .skip_while(|a| a != "--iterations")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let tenant = TenantId::new();
    let input = PersonInput {
        email: Some("jane.doe@acme-labs.com".into()),
        ..PersonInput::default()
    };
    let required: Vec<String> = [
        "email",
        "full_name",
        "title",
        "company_name",
        "linkedin_url",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let body = one(&tenant, &input, &required);
    let mut enrich = Vec::new();
    let mut baseline = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        for _ in 0..iterations {
            black_box(one(&tenant, &input, &required));
        }
        enrich.push(t.elapsed().as_secs_f64() * 1e6 / iterations as f64);
        let t = Instant::now();
        for _ in 0..iterations {
            let v: serde_json::Value = serde_json::from_slice(black_box(&body)).expect("parse");
            black_box(serde_json::to_vec(&v).expect("json"));
        }
        baseline.push(t.elapsed().as_secs_f64() * 1e6 / iterations as f64);
    }
    let (e, b) = (median(enrich), median(baseline));
    println!("enrichment in-process: {e:.1} µs per enrichment (median of 7 x {iterations})");
    println!(
        "JSON round trip of the response ({} bytes): {b:.1} µs",
        body.len()
    );
    println!("ratio: {:.1}x a JSON round trip", e / b);
}
