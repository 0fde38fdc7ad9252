//! An organisation's alert thresholds: at what share of a provider quota or of an own-key credit
//! balance used its admins hear about it (the checks live in the `operations` crate).

use kernel::error::{ApiError, FieldError};
use serde::{Deserialize, Serialize};

/// An organisation's alert thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AlertSettings {
    /// Percentages of a quota or of a credit balance used (1–100, ascending, at most 5).
    #[schema(example = json!([80, 95]))]
    pub thresholds: Vec<u8>,
    #[serde(default)]
    pub version: u64,
    pub updated_at: Option<String>,
}

impl Default for AlertSettings {
    fn default() -> Self {
        Self {
            thresholds: vec![80, 95],
            version: 0,
            updated_at: None,
        }
    }
}

/// A change: new thresholds, and the version read.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertSettingsChange {
    /// 1–5 distinct percentages between 1 and 100.
    #[schema(min_items = 1, max_items = 5, example = json!([75, 90, 100]))]
    pub thresholds: Vec<u32>,
    /// The version read; a change made since then makes this a 409.
    #[schema(minimum = 0)]
    pub version: Option<i64>,
}

impl AlertSettings {
    /// Checks and applies a change: every percentage 1–100, distinct, 1–5 of them (sorted), and a
    /// `version` that can be one. Returns the version the caller read, when given.
    pub fn apply(&mut self, change: AlertSettingsChange) -> Result<Option<u64>, ApiError> {
        let mut errors = Vec::new();
        if change.thresholds.is_empty() || change.thresholds.len() > 5 {
            errors.push(FieldError::body(
                "thresholds",
                "length",
                "1 to 5 percentages",
            ));
        }
        let mut sorted = Vec::with_capacity(change.thresholds.len());
        for (i, t) in change.thresholds.iter().enumerate() {
            match u8::try_from(*t).ok().filter(|t| (1..=100).contains(t)) {
                Some(p) => sorted.push(p),
                None => errors.push(FieldError::body(
                    format!("thresholds[{i}]"),
                    "out_of_range",
                    "a percentage between 1 and 100",
                )),
            }
        }
        let valid = sorted.len();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() < valid {
            errors.push(FieldError::body(
                "thresholds",
                "duplicate",
                "each percentage once",
            ));
        }
        let version = match change.version {
            None => None,
            Some(v) => match u64::try_from(v) {
                Ok(v) => Some(v),
                Err(_) => {
                    errors.push(FieldError::body(
                        "version",
                        "out_of_range",
                        "the version read",
                    ));
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        self.thresholds = sorted;
        Ok(version)
    }
}
