//! Transactional mail (one-time codes, password resets, invitations) behind one [`Mailer`] trait.
//!
//! Production sends through Amazon SES v2 (`MAIL_TRANSPORT=ses`, the default): no provider key to
//! keep, IAM limits each function to sending from `MAIL_FROM`, and bounces reach the same SES event
//! stream campaigns use. The local stack uses [`OutboxMailer`] (`MAIL_TRANSPORT=outbox`): each
//! message is a JSON file in `MAIL_OUTBOX_DIR` a developer can open, and tests read.
//!
//! Mail bodies carry secrets (codes, links); they are never logged, only their kind and id.

use kernel::error::ApiError;
use platform::config::{invalid, Config, ConfigError};
use platform::AppState;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use thiserror::Error;

/// One message to one recipient.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// What the message is (`otp`, `password_reset`, `invitation`), for logs and the outbox.
    pub kind: String,
}

impl Mail {
    /// A message whose header fields cannot carry a header of their own: the subject is flattened to
    /// one line ([`kernel::text::one_line`]), since it is often built from stored names.
    pub fn new(
        to: impl Into<String>,
        subject: &str,
        text: impl Into<String>,
        kind: impl Into<String>,
    ) -> Self {
        Self {
            to: to.into(),
            subject: kernel::text::one_line(subject),
            text: text.into(),
            kind: kind.into(),
        }
    }

    /// Refuses a message whose recipient or subject holds a control character (a CR/LF there would
    /// add a header). Every transport checks this before sending, whoever built the message.
    fn check_headers(&self) -> Result<(), MailError> {
        let to_ok = kernel::text::normalise_email(&self.to).is_some();
        if !to_ok || self.subject.chars().any(kernel::text::is_control) {
            return Err(MailError::UnsafeHeader);
        }
        Ok(())
    }
}

/// Where mail goes (`MAIL_TRANSPORT`, `MAIL_OUTBOX_DIR`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MailTransport {
    /// Amazon SES v2 (`ses`, the default), from `MAIL_FROM`.
    #[default]
    Ses,
    /// JSON files in a folder (`outbox`): the local stack and tests.
    Outbox(PathBuf),
}

impl MailTransport {
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        match config.var("MAIL_TRANSPORT") {
            None | Some("ses") => Ok(Self::Ses),
            Some("outbox") => Ok(Self::Outbox(
                config
                    .var("MAIL_OUTBOX_DIR")
                    .ok_or(ConfigError::Missing("MAIL_OUTBOX_DIR"))?
                    .into(),
            )),
            Some(other) => Err(invalid(
                "MAIL_TRANSPORT",
                format!("expected ses or outbox, got {other:?}"),
            )),
        }
    }
}

/// The container's mailer, built on first use: a function that never mails builds no SES client.
pub async fn mailer(state: &AppState) -> Result<Arc<Box<dyn Mailer>>, ApiError> {
    state
        .part(|| async {
            let transport = MailTransport::from_config(&state.config)
                .map_err(|e| ApiError::internal(e.to_string()))?;
            let mailer: Box<dyn Mailer> = match transport {
                MailTransport::Ses => Box::new(SesMailer {
                    client: platform::aws_client!(aws_sdk_sesv2, state.aws.sdk_base()),
                    from: state.config.var("MAIL_FROM").map(str::to_owned),
                }),
                MailTransport::Outbox(dir) => Box::new(OutboxMailer { dir }),
            };
            Ok(mailer)
        })
        .await
}

/// Sends through the container's mailer.
pub async fn send(state: &AppState, mail: &Mail) -> Result<String, ApiError> {
    mailer(state)
        .await?
        .send(mail)
        .await
        .map_err(ApiError::internal)
}

#[derive(Debug, Error)]
pub enum MailError {
    #[error("the recipient or subject is not a single safe header value")]
    UnsafeHeader,
    #[error("SES refused the message: {0}")]
    Ses(String),
    #[error("the outbox could not be written: {0}")]
    Outbox(#[from] std::io::Error),
    #[error("MAIL_FROM is not configured")]
    NoSender,
}

pub type MailFuture<'a> = Pin<Box<dyn Future<Output = Result<String, MailError>> + Send + 'a>>;

/// Sends a message and returns the transport's message id.
pub trait Mailer: Send + Sync + std::fmt::Debug {
    fn send<'a>(&'a self, mail: &'a Mail) -> MailFuture<'a>;
}

/// Writes each message to `<dir>/<ulid>-<kind>.json` (newest sorts last).
#[derive(Debug, Clone)]
pub struct OutboxMailer {
    pub dir: PathBuf,
}

impl Mailer for OutboxMailer {
    fn send<'a>(&'a self, mail: &'a Mail) -> MailFuture<'a> {
        Box::pin(async move {
            mail.check_headers()?;
            let id = ulid::Ulid::new().to_string();
            tokio::fs::create_dir_all(&self.dir).await?;
            let body = serde_json::to_vec_pretty(mail).map_err(std::io::Error::other)?;
            let path = self.dir.join(format!("{id}-{}.json", mail.kind));
            // Written under a temporary name and renamed, so a reader never sees half a message.
            let tmp = self.dir.join(format!(".{id}.tmp"));
            tokio::fs::write(&tmp, body).await?;
            tokio::fs::rename(&tmp, &path).await?;
            tracing::info!(kind = %mail.kind, message_id = %id, "mail written to the local outbox");
            Ok(id)
        })
    }
}

/// Amazon SES v2 `SendEmail` with a simple (text) body. The SES client is built with the
/// container's shared AWS parts (one HTTPS pool, the call counter).
#[derive(Debug, Clone)]
pub struct SesMailer {
    pub client: aws_sdk_sesv2::Client,
    pub from: Option<String>,
}

impl Mailer for SesMailer {
    fn send<'a>(&'a self, mail: &'a Mail) -> MailFuture<'a> {
        use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
        Box::pin(async move {
            mail.check_headers()?;
            let from = self.from.as_deref().ok_or(MailError::NoSender)?;
            let content = |text: &str| {
                Content::builder()
                    .data(text)
                    .charset("UTF-8")
                    .build()
                    .map_err(|e| MailError::Ses(e.to_string()))
            };
            let message = Message::builder()
                .subject(content(&mail.subject)?)
                .body(Body::builder().text(content(&mail.text)?).build())
                .build();
            let out = self
                .client
                .send_email()
                .from_email_address(from)
                .destination(Destination::builder().to_addresses(&mail.to).build())
                .content(EmailContent::builder().simple(message).build())
                .send()
                .await
                .map_err(|e| {
                    MailError::Ses(aws_sdk_sesv2::error::DisplayErrorContext(e).to_string())
                })?;
            let id = out.message_id.unwrap_or_default();
            tracing::info!(kind = %mail.kind, message_id = %id, "mail sent through SES");
            Ok(id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_user_text_can_add_a_header() {
        let mail = Mail::new(
            "ana@acme.example",
            "You are invited to Acme\r\nBcc: attacker@evil.example on Enrich",
            "body",
            "invitation",
        );
        assert_eq!(
            mail.subject,
            "You are invited to Acme Bcc: attacker@evil.example on Enrich"
        );
        assert!(mail.check_headers().is_ok());
        let mut forged = mail.clone();
        forged.to = "ana@acme.example\r\nBcc: attacker@evil.example".into();
        assert!(matches!(
            forged.check_headers(),
            Err(MailError::UnsafeHeader)
        ));
        let mut forged = mail;
        forged.subject = "Hi\nBcc: x@evil.example".into();
        assert!(matches!(
            forged.check_headers(),
            Err(MailError::UnsafeHeader)
        ));
    }
}
