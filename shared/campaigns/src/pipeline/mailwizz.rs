//! Handing a campaign to MailWizz: exactly one MailWizz campaign per campaign.

use crate::campaign::{self, Campaign};
use crate::contacts::{self, Contact, ContactStatus};
use crate::senders::SendingProfile;
use crate::templates;
use crate::transport::{self, Transport};
use kernel::ids::TenantId;
use platform::AppState;

/// How long a MailWizz step may stay claimed before another worker takes it over (the claimer
/// died between the claim and the record of the uid).
pub(crate) const MAILWIZZ_PENDING_SECS: i64 = 600;

/// Claims the MailWizz step on the progress, then finds or creates the MailWizz campaign (rendered
/// with MailWizz's own merge tags, so it personalises each message) and records its uid.
///
/// Exactly one MailWizz campaign per campaign: its name carries our campaign id, and before
/// creating (and after a create whose answer was lost) the step looks for it. A claim left by a
/// worker that died is taken over after [`MAILWIZZ_PENDING_SECS`].
pub(crate) async fn hand_to_mailwizz(
    state: &AppState,
    tenant: &TenantId,
    c: &Campaign,
    profile: &SendingProfile,
) -> Result<(), String> {
    let claimed =
        crate::persist::progress::claim_mailwizz(state, tenant, &c.id, MAILWIZZ_PENDING_SECS)
            .await
            .map_err(|e| e.to_string())?;
    if !claimed {
        // Another worker holds the step (or it is done).
        return Ok(());
    }
    let made = make_mailwizz_campaign(state, tenant, c, profile).await;
    let (uid, result) = match made {
        Ok(uid) => (Some(uid), Ok(())),
        // Let a resume try again (it finds the campaign if MailWizz made it after all).
        Err(e) => (
            None,
            Err(format!("MailWizz did not take the campaign: {e}")),
        ),
    };
    if let Err(e) = crate::persist::progress::settle_mailwizz(state, tenant, &c.id, uid).await {
        tracing::warn!(error = %e, campaign = %c.id, "the MailWizz step was not recorded");
    }
    result
}

/// The MailWizz campaign's name: the campaign's, with its id (how the step finds it again).
pub(crate) fn mailwizz_name(c: &Campaign) -> String {
    format!("{} [{}]", c.name, c.id)
}

pub(crate) async fn make_mailwizz_campaign(
    state: &AppState,
    tenant: &TenantId,
    c: &Campaign,
    profile: &SendingProfile,
) -> Result<String, String> {
    let templates = campaign::templates_of(state, tenant, c)
        .await
        .map_err(|e| e.to_string())?;
    let Some(t) = templates::pick(&templates, c.language.as_deref(), "en") else {
        return Err("the campaign's template is gone".into());
    };
    let placeholder = placeholder_contact();
    let rendered = templates::render(t, &placeholder.view(), "[UNSUBSCRIBE_URL]")
        .map_err(|e| e.to_string())?;
    let transport = Transport::for_profile(state, tenant, profile)
        .await
        .map_err(|e| e.to_string())?;
    let marker = format!("[{}]", c.id);
    if let Some(uid) = transport::find_mailwizz_campaign(&transport, &marker)
        .await
        .map_err(|e| e.to_string())?
    {
        tracing::info!(campaign = %c.id, "MailWizz campaign found, not made again");
        return Ok(uid);
    }
    let name = mailwizz_name(c);
    let made = transport::create_mailwizz_campaign(
        &transport,
        &transport::MailwizzCampaign {
            name: &name,
            from_name: &c.sender.from_name,
            from_email: &c.sender.from_email,
            reply_to: c.sender.reply_to.as_deref().unwrap_or(&c.sender.from_email),
            subject: &rendered.subject,
            html: &rendered.html,
            text: rendered.text.as_deref(),
        },
    )
    .await;
    match made {
        Ok(uid) => Ok(uid),
        // The answer may be lost while MailWizz made it: look once more before giving up.
        Err(e) => match transport::find_mailwizz_campaign(&transport, &marker).await {
            Ok(Some(uid)) => {
                tracing::info!(campaign = %c.id, "MailWizz made the campaign although the create failed");
                Ok(uid)
            }
            _ => Err(e.to_string()),
        },
    }
}

/// A contact whose fields are MailWizz's merge tags.
pub(crate) fn placeholder_contact() -> Contact {
    Contact {
        id: "con_mailwizz".into(),
        email: "[EMAIL]".into(),
        first_name: Some("[FNAME]".into()),
        last_name: Some("[LNAME]".into()),
        language: None,
        country: None,
        status: ContactStatus::Subscribed,
        validation: contacts::Validation::Pending,
        source: None,
        tags: Vec::new(),
        attributes: Default::default(),
        person_id: None,
        created_at: String::new(),
        updated_at: String::new(),
        version: 1,
    }
}
