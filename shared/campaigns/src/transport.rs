//! How one message leaves, per sending profile:
//! - **SES v2**: a raw MIME message (so it carries RFC 8058's `List-Unsubscribe` and
//!   `List-Unsubscribe-Post` headers), through the profile's configuration set, tagged with the
//!   campaign for delivery events.
//! - **MailWizz**: the recipient is synced into the profile's list (`search-by-email`, then
//!   `POST lists/{list_uid}/subscribers` when absent); when every chunk is done, one MailWizz
//!   campaign is created for the list (see [`create_mailwizz_campaign`]), and MailWizz sends it.
//!
//! Every outbound MailWizz URL passes the SSRF guard (an organisation's install is a URL it gave).

use crate::senders::{self, SendingProfile};
use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{EmailContent, MessageTag, RawMessage};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use serde_json::Value;
use std::time::Duration;

/// One rendered message for one recipient.
#[derive(Debug, Clone)]
pub struct Outbound<'a> {
    pub campaign_id: &'a str,
    pub contact_id: &'a str,
    pub to: &'a str,
    pub to_name: Option<String>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub from_name: &'a str,
    pub from_email: &'a str,
    pub reply_to: Option<&'a str>,
    pub subject: &'a str,
    pub html: &'a str,
    pub text: Option<&'a str>,
    pub unsubscribe_url: &'a str,
}

/// Why a message did not leave, and so what happens next.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Throttled or unavailable: the chunk is delivered again later.
    #[error("try again later: {0}")]
    Retry(String),
    /// This message was refused: the recipient counts as failed.
    #[error("refused: {0}")]
    Reject(String),
    /// The sender refuses everything (account paused, domain not verified, key revoked): the
    /// campaign is paused with this reason.
    #[error("the sender refuses to send: {0}")]
    Halt(String),
}

pub enum Transport {
    Ses {
        client: aws_sdk_sesv2::Client,
        configuration_set: Option<String>,
        /// The `tenant` and `profile` SES tags (delivery events find their organisation by them).
        tenant: String,
        profile: String,
    },
    Mailwizz(Mailwizz),
}

impl Transport {
    pub async fn for_profile(
        state: &AppState,
        tenant: &TenantId,
        profile: &SendingProfile,
    ) -> Result<Self, ApiError> {
        if let Some(ses) = &profile.ses {
            return Ok(Self::Ses {
                client: senders::ses(state).await?,
                // The platform's set (delivery events on the bus) unless the profile names its own.
                configuration_set: ses.configuration_set.clone().or_else(|| {
                    state
                        .config
                        .var("SES_CONFIGURATION_SET")
                        .filter(|v| !v.is_empty())
                        .map(str::to_owned)
                }),
                tenant: tenant.to_string(),
                profile: profile.id.clone(),
            });
        }
        let Some(m) = &profile.mailwizz else {
            return Err(ApiError::internal("a sending profile without a transport"));
        };
        let key = state
            .secrets
            .get(&senders::secret_id(state, tenant, &profile.id))
            .await
            .map_err(|e| ApiError::Unavailable {
                detail: format!("the MailWizz key could not be read: {e}"),
                retry_after_secs: Some(30),
            })?;
        Ok(Self::Mailwizz(Mailwizz {
            base: m.api_url.clone(),
            list_uid: m.list_uid.clone(),
            key,
            policy: senders::guard_policy(state),
        }))
    }

    /// Sends (SES) or hands over (MailWizz) one message; returns the id the transport gave it.
    pub async fn deliver(&self, m: &Outbound<'_>) -> Result<String, SendError> {
        match self {
            Self::Ses {
                client,
                configuration_set,
                tenant,
                profile,
            } => send_ses(client, configuration_set.as_deref(), (tenant, profile), m).await,
            Self::Mailwizz(mw) => mw.subscribe(m).await,
        }
    }
}

/// The MIME message: multipart/alternative (text and HTML) with the one-click unsubscribe headers.
pub fn mime(m: &Outbound<'_>) -> Result<Vec<u8>, SendError> {
    use mail_builder::headers::address::Address;
    use mail_builder::headers::raw::Raw;
    let domain = m.from_email.rsplit('@').next().unwrap_or("localhost");
    let to = match &m.to_name {
        Some(n) => Address::new_address(Some(n.as_str()), m.to),
        None => Address::new_address(None::<&str>, m.to),
    };
    let mut b = mail_builder::MessageBuilder::new()
        .from(Address::new_address(Some(m.from_name), m.from_email))
        .to(to)
        .subject(m.subject)
        .message_id(format!("{}.{}@{domain}", m.campaign_id, m.contact_id))
        .header(
            "List-Unsubscribe",
            Raw::new(format!("<{}>", m.unsubscribe_url)),
        )
        .header(
            "List-Unsubscribe-Post",
            Raw::new("List-Unsubscribe=One-Click"),
        )
        .header("X-Enrich-Campaign", Raw::new(m.campaign_id))
        .html_body(m.html);
    if let Some(r) = m.reply_to {
        b = b.reply_to(Address::new_address(None::<&str>, r));
    }
    if let Some(t) = m.text {
        b = b.text_body(t);
    }
    b.write_to_vec()
        .map_err(|e| SendError::Reject(format!("the message could not be built: {e}")))
}

async fn send_ses(
    client: &aws_sdk_sesv2::Client,
    configuration_set: Option<&str>,
    (tenant, profile): (&str, &str),
    m: &Outbound<'_>,
) -> Result<String, SendError> {
    let raw = RawMessage::builder()
        .data(Blob::new(mime(m)?))
        .build()
        .map_err(|e| SendError::Reject(e.to_string()))?;
    let tag = |name: &str, value: &str| {
        MessageTag::builder()
            .name(name)
            .value(value)
            .build()
            .map_err(|e| SendError::Reject(e.to_string()))
    };
    let out = client
        .send_email()
        .from_email_address(m.from_email)
        .content(EmailContent::builder().raw(raw).build())
        .set_configuration_set_name(configuration_set.map(str::to_owned))
        .email_tags(tag("campaign", m.campaign_id)?)
        .email_tags(tag("tenant", tenant)?)
        .email_tags(tag("profile", profile)?)
        .send()
        .await;
    match out {
        Ok(o) => Ok(o.message_id().unwrap_or_default().to_owned()),
        Err(e) => {
            use aws_sdk_sesv2::operation::send_email::SendEmailError as E;
            let e = e.into_service_error();
            let text = e.to_string();
            Err(match e {
                E::TooManyRequestsException(_) | E::LimitExceededException(_) => {
                    SendError::Retry(text)
                }
                E::AccountSuspendedException(_)
                | E::SendingPausedException(_)
                | E::MailFromDomainNotVerifiedException(_)
                | E::NotFoundException(_) => SendError::Halt(text),
                E::MessageRejected(_) | E::BadRequestException(_) => {
                    // moto and SES refuse an unverified sender this way: nothing will pass.
                    if text.contains("not verified") || text.contains("authority to send") {
                        SendError::Halt(text)
                    } else {
                        SendError::Reject(text)
                    }
                }
                _ => SendError::Retry(text),
            })
        }
    }
}

/// An organisation's MailWizz install.
pub struct Mailwizz {
    base: String,
    list_uid: String,
    key: String,
    policy: webhooks::GuardPolicy,
}

/// A MailWizz answer: its status and JSON body.
struct Reply {
    status: u16,
    body: Value,
}

impl Mailwizz {
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, &str)],
        form: Option<&[(String, String)]>,
    ) -> Result<Reply, SendError> {
        let mut url = url::Url::parse(&format!("{}/{path}", self.base))
            .map_err(|_| SendError::Halt("the MailWizz API URL is not valid".into()))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let checked = webhooks::guard::check_url(url.as_str(), self.policy)
            .await
            .map_err(|e| SendError::Halt(format!("the MailWizz URL was refused: {e}")))?;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5))
            .resolve_to_addrs(&checked.host, &checked.addrs)
            .build()
            .map_err(|e| SendError::Retry(e.to_string()))?;
        let mut req = client
            .request(method, checked.url)
            .header("X-Api-Key", &self.key)
            .header("accept", "application/json");
        if let Some(f) = form {
            req = req.form(f);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| SendError::Retry(format!("MailWizz did not answer: {e}")))?;
        let status = resp.status().as_u16();
        let body = resp.json::<Value>().await.unwrap_or(Value::Null);
        match status {
            401 | 403 => Err(SendError::Halt(format!(
                "MailWizz refused the API key ({status})"
            ))),
            429 | 500..=599 => Err(SendError::Retry(format!("MailWizz answered {status}"))),
            _ => Ok(Reply { status, body }),
        }
    }

    /// Makes sure the recipient is on the list; returns its subscriber uid.
    async fn subscribe(&self, m: &Outbound<'_>) -> Result<String, SendError> {
        let found = self
            .call(
                reqwest::Method::GET,
                &format!("lists/{}/subscribers/search-by-email", self.list_uid),
                &[("EMAIL", m.to)],
                None,
            )
            .await?;
        if found.status == 200 {
            if let Some(uid) = found.body["data"]["subscriber_uid"].as_str() {
                return Ok(uid.to_owned());
            }
        } else if found.status != 404 {
            return Err(SendError::Reject(format!(
                "MailWizz search answered {}",
                found.status
            )));
        }
        let mut form = vec![("EMAIL".to_owned(), m.to.to_owned())];
        if let Some(f) = m.first_name {
            form.push(("FNAME".into(), f.to_owned()));
        }
        if let Some(l) = m.last_name {
            form.push(("LNAME".into(), l.to_owned()));
        }
        let made = self
            .call(
                reqwest::Method::POST,
                &format!("lists/{}/subscribers", self.list_uid),
                &[],
                Some(&form),
            )
            .await?;
        if !(200..300).contains(&made.status) || made.body["status"] != "success" {
            return Err(SendError::Reject(format!(
                "MailWizz did not add the subscriber ({}): {}",
                made.status,
                made.body["error"].as_str().unwrap_or("no reason given")
            )));
        }
        Ok(made.body["data"]["record"]["subscriber_uid"]
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }
}

/// What a MailWizz campaign is made of.
pub struct MailwizzCampaign<'a> {
    pub name: &'a str,
    pub from_name: &'a str,
    pub from_email: &'a str,
    pub reply_to: &'a str,
    pub subject: &'a str,
    pub html: &'a str,
    pub text: Option<&'a str>,
}

/// Creates the MailWizz campaign for the profile's list, sending now; returns its uid.
/// The MailWizz campaign whose name carries `marker` (our campaign id), if one exists: a create
/// whose answer was lost (a timeout, a 5xx after MailWizz took it, a crash) is found, not made twice.
/// Reads up to 20 pages of 50, newest first.
pub async fn find_mailwizz_campaign(
    transport: &Transport,
    marker: &str,
) -> Result<Option<String>, SendError> {
    let Transport::Mailwizz(mw) = transport else {
        return Err(SendError::Halt("not a MailWizz profile".into()));
    };
    for page in 1..=20u32 {
        let page_s = page.to_string();
        let reply = mw
            .call(
                reqwest::Method::GET,
                "campaigns",
                &[("page", page_s.as_str()), ("per_page", "50")],
                None,
            )
            .await?;
        if !(200..300).contains(&reply.status) {
            return Err(SendError::Retry(format!(
                "MailWizz did not list its campaigns ({})",
                reply.status
            )));
        }
        let records = reply.body["data"]["records"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if let Some(uid) = records.iter().find_map(|r| {
            let name = r["name"].as_str()?;
            name.contains(marker)
                .then(|| r["campaign_uid"].as_str().map(str::to_owned))
                .flatten()
        }) {
            return Ok(Some(uid));
        }
        let last = reply.body["data"]["total_pages"].as_u64().unwrap_or(1);
        if records.is_empty() || u64::from(page) >= last {
            break;
        }
    }
    Ok(None)
}

pub async fn create_mailwizz_campaign(
    transport: &Transport,
    c: &MailwizzCampaign<'_>,
) -> Result<String, SendError> {
    let Transport::Mailwizz(mw) = transport else {
        return Err(SendError::Halt("not a MailWizz profile".into()));
    };
    let now = kernel::time::now();
    let send_at = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let mut form: Vec<(String, String)> = vec![
        ("campaign[name]".into(), c.name.into()),
        ("campaign[type]".into(), "regular".into()),
        ("campaign[from_name]".into(), c.from_name.into()),
        ("campaign[from_email]".into(), c.from_email.into()),
        ("campaign[subject]".into(), c.subject.into()),
        ("campaign[reply_to]".into(), c.reply_to.into()),
        ("campaign[send_at]".into(), send_at),
        ("campaign[list_uid]".into(), mw.list_uid.clone()),
        ("campaign[template][content]".into(), c.html.into()),
        ("campaign[template][inline_css]".into(), "no".into()),
    ];
    match c.text {
        Some(t) => form.push(("campaign[template][plain_text]".into(), t.into())),
        None => form.push(("campaign[template][auto_plain_text]".into(), "yes".into())),
    }
    let made = mw
        .call(reqwest::Method::POST, "campaigns", &[], Some(&form))
        .await?;
    match made.body["campaign_uid"].as_str() {
        Some(uid) if (200..300).contains(&made.status) && made.body["status"] == "success" => {
            Ok(uid.to_owned())
        }
        _ => Err(SendError::Reject(format!(
            "MailWizz did not create the campaign ({}): {}",
            made.status,
            made.body["error"].as_str().unwrap_or("no reason given")
        ))),
    }
}
