//! Data-subject requests across every domain: erase or export everything held about one person,
//! found by id (a stored person) or by address (also a contact who was never enriched).
//!
//! Each domain erases its own items through its own operations (enrichment: the record, its
//! sources, cached answers and markers; the campaign engine: the contact, tag links, send
//! records, delivery events, chunks, suppression by digest; access: the audit log's entries about
//! the person, which are kept but renamed to the erasure's id). This module only orders them:
//! suppression and the campaign engine first (nothing is mailed from the first step), the person
//! record last, so an erasure cut off anywhere is finished by a retry with the same address or id.

use access::model::AuditEvent;
use campaigns::subjects::{ContactErased, ContactHeld};
use enrichment::export::PersonExport;
use enrichment::records::EntityKind;
use kernel::error::{FieldError, Location};
use platform::{ApiError, AppState, Caller};
use serde::Serialize;

kernel::prefixed_id!(
    /// A data-subject erasure (`ers_…`): the audit log's entries about the person are kept under it.
    ErasureId,
    "ers"
);

/// What an erasure removed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Erasure {
    /// The erasure's id: the audit log keeps what was done about the person under it.
    #[schema(example = "ers_01JD8Z6Q3W4K9V2M7N5P1R0S8T")]
    pub id: String,
    /// The stored person erased, if there was one.
    pub person_id: Option<String>,
    /// The contacts erased (one per address the person had).
    pub contact_ids: Vec<String>,
    /// Addresses now suppressed by digest (never mailed again; the list holds no address).
    pub suppressed: usize,
    /// Items deleted or rewritten across every domain.
    pub items: usize,
    pub sends: usize,
    pub events: usize,
    /// Audit entries renamed to the erasure's id.
    pub audit_entries: usize,
    pub erased_at: String,
}

/// Everything held about one address.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubjectExport {
    pub email: String,
    /// The stored person with this address (record, provider answers, history, jobs); `null`
    /// when none is stored.
    pub person: Option<PersonExport>,
    /// The contact with this address, its sends, delivery events and suppression.
    pub campaigns: ContactHeld,
    /// Audit entries about the contact (the person's are in `person.events`), oldest first.
    pub contact_events: Vec<AuditEvent>,
    pub exported_at: String,
}

/// The address of a request, normalised, or a 422 naming the field.
pub fn address(raw: Option<&str>, location: Location) -> Result<String, ApiError> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Err(ApiError::validation(vec![FieldError::new(
            location,
            "email",
            "required",
            "the person's email address",
        )]));
    };
    providers::normalise_email(raw).ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            location,
            "email",
            "invalid",
            "an email address",
        )])
    })
}

/// Erases the stored person `person_id` (404 when there is none) and everything held under its
/// addresses.
pub async fn erase_person(
    state: &AppState,
    caller: &Caller<'_>,
    person_id: &str,
) -> Result<Erasure, ApiError> {
    let emails = enrichment::entities::load(state, caller.tenant, EntityKind::Person, person_id)
        .await?
        .emails();
    erase(state, caller, Some(person_id.to_owned()), emails).await
}

/// Erases everything held about `email` (normalised): the stored person with it (and that
/// person's other addresses), contacts, sends, events. Idempotent: a repeat erases nothing more
/// but still answers (and suppresses).
pub async fn erase_email(
    state: &AppState,
    caller: &Caller<'_>,
    email: &str,
) -> Result<Erasure, ApiError> {
    let person = enrichment::entities::by_identifiers(
        state,
        caller.tenant,
        EntityKind::Person,
        &[store::keys::Identifier::Email(email).text()],
    )
    .await?
    .into_iter()
    .next();
    let mut emails = vec![email.to_owned()];
    if let Some(p) = &person {
        emails.extend(p.emails().into_iter().filter(|e| e != email));
    }
    erase(state, caller, person.map(|p| p.id), emails).await
}

async fn erase(
    state: &AppState,
    caller: &Caller<'_>,
    person_id: Option<String>,
    emails: Vec<String>,
) -> Result<Erasure, ApiError> {
    let tenant = caller.tenant;
    let id = ErasureId::new().to_string();
    let codec = state.cursor_codec().await?;
    let mut out = Erasure {
        id: id.clone(),
        person_id: None,
        contact_ids: vec![],
        suppressed: emails.len(),
        items: emails.len(),
        sends: 0,
        events: 0,
        audit_entries: 0,
        erased_at: kernel::time::rfc3339(kernel::time::now()),
    };
    for email in &emails {
        let ContactErased {
            contact_id,
            sends,
            events,
            items,
            ..
        } = campaigns::subjects::erase(state, tenant, email).await?;
        out.sends += sends;
        out.events += events;
        out.items += items;
        if let Some(c) = contact_id {
            out.audit_entries += AuditEvent::retarget(&state.store, tenant, &c, &id, codec).await?;
            out.contact_ids.push(c);
        }
    }
    if let Some(pid) = person_id {
        out.audit_entries += AuditEvent::retarget(&state.store, tenant, &pid, &id, codec).await?;
        if let Some(erased) =
            enrichment::erasure::erase_record(state, tenant, EntityKind::Person, &pid).await?
        {
            out.items += erased.items();
            out.person_id = Some(pid);
        }
    }
    out.items += out.audit_entries;
    let event = AuditEvent::new("data_subject.erased")
        .actor(caller.actor)
        .target(&id)
        .detail(serde_json::json!({
            "person": out.person_id.is_some(),
            "contacts": out.contact_ids.len(),
            "sends": out.sends,
            "events": out.events,
            "audit_entries": out.audit_entries,
            "items": out.items,
        }))
        .origin(&caller.origin);
    event.append(&state.store, tenant).await?;
    Ok(out)
}

/// Everything held about `email` (normalised), audited as `data_subject.exported` (without the
/// address). Read-only apart from the audit entries, so a retry is harmless.
pub async fn export(
    state: &AppState,
    caller: &Caller<'_>,
    email: &str,
) -> Result<SubjectExport, ApiError> {
    let tenant = caller.tenant;
    let person = enrichment::entities::by_identifiers(
        state,
        tenant,
        EntityKind::Person,
        &[store::keys::Identifier::Email(email).text()],
    )
    .await?
    .into_iter()
    .next();
    let person = match person {
        Some(p) => {
            let mut export = enrichment::export::person(state, caller, &p.id).await?;
            jobs::read::describe(state, tenant, &mut export.jobs).await?;
            Some(export)
        }
        None => None,
    };
    let campaigns = campaigns::subjects::held(state, tenant, email).await?;
    let contact_events = match &campaigns.contact {
        Some(c) => {
            let codec = state.cursor_codec().await?;
            AuditEvent::of_target(&state.store, tenant, &c.id, 1_000, codec).await?
        }
        None => vec![],
    };
    AuditEvent::new("data_subject.exported")
        .actor(caller.actor)
        .detail(serde_json::json!({
            "person": person.is_some(),
            "contact": campaigns.contact.is_some(),
            "sends": campaigns.sends.len(),
            "events": campaigns.events.len(),
        }))
        .origin(&caller.origin)
        .append(&state.store, tenant)
        .await?;
    Ok(SubjectExport {
        email: email.to_owned(),
        person,
        campaigns,
        contact_events,
        exported_at: kernel::time::rfc3339(kernel::time::now()),
    })
}
