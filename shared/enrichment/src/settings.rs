//! A tenant's provider settings: which providers run, in what order, under what rate limit and
//! monthly quota, and whether the tenant brought its own key (only its last 4 characters are kept
//! here; the key itself lives in Secrets Manager).

use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use providers::ProviderConfig;
use providers::{Capability, KeySource, ProviderName};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use store::keys;

pub const PROVIDER: &str = "PROVIDER";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProviderSettings {
    pub provider: ProviderName,
    pub active: bool,
    /// Lower runs first in the waterfall.
    pub order: u32,
    /// Calls per minute this organisation allows itself (beyond the provider's own limit).
    pub rate_limit_per_minute: Option<u32>,
    /// Calls that reach the provider per calendar month (UTC); beyond it the provider is skipped.
    pub monthly_quota: Option<u64>,
    /// The last 4 characters of the organisation's own key, when it set one.
    pub credentials_last4: Option<String>,
    pub credentials_updated_at: Option<String>,
    #[serde(default)]
    pub version: u64,
    pub updated_at: Option<String>,
}

impl ProviderSettings {
    /// What a tenant that configured nothing gets: the platform's default order.
    pub fn default_for(provider: ProviderName, config: &ProviderConfig) -> Self {
        let position = config.default_order.iter().position(|p| *p == provider);
        Self {
            provider,
            active: position.is_some(),
            order: position
                .map(|i| (i as u32 + 1) * 10)
                .unwrap_or(1000 + provider as u32),
            rate_limit_per_minute: None,
            monthly_quota: None,
            credentials_last4: None,
            credentials_updated_at: None,
            version: 0,
            updated_at: None,
        }
    }
}

pub fn key(tenant: &TenantId, provider: ProviderName) -> store::Key {
    keys::provider_settings(tenant, provider.as_str())
}

/// Secret id of a tenant's own key for a provider (template.yaml grants exactly this prefix).
pub fn tenant_secret_id(
    config: &ProviderConfig,
    tenant: &TenantId,
    provider: ProviderName,
) -> String {
    format!("{}/{tenant}/{provider}", config.tenant_secret_prefix)
}

/// Every provider's effective settings for one tenant.
#[derive(Debug, Clone)]
pub struct TenantProviders {
    pub tenant: TenantId,
    pub by_name: BTreeMap<ProviderName, ProviderSettings>,
    /// The organisation's retention settings, stored in the same partition (one Query for both).
    pub retention: access::retention::Retention,
    /// The organisation's enrichment policy (same partition).
    pub policy: crate::policy::EnrichmentPolicy,
    /// The provider performance snapshot the strategies choose by (same partition).
    pub estimates: crate::policy::Estimates,
}

/// An item of the settings partition: a provider's settings, or the retention settings.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum SettingsItem {
    Policy(crate::policy::EnrichmentPolicy),
    Estimates(crate::policy::Estimates),
    Retention(access::retention::Retention),
    Provider(Box<ProviderSettings>),
}

impl TenantProviders {
    /// One Query of the tenant's `PROVIDER#` items, defaults for the rest.
    pub async fn load(state: &AppState, tenant: &TenantId) -> Result<Self, ApiError> {
        let codec = state.cursor_codec().await?;
        let stored: Vec<SettingsItem> = state
            .store
            .query_all(tenant, &keys::provider_settings_all(tenant), 100, codec)
            .await?;
        let config = providers::settings(state).await?;
        let mut by_name: BTreeMap<ProviderName, ProviderSettings> = ProviderName::ALL
            .into_iter()
            .map(|p| (p, ProviderSettings::default_for(p, &config)))
            .collect();
        let mut retention = access::retention::Retention::default();
        let mut policy = crate::policy::EnrichmentPolicy::default();
        let mut estimates = crate::policy::Estimates::default();
        for item in stored {
            match item {
                SettingsItem::Policy(p) => policy = p,
                SettingsItem::Estimates(e) => estimates = e,
                SettingsItem::Provider(s) => {
                    by_name.insert(s.provider, *s);
                }
                SettingsItem::Retention(r) => retention = r,
            }
        }
        // A test data space enriches with the sandbox alone, whatever was configured.
        if tenant.is_test() {
            for s in by_name.values_mut() {
                s.active = s.provider == ProviderName::Sandbox;
            }
        }
        Ok(Self {
            tenant: tenant.clone(),
            by_name,
            retention,
            policy,
            estimates,
        })
    }

    pub fn get(&self, provider: ProviderName) -> &ProviderSettings {
        // Every name is present: `load` fills defaults for all of ProviderName::ALL.
        &self.by_name[&provider]
    }

    /// Active providers able to do `capability`, in the tenant's order.
    pub fn order(&self, capability: Capability) -> Vec<ProviderName> {
        let mut list: Vec<&ProviderSettings> = self
            .by_name
            .values()
            .filter(|s| s.active && s.provider.can(capability))
            .collect();
        list.sort_by_key(|s| (s.order, s.provider));
        list.into_iter().map(|s| s.provider).collect()
    }

    pub fn key_source(&self, config: &ProviderConfig, provider: ProviderName) -> KeySource {
        if self.get(provider).credentials_last4.is_some() {
            KeySource::Tenant(tenant_secret_id(config, &self.tenant, provider))
        } else {
            KeySource::Platform
        }
    }
}
