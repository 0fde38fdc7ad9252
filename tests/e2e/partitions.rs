//! Partitions that scale: a tenant's bulk enrichment spreads its writes over many partition keys,
//! and the sharded lists still page in order with signed cursors.

use enrich_tests::TestStack;
use futures::stream::{self, StreamExt};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const PEOPLE: usize = 500;

#[tokio::test]
async fn a_bulk_of_500_people_puts_at_most_5_percent_on_any_partition_key() {
    let t = TestStack::start().await;
    let a = t.register("spread").await;
    let statuses: Vec<u16> = stream::iter(0..PEOPLE)
        .map(|i| {
            let (t, a) = (&t, &a);
            async move {
                let email = format!("person.{i:04}@spread-{}.example", i % 37);
                t.call(
                    a,
                    Method::POST,
                    "/v1/people/enrich",
                    Some(json!({"email": email})),
                )
                .await
                .0
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");

    // Every item the tenant wrote, counted under each partition key it occupies (table and GSIs).
    let items = t.scan_table().await;
    let tenant_prefix = format!("TEN#{}", a.tenant_id);
    let mine: Vec<_> = items
        .iter()
        .filter(|i| {
            i["PK"]
                .as_s()
                .is_ok_and(|pk| pk.starts_with(&tenant_prefix))
        })
        .collect();
    let mut per_key: BTreeMap<String, usize> = BTreeMap::new();
    for item in &mine {
        for attr in ["PK", "GSI1PK", "GSI2PK"] {
            if let Some(Ok(pk)) = item.get(attr).map(|v| v.as_s()) {
                *per_key.entry(format!("{attr}={pk}")).or_default() += 1;
            }
        }
    }
    let total = mine.len();
    assert!(
        total >= PEOPLE * 4,
        "records, markers, sources, cache, call log: {total}"
    );
    let (hottest, count) = per_key.iter().max_by_key(|(_, c)| **c).unwrap();
    let share = *count as f64 / total as f64;
    assert!(
        share <= 0.05,
        "{hottest} holds {count} of {total} items ({:.1}%)",
        share * 100.0
    );
    println!(
        "items written: {total}; partition keys: {}; hottest: {hottest} with {count} ({:.2}%)",
        per_key.len(),
        share * 100.0
    );

    // The sharded people list pages through all 500 in creation order, 100 a page.
    let mut seen: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/people?limit=100&cursor={c}"),
            None => "/v1/people?limit=100".to_owned(),
        };
        let (status, page) = t.call(&a, Method::GET, &path, None).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
        assert!(pages < 20, "paging does not end");
    }
    assert_eq!(seen.len(), PEOPLE);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "ids in creation order, each once");

    // Its cursor is signed and bound to this list and tenant.
    let (_, first) = t.call(&a, Method::GET, "/v1/people?limit=10", None).await;
    let c = first["next_cursor"].as_str().unwrap().to_owned();
    let forged = format!("{}x", c);
    let (status, _) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/people?cursor={forged}"),
            None,
        )
        .await;
    assert_eq!(status, 422);
    let other = t.register("other").await;
    let (status, _) = t
        .call(&other, Method::GET, &format!("/v1/people?cursor={c}"), None)
        .await;
    assert_eq!(status, 422, "another tenant's cursor");
    let (status, _) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/providers/calls?cursor={c}"),
            None,
        )
        .await;
    assert_eq!(status, 422, "another list's cursor");

    // The call log (also sharded) pages newest first.
    let (_, calls) = t
        .call(&a, Method::GET, "/v1/providers/calls?limit=50", None)
        .await;
    let ats: Vec<&str> = calls["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c: &Value| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ats.len(), 50);
    assert!(ats.windows(2).all(|w| w[0] > w[1]), "newest first: {ats:?}");
}
