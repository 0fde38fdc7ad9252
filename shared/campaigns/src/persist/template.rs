//! Templates (listed per organisation) and the claim each grouped template holds on its group
//! and language (one template per language in a group). A template and its claim move in one
//! transaction, conditional on the version read: of two concurrent edits one applies, and two
//! templates never hold one language of a group.

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::{keys, Key, Page, PageParams, PutMode, Record, StoreError, TxOp};

const TEMPLATE: &str = "TEMPLATE";
const TEMPLATE_GROUP: &str = "TEMPLATE_GROUP";

/// A template as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Template {
    pub id: String,
    pub name: String,
    /// BCP 47: the language of its text (how a group picks it).
    #[schema(example = "pt-BR")]
    pub language: String,
    pub subject: String,
    pub html: String,
    pub text: Option<String>,
    /// The group it belongs to (a slug), at most one template per language.
    pub group: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct GroupMarker {
    template_id: String,
}

/// What a template write did.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Done,
    /// The template changed (or was deleted) since it was read: nothing written.
    Changed,
    /// Another template holds the group's language: nothing written.
    GroupTaken,
}

fn record<'a>(tenant: &TenantId, t: &'a Template) -> Record<'a, Template> {
    Record::new(TEMPLATE, keys::template(tenant, &t.id), t)
        .with_gsi1(keys::template_in_list(tenant, &t.id))
}

fn claim_key(tenant: &TenantId, group: &str, language: &str) -> Key {
    keys::template_group_language(tenant, group, &language.to_ascii_lowercase())
}

fn group_claim(tenant: &TenantId, t: &Template) -> Result<Option<TxOp>, StoreError> {
    match &t.group {
        None => Ok(None),
        Some(g) => Ok(Some(TxOp::put(
            &Record::new(
                TEMPLATE_GROUP,
                claim_key(tenant, g, &t.language),
                &GroupMarker {
                    template_id: t.id.clone(),
                },
            ),
            PutMode::IfAbsent,
        )?)),
    }
}

/// Stores a new template with its group claim.
pub async fn create(
    state: &AppState,
    tenant: &TenantId,
    t: &Template,
) -> Result<Written, StoreError> {
    let mut ops = vec![TxOp::put(&record(tenant, t), PutMode::IfAbsent)?];
    ops.extend(group_claim(tenant, t)?);
    match state.store.transact(ops).await {
        Ok(()) => Ok(Written::Done),
        Err(e) if e.failed_action() == Some(1) => Ok(Written::GroupTaken),
        Err(e) => Err(e),
    }
}

/// Replaces `old` by `t` while it still has `old`'s version; a change of group or language moves
/// the claim in the same transaction.
pub async fn replace(
    state: &AppState,
    tenant: &TenantId,
    t: &Template,
    old: &Template,
) -> Result<Written, StoreError> {
    let mut ops = vec![TxOp::put(
        &record(tenant, t),
        PutMode::IfVersion(old.version),
    )?];
    let claim_moves = t.group != old.group || !t.language.eq_ignore_ascii_case(&old.language);
    if claim_moves {
        if let Some(claim) = group_claim(tenant, t)? {
            ops.push(claim);
        }
        if let Some(g) = &old.group {
            ops.push(TxOp::Delete {
                key: claim_key(tenant, g, &old.language),
                must_exist: false,
            });
        }
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(Written::Done),
        Err(e) if e.failed_action() == Some(0) => Ok(Written::Changed),
        Err(e) if e.failed_action() == Some(1) && claim_moves => Ok(Written::GroupTaken),
        Err(e) => Err(e),
    }
}

/// Deletes a template (while it has the version read) and its group claim.
pub async fn delete(
    state: &AppState,
    tenant: &TenantId,
    t: &Template,
) -> Result<Written, StoreError> {
    let mut ops = vec![TxOp::DeleteIfVersion {
        key: keys::template(tenant, &t.id),
        version: t.version,
    }];
    if let Some(g) = &t.group {
        ops.push(TxOp::Delete {
            key: claim_key(tenant, g, &t.language),
            must_exist: false,
        });
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(Written::Done),
        Err(e) if e.failed_action() == Some(0) => Ok(Written::Changed),
        Err(e) => Err(e),
    }
}

pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<Template>, StoreError> {
    state
        .store
        .get::<Template>(&keys::template(tenant, id))
        .await
}

/// A page of templates, oldest first.
pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    codec: &store::cursor::CursorCodec,
    page: &PageParams,
) -> Result<Page<Template>, StoreError> {
    state
        .store
        .query::<Template>(tenant, &keys::templates(tenant), page, codec)
        .await
}

/// The templates of a group (one Query of its claims, one BatchGetItem of the templates).
pub async fn group(
    state: &AppState,
    tenant: &TenantId,
    codec: &store::cursor::CursorCodec,
    group: &str,
) -> Result<Vec<Template>, StoreError> {
    let claims: Vec<GroupMarker> = state
        .store
        .query_all(tenant, &keys::template_group(tenant, group), 100, codec)
        .await?;
    let wanted: Vec<Key> = claims
        .iter()
        .map(|c| keys::template(tenant, &c.template_id))
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    Ok(state
        .store
        .batch_get(&wanted)
        .await?
        .into_iter()
        .flatten()
        .filter_map(|i| serde_dynamo::from_item::<_, Template>(i).ok())
        .collect())
}
