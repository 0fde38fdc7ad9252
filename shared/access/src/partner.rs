//! What the authorizer needs to accept partner credentials: the API key format (checked before any
//! read), the scopes a key or token may carry and the route permissions each names, the tiers'
//! limits, and the two records it reads (a key by its hash; a client, for OAuth2 tokens).
//! Creating, listing and revoking them is the `partners` crate's business.

use kernel::ids::TenantId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

kernel::prefixed_id!(
    /// A partner application registered by an organisation (`cli_…`).
    ClientId,
    "cli"
);
kernel::prefixed_id!(
    /// An API key (`key_…`); the secret itself is never stored.
    KeyId,
    "key"
);

pub const API_KEY: &str = "API_KEY";
pub const API_CLIENT: &str = "API_CLIENT";

/// Which data space a credential acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Live,
    Test,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Test => "test",
        }
    }

    fn key_prefix(self) -> &'static str {
        match self {
            Self::Live => "enr_live_",
            Self::Test => "enr_test_",
        }
    }
}

// ------------------------------------------------------------------ key format

/// Random part: 40 base62 characters (~238 bits).
const RANDOM_LEN: usize = 40;
const CHECKSUM_LEN: usize = 6;
const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Characters of the random part shown in listings after the mode prefix (`enr_live_AbC123`).
const VISIBLE_RANDOM: usize = 6;

/// A freshly minted key: the secret (shown once), what is displayed and what is stored.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub secret: String,
    pub prefix: String,
    pub hash: String,
}

/// Mints a key: `enr_live_` / `enr_test_`, 40 random base62 characters, and a 6-character checksum
/// of everything before it, so a typo or a string a scanner found is recognised without a read.
pub fn mint_key(mode: Mode) -> NewKey {
    use rand::Rng;
    let mut rng = rand::rng();
    let random: String = (0..RANDOM_LEN)
        .map(|_| BASE62[rng.random_range(0..BASE62.len())] as char)
        .collect();
    let body = format!("{}{random}", mode.key_prefix());
    let secret = format!("{body}{}", checksum(&body));
    NewKey {
        prefix: secret[..mode.key_prefix().len() + VISIBLE_RANDOM].to_owned(),
        hash: key_hash(&secret),
        secret,
    }
}

/// Six base62 digits of SHA-256 over the prefix and random part.
fn checksum(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let mut n = u64::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
    ]);
    let mut out = [b'0'; CHECKSUM_LEN];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The lookup hash of a key: the platform's hash of opaque secrets (SHA-256, base64url). The key has
/// ~238 random bits, so a fast hash cannot be reversed from a leaked table. It is also the value API
/// Gateway knows the key by.
pub fn key_hash(secret: &str) -> String {
    kernel::secret::hash_secret(secret)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyFormatError {
    #[error("not an Enrich API key")]
    NotAKey,
    #[error("the key's checksum does not match (a typo, or a truncated key)")]
    Checksum,
}

/// Whether `raw` looks like one of our keys at all (`enr_` prefix): the authorizer's first fork.
pub fn looks_like_key(raw: &str) -> bool {
    raw.starts_with("enr_")
}

/// Checks a presented key's shape and checksum; no I/O. Returns its mode.
pub fn check_key(raw: &str) -> Result<Mode, KeyFormatError> {
    let mode = if raw.starts_with(Mode::Live.key_prefix()) {
        Mode::Live
    } else if raw.starts_with(Mode::Test.key_prefix()) {
        Mode::Test
    } else {
        return Err(KeyFormatError::NotAKey);
    };
    let expected_len = mode.key_prefix().len() + RANDOM_LEN + CHECKSUM_LEN;
    if raw.len() != expected_len || !raw.is_ascii() {
        return Err(KeyFormatError::NotAKey);
    }
    let (body, sum) = raw.split_at(expected_len - CHECKSUM_LEN);
    if !body[mode.key_prefix().len()..]
        .bytes()
        .all(|b| b.is_ascii_alphanumeric())
    {
        return Err(KeyFormatError::NotAKey);
    }
    if !kernel::secret::hashes_equal(&checksum(body), sum) {
        return Err(KeyFormatError::Checksum);
    }
    Ok(mode)
}

// ------------------------------------------------------------------ scopes

/// A scope a key or token may be given, and the route permissions it opens. Scopes are the
/// permission table seen from outside (`people:read` ⇔ `people.read`): a key's permissions are
/// exactly its scopes, so it can never reach a route whose permission none of them names.
/// `tests/e2e/partners` checks that every route permission is either here or user-only.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Scope {
    pub name: &'static str,
    pub description: &'static str,
}

pub const SCOPES: &[Scope] = &[
    Scope {
        name: "people:read",
        description: "Read, list and search people",
    },
    Scope {
        name: "people:write",
        description: "Enrich people (single and bulk) and edit them",
    },
    Scope {
        name: "people:delete",
        description: "Erase a person",
    },
    Scope {
        name: "people:export",
        description: "Export everything held about a person (a data-subject access request)",
    },
    Scope {
        name: "companies:read",
        description: "Read, list and search companies",
    },
    Scope {
        name: "companies:write",
        description: "Enrich companies (single and bulk) and edit them",
    },
    Scope {
        name: "jobs:read",
        description: "Follow bulk jobs and read their results",
    },
    Scope {
        name: "jobs:write",
        description: "Cancel bulk jobs",
    },
    Scope {
        name: "providers:read",
        description: "Read provider settings, usage and the call log",
    },
    Scope {
        name: "providers:write",
        description: "Change provider settings and credentials",
    },
    Scope {
        name: "webhooks:read",
        description: "Read webhook endpoints and deliveries",
    },
    Scope {
        name: "webhooks:write",
        description: "Manage webhook endpoints and signing secrets",
    },
    Scope {
        name: "analytics:read",
        description: "Read rate-limit tiers and usage figures",
    },
    Scope {
        name: "contacts:read",
        description: "Read and list contacts",
    },
    Scope {
        name: "contacts:write",
        description: "Create, import, edit and delete contacts",
    },
    Scope {
        name: "tags:read",
        description: "Read and list tags",
    },
    Scope {
        name: "tags:write",
        description: "Create, edit and delete tags; tag and untag contacts",
    },
    Scope {
        name: "templates:read",
        description: "Read, list and preview message templates",
    },
    Scope {
        name: "templates:write",
        description: "Create, replace and delete message templates",
    },
    Scope {
        name: "campaigns:read",
        description: "Read and list campaigns, their counts and audiences",
    },
    Scope {
        name: "campaigns:write",
        description: "Create, edit and delete campaigns; send, pause, resume and cancel them",
    },
    Scope {
        name: "senders:read",
        description: "Read sending profiles",
    },
    Scope {
        name: "senders:write",
        description: "Create, edit and delete sending profiles and their keys",
    },
    Scope {
        name: "audit:read",
        description: "Read the organisation's audit log",
    },
];

/// Resources only a signed-in person may act on: their own account, the organisation's users, and
/// the partner registry itself (a key must not mint keys).
pub const USER_ONLY_RESOURCES: &[&str] = &["self", "users", "partners", "organization"];

/// The route permission a scope names (`people:read` → `people.read`).
pub fn scope_permission(scope: &str) -> Option<String> {
    SCOPES
        .iter()
        .any(|s| s.name == scope)
        .then(|| scope.replacen(':', ".", 1))
}

/// The scope that names a permission, if keys may hold it.
pub fn permission_scope(permission: &str) -> Option<&'static str> {
    let wanted = permission.replacen('.', ":", 1);
    SCOPES.iter().find(|s| s.name == wanted).map(|s| s.name)
}

// ------------------------------------------------------------------ tiers

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Basic,
    Standard,
    Premium,
    Enterprise,
}

/// Requests allowed per window (seed 004's figures), and the burst API Gateway's token bucket allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Limits {
    pub requests_per_minute: u64,
    pub requests_per_hour: u64,
    pub requests_per_day: u64,
    pub burst: u64,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Basic, Tier::Standard, Tier::Premium, Tier::Enterprise];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Basic => "basic",
            Self::Standard => "standard",
            Self::Premium => "premium",
            Self::Enterprise => "enterprise",
        }
    }

    pub fn limits(self) -> Limits {
        let (m, h, d, b) = match self {
            Self::Basic => (60, 1_000, 10_000, 10),
            Self::Standard => (120, 5_000, 50_000, 20),
            Self::Premium => (300, 15_000, 150_000, 50),
            Self::Enterprise => (600, 50_000, 500_000, 100),
        };
        Limits {
            requests_per_minute: m,
            requests_per_hour: h,
            requests_per_day: d,
            burst: b,
        }
    }
}

/// An organisation that no operator has moved is `standard`.
impl Default for Tier {
    fn default() -> Self {
        Self::Standard
    }
}

impl Tier {
    /// What each signed-in user of an organisation on this tier may spend per minute, hour and UTC
    /// day, in request units ([`platform::partner::route_weight`]: a read is 1, enrichment 5, a
    /// bulk submission 20). Per user, so one busy colleague does not lock the rest out; the
    /// organisation as a whole is held by its tier's usage plan at the gateway.
    pub fn user_limits(self) -> [u64; 3] {
        match self {
            Self::Basic => [120, 3_000, 20_000],
            Self::Standard => [300, 10_000, 100_000],
            Self::Premium => [600, 30_000, 300_000],
            Self::Enterprise => [1_500, 100_000, 1_000_000],
        }
    }
}

/// A user's limits on `tier` in this deployment: the tier's figures times the stack's
/// `UserLimitMultiplier` (`USER_LIMIT_MULTIPLIER`, 1 unless an operator lifts it).
pub fn user_limits(config: &platform::config::Config, tier: Tier) -> [u64; 3] {
    let times: u64 = config
        .var("USER_LIMIT_MULTIPLIER")
        .and_then(|m| m.parse().ok())
        .filter(|m| *m >= 1)
        .unwrap_or(1);
    tier.user_limits().map(|l| l.saturating_mul(times))
}

impl std::str::FromStr for Tier {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Tier::ALL.into_iter().find(|t| t.as_str() == s).ok_or(())
    }
}

/// The windows a key's requests are counted in: the tier's, with the minute replaced by the key's
/// `rate_limit_override` when it has one.
pub fn key_limits(tier: Tier, override_per_minute: Option<u64>) -> [u64; 3] {
    let l = tier.limits();
    [
        override_per_minute.unwrap_or(l.requests_per_minute),
        l.requests_per_hour,
        l.requests_per_day,
    ]
}

// ------------------------------------------------------------------ records

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClientStatus {
    Active,
    Suspended,
    Deleted,
}

impl ClientStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Deleted => "deleted",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    Active,
    Revoked,
}

/// The value of an organisation's API Gateway key: what the authorizer names as
/// `usageIdentifierKey` for its signed-in people, so its tier's usage plan meters the
/// organisation as a whole. Derived from the id, so the authorizer needs no read for it; not a
/// secret (with `ApiKeySourceType: AUTHORIZER`, a key a client sends is never used for metering).
pub fn organization_usage_key(tenant: &TenantId) -> String {
    kernel::secret::hash_secret(&format!("organization-usage\n{tenant}"))
}

/// The usage plan of an organisation's people on a tier (`org-<tier>` in `USAGE_PLAN_IDS`).
pub fn organization_plan(tier: Tier) -> &'static str {
    match tier {
        Tier::Basic => "org-basic",
        Tier::Standard => "org-standard",
        Tier::Premium => "org-premium",
        Tier::Enterprise => "org-enterprise",
    }
}

/// Where a credential stands with API Gateway's usage plans.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayState {
    /// API Gateway's id of the registered key, once created.
    pub api_key_id: Option<String>,
    /// The usage plan it is in (a tier name or `test`), once added.
    pub plan: Option<String>,
    /// Whether the gateway has caught up with the credential (created, in the right plan, enabled
    /// or disabled as it should be). A sweep finishes what a request could not.
    #[serde(default)]
    pub synced: bool,
}

/// A key as the authorizer reads it: one item under the hash of the secret, carrying a copy of its
/// client's status and tier (`client_version` orders the copies), so a key costs one read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ApiKeyRecord {
    pub id: KeyId,
    pub tenant: TenantId,
    pub client_id: ClientId,
    pub name: String,
    pub prefix: String,
    pub hash: String,
    pub mode: Mode,
    pub scopes: Vec<String>,
    pub status: KeyStatus,
    pub expires_at: Option<i64>,
    pub rate_limit_override: Option<u64>,
    pub created_at: i64,
    pub created_by: String,
    pub revoked_at: Option<i64>,
    /// Epoch seconds, kept to the minute (see `LAST_USED_PRECISION_SECS`).
    pub last_used_at: Option<i64>,
    pub client_status: ClientStatus,
    pub client_tier: Tier,
    pub client_version: u64,
    #[serde(default)]
    pub gateway: GatewayState,
    /// Countries (ISO 3166 alpha-2) the key was used from, where the gateway says: a new one is a
    /// security alert ([`crate::security::key_country`]).
    #[serde(default)]
    pub countries: Vec<String>,
}

/// `last_used_at` is refreshed at most once per this many seconds per key: one conditional write a
/// minute at most instead of one per request.
pub const LAST_USED_PRECISION_SECS: i64 = 60;

impl ApiKeyRecord {
    /// Why the key cannot be used now, if it cannot.
    pub fn refusal(&self, now: i64) -> Option<&'static str> {
        if self.status != KeyStatus::Active {
            return Some("key revoked");
        }
        if self.client_status != ClientStatus::Active {
            return Some("client not active");
        }
        if self.expires_at.is_some_and(|e| e <= now) {
            return Some("key expired");
        }
        None
    }

    /// The value API Gateway knows this key by (`usageIdentifierKey`).
    pub fn usage_key(&self) -> &str {
        &self.hash
    }

    pub fn limits(&self) -> [u64; 3] {
        key_limits(self.client_tier, self.rate_limit_override)
    }
}

/// A partner application.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ApiClientRecord {
    pub id: ClientId,
    pub tenant: TenantId,
    pub name: String,
    pub description: Option<String>,
    pub redirect_uris: Vec<String>,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub contact_email: String,
    pub status: ClientStatus,
    pub rate_limit_tier: Tier,
    pub scopes: Vec<String>,
    /// Stored as JSON text: its numbers may exceed DynamoDB's.
    #[serde(default, with = "store::json_text")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// Hash of the OAuth2 client secret (shown once).
    pub secret_hash: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub created_by: String,
    /// Bumped on every change; keys' copies of status and tier follow it.
    pub version: u64,
    /// Lower-cased name and email, for search.
    pub search: String,
    /// The registration OAuth2 tokens are metered under in API Gateway.
    #[serde(default)]
    pub gateway: GatewayState,
    /// Keys issued so far: issuing one adds to it under a condition on the client's status and
    /// version, so a key is never issued against a client that changed meanwhile.
    #[serde(default)]
    pub keys_issued: u64,
}

impl ApiClientRecord {
    /// The value API Gateway knows this client's OAuth2 tokens by.
    pub fn usage_key(&self) -> String {
        key_hash(&format!("oauth2-client:{}", self.id))
    }
}

/// Claims of an OAuth2 client-credentials access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ClientClaims {
    pub iss: String,
    pub aud: String,
    /// The client id.
    pub sub: String,
    pub tenant: String,
    /// Space-separated, as RFC 6749 writes scopes.
    pub scope: String,
    pub jti: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

/// The OAuth2 client secret: the platform's 256-bit opaque secret after `enr_cs_` (so scanners
/// recognise it).
pub fn new_client_secret() -> String {
    format!("enr_cs_{}", kernel::secret::random_secret())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_keys_pass_their_own_check_and_typos_fail() {
        for mode in [Mode::Live, Mode::Test] {
            let k = mint_key(mode);
            assert_eq!(check_key(&k.secret), Ok(mode));
            assert!(k.secret.len() >= 9 + 32 + 6);
            assert!(k.secret.starts_with(&k.prefix));
            assert_eq!(k.hash, key_hash(&k.secret));
            // Change one random character: the checksum catches it.
            let mut bytes = k.secret.clone().into_bytes();
            bytes[12] = if bytes[12] == b'a' { b'b' } else { b'a' };
            let typo = String::from_utf8(bytes).unwrap();
            assert_eq!(check_key(&typo), Err(KeyFormatError::Checksum));
            assert_eq!(
                check_key(&k.secret[..k.secret.len() - 1]),
                Err(KeyFormatError::NotAKey)
            );
        }
        assert_eq!(check_key("enr_prod_x"), Err(KeyFormatError::NotAKey));
        assert_ne!(mint_key(Mode::Live).secret, mint_key(Mode::Live).secret);
    }

    #[test]
    fn scopes_name_permissions_one_to_one() {
        assert_eq!(
            scope_permission("people:read").as_deref(),
            Some("people.read")
        );
        assert_eq!(scope_permission("users:read"), None);
        assert_eq!(permission_scope("jobs.write"), Some("jobs:write"));
        assert_eq!(permission_scope("self.read"), None);
        for s in SCOPES {
            let (resource, _) = s.name.split_once(':').unwrap();
            assert!(!USER_ONLY_RESOURCES.contains(&resource));
        }
    }

    #[test]
    fn override_replaces_only_the_minute() {
        assert_eq!(key_limits(Tier::Basic, None), [60, 1_000, 10_000]);
        assert_eq!(key_limits(Tier::Basic, Some(5)), [5, 1_000, 10_000]);
    }
}
