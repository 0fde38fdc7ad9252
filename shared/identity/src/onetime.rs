//! One-time secrets sent by mail: six-digit login codes (OTP) and password-reset tokens.
//!
//! One live secret per user and purpose (a new request replaces the old one). Stored only as an
//! HMAC keyed with a pepper derived from the platform secret: a six-digit code has 20 bits of
//! entropy, so a plain hash in a leaked table would be reversed instantly; with the pepper it cannot
//! be checked without the secret. Each secret allows [`MAX_ATTEMPTS`] wrong guesses, then is burned.
//!
//! Requests for either are rate limited per email address (fixed window, counted whether or not the
//! address has an account, so the limit itself reveals nothing).

use access::model::{now, rfc3339, UserId};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::{keys, Key, StoreError};

pub const ONETIME: &str = "ONETIME";
pub const MAX_ATTEMPTS: u32 = 5;
/// Mail requests allowed per address per window.
pub const MAIL_REQUESTS_PER_WINDOW: u64 = 5;
pub const MAIL_WINDOW_SECS: i64 = 15 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A six-digit code that logs in (`/v1/auth/otp/request`, `/v1/auth/verify-otp`).
    LoginCode,
    /// A 256-bit token that sets a new password (`/v1/auth/password/forgot`, `/reset`).
    PasswordReset,
}

impl Purpose {
    pub fn tag(self) -> &'static str {
        match self {
            Self::LoginCode => "otp",
            Self::PasswordReset => "reset",
        }
    }

    pub fn ttl_secs(self) -> i64 {
        match self {
            Self::LoginCode => 10 * 60,
            Self::PasswordReset => 30 * 60,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OneTimeRecord {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub purpose: String,
    pub secret_hash: String,
    pub created_at: String,
    pub expires_at: i64,
    pub attempts: u32,
    pub version: u64,
}

pub fn key(tenant: &TenantId, user: &UserId, purpose: Purpose) -> Key {
    keys::one_time_secret(tenant, purpose.tag(), user.as_str())
}

/// Six uniformly random digits.
pub fn six_digits() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

fn peppered(pepper: &[u8], user: &UserId, purpose: Purpose, secret: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(pepper)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(purpose.tag().as_bytes());
    mac.update(b"\0");
    mac.update(user.as_str().as_bytes());
    mac.update(b"\0");
    mac.update(secret.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// Stores a new secret for the user (replacing any earlier one) and returns nothing: the caller
/// already holds the plain secret to mail.
pub async fn issue(
    state: &AppState,
    tenant: &TenantId,
    user: &UserId,
    purpose: Purpose,
    secret: &str,
) -> Result<(), ApiError> {
    let pepper = &crate::peppers::keys(state).await?.one_time;
    let at = now();
    let record = OneTimeRecord {
        tenant_id: tenant.clone(),
        user_id: user.clone(),
        purpose: purpose.tag().to_owned(),
        secret_hash: peppered(pepper, user, purpose, secret),
        created_at: rfc3339(at),
        expires_at: at.unix_timestamp() + purpose.ttl_secs(),
        attempts: 0,
        version: 1,
    };
    crate::persist::accounts::put_one_time(state, key(tenant, user, purpose), &record).await?;
    Ok(())
}

/// Checks a presented secret. A match deletes the record (single use); a miss counts an attempt and
/// the fifth miss deletes it. Returns whether it matched.
///
/// Concurrency: the attempt counter is written conditionally on the version and consumption is a
/// conditional delete, so parallel guesses cannot exceed the attempt budget and one secret cannot be
/// used twice.
pub async fn consume(
    state: &AppState,
    tenant: &TenantId,
    user: &UserId,
    purpose: Purpose,
    presented: &str,
) -> Result<bool, ApiError> {
    let pepper = &crate::peppers::keys(state).await?.one_time;
    let key = key(tenant, user, purpose);
    for _ in 0..MAX_ATTEMPTS {
        let Some(mut record) = state.store.get::<OneTimeRecord>(&key).await? else {
            return Ok(false);
        };
        if record.expires_at <= now().unix_timestamp() {
            return Ok(false);
        }
        let matches = access::tokens::hashes_equal(
            &record.secret_hash,
            &peppered(pepper, user, purpose, presented),
        );
        if matches {
            return match state.store.delete_if_version(&key, record.version).await {
                Ok(()) => Ok(true),
                Err(StoreError::ConditionFailed) => continue,
                Err(e) => Err(e.into()),
            };
        }
        record.attempts += 1;
        let write = if record.attempts >= MAX_ATTEMPTS {
            state.store.delete_if_version(&key, record.version).await
        } else {
            let expected = record.version;
            record.version += 1;
            crate::persist::accounts::put_one_time_if_version(state, key.clone(), &record, expected)
                .await
        };
        match write {
            Ok(()) => return Ok(false),
            Err(StoreError::ConditionFailed) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(false)
}

/// Counts one mail request for an address and refuses past the window's allowance. The counter key
/// holds a hash of the address, not the address.
pub async fn limit_mail_requests(
    state: &AppState,
    kind: &str,
    email: &str,
) -> Result<(), ApiError> {
    let now_s = now().unix_timestamp();
    let window = now_s - now_s.rem_euclid(MAIL_WINDOW_SECS);
    let subject = URL_SAFE_NO_PAD.encode(Sha256::digest(email.as_bytes()));
    let count = state
        .store
        .increment(
            &keys::counter(kind, &subject, window),
            window + MAIL_WINDOW_SECS,
        )
        .await?;
    if count > MAIL_REQUESTS_PER_WINDOW {
        return Err(ApiError::TooManyRequests {
            retry_after_secs: u64::try_from(window + MAIL_WINDOW_SECS - now_s).unwrap_or(1),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..200 {
            let c = six_digits();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn hashes_depend_on_pepper_user_and_purpose() {
        let u = UserId::new();
        let v = UserId::new();
        let a = peppered(b"pepper-one", &u, Purpose::LoginCode, "123456");
        assert_eq!(a, peppered(b"pepper-one", &u, Purpose::LoginCode, "123456"));
        assert_ne!(a, peppered(b"pepper-two", &u, Purpose::LoginCode, "123456"));
        assert_ne!(a, peppered(b"pepper-one", &v, Purpose::LoginCode, "123456"));
        assert_ne!(
            a,
            peppered(b"pepper-one", &u, Purpose::PasswordReset, "123456")
        );
    }
}
