//! The campaign engine's audience: contacts (unique per organisation by email), tags, and the links
//! between them, stored as an adjacency list with an inverted index (a contact's tags in its own
//! partition; a tag's members in GSI1, sharded) and exact, sharded per-tag counts moved in the
//! same transaction as the link.

pub mod audience;
pub mod contacts;
pub mod lifecycle;
pub mod suppression;
pub mod tags;
pub mod templates;

kernel::prefixed_id!(
    /// A contact (`con_…`).
    ContactId,
    "con"
);
