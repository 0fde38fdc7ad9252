//! The `contacts` function: the organisation's mailing audience (contacts, bulk upsert, contacts
//! made from enriched people) and its tags (create, list with exact counts, tag and untag in bulk).
//! The tenant is the caller's; another organisation's contact or tag is simply not found.
//!
//! One module per resource, as users and partners see them: contacts, tags, suppressions and
//! the unsubscribe pages.

pub mod contacts;
pub mod suppressions;
pub mod tags;
pub mod unsubscribe;

use crate::contacts::*;
use crate::suppressions::*;
use crate::tags::*;
use crate::unsubscribe::*;
use campaigns::audience::{Audience, AudienceSummary};
use campaigns::contacts::{BulkReport, ContactStatus, ContactView, RowError, Validation};
use campaigns::suppression::{Reason, Suppression};
use campaigns::tags::{TagView, TaggingReport};
use campaigns::ContactId;
use kernel::error::Problem;
use platform::{ApiError, ApiRequest, AppState};
use serde_json::{Map, Value};
use utoipa::OpenApi;

platform::routes! {
    "POST" "/v1/contacts" => create_contact, "contacts.write",
    "GET" "/v1/contacts" => list_contacts, "contacts.read",
    "POST" "/v1/contacts/bulk" => bulk_contacts, "contacts.write",
    "POST" "/v1/contacts/from-people" => contacts_from_people, "contacts.write",
    "POST" "/v1/contacts/audience" => audience_preview, "contacts.read",
    "GET" "/v1/contacts/{contact_id}" => get_contact, "contacts.read",
    "PATCH" "/v1/contacts/{contact_id}" => update_contact, "contacts.write",
    "DELETE" "/v1/contacts/{contact_id}" => delete_contact, "contacts.write",
    "GET" "/v1/contacts/{contact_id}/events" => contact_events, "contacts.read",
    "POST" "/v1/contacts/validate" => validate_contacts, "contacts.write",
    "GET" "/v1/contact-validations/{run_id}" => get_validation, "contacts.read",
    "POST" "/v1/tags" => create_tag, "tags.write",
    "GET" "/v1/tags" => list_tags, "tags.read",
    "GET" "/v1/tags/{slug}" => get_tag, "tags.read",
    "PUT" "/v1/tags/{slug}" => update_tag, "tags.write",
    "DELETE" "/v1/tags/{slug}" => delete_tag, "tags.write",
    "POST" "/v1/tags/{slug}/contacts" => tag_contacts, "tags.write",
    "POST" "/v1/tags/{slug}/contacts/remove" => untag_contacts, "tags.write",
    "GET" "/v1/suppressions" => list_suppressions, "contacts.read",
    "POST" "/v1/suppressions" => add_suppressions, "contacts.write",
    "DELETE" "/v1/suppressions/{email}" => remove_suppression, "contacts.write",
    "GET" "/v1/unsubscribe/{token}" => unsubscribe_page, public,
    "POST" "/v1/unsubscribe/{token}" => unsubscribe_now, public,
}

#[derive(OpenApi)]
#[openapi(
    paths(create_contact, list_contacts, bulk_contacts, contacts_from_people, audience_preview, get_contact,
        update_contact, delete_contact, contact_events, validate_contacts, get_validation, create_tag, list_tags, get_tag, update_tag, delete_tag,
        tag_contacts, untag_contacts, list_suppressions, add_suppressions, remove_suppression,
        unsubscribe_page, unsubscribe_now),
    components(schemas(ContactBody, ContactPatchBody, BulkBody, FromPeopleBody, FromPeopleReport,
        ContactView, ContactList, ContactStatus, Validation, BulkReport, RowError,
        campaigns::contacts::RowOutcome, TagBody, TagPatchBody, TagView, TagList, ContactIdsBody,
        TaggingReport, Audience, AudienceSummary, SuppressionsBody, SuppressionsAdded, SuppressionList, Suppression, Reason,
        campaigns::events::EventList, campaigns::events::EventView, campaigns::events::EventKind,
        campaigns::events::BounceClass, campaigns::events::Source,
        campaigns::validation::ValidateBody, campaigns::validation::ValidateFilter,
        campaigns::validation::RunView, campaigns::validation::RunCounts,
        campaigns::validation::RunStatus, campaigns::validation::InvalidAddressAction, Problem)),
    tags(
        (name = "contacts", description = "The organisation's mailing audience"),
        (name = "tags", description = "Tags that segment contacts, with exact counts"),
        (name = "suppressions", description = "Addresses never mailed, and one-click unsubscribe")
    )
)]
pub struct ApiDoc;
pub(crate) fn body_map(state: &AppState, req: &ApiRequest) -> Result<Map<String, Value>, ApiError> {
    req.json::<Map<String, Value>>(state.config.max_body_bytes)
}

pub(crate) fn contact_id(req: &ApiRequest) -> Result<String, ApiError> {
    Ok(req.path_param::<ContactId>("contact_id")?.to_string())
}

pub(crate) fn slug(req: &ApiRequest) -> Result<String, ApiError> {
    let slug: String = req.path_param("slug")?;
    if !campaigns::contacts::slug_is_valid(&slug) {
        return Err(ApiError::not_found("no such tag in this organisation"));
    }
    Ok(slug)
}
