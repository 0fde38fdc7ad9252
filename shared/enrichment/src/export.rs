//! A data-subject access export: everything the platform holds about one person, in one document.
//! The counterpart of [`crate::erasure`], and audited like it (without personal data).

use crate::records::*;
use crate::Caller;
use access::model::AuditEvent;
use platform::{ApiError, AppState};
use serde::Serialize;
use serde_json::Value;

/// Most audit events an export lists (the newest are kept when a record has more).
const MAX_EVENTS: usize = 1_000;

/// Everything held about a person.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonExport {
    /// The stored record: every field with its provenance (source, confidence, when), and every
    /// provider's answer as received (`sources[].raw`) and as normalised.
    #[schema(value_type = crate::PersonRecord)]
    pub person: EntityView,
    /// The person as a campaign contact. `null`: contacts arrive with the campaign engine, which
    /// adds them here.
    #[schema(value_type = Option<Object>)]
    pub contact: Option<Value>,
    /// What was done to the record and by whom (edits, exports), oldest first.
    pub events: Vec<AuditEvent>,
    /// The bulk jobs that enriched the person (the last 20), with their state. A job past its
    /// retention is listed with `status: "expired"`.
    pub jobs: Vec<JobTouch>,
    pub exported_at: String,
}

/// A bulk job that enriched the person.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct JobTouch {
    pub id: String,
    pub name: Option<String>,
    /// The job's status, or `expired` once retention removed it.
    pub status: String,
    pub created_at: Option<String>,
}

impl JobTouch {
    /// A job known by id only, until the jobs domain describes it (`jobs::read::describe`).
    pub fn pending(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            name: None,
            status: "expired".into(),
            created_at: None,
        }
    }
}

/// Builds the export and audits it (`person.exported`). Reads: the record, its sources (one
/// Query) and its events (one GSI1 Query per 1,000); its jobs are listed by id for the jobs
/// domain to describe (one BatchGetItem there); 404 when there is no such person. Read-only apart from the audit event, so a retry is harmless (and audited again).
pub async fn person(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
) -> Result<PersonExport, ApiError> {
    let tenant = caller.tenant;
    let rec = crate::entities::load(state, tenant, EntityKind::Person, id).await?;
    let codec = state.cursor_codec().await?;
    let sources: Vec<SourceResult> = state
        .store
        .query_all(
            tenant,
            &sources_query(tenant, EntityKind::Person, id),
            50,
            codec,
        )
        .await?;
    let events = AuditEvent::of_target(&state.store, tenant, id, MAX_EVENTS, codec).await?;

    // Jobs are the jobs domain's items: the caller describes them ([`JobTouch::pending`]).
    let jobs = rec.jobs.iter().map(|id| JobTouch::pending(id)).collect();

    let mut event = AuditEvent::new("person.exported")
        .actor(caller.actor)
        .target(id)
        .detail(serde_json::json!({
            "sources": sources.len(), "events": events.len(), "jobs": rec.jobs.len(),
        }));
    event.ip.clone_from(&caller.origin.ip);
    event.user_agent.clone_from(&caller.origin.user_agent);
    event.append(&state.store, tenant).await?;

    Ok(PersonExport {
        person: rec.view(Some(sources)),
        contact: None,
        events,
        jobs,
        exported_at: kernel::time::rfc3339(kernel::time::now()),
    })
}
