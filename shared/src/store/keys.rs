//! Every key format of the single table, in one place (the access-pattern table is in shared/README.md).
//!
//! [`Key`]'s fields are private to this module: code elsewhere obtains keys only through these
//! constructors, and every constructor for tenant-owned data takes a [`TenantId`], so a read or write
//! of tenant data without a tenant does not compile.

use crate::ids::TenantId;

pub const PK: &str = "PK";
pub const SK: &str = "SK";
pub const GSI1: &str = "GSI1";
pub const GSI1PK: &str = "GSI1PK";
pub const GSI1SK: &str = "GSI1SK";
/// Epoch seconds; DynamoDB TTL deletes eventually, so reads also filter on it.
pub const TTL: &str = "ttl";
/// The entity type, so a mixed query (a tenant's partition) can tell items apart.
pub const ENTITY: &str = "entity";

/// A primary key or a GSI1 key pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pk: String,
    sk: String,
}

impl Key {
    pub fn pk(&self) -> &str {
        &self.pk
    }
    pub fn sk(&self) -> &str {
        &self.sk
    }
    fn new(pk: String, sk: String) -> Self {
        Self { pk, sk }
    }
}

/// A key condition: one partition, optionally narrowed by a sort-key prefix, on the table or GSI1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuerySpec {
    pub(crate) index: Option<&'static str>,
    pub(crate) pk: String,
    pub(crate) sk_prefix: Option<String>,
    /// Names the list for cursor binding: a cursor from one list is refused by another.
    pub(crate) scope: String,
    pub(crate) forward: bool,
}

impl QuerySpec {
    pub fn newest_first(mut self) -> Self {
        self.forward = false;
        self
    }
    pub fn scope(&self) -> &str {
        &self.scope
    }
}

fn tenant_pk(tenant: &TenantId) -> String {
    format!("TEN#{tenant}")
}

/// The platform's own liveness probe item: read by `/v1/health`, never written.
pub fn health() -> Key {
    Key::new("SYSTEM#HEALTH".into(), "SYSTEM#HEALTH".into())
}

/// The tenant (organisation) record.
pub fn tenant(tenant: &TenantId) -> Key {
    Key::new(tenant_pk(tenant), "#TENANT".into())
}

/// What a uniqueness marker guards. Platform-wide markers are not tenant data: they hold no fields
/// beyond the owner's ids and exist only so a transaction can fail on a duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    /// Login emails are unique across the platform.
    Email,
}

impl Unique {
    fn tag(self) -> &'static str {
        match self {
            Self::Email => "EMAIL",
        }
    }
}

/// A platform-wide uniqueness marker for a normalised value.
pub fn unique(kind: Unique, normalised: &str) -> Key {
    Key::new(
        format!("UNIQUE#{}#{normalised}", kind.tag()),
        "#UNIQUE".into(),
    )
}

/// A tenant-scoped item of `kind` (an entity name such as `NOTE`), for collections that live in the
/// tenant's partition and sort by id.
pub fn tenant_item(tenant: &TenantId, kind: &str, id: &str) -> Key {
    Key::new(tenant_pk(tenant), format!("{kind}#{id}"))
}

/// All items of `kind` in the tenant's partition, in id (= creation) order.
pub fn tenant_items(tenant: &TenantId, kind: &str) -> QuerySpec {
    QuerySpec {
        index: None,
        pk: tenant_pk(tenant),
        sk_prefix: Some(format!("{kind}#")),
        scope: format!("{kind}:all"),
        forward: true,
    }
}

/// A GSI1 key grouping tenant items under a named collection (e.g. items by status).
pub fn tenant_collection(tenant: &TenantId, collection: &str, sort: &str) -> Key {
    Key::new(format!("TEN#{tenant}#{collection}"), sort.to_owned())
}

/// Query GSI1 for one collection of the tenant.
pub fn tenant_collection_query(tenant: &TenantId, collection: &str) -> QuerySpec {
    QuerySpec {
        index: Some(GSI1),
        pk: format!("TEN#{tenant}#{collection}"),
        sk_prefix: None,
        scope: format!("gsi1:{collection}"),
        forward: true,
    }
}

/// GSI1 key of a session under its user, so all of a user's sessions can be listed and revoked.
pub fn user_sessions(tenant: &TenantId, user_id: &str, session_id: &str) -> Key {
    Key::new(
        format!("TEN#{tenant}#USER_SESSIONS#{user_id}"),
        session_id.to_owned(),
    )
}

/// Query GSI1 for a user's sessions, oldest first.
pub fn user_sessions_query(tenant: &TenantId, user_id: &str) -> QuerySpec {
    QuerySpec {
        index: Some(GSI1),
        pk: format!("TEN#{tenant}#USER_SESSIONS#{user_id}"),
        sk_prefix: None,
        scope: format!("sessions:{user_id}"),
        forward: true,
    }
}

/// A revoked access token id. Not tenant data: the authorizer checks it before it knows the tenant
/// is genuine, and the item holds nothing but the id and its expiry.
pub fn denied_token(jti: &str) -> Key {
    Key::new(format!("DENY#JTI#{jti}"), "#DENY".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_keys_start_with_the_tenant() {
        let t = TenantId::new();
        assert!(tenant(&t).pk().starts_with(&format!("TEN#{t}")));
        assert!(tenant_item(&t, "NOTE", "n1")
            .pk()
            .starts_with(&format!("TEN#{t}")));
        assert!(tenant_collection(&t, "BY_STATUS", "a")
            .pk()
            .starts_with(&format!("TEN#{t}")));
        assert_eq!(tenant_items(&t, "NOTE").sk_prefix.as_deref(), Some("NOTE#"));
    }

    #[test]
    fn unique_markers_are_outside_every_tenant() {
        assert_eq!(unique(Unique::Email, "a@b.c").pk(), "UNIQUE#EMAIL#a@b.c");
    }
}
