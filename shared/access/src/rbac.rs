//! Roles and what each may do.
//!
//! Permissions are `resource.action`; a grant may be exact (`users.read`), a resource wildcard
//! (`users.*`) or everything (`*`). What a route requires is declared beside its handler, in the
//! function's `routes!` table, and enforced before the handler runs.

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
                "analytics.*",
                "data_sources.*",
                "organization.*",
                "contacts.*",
                "senders.*",
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
                "contacts.*",
                "senders.read",
                "analytics.read",
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
                "contacts.read",
                "senders.read",
                "analytics.read",
            ],
            // A partner credential's permissions are its scopes (`partner::SCOPES`), not a role's.
            Role::Api => &[],
        }
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}

/// Permissions of a role, space-separated as the authorizer context carries them.
pub fn permissions_of(role: Role) -> String {
    role.grants().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kernel::routing::allows;

    #[test]
    fn wildcards_match_by_resource() {
        assert!(allows(&["*"], "users.delete"));
        assert!(allows(&["users.*"], "users.delete"));
        assert!(!allows(&["users.*"], "usersx.read"));
        assert!(!allows(&["users.read"], "users.write"));
        assert!(allows(Role::Viewer.grants(), "people.read"));
        assert!(!allows(Role::Viewer.grants(), "people.write"));
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
