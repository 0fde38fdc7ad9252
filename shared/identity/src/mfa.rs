//! TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, ±1 step of clock skew) and its
//! recovery codes.
//!
//! The seed is sealed with AES-256-GCM under a key derived from the platform secret, with the user
//! id as associated data, so a copy of the table (or a seed moved onto another user) is useless. A
//! code is accepted once: the matched step is stored and only later steps pass (RFC 6238 §5.2).

pub use access::model::TotpState;
use access::tokens;
use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::{Rng, RngCore};
use totp_rs::{Builder, Totp};

pub const ISSUER: &str = "Enrich";
pub const RECOVERY_CODES: usize = 10;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MfaError {
    #[error("the sealed TOTP seed could not be opened")]
    Unseal,
    #[error("the TOTP parameters were refused: {0}")]
    Totp(String),
}

fn key(seal_key: &[u8]) -> Result<LessSafeKey, MfaError> {
    UnboundKey::new(&AES_256_GCM, seal_key)
        .map(LessSafeKey::new)
        .map_err(|_| MfaError::Unseal)
}

pub fn seal(seal_key: &[u8], user_id: &str, seed: &[u8]) -> Result<String, MfaError> {
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let mut buf = seed.to_vec();
    key(seal_key)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(user_id.as_bytes()),
            &mut buf,
        )
        .map_err(|_| MfaError::Unseal)?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&buf);
    Ok(URL_SAFE_NO_PAD.encode(out))
}

pub fn unseal(seal_key: &[u8], user_id: &str, sealed: &str) -> Result<Vec<u8>, MfaError> {
    let raw = URL_SAFE_NO_PAD
        .decode(sealed)
        .map_err(|_| MfaError::Unseal)?;
    if raw.len() < NONCE_LEN {
        return Err(MfaError::Unseal);
    }
    let (nonce, rest) = raw.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| MfaError::Unseal)?;
    let mut buf = rest.to_vec();
    let plain = key(seal_key)?
        .open_in_place(nonce, Aad::from(user_id.as_bytes()), &mut buf)
        .map_err(|_| MfaError::Unseal)?;
    Ok(plain.to_vec())
}

/// A fresh 160-bit seed (the RFC 4226 recommendation).
pub fn new_seed() -> Vec<u8> {
    let mut seed = vec![0u8; 20];
    rand::rng().fill_bytes(&mut seed);
    seed
}

fn totp(seed: &[u8], account: &str) -> Result<Totp, MfaError> {
    Builder::new()
        .with_secret(seed.to_vec())
        .with_issuer(Some(ISSUER))
        // The otpauth label may not contain ':'; emails never do, but be safe.
        .with_account_name(account.replace(':', ""))
        .build()
        .map_err(|e| MfaError::Totp(e.to_string()))
}

/// What an authenticator app scans: `otpauth://totp/Enrich:<account>?secret=...&issuer=Enrich`.
pub fn otpauth_uri(seed: &[u8], account: &str) -> Result<String, MfaError> {
    totp(seed, account)?
        .to_url()
        .map_err(|e| MfaError::Totp(e.to_string()))
}

/// The base32 seed, for apps where the user types it instead of scanning.
pub fn base32_seed(seed: &[u8]) -> String {
    totp_rs::Secret::from(seed.to_vec()).to_base32()
}

/// The code an authenticator app shows at `unix` seconds.
pub fn code_at(seed: &[u8], unix: u64) -> Option<String> {
    totp(seed, "x").ok().map(|t| t.generate(unix).to_string())
}

/// The step `code` is valid for at `now` (±1 step), if it is later than `last_step`.
pub fn accept(seed: &[u8], code: &str, now: u64, last_step: u64) -> Option<u64> {
    let totp = totp(seed, "x").ok()?;
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let origin = now / 30;
    (origin.saturating_sub(1)..=origin + 1)
        .filter(|step| *step > last_step)
        .find(|step| tokens::hashes_equal(&totp.generate(step * 30).to_string(), code))
}

/// Ten recovery codes `xxxxx-xxxxx` (50 bits each, no look-alike characters) and their hashes.
pub fn recovery_codes() -> (Vec<String>, Vec<String>) {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let mut s: String = (0..10)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                .collect();
            s.insert(5, '-');
            s
        })
        .collect();
    let hashes = codes.iter().map(|c| recovery_hash(c)).collect();
    (codes, hashes)
}

/// Recovery codes compare without case, spaces or the dash.
pub fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    tokens::hash_secret(&normal)
}

/// Removes a matching recovery code; returns whether one matched.
pub fn use_recovery_code(state: &mut TotpState, code: &str) -> bool {
    let hash = recovery_hash(code);
    match state
        .recovery_hashes
        .iter()
        .position(|h| tokens::hashes_equal(h, &hash))
    {
        Some(i) => {
            state.recovery_hashes.remove(i);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 seed "12345678901234567890": T=59 → 94287082 (8 digits), so the
    /// 6-digit code is 287082.
    #[test]
    fn matches_the_rfc_test_vector_and_refuses_replay() {
        let seed = b"12345678901234567890";
        assert_eq!(accept(seed, "287082", 59, 0), Some(1));
        // The same code for a step already used is refused.
        assert_eq!(accept(seed, "287082", 59, 1), None);
        assert_eq!(accept(seed, "287083", 59, 0), None);
        assert_eq!(accept(seed, "28708", 59, 0), None);
        // T=1111111109 → 07081804.
        assert_eq!(accept(seed, "081804", 1_111_111_109, 0), Some(37_037_036));
        assert_eq!(code_at(seed, 59).as_deref(), Some("287082"));
    }

    #[test]
    fn sealed_seeds_open_only_for_their_user_and_key() {
        let k = [7u8; 32];
        let sealed = seal(&k, "usr_a", b"seed-bytes-20-long!!").unwrap();
        assert_eq!(
            unseal(&k, "usr_a", &sealed).unwrap(),
            b"seed-bytes-20-long!!"
        );
        assert_eq!(unseal(&k, "usr_b", &sealed), Err(MfaError::Unseal));
        assert_eq!(unseal(&[8u8; 32], "usr_a", &sealed), Err(MfaError::Unseal));
    }

    #[test]
    fn otpauth_uri_names_issuer_and_account() {
        let uri = otpauth_uri(&new_seed(), "ana@acme.example").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Enrich:ana%40acme.example?"),
            "{uri}"
        );
        assert!(uri.contains("issuer=Enrich"), "{uri}");
    }

    #[test]
    fn recovery_codes_work_once_and_ignore_formatting() {
        let (codes, hashes) = recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut state = TotpState {
            sealed_seed: String::new(),
            confirmed: true,
            last_step: 0,
            recovery_hashes: hashes,
            enrolled_at: String::new(),
        };
        let loud = codes[3].to_uppercase().replace('-', " ");
        assert!(use_recovery_code(&mut state, &loud));
        assert!(!use_recovery_code(&mut state, &codes[3]));
        assert_eq!(state.recovery_hashes.len(), RECOVERY_CODES - 1);
    }
}
