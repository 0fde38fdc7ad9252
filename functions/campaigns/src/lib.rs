//! The `campaigns` function: message templates (sandboxed Jinja, checked at save, previewed for a
//! contact). Campaigns, their state machine and sending join it in the campaign engine's next part.
//! The tenant is the caller's; another organisation's template is simply not found.

use campaigns::contacts::{self, Contact};
use campaigns::templates::{self, Rendered, Template, TemplateId};
use campaigns::ContactId;
use http::StatusCode;
use kernel::error::{FieldError, Problem};
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
}

#[derive(OpenApi)]
#[openapi(
    paths(create_template, list_templates, get_template, replace_template, delete_template,
        preview_template),
    components(schemas(TemplateBody, Template, TemplateList, PreviewBody, Rendered, Problem)),
    tags((name = "templates", description = "Message templates in a sandboxed Jinja, one per language in a group"))
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
    let principal = req.principal()?;
    // A new template has no version to check: one sent is read (so a bad one is refused) and
    // then ignored.
    let f = templates::parse(&body(state, &req)?, true)?;
    let t = templates::create(state, &principal.tenant, f).await?;
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
    let principal = req.principal()?;
    let page = req.page_params(50, 100)?;
    let (items, next_cursor) = templates::list(state, &principal.tenant, &page).await?;
    ApiResponse::ok(&TemplateList { items, next_cursor })
}

/// One template.
#[utoipa::path(get, path = "/v1/templates/{template_id}", tag = "templates", security(("bearer" = [])),
    params(("template_id" = String, Path)),
    responses((status = 200, body = Template),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_template(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    ApiResponse::ok(&templates::load(state, &principal.tenant, &template_id(&req)?).await?)
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
    let principal = req.principal()?;
    let id = template_id(&req)?;
    let f = templates::parse(&body(state, &req)?, true)?;
    ApiResponse::ok(&templates::replace(state, &principal.tenant, &id, f).await?)
}

/// Delete a template.
#[utoipa::path(delete, path = "/v1/templates/{template_id}", tag = "templates", security(("bearer" = [])),
    params(("template_id" = String, Path)),
    responses((status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn delete_template(state: &AppState, req: ApiRequest) -> ApiResult {
    let principal = req.principal()?;
    templates::delete(state, &principal.tenant, &template_id(&req)?).await?;
    Ok(ApiResponse::no_content())
}

/// Whom to render a preview for: a stored contact, or sample contact fields.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewBody {
    #[schema(pattern = "^con_[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$")]
    pub contact_id: Option<String>,
    /// Sample fields (`email`, `first_name`, `last_name`, `language`, `country`, `attributes`).
    #[schema(value_type = Option<Object>)]
    pub contact: Option<Map<String, Value>>,
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
    let principal = req.principal()?;
    let tenant = &principal.tenant;
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
            contacts::load(state, tenant, &id.to_string()).await?
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
