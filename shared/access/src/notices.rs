//! Notice mails a user opts into (`notifications.job_finished`, `notifications.weekly_digest`):
//! which setting each obeys, and the unsubscribe link each carries.
//!
//! The link is its own credential (it works without login, from any mail client): a token naming
//! the organisation, the user and the notice, signed with a key derived from the platform secret
//! and checked in constant time ([`kernel::secret::seal`]). It can only switch one notice off for
//! the user it names, so a leaked link does no more than that.

use crate::model::NotificationSettings;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use serde::{Deserialize, Serialize};

/// A kind of notice mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// A bulk job the user submitted ended (completed or failed).
    JobFinished,
    /// The organisation's week: enrichments, credits, jobs, campaigns.
    WeeklyDigest,
}

impl Notice {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::JobFinished => "job_finished",
            Self::WeeklyDigest => "weekly_digest",
        }
    }
}

impl NotificationSettings {
    /// Whether the user wants this notice: mail notifications on, and this one.
    pub fn wants(&self, notice: Notice) -> bool {
        self.email
            && match notice {
                Notice::JobFinished => self.job_finished,
                Notice::WeeklyDigest => self.weekly_digest,
            }
    }

    /// Switches one notice off.
    pub fn opt_out(&mut self, notice: Notice) {
        match notice {
            Notice::JobFinished => self.job_finished = false,
            Notice::WeeklyDigest => self.weekly_digest = false,
        }
    }
}

/// What an unsubscribe token says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unsubscribe {
    #[serde(rename = "t")]
    pub tenant: TenantId,
    #[serde(rename = "u")]
    pub user_id: String,
    #[serde(rename = "n")]
    pub notice: Notice,
}

async fn key(state: &AppState) -> Result<Vec<u8>, ApiError> {
    let platform = state.keys().await?;
    Ok(kernel::secret::derive_key(
        platform.master(),
        "notice-unsubscribe",
    ))
}

/// The token of an unsubscribe link.
pub async fn token(state: &AppState, u: &Unsubscribe) -> Result<String, ApiError> {
    let payload = serde_json::to_vec(u).map_err(ApiError::internal)?;
    Ok(kernel::secret::seal(&key(state).await?, &payload))
}

/// Reads a token; `None` when it is malformed or forged.
pub async fn read_token(state: &AppState, token: &str) -> Result<Option<Unsubscribe>, ApiError> {
    Ok(kernel::secret::open(&key(state).await?, token)
        .and_then(|payload| serde_json::from_slice(&payload).ok()))
}

/// The unsubscribe link of a notice mail (under the API's public address, `PUBLIC_API_URL`).
pub async fn unsubscribe_url(
    state: &AppState,
    tenant: &TenantId,
    user_id: &str,
    notice: Notice,
) -> Result<String, ApiError> {
    let token = token(
        state,
        &Unsubscribe {
            tenant: tenant.clone(),
            user_id: user_id.to_owned(),
            notice,
        },
    )
    .await?;
    Ok(format!(
        "{}/v1/notifications/unsubscribe/{token}",
        state.public_api_url()
    ))
}
