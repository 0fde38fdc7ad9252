//! The waterfall's decision rules, free of I/O so they can be tested exhaustively.
//!
//! Per field: providers are offered in the tenant's order; the first value that passes validation
//! and the confidence floor wins; later providers cannot displace it (a differing later value is kept
//! as a conflict for the caller to see). On a stored record, values a user edited are never replaced.

use providers::{normalise_domain, normalise_email, normalise_linkedin, Reply};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The source name of values a user set by hand.
pub const USER_SOURCE: &str = "user";
/// The source name of identifiers the caller gave and no provider confirmed.
pub const INPUT_SOURCE: &str = "input";

/// Where a field's value came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Provenance {
    pub value: Value,
    /// A provider name, `user` or `input`.
    pub source: String,
    /// 0–1 on the platform's scale.
    pub confidence: f64,
    pub observed_at: String,
}

/// A later provider's different value for a field that was already decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Conflict {
    pub field: String,
    pub kept_source: String,
    pub other_source: String,
    pub other_value: Value,
    pub other_confidence: f64,
}

/// A candidate the waterfall turned down, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rejection {
    pub field: String,
    pub source: String,
    /// `low_confidence`, `invalid` or `failed_verification`.
    pub reason: String,
}

/// Checks and normalises a field's value; `None` means it fails validation.
///
/// A kept field's value always has the type `PersonData`/`CompanyData` declare (what generated
/// clients decode): counts and years become integers, a number given for a text field becomes its
/// text, and a list keeps only its text entries. Fields the platform does not know keep any scalar.
pub fn validate_field(field: &str, value: &Value) -> Option<Value> {
    let text = value.as_str();
    match field {
        "email" => text.and_then(normalise_email).map(Value::from),
        "linkedin_url" => text.and_then(normalise_linkedin).map(Value::from),
        "domain" | "company_domain" => text.and_then(normalise_domain).map(Value::from),
        "website" | "photo_url" | "twitter_url" | "github_url" => text
            .filter(|t| t.starts_with("http://") || t.starts_with("https://") || t.contains('.'))
            .filter(|t| t.chars().count() <= 2000 && !t.chars().any(kernel::text::is_control))
            .map(Value::from),
        "employee_count" => value
            .as_f64()
            .filter(|n| *n >= 0.5 && *n < 1e12)
            .map(|n| Value::from(n.round() as i64)),
        "total_funding" | "annual_revenue" => {
            value.as_f64().filter(|n| *n > 0.0).map(|_| value.clone())
        }
        "founded_year" => value
            .as_f64()
            .filter(|y| y.fract() == 0.0 && (1600.0..=2100.0).contains(y))
            .map(|y| Value::from(y as i64)),
        "technologies" => {
            let names: Vec<Value> = value
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty() && t.chars().count() <= 200)
                .filter(|t| !t.chars().any(kernel::text::is_control))
                .map(Value::from)
                .collect();
            (!names.is_empty()).then_some(Value::Array(names))
        }
        _ => {
            let known = providers::PERSON_FIELDS.contains(&field)
                || providers::COMPANY_FIELDS.contains(&field);
            match value {
                Value::String(s)
                    if !s.trim().is_empty()
                        && s.chars().count() <= 2000
                        && kernel::text::check_field(field, s).is_ok() =>
                {
                    Some(value.clone())
                }
                Value::Number(n) if known => Some(Value::from(n.to_string())),
                Value::Number(_) | Value::Bool(_) if !known => Some(value.clone()),
                _ => None,
            }
        }
    }
}

/// The running decision of one waterfall.
#[derive(Debug, Clone)]
pub struct Waterfall {
    pub required: Vec<String>,
    pub min_confidence: f64,
    pub chosen: BTreeMap<String, Provenance>,
    pub conflicts: Vec<Conflict>,
    pub rejected: Vec<Rejection>,
}

impl Waterfall {
    pub fn new(required: Vec<String>, min_confidence: f64) -> Self {
        Self {
            required,
            min_confidence,
            chosen: BTreeMap::new(),
            conflicts: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Takes from `reply` every field still undecided whose value passes; returns the fields taken.
    pub fn offer(&mut self, source: &str, reply: &Reply, observed_at: &str) -> Vec<String> {
        let mut taken = Vec::new();
        for (field, candidate) in &reply.fields {
            if let Some(kept) = self.chosen.get(field) {
                let differs =
                    validate_field(field, &candidate.value).is_some_and(|v| v != kept.value);
                if differs {
                    self.conflicts.push(Conflict {
                        field: field.clone(),
                        kept_source: kept.source.clone(),
                        other_source: source.to_owned(),
                        other_value: candidate.value.clone(),
                        other_confidence: candidate.confidence,
                    });
                }
                continue;
            }
            if candidate.confidence < self.min_confidence {
                self.reject(field, source, "low_confidence");
                continue;
            }
            let Some(value) = validate_field(field, &candidate.value) else {
                self.reject(field, source, "invalid");
                continue;
            };
            self.chosen.insert(
                field.clone(),
                Provenance {
                    value,
                    source: source.to_owned(),
                    confidence: round2(candidate.confidence),
                    observed_at: observed_at.to_owned(),
                },
            );
            taken.push(field.clone());
        }
        taken
    }

    /// Withdraws a decided field (its email failed verification), so later providers may fill it.
    pub fn withdraw(&mut self, field: &str, reason: &str) {
        if let Some(p) = self.chosen.remove(field) {
            self.reject(field, &p.source, reason);
        }
    }

    fn reject(&mut self, field: &str, source: &str, reason: &str) {
        self.rejected.push(Rejection {
            field: field.to_owned(),
            source: source.to_owned(),
            reason: reason.to_owned(),
        });
    }

    /// The stop rule: every required field has a passing value.
    pub fn complete(&self) -> bool {
        self.required.iter().all(|f| self.chosen.contains_key(f))
    }

    pub fn missing(&self) -> Vec<String> {
        self.required
            .iter()
            .filter(|f| !self.chosen.contains_key(*f))
            .cloned()
            .collect()
    }
}

/// Applies fresh values to a stored record's fields; user-set values stay. Returns the fields changed.
pub fn apply(
    stored: &mut BTreeMap<String, Provenance>,
    fresh: &BTreeMap<String, Provenance>,
) -> Vec<String> {
    let mut changed = Vec::new();
    // An email status describes one address: a new address without a fresh status drops the old one.
    let new_email = fresh.get("email").is_some_and(|p| {
        stored
            .get("email")
            .is_some_and(|old| old.value != p.value && old.source != USER_SOURCE)
    });
    if new_email
        && !fresh.contains_key("email_status")
        && stored
            .get("email_status")
            .is_some_and(|s| s.source != USER_SOURCE)
    {
        stored.remove("email_status");
    }
    for (field, p) in fresh {
        match stored.get(field) {
            Some(old) if old.source == USER_SOURCE => continue,
            Some(old) if old.value == p.value && old.source == p.source => {
                // Same value again: refresh its time and confidence without reporting a change.
                stored.insert(field.clone(), p.clone());
            }
            _ => {
                stored.insert(field.clone(), p.clone());
                changed.push(field.clone());
            }
        }
    }
    changed
}

/// The record's overall confidence: the mean over the required fields, a missing one counting 0, so
/// the score says both how sure and how complete.
pub fn overall_confidence(fields: &BTreeMap<String, Provenance>, required: &[String]) -> f64 {
    if required.is_empty() {
        return 0.0;
    }
    let sum: f64 = required
        .iter()
        .map(|f| fields.get(f).map(|p| p.confidence).unwrap_or(0.0))
        .sum();
    round2(sum / required.len() as f64)
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use providers::Candidate;
    use serde_json::json;

    fn reply(fields: &[(&str, Value, f64)]) -> Reply {
        let mut r = Reply {
            found: true,
            ..Reply::default()
        };
        for (f, v, c) in fields {
            r.fields.insert(
                (*f).to_owned(),
                Candidate {
                    value: v.clone(),
                    confidence: *c,
                },
            );
        }
        r
    }

    #[test]
    fn first_passing_value_wins_and_later_differences_are_conflicts() {
        let mut w = Waterfall::new(vec!["title".into(), "email".into()], 0.5);
        w.offer("apollo", &reply(&[("title", json!("CTO"), 0.8)]), "t");
        assert!(!w.complete());
        w.offer(
            "pdl",
            &reply(&[
                ("title", json!("CEO"), 0.9),
                ("email", json!("A@B.CO"), 0.7),
            ]),
            "t",
        );
        assert!(w.complete());
        assert_eq!(w.chosen["title"].source, "apollo");
        assert_eq!(w.chosen["email"].value, "a@b.co");
        assert_eq!(w.conflicts.len(), 1);
        assert_eq!(w.conflicts[0].other_source, "pdl");
    }

    #[test]
    fn low_confidence_and_invalid_values_continue_the_waterfall() {
        let mut w = Waterfall::new(vec!["email".into()], 0.6);
        w.offer("apollo", &reply(&[("email", json!("x@y.co"), 0.45)]), "t");
        w.offer("pdl", &reply(&[("email", json!("not-an-email"), 0.9)]), "t");
        assert!(!w.complete());
        w.offer(
            "rocketreach",
            &reply(&[("email", json!("z@y.co"), 0.9)]),
            "t",
        );
        assert_eq!(w.chosen["email"].source, "rocketreach");
        let reasons: Vec<_> = w.rejected.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(reasons, ["low_confidence", "invalid"]);
    }

    #[test]
    fn user_values_survive_enrichment() {
        let p = |v: &str, s: &str| Provenance {
            value: json!(v),
            source: s.into(),
            confidence: 1.0,
            observed_at: "t".into(),
        };
        let mut stored = BTreeMap::from([
            ("title".to_owned(), p("Founder", USER_SOURCE)),
            ("city".to_owned(), p("Lima", "apollo")),
        ]);
        let fresh = BTreeMap::from([
            ("title".to_owned(), p("CEO", "pdl")),
            ("city".to_owned(), p("Quito", "pdl")),
        ]);
        assert_eq!(apply(&mut stored, &fresh), vec!["city".to_owned()]);
        assert_eq!(stored["title"].value, "Founder");
        assert_eq!(stored["city"].value, "Quito");
    }

    #[test]
    fn kept_values_have_the_types_the_record_schema_declares() {
        use serde_json::json;
        // Counts and years are integers, however a provider wrote them.
        assert_eq!(
            validate_field("employee_count", &json!(41.6)),
            Some(json!(42))
        );
        assert_eq!(validate_field("employee_count", &json!(0)), None);
        assert_eq!(
            validate_field("founded_year", &json!(1998.0)),
            Some(json!(1998))
        );
        assert_eq!(validate_field("founded_year", &json!(1998.5)), None);
        assert_eq!(validate_field("founded_year", &json!(1500)), None);
        // A number for a text field becomes its text; a flag is not text.
        assert_eq!(
            validate_field("phone", &json!(351210000000_i64)),
            Some(json!("351210000000"))
        );
        assert_eq!(validate_field("title", &json!(true)), None);
        // Lists keep their text entries only.
        assert_eq!(
            validate_field("technologies", &json!(["rust", 3, {"x": 1}, " aws "])),
            Some(json!(["rust", "aws"]))
        );
        assert_eq!(validate_field("technologies", &json!([1, 2])), None);
        // Fields the platform does not know keep any scalar.
        assert_eq!(validate_field("tier", &json!(3)), Some(json!(3)));
        assert_eq!(validate_field("vip", &json!(true)), Some(json!(true)));
    }

    #[test]
    fn overall_confidence_counts_missing_fields_as_zero() {
        let mut fields = BTreeMap::new();
        fields.insert(
            "email".to_owned(),
            Provenance {
                value: json!("a@b.co"),
                source: "x".into(),
                confidence: 0.9,
                observed_at: "t".into(),
            },
        );
        assert_eq!(
            overall_confidence(&fields, &["email".into(), "title".into()]),
            0.45
        );
    }
}
