//! Notice mails users opt into in their preferences: `job_finished` (a bulk job they submitted
//! ended) and `weekly_digest` (their organisation's week). Both go through the mail transport,
//! both honour the preference at the moment of sending, and both carry an unsubscribe link that
//! switches that one notice off without login ([`access::notices`]).
//!
//! Once per trigger: a create-only marker per notice and reference (the job; the user and ISO
//! week) is claimed before the mail goes, so a redelivered job event, or a digest run repeated or
//! run twice at once, mails nobody twice. When the transport refuses, the marker is removed and
//! the error returned, so the trigger's retry (SQS redelivery, the next hourly run) tries again:
//! at-most-once per marker, at-least-once attempted. A crash between the claim and the send loses
//! that one mail (the claim is not undone); that window is the send itself.

use access::model::{UserRecord, UserStatus};
use access::notices::{self, Notice};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use store::keys;

/// Markers outlive the week (or the job) they are about, then expire.
const KEEP_SECS: i64 = 60 * 86_400;
/// The local hour on Monday from which a user's weekly digest is due.
const DIGEST_HOUR: i8 = 8;

/// Mails the submitter of a finished job (completed or failed) when they want it, once. Returns
/// whether a mail went out now. The job is read in its own data space (live or test); the user
/// and the marker live in the organisation's live space.
pub async fn job_finished(
    state: &AppState,
    space: &TenantId,
    job_id: &str,
) -> Result<bool, ApiError> {
    let Some(job) = jobs::persist::load(state, space, job_id).await? else {
        return Ok(false);
    };
    if !job.status.is_finished() {
        return Ok(false);
    }
    let tenant = space.live_space();
    let Some(user) = UserRecord::load(&state.store, &tenant, &job.created_by).await? else {
        // Submitted with an API key or by a user since deleted: nobody to mail.
        return Ok(false);
    };
    if user.status != UserStatus::Active
        || !user.preferences.notifications.wants(Notice::JobFinished)
    {
        return Ok(false);
    }
    let marker = keys::notice_sent(&tenant, Notice::JobFinished.as_str(), &[&job.id]);
    let expires = kernel::time::now().unix_timestamp() + KEEP_SECS;
    if !crate::persist::claim_notice(state, &marker, expires).await? {
        return Ok(false);
    }
    let view = job.view();
    let name = job.name.clone().unwrap_or_else(|| job.id.clone());
    let outcome = job.status.as_str();
    let api = state.public_api_url();
    let unsubscribe =
        notices::unsubscribe_url(state, &tenant, user.id.as_str(), Notice::JobFinished).await?;
    let mut text = format!(
        "Your bulk job \"{name}\" ({id}) {outcome} at {at}.\n\n\
         Records: {total} ({succeeded} enriched, {not_found} not found, {failed} failed).\n\
         Credits spent: {credits}.\n",
        id = job.id,
        at = job.finished_at.clone().unwrap_or_default(),
        total = job.total,
        succeeded = job.succeeded,
        not_found = job.not_found,
        failed = job.failed,
        credits = view.credits.total,
    );
    if let Some(reason) = &job.failure_reason {
        text.push_str(&format!("Why it failed: {reason}\n"));
    }
    text.push_str(&format!(
        "\nThe job: {api}/v1/jobs/{id}\nIts results: {api}/v1/jobs/{id}/results\n\n\
         You get this mail because \"job finished\" notifications are on in your preferences.\n\
         Stop them: {unsubscribe}\n",
        id = job.id,
    ));
    let mail = mail::Mail::new(
        user.email.clone(),
        &format!("Your job \"{name}\" {outcome}"),
        text,
        Notice::JobFinished.as_str(),
    );
    send_or_release(state, &marker, &mail).await?;
    Ok(true)
}

/// Mails the organisation's active owners about a security alert (a `security.*` event), at most
/// once per kind and UTC hour however many alerts of it come (a marker per kind and hour). Not a
/// preference: owners cannot switch security mail off. Returns how many owners were mailed now.
pub async fn security_alert(
    state: &AppState,
    tenant: &TenantId,
    event_type: &str,
    data: &serde_json::Value,
) -> Result<usize, ApiError> {
    let Some(kind) = access::security::SecurityKind::from_event_type(event_type) else {
        return Ok(0);
    };
    let tenant = tenant.live_space();
    let hour = data
        .get("hour")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| access::security::hour_of(kernel::time::now().unix_timestamp()));
    let owners: Vec<UserRecord> = UserRecord::admins(&state.store, &tenant)
        .await?
        .into_iter()
        .filter(|u| u.role == access::rbac::Role::Owner)
        .collect();
    if owners.is_empty() {
        return Ok(0);
    }
    let marker = keys::notice_sent(&tenant, &format!("security-{}", kind.as_str()), &[&hour]);
    let expires = kernel::time::now().unix_timestamp() + KEEP_SECS;
    if !crate::persist::claim_notice(state, &marker, expires).await? {
        return Ok(0);
    }
    let api = state.public_api_url();
    let mut text = format!(
        "Security alert: {}.

",
        kind.describe()
    );
    let field = |name: &str| {
        data.get(name)
            .filter(|v| !v.is_null())
            .map(|v| v.to_string())
    };
    if let (Some(count), Some(threshold)) = (field("count"), field("threshold")) {
        text.push_str(&format!(
            "In the hour from {hour}:00 UTC: {count} (alerts at {threshold}).
"
        ));
    }
    if let (Some(key), Some(country)) = (field("key_id"), field("country")) {
        text.push_str(&format!(
            "API key {key} was used from {country}; before, only from {}.
             If that was not you, revoke the key.
",
            field("known_countries").unwrap_or_default()
        ));
    }
    text.push_str(&format!(
        "
The organisation's audit log has the details: {api}/v1/audit-events?action={event_type}

         You get this mail as an owner of the organisation. Security mail cannot be switched off;          you get at most one of each kind an hour.
"
    ));
    let mut sent = 0;
    for owner in &owners {
        let mail = mail::Mail::new(
            owner.email.clone(),
            "Security alert for your Enrich organisation",
            text.clone(),
            event_type,
        );
        // The first refused send gives the marker back (the event's retry tries again); one that
        // already went out to another owner may then go twice, which beats none.
        if sent == 0 {
            send_or_release(state, &marker, &mail).await?;
        } else if let Err(e) = mail::send(state, &mail).await {
            tracing::warn!(error = %e, "security alert not mailed to one owner");
            continue;
        }
        sent += 1;
    }
    Ok(sent)
}

async fn send_or_release(
    state: &AppState,
    marker: &store::Key,
    mail: &mail::Mail,
) -> Result<(), ApiError> {
    if let Err(e) = mail::send(state, mail).await {
        crate::persist::release_notice(state, marker).await?;
        return Err(e);
    }
    Ok(())
}

/// The ISO week (`2026-W49`) whose digest is due for a user in time zone `tz` at `now` (epoch
/// seconds): from 08:00 on Monday, their time, until the week ends, so a run missed at 08:00 is
/// made up by the next one (the marker keeps it to one). `None` when not due; an unknown zone is
/// taken as UTC.
pub fn digest_week(tz: &str, now: i64) -> Option<String> {
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    let local = jiff::Timestamp::from_second(now).ok()?.to_zoned(zone);
    if local.weekday() != jiff::civil::Weekday::Monday || local.hour() < DIGEST_HOUR {
        return None;
    }
    let week = local.date().iso_week_date();
    Some(format!("{}-W{:02}", week.year(), week.week()))
}

/// One organisation's last seven days (UTC days before today).
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct Digest {
    pub from: String,
    pub to: String,
    pub provider_calls: f64,
    pub credits: f64,
    pub jobs_submitted: u64,
    pub jobs_completed: u64,
    pub jobs_failed: u64,
    pub job_records: u64,
    pub delivered: u64,
    pub opened: u64,
    pub clicked: u64,
    pub bounced: u64,
    pub unsubscribed: u64,
}

/// Most jobs a digest reads (newest first) to count the week's.
const DIGEST_JOBS: usize = 1_000;

impl Digest {
    /// Reads the week through each domain's readers: usage counters (one Query), the newest jobs
    /// (pages of 100 until one is older than the week), the delivery events' day counts (one
    /// BatchGetItem per 12 days).
    pub async fn of(state: &AppState, tenant: &TenantId, now: i64) -> Result<Self, ApiError> {
        let today = now.div_euclid(86_400);
        let (first, last) = (today - 7, today - 1);
        let day = |d: i64| {
            kernel::time::rfc3339_at(d * 86_400)
                .get(..10)
                .unwrap_or_default()
                .to_owned()
        };
        let mut out = Digest {
            from: day(first),
            to: day(last),
            ..Self::default()
        };
        for u in enrichment::engine::usage_between(state, tenant, &out.from, &out.to).await? {
            out.provider_calls += u.calls;
            out.credits += u.credits;
        }
        let since = kernel::time::rfc3339_at(first * 86_400);
        let until = kernel::time::rfc3339_at(today * 86_400);
        let mut page = store::PageParams {
            limit: 100,
            cursor: None,
        };
        let mut read = 0;
        'pages: loop {
            let found = jobs::persist::list(state, tenant, None, None, &page).await?;
            for job in &found.items {
                read += 1;
                if job.created_at < since {
                    break 'pages;
                }
                if job.created_at >= until {
                    continue;
                }
                out.jobs_submitted += 1;
                out.job_records += job.total;
                match job.status {
                    jobs::model::JobStatus::Completed => out.jobs_completed += 1,
                    jobs::model::JobStatus::Failed => out.jobs_failed += 1,
                    _ => {}
                }
            }
            match found.next_cursor {
                Some(c) if read < DIGEST_JOBS => page.cursor = Some(c),
                _ => break,
            }
        }
        for (_, c) in campaigns::persist::events::day_counts(state, tenant, first, last).await? {
            out.delivered += c.delivered;
            out.opened += c.opened;
            out.clicked += c.clicked;
            out.bounced += c.bounced;
            out.unsubscribed += c.unsubscribed;
        }
        Ok(out)
    }

    fn text(&self, unsubscribe: &str) -> String {
        format!(
            "Your organisation's week at Enrich, {from} to {to} (UTC):\n\n\
             Enrichment: {calls} provider calls, {credits} credits spent.\n\
             Bulk jobs: {submitted} submitted ({records} records), {completed} completed, \
             {failed} failed.\n\
             Campaigns: {delivered} delivered, {opened} opened, {clicked} clicked, {bounced} \
             bounced, {unsubscribed} unsubscribed.\n\n\
             You get this mail because the weekly digest is on in your preferences.\n\
             Stop it: {unsubscribe}\n",
            from = self.from,
            to = self.to,
            calls = self.provider_calls,
            credits = (self.credits * 100.0).round() / 100.0,
            submitted = self.jobs_submitted,
            records = self.job_records,
            completed = self.jobs_completed,
            failed = self.jobs_failed,
            delivered = self.delivered,
            opened = self.opened,
            clicked = self.clicked,
            bounced = self.bounced,
            unsubscribed = self.unsubscribed,
        )
    }
}

/// What one digest run did.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct DigestReport {
    pub tenants: usize,
    pub mailed: usize,
    /// Organisations left for the next run because this one's deadline came near.
    pub unfinished: usize,
}

/// Mails the weekly digest to every user whose Monday 08:00 has come this week and who has not
/// had it (hourly, every organisation). Bounded by the invocation's deadline: organisations not
/// reached are left to the next run, which finds their users still due. `now` (epoch seconds)
/// defaults to the clock's.
pub async fn weekly_digests(state: &AppState, now: Option<i64>) -> Result<DigestReport, ApiError> {
    let now = now.unwrap_or_else(|| kernel::time::now().unix_timestamp());
    let all: Vec<u32> = (0..keys::SHARDS).collect();
    let tenants = crate::tenants(state, &all).await?;
    let mut report = DigestReport::default();
    for (i, tenant) in tenants.iter().enumerate() {
        if platform::worker::out_of_time() {
            report.unfinished = tenants.len() - i;
            break;
        }
        report.tenants += 1;
        match digest_for(state, tenant, now).await {
            Ok(n) => report.mailed += n,
            // One organisation's failure (the transport refusing) does not stop the others.
            Err(e) => tracing::warn!(tenant = %tenant, error = %e, "weekly digest failed"),
        }
    }
    Ok(report)
}

/// One organisation's due digests; the week is read once, and only when someone is due.
pub async fn digest_for(state: &AppState, tenant: &TenantId, now: i64) -> Result<usize, ApiError> {
    let due: Vec<(UserRecord, String)> =
        UserRecord::wanting(&state.store, tenant, Notice::WeeklyDigest)
            .await?
            .into_iter()
            .filter_map(|u| digest_week(&u.preferences.timezone, now).map(|w| (u, w)))
            .collect();
    if due.is_empty() {
        return Ok(0);
    }
    let digest = Digest::of(state, tenant, now).await?;
    let expires = now + KEEP_SECS;
    let mut mailed = 0;
    for (user, week) in due {
        let marker = keys::notice_sent(
            tenant,
            Notice::WeeklyDigest.as_str(),
            &[user.id.as_str(), &week],
        );
        if !crate::persist::claim_notice(state, &marker, expires).await? {
            continue;
        }
        let unsubscribe =
            notices::unsubscribe_url(state, tenant, user.id.as_str(), Notice::WeeklyDigest).await?;
        let mail = mail::Mail::new(
            user.email.clone(),
            &format!("Your week at Enrich ({week})"),
            digest.text(&unsubscribe),
            Notice::WeeklyDigest.as_str(),
        );
        send_or_release(state, &marker, &mail).await?;
        mailed += 1;
    }
    Ok(mailed)
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-12-07 is a Monday.
    const MON_0700_UTC: i64 = 1_796_626_800;

    #[test]
    fn a_digest_is_due_from_monday_eight_in_the_users_own_zone() {
        assert_eq!(digest_week("UTC", MON_0700_UTC), None, "07:00 UTC");
        assert_eq!(
            digest_week("UTC", MON_0700_UTC + 3_600).as_deref(),
            Some("2026-W50")
        );
        // 07:00 UTC is 08:00 in Lagos (UTC+1) and 04:00 in São Paulo (UTC-3).
        assert_eq!(
            digest_week("Africa/Lagos", MON_0700_UTC).as_deref(),
            Some("2026-W50")
        );
        assert_eq!(digest_week("America/Sao_Paulo", MON_0700_UTC), None);
        assert!(digest_week("America/Sao_Paulo", MON_0700_UTC + 4 * 3_600).is_some());
        // Tuesday is past: the week's digest went on Monday (or is made up only that day).
        assert_eq!(digest_week("UTC", MON_0700_UTC + 86_400 + 3_600), None);
        // An unknown zone counts as UTC.
        assert_eq!(
            digest_week("Mars/Olympus", MON_0700_UTC + 3_600),
            digest_week("UTC", MON_0700_UTC + 3_600)
        );
    }
}
