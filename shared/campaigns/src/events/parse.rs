//! Each sender's event shapes (providers.md) read into one [`Parsed`] shape. Pure: no I/O, so the
//! ingest route can check a body before it queues it and `/v1/inbound/test` can show what it read.
//!
//! An event's id derives from what the sender says about it (a hash of its identifying fields),
//! so a re-posted or redelivered event gets the same id and is applied once.
//!
//! Bounce classes:
//! - SES: `bounceType` `Permanent` is hard; `Transient` and `Undetermined` are soft.
//! - PowerMTA: `bounceCat` `bad-mailbox`, `bad-domain`, `inactive-mailbox` and `invalid-sender`
//!   are hard, and so is an unclassified (`other`, empty) bounce with a `5.1.x` DSN status (bad
//!   address); every other category (`quota-issues`, `spam-related`, `policy-related`,
//!   `message-expired`, `no-answer-from-host`, `routing-errors`, `content-related`, ...) is soft.
//! - MailWizz: `bounce_type` `hard` is hard; `soft` and `internal` are soft.

use super::{BounceClass, EventKind, Parsed, Source};
use kernel::error::FieldError;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Events one request may carry.
pub const MAX_EVENTS: usize = 500;
/// Longest diagnostic kept (a DSN line, a complaint's feedback type).
const MAX_DETAIL: usize = 500;
const MAX_URL: usize = 2_048;

/// What a body held: the events, and the records that were not events of ours (a deferral, a
/// type we do not track), each with why.
#[derive(Debug, Default, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Reading {
    pub events: Vec<Parsed>,
    pub skipped: Vec<Skipped>,
}

/// A record that is not an event the platform tracks.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Skipped {
    /// Its position in the body (0 for a single record).
    pub index: usize,
    pub reason: String,
}

/// Why a body could not be read at all: the fields at fault, for a 422.
pub type Refusal = Vec<FieldError>;

fn event_id(source: Source, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(source.as_str().as_bytes());
    for p in parts {
        h.update([0x1f]);
        h.update(p.as_bytes());
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("evt_{hex}")
}

fn clip(s: &str, n: usize) -> String {
    kernel::text::one_line(s).chars().take(n).collect()
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
}

fn epoch_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => kernel::time::parse_rfc3339(s)
            .map(|t| t.unix_timestamp())
            .or_else(|| s.parse::<i64>().ok())
            .or_else(|| mysql_datetime(s))
            .or_else(|| powermta_time(s)),
        _ => None,
    }
}

/// MailWizz's `2026-12-01 10:00:00` (UTC).
fn mysql_datetime(s: &str) -> Option<i64> {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::PrimitiveDateTime::parse(s, f)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

/// PowerMTA's `timeLogged`: `2026-12-01 10:00:00-0000` (ISO-like with an offset).
fn powermta_time(s: &str) -> Option<i64> {
    let f = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second][offset_hour sign:mandatory][offset_minute]"
    );
    time::OffsetDateTime::parse(s, f)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// A campaign id where a sender carries it: exactly `cmp_…`, or inside `[cmp_…]` in a name.
pub fn campaign_in(text: &str) -> Option<String> {
    let t = text.trim();
    let candidate = match (t.rfind("[cmp_"), t.rfind(']')) {
        (Some(a), Some(b)) if b > a => &t[a + 1..b],
        _ => t,
    };
    candidate
        .parse::<crate::campaign::CampaignId>()
        .ok()
        .map(|c| c.to_string())
}

/// A sender's post: one record (an object) or an array of them. Anything else is refused whole
/// (naming where), since a sender posting numbers or strings is misconfigured, not noisy.
fn records(body: &Value) -> Result<Vec<&Value>, Refusal> {
    let list: Vec<&Value> = match body {
        Value::Array(a) => a.iter().collect(),
        Value::Object(_) => return Ok(vec![body]),
        _ => {
            return Err(vec![FieldError::body(
                "body",
                "invalid",
                "must be a record (an object) or an array of records",
            )])
        }
    };
    let errors: Refusal = list
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_object())
        .map(|(i, _)| FieldError::body(format!("[{i}]"), "invalid", "each record is an object"))
        .collect();
    if let Some(r) = too_many(list.len()) {
        return Err(r);
    }
    if errors.is_empty() {
        Ok(list)
    } else {
        Err(errors)
    }
}

fn too_many(n: usize) -> Option<Refusal> {
    (n > MAX_EVENTS).then(|| {
        vec![FieldError::body(
            "body",
            "too_many",
            format!("at most {MAX_EVENTS} events in one request (got {n})"),
        )]
    })
}

/// Reads a body of `source`. `received_at` dates an event that carries no time.
pub fn read(source: Source, body: &Value, received_at: i64) -> Result<Reading, Refusal> {
    match source {
        Source::Ses => Ok(ses(body, received_at)),
        Source::Mailwizz => mailwizz(body, received_at),
        Source::Powermta => powermta(body, received_at),
        Source::Generic => generic(body, received_at),
    }
}

/// An SES event record (`eventType`, from a configuration set's event destination) or
/// notification (`notificationType`, from an identity's SNS topic); as EventBridge's `detail` or
/// an SNS `Message`.
pub fn ses(record: &Value, received_at: i64) -> Reading {
    let mut out = Reading::default();
    let kind = str_at(record, &["eventType"])
        .or_else(|| str_at(record, &["notificationType"]))
        .unwrap_or_default();
    let Some(message_id) = str_at(record, &["mail", "messageId"]) else {
        out.skipped.push(Skipped {
            index: 0,
            reason: "not an SES event (no mail.messageId)".into(),
        });
        return out;
    };
    let tag = |name: &str| {
        record
            .get("mail")
            .and_then(|m| m.get("tags"))
            .and_then(|t| t.get(name))
            .and_then(|v| v.get(0))
            .and_then(Value::as_str)
    };
    let campaign_id = tag("campaign").and_then(campaign_in);
    let profile_id = tag("profile")
        .filter(|p| p.starts_with("snd_"))
        .map(str::to_owned);
    let destination: Vec<&str> = record
        .get("mail")
        .and_then(|m| m.get("destination"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let recipients_of = |section: &str, field: &str| -> Vec<String> {
        record
            .get(section)
            .and_then(|s| s.get(field))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|r| {
                        r.get("emailAddress")
                            .and_then(Value::as_str)
                            .or_else(|| r.as_str())
                            .map(str::to_owned)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let at_of = |section: &str| {
        epoch_of(record.get(section).and_then(|s| s.get("timestamp"))).unwrap_or(received_at)
    };
    // What dates the event in its id: the sender's own timestamp, never the time it reached us
    // (a redelivery must get the same id).
    let stamp_of = |section: &str| {
        record
            .get(section)
            .and_then(|s| s.get("timestamp"))
            .map(Value::to_string)
            .unwrap_or_default()
    };
    let section = match kind {
        "Delivery" => "delivery",
        "Open" => "open",
        "Click" => "click",
        "Bounce" => "bounce",
        "Complaint" => "complaint",
        _ => "",
    };
    let stamp = stamp_of(section);
    let (event, recipients, bounce, url, detail, at) = match kind {
        "Delivery" => {
            let mut r = recipients_of("delivery", "recipients");
            if r.is_empty() {
                r = destination.iter().map(|s| (*s).to_owned()).collect();
            }
            (EventKind::Delivered, r, None, None, None, at_of("delivery"))
        }
        "Open" => (
            EventKind::Opened,
            destination.iter().map(|s| (*s).to_owned()).collect(),
            None,
            None,
            None,
            at_of("open"),
        ),
        "Click" => (
            EventKind::Clicked,
            destination.iter().map(|s| (*s).to_owned()).collect(),
            None,
            str_at(record, &["click", "link"]).map(|l| clip(l, MAX_URL)),
            None,
            at_of("click"),
        ),
        "Bounce" => {
            let class = match str_at(record, &["bounce", "bounceType"]) {
                Some("Permanent") => BounceClass::Hard,
                _ => BounceClass::Soft,
            };
            let detail = str_at(record, &["bounce", "bounceSubType"]).map(|s| clip(s, MAX_DETAIL));
            (
                EventKind::Bounced,
                recipients_of("bounce", "bouncedRecipients"),
                Some(class),
                None,
                detail,
                at_of("bounce"),
            )
        }
        "Complaint" => (
            EventKind::Complained,
            recipients_of("complaint", "complainedRecipients"),
            None,
            None,
            str_at(record, &["complaint", "complaintFeedbackType"]).map(|s| clip(s, MAX_DETAIL)),
            at_of("complaint"),
        ),
        other => {
            // Send, Reject, Rendering Failure, DeliveryDelay, Subscription: nothing happened to
            // a recipient that the platform counts.
            out.skipped.push(Skipped {
                index: 0,
                reason: format!("SES {other:?} events are not recipient events"),
            });
            return out;
        }
    };
    for email in recipients {
        let Some(email) = kernel::text::normalise_email(&email) else {
            continue;
        };
        let extra = url.clone().unwrap_or_else(|| stamp.clone());
        out.events.push(Parsed {
            id: event_id(Source::Ses, &[message_id, event.as_str(), &email, &extra]),
            kind: event,
            bounce,
            email,
            campaign_id: campaign_id.clone(),
            message_id: Some(message_id.to_owned()),
            url: url.clone(),
            at,
            source: Source::Ses,
            profile_id: profile_id.clone(),
            detail: detail.clone(),
        });
    }
    out
}

/// MailWizz webhook posts (one object, or an array of them).
fn mailwizz(body: &Value, received_at: i64) -> Result<Reading, Refusal> {
    let list = records(body)?;
    let mut out = Reading::default();
    for (index, rec) in list.into_iter().enumerate() {
        let skip = |reason: &str| Skipped {
            index,
            reason: reason.into(),
        };
        let Some(kind_text) = str_at(rec, &["event", "type"]) else {
            out.skipped.push(skip("no event.type"));
            continue;
        };
        let (kind, bounce) = match kind_text {
            "open" => (EventKind::Opened, None),
            "click" => (EventKind::Clicked, None),
            "unsubscribe" => (EventKind::Unsubscribed, None),
            "complaint" | "abuse-report" => (EventKind::Complained, None),
            "bounce" => (
                EventKind::Bounced,
                Some(match str_at(rec, &["event", "bounce_type"]) {
                    Some("hard") => BounceClass::Hard,
                    _ => BounceClass::Soft,
                }),
            ),
            other => {
                out.skipped
                    .push(skip(&format!("MailWizz {other:?} events are not tracked")));
                continue;
            }
        };
        let Some(email) = str_at(rec, &["subscriber", "attributes", "email"])
            .and_then(kernel::text::normalise_email)
        else {
            out.skipped
                .push(skip("no valid subscriber.attributes.email"));
            continue;
        };
        let uid = str_at(rec, &["campaign", "attributes", "campaign_uid"]).unwrap_or_default();
        let campaign_id = str_at(rec, &["campaign", "attributes", "name"]).and_then(campaign_in);
        let date = str_at(rec, &["event", "date_added"]).unwrap_or_default();
        let at = epoch_of(rec.get("event").and_then(|e| e.get("date_added")))
            .or_else(|| epoch_of(rec.get("timestamp")))
            .unwrap_or(received_at);
        let url = str_at(rec, &["event", "url"])
            .or_else(|| str_at(rec, &["event", "link"]))
            .map(|u| clip(u, MAX_URL));
        let subscriber =
            str_at(rec, &["subscriber", "attributes", "subscriber_uid"]).unwrap_or(email.as_str());
        let stamp = rec
            .get("timestamp")
            .map(Value::to_string)
            .unwrap_or_default();
        out.events.push(Parsed {
            id: event_id(
                Source::Mailwizz,
                &[
                    uid,
                    subscriber,
                    kind_text,
                    date,
                    &stamp,
                    url.as_deref().unwrap_or_default(),
                ],
            ),
            kind,
            bounce,
            email,
            campaign_id,
            message_id: None,
            url,
            at,
            source: Source::Mailwizz,
            profile_id: None,
            detail: str_at(rec, &["event", "message"]).map(|s| clip(s, MAX_DETAIL)),
        });
    }
    Ok(out)
}

fn powermta_class(category: &str, dsn_status: &str) -> BounceClass {
    match category {
        "bad-mailbox" | "bad-domain" | "inactive-mailbox" | "invalid-sender" => BounceClass::Hard,
        "" | "other" | "unknown" if dsn_status.starts_with("5.1.") => BounceClass::Hard,
        _ => BounceClass::Soft,
    }
}

/// PowerMTA HTTP accounting: a JSON array of records (or one record).
fn powermta(body: &Value, received_at: i64) -> Result<Reading, Refusal> {
    let list = records(body)?;
    let mut out = Reading::default();
    for (index, rec) in list.into_iter().enumerate() {
        let skip = |reason: String| Skipped { index, reason };
        let ty = str_at(rec, &["type"]).unwrap_or_default();
        let category = str_at(rec, &["bounceCat"]).unwrap_or_default();
        let dsn_status = str_at(rec, &["dsnStatus"]).unwrap_or_default();
        let (kind, bounce) = match ty {
            "d" => (EventKind::Delivered, None),
            "b" | "rb" => (
                EventKind::Bounced,
                Some(powermta_class(category, dsn_status)),
            ),
            "f" => (EventKind::Complained, None),
            "t" => {
                out.skipped
                    .push(skip("a deferral (type t): PowerMTA tries again".into()));
                continue;
            }
            other => {
                out.skipped.push(skip(format!(
                    "PowerMTA records of type {other:?} are not tracked"
                )));
                continue;
            }
        };
        let Some(email) = str_at(rec, &["rcpt"]).and_then(kernel::text::normalise_email) else {
            out.skipped.push(skip("no valid rcpt".into()));
            continue;
        };
        let job = str_at(rec, &["jobId"]).unwrap_or_default();
        let logged = str_at(rec, &["timeLogged"]).unwrap_or_default();
        let at = epoch_of(rec.get("timeLogged")).unwrap_or(received_at);
        let detail = str_at(rec, &["dsnDiag"])
            .filter(|d| !d.is_empty())
            .map(|d| clip(&format!("{dsn_status} {d}"), MAX_DETAIL))
            .or_else(|| (!category.is_empty()).then(|| category.to_owned()));
        out.events.push(Parsed {
            id: event_id(Source::Powermta, &[ty, logged, &email, job, dsn_status]),
            kind,
            bounce,
            email,
            campaign_id: campaign_in(job),
            message_id: str_at(rec, &["header_Message-Id"]).map(|m| clip(m, 200)),
            url: None,
            at,
            source: Source::Powermta,
            profile_id: None,
            detail,
        });
    }
    Ok(out)
}

/// A string field of 1 to `max` characters, absent or null as `None`.
fn text_field(
    obj: &serde_json::Map<String, Value>,
    f: &str,
    max: usize,
) -> Result<Option<String>, String> {
    match obj.get(f) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= max => {
            Ok(Some(s.trim().to_owned()))
        }
        Some(_) => Err(format!("a string of 1 to {max} characters")),
    }
}

/// The platform's own shape (documented in the README): `{"events": [...]}`, an array, or one
/// event. Every event must be valid: a sender that can sign can also be told what it got wrong.
fn generic(body: &Value, received_at: i64) -> Result<Reading, Refusal> {
    let (list, prefix): (Vec<&Value>, &str) = match body.get("events") {
        Some(Value::Array(a)) => (a.iter().collect(), "events"),
        Some(_) => {
            return Err(vec![FieldError::body(
                "events",
                "invalid",
                "must be an array of events",
            )])
        }
        None => match body {
            Value::Array(a) => (a.iter().collect(), ""),
            Value::Object(_) => (vec![body], ""),
            _ => {
                return Err(vec![FieldError::body(
                    "body",
                    "invalid",
                    "must be an object with `events`, an array of events, or one event",
                )])
            }
        },
    };
    if let Some(r) = too_many(list.len()) {
        return Err(r);
    }
    let mut errors = Vec::new();
    let mut out = Reading::default();
    for (i, rec) in list.into_iter().enumerate() {
        let at_field = |f: &str| {
            if prefix.is_empty() && body.is_object() {
                f.to_owned()
            } else if prefix.is_empty() {
                format!("[{i}].{f}")
            } else {
                format!("{prefix}[{i}].{f}")
            }
        };
        let before = errors.len();
        let Some(obj) = rec.as_object() else {
            errors.push(FieldError::body(
                at_field("type"),
                "invalid",
                "each event is an object",
            ));
            continue;
        };
        for k in obj.keys() {
            if !matches!(
                k.as_str(),
                "id" | "type"
                    | "email"
                    | "campaign_id"
                    | "message_id"
                    | "url"
                    | "bounce_type"
                    | "timestamp"
                    | "reason"
            ) {
                errors.push(FieldError::body(
                    at_field(k),
                    "unknown",
                    "not a field of an event",
                ));
            }
        }
        let kind = match obj.get("type").and_then(Value::as_str) {
            Some(t) => match EventKind::parse(t) {
                Some(k) => Some(k),
                None => {
                    errors.push(FieldError::body(
                        at_field("type"),
                        "invalid",
                        "one of delivered, opened, clicked, bounced, complained, unsubscribed",
                    ));
                    None
                }
            },
            None => {
                errors.push(FieldError::body(
                    at_field("type"),
                    "required",
                    "an event type is required",
                ));
                None
            }
        };
        let email = match obj.get("email").and_then(Value::as_str) {
            Some(e) => match kernel::text::normalise_email(e) {
                Some(e) => Some(e),
                None => {
                    errors.push(FieldError::body(
                        at_field("email"),
                        "invalid",
                        "not an email address",
                    ));
                    None
                }
            },
            None => {
                errors.push(FieldError::body(
                    at_field("email"),
                    "required",
                    "the recipient's address is required",
                ));
                None
            }
        };
        let mut text = |f: &str, max: usize| -> Option<String> {
            match text_field(obj, f, max) {
                Ok(v) => v,
                Err(message) => {
                    errors.push(FieldError::body(at_field(f), "invalid", message));
                    None
                }
            }
        };
        let sender_id = text("id", 200);
        let message_id = text("message_id", 200);
        let reason = text("reason", MAX_DETAIL);
        let campaign_text = text("campaign_id", 40);
        let url_text = text("url", MAX_URL);
        let campaign_id = match campaign_text {
            Some(c) => match campaign_in(&c) {
                Some(c) => Some(c),
                None => {
                    errors.push(FieldError::body(
                        at_field("campaign_id"),
                        "invalid",
                        "a campaign id (cmp_…)",
                    ));
                    None
                }
            },
            None => None,
        };
        let url = match url_text {
            Some(u)
                if url::Url::parse(&u).is_ok_and(|p| matches!(p.scheme(), "http" | "https")) =>
            {
                Some(u)
            }
            Some(_) => {
                errors.push(FieldError::body(
                    at_field("url"),
                    "invalid",
                    "an http(s) URL",
                ));
                None
            }
            None => None,
        };
        let bounce = match (kind, obj.get("bounce_type").and_then(Value::as_str)) {
            (Some(EventKind::Bounced), Some("hard")) => Some(BounceClass::Hard),
            (Some(EventKind::Bounced), Some("soft")) => Some(BounceClass::Soft),
            (Some(EventKind::Bounced), None) => {
                errors.push(FieldError::body(
                    at_field("bounce_type"),
                    "required",
                    "hard or soft, for a bounce",
                ));
                None
            }
            (_, None) => None,
            (Some(EventKind::Bounced), Some(_)) => {
                errors.push(FieldError::body(
                    at_field("bounce_type"),
                    "invalid",
                    "hard or soft",
                ));
                None
            }
            (_, Some(_)) => {
                errors.push(FieldError::body(
                    at_field("bounce_type"),
                    "invalid",
                    "only a bounce has a bounce_type",
                ));
                None
            }
        };
        let at = match obj.get("timestamp") {
            None | Some(Value::Null) => Some(received_at),
            Some(Value::String(s)) => {
                let t = kernel::time::parse_rfc3339(s).map(|t| t.unix_timestamp());
                if t.is_none() {
                    errors.push(FieldError::body(
                        at_field("timestamp"),
                        "invalid",
                        "an RFC 3339 date-time",
                    ));
                }
                t
            }
            Some(_) => {
                errors.push(FieldError::body(
                    at_field("timestamp"),
                    "invalid",
                    "an RFC 3339 date-time",
                ));
                None
            }
        };
        if errors.len() > before {
            continue;
        }
        let (Some(kind), Some(email), Some(at)) = (kind, email, at) else {
            continue;
        };
        let id = match &sender_id {
            Some(s) => event_id(Source::Generic, &[s]),
            None => event_id(
                Source::Generic,
                &[
                    kind.as_str(),
                    &email,
                    campaign_id.as_deref().unwrap_or_default(),
                    message_id.as_deref().unwrap_or_default(),
                    url.as_deref().unwrap_or_default(),
                    &obj.get("timestamp")
                        .map(Value::to_string)
                        .unwrap_or_default(),
                ],
            ),
        };
        out.events.push(Parsed {
            id,
            kind,
            bounce,
            email,
            campaign_id,
            message_id,
            url,
            at,
            source: Source::Generic,
            profile_id: None,
            detail: reason.map(|r| clip(&r, MAX_DETAIL)),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_764_000_000;

    #[test]
    fn ses_records_become_one_event_per_recipient_with_their_class() {
        let bounce = json!({"eventType": "Bounce",
            "mail": {"messageId": "m-1", "destination": ["a@x.co", "b@x.co"],
                     "tags": {"campaign": ["cmp_01J9Z3K8Q4X2V7M5N6B8C9D0EF"], "profile": ["snd_1"]}},
            "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                       "bouncedRecipients": [{"emailAddress": "A@x.co"}, {"emailAddress": "b@x.co"}],
                       "timestamp": "2026-12-01T10:00:00Z"}});
        let r = ses(&bounce, NOW);
        assert_eq!(r.events.len(), 2);
        assert!(r.events.iter().all(|e| e.kind == EventKind::Bounced
            && e.bounce == Some(BounceClass::Hard)
            && e.campaign_id.as_deref() == Some("cmp_01J9Z3K8Q4X2V7M5N6B8C9D0EF")
            && e.profile_id.as_deref() == Some("snd_1")));
        assert_eq!(r.events[0].email, "a@x.co");
        assert_ne!(r.events[0].id, r.events[1].id);
        assert_eq!(
            ses(&bounce, NOW + 99).events[0].id,
            r.events[0].id,
            "same event, same id"
        );
        let mut untimed = bounce.clone();
        untimed["bounce"]
            .as_object_mut()
            .unwrap()
            .remove("timestamp");
        assert_eq!(
            ses(&untimed, NOW).events[0].id,
            ses(&untimed, NOW + 99).events[0].id
        );
        for (ty, class) in [
            ("Transient", BounceClass::Soft),
            ("Undetermined", BounceClass::Soft),
        ] {
            let mut b = bounce.clone();
            b["bounce"]["bounceType"] = json!(ty);
            assert_eq!(ses(&b, NOW).events[0].bounce, Some(class));
        }
        let click = json!({"eventType": "Click", "mail": {"messageId": "m-2", "destination": ["c@x.co"]},
            "click": {"link": "https://acme.com/p", "timestamp": "2026-12-01T10:00:00Z"}});
        let r = ses(&click, NOW);
        assert_eq!(
            (r.events[0].kind, r.events[0].url.as_deref()),
            (EventKind::Clicked, Some("https://acme.com/p"))
        );
        let complaint = json!({"notificationType": "Complaint", "mail": {"messageId": "m-3"},
            "complaint": {"complainedRecipients": [{"emailAddress": "d@x.co"}], "complaintFeedbackType": "abuse"}});
        let r = ses(&complaint, NOW);
        assert_eq!(
            (r.events[0].kind, r.events[0].detail.as_deref()),
            (EventKind::Complained, Some("abuse"))
        );
        for skipped in ["Send", "Reject", "Rendering Failure", "DeliveryDelay"] {
            let r = ses(
                &json!({"eventType": skipped, "mail": {"messageId": "m"}}),
                NOW,
            );
            assert!(r.events.is_empty() && r.skipped.len() == 1, "{skipped}");
        }
    }

    #[test]
    fn mailwizz_posts_find_their_campaign_by_its_name() {
        let post = json!({"event": {"type": "click", "ip_address": "1.2.3.4", "user_agent": "UA",
                "date_added": "2026-12-01 10:00:00", "url": "https://acme.com/offer"},
            "timestamp": 1796119200,
            "list": {"attributes": {"list_uid": "lu1"}},
            "subscriber": {"attributes": {"subscriber_uid": "su1", "email": "Ana@Globex.com", "status": "confirmed"}},
            "campaign": {"attributes": {"campaign_uid": "cu1", "name": "Spring [cmp_01J9Z3K8Q4X2V7M5N6B8C9D0EF]"}}});
        let r = read(
            Source::Mailwizz,
            &json!([post.clone(), {"event": {"type": "subscribe"}}]),
            NOW,
        )
        .unwrap();
        assert_eq!(r.events.len(), 1);
        assert_eq!(r.skipped.len(), 1);
        let e = &r.events[0];
        assert_eq!(e.kind, EventKind::Clicked);
        assert_eq!(e.email, "ana@globex.com");
        assert_eq!(
            e.campaign_id.as_deref(),
            Some("cmp_01J9Z3K8Q4X2V7M5N6B8C9D0EF")
        );
        assert_eq!(e.at, 1_796_119_200);
        let mut bounce = post.clone();
        bounce["event"] = json!({"type": "bounce", "bounce_type": "internal", "date_added": "2026-12-01 10:00:00"});
        assert_eq!(
            read(Source::Mailwizz, &bounce, NOW).unwrap().events[0].bounce,
            Some(BounceClass::Soft)
        );
        bounce["event"]["bounce_type"] = json!("hard");
        assert_eq!(
            read(Source::Mailwizz, &bounce, NOW).unwrap().events[0].bounce,
            Some(BounceClass::Hard)
        );
    }

    #[test]
    fn powermta_classes_follow_bounce_category_and_dsn_status() {
        let rec = |ty: &str, cat: &str, dsn: &str| {
            json!({"type": ty, "timeLogged": "2026-12-01 10:00:00-0000", "orig": "news@acme.com",
                   "rcpt": "ana@globex.com", "dsnAction": "failed", "dsnStatus": dsn,
                   "dsnDiag": "smtp; 550 5.1.1 user unknown", "bounceCat": cat,
                   "jobId": "cmp_01J9Z3K8Q4X2V7M5N6B8C9D0EF", "vmta": "pool-1"})
        };
        let body = json!([
            rec("b", "bad-mailbox", "5.1.1"),
            rec("b", "quota-issues", "4.2.2"),
            rec("b", "other", "5.1.2"),
            rec("b", "spam-related", "5.7.1"),
            rec("d", "", "2.0.0"),
            rec("t", "", "4.0.0"),
            rec("f", "", ""),
        ]);
        let r = read(Source::Powermta, &body, NOW).unwrap();
        let classes: Vec<_> = r.events.iter().map(|e| (e.kind, e.bounce)).collect();
        assert_eq!(
            classes,
            vec![
                (EventKind::Bounced, Some(BounceClass::Hard)),
                (EventKind::Bounced, Some(BounceClass::Soft)),
                (EventKind::Bounced, Some(BounceClass::Hard)),
                (EventKind::Bounced, Some(BounceClass::Soft)),
                (EventKind::Delivered, None),
                (EventKind::Complained, None),
            ]
        );
        assert_eq!(r.skipped.len(), 1, "the deferral");
        assert_eq!(r.events[0].at, 1_796_119_200);
        assert_eq!(
            r.events[0].campaign_id.as_deref(),
            Some("cmp_01J9Z3K8Q4X2V7M5N6B8C9D0EF")
        );
        let again = read(Source::Powermta, &body, NOW + 5).unwrap();
        assert_eq!(again.events, r.events, "a re-post reads as the same events");
        let many = json!((0..=MAX_EVENTS)
            .map(|_| rec("d", "", "2.0.0"))
            .collect::<Vec<_>>());
        assert!(read(Source::Powermta, &many, NOW).is_err());
    }

    #[test]
    fn a_post_that_is_not_records_is_refused_naming_where() {
        let fields = |source, body: Value| -> Vec<String> {
            read(source, &body, NOW)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(Source::Powermta, json!(19.5)), ["body"]);
        assert_eq!(fields(Source::Mailwizz, json!("bounce")), ["body"]);
        assert_eq!(
            fields(Source::Powermta, json!([{"type": "d"}, 3, null])),
            ["[1]", "[2]"]
        );
        assert_eq!(fields(Source::Generic, json!(true)), ["body"]);
        assert!(read(Source::Powermta, &json!([]), NOW).is_ok());
    }

    #[test]
    fn the_generic_shape_names_every_field_at_fault() {
        let ok = json!({"events": [{"type": "bounced", "email": "a@x.co", "bounce_type": "hard",
            "campaign_id": "cmp_01J9Z3K8Q4X2V7M5N6B8C9D0EF", "timestamp": "2026-12-01T10:00:00Z", "id": "s-1"}]});
        let r = read(Source::Generic, &ok, NOW).unwrap();
        assert_eq!(r.events[0].bounce, Some(BounceClass::Hard));
        let bad = json!({"events": [
            {"type": "bounced", "email": "a@x.co"},
            {"type": "exploded", "email": "nope", "url": "javascript:alert(1)", "extra": 1},
            {"type": "opened", "email": "b@x.co", "bounce_type": "hard", "timestamp": "yesterday"}]});
        let errors = read(Source::Generic, &bad, NOW).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "events[0].bounce_type",
            "events[1].type",
            "events[1].email",
            "events[1].url",
            "events[1].extra",
            "events[2].bounce_type",
            "events[2].timestamp",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let single = json!({"type": "opened", "email": "b@x.co"});
        assert_eq!(
            read(Source::Generic, &single, NOW).unwrap().events[0].at,
            NOW
        );
        assert_eq!(
            read(Source::Generic, &single, NOW).unwrap().events[0].id,
            read(Source::Generic, &single, NOW + 60).unwrap().events[0].id,
            "a re-post a minute later is the same event"
        );
        let e = read(Source::Generic, &json!({"type": "opened"}), NOW).unwrap_err();
        assert_eq!(e[0].field, "email");
    }
}
