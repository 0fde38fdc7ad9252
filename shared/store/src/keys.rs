//! Every key format of the single table, in one place (the access-pattern table, with the write rate
//! each partition key sees at the target scale, is in `shared/store/README.md`).
//!
//! [`Key`]'s fields are private to this module: code elsewhere obtains keys only through the typed
//! constructors below (entity by entity), and every constructor for tenant-owned data takes a
//! [`TenantId`], so a read or write of tenant data without a tenant does not compile.
//! `./infra/check-layers` fails if a key prefix or a `#`-joined key is written anywhere else.
//!
//! Partitions that scale: every entity lives under its own partition key (`TEN#<t>#PERSON#<id>`),
//! never under one key per tenant; tenant-wide lists that a bulk job writes at its own pace (people,
//! companies, the provider call log) are spread over [`SHARDS`] partitions by a hash of the id and
//! read by scatter-gather ([`crate::Store::query_sharded`]); small or slow collections (users,
//! sessions of a user, provider settings, usage counters, the audit log) keep one partition each.

use kernel::ids::TenantId;

pub const PK: &str = "PK";
pub const SK: &str = "SK";
pub const GSI1: &str = "GSI1";
pub const GSI1PK: &str = "GSI1PK";
pub const GSI1SK: &str = "GSI1SK";
/// The sharded tenant-wide lists (people, companies).
pub const GSI2: &str = "GSI2";
pub const GSI2PK: &str = "GSI2PK";
pub const GSI2SK: &str = "GSI2SK";
/// People and companies by the time their first field turns stale (the freshness policy's due
/// index): `TEN#<t>#DUE#<kind>#<W|U>#<shard>`, sorted by due time.
pub const GSI3: &str = "GSI3";
pub const GSI3PK: &str = "GSI3PK";
pub const GSI3SK: &str = "GSI3SK";
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
    pub(crate) fn new(pk: String, sk: String) -> Self {
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
    /// A substring of a string attribute (a search over a small list).
    Contains(String, String),
    NotEquals(String, String),
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

/// The organisation whose partition a primary partition key is (`TEN#<tenant>#…`).
pub fn tenant_of_pk(pk: &str) -> Option<TenantId> {
    pk.strip_prefix("TEN#")?.split('#').next()?.parse().ok()
}

/// `TEN#<tenant>#<part>#<part>…`: a tenant-owned partition of its own.
fn tenant_part(tenant: &TenantId, parts: &[&str]) -> String {
    let mut pk = tenant_pk(tenant);
    for p in parts {
        pk.push('#');
        pk.push_str(p);
    }
    pk
}

/// How many partitions a sharded list spreads over. 8 keeps each shard of a 100 records/s bulk
/// job at ~13 writes/s and a list page at 8 Queries; a shard can be added later by reading old
/// and new shard counts during a migration, since the shard is derived from the id.
pub const SHARDS: u32 = 8;

/// The shard of an id: FNV-1a of its bytes, so it is stable across processes and releases.
pub fn shard_of(id: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % SHARDS
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

// ------------------------------------------------------------------ identity

/// A user. Listed through GSI1 (`TEN#<t>#USERS`): users change rarely, one partition suffices.
pub fn user(tenant: &TenantId, user_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["USER", user_id]), "#".into())
}

/// GSI1 key of a user in the tenant's user list.
pub fn user_in_list(tenant: &TenantId, user_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["USERS"]), user_id.to_owned())
}

/// The tenant's users, in id (= creation) order.
pub fn users(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["USERS"]),
        None,
        "users:all".into(),
    )
}

/// A login session (one refresh-token family).
pub fn session(tenant: &TenantId, session_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["SESSION", session_id]), "#".into())
}

/// GSI1 key of a session under its user, so all of a user's sessions can be listed and revoked.
pub fn user_sessions(tenant: &TenantId, user_id: &str, session_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["USER_SESSIONS", user_id]),
        session_id.to_owned(),
    )
}

/// Query GSI1 for a user's sessions, oldest first.
pub fn user_sessions_query(tenant: &TenantId, user_id: &str) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["USER_SESSIONS", user_id]),
        None,
        format!("sessions:{user_id}"),
    )
}

/// An invitation.
pub fn invitation(tenant: &TenantId, invitation_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["INVITATION", invitation_id]),
        "#".into(),
    )
}

/// The live one-time secret (emailed code, reset token) of one purpose for one user.
pub fn one_time_secret(tenant: &TenantId, purpose: &str, user_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["ONETIME", purpose, user_id]),
        "#".into(),
    )
}

/// An audit event. The security log is one partition per tenant, newest first by id: it is
/// written by people acting (sign-ins, role changes, erasures), tens of events per second at most,
/// and read as one ordered list with filters.
pub fn audit_event(tenant: &TenantId, event_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["AUDIT"]), event_id.to_owned())
}

/// The tenant's audit log (ascending by id; use `newest_first`).
pub fn audit_events(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["AUDIT"]),
        None,
        "audit:all".into(),
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

/// A tenant's per-minute call counter for one provider (its own rate limit).
pub fn provider_rate_window(tenant: &TenantId, provider: &str, window_start: i64) -> Key {
    counter(
        "provider-rate",
        &format!("{tenant}:{provider}"),
        window_start,
    )
}

/// One second's count of calls made with one provider key (`scope`: `platform`, or the tenant
/// whose own key it is), shared by every container and worker: the provider's own rate limit.
/// At most the limit's writes per second land on one key (tens per second).
pub fn provider_key_rate_window(provider: &str, scope: &str, second: i64) -> Key {
    counter("provider-key-rate", &format!("{provider}:{scope}"), second)
}

/// A revoked access token id. Not tenant data: the authorizer checks it before it knows the tenant
/// is genuine, and the item holds nothing but the id and its expiry.
pub fn denied_token(jti: &str) -> Key {
    Key::new(format!("DENY#JTI#{jti}"), "#DENY".into())
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

// ------------------------------------------------------------------ enrichment

/// The two kinds of enriched record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Person,
    Company,
}

impl EntityKind {
    fn tag(self) -> &'static str {
        match self {
            Self::Person => "PERSON",
            Self::Company => "COMPANY",
        }
    }

    fn list_tag(self) -> &'static str {
        match self {
            Self::Person => "PEOPLE",
            Self::Company => "COMPANIES",
        }
    }
}

/// What identifies a person or a company, as stored in a record's `match_keys` and in the marker
/// that makes it unique within a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier<'a> {
    Email(&'a str),
    Linkedin(&'a str),
    Domain(&'a str),
    TaxId(&'a str),
    /// A lower-cased name (with its domain, for people): never a stored marker, only how a bulk
    /// job tells that two records describe the same person or company when nothing else does.
    Name(&'a str),
}

impl Identifier<'_> {
    /// `email:ana@acme.example` and so on: how a record lists the identifiers it owns.
    pub fn text(&self) -> String {
        match self {
            Self::Email(v) => format!("email:{v}"),
            Self::Linkedin(v) => format!("linkedin:{v}"),
            Self::Domain(v) => format!("domain:{v}"),
            Self::TaxId(v) => format!("tax_id:{v}"),
            Self::Name(v) => format!("name:{}", v.to_lowercase()),
        }
    }

    /// The address in an identifier's text, if it is an email's (`email:ana@acme.example`).
    pub fn email_of(text: &str) -> Option<&str> {
        text.strip_prefix("email:")
    }
}

/// A person or company record. Its per-source results share its partition (`SOURCE#<provider>`),
/// so erasing it reads one partition.
pub fn entity(tenant: &TenantId, kind: EntityKind, id: &str) -> Key {
    Key::new(tenant_part(tenant, &[kind.tag(), id]), "#".into())
}

/// GSI2 key of a record in its kind's tenant-wide list: shard by id, sorted by id (= creation).
pub fn entity_in_list(tenant: &TenantId, kind: EntityKind, id: &str) -> Key {
    let shard = shard_of(id).to_string();
    Key::new(
        tenant_part(tenant, &[kind.list_tag(), &shard]),
        id.to_owned(),
    )
}

/// The shards of a kind's tenant-wide list, for [`crate::Store::query_sharded`].
pub fn entity_list(tenant: &TenantId, kind: EntityKind) -> Vec<QuerySpec> {
    (0..SHARDS)
        .map(|shard| {
            QuerySpec::new(
                Some(GSI2),
                tenant_part(tenant, &[kind.list_tag(), &shard.to_string()]),
                None,
                format!("{}:all", kind.list_tag().to_lowercase()),
            )
        })
        .collect()
}

/// GSI3 key of a record in its kind's due index: watched (`W`) and unwatched (`U`) records apart,
/// so the refresh schedule reads only watched ones; sharded by id like the list; sorted by the
/// due time (epoch seconds, 10 digits) then the id.
pub fn entity_due(tenant: &TenantId, kind: EntityKind, watched: bool, id: &str, due: i64) -> Key {
    let shard = shard_of(id).to_string();
    let family = if watched { "W" } else { "U" };
    Key::new(
        tenant_part(tenant, &["DUE", kind.tag(), family, &shard]),
        format!("{:010}#{id}", due.clamp(0, 9_999_999_999)),
    )
}

/// The shards of a kind's due index holding records due by `now` (epoch s): watched only, or
/// both families.
pub fn entities_due(
    tenant: &TenantId,
    kind: EntityKind,
    watched_only: bool,
    now: i64,
) -> Vec<QuerySpec> {
    let families: &[&str] = if watched_only { &["W"] } else { &["W", "U"] };
    let high = format!("{:010}#~", now.clamp(0, 9_999_999_999));
    families
        .iter()
        .flat_map(|family| (0..SHARDS).map(move |shard| (*family, shard)))
        .map(|(family, shard)| {
            QuerySpec::new(
                Some(GSI3),
                tenant_part(tenant, &["DUE", kind.tag(), family, &shard.to_string()]),
                None,
                format!("{}:due", kind.list_tag().to_lowercase()),
            )
            .sk_between("0", &high)
        })
        .collect()
}

/// An organisation that watches records: the refresh schedule's list of organisations to look
/// at (sharded by tenant, across tenants).
pub fn watching_tenant(tenant: &TenantId) -> Key {
    let t = tenant.to_string();
    Key::new(format!("WATCHING#{}", shard_of(&t)), t)
}

/// The shards of the watching organisations.
pub fn watching_tenants() -> Vec<QuerySpec> {
    (0..SHARDS)
        .map(|shard| QuerySpec::new(None, format!("WATCHING#{shard}"), None, "watching".into()))
        .collect()
}

/// An organisation's refresh spending on one UTC day (`YYYY-MM-DD`): one item per day, written
/// once per schedule run.
pub fn refresh_day(tenant: &TenantId, day: &str) -> Key {
    Key::new(tenant_part(tenant, &["REFRESH"]), day.to_owned())
}

/// An organisation's refresh spending for the days `from..=to` (`YYYY-MM-DD`).
pub fn refresh_days(tenant: &TenantId, from: &str, to: &str) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["REFRESH"]),
        None,
        "refresh:days".into(),
    )
    .sk_between(from, to)
}

/// GSI1 key of a person under the company they work for.
pub fn person_at_company(tenant: &TenantId, company_id: &str, person_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["COMPANY_PEOPLE", company_id]),
        person_id.to_owned(),
    )
}

/// The people of one company (GSI1).
pub fn company_people(tenant: &TenantId, company_id: &str) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["COMPANY_PEOPLE", company_id]),
        None,
        format!("company_people:{company_id}"),
    )
}

/// GSI1 key of a company under its lower-cased name (prefix search).
pub fn company_by_name(tenant: &TenantId, name_key: &str, company_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["COMPANIES_BY_NAME"]),
        format!("{name_key}#{company_id}"),
    )
}

/// Companies by name (GSI1); narrow with `sk_prefix(<lower-cased prefix>)`.
pub fn companies_by_name(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["COMPANIES_BY_NAME"]),
        None,
        "companies_by_name".into(),
    )
}

/// A company under one facet value (`country:portugal`, `city:lisbon`, `industry:…`, `size:11-50`):
/// the stored companies' search index. One partition per organisation and value, written only
/// when a company gains or loses the value (not on every save).
pub fn company_facet(tenant: &TenantId, facet: &str, company_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["COMPANY_FACET", facet]),
        company_id.to_owned(),
    )
}

/// The companies under one facet value, by id.
pub fn companies_with_facet(tenant: &TenantId, facet: &str) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["COMPANY_FACET", facet]),
        None,
        format!("company_facet:{}", crate::cursor::digest(facet)),
    )
}

/// One provider's result for a record, in the record's partition.
pub fn source(tenant: &TenantId, kind: EntityKind, entity_id: &str, provider: &str) -> Key {
    Key::new(
        tenant_part(tenant, &[kind.tag(), entity_id]),
        format!("SOURCE#{provider}"),
    )
}

/// Every provider's result for a record.
pub fn sources(tenant: &TenantId, kind: EntityKind, entity_id: &str) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &[kind.tag(), entity_id]),
        Some("SOURCE#".into()),
        format!("sources:{entity_id}"),
    )
}

/// The marker that makes an identifier unique within a tenant (written with its record).
pub fn match_marker(tenant: &TenantId, kind: EntityKind, identifier: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["MATCH", kind.tag(), identifier]),
        "#".into(),
    )
}

/// A cached provider answer: per tenant, provider, kind of call and a digest of the input.
pub fn cache_entry(tenant: &TenantId, provider: &str, op_kind: &str, digest: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["CACHE", provider, op_kind, digest]),
        "#".into(),
    )
}

/// A cache entry's key from the handle a record keeps of it (see [`cache_handle`]).
pub fn cache_entry_from_handle(tenant: &TenantId, handle: &str) -> Option<Key> {
    let mut parts = handle.splitn(3, '#');
    let (Some(provider), Some(kind), Some(digest)) = (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(cache_entry(tenant, provider, kind, digest))
}

/// What a record keeps to find a cache entry again when it is erased.
pub fn cache_handle(provider: &str, op_kind: &str, digest: &str) -> String {
    format!("{provider}#{op_kind}#{digest}")
}

/// A provider's settings for a tenant; all of a tenant's in one partition (one Query loads them).
pub fn provider_settings(tenant: &TenantId, provider: &str) -> Key {
    Key::new(tenant_part(tenant, &["PROVIDERS"]), provider.to_owned())
}

/// Every provider setting of the tenant.
pub fn provider_settings_all(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["PROVIDERS"]),
        None,
        "providers:all".into(),
    )
}

/// The organisation's retention settings (`access::retention`). They sit in the provider-settings
/// partition, so the one Query an enrichment or a job chunk makes of its settings brings them too.
pub fn retention_settings(tenant: &TenantId) -> Key {
    Key::new(tenant_part(tenant, &["PROVIDERS"]), "#RETENTION".into())
}

/// The organisation's enrichment policy (strategy, freshness, refresh budget), beside the provider
/// settings for the same reason as the retention settings.
pub fn enrichment_policy(tenant: &TenantId) -> Key {
    Key::new(tenant_part(tenant, &["PROVIDERS"]), "#POLICY".into())
}

/// The snapshot of provider performance the cost-aware waterfall chooses by (same partition).
pub fn provider_estimates(tenant: &TenantId) -> Key {
    Key::new(tenant_part(tenant, &["PROVIDERS"]), "#ESTIMATES".into())
}

/// The organisation's alert settings (credit and quota thresholds).
pub fn alert_settings(tenant: &TenantId) -> Key {
    Key::new(tenant_part(tenant, &["ALERTS"]), "#SETTINGS".into())
}

/// The marker that an alert went out: one per kind, subject (provider), threshold and period, so
/// an alert is sent once however often (or concurrently) the check runs.
pub fn alert_sent(tenant: &TenantId, period: &str, kind: &str, subject: &str, percent: u8) -> Key {
    Key::new(
        tenant_part(tenant, &["ALERTS"]),
        format!("SENT#{period}#{kind}#{subject}#{percent:03}"),
    )
}

/// The marker that a notice mail (a finished job, a weekly digest) went to a user: one per kind
/// and reference (the job, the user and week), so it is mailed once however often its trigger
/// is delivered.
pub fn notice_sent(tenant: &TenantId, kind: &str, reference: &[&str]) -> Key {
    Key::new(
        tenant_part(tenant, &["NOTICES"]),
        format!("SENT#{kind}#{}", reference.join("#")),
    )
}

/// An organisation's count of one kind of security signal (refused credentials, lockouts) in one
/// hour: a partition of its own, so a burst of refusals never shares the organisation's partition.
pub fn security_count(tenant: &TenantId, kind: &str, hour: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["SECURITY", kind, hour]),
        "#COUNT".into(),
    )
}

/// A security alert raised for an organisation (its creation is the `security.*` event):
/// `reference` is the hour for counted kinds, the hour, key and country for a new country.
pub fn security_alert(tenant: &TenantId, kind: &str, reference: &[&str]) -> Key {
    Key::new(
        tenant_part(tenant, &["SECURITY"]),
        format!("ALERT#{kind}#{}", reference.join("#")),
    )
}

/// A provider account's highest balance seen in a period: what "percent of credits used" is
/// measured against.
pub fn credit_watch(tenant: &TenantId, period: &str, provider: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["ALERTS"]),
        format!("WATCH#{period}#{provider}"),
    )
}

/// The tenant record's entry in the platform-wide list of organisations (GSI2, sparse, sharded by
/// tenant id), which platform sweeps (retention, credit alerts) walk instead of scanning the table.
pub fn tenant_in_index(tenant: &TenantId) -> Key {
    Key::new(
        format!("TENANTS#{}", shard_of(tenant.as_str())),
        tenant.to_string(),
    )
}

/// The shards of the list of organisations (GSI2).
pub fn tenants_index() -> Vec<QuerySpec> {
    (0..SHARDS)
        .map(|shard| {
            QuerySpec::new(
                Some(GSI2),
                format!("TENANTS#{shard}"),
                None,
                "tenants".into(),
            )
        })
        .collect()
}

/// An audit event's entry under what it acted on (GSI1): the history of one record or user, read
/// without going through the whole log (a person's data export).
pub fn audit_event_by_target(tenant: &TenantId, target_id: &str, event_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["AUDIT_TARGET", target_id]),
        event_id.to_owned(),
    )
}

/// The audit events naming one target (GSI1), oldest first.
pub fn audit_events_of_target(tenant: &TenantId, target_id: &str) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["AUDIT_TARGET", target_id]),
        None,
        "audit:target".into(),
    )
}

/// Everything a job keeps in its own partition (the job, its chunk inputs and markers, its
/// results): what retention removes when the job ages out.
pub fn job_partition(tenant: &TenantId, job_id: &str) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["JOB", job_id]),
        None,
        "job:all".into(),
    )
}

/// A line of the provider call log: sharded by call id (a bulk job writes one per provider call),
/// sorted by id (= time) within its shard; kept 90 days (TTL), which bounds each shard.
pub fn call_log_line(tenant: &TenantId, call_id: &str) -> Key {
    let shard = shard_of(call_id).to_string();
    Key::new(tenant_part(tenant, &["CALLS", &shard]), call_id.to_owned())
}

/// The shards of the call log, for [`crate::Store::query_sharded`].
pub fn call_log(tenant: &TenantId) -> Vec<QuerySpec> {
    (0..SHARDS)
        .map(|shard| {
            QuerySpec::new(
                None,
                tenant_part(tenant, &["CALLS", &shard.to_string()]),
                None,
                "calls:all".into(),
            )
        })
        .collect()
}

/// A day's usage counters of one provider. A tenant's usage is one partition: one UpdateItem per
/// provider per enrichment, and the API reads a date range with one Query.
pub fn usage_day(tenant: &TenantId, day: &str, provider: &str, shard: u8) -> Key {
    Key::new(
        tenant_part(tenant, &["USAGE"]),
        format!("D#{day}#{provider}#{}", shard % PROVIDER_USAGE_SHARDS),
    )
}

/// Shards of a day's usage counter of one provider: every provider call's line and its usage move
/// in one transaction, and concurrent transactions on one item cancel each other, so concurrent
/// workers of one organisation spread over this many items (reports sum them).
pub const PROVIDER_USAGE_SHARDS: u8 = 8;

/// The daily usage counters (narrow with `sk_between(<from day>, <to day>~)`).
pub fn usage_days(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["USAGE"]),
        Some("D#".into()),
        "usage:days".into(),
    )
}

/// The daily usage counters from day `from` to day `to` (`YYYY-MM-DD`), both included.
pub fn usage_days_between(tenant: &TenantId, from: &str, to: &str) -> QuerySpec {
    usage_days(tenant).sk_between(from, &format!("{to}#~"))
}

/// A month's quota counter of one provider.
pub fn usage_month(tenant: &TenantId, month: &str, provider: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["USAGE"]),
        format!("M#{month}#{provider}"),
    )
}

// ------------------------------------------------------------------ bulk jobs

/// A bulk job. Its chunk markers and per-record results share its partition (`CHUNK#…`,
/// `RESULT#…`): a 100 records/s job writes ~100 results/s there, a tenth of a partition's limit,
/// and each job has a partition of its own, so concurrent jobs never share one.
pub fn job(tenant: &TenantId, job_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["JOB", job_id]), "#".into())
}

/// GSI1 key of a job in the tenant's job list (by id = creation time). Written when a job is
/// created and when its counters move (a few times a second while it runs).
pub fn job_in_list(tenant: &TenantId, job_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["JOBS"]), job_id.to_owned())
}

/// The tenant's jobs (GSI1), ascending by id; use `newest_first`.
pub fn jobs(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["JOBS"]),
        None,
        "jobs:all".into(),
    )
}

/// The marker a worker writes, in the same transaction as a chunk's results and counters, so a
/// redelivered chunk is recognised and neither stored nor counted twice.
pub fn job_chunk(tenant: &TenantId, job_id: &str, chunk: u32) -> Key {
    Key::new(
        tenant_part(tenant, &["JOB", job_id]),
        format!("CHUNK#{chunk:06}"),
    )
}

/// The input records of one chunk of a job, each chunk a partition of its own: a 10,000-record
/// submission writes 1,000 of these at once, which one partition could not absorb.
pub fn job_input(tenant: &TenantId, job_id: &str, chunk: u32) -> Key {
    Key::new(
        tenant_part(tenant, &["JOB", job_id, "INPUT", &chunk.to_string()]),
        "#".into(),
    )
}

/// The lease of one chunk (which invocation runs it, until when), in the job's partition beside
/// the chunk's marker and results (one more write per chunk there).
pub fn job_chunk_lease(tenant: &TenantId, job_id: &str, chunk: u32) -> Key {
    Key::new(
        tenant_part(tenant, &["JOB", job_id]),
        format!("LEASE#{chunk:06}"),
    )
}

/// The result of the input record at `index` (zero-padded, so results list in input order).
pub fn job_result(tenant: &TenantId, job_id: &str, index: u32) -> Key {
    Key::new(
        tenant_part(tenant, &["JOB", job_id]),
        format!("RESULT#{index:06}"),
    )
}

/// A job's results in input order.
pub fn job_results(tenant: &TenantId, job_id: &str) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["JOB", job_id]),
        Some("RESULT#".into()),
        format!("job_results:{job_id}"),
    )
}

/// GSI2 key of a running job in the sweep's list (sparse, across tenants, sharded by job id), by
/// the time it last made progress (epoch seconds, zero-padded so the sort key orders by time).
/// Only status changes and chunk completions write here, a few per second per running job.
pub fn job_watch(tenant: &TenantId, job_id: &str, since: i64) -> Key {
    Key::new(
        format!("JOBS_ACTIVE#{}", shard_of(job_id)),
        format!("{since:012}#{tenant}#{job_id}"),
    )
}

/// The sweep's query of one shard of its list: jobs whose last progress is before `before`.
pub fn job_watch_before(shard: u32, before: i64) -> QuerySpec {
    QuerySpec::new(
        Some(GSI2),
        format!("JOBS_ACTIVE#{shard}"),
        None,
        format!("jobs_active:{shard}"),
    )
    .sk_between("0", &format!("{before:012}"))
}

// ------------------------------------------------------------------ partners

/// An API key, by the hex SHA-256 of its secret: the authorizer's one read. Not under the tenant,
/// because the tenant is what the read finds out; the item holds the tenant and is checked.
pub fn api_key(hash: &str) -> Key {
    Key::new(format!("APIKEY#{hash}"), "#".into())
}

/// A partner application (API client) of a tenant.
pub fn api_client(tenant: &TenantId, client_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["API_CLIENT", client_id]), "#".into())
}

/// GSI1 key of a client in the tenant's list: clients change rarely, one partition suffices.
pub fn api_client_in_list(tenant: &TenantId, client_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["API_CLIENTS"]), client_id.to_owned())
}

/// The tenant's API clients (GSI1), by id (= creation time).
pub fn api_clients(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["API_CLIENTS"]),
        None,
        "api_clients:all".into(),
    )
}

/// A key's entry under its client (holds the key's hash), in the client's own partition so that
/// suspension, tier changes and deletion find every key with one strongly consistent Query.
pub fn client_key(tenant: &TenantId, client_id: &str, key_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["API_CLIENT", client_id]),
        format!("KEY#{key_id}"),
    )
}

/// A client's keys, by id.
pub fn client_keys(tenant: &TenantId, client_id: &str) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["API_CLIENT", client_id]),
        Some("KEY#".into()),
        format!("client_keys:{client_id}"),
    )
}

/// Where the OAuth2 token endpoint finds a client by its id (it knows no tenant yet): the tenant
/// and nothing else.
pub fn oauth_client(client_id: &str) -> Key {
    Key::new(format!("OAUTH_CLIENT#{client_id}"), "#".into())
}

/// One partner credential's request counters for one UTC day (minute, hour and day windows in one
/// item, so admitting a request is one conditional write). A key is throttled long before its item
/// nears a partition's 1,000 writes/s (enterprise: 600 a minute).
pub fn partner_rate_window(subject: &str, day_start: i64) -> Key {
    counter("partner-rate", subject, day_start)
}

/// How many partitions one client's usage of one hour is spread over (writes pick one at random;
/// a report reads all of them).
pub const USAGE_SHARDS: u32 = 4;

/// One shard of a client's usage: one item per hour (`hour` = epoch seconds of its start).
pub fn client_usage_hour(tenant: &TenantId, client_id: &str, shard: u32, hour: i64) -> Key {
    Key::new(
        tenant_part(tenant, &["USAGE", client_id, &shard.to_string()]),
        format!("H#{hour:012}"),
    )
}

/// The hours `[from, to]` of one shard of a client's usage.
pub fn client_usage_hours(
    tenant: &TenantId,
    client_id: &str,
    shard: u32,
    from: i64,
    to: i64,
) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["USAGE", client_id, &shard.to_string()]),
        None,
        format!("usage:{client_id}:{shard}"),
    )
    .sk_between(&format!("H#{from:012}"), &format!("H#{to:012}"))
}

/// Credentials whose API Gateway registration has not caught up yet (sparse GSI2), across tenants:
/// the partner sweep finishes them. Written only when a key or client changes.
pub fn gateway_pending(kind: &str, id: &str) -> Key {
    Key::new(
        format!("GATEWAY_PENDING#{}", shard_of(id)),
        format!("{kind}#{id}"),
    )
}

/// An organisation whose API Gateway usage key is not yet where its tier says (registered, in its
/// tier's plan): a marker item written with the change that made it so, removed once the gateway
/// caught up. Sharded like the organisations' own list.
pub fn organization_gateway_pending(tenant: &TenantId) -> Key {
    Key::new(
        format!("ORG_GATEWAY_PENDING#{}", shard_of(tenant.as_str())),
        tenant.to_string(),
    )
}

/// One shard of the organisations whose gateway registration is pending.
pub fn organization_gateway_pending_shard(shard: u32) -> QuerySpec {
    QuerySpec::new(
        None,
        format!("ORG_GATEWAY_PENDING#{shard}"),
        None,
        format!("organization_gateway_pending:{shard}"),
    )
}

/// One shard of the pending registrations.
pub fn gateway_pending_shard(shard: u32) -> QuerySpec {
    QuerySpec::new(
        Some(GSI2),
        format!("GATEWAY_PENDING#{shard}"),
        None,
        format!("gateway_pending:{shard}"),
    )
}

/// An `Idempotency-Key` record: scoped to the caller (tenant and principal) and the key's digest,
/// one partition each, kept 24 hours.
pub fn idempotency(tenant: &TenantId, principal: &str, key_digest: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["IDEMPOTENCY", principal, key_digest]),
        "#".into(),
    )
}

/// A scratch item of a tenant, for tests and tools that exercise the store itself.
pub fn scratch_item(tenant: &TenantId, id: &str) -> Key {
    Key::new(tenant_part(tenant, &["SCRATCH"]), id.to_owned())
}

/// All scratch items of a tenant.
pub fn scratch_items(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["SCRATCH"]),
        None,
        "scratch:all".into(),
    )
}

// ------------------------------------------------------------------ contacts and tags

/// A contact (the organisation's mailing audience), in its own partition with its tag links.
pub fn contact(tenant: &TenantId, contact_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["CONTACT", contact_id]), "#".into())
}

/// A contact's entry in the tenant-wide contact list (GSI2, sharded by id: bulk imports write it).
pub fn contact_in_list(tenant: &TenantId, contact_id: &str) -> Key {
    let shard = shard_of(contact_id).to_string();
    Key::new(
        tenant_part(tenant, &["CONTACTS", &shard]),
        contact_id.to_owned(),
    )
}

/// The shards of the contact list, for [`crate::Store::query_sharded`].
pub fn contacts(tenant: &TenantId) -> Vec<QuerySpec> {
    (0..SHARDS)
        .map(|shard| {
            QuerySpec::new(
                Some(GSI2),
                tenant_part(tenant, &["CONTACTS", &shard.to_string()]),
                None,
                "contacts:all".into(),
            )
        })
        .collect()
}

/// Which contact holds an email address in a tenant (uniqueness marker).
pub fn contact_email(tenant: &TenantId, email: &str) -> Key {
    Key::new(tenant_part(tenant, &["CONTACT_EMAIL", email]), "#".into())
}

/// The link of a contact to a tag: in the contact's partition (its tags), and under the tag in
/// GSI1, sharded by contact id (the tag's members: a bulk tagging of one tag writes there).
pub fn contact_tag(tenant: &TenantId, contact_id: &str, slug: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["CONTACT", contact_id]),
        format!("TAG#{slug}"),
    )
}

/// GSI1 key of a link under its tag.
pub fn tag_member(tenant: &TenantId, slug: &str, contact_id: &str) -> Key {
    let shard = shard_of(contact_id).to_string();
    Key::new(
        tenant_part(tenant, &["TAG_MEMBERS", slug, &shard]),
        contact_id.to_owned(),
    )
}

/// The shards of a tag's members (GSI1).
pub fn tag_members(tenant: &TenantId, slug: &str) -> Vec<QuerySpec> {
    (0..SHARDS)
        .map(|shard| {
            QuerySpec::new(
                Some(GSI1),
                tenant_part(tenant, &["TAG_MEMBERS", slug, &shard.to_string()]),
                None,
                format!("tag-members:{slug}"),
            )
        })
        .collect()
}

/// A tag, with its member-count shards beside it in its partition.
pub fn tag(tenant: &TenantId, slug: &str) -> Key {
    Key::new(tenant_part(tenant, &["TAG", slug]), "#".into())
}

/// One shard of a tag's member count (the shard of the contact id that moved it), so bulk tagging
/// of one tag spreads its counter writes over [`SHARDS`] items.
pub fn tag_count(tenant: &TenantId, slug: &str, contact_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["TAG", slug]),
        format!("COUNT#{}", shard_of(contact_id)),
    )
}

/// Every count shard of a tag.
pub fn tag_counts(tenant: &TenantId, slug: &str) -> Vec<Key> {
    (0..SHARDS)
        .map(|shard| {
            Key::new(
                tenant_part(tenant, &["TAG", slug]),
                format!("COUNT#{shard}"),
            )
        })
        .collect()
}

/// A message template.
pub fn template(tenant: &TenantId, template_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["TEMPLATE", template_id]), "#".into())
}

/// GSI1 key of a template in the tenant's template list (by id = creation time).
pub fn template_in_list(tenant: &TenantId, template_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["TEMPLATES"]), template_id.to_owned())
}

/// The tenant's templates (GSI1), oldest first.
pub fn templates(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["TEMPLATES"]),
        None,
        "templates:all".into(),
    )
}

/// A template group's claim of one language (one template per language per group).
pub fn template_group_language(tenant: &TenantId, group: &str, language: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["TEMPLATE_GROUP", group]),
        language.to_owned(),
    )
}

/// Every language claim of a template group.
pub fn template_group(tenant: &TenantId, group: &str) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["TEMPLATE_GROUP", group]),
        None,
        format!("template-group:{group}"),
    )
}

/// A suppressed address: never mailed, whatever its contact says.
pub fn suppression(tenant: &TenantId, email: &str) -> Key {
    Key::new(tenant_part(tenant, &["SUPPRESSION", email]), "#".into())
}

/// GSI1 key of a suppressed address in the tenant's suppression list (by address).
pub fn suppression_in_list(tenant: &TenantId, email: &str) -> Key {
    Key::new(tenant_part(tenant, &["SUPPRESSIONS"]), email.to_owned())
}

/// The tenant's suppression list (GSI1), by address.
pub fn suppressions(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["SUPPRESSIONS"]),
        None,
        "suppressions:all".into(),
    )
}

/// GSI1 key of a tag in the tenant's tag list (by slug).
pub fn tag_in_list(tenant: &TenantId, slug: &str) -> Key {
    Key::new(tenant_part(tenant, &["TAGS"]), slug.to_owned())
}

/// The tenant's tags (GSI1), by slug.
pub fn tags(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["TAGS"]),
        None,
        "tags:all".into(),
    )
}

// ------------------------------------------------------------------ campaigns and sending

/// An organisation's inbound credentials (the URL token's hash and the signing secrets).
pub fn inbound_credentials(tenant: &TenantId) -> Key {
    Key::new(tenant_part(tenant, &["INBOUND"]), "#".into())
}

/// An inbound URL token, by its hash (`kernel::secret::hash_secret`): the ingest route's one read. Not under
/// the tenant, because the tenant is what the read finds out.
pub fn inbound_token(hash: &str) -> Key {
    Key::new(format!("INBOUND_TOKEN#{hash}"), "#".into())
}

/// An organisation's bounce and complaint rules.
pub fn bounce_rules(tenant: &TenantId) -> Key {
    Key::new(tenant_part(tenant, &["INBOUND"]), "RULES".into())
}

/// A delivery event (delivered, opened, clicked, bounced, complained, unsubscribed), by its id:
/// its own partition, written create-only, so an event redelivered by its sender is applied once.
pub fn campaign_event(tenant: &TenantId, event_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["EVENT", event_id]), "#".into())
}

/// GSI1 key of an event in its contact's event list (newest first by `at`).
pub fn contact_event_in_list(tenant: &TenantId, contact_id: &str, at: i64, event_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["CONTACT_EVENTS", contact_id]),
        format!("{at:012}#{event_id}"),
    )
}

/// A contact's events (GSI1), newest first.
pub fn contact_events(tenant: &TenantId, contact_id: &str) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["CONTACT_EVENTS", contact_id]),
        None,
        format!("contact-events:{contact_id}"),
    )
    .newest_first()
}

/// GSI2 key of an event in its campaign's event list, sharded by recipient (a campaign's events
/// arrive at its sending rate: one partition would take them all).
pub fn campaign_event_in_list(
    tenant: &TenantId,
    campaign_id: &str,
    recipient: &str,
    at: i64,
    event_id: &str,
) -> Key {
    let shard = shard_of(recipient).to_string();
    Key::new(
        tenant_part(tenant, &["CAMPAIGN_EVENTS", campaign_id, &shard]),
        format!("{at:012}#{event_id}"),
    )
}

/// The shards of a campaign's events (GSI2), newest first, for [`crate::Store::query_sharded`].
pub fn campaign_events(tenant: &TenantId, campaign_id: &str) -> Vec<QuerySpec> {
    (0..SHARDS)
        .map(|shard| {
            QuerySpec::new(
                Some(GSI2),
                tenant_part(
                    tenant,
                    &["CAMPAIGN_EVENTS", campaign_id, &shard.to_string()],
                ),
                None,
                format!("campaign-events:{campaign_id}"),
            )
            .newest_first()
        })
        .collect()
}

/// The first event of a kind (opened, clicked) for one recipient of a campaign: its presence makes
/// later ones count as totals only, not as unique. Beside the recipient's send record.
pub fn campaign_first(tenant: &TenantId, campaign_id: &str, recipient: &str, kind: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["SEND", campaign_id, recipient]),
        format!("FIRST#{kind}"),
    )
}

/// A contact's bounce and complaint counts, which the bounce rules compare with their thresholds.
pub fn contact_bounces(tenant: &TenantId, contact_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["CONTACT", contact_id]),
        "BOUNCES".into(),
    )
}

/// One shard of an organisation's event counts for one UTC day (epoch days), chosen by event id.
pub fn event_day_count(tenant: &TenantId, day: i64, event_id: &str) -> Key {
    Key::new(
        tenant_part(
            tenant,
            &[
                "EVENT_DAY",
                &day.to_string(),
                &shard_of(event_id).to_string(),
            ],
        ),
        "#".into(),
    )
}

/// Every shard of an organisation's event counts of one UTC day.
/// The shard of the organisation's contact counters a contact's changes move (its id's shard:
/// an import's writes spread over all of them).
pub fn contact_stats(tenant: &TenantId, contact_id: &str) -> Key {
    Key::new(
        tenant_part(
            tenant,
            &["CONTACT_STATS", &shard_of(contact_id).to_string()],
        ),
        "#".into(),
    )
}

/// A contact validation run.
pub fn validation_run(tenant: &TenantId, run_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["VALIDATION", run_id]), "#".into())
}

/// A contact's mark in a validation run: recorded once (create-only), with the run's counts.
pub fn validation_mark(tenant: &TenantId, run_id: &str, contact_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["VALIDATION", run_id]),
        format!("DONE#{contact_id}"),
    )
}

/// The count shard of a validation run a contact's outcome moves.
pub fn validation_count(tenant: &TenantId, run_id: &str, contact_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["VALIDATION", run_id]),
        format!("COUNT#{}", shard_of(contact_id)),
    )
}

/// Every count shard of a validation run.
pub fn validation_counts(tenant: &TenantId, run_id: &str) -> Vec<Key> {
    (0..SHARDS)
        .map(|shard| {
            Key::new(
                tenant_part(tenant, &["VALIDATION", run_id]),
                format!("COUNT#{shard}"),
            )
        })
        .collect()
}

/// Every shard of the organisation's contact counters (one BatchGetItem).
pub fn contact_stats_all(tenant: &TenantId) -> Vec<Key> {
    (0..SHARDS)
        .map(|shard| {
            Key::new(
                tenant_part(tenant, &["CONTACT_STATS", &shard.to_string()]),
                "#".into(),
            )
        })
        .collect()
}

pub fn event_day_counts(tenant: &TenantId, day: i64) -> Vec<Key> {
    (0..SHARDS)
        .map(|shard| {
            Key::new(
                tenant_part(tenant, &["EVENT_DAY", &day.to_string(), &shard.to_string()]),
                "#".into(),
            )
        })
        .collect()
}

/// A campaign (its definition and state; progress and counts live beside it).
pub fn campaign(tenant: &TenantId, campaign_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["CAMPAIGN", campaign_id]), "#".into())
}

/// GSI1 key of a campaign in the tenant's campaign list (by id = creation time).
pub fn campaign_in_list(tenant: &TenantId, campaign_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["CAMPAIGNS"]), campaign_id.to_owned())
}

/// The tenant's campaigns (GSI1), oldest first.
pub fn campaigns(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["CAMPAIGNS"]),
        None,
        "campaigns:all".into(),
    )
}

/// A campaign's send progress: the fan-out's checkpoint, `to_send`, chunks enqueued and done.
pub fn campaign_progress(tenant: &TenantId, campaign_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["CAMPAIGN", campaign_id]),
        "PROGRESS".into(),
    )
}

/// One of a campaign's count shards (sent, failed, skipped), chosen by the recipient: each shard
/// is a partition of its own, so a send's writes spread over [`SHARDS`] keys.
pub fn campaign_count(tenant: &TenantId, campaign_id: &str, contact_id: &str) -> Key {
    let shard = shard_of(contact_id).to_string();
    Key::new(
        tenant_part(tenant, &["CAMPAIGN", campaign_id, "COUNT", &shard]),
        "#".into(),
    )
}

/// Every count shard of a campaign.
pub fn campaign_counts(tenant: &TenantId, campaign_id: &str) -> Vec<Key> {
    (0..SHARDS)
        .map(|shard| {
            Key::new(
                tenant_part(
                    tenant,
                    &["CAMPAIGN", campaign_id, "COUNT", &shard.to_string()],
                ),
                "#".into(),
            )
        })
        .collect()
}

/// A recipient's send record: written conditionally before the message goes out, so a
/// redelivered chunk never mails anyone twice. One partition per recipient.
pub fn campaign_send(tenant: &TenantId, campaign_id: &str, contact_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["SEND", campaign_id, contact_id]),
        "#".into(),
    )
}

/// A chunk set aside while its campaign is paused or its sender's daily cap is spent.
pub fn campaign_parked(tenant: &TenantId, campaign_id: &str, chunk: u64) -> Key {
    Key::new(
        tenant_part(tenant, &["CAMPAIGN", campaign_id]),
        format!("PARKED#{chunk:010}"),
    )
}

/// Every parked chunk of a campaign.
pub fn campaign_parked_all(tenant: &TenantId, campaign_id: &str) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["CAMPAIGN", campaign_id]),
        Some("PARKED#".into()),
        format!("campaign-parked:{campaign_id}"),
    )
}

/// GSI2 key of a scheduled campaign in the due list (sharded by id): the minute sweep reads every
/// shard up to now.
pub fn due_campaign(tenant: &TenantId, campaign_id: &str, due_epoch: i64) -> Key {
    Key::new(
        format!("DUE#{}", shard_of(campaign_id)),
        format!("{due_epoch:012}#CAMPAIGN#{tenant}#{campaign_id}"),
    )
}

/// The recipients of one chunk of a campaign, written before the chunk is queued, so the
/// watchdog can queue a chunk again whose message was lost (a DLQ, a crash).
pub fn campaign_chunk(tenant: &TenantId, campaign_id: &str, chunk: u64) -> Key {
    Key::new(
        tenant_part(
            tenant,
            &["CAMPAIGN", campaign_id, "CHUNK", &chunk.to_string()],
        ),
        "#".into(),
    )
}

/// GSI2 key of a running campaign's watch in the due list: the minute sweep looks at it then
/// (the watchdog), and moves it on while the campaign makes progress.
pub fn due_watch(tenant: &TenantId, campaign_id: &str, due_epoch: i64) -> Key {
    Key::new(
        format!("DUE#{}", shard_of(campaign_id)),
        format!("{due_epoch:012}#WATCH#{tenant}#{campaign_id}"),
    )
}

/// GSI2 key of a chunk parked until a time (its sender's hour or day spent). Sharded by chunk,
/// so one campaign's parked chunks spread over every shard of the due list.
pub fn due_parked(tenant: &TenantId, campaign_id: &str, chunk: u64, due_epoch: i64) -> Key {
    Key::new(
        format!("DUE#{}", shard_of(&format!("{campaign_id}#{chunk}"))),
        format!("{due_epoch:012}#PARKED#{tenant}#{campaign_id}#{chunk}"),
    )
}

/// What an entry of the due list is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    Campaign {
        tenant: TenantId,
        campaign_id: String,
    },
    Parked {
        tenant: TenantId,
        campaign_id: String,
    },
    /// A running campaign's watchdog check.
    Watch {
        tenant: TenantId,
        campaign_id: String,
    },
}

/// Reads a due-list sort key (`None` for a key of another shape).
pub fn parse_due(sk: &str) -> Option<Due> {
    let parts: Vec<&str> = sk.split('#').collect();
    match parts.as_slice() {
        [_, "CAMPAIGN", tenant, id] => Some(Due::Campaign {
            tenant: tenant.parse().ok()?,
            campaign_id: (*id).to_owned(),
        }),
        [_, "PARKED", tenant, id, _chunk] => Some(Due::Parked {
            tenant: tenant.parse().ok()?,
            campaign_id: (*id).to_owned(),
        }),
        [_, "WATCH", tenant, id] => Some(Due::Watch {
            tenant: tenant.parse().ok()?,
            campaign_id: (*id).to_owned(),
        }),
        _ => None,
    }
}

/// The shards of the due list, up to `now` (epoch seconds).
pub fn due_until(now_epoch: i64) -> Vec<QuerySpec> {
    (0..SHARDS)
        .map(|shard| {
            QuerySpec::new(Some(GSI2), format!("DUE#{shard}"), None, "due".into())
                .sk_between("0", &format!("{now_epoch:012}~"))
        })
        .collect()
}

/// A sending profile (SES or MailWizz, with its throttle, daily cap and warm-up).
pub fn sending_profile(tenant: &TenantId, profile_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["SENDING_PROFILE", profile_id]),
        "#".into(),
    )
}

/// GSI1 key of a sending profile in the tenant's list.
pub fn sending_profile_in_list(tenant: &TenantId, profile_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["SENDING_PROFILES"]),
        profile_id.to_owned(),
    )
}

/// The tenant's sending profiles (GSI1).
pub fn sending_profiles(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["SENDING_PROFILES"]),
        None,
        "sending-profiles:all".into(),
    )
}

/// GSI2 key of a profile with a warm-up plan, for the daily warm-up step across organisations.
pub fn warmup_in_index(tenant: &TenantId, profile_id: &str) -> Key {
    Key::new(
        format!("WARMUP#{}", shard_of(profile_id)),
        format!("{tenant}#{profile_id}"),
    )
}

/// The shards of the warm-up list (GSI2).
pub fn warmup_index() -> Vec<QuerySpec> {
    (0..SHARDS)
        .map(|shard| QuerySpec::new(Some(GSI2), format!("WARMUP#{shard}"), None, "warmup".into()))
        .collect()
}

/// A sending domain's owner: one organisation per domain on the platform's SES account.
pub fn sending_domain(domain: &str) -> Key {
    Key::new(format!("SENDING_DOMAIN#{domain}"), "#".into())
}

/// A sending profile's counter for one window (`SEC`, `HOUR` or `DAY` and its number): the
/// throttle and the daily cap, shared by every send worker.
pub fn sender_window(tenant: &TenantId, profile_id: &str, window: &str, n: i64) -> Key {
    Key::new(
        tenant_part(tenant, &["SENDER", profile_id, window, &n.to_string()]),
        "#".into(),
    )
}

// ------------------------------------------------------------------ webhooks

/// A webhook subscription. An organisation's subscriptions (at most a hundred, written rarely)
/// share one partition, so the dispatcher finds every subscriber of an event with one Query.
pub fn webhook(tenant: &TenantId, webhook_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["WEBHOOKS"]), webhook_id.to_owned())
}

/// Every subscription of the organisation (one partition).
pub fn webhooks(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["WEBHOOKS"]),
        None,
        "webhooks:all".into(),
    )
}

/// One delivery (an event for one subscription, all its attempts), under its own partition.
pub fn webhook_delivery(tenant: &TenantId, delivery_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["WEBHOOK_DELIVERY", delivery_id]),
        "#".into(),
    )
}

/// GSI1 key of a delivery in its subscription's log (newest first by the time-ordered id). One
/// partition per subscription: it takes the subscription's event rate (a bulk job's 100 person
/// events a second at most, well under a partition's 1,000 writes a second).
pub fn webhook_delivery_in_log(tenant: &TenantId, webhook_id: &str, delivery_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["WEBHOOK", webhook_id, "DELIVERIES"]),
        delivery_id.to_owned(),
    )
}

/// A subscription's delivery log, newest first.
pub fn webhook_deliveries(tenant: &TenantId, webhook_id: &str) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["WEBHOOK", webhook_id, "DELIVERIES"]),
        None,
        format!("webhook_deliveries:{webhook_id}"),
    )
    .newest_first()
}

/// GSI2 key of a delivery waiting for its next attempt (sparse: only deliveries with one due),
/// sharded by delivery id so the sweep's writes spread; the sort key is the due time.
pub fn webhook_due(tenant: &TenantId, delivery_id: &str, due_epoch: i64) -> Key {
    Key::new(
        format!("WEBHOOK_DUE#{}", shard_of(delivery_id)),
        format!("{due_epoch:012}#{tenant}#{delivery_id}"),
    )
}

/// The sweep's query of one shard: deliveries due at or before `before` (epoch s).
pub fn webhook_due_before(shard: u32, before: i64) -> QuerySpec {
    QuerySpec::new(
        Some(GSI2),
        format!("WEBHOOK_DUE#{shard}"),
        None,
        format!("webhook_due:{shard}"),
    )
    .sk_between("0", &format!("{before:012}~"))
}

/// A subscription's health: its failure streak and its attempt counts per day. Apart from the
/// subscription, so every attempt's bookkeeping never races a user's versioned change.
pub fn webhook_health(tenant: &TenantId, webhook_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["WEBHOOK", webhook_id, "HEALTH"]),
        "#".into(),
    )
}

/// One of a subscription's concurrency slots (a lease with an expiry): at most that many
/// deliveries to one endpoint run at once, so one slow receiver cannot hold every worker.
pub fn webhook_slot(tenant: &TenantId, webhook_id: &str, slot: u32) -> Key {
    Key::new(
        tenant_part(tenant, &["WEBHOOK", webhook_id, "SLOTS"]),
        slot.to_string(),
    )
}

/// A data source (its runs and their CSV chunks share its partition).
pub fn data_source(tenant: &TenantId, source_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["DATA_SOURCE", source_id]), "#".into())
}

/// GSI1 key of a data source in the tenant's list (by id = creation time).
pub fn data_source_in_list(tenant: &TenantId, source_id: &str) -> Key {
    Key::new(tenant_part(tenant, &["DATA_SOURCES"]), source_id.to_owned())
}

/// The tenant's data sources (GSI1), oldest first.
pub fn data_sources(tenant: &TenantId) -> QuerySpec {
    QuerySpec::new(
        Some(GSI1),
        tenant_part(tenant, &["DATA_SOURCES"]),
        None,
        "data-sources:all".into(),
    )
}

/// A sync run of a data source.
pub fn data_source_run(tenant: &TenantId, source_id: &str, run_id: &str) -> Key {
    Key::new(
        tenant_part(tenant, &["DATA_SOURCE", source_id]),
        format!("RUN#{run_id}"),
    )
}

/// A data source's runs, newest first.
pub fn data_source_runs(tenant: &TenantId, source_id: &str) -> QuerySpec {
    QuerySpec::new(
        None,
        tenant_part(tenant, &["DATA_SOURCE", source_id]),
        Some("RUN#".into()),
        format!("data-source-runs:{source_id}"),
    )
    .newest_first()
}

/// Chunk `n` of the rows a CSV import holds while its run works through them.
pub fn data_source_chunk(tenant: &TenantId, source_id: &str, run_id: &str, n: u32) -> Key {
    Key::new(
        tenant_part(tenant, &["DATA_SOURCE", source_id]),
        format!("CHUNK#{run_id}#{n:05}"),
    )
}

/// Everything in a data source's partition except the source itself (runs, chunks): what its
/// deletion purges.
pub fn data_source_items(tenant: &TenantId, source_id: &str) -> Vec<QuerySpec> {
    ["RUN#", "CHUNK#"]
        .iter()
        .map(|prefix| {
            QuerySpec::new(
                None,
                tenant_part(tenant, &["DATA_SOURCE", source_id]),
                Some((*prefix).into()),
                format!("data-source-items:{source_id}"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_keys_start_with_the_tenant() {
        let t = TenantId::new();
        let prefix = format!("TEN#{t}");
        for key in [
            tenant(&t),
            user(&t, "usr_1"),
            session(&t, "ses_1"),
            entity(&t, EntityKind::Person, "per_1"),
            match_marker(&t, EntityKind::Person, "email:a@b.c"),
            call_log_line(&t, "call_1"),
            usage_day(&t, "2026-01-01", "pdl", 3),
        ] {
            assert!(key.pk().starts_with(&prefix), "{key:?}");
        }
    }

    /// One campaign's parked chunks spread over every shard of the due list (the minute sweep
    /// reads each shard a page at a time; one shard holding a whole campaign was issue 22's #14).
    #[test]
    fn one_campaigns_parked_chunks_spread_over_the_due_shards() {
        let t = TenantId::new();
        let shards: std::collections::BTreeSet<String> = (0..64)
            .map(|chunk| {
                due_parked(&t, "cmp_1", chunk, 1_700_000_000)
                    .pk()
                    .to_owned()
            })
            .collect();
        assert_eq!(shards.len(), SHARDS as usize, "{shards:?}");
    }

    #[test]
    fn entities_have_partitions_of_their_own() {
        let t = TenantId::new();
        let a = entity(&t, EntityKind::Person, "per_a");
        let b = entity(&t, EntityKind::Person, "per_b");
        assert_ne!(a.pk(), b.pk());
        assert_eq!(source(&t, EntityKind::Person, "per_a", "pdl").pk(), a.pk());
    }

    #[test]
    fn shards_spread_ids_evenly_and_stably() {
        let mut counts = [0u32; SHARDS as usize];
        for i in 0..8000 {
            counts[shard_of(&format!("per_{i:026}")) as usize] += 1;
        }
        assert!(counts.iter().all(|c| (800..1200).contains(c)), "{counts:?}");
        assert_eq!(shard_of("per_01hzz"), shard_of("per_01hzz"));
        assert_eq!(
            entity_list(&TenantId::new(), EntityKind::Company).len(),
            SHARDS as usize
        );
    }

    #[test]
    fn unique_markers_are_outside_every_tenant() {
        assert_eq!(unique(Unique::Email, "a@b.c").pk(), "UNIQUE#EMAIL#a@b.c");
    }

    #[test]
    fn due_entries_read_back() {
        let t = TenantId::new();
        let c = due_campaign(&t, "cmp_1", 42);
        assert_eq!(
            parse_due(c.sk()),
            Some(Due::Campaign {
                tenant: t.clone(),
                campaign_id: "cmp_1".into()
            })
        );
        let p = due_parked(&t, "cmp_1", 7, 42);
        assert!(p.sk() > c.sk() || p.sk() < c.sk());
        assert_eq!(
            parse_due(p.sk()),
            Some(Due::Parked {
                tenant: t,
                campaign_id: "cmp_1".into()
            })
        );
        let t = TenantId::new();
        let w = due_watch(&t, "cmp_1", 1_700_000_000);
        assert_eq!(
            parse_due(w.sk()),
            Some(Due::Watch {
                tenant: t.clone(),
                campaign_id: "cmp_1".into()
            })
        );
        assert_eq!(parse_due("junk"), None);
    }

    #[test]
    fn cache_handles_round_trip() {
        let t = TenantId::new();
        let handle = cache_handle("pdl", "person", "abc");
        assert_eq!(
            cache_entry_from_handle(&t, &handle),
            Some(cache_entry(&t, "pdl", "person", "abc"))
        );
        assert_eq!(cache_entry_from_handle(&t, "junk"), None);
    }
}
