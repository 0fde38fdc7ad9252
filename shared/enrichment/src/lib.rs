//! Enrichment: the waterfall over providers, the merge with per-field provenance, and the stored
//! people and companies it produces. Shared by the HTTP functions and (later) the bulk worker.

pub mod api;
pub mod engine;
pub mod erasure;
pub mod flows;
pub mod input;
pub mod lookups;
pub mod merge;
pub mod patch;
pub mod records;
pub mod settings;

pub use engine::{CacheMode, CallSummary, Session, Warning};
pub use flows::{
    complete_lookup, enrich_company, enrich_person, CompanyRequest, Outcome, PersonRequest,
};
pub use records::{EntityKind, EntityRecord, EntityView, SourceResult};
