//! The campaign engine. Its audience: contacts (unique per organisation by email), tags, and the
//! links between them, stored as an adjacency list with an inverted index (a contact's tags in its
//! own partition; a tag's members in GSI1, sharded) and exact, sharded per-tag counts moved in the
//! same transaction as the link. Its content: templates. Its sending: campaigns (listmonk's state
//! machine), sending profiles (SES, MailWizz) with throttles and warm-up, and the SQS pipeline.

pub mod audience;
pub mod campaign;
pub mod contacts;
pub mod delivery;
pub mod events;
pub mod inbound;
pub mod lifecycle;
pub mod messages;
pub mod persist;
pub mod pipeline;
pub mod senders;
pub mod sources;
pub mod subjects;
pub mod suppression;
pub mod tags;
pub mod templates;
pub mod throttle;
pub mod transport;
pub mod validation;
pub mod warmup;

kernel::prefixed_id!(
    /// A contact (`con_…`).
    ContactId,
    "con"
);
