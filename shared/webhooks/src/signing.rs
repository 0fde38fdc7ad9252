//! Signatures receivers can verify, two schemes over the exact bytes sent:
//! - the seed's (Stripe's format): `X-Webhook-Signature: t=<unix>,v1=<hex>`, the hex being
//!   HMAC-SHA256 keyed with the secret exactly as shown (`whsec_…`) over `"<t>.<raw body>"`;
//! - Standard Webhooks (Svix): `webhook-signature: v1,<base64>`, HMAC-SHA256 keyed with the
//!   base64-decoded part of the secret over `"<webhook-id>.<t>.<raw body>"`.
//!
//! While a secret is being rotated both the new and the previous secret sign, so each header
//! carries two signatures and a receiver holding either verifies.

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

pub const SECRET_PREFIX: &str = "whsec_";

/// How far a receiver should let a timestamp drift (Stripe's and Standard Webhooks' default).
pub const TOLERANCE_SECS: i64 = 300;

/// A new signing secret: `whsec_` and 24 random bytes in standard base64 (32 characters, no
/// padding), the form Standard Webhooks libraries decode.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "{SECRET_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// The Standard Webhooks key of a secret: its base64 part decoded (secrets issued before the
/// standard form were URL-safe base64; those decode too). A secret that is not base64 at all is
/// used as bytes.
fn standard_key(secret: &str) -> Vec<u8> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    let b64 = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
    STANDARD
        .decode(b64)
        .or_else(|_| URL_SAFE_NO_PAD.decode(b64))
        .unwrap_or_else(|_| b64.as_bytes().to_vec())
}

/// The `webhook-signature` value: `v1,<base64>` per secret, space-separated, current first.
pub fn standard_signature(secrets: &[&str], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .map(|s| {
            let mut mac = match HmacSha256::new_from_slice(&standard_key(s)) {
                Ok(m) => m,
                Err(_) => unreachable!("HMAC accepts every key length"),
            };
            mac.update(id.as_bytes());
            mac.update(b".");
            mac.update(timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(body);
            format!(
                "v1,{}",
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts every key length"),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The hex HMAC of `"<timestamp>.<body>"` under one secret.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    hex(&mac(secret, timestamp, body).finalize().into_bytes())
}

/// The header value: `t=<timestamp>` and one `v1=` per secret, current first.
pub fn signature_header(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    let mut out = format!("t={timestamp}");
    for s in secrets {
        out.push_str(",v1=");
        out.push_str(&sign(s, timestamp, body));
    }
    out
}

/// What a receiver does: some `v1=` matches (compared in constant time) and `t` is within
/// `tolerance` seconds of `now`.
pub fn verify(secret: &str, header: &str, body: &[u8], now: i64, tolerance: i64) -> bool {
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => timestamp = v.parse::<i64>().ok(),
            Some(("v1", v)) => candidates.push(v.to_owned()),
            _ => {}
        }
    }
    let Some(t) = timestamp else { return false };
    if (now - t).abs() > tolerance {
        return false;
    }
    candidates.iter().any(|c| match unhex(c) {
        Some(bytes) => mac(secret, t, body).verify_slice(&bytes).is_ok(),
        None => false,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_with_its_secret_only_and_within_tolerance() {
        let secret = new_secret();
        assert!(secret.starts_with(SECRET_PREFIX) && secret.len() == 38);
        let body = br#"{"event":"job.completed"}"#;
        let header = signature_header(&[&secret], 1_700_000_000, body);
        assert!(verify(
            &secret,
            &header,
            body,
            1_700_000_100,
            TOLERANCE_SECS
        ));
        assert!(!verify(
            &new_secret(),
            &header,
            body,
            1_700_000_100,
            TOLERANCE_SECS
        ));
        assert!(!verify(
            &secret,
            &header,
            b"{}",
            1_700_000_100,
            TOLERANCE_SECS
        ));
        assert!(!verify(
            &secret,
            &header,
            body,
            1_700_000_400,
            TOLERANCE_SECS
        ));
    }

    #[test]
    fn known_vector_and_rotation() {
        // HMAC-SHA256("whsec_test", "1.{}") computed independently (Python hmac).
        assert_eq!(
            sign("whsec_test", 1, b"{}"),
            "7500d5d4be4b3ef07af1fe56f7d522d135cdaa7530de557e67cc1049c52de094"
        );
        let (old, new) = (new_secret(), new_secret());
        let header = signature_header(&[&new, &old], 5, b"x");
        assert_eq!(header.matches("v1=").count(), 2);
        assert!(verify(&old, &header, b"x", 5, 0));
        assert!(verify(&new, &header, b"x", 5, 0));
    }

    #[test]
    fn standard_webhooks_vector() {
        // The example of the Standard Webhooks specification (svix test vector).
        let sig = standard_signature(
            &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        let new = new_secret();
        assert_eq!(new.len(), "whsec_".len() + 32);
        assert_eq!(
            standard_signature(&[&new, &new], "m", 1, b"")
                .matches("v1,")
                .count(),
            2
        );
    }
}
