//! Everything the Enrich Lambda functions share: configuration, AWS clients, the single-table store,
//! HTTP glue (requests, problem+json errors, cursors, security headers) and telemetry.
//!
//! Domain code in here knows nothing about Lambda: handlers receive an [`http::ApiRequest`] and return an
//! [`http::ApiResponse`], so the same code runs under `lambda_http` in AWS and under the local gateway.

pub mod auth;
pub mod aws;
pub mod config;
pub mod cursor;
pub mod enrich;
pub mod error;
pub mod http;
pub mod ids;
pub mod mail;
pub mod metrics;
pub mod providers;
pub mod routing;
pub mod runtime;
pub mod secrets;
pub mod state;
pub mod store;
pub mod taxid;
pub mod telemetry;
pub mod text;

pub use error::{ApiError, ApiResult};
pub use http::{ApiRequest, ApiResponse};
pub use ids::TenantId;
pub use state::AppState;

/// The version reported by `/v1/health` and the OpenAPI document.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
