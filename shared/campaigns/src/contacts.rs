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

use crate::tags::{self, link_ops, unlink_ops};
use crate::ContactId;
use futures::StreamExt;
use kernel::error::{ApiError, FieldError, Location};
use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use store::{keys, Filter, PageParams, PutMode, Record, TxOp};

pub const CONTACT: &str = "CONTACT";
const CONTACT_EMAIL: &str = "CONTACT_EMAIL";
/// Rows one bulk request takes.
pub const MAX_BULK: usize = 1_000;
/// Tags one write may add or remove (a transaction holds at most 100 actions).
pub const MAX_TAG_CHANGES: usize = 20;
const MAX_ATTRIBUTES: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContactStatus {
    #[default]
    Subscribed,
    Unsubscribed,
    Bounced,
    Complained,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Validation {
    #[default]
    Pending,
    Valid,
    Invalid,
    Risky,
}

impl ContactStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Subscribed => "subscribed",
            Self::Unsubscribed => "unsubscribed",
            Self::Bounced => "bounced",
            Self::Complained => "complained",
        }
    }
}

impl Validation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::Risky => "risky",
        }
    }
}

/// A contact as stored. `tags` is a DynamoDB string set, so tagging can `ADD` to it atomically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub language: Option<String>,
    pub country: Option<String>,
    pub status: ContactStatus,
    pub validation: Validation,
    pub source: Option<String>,
    #[serde(
        with = "serde_dynamo::string_set",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, Value>,
    /// The enriched person with the same email, when there is one.
    pub person_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

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

    fn record(&self, tenant: &TenantId) -> Record<'_, Self> {
        Record::new(CONTACT, keys::contact(tenant, &self.id), self)
            .with_gsi2(keys::contact_in_list(tenant, &self.id))
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct EmailMarker {
    contact_id: String,
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
                            b.is_ascii_lowercase()
                                || b.is_ascii_digit()
                                || matches!(b, b'_' | b'-' | b'.' | b':')
                        }) =>
                {
                    f.source = Some(Some(s.clone()))
                }
                _ => errors.push(err(prefix, key, "invalid", "1 to 64 of a-z, 0-9, _ - . :")),
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
            "version" if allow_version => {
                match value.as_u64().filter(|v| i64::try_from(*v).is_ok()) {
                    Some(v) => f.version = Some(v),
                    None => errors.push(err(prefix, key, "type", "the version read")),
                }
            }
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
pub async fn create(state: &AppState, tenant: &TenantId, f: Fields) -> Result<Contact, ApiError> {
    let Some(email) = f.email.clone() else {
        return Err(ApiError::invalid_field(
            Location::Body,
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
    let mut ops = vec![
        TxOp::put(&c.record(tenant), PutMode::IfAbsent)?,
        TxOp::put(
            &Record::new(
                CONTACT_EMAIL,
                keys::contact_email(tenant, &email),
                &EmailMarker {
                    contact_id: c.id.clone(),
                },
            ),
            PutMode::IfAbsent,
        )?,
    ];
    for slug in &wanted {
        ops.extend(link_ops(tenant, &c.id, slug, false)?);
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(c),
        Err(e) => Err(match e.failed_action() {
            Some(1) => taken(state, tenant, &email).await,
            Some(i) if i >= 2 => {
                let n = (i - 2) / 2;
                ApiError::validation(vec![FieldError::body(
                    format!("tags[{n}]"),
                    "not_found",
                    "no such tag: create it first",
                )])
            }
            _ => e.into(),
        }),
    }
}

async fn taken(state: &AppState, tenant: &TenantId, email: &str) -> ApiError {
    let holder = state
        .store
        .get::<EmailMarker>(&keys::contact_email(tenant, email))
        .await
        .ok()
        .flatten()
        .map(|m| m.contact_id)
        .unwrap_or_default();
    ApiError::Conflict {
        detail: format!("a contact with this email already exists: {holder}"),
    }
}

pub async fn load(state: &AppState, tenant: &TenantId, id: &str) -> Result<Contact, ApiError> {
    state
        .store
        .get::<Contact>(&keys::contact(tenant, id))
        .await?
        .ok_or_else(not_found)
}

/// Edits a contact: the fields given (`null` clears), tags replaced when `tags` is given (at most
/// 20 added or removed), the email moved to its new marker. Conditional on `version` when given,
/// else on the version read.
pub async fn edit(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    f: Fields,
) -> Result<Contact, ApiError> {
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
        return Err(ApiError::invalid_field(
            Location::Body,
            "tags",
            "too_many",
            "at most 20 tags added or removed at once",
        ));
    }
    if c == old {
        return Ok(old);
    }
    c.tags = after.iter().cloned().collect();
    c.version = old.version + 1;
    c.updated_at = now();
    let mut ops = vec![TxOp::put(
        &c.record(tenant),
        PutMode::IfVersion(old.version),
    )?];
    let email_moves = c.email != old.email;
    if email_moves {
        ops.push(TxOp::put(
            &Record::new(
                CONTACT_EMAIL,
                keys::contact_email(tenant, &c.email),
                &EmailMarker {
                    contact_id: c.id.clone(),
                },
            ),
            PutMode::IfAbsent,
        )?);
        ops.push(TxOp::Delete {
            key: keys::contact_email(tenant, &old.email),
            must_exist: false,
        });
    }
    let first_tag_op = ops.len();
    for slug in &added {
        ops.extend(link_ops(tenant, &c.id, slug, false)?);
    }
    for slug in &removed {
        ops.extend(unlink_ops(tenant, &c.id, slug, false));
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(c),
        Err(e) => Err(match e.failed_action() {
            Some(0) => changed(),
            Some(1) if email_moves => taken(state, tenant, &c.email).await,
            Some(i) if i >= first_tag_op && (i - first_tag_op) / 2 < added.len() => {
                let slug = added[(i - first_tag_op) / 2];
                ApiError::invalid_field(
                    Location::Body,
                    "tags",
                    "not_found",
                    format!("no such tag: {slug}"),
                )
            }
            _ => e.into(),
        }),
    }
}

fn changed() -> ApiError {
    ApiError::Conflict {
        detail: "the contact changed since you read it; read it again".into(),
    }
}

/// Deletes a contact with its tag links (each tag's count moves with its link) and its email
/// marker. 404 when there is none; 409 when it changed meanwhile.
pub async fn delete(state: &AppState, tenant: &TenantId, id: &str) -> Result<(), ApiError> {
    let c = load(state, tenant, id).await?;
    for slug in &c.tags {
        tags::unlink_for_delete(state, tenant, &c.id, slug).await?;
    }
    let result = state
        .store
        .transact(vec![
            TxOp::DeleteIfVersion {
                key: keys::contact(tenant, &c.id),
                version: c.version,
            },
            TxOp::Delete {
                key: keys::contact_email(tenant, &c.email),
                must_exist: false,
            },
        ])
        .await;
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.failed_action() == Some(0) => Err(changed()),
        Err(e) => Err(e.into()),
    }
}

/// A page of contacts, filtered. With `tag`, the tag's members (GSI1) are read and their contacts
/// fetched in one BatchGetItem per 100; the other filters apply to either.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub status: Option<ContactStatus>,
    pub validation: Option<Validation>,
    pub language: Option<String>,
    pub source: Option<String>,
    pub tag: Option<String>,
}

pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    filter: &ListFilter,
    page: &PageParams,
) -> Result<(Vec<Contact>, Option<String>), ApiError> {
    let codec = state.cursor_codec().await?;
    let mut attrs: Vec<Filter> = Vec::new();
    if let Some(s) = filter.status {
        attrs.push(Filter::Equals("status".into(), s.as_str().into()));
    }
    if let Some(v) = filter.validation {
        attrs.push(Filter::Equals("validation".into(), v.as_str().into()));
    }
    if let Some(l) = &filter.language {
        attrs.push(Filter::Equals("language".into(), l.clone()));
    }
    if let Some(s) = &filter.source {
        attrs.push(Filter::Equals("source".into(), s.clone()));
    }
    match &filter.tag {
        None => {
            let specs: Vec<store::QuerySpec> = keys::contacts(tenant)
                .into_iter()
                .map(|s| attrs.iter().cloned().fold(s, |s, f| s.filter(f)))
                .collect();
            let found = state
                .store
                .query_sharded::<Contact>(tenant, &specs, page, codec)
                .await?;
            Ok((found.items, found.next_cursor))
        }
        Some(slug) => {
            #[derive(Deserialize)]
            struct Link {
                contact_id: String,
            }
            let found = state
                .store
                .query_sharded::<Link>(tenant, &keys::tag_members(tenant, slug), page, codec)
                .await?;
            let ids: Vec<String> = found.items.into_iter().map(|l| l.contact_id).collect();
            let contacts = load_many(state, tenant, &ids).await?;
            let keep = |c: &Contact| {
                filter.status.is_none_or(|s| c.status == s)
                    && filter.validation.is_none_or(|v| c.validation == v)
                    && filter
                        .language
                        .as_ref()
                        .is_none_or(|l| c.language.as_ref() == Some(l))
                    && filter
                        .source
                        .as_ref()
                        .is_none_or(|s| c.source.as_ref() == Some(s))
            };
            Ok((
                contacts.into_iter().flatten().filter(keep).collect(),
                found.next_cursor,
            ))
        }
    }
}

/// Contacts by id, in order (`None` for an id with no contact): one BatchGetItem per 100.
pub async fn load_many(
    state: &AppState,
    tenant: &TenantId,
    ids: &[String],
) -> Result<Vec<Option<Contact>>, ApiError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(100) {
        let keys: Vec<store::Key> = chunk.iter().map(|id| keys::contact(tenant, id)).collect();
        for item in state.store.batch_get(&keys).await? {
            out.push(item.and_then(|i| serde_dynamo::from_item::<_, Contact>(i).ok()));
        }
    }
    Ok(out)
}

/// One row of a bulk upsert: what happened to it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RowOutcome {
    pub index: usize,
    /// `created`, `updated` or `unchanged`.
    pub outcome: String,
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
    tenant: &TenantId,
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
    let outcomes: Vec<(usize, Result<Upserted, ApiError>)> = futures::stream::iter(valid)
        .map(|(index, f)| async move { (index, upsert_one(state, tenant, f, people).await) })
        .buffer_unordered(8)
        .collect()
        .await;
    let mut outcomes = outcomes;
    outcomes.sort_by_key(|(i, _)| *i);
    for (index, result) in outcomes {
        match result {
            Ok((id, outcome)) => {
                match outcome {
                    "created" => report.created += 1,
                    "updated" => report.updated += 1,
                    _ => report.unchanged += 1,
                }
                report.results.push(RowOutcome {
                    index,
                    outcome: outcome.into(),
                    id,
                });
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

/// A contact id and what happened to it: `created`, `updated` or `unchanged`.
type Upserted = (String, &'static str);

/// `people`: enriched people by email, linked to a contact created here (not to one that exists).
async fn upsert_one(
    state: &AppState,
    tenant: &TenantId,
    f: Fields,
    people: &HashMap<String, String>,
) -> Result<Upserted, ApiError> {
    let email = f.email.clone().unwrap_or_default();
    for _ in 0..3 {
        let holder = state
            .store
            .get::<EmailMarker>(&keys::contact_email(tenant, &email))
            .await?;
        match holder {
            None => match create(state, tenant, with_person(f.clone(), people)).await {
                Ok(c) => return Ok((c.id, "created")),
                // Created meanwhile by another request: update it instead.
                Err(ApiError::Conflict { .. }) => continue,
                Err(e) => return Err(e),
            },
            Some(m) => {
                let old = match load(state, tenant, &m.contact_id).await {
                    Ok(c) => c,
                    Err(_) => continue,
                };
                let mut merged = f.clone();
                merged.version = Some(old.version);
                if let Some(add) = &f.tags {
                    let mut all = old.tags.clone();
                    all.extend(add.iter().filter(|t| !old.tags.contains(t)).cloned());
                    merged.tags = Some(all);
                }
                let version = old.version;
                match edit_loaded(state, tenant, old, merged).await {
                    Ok(c) if c.version == version => return Ok((c.id, "unchanged")),
                    Ok(c) => return Ok((c.id, "updated")),
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
    tenant: &TenantId,
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
    let report = upsert_many(state, tenant, rows, &HashMap::new()).await?;
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
    use aws_sdk_dynamodb::types::AttributeValue;
    let result = state
        .store
        .update_where::<Value>(
            &keys::contact(tenant, id),
            "SET #s = :s, #u = :u ADD #v :one",
            "attribute_exists(#v)",
            &[("#s", "status"), ("#u", "updated_at"), ("#v", "version")],
            &[
                (":s", AttributeValue::S(status.as_str().into())),
                (":u", AttributeValue::S(now())),
                (":one", AttributeValue::N("1".into())),
            ],
        )
        .await;
    match result {
        Ok(_) => Ok(true),
        Err(store::StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e.into()),
    }
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
