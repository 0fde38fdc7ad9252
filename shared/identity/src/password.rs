//! Password policy and argon2id hashing.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

pub const MIN_LENGTH: usize = 12;
/// argon2 cost grows with input length only a little, but an unbounded body is still a DoS lever.
pub const MAX_LENGTH: usize = 128;

const COMMON: &str = include_str!("../data/common-passwords.txt");

/// Why a password is refused; the message is shown to the user under the `password` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyViolation {
    TooShort,
    TooLong,
    SameAsEmail,
    Common,
}

impl PolicyViolation {
    pub fn code(self) -> &'static str {
        match self {
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::SameAsEmail => "contains_email",
            Self::Common => "too_common",
        }
    }

    pub fn message(self) -> String {
        match self {
            Self::TooShort => format!("use at least {MIN_LENGTH} characters"),
            Self::TooLong => format!("use at most {MAX_LENGTH} characters"),
            Self::SameAsEmail => "the password must not be or contain your email address".into(),
            Self::Common => "this password is too common; choose another".into(),
        }
    }
}

/// Checks the policy: length 12..=128 (in characters), not the email (or its local part), not in the
/// common-password list, not a single repeated character.
pub fn check_policy(password: &str, email: &str) -> Result<(), PolicyViolation> {
    let chars = password.chars().count();
    if chars < MIN_LENGTH {
        return Err(PolicyViolation::TooShort);
    }
    if chars > MAX_LENGTH {
        return Err(PolicyViolation::TooLong);
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if lower == email || (local.len() >= 4 && lower.contains(local)) {
        return Err(PolicyViolation::SameAsEmail);
    }
    let distinct: std::collections::HashSet<char> = lower.chars().collect();
    if distinct.len() <= 2
        || COMMON
            .lines()
            .filter(|l| !l.starts_with('#'))
            .any(|c| c == lower)
    {
        return Err(PolicyViolation::Common);
    }
    Ok(())
}

/// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~20 ms on a Lambda vCPU, and memory-hard.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed")]
pub struct HashError;

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), which carries its own parameters so
/// they can be raised later without breaking stored hashes.
pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| HashError)
}

/// Constant-time verification (inside argon2). A malformed stored hash verifies as false.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Burns the same time as a real verification, for logins whose email matches no account, so the
/// response time does not reveal whether an account exists.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("dummy-password-for-timing").unwrap_or_default());
    let _ = verify(password, phc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_names_each_rule() {
        let email = "ana.souza@example.com";
        assert_eq!(check_policy("short", email), Err(PolicyViolation::TooShort));
        assert_eq!(
            check_policy(&"x1".repeat(70), email),
            Err(PolicyViolation::TooLong)
        );
        assert_eq!(
            check_policy("ANA.SOUZA@example.com", email),
            Err(PolicyViolation::SameAsEmail)
        );
        assert_eq!(
            check_policy("my-ana.souza-pass", email),
            Err(PolicyViolation::SameAsEmail)
        );
        assert_eq!(
            check_policy("Password1234", email),
            Err(PolicyViolation::Common)
        );
        assert_eq!(
            check_policy("aaaaaaaaaaaaaaa", email),
            Err(PolicyViolation::Common)
        );
        assert_eq!(check_policy("correct horse battery", email), Ok(()));
    }

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse battery", &a));
        assert!(!verify("correct horse batterY", &a));
        assert!(!verify("anything", "not-a-phc-string"));
    }
}
