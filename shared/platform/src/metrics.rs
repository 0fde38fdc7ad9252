//! Business metrics as CloudWatch Embedded Metric Format lines: printed to stdout, turned into metrics by
//! CloudWatch Logs with no PutMetricData call (no latency, no extra IAM, no cost per request).

use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Milliseconds,
    None,
}

impl Unit {
    fn as_str(self) -> &'static str {
        match self {
            Self::Count => "Count",
            Self::Milliseconds => "Milliseconds",
            Self::None => "None",
        }
    }
}

pub const NAMESPACE: &str = "Enrich";

/// The dimension sets of a document: all the dimensions, and the first alone (a rollup), so an
/// alarm can read a provider's totals without knowing every outcome (alarms cannot SEARCH).
fn dimension_sets(dimensions: &[(&str, &str)]) -> Vec<Vec<String>> {
    let names: Vec<String> = dimensions.iter().map(|(k, _)| (*k).to_owned()).collect();
    let mut sets = vec![names.clone()];
    if names.len() > 1 {
        sets.push(names[..1].to_vec());
    }
    sets
}

/// The EMF document for one set of measurements sharing the same dimensions.
pub fn emf_document(
    namespace: &str,
    dimensions: &[(&str, &str)],
    metrics: &[(&str, f64, Unit)],
    timestamp_ms: i64,
) -> Value {
    let mut root = Map::new();
    root.insert(
        "_aws".into(),
        json!({
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [{
                "Namespace": namespace,
                "Dimensions": dimension_sets(dimensions),
                "Metrics": metrics
                    .iter()
                    .map(|(name, _, unit)| json!({"Name": name, "Unit": unit.as_str()}))
                    .collect::<Vec<_>>(),
            }],
        }),
    );
    for (k, v) in dimensions {
        root.insert((*k).to_owned(), Value::from(*v));
    }
    for (name, value, _) in metrics {
        root.insert((*name).to_owned(), json!(value));
    }
    Value::Object(root)
}

/// Prints one EMF line. Dimensions must be low-cardinality (provider, outcome), never ids or emails.
pub fn emit(dimensions: &[(&str, &str)], metrics: &[(&str, f64, Unit)]) {
    let now_ms = (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
    println!("{}", emf_document(NAMESPACE, dimensions, metrics, now_ms));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_declares_each_metric_and_dimension() {
        let doc = emf_document(
            "Enrich",
            &[("Provider", "apollo"), ("Outcome", "hit")],
            &[
                ("Calls", 1.0, Unit::Count),
                ("Latency", 12.5, Unit::Milliseconds),
            ],
            1_700_000_000_000,
        );
        let cw = &doc["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(cw["Namespace"], "Enrich");
        assert_eq!(cw["Dimensions"][0], json!(["Provider", "Outcome"]));
        assert_eq!(
            cw["Dimensions"][1],
            json!(["Provider"]),
            "rolled up by provider"
        );
        assert_eq!(
            cw["Metrics"][1],
            json!({"Name": "Latency", "Unit": "Milliseconds"})
        );
        assert_eq!(doc["Provider"], "apollo");
        assert_eq!(doc["Latency"], 12.5);
        assert_eq!(doc["_aws"]["Timestamp"], 1_700_000_000_000i64);
    }
}
