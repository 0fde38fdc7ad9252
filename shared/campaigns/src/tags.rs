//! Tags and their links to contacts.
//!
//! A link is one item in the contact's partition (`TAG#<slug>`) with a GSI1 entry under the tag
//! (sharded 8 ways by contact id). A tag's `contact_count` is the sum of 8 count items in the tag's
//! partition; a link is written or deleted in the same transaction as the `ADD` on its count shard,
//! conditional on the link's absence or presence, so the count is exact under concurrency and
//! redelivery and never needs a scan. The count shards double as the tag's existence check: a tag
//! being deleted loses them first, so no new link can form while its links are removed.

use aws_sdk_dynamodb::types::AttributeValue;
use futures::StreamExt;
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use store::{keys, PageParams, PutMode, Record, StoreError, TxOp};

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

const TAG: &str = "TAG";
const TAG_COUNT: &str = "TAG_COUNT";
const CONTACT_TAG: &str = "CONTACT_TAG";
/// Contacts one tagging request takes.
pub const MAX_IDS: usize = 1_000;

/// A tag as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

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

#[derive(Debug, Serialize, Deserialize)]
struct Count {
    #[serde(default)]
    count: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Link {
    contact_id: String,
    slug: String,
}

fn now() -> String {
    kernel::time::rfc3339(kernel::time::now())
}

fn not_found() -> ApiError {
    ApiError::not_found("no such tag in this organisation")
}

/// The actions that link a contact to a tag: the link (absent before) and its count shard (which
/// must exist: the tag does). With `touch_contact`, the contact's tag set and version move too
/// (left out when the same transaction writes the contact itself).
pub fn link_ops(
    tenant: &TenantId,
    contact_id: &str,
    slug: &str,
    touch_contact: bool,
) -> Result<Vec<TxOp>, StoreError> {
    let link = Link {
        contact_id: contact_id.to_owned(),
        slug: slug.to_owned(),
    };
    let mut ops = vec![
        TxOp::put(
            &Record::new(
                CONTACT_TAG,
                keys::contact_tag(tenant, contact_id, slug),
                &link,
            )
            .with_gsi1(keys::tag_member(tenant, slug, contact_id)),
            PutMode::IfAbsent,
        )?,
        count_op(tenant, slug, contact_id, 1),
    ];
    if touch_contact {
        ops.push(contact_tags_op(tenant, contact_id, slug, "ADD"));
    }
    Ok(ops)
}

/// The actions that unlink: the link (present before) and its count shard.
pub fn unlink_ops(
    tenant: &TenantId,
    contact_id: &str,
    slug: &str,
    touch_contact: bool,
) -> Vec<TxOp> {
    let mut ops = vec![
        TxOp::Delete {
            key: keys::contact_tag(tenant, contact_id, slug),
            must_exist: true,
        },
        count_op(tenant, slug, contact_id, -1),
    ];
    if touch_contact {
        ops.push(contact_tags_op(tenant, contact_id, slug, "DELETE"));
    }
    ops
}

fn count_op(tenant: &TenantId, slug: &str, contact_id: &str, by: i64) -> TxOp {
    TxOp::Update {
        key: keys::tag_count(tenant, slug, contact_id),
        update: "ADD #c :by".into(),
        condition: None,
        names: vec![("#c".into(), "count".into())],
        values: vec![(":by".into(), AttributeValue::N(by.to_string()))],
    }
}

fn contact_tags_op(tenant: &TenantId, contact_id: &str, slug: &str, verb: &str) -> TxOp {
    TxOp::Update {
        key: keys::contact(tenant, contact_id),
        // One ADD section per expression: `ADD a :x, b :y`.
        update: if verb == "ADD" {
            "ADD #t :s, #v :one".into()
        } else {
            format!("{verb} #t :s ADD #v :one")
        },
        condition: None,
        names: vec![
            ("#t".into(), "tags".into()),
            ("#v".into(), "version".into()),
        ],
        values: vec![
            (":s".into(), AttributeValue::Ss(vec![slug.to_owned()])),
            (":one".into(), AttributeValue::N("1".into())),
        ],
    }
}

/// Removes one link of a contact being deleted: the link and its count together, once (a link
/// already gone moves nothing); when the tag itself is being deleted (its count shards are gone),
/// the link alone.
pub async fn unlink_for_delete(
    state: &AppState,
    tenant: &TenantId,
    contact_id: &str,
    slug: &str,
) -> Result<(), ApiError> {
    match state
        .store
        .transact(unlink_ops(tenant, contact_id, slug, false))
        .await
    {
        Ok(()) => Ok(()),
        Err(e) if e.failed_action() == Some(0) => Ok(()),
        Err(e) if e.failed_action() == Some(1) => {
            state
                .store
                .delete(&keys::contact_tag(tenant, contact_id, slug), false)
                .await?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
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
            ("version", v) if !creating => match v.as_u64().filter(|v| i64::try_from(*v).is_ok()) {
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
    tenant: &TenantId,
    f: TagFields,
) -> Result<TagView, ApiError> {
    let at = now();
    let tag = Tag {
        slug: f.slug.unwrap_or_default(),
        name: f.name.unwrap_or_default(),
        description: f.description.flatten(),
        created_at: at.clone(),
        updated_at: at,
        version: 1,
    };
    let mut ops = vec![TxOp::put(
        &Record::new(TAG, keys::tag(tenant, &tag.slug), &tag)
            .with_gsi1(keys::tag_in_list(tenant, &tag.slug)),
        PutMode::IfAbsent,
    )?];
    for key in keys::tag_counts(tenant, &tag.slug) {
        ops.push(TxOp::put(
            &Record::new(TAG_COUNT, key, &Count { count: 0 }),
            PutMode::IfAbsent,
        )?);
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(view(tag, 0)),
        Err(e) if e.failed_action().is_some() => Err(ApiError::Conflict {
            detail: "a tag with this slug already exists".into(),
        }),
        Err(e) => Err(e.into()),
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

/// Sums count shards read in one BatchGetItem (`items` in the order of `keys::tag_counts`).
fn sum(items: &[Option<store::Item>]) -> u64 {
    let total: i64 = items
        .iter()
        .flatten()
        .filter_map(|i| serde_dynamo::from_item::<_, Count>(i.clone()).ok())
        .map(|c| c.count)
        .sum();
    u64::try_from(total).unwrap_or(0)
}

/// A tag with its count: one BatchGetItem of the tag and its 8 count shards.
pub async fn get(state: &AppState, tenant: &TenantId, slug: &str) -> Result<TagView, ApiError> {
    let mut wanted = vec![keys::tag(tenant, slug)];
    wanted.extend(keys::tag_counts(tenant, slug));
    let mut found = state.store.batch_get(&wanted).await?;
    let counts = found.split_off(1);
    let tag = found
        .pop()
        .flatten()
        .and_then(|i| serde_dynamo::from_item::<_, Tag>(i).ok())
        .ok_or_else(not_found)?;
    Ok(view(tag, sum(&counts)))
}

/// A page of tags by slug, each with its count (one BatchGetItem per 11 tags).
pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    page: &PageParams,
) -> Result<(Vec<TagView>, Option<String>), ApiError> {
    let codec = state.cursor_codec().await?;
    let found = state
        .store
        .query::<Tag>(tenant, &keys::tags(tenant), page, codec)
        .await?;
    let mut out = Vec::with_capacity(found.items.len());
    for chunk in found.items.chunks(11) {
        let wanted: Vec<store::Key> = chunk
            .iter()
            .flat_map(|t| keys::tag_counts(tenant, &t.slug))
            .collect();
        let counts = state.store.batch_get(&wanted).await?;
        for (t, shards) in chunk.iter().zip(counts.chunks(keys::SHARDS as usize)) {
            out.push(view(t.clone(), sum(shards)));
        }
    }
    Ok((out, found.next_cursor))
}

/// Renames or redescribes a tag (the slug is its identity). Conditional on the version.
pub async fn update(
    state: &AppState,
    tenant: &TenantId,
    slug: &str,
    f: TagFields,
) -> Result<TagView, ApiError> {
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
    match state
        .store
        .put(
            &Record::new(TAG, keys::tag(tenant, slug), &tag)
                .with_gsi1(keys::tag_in_list(tenant, slug)),
            PutMode::IfVersion(current.version),
        )
        .await
    {
        Ok(()) => Ok(view(tag, current.contact_count)),
        Err(StoreError::ConditionFailed) => Err(changed()),
        Err(e) => Err(e.into()),
    }
}

fn changed() -> ApiError {
    ApiError::Conflict {
        detail: "the tag changed since you read it; read it again".into(),
    }
}

/// Deletes a tag and every link to it: first its count shards (from then on no new link can
/// form), then each link with the contact's tag set, then the tag. A retry after a failure midway
/// continues where it stopped (the tag item goes last). Returns how many links it removed.
pub async fn delete(state: &AppState, tenant: &TenantId, slug: &str) -> Result<usize, ApiError> {
    let exists = state
        .store
        .get::<Tag>(&keys::tag(tenant, slug))
        .await?
        .is_some();
    if !exists {
        return Err(not_found());
    }
    let counts: Vec<TxOp> = keys::tag_counts(tenant, slug)
        .into_iter()
        .map(|key| TxOp::Delete {
            key,
            must_exist: false,
        })
        .collect();
    state.store.transact(counts).await?;
    let mut removed = 0;
    for shard in keys::tag_members(tenant, slug) {
        loop {
            let links: Vec<Link> = state.store.query_first(&shard, 100).await?;
            if links.is_empty() {
                break;
            }
            let n = links.len();
            let results: Vec<Result<(), ApiError>> = futures::stream::iter(links)
                .map(|l| async move { unlink_for_tag_delete(state, tenant, &l).await })
                .buffer_unordered(8)
                .collect()
                .await;
            for r in results {
                r?;
            }
            removed += n;
        }
    }
    state.store.delete(&keys::tag(tenant, slug), false).await?;
    Ok(removed)
}

async fn unlink_for_tag_delete(
    state: &AppState,
    tenant: &TenantId,
    link: &Link,
) -> Result<(), ApiError> {
    let ops = vec![
        TxOp::Delete {
            key: keys::contact_tag(tenant, &link.contact_id, &link.slug),
            must_exist: false,
        },
        contact_tags_op(tenant, &link.contact_id, &link.slug, "DELETE"),
    ];
    match state.store.transact(ops).await {
        Ok(()) => Ok(()),
        // The contact is gone (being deleted): the link alone.
        Err(e) if e.failed_action() == Some(1) => {
            state
                .store
                .delete(
                    &keys::contact_tag(tenant, &link.contact_id, &link.slug),
                    false,
                )
                .await?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
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
    tenant: &TenantId,
    slug: &str,
    ids: Vec<String>,
    add: bool,
) -> Result<TaggingReport, ApiError> {
    get(state, tenant, slug).await?;
    let outcomes: Vec<(usize, Result<bool, ApiError>)> =
        futures::stream::iter(ids.into_iter().enumerate())
            .map(|(index, id)| async move {
                let ops = if add {
                    link_ops(tenant, &id, slug, true).map_err(ApiError::from)
                } else {
                    Ok(unlink_ops(tenant, &id, slug, true))
                };
                let result = match ops {
                    Err(e) => Err(e),
                    Ok(ops) => match state.store.transact(ops).await {
                        Ok(()) => Ok(true),
                        // The link was already there (or already gone).
                        Err(e) if e.failed_action() == Some(0) => Ok(false),
                        // The tag was deleted meanwhile.
                        Err(e) if e.failed_action() == Some(1) => Err(not_found()),
                        Err(e) if e.failed_action() == Some(2) => {
                            Err(ApiError::validation(vec![FieldError::body(
                                format!("contact_ids[{index}]"),
                                "not_found",
                                "no such contact in this organisation",
                            )]))
                        }
                        Err(e) => Err(e.into()),
                    },
                };
                (index, result)
            })
            .buffer_unordered(8)
            .collect()
            .await;
    let mut report = TaggingReport::default();
    let mut outcomes = outcomes;
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
