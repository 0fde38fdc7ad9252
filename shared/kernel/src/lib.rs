//! The floor every other crate stands on: identifiers, errors, tax-id checks, the text rules, time,
//! opaque secrets and route specifications. No AWS and no network client, so it builds fast and any
//! crate, function or tool may use it.

pub mod bounds;
pub mod error;
pub mod ids;
pub mod routing;
pub mod schema;
pub mod secret;
pub mod shape;
pub mod taxid;
pub mod text;
pub mod time;
pub mod web;

pub use error::ApiError;
pub use ids::TenantId;
