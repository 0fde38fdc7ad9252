//! Every SQS message body the campaign engine sends, in one place: the worker that sends one and
//! the worker that reads it use the same type. Version 1 of each; a field added later must have a
//! default, so a message queued before a deploy still reads.

use kernel::ids::TenantId;
use serde::{Deserialize, Serialize};

/// A fan-out message: which campaign to continue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fanout {
    pub tenant: TenantId,
    pub campaign_id: String,
}

/// A send message: recipients of one chunk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendChunk {
    pub tenant: TenantId,
    pub campaign_id: String,
    pub chunk: u64,
    pub contacts: Vec<String>,
}
