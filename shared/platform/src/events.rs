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

/// One entry for [`put_all`].
#[derive(Debug, Clone)]
pub struct BusEvent {
    pub source: &'static str,
    pub detail_type: String,
    /// The JSON detail, serialised once.
    pub detail: String,
}

/// PutEvents takes at most 10 entries per call.
pub const PUT_EVENTS_MAX: usize = 10;

/// Puts every event on the bus in calls of at most ten, retrying entries the bus refused (a
/// partial failure is normal: throttling, an internal error) with backoff while the invocation
/// has time. Returns the indexes of the events still not accepted, for the caller to report as
/// failed (so they are delivered again), never to drop. Without a configured bus nothing is
/// published (a deployment choice, logged) and nothing is reported.
pub async fn put_all(state: &AppState, events: &[BusEvent]) -> Result<Vec<usize>, ApiError> {
    let Some(bus) = state.config.var("EVENT_BUS_NAME") else {
        tracing::warn!(
            count = events.len(),
            "EVENT_BUS_NAME is not configured; events are not published"
        );
        return Ok(Vec::new());
    };
    let bus = bus.to_owned();
    let eb = client(state).await?;
    let mut pending: Vec<usize> = (0..events.len()).collect();
    let mut delay = std::time::Duration::from_millis(100);
    for round in 0..5 {
        let mut still = Vec::new();
        for chunk in pending.chunks(PUT_EVENTS_MAX) {
            let entries: Vec<_> = chunk
                .iter()
                .map(|&i| {
                    let e = &events[i];
                    aws_sdk_eventbridge::types::PutEventsRequestEntry::builder()
                        .event_bus_name(&bus)
                        .source(e.source)
                        .detail_type(&e.detail_type)
                        .detail(&e.detail)
                        .build()
                })
                .collect();
            match eb.put_events().set_entries(Some(entries)).send().await {
                Err(e) => {
                    tracing::warn!(error = %e.into_service_error(), round, "PutEvents failed");
                    still.extend_from_slice(chunk);
                }
                Ok(out) => {
                    // Entries answer in request order; a failed one carries an error code.
                    let answers = out.entries();
                    for (pos, &i) in chunk.iter().enumerate() {
                        let refused = answers
                            .get(pos)
                            .is_none_or(|a| a.error_code().is_some() || a.event_id().is_none());
                        if refused {
                            still.push(i);
                        }
                    }
                }
            }
        }
        pending = still;
        if pending.is_empty() {
            break;
        }
        let time_left = crate::worker::invocation_deadline()
            .map(|d| d.saturating_duration_since(std::time::Instant::now()))
            .unwrap_or(std::time::Duration::from_secs(60));
        if time_left < delay + crate::worker::DEADLINE_MARGIN {
            break;
        }
        tokio::time::sleep(delay).await;
        delay *= 3;
    }
    Ok(pending)
}
