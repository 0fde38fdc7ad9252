//! Opaque secrets (refresh tokens, invitation and reset links) and keys derived from the platform
//! secret: no storage, no AWS, so every crate that mints or checks one shares the same rules.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 random bits, base64url: the secret half of refresh tokens, invitations and reset links.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored for an opaque secret. The secret has 256 bits of entropy, so a fast hash is
/// enough: nobody can brute-force it from a leaked table.
pub fn hash_secret(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

/// Constant-time comparison of two stored-hash strings.
pub fn hashes_equal(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Derives an independent key for one purpose from the platform secret, so keys for different
/// uses (access tokens today, more later) never coincide even though one secret is stored.
pub fn derive_key(master: &[u8], purpose: &str) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(master)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(b"enrich/");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_hashes_compare_in_constant_time() {
        assert!(hashes_equal(&hash_secret("a"), &hash_secret("a")));
        assert!(!hashes_equal(&hash_secret("a"), &hash_secret("b")));
    }

    #[test]
    fn derived_keys_differ_by_purpose() {
        assert_ne!(derive_key(b"master", "a"), derive_key(b"master", "b"));
        assert_eq!(derive_key(b"master", "a").len(), 32);
    }
}
