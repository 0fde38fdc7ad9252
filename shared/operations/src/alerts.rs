//! Credit and quota alerts. On a schedule, for each organisation:
//! - **quota**: each provider with a monthly quota: calls this month ÷ the quota;
//! - **credits**: each provider the organisation brought its own key for and that has an account
//!   endpoint (ZeroBounce, RocketReach): 1 − balance ÷ the highest balance seen this month (a top-up
//!   raises that reference). The platform's own keys are the operator's concern (the
//!   `ProviderCredits` metric and its alarm), not an organisation's.
//!
//! Crossing one of the organisation's thresholds (default 80% and 95%) writes an audit event and
//! mails the organisation's active owners and admins, once per threshold and month: a conditional
//! put of a marker decides, so concurrent or repeated runs alert once. The marker's creation is
//! also the event: the table's stream carries it to the event publisher, which puts
//! `quota.threshold_reached` or `provider.credits_low` on the bus for webhooks. When mailing
//! fails the marker is removed and the next run tries again (the event may then go twice, with
//! different ids).

use crate::tenants;
use access::alerting::AlertSettings;
use access::model::{AuditEvent, UserRecord};
use enrichment::settings::TenantProviders;
use enrichment::{CacheMode, Caller};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use providers::{KeySource, Op, ProviderName};
use serde::{Deserialize, Serialize};
use store::keys;

pub const EVENT_SOURCE: &str = "enrich.operations";

/// Markers and watches outlive their month long enough to be read back, then expire.
const KEEP_SECS: i64 = 400 * 86_400;
/// The providers whose account endpoint reports a balance.
const WITH_ACCOUNT: [ProviderName; 2] = [ProviderName::Zerobounce, ProviderName::Rocketreach];

/// What is measured: a quota or a credit balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Quota,
    Credits,
}

impl AlertKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Quota => "quota",
            Self::Credits => "credits",
        }
    }

    fn event_type(self) -> &'static str {
        match self {
            Self::Quota => "quota.threshold_reached",
            Self::Credits => "provider.credits_low",
        }
    }
}

/// One measurement of one provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub kind: AlertKind,
    pub provider: ProviderName,
    /// Calls made (quota) or credits spent since the month's highest balance (credits).
    pub used: f64,
    /// The quota, or the month's highest balance.
    pub limit: f64,
    pub percent_used: f64,
}

/// An alert that went out (the event's `detail`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub tenant_id: TenantId,
    pub period: String,
    pub threshold: u8,
    #[serde(flatten)]
    pub reading: Reading,
}

/// What one organisation's check found and sent.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub readings: Vec<Reading>,
    pub alerts: Vec<Alert>,
}

/// Checks every organisation of the given shards of the organisation list.
pub async fn check_all(state: &AppState, shards: &[u32]) -> Result<usize, ApiError> {
    let mut sent = 0;
    for tenant in tenants(state, shards).await? {
        match check(state, &tenant).await {
            Ok(report) => sent += report.alerts.len(),
            // One organisation's failure (a provider down) does not stop the others.
            Err(e) => tracing::warn!(tenant = %tenant, error = %e, "alert check failed"),
        }
    }
    Ok(sent)
}

/// Checks one organisation: reads its quotas and own-key balances, and sends what crossed a
/// threshold for the first time this month.
pub async fn check(state: &AppState, tenant: &TenantId) -> Result<CheckReport, ApiError> {
    let tenant = tenant.live_space();
    let at = kernel::time::now();
    let period = enrichment::engine::quota_month(at);
    let settings = AlertSettings::load(&state.store, &tenant).await?;
    let request_id = format!("alerts:{period}");
    let caller = Caller::background(&tenant, platform::caller::SYSTEM, &request_id);
    let mut sess = enrichment::enrichment(state, &caller, CacheMode::Bypass).await?;
    let mut readings = quota_readings(state, &tenant, &sess.providers, &period).await?;
    let config = providers::settings(state).await?;
    for provider in WITH_ACCOUNT {
        let own_key = matches!(
            sess.providers.key_source(&config, provider),
            KeySource::Tenant(_)
        );
        if !own_key || !sess.providers.get(provider).active {
            continue;
        }
        let Some(reply) = sess.call(provider, Op::Account).await? else {
            continue;
        };
        let Some(balance) = balance_of(&reply.data) else {
            continue;
        };
        readings.push(credit_reading(state, &tenant, &period, provider, balance).await?);
    }
    sess.flush().await?;

    let mut report = CheckReport {
        readings,
        alerts: Vec::new(),
    };
    for reading in &report.readings {
        let crossed: Vec<u8> = settings
            .thresholds
            .iter()
            .copied()
            .filter(|t| reading.percent_used >= f64::from(*t))
            .collect();
        let mut fresh = Vec::new();
        for threshold in crossed {
            let marker = keys::alert_sent(
                &tenant,
                &period,
                reading.kind.as_str(),
                reading.provider.as_str(),
                threshold,
            );
            let alert = Alert {
                tenant_id: tenant.clone(),
                period: period.clone(),
                threshold,
                reading: reading.clone(),
            };
            let expires = at.unix_timestamp() + KEEP_SECS;
            if crate::persist::claim_alert(state, &marker, &alert, expires).await? {
                fresh.push((marker, alert));
            }
        }
        if fresh.is_empty() {
            continue;
        }
        if let Err(e) = announce(state, &tenant, &fresh).await {
            // Let the next run try again.
            for (marker, _) in &fresh {
                let _ = state.store.delete(marker, false).await;
            }
            return Err(e);
        }
        report.alerts.extend(fresh.into_iter().map(|(_, a)| a));
    }
    Ok(report)
}

/// The number a provider's account answer gives as the remaining balance.
fn balance_of(data: &serde_json::Value) -> Option<f64> {
    ["credits_remaining", "lookup_credit_balance", "credits"]
        .iter()
        .find_map(|k| data.get(*k).and_then(serde_json::Value::as_f64))
}

async fn quota_readings(
    state: &AppState,
    tenant: &TenantId,
    providers: &TenantProviders,
    period: &str,
) -> Result<Vec<Reading>, ApiError> {
    let limited: Vec<(ProviderName, u64)> = providers
        .by_name
        .values()
        .filter(|s| s.active)
        .filter_map(|s| s.monthly_quota.map(|q| (s.provider, q)))
        .filter(|(_, q)| *q > 0)
        .collect();
    if limited.is_empty() {
        return Ok(Vec::new());
    }
    let counters: Vec<store::Key> = limited
        .iter()
        .map(|(p, _)| enrichment::engine::quota_key(tenant, period, *p))
        .collect();
    let found = state.store.batch_get(&counters).await?;
    Ok(limited
        .into_iter()
        .zip(found)
        .map(|((provider, quota), item)| {
            let used = item
                .and_then(|i| serde_dynamo::from_item::<_, serde_json::Value>(i).ok())
                .and_then(|v| v.get("count").and_then(serde_json::Value::as_f64))
                .unwrap_or(0.0);
            let limit = quota as f64;
            Reading {
                kind: AlertKind::Quota,
                provider,
                used,
                limit,
                percent_used: percent(used, limit),
            }
        })
        .collect())
}

fn percent(used: f64, limit: f64) -> f64 {
    if limit <= 0.0 {
        return 0.0;
    }
    (used / limit * 1000.0).round() / 10.0
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CreditWatch {
    peak: f64,
    last: f64,
    at: String,
}

/// Records the balance and measures it against the month's highest (kept per provider and month).
async fn credit_reading(
    state: &AppState,
    tenant: &TenantId,
    period: &str,
    provider: ProviderName,
    balance: f64,
) -> Result<Reading, ApiError> {
    let key = keys::credit_watch(tenant, period, provider.as_str());
    let seen = state.store.get::<CreditWatch>(&key).await?;
    let peak = seen.map_or(balance, |w| w.peak.max(balance));
    let watch = CreditWatch {
        peak,
        last: balance,
        at: kernel::time::rfc3339(kernel::time::now()),
    };
    let expires = kernel::time::now().unix_timestamp() + KEEP_SECS;
    crate::persist::put_credit_watch(state, key, &watch, expires).await?;
    let used = (peak - balance).max(0.0);
    Ok(Reading {
        kind: AlertKind::Credits,
        provider,
        used,
        limit: peak,
        percent_used: percent(used, peak),
    })
}

/// Audit, event and mail for the thresholds one reading crossed now (one mail naming them all).
async fn announce(
    state: &AppState,
    tenant: &TenantId,
    fresh: &[(store::Key, Alert)],
) -> Result<(), ApiError> {
    for (_, alert) in fresh {
        let kind = alert.reading.kind;
        AuditEvent::new(&format!("alert.{}", kind.event_type()))
            .target(alert.reading.provider.as_str())
            .detail(serde_json::to_value(alert).map_err(ApiError::internal)?)
            .append(&state.store, tenant)
            .await?;
    }
    let Some((_, top)) = fresh.last() else {
        return Ok(());
    };
    let r = &top.reading;
    let (subject, what) = match r.kind {
        AlertKind::Quota => (
            format!(
                "{}: {}% of this month's quota used",
                r.provider, top.threshold
            ),
            format!(
                "Your organisation has made {} of its {} {} calls allowed this month ({}%). \
                 When the quota is reached, enrichment skips {} until next month or until you \
                 raise the quota (PATCH /v1/providers/{}).",
                r.used, r.limit, r.provider, r.percent_used, r.provider, r.provider
            ),
        ),
        AlertKind::Credits => (
            format!("{}: {}% of your credits used", r.provider, top.threshold),
            format!(
                "Your {} account has {} credits left of {} this month ({}% used). Top up the \
                 account before it runs out: enrichment then skips {}.",
                r.provider,
                r.limit - r.used,
                r.limit,
                r.percent_used,
                r.provider
            ),
        ),
    };
    for admin in admins(state, tenant).await? {
        let mail = mail::Mail::new(
            admin.email,
            &subject,
            format!("{what}\n\nThresholds crossed: {}%.\n", thresholds(fresh)),
            "usage_alert",
        );
        mail::send(state, &mail).await?;
    }
    Ok(())
}

fn thresholds(fresh: &[(store::Key, Alert)]) -> String {
    fresh
        .iter()
        .map(|(_, a)| a.threshold.to_string())
        .collect::<Vec<_>>()
        .join("%, ")
}

/// The organisation's active owners and admins.
async fn admins(state: &AppState, tenant: &TenantId) -> Result<Vec<UserRecord>, ApiError> {
    Ok(UserRecord::admins(&state.store, tenant).await?)
}
