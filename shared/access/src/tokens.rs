//! Access tokens (HS256 JWTs) and the opaque secrets behind refresh tokens, invitations and resets.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "https://enrich.dev";
pub const AUDIENCE: &str = "enrich-api";
/// OAuth2 client-credentials tokens name another audience, so a client token is never read as a
/// user's and the reverse.
pub const CLIENT_AUDIENCE: &str = "enrich-partner";
/// Client tokens live 1 hour (RFC 6749 `expires_in`).
pub const CLIENT_TOKEN_TTL_SECS: i64 = 3600;
/// Access tokens live 30 minutes: short enough that a leaked one expires soon, long enough that a
/// client refreshes a few times an hour.
pub const ACCESS_TTL_SECS: i64 = 30 * 60;
/// Clock skew tolerated on exp/nbf between Lambda hosts.
const LEEWAY_SECS: u64 = 5;

/// The claims every access token carries; all are checked on every request.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    pub tenant: String,
    pub role: String,
    /// The session (refresh family) the token was issued in; revoking it revokes the token.
    pub sid: String,
    pub jti: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("the token is malformed")]
    Malformed,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid")]
    Invalid,
}

/// Signs and verifies access tokens with a key derived from the platform secret. The algorithm is
/// pinned to HS256: a token whose header names another algorithm (`none` included) is refused.
pub struct TokenSigner {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    client_validation: Validation,
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSigner(..)")
    }
}

impl TokenSigner {
    pub fn new(key: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        let mut client_validation = validation.clone();
        client_validation.set_audience(&[CLIENT_AUDIENCE]);
        Self {
            encoding: EncodingKey::from_secret(key),
            decoding: DecodingKey::from_secret(key),
            validation,
            client_validation,
        }
    }

    pub fn issue(&self, claims: &AccessClaims) -> Result<String, TokenError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|_| TokenError::Invalid)
    }

    pub fn issue_client(
        &self,
        claims: &crate::partner::ClientClaims,
    ) -> Result<String, TokenError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|_| TokenError::Invalid)
    }

    /// Verifies an OAuth2 client token (its own audience; same key, algorithm and checks).
    pub fn verify_client(&self, token: &str) -> Result<crate::partner::ClientClaims, TokenError> {
        jsonwebtoken::decode::<crate::partner::ClientClaims>(
            token,
            &self.decoding,
            &self.client_validation,
        )
        .map(|data| data.claims)
        .map_err(|_| TokenError::Invalid)
    }

    pub fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        use jsonwebtoken::errors::ErrorKind;
        jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                ErrorKind::InvalidToken
                | ErrorKind::Base64(_)
                | ErrorKind::Json(_)
                | ErrorKind::Utf8(_) => TokenError::Malformed,
                _ => TokenError::Invalid,
            })
    }
}

pub use kernel::secret::{derive_key, hash_secret, hashes_equal, random_secret};

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    fn claims(now: i64) -> AccessClaims {
        AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: "usr_1".into(),
            tenant: "ten_1".into(),
            role: "owner".into(),
            sid: "ses_1".into(),
            jti: "jti_1".into(),
            iat: now,
            nbf: now,
            exp: now + ACCESS_TTL_SECS,
        }
    }

    fn now() -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }

    #[test]
    fn round_trip_and_every_tampering_refused() {
        let signer = TokenSigner::new(b"k1-k1-k1-k1-k1-k1-k1-k1-k1-k1-k1");
        let token = signer.issue(&claims(now())).unwrap();
        assert_eq!(signer.verify(&token).unwrap(), claims_at(&token));

        let other = TokenSigner::new(b"k2-k2-k2-k2-k2-k2-k2-k2-k2-k2-k2");
        assert_eq!(other.verify(&token), Err(TokenError::Invalid), "wrong key");

        let mut expired = claims(now() - 3600);
        expired.exp = now() - 60;
        let t = signer.issue(&expired).unwrap();
        assert_eq!(signer.verify(&t), Err(TokenError::Expired));

        let mut aud = claims(now());
        aud.aud = "someone-else".into();
        assert!(signer.verify(&signer.issue(&aud).unwrap()).is_err());

        let mut future = claims(now());
        future.nbf = now() + 3600;
        assert!(signer.verify(&signer.issue(&future).unwrap()).is_err());

        // alg "none": header {"alg":"none"} with the same payload and no signature.
        let parts: Vec<&str> = token.split('.').collect();
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
            parts[1]
        );
        assert!(signer.verify(&none).is_err());

        // A payload edited to another tenant keeps the old signature.
        let mut payload: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        payload["tenant"] = "ten_2".into();
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(payload.to_string()),
            parts[2]
        );
        assert_eq!(signer.verify(&forged), Err(TokenError::Invalid));
        assert_eq!(signer.verify("garbage"), Err(TokenError::Malformed));
    }

    fn claims_at(token: &str) -> AccessClaims {
        let payload = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    }
}
