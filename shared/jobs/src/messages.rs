//! Every SQS message body of bulk jobs, in one place: the function that sends one and the worker
//! that reads it share the type. Version 1 of each; a field added later must have a default, so a
//! message queued before a deploy still reads.

use kernel::ids::TenantId;
use serde::{Deserialize, Serialize};

/// The message the enrichment worker consumes: "run chunk n of this job". Producer (the jobs
/// function, and the worker releasing the next chunk) and consumer share this type. The records
/// themselves are stored ([`crate::model::ChunkInput`]), so a message is small and can be released later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobChunk {
    pub tenant: TenantId,
    pub job_id: String,
    pub chunk: u32,
}

/// The callback worker's message: deliver the callback of a finished job (attempt n).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobCallback {
    pub tenant: TenantId,
    pub job_id: String,
    pub attempt: u32,
}
