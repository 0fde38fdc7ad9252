//! Amazon SNS messages (an SES identity's or configuration set's topic, subscribed to
//! `/v1/inbound/ses`): the signature of each message is checked against the certificate SNS names,
//! and the certificate and the subscribe URL are only ever fetched from SNS itself.
//!
//! Why each check:
//! - the URL token says which organisation; anyone holding it could point a topic of their own
//!   at the URL, so the topic must also be one the organisation registered;
//! - the signature (`SignatureVersion` 1: SHA1, 2: SHA256, RSA PKCS#1) proves SNS sent the message
//!   for that topic; the certificate is fetched only over https from `sns.<the topic's
//!   region>.amazonaws.com` (no redirect), so a forged `SigningCertURL` cannot make the platform
//!   trust a key of the forger's, nor call an internal address;
//! - SNS redelivers: the events inside are idempotent per event (their ids come from the SES
//!   message and recipient), so a redelivered notification counts once.

use aws_lc_rs::signature as sig;
use base64::Engine;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{alg_id, AlgorithmIdentifier, CertificateDer, InvalidSignature};
use rustls_pki_types::{FipsStatus, SignatureVerificationAlgorithm};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use url::Url;

/// The variable naming one more origin certificates and subscribe URLs may come from: the local
/// stack's fake SNS. Never set in template.yaml's functions for AWS (its parameter is empty).
pub const TRUSTED_ORIGIN_VAR: &str = "SNS_TRUSTED_ORIGIN";
/// Largest certificate read.
const MAX_CERT_BYTES: usize = 16 * 1024;
/// Certificates kept in memory (SNS rotates them rarely; one per region is the usual count).
const MAX_CACHED: usize = 16;

/// An SNS message as posted to an HTTPS subscription.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnsMessage {
    /// `Notification`, `SubscriptionConfirmation` or `UnsubscribeConfirmation`.
    #[serde(rename = "Type")]
    pub kind: String,
    pub message_id: String,
    pub topic_arn: String,
    pub message: String,
    pub timestamp: String,
    pub signature_version: String,
    pub signature: String,
    #[serde(rename = "SigningCertURL")]
    pub signing_cert_url: String,
    pub subject: Option<String>,
    pub token: Option<String>,
    #[serde(rename = "SubscribeURL")]
    pub subscribe_url: Option<String>,
}

/// Why a message was not accepted as SNS's.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SnsError {
    #[error("{0} is not an SNS address")]
    UntrustedUrl(&'static str),
    #[error("TopicArn is not an SNS topic ARN")]
    Topic,
    #[error("SignatureVersion must be 1 or 2")]
    Version,
    #[error("the signing certificate could not be fetched or read")]
    Certificate,
    #[error("the signature does not match the message")]
    Signature,
    #[error("the message type is not one SNS sends")]
    Kind,
    #[error("the subscription could not be confirmed")]
    Confirm,
}

/// Where certificates and subscribe URLs may come from.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    extra_origin: Option<Url>,
}

impl Trust {
    pub fn from_config(config: &platform::config::Config) -> Self {
        Self {
            extra_origin: config
                .var(TRUSTED_ORIGIN_VAR)
                .filter(|v| !v.trim().is_empty())
                .and_then(|v| Url::parse(v).ok()),
        }
    }

    /// Whether `raw` is an SNS address of the topic's region (or the configured local origin).
    fn allows(&self, raw: &str, region: &str) -> Option<Url> {
        let url = Url::parse(raw).ok()?;
        if let Some(o) = &self.extra_origin {
            if url.origin() == o.origin() {
                return Some(url);
            }
        }
        let host = url.host_str()?;
        let ok = url.scheme() == "https"
            && url.port().is_none()
            && url.username().is_empty()
            && url.password().is_none()
            && (host == format!("sns.{region}.amazonaws.com")
                || host == format!("sns.{region}.amazonaws.com.cn"));
        ok.then_some(url)
    }
}

/// The region of an SNS topic ARN (`arn:<partition>:sns:<region>:<account>:<name>`).
pub fn topic_region(arn: &str) -> Option<&str> {
    let parts: Vec<&str> = arn.split(':').collect();
    let valid = parts.len() == 6
        && parts[0] == "arn"
        && matches!(parts[1], "aws" | "aws-cn" | "aws-us-gov")
        && parts[2] == "sns"
        && !parts[3].is_empty()
        && parts[3]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && !parts[5].is_empty()
        && parts[5].len() <= 256
        && parts[5]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    // Not `then_some`: its argument is evaluated first, and a short ARN has no `parts[3]`.
    if valid {
        parts.get(3).copied()
    } else {
        None
    }
}

/// The text SNS signs: the message's fields in this order, each as `Name\nvalue\n`.
pub fn string_to_sign(m: &SnsMessage) -> Result<String, SnsError> {
    let fields: Vec<(&str, Option<&str>)> = match m.kind.as_str() {
        "Notification" => vec![
            ("Message", Some(&m.message)),
            ("MessageId", Some(&m.message_id)),
            ("Subject", m.subject.as_deref()),
            ("Timestamp", Some(&m.timestamp)),
            ("TopicArn", Some(&m.topic_arn)),
            ("Type", Some(&m.kind)),
        ],
        "SubscriptionConfirmation" | "UnsubscribeConfirmation" => vec![
            ("Message", Some(&m.message)),
            ("MessageId", Some(&m.message_id)),
            ("SubscribeURL", m.subscribe_url.as_deref()),
            ("Timestamp", Some(&m.timestamp)),
            ("Token", m.token.as_deref()),
            ("TopicArn", Some(&m.topic_arn)),
            ("Type", Some(&m.kind)),
        ],
        _ => return Err(SnsError::Kind),
    };
    Ok(fields
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}\n{v}\n")))
        .collect())
}

/// RSA PKCS#1 with SHA1 (SNS's `SignatureVersion` 1), which webpki does not offer for
/// certificates; aws-lc keeps it for legacy verification.
#[derive(Debug)]
struct RsaSha1;

impl SignatureVerificationAlgorithm for RsaSha1 {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        sig::UnparsedPublicKey::new(
            &sig::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
            public_key,
        )
        .verify(message, signature)
        .map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::RSA_ENCRYPTION
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::RSA_PKCS1_SHA256
    }

    fn fips_status(&self) -> FipsStatus {
        FipsStatus::Unvalidated
    }
}

/// Checks `signature` (base64) over `text` with the certificate `pem`.
pub fn verify_with(pem: &[u8], version: &str, text: &str, signature: &str) -> Result<(), SnsError> {
    let alg: &dyn SignatureVerificationAlgorithm = match version {
        "1" => &RsaSha1,
        "2" => webpki::aws_lc_rs::RSA_PKCS1_2048_8192_SHA256,
        _ => return Err(SnsError::Version),
    };
    let der = CertificateDer::from_pem_slice(pem).map_err(|_| SnsError::Certificate)?;
    let cert = webpki::EndEntityCert::try_from(&der).map_err(|_| SnsError::Certificate)?;
    let signature = base64::engine::general_purpose::STANDARD
        .decode(signature.trim())
        .map_err(|_| SnsError::Signature)?;
    cert.verify_signature(alg, text.as_bytes(), &signature)
        .map_err(|_| SnsError::Signature)
}

fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default()
    })
}

fn cache() -> &'static Mutex<HashMap<String, Vec<u8>>> {
    static CERTS: OnceLock<Mutex<HashMap<String, Vec<u8>>>> = OnceLock::new();
    CERTS.get_or_init(|| Mutex::new(HashMap::new()))
}

async fn certificate(url: &Url) -> Result<Vec<u8>, SnsError> {
    if let Some(pem) = cache()
        .lock()
        .ok()
        .and_then(|c| c.get(url.as_str()).cloned())
    {
        return Ok(pem);
    }
    let resp = client()
        .get(url.clone())
        .send()
        .await
        .map_err(|_| SnsError::Certificate)?;
    if !resp.status().is_success() || resp.content_length().unwrap_or(0) > MAX_CERT_BYTES as u64 {
        return Err(SnsError::Certificate);
    }
    let pem = resp.bytes().await.map_err(|_| SnsError::Certificate)?;
    if pem.len() > MAX_CERT_BYTES {
        return Err(SnsError::Certificate);
    }
    if let Ok(mut c) = cache().lock() {
        if c.len() >= MAX_CACHED {
            c.clear();
        }
        c.insert(url.to_string(), pem.to_vec());
    }
    Ok(pem.to_vec())
}

/// Verifies that SNS sent `m`: the topic's form, the certificate's address, the signature.
pub async fn verify(trust: &Trust, m: &SnsMessage) -> Result<(), SnsError> {
    let region = topic_region(&m.topic_arn).ok_or(SnsError::Topic)?;
    let text = string_to_sign(m)?;
    let url = trust
        .allows(&m.signing_cert_url, region)
        .filter(|u| u.path().ends_with(".pem"))
        .ok_or(SnsError::UntrustedUrl("SigningCertURL"))?;
    let pem = certificate(&url).await?;
    verify_with(&pem, &m.signature_version, &text, &m.signature)
}

/// Confirms a subscription by visiting its `SubscribeURL` (only an SNS address of the topic's
/// region). Call after [`verify`].
pub async fn confirm(trust: &Trust, m: &SnsMessage) -> Result<(), SnsError> {
    let region = topic_region(&m.topic_arn).ok_or(SnsError::Topic)?;
    let url = m
        .subscribe_url
        .as_deref()
        .and_then(|u| trust.allows(u, region))
        .ok_or(SnsError::UntrustedUrl("SubscribeURL"))?;
    let resp = client()
        .get(url)
        .send()
        .await
        .map_err(|_| SnsError::Confirm)?;
    if resp.status().is_success() {
        Ok(())
    } else {
        Err(SnsError::Confirm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(kind: &str) -> SnsMessage {
        SnsMessage {
            kind: kind.into(),
            message_id: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324".into(),
            topic_arn: "arn:aws:sns:us-west-2:123456789012:ses-events".into(),
            message: "{\"eventType\":\"Bounce\"}".into(),
            timestamp: "2026-12-01T10:00:00.000Z".into(),
            signature_version: "2".into(),
            signature: String::new(),
            signing_cert_url:
                "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-abc.pem".into(),
            subject: None,
            token: Some("2336412f37".into()),
            subscribe_url: Some(
                "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=2336412f37"
                    .into(),
            ),
        }
    }

    #[test]
    fn the_signed_text_follows_the_type_and_skips_an_absent_subject() {
        let n = message("Notification");
        assert_eq!(
            string_to_sign(&n).unwrap(),
            "Message\n{\"eventType\":\"Bounce\"}\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\nTimestamp\n2026-12-01T10:00:00.000Z\nTopicArn\narn:aws:sns:us-west-2:123456789012:ses-events\nType\nNotification\n"
        );
        let c = message("SubscriptionConfirmation");
        let text = string_to_sign(&c).unwrap();
        assert!(text.contains("SubscribeURL\nhttps://sns.us-west-2"));
        assert!(text.contains("Token\n2336412f37\nTopicArn"));
        assert_eq!(string_to_sign(&message("Other")), Err(SnsError::Kind));
    }

    #[test]
    fn only_sns_of_the_topics_region_is_trusted() {
        let t = Trust::default();
        let ok = "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-abc.pem";
        assert!(t.allows(ok, "us-west-2").is_some());
        for bad in [
            "https://sns.us-east-1.amazonaws.com/x.pem",
            "http://sns.us-west-2.amazonaws.com/x.pem",
            "https://sns.us-west-2.amazonaws.com.evil.example/x.pem",
            "https://evil.example/sns.us-west-2.amazonaws.com/x.pem",
            "https://user@sns.us-west-2.amazonaws.com/x.pem",
            "https://sns.us-west-2.amazonaws.com:8443/x.pem",
            "https://169.254.169.254/latest/meta-data",
        ] {
            assert!(t.allows(bad, "us-west-2").is_none(), "{bad}");
        }
        assert_eq!(
            topic_region("arn:aws:sns:eu-west-1:123456789012:bounces"),
            Some("eu-west-1")
        );
        for bad in [
            "arn:aws:sqs:eu-west-1:123456789012:q",
            "arn:aws:sns:eu-west-1:1234:t",
            "arn:aws:sns:eu-west-1:123456789012:",
            "arn:aws:sns:eu.evil.example/x:123456789012:t",
            "",
            "arn",
            "arn:aws:sns",
        ] {
            assert_eq!(topic_region(bad), None, "{bad}");
        }
    }

    /// Signs as SNS would (version 2), with the test key whose certificate is
    /// tests/fixtures/sns/cert.pem.
    fn sign(text: &str) -> String {
        let key =
            sig::RsaKeyPair::from_pkcs8(include_bytes!("../../../../tests/fixtures/sns/key.pk8"))
                .unwrap();
        let mut out = vec![0; key.public_modulus_len()];
        key.sign(
            &sig::RSA_PKCS1_SHA256,
            &aws_lc_rs::rand::SystemRandom::new(),
            text.as_bytes(),
            &mut out,
        )
        .unwrap();
        base64::engine::general_purpose::STANDARD.encode(out)
    }

    #[test]
    fn both_signature_versions_verify_and_a_changed_byte_does_not() {
        let pem = include_bytes!("../../../../tests/fixtures/sns/cert.pem");
        let text = string_to_sign(&message("Notification")).unwrap();
        let v1 = include_str!("../../../../tests/fixtures/sns/v1-notification.sig");
        for (v, s) in [("1", v1.to_owned()), ("2", sign(&text))] {
            assert_eq!(verify_with(pem, v, &text, &s), Ok(()), "version {v}");
            let other = text.replace("Bounce", "Bounc3");
            assert_eq!(verify_with(pem, v, &other, &s), Err(SnsError::Signature));
        }
        assert_eq!(
            verify_with(pem, "2", &text, v1),
            Err(SnsError::Signature),
            "a SHA1 signature does not pass as version 2"
        );
    }

    #[test]
    fn a_signature_over_other_text_or_of_an_unknown_version_is_refused() {
        let pem = include_bytes!("../../../../tests/fixtures/sns/cert.pem");
        assert_eq!(
            verify_with(pem, "2", "text", "bm90IGEgc2lnbmF0dXJl"),
            Err(SnsError::Signature)
        );
        assert_eq!(verify_with(pem, "3", "text", ""), Err(SnsError::Version));
        assert_eq!(
            verify_with(b"not a cert", "1", "text", ""),
            Err(SnsError::Certificate)
        );
    }
}
