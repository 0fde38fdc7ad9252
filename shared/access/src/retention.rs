//! How long an organisation's data is kept, per category, within the platform's minimum and maximum.
//!
//! Enforcement, per category:
//! - call log, job results, provider cache: a TTL set when the item is written, from the settings
//!   the writer already read (they sit in the provider-settings partition, so an enrichment's or a
//!   job chunk's one settings Query brings them: no extra read); a cache entry older than the
//!   current setting also counts as a miss;
//! - audit log: no TTL (its writers are everywhere and read no settings); the retention sweep
//!   deletes by key range, since the log is ordered by time;
//! - every category: the sweep also deletes what a shortened setting has made too old (items
//!   written earlier carry the TTL of their day). A longer setting applies to data written after.
//!
//! The settings are written to both data spaces of the organisation (live and test) in one
//! transaction, so test-mode work follows them too.

use kernel::error::{ApiError, FieldError};
use serde::{Deserialize, Serialize};

pub const ENTITY: &str = "RETENTION";
const DAY: i64 = 86_400;

/// One kind of data and its bounds, in days.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Category {
    /// The setting's field name.
    pub field: &'static str,
    pub min_days: u32,
    pub default_days: u32,
    pub max_days: u32,
    pub description: &'static str,
}

/// Every category, in the order the API lists them.
pub const CATEGORIES: [Category; 5] = [
    Category {
        field: "call_log_days",
        min_days: 7,
        default_days: 90,
        max_days: 400,
        description: "Provider call log lines (GET /v1/providers/calls)",
    },
    Category {
        field: "provider_cache_days",
        min_days: 1,
        default_days: 30,
        max_days: 90,
        description:
            "Cached provider answers (an entry never outlives this, whatever its freshness)",
    },
    Category {
        field: "audit_log_days",
        min_days: 90,
        default_days: 365,
        max_days: 2555,
        description: "Audit events (GET /v1/audit-events)",
    },
    Category {
        field: "job_results_days",
        min_days: 1,
        default_days: 30,
        max_days: 90,
        description: "Bulk jobs with their inputs and per-record results",
    },
    Category {
        field: "delivery_events_days",
        min_days: 30,
        default_days: 180,
        max_days: 730,
        description: "Delivery events of sent messages and webhooks",
    },
];

/// A change to the retention settings: any subset of the fields.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionChange {
    #[schema(minimum = 7, maximum = 400, example = 30)]
    pub call_log_days: Option<u32>,
    #[schema(minimum = 1, maximum = 90)]
    pub provider_cache_days: Option<u32>,
    #[schema(minimum = 90, maximum = 2555)]
    pub audit_log_days: Option<u32>,
    #[schema(minimum = 1, maximum = 90)]
    pub job_results_days: Option<u32>,
    #[schema(minimum = 30, maximum = 730)]
    pub delivery_events_days: Option<u32>,
    /// The version read; a change made since then makes this a 409.
    #[serde(default, deserialize_with = "kernel::bounds::version")]
    pub version: Option<u64>,
}

/// An organisation's retention settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Retention {
    #[schema(minimum = 7, maximum = 400, example = 90)]
    pub call_log_days: u32,
    #[schema(minimum = 1, maximum = 90, example = 30)]
    pub provider_cache_days: u32,
    #[schema(minimum = 90, maximum = 2555, example = 365)]
    pub audit_log_days: u32,
    #[schema(minimum = 1, maximum = 90, example = 30)]
    pub job_results_days: u32,
    #[schema(minimum = 30, maximum = 730, example = 180)]
    pub delivery_events_days: u32,
    /// Optimistic lock: send it back with a change; 0 while the defaults apply.
    #[serde(default)]
    pub version: u64,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

impl Default for Retention {
    fn default() -> Self {
        let d = |i: usize| CATEGORIES[i].default_days;
        Self {
            call_log_days: d(0),
            provider_cache_days: d(1),
            audit_log_days: d(2),
            job_results_days: d(3),
            delivery_events_days: d(4),
            version: 0,
            updated_at: None,
            updated_by: None,
        }
    }
}

fn secs(days: u32) -> i64 {
    i64::from(days) * DAY
}

impl Retention {
    fn slot(&mut self, field: &str) -> Option<&mut u32> {
        Some(match field {
            "call_log_days" => &mut self.call_log_days,
            "provider_cache_days" => &mut self.provider_cache_days,
            "audit_log_days" => &mut self.audit_log_days,
            "job_results_days" => &mut self.job_results_days,
            "delivery_events_days" => &mut self.delivery_events_days,
            _ => return None,
        })
    }

    pub fn call_log_secs(&self) -> i64 {
        secs(self.call_log_days)
    }
    pub fn provider_cache_secs(&self) -> i64 {
        secs(self.provider_cache_days)
    }
    pub fn audit_log_secs(&self) -> i64 {
        secs(self.audit_log_days)
    }
    pub fn job_results_secs(&self) -> i64 {
        secs(self.job_results_days)
    }
    pub fn delivery_events_secs(&self) -> i64 {
        secs(self.delivery_events_days)
    }

    /// Applies a change (any subset of the day fields, and optionally `version`; none is a no-op),
    /// naming every
    /// field that is unknown, not a whole number or outside its bounds; nothing applies unless all
    /// do. Returns the `version` the caller expects, when given.
    pub fn apply(
        &mut self,
        change: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Option<u64>, ApiError> {
        let mut errors = Vec::new();
        let mut next = self.clone();
        let mut expected = None;
        for (field, value) in change {
            if field == "version" {
                // JSON null is absent, as in every body.
                if value.is_null() {
                    continue;
                }
                match kernel::bounds::version_value(value) {
                    Some(v) => expected = Some(v),
                    None => errors.push(FieldError::body(
                        "version",
                        "type",
                        "the whole number read with the settings",
                    )),
                }
                continue;
            }
            let Some(cat) = CATEGORIES.iter().find(|c| c.field == field) else {
                errors.push(FieldError::body(
                    field.as_str(),
                    "unknown",
                    "not a retention setting",
                ));
                continue;
            };
            // JSON null is absent, as in every body.
            if value.is_null() {
                continue;
            }
            let days = kernel::bounds::whole(value);
            match days {
                Some(d) if (u64::from(cat.min_days)..=u64::from(cat.max_days)).contains(&d) => {
                    if let Some(slot) = next.slot(cat.field) {
                        *slot = d as u32;
                    }
                }
                Some(_) => errors.push(FieldError::body(
                    field.as_str(),
                    "out_of_range",
                    format!("between {} and {} days", cat.min_days, cat.max_days),
                )),
                None => errors.push(FieldError::body(
                    field.as_str(),
                    "type",
                    "a whole number of days",
                )),
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        *self = next;
        Ok(expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn defaults_lie_within_their_bounds() {
        for c in CATEGORIES {
            assert!(
                c.min_days <= c.default_days && c.default_days <= c.max_days,
                "{c:?}"
            );
        }
        let r = Retention::default();
        assert_eq!(r.call_log_secs(), 90 * DAY);
        assert_eq!(r.job_results_secs(), 30 * DAY);
    }

    #[test]
    fn a_change_applies_whole_or_not_at_all_and_names_each_bad_field() {
        let mut r = Retention::default();
        let err = r
            .apply(&change(json!({"call_log_days": 3, "audit_log_days": 400, "nope": 1, "job_results_days": "x"})))
            .unwrap_err();
        let ApiError::Validation { errors } = err else {
            panic!("validation")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"call_log_days"));
        assert!(fields.contains(&"nope"));
        assert!(fields.contains(&"job_results_days"));
        assert!(!fields.contains(&"audit_log_days"));
        assert_eq!(r, Retention::default(), "nothing applied");

        let expected = r
            .apply(&change(
                json!({"audit_log_days": 400.0, "call_log_days": 7, "version": 3}),
            ))
            .unwrap();
        assert_eq!(expected, Some(3));
        assert_eq!((r.audit_log_days, r.call_log_days), (400, 7));
        assert_eq!(
            r.apply(&change(json!({}))).unwrap(),
            None,
            "no change, no error"
        );
        assert!(r
            .apply(&change(json!({"provider_cache_days": 91})))
            .is_err());
        assert!(r
            .apply(&change(json!({"delivery_events_days": -30})))
            .is_err());
    }
}
