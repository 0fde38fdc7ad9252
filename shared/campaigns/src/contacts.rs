//! Contacts: the organisation's mailing audience, one per email address.
//!
//! Writes and what happens under retry and concurrency:
//! - create: the contact, its email marker and its tag links in one transaction; two creations of
//!   one email race on the marker: one wins, the other is a 409 naming the winner;
//! - bulk upsert: by email, so a retried request updates the contacts the first one made;
//! - edit: conditional on the version read (tagging moves the version too): a concurrent change is
//!   a 409, never a lost update;
//! - delete: links first (each with its tag's count), the contact and its marker last and
//!   conditional on the version, so a retry after a partial failure finishes the job.

use crate::persist::contact::{self, Written};
pub use crate::persist::contact::{Contact, ContactStatus, ListFilter, Validation};
use crate::ContactId;
use futures::StreamExt;
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use platform::AppState;
use platform::Caller;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use store::PageParams;

/// Rows one bulk request takes.
pub const MAX_BULK: usize = 1_000;
/// Tags one write may add or remove (a transaction holds at most 100 actions).
pub const MAX_TAG_CHANGES: usize = 20;
const MAX_ATTRIBUTES: usize = 50;

/// A contact as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContactView {
    pub id: String,
    #[schema(example = "ana.souza@globex.com")]
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// BCP 47.
    #[schema(example = "pt-BR")]
    pub language: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "BR")]
    pub country: Option<String>,
    pub status: ContactStatus,
    pub validation: Validation,
    pub source: Option<String>,
    /// Tag slugs, sorted.
    pub tags: Vec<String>,
    #[schema(value_type = Object)]
    pub attributes: BTreeMap<String, Value>,
    pub person_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

impl Contact {
    pub fn view(&self) -> ContactView {
        let mut tags = self.tags.clone();
        tags.sort();
        ContactView {
            id: self.id.clone(),
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            language: self.language.clone(),
            country: self.country.clone(),
            status: self.status,
            validation: self.validation,
            source: self.source.clone(),
            tags,
            attributes: self.attributes.clone(),
            person_id: self.person_id.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            version: self.version,
        }
    }
}

/// What a create, upsert or edit body says, field by field (`Some(None)`: cleared with `null`).
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub email: Option<String>,
    pub first_name: Option<Option<String>>,
    pub last_name: Option<Option<String>>,
    pub language: Option<Option<String>>,
    pub country: Option<Option<String>>,
    pub source: Option<Option<String>>,
    pub status: Option<ContactStatus>,
    pub validation: Option<Validation>,
    pub attributes: Option<BTreeMap<String, Value>>,
    pub tags: Option<Vec<String>>,
    pub version: Option<u64>,
    /// Set by the platform (contacts made from people), never read from a body.
    pub person_id: Option<String>,
    /// An upsert sets `source` only on a contact that has none (a data source's sync: a contact
    /// stays counted with the source that brought it first).
    pub keep_source: bool,
}

fn err(prefix: &str, field: &str, code: &'static str, message: &str) -> FieldError {
    FieldError::body(format!("{prefix}{field}"), code, message)
}

fn text(
    prefix: &str,
    field: &str,
    value: &Value,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<Option<String>> {
    match value {
        Value::Null => Some(None),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() || t.chars().count() > max || kernel::text::check_line(t).is_err() {
                errors.push(err(
                    prefix,
                    field,
                    "invalid",
                    &format!("1 to {max} characters on one line"),
                ));
                None
            } else {
                Some(Some(t.to_owned()))
            }
        }
        _ => {
            errors.push(err(prefix, field, "type", "a string or null"));
            None
        }
    }
}

pub use crate::tags::slug_is_valid;

/// Reads one body (or one bulk row, `prefix` = `contacts[3].`), naming every bad field.
/// `allow_version`: edits take the version read; creations do not.
pub fn parse(
    body: &Map<String, Value>,
    prefix: &str,
    allow_version: bool,
) -> Result<Fields, Vec<FieldError>> {
    let mut f = Fields::default();
    let mut errors = Vec::new();
    for (key, value) in body {
        match key.as_str() {
            "email" => match value.as_str().and_then(kernel::text::normalise_email) {
                Some(e) => f.email = Some(e),
                None => errors.push(err(prefix, "email", "invalid", "an email address")),
            },
            "first_name" => f.first_name = text(prefix, key, value, 100, &mut errors),
            "last_name" => f.last_name = text(prefix, key, value, 100, &mut errors),
            "language" => match value {
                Value::Null => f.language = Some(None),
                Value::String(s) if kernel::text::language_is_valid(s.trim()) => {
                    f.language = Some(Some(s.trim().to_owned()))
                }
                _ => errors.push(err(
                    prefix,
                    key,
                    "invalid",
                    "a BCP 47 language tag such as en, pt-BR or es-419",
                )),
            },
            "country" => match value {
                Value::Null => f.country = Some(None),
                Value::String(s)
                    if s.trim().len() == 2 && s.trim().bytes().all(|b| b.is_ascii_alphabetic()) =>
                {
                    f.country = Some(Some(s.trim().to_ascii_uppercase()))
                }
                _ => errors.push(err(
                    prefix,
                    key,
                    "invalid",
                    "an ISO 3166-1 alpha-2 country code such as BR",
                )),
            },
            "source" => match value {
                Value::Null => f.source = Some(None),
                Value::String(s)
                    if (1..=64).contains(&s.len())
                        && s.bytes().all(|b| {
                            b.is_ascii_alphabetic()
                                || b.is_ascii_digit()
                                || matches!(b, b'_' | b'-' | b'.' | b':')
                        }) =>
                {
                    f.source = Some(Some(s.clone()))
                }
                _ => errors.push(err(
                    prefix,
                    key,
                    "invalid",
                    "1 to 64 of a-z, A-Z, 0-9, _ - . :",
                )),
            },
            // `null` for a field that cannot be cleared: as if it were not given.
            "status" | "validation" | "tags" if value.is_null() => {}
            "status" => match serde_json::from_value::<ContactStatus>(value.clone()) {
                Ok(s) => f.status = Some(s),
                Err(_) => errors.push(err(
                    prefix,
                    key,
                    "invalid",
                    "subscribed, unsubscribed, bounced or complained",
                )),
            },
            "validation" => match serde_json::from_value::<Validation>(value.clone()) {
                Ok(v) => f.validation = Some(v),
                Err(_) => errors.push(err(
                    prefix,
                    key,
                    "invalid",
                    "pending, valid, invalid or risky",
                )),
            },
            "attributes" => match value {
                Value::Null => f.attributes = Some(BTreeMap::new()),
                Value::Object(map) => {
                    let mut out = BTreeMap::new();
                    if map.len() > MAX_ATTRIBUTES {
                        errors.push(err(prefix, key, "too_many", "at most 50 attributes"));
                    }
                    for (name, v) in map {
                        let name_ok = (1..=64).contains(&name.len())
                            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                        let value_ok = match v {
                            Value::String(s) => s.chars().count() <= 1_000,
                            Value::Number(_) | Value::Bool(_) => true,
                            _ => false,
                        };
                        if !name_ok || !value_ok {
                            errors.push(err(
                                prefix,
                                &format!("attributes.{name}"),
                                "invalid",
                                "names of 1–64 letters, digits or _; values a string (≤ 1,000 characters), number or boolean",
                            ));
                        } else {
                            out.insert(name.clone(), v.clone());
                        }
                    }
                    f.attributes = Some(out);
                }
                _ => errors.push(err(prefix, key, "type", "an object")),
            },
            "tags" => match value.as_array() {
                Some(list) if list.len() <= MAX_TAG_CHANGES => {
                    let mut slugs = Vec::new();
                    for (i, s) in list.iter().enumerate() {
                        match s.as_str().filter(|s| slug_is_valid(s)) {
                            Some(s) if !slugs.iter().any(|x: &String| x == s) => {
                                slugs.push(s.to_owned())
                            }
                            Some(_) => {}
                            None => errors.push(err(
                                prefix,
                                &format!("tags[{i}]"),
                                "invalid",
                                "a tag slug (a-z, 0-9, -)",
                            )),
                        }
                    }
                    f.tags = Some(slugs);
                }
                _ => errors.push(err(
                    prefix,
                    key,
                    "invalid",
                    "a list of at most 20 tag slugs",
                )),
            },
            // JSON null is absent, as in every body.
            "version" if allow_version && value.is_null() => {}
            "version" if allow_version => match kernel::bounds::version_value(value) {
                Some(v) => f.version = Some(v),
                None => errors.push(err(prefix, key, "type", "the version read")),
            },
            _ => errors.push(err(prefix, key, "unknown", "not a contact field")),
        }
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(errors)
    }
}

fn apply(c: &mut Contact, f: &Fields) {
    if let Some(e) = &f.email {
        c.email = e.clone();
    }
    let set = |slot: &mut Option<String>, v: &Option<Option<String>>| {
        if let Some(v) = v {
            *slot = v.clone();
        }
    };
    set(&mut c.first_name, &f.first_name);
    set(&mut c.last_name, &f.last_name);
    set(&mut c.language, &f.language);
    set(&mut c.country, &f.country);
    set(&mut c.source, &f.source);
    if let Some(s) = f.status {
        c.status = s;
    }
    if let Some(v) = f.validation {
        c.validation = v;
    }
    if let Some(a) = &f.attributes {
        c.attributes = a.clone();
    }
    if f.person_id.is_some() {
        c.person_id = f.person_id.clone();
    }
}

fn now() -> String {
    kernel::time::rfc3339(kernel::time::now())
}

fn not_found() -> ApiError {
    ApiError::not_found("no such contact in this organisation")
}

fn with_person(mut f: Fields, people: &HashMap<String, String>) -> Fields {
    if f.person_id.is_none() {
        f.person_id = f.email.as_ref().and_then(|e| people.get(e)).cloned();
    }
    f
}

/// Creates a contact (linked to `f.person_id`, which the caller finds: people are another
/// domain's). 409 when the email is taken (the detail names the contact holding it); 422
/// naming `tags[i]` when a tag does not exist.
pub async fn create(state: &AppState, caller: &Caller<'_>, f: Fields) -> Result<Contact, ApiError> {
    let tenant = caller.tenant;
    let Some(email) = f.email.clone() else {
        return Err(ApiError::field(
            "email",
            "required",
            "a contact needs an email address",
        ));
    };
    let at = now();
    let mut c = Contact {
        id: ContactId::new().to_string(),
        email: email.clone(),
        first_name: None,
        last_name: None,
        language: None,
        country: None,
        status: ContactStatus::Subscribed,
        validation: Validation::Pending,
        source: None,
        tags: Vec::new(),
        attributes: BTreeMap::new(),
        person_id: None,
        created_at: at.clone(),
        updated_at: at,
        version: 1,
    };
    apply(&mut c, &f);
    let wanted = f.tags.clone().unwrap_or_default();
    c.tags = wanted.clone();
    match contact::create(state, tenant, &c).await? {
        Written::Done => Ok(c),
        Written::NoSuchTag(n) => Err(ApiError::validation(vec![FieldError::body(
            format!("tags[{n}]"),
            "not_found",
            "no such tag: create it first",
        )])),
        _ => Err(taken(state, tenant, &email).await),
    }
}

async fn taken(state: &AppState, tenant: &TenantId, email: &str) -> ApiError {
    let holder = contact::holder_of(state, tenant, email)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    ApiError::Conflict {
        detail: format!("a contact with this email already exists: {holder}"),
    }
}

pub async fn load(state: &AppState, tenant: &TenantId, id: &str) -> Result<Contact, ApiError> {
    contact::load(state, tenant, id)
        .await?
        .ok_or_else(not_found)
}

/// Edits a contact: the fields given (`null` clears), tags replaced when `tags` is given (at most
/// 20 added or removed), the email moved to its new marker. Conditional on `version` when given,
/// else on the version read.
pub async fn edit(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
    f: Fields,
) -> Result<Contact, ApiError> {
    let tenant = caller.tenant;
    let old = load(state, tenant, id).await?;
    edit_loaded(state, tenant, old, f).await
}

/// [`edit`] of a contact already read (a bulk upsert reads it to merge tags: no second read).
async fn edit_loaded(
    state: &AppState,
    tenant: &TenantId,
    old: Contact,
    f: Fields,
) -> Result<Contact, ApiError> {
    if f.version.is_some_and(|v| v != old.version) {
        return Err(changed());
    }
    let mut c = old.clone();
    apply(&mut c, &f);
    let before: BTreeSet<String> = old.tags.iter().cloned().collect();
    let after: BTreeSet<String> = match &f.tags {
        Some(t) => t.iter().cloned().collect(),
        None => before.clone(),
    };
    let added: Vec<&String> = after.difference(&before).collect();
    let removed: Vec<&String> = before.difference(&after).collect();
    if added.len() + removed.len() > MAX_TAG_CHANGES {
        return Err(ApiError::field(
            "tags",
            "too_many",
            "at most 20 tags added or removed at once",
        ));
    }
    // A change of tags alone is a change too (the tags are set below, after this comparison).
    if c == old && added.is_empty() && removed.is_empty() {
        return Ok(old);
    }
    c.tags = after.iter().cloned().collect();
    c.version = old.version + 1;
    c.updated_at = now();
    match contact::replace(state, tenant, &c, &old, &added, &removed).await? {
        Written::Done => Ok(c),
        Written::Changed => Err(changed()),
        Written::EmailTaken => Err(taken(state, tenant, &c.email).await),
        Written::NoSuchTag(i) => Err(ApiError::field(
            "tags",
            "not_found",
            format!("no such tag: {}", added[i]),
        )),
    }
}

fn changed() -> ApiError {
    ApiError::Conflict {
        detail: "the contact changed since you read it; read it again".into(),
    }
}

/// Deletes a contact with its tag links (each tag's count moves with its link) and its email
/// marker. 404 when there is none; 409 when it changed meanwhile.
pub async fn delete(state: &AppState, caller: &Caller<'_>, id: &str) -> Result<(), ApiError> {
    let tenant = caller.tenant;
    let c = load(state, tenant, id).await?;
    match contact::delete(state, tenant, &c).await? {
        Written::Done => Ok(()),
        _ => Err(changed()),
    }
}

/// Deletes a contact for the platform (a bounce rule's `delete`): done when it is gone already;
/// a concurrent change is read again and the delete retried.
pub async fn remove(state: &AppState, tenant: &TenantId, id: &str) -> Result<(), ApiError> {
    for _ in 0..3 {
        let c = match load(state, tenant, id).await {
            Ok(c) => c,
            Err(ApiError::NotFound { .. }) => return Ok(()),
            Err(e) => return Err(e),
        };
        if let Written::Done = contact::delete(state, tenant, &c).await? {
            return Ok(());
        }
    }
    Err(changed())
}

/// A page of contacts, filtered. With `tag`, the tag's members (GSI1) are read and their contacts
/// fetched in one BatchGetItem per 100; the other filters apply to either.
pub async fn list(
    state: &AppState,
    caller: &Caller<'_>,
    filter: &ListFilter,
    page: &PageParams,
) -> Result<(Vec<Contact>, Option<String>), ApiError> {
    let tenant = caller.tenant;
    let codec = state.cursor_codec().await?;
    Ok(contact::list(state, tenant, codec, filter, page).await?)
}

/// Contacts by id, in order (`None` for an id with no contact): one BatchGetItem per 100.
pub async fn load_many(
    state: &AppState,
    tenant: &TenantId,
    ids: &[String],
) -> Result<Vec<Option<Contact>>, ApiError> {
    Ok(contact::load_many(state, tenant, ids).await?)
}

/// What a bulk upsert did to one contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Upserted {
    Created,
    Updated,
    /// The row said nothing the contact did not hold already.
    Unchanged,
}

/// One row of a bulk upsert: what happened to it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RowOutcome {
    pub index: usize,
    pub outcome: Upserted,
    pub id: String,
}

pub use crate::tags::RowError;

/// The answer of a bulk upsert.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct BulkReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub results: Vec<RowOutcome>,
    /// Rows refused, by index; the others were applied.
    pub errors: Vec<RowError>,
}

/// Creates or updates up to 1,000 contacts by email. Valid rows are applied (8 at a time) and
/// invalid rows are reported by index; a row repeating an earlier row's email is refused. Tags
/// given are added (never removed). Retry: by email, so a retried request updates the same
/// contacts; two requests creating one email race on its marker and the loser updates instead.
pub async fn upsert_many(
    state: &AppState,
    caller: &Caller<'_>,
    rows: Vec<(usize, Result<Fields, Vec<FieldError>>)>,
    people: &HashMap<String, String>,
) -> Result<BulkReport, ApiError> {
    let mut report = BulkReport::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut valid = Vec::new();
    for (index, row) in rows {
        match row {
            Err(errors) => report.errors.push(RowError { index, errors }),
            Ok(f) => match f.email.clone() {
                None => report.errors.push(RowError {
                    index,
                    errors: vec![FieldError::body(
                        format!("contacts[{index}].email"),
                        "required",
                        "a contact needs an email address",
                    )],
                }),
                Some(email) => {
                    if let Some(first) = seen.get(&email) {
                        report.errors.push(RowError {
                            index,
                            errors: vec![FieldError::body(
                                format!("contacts[{index}].email"),
                                "duplicate",
                                format!("repeats contacts[{first}]"),
                            )],
                        });
                    } else {
                        seen.insert(email, index);
                        valid.push((index, f));
                    }
                }
            },
        }
    }
    let outcomes: Vec<(usize, Result<UpsertedContact, ApiError>)> = futures::stream::iter(valid)
        .map(|(index, f)| async move { (index, upsert_one(state, caller, f, people).await) })
        .buffer_unordered(8)
        .collect()
        .await;
    let mut outcomes = outcomes;
    outcomes.sort_by_key(|(i, _)| *i);
    for (index, result) in outcomes {
        match result {
            Ok((id, outcome)) => {
                match outcome {
                    Upserted::Created => report.created += 1,
                    Upserted::Updated => report.updated += 1,
                    Upserted::Unchanged => report.unchanged += 1,
                }
                report.results.push(RowOutcome { index, outcome, id });
            }
            Err(ApiError::Validation { errors }) | Err(ApiError::BadRequest { errors, .. }) => {
                report.errors.push(RowError {
                    index,
                    errors: errors
                        .into_iter()
                        .map(|mut e| {
                            e.field = format!("contacts[{index}].{}", e.field);
                            e
                        })
                        .collect(),
                })
            }
            Err(e) if e.is_retryable() => return Err(e),
            Err(e) => report.errors.push(RowError {
                index,
                errors: vec![FieldError::body(
                    format!("contacts[{index}]"),
                    "refused",
                    e.to_string(),
                )],
            }),
        }
    }
    report.errors.sort_by_key(|e| e.index);
    Ok(report)
}

/// A contact id and what happened to it.
type UpsertedContact = (String, Upserted);

/// `people`: enriched people by email, linked to a contact created here (not to one that exists).
async fn upsert_one(
    state: &AppState,
    caller: &Caller<'_>,
    f: Fields,
    people: &HashMap<String, String>,
) -> Result<UpsertedContact, ApiError> {
    let tenant = caller.tenant;
    let email = f.email.clone().unwrap_or_default();
    for _ in 0..3 {
        let holder = contact::holder_of(state, tenant, &email).await?;
        match holder {
            None => match create(state, caller, with_person(f.clone(), people)).await {
                Ok(c) => return Ok((c.id, Upserted::Created)),
                // Created meanwhile by another request: update it instead.
                Err(ApiError::Conflict { .. }) => continue,
                Err(e) => return Err(e),
            },
            Some(holder) => {
                let old = match load(state, tenant, holder.as_str()).await {
                    Ok(c) => c,
                    Err(_) => continue,
                };
                let mut merged = f.clone();
                merged.version = Some(old.version);
                if f.keep_source && old.source.is_some() {
                    merged.source = None;
                }
                if let Some(add) = &f.tags {
                    let mut all = old.tags.clone();
                    all.extend(add.iter().filter(|t| !old.tags.contains(t)).cloned());
                    merged.tags = Some(all);
                }
                let version = old.version;
                match edit_loaded(state, tenant, old, merged).await {
                    Ok(c) if c.version == version => return Ok((c.id, Upserted::Unchanged)),
                    Ok(c) => return Ok((c.id, Upserted::Updated)),
                    Err(ApiError::Conflict { .. }) => continue,
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Err(ApiError::Conflict {
        detail: "the contact kept changing while it was being written; retry".into(),
    })
}

/// A stored person as the campaign engine takes it: the enrichment domain reads it, the caller
/// hands it over (the engine never reads another domain's items).
#[derive(Debug, Clone, Default)]
pub struct PersonContact {
    pub person_id: String,
    /// `None`: the person has no email (or does not exist); reported, not failed.
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// ISO 3166 alpha-2, if the person has one.
    pub country: Option<String>,
}

/// People as contacts: each person with an email becomes (or updates) the contact with that
/// email, linked to the person, with `source` (`people` or `job:<id>`). Returns the report and
/// the people without an email, who are reported, not failed.
pub async fn from_people(
    state: &AppState,
    caller: &Caller<'_>,
    people: Vec<PersonContact>,
    source: &str,
    tags: Option<Vec<String>>,
) -> Result<(BulkReport, Vec<String>), ApiError> {
    let mut rows = Vec::new();
    let mut without_email = Vec::new();
    for p in people {
        let Some(email) = p.email.as_deref().and_then(kernel::text::normalise_email) else {
            without_email.push(p.person_id);
            continue;
        };
        let country = p
            .country
            .filter(|c| c.len() == 2)
            .map(|c| c.to_ascii_uppercase());
        let f = Fields {
            email: Some(email),
            first_name: p.first_name.map(Some),
            last_name: p.last_name.map(Some),
            country: country.map(Some),
            source: Some(Some(source.to_owned())),
            tags: tags.clone(),
            person_id: Some(p.person_id),
            ..Fields::default()
        };
        rows.push((rows.len(), Ok(f)));
    }
    let report = upsert_many(state, caller, rows, &HashMap::new()).await?;
    Ok((report, without_email))
}

/// Sets a contact's status (unsubscribe, bounce, complaint) in one UpdateItem that also moves its
/// version, so an edit based on an older read is a 409 rather than undoing it. `Ok(false)` when
/// the contact no longer exists.
pub async fn set_status(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    status: ContactStatus,
) -> Result<bool, ApiError> {
    Ok(contact::set_status(state, tenant, id, status, &now()).await?)
}

/// The organisation's contacts counted: exact (moved with every write of a contact), read in one
/// BatchGetItem whatever their number.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContactStats {
    pub total: u64,
    /// Every status, 0 included.
    #[schema(example = json!({"subscribed": 940, "unsubscribed": 31, "bounced": 24, "complained": 5}))]
    pub by_status: BTreeMap<String, u64>,
    /// Every validation status, 0 included.
    #[schema(example = json!({"pending": 600, "valid": 380, "invalid": 12, "risky": 8}))]
    pub by_validation: BTreeMap<String, u64>,
    /// Languages held by at least one contact (`none`: no language).
    #[schema(example = json!({"en": 700, "pt": 250, "none": 50}))]
    pub by_language: BTreeMap<String, u64>,
    /// Sources held by at least one contact (`none`: no source).
    #[schema(example = json!({"import": 800, "api": 200}))]
    pub by_source: BTreeMap<String, u64>,
}

pub async fn stats(state: &AppState, tenant: &TenantId) -> Result<ContactStats, ApiError> {
    let counts = contact::stats(state, tenant).await?;
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    let mut out = ContactStats {
        total: counts.get("total").copied().map_or(0, n),
        by_status: [
            ContactStatus::Subscribed,
            ContactStatus::Unsubscribed,
            ContactStatus::Bounced,
            ContactStatus::Complained,
        ]
        .into_iter()
        .map(|s| (s.as_str().to_owned(), 0))
        .collect(),
        by_validation: [
            Validation::Pending,
            Validation::Valid,
            Validation::Invalid,
            Validation::Risky,
        ]
        .into_iter()
        .map(|v| (v.as_str().to_owned(), 0))
        .collect(),
        by_language: BTreeMap::new(),
        by_source: BTreeMap::new(),
    };
    for (name, v) in counts {
        let Some((facet, value)) = name.split_once(':') else {
            continue;
        };
        let into = match facet {
            "status" => &mut out.by_status,
            "validation" => &mut out.by_validation,
            "language" => &mut out.by_language,
            "source" => &mut out.by_source,
            _ => continue,
        };
        if v > 0 {
            into.insert(value.to_owned(), n(v));
        }
    }
    Ok(out)
}

/// A contact made of sample fields, never stored (template previews).
pub fn sample(fields: &Map<String, Value>) -> Result<Contact, ApiError> {
    let f = parse(fields, "contact.", false).map_err(ApiError::validation)?;
    let at = now();
    let mut c = Contact {
        id: ContactId::new().to_string(),
        email: f
            .email
            .clone()
            .unwrap_or_else(|| "someone@example.com".into()),
        first_name: None,
        last_name: None,
        language: None,
        country: None,
        status: ContactStatus::Subscribed,
        validation: Validation::Pending,
        source: None,
        tags: f.tags.clone().unwrap_or_default(),
        attributes: BTreeMap::new(),
        person_id: None,
        created_at: at.clone(),
        updated_at: at,
        version: 0,
    };
    apply(&mut c, &f);
    Ok(c)
}
