//! The background side of campaigns, five Lambda functions from one crate:
//! - `campaign-fanout` (campaign queue): resolves a campaign's audience page by page and queues
//!   recipient chunks, see `campaigns::pipeline`. One message at a time per invocation: a fan-out
//!   is sequential by design (its checkpoint).
//! - `campaign-send` (send queue): renders and sends one chunk per message; up to 4 chunks of a
//!   batch at once, 8 messages of a chunk in flight.
//! - `campaign-sweep` (EventBridge, every minute): starts scheduled campaigns whose time has come
//!   and queues chunks parked until now.
//! - `sender-warmup` (EventBridge, hourly; each plan steps once per UTC day): its next cap.
//! - `delivery-events` (EventBridge rule on SES bounces and complaints): suppression, contact
//!   status and the sending day's counts, see `campaigns::delivery`.

/// The fan-out worker's batch handler.
pub mod fanout {
    platform::sqs_worker!(
        campaigns::pipeline::Fanout,
        campaigns::pipeline::handle_fanout,
        concurrency = 1
    );
}

/// The send worker's batch handler.
pub mod sends {
    platform::sqs_worker!(
        campaigns::pipeline::SendChunk,
        campaigns::pipeline::handle_chunk,
        concurrency = 4
    );
}

/// The minute sweep (its input is not read).
pub fn sweep(
    state: &platform::AppState,
    input: serde_json::Value,
) -> platform::runtime::BoxFuture<'_, Result<(), platform::runtime::WorkerError>> {
    platform::worker::schedule(state, input, |state, _: serde_json::Value| async move {
        let acted =
            campaigns::pipeline::sweep_due(state, platform::worker::invocation_deadline()).await?;
        tracing::info!(acted, "campaign sweep");
        Ok(())
    })
}

/// The daily warm-up step (its input is not read).
pub fn warmup(
    state: &platform::AppState,
    input: serde_json::Value,
) -> platform::runtime::BoxFuture<'_, Result<(), platform::runtime::WorkerError>> {
    platform::worker::schedule(state, input, |state, _: serde_json::Value| async move {
        let changed = campaigns::warmup::step_all(state).await?;
        tracing::info!(changed, "warm-up step");
        Ok(())
    })
}

/// One SES delivery event (an EventBridge rule's target; a malformed event is an error Lambda
/// records).
pub fn delivery_events(
    state: &platform::AppState,
    input: serde_json::Value,
) -> platform::runtime::BoxFuture<'_, Result<(), platform::runtime::WorkerError>> {
    platform::worker::schedule(
        state,
        input,
        |state, event: campaigns::delivery::SesEvent| async move {
            let applied = campaigns::delivery::apply(state, &event).await?;
            tracing::info!(?applied, "delivery event");
            Ok(())
        },
    )
}
