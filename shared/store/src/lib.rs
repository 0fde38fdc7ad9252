//! The single-table store: item mapping with serde_dynamo, conditional writes, transactions whose
//! cancellation reasons become domain errors, cursor queries and batch writes.
//!
//! Write semantics callers can rely on:
//! - `put` with [`PutMode::IfAbsent`] / [`PutMode::IfVersion`] is atomic: under concurrency exactly one
//!   writer wins, the rest get [`StoreError::AlreadyExists`] / [`StoreError::ConditionFailed`]; a retry
//!   of a create that already succeeded reports `AlreadyExists` (callers treat that as "done" when the
//!   stored item is the one they meant to write).
//! - `transact` is all-or-nothing; [`StoreError::TransactionCanceled`] names the action that failed.
//! - `batch_put` retries unprocessed items with backoff and fails only if some are still unwritten.

pub mod cursor;
pub mod expr;
pub mod json_text;
pub mod keys;
mod query;
pub mod stream;

use crate::cursor::{CursorCodec, CursorError};
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{
    AttributeValue, ConditionCheck, Delete, DeleteRequest, Put, PutRequest, TransactWriteItem,
    Update, WriteRequest,
};
use aws_sdk_dynamodb::Client;
use kernel::error::{ApiError, Location};
use kernel::ids::TenantId;
pub use keys::{Filter, Key, QuerySpec};

/// `limit` and the opaque `cursor` of a list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageParams {
    pub limit: u32,
    pub cursor: Option<String>,
}
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;
use std::time::Duration;
use thiserror::Error;

pub type Item = HashMap<String, AttributeValue>;
type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("the item already exists")]
    AlreadyExists,
    #[error("the write's condition did not hold")]
    ConditionFailed,
    /// One reason per action, in order (`None` for actions that were fine).
    #[error("the transaction was cancelled: {reasons:?}")]
    TransactionCanceled { reasons: Vec<String> },
    #[error("DynamoDB throttled the request")]
    Throttled,
    /// A transaction kept being cancelled by concurrent requests on its items (or throttled)
    /// through every retry: nothing was written, and trying again later can succeed.
    #[error("the transaction kept colliding with concurrent writes: {reasons:?}")]
    Contended { reasons: Vec<String> },
    #[error("the cursor is not valid for this list")]
    InvalidCursor,
    #[error("the list holds more than {max} items")]
    TooMany { max: usize },
    #[error("item mapping failed: {0}")]
    Mapping(#[from] serde_dynamo::Error),
    #[error("DynamoDB call failed: {0}")]
    Aws(#[source] BoxError),
    /// An expression names an attribute its item type does not have (never sent).
    #[error("invalid expression: {0}")]
    Expression(String),
}

impl StoreError {
    /// The index of the first transaction action whose condition failed.
    pub fn failed_action(&self) -> Option<usize> {
        match self {
            Self::TransactionCanceled { reasons } => {
                reasons.iter().position(|r| r == "ConditionalCheckFailed")
            }
            _ => None,
        }
    }

    /// Whether a later try can succeed: throttles, contention, and cancellations caused only by
    /// concurrent requests or throttling (no condition said no).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Throttled | Self::Contended { .. } => true,
            Self::TransactionCanceled { reasons } => transient_cancellation(reasons),
            _ => false,
        }
    }

    fn from_sdk<E, R>(err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        match err.code() {
            Some("ConditionalCheckFailedException") => Self::ConditionFailed,
            Some(
                "ProvisionedThroughputExceededException"
                | "ThrottlingException"
                | "RequestLimitExceeded"
                | "TransactionConflictException",
            ) => Self::Throttled,
            // The code and message, not the SDK's bare "service error": what an operator reads.
            _ => Self::Aws(
                match (err.code(), err.message()) {
                    (Some(code), Some(message)) => format!("{code}: {message}"),
                    _ => aws_sdk_dynamodb::error::DisplayErrorContext(&err).to_string(),
                }
                .into(),
            ),
        }
    }
}

/// A cancellation is transient when no action's condition failed and at least one action was
/// cancelled by a concurrent request (`TransactionConflict`) or throttling: DynamoDB applied
/// nothing, and the same transaction can succeed on another try.
fn transient_cancellation(reasons: &[String]) -> bool {
    let transient = |r: &str| {
        matches!(
            r,
            "TransactionConflict" | "ThrottlingError" | "ProvisionedThroughputExceeded"
        )
    };
    reasons.iter().any(|r| transient(r)) && reasons.iter().all(|r| r == "None" || transient(r))
}

/// How often [`Store::transact`] tries a transaction that concurrent requests cancel, and the
/// first backoff (doubled each time, full jitter, at most 1 s): about 2 s in all, well inside any
/// invocation's deadline margin, and at a 10% conflict rate one try in a million runs out.
const TRANSACT_ATTEMPTS: u32 = 6;
const TRANSACT_BACKOFF: Duration = Duration::from_millis(25);

/// Full-jitter backoff before retry `attempt` (0-based).
fn jittered(base: Duration, attempt: u32) -> Duration {
    use rand::Rng;
    let cap = (base * 2u32.saturating_pow(attempt)).min(Duration::from_secs(1));
    cap.mul_f64(rand::rng().random::<f64>())
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::AlreadyExists => ApiError::Conflict {
                detail: "it already exists".into(),
            },
            err if err.is_transient() => ApiError::Unavailable {
                detail: "the data store is busy".into(),
                retry_after_secs: Some(1),
            },
            StoreError::ConditionFailed | StoreError::TransactionCanceled { .. } => {
                ApiError::Conflict {
                    detail: "it was changed by another request; read it again and retry".into(),
                }
            }
            // 422, not 400: the cursor is read fine but was not issued for this list and caller
            // (an opaque token's validity is not something a schema can state).
            StoreError::InvalidCursor => {
                ApiError::validation(vec![kernel::error::FieldError::new(
                    Location::Query,
                    "cursor",
                    "invalid",
                    "the cursor is not one this API issued for this list; start again without it",
                )])
            }
            other => ApiError::internal(other),
        }
    }
}

/// How a put treats an existing item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutMode {
    Overwrite,
    /// Create only: fails with `AlreadyExists` if the key is taken.
    IfAbsent,
    /// Optimistic locking: the stored `version` must equal this value.
    IfVersion(u64),
}

impl PutMode {
    /// The write of a versioned document read at `version`: version 0 is the default that was
    /// never stored (create only), any other must still be the stored one.
    pub fn after(version: u64) -> Self {
        if version == 0 {
            Self::IfAbsent
        } else {
            Self::IfVersion(version)
        }
    }
}

/// A value with the keys it is stored under.
#[derive(Debug, Clone)]
pub struct Record<'a, T> {
    pub key: Key,
    pub gsi1: Option<Key>,
    pub gsi2: Option<Key>,
    pub gsi3: Option<Key>,
    /// Expiry as epoch seconds (DynamoDB TTL); expired items are hidden from reads.
    pub expires_at: Option<i64>,
    pub entity: &'static str,
    pub value: &'a T,
}

impl<'a, T: Serialize> Record<'a, T> {
    pub fn new(entity: &'static str, key: Key, value: &'a T) -> Self {
        Self {
            key,
            gsi1: None,
            gsi2: None,
            gsi3: None,
            expires_at: None,
            entity,
            value,
        }
    }

    pub fn with_gsi2(mut self, gsi2: Key) -> Self {
        self.gsi2 = Some(gsi2);
        self
    }

    pub fn with_gsi3(mut self, gsi3: Key) -> Self {
        self.gsi3 = Some(gsi3);
        self
    }

    pub fn with_gsi1(mut self, gsi1: Key) -> Self {
        self.gsi1 = Some(gsi1);
        self
    }

    pub fn expiring_at(mut self, epoch_secs: i64) -> Self {
        self.expires_at = Some(epoch_secs);
        self
    }

    pub fn key(&self) -> &Key {
        &self.key
    }

    pub fn to_item(&self) -> Result<Item, StoreError> {
        let mut item: Item = serde_dynamo::to_item(self.value)?;
        item.insert(keys::PK.into(), AttributeValue::S(self.key.pk().into()));
        item.insert(keys::SK.into(), AttributeValue::S(self.key.sk().into()));
        item.insert(keys::ENTITY.into(), AttributeValue::S(self.entity.into()));
        if let Some(g) = &self.gsi1 {
            item.insert(keys::GSI1PK.into(), AttributeValue::S(g.pk().into()));
            item.insert(keys::GSI1SK.into(), AttributeValue::S(g.sk().into()));
        }
        if let Some(g) = &self.gsi2 {
            item.insert(keys::GSI2PK.into(), AttributeValue::S(g.pk().into()));
            item.insert(keys::GSI2SK.into(), AttributeValue::S(g.sk().into()));
        }
        if let Some(g) = &self.gsi3 {
            item.insert(keys::GSI3PK.into(), AttributeValue::S(g.pk().into()));
            item.insert(keys::GSI3SK.into(), AttributeValue::S(g.sk().into()));
        }
        if let Some(ttl) = self.expires_at {
            item.insert(keys::TTL.into(), AttributeValue::N(ttl.to_string()));
        }
        Ok(item)
    }
}

/// One action of a transaction.
#[derive(Debug, Clone)]
pub enum TxOp {
    Put {
        item: Item,
        mode: PutMode,
    },
    Delete {
        key: Key,
        must_exist: bool,
    },
    /// Delete only while the item's `version` is this one (the record a caller read).
    DeleteIfVersion {
        key: Key,
        version: u64,
    },
    /// Require that an item exists (e.g. the parent of a new child) without writing it.
    MustExist {
        key: Key,
    },
    /// An UpdateItem that creates the item when it is missing (counters that a transaction moves
    /// together with the items they count, such as usage beside its call log lines).
    Upsert {
        key: Key,
        update: String,
        names: Vec<(String, String)>,
        values: Vec<(String, AttributeValue)>,
    },
    /// An UpdateItem on an existing item (`attribute_exists(PK)` is always part of the condition),
    /// e.g. counters that move in the same transaction as the items they count.
    Update {
        key: Key,
        update: String,
        condition: Option<String>,
        names: Vec<(String, String)>,
        values: Vec<(String, AttributeValue)>,
    },
}

impl TxOp {
    /// A put of a record, with the same conditions as [`Store::put`].
    pub fn put<T: Serialize>(record: &Record<'_, T>, mode: PutMode) -> Result<Self, StoreError> {
        Ok(Self::Put {
            item: record.to_item()?,
            mode,
        })
    }

    /// An update that creates the item when it is missing (counters); a condition is not allowed.
    pub fn upsert<T: DeserializeOwned>(key: Key, u: &expr::Update<T>) -> Result<Self, StoreError> {
        let r = u.render()?;
        if r.condition.is_some() {
            return Err(StoreError::Expression(
                "an upsert in a transaction takes no condition".into(),
            ));
        }
        Ok(Self::Upsert {
            key,
            update: r.update.unwrap_or_default(),
            names: r.names.into_iter().collect(),
            values: r.values.into_iter().collect(),
        })
    }

    /// An update of an existing item (its condition, if any, must hold too).
    pub fn apply<T: DeserializeOwned>(key: Key, u: &expr::Update<T>) -> Result<Self, StoreError> {
        let r = u.render()?;
        Ok(Self::Update {
            key,
            update: r.update.unwrap_or_default(),
            condition: r.condition,
            names: r.names.into_iter().collect(),
            values: r.values.into_iter().collect(),
        })
    }
}

/// A page of results with the cursor for the next one.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A query's expressions, built once per query.
struct QueryParts {
    condition: String,
    filter: String,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

#[derive(Debug, Clone)]
pub struct Store {
    client: Client,
    table: String,
}

/// The partition and sort attributes a query on `index` uses.
fn key_attrs(index: Option<&str>) -> (&'static str, &'static str) {
    match index {
        Some(keys::GSI2) => (keys::GSI2PK, keys::GSI2SK),
        Some(keys::GSI3) => (keys::GSI3PK, keys::GSI3SK),
        Some(_) => (keys::GSI1PK, keys::GSI1SK),
        None => (keys::PK, keys::SK),
    }
}

fn key_map(key: &Key) -> Item {
    HashMap::from([
        (keys::PK.to_owned(), AttributeValue::S(key.pk().into())),
        (keys::SK.to_owned(), AttributeValue::S(key.sk().into())),
    ])
}

/// The `count` an UpdateItem with `ReturnValues::UpdatedNew` reports.
fn counter_value(attributes: Option<&Item>) -> Result<u64, StoreError> {
    match attributes.and_then(|a| a.get("count")) {
        Some(AttributeValue::N(n)) => n
            .parse()
            .map_err(|_| StoreError::Aws("counter is not a number".into())),
        _ => Err(StoreError::Aws("UpdateItem returned no count".into())),
    }
}

fn now_epoch() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn is_expired(item: &Item, now: i64) -> bool {
    matches!(item.get(keys::TTL), Some(AttributeValue::N(n)) if n.parse::<i64>().is_ok_and(|t| t <= now))
}

/// Condition expression and values for a put mode.
fn put_condition(mode: PutMode) -> (Option<String>, Option<HashMap<String, AttributeValue>>) {
    match mode {
        PutMode::Overwrite => (None, None),
        PutMode::IfAbsent => (Some("attribute_not_exists(PK)".into()), None),
        PutMode::IfVersion(v) => (
            Some("version = :expected_version".into()),
            Some(HashMap::from([(
                ":expected_version".to_owned(),
                AttributeValue::N(v.to_string()),
            )])),
        ),
    }
}

impl Store {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// One eventually consistent GetItem on a fixed key: proves the table exists and answers, at the
    /// lowest possible cost (0.5 RCU).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_map(&keys::health())))
            .projection_expression("PK")
            .send()
            .await
            .map(|_| ())
            .map_err(StoreError::from_sdk)
    }

    /// A strongly consistent read; expired items read as absent.
    pub async fn get<T: DeserializeOwned>(&self, key: &Key) -> Result<Option<T>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::from_sdk)?;
        match out.item {
            Some(item) if !is_expired(&item, now_epoch()) => {
                Ok(Some(serde_dynamo::from_item(item)?))
            }
            _ => Ok(None),
        }
    }

    pub async fn put<T: Serialize>(
        &self,
        record: &Record<'_, T>,
        mode: PutMode,
    ) -> Result<(), StoreError> {
        let (condition, values) = put_condition(mode);
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(record.to_item()?))
            .set_condition_expression(condition)
            .set_expression_attribute_values(values)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| match (StoreError::from_sdk(e), mode) {
                (StoreError::ConditionFailed, PutMode::IfAbsent) => StoreError::AlreadyExists,
                (other, _) => other,
            })
    }

    /// Deletes an item; with `must_exist`, a missing item is `ConditionFailed` rather than success.
    pub async fn delete(&self, key: &Key, must_exist: bool) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .set_condition_expression(must_exist.then(|| "attribute_exists(PK)".to_owned()))
            .send()
            .await
            .map(|_| ())
            .map_err(StoreError::from_sdk)
    }

    /// Deletes an item only if its `version` is still `version` (consuming single-use items).
    pub async fn delete_if_version(&self, key: &Key, version: u64) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .condition_expression("version = :v")
            .expression_attribute_values(":v", AttributeValue::N(version.to_string()))
            .send()
            .await
            .map(|_| ())
            .map_err(StoreError::from_sdk)
    }

    /// Updates an existing item; `false` when it is missing or the update's condition does not
    /// hold (nothing changed then). A conditional update that did not apply is an answer, not an
    /// error, so every caller reads it the same way.
    pub async fn apply<T: DeserializeOwned>(
        &self,
        key: &Key,
        u: &expr::Update<T>,
    ) -> Result<bool, StoreError> {
        match self.send_update(key, u, true, false).await {
            Ok(_) => Ok(true),
            Err(StoreError::ConditionFailed) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// As [`Store::apply`], returning the item as written (`None`: not applied).
    pub async fn apply_returning<T: DeserializeOwned>(
        &self,
        key: &Key,
        u: &expr::Update<T>,
    ) -> Result<Option<T>, StoreError> {
        match self.send_update(key, u, true, true).await {
            Ok(Some(item)) => Ok(Some(serde_dynamo::from_item(item)?)),
            Ok(None) => Err(StoreError::Aws("UpdateItem returned no item".into())),
            Err(StoreError::ConditionFailed) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Updates an item (creating it when missing) if the update's condition holds: `Ok(new)` with
    /// the item as written, or `Err(current)` with the item as it stood when the condition refused
    /// it (`None`: there is no item). One request either way: the refusal returns what it saw.
    pub async fn upsert_or_current<T: DeserializeOwned>(
        &self,
        key: &Key,
        u: &expr::Update<T>,
    ) -> Result<Result<T, Option<T>>, StoreError> {
        use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
        use aws_sdk_dynamodb::types::{ReturnValue, ReturnValuesOnConditionCheckFailure};
        let r = u.render()?;
        let sent = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .set_update_expression(r.update)
            .set_condition_expression(r.condition)
            .set_expression_attribute_names((!r.names.is_empty()).then_some(r.names))
            .set_expression_attribute_values((!r.values.is_empty()).then_some(r.values))
            .return_values(ReturnValue::AllNew)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match sent {
            Ok(out) => Ok(Ok(serde_dynamo::from_item(
                out.attributes.unwrap_or_default(),
            )?)),
            Err(err) => match err.as_service_error() {
                Some(UpdateItemError::ConditionalCheckFailedException(e)) => Ok(Err(e
                    .item()
                    .map(|i| serde_dynamo::from_item(i.clone()))
                    .transpose()?)),
                _ => Err(StoreError::from_sdk(err)),
            },
        }
    }

    /// Updates an item, creating it when it is missing (counters, marks). A condition, if given,
    /// must hold (on a missing item, conditions on its attributes see them absent); `false` when
    /// it did not.
    pub async fn upsert<T: DeserializeOwned>(
        &self,
        key: &Key,
        u: &expr::Update<T>,
    ) -> Result<bool, StoreError> {
        match self.send_update(key, u, false, false).await {
            Ok(_) => Ok(true),
            Err(StoreError::ConditionFailed) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn send_update<T: DeserializeOwned>(
        &self,
        key: &Key,
        u: &expr::Update<T>,
        must_exist: bool,
        returning: bool,
    ) -> Result<Option<Item>, StoreError> {
        let r = u.render()?;
        let mut names = r.names;
        let condition = match (must_exist, r.condition) {
            (true, c) => {
                names.insert("#item_pk".into(), keys::PK.into());
                Some(match c {
                    Some(c) => format!("attribute_exists(#item_pk) AND ({c})"),
                    None => "attribute_exists(#item_pk)".into(),
                })
            }
            (false, c) => c,
        };
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .set_update_expression(r.update)
            .set_condition_expression(condition)
            .set_expression_attribute_names(Some(names))
            .set_expression_attribute_values((!r.values.is_empty()).then_some(r.values))
            .set_return_values(returning.then_some(aws_sdk_dynamodb::types::ReturnValue::AllNew))
            .send()
            .await
            .map_err(StoreError::from_sdk)?;
        Ok(out.attributes)
    }

    /// A put whose condition (built on the record's own type) must hold: `ConditionFailed`
    /// otherwise, and nothing is written.
    pub async fn put_when<T: Serialize + DeserializeOwned>(
        &self,
        record: &Record<'_, T>,
        c: &expr::Update<T>,
    ) -> Result<(), StoreError> {
        let r = c.render()?;
        if r.update.is_some() {
            return Err(StoreError::Expression(
                "a put takes a condition only".into(),
            ));
        }
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(record.to_item()?))
            .set_condition_expression(r.condition)
            .set_expression_attribute_names((!r.names.is_empty()).then_some(r.names))
            .set_expression_attribute_values((!r.values.is_empty()).then_some(r.values))
            .send()
            .await
            .map(|_| ())
            .map_err(StoreError::from_sdk)
    }

    /// [`Self::batch_get`], each item read as a `T`.
    pub async fn batch_get_as<T: DeserializeOwned>(
        &self,
        keys: &[Key],
    ) -> Result<Vec<Option<T>>, StoreError> {
        self.batch_get(keys)
            .await?
            .into_iter()
            .map(|i| {
                i.map(serde_dynamo::from_item)
                    .transpose()
                    .map_err(StoreError::from)
            })
            .collect()
    }

    /// Reads up to 100 items in one BatchGetItem (strongly consistent), returned in the order of
    /// `keys`; a missing or expired item is `None`. Unprocessed keys (throttling) are retried.
    pub async fn batch_get(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        use aws_sdk_dynamodb::types::KeysAndAttributes;
        let mut found: HashMap<(String, String), Item> = HashMap::new();
        let mut pending: Vec<Item> = keys.iter().map(key_map).collect();
        let mut delay = Duration::from_millis(20);
        for _ in 0..6 {
            if pending.is_empty() {
                break;
            }
            let request = KeysAndAttributes::builder()
                .set_keys(Some(std::mem::take(&mut pending)))
                .consistent_read(true)
                .build()
                .map_err(|e| StoreError::Aws(Box::new(e)))?;
            let out = self
                .client
                .batch_get_item()
                .request_items(&self.table, request)
                .send()
                .await
                .map_err(StoreError::from_sdk)?;
            for item in out
                .responses
                .unwrap_or_default()
                .remove(&self.table)
                .unwrap_or_default()
            {
                if let (Some(AttributeValue::S(pk)), Some(AttributeValue::S(sk))) =
                    (item.get(keys::PK), item.get(keys::SK))
                {
                    found.insert((pk.clone(), sk.clone()), item.clone());
                }
            }
            pending = out
                .unprocessed_keys
                .unwrap_or_default()
                .remove(&self.table)
                .map(|k| k.keys)
                .unwrap_or_default();
            if !pending.is_empty() {
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
        }
        if !pending.is_empty() {
            return Err(StoreError::Aws("BatchGetItem left keys unprocessed".into()));
        }
        let now = now_epoch();
        Ok(keys
            .iter()
            .map(|k| {
                found
                    .remove(&(k.pk().to_owned(), k.sk().to_owned()))
                    .filter(|item| !is_expired(item, now))
            })
            .collect())
    }

    /// All-or-nothing write of up to 100 actions (no two on one item).
    ///
    /// A cancellation caused only by concurrent requests on its items or by throttling (DynamoDB
    /// applied nothing) is tried again with jittered backoff; if that keeps happening the answer is
    /// [`StoreError::Contended`], which every caller treats as retryable. Only a failed condition
    /// comes back as [`StoreError::TransactionCanceled`].
    pub async fn transact(&self, ops: Vec<TxOp>) -> Result<(), StoreError> {
        let items = self.transact_items(ops)?;
        let mut attempt = 0;
        loop {
            match self.transact_once(items.clone()).await {
                Err(StoreError::TransactionCanceled { reasons })
                    if transient_cancellation(&reasons) =>
                {
                    attempt += 1;
                    if attempt >= TRANSACT_ATTEMPTS {
                        return Err(StoreError::Contended { reasons });
                    }
                    tokio::time::sleep(jittered(TRANSACT_BACKOFF, attempt - 1)).await;
                }
                other => return other,
            }
        }
    }

    fn transact_items(&self, ops: Vec<TxOp>) -> Result<Vec<TransactWriteItem>, StoreError> {
        let mut items = Vec::with_capacity(ops.len());
        for op in ops {
            let built = match op {
                TxOp::Put { item, mode } => {
                    let (condition, values) = put_condition(mode);
                    TransactWriteItem::builder()
                        .put(
                            Put::builder()
                                .table_name(&self.table)
                                .set_item(Some(item))
                                .set_condition_expression(condition)
                                .set_expression_attribute_values(values)
                                .build()
                                .map_err(|e| StoreError::Aws(Box::new(e)))?,
                        )
                        .build()
                }
                TxOp::Delete { key, must_exist } => TransactWriteItem::builder()
                    .delete(
                        Delete::builder()
                            .table_name(&self.table)
                            .set_key(Some(key_map(&key)))
                            .set_condition_expression(
                                must_exist.then(|| "attribute_exists(PK)".to_owned()),
                            )
                            .build()
                            .map_err(|e| StoreError::Aws(Box::new(e)))?,
                    )
                    .build(),
                TxOp::DeleteIfVersion { key, version } => TransactWriteItem::builder()
                    .delete(
                        Delete::builder()
                            .table_name(&self.table)
                            .set_key(Some(key_map(&key)))
                            .condition_expression("version = :v")
                            .expression_attribute_values(
                                ":v",
                                AttributeValue::N(version.to_string()),
                            )
                            .build()
                            .map_err(|e| StoreError::Aws(Box::new(e)))?,
                    )
                    .build(),
                TxOp::MustExist { key } => TransactWriteItem::builder()
                    .condition_check(
                        ConditionCheck::builder()
                            .table_name(&self.table)
                            .set_key(Some(key_map(&key)))
                            .condition_expression("attribute_exists(PK)")
                            .build()
                            .map_err(|e| StoreError::Aws(Box::new(e)))?,
                    )
                    .build(),
                TxOp::Upsert {
                    key,
                    update,
                    names,
                    values,
                } => self.update_action(&key, update, None, names, values)?,
                TxOp::Update {
                    key,
                    update,
                    condition,
                    names,
                    values,
                } => {
                    let condition = match condition {
                        Some(c) => format!("attribute_exists(PK) AND ({c})"),
                        None => "attribute_exists(PK)".to_owned(),
                    };
                    self.update_action(&key, update, Some(condition), names, values)?
                }
            };
            items.push(built);
        }
        Ok(items)
    }

    fn update_action(
        &self,
        key: &Key,
        update: String,
        condition: Option<String>,
        names: Vec<(String, String)>,
        values: Vec<(String, AttributeValue)>,
    ) -> Result<TransactWriteItem, StoreError> {
        Ok(TransactWriteItem::builder()
            .update(
                Update::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_map(key)))
                    .update_expression(update)
                    .set_condition_expression(condition)
                    .set_expression_attribute_names(
                        (!names.is_empty()).then(|| names.into_iter().collect()),
                    )
                    .set_expression_attribute_values(
                        (!values.is_empty()).then(|| values.into_iter().collect()),
                    )
                    .build()
                    .map_err(|e| StoreError::Aws(Box::new(e)))?,
            )
            .build())
    }

    async fn transact_once(&self, items: Vec<TransactWriteItem>) -> Result<(), StoreError> {
        self.client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await
            .map(|_| ())
            .map_err(|err| {
                if let SdkError::ServiceError(service) = &err {
                    if let aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(c) = service.err() {
                        let reasons = c
                            .cancellation_reasons()
                            .iter()
                            .map(|r| r.code().unwrap_or("None").to_owned())
                            .collect();
                        return StoreError::TransactionCanceled { reasons };
                    }
                }
                StoreError::from_sdk(err)
            })
    }

    /// Adds one to a counter item and returns the new count (UpdateItem ADD, atomic under
    /// concurrency). The item expires at `expires_at`.
    pub async fn increment(&self, key: &Key, expires_at: i64) -> Result<u64, StoreError> {
        self.count_one(key, expires_at, None).await
    }

    /// Adds to several numeric attributes of one item at once (UpdateItem ADD: atomic, no lost
    /// updates), creating it if needed. For aggregates the API reads in O(1), such as usage per day.
    pub async fn add(
        &self,
        key: &Key,
        entity: &'static str,
        amounts: &[(&str, f64)],
        set: &[(&str, AttributeValue)],
        expires_at: Option<i64>,
    ) -> Result<(), StoreError> {
        let mut req = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .expression_attribute_names("#e", keys::ENTITY)
            .expression_attribute_values(":entity", AttributeValue::S(entity.into()));
        let mut adds = Vec::new();
        for (i, (name, amount)) in amounts.iter().enumerate() {
            adds.push(format!("#a{i} :a{i}"));
            req = req
                .expression_attribute_names(format!("#a{i}"), *name)
                .expression_attribute_values(
                    format!(":a{i}"),
                    AttributeValue::N(amount.to_string()),
                );
        }
        let mut sets = vec!["#e = :entity".to_owned()];
        for (i, (name, value)) in set.iter().enumerate() {
            sets.push(format!("#s{i} = :s{i}"));
            req = req
                .expression_attribute_names(format!("#s{i}"), *name)
                .expression_attribute_values(format!(":s{i}"), value.clone());
        }
        if let Some(ttl) = expires_at {
            sets.push("#ttl = if_not_exists(#ttl, :ttl)".into());
            req = req
                .expression_attribute_names("#ttl", keys::TTL)
                .expression_attribute_values(":ttl", AttributeValue::N(ttl.to_string()));
        }
        let mut expr = format!("SET {}", sets.join(", "));
        if !adds.is_empty() {
            expr.push_str(&format!(" ADD {}", adds.join(", ")));
        }
        req.update_expression(expr)
            .send()
            .await
            .map(|_| ())
            .map_err(StoreError::from_sdk)
    }

    /// Adds one to a counter only while it is below `limit` (a quota): `ConditionFailed` once the
    /// limit is reached. Concurrent callers cannot overshoot, because the check and the add are one
    /// conditional UpdateItem.
    pub async fn increment_below(
        &self,
        key: &Key,
        limit: u64,
        expires_at: i64,
    ) -> Result<u64, StoreError> {
        self.count_one(key, expires_at, Some(limit)).await
    }

    /// Adds `amount` to a counter only while the sum stays within `limit` (a block of a shared
    /// allowance, such as a sender's messages this second): `ConditionFailed` when it would not fit,
    /// and nothing changes then. Returns the new count.
    pub async fn add_within(
        &self,
        key: &Key,
        amount: u64,
        limit: u64,
        expires_at: i64,
    ) -> Result<u64, StoreError> {
        if amount > limit {
            return Err(StoreError::ConditionFailed);
        }
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .update_expression("ADD #n :amount SET #ttl = if_not_exists(#ttl, :ttl), #e = :entity")
            .condition_expression("attribute_not_exists(#n) OR #n <= :room")
            .expression_attribute_names("#n", "count")
            .expression_attribute_names("#ttl", keys::TTL)
            .expression_attribute_names("#e", keys::ENTITY)
            .expression_attribute_values(":amount", AttributeValue::N(amount.to_string()))
            .expression_attribute_values(":room", AttributeValue::N((limit - amount).to_string()))
            .expression_attribute_values(":ttl", AttributeValue::N(expires_at.to_string()))
            .expression_attribute_values(":entity", AttributeValue::S("COUNTER".into()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(StoreError::from_sdk)?;
        counter_value(out.attributes.as_ref())
    }

    /// Takes back `amount` of a counter (a block reserved and not used).
    pub async fn subtract(&self, key: &Key, amount: u64) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .update_expression("ADD #n :minus")
            .condition_expression("attribute_exists(#n)")
            .expression_attribute_names("#n", "count")
            .expression_attribute_values(":minus", AttributeValue::N(format!("-{amount}")))
            .send()
            .await
            .map(|_| ())
            .map_err(StoreError::from_sdk)
    }

    /// A counter's value (0 when it does not exist), read strongly consistent.
    pub async fn count(&self, key: &Key) -> Result<u64, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .consistent_read(true)
            .projection_expression("#n")
            .expression_attribute_names("#n", "count")
            .send()
            .await
            .map_err(StoreError::from_sdk)?;
        match out.item {
            None => Ok(0),
            Some(item) => counter_value(Some(&item)),
        }
    }

    async fn count_one(
        &self,
        key: &Key,
        expires_at: i64,
        below: Option<u64>,
    ) -> Result<u64, StoreError> {
        let mut req = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .update_expression("ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl), #e = :entity")
            .expression_attribute_names("#n", "count")
            .expression_attribute_names("#ttl", keys::TTL)
            .expression_attribute_names("#e", keys::ENTITY)
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":ttl", AttributeValue::N(expires_at.to_string()))
            .expression_attribute_values(":entity", AttributeValue::S("COUNTER".into()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew);
        if let Some(limit) = below {
            req = req
                .condition_expression("attribute_not_exists(#n) OR #n < :limit")
                .expression_attribute_values(":limit", AttributeValue::N(limit.to_string()));
        }
        let out = req.send().await.map_err(StoreError::from_sdk)?;
        counter_value(out.attributes.as_ref())
    }

    /// Writes many items, 25 per request, retrying unprocessed items with exponential backoff.
    /// Puts are idempotent, so a retry after a partial failure converges to the same state.
    pub async fn batch_put(&self, items: Vec<Item>) -> Result<(), StoreError> {
        let requests = items
            .into_iter()
            .map(|item| {
                PutRequest::builder()
                    .set_item(Some(item))
                    .build()
                    .map(|put| WriteRequest::builder().put_request(put).build())
                    .map_err(|e| StoreError::Aws(Box::new(e)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.batch_write(requests).await
    }

    /// Deletes many items, 25 per request, with the same retries as [`Self::batch_put`]. Deleting
    /// an absent item succeeds, so a retried purge converges too.
    pub async fn batch_delete(&self, keys: &[Key]) -> Result<(), StoreError> {
        let requests = keys
            .iter()
            .map(|key| {
                DeleteRequest::builder()
                    .set_key(Some(key_map(key)))
                    .build()
                    .map(|del| WriteRequest::builder().delete_request(del).build())
                    .map_err(|e| StoreError::Aws(Box::new(e)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.batch_write(requests).await
    }

    /// Every group of 25 is tried, even after one fails (the writes are idempotent, so a caller's
    /// retry then has less to redo); the first failure is returned at the end.
    async fn batch_write(&self, requests: Vec<WriteRequest>) -> Result<(), StoreError> {
        let mut first_error = None;
        for chunk in requests.chunks(25) {
            if let Err(e) = self.batch_write_group(chunk.to_vec()).await {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    async fn batch_write_group(&self, mut pending: Vec<WriteRequest>) -> Result<(), StoreError> {
        let mut delay = Duration::from_millis(50);
        for attempt in 0..8 {
            let out = self
                .client
                .batch_write_item()
                .request_items(&self.table, pending)
                .send()
                .await
                .map_err(StoreError::from_sdk)?;
            pending = out
                .unprocessed_items
                .and_then(|mut m| m.remove(&self.table))
                .unwrap_or_default();
            if pending.is_empty() {
                return Ok(());
            }
            if attempt == 7 {
                break;
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(2));
        }
        Err(StoreError::Throttled)
    }
}
