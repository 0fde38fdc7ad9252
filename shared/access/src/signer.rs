//! The access-token signer, keyed from the platform secret (derived for this one purpose).

use crate::tokens::{derive_key, TokenSigner};
use kernel::error::ApiError;
use platform::AppState;
use std::sync::Arc;

/// Keys of the access tokens; built once per container on first use.
pub struct AccessKeys {
    pub tokens: TokenSigner,
}

/// The container's access keys (one GetSecretValue, the first time any request needs a key).
pub async fn keys(state: &AppState) -> Result<Arc<AccessKeys>, ApiError> {
    state
        .part(|| async {
            let platform = state.keys().await?;
            Ok(AccessKeys {
                tokens: TokenSigner::new(&derive_key(platform.master(), "access-token/v1")),
            })
        })
        .await
}
