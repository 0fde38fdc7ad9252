//! What the authorizer needs and nothing more: access tokens (HS256 JWTs), roles and their
//! permissions, and the identity records it reads (users, sessions, the token denylist). Passwords,
//! TOTP and mail live in `identity`, so the authorizer links none of them.

pub mod alerting;
pub mod model;
pub mod notices;
pub mod partner;
mod persist;
pub mod rbac;
pub mod retention;
pub mod security;
pub mod signer;
pub mod tokens;
