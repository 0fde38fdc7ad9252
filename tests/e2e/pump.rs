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
