//! The event catalogue: every event type the platform emits, what it means, and the type of its
//! `data`. An event is `{id, type, timestamp, data, version}`; `data` carries ids and the names of
//! changed fields, never a provider's raw answer, a secret or an address book's worth of personal
//! data (a subscriber reads the record through the API when it needs more).
//!
//! The JSON Schema each type serves is generated from the Rust type that builds the payload, so the
//! catalogue and what is sent cannot disagree; a test builds every example and checks it against
//! its schema's properties.

use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

/// The version of the event envelope and of every `data` shape below. A change that removes or
/// retypes a field is a new version; adding a field is not.
pub const VERSION: u32 = 1;

/// One event as subscribers receive it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Envelope<T> {
    /// `evt_…`, the same on every delivery attempt of it to every subscriber.
    pub id: String,
    /// The event type (`person.enriched`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// When the change committed (RFC 3339).
    pub timestamp: String,
    pub data: T,
    pub version: u32,
}

/// A person was enriched (looked up at providers or in the cache) and stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonEnriched {
    pub person_id: String,
    /// Whether the record is new.
    pub created: bool,
    /// Fields whose value changed.
    pub changed: Vec<String>,
    /// The bulk job that enriched it, if one did.
    pub job_id: Option<String>,
}

/// One field's change: its value and source before and after (`null` when it had none, or has
/// none now).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldChange {
    pub field: String,
    #[schema(value_type = Object)]
    pub old_value: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub new_value: Option<serde_json::Value>,
    /// A provider name, `user` or `input`.
    pub old_source: Option<String>,
    pub new_source: Option<String>,
}

/// A person's fields changed: an edit through the API, or an enrichment or scheduled refresh
/// that found different values.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonUpdated {
    pub person_id: String,
    pub changed: Vec<String>,
    /// Each changed field's old and new value and source.
    pub changes: Vec<FieldChange>,
    /// `edit` (through the API) or `enrichment` (a lookup, bulk job or scheduled refresh).
    pub cause: String,
}

/// A person's job changed: a different title or company than the one stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonJobChanged {
    pub person_id: String,
    pub old_title: Option<String>,
    pub new_title: Option<String>,
    pub old_company_name: Option<String>,
    pub new_company_name: Option<String>,
    pub old_company_domain: Option<String>,
    pub new_company_domain: Option<String>,
}

/// A stored person's address turned out undeliverable (a verifier said so, or a refresh found it
/// invalid); a contact holding it gets the organisation's invalid-address rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonEmailInvalid {
    pub person_id: String,
    pub email: String,
    /// What the record says now: the status a provider gave (`invalid`, …), or `removed` when
    /// the address was withdrawn from the record.
    pub email_status: String,
}

/// A person was erased everywhere (a data-subject request).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonErased {
    pub person_id: String,
}

/// A company was enriched and stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyEnriched {
    pub company_id: String,
    pub created: bool,
    pub changed: Vec<String>,
    pub job_id: Option<String>,
}

/// A company's fields changed (an edit, or an enrichment or refresh that found different values).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyUpdated {
    pub company_id: String,
    pub changed: Vec<String>,
    pub changes: Vec<FieldChange>,
    /// `edit` or `enrichment`.
    pub cause: String,
}

/// A bulk job ended (`job.completed`: every record was processed; `job.failed`: it stopped).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobFinished {
    pub job_id: String,
    /// `completed` or `failed`.
    pub status: String,
    pub total: u64,
    pub succeeded: u64,
    pub not_found: u64,
    pub failed: u64,
    pub credits_spent: f64,
    pub finished_at: String,
}

/// An API key was issued.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiKeyCreated {
    pub key_id: String,
    pub client_id: String,
    /// The visible start of the key (never the key).
    pub prefix: String,
    /// `live` or `test`.
    pub mode: String,
    pub scopes: Vec<String>,
}

/// An API key was revoked (by a user, or with its client).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiKeyRevoked {
    pub key_id: String,
    pub client_id: String,
    pub prefix: String,
}

/// A campaign started, paused or finished.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignChanged {
    pub campaign_id: String,
    /// The campaign's status after the change.
    pub status: String,
    pub sent: u64,
    pub failed: u64,
}

/// A contact unsubscribed (one-click link, list-unsubscribe or an API change).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactUnsubscribed {
    pub contact_id: String,
    /// The campaign whose message carried the link, if one did.
    pub campaign_id: Option<String>,
}

/// A message to a contact bounced or drew a complaint, as its sender reported it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactDeliveryProblem {
    /// The delivery event (`GET /v1/contacts/{contact_id}/events`).
    pub event_id: String,
    /// The contact holding the address, if one does.
    pub contact_id: Option<String>,
    pub email: String,
    pub campaign_id: Option<String>,
    /// `hard` or `soft`, for a bounce.
    pub bounce_type: Option<String>,
    /// What the organisation's bounce rules did: `none`, `unsubscribe`, `suppress` or `delete`.
    pub action: String,
    /// `ses`, `mailwizz`, `powermta` or `generic`.
    pub source: String,
    pub occurred_at: String,
}

/// A webhook subscription was disabled by the platform.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookDisabled {
    pub webhook_id: String,
    /// `gone` (the endpoint answered 410) or `failing` (no success for 5 days).
    pub reason: String,
    /// Since when every attempt failed (RFC 3339), for `failing`.
    pub failing_since: Option<String>,
}

/// A security alert about the organisation (`security.repeated_lockouts`,
/// `security.credential_refusals`, `security.new_country`). Ids, counts and country codes only.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SecurityAlertRaised {
    /// The UTC hour it was raised in (`2026-12-06T16`).
    pub hour: String,
    /// Counted kinds: how many in that hour when the threshold was reached.
    pub count: Option<u64>,
    pub threshold: Option<u64>,
    /// `security.new_country`: the API key and the country (ISO 3166 alpha-2) it was used from,
    /// and the countries it was used from before.
    pub key_id: Option<String>,
    pub country: Option<String>,
    pub known_countries: Vec<String>,
}

fn counted_alert() -> serde_json::Value {
    example(SecurityAlertRaised {
        hour: "2026-12-06T16".into(),
        count: Some(20),
        threshold: Some(20),
        key_id: None,
        country: None,
        known_countries: Vec::new(),
    })
}

/// A test event, sent on request to one subscription.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookTest {
    pub webhook_id: String,
    pub message: String,
}

/// A provider's monthly quota crossed one of the organisation's alert thresholds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuotaThresholdReached {
    pub provider: String,
    /// `YYYY-MM`.
    pub period: String,
    /// The threshold crossed, in percent.
    pub threshold: u8,
    pub used: f64,
    pub limit: f64,
    pub percent_used: f64,
}

/// One entry of the catalogue.
pub struct EventType {
    pub name: &'static str,
    pub description: &'static str,
    /// The JSON Schema of `data`.
    pub schema: fn() -> RefOr<Schema>,
    /// A valid `data`, for documentation and tests.
    pub example: fn() -> serde_json::Value,
}

fn example<T: Serialize>(v: T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn person_enriched() -> serde_json::Value {
    example(PersonEnriched {
        person_id: "per_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
        created: false,
        changed: vec!["title".into()],
        job_id: None,
    })
}

fn job_finished() -> serde_json::Value {
    example(JobFinished {
        job_id: "job_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
        status: "completed".into(),
        total: 1000,
        succeeded: 930,
        not_found: 65,
        failed: 5,
        credits_spent: 930.0,
        finished_at: "2026-12-05T10:00:00Z".into(),
    })
}

fn contact_problem(bounce_type: Option<&str>, action: &str) -> serde_json::Value {
    example(ContactDeliveryProblem {
        event_id: "evt_5f0c6a1d9e2b4c7a8d3e1f0a2b4c6d8e".into(),
        contact_id: Some("con_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into()),
        email: "ana.souza@globex.com".into(),
        campaign_id: Some("cmp_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into()),
        bounce_type: bounce_type.map(str::to_owned),
        action: action.into(),
        source: "ses".into(),
        occurred_at: "2026-12-01T10:00:00Z".into(),
    })
}

fn campaign_changed() -> serde_json::Value {
    example(CampaignChanged {
        campaign_id: "cmp_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
        status: "running".into(),
        sent: 0,
        failed: 0,
    })
}

fn threshold() -> serde_json::Value {
    example(QuotaThresholdReached {
        provider: "apollo".into(),
        period: "2026-12".into(),
        threshold: 80,
        used: 8_000.0,
        limit: 10_000.0,
        percent_used: 80.0,
    })
}

/// Every event type, by name.
pub const EVENTS: &[EventType] = &[
    EventType {
        name: "person.enriched",
        description: "A person was enriched and stored (a single lookup or a bulk job's record).",
        schema: PersonEnriched::schema,
        example: person_enriched,
    },
    EventType {
        name: "person.updated",
        description: "A person's fields changed (an edit, an enrichment or a scheduled refresh), with each field's old and new value and source.",
        schema: PersonUpdated::schema,
        example: || {
            example(PersonUpdated {
                person_id: "per_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                changed: vec!["title".into()],
                changes: vec![FieldChange {
                    field: "title".into(),
                    old_value: Some("Head of Sales".into()),
                    new_value: Some("VP Sales".into()),
                    old_source: Some("pdl".into()),
                    new_source: Some("apollo".into()),
                }],
                cause: "enrichment".into(),
            })
        },
    },
    EventType {
        name: "person.job_changed",
        description: "A person's title or company changed from the one stored.",
        schema: PersonJobChanged::schema,
        example: || {
            example(PersonJobChanged {
                person_id: "per_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                old_title: Some("Head of Sales".into()),
                new_title: Some("VP Sales".into()),
                old_company_name: Some("Acme".into()),
                new_company_name: Some("Globex".into()),
                old_company_domain: Some("acme.com".into()),
                new_company_domain: Some("globex.com".into()),
            })
        },
    },
    EventType {
        name: "person.email_invalid",
        description: "A stored person's address turned out undeliverable; a contact holding it gets the organisation's invalid-address rule.",
        schema: PersonEmailInvalid::schema,
        example: || {
            example(PersonEmailInvalid {
                person_id: "per_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                email: "jane@acme.com".into(),
                email_status: "invalid".into(),
            })
        },
    },
    EventType {
        name: "person.erased",
        description: "A person was erased everywhere (a data-subject request).",
        schema: PersonErased::schema,
        example: || {
            example(PersonErased {
                person_id: "per_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
            })
        },
    },
    EventType {
        name: "company.enriched",
        description: "A company was enriched and stored.",
        schema: CompanyEnriched::schema,
        example: || {
            example(CompanyEnriched {
                company_id: "com_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                created: true,
                changed: vec!["name".into(), "industry".into()],
                job_id: None,
            })
        },
    },
    EventType {
        name: "company.updated",
        description: "A company's fields changed (an edit, an enrichment or a scheduled refresh), with each field's old and new value and source.",
        schema: CompanyUpdated::schema,
        example: || {
            example(CompanyUpdated {
                company_id: "com_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                changed: vec!["industry".into()],
                changes: vec![FieldChange {
                    field: "industry".into(),
                    old_value: Some("software".into()),
                    new_value: Some("financial services".into()),
                    old_source: Some("apollo".into()),
                    new_source: Some("user".into()),
                }],
                cause: "edit".into(),
            })
        },
    },
    EventType {
        name: "job.completed",
        description: "A bulk job processed every record.",
        schema: JobFinished::schema,
        example: job_finished,
    },
    EventType {
        name: "job.failed",
        description: "A bulk job stopped before processing every record.",
        schema: JobFinished::schema,
        example: job_finished,
    },
    EventType {
        name: "api_key.created",
        description: "An API key was issued.",
        schema: ApiKeyCreated::schema,
        example: || {
            example(ApiKeyCreated {
                key_id: "key_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                client_id: "cli_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                prefix: "enr_live_4hT9zQ".into(),
                mode: "live".into(),
                scopes: vec!["people:read".into()],
            })
        },
    },
    EventType {
        name: "api_key.revoked",
        description: "An API key was revoked, by a user or with its client.",
        schema: ApiKeyRevoked::schema,
        example: || {
            example(ApiKeyRevoked {
                key_id: "key_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                client_id: "cli_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                prefix: "enr_live_4hT9zQ".into(),
            })
        },
    },
    EventType {
        name: "campaign.started",
        description: "A campaign started sending (now, or at its scheduled time).",
        schema: CampaignChanged::schema,
        example: campaign_changed,
    },
    EventType {
        name: "campaign.paused",
        description: "A campaign was paused, by a user or by the platform.",
        schema: CampaignChanged::schema,
        example: campaign_changed,
    },
    EventType {
        name: "campaign.finished",
        description: "A campaign sent to every recipient it could.",
        schema: CampaignChanged::schema,
        example: campaign_changed,
    },
    EventType {
        name: "contact.unsubscribed",
        description: "A contact unsubscribed.",
        schema: ContactUnsubscribed::schema,
        example: || {
            example(ContactUnsubscribed {
                contact_id: "con_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                campaign_id: Some("cmp_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into()),
            })
        },
    },
    EventType {
        name: "contact.bounced",
        description: "A message to a contact bounced (hard or soft), with what the bounce rules did.",
        schema: ContactDeliveryProblem::schema,
        example: || contact_problem(Some("hard"), "suppress"),
    },
    EventType {
        name: "contact.complained",
        description: "A contact marked a message as spam, with what the complaint rule did.",
        schema: ContactDeliveryProblem::schema,
        example: || contact_problem(None, "suppress"),
    },
    EventType {
        name: "webhook.disabled",
        description: "The platform disabled a webhook subscription (410, or no success for 5 days).",
        schema: WebhookDisabled::schema,
        example: || {
            example(WebhookDisabled {
                webhook_id: "whk_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                reason: "failing".into(),
                failing_since: Some("2026-11-30T10:00:00Z".into()),
            })
        },
    },
    EventType {
        name: "security.repeated_lockouts",
        description: "Accounts of the organisation were locked after repeated wrong passwords (3 lockouts in an hour).",
        schema: SecurityAlertRaised::schema,
        example: counted_alert,
    },
    EventType {
        name: "security.credential_refusals",
        description: "Credentials of the organisation were refused 20 times in an hour (wrong passwords, revoked or expired keys, logged-out tokens).",
        schema: SecurityAlertRaised::schema,
        example: counted_alert,
    },
    EventType {
        name: "security.new_country",
        description: "A live API key was used from a country it was never used from (where the gateway reports the country).",
        schema: SecurityAlertRaised::schema,
        example: || {
            example(SecurityAlertRaised {
                hour: "2026-12-06T16".into(),
                count: None,
                threshold: None,
                key_id: Some("key_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into()),
                country: Some("BR".into()),
                known_countries: vec!["PT".into()],
            })
        },
    },
    EventType {
        name: "webhook.test",
        description: "A test event sent on request to one subscription.",
        schema: WebhookTest::schema,
        example: || {
            example(WebhookTest {
                webhook_id: "whk_01JD8X3Q6ZC1V9M7R2K4T5W6YA".into(),
                message: "a test event from Enrich".into(),
            })
        },
    },
    EventType {
        name: "quota.threshold_reached",
        description: "A provider's monthly quota crossed one of the organisation's alert thresholds.",
        schema: QuotaThresholdReached::schema,
        example: threshold,
    },
    EventType {
        name: "provider.credits_low",
        description: "An own provider key's credit balance crossed one of the organisation's alert thresholds (`used` and `limit` are credits; `limit` is the month's highest balance).",
        schema: QuotaThresholdReached::schema,
        example: threshold,
    },
];

/// The catalogue entry of an event type.
pub fn find(name: &str) -> Option<&'static EventType> {
    EVENTS.iter().find(|e| e.name == name)
}

/// Whether a subscription's filter entry (an exact type, `resource.*` or `*`) names at least one
/// event type: an entry that names none is a typo the subscriber would never notice.
pub fn filter_is_known(entry: &str) -> bool {
    match entry.strip_suffix(".*") {
        _ if entry == "*" => true,
        Some(resource) => EVENTS
            .iter()
            .any(|e| e.name.split_once('.').is_some_and(|(r, _)| r == resource)),
        None => find(entry).is_some(),
    }
}

/// Whether an event of type `name` matches a subscription's filter.
pub fn matches(filter: &[String], name: &str) -> bool {
    filter.iter().any(|entry| {
        entry == "*"
            || entry == name
            || entry
                .strip_suffix(".*")
                .is_some_and(|r| name.split_once('.').is_some_and(|(res, _)| res == r))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_has_exactly_its_schema_properties() {
        for e in EVENTS {
            let schema = serde_json::to_value((e.schema)()).unwrap();
            let properties: std::collections::BTreeSet<&str> = schema["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("{}: data is an object", e.name))
                .keys()
                .map(String::as_str)
                .collect();
            let example = (e.example)();
            let fields: std::collections::BTreeSet<&str> = example
                .as_object()
                .unwrap_or_else(|| panic!("{}: example is an object", e.name))
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(properties, fields, "{}", e.name);
            for required in schema["required"].as_array().into_iter().flatten() {
                let name = required.as_str().unwrap();
                assert!(!example[name].is_null(), "{}: {name} is required", e.name);
            }
        }
    }

    #[test]
    fn names_are_unique_and_resource_dot_action() {
        let mut seen = std::collections::BTreeSet::new();
        for e in EVENTS {
            assert!(seen.insert(e.name), "{} twice", e.name);
            let (resource, action) = e.name.split_once('.').unwrap();
            assert!(!resource.is_empty() && !action.is_empty() && !action.contains('.'));
        }
    }

    #[test]
    fn filters_match_exact_names_and_wildcards_and_typos_are_unknown() {
        let f = vec!["person.*".to_owned(), "job.completed".to_owned()];
        assert!(matches(&f, "person.enriched"));
        assert!(matches(&f, "person.erased"));
        assert!(matches(&f, "job.completed"));
        assert!(!matches(&f, "job.failed"));
        assert!(!matches(&f, "company.enriched"));
        assert!(matches(&["*".to_owned()], "webhook.test"));
        assert!(filter_is_known("person.*"));
        assert!(filter_is_known("*"));
        assert!(filter_is_known("job.failed"));
        assert!(!filter_is_known("person.enrich"));
        assert!(!filter_is_known("people.*"));
    }
}
