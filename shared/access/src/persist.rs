//! The persistence of access's aggregates: organisations, users, sessions, the audit log, API keys
//! and clients as the authorizer reads them, and the two settings documents (retention, alerts).
//! The only code of this crate that knows their keys, entity tags and write conditions.

use crate::alerting::AlertSettings;
use crate::model::{
    AuditEvent, AuditQuery, DeniedToken, InvitationRecord, SessionRecord, TenantRecord, UserRecord,
    AUDIT, INVITATION, SESSION, USER,
};
use crate::partner::{ApiClientRecord, ApiKeyRecord, API_CLIENT, API_KEY};
use crate::retention::{Retention, ENTITY as RETENTION};
use kernel::ids::TenantId;
use store::expr::{Cond, Update};
use store::{keys, Filter, PutMode, Record, Store, StoreError, TxOp};

const TENANT: &str = "TENANT";
const DENIED_TOKEN: &str = "DENIED_TOKEN";
const GATEWAY_PENDING: &str = "ORG_GATEWAY_PENDING";

const ALERT_SETTINGS: &str = "ALERT_SETTINGS";

impl TenantRecord {
    /// The item, with its entry in the platform-wide list of organisations that sweeps walk.
    pub fn record(&self) -> Record<'_, Self> {
        Record::new(TENANT, keys::tenant(&self.id), self).with_gsi2(keys::tenant_in_index(&self.id))
    }

    /// The organisation, if it exists.
    pub async fn load(store: &Store, tenant: &TenantId) -> Result<Option<Self>, StoreError> {
        store.get(&keys::tenant(tenant)).await
    }

    /// Moves the organisation to `tier` (an operator's act), with its gateway registration marked
    /// pending (its usage key must move to the tier's plan; meanwhile the authorizer meters its
    /// people under the shared key): one transaction of the conditional update (the tier read is
    /// still the tier) and the pending marker. `None` when there is no such organisation; a
    /// concurrent change is read again. Idempotent: the tier it has with a synced key writes nothing.
    pub async fn set_tier(
        store: &Store,
        tenant: &TenantId,
        tier: crate::partner::Tier,
    ) -> Result<Option<Self>, StoreError> {
        for _ in 0..5 {
            let Some(mut record) = Self::load(store, tenant).await? else {
                return Ok(None);
            };
            if record.tier == tier && record.gateway.synced {
                return Ok(Some(record));
            }
            let mut gateway = record.gateway.clone();
            gateway.synced = false;
            // An organisation stored before tiers existed has no `tier` attribute (read as the
            // default): the condition must let it move too.
            let mut unchanged = Cond::eq("tier", &record.tier);
            if record.tier == crate::partner::Tier::default() {
                unchanged = unchanged.or(Cond::absent("tier"));
            }
            let u = Update::<Self>::new()
                .set("tier", &tier)
                .set("gateway", &gateway)
                .when(unchanged);
            let ops = vec![
                TxOp::apply(keys::tenant(tenant), &u)?,
                Self::gateway_pending_op(tenant)?,
            ];
            match store.transact(ops).await {
                Ok(()) => {
                    record.tier = tier;
                    record.gateway = gateway;
                    return Ok(Some(record));
                }
                Err(StoreError::TransactionCanceled { .. }) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Aws(
            "the organisation kept changing while its tier was set".into(),
        ))
    }

    /// The marker that puts a new organisation (or one whose tier moved) in the gateway's pending
    /// list: written in the same transaction as the change, so no change is ever left unsynced.
    pub fn gateway_pending_op(tenant: &TenantId) -> Result<TxOp, StoreError> {
        TxOp::put(
            &Record::new(
                GATEWAY_PENDING,
                keys::organization_gateway_pending(tenant),
                &GatewayPending {
                    tenant: tenant.clone(),
                },
            ),
            PutMode::Overwrite,
        )
    }

    /// Up to 100 organisations of one shard whose gateway registration is pending.
    pub async fn gateway_pending(store: &Store, shard: u32) -> Result<Vec<TenantId>, StoreError> {
        let found: Vec<GatewayPending> = store
            .query_first(&keys::organization_gateway_pending_shard(shard), 100)
            .await?;
        Ok(found.into_iter().map(|p| p.tenant).collect())
    }

    /// Stores where the organisation's usage key stands, while its tier is still `tier` (a newer
    /// move syncs again; not an error). Once synced, the pending marker goes in the same
    /// transaction, so the authorizer starts using the key exactly when the gateway has it.
    pub async fn save_gateway(
        store: &Store,
        tenant: &TenantId,
        tier: crate::partner::Tier,
        gateway: &crate::partner::GatewayState,
    ) -> Result<(), StoreError> {
        let u = Update::<Self>::new()
            .set("gateway", gateway)
            .when(Cond::eq("tier", &tier));
        let mut ops = vec![TxOp::apply(keys::tenant(tenant), &u)?];
        if gateway.synced {
            ops.push(TxOp::Delete {
                key: keys::organization_gateway_pending(tenant),
                must_exist: false,
            });
        }
        match store.transact(ops).await {
            Ok(()) | Err(StoreError::TransactionCanceled { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Drops the pending marker of an organisation that no longer exists.
    pub async fn forget_gateway_pending(
        store: &Store,
        tenant: &TenantId,
    ) -> Result<(), StoreError> {
        store
            .delete(&keys::organization_gateway_pending(tenant), false)
            .await
    }
}

/// The pending marker's body: the organisation it names.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct GatewayPending {
    tenant: TenantId,
}

impl UserRecord {
    /// The organisation's active owners and admins: who is told when something needs a person
    /// (usage alerts, a disabled webhook).
    pub async fn admins(store: &Store, tenant: &TenantId) -> Result<Vec<Self>, StoreError> {
        let users: Vec<Self> = store.query_every(&keys::users(tenant), 10_000).await?;
        Ok(users
            .into_iter()
            .filter(|u| {
                u.status == crate::model::UserStatus::Active
                    && matches!(u.role, crate::rbac::Role::Owner | crate::rbac::Role::Admin)
            })
            .collect())
    }

    /// A user of the organisation who is not deleted.
    pub async fn load(
        store: &Store,
        tenant: &TenantId,
        user_id: &str,
    ) -> Result<Option<Self>, StoreError> {
        Ok(store
            .get::<Self>(&keys::user(tenant, user_id))
            .await?
            .filter(|u| u.status != crate::model::UserStatus::Deleted))
    }

    /// The organisation's active users who want this notice.
    pub async fn wanting(
        store: &Store,
        tenant: &TenantId,
        notice: crate::notices::Notice,
    ) -> Result<Vec<Self>, StoreError> {
        let users: Vec<Self> = store.query_every(&keys::users(tenant), 10_000).await?;
        Ok(users
            .into_iter()
            .filter(|u| {
                u.status == crate::model::UserStatus::Active
                    && u.preferences.notifications.wants(notice)
            })
            .collect())
    }

    /// Switches one notice off for a user (an unsubscribe link): conditional on the version read,
    /// read again when a concurrent change came between. `false` when there is no such user.
    /// Idempotent: a notice already off writes nothing.
    pub async fn opt_out(
        store: &Store,
        tenant: &TenantId,
        user_id: &str,
        notice: crate::notices::Notice,
    ) -> Result<bool, StoreError> {
        for _ in 0..5 {
            let Some(mut user) = Self::load(store, tenant, user_id).await? else {
                return Ok(false);
            };
            let mut settings = user.preferences.notifications.clone();
            settings.opt_out(notice);
            if settings == user.preferences.notifications {
                return Ok(true);
            }
            let expected = user.version;
            user.preferences.notifications = settings;
            user.version += 1;
            user.updated_at = kernel::time::rfc3339(kernel::time::now());
            match store
                .put(&user.record(), store::PutMode::IfVersion(expected))
                .await
            {
                Ok(()) => return Ok(true),
                Err(StoreError::ConditionFailed) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Aws(
            "the user kept changing while a notice was switched off".into(),
        ))
    }

    pub fn record(&self) -> Record<'_, Self> {
        Record::new(USER, keys::user(&self.tenant_id, self.id.as_str()), self)
            .with_gsi1(keys::user_in_list(&self.tenant_id, self.id.as_str()))
    }
}

impl SessionRecord {
    pub fn record(&self) -> Record<'_, Self> {
        Record::new(
            SESSION,
            keys::session(&self.tenant_id, self.id.as_str()),
            self,
        )
        .with_gsi1(keys::user_sessions(
            &self.tenant_id,
            self.user_id.as_str(),
            self.id.as_str(),
        ))
        // Kept a day past expiry so reuse of a stale token is still recognised, then deleted.
        .expiring_at(self.expires_at + 24 * 3600)
    }
}

impl AuditEvent {
    /// Appends the event to the tenant's log. Ids are ULIDs, so the log reads newest first by key.
    /// An event naming a target is also listed under it (GSI1): a record's or a user's history.
    pub async fn append(&self, store: &Store, tenant: &TenantId) -> Result<(), StoreError> {
        let mut record = Record::new(AUDIT, keys::audit_event(tenant, &self.id), self);
        if let Some(target) = &self.target_id {
            record = record.with_gsi1(keys::audit_event_by_target(tenant, target, &self.id));
        }
        store.put(&record, store::PutMode::IfAbsent).await
    }

    /// A page of the log, newest first. Event ids are ULIDs (time first), so a time range is a key
    /// range; the other filters apply within it.
    pub async fn list(
        store: &Store,
        tenant: &TenantId,
        q: &AuditQuery,
        page: &store::PageParams,
        codec: &store::cursor::CursorCodec,
    ) -> Result<store::Page<AuditEvent>, StoreError> {
        let mut spec = keys::audit_events(tenant).newest_first();
        if q.from.is_some() || q.to.is_some() {
            let low = q
                .from
                .map(|f| kernel::ids::id_bound("aud", f, false))
                .unwrap_or_else(|| "aud_".into());
            let high =
                q.to.map(|t| kernel::ids::id_bound("aud", t, true))
                    .unwrap_or_else(|| "aud_~".into());
            spec = spec.sk_between(&low, &high);
        }
        if let Some(action) = &q.action {
            spec = spec.filter(if action.ends_with('.') {
                Filter::BeginsWith("action".into(), action.clone())
            } else {
                Filter::Equals("action".into(), action.clone())
            });
        }
        for (name, value) in [("actor_id", &q.actor_id), ("target_id", &q.target_id)] {
            if let Some(value) = value {
                spec = spec.filter(Filter::Equals(name.into(), value.clone()));
            }
        }
        store.query(tenant, &spec, page, codec).await
    }

    /// Deletes a tenant's audit events older than `before` (epoch s), within `budget` deletions
    /// (taken from it); returns how many. Event ids begin with their time: a key range.
    pub async fn purge_before(
        store: &Store,
        tenant: &TenantId,
        before: i64,
        budget: &mut usize,
    ) -> Result<usize, StoreError> {
        let at = time::OffsetDateTime::from_unix_timestamp(before)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let spec =
            keys::audit_events(tenant).sk_between("aud_", &kernel::ids::id_bound("aud", at, false));
        store.purge(&spec, budget).await
    }

    /// The newest `max` events about `target`, oldest first.
    pub async fn of_target(
        store: &Store,
        tenant: &TenantId,
        target: &str,
        max: usize,
        codec: &store::cursor::CursorCodec,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let spec = keys::audit_events_of_target(tenant, target).newest_first();
        let mut events: Vec<AuditEvent> = Vec::new();
        let mut page = store::PageParams {
            limit: 100,
            cursor: None,
        };
        loop {
            let found = store.query(tenant, &spec, &page, codec).await?;
            events.extend(found.items);
            match found.next_cursor {
                Some(c) if events.len() < max => page.cursor = Some(c),
                _ => break,
            }
        }
        events.truncate(max);
        events.reverse();
        Ok(events)
    }

    /// Renames the target of every event naming `from` to `to` (a data-subject erasure: the log
    /// keeps what was done and by whom, under the erasure's id instead of the person's). Each
    /// event is rewritten in place; a retry finds none left under `from`. Returns how many moved.
    pub async fn retarget(
        store: &Store,
        tenant: &TenantId,
        from: &str,
        to: &str,
        codec: &store::cursor::CursorCodec,
    ) -> Result<usize, StoreError> {
        let events = Self::of_target(store, tenant, from, 100_000, codec).await?;
        for mut event in events.iter().cloned() {
            event.target_id = Some(to.to_owned());
            let record = Record::new(AUDIT, keys::audit_event(tenant, &event.id), &event)
                .with_gsi1(keys::audit_event_by_target(tenant, to, &event.id));
            store.put(&record, store::PutMode::Overwrite).await?;
        }
        Ok(events.len())
    }
}

impl ApiKeyRecord {
    /// Sets `last_used_at` to `now` unless it is already later than `stale`: concurrent requests
    /// race on the condition and all but one write nothing (not an error).
    pub async fn touch_last_used(
        &self,
        store: &Store,
        now: i64,
        stale: i64,
    ) -> Result<(), StoreError> {
        store
            .apply(self.record().key(), &last_used(now, stale))
            .await
            .map(|_| ())
    }

    pub fn record(&self) -> Record<'_, Self> {
        Record::new(API_KEY, keys::api_key(&self.hash), self)
    }

    /// Adds a country to the key's list unless it is there: `false` when it was (a concurrent
    /// request added it first) or the key is gone.
    pub async fn note_country(&self, store: &Store, country: &str) -> Result<bool, StoreError> {
        let u = Update::<Self>::new()
            .append("countries", &[country])
            .when(Cond::contains("countries", store::expr::Value::of(&country)).not());
        store.apply(self.record().key(), &u).await
    }
}

const SECURITY_ALERT: &str = "SECURITY_ALERT";

/// One more signal of `kind` for the organisation in `hour`; the hour's count after it.
pub(crate) async fn count_security(
    store: &Store,
    tenant: &TenantId,
    kind: crate::security::SecurityKind,
    hour: &str,
    expires_at: i64,
) -> Result<u64, StoreError> {
    store
        .increment(
            &keys::security_count(tenant, kind.as_str(), hour),
            expires_at,
        )
        .await
}

impl crate::security::SecurityAlert {
    fn reference(&self) -> Vec<&str> {
        let mut r = vec![self.hour.as_str()];
        r.extend(self.key_id.as_deref());
        r.extend(self.country.as_deref());
        r
    }

    /// Stores the alert unless it was raised already (create-only): `true` when this call did.
    pub(crate) async fn store_once(
        &self,
        store: &Store,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let key = keys::security_alert(&self.tenant_id, self.kind.as_str(), &self.reference());
        let record = Record::new(SECURITY_ALERT, key, self).expiring_at(expires_at);
        match store.put(&record, PutMode::IfAbsent).await {
            Ok(()) => Ok(true),
            Err(StoreError::AlreadyExists) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// An alert raised, on the table's stream (the event publisher's reader): `Ok(None)` for any
    /// other change, and for an alert's expiry.
    pub fn raised(change: &store::stream::Change) -> Result<Option<Self>, StoreError> {
        Ok(match change.images::<Self>(SECURITY_ALERT)? {
            Some((None, Some(alert))) => Some(alert),
            _ => None,
        })
    }
}

impl ApiClientRecord {
    pub fn record(&self) -> Record<'_, Self> {
        Record::new(
            API_CLIENT,
            keys::api_client(&self.tenant, self.id.as_str()),
            self,
        )
        .with_gsi1(keys::api_client_in_list(&self.tenant, self.id.as_str()))
    }
}

impl Retention {
    /// Reads an organisation's settings (the defaults when it never changed them).
    pub async fn load(store: &Store, tenant: &TenantId) -> Result<Self, StoreError> {
        Ok(store
            .get::<Self>(&keys::retention_settings(&tenant.live_space()))
            .await?
            .unwrap_or_default())
    }

    /// Stores new settings for both data spaces at once, conditional on the version read (a
    /// concurrent change makes this `ConditionFailed`, a 409 for the caller). A retry after success
    /// finds the version moved: also `ConditionFailed`, and a re-read shows the change applied.
    pub async fn save(&mut self, store: &Store, tenant: &TenantId) -> Result<(), StoreError> {
        let expected = self.version;
        self.version += 1;
        let mode = PutMode::after(expected);
        let live = tenant.live_space();
        let test = live.test_space();
        let result = store
            .transact(vec![
                TxOp::put(
                    &Record::new(RETENTION, keys::retention_settings(&live), &*self),
                    mode,
                )?,
                TxOp::put(
                    &Record::new(RETENTION, keys::retention_settings(&test), &*self),
                    PutMode::Overwrite,
                )?,
            ])
            .await;
        if result.is_err() {
            self.version = expected;
        }
        result
    }
}

impl AlertSettings {
    pub async fn load(store: &Store, tenant: &TenantId) -> Result<Self, StoreError> {
        Ok(store
            .get::<Self>(&keys::alert_settings(&tenant.live_space()))
            .await?
            .unwrap_or_default())
    }

    /// Stores the settings, conditional on the version read (`ConditionFailed` → 409).
    pub async fn save(&mut self, store: &Store, tenant: &TenantId) -> Result<(), StoreError> {
        let expected = self.version;
        self.version += 1;
        let mode = PutMode::after(expected);
        let result = store
            .put(
                &Record::new(
                    ALERT_SETTINGS,
                    keys::alert_settings(&tenant.live_space()),
                    &*self,
                ),
                mode,
            )
            .await;
        if result.is_err() {
            self.version = expected;
        }
        result
    }
}

impl DeniedToken {
    /// Denies the access token until it would have expired anyway (the item expires with it).
    /// Idempotent: a second denial overwrites the first with the same content.
    pub async fn store(&self, store: &Store) -> Result<(), StoreError> {
        store
            .put(
                &Record::new(DENIED_TOKEN, keys::denied_token(&self.jti), self)
                    .expiring_at(self.exp),
                PutMode::Overwrite,
            )
            .await
    }
}

impl InvitationRecord {
    /// The invitation's item; it expires (TTL) with the invitation.
    pub fn record(&self) -> Record<'_, Self> {
        Record::new(
            INVITATION,
            keys::invitation(&self.tenant_id, self.id.as_str()),
            self,
        )
        .expiring_at(self.expires_at)
    }
}

fn last_used(now: i64, stale: i64) -> Update<ApiKeyRecord> {
    const LAST_USED: &str = "last_used_at";
    Update::new().set(LAST_USED, &now).when(
        Cond::absent(LAST_USED)
            .or(Cond::is_null(LAST_USED))
            .or(Cond::lt(LAST_USED, &stale)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_name_fields_of_their_items() {
        last_used(100, 40).render().unwrap();
    }
}
