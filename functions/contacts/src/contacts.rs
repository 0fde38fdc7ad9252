//! Contacts: create, list, bulk upsert, from people, read, edit, delete, audience preview.

use crate::{body_map, contact_id};
use campaigns::audience::{self, Audience, AudienceSummary};
use campaigns::contacts::{self, BulkReport, ContactStatus, ContactView, ListFilter, Validation};
use http::StatusCode;
use kernel::error::{FieldError, Location, Problem};
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A contact to create (or, in bulk, to create or update by email). The schema states the shape;
/// what it cannot (an email address, a BCP 47 tag, an ISO country code, lengths, existing tags) is
/// checked by the handler and named field by field (in bulk: by row index).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    #[schema(example = "ana.souza@globex.com")]
    pub email: String,
    /// At most 100 characters.
    pub first_name: Option<String>,
    /// At most 100 characters.
    pub last_name: Option<String>,
    /// BCP 47.
    #[schema(example = "pt-BR")]
    pub language: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "BR")]
    pub country: Option<String>,
    pub status: Option<ContactStatus>,
    pub validation: Option<Validation>,
    /// Where the contact came from (`import`, `crm:hubspot`…): 1 to 64 of a-z, 0-9, `_ - . :`.
    pub source: Option<String>,
    /// Existing tag slugs (at most 20).
    pub tags: Option<Vec<String>>,
    /// Custom attributes: up to 50 names of letters, digits and `_`, each a string, number or
    /// boolean (templates use them).
    #[schema(value_type = Option<Object>)]
    pub attributes: Option<Map<String, Value>>,
}

/// Fields to change (`null` clears one); `tags` replaces the contact's tags (at most 20 added or
/// removed); `version` makes the change conditional on the version read.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPatchBody {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub language: Option<String>,
    pub country: Option<String>,
    pub status: Option<ContactStatus>,
    pub validation: Option<Validation>,
    pub source: Option<String>,
    pub tags: Option<Vec<String>>,
    #[schema(value_type = Option<Object>)]
    pub attributes: Option<Value>,
    #[schema(minimum = 0)]
    pub version: Option<i64>,
}

/// Create a contact. The enriched person with the same email, if any, is linked (`person_id`).
/// 409 when a contact already has the email.
#[utoipa::path(post, path = "/v1/contacts", tag = "contacts", security(("bearer" = [])),
    request_body = ContactBody,
    responses((status = 201, body = ContactView),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn create_contact(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let mut fields =
        contacts::parse(&body_map(state, &req)?, "", false).map_err(ApiError::validation)?;
    if let (None, Some(email)) = (&fields.person_id, &fields.email) {
        fields.person_id = enrichment::entities::owner_of(
            state,
            caller.tenant,
            enrichment::records::EntityKind::Person,
            &store::keys::Identifier::Email(email).text(),
        )
        .await?;
    }
    let c = contacts::create(state, &caller, fields).await?;
    ApiResponse::json(StatusCode::CREATED, &c.view())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ContactList {
    pub items: Vec<ContactView>,
    pub next_cursor: Option<String>,
}

pub(crate) fn enum_query<T: for<'de> Deserialize<'de>>(
    req: &ApiRequest,
    name: &str,
    allowed: &str,
) -> Result<Option<T>, ApiError> {
    match req.query_param::<String>(name)? {
        None => Ok(None),
        Some(v) => serde_json::from_value(Value::String(v))
            .map(Some)
            .map_err(|_| ApiError::invalid_field(Location::Query, name, "invalid", allowed)),
    }
}

/// The organisation's contacts, filtered by `status`, `validation`, `language`, `source` and `tag`,
/// cursor-paged.
#[utoipa::path(get, path = "/v1/contacts", tag = "contacts", security(("bearer" = [])),
    params(
        ("status" = Option<String>, Query, description = "subscribed, unsubscribed, bounced or complained"),
        ("validation" = Option<String>, Query, description = "pending, valid, invalid or risky"),
        ("language" = Option<String>, Query, description = "BCP 47, exact"),
        ("source" = Option<String>, Query),
        ("tag" = Option<String>, Query, description = "A tag slug: its members"),
        ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ContactList)))]
pub(crate) async fn list_contacts(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let page = req.page_params(50, 100)?;
    let text = |name: &str, ok: fn(&str) -> bool, msg: &str| -> Result<Option<String>, ApiError> {
        match req.query_param::<String>(name)? {
            None => Ok(None),
            Some(v) if ok(&v) => Ok(Some(v)),
            Some(_) => Err(ApiError::invalid_field(
                Location::Query,
                name,
                "invalid",
                msg,
            )),
        }
    };
    let filter = ListFilter {
        status: enum_query(
            &req,
            "status",
            "subscribed, unsubscribed, bounced or complained",
        )?,
        validation: enum_query(&req, "validation", "pending, valid, invalid or risky")?,
        language: text(
            "language",
            kernel::text::language_is_valid,
            "a BCP 47 language tag",
        )?,
        source: text(
            "source",
            |s| {
                (1..=64).contains(&s.len())
                    && s.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':')
                    })
            },
            "1 to 64 of a-z, A-Z, 0-9, _ - . : (a data source's id, for instance)",
        )?,
        tag: text("tag", contacts::slug_is_valid, "a tag slug")?,
    };
    let (items, next_cursor) = contacts::list(state, &caller, &filter, &page).await?;
    ApiResponse::ok(&ContactList {
        items: items.iter().map(|c| c.view()).collect(),
        next_cursor,
    })
}

/// Up to 1,000 contacts to create or update by email.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkBody {
    #[schema(min_items = 1, max_items = 1000)]
    #[serde(deserialize_with = "kernel::shape::objects")]
    pub contacts: Vec<ContactBody>,
}

/// Create or update up to 1,000 contacts by email. Valid rows are applied and each row's outcome
/// is listed by index; invalid rows (and rows repeating an earlier row's email) are reported by
/// index with every reason. Tags given are added, never removed. A retried request updates the
/// same contacts (by email), so it creates no duplicate.
#[utoipa::path(post, path = "/v1/contacts/bulk", tag = "contacts", security(("bearer" = [])),
    request_body = BulkBody,
    responses((status = 200, body = BulkReport),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn bulk_contacts(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let body = body_map(state, &req)?;
    let mut errors = Vec::new();
    for key in body.keys().filter(|k| *k != "contacts") {
        errors.push(FieldError::body(key.as_str(), "unknown", "not a field"));
    }
    let rows = match body.get("contacts").and_then(Value::as_array) {
        Some(rows) if !rows.is_empty() && rows.len() <= contacts::MAX_BULK => rows,
        _ => {
            errors.push(FieldError::body(
                "contacts",
                "invalid",
                "a list of 1 to 1,000 contacts",
            ));
            return Err(ApiError::validation(errors));
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    // A row of the wrong shape (not an object, an unknown field, a wrong type or enum value)
    // refuses the whole request; rows of the right shape with values that do not hold are
    // reported by index and the rest applied.
    for (i, row) in rows.iter().enumerate() {
        if let Err(e) = serde_json::from_value::<ContactBody>(row.clone()) {
            errors.push(FieldError::body(
                format!("contacts[{i}]"),
                "invalid",
                e.to_string(),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let parsed: Vec<_> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let prefix = format!("contacts[{i}].");
            let empty = Map::new();
            (
                i,
                contacts::parse(row.as_object().unwrap_or(&empty), &prefix, false),
            )
        })
        .collect();
    // Contacts created here are linked to the enriched person with their email: the people
    // domain answers for every row at once (one BatchGetItem per 100).
    // Each address once: a BatchGetItem refuses a key asked twice (rows may repeat an email).
    let emails: Vec<String> = parsed
        .iter()
        .filter_map(|(_, f)| f.as_ref().ok().and_then(|f| f.email.clone()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let identifiers: Vec<String> = emails
        .iter()
        .map(|e| store::keys::Identifier::Email(e).text())
        .collect();
    let owners = enrichment::entities::owners_of(
        state,
        caller.tenant,
        enrichment::records::EntityKind::Person,
        &identifiers,
    )
    .await?;
    let people = emails
        .into_iter()
        .zip(owners)
        .filter_map(|(email, owner)| owner.map(|id| (email, id)))
        .collect();
    let report = contacts::upsert_many(state, &caller, parsed, &people).await?;
    ApiResponse::ok(&report)
}

/// People to make contacts of: listed, or a finished bulk job's.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromPeopleBody {
    /// Up to 1,000 person ids.
    #[schema(max_items = 1000)]
    pub person_ids: Option<Vec<String>>,
    /// A finished people job: every person it stored.
    pub job_id: Option<String>,
    /// Tags to add to every contact made or updated.
    #[schema(max_items = 20)]
    pub tags: Option<Vec<String>>,
}

/// What turning people into contacts did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FromPeopleReport {
    #[serde(flatten)]
    pub report: BulkReport,
    /// Person ids with no stored email (or no such person): not made contacts.
    pub skipped: Vec<String>,
}

/// Make contacts of enriched people (`person_ids`) or of a finished bulk job's people
/// (`job_id`): each person with an email becomes, or updates, the contact with that email, linked
/// to the person, with `source` `people` or `job:<id>`.
#[utoipa::path(post, path = "/v1/contacts/from-people", tag = "contacts", security(("bearer" = [])),
    request_body = FromPeopleBody,
    responses((status = 200, body = FromPeopleReport),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The job has not finished", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn contacts_from_people(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let body: FromPeopleBody = req.json(state.config.max_body_bytes)?;
    let mut errors = Vec::new();
    let tags = match body.tags {
        Some(t) if t.len() <= contacts::MAX_TAG_CHANGES => {
            for (i, s) in t.iter().enumerate() {
                if !contacts::slug_is_valid(s) {
                    errors.push(FieldError::body(
                        format!("tags[{i}]"),
                        "invalid",
                        "a tag slug",
                    ));
                }
            }
            Some(t)
        }
        Some(_) => {
            errors.push(FieldError::body("tags", "too_many", "at most 20 tags"));
            None
        }
        None => None,
    };
    let (ids, source) = match (body.person_ids, body.job_id) {
        (Some(ids), None) if !ids.is_empty() && ids.len() <= contacts::MAX_BULK => {
            for (i, id) in ids.iter().enumerate() {
                if kernel::ids::parse_prefixed("per", id).is_err() {
                    errors.push(FieldError::body(
                        format!("person_ids[{i}]"),
                        "invalid",
                        "a person id (per_…)",
                    ));
                }
            }
            (ids, "people".to_owned())
        }
        (None, Some(job)) => match kernel::ids::parse_prefixed("job", &job) {
            Ok(job) if errors.is_empty() => {
                let ids = jobs::read::stored_people(state, caller.tenant, &job).await?;
                (ids, format!("job:{}", job.to_lowercase()))
            }
            Ok(_) => (Vec::new(), String::new()),
            Err(_) => {
                errors.push(FieldError::body("job_id", "invalid", "a job id (job_…)"));
                (Vec::new(), String::new())
            }
        },
        _ => {
            errors.push(FieldError::body(
                "person_ids",
                "one_of",
                "either person_ids (1 to 1,000) or job_id",
            ));
            (Vec::new(), String::new())
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let people = people_as_contacts(state, caller.tenant, &ids).await?;
    let (report, skipped) = contacts::from_people(state, &caller, people, &source, tags).await?;
    ApiResponse::ok(&FromPeopleReport { report, skipped })
}

/// The stored people (read by their own domain) in the shape the campaign engine takes; a
/// person that does not exist has no email, and is reported with those without one.
pub(crate) async fn people_as_contacts(
    state: &AppState,
    tenant: &kernel::ids::TenantId,
    ids: &[String],
) -> Result<Vec<contacts::PersonContact>, ApiError> {
    use enrichment::records::EntityKind;
    let found = enrichment::entities::load_many(state, tenant, EntityKind::Person, ids).await?;
    Ok(ids
        .iter()
        .zip(found)
        .map(|(id, rec)| {
            let value = |f: &str| rec.as_ref().and_then(|r| r.value(f)).map(str::to_owned);
            contacts::PersonContact {
                person_id: id.clone(),
                email: value("email"),
                first_name: value("first_name"),
                last_name: value("last_name"),
                country: value("country_code").or_else(|| value("country")),
            }
        })
        .collect())
}

/// One contact.
#[utoipa::path(get, path = "/v1/contacts/{contact_id}", tag = "contacts", security(("bearer" = [])),
    params(("contact_id" = String, Path)),
    responses((status = 200, body = ContactView),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn get_contact(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let c = contacts::load(state, caller.tenant, &contact_id(&req)?).await?;
    ApiResponse::ok(&c.view())
}

/// Edit a contact.
#[utoipa::path(patch, path = "/v1/contacts/{contact_id}", tag = "contacts", security(("bearer" = [])),
    params(("contact_id" = String, Path)),
    request_body = ContactPatchBody,
    responses((status = 200, body = ContactView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn update_contact(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = contact_id(&req)?;
    let fields =
        contacts::parse(&body_map(state, &req)?, "", true).map_err(ApiError::validation)?;
    let c = contacts::edit(state, &caller, &id, fields).await?;
    ApiResponse::ok(&c.view())
}

/// Delete a contact with its tag links (each tag's count follows).
#[utoipa::path(delete, path = "/v1/contacts/{contact_id}", tag = "contacts", security(("bearer" = [])),
    params(("contact_id" = String, Path)),
    responses((status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn delete_contact(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    contacts::delete(state, &caller, &contact_id(&req)?).await?;
    Ok(ApiResponse::no_content())
}

/// The audience a campaign with these rules would reach now: contacts with every `tags_all`, any
/// `tags_any`, none of `exclude_tags`, subscribed, not suppressed, in `language` when given; its
/// size and its first 10 contacts. Reads the whole audience (a preview, not a send).
#[utoipa::path(post, path = "/v1/contacts/audience", tag = "contacts", security(("bearer" = [])),
    request_body = Audience,
    responses((status = 200, body = AudienceSummary),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn audience_preview(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let a: Audience = req.json(state.config.max_body_bytes)?;
    ApiResponse::ok(&audience::summary(state, &caller, &a, 10).await?)
}

/// The contact's delivery events across campaigns (delivered, opened, clicked, bounced,
/// complained, unsubscribed), newest first, optionally of one `type`, cursor-paged.
#[utoipa::path(get, path = "/v1/contacts/{contact_id}/events", tag = "contacts", security(("bearer" = [])),
    params(("contact_id" = String, Path),
        ("type" = Option<campaigns::events::EventKind>, Query, description = "delivered, opened, clicked, bounced, complained or unsubscribed"),
        ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = campaigns::events::EventList),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn contact_events(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = contact_id(&req)?;
    let kind = campaigns::events::kind_filter(req.query_param::<String>("type")?)?;
    let page = req.page_params(50, 100)?;
    ApiResponse::ok(
        &campaigns::events::list_for_contact(state, caller.tenant, &id, kind, &page).await?,
    )
}

/// Validate contacts' addresses in the background: the ids given (up to 5,000, whatever their
/// status) or those a filter selects (all `pending` by default, optionally of one tag). A run is
/// created and answered at once (202); the bulk worker checks 200 addresses a page with the
/// organisation's email verifier (ZeroBounce's batch endpoint; credits charged as enrichment
/// does), sets each contact's `validation`, and with `on_invalid` suppresses (default) or tags
/// invalid addresses. An `invalid` contact is in no campaign's audience. Follow the run at
/// `GET /v1/contact-validations/{run_id}`.
#[utoipa::path(post, path = "/v1/contacts/validate", tag = "contacts", security(("bearer" = [])),
    request_body = campaigns::validation::ValidateBody,
    responses((status = 202, body = campaigns::validation::RunView),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn validate_contacts(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let body: campaigns::validation::ValidateBody = req.json(state.config.max_body_bytes)?;
    let run = campaigns::validation::start(state, &caller, body).await?;
    ApiResponse::json(StatusCode::ACCEPTED, &run)
}

/// A validation run: where it stands and its counts (checked, valid, invalid, risky, unknown,
/// missing, credits).
#[utoipa::path(get, path = "/v1/contact-validations/{run_id}", tag = "contacts", security(("bearer" = [])),
    params(("run_id" = String, Path)),
    responses((status = 200, body = campaigns::validation::RunView),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn get_validation(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = req.path_param::<campaigns::validation::RunId>("run_id")?;
    ApiResponse::ok(&campaigns::validation::get(state, caller.tenant, id.as_str()).await?)
}
