//! Provider performance per organisation, provider and field, measured as calls are logged.
//!
//! Every person and company lookup adds, in the same transaction as its call log line, to its
//! day's usage counter: one lookup, its credits, one per field the answer filled (`hit_<field>`)
//! and one in its latency bucket (`lat_<i>`). So the figures are exact under concurrent calls (ADD
//! is atomic) and cost no extra write; a report reads the counters of its days (providers × days ×
//! 8 shards items, whatever the number of calls).

use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Upper bounds (ms) of the latency buckets; the last bucket has none.
pub const LATENCY_BOUNDS_MS: [u64; 8] = [50, 100, 200, 400, 800, 1_600, 3_200, 6_400];
pub const LATENCY_BUCKETS: usize = LATENCY_BOUNDS_MS.len() + 1;

/// The bucket of a latency.
pub fn bucket_of(ms: u64) -> usize {
    LATENCY_BOUNDS_MS
        .iter()
        .position(|b| ms <= *b)
        .unwrap_or(LATENCY_BOUNDS_MS.len())
}

pub(crate) fn hit_attribute(field: &str) -> String {
    format!("hit_{field}")
}

pub(crate) fn latency_attribute(bucket: usize) -> String {
    format!("lat_{bucket}")
}

/// A day's usage counter (one shard) read for its performance figures.
#[derive(Debug, Deserialize)]
pub struct PerformanceCounter {
    pub provider: String,
    #[serde(default)]
    pub lookups: f64,
    #[serde(default)]
    pub lookup_credits: f64,
    #[serde(flatten)]
    pub rest: BTreeMap<String, serde_json::Value>,
}

/// One provider's figures for one field over the window.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FieldPerformance {
    pub provider: String,
    pub field: String,
    /// Person and company lookups made (cached answers are not calls and do not count).
    pub lookups: u64,
    /// Lookups whose answer filled the field.
    pub filled: u64,
    /// `filled / lookups`.
    pub hit_rate: f64,
    /// Credits the lookups spent.
    pub credits: f64,
    /// `credits / filled`: what a filled field cost (`null` when none was filled).
    pub credits_per_filled_field: Option<f64>,
    /// The provider's lookup latency (all fields alike): the upper bound of the bucket holding
    /// the 50th and 95th percentile (`null` above 6,400 ms, or without lookups).
    pub latency_p50_ms: Option<u64>,
    pub latency_p95_ms: Option<u64>,
}

/// `GET /v1/providers/performance`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PerformanceReport {
    /// The window's first and last UTC day.
    pub from: String,
    pub to: String,
    pub items: Vec<FieldPerformance>,
}

#[derive(Default)]
struct Totals {
    lookups: f64,
    credits: f64,
    hits: BTreeMap<String, f64>,
    latency: [f64; LATENCY_BUCKETS],
}

fn percentile(latency: &[f64; LATENCY_BUCKETS], p: f64) -> Option<u64> {
    let total: f64 = latency.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let mut seen = 0.0;
    for (i, n) in latency.iter().enumerate() {
        seen += n;
        if seen >= p * total {
            return LATENCY_BOUNDS_MS.get(i).copied();
        }
    }
    None
}

fn day_text(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// The window of the last `days` UTC days (today included), as text.
fn window(days: u32) -> (String, String) {
    let today = kernel::time::now().date();
    let first = today - time::Duration::days(i64::from(days.max(1)) - 1);
    (day_text(first), day_text(today))
}

/// Every provider's totals over `from..=to`.
async fn totals(
    state: &AppState,
    tenant: &TenantId,
    from: &str,
    to: &str,
) -> Result<BTreeMap<String, Totals>, ApiError> {
    let counters = crate::persist::performance_between(state, tenant, from, to).await?;
    let mut by_provider: BTreeMap<String, Totals> = BTreeMap::new();
    for c in counters {
        let t = by_provider.entry(c.provider.clone()).or_default();
        t.lookups += c.lookups;
        t.credits += c.lookup_credits;
        for (name, value) in &c.rest {
            let Some(n) = value.as_f64() else { continue };
            if let Some(f) = name.strip_prefix("hit_") {
                *t.hits.entry(f.to_owned()).or_default() += n;
            } else if let Some(i) = name
                .strip_prefix("lat_")
                .and_then(|i| i.parse::<usize>().ok())
                .filter(|i| *i < LATENCY_BUCKETS)
            {
                t.latency[i] += n;
            }
        }
    }
    Ok(by_provider)
}

/// Recomputes the snapshot the strategies choose by from the last
/// [`crate::policy::ESTIMATE_WINDOW_DAYS`] days and stores it (one Query, one PutItem).
pub(crate) async fn refresh_estimates(
    state: &AppState,
    tenant: &TenantId,
) -> Result<crate::policy::Estimates, ApiError> {
    let (from, to) = window(crate::policy::ESTIMATE_WINDOW_DAYS);
    let providers = totals(state, tenant, &from, &to)
        .await?
        .into_iter()
        .filter(|(_, t)| t.lookups > 0.0)
        .map(|(p, t)| {
            (
                p,
                crate::policy::ProviderEstimate {
                    lookups: t.lookups,
                    credits: t.credits,
                    filled: t.hits,
                },
            )
        })
        .collect();
    let estimates = crate::policy::Estimates {
        computed_at: kernel::time::now().unix_timestamp(),
        providers,
    };
    crate::persist::save_estimates(state, tenant, &estimates).await?;
    Ok(estimates)
}

/// The figures of the last `days` UTC days (today included), per provider and field: `field`
/// alone when given, else every field a provider filled.
pub async fn report(
    state: &AppState,
    tenant: &TenantId,
    field: Option<&str>,
    days: u32,
) -> Result<PerformanceReport, ApiError> {
    let (from, to) = window(days);
    let by_provider = totals(state, tenant, &from, &to).await?;
    let mut items = Vec::new();
    for (provider, t) in by_provider.iter().filter(|(_, t)| t.lookups > 0.0) {
        let fields: Vec<String> = match field {
            Some(f) => vec![f.to_owned()],
            None => t.hits.keys().cloned().collect(),
        };
        for f in fields {
            let filled = t.hits.get(&f).copied().unwrap_or(0.0);
            items.push(FieldPerformance {
                provider: provider.clone(),
                field: f,
                lookups: t.lookups as u64,
                filled: filled as u64,
                hit_rate: (filled / t.lookups * 1e4).round() / 1e4,
                credits: t.credits,
                credits_per_filled_field: (filled > 0.0)
                    .then(|| (t.credits / filled * 1e4).round() / 1e4),
                latency_p50_ms: percentile(&t.latency, 0.5),
                latency_p95_ms: percentile(&t.latency, 0.95),
            });
        }
    }
    Ok(PerformanceReport { from, to, items })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latencies_fall_in_their_buckets_and_percentiles_read_back() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(50), 0);
        assert_eq!(bucket_of(51), 1);
        assert_eq!(bucket_of(7_000), 8);
        let mut l = [0.0; LATENCY_BUCKETS];
        l[1] = 90.0;
        l[5] = 10.0;
        assert_eq!(percentile(&l, 0.5), Some(100));
        assert_eq!(percentile(&l, 0.95), Some(1_600));
        l[8] = 100.0;
        assert_eq!(percentile(&l, 0.95), None);
        assert_eq!(percentile(&[0.0; LATENCY_BUCKETS], 0.5), None);
    }
}
