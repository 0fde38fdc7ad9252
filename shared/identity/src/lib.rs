//! Signing in and staying signed in: password policy and argon2id hashing, emailed one-time codes and
//! reset tokens, TOTP, sessions and refresh-token rotation, login-attempt counting, owners.

pub mod mfa;
pub mod onetime;
pub mod ops;
pub mod owners;
pub mod password;
pub mod peppers;
pub mod persist;
pub mod profile;

pub use access::{model, rbac, tokens};
