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
mod persist;
pub mod records;
mod save;
pub mod settings;

pub use engine::{CacheMode, CallSummary, Enrichment, RecordTally, Warning};
pub use flows::{
    complete_lookup, enrich_company, enrich_person, CompanyRequest, EnrichOutcome, PersonRequest,
};
pub use records::{EntityKind, EntityRecord, EntityView, SourceResult};

pub use options::{CommonOptions, Plan};

use kernel::ids::TenantId;
use platform::{ApiError, AppState};

/// Who asks for an operation, as the domain sees it: the tenant (always from the credentials), the
/// acting principal, the request id that ties calls and audit events together, and where the
/// request came from (for the audit log).
#[derive(Debug, Clone)]
pub struct Caller<'a> {
    pub tenant: &'a TenantId,
    pub actor: &'a str,
    pub request_id: &'a str,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl<'a> Caller<'a> {
    /// An enrichment acting for this caller.
    pub async fn enrichment(
        &self,
        state: &'a AppState,
        cache: CacheMode,
    ) -> Result<Enrichment<'a>, ApiError> {
        self.enrichment_reading(state, cache, &[]).await
    }

    /// An enrichment that reads `early` (a lookup's markers) with its settings.
    pub async fn enrichment_reading(
        &self,
        state: &'a AppState,
        cache: CacheMode,
        early: &[store::Key],
    ) -> Result<Enrichment<'a>, ApiError> {
        Enrichment::start_reading(
            state,
            self.tenant,
            Some(self.actor.to_owned()),
            self.request_id.to_owned(),
            cache,
            early,
        )
        .await
    }
}
