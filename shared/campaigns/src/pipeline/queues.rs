//! The pipeline's two queues and the messages it puts on them.

use crate::messages::Fanout;
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::queue::{Outgoing, Queue};
use platform::AppState;

pub(crate) async fn fanout_queue(state: &AppState) -> Result<Queue, ApiError> {
    platform::queue::named(
        state,
        state.config.queues.campaigns.as_deref(),
        "CAMPAIGN_QUEUE_URL",
    )
    .await
}

pub(crate) async fn send_queue(state: &AppState) -> Result<Queue, ApiError> {
    platform::queue::named(
        state,
        state.config.queues.sends.as_deref(),
        "SEND_QUEUE_URL",
    )
    .await
}

pub(crate) fn fanout_message(tenant: &TenantId, id: &str) -> Result<Outgoing, ApiError> {
    Outgoing::json(
        &Fanout {
            tenant: tenant.clone(),
            campaign_id: id.to_owned(),
        },
        tenant.as_str(),
    )
}
