//! Contacts, tags and the links between them: one aggregate, because a link moves with the
//! contact's tag set and the tag's count in one transaction.
//!
//! A contact is listed in its organisation's sharded list (GSI2); its email is held by a marker
//! item, so two contacts never share an address. A link is one item in the contact's partition
//! with a GSI1 entry under the tag (sharded by contact id). A tag's `contact_count` is the sum
//! of its count shards; a link is written or deleted in the same transaction as the `ADD` on
//! its count shard, conditional on the link's absence or presence, so the count is exact under
//! concurrency and redelivery and never needs a scan. The count shards double as the tag's
//! existence check: a tag being deleted loses them first, so no new link can form meanwhile.
//!
//! The organisation's contact counters (total, by status, validation, language and source) are
//! 8 shard items, one attribute per value counted; every write of a contact moves its shard in
//! the same transaction as the contact itself (create +1, delete -1, a change -1 old +1 new), so
//! `/v1/stats/contacts` is one BatchGetItem and exact under concurrency and retries.

use futures::StreamExt;
use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use store::cursor::CursorCodec;
use store::expr::{Cond, Update, Value};
use store::{keys, Filter, Key, Page, PageParams, PutMode, Record, StoreError, TxOp};

const CONTACT: &str = "CONTACT";
const CONTACT_EMAIL: &str = "CONTACT_EMAIL";
const TAG: &str = "TAG";
const TAG_COUNT: &str = "TAG_COUNT";
const CONTACT_TAG: &str = "CONTACT_TAG";
const CONTACT_STATS: &str = "CONTACT_STATS";

/// The counters item (its attributes are named by the values counted).
#[derive(Debug, Deserialize)]
struct StatsShard {}

/// What a contact adds to the counters: one per facet.
fn facets(c: &Contact) -> [String; 5] {
    let or_none = |v: &Option<String>| {
        v.as_deref()
            .filter(|v| !v.is_empty())
            .unwrap_or(NONE)
            .to_owned()
    };
    [
        "total".to_owned(),
        format!("status:{}", c.status.as_str()),
        format!("validation:{}", c.validation.as_str()),
        format!("language:{}", or_none(&c.language)),
        format!("source:{}", or_none(&c.source)),
    ]
}

/// How a contact without a language or a source is counted.
pub const NONE: &str = "none";

/// The counters' move for a contact going from `before` to `after` (`None`: absent); `None` when
/// nothing counted changes. Appended last to its transaction, so the indices of the others (which
/// callers read a refusal by) stay as they were.
fn stats_op(
    tenant: &TenantId,
    contact_id: &str,
    before: Option<&Contact>,
    after: Option<&Contact>,
) -> Result<Option<TxOp>, StoreError> {
    let mut moves: BTreeMap<String, i64> = BTreeMap::new();
    for (c, by) in [(before, -1), (after, 1)] {
        for f in c.map(facets).into_iter().flatten() {
            *moves.entry(f).or_default() += by;
        }
    }
    moves.retain(|_, v| *v != 0);
    if moves.is_empty() {
        return Ok(None);
    }
    let mut u = Update::<StatsShard>::new().entity(CONTACT_STATS);
    for (name, by) in &moves {
        u = u.add_to_counter(name, *by);
    }
    TxOp::upsert(keys::contact_stats(tenant, contact_id), &u).map(Some)
}

/// The organisation's contact counters, summed over their shards (one BatchGetItem).
pub async fn stats(
    state: &AppState,
    tenant: &TenantId,
) -> Result<BTreeMap<String, i64>, StoreError> {
    let items = state
        .store
        .batch_get(&keys::contact_stats_all(tenant))
        .await?;
    let mut out: BTreeMap<String, i64> = BTreeMap::new();
    for item in items.into_iter().flatten() {
        for (name, v) in item {
            if name != "total" && !name.contains(':') {
                continue;
            }
            if let Ok(n) = v.as_n().map(|n| n.parse::<i64>().unwrap_or(0)) {
                *out.entry(name).or_default() += n;
            }
        }
    }
    Ok(out)
}

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
    /// Stored as JSON text: its numbers may exceed DynamoDB's.
    #[serde(default, with = "store::json_text")]
    pub attributes: BTreeMap<String, Json>,
    /// The enriched person with the same email, when there is one.
    pub person_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

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

#[derive(Debug, Serialize, Deserialize)]
struct EmailMarker {
    contact_id: String,
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

/// What a contact write did.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Done,
    /// The contact changed (or is gone) since it was read: nothing written.
    Changed,
    /// Another contact holds the email: nothing written.
    EmailTaken,
    /// The tag at this index of the tags being added does not exist: nothing written.
    NoSuchTag(usize),
}

fn contact_record<'a>(tenant: &TenantId, c: &'a Contact) -> Record<'a, Contact> {
    Record::new(CONTACT, keys::contact(tenant, &c.id), c)
        .with_gsi2(keys::contact_in_list(tenant, &c.id))
}

fn email_claim(tenant: &TenantId, c: &Contact) -> Result<TxOp, StoreError> {
    TxOp::put(
        &Record::new(
            CONTACT_EMAIL,
            keys::contact_email(tenant, &c.email),
            &EmailMarker {
                contact_id: c.id.clone(),
            },
        ),
        PutMode::IfAbsent,
    )
}

/// The actions that link a contact to a tag: the link (absent before) and its count shard (which
/// must exist: the tag does). With `touch_contact`, the contact's tag set and version move too
/// (left out when the same transaction writes the contact itself).
fn link_ops(
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
        count_op(tenant, slug, contact_id, 1)?,
    ];
    if touch_contact {
        ops.push(TxOp::apply(
            keys::contact(tenant, contact_id),
            &contact_tags(slug, true),
        )?);
    }
    Ok(ops)
}

/// The actions that unlink: the link (present before) and its count shard.
fn unlink_ops(
    tenant: &TenantId,
    contact_id: &str,
    slug: &str,
    touch_contact: bool,
) -> Result<Vec<TxOp>, StoreError> {
    let mut ops = vec![
        TxOp::Delete {
            key: keys::contact_tag(tenant, contact_id, slug),
            must_exist: true,
        },
        count_op(tenant, slug, contact_id, -1)?,
    ];
    if touch_contact {
        ops.push(TxOp::apply(
            keys::contact(tenant, contact_id),
            &contact_tags(slug, false),
        )?);
    }
    Ok(ops)
}

fn count_op(tenant: &TenantId, slug: &str, contact_id: &str, by: i64) -> Result<TxOp, StoreError> {
    TxOp::apply(
        keys::tag_count(tenant, slug, contact_id),
        &Update::<Count>::new().add("count", Value::number(by)),
    )
}

/// Adds the slug to (or takes it from) the contact's tag set; the version moves either way.
fn contact_tags(slug: &str, add: bool) -> Update<Contact> {
    let slugs = Value::strings(&[slug]);
    let u = Update::new().add("version", Value::number(1));
    if add {
        u.add("tags", slugs)
    } else {
        u.delete_members("tags", slugs)
    }
}

fn status_change(status: ContactStatus, at: &str) -> Update<Contact> {
    Update::new()
        .set("status", &status)
        .set("updated_at", &at)
        .add("version", Value::number(1))
        .when(Cond::exists("version"))
}

// ------------------------------------------------------------------ contacts

/// Stores a new contact with its email claim and its links to `c.tags`: all or nothing. Of two
/// creations of one email, one wins and the other is `EmailTaken`.
pub async fn create(
    state: &AppState,
    tenant: &TenantId,
    c: &Contact,
) -> Result<Written, StoreError> {
    let mut ops = vec![
        TxOp::put(&contact_record(tenant, c), PutMode::IfAbsent)?,
        email_claim(tenant, c)?,
    ];
    for slug in &c.tags {
        ops.extend(link_ops(tenant, &c.id, slug, false)?);
    }
    ops.extend(stats_op(tenant, &c.id, None, Some(c))?);
    match state.store.transact(ops).await {
        Ok(()) => Ok(Written::Done),
        Err(e) => match e.failed_action() {
            Some(1) => Ok(Written::EmailTaken),
            Some(i) if i >= 2 => Ok(Written::NoSuchTag((i - 2) / 2)),
            _ => Err(e),
        },
    }
}

/// Replaces `old` by `c` while it has `old`'s version: the email claim moves when the email does,
/// links are made for `added` and removed for `removed`, all in one transaction.
pub async fn replace(
    state: &AppState,
    tenant: &TenantId,
    c: &Contact,
    old: &Contact,
    added: &[&String],
    removed: &[&String],
) -> Result<Written, StoreError> {
    let mut ops = vec![TxOp::put(
        &contact_record(tenant, c),
        PutMode::IfVersion(old.version),
    )?];
    let email_moves = c.email != old.email;
    if email_moves {
        ops.push(email_claim(tenant, c)?);
        ops.push(TxOp::Delete {
            key: keys::contact_email(tenant, &old.email),
            must_exist: false,
        });
    }
    let first_tag_op = ops.len();
    for slug in added {
        ops.extend(link_ops(tenant, &c.id, slug, false)?);
    }
    for slug in removed {
        ops.extend(unlink_ops(tenant, &c.id, slug, false)?);
    }
    ops.extend(stats_op(tenant, &c.id, Some(old), Some(c))?);
    match state.store.transact(ops).await {
        Ok(()) => Ok(Written::Done),
        Err(e) => match e.failed_action() {
            Some(0) => Ok(Written::Changed),
            Some(1) if email_moves => Ok(Written::EmailTaken),
            Some(i) if i >= first_tag_op && (i - first_tag_op) / 2 < added.len() => {
                Ok(Written::NoSuchTag((i - first_tag_op) / 2))
            }
            _ => Err(e),
        },
    }
}

/// Deletes a contact: its links first (each with its tag's count), then the contact (while it
/// has the version read) with its email claim. `Changed` when it changed meanwhile; a retry
/// after a partial failure finishes the job.
pub async fn delete(
    state: &AppState,
    tenant: &TenantId,
    c: &Contact,
) -> Result<Written, StoreError> {
    for slug in &c.tags {
        unlink_for_delete(state, tenant, &c.id, slug).await?;
    }
    let mut ops = vec![
        TxOp::DeleteIfVersion {
            key: keys::contact(tenant, &c.id),
            version: c.version,
        },
        TxOp::Delete {
            key: keys::contact_email(tenant, &c.email),
            must_exist: false,
        },
    ];
    ops.extend(stats_op(tenant, &c.id, Some(c), None)?);
    let result = state.store.transact(ops).await;
    match result {
        Ok(()) => Ok(Written::Done),
        Err(e) if e.failed_action() == Some(0) => Ok(Written::Changed),
        Err(e) => Err(e),
    }
}

/// Removes one link of a contact being deleted: the link and its count together, once (a link
/// already gone moves nothing); when the tag itself is being deleted (its count shards are gone),
/// the link alone.
async fn unlink_for_delete(
    state: &AppState,
    tenant: &TenantId,
    contact_id: &str,
    slug: &str,
) -> Result<(), StoreError> {
    match state
        .store
        .transact(unlink_ops(tenant, contact_id, slug, false)?)
        .await
    {
        Ok(()) => Ok(()),
        Err(e) if e.failed_action() == Some(0) => Ok(()),
        Err(e) if e.failed_action() == Some(1) => {
            state
                .store
                .delete(&keys::contact_tag(tenant, contact_id, slug), false)
                .await
        }
        Err(e) => Err(e),
    }
}

pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<Contact>, StoreError> {
    state.store.get::<Contact>(&keys::contact(tenant, id)).await
}

/// Contacts by id, in order (`None` for an id with no contact): one BatchGetItem per 100.
pub async fn load_many(
    state: &AppState,
    tenant: &TenantId,
    ids: &[String],
) -> Result<Vec<Option<Contact>>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(100) {
        let keys: Vec<Key> = chunk.iter().map(|id| keys::contact(tenant, id)).collect();
        for item in state.store.batch_get(&keys).await? {
            out.push(item.and_then(|i| serde_dynamo::from_item::<_, Contact>(i).ok()));
        }
    }
    Ok(out)
}

/// The id of the contact holding `email`, if one does.
pub async fn holder_of(
    state: &AppState,
    tenant: &TenantId,
    email: &str,
) -> Result<Option<String>, StoreError> {
    Ok(state
        .store
        .get::<EmailMarker>(&keys::contact_email(tenant, email))
        .await?
        .map(|m| m.contact_id))
}

/// Sets a contact's status and moves its version, so an edit based on an older read is refused
/// rather than undoing it; the counters move in the same transaction (conditional on the version
/// read, retried when a concurrent write came between). False when the contact no longer exists.
pub async fn set_status(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
    status: ContactStatus,
    at: &str,
) -> Result<bool, StoreError> {
    for _ in 0..5 {
        let Some(current) = load(state, tenant, id).await? else {
            return Ok(false);
        };
        if current.status == status {
            return Ok(true);
        }
        let after = Contact {
            status,
            ..current.clone()
        };
        let mut ops = vec![TxOp::apply(
            keys::contact(tenant, id),
            &status_change(status, at).when(Cond::eq("version", &current.version)),
        )?];
        ops.extend(stats_op(tenant, id, Some(&current), Some(&after))?);
        match state.store.transact(ops).await {
            Ok(()) => return Ok(true),
            Err(e) if e.failed_action() == Some(0) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Aws(
        "the contact kept changing while its status was set".into(),
    ))
}

/// The actions that set a contact's validation status (conditional on the version read) with its
/// counters' move, for a caller's transaction; empty when the status is already `validation`.
/// The first action, if any, is the contact's (its refusal means the contact changed meanwhile).
pub fn validation_ops(
    tenant: &TenantId,
    current: &Contact,
    validation: Validation,
    at: &str,
) -> Result<Vec<TxOp>, StoreError> {
    if current.validation == validation {
        return Ok(Vec::new());
    }
    let after = Contact {
        validation,
        ..current.clone()
    };
    let mut ops = vec![TxOp::apply(
        keys::contact(tenant, &current.id),
        &Update::<Contact>::new()
            .set("validation", &validation)
            .set("updated_at", &at)
            .add("version", Value::number(1))
            .when(Cond::eq("version", &current.version)),
    )?];
    ops.extend(stats_op(tenant, &current.id, Some(current), Some(&after))?);
    Ok(ops)
}

/// What a contact listing keeps (every field narrows it).
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub status: Option<ContactStatus>,
    pub validation: Option<Validation>,
    pub language: Option<String>,
    pub source: Option<String>,
    pub tag: Option<String>,
}

impl ListFilter {
    fn keeps(&self, c: &Contact) -> bool {
        self.status.is_none_or(|s| c.status == s)
            && self.validation.is_none_or(|v| c.validation == v)
            && self
                .language
                .as_ref()
                .is_none_or(|l| c.language.as_ref() == Some(l))
            && self
                .source
                .as_ref()
                .is_none_or(|s| c.source.as_ref() == Some(s))
    }
}

/// A page of contacts, filtered. With `tag`, the tag's members (GSI1) are read and their contacts
/// fetched in one BatchGetItem per 100; the other filters apply to either.
pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    codec: &CursorCodec,
    filter: &ListFilter,
    page: &PageParams,
) -> Result<(Vec<Contact>, Option<String>), StoreError> {
    match &filter.tag {
        None => {
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
            let found = state
                .store
                .query_sharded::<Link>(tenant, &keys::tag_members(tenant, slug), page, codec)
                .await?;
            let ids: Vec<String> = found.items.into_iter().map(|l| l.contact_id).collect();
            let contacts = load_many(state, tenant, &ids).await?;
            Ok((
                contacts
                    .into_iter()
                    .flatten()
                    .filter(|c| filter.keeps(c))
                    .collect(),
                found.next_cursor,
            ))
        }
    }
}

// ------------------------------------------------------------------ tags

/// Stores a new tag with its count shards (at 0): false when the slug is taken.
pub async fn create_tag(
    state: &AppState,
    tenant: &TenantId,
    tag: &Tag,
) -> Result<bool, StoreError> {
    let mut ops = vec![TxOp::put(
        &Record::new(TAG, keys::tag(tenant, &tag.slug), tag)
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
        Ok(()) => Ok(true),
        Err(e) if e.failed_action().is_some() => Ok(false),
        Err(e) => Err(e),
    }
}

/// Sums count shards read in one BatchGetItem.
fn sum(items: &[Option<store::Item>]) -> u64 {
    let total: i64 = items
        .iter()
        .flatten()
        .filter_map(|i| serde_dynamo::from_item::<_, Count>(i.clone()).ok())
        .map(|c| c.count)
        .sum();
    u64::try_from(total).unwrap_or(0)
}

/// A tag with its count of contacts: one BatchGetItem of the tag and its count shards.
pub async fn tag_with_count(
    state: &AppState,
    tenant: &TenantId,
    slug: &str,
) -> Result<Option<(Tag, u64)>, StoreError> {
    let mut wanted = vec![keys::tag(tenant, slug)];
    wanted.extend(keys::tag_counts(tenant, slug));
    let mut found = state.store.batch_get(&wanted).await?;
    let counts = found.split_off(1);
    Ok(found
        .pop()
        .flatten()
        .and_then(|i| serde_dynamo::from_item::<_, Tag>(i).ok())
        .map(|t| (t, sum(&counts))))
}

/// A page of tags by slug, each with its count (one BatchGetItem per 11 tags).
pub async fn tags_with_counts(
    state: &AppState,
    tenant: &TenantId,
    codec: &CursorCodec,
    page: &PageParams,
) -> Result<Page<(Tag, u64)>, StoreError> {
    let found = state
        .store
        .query::<Tag>(tenant, &keys::tags(tenant), page, codec)
        .await?;
    let mut items = Vec::with_capacity(found.items.len());
    for chunk in found.items.chunks(11) {
        let wanted: Vec<Key> = chunk
            .iter()
            .flat_map(|t| keys::tag_counts(tenant, &t.slug))
            .collect();
        let counts = state.store.batch_get(&wanted).await?;
        for (t, shards) in chunk.iter().zip(counts.chunks(keys::SHARDS as usize)) {
            items.push((t.clone(), sum(shards)));
        }
    }
    Ok(Page {
        items,
        next_cursor: found.next_cursor,
    })
}

/// Writes a changed tag while it has version `expected`: false when it changed meanwhile.
pub async fn put_tag_if_version(
    state: &AppState,
    tenant: &TenantId,
    tag: &Tag,
    expected: u64,
) -> Result<bool, StoreError> {
    match state
        .store
        .put(
            &Record::new(TAG, keys::tag(tenant, &tag.slug), tag)
                .with_gsi1(keys::tag_in_list(tenant, &tag.slug)),
            PutMode::IfVersion(expected),
        )
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Deletes a tag and every link to it: first its count shards (from then on no new link can
/// form), then each link with the contact's tag set, then the tag. A retry after a failure midway
/// continues where it stopped (the tag item goes last). `None` when there is no such tag, else
/// how many links it removed.
pub async fn delete_tag(
    state: &AppState,
    tenant: &TenantId,
    slug: &str,
) -> Result<Option<usize>, StoreError> {
    if state
        .store
        .get::<Tag>(&keys::tag(tenant, slug))
        .await?
        .is_none()
    {
        return Ok(None);
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
            let results: Vec<Result<(), StoreError>> = futures::stream::iter(links)
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
    Ok(Some(removed))
}

async fn unlink_for_tag_delete(
    state: &AppState,
    tenant: &TenantId,
    link: &Link,
) -> Result<(), StoreError> {
    let ops = vec![
        TxOp::Delete {
            key: keys::contact_tag(tenant, &link.contact_id, &link.slug),
            must_exist: false,
        },
        TxOp::apply(
            keys::contact(tenant, &link.contact_id),
            &contact_tags(&link.slug, false),
        )?,
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
                .await
        }
        Err(e) => Err(e),
    }
}

/// What tagging (or untagging) one contact did.
#[derive(Debug, PartialEq, Eq)]
pub enum Tagged {
    Changed,
    /// The contact already had (or did not have) the tag.
    Unchanged,
    NoSuchTag,
    NoSuchContact,
}

/// Links (`add`) or unlinks one contact and a tag: the link, the count shard and the contact's tag
/// set in one transaction, so a retried or concurrent request changes the link once and the
/// count stays exact.
pub async fn tag_contact(
    state: &AppState,
    tenant: &TenantId,
    contact_id: &str,
    slug: &str,
    add: bool,
) -> Result<Tagged, StoreError> {
    let ops = if add {
        link_ops(tenant, contact_id, slug, true)?
    } else {
        unlink_ops(tenant, contact_id, slug, true)?
    };
    match state.store.transact(ops).await {
        Ok(()) => Ok(Tagged::Changed),
        Err(e) => match e.failed_action() {
            Some(0) => Ok(Tagged::Unchanged),
            Some(1) => Ok(Tagged::NoSuchTag),
            Some(2) => Ok(Tagged::NoSuchContact),
            _ => Err(e),
        },
    }
}

/// A contact's change on the table's stream (the event publisher's reader): `Ok(None)` for any
/// other item.
pub fn contact_images(
    change: &store::stream::Change,
) -> Result<Option<store::stream::Images<Contact>>, StoreError> {
    change.images(CONTACT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_name_fields_of_their_items() {
        let added = contact_tags("vip", true).render().unwrap().update.unwrap();
        assert!(added.starts_with("ADD ") && !added.contains("DELETE"));
        // DynamoDB takes one ADD and one DELETE clause, each listing its actions.
        let removed = contact_tags("vip", false).render().unwrap().update.unwrap();
        assert!(removed.contains("ADD ") && removed.contains("DELETE "));
        status_change(ContactStatus::Bounced, "2026-12-05T00:00:00Z")
            .render()
            .unwrap();
        Update::<Count>::new()
            .add("count", Value::number(1))
            .render()
            .unwrap();
    }
}
