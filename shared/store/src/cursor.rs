//! Opaque, tamper-evident pagination cursors.
//!
//! A cursor carries DynamoDB's `LastEvaluatedKey`, bound to the tenant and the list it came from, and
//! signed with HMAC-SHA256. A forged or edited cursor, one from another tenant, or one from another
//! list fails verification and becomes a 400 on `cursor`; it never reaches DynamoDB.

use aws_sdk_dynamodb::types::AttributeValue;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::{BTreeMap, HashMap};
use thiserror::Error;

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CursorError {
    #[error("the cursor is not one this API issued")]
    Invalid,
    #[error("a key attribute is not a string")]
    UnsupportedKey,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    /// tenant
    t: String,
    /// scope: which list (and filter) the cursor belongs to
    s: String,
    /// LastEvaluatedKey; every key attribute of the table is a string
    k: BTreeMap<String, String>,
}

/// Signs and verifies cursors with a key derived from the platform secret.
#[derive(Clone)]
pub struct CursorCodec {
    key: Vec<u8>,
}

impl std::fmt::Debug for CursorCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorCodec(..)")
    }
}

impl CursorCodec {
    /// Domain-separates the cursor key from other uses of the same platform secret.
    pub fn from_secret(secret: &[u8]) -> Self {
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
        mac.update(b"enrich/cursor/v1");
        Self {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    pub fn encode(
        &self,
        tenant: &str,
        scope: &str,
        last_key: &HashMap<String, AttributeValue>,
    ) -> Result<String, CursorError> {
        let k = last_key
            .iter()
            .map(|(name, v)| match v {
                AttributeValue::S(s) => Ok((name.clone(), s.clone())),
                _ => Err(CursorError::UnsupportedKey),
            })
            .collect::<Result<BTreeMap<_, _>, _>>()?;
        let payload = Payload {
            t: tenant.to_owned(),
            s: scope.to_owned(),
            k,
        };
        let json = serde_json::to_vec(&payload).map_err(|_| CursorError::UnsupportedKey)?;
        let body = URL_SAFE_NO_PAD.encode(json);
        let sig = URL_SAFE_NO_PAD.encode(self.mac(body.as_bytes()).finalize().into_bytes());
        Ok(format!("{body}.{sig}"))
    }

    pub fn decode(
        &self,
        tenant: &str,
        scope: &str,
        token: &str,
    ) -> Result<HashMap<String, AttributeValue>, CursorError> {
        let (body, sig) = token.split_once('.').ok_or(CursorError::Invalid)?;
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .map_err(|_| CursorError::Invalid)?;
        // verify_slice compares in constant time.
        self.mac(body.as_bytes())
            .verify_slice(&sig)
            .map_err(|_| CursorError::Invalid)?;
        let json = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| CursorError::Invalid)?;
        let payload: Payload = serde_json::from_slice(&json).map_err(|_| CursorError::Invalid)?;
        if payload.t != tenant || payload.s != scope {
            return Err(CursorError::Invalid);
        }
        Ok(payload
            .k
            .into_iter()
            .map(|(k, v)| (k, AttributeValue::S(v)))
            .collect())
    }

    /// A cursor for a list paged by position rather than by key (a list sorted in memory).
    pub fn encode_offset(
        &self,
        tenant: &str,
        scope: &str,
        offset: usize,
    ) -> Result<String, CursorError> {
        let key = HashMap::from([("o".to_owned(), AttributeValue::S(offset.to_string()))]);
        self.encode(tenant, scope, &key)
    }

    /// The position an `encode_offset` cursor holds.
    pub fn decode_offset(
        &self,
        tenant: &str,
        scope: &str,
        token: &str,
    ) -> Result<usize, CursorError> {
        match self.decode(tenant, scope, token)?.get("o") {
            Some(AttributeValue::S(o)) => o.parse().map_err(|_| CursorError::Invalid),
            _ => Err(CursorError::Invalid),
        }
    }

    /// A cursor that carries named text fields rather than a table key (a provider's own page
    /// token, say), with the same binding to tenant and scope.
    pub fn encode_fields(
        &self,
        tenant: &str,
        scope: &str,
        fields: &[(&str, &str)],
    ) -> Result<String, CursorError> {
        let key = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), AttributeValue::S((*v).to_owned())))
            .collect();
        self.encode(tenant, scope, &key)
    }

    /// The fields an `encode_fields` cursor holds.
    pub fn decode_fields(
        &self,
        tenant: &str,
        scope: &str,
        token: &str,
    ) -> Result<BTreeMap<String, String>, CursorError> {
        self.decode(tenant, scope, token)?
            .into_iter()
            .map(|(k, v)| match v {
                AttributeValue::S(s) => Ok((k, s)),
                _ => Err(CursorError::Invalid),
            })
            .collect()
    }

    fn mac(&self, data: &[u8]) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.key).expect("HMAC accepts keys of any length");
        mac.update(data);
        mac
    }
}

/// A short digest of a list's filters for its cursor scope, so a cursor issued for one filtered list
/// is refused by another (the scope is signed into the cursor).
pub fn digest(text: &str) -> String {
    use sha2::Digest;
    let d = Sha256::digest(text.as_bytes());
    URL_SAFE_NO_PAD.encode(&d[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lek() -> HashMap<String, AttributeValue> {
        HashMap::from([
            ("PK".to_owned(), AttributeValue::S("tenant-a".into())),
            ("SK".to_owned(), AttributeValue::S("user-1".into())),
        ])
    }

    #[test]
    fn round_trips_for_the_same_tenant_and_scope() {
        let codec = CursorCodec::from_secret(b"secret");
        let token = codec.encode("ten_a", "users", &lek()).unwrap();
        assert_eq!(codec.decode("ten_a", "users", &token).unwrap(), lek());
    }

    #[test]
    fn rejects_other_tenant_scope_key_and_edits() {
        let codec = CursorCodec::from_secret(b"secret");
        let token = codec.encode("ten_a", "users", &lek()).unwrap();
        assert_eq!(
            codec.decode("ten_b", "users", &token),
            Err(CursorError::Invalid)
        );
        assert_eq!(
            codec.decode("ten_a", "people", &token),
            Err(CursorError::Invalid)
        );
        let other = CursorCodec::from_secret(b"other");
        assert_eq!(
            other.decode("ten_a", "users", &token),
            Err(CursorError::Invalid)
        );

        // Re-encode a payload pointing at another tenant's partition, keeping the old signature.
        let (_, sig) = token.split_once('.').unwrap();
        let forged_body = URL_SAFE_NO_PAD
            .encode(br#"{"t":"ten_a","s":"users","k":{"PK":"tenant-b","SK":"user-1"}}"#);
        assert_eq!(
            codec.decode("ten_a", "users", &format!("{forged_body}.{sig}")),
            Err(CursorError::Invalid)
        );
        for junk in ["", ".", "abc", "a.b.c", "%%%.%%%"] {
            assert_eq!(
                codec.decode("ten_a", "users", junk),
                Err(CursorError::Invalid)
            );
        }
    }
}
