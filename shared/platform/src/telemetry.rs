//! Logging: JSON lines in Lambda (CloudWatch Logs Insights can query every field), readable text locally.
//! Every line inside a request carries its request id, route and (once known) tenant through the span.

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// `RUST_LOG` as `level` or `target=level` directives, comma-separated (`info,aws_smithy_runtime=debug`);
/// anything it cannot parse falls back to `info` rather than silencing the function.
///
/// A `Targets` filter rather than `EnvFilter`: EnvFilter's span-field and regex directives pull in
/// the regex engine and its Unicode tables, whose relocated pointers cost every function 47 page
/// faults per cold start, about 30% of what it takes beyond a hello-world (README, Cold start).
/// Nobody filters Lambda logs by span field; CloudWatch Logs Insights does that after the fact.
fn filter(spec: Option<&str>) -> Targets {
    spec.and_then(|v| v.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO))
}

pub fn init() {
    let json = std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some()
        || std::env::var("LOG_FORMAT").is_ok_and(|f| f == "json");
    let spec = std::env::var("RUST_LOG").ok();
    let registry = tracing_subscriber::registry().with(filter(spec.as_deref()));
    // try_init: a second call (tests, the local stack hosting many functions) keeps the first subscriber.
    let _ = if json {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_span_list(false)
                    .with_ansi(false)
                    .with_target(false),
            )
            .try_init()
    } else {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .compact()
                    .with_target(false),
            )
            .try_init()
    };
}

/// The span every request runs in. `tenant` is recorded once the principal is known.
pub fn request_span(request_id: &str, method: &str, route: &str) -> tracing::Span {
    tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %method,
        route = %route,
        tenant = tracing::field::Empty,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    #[test]
    fn log_levels_of_the_template_and_per_target_directives() {
        // template.yaml's LogLevel values.
        let warn = filter(Some("warn"));
        assert!(warn.would_enable("fn_people", &Level::WARN));
        assert!(!warn.would_enable("fn_people", &Level::INFO));
        assert!(filter(Some("debug")).would_enable("platform::http", &Level::DEBUG));
        let mixed = filter(Some("info,aws_smithy_runtime=debug"));
        assert!(mixed.would_enable("aws_smithy_runtime::client", &Level::DEBUG));
        assert!(!mixed.would_enable("hyper_util", &Level::DEBUG));
        // Unset or unreadable: info, never silence.
        for spec in [None, Some("loud!!=x")] {
            let f = filter(spec);
            assert!(f.would_enable("jobs", &Level::INFO), "{spec:?}");
            assert!(!f.would_enable("jobs", &Level::DEBUG), "{spec:?}");
        }
    }
}
