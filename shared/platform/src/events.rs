//! Publishing to the platform's event bus (`EVENT_BUS_NAME`): job, credit and quota events that
//! partner webhooks deliver. Behind the `events` feature, so only the crates that publish link the
//! EventBridge SDK; the client is built on first use and kept for the container.

use crate::state::AppState;
use kernel::error::ApiError;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug)]
struct EventsPart(aws_sdk_eventbridge::Client);

async fn client(state: &AppState) -> Result<aws_sdk_eventbridge::Client, ApiError> {
    let part: Arc<EventsPart> = state
        .part(|| async {
            Ok(EventsPart(crate::aws_client!(
                aws_sdk_eventbridge,
                state.aws.sdk_base()
            )))
        })
        .await?;
    Ok(part.0.clone())
}

/// One event on the bus. `Ok(false)` when no bus is configured (logged): events are then not
/// published, which is a deployment choice, not a failure. A refused entry is a retryable 503.
pub async fn publish<T: Serialize>(
    state: &AppState,
    source: &str,
    detail_type: &str,
    detail: &T,
    resource: &str,
) -> Result<bool, ApiError> {
    let Some(bus) = state.config.var("EVENT_BUS_NAME") else {
        tracing::warn!(
            detail_type,
            "EVENT_BUS_NAME is not configured; the event is not published"
        );
        return Ok(false);
    };
    let detail = serde_json::to_string(detail).map_err(ApiError::internal)?;
    let entry = aws_sdk_eventbridge::types::PutEventsRequestEntry::builder()
        .event_bus_name(bus)
        .source(source)
        .detail_type(detail_type)
        .detail(detail)
        .resources(resource)
        .build();
    let out = client(state)
        .await?
        .put_events()
        .entries(entry)
        .send()
        .await
        .map_err(|e| ApiError::Unavailable {
            detail: format!("the event bus is unavailable: {}", e.into_service_error()),
            retry_after_secs: Some(5),
        })?;
    if out.failed_entry_count() > 0 {
        return Err(ApiError::Unavailable {
            detail: format!("the event bus refused the {detail_type} event"),
            retry_after_secs: Some(5),
        });
    }
    Ok(true)
}
