//! Stored people and companies, their per-source results and the markers that de-duplicate them.

use crate::merge::Provenance;
use kernel::ids::TenantId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use store::{keys, Key};

kernel::prefixed_id!(
    /// A person (`per_…`).
    PersonId,
    "per"
);
kernel::prefixed_id!(
    /// A company (`com_…`).
    CompanyId,
    "com"
);

pub const PERSON: &str = "PERSON";
pub const COMPANY: &str = "COMPANY";
pub const SOURCE: &str = "SOURCE";
pub const MATCH: &str = "MATCH";

/// Which kind of entity a record is; keys and markers are derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Company,
}

impl EntityKind {
    /// The store's name for this kind (keys are built only in `store::keys`).
    pub fn key_kind(self) -> keys::EntityKind {
        match self {
            Self::Person => keys::EntityKind::Person,
            Self::Company => keys::EntityKind::Company,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Self::Person => PERSON,
            Self::Company => COMPANY,
        }
    }
}

/// A person or company with its merged fields. One shape for both: the field lists differ, the
/// rules (provenance, user edits, sources, erasure) do not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    pub id: String,
    pub kind: EntityKind,
    pub fields: BTreeMap<String, Provenance>,
    /// People: the company they work for, when known.
    pub company_id: Option<String>,
    pub overall_confidence: f64,
    /// Providers whose values the record holds.
    pub data_sources: Vec<String>,
    pub last_enriched_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
    /// Match markers this record owns (`email:…`, `linkedin:…`, `domain:…`, `tax_id:…`).
    #[serde(default)]
    pub match_keys: Vec<String>,
    /// Sort keys of cache entries made while enriching it, so erasure can remove them.
    #[serde(default)]
    pub cache_keys: Vec<String>,
    /// Asynchronous lookups still running: provider → lookup id.
    #[serde(default)]
    pub pending: BTreeMap<String, String>,
    /// The fields the overall confidence is measured over.
    #[serde(default)]
    pub required: Vec<String>,
    /// The bulk jobs that enriched it, oldest first (the last [`JOBS_KEPT`]).
    #[serde(default)]
    pub jobs: Vec<String>,
    /// Companies: the search facets it is indexed under (see [`EntityRecord::derived_facets`]).
    #[serde(default)]
    pub facet_keys: Vec<String>,
    /// Scheduled re-enrichment keeps it fresh (within the organisation's refresh budget).
    #[serde(default)]
    pub watched: bool,
    /// Field → when it turns stale (epoch s), under the freshness policy in force when the record
    /// was last written (see [`EntityRecord::apply_policy`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_due: BTreeMap<String, i64>,
    /// When the record is next due for a refresh (epoch s): its due index position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<i64>,
    /// When a scheduled refresh last tried it (epoch s): a refresh that could not renew a stale
    /// field is not tried again for [`crate::policy::REFRESH_RETRY_SECS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_tried_at: Option<i64>,
}

/// A company's size band (employees), as the stored companies' search names it.
pub const SIZE_BANDS: [&str; 8] = [
    "1-10",
    "11-50",
    "51-200",
    "201-500",
    "501-1000",
    "1001-5000",
    "5001-10000",
    "10001+",
];

/// The band of an employee count.
pub fn size_band(employees: f64) -> &'static str {
    let n = employees.max(1.0) as u64;
    match n {
        0..=10 => SIZE_BANDS[0],
        11..=50 => SIZE_BANDS[1],
        51..=200 => SIZE_BANDS[2],
        201..=500 => SIZE_BANDS[3],
        501..=1000 => SIZE_BANDS[4],
        1001..=5000 => SIZE_BANDS[5],
        5001..=10000 => SIZE_BANDS[6],
        _ => SIZE_BANDS[7],
    }
}

/// A search facet of a company: `<name>:<value>`, the value lower-cased with its whitespace
/// collapsed (so `São  Paulo` and `são paulo` are one city); `None` for an empty or overlong one.
pub fn facet(name: &str, value: &str) -> Option<String> {
    let v = value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('#', " ");
    (!v.is_empty() && v.chars().count() <= 100).then(|| format!("{name}:{v}"))
}

/// How many job ids a record remembers.
pub const JOBS_KEPT: usize = 20;

impl EntityRecord {
    /// The email addresses the record owns (its `email:` markers).
    pub fn emails(&self) -> Vec<String> {
        self.match_keys
            .iter()
            .filter_map(|k| store::keys::Identifier::email_of(k))
            .map(str::to_owned)
            .collect()
    }

    pub fn new(kind: EntityKind, now: &str) -> Self {
        let id = match kind {
            EntityKind::Person => PersonId::new().to_string(),
            EntityKind::Company => CompanyId::new().to_string(),
        };
        Self {
            id,
            kind,
            fields: BTreeMap::new(),
            company_id: None,
            overall_confidence: 0.0,
            data_sources: Vec::new(),
            last_enriched_at: None,
            created_at: now.to_owned(),
            updated_at: now.to_owned(),
            version: 0,
            match_keys: Vec::new(),
            cache_keys: Vec::new(),
            pending: BTreeMap::new(),
            required: Vec::new(),
            jobs: Vec::new(),
            facet_keys: Vec::new(),
            watched: false,
            field_due: BTreeMap::new(),
            due_at: None,
            refresh_tried_at: None,
        }
    }

    /// Fixes when each field turns stale under `policy`, and when the record is next due.
    pub fn apply_policy(&mut self, policy: &crate::policy::EnrichmentPolicy) {
        self.field_due = policy.field_due(self);
        self.due_at = self.field_due.values().min().map(|due| {
            let retry = self
                .refresh_tried_at
                .map(|t| t + crate::policy::REFRESH_RETRY_SECS)
                .unwrap_or(0);
            (*due).max(retry)
        });
    }

    /// The fields stale at `now` (epoch s).
    pub fn stale_fields(&self, now: i64) -> Vec<String> {
        self.field_due
            .iter()
            .filter(|(f, due)| **due <= now && self.fields.contains_key(*f))
            .map(|(f, _)| f.clone())
            .collect()
    }

    /// Companies: the facets the search index should hold for it (city, country, industry, size
    /// band), from its current values. People have none.
    pub fn derived_facets(&self) -> Vec<String> {
        if self.kind != EntityKind::Company {
            return Vec::new();
        }
        let mut out: Vec<String> = ["city", "country", "industry"]
            .into_iter()
            .filter_map(|f| self.value(f).and_then(|v| facet(f, v)))
            .collect();
        if let Some(n) = self
            .fields
            .get("employee_count")
            .and_then(|p| p.value.as_f64())
        {
            out.extend(facet("size", size_band(n)));
        }
        out
    }

    pub fn value(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(|p| p.value.as_str())
    }

    /// The identifiers that make two records the same entity.
    pub fn derived_match_keys(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.kind {
            EntityKind::Person => {
                if let Some(e) = self.value("email") {
                    out.push(keys::Identifier::Email(e).text());
                }
                if let Some(l) = self.value("linkedin_url") {
                    out.push(keys::Identifier::Linkedin(l).text());
                }
            }
            EntityKind::Company => {
                if let Some(d) = self.value("domain") {
                    out.push(keys::Identifier::Domain(d).text());
                }
                if let Some(t) = self.value("tax_id") {
                    out.push(keys::Identifier::TaxId(t).text());
                }
            }
        }
        out
    }

    pub fn view(&self, sources: Option<Vec<SourceResult>>) -> EntityView {
        EntityView {
            id: self.id.clone(),
            data: self
                .fields
                .iter()
                .map(|(k, p)| (k.clone(), p.value.clone()))
                .collect(),
            provenance: self.fields.clone(),
            company_id: self.company_id.clone(),
            overall_confidence: self.overall_confidence,
            data_sources: self.data_sources.clone(),
            pending_lookups: self.pending.clone(),
            last_enriched_at: self.last_enriched_at.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            version: self.version,
            watched: self.watched,
            stale_fields: self.stale_fields(kernel::time::now().unix_timestamp()),
            stale_at: self
                .field_due
                .values()
                .min()
                .map(|d| kernel::time::rfc3339_at(*d)),
            sources,
        }
    }
}

/// Lower-cased, accents kept, runs of space collapsed: what a name prefix search compares.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every record of a kind: the shards of its tenant-wide list.
pub fn all_of_kind(tenant: &TenantId, kind: EntityKind) -> Vec<store::QuerySpec> {
    keys::entity_list(tenant, kind.key_kind())
}

/// The records of a kind with a field stale by `now` (epoch s), the longest-stale first: both
/// families of the due index (watched and not), 16 Queries a page whatever the number of records.
pub fn stale_of_kind(tenant: &TenantId, kind: EntityKind, now: i64) -> Vec<store::QuerySpec> {
    keys::entities_due(tenant, kind.key_kind(), false, now)
}

/// The people of one company (GSI1).
pub fn people_at_company(tenant: &TenantId, company_id: &str) -> store::QuerySpec {
    keys::company_people(tenant, company_id)
}

/// Companies by normalised name (GSI1), to be narrowed with a name prefix.
pub fn companies_by_name(tenant: &TenantId) -> store::QuerySpec {
    keys::companies_by_name(tenant)
}

/// Stored companies holding every one of `facets` (see [`facet`]), a page at a time: the first
/// facet's index partition is read (one Query), the companies it names are read (one BatchGetItem)
/// and kept when they hold the others too. A page may hold fewer than `limit` when the other facets
/// filter; `next_cursor` goes on.
pub async fn companies_with_facets(
    state: &platform::AppState,
    tenant: &TenantId,
    facets: &[String],
    page: &store::PageParams,
) -> Result<store::Page<EntityRecord>, platform::ApiError> {
    crate::persist::companies_with_facets(state, tenant, facets, page).await
}

pub fn entity_key(tenant: &TenantId, kind: EntityKind, id: &str) -> Key {
    keys::entity(tenant, kind.key_kind(), id)
}

/// The marker that says which record owns an identifier (`email:jane@acme.com`) in a tenant.
pub fn match_key(tenant: &TenantId, kind: EntityKind, identifier: &str) -> Key {
    keys::match_marker(tenant, kind.key_kind(), identifier)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatchMarker {
    pub entity_id: String,
}

/// One provider's answer for a record, kept as received and as normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SourceResult {
    pub provider: String,
    pub status: providers::Answer,
    /// The highest field confidence of this answer.
    pub confidence: f64,
    #[schema(value_type = Object)]
    pub normalized: BTreeMap<String, Value>,
    pub raw: Value,
    pub credits: f64,
    pub observed_at: String,
    /// Whether the answer came from the cache (no provider call, no credit).
    pub cached: bool,
}

pub fn source_key(tenant: &TenantId, kind: EntityKind, entity_id: &str, provider: &str) -> Key {
    keys::source(tenant, kind.key_kind(), entity_id, provider)
}

pub fn sources_query(tenant: &TenantId, kind: EntityKind, entity_id: &str) -> store::QuerySpec {
    keys::sources(tenant, kind.key_kind(), entity_id)
}

/// A record as the API returns it. One field list gives the value every route builds
/// ([`EntityView`], `data` an open map) and the schemas the document names per kind
/// ([`PersonRecord`], [`CompanyRecord`]: `data` and `provenance` typed field by field).
macro_rules! entity_view {
    ($(#[$meta:meta])* $name:ident, $data:ty, $prov:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub id: String,
            /// Field → value.
            #[schema(value_type = $data)]
            pub data: BTreeMap<String, Value>,
            /// Field → where the value came from, how sure, and when.
            #[schema(value_type = $prov)]
            pub provenance: BTreeMap<String, Provenance>,
            pub company_id: Option<String>,
            pub overall_confidence: f64,
            pub data_sources: Vec<String>,
            /// Asynchronous lookups still running (provider → lookup id); see
            /// `/v1/people/lookup-status`.
            pub pending_lookups: BTreeMap<String, String>,
            pub last_enriched_at: Option<String>,
            pub created_at: String,
            pub updated_at: String,
            pub version: u64,
            /// Scheduled re-enrichment keeps it fresh (`POST /v1/people/{id}/watch`).
            pub watched: bool,
            /// Fields older than the organisation's maximum age for them
            /// (`GET /v1/providers/policy`).
            pub stale_fields: Vec<String>,
            /// When the first field turns (or turned) stale.
            pub stale_at: Option<String>,
            /// Per-source results, with `?include=sources`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub sources: Option<Vec<SourceResult>>,
        }
    };
}

entity_view! {
    /// What the API returns for a person or a company.
    EntityView, Object, BTreeMap<String, Provenance>
}

entity_view! {
    /// A person as the API returns it.
    PersonRecord, crate::patch::PersonData, crate::patch::PersonProvenance
}

entity_view! {
    /// A company as the API returns it.
    CompanyRecord, crate::patch::CompanyData, crate::patch::CompanyProvenance
}
