//! The campaign engine's persistence modules, one per aggregate part: the only code that knows
//! their keys, entity tags, attribute names and expressions (moved here aggregate by aggregate;
//! `infra/persistence-pending` lists the files still to move).

pub mod campaign;
pub mod contact;
pub mod events;
pub mod inbound;
pub mod manifest;
pub mod parked;
pub mod profile;
pub mod progress;
pub mod send;
pub mod source;
pub mod suppression;
pub mod template;
pub mod validation;
