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

/// A payload signed with `key`: `base64url(payload) . base64url(HMAC-SHA256)`. For links that are
/// their own credential (unsubscribe links in mail), so nothing needs storing to check them.
pub fn seal(key: &[u8], payload: &[u8]) -> String {
    let body = URL_SAFE_NO_PAD.encode(payload);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(body.as_bytes());
    format!(
        "{body}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// The payload of a [`seal`]ed token when its signature holds under `key` (checked in constant
/// time); `None` for anything malformed or forged.
pub fn open(key: &[u8], token: &str) -> Option<Vec<u8>> {
    let (body, sig) = token.split_once('.')?;
    let sig = URL_SAFE_NO_PAD.decode(sig).ok()?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(body.as_bytes());
    mac.verify_slice(&sig).ok()?;
    URL_SAFE_NO_PAD.decode(body).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sealed_payloads_open_only_under_their_key_and_unaltered() {
        let t = seal(b"k1", b"{\"u\":1}");
        assert_eq!(open(b"k1", &t).as_deref(), Some(&b"{\"u\":1}"[..]));
        assert_eq!(open(b"k2", &t), None);
        let forged = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(b"{\"u\":2}"),
            t.split_once('.').unwrap().1
        );
        assert_eq!(open(b"k1", &forged), None);
        assert_eq!(open(b"k1", "garbage"), None);
    }

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
