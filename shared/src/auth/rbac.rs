//! Roles, permissions and the one table that says what every route requires.
//!
//! Permissions are `resource.action`; a grant may be exact (`users.read`), a resource wildcard
//! (`users.*`) or everything (`*`). The table below is enforced centrally by
//! [`crate::runtime::handle_http`] before any handler runs, and a test fails if a route of any
//! function is missing from it (or if it names a route no function serves).

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Admin,
    Member,
    Viewer,
    /// Machine access (partner API keys): data routes only, never user or session management.
    Api,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Admin,
        Role::Member,
        Role::Viewer,
        Role::Api,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Viewer => "viewer",
            Role::Api => "api",
        }
    }

    /// What the role may do.
    pub fn grants(self) -> &'static [&'static str] {
        match self {
            Role::Owner => &["*"],
            Role::Admin => &[
                "self.*",
                "users.*",
                "audit.*",
                "people.*",
                "companies.*",
                "providers.*",
                "jobs.*",
                "campaigns.*",
                "templates.*",
                "tags.*",
                "webhooks.*",
                "partners.*",
                "stats.*",
                "data_sources.*",
            ],
            Role::Member => &[
                "self.*",
                "users.read",
                "people.*",
                "companies.*",
                "providers.read",
                "jobs.*",
                "campaigns.*",
                "templates.*",
                "tags.*",
                "stats.read",
                "data_sources.read",
            ],
            Role::Viewer => &[
                "self.*",
                "users.read",
                "people.read",
                "companies.read",
                "providers.read",
                "jobs.read",
                "campaigns.read",
                "templates.read",
                "tags.read",
                "stats.read",
            ],
            Role::Api => &["people.*", "companies.*", "jobs.*", "tags.read"],
        }
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}

/// Whether `grants` include `needed` (`resource.action`).
pub fn allows<S: AsRef<str>>(grants: &[S], needed: &str) -> bool {
    let resource = needed.split('.').next().unwrap_or(needed);
    grants.iter().any(|g| {
        let g = g.as_ref();
        g == "*" || g == needed || g.strip_suffix(".*").is_some_and(|r| r == resource)
    })
}

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No credentials (registration, login, the API description…).
    Public,
    /// An authenticated principal holding this permission.
    Permission(&'static str),
}

/// Every route of every function: (method, resource path as in template.yaml, access).
pub const ROUTE_ACCESS: &[(&str, &str, Access)] = &[
    // system
    ("GET", "/v1/health", Access::Public),
    ("GET", "/v1/openapi.json", Access::Public),
    ("ANY", "/{proxy+}", Access::Public),
    // auth
    ("POST", "/v1/auth/register", Access::Public),
    ("POST", "/v1/auth/login", Access::Public),
    ("POST", "/v1/auth/refresh", Access::Public),
    (
        "POST",
        "/v1/auth/logout",
        Access::Permission("self.sessions"),
    ),
    ("GET", "/v1/auth/me", Access::Permission("self.read")),
    (
        "GET",
        "/v1/auth/sessions",
        Access::Permission("self.sessions"),
    ),
    (
        "DELETE",
        "/v1/auth/sessions/{session_id}",
        Access::Permission("self.sessions"),
    ),
    ("POST", "/v1/auth/otp/request", Access::Public),
    ("POST", "/v1/auth/verify-otp", Access::Public),
    ("POST", "/v1/auth/password/forgot", Access::Public),
    ("POST", "/v1/auth/password/reset", Access::Public),
    (
        "POST",
        "/v1/auth/mfa/totp/enroll",
        Access::Permission("self.mfa"),
    ),
    (
        "POST",
        "/v1/auth/mfa/totp/confirm",
        Access::Permission("self.mfa"),
    ),
    (
        "POST",
        "/v1/auth/mfa/totp/disable",
        Access::Permission("self.mfa"),
    ),
    // users: routes on one user are open to the user themself (`self.*`); the handler requires
    // `users.read` / `users.write` when the target is someone else.
    ("GET", "/v1/users", Access::Permission("users.read")),
    (
        "POST",
        "/v1/users/invitations",
        Access::Permission("users.invite"),
    ),
    (
        "GET",
        "/v1/users/{user_id}",
        Access::Permission("users.read"),
    ),
    (
        "PATCH",
        "/v1/users/{user_id}",
        Access::Permission("self.write"),
    ),
    (
        "DELETE",
        "/v1/users/{user_id}",
        Access::Permission("users.delete"),
    ),
    (
        "PUT",
        "/v1/users/{user_id}/status",
        Access::Permission("users.write"),
    ),
    (
        "GET",
        "/v1/users/{user_id}/preferences",
        Access::Permission("self.read"),
    ),
    (
        "PUT",
        "/v1/users/{user_id}/preferences",
        Access::Permission("self.write"),
    ),
    // audit
    ("GET", "/v1/audit-events", Access::Permission("audit.read")),
    // people: enrichment and lookups spend provider credits (`write`); erasure is its own permission.
    (
        "POST",
        "/v1/people/enrich",
        Access::Permission("people.write"),
    ),
    ("GET", "/v1/people", Access::Permission("people.read")),
    (
        "POST",
        "/v1/people/search",
        Access::Permission("people.read"),
    ),
    (
        "GET",
        "/v1/people/lookup-status",
        Access::Permission("people.write"),
    ),
    (
        "GET",
        "/v1/people/{person_id}",
        Access::Permission("people.read"),
    ),
    (
        "PATCH",
        "/v1/people/{person_id}",
        Access::Permission("people.write"),
    ),
    (
        "DELETE",
        "/v1/people/{person_id}",
        Access::Permission("people.delete"),
    ),
    // companies
    (
        "POST",
        "/v1/companies/enrich",
        Access::Permission("companies.write"),
    ),
    ("GET", "/v1/companies", Access::Permission("companies.read")),
    (
        "POST",
        "/v1/companies/search",
        Access::Permission("companies.read"),
    ),
    (
        "GET",
        "/v1/companies/{company_id}",
        Access::Permission("companies.read"),
    ),
    (
        "PATCH",
        "/v1/companies/{company_id}",
        Access::Permission("companies.write"),
    ),
    // providers
    ("GET", "/v1/providers", Access::Permission("providers.read")),
    (
        "GET",
        "/v1/providers/usage",
        Access::Permission("providers.read"),
    ),
    (
        "GET",
        "/v1/providers/calls",
        Access::Permission("providers.read"),
    ),
    (
        "PATCH",
        "/v1/providers/{name}",
        Access::Permission("providers.write"),
    ),
    (
        "PUT",
        "/v1/providers/{name}/credentials",
        Access::Permission("providers.write"),
    ),
    (
        "DELETE",
        "/v1/providers/{name}/credentials",
        Access::Permission("providers.write"),
    ),
    (
        "GET",
        "/v1/providers/{name}/account",
        Access::Permission("providers.read"),
    ),
];

/// The access rule of a route, or `None` when the table does not know it (a deployment fault:
/// such a request is refused).
pub fn access_for(method: &str, resource: &str) -> Option<Access> {
    ROUTE_ACCESS
        .iter()
        .find(|(m, p, _)| *p == resource && (*m == method || *m == "ANY"))
        .map(|(_, _, a)| *a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_by_resource() {
        assert!(allows(&["*"], "users.delete"));
        assert!(allows(&["users.*"], "users.delete"));
        assert!(!allows(&["users.*"], "usersx.read"));
        assert!(!allows(&["users.read"], "users.write"));
        assert!(allows(Role::Viewer.grants(), "people.read"));
        assert!(!allows(Role::Viewer.grants(), "people.write"));
        assert!(!allows(Role::Api.grants(), "self.read"));
        assert!(!allows(Role::Member.grants(), "users.write"));
        assert!(allows(Role::Admin.grants(), "users.write"));
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("root".parse::<Role>().is_err());
    }
}
