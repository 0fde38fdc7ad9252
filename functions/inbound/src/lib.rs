//! The `inbound` function: senders post what happened to the messages they sent (MailWizz's
//! webhooks, PowerMTA's HTTP accounting, the generic shape), and an organisation manages the
//! credentials they post with. And `inbound-worker`, which applies the posts.
//!
//! A post is authenticated (the URL token; and the signature for the generic shape), size-limited
//! (200 KB), read (so a sender learns at once what is wrong with it), queued as it came, and
//! answered 202: a burst never keeps a sender waiting on the table. The worker applies the events
//! (`campaigns::events`): counted once however often a sender re-posts, rules applied at least
//! once. A forged or unsigned post is a 401 and nothing is stored or queued.

use campaigns::events::parse::{self, Reading, Skipped};
use campaigns::events::sns::{self, SnsError, SnsMessage};
use campaigns::events::{BounceClass, EventKind, InboundPost, Parsed, Source};
use campaigns::inbound::{self, Endpoints, InboundSettings, IssuedCredentials, SesTopics};
use http::StatusCode;
use kernel::error::Problem;
use platform::queue::Outgoing;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::Serialize;
use utoipa::OpenApi;

platform::routes! {
    "GET" "/v1/inbound" => get_settings, "senders.read",
    "POST" "/v1/inbound/credentials" => issue_credentials, "senders.write",
    "PUT" "/v1/inbound/ses-topics" => put_ses_topics, "senders.write",
    "POST" "/v1/inbound/ses" => post_ses, public,
    "POST" "/v1/inbound/mailwizz" => post_mailwizz, public,
    "POST" "/v1/inbound/powermta" => post_powermta, public,
    "POST" "/v1/inbound/generic" => post_generic, public,
    "POST" "/v1/inbound/test" => post_test, public,
    "GET" "/v1/inbound/health" => health, public,
}

#[derive(OpenApi)]
#[openapi(
    paths(get_settings, issue_credentials, put_ses_topics, post_ses, post_mailwizz, post_powermta, post_generic, post_test, health),
    components(schemas(InboundSettings, SesTopics, SnsConfirmed, SnsBody, Endpoints, IssuedCredentials, InboundAccepted, TestReading, Reading,
        Parsed, Skipped, EventKind, BounceClass, Source, InboundHealth, SenderRecord, SenderPost,
        GenericEvent, GenericEvents, GenericPost, Problem)),
    tags((name = "inbound", description = "Delivery events posted by senders: MailWizz, PowerMTA and the generic shape"))
)]
pub struct ApiDoc;

/// The inbound worker's batch handler.
pub mod worker {
    platform::sqs_worker!(
        campaigns::events::InboundPost,
        campaigns::events::handle_post,
        concurrency = 4
    );
}

/// What a post was turned into.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InboundAccepted {
    /// Events queued to be applied.
    pub accepted: usize,
    /// Records that are not events the platform tracks (a deferral, a subscribe), with why.
    pub skipped: Vec<Skipped>,
}

/// What `/v1/inbound/test` read, without storing anything.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TestReading {
    pub source: Source,
    /// `valid`, `invalid` or `absent` (the generic shape needs `valid`).
    pub signature: String,
    pub events: Vec<Parsed>,
    pub skipped: Vec<Skipped>,
}

/// One record as a sender writes it. Fields the platform does not read are ignored, and a record
/// that is not an event it tracks is answered in `skipped`. (Documentation only: the route reads
/// the body as JSON itself, so it can name what is wrong where.)
#[derive(Serialize, utoipa::ToSchema)]
pub struct SenderRecord(serde_json::Map<String, serde_json::Value>);

/// A sender's post: one record, or an array of at most 500.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum SenderPost {
    One(SenderRecord),
    Many(Vec<SenderRecord>),
}

/// One event in the generic shape.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenericEvent {
    #[serde(rename = "type")]
    pub kind: EventKind,
    #[schema(format = "email", max_length = 320)]
    pub email: String,
    /// The campaign (`cmp_…`); or give `message_id` of a message the platform sent.
    #[schema(max_length = 40)]
    pub campaign_id: Option<String>,
    #[schema(max_length = 200)]
    pub message_id: Option<String>,
    /// The link clicked (an http(s) URL, for `clicked`).
    #[schema(format = "uri", max_length = 2048)]
    pub url: Option<String>,
    /// `hard` or `soft`: required for a bounce, refused on any other type.
    pub bounce_type: Option<BounceClass>,
    /// RFC 3339; when absent, the time the post arrived.
    #[schema(format = "date-time")]
    pub timestamp: Option<String>,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    /// The sender's id for the event: a re-post with the same id counts once.
    #[schema(max_length = 200)]
    pub id: Option<String>,
}

/// `{"events": [...]}`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenericEvents {
    #[schema(max_items = 500)]
    pub events: Vec<GenericEvent>,
}

/// The generic shape: `{"events": [...]}`, an array of events, or one event.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum GenericPost {
    Wrapped(GenericEvents),
    Many(Vec<GenericEvent>),
    One(GenericEvent),
}

/// The ingest path's state.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InboundHealth {
    #[schema(example = "ok")]
    pub status: String,
    /// `valid`, `invalid` or `absent`: whether the token given (if any) would be accepted.
    pub token: String,
    pub sources: Vec<Source>,
}

/// The organisation's inbound settings: whether credentials were issued, the token's visible
/// start, and where each sender posts. The token and secret are shown only when issued.
#[utoipa::path(get, path = "/v1/inbound", tag = "inbound", security(("bearer" = [])),
    responses((status = 200, body = InboundSettings)))]
pub(crate) async fn get_settings(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&inbound::settings(state, caller.tenant).await?)
}

/// Issue the inbound token and signing secret, shown once; on a rotation the previous pair keeps
/// working for 24 hours. 409 when another rotation happened at the same time.
#[utoipa::path(post, path = "/v1/inbound/credentials", tag = "inbound", security(("bearer" = [])),
    responses((status = 201, body = IssuedCredentials),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn issue_credentials(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let issued = inbound::issue(state, caller.tenant).await?;
    let mut event = access::model::AuditEvent::new("inbound.credentials_issued")
        .actor(caller.actor)
        .detail(serde_json::json!({ "rotation": issued.previous_token_valid_until.is_some() }));
    event.ip.clone_from(&caller.origin.ip);
    event.user_agent.clone_from(&caller.origin.user_agent);
    event.append(&state.store, caller.tenant).await?;
    ApiResponse::json(StatusCode::CREATED, &issued)
}

fn token_of(req: &ApiRequest) -> Result<Option<String>, ApiError> {
    if let Some(t) = req.header("x-enrich-inbound-token") {
        return Ok(Some(t.trim().to_owned()));
    }
    req.query_param::<String>("token")
}

fn unauthenticated(detail: &str) -> ApiError {
    ApiError::Unauthenticated {
        detail: detail.into(),
    }
}

/// The organisation a post comes from, checked; the secret issued with its token.
async fn authenticate(
    state: &AppState,
    req: &ApiRequest,
) -> Result<campaigns::persist::inbound::TokenEntry, ApiError> {
    let Some(token) = token_of(req)? else {
        return Err(unauthenticated(
            "an inbound token is required (?token= or X-Enrich-Inbound-Token)",
        ));
    };
    inbound::authenticate(state, &token)
        .await?
        .ok_or_else(|| unauthenticated("the inbound token is not valid"))
}

fn signature(req: &ApiRequest, secret: &str) -> &'static str {
    match req.header(inbound::SIGNATURE_HEADER) {
        None => "absent",
        Some(h) if inbound::signature_valid(secret, h, &req.body) => "valid",
        Some(_) => "invalid",
    }
}

fn read_body(req: &ApiRequest, source: Source) -> Result<Reading, ApiError> {
    if req.body.len() > inbound::MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge {
            limit: inbound::MAX_BODY_BYTES,
        });
    }
    let body: serde_json::Value = serde_json::from_slice(&req.body).map_err(|e| {
        ApiError::invalid_field(
            kernel::error::Location::Body,
            "body",
            "invalid",
            format!("not JSON: {e}"),
        )
    })?;
    parse::read(source, &body, kernel::time::now().unix_timestamp()).map_err(ApiError::validation)
}

async fn ingest(state: &AppState, req: ApiRequest, source: Source) -> ApiResult {
    if req.body.len() > inbound::MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge {
            limit: inbound::MAX_BODY_BYTES,
        });
    }
    let entry = authenticate(state, &req).await?;
    if source == Source::Generic && signature(&req, &entry.secret) != "valid" {
        return Err(unauthenticated(
            "the generic shape must be signed: X-Enrich-Signature t=<unix>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">",
        ));
    }
    let reading = read_body(&req, source)?;
    let body = String::from_utf8_lossy(&req.body).into_owned();
    accept(state, &entry.tenant, source, body, reading).await
}

/// Queues a post that has events (as it came: the worker reads it again) and answers 202.
async fn accept(
    state: &AppState,
    tenant: &platform::TenantId,
    source: Source,
    body: String,
    reading: Reading,
) -> ApiResult {
    if !reading.events.is_empty() {
        let post = InboundPost {
            tenant: tenant.clone(),
            source,
            received_at: kernel::time::now().unix_timestamp(),
            body,
        };
        let queue = platform::queue::named(
            state,
            state.config.queues.inbound.as_deref(),
            "INBOUND_QUEUE_URL",
        )
        .await?;
        platform::queue::send_all(&queue, vec![Outgoing::json(&post, tenant.as_str())?]).await?;
    }
    ApiResponse::json(
        StatusCode::ACCEPTED,
        &InboundAccepted {
            accepted: reading.events.len(),
            skipped: reading.skipped,
        },
    )
}

/// An SNS message as SNS posts it to an HTTPS subscription (documentation only: the route reads
/// it itself and checks its signature).
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SnsBody {
    /// `Notification`, `SubscriptionConfirmation` or `UnsubscribeConfirmation`.
    #[serde(rename = "Type")]
    #[schema(example = "Notification")]
    pub kind: String,
    pub message_id: String,
    #[schema(example = "arn:aws:sns:us-east-1:123456789012:ses-events")]
    pub topic_arn: String,
    /// For a notification, the SES record as a JSON string.
    pub message: String,
    pub timestamp: String,
    /// `1` (SHA1) or `2` (SHA256).
    #[schema(example = "2")]
    pub signature_version: String,
    pub signature: String,
    #[serde(rename = "SigningCertURL")]
    pub signing_cert_url: String,
    pub subject: Option<String>,
    pub token: Option<String>,
    #[serde(rename = "SubscribeURL")]
    pub subscribe_url: Option<String>,
}

/// A subscription confirmed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SnsConfirmed {
    /// `SubscriptionConfirmation` (confirmed) or `UnsubscribeConfirmation` (noted).
    #[serde(rename = "type")]
    pub kind: String,
    pub topic_arn: String,
}

/// Register the SNS topics SES notifications may come from (replaces the list; empty stops SES
/// posts). Credentials must have been issued first (409).
#[utoipa::path(put, path = "/v1/inbound/ses-topics", tag = "inbound", security(("bearer" = [])),
    request_body = SesTopics,
    responses((status = 200, body = InboundSettings),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn put_ses_topics(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let body: SesTopics = req.json(state.config.max_body_bytes)?;
    let settings = inbound::set_ses_topics(state, caller.tenant, body).await?;
    let mut event = access::model::AuditEvent::new("inbound.ses_topics_changed")
        .actor(caller.actor)
        .detail(serde_json::json!({ "topics": settings.ses_topic_arns.len() }));
    event.ip.clone_from(&caller.origin.ip);
    event.user_agent.clone_from(&caller.origin.user_agent);
    event.append(&state.store, caller.tenant).await?;
    ApiResponse::ok(&settings)
}

fn sns_refusal(e: SnsError) -> ApiError {
    match e {
        SnsError::Certificate | SnsError::Confirm => ApiError::Unavailable {
            detail: format!("{e}; SNS retries"),
            retry_after_secs: Some(30),
        },
        SnsError::Kind | SnsError::Topic => {
            ApiError::validation(vec![kernel::error::FieldError::body(
                if e == SnsError::Kind {
                    "Type"
                } else {
                    "TopicArn"
                },
                "invalid",
                e.to_string(),
            )])
        }
        other => unauthenticated(&format!("not a message SNS signed: {other}")),
    }
}

/// Amazon SES notifications through SNS: subscribe this URL (with `?token=`) to the topic of an
/// SES identity or configuration set, after registering the topic (`PUT /v1/inbound/ses-topics`).
/// Every message must carry SNS's valid signature (versions 1 and 2; the certificate is fetched
/// only from `sns.<region>.amazonaws.com`); a subscription confirmation is confirmed at once
/// (200); a notification's SES event is queued (202). A forged message is a 401, a topic not
/// registered a 403, and nothing is stored or queued. SNS redelivers until 2xx: each event counts
/// once.
#[utoipa::path(post, path = "/v1/inbound/ses", tag = "inbound",
    params(("token" = Option<String>, Query, description = "The inbound token (or the X-Enrich-Inbound-Token header)")),
    request_body(content = SnsBody, description = "An SNS message (Notification, SubscriptionConfirmation or UnsubscribeConfirmation) as SNS posts it (SNS's `text/plain` content type is accepted)"),
    responses((status = 200, body = SnsConfirmed),
        (status = 202, body = InboundAccepted),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 503, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn post_ses(state: &AppState, req: ApiRequest) -> ApiResult {
    if req.body.len() > inbound::MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge {
            limit: inbound::MAX_BODY_BYTES,
        });
    }
    let entry = authenticate(state, &req).await?;
    platform::body::check_object_body(&req.body)?;
    let message: SnsMessage = platform::body::parse_json(&req.body)?;
    if !inbound::ses_topics(state, &entry.tenant)
        .await?
        .contains(&message.topic_arn)
    {
        return Err(ApiError::Forbidden {
            detail: "this SNS topic is not registered (PUT /v1/inbound/ses-topics)".into(),
        });
    }
    let trust = sns::Trust::from_config(&state.config);
    sns::verify(&trust, &message).await.map_err(sns_refusal)?;
    match message.kind.as_str() {
        "Notification" => {
            let record: serde_json::Value =
                serde_json::from_str(&message.message).map_err(|_| {
                    ApiError::validation(vec![kernel::error::FieldError::body(
                        "Message",
                        "invalid",
                        "an SES notification (JSON)",
                    )])
                })?;
            let reading = parse::ses(&record, kernel::time::now().unix_timestamp());
            accept(state, &entry.tenant, Source::Ses, message.message, reading).await
        }
        "SubscriptionConfirmation" => {
            sns::confirm(&trust, &message).await.map_err(sns_refusal)?;
            tracing::info!(topic = %message.topic_arn, "SNS subscription confirmed");
            ApiResponse::ok(&SnsConfirmed {
                kind: message.kind,
                topic_arn: message.topic_arn,
            })
        }
        _ => ApiResponse::ok(&SnsConfirmed {
            kind: message.kind,
            topic_arn: message.topic_arn,
        }),
    }
}

/// MailWizz webhook posts (opens, clicks, unsubscribes, bounces, complaints; one object or an
/// array). The URL token is the credential. The campaign is found by the `[cmp_…]` its MailWizz
/// campaign's name carries.
#[utoipa::path(post, path = "/v1/inbound/mailwizz", tag = "inbound",
    params(("token" = Option<String>, Query, description = "The inbound token (or the X-Enrich-Inbound-Token header)")),
    request_body(content = SenderPost, description = "MailWizz's webhook JSON"),
    responses((status = 202, body = InboundAccepted),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn post_mailwizz(state: &AppState, req: ApiRequest) -> ApiResult {
    ingest(state, req, Source::Mailwizz).await
}

/// PowerMTA HTTP accounting records (a JSON array; deliveries `d`, bounces `b`/`rb`, feedback
/// loops `f`; deferrals `t` are skipped). The URL token is the credential; `jobId` carries the
/// campaign id (set the `X-Job` header of the message to it). PowerMTA posts again until 2xx:
/// each record counts once.
#[utoipa::path(post, path = "/v1/inbound/powermta", tag = "inbound",
    params(("token" = Option<String>, Query, description = "The inbound token (or the X-Enrich-Inbound-Token header)")),
    request_body(content = SenderPost, description = "An array of PowerMTA accounting records"),
    responses((status = 202, body = InboundAccepted),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn post_powermta(state: &AppState, req: ApiRequest) -> ApiResult {
    ingest(state, req, Source::Powermta).await
}

/// The generic shape, signed: `{"events": [{"type", "email", "campaign_id"?, "message_id"?,
/// "url"?, "bounce_type"? (hard|soft, for a bounce), "timestamp"? (RFC 3339), "reason"?, "id"?}]}`
/// (at most 500). `id` makes a re-post idempotent; without it, the event's fields do.
#[utoipa::path(post, path = "/v1/inbound/generic", tag = "inbound",
    params(("token" = Option<String>, Query, description = "The inbound token (or the X-Enrich-Inbound-Token header)"),
        ("X-Enrich-Signature" = String, Header, description = "t=<unix>,v1=<hex HMAC-SHA256 of \"<t>.<body>\"> under the inbound secret")),
    request_body(content = GenericPost, description = "Events in the generic shape"),
    responses((status = 202, body = InboundAccepted),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn post_generic(state: &AppState, req: ApiRequest) -> ApiResult {
    ingest(state, req, Source::Generic).await
}

/// Reads a post as its source's route would and answers what it read (and whether a signature
/// is valid), storing and queueing nothing: for setting up a sender.
#[utoipa::path(post, path = "/v1/inbound/test", tag = "inbound",
    params(("token" = Option<String>, Query, description = "The inbound token (or the X-Enrich-Inbound-Token header)"),
        ("source" = Source, Query, description = "mailwizz, powermta, generic, or ses (an SES event record, as the EventBridge rule delivers its detail)")),
    request_body(content = serde_json::Value, description = "A body as the source would post it (a record or an array of them; for `generic`, its shape)"),
    responses((status = 200, body = TestReading),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub(crate) async fn post_test(state: &AppState, req: ApiRequest) -> ApiResult {
    let entry = authenticate(state, &req).await?;
    let source = match req.query_param::<String>("source")?.as_deref() {
        Some(s) => Source::parse(s),
        None => None,
    }
    .ok_or_else(|| {
        ApiError::invalid_field(
            kernel::error::Location::Query,
            "source",
            "invalid",
            "one of mailwizz, powermta, generic, ses",
        )
    })?;
    let signature = signature(&req, &entry.secret).to_owned();
    let reading = read_body(&req, source)?;
    ApiResponse::ok(&TestReading {
        source,
        signature,
        events: reading.events,
        skipped: reading.skipped,
    })
}

/// Whether the ingest path answers, and whether a token given would be accepted (senders' health
/// checks; no organisation is named).
#[utoipa::path(get, path = "/v1/inbound/health", tag = "inbound",
    params(("token" = Option<String>, Query, description = "An inbound token to check")),
    responses((status = 200, body = InboundHealth)))]
pub(crate) async fn health(state: &AppState, req: ApiRequest) -> ApiResult {
    let token = match token_of(&req)? {
        None => "absent",
        Some(t) => match inbound::authenticate(state, &t).await? {
            Some(_) => "valid",
            None => "invalid",
        },
    };
    ApiResponse::ok(&InboundHealth {
        status: "ok".into(),
        token: token.into(),
        sources: vec![Source::Mailwizz, Source::Powermta, Source::Generic],
    })
}
