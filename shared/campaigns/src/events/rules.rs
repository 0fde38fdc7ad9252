//! An organisation's bounce and complaint rules (after listmonk's): per kind, a threshold of
//! events for one contact and the action taken when it is reached, and the thresholds at which a
//! running campaign pauses itself.
//!
//! Defaults (listmonk's and the mailbox providers'): soft 2 → none, hard 1 → suppress, complaint
//! 1 → suppress; a campaign pauses when, after at least 200 sends, hard bounces pass 5% or
//! complaints 0.1% of them (SES reviews an account there; Gmail asks for less than 0.1%).

use serde::Deserialize;

pub use crate::persist::events::{AutoPause, BounceRules, InvalidAddressRule, Rule, RuleAction};

/// A change of the rules (`PUT /v1/organization/bounce-rules`): the three rules, and the
/// auto-pause thresholds (today's kept when absent).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BounceRulesBody {
    #[serde(deserialize_with = "kernel::shape::object")]
    pub soft: Rule,
    #[serde(deserialize_with = "kernel::shape::object")]
    pub hard: Rule,
    #[serde(deserialize_with = "kernel::shape::object")]
    pub complaint: Rule,
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub auto_pause: Option<AutoPause>,
    /// What validation runs do with invalid addresses (today's kept when absent).
    #[serde(default, deserialize_with = "kernel::shape::optional_object")]
    pub invalid_address: Option<InvalidAddressRule>,
}

impl BounceRulesBody {
    /// The values' ranges, each error naming its field.
    pub fn check(&self) -> Vec<kernel::error::FieldError> {
        use kernel::error::FieldError;
        let mut errors = Vec::new();
        for (name, r) in [
            ("soft", &self.soft),
            ("hard", &self.hard),
            ("complaint", &self.complaint),
        ] {
            if !(1..=100).contains(&r.threshold) {
                errors.push(FieldError::body(
                    format!("{name}.threshold"),
                    "out_of_range",
                    "from 1 to 100",
                ));
            }
        }
        if let Some(r) = &self.invalid_address {
            use crate::persist::validation::InvalidAddressAction as A;
            match (r.action, &r.tag) {
                (A::Tag, None) => errors.push(FieldError::body(
                    "invalid_address.tag",
                    "required",
                    "the tag to give, with action: tag",
                )),
                (A::Tag, Some(_)) | (_, None) => {}
                (_, Some(_)) => errors.push(FieldError::body(
                    "invalid_address.tag",
                    "invalid",
                    "only with action: tag",
                )),
            }
        }
        if let Some(a) = &self.auto_pause {
            if !(10..=1_000_000).contains(&a.min_sample) {
                errors.push(FieldError::body(
                    "auto_pause.min_sample",
                    "out_of_range",
                    "from 10 to 1,000,000",
                ));
            }
            if !(0.1..=50.0).contains(&a.bounce_rate_percent) {
                errors.push(FieldError::body(
                    "auto_pause.bounce_rate_percent",
                    "out_of_range",
                    "from 0.1 to 50",
                ));
            }
            if !(0.01..=10.0).contains(&a.complaint_rate_percent) {
                errors.push(FieldError::body(
                    "auto_pause.complaint_rate_percent",
                    "out_of_range",
                    "from 0.01 to 10",
                ));
            }
        }
        errors
    }
}

/// Which rule an event falls under, with the contact's count of that kind after the event.
pub fn rule_for(
    rules: &BounceRules,
    kind: super::EventKind,
    bounce: Option<super::BounceClass>,
) -> Option<Rule> {
    use super::{BounceClass, EventKind};
    match (kind, bounce) {
        (EventKind::Bounced, Some(BounceClass::Hard)) => Some(rules.hard),
        (EventKind::Bounced, _) => Some(rules.soft),
        (EventKind::Complained, _) => Some(rules.complaint),
        _ => None,
    }
}

/// Why a campaign with these figures must pause, if it must.
pub fn pause_reason(
    a: &AutoPause,
    sent: u64,
    hard_bounced: u64,
    complained: u64,
) -> Option<String> {
    if !a.enabled || sent < a.min_sample || sent == 0 {
        return None;
    }
    let pct = |n: u64| n as f64 * 100.0 / sent as f64;
    let complaint = pct(complained);
    if complaint > a.complaint_rate_percent {
        return Some(format!(
            "auto-paused: complaints reached {complaint:.2}% of {sent} sends (limit {}%)",
            a.complaint_rate_percent
        ));
    }
    let bounce = pct(hard_bounced);
    if bounce > a.bounce_rate_percent {
        return Some(format!(
            "auto-paused: hard bounces reached {bounce:.2}% of {sent} sends (limit {}%)",
            a.bounce_rate_percent
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_only_past_a_threshold_after_the_sample() {
        let a = AutoPause::default();
        assert_eq!(pause_reason(&a, 199, 100, 100), None);
        assert_eq!(pause_reason(&a, 1000, 50, 1), None);
        assert!(pause_reason(&a, 1000, 51, 0)
            .unwrap()
            .contains("hard bounces"));
        assert!(pause_reason(&a, 1000, 0, 2).unwrap().contains("complaints"));
        let off = AutoPause {
            enabled: false,
            ..a
        };
        assert_eq!(pause_reason(&off, 1000, 900, 900), None);
    }
}
