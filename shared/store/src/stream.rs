//! One change of the table as its stream reports it (DynamoDB Streams, `NEW_AND_OLD_IMAGES`):
//! which item, of which organisation and entity type, its image before and after. Each domain's
//! persistence module reads the images of its own entity types into its own record types; only
//! this module knows how the key and the entity tag are stored.

use crate::keys;
use crate::{Item, StoreError};
use aws_sdk_dynamodb::types::AttributeValue;
use kernel::ids::TenantId;
use serde::de::DeserializeOwned;

/// What happened to the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Insert,
    Modify,
    Remove,
}

#[derive(Debug, Clone)]
pub struct Change {
    /// The stream record's id: unique per change, the same when a batch is delivered again.
    pub event_id: String,
    pub kind: ChangeKind,
    /// When the change was written (epoch seconds).
    pub at: i64,
    pub keys: Item,
    pub old: Option<Item>,
    pub new: Option<Item>,
}

fn text<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    match item.get(name) {
        Some(AttributeValue::S(s)) => Some(s),
        _ => None,
    }
}

impl Change {
    /// The entity tag of the item (its newest image's).
    pub fn entity(&self) -> Option<&str> {
        self.new
            .as_ref()
            .or(self.old.as_ref())
            .and_then(|i| text(i, keys::ENTITY))
    }

    /// The organisation (data space) whose partition the item is in, if it is a tenant's.
    pub fn tenant(&self) -> Option<TenantId> {
        keys::tenant_of_pk(text(&self.keys, keys::PK)?)
    }

    pub fn old_as<T: DeserializeOwned>(&self) -> Result<Option<T>, StoreError> {
        self.old
            .clone()
            .map(serde_dynamo::from_item)
            .transpose()
            .map_err(StoreError::from)
    }

    pub fn new_as<T: DeserializeOwned>(&self) -> Result<Option<T>, StoreError> {
        self.new
            .clone()
            .map(serde_dynamo::from_item)
            .transpose()
            .map_err(StoreError::from)
    }
}

/// The item's images before and after, read as `T`, when the item is of entity type `entity`.
pub type Images<T> = (Option<T>, Option<T>);

impl Change {
    /// The images read as `T` if the item's entity tag is `entity` (`Ok(None)` otherwise).
    pub fn images<T: DeserializeOwned>(
        &self,
        entity: &str,
    ) -> Result<Option<Images<T>>, StoreError> {
        if self.entity() != Some(entity) {
            return Ok(None);
        }
        Ok(Some((self.old_as()?, self.new_as()?)))
    }
}
