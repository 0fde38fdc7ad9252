//! The `campaigns` function: message templates (sandboxed Jinja, checked at save, previewed for a
//! contact), campaigns (listmonk's state machine; send, pause, resume, cancel) and sending
//! profiles (SES, MailWizz). Sending itself runs on the campaign workers. The tenant is the
//! caller's; another organisation's campaign, template or profile is simply not found.

use campaigns::audience::{self, AudienceSummary};
use campaigns::campaign::{self, Campaign, CampaignBody, CampaignId, Command, Stats};
use campaigns::contacts::{self, Contact};
use campaigns::events::rules::{AutoPause, BounceRules, BounceRulesBody, Rule, RuleAction};
use campaigns::events::{self, BounceClass, EventKind, EventList, EventView, Source};
use campaigns::lifecycle::State;
use campaigns::senders::{self, ProfileBody, ProfileId, SendingProfile};
use campaigns::templates::{self, Rendered, Template, TemplateId};
use campaigns::ContactId;
use http::StatusCode;
use kernel::error::{FieldError, Location, Problem};
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::OpenApi;

platform::routes! {
    "POST" "/v1/templates" => create_template, "templates.write",
    "GET" "/v1/templates" => list_templates, "templates.read",
    "GET" "/v1/templates/{template_id}" => get_template, "templates.read",
    "PUT" "/v1/templates/{template_id}" => replace_template, "templates.write",
    "DELETE" "/v1/templates/{template_id}" => delete_template, "templates.write",
    "POST" "/v1/templates/{template_id}/preview" => preview_template, "templates.read",
    "POST" "/v1/campaigns" => create_campaign, "campaigns.write",
    "GET" "/v1/campaigns" => list_campaigns, "campaigns.read",
    "GET" "/v1/campaigns/{campaign_id}" => get_campaign, "campaigns.read",
    "PUT" "/v1/campaigns/{campaign_id}" => replace_campaign, "campaigns.write",
    "DELETE" "/v1/campaigns/{campaign_id}" => delete_campaign, "campaigns.write",
    "GET" "/v1/campaigns/{campaign_id}/audience" => campaign_audience, "campaigns.read",
    "POST" "/v1/campaigns/{campaign_id}/send" => send_campaign, "campaigns.write",
    "POST" "/v1/campaigns/{campaign_id}/pause" => pause_campaign, "campaigns.write",
    "POST" "/v1/campaigns/{campaign_id}/resume" => resume_campaign, "campaigns.write",
    "POST" "/v1/campaigns/{campaign_id}/cancel" => cancel_campaign, "campaigns.write",
    "GET" "/v1/campaigns/{campaign_id}/events" => campaign_events, "campaigns.read",
    "GET" "/v1/organization/bounce-rules" => get_bounce_rules, "campaigns.read",
    "PUT" "/v1/organization/bounce-rules" => put_bounce_rules, "organization.write",
    "GET" "/v1/stats/events" => stats_events, "analytics.read",
    "GET" "/v1/stats/performance" => stats_performance, "analytics.read",
    "GET" "/v1/stats/contacts" => stats_contacts, "analytics.read",
    "GET" "/v1/stats/campaigns" => stats_campaigns, "analytics.read",
    "GET" "/v1/stats/overview" => stats_overview, "analytics.read",
    "POST" "/v1/sending-profiles" => create_profile, "senders.write",
    "GET" "/v1/sending-profiles" => list_profiles, "senders.read",
    "GET" "/v1/sending-profiles/{profile_id}" => get_profile, "senders.read",
    "PUT" "/v1/sending-profiles/{profile_id}" => replace_profile, "senders.write",
    "DELETE" "/v1/sending-profiles/{profile_id}" => delete_profile, "senders.write",
}

#[derive(OpenApi)]
#[openapi(
    paths(create_template, list_templates, get_template, replace_template, delete_template,
        preview_template, create_campaign, list_campaigns, get_campaign, replace_campaign,
        delete_campaign, campaign_audience, send_campaign, pause_campaign, resume_campaign,
        cancel_campaign, campaign_events, get_bounce_rules, put_bounce_rules, stats_events, stats_performance, stats_contacts, stats_overview, stats_campaigns, create_profile, list_profiles, get_profile, replace_profile,
        delete_profile),
    components(schemas(TemplateBody, Template, TemplateList, PreviewBody, Rendered, Problem,
        CampaignBody, Campaign, CampaignList, Stats, AudienceSummary, ProfileBody, SendingProfile,
        ProfileList, EventList, EventView, EventKind, BounceClass, Source, BounceRules, BounceRulesBody,
        Rule, RuleAction, AutoPause, campaigns::events::rules::InvalidAddressRule,
        campaigns::validation::InvalidAddressAction, campaigns::persist::campaign::CampaignEventStats,
        events::EventStats, events::DayStats, campaigns::persist::events::DayCounts,
        contacts::ContactStats, Overview, campaign::CampaignReport, campaign::CampaignFigures)),
    tags((name = "templates", description = "Message templates in a sandboxed Jinja, one per language in a group"),
        (name = "campaigns", description = "Campaigns: audience, content, sender and schedule; send, pause, resume, cancel"),
        (name = "stats", description = "Delivery-event statistics: a fixed number of reads per request, whatever the volume"),
        (name = "bounce-rules", description = "What bounces and complaints do to a contact, and when a campaign pauses itself"),
        (name = "sending-profiles", description = "How campaigns leave: Amazon SES or a MailWizz install, with a throttle, a daily cap and a warm-up"))
)]
pub struct ApiDoc;

/// A template. The parts use Jinja (MiniJinja): `{{ first_name }}`, `{{ attributes.plan }}`,
/// `{% if language == 'pt-BR' %}…{% endif %}`, `{{ unsubscribe_url }}`,
/// `{{ unsubscribe_link('Unsubscribe') }}`; the HTML body is auto-escaped. A syntax error is a 422
/// naming the part with its line and column.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateBody {
    #[schema(example = "Welcome (Portuguese)")]
    pub name: String,
    /// BCP 47.
    #[schema(example = "pt-BR")]
    pub language: String,
    #[schema(example = "Olá {{ first_name | default('') }}")]
    pub subject: String,
    #[schema(
        example = "<p>Olá {{ first_name }}</p><p>{{ unsubscribe_link('Cancelar inscrição') }}</p>"
    )]
    pub html: String,
    pub text: Option<String>,
    /// A group of templates, one per language (a slug).
    #[schema(example = "welcome")]
    pub group: Option<String>,
    /// With PUT: the version read.
    #[schema(minimum = 0)]
    pub version: Option<i64>,
}

fn body(state: &AppState, req: &ApiRequest) -> Result<Map<String, Value>, ApiError> {
    req.json::<Map<String, Value>>(state.config.max_body_bytes)
}

fn template_id(req: &ApiRequest) -> Result<String, ApiError> {
    Ok(req.path_param::<TemplateId>("template_id")?.to_string())
}

/// Create a template (every part is compiled first).
#[utoipa::path(post, path = "/v1/templates", tag = "templates", security(("bearer" = [])),
    request_body = TemplateBody,
    responses((status = 201, body = Template),
        (status = 409, description = "The group has a template in this language", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_template(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    // A new template has no version to check: one sent is read (so a bad one is refused) and
    // then ignored.
    let f = templates::parse(&body(state, &req)?, true)?;
    let t = templates::create(state, &caller, f).await?;
    ApiResponse::json(StatusCode::CREATED, &t)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TemplateList {
    pub items: Vec<Template>,
    pub next_cursor: Option<String>,
}

/// The organisation's templates, oldest first.
#[utoipa::path(get, path = "/v1/templates", tag = "templates", security(("bearer" = [])),
    params(("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = TemplateList)))]
async fn list_templates(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let page = req.page_params(50, 100)?;
    let (items, next_cursor) = templates::list(state, &caller, &page).await?;
    ApiResponse::ok(&TemplateList { items, next_cursor })
}

/// One template.
#[utoipa::path(get, path = "/v1/templates/{template_id}", tag = "templates", security(("bearer" = [])),
    params(("template_id" = String, Path)),
    responses((status = 200, body = Template),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_template(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&templates::load(state, caller.tenant, &template_id(&req)?).await?)
}

/// Replace a template (all parts, checked again); conditional on `version` when given.
#[utoipa::path(put, path = "/v1/templates/{template_id}", tag = "templates", security(("bearer" = [])),
    params(("template_id" = String, Path)),
    request_body = TemplateBody,
    responses((status = 200, body = Template),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn replace_template(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = template_id(&req)?;
    let f = templates::parse(&body(state, &req)?, true)?;
    ApiResponse::ok(&templates::replace(state, &caller, &id, f).await?)
}

/// Delete a template.
#[utoipa::path(delete, path = "/v1/templates/{template_id}", tag = "templates", security(("bearer" = [])),
    params(("template_id" = String, Path)),
    responses((status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn delete_template(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    templates::delete(state, &caller, &template_id(&req)?).await?;
    Ok(ApiResponse::no_content())
}

/// Whom to render a preview for: a stored contact, or sample contact fields.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewBody {
    #[schema(pattern = "^con_[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$")]
    pub contact_id: Option<String>,
    /// Sample fields (`email`, `first_name`, `last_name`, `language`, `country`, `attributes`).
    #[schema(value_type = Option<SampleContact>)]
    pub contact: Option<Map<String, Value>>,
}

/// Sample contact fields a preview renders with, read like a contact's own
/// (`campaigns::contacts::sample`); only names the fields for the document.
#[allow(dead_code)]
#[derive(Deserialize, utoipa::ToSchema)]
pub struct SampleContact {
    #[schema(example = "ana.souza@globex.com")]
    email: Option<String>,
    #[schema(example = "Ana")]
    first_name: Option<String>,
    last_name: Option<String>,
    /// BCP 47.
    #[schema(example = "pt-BR")]
    language: Option<String>,
    /// ISO 3166-1 alpha-2.
    country: Option<String>,
    /// Custom attributes templates use.
    #[schema(value_type = Option<Object>)]
    attributes: Option<Map<String, Value>>,
}

/// Render a template for a contact (its subject, HTML and text), with the contact's real
/// unsubscribe link. Sends nothing.
#[utoipa::path(post, path = "/v1/templates/{template_id}/preview", tag = "templates", security(("bearer" = [])),
    params(("template_id" = String, Path)),
    request_body = PreviewBody,
    responses((status = 200, body = Rendered),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn preview_template(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let tenant = caller.tenant;
    let t = templates::load(state, tenant, &template_id(&req)?).await?;
    let body: PreviewBody = req.json(state.config.max_body_bytes)?;
    let contact: Contact = match (body.contact_id, body.contact) {
        (Some(id), None) => {
            let id = id.parse::<ContactId>().map_err(|_| {
                ApiError::validation(vec![FieldError::body(
                    "contact_id",
                    "invalid",
                    "a contact id (con_…)",
                )])
            })?;
            // The template is the resource (a 404 is about it); an unknown contact named in the
            // body is that field's error.
            contacts::load(state, tenant, &id.to_string())
                .await
                .map_err(|e| match e {
                    ApiError::NotFound { .. } => ApiError::field(
                        "contact_id",
                        "not_found",
                        "no such contact in this organisation",
                    ),
                    other => other,
                })?
        }
        (None, Some(sample)) => contacts::sample(&sample)?,
        _ => {
            return Err(ApiError::validation(vec![FieldError::body(
                "contact_id",
                "one_of",
                "either contact_id or contact",
            )]))
        }
    };
    let url = templates::unsubscribe_url(state, tenant, &contact, None).await?;
    ApiResponse::ok(&templates::render(&t, &contact.view(), &url)?)
}

// ------------------------------------------------------------------ campaigns

fn campaign_id(req: &ApiRequest) -> Result<String, ApiError> {
    Ok(req.path_param::<CampaignId>("campaign_id")?.to_string())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CampaignList {
    pub items: Vec<Campaign>,
    pub next_cursor: Option<String>,
}

/// Create a draft campaign. Its template (or group) and sending profile must exist, and an SES
/// sender must be on the profile's domain.
#[utoipa::path(post, path = "/v1/campaigns", tag = "campaigns", security(("bearer" = [])),
    request_body = CampaignBody,
    responses((status = 201, body = Campaign),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_campaign(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let body: CampaignBody = req.json(state.config.max_body_bytes)?;
    let c = campaign::create(state, &caller, body).await?;
    ApiResponse::json(StatusCode::CREATED, &c)
}

/// The organisation's campaigns, oldest first, optionally of one `status`.
#[utoipa::path(get, path = "/v1/campaigns", tag = "campaigns", security(("bearer" = [])),
    params(("status" = Option<String>, Query, description = "draft, scheduled, running, paused, cancelled or finished"),
        ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = CampaignList)))]
async fn list_campaigns(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let page = req.page_params(50, 100)?;
    let (items, next_cursor) = campaign::list(state, &caller, status_param(&req)?, &page).await?;
    ApiResponse::ok(&CampaignList { items, next_cursor })
}

fn status_param(req: &ApiRequest) -> Result<Option<State>, ApiError> {
    match req.query_param::<String>("status")? {
        None => Ok(None),
        Some(s) => serde_json::from_value::<State>(Value::String(s))
            .map(Some)
            .map_err(|_| {
                ApiError::invalid_field(
                    Location::Query,
                    "status",
                    "invalid",
                    "draft, scheduled, running, paused, cancelled or finished",
                )
            }),
    }
}

/// The organisation's campaigns with their figures (sent, failed, delivered, unique and total
/// opens and clicks, bounces, complaints, unsubscribes, with rates per send), oldest first,
/// optionally of one `status`, 10 a page (at most 25), with the page's totals. A fixed number of
/// reads per page, whatever the number of sends and events.
#[utoipa::path(get, path = "/v1/stats/campaigns", tag = "stats", security(("bearer" = [])),
    params(("status" = Option<State>, Query),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 25), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = campaign::CampaignReport),
        (status = 400, body = Problem, content_type = "application/problem+json")))]
async fn stats_campaigns(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let page = req.page_params(10, 25)?;
    ApiResponse::ok(&campaign::report(state, &caller, status_param(&req)?, &page).await?)
}

/// One campaign with its counts (to_send, sent, failed, skipped).
#[utoipa::path(get, path = "/v1/campaigns/{campaign_id}", tag = "campaigns", security(("bearer" = [])),
    params(("campaign_id" = String, Path)),
    responses((status = 200, body = Campaign),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_campaign(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&campaign::load_with_stats(state, &caller, &campaign_id(&req)?).await?)
}

/// Replace a campaign (only while draft, scheduled or paused; once it has started, the audience
/// stays); conditional on `version` when given.
#[utoipa::path(put, path = "/v1/campaigns/{campaign_id}", tag = "campaigns", security(("bearer" = [])),
    params(("campaign_id" = String, Path)),
    request_body = CampaignBody,
    responses((status = 200, body = Campaign),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn replace_campaign(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = campaign_id(&req)?;
    let body: CampaignBody = req.json(state.config.max_body_bytes)?;
    ApiResponse::ok(&campaign::replace(state, &caller, &id, body).await?)
}

/// Delete a campaign that is not running.
#[utoipa::path(delete, path = "/v1/campaigns/{campaign_id}", tag = "campaigns", security(("bearer" = [])),
    params(("campaign_id" = String, Path)),
    responses((status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn delete_campaign(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    campaign::delete(state, &caller, &campaign_id(&req)?).await?;
    Ok(ApiResponse::no_content())
}

/// The campaign's delivery events (delivered, opened, clicked, bounced, complained,
/// unsubscribed), newest first, optionally of one `type`, cursor-paged.
#[utoipa::path(get, path = "/v1/campaigns/{campaign_id}/events", tag = "campaigns", security(("bearer" = [])),
    params(("campaign_id" = String, Path),
        ("type" = Option<EventKind>, Query, description = "delivered, opened, clicked, bounced, complained or unsubscribed"),
        ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = EventList),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn campaign_events(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = campaign_id(&req)?;
    let kind = events::kind_filter(req.query_param::<String>("type")?)?;
    let page = req.page_params(50, 100)?;
    ApiResponse::ok(&events::list_for_campaign(state, caller.tenant, &id, kind, &page).await?)
}

/// The organisation's bounce and complaint rules (the defaults until changed): per kind, the
/// events for one contact that trigger an action, and when a running campaign pauses itself.
#[utoipa::path(get, path = "/v1/organization/bounce-rules", tag = "bounce-rules", security(("bearer" = [])),
    responses((status = 200, body = BounceRules)))]
async fn get_bounce_rules(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&events::bounce_rules(state, caller.tenant).await?)
}

/// Replace the bounce and complaint rules (`auto_pause` kept when absent). They apply to events
/// applied from now on. 409 when another change came first.
#[utoipa::path(put, path = "/v1/organization/bounce-rules", tag = "bounce-rules", security(("bearer" = [])),
    request_body = BounceRulesBody,
    responses((status = 200, body = BounceRules),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn put_bounce_rules(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let body: BounceRulesBody = req.json(state.config.max_body_bytes)?;
    ApiResponse::ok(&events::set_bounce_rules(state, caller.tenant, body).await?)
}

fn stats_days(req: &ApiRequest, default: u32) -> Result<u32, ApiError> {
    match req.query_param::<String>("days")? {
        None => Ok(default),
        Some(d) => d.parse::<u32>().map_err(|_| {
            ApiError::validation(vec![FieldError::new(
                Location::Query,
                "days",
                "invalid",
                format!(
                    "a whole number of days from 1 to {}",
                    events::MAX_STATS_DAYS
                ),
            )])
        }),
    }
}

/// The organisation's delivery events over the last `days` (default 30, 1 to 90; outside is a
/// 422): totals with bounce, complaint and unsubscribe rates, and the daily series.
#[utoipa::path(get, path = "/v1/stats/events", tag = "stats", security(("bearer" = [])),
    params(("days" = Option<u32>, Query, minimum = 1, maximum = 90)),
    responses((status = 200, body = events::EventStats),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn stats_events(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let days = stats_days(&req, 30)?;
    ApiResponse::ok(&events::stats(state, caller.tenant, days).await?)
}

/// The daily series of the organisation's delivery events over the last `days` (default 7, 1 to
/// 90; outside is a 422), with totals and rates.
#[utoipa::path(get, path = "/v1/stats/performance", tag = "stats", security(("bearer" = [])),
    params(("days" = Option<u32>, Query, minimum = 1, maximum = 90)),
    responses((status = 200, body = events::EventStats),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn stats_performance(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let days = stats_days(&req, 7)?;
    ApiResponse::ok(&events::stats(state, caller.tenant, days).await?)
}

/// The organisation's contacts counted by status, validation status, language and source: one
/// read whatever their number, exact under concurrent writes.
#[utoipa::path(get, path = "/v1/stats/contacts", tag = "stats", security(("bearer" = [])),
    responses((status = 200, body = contacts::ContactStats)))]
async fn stats_contacts(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&contacts::stats(state, caller.tenant).await?)
}

/// The dashboard's figures in one answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Overview {
    pub contacts: contacts::ContactStats,
    /// The delivery events of the last `days` (default 30).
    pub events: events::EventStats,
}

/// The organisation at a glance: its contacts counted and its delivery events over the last
/// `days` (default 30, 1 to 90; outside is a 422). A fixed number of reads, whatever the volume.
#[utoipa::path(get, path = "/v1/stats/overview", tag = "stats", security(("bearer" = [])),
    params(("days" = Option<u32>, Query, minimum = 1, maximum = 90)),
    responses((status = 200, body = Overview),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn stats_overview(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let days = stats_days(&req, 30)?;
    let (contacts, events) = tokio::try_join!(
        contacts::stats(state, caller.tenant),
        events::stats(state, caller.tenant, days)
    )?;
    ApiResponse::ok(&Overview { contacts, events })
}

/// The campaign's audience as it stands: how many contacts it would reach now (subscribed, not
/// suppressed, with the tags and language asked for) and the first ten of them.
#[utoipa::path(get, path = "/v1/campaigns/{campaign_id}/audience", tag = "campaigns", security(("bearer" = [])),
    params(("campaign_id" = String, Path)),
    responses((status = 200, body = AudienceSummary),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn campaign_audience(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let c = campaign::load(state, caller.tenant, &campaign_id(&req)?).await?;
    ApiResponse::ok(&audience::summary(state, &caller, &c.audience(), 10).await?)
}

/// Send the campaign: now, or at its `scheduled_at` when that is in the future (it becomes
/// `scheduled`). A paused campaign continues where it stopped. 409 from any other state.
#[utoipa::path(post, path = "/v1/campaigns/{campaign_id}/send", tag = "campaigns", security(("bearer" = [])),
    params(("campaign_id" = String, Path)),
    responses((status = 200, body = Campaign),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn send_campaign(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&campaigns::pipeline::send(state, &caller, &campaign_id(&req)?).await?)
}

async fn act(state: &AppState, req: ApiRequest, command: Command) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&campaigns::pipeline::act(state, &caller, &campaign_id(&req)?, command).await?)
}

/// Pause a running campaign: no new message leaves; chunks in flight are set aside.
#[utoipa::path(post, path = "/v1/campaigns/{campaign_id}/pause", tag = "campaigns", security(("bearer" = [])),
    params(("campaign_id" = String, Path)),
    responses((status = 200, body = Campaign),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn pause_campaign(state: &AppState, req: ApiRequest) -> ApiResult {
    act(state, req, Command::Pause).await
}

/// Resume a paused campaign where it stopped (nobody is mailed twice).
#[utoipa::path(post, path = "/v1/campaigns/{campaign_id}/resume", tag = "campaigns", security(("bearer" = [])),
    params(("campaign_id" = String, Path)),
    responses((status = 200, body = Campaign),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn resume_campaign(state: &AppState, req: ApiRequest) -> ApiResult {
    act(state, req, Command::Resume).await
}

/// Cancel a campaign: a running or paused one stops for good; a scheduled one goes back to draft.
#[utoipa::path(post, path = "/v1/campaigns/{campaign_id}/cancel", tag = "campaigns", security(("bearer" = [])),
    params(("campaign_id" = String, Path)),
    responses((status = 200, body = Campaign),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn cancel_campaign(state: &AppState, req: ApiRequest) -> ApiResult {
    act(state, req, Command::Cancel).await
}

// ------------------------------------------------------------------ sending profiles

fn profile_id(req: &ApiRequest) -> Result<String, ApiError> {
    Ok(req.path_param::<ProfileId>("profile_id")?.to_string())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProfileList {
    pub items: Vec<SendingProfile>,
    pub next_cursor: Option<String>,
}

/// Create a sending profile. SES: the domain's identity is created (publish its `dkim_tokens` as
/// CNAMEs); a domain belongs to one organisation. MailWizz: the API key is stored in Secrets
/// Manager and never shown again.
#[utoipa::path(post, path = "/v1/sending-profiles", tag = "sending-profiles", security(("bearer" = [])),
    request_body = ProfileBody,
    responses((status = 201, body = SendingProfile),
        (status = 409, description = "The domain has a profile already", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_profile(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let body: ProfileBody = req.json(state.config.max_body_bytes)?;
    let p = senders::create(state, &caller, body).await?;
    ApiResponse::json(StatusCode::CREATED, &p)
}

/// The organisation's sending profiles.
#[utoipa::path(get, path = "/v1/sending-profiles", tag = "sending-profiles", security(("bearer" = [])),
    params(("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ProfileList)))]
async fn list_profiles(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let page = req.page_params(50, 100)?;
    let (items, next_cursor) = senders::list(state, &caller, &page).await?;
    ApiResponse::ok(&ProfileList { items, next_cursor })
}

/// One sending profile (with today's warm-up cap, when it has a plan).
#[utoipa::path(get, path = "/v1/sending-profiles/{profile_id}", tag = "sending-profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path)),
    responses((status = 200, body = SendingProfile),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_profile(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    ApiResponse::ok(&senders::load(state, caller.tenant, &profile_id(&req)?).await?)
}

/// Replace a sending profile's settings (its transport and SES domain stay); conditional on
/// `version` when given. A MailWizz `api_key` left out keeps the stored one.
#[utoipa::path(put, path = "/v1/sending-profiles/{profile_id}", tag = "sending-profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path)),
    request_body = ProfileBody,
    responses((status = 200, body = SendingProfile),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn replace_profile(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    let id = profile_id(&req)?;
    let body: ProfileBody = req.json(state.config.max_body_bytes)?;
    ApiResponse::ok(&senders::replace(state, &caller, &id, body).await?)
}

/// Delete a sending profile (and its stored key); its domain is free again.
#[utoipa::path(delete, path = "/v1/sending-profiles/{profile_id}", tag = "sending-profiles", security(("bearer" = [])),
    params(("profile_id" = String, Path)),
    responses((status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn delete_profile(state: &AppState, req: ApiRequest) -> ApiResult {
    let caller = req.caller()?;
    senders::delete(state, &caller, &profile_id(&req)?).await?;
    Ok(ApiResponse::no_content())
}
