//! What every function runs on: configuration, AWS clients, secrets, the request and response types
//! handlers see, the runtimes that connect them to Lambda (HTTP, authorizer, SQS, schedule), and
//! telemetry. Domain crates build on it; it knows no domain.
//!
//! Handlers receive an [`http::ApiRequest`] and return an [`http::ApiResponse`], so the same code runs
//! under `lambda_http` in AWS and under the local gateway.

pub mod aws;
pub mod body;
pub mod caller;
pub mod config;
#[cfg(feature = "events")]
pub mod events;
pub mod http;
pub mod idempotency;
pub mod metrics;
pub mod partner;
mod persist;
#[cfg(feature = "queue")]
pub mod queue;
pub mod runtime;
pub mod secrets;
pub mod state;
pub mod telemetry;
pub mod worker;

pub use caller::Caller;
pub use http::{ApiRequest, ApiResponse, ApiResult};
pub use kernel::error::ApiError;
pub use kernel::ids::TenantId;
pub use kernel::routing;
pub use state::AppState;

/// The version reported by `/v1/health` and the OpenAPI document.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
