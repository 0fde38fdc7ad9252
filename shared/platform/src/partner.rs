//! What every request of a partner credential (API key or OAuth2 token) costs on the request path:
//! the rate limiter that admits it, and the usage line it leaves for the client's analytics.
//!
//! Limiter: one item per credential per UTC day holds the minute, hour and day counters with the
//! start of the minute and hour they count (`m`/`mw`, `h`/`hw`, `d`). Admitting a request is ONE
//! conditional UpdateItem that adds to all three only if every window is below its limit, so
//! concurrent requests can never overshoot; a window that has rolled over is reset by the same
//! write (a different expression, chosen from the item the failed condition returns). Cost: one
//! write per request, two or three at a minute or hour boundary.
//!
//! Usage: one UpdateItem per request (ADD to the hour's counters, the latency histogram, the
//! endpoint's count and time, the status code's count), spread over `USAGE_SHARDS` items per hour
//! so a busy client never funnels into one key. Reports read those items: O(hours), never
//! O(requests).

use kernel::ids::TenantId;

/// What a signed-in user's request weighs against their limits: a request that buys provider
/// calls or starts background work costs more than one that reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteClass {
    Read,
    Write,
    /// A lookup or search that may call providers.
    Enrichment,
    /// A submission that starts background work over many records.
    Bulk,
}

impl RouteClass {
    pub const ALL: [RouteClass; 4] = [Self::Read, Self::Write, Self::Enrichment, Self::Bulk];

    pub fn weight(self) -> u64 {
        match self {
            Self::Read => 1,
            Self::Write => 2,
            Self::Enrichment => 5,
            Self::Bulk => 20,
        }
    }

    /// The class of a route (method and resource as declared in template.yaml).
    pub fn of(method: &str, resource: &str) -> Self {
        match method {
            "GET" | "HEAD" | "OPTIONS" => Self::Read,
            "POST" => WEIGHTED_POSTS
                .iter()
                .find(|(r, _)| *r == resource)
                .map_or(Self::Write, |(_, class)| *class),
            _ => Self::Write,
        }
    }
}

/// The `POST` routes that weigh more than a write (every one a route of template.yaml: the
/// agreement test checks it, so a renamed route cannot fall back to a write unnoticed).
pub const WEIGHTED_POSTS: [(&str, RouteClass); 12] = [
    ("/v1/people/enrich/bulk", RouteClass::Bulk),
    ("/v1/companies/enrich/bulk", RouteClass::Bulk),
    ("/v1/contacts/bulk", RouteClass::Bulk),
    ("/v1/contacts/validate", RouteClass::Bulk),
    ("/v1/contacts/from-people", RouteClass::Bulk),
    ("/v1/data-sources/{source_id}/import", RouteClass::Bulk),
    ("/v1/data-sources/{source_id}/sync", RouteClass::Bulk),
    ("/v1/campaigns/{campaign_id}/send", RouteClass::Bulk),
    ("/v1/people/enrich", RouteClass::Enrichment),
    ("/v1/companies/enrich", RouteClass::Enrichment),
    ("/v1/people/search", RouteClass::Enrichment),
    ("/v1/companies/search", RouteClass::Enrichment),
];

/// The three windows, in order.
pub const WINDOWS: [(&str, i64); 3] = [("minute", 60), ("hour", 3600), ("day", 86_400)];

/// One window's state after a request was admitted or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub limit: u64,
    pub used: u64,
    /// Epoch seconds at which the window starts again.
    pub reset_at: i64,
}

impl Window {
    pub fn remaining(&self) -> u64 {
        self.limit.saturating_sub(self.used)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    pub allowed: bool,
    pub windows: [Window; 3],
    pub now: i64,
}

impl Admission {
    /// The window that binds: the first spent one, else the one with the fewest requests left.
    pub fn binding(&self) -> usize {
        if let Some(i) = self.windows.iter().position(|w| w.remaining() == 0) {
            return i;
        }
        (0..3)
            .min_by_key(|&i| self.windows[i].remaining())
            .unwrap_or(0)
    }

    pub fn retry_after(&self) -> u64 {
        let w = self.windows[self.binding()];
        (w.reset_at - self.now).max(1) as u64
    }

    /// `X-RateLimit-*` (seed 004: reset as an RFC 3339 time) and the IETF `RateLimit-Policy` /
    /// `RateLimit` pair, all describing the binding window (the policy lists all three).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let i = self.binding();
        let w = self.windows[i];
        let reset_in = (w.reset_at - self.now).max(0);
        let policy = WINDOWS
            .iter()
            .zip(self.windows.iter())
            .map(|((name, secs), w)| format!("\"{name}\";q={};w={secs}", w.limit))
            .collect::<Vec<_>>()
            .join(", ");
        let reset = kernel::time::rfc3339_at(w.reset_at);
        vec![
            ("x-ratelimit-limit", w.limit.to_string()),
            ("x-ratelimit-remaining", w.remaining().to_string()),
            ("x-ratelimit-reset", reset),
            ("x-ratelimit-resource", WINDOWS[i].0.to_owned()),
            ("ratelimit-policy", policy),
            (
                "ratelimit",
                format!("\"{}\";r={};t={reset_in}", WINDOWS[i].0, w.remaining()),
            ),
        ]
    }
}

pub use crate::persist::partner::{admit, peek, record};

// ------------------------------------------------------------------ usage

/// Upper bounds (ms) of the latency histogram's buckets; the last bucket is everything above.
pub const LATENCY_BOUNDS_MS: [u64; 18] = [
    5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000,
    30_000,
];

/// How long usage is kept (TTL on the hourly items).
pub const USAGE_RETENTION_SECS: i64 = 400 * 86_400;

pub fn latency_bucket(ms: u64) -> usize {
    LATENCY_BOUNDS_MS
        .iter()
        .position(|&b| ms <= b)
        .unwrap_or(LATENCY_BOUNDS_MS.len())
}

/// One request of a partner credential.
#[derive(Debug, Clone)]
pub struct UsageLine<'a> {
    /// The organisation (its live space: test-mode requests are counted with the client too).
    pub tenant: &'a TenantId,
    pub client_id: &'a str,
    pub method: &'a str,
    /// The declared route (`/v1/people/{person_id}`), so endpoints are a bounded set.
    pub resource: &'a str,
    pub status: u16,
    pub latency_ms: u64,
    pub now: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binding_window_is_the_spent_or_tightest_one() {
        let a = Admission {
            allowed: true,
            windows: [
                Window {
                    limit: 60,
                    used: 10,
                    reset_at: 120,
                },
                Window {
                    limit: 1000,
                    used: 995,
                    reset_at: 3600,
                },
                Window {
                    limit: 10_000,
                    used: 995,
                    reset_at: 86_400,
                },
            ],
            now: 100,
        };
        assert_eq!(a.binding(), 1);
        let h: std::collections::HashMap<_, _> = a.headers().into_iter().collect();
        assert_eq!(h["x-ratelimit-limit"], "1000");
        assert_eq!(h["x-ratelimit-remaining"], "5");
        assert_eq!(h["ratelimit"], "\"hour\";r=5;t=3500");
        assert!(h["ratelimit-policy"].starts_with("\"minute\";q=60;w=60, \"hour\";q=1000;w=3600"));
        let spent = Admission {
            allowed: false,
            windows: [
                Window {
                    limit: 60,
                    used: 60,
                    reset_at: 120,
                },
                Window {
                    limit: 1000,
                    used: 999,
                    reset_at: 3600,
                },
                Window {
                    limit: 10_000,
                    used: 999,
                    reset_at: 86_400,
                },
            ],
            now: 100,
        };
        assert_eq!(spent.binding(), 0);
        assert_eq!(spent.retry_after(), 20);
    }

    #[test]
    fn latency_buckets_are_inclusive_upper_bounds() {
        assert_eq!(latency_bucket(0), 0);
        assert_eq!(latency_bucket(5), 0);
        assert_eq!(latency_bucket(6), 1);
        assert_eq!(latency_bucket(1_000_000), LATENCY_BOUNDS_MS.len());
    }
}
