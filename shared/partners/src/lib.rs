//! The partner API: an organisation's API clients (partner applications), the API keys it issues
//! them, OAuth2 client credentials, their registration in API Gateway's usage plans, and the usage
//! analytics their requests leave. The authorizer side (key format, scopes, the records it reads)
//! is `access::partner`; the limiter and the usage recorder run in `platform::partner`.
//!
//! Write paths under retry and concurrency:
//! - A client is created with its OAuth2 lookup item in one transaction (create-only), so a retry
//!   creates a second client rather than half of one; changes are conditional on `version`.
//! - A key is created in one transaction with a condition on its client (active, same version), so
//!   a key is never issued to a client being suspended or retiered at that moment, and its copy of
//!   the client's status and tier is current.
//! - Suspension, reactivation, tier changes and deletion bump the client's version, then copy the
//!   new status and tier to every key with `client_version < :v`: copies only move forward, so
//!   concurrent changes converge on the latest. A crash half-way is repaired by repeating the call
//!   (the PUT or DELETE is idempotent) and the gateway part by the partner sweep.

pub mod api_keys;
pub mod clients;
pub mod gateway;
pub mod oauth;
pub mod organizations;
mod persist;
pub use persist::key_images;
pub mod usage;
