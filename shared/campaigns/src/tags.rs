//! Tags and their links to contacts (stored by `persist::contact`, which says how counts stay
//! exact under concurrency and redelivery).

pub use crate::persist::contact::Tag;
use crate::persist::contact::{self, Tagged};
use futures::StreamExt;
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use platform::AppState;
use platform::Caller;
use serde::Serialize;
use serde_json::Value;
use store::PageParams;

/// A tag slug: 1–64 of `a-z`, `0-9` and `-`, not starting with `-`.
pub fn slug_is_valid(slug: &str) -> bool {
    (1..=64).contains(&slug.len())
        && !slug.starts_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// One refused row of a bulk request (a contact upsert, a tagging), with every reason.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RowError {
    pub index: usize,
    pub errors: Vec<FieldError>,
}

/// Contacts one tagging request takes.
pub const MAX_IDS: usize = 1_000;

/// A tag as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TagView {
    #[schema(example = "customers-br")]
    pub slug: String,
    #[schema(example = "Customers in Brazil")]
    pub name: String,
    pub description: Option<String>,
    /// Contacts with this tag (exact).
    pub contact_count: u64,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

fn now() -> String {
    kernel::time::rfc3339(kernel::time::now())
}

fn not_found() -> ApiError {
    ApiError::not_found("no such tag in this organisation")
}

/// What a tag body says.
#[derive(Debug, Default)]
pub struct TagFields {
    pub slug: Option<String>,
    pub name: Option<String>,
    pub description: Option<Option<String>>,
    pub version: Option<u64>,
}

/// Reads a tag body, naming every bad field. `creating`: `slug` and `name` are required.
pub fn parse(body: &serde_json::Map<String, Value>, creating: bool) -> Result<TagFields, ApiError> {
    let mut f = TagFields::default();
    let mut errors = Vec::new();
    for (key, value) in body {
        match (key.as_str(), value) {
            ("slug", Value::String(s)) if creating && slug_is_valid(s) => f.slug = Some(s.clone()),
            ("slug", _) if creating => errors.push(FieldError::body(
                "slug",
                "invalid",
                "1 to 64 of a-z, 0-9 and -, not starting with -",
            )),
            ("name", Value::String(s))
                if (1..=100).contains(&s.trim().chars().count())
                    && kernel::text::check_line(s.trim()).is_ok() =>
            {
                f.name = Some(s.trim().to_owned())
            }
            // JSON null is absent, as in every body (a tag keeps a name).
            ("name", Value::Null) if !creating => {}
            ("name", _) => errors.push(FieldError::body(
                "name",
                "invalid",
                "1 to 100 characters on one line",
            )),
            ("description", Value::Null) => f.description = Some(None),
            ("description", Value::String(s))
                if s.chars().count() <= 500 && kernel::text::check_multiline(s).is_ok() =>
            {
                f.description = Some(Some(s.clone()))
            }
            ("description", _) => errors.push(FieldError::body(
                "description",
                "invalid",
                "at most 500 characters, or null",
            )),
            // JSON null is absent, as in every body.
            ("version", Value::Null) if !creating => {}
            ("version", v) if !creating => match kernel::bounds::version_value(v) {
                Some(v) => f.version = Some(v),
                None => errors.push(FieldError::body("version", "type", "the version read")),
            },
            _ => errors.push(FieldError::body(key.as_str(), "unknown", "not a tag field")),
        }
    }
    if creating {
        if f.slug.is_none() && !body.contains_key("slug") {
            errors.push(FieldError::body("slug", "required", "a slug"));
        }
        if f.name.is_none() && !body.contains_key("name") {
            errors.push(FieldError::body("name", "required", "a name"));
        }
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Creates a tag with its 8 count shards (at 0). 409 when the slug is taken.
pub async fn create(
    state: &AppState,
    caller: &Caller<'_>,
    f: TagFields,
) -> Result<TagView, ApiError> {
    let tenant = caller.tenant;
    let at = now();
    let tag = Tag {
        slug: f.slug.unwrap_or_default(),
        name: f.name.unwrap_or_default(),
        description: f.description.flatten(),
        created_at: at.clone(),
        updated_at: at,
        version: 1,
    };
    if contact::create_tag(state, tenant, &tag).await? {
        Ok(view(tag, 0))
    } else {
        Err(ApiError::Conflict {
            detail: "a tag with this slug already exists".into(),
        })
    }
}

fn view(t: Tag, contact_count: u64) -> TagView {
    TagView {
        slug: t.slug,
        name: t.name,
        description: t.description,
        contact_count,
        created_at: t.created_at,
        updated_at: t.updated_at,
        version: t.version,
    }
}

/// A tag with its count: one BatchGetItem of the tag and its count shards.
/// A 422 naming `field` unless the organisation has the tag `slug` (a typo must not tag nobody).
pub async fn must_exist(
    state: &AppState,
    tenant: &TenantId,
    slug: &str,
    field: &str,
) -> Result<(), ApiError> {
    if !slug_is_valid(slug) {
        return Err(ApiError::validation(vec![FieldError::body(
            field,
            "invalid",
            "a tag's slug: 1 to 64 lower-case letters, digits or hyphens, not starting with one",
        )]));
    }
    match get(state, tenant, slug).await {
        Ok(_) => Ok(()),
        Err(ApiError::NotFound { .. }) => Err(ApiError::validation(vec![FieldError::body(
            field,
            "not_found",
            "no such tag in this organisation",
        )])),
        Err(e) => Err(e),
    }
}

pub async fn get(state: &AppState, tenant: &TenantId, slug: &str) -> Result<TagView, ApiError> {
    let (tag, count) = contact::tag_with_count(state, tenant, slug)
        .await?
        .ok_or_else(not_found)?;
    Ok(view(tag, count))
}

/// A page of tags by slug, each with its count (one BatchGetItem per 11 tags).
pub async fn list(
    state: &AppState,
    caller: &Caller<'_>,
    page: &PageParams,
) -> Result<(Vec<TagView>, Option<String>), ApiError> {
    let tenant = caller.tenant;
    let codec = state.cursor_codec().await?;
    let found = contact::tags_with_counts(state, tenant, codec, page).await?;
    Ok((
        found.items.into_iter().map(|(t, n)| view(t, n)).collect(),
        found.next_cursor,
    ))
}

/// Renames or redescribes a tag (the slug is its identity). Conditional on the version.
pub async fn update(
    state: &AppState,
    caller: &Caller<'_>,
    slug: &str,
    f: TagFields,
) -> Result<TagView, ApiError> {
    let tenant = caller.tenant;
    let current = get(state, tenant, slug).await?;
    if f.version.is_some_and(|v| v != current.version) {
        return Err(changed());
    }
    let mut tag = Tag {
        slug: current.slug.clone(),
        name: f.name.unwrap_or(current.name.clone()),
        description: f.description.unwrap_or(current.description.clone()),
        created_at: current.created_at.clone(),
        updated_at: current.updated_at.clone(),
        version: current.version,
    };
    if tag.name == current.name && tag.description == current.description {
        return Ok(current);
    }
    tag.version += 1;
    tag.updated_at = now();
    if contact::put_tag_if_version(state, tenant, &tag, current.version).await? {
        Ok(view(tag, current.contact_count))
    } else {
        Err(changed())
    }
}

fn changed() -> ApiError {
    ApiError::Conflict {
        detail: "the tag changed since you read it; read it again".into(),
    }
}

/// Deletes a tag and every link to it (see `persist::contact::delete_tag`); returns how many
/// links it removed.
pub async fn delete(state: &AppState, caller: &Caller<'_>, slug: &str) -> Result<usize, ApiError> {
    let tenant = caller.tenant;
    contact::delete_tag(state, tenant, slug)
        .await?
        .ok_or_else(not_found)
}

/// What tagging or untagging many contacts did.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct TaggingReport {
    /// Links made (or removed).
    pub changed: usize,
    /// Contacts that already had (or did not have) the tag.
    pub unchanged: usize,
    /// Ids that name no contact of this organisation, by index.
    pub errors: Vec<RowError>,
}

/// Tags (`add`) or untags up to 1,000 contacts, 8 at a time. Each contact is one transaction: the
/// link, the count shard and the contact's tag set, so a retried or concurrent request changes
/// each link once and the count stays exact. 404 when the tag does not exist.
pub async fn tag_contacts(
    state: &AppState,
    caller: &Caller<'_>,
    slug: &str,
    ids: Vec<String>,
    add: bool,
) -> Result<TaggingReport, ApiError> {
    let tenant = caller.tenant;
    get(state, tenant, slug).await?;
    // An id given twice is one contact: its first place does the work (the others never race it
    // for the same item) and the others report unchanged, or the same missing contact.
    let mut first_index = std::collections::HashMap::new();
    let (first, repeated): (Vec<_>, Vec<_>) = ids
        .into_iter()
        .enumerate()
        .partition(|(index, id)| *first_index.entry(id.clone()).or_insert(*index) == *index);
    let outcomes: Vec<(usize, Result<bool, ApiError>)> = futures::stream::iter(first)
        .map(|(index, id)| async move {
            let result = match contact::tag_contact(state, tenant, &id, slug, add).await {
                Ok(Tagged::Changed) => Ok(true),
                Ok(Tagged::Unchanged) => Ok(false),
                // The tag was deleted meanwhile.
                Ok(Tagged::NoSuchTag) => Err(not_found()),
                Ok(Tagged::NoSuchContact) => Err(ApiError::validation(vec![FieldError::body(
                    format!("contact_ids[{index}]"),
                    "not_found",
                    "no such contact in this organisation",
                )])),
                Err(e) => Err(e.into()),
            };
            (index, result)
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let mut report = TaggingReport::default();
    let mut outcomes = outcomes;
    let failed: std::collections::HashSet<usize> = outcomes
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(i, _)| *i)
        .collect();
    for (index, id) in repeated {
        let first = first_index.get(&id).copied().unwrap_or(index);
        let again = if failed.contains(&first) {
            Err(ApiError::validation(vec![FieldError::body(
                format!("contact_ids[{index}]"),
                "not_found",
                "no such contact in this organisation",
            )]))
        } else {
            Ok(false)
        };
        outcomes.push((index, again));
    }
    outcomes.sort_by_key(|(i, _)| *i);
    for (index, r) in outcomes {
        match r {
            Ok(true) => report.changed += 1,
            Ok(false) => report.unchanged += 1,
            Err(ApiError::Validation { errors }) => report.errors.push(RowError { index, errors }),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}
