//! Enrichment: the waterfall over providers, the merge with per-field provenance, and the stored
//! people and companies it produces. No HTTP here: the HTTP functions (through `enrichment-http`)
//! and the workers call the same operations with a [`Caller`].

pub mod engine;
pub mod entities;
pub mod erasure;
pub mod export;
pub mod flows;
pub mod input;
pub mod lookups;
pub mod merge;
pub mod options;
pub mod patch;
pub mod performance;
mod persist;
pub mod policy;
pub mod prospecting;
pub use persist::entity_images;
pub mod records;
pub mod refresh;
mod save;
pub mod settings;

pub use engine::{CacheMode, CallSummary, Enrichment, RecordTally, Warning};
pub use flows::{
    complete_lookup, enrich_company, enrich_person, CompanyRequest, EnrichOutcome, PersonRequest,
};
pub use records::{
    CompanyRecord, EntityKind, EntityRecord, EntityView, PersonRecord, SourceResult,
};

pub use options::{CommonOptions, Plan};

use platform::{ApiError, AppState};

/// Who asks for an operation: the platform's one caller type.
pub use platform::Caller;

/// An enrichment acting for `caller`.
pub async fn enrichment<'a>(
    state: &'a AppState,
    caller: &Caller<'a>,
    cache: CacheMode,
) -> Result<Enrichment<'a>, ApiError> {
    enrichment_reading(state, caller, cache, &[]).await
}

/// An enrichment acting for `caller` that reads `early` (a lookup's markers) with its settings.
pub async fn enrichment_reading<'a>(
    state: &'a AppState,
    caller: &Caller<'a>,
    cache: CacheMode,
    early: &[store::Key],
) -> Result<Enrichment<'a>, ApiError> {
    Enrichment::start_reading(
        state,
        caller.tenant,
        Some(caller.actor.to_owned()),
        caller.request_id.to_owned(),
        cache,
        early,
    )
    .await
}
