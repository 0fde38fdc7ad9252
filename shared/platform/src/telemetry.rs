//! Logging: JSON lines in Lambda (CloudWatch Logs Insights can query every field), readable text locally.
//! Every line inside a request carries its request id, route and (once known) tenant through the span.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some()
        || std::env::var("LOG_FORMAT").is_ok_and(|f| f == "json");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    // try_init: a second call (tests, the local stack hosting many functions) keeps the first subscriber.
    let _ = if json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_ansi(false)
            .try_init()
    } else {
        builder.compact().try_init()
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
