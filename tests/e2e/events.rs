//! Every sample event in events/ runs through its function's handler with the status its name promises
//! (`<case>-<status>.json`), so the files `cargo lambda invoke --data-file` uses stay valid.

use enrich_local::registry::Registry;
use enrich_tests::{workspace_root, TestStack};

#[tokio::test]
async fn every_sample_event_runs_through_its_handler() {
    let t = TestStack::start().await;
    let registry = Registry::new();
    let mut ran = 0;
    for dir in std::fs::read_dir(workspace_root().join("events")).unwrap() {
        let dir = dir.unwrap().path();
        let binary = dir.file_name().unwrap().to_string_lossy().into_owned();
        let handlers = registry
            .get(&binary)
            .unwrap_or_else(|| panic!("events/{binary} names no function"));
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let expected: u16 = stem
                .rsplit('-')
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("{} must be named <case>-<status>.json", file.display()));
            let text = std::fs::read_to_string(&file).unwrap();
            if let Some(authorize) = handlers.authorizer {
                // Authorizer events: 200 = an allow policy, 401 = API Gateway's "Unauthorized".
                let event: serde_json::Value = serde_json::from_str(&text).unwrap();
                let status = match authorize(t.state(), event).await {
                    Ok(_) => 200,
                    Err(e) if e.to_string() == "Unauthorized" => 401,
                    Err(_) => 500,
                };
                assert_eq!(status, expected, "{}", file.display());
                ran += 1;
                continue;
            }
            if let Some(sqs) = handlers.sqs {
                // SQS events: 200 = every message acknowledged (done, or a permanent failure
                // recorded), 500 = some message left for SQS to deliver again.
                let event: platform::worker::SqsEvent = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{} is not an SQS event: {e}", file.display()));
                let status = match sqs(t.state(), event).await {
                    Ok(r) if r.batch_item_failures.is_empty() => 200,
                    _ => 500,
                };
                assert_eq!(status, expected, "{}", file.display());
                ran += 1;
                continue;
            }
            if let Some(stream) = handlers.stream {
                // Stream events: 200 = every record done, 500 = a record to deliver again.
                let event: aws_lambda_events::dynamodb::Event = serde_json::from_str(&text)
                    .unwrap_or_else(|e| {
                        panic!("{} is not a DynamoDB stream event: {e}", file.display())
                    });
                let status = match stream(t.state(), event).await {
                    Ok(r) if r.batch_item_failures.is_empty() => 200,
                    _ => 500,
                };
                assert_eq!(status, expected, "{}", file.display());
                ran += 1;
                continue;
            }
            if let Some(schedule) = handlers.schedule {
                let event: serde_json::Value = serde_json::from_str(&text).unwrap();
                let status = if schedule(t.state(), event).await.is_ok() {
                    200
                } else {
                    500
                };
                assert_eq!(status, expected, "{}", file.display());
                ran += 1;
                continue;
            }
            let dispatch = handlers.http.expect("an HTTP function");
            let req = lambda_http::request::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not an API Gateway event: {e}", file.display()));
            let resp = platform::runtime::handle_http(t.state(), req, dispatch).await;
            assert_eq!(resp.status().as_u16(), expected, "{}", file.display());
            ran += 1;
        }
    }
    assert!(ran >= 3, "expected sample events, ran {ran}");
}
