//! The worker runtime (`platform::worker`) driven through moto's SQS by the local pump, exactly as the
//! Lambda event source mapping drives it: success, a retryable failure redelivered, a permanent
//! failure recorded and not redelivered, a mixed batch, and the concurrency bound.

use aws_lambda_events::sqs::{SqsEvent, SqsMessage};
use aws_sdk_sqs::types::QueueAttributeName as A;
use enrich_local::pump::{pump_once, PumpOutcome, QueueBinding};
use enrich_tests::TestStack;
use platform::worker::{process_batch, Delivery, MessageError};
use platform::AppState;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// The test-only message: what the handler should do with it.
#[derive(Debug, Deserialize)]
struct Probe {
    run: String,
    n: u32,
    /// `ok`, `retry` (always retryable), `retry_once` (retryable on the first delivery only),
    /// `permanent`.
    outcome: String,
}

/// (n, receive count) of each handled message of one test run.
type Handled = Vec<(u32, u32)>;

/// Every handled message, by test run.
static SEEN: Mutex<Option<HashMap<String, Handled>>> = Mutex::new(None);

fn seen(run: &str) -> Vec<(u32, u32)> {
    let mut v = SEEN
        .lock()
        .unwrap()
        .as_ref()
        .and_then(|m| m.get(run).cloned())
        .unwrap_or_default();
    v.sort_unstable();
    v
}

async fn handle_probe(
    _state: &AppState,
    probe: Probe,
    delivery: Delivery,
) -> Result<(), MessageError> {
    SEEN.lock()
        .unwrap()
        .get_or_insert_with(HashMap::new)
        .entry(probe.run.clone())
        .or_default()
        .push((probe.n, delivery.receive_count));
    match probe.outcome.as_str() {
        "ok" => Ok(()),
        "retry" => Err(MessageError::Retryable("dependency unavailable".into())),
        "retry_once" if delivery.receive_count < 2 => {
            Err(MessageError::Retryable("first try fails".into()))
        }
        "retry_once" => Ok(()),
        _ => Err(MessageError::Permanent("refers to nothing".into())),
    }
}

mod probe_worker {
    platform::sqs_worker!(super::Probe, super::handle_probe, concurrency = 4);
}

/// A queue of this test's own with a 1-second visibility timeout (so redelivery is quick) and a DLQ
/// after 3 receives. Returns (url, arn, dlq url).
async fn queue(t: &TestStack, name: &str) -> (String, String, String) {
    let sqs = &t.stack.sqs;
    let dlq = sqs
        .create_queue()
        .queue_name(format!("{name}-dlq"))
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let dlq_arn = t.queue_arn(&dlq).await;
    let url = sqs
        .create_queue()
        .queue_name(name)
        .attributes(A::VisibilityTimeout, "1")
        .attributes(
            A::RedrivePolicy,
            format!(r#"{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":"3"}}"#),
        )
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let arn = t.queue_arn(&url).await;
    (url, arn, dlq)
}

async fn send(t: &TestStack, url: &str, bodies: &[String]) {
    for body in bodies {
        t.stack
            .sqs
            .send_message()
            .queue_url(url)
            .message_body(body)
            .send()
            .await
            .unwrap();
    }
}

fn probe(run: &str, n: u32, outcome: &str) -> String {
    serde_json::json!({"run": run, "n": n, "outcome": outcome}).to_string()
}

async fn pump(t: &TestStack, url: &str, arn: &str) -> PumpOutcome {
    let binding = QueueBinding {
        wait_seconds: 0,
        ..QueueBinding::new(url, arn, "ProbeFunction")
    };
    pump_once(&t.stack.sqs, t.state(), &binding, probe_worker::dispatch)
        .await
        .unwrap()
}

fn run_id() -> String {
    ulid::Ulid::new().to_string().to_lowercase()
}

#[tokio::test]
async fn successes_are_acknowledged_once() {
    let t = TestStack::start().await;
    let (url, arn, _) = queue(&t, "probe-ok").await;
    let run = run_id();
    send(&t, &url, &[probe(&run, 1, "ok"), probe(&run, 2, "ok")]).await;
    let out = pump(&t, &url, &arn).await;
    assert_eq!((out.received, out.deleted, out.retried), (2, 2, 0));
    assert_eq!(seen(&run), vec![(1, 1), (2, 1)]);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(t.queue_depth(&url).await, (0, 0), "nothing comes back");
}

#[tokio::test]
async fn a_retryable_failure_is_delivered_again() {
    let t = TestStack::start().await;
    let (url, arn, _) = queue(&t, "probe-retry").await;
    let run = run_id();
    send(&t, &url, &[probe(&run, 1, "retry_once")]).await;
    let first = pump(&t, &url, &arn).await;
    assert_eq!((first.deleted, first.retried), (0, 1));
    assert_eq!(
        t.queue_depth(&url).await,
        (0, 1),
        "in flight until the visibility timeout"
    );
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let second = pump(&t, &url, &arn).await;
    assert_eq!((second.received, second.deleted), (1, 1));
    assert_eq!(
        seen(&run),
        vec![(1, 1), (1, 2)],
        "the second delivery says so"
    );
    assert_eq!(t.queue_depth(&url).await, (0, 0));
}

#[tokio::test]
async fn a_permanent_failure_is_recorded_and_not_delivered_again() {
    let t = TestStack::start().await;
    let (url, arn, dlq) = queue(&t, "probe-permanent").await;
    let run = run_id();
    send(&t, &url, &[probe(&run, 1, "permanent")]).await;
    let out = pump(&t, &url, &arn).await;
    assert_eq!((out.deleted, out.retried), (1, 0), "acknowledged");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let again = pump(&t, &url, &arn).await;
    assert_eq!(again.received, 0, "never delivered again");
    assert_eq!(t.queue_depth(&dlq).await, (0, 0), "and not sent to the DLQ");
    assert_eq!(seen(&run), vec![(1, 1)]);
    // The failure is on record for operators, with its reason and without the body.
    let items = t.scan_table().await;
    let failed: Vec<_> = items
        .iter()
        .filter(|i| {
            i.get("entity")
                .and_then(|v| v.as_s().ok())
                .map(String::as_str)
                == Some("FAILED_MESSAGE")
        })
        .collect();
    assert_eq!(failed.len(), 1, "{items:?}");
    let reason = failed[0]["reason"].as_s().unwrap();
    assert!(reason.contains("refers to nothing"), "{reason}");
    assert_eq!(failed[0]["queue"].as_s().unwrap(), "probe-permanent");
    assert!(
        !format!("{:?}", failed[0]).contains(&run),
        "the body is not kept"
    );
}

#[tokio::test]
async fn a_mixed_batch_retries_only_what_can_succeed() {
    let t = TestStack::start().await;
    let (url, arn, dlq) = queue(&t, "probe-mixed").await;
    let run = run_id();
    send(
        &t,
        &url,
        &[
            probe(&run, 1, "ok"),
            probe(&run, 2, "retry"),
            probe(&run, 3, "permanent"),
            "{not json".to_owned(),
            probe(&run, 5, "ok"),
        ],
    )
    .await;
    let out = pump(&t, &url, &arn).await;
    assert_eq!((out.received, out.deleted, out.retried), (5, 4, 1));
    assert_eq!(seen(&run), vec![(1, 1), (2, 1), (3, 1), (5, 1)]);
    // The always-failing one is redelivered until the redrive policy moves it to the DLQ.
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(1100)).await;
        pump(&t, &url, &arn).await;
    }
    let tries: Vec<u32> = seen(&run)
        .into_iter()
        .filter(|(n, _)| *n == 2)
        .map(|(_, c)| c)
        .collect();
    assert_eq!(tries, vec![1, 2, 3], "three receives, then the DLQ");
    assert_eq!(t.queue_depth(&url).await, (0, 0));
    assert_eq!(
        t.queue_depth(&dlq).await.0,
        1,
        "only the retryable one reaches the DLQ"
    );
}

#[tokio::test]
async fn a_batch_runs_at_most_its_concurrency_at_once() {
    let t = TestStack::start().await;
    static NOW: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);
    async fn slow(_s: &AppState, _m: serde_json::Value, _d: Delivery) -> Result<(), MessageError> {
        let now = NOW.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        NOW.fetch_sub(1, Ordering::SeqCst);
        Ok(())
    }
    let mut event = SqsEvent::default();
    for i in 0..10 {
        let mut m = SqsMessage::default();
        m.message_id = Some(format!("m{i}"));
        m.body = Some("{}".into());
        event.records.push(m);
    }
    let resp = process_batch(t.state(), event, 3, slow).await;
    assert!(resp.batch_item_failures.is_empty());
    assert_eq!(PEAK.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_schedule_gets_its_typed_input_and_a_bad_input_is_an_error() {
    #[derive(Deserialize)]
    struct Sweep {
        older_than_secs: u64,
    }
    static GOT: AtomicUsize = AtomicUsize::new(0);
    async fn sweep(_s: &AppState, input: Sweep) -> Result<(), MessageError> {
        GOT.store(input.older_than_secs as usize, Ordering::SeqCst);
        Ok(())
    }
    let t = TestStack::start().await;
    platform::worker::schedule(
        t.state(),
        serde_json::json!({"older_than_secs": 900}),
        sweep,
    )
    .await
    .unwrap();
    assert_eq!(GOT.load(Ordering::SeqCst), 900);
    let bad =
        platform::worker::schedule(t.state(), serde_json::json!({"older_than": "soon"}), sweep)
            .await;
    assert!(bad.is_err());
}
