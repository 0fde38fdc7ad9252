//! The local SQS event source mapping against moto's SQS: partial batch failures stay on the queue.

use aws_lambda_events::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use enrich_local::pump::{pump_once, QueueBinding};
use enrich_tests::TestStack;
use platform::runtime::{BoxFuture, WorkerError};
use platform::AppState;

/// Fails every message whose body contains "fail".
fn failing_worker(
    _state: &AppState,
    event: SqsEvent,
) -> BoxFuture<'_, Result<SqsBatchResponse, WorkerError>> {
    Box::pin(async move {
        let mut resp = SqsBatchResponse::default();
        for record in event.records {
            if record.body.as_deref().is_some_and(|b| b.contains("fail")) {
                let mut f = BatchItemFailure::default();
                f.item_identifier = record.message_id.unwrap_or_default();
                resp.batch_item_failures.push(f);
            }
        }
        Ok(resp)
    })
}

fn erroring_worker(
    _state: &AppState,
    _event: SqsEvent,
) -> BoxFuture<'_, Result<SqsBatchResponse, WorkerError>> {
    Box::pin(async { Err("boom".into()) })
}

/// Sends `bodies` to a template queue and returns its URL and ARN.
async fn fill(t: &TestStack, queue: &str, bodies: &[&str]) -> (String, String) {
    let url = t.stack.queue_url(queue).unwrap().to_owned();
    let arn = t.stack.queue_arn(queue).unwrap().to_owned();
    for body in bodies {
        t.stack
            .sqs
            .send_message()
            .queue_url(&url)
            .message_body(*body)
            .send()
            .await
            .unwrap();
    }
    (url, arn)
}

fn binding<'a>(url: &'a str, arn: &'a str) -> QueueBinding<'a> {
    QueueBinding {
        wait_seconds: 0,
        ..QueueBinding::new(url, arn, "ProbeFunction")
    }
}

#[tokio::test]
async fn partial_batch_failures_are_retried_and_the_rest_deleted() {
    let t = TestStack::start().await;
    let (url, arn) = fill(&t, "EnrichmentQueue", &["ok-1", "fail-2", "ok-3"]).await;
    let out = pump_once(
        &t.stack.sqs,
        t.state(),
        &binding(&url, &arn),
        failing_worker,
    )
    .await
    .unwrap();
    assert_eq!((out.received, out.deleted, out.retried), (3, 2, 1));
    // The failed message is in flight until its visibility timeout, then visible again.
    assert_eq!(t.queue_depth(&url).await, (0, 1));
}

#[tokio::test]
async fn a_worker_error_keeps_the_whole_batch() {
    let t = TestStack::start().await;
    let (url, arn) = fill(&t, "WebhookQueue", &["a", "b"]).await;
    let out = pump_once(
        &t.stack.sqs,
        t.state(),
        &binding(&url, &arn),
        erroring_worker,
    )
    .await
    .unwrap();
    assert_eq!((out.received, out.deleted, out.retried), (2, 0, 2));
    assert_eq!(t.queue_depth(&url).await, (0, 2));
}

#[tokio::test]
async fn queues_get_the_templates_redrive_policy() {
    let t = TestStack::start().await;
    let url = t.stack.queue_url("CampaignQueue").unwrap();
    let attrs = t
        .stack
        .sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::All)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap();
    let redrive: serde_json::Value =
        serde_json::from_str(&attrs[&aws_sdk_sqs::types::QueueAttributeName::RedrivePolicy])
            .unwrap();
    assert_eq!(
        redrive["deadLetterTargetArn"],
        t.stack.queue_arn("CampaignDLQ").unwrap()
    );
    assert_eq!(
        redrive["maxReceiveCount"].to_string().trim_matches('"'),
        "5"
    );
    // 6 x the fan-out function's 120 s timeout.
    assert_eq!(
        attrs[&aws_sdk_sqs::types::QueueAttributeName::VisibilityTimeout],
        "720"
    );
}

/// Sleeps 3 s per batch, noting each message it starts on; honours nothing (a runaway worker).
static STARTED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn slow_worker(
    _state: &AppState,
    event: SqsEvent,
) -> BoxFuture<'_, Result<SqsBatchResponse, WorkerError>> {
    Box::pin(async move {
        let deadline = platform::worker::invocation_deadline();
        assert!(
            deadline.is_some(),
            "the pump gives each invocation its deadline"
        );
        for r in &event.records {
            STARTED
                .lock()
                .unwrap()
                .push(r.body.clone().unwrap_or_default());
        }
        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        Ok(SqsBatchResponse::default())
    })
}

/// Lambda stops an invocation at its timeout: nothing of its batch is deleted, and the messages
/// come back after the visibility timeout (scaled down here).
#[tokio::test]
async fn an_invocation_past_its_timeout_is_stopped_and_its_messages_come_back() {
    let t = TestStack::start_faulty(&[], Some(Default::default()), (1.0, 0.001)).await;
    let (url, arn) = fill(&t, "WebhookQueue", &["timeout-probe"]).await;
    let b = QueueBinding {
        timeout: std::time::Duration::from_millis(500),
        ..binding(&url, &arn)
    };
    let out = pump_once(&t.stack.sqs, t.state(), &b, slow_worker)
        .await
        .unwrap();
    assert_eq!((out.received, out.deleted, out.stopped), (1, 0, 1));
    // Visibility 360 s x 0.001 → 1 s: the message is back.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(t.queue_depth(&url).await, (1, 0));
}

/// An armed kill stops the function's next invocation mid-work, like a crashed sandbox.
#[tokio::test]
async fn an_armed_kill_stops_the_next_invocation() {
    let t = TestStack::start_faulty(&[], Some(Default::default()), (1.0, 0.001)).await;
    let faults = t.stack.faults.clone().unwrap();
    faults.arm_kill("ProbeFunction", std::time::Duration::from_millis(100));
    let (url, arn) = fill(&t, "WebhookQueue", &["kill-probe"]).await;
    let b = QueueBinding {
        faults: Some(&faults),
        ..binding(&url, &arn)
    };
    let out = pump_once(&t.stack.sqs, t.state(), &b, slow_worker)
        .await
        .unwrap();
    assert_eq!((out.deleted, out.stopped), (0, 1));
    assert_eq!(faults.injected().get("kill"), Some(&1));
    assert!(!faults.kill_pending("ProbeFunction"));
}

/// SQS's duplicate delivery: with every message duplicated, each is handled by two invocations at
/// once, and deleted once.
#[tokio::test]
async fn a_duplicated_delivery_runs_twice_at_once_and_is_deleted_once() {
    let t = TestStack::start_faulty(&[], Some(Default::default()), (1.0, 1.0)).await;
    let faults = t.stack.faults.clone().unwrap();
    faults.set_plan(enrich_local::faults::FaultPlan {
        duplicate: 1.0,
        ..Default::default()
    });
    let (url, arn) = fill(&t, "WebhookQueue", &["dup-a", "dup-b"]).await;
    let b = QueueBinding {
        faults: Some(&faults),
        ..binding(&url, &arn)
    };
    let started = std::time::Instant::now();
    let mut received = 0;
    while received < 2 {
        received += pump_once(&t.stack.sqs, t.state(), &b, slow_worker)
            .await
            .unwrap()
            .received;
    }
    let seen = STARTED.lock().unwrap().clone();
    for body in ["dup-a", "dup-b"] {
        assert_eq!(seen.iter().filter(|s| *s == body).count(), 2, "{seen:?}");
    }
    // The copies ran at the same time (3 s each), not one after the other.
    assert!(started.elapsed() < std::time::Duration::from_secs(6 * received as u64));
    assert_eq!(t.queue_depth(&url).await, (0, 0));
}

/// The fault layer fails single entries of a `SendMessageBatch` (not sent, listed as failed with a
/// 200), and `platform::queue` sends them again: every message arrives once.
#[tokio::test]
async fn failed_batch_entries_are_sent_again_and_arrive_once() {
    let t = TestStack::start_faulty(&[], Some(Default::default()), (1.0, 1.0)).await;
    let faults = t.stack.faults.clone().unwrap();
    faults.set_plan(enrich_local::faults::FaultPlan {
        seed: 5,
        batch_entry_failure: 0.4,
        ..Default::default()
    });
    let state = &t
        .stack
        .function("JobsFunction")
        .expect("the jobs function")
        .state;
    let url = t.stack.queue_url("WebhookQueue").unwrap().to_owned();
    let q = platform::queue::named(state, Some(&url), "WEBHOOK_QUEUE_URL")
        .await
        .unwrap();
    let messages: Vec<platform::queue::Outgoing> = (0..10)
        .map(|i| platform::queue::Outgoing::json(&serde_json::json!({"n": i}), "t").unwrap())
        .collect();
    platform::queue::send_all(&q, messages).await.unwrap();
    let failed = faults
        .injected()
        .get("AmazonSQS.SendMessageBatch:entry_failed")
        .copied()
        .unwrap_or(0);
    assert!(failed > 0, "entries were failed: {:?}", faults.injected());
    assert_eq!(t.queue_depth(&url).await, (10, 0), "each message once");
}
