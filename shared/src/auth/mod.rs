//! Identity building blocks shared by the auth, users and authorizer functions: password policy and
//! hashing, access tokens and opaque secrets, roles and the route → permission table, and the
//! stored records (users, sessions, audit events).

pub mod mfa;
pub mod model;
pub mod onetime;
pub mod ops;
pub mod password;
pub mod rbac;
pub mod tokens;
