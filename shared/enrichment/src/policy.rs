//! The organisation's enrichment policy: how the waterfall orders its providers (`strategy`), how
//! old a field may grow before it is stale (`max_age_days`), and how many credits scheduled
//! re-enrichment may spend a day (`refresh_budget_credits`).
//!
//! The cost-aware order works from [`Estimates`]: a snapshot of the provider performance counters
//! (the last [`ESTIMATE_WINDOW_DAYS`] days), kept beside the provider settings so an enrichment
//! reads it in the Query it already makes, and recomputed by the first enrichment that finds it
//! older than its maximum age (5 minutes by default). The rule, with its constants:
//!
//! * hit rate of provider `p` for field `f`: `(filled + 1) / (lookups + 2)` (a uniform prior: a
//!   provider never asked counts as filling half the time, so it gets tried);
//! * price of `p`: `(credits + 1) / (lookups + 1)` (a prior of one lookup at one credit);
//! * `cost`: the next provider is the one with the lowest `price / Σ hit rate` over the fields
//!   still missing (expected credits per filled field), ties in the fixed order;
//! * `coverage`: the highest `Σ hit rate` over the fields still missing;
//! * exploration: [`EXPLORE_PER_MILLE`] of lookups (chosen by a digest of the request, so a retry
//!   chooses alike) ask the least-measured provider first, which keeps the estimates current.

use crate::records::EntityRecord;
use providers::ProviderName;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Days of counters an estimate is made from.
pub const ESTIMATE_WINDOW_DAYS: u32 = 7;
/// Lookups in a thousand that explore (ask the least-measured provider first).
pub const EXPLORE_PER_MILLE: u32 = 50;
/// The longest maximum age a field may be given.
pub const MAX_AGE_DAYS_LIMIT: u32 = 3_650;
/// How long a scheduled refresh that could not renew a stale field waits before trying again.
pub const REFRESH_RETRY_SECS: i64 = 86_400;
/// The highest daily refresh budget.
pub const REFRESH_BUDGET_LIMIT: f64 = 1_000_000.0;

/// How the waterfall orders its providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// The organisation's configured order.
    #[default]
    Fixed,
    /// Cheapest expected credits per filled field first.
    Cost,
    /// Highest expected hit rate first.
    Coverage,
}

impl Strategy {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "fixed" => Some(Self::Fixed),
            "cost" => Some(Self::Cost),
            "coverage" => Some(Self::Coverage),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fixed => "fixed",
            Self::Cost => "cost",
            Self::Coverage => "coverage",
        }
    }
}

/// The maximum age of a field when the organisation set none.
pub fn default_max_age_days(field: &str) -> u32 {
    match field {
        "email" | "email_status" => 30,
        "title" | "seniority" | "company_name" | "company_domain" | "phone" | "linkedin_url" => 90,
        "employee_count" | "annual_revenue" => 90,
        "city" | "state" | "country" | "location" | "industry" => 180,
        _ => 365,
    }
}

/// The fields whose default age the API lists (the others default to 365 days).
pub const POLICY_FIELDS: &[&str] = &[
    "email",
    "email_status",
    "title",
    "seniority",
    "company_name",
    "company_domain",
    "phone",
    "linkedin_url",
    "employee_count",
    "annual_revenue",
    "city",
    "state",
    "country",
    "location",
    "industry",
];

/// The organisation's enrichment policy (one item beside the provider settings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EnrichmentPolicy {
    pub strategy: Strategy,
    /// Field → days; fields not named use the platform defaults.
    #[serde(default)]
    pub max_age_days: BTreeMap<String, u32>,
    /// Credits scheduled re-enrichment may spend per UTC day (0: none).
    pub refresh_budget_credits: f64,
    #[serde(default)]
    pub version: u64,
    pub updated_at: Option<String>,
}

impl Default for EnrichmentPolicy {
    fn default() -> Self {
        Self {
            strategy: Strategy::Fixed,
            max_age_days: BTreeMap::new(),
            refresh_budget_credits: 0.0,
            version: 0,
            updated_at: None,
        }
    }
}

impl EnrichmentPolicy {
    pub fn max_age_days(&self, field: &str) -> u32 {
        self.max_age_days
            .get(field)
            .copied()
            .unwrap_or_else(|| default_max_age_days(field))
    }

    /// Every policy field's effective age (named and default).
    pub fn effective_ages(&self) -> BTreeMap<String, u32> {
        let mut out: BTreeMap<String, u32> = POLICY_FIELDS
            .iter()
            .map(|f| ((*f).to_owned(), default_max_age_days(f)))
            .collect();
        out.extend(self.max_age_days.clone());
        out
    }

    /// When `field`, observed at `observed` (epoch s), turns stale.
    fn due_of(&self, field: &str, observed: i64) -> i64 {
        observed + i64::from(self.max_age_days(field)) * 86_400
    }

    /// When each field of `rec` turns stale (a user's own entry never does).
    pub fn field_due(&self, rec: &EntityRecord) -> BTreeMap<String, i64> {
        rec.fields
            .iter()
            .filter(|(_, p)| p.source != crate::merge::USER_SOURCE)
            .filter_map(|(f, p)| {
                let at = kernel::time::parse_rfc3339(&p.observed_at)?.unix_timestamp();
                Some((f.clone(), self.due_of(f, at)))
            })
            .collect()
    }
}

/// One provider's counters over the estimate window.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderEstimate {
    pub lookups: f64,
    pub credits: f64,
    /// Field → lookups that filled it.
    #[serde(default)]
    pub filled: BTreeMap<String, f64>,
}

impl ProviderEstimate {
    pub fn hit_rate(&self, field: &str) -> f64 {
        (self.filled.get(field).copied().unwrap_or(0.0) + 1.0) / (self.lookups + 2.0)
    }
    pub fn price(&self) -> f64 {
        (self.credits + 1.0) / (self.lookups + 1.0)
    }
    /// Expected fields filled among `missing`.
    fn yield_of(&self, missing: &[String]) -> f64 {
        missing.iter().map(|f| self.hit_rate(f)).sum()
    }
}

/// The snapshot of provider performance the strategies choose by.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Estimates {
    /// When it was computed (epoch s); 0 = never.
    pub computed_at: i64,
    pub providers: BTreeMap<String, ProviderEstimate>,
}

impl Estimates {
    pub fn of(&self, p: ProviderName) -> ProviderEstimate {
        self.providers.get(p.as_str()).cloned().unwrap_or_default()
    }
}

/// Whether this lookup explores (a digest of `seed`, so a retried request decides alike).
pub fn explores(seed: &str) -> bool {
    let d = Sha256::digest(seed.as_bytes());
    let n = u32::from_be_bytes([d[0], d[1], d[2], d[3]]) % 1_000;
    n < EXPLORE_PER_MILLE
}

/// The index in `candidates` (the fixed order of those not yet asked) to ask next.
pub fn next_provider(
    strategy: Strategy,
    estimates: &Estimates,
    candidates: &[ProviderName],
    missing: &[String],
    explore: bool,
) -> usize {
    if candidates.len() < 2 || strategy == Strategy::Fixed || missing.is_empty() {
        return 0;
    }
    let est: Vec<ProviderEstimate> = candidates.iter().map(|p| estimates.of(*p)).collect();
    if explore {
        return (0..candidates.len())
            .min_by(|a, b| est[*a].lookups.total_cmp(&est[*b].lookups).then(a.cmp(b)))
            .unwrap_or(0);
    }
    let score = |e: &ProviderEstimate| match strategy {
        Strategy::Cost => e.price() / e.yield_of(missing).max(1e-9),
        // Higher yield first: negate so the smallest score wins.
        _ => -e.yield_of(missing),
    };
    (0..candidates.len())
        .min_by(|a, b| score(&est[*a]).total_cmp(&score(&est[*b])).then(a.cmp(b)))
        .unwrap_or(0)
}

/// The credits asking `order` in turn is expected to spend until every one of `required` is
/// filled (fields assumed independent): each provider is paid for when some field is still
/// missing after those before it.
pub fn expected_credits(estimates: &Estimates, order: &[ProviderName], required: &[String]) -> f64 {
    let mut still_missing: Vec<f64> = vec![1.0; required.len()];
    let mut total = 0.0;
    for p in order {
        let all_filled: f64 = still_missing.iter().map(|m| 1.0 - m).product();
        let reached = 1.0 - all_filled;
        let e = estimates.of(*p);
        total += reached * e.price();
        for (m, f) in still_missing.iter_mut().zip(required) {
            *m *= 1.0 - e.hit_rate(f);
        }
    }
    total
}

/// What the strategy did for one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StrategyReport {
    pub strategy: Strategy,
    /// Providers asked, in the order asked.
    pub asked: Vec<String>,
    /// Field → the provider that filled it in this answer.
    pub filled_by: BTreeMap<String, String>,
    /// Credits the providers of the waterfall charged (verification and a linked company apart).
    pub credits_spent: f64,
    /// What the organisation's fixed order is expected to spend for the same fields.
    pub expected_fixed_credits: f64,
    /// `expected_fixed_credits − credits_spent` (negative when this answer cost more).
    pub credits_saved: f64,
}

pub fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProviderName::{Apollo, Pdl};

    fn est(lookups: f64, credits: f64, title: f64) -> ProviderEstimate {
        ProviderEstimate {
            lookups,
            credits,
            filled: BTreeMap::from([("title".to_owned(), title)]),
        }
    }

    #[test]
    fn cost_prefers_the_cheaper_filled_field_and_a_new_provider_gets_tried() {
        let title = vec!["title".to_owned()];
        let mut e = Estimates::default();
        // Nothing measured: the fixed order stands.
        assert_eq!(
            next_provider(Strategy::Cost, &e, &[Apollo, Pdl], &title, false),
            0
        );
        e.providers.insert("apollo".into(), est(100.0, 100.0, 25.0));
        e.providers.insert("pdl".into(), est(75.0, 75.0, 68.0));
        assert_eq!(
            next_provider(Strategy::Cost, &e, &[Apollo, Pdl], &title, false),
            1
        );
        assert_eq!(
            next_provider(Strategy::Coverage, &e, &[Apollo, Pdl], &title, false),
            1
        );
        assert_eq!(
            next_provider(Strategy::Fixed, &e, &[Apollo, Pdl], &title, false),
            0
        );
        // A provider never measured scores the prior (half the time at one credit): it beats a
        // poor measured one, so it gets tried.
        e.providers.remove("pdl");
        assert_eq!(
            next_provider(Strategy::Cost, &e, &[Apollo, Pdl], &title, false),
            1
        );
        // Exploring asks the least-measured first.
        e.providers.insert("pdl".into(), est(75.0, 75.0, 68.0));
        assert_eq!(
            next_provider(Strategy::Cost, &e, &[Pdl, Apollo], &title, true),
            0
        );
        // Cheap but useless loses to dear and good.
        e.providers.insert("apollo".into(), est(100.0, 10.0, 1.0));
        e.providers.insert("pdl".into(), est(100.0, 300.0, 99.0));
        assert_eq!(
            next_provider(Strategy::Cost, &e, &[Apollo, Pdl], &title, false),
            1
        );
    }

    #[test]
    fn expected_credits_pays_later_providers_only_when_needed() {
        let title = vec!["title".to_owned()];
        let mut e = Estimates::default();
        e.providers.insert("apollo".into(), est(1e6, 1e6, 2.5e5));
        e.providers.insert("pdl".into(), est(1e6, 1e6, 9e5));
        let fixed = expected_credits(&e, &[Apollo, Pdl], &title);
        let cost = expected_credits(&e, &[Pdl, Apollo], &title);
        assert!((fixed - 1.75).abs() < 1e-3, "{fixed}");
        assert!((cost - 1.1).abs() < 1e-3, "{cost}");
    }

    #[test]
    fn exploration_is_about_one_in_twenty_and_stable() {
        let n = (0..10_000).filter(|i| explores(&format!("r{i}"))).count();
        assert!((350..650).contains(&n), "{n}");
        assert_eq!(explores("same"), explores("same"));
    }

    #[test]
    fn stale_fields_follow_the_policy_and_spare_user_entries() {
        use crate::merge::Provenance;
        let mut rec = EntityRecord::new(crate::EntityKind::Person, "2026-01-01T00:00:00Z");
        let at = |s: &str, src: &str| Provenance {
            value: serde_json::Value::from("x"),
            source: src.into(),
            confidence: 0.9,
            observed_at: s.into(),
        };
        rec.fields
            .insert("email".into(), at("2026-01-01T00:00:00Z", "apollo"));
        rec.fields
            .insert("title".into(), at("2026-01-01T00:00:00Z", "apollo"));
        rec.fields
            .insert("city".into(), at("2026-01-01T00:00:00Z", "user"));
        let jan1 = 1_767_225_600;
        let p = EnrichmentPolicy::default();
        rec.apply_policy(&p);
        assert!(rec.stale_fields(jan1 + 29 * 86_400).is_empty());
        assert_eq!(rec.stale_fields(jan1 + 30 * 86_400), vec!["email"]);
        assert_eq!(
            rec.stale_fields(jan1 + 400 * 86_400),
            vec!["email", "title"]
        );
        assert_eq!(rec.due_at, Some(jan1 + 30 * 86_400));
        let mut q = p.clone();
        q.max_age_days.insert("title".into(), 1);
        rec.apply_policy(&q);
        assert_eq!(rec.stale_fields(jan1 + 86_400), vec!["title"]);
    }
}
