//! Security alerts: signals that someone is attacking an organisation, raised once and told to
//! its owners.
//!
//! - `repeated_lockouts`: accounts of the organisation locked after too many wrong passwords, 3 in
//!   one UTC hour;
//! - `credential_refusals`: credentials of the organisation refused (wrong passwords for its
//!   users, its revoked, expired or suspended API keys and client tokens, its people's logged-out
//!   or revoked tokens), 20 in one UTC hour;
//! - `new_country`: a live API key used from a country it was never used from, where the gateway
//!   says (`CloudFront-Viewer-Country`, present when CloudFront fronts the API; the first country
//!   a key is seen from is its baseline).
//!
//! Counting is one UpdateItem ADD per signal on a counter of the organisation, kind and hour (a
//! partition of its own; the stage's throttle keeps it under a partition's write rate), and only
//! the signal that makes the count equal the threshold raises: exactly one alert per kind and hour
//! however many run at once. Raising is a create-only alert item plus an audit entry; the item's
//! creation is the event (the table's stream carries it to the publisher, which puts
//! `security.<kind>` on the bus for webhooks and the owners' mail, at most one mail per kind and
//! hour, and counts it in the `SecurityAlerts` metric the operators' alarm watches).
//!
//! Failure semantics: counting is at-least-once per signal (a retried login counts again; that
//! only brings an alert nearer); a failure to count or raise never changes the answer the caller
//! gets (logged), and an alert whose item was written is published exactly once per stream record.

use crate::model::{now, AuditEvent};
use crate::partner::ApiKeyRecord;
use kernel::ids::TenantId;
use serde::{Deserialize, Serialize};
use store::{Store, StoreError};

/// Counters and alerts outlive their hour long enough to be read back, then expire.
pub(crate) const COUNT_KEEP_SECS: i64 = 2 * 86_400;
pub(crate) const ALERT_KEEP_SECS: i64 = 90 * 86_400;
/// Countries remembered per key; beyond them a new country is no longer news.
const MAX_COUNTRIES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SecurityKind {
    RepeatedLockouts,
    CredentialRefusals,
    NewCountry,
}

impl SecurityKind {
    pub const ALL: [Self; 3] = [
        Self::RepeatedLockouts,
        Self::CredentialRefusals,
        Self::NewCountry,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RepeatedLockouts => "repeated_lockouts",
            Self::CredentialRefusals => "credential_refusals",
            Self::NewCountry => "new_country",
        }
    }

    /// The event (and audit action) it raises.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::RepeatedLockouts => "security.repeated_lockouts",
            Self::CredentialRefusals => "security.credential_refusals",
            Self::NewCountry => "security.new_country",
        }
    }

    pub fn from_event_type(event_type: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.event_type() == event_type)
    }

    /// How many in one UTC hour raise the alert (counted kinds).
    pub fn threshold(self) -> Option<u64> {
        match self {
            Self::RepeatedLockouts => Some(3),
            Self::CredentialRefusals => Some(20),
            Self::NewCountry => None,
        }
    }

    /// What it means, for the owners' mail.
    pub fn describe(self) -> &'static str {
        match self {
            Self::RepeatedLockouts => "accounts of your organisation were locked after repeated wrong passwords",
            Self::CredentialRefusals => "credentials of your organisation were refused (wrong passwords, revoked or expired keys and tokens)",
            Self::NewCountry => "an API key of your organisation was used from a country it was never used from",
        }
    }
}

/// One alert raised (the `security.*` event's facts). No address, password or secret: ids,
/// counts and a country code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityAlert {
    pub tenant_id: TenantId,
    pub kind: SecurityKind,
    /// The UTC hour it was raised in (`2026-12-06T16`).
    pub hour: String,
    pub raised_at: String,
    /// Counted kinds: the hour's count when it was raised, and the threshold it reached.
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(default)]
    pub threshold: Option<u64>,
    /// A new country: the key and the country (ISO 3166 alpha-2), and where it was used before.
    #[serde(default)]
    pub key_id: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub known_countries: Vec<String>,
}

/// `2026-12-06T16`: the UTC hour of an epoch second.
pub fn hour_of(epoch_secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(epoch_secs)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02}T{:02}",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour()
            )
        })
        .unwrap_or_default()
}

/// Counts one signal of a counted kind for the organisation (either data space counts for the
/// organisation); returns the alert when this signal reached the hour's threshold.
pub async fn count(
    store: &Store,
    tenant: &TenantId,
    kind: SecurityKind,
) -> Result<Option<SecurityAlert>, StoreError> {
    let Some(threshold) = kind.threshold() else {
        return Ok(None);
    };
    let tenant = tenant.live_space();
    let at = now().unix_timestamp();
    let hour = hour_of(at);
    let n =
        crate::persist::count_security(store, &tenant, kind, &hour, at + COUNT_KEEP_SECS).await?;
    if n != threshold {
        return Ok(None);
    }
    let alert = SecurityAlert {
        tenant_id: tenant,
        kind,
        hour,
        raised_at: crate::model::rfc3339(now()),
        count: Some(n),
        threshold: Some(threshold),
        key_id: None,
        country: None,
        known_countries: Vec::new(),
    };
    raise(store, alert).await
}

/// A live key seen from `country` (the gateway's `CloudFront-Viewer-Country`): remembered on the
/// key, and an alert when the key had been used from other countries before. Costs nothing while
/// the country is known (the key was read anyway), one conditional UpdateItem when it is new.
pub async fn key_country(
    store: &Store,
    key: &ApiKeyRecord,
    country: &str,
) -> Result<Option<SecurityAlert>, StoreError> {
    let country = country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Ok(None);
    }
    if key.countries.contains(&country) || key.countries.len() >= MAX_COUNTRIES {
        return Ok(None);
    }
    // Concurrent first uses from one new country: only the one that adds it goes on.
    if !key.note_country(store, &country).await? || key.countries.is_empty() {
        return Ok(None);
    }
    let at = now().unix_timestamp();
    let alert = SecurityAlert {
        tenant_id: key.tenant.live_space(),
        kind: SecurityKind::NewCountry,
        hour: hour_of(at),
        raised_at: crate::model::rfc3339(now()),
        count: None,
        threshold: None,
        key_id: Some(key.id.to_string()),
        country: Some(country),
        known_countries: key.countries.clone(),
    };
    raise(store, alert).await
}

/// Stores the alert once (create-only) and audits it; `None` when it was already raised.
async fn raise(store: &Store, alert: SecurityAlert) -> Result<Option<SecurityAlert>, StoreError> {
    let expires = now().unix_timestamp() + ALERT_KEEP_SECS;
    if !alert.store_once(store, expires).await? {
        return Ok(None);
    }
    // Once per alert (the create-only write above decides): what the operators' alarm counts.
    // No dimension: the alarm sums every kind across organisations (the kind is in the log).
    platform::metrics::emit(
        &[],
        &[("SecurityAlerts", 1.0, platform::metrics::Unit::Count)],
    );
    AuditEvent::new(alert.kind.event_type())
        .actor("system")
        .detail(serde_json::json!({
            "hour": alert.hour,
            "count": alert.count,
            "threshold": alert.threshold,
            "key_id": alert.key_id,
            "country": alert.country,
            "known_countries": alert.known_countries,
        }))
        .append(store, &alert.tenant_id)
        .await?;
    Ok(Some(alert))
}

/// Counts a signal or notes a country without letting a failure reach the caller's answer.
pub async fn quietly(
    what: impl std::future::Future<Output = Result<Option<SecurityAlert>, StoreError>>,
) {
    match what.await {
        Ok(Some(alert)) => {
            tracing::warn!(kind = alert.kind.as_str(), tenant = %alert.tenant_id, "security alert raised")
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "security signal not counted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_utc_and_sortable() {
        assert_eq!(hour_of(1_765_036_800), "2025-12-06T16");
        assert_eq!(hour_of(1_765_036_800 + 3_599), "2025-12-06T16");
        assert_eq!(hour_of(1_765_036_800 + 3_600), "2025-12-06T17");
    }

    #[test]
    fn event_types_name_their_kind() {
        for kind in SecurityKind::ALL {
            assert_eq!(SecurityKind::from_event_type(kind.event_type()), Some(kind));
            assert!(kind.event_type().ends_with(kind.as_str()));
        }
        assert_eq!(SecurityKind::from_event_type("security.other"), None);
    }
}
