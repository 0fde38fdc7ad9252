//! Keys of the sign-in secrets, derived from the platform secret, one per purpose.

use access::tokens::derive_key;
use kernel::error::ApiError;
use platform::AppState;
use std::sync::Arc;

pub struct IdentityKeys {
    /// Peppers one-time codes and reset secrets before they are hashed and stored.
    pub one_time: Vec<u8>,
    /// Seals TOTP seeds (AES-256-GCM) so a copy of the table alone does not yield them.
    pub totp_seal: Vec<u8>,
}

/// The container's identity keys (built on first use).
pub async fn keys(state: &AppState) -> Result<Arc<IdentityKeys>, ApiError> {
    state
        .part(|| async {
            let platform = state.keys().await?;
            Ok(IdentityKeys {
                one_time: derive_key(platform.master(), "one-time-code/v1"),
                totp_seal: derive_key(platform.master(), "totp-seal/v1"),
            })
        })
        .await
}
