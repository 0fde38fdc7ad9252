//! Every key format of the single table, in one place (the access-pattern table is in shared/README.md).
//!
//! [`Key`]'s fields are private to this module: code elsewhere obtains keys only through these
//! constructors, and every constructor for tenant-owned data takes a [`TenantId`], so a read or write
//! of tenant data without a tenant does not compile.

use kernel::ids::TenantId;

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
    /// Sort-key bounds (inclusive), within the prefix.
    pub(crate) sk_between: Option<(String, String)>,
    /// Attribute conditions applied after the key condition (DynamoDB FilterExpression).
    pub(crate) filters: Vec<Filter>,
}

/// A condition on a non-key attribute. Filters narrow what a page returns, not what it reads, so they
/// suit small selective lists (audit events of one action), never a whole-table search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Equals(String, String),
    BeginsWith(String, String),
}

impl QuerySpec {
    fn new(
        index: Option<&'static str>,
        pk: String,
        sk_prefix: Option<String>,
        scope: String,
    ) -> Self {
        Self {
            index,
            pk,
            sk_prefix,
            scope,
            forward: true,
            sk_between: None,
            filters: Vec::new(),
        }
    }

    pub fn newest_first(mut self) -> Self {
        self.forward = false;
        self
    }

    /// Items whose sort key lies between `prefix+low` and `prefix+high` (inclusive).
    pub fn sk_between(mut self, low: &str, high: &str) -> Self {
        let prefix = self.sk_prefix.clone().unwrap_or_default();
        self.sk_between = Some((format!("{prefix}{low}"), format!("{prefix}{high}")));
        self
    }

    /// Narrows to sort keys starting with `prefix` (appended to any prefix already set); the cursor
    /// scope names the prefix, so a cursor from one prefix search is refused by another.
    pub fn sk_prefix(mut self, prefix: &str) -> Self {
        let full = format!("{}{prefix}", self.sk_prefix.clone().unwrap_or_default());
        self.scope = format!("{}:{}", self.scope, crate::cursor::digest(&full));
        self.sk_prefix = Some(full);
        self
    }

    pub fn filter(mut self, filter: Filter) -> Self {
        self.filters.push(filter);
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
    QuerySpec::new(
        None,
        tenant_pk(tenant),
        Some(format!("{kind}#")),
        format!("{kind}:all"),
    )
}

/// A GSI1 key grouping tenant items under a named collection (e.g. items by status).
pub fn tenant_collection(tenant: &TenantId, collection: &str, sort: &str) -> Key {
    Key::new(format!("TEN#{tenant}#{collection}"), sort.to_owned())
}

/// Query GSI1 for one collection of the tenant.
pub fn tenant_collection_query(tenant: &TenantId, collection: &str) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        format!("TEN#{tenant}#{collection}"),
        None,
        format!("gsi1:{collection}"),
    )
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
    QuerySpec::new(
        Some(GSI1),
        format!("TEN#{tenant}#USER_SESSIONS#{user_id}"),
        None,
        format!("sessions:{user_id}"),
    )
}

/// A fixed-window counter (rate limits): one item per subject and window, expiring with the window.
/// `subject` is already a hash or an id, never raw personal data.
pub fn counter(kind: &str, subject: &str, window_start: i64) -> Key {
    Key::new(
        format!("COUNTER#{kind}#{subject}"),
        format!("W#{window_start}"),
    )
}

/// A message a worker gave up on (a permanent failure), kept for operators: by message id, and
/// listed per queue and day through GSI1 (one partition per queue-day, so a flood of failures in one
/// queue never concentrates on one key for longer than a day).
pub fn failed_message(queue: &str, message_id: &str, day: &str) -> (Key, Key) {
    (
        Key::new(format!("FAILED_MESSAGE#{message_id}"), "#".into()),
        Key::new(
            format!("FAILED_MESSAGES#{queue}#{day}"),
            message_id.to_owned(),
        ),
    )
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
