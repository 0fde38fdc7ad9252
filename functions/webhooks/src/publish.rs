//! The event publisher: the table's change stream in, the platform's events out, onto the bus.
//!
//! An event reaches the bus if and only if its change committed: it is read from the change
//! itself (DynamoDB Streams), never published by a second call after the write that a crash
//! could skip. Each change is read by its domain's own reader (the job, entity, key, campaign,
//! contact, alert and subscription persistence modules), mapped to its catalogue event, and put
//! on the bus in calls of at most ten; entries the bus refuses are retried, and a record whose
//! events still did not go is reported as the batch's first failure, so Lambda delivers it and
//! everything after it again. Event ids derive from the stream record's id: a batch delivered
//! again publishes the same ids, and the dispatcher's create-only deliveries send nothing twice.

use kernel::ids::TenantId;
use platform::events::BusEvent;
use platform::worker::stream_changes;
use platform::AppState;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use store::stream::Change;
use store::StoreError;
use webhooks::catalogue::{self, *};

/// A platform event before it is put on the bus.
#[derive(Debug, Clone)]
pub struct PlatformEvent {
    pub tenant: TenantId,
    pub kind: &'static str,
    pub source: &'static str,
    pub data: Value,
}

/// The bus `detail` of an event: the envelope subscribers receive, and the organisation.
#[derive(Debug, Serialize)]
pub struct Detail<'a> {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub timestamp: String,
    pub version: u32,
    pub tenant_id: &'a TenantId,
    pub data: &'a Value,
}

/// `source` of the platform's events on the bus (the dispatch rule matches these).
pub const SOURCES: [&str; 7] = [
    "enrich.people",
    "enrich.jobs",
    "enrich.partners",
    "enrich.campaigns",
    "enrich.operations",
    "enrich.webhooks",
    "enrich.security",
];

fn data<T: Serialize>(v: T) -> Result<Value, StoreError> {
    serde_json::to_value(v).map_err(|e| StoreError::Aws(e.into()))
}

/// `evt_<ULID>`: the change's time and a hash of the stream record id and the event type, so the
/// same change always yields the same id.
pub fn event_id(change: &Change, kind: &str) -> String {
    let mut h = Sha256::new();
    h.update(change.event_id.as_bytes());
    h.update([0]);
    h.update(kind.as_bytes());
    let d = h.finalize();
    let mut random = [0u8; 16];
    random[6..].copy_from_slice(&d[..10]);
    let ms = u64::try_from(change.at).unwrap_or(0) * 1000;
    format!(
        "evt_{}",
        kernel::ids::Ulid::from_parts(ms, u128::from_be_bytes(random))
    )
}

fn changed_fields(
    old: &std::collections::BTreeMap<String, enrichment::merge::Provenance>,
    new: &std::collections::BTreeMap<String, enrichment::merge::Provenance>,
) -> Vec<String> {
    let mut out: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k).is_none_or(|o| o.value != v.value))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(old.keys().filter(|k| !new.contains_key(*k)).cloned());
    out.sort();
    out
}

type Fields = std::collections::BTreeMap<String, enrichment::merge::Provenance>;

/// Each changed field's value and source before and after.
fn field_changes(old: &Fields, new: &Fields, changed: &[String]) -> Vec<FieldChange> {
    changed
        .iter()
        .map(|f| FieldChange {
            field: f.clone(),
            old_value: old.get(f).map(|p| p.value.clone()),
            new_value: new.get(f).map(|p| p.value.clone()),
            old_source: old.get(f).map(|p| p.source.clone()),
            new_source: new.get(f).map(|p| p.source.clone()),
        })
        .collect()
}

fn text(fields: &Fields, f: &str) -> Option<String> {
    fields
        .get(f)
        .and_then(|p| p.value.as_str())
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
}

/// A job change: a title or company that was known and is now different (a value first learnt,
/// or one removed, is not a change of job).
fn job_change(old: &Fields, new: &Fields, id: &str) -> Option<PersonJobChanged> {
    let moved = ["title", "company_name", "company_domain"]
        .iter()
        .any(|f| matches!((text(old, f), text(new, f)), (Some(a), Some(b)) if a != b));
    let raw = |m: &Fields, f: &str| m.get(f).and_then(|p| p.value.as_str()).map(str::to_owned);
    moved.then(|| PersonJobChanged {
        person_id: id.to_owned(),
        old_title: raw(old, "title"),
        new_title: raw(new, "title"),
        old_company_name: raw(old, "company_name"),
        new_company_name: raw(new, "company_name"),
        old_company_domain: raw(old, "company_domain"),
        new_company_domain: raw(new, "company_domain"),
    })
}

/// Statuses that say an address takes no mail (ZeroBounce's and Apollo's words).
const INVALID_STATUSES: &[&str] = &[
    "invalid",
    "undeliverable",
    "spamtrap",
    "abuse",
    "do_not_mail",
];

/// An address that turned invalid: its status became an invalid one, or an enrichment withdrew
/// it (a verifier found it undeliverable). A user deleting the address is not this.
fn email_invalid(
    old: &Fields,
    new: &Fields,
    id: &str,
    enriched: bool,
) -> Option<PersonEmailInvalid> {
    let email = old.get("email").and_then(|p| p.value.as_str())?;
    let invalid = |m: &Fields| {
        text(m, "email_status").is_some_and(|s| INVALID_STATUSES.contains(&s.as_str()))
    };
    let same_address = new.get("email").and_then(|p| p.value.as_str()) == Some(email);
    let status = if same_address && invalid(new) && !invalid(old) {
        text(new, "email_status")?
    } else if enriched && !new.contains_key("email") {
        "removed".to_owned()
    } else {
        return None;
    };
    Some(PersonEmailInvalid {
        person_id: id.to_owned(),
        email: email.to_owned(),
        email_status: status,
    })
}

/// The events of one change (most changes have none: only the item types and transitions the
/// catalogue names do).
pub async fn events_of(
    state: &AppState,
    change: &Change,
) -> Result<Vec<PlatformEvent>, StoreError> {
    let Some(tenant) = change.tenant() else {
        return map_untenanted(change);
    };
    let mut out = Vec::new();
    let mut push = |kind: &'static str, source: &'static str, data: Value| {
        out.push(PlatformEvent {
            tenant: tenant.clone(),
            kind,
            source,
            data,
        })
    };
    if let Some((old, new)) = enrichment::entity_images(change)? {
        use enrichment::records::EntityKind;
        match (old, new) {
            (None, Some(n)) => {
                let changed: Vec<String> = n.fields.keys().cloned().collect();
                let job_id = n.jobs.last().cloned();
                match n.kind {
                    EntityKind::Person => push(
                        "person.enriched",
                        "enrich.people",
                        data(PersonEnriched {
                            person_id: n.id,
                            created: true,
                            changed,
                            job_id,
                        })?,
                    ),
                    EntityKind::Company => push(
                        "company.enriched",
                        "enrich.people",
                        data(CompanyEnriched {
                            company_id: n.id,
                            created: true,
                            changed,
                            job_id,
                        })?,
                    ),
                }
            }
            (Some(o), Some(n)) => {
                let changed = changed_fields(&o.fields, &n.fields);
                let enriched = n.last_enriched_at != o.last_enriched_at;
                let job_id = (n.jobs.last() != o.jobs.last())
                    .then(|| n.jobs.last().cloned())
                    .flatten();
                let changes = field_changes(&o.fields, &n.fields, &changed);
                let cause = if enriched { "enrichment" } else { "edit" }.to_owned();
                match n.kind {
                    EntityKind::Person => {
                        if enriched {
                            push(
                                "person.enriched",
                                "enrich.people",
                                data(PersonEnriched {
                                    person_id: n.id.clone(),
                                    created: false,
                                    changed: changed.clone(),
                                    job_id,
                                })?,
                            );
                        }
                        if !changed.is_empty() {
                            push(
                                "person.updated",
                                "enrich.people",
                                data(PersonUpdated {
                                    person_id: n.id.clone(),
                                    changed: changed.clone(),
                                    changes,
                                    cause,
                                })?,
                            );
                        }
                        if let Some(job) = job_change(&o.fields, &n.fields, &n.id) {
                            push("person.job_changed", "enrich.people", data(job)?);
                        }
                        if let Some(invalid) = email_invalid(&o.fields, &n.fields, &n.id, enriched)
                        {
                            push("person.email_invalid", "enrich.people", data(invalid)?);
                        }
                    }
                    EntityKind::Company => {
                        if enriched {
                            push(
                                "company.enriched",
                                "enrich.people",
                                data(CompanyEnriched {
                                    company_id: n.id.clone(),
                                    created: false,
                                    changed: changed.clone(),
                                    job_id,
                                })?,
                            );
                        }
                        if !changed.is_empty() {
                            push(
                                "company.updated",
                                "enrich.people",
                                data(CompanyUpdated {
                                    company_id: n.id.clone(),
                                    changed,
                                    changes,
                                    cause,
                                })?,
                            );
                        }
                    }
                }
            }
            (Some(o), None) if o.kind == EntityKind::Person => push(
                "person.erased",
                "enrich.people",
                data(PersonErased { person_id: o.id })?,
            ),
            _ => {}
        }
        return Ok(out);
    }
    if let Some((old, Some(n))) = jobs::persist::job_images(change)? {
        use jobs::model::JobStatus;
        let was_finished = old.as_ref().is_some_and(|o| o.status.is_finished());
        let kind = match n.status {
            JobStatus::Completed if !was_finished => Some("job.completed"),
            JobStatus::Failed if !was_finished => Some("job.failed"),
            _ => None,
        };
        if let Some(kind) = kind {
            let view = n.view();
            push(
                kind,
                jobs::finish::EVENT_SOURCE,
                data(JobFinished {
                    job_id: n.id.clone(),
                    status: n.status.as_str().to_owned(),
                    total: n.total,
                    succeeded: n.succeeded,
                    not_found: n.not_found,
                    failed: n.failed,
                    credits_spent: view.credits.total,
                    finished_at: n.finished_at.clone().unwrap_or_default(),
                })?,
            );
        }
        return Ok(out);
    }
    if let Some((old, Some(n))) = campaigns::persist::campaign::campaign_images(change)? {
        use campaigns::lifecycle::State;
        let before = old.as_ref().map(|o| o.status);
        let kind = match n.status {
            State::Running if before != Some(State::Running) => Some("campaign.started"),
            State::Paused if before != Some(State::Paused) => Some("campaign.paused"),
            State::Finished | State::Cancelled
                if !matches!(before, Some(State::Finished | State::Cancelled)) =>
            {
                Some("campaign.finished")
            }
            _ => None,
        };
        if let Some(kind) = kind {
            // The counts live beside the campaign: read them through its module.
            let stats = campaigns::persist::campaign::load_with_stats(state, &tenant, &n.id)
                .await?
                .and_then(|c| c.stats)
                .unwrap_or_default();
            push(
                kind,
                "enrich.campaigns",
                data(CampaignChanged {
                    campaign_id: n.id.clone(),
                    status: serde_json::to_value(n.status)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    sent: stats.sent,
                    failed: stats.failed,
                })?,
            );
        }
        return Ok(out);
    }
    if let Some((Some(o), Some(n))) = campaigns::persist::contact::contact_images(change)? {
        use campaigns::persist::contact::ContactStatus;
        if o.status != ContactStatus::Unsubscribed && n.status == ContactStatus::Unsubscribed {
            push(
                "contact.unsubscribed",
                "enrich.campaigns",
                data(ContactUnsubscribed {
                    contact_id: n.id,
                    campaign_id: None,
                })?,
            );
        }
        return Ok(out);
    }
    if let Some((old, Some(n))) = campaigns::persist::events::event_images(change)? {
        use campaigns::events::{BounceClass, EventKind};
        // Once per event: when its action is taken (the rules ran), with what they did.
        let newly_applied = n.applied && !old.as_ref().is_some_and(|o| o.applied);
        let kind = match n.kind {
            EventKind::Bounced => Some("contact.bounced"),
            EventKind::Complained => Some("contact.complained"),
            _ => None,
        };
        if let (true, Some(kind)) = (newly_applied, kind) {
            push(
                kind,
                "enrich.campaigns",
                data(ContactDeliveryProblem {
                    event_id: n.id.clone(),
                    contact_id: n.contact_id.clone(),
                    email: n.email.clone(),
                    campaign_id: n.campaign_id.clone(),
                    bounce_type: n.bounce.map(|b| {
                        match b {
                            BounceClass::Hard => "hard",
                            BounceClass::Soft => "soft",
                        }
                        .to_owned()
                    }),
                    action: n.action.clone().unwrap_or_else(|| "none".into()),
                    source: n.source.as_str().to_owned(),
                    occurred_at: kernel::time::rfc3339_at(n.at),
                })?,
            );
        }
        return Ok(out);
    }
    if let Some(alert) = access::security::SecurityAlert::raised(change)? {
        push(
            alert.kind.event_type(),
            "enrich.security",
            data(SecurityAlertRaised {
                hour: alert.hour,
                count: alert.count,
                threshold: alert.threshold,
                key_id: alert.key_id,
                country: alert.country,
                known_countries: alert.known_countries,
            })?,
        );
        return Ok(out);
    }
    if let Some(alert) = operations::alert_sent(change)? {
        let kind = serde_json::to_value(alert.reading.kind)
            .ok()
            .and_then(|k| k.as_str().map(alert_event));
        if let Some(kind) = kind {
            push(
                kind,
                operations::alerts::EVENT_SOURCE,
                data(QuotaThresholdReached {
                    provider: alert.reading.provider.to_string(),
                    period: alert.period.clone(),
                    threshold: alert.threshold,
                    used: alert.reading.used,
                    limit: alert.reading.limit,
                    percent_used: alert.reading.percent_used,
                })?,
            );
        }
        return Ok(out);
    }
    if let Some((Some(o), Some(n))) = webhooks::persist::webhook_images(change)? {
        if o.enabled && !n.enabled {
            if let Some(reason) = n.disabled_reason {
                push(
                    "webhook.disabled",
                    "enrich.webhooks",
                    data(WebhookDisabled {
                        webhook_id: n.id.to_string(),
                        reason: reason.as_str().to_owned(),
                        failing_since: n.failing_since.map(kernel::time::rfc3339_at),
                    })?,
                );
            }
        }
        return Ok(out);
    }
    Ok(out)
}

/// The alert event of an alert kind (`quota` or `credits`).
fn alert_event(kind: &str) -> &'static str {
    match kind {
        "credits" => "provider.credits_low",
        _ => "quota.threshold_reached",
    }
}

/// Items outside a tenant's partitions that emit events (API keys live under their hash).
fn map_untenanted(change: &Change) -> Result<Vec<PlatformEvent>, StoreError> {
    use access::partner::KeyStatus;
    let Some((old, Some(n))) = partners::key_images(change)? else {
        return Ok(Vec::new());
    };
    let tenant = n.tenant.clone();
    let event = match old {
        None => Some((
            "api_key.created",
            data(ApiKeyCreated {
                key_id: n.id.to_string(),
                client_id: n.client_id.to_string(),
                prefix: n.prefix.clone(),
                mode: serde_json::to_value(n.mode)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                scopes: n.scopes.clone(),
            })?,
        )),
        Some(o) if o.status != KeyStatus::Revoked && n.status == KeyStatus::Revoked => Some((
            "api_key.revoked",
            data(ApiKeyRevoked {
                key_id: n.id.to_string(),
                client_id: n.client_id.to_string(),
                prefix: n.prefix.clone(),
            })?,
        )),
        _ => None,
    };
    Ok(event
        .map(|(kind, data)| PlatformEvent {
            tenant,
            kind,
            source: "enrich.partners",
            data,
        })
        .into_iter()
        .collect())
}

/// The stream handler: every change's events on the bus; the first change whose events did
/// not all go is reported (with everything after it, Lambda delivers it again).
pub fn dispatch(
    state: &AppState,
    event: aws_lambda_events::dynamodb::Event,
) -> platform::runtime::BoxFuture<
    '_,
    Result<aws_lambda_events::streams::DynamoDbEventResponse, platform::runtime::WorkerError>,
> {
    Box::pin(async move {
        let changes = stream_changes(event);
        let mut entries: Vec<BusEvent> = Vec::new();
        // For each entry, the index of the change it came from.
        let mut origin: Vec<usize> = Vec::new();
        let mut first_failed: Option<usize> = None;
        for (i, (_, change)) in changes.iter().enumerate() {
            match events_of(state, change).await {
                Ok(events) => {
                    for e in events {
                        let detail = Detail {
                            id: event_id(change, e.kind),
                            kind: e.kind,
                            timestamp: kernel::time::rfc3339_at(change.at),
                            version: catalogue::VERSION,
                            tenant_id: &e.tenant,
                            data: &e.data,
                        };
                        entries.push(BusEvent {
                            source: e.source,
                            detail_type: e.kind.to_owned(),
                            detail: serde_json::to_string(&detail)?,
                        });
                        origin.push(i);
                    }
                }
                Err(e) => {
                    // A change that cannot be read now (a read that failed) is tried again.
                    tracing::warn!(error = %e, "a change could not be mapped; it is delivered again");
                    first_failed = Some(i);
                    break;
                }
            }
        }
        let failed = platform::events::put_all(state, &entries).await?;
        let first_unpublished = failed.iter().filter_map(|&e| origin.get(e).copied()).min();
        let first = match (first_failed, first_unpublished) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        tracing::info!(
            changes = changes.len(),
            events = entries.len(),
            unpublished = failed.len(),
            "stream batch"
        );
        let mut response = aws_lambda_events::streams::DynamoDbEventResponse::default();
        if let Some(i) = first {
            let mut failure = aws_lambda_events::streams::DynamoDbBatchItemFailure::default();
            failure.item_identifier = changes.get(i).map(|(seq, _)| seq.clone());
            response.batch_item_failures.push(failure);
        }
        Ok(response)
    })
}
