//! Sending profiles (listed per organisation, in the warm-up index while warming up) and the
//! platform-wide claim of an SES domain by one profile. Every profile write is conditional on
//! the version read or on absence: of two concurrent edits one applies.

use kernel::ids::TenantId;
use platform::AppState;
use serde::{Deserialize, Serialize};
use store::{keys, PutMode, Record, StoreError, TxOp};

const PROFILE: &str = "SENDING_PROFILE";
const DOMAIN_CLAIM: &str = "SENDING_DOMAIN";

/// SES settings as given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SesSettings {
    /// The domain messages are sent from (the campaign's from address must be on it).
    #[schema(example = "mail.acme.com")]
    pub from_domain: String,
    /// An SES configuration set (event publishing, dedicated IPs).
    #[schema(example = "enrich-campaigns")]
    pub configuration_set: Option<String>,
}

/// MailWizz settings as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MailwizzSettings {
    pub api_url: String,
    pub list_uid: String,
}

/// Messages per second and per sliding hour, across every send worker.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Throttle {
    #[schema(minimum = 1, maximum = 1000, example = 14)]
    pub per_second: u32,
    #[schema(minimum = 1, maximum = 10000000, example = 50000)]
    pub per_hour: u32,
}

/// A sending domain's warm-up: the daily cap starts at `start_cap` and grows by `growth_percent`
/// each day (100 doubles it) up to the profile's `daily_cap`; a day with bounces above 2% or
/// complaints above 0.1% holds it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Warmup {
    #[schema(minimum = 1, maximum = 100000, example = 100)]
    pub start_cap: u32,
    #[schema(minimum = 1, maximum = 300, example = 100)]
    pub growth_percent: u32,
}

/// Where the warm-up stands (set by the daily warm-up step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WarmupState {
    /// Today's cap from the warm-up plan.
    pub cap: u32,
    /// The UTC day (`YYYY-MM-DD`) the cap was last set for.
    pub day: String,
    /// Whether the last step held the cap (bounces or complaints too high).
    pub held: bool,
}

/// A sending profile as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SendingProfile {
    pub id: String,
    pub name: String,
    pub ses: Option<SesSettings>,
    pub mailwizz: Option<MailwizzSettings>,
    pub throttle: Throttle,
    pub daily_cap: u32,
    pub warmup: Option<Warmup>,
    pub warmup_state: Option<WarmupState>,
    /// The CNAME tokens SES asks for (`<token>._domainkey.<domain>`), for an SES profile.
    #[serde(default)]
    pub dkim_tokens: Vec<String>,
    /// Whether a MailWizz API key is stored (the key itself is never shown).
    #[serde(default)]
    pub has_api_key: bool,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

impl SendingProfile {
    /// Today's cap: the daily cap, lowered by the warm-up plan while it runs (before the first
    /// warm-up step, the plan's start).
    pub fn cap_today(&self) -> u32 {
        match (&self.warmup, &self.warmup_state) {
            (None, _) => self.daily_cap,
            (Some(w), None) => w.start_cap.min(self.daily_cap),
            (Some(_), Some(s)) => s.cap.min(self.daily_cap),
        }
    }
}

/// Which profile holds an SES domain (one organisation's, platform-wide).
#[derive(Debug, Serialize, Deserialize)]
struct DomainClaim {
    tenant: String,
    profile_id: String,
}

fn record<'a>(tenant: &TenantId, p: &'a SendingProfile) -> Record<'a, SendingProfile> {
    let r = Record::new(PROFILE, keys::sending_profile(tenant, &p.id), p)
        .with_gsi1(keys::sending_profile_in_list(tenant, &p.id));
    if p.warmup.is_some() {
        r.with_gsi2(keys::warmup_in_index(tenant, &p.id))
    } else {
        r
    }
}

/// Claims `domain` for a profile: false when another profile (here or in another organisation)
/// holds it. A retry of an applied claim finds it taken: the caller's create then fails, and the
/// claim is released by `release_domain`.
pub async fn claim_domain(
    state: &AppState,
    tenant: &TenantId,
    domain: &str,
    profile_id: &str,
) -> Result<bool, StoreError> {
    let claim = DomainClaim {
        tenant: tenant.to_string(),
        profile_id: profile_id.to_owned(),
    };
    match state
        .store
        .put(
            &Record::new(DOMAIN_CLAIM, keys::sending_domain(domain), &claim),
            PutMode::IfAbsent,
        )
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::AlreadyExists | StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Releases a domain claim (idempotent).
pub async fn release_domain(state: &AppState, domain: &str) -> Result<(), StoreError> {
    state
        .store
        .delete(&keys::sending_domain(domain), false)
        .await
}

/// Stores a new profile (create-only).
pub async fn create(
    state: &AppState,
    tenant: &TenantId,
    p: &SendingProfile,
) -> Result<(), StoreError> {
    state.store.put(&record(tenant, p), PutMode::IfAbsent).await
}

/// A profile, if the organisation has it.
pub async fn load(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<SendingProfile>, StoreError> {
    state
        .store
        .get::<SendingProfile>(&keys::sending_profile(tenant, id))
        .await
}

/// Writes a changed profile while it still has version `expected`: false when it changed.
pub async fn put_if_version(
    state: &AppState,
    tenant: &TenantId,
    p: &SendingProfile,
    expected: u64,
) -> Result<bool, StoreError> {
    match state
        .store
        .put(&record(tenant, p), PutMode::IfVersion(expected))
        .await
    {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Deletes a profile while it has the version read, with its domain claim: false when the
/// profile changed meanwhile (nothing deleted). A retry after success finds no profile.
pub async fn delete(
    state: &AppState,
    tenant: &TenantId,
    p: &SendingProfile,
) -> Result<bool, StoreError> {
    let mut ops = vec![TxOp::DeleteIfVersion {
        key: keys::sending_profile(tenant, &p.id),
        version: p.version,
    }];
    if let Some(s) = &p.ses {
        ops.push(TxOp::Delete {
            key: keys::sending_domain(&s.from_domain),
            must_exist: false,
        });
    }
    match state.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(e) if e.failed_action() == Some(0) => Ok(false),
        Err(e) => Err(e),
    }
}
