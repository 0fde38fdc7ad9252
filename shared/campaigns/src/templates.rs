//! Message templates: a subject, an HTML body and an optional text body in a sandboxed Jinja
//! (MiniJinja: no file or network access, no loader; fuel and a recursion limit bound the work one
//! render may do). Templates are checked when saved: a syntax error is a 422 naming the part,
//! the line and the column. A template may belong to a group (one template per language); a
//! campaign sending a group picks each contact's template by language (see [`pick`]).
//!
//! Writes: create claims `(group, language)` with a conditional put in the same transaction as the
//! template (two templates for one language of a group: one wins, the other is a 409); edits are
//! conditional on the version read.

use crate::contacts::{Contact, ContactView};
pub use crate::persist::template::Template;
use crate::persist::template::{self, Written};
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use minijinja::{Environment, UndefinedBehavior};
use platform::AppState;
use platform::Caller;
use serde::Serialize;
use serde_json::{Map, Value};
use store::PageParams;

kernel::prefixed_id!(
    /// A template (`tpl_…`).
    TemplateId,
    "tpl"
);

/// Work one render may do (MiniJinja fuel: roughly one unit per instruction).
const FUEL: u64 = 200_000;
const MAX_HTML: usize = 512 * 1024;
const MAX_TEXT: usize = 256 * 1024;

/// A message rendered for one contact.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rendered {
    pub subject: String,
    pub html: String,
    pub text: Option<String>,
}

fn env(unsubscribe_url: &str) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(20);
    env.set_undefined_behavior(UndefinedBehavior::Lenient);
    let url = unsubscribe_url.to_owned();
    env.add_function("unsubscribe_link", move |label: Option<String>| {
        let label = label.unwrap_or_else(|| "Unsubscribe".into());
        minijinja::Value::from_safe_string(format!(
            "<a href=\"{}\">{}</a>",
            escape(&url),
            escape(&label)
        ))
    });
    env
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Where a syntax error sits: 1-based line and column (in characters).
fn position(source: &str, err: &minijinja::Error) -> (usize, usize) {
    let line = err.line().unwrap_or(1);
    let column = match err.range() {
        Some(r) => {
            let start = r.start.min(source.len());
            let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
            source[line_start..start].chars().count() + 1
        }
        None => 1,
    };
    (line, column)
}

/// Compiles each part, naming every part that does not compile with its line and column.
pub fn check(subject: &str, html: &str, text: Option<&str>) -> Vec<FieldError> {
    let mut env = env("");
    // Debug mode keeps the span of an error, for its column.
    env.set_debug(true);
    let mut errors = Vec::new();
    let mut parts = vec![
        ("subject", "subject.txt", subject),
        ("html", "body.html", html),
    ];
    if let Some(t) = text {
        parts.push(("text", "body.txt", t));
    }
    for (field, name, source) in parts {
        if let Err(e) = env.template_from_named_str(name, source) {
            let (line, column) = position(source, &e);
            errors.push(FieldError::body(
                field,
                "syntax",
                format!(
                    "line {line}, column {column}: {}",
                    e.detail().unwrap_or("syntax error")
                ),
            ));
        }
    }
    errors
}

/// Renders a template for a contact. The context: the contact's fields (`email`, `first_name`,
/// `last_name`, `language`, `country`), its custom `attributes`, the whole `contact`,
/// `unsubscribe_url`, and `unsubscribe_link(label)` (an `<a>` to it). The HTML body is
/// auto-escaped.
pub fn render(
    t: &Template,
    contact: &ContactView,
    unsubscribe_url: &str,
) -> Result<Rendered, ApiError> {
    let env = env(unsubscribe_url);
    let ctx = minijinja::context! {
        contact => minijinja::Value::from(minijinja::value::Serde(contact)),
        email => contact.email.clone(),
        first_name => contact.first_name.clone(),
        last_name => contact.last_name.clone(),
        language => contact.language.clone(),
        country => contact.country.clone(),
        attributes => minijinja::Value::from(minijinja::value::Serde(&contact.attributes)),
        unsubscribe_url => unsubscribe_url.to_owned(),
    };
    let one = |field: &str, name: &'static str, source: &str| -> Result<String, ApiError> {
        env.template_from_named_str(name, source)
            .and_then(|tpl| tpl.render(ctx.clone()))
            .map_err(|e| {
                ApiError::validation(vec![FieldError::body(
                    field,
                    "render",
                    e.detail()
                        .unwrap_or("the template could not be rendered")
                        .to_owned(),
                )])
            })
    };
    Ok(Rendered {
        subject: kernel::text::one_line(&one("subject", "subject.txt", &t.subject)?),
        html: one("html", "body.html", &t.html)?,
        text: match &t.text {
            Some(text) => Some(one("text", "body.txt", text)?),
            None => None,
        },
    })
}

/// The template of a group for a contact's language: the exact tag (`pt-BR`), else the same
/// primary language (`pt`, `pt-PT`), else the campaign's default language, else the first.
pub fn pick<'a>(
    group: &'a [Template],
    language: Option<&str>,
    default: &str,
) -> Option<&'a Template> {
    let primary = |tag: &str| tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    let exact = |tag: &str| group.iter().find(|t| t.language.eq_ignore_ascii_case(tag));
    let same_primary = |tag: &str| group.iter().find(|t| primary(&t.language) == primary(tag));
    language
        .and_then(|l| exact(l).or_else(|| same_primary(l)))
        .or_else(|| exact(default))
        .or_else(|| same_primary(default))
        .or_else(|| group.first())
}

/// What a template body says.
#[derive(Debug, Default)]
pub struct TemplateFields {
    pub name: Option<String>,
    pub language: Option<String>,
    pub subject: Option<String>,
    pub html: Option<String>,
    pub text: Option<Option<String>>,
    pub group: Option<Option<String>>,
    pub version: Option<u64>,
}

/// Reads a body, naming every bad field (including syntax errors with line and column).
/// `full`: name, language, subject and html are required (create, replace).
pub fn parse(body: &Map<String, Value>, allow_version: bool) -> Result<TemplateFields, ApiError> {
    let mut f = TemplateFields::default();
    let mut errors = Vec::new();
    let string = |v: &Value| v.as_str().map(str::to_owned);
    for (key, value) in body {
        match key.as_str() {
            "name" => match string(value).filter(|s| {
                (1..=100).contains(&s.trim().chars().count())
                    && kernel::text::check_line(s.trim()).is_ok()
            }) {
                Some(s) => f.name = Some(s.trim().to_owned()),
                None => errors.push(FieldError::body(
                    "name",
                    "invalid",
                    "1 to 100 characters on one line",
                )),
            },
            "language" => match string(value).filter(|s| kernel::text::language_is_valid(s)) {
                Some(s) => f.language = Some(s),
                None => errors.push(FieldError::body(
                    "language",
                    "invalid",
                    "a BCP 47 language tag such as en, pt-BR or es-419",
                )),
            },
            "subject" => match string(value).filter(|s| (1..=500).contains(&s.chars().count())) {
                Some(s) => f.subject = Some(s),
                None => errors.push(FieldError::body(
                    "subject",
                    "invalid",
                    "1 to 500 characters",
                )),
            },
            "html" => match string(value).filter(|s| !s.is_empty() && s.len() <= MAX_HTML) {
                Some(s) => f.html = Some(s),
                None => errors.push(FieldError::body(
                    "html",
                    "invalid",
                    "1 byte to 512 KB of HTML",
                )),
            },
            "text" => match value {
                Value::Null => f.text = Some(None),
                Value::String(s) if s.len() <= MAX_TEXT => f.text = Some(Some(s.clone())),
                _ => errors.push(FieldError::body(
                    "text",
                    "invalid",
                    "up to 256 KB of text, or null",
                )),
            },
            "group" => match value {
                Value::Null => f.group = Some(None),
                Value::String(s) if crate::contacts::slug_is_valid(s) => {
                    f.group = Some(Some(s.clone()))
                }
                _ => errors.push(FieldError::body(
                    "group",
                    "invalid",
                    "a slug (a-z, 0-9, -), or null",
                )),
            },
            // JSON null is absent, as in every body.
            "version" if allow_version && value.is_null() => {}
            "version" if allow_version => match kernel::bounds::version_value(value) {
                Some(v) => f.version = Some(v),
                None => errors.push(FieldError::body("version", "type", "the version read")),
            },
            _ => errors.push(FieldError::body(
                key.as_str(),
                "unknown",
                "not a template field",
            )),
        }
    }
    for (field, given) in [
        ("name", f.name.is_some() || body.contains_key("name")),
        (
            "language",
            f.language.is_some() || body.contains_key("language"),
        ),
        (
            "subject",
            f.subject.is_some() || body.contains_key("subject"),
        ),
        ("html", f.html.is_some() || body.contains_key("html")),
    ] {
        if !given {
            errors.push(FieldError::body(field, "required", "required"));
        }
    }
    if errors.is_empty() {
        errors.extend(check(
            f.subject.as_deref().unwrap_or_default(),
            f.html.as_deref().unwrap_or_default(),
            f.text.clone().flatten().as_deref(),
        ));
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(ApiError::validation(errors))
    }
}

fn now() -> String {
    kernel::time::rfc3339(kernel::time::now())
}

fn not_found() -> ApiError {
    ApiError::not_found("no such template in this organisation")
}

fn group_taken() -> ApiError {
    ApiError::Conflict {
        detail: "the group already has a template in this language".into(),
    }
}

/// Creates a template (checked: every part compiles).
pub async fn create(
    state: &AppState,
    caller: &Caller<'_>,
    f: TemplateFields,
) -> Result<Template, ApiError> {
    let tenant = caller.tenant;
    let at = now();
    let t = Template {
        id: TemplateId::new().to_string(),
        name: f.name.unwrap_or_default(),
        language: f.language.unwrap_or_default(),
        subject: f.subject.unwrap_or_default(),
        html: f.html.unwrap_or_default(),
        text: f.text.flatten(),
        group: f.group.flatten(),
        created_at: at.clone(),
        updated_at: at,
        version: 1,
    };
    match template::create(state, tenant, &t).await? {
        Written::Done => Ok(t),
        _ => Err(group_taken()),
    }
}

pub async fn load(state: &AppState, tenant: &TenantId, id: &str) -> Result<Template, ApiError> {
    template::load(state, tenant, id)
        .await?
        .ok_or_else(not_found)
}

/// Replaces a template (every part checked again), conditional on the version read; a change of
/// group or language moves its claim in the same transaction.
pub async fn replace(
    state: &AppState,
    caller: &Caller<'_>,
    id: &str,
    f: TemplateFields,
) -> Result<Template, ApiError> {
    let tenant = caller.tenant;
    let old = load(state, tenant, id).await?;
    if f.version.is_some_and(|v| v != old.version) {
        return Err(changed());
    }
    let mut t = Template {
        id: old.id.clone(),
        name: f.name.unwrap_or_default(),
        language: f.language.unwrap_or_default(),
        subject: f.subject.unwrap_or_default(),
        html: f.html.unwrap_or_default(),
        text: f.text.flatten(),
        group: f.group.flatten(),
        created_at: old.created_at.clone(),
        updated_at: old.updated_at.clone(),
        version: old.version,
    };
    if t == old {
        return Ok(old);
    }
    t.version += 1;
    t.updated_at = now();
    match template::replace(state, tenant, &t, &old).await? {
        Written::Done => Ok(t),
        Written::Changed => Err(changed()),
        Written::GroupTaken => Err(group_taken()),
    }
}

fn changed() -> ApiError {
    ApiError::Conflict {
        detail: "the template changed since you read it; read it again".into(),
    }
}

/// Deletes a template and its group claim.
pub async fn delete(state: &AppState, caller: &Caller<'_>, id: &str) -> Result<(), ApiError> {
    let tenant = caller.tenant;
    let t = load(state, tenant, id).await?;
    match template::delete(state, tenant, &t).await? {
        Written::Done => Ok(()),
        _ => Err(changed()),
    }
}

/// A page of templates, oldest first.
pub async fn list(
    state: &AppState,
    caller: &Caller<'_>,
    page: &PageParams,
) -> Result<(Vec<Template>, Option<String>), ApiError> {
    let tenant = caller.tenant;
    let codec = state.cursor_codec().await?;
    let found = template::list(state, tenant, codec, page).await?;
    Ok((found.items, found.next_cursor))
}

/// The templates of a group (one Query of its claims, one BatchGetItem of the templates).
pub async fn group(
    state: &AppState,
    tenant: &TenantId,
    group: &str,
) -> Result<Vec<Template>, ApiError> {
    let codec = state.cursor_codec().await?;
    Ok(template::group(state, tenant, codec, group).await?)
}

/// The unsubscribe link of a contact (for previews and, later, each message).
pub async fn unsubscribe_url(
    state: &AppState,
    tenant: &TenantId,
    contact: &Contact,
    campaign_id: Option<String>,
) -> Result<String, ApiError> {
    let token = crate::suppression::token(
        state,
        &crate::suppression::Unsubscribe {
            tenant: tenant.clone(),
            contact_id: contact.id.clone(),
            campaign_id,
        },
    )
    .await?;
    Ok(format!("{}/v1/unsubscribe/{token}", state.public_api_url()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(language: &str) -> Template {
        Template {
            id: format!("tpl_{language}"),
            name: language.into(),
            language: language.into(),
            subject: String::new(),
            html: String::new(),
            text: None,
            group: Some("welcome".into()),
            created_at: String::new(),
            updated_at: String::new(),
            version: 1,
        }
    }

    #[test]
    fn a_group_picks_by_exact_tag_then_primary_language_then_the_default() {
        let group = [t("en"), t("pt-BR"), t("es")];
        let pick_for = |l: Option<&str>| pick(&group, l, "en").map(|t| t.language.clone());
        assert_eq!(pick_for(Some("pt-BR")).as_deref(), Some("pt-BR"));
        assert_eq!(pick_for(Some("pt-PT")).as_deref(), Some("pt-BR"));
        assert_eq!(pick_for(Some("ES-419")).as_deref(), Some("es"));
        assert_eq!(pick_for(Some("de")).as_deref(), Some("en"));
        assert_eq!(pick_for(None).as_deref(), Some("en"));
        assert_eq!(
            pick(&group, Some("de"), "fr").map(|t| t.id.as_str()),
            Some("tpl_en")
        );
        assert!(pick(&[], Some("de"), "en").is_none());
    }

    #[test]
    fn syntax_errors_name_the_part_line_and_column() {
        let errors = check(
            "Hi {{ first_name }",
            "<p>ok</p>\n<p>{% if x %}</p>",
            Some("fine"),
        );
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["subject", "html"]);
        assert!(
            errors[0].message.starts_with("line 1, column"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[1].message.starts_with("line 2"),
            "{}",
            errors[1].message
        );
        assert!(check("ok", "<p>{{ 1 + 1 }}</p>", None).is_empty());
    }

    #[test]
    fn rendering_escapes_html_is_bounded_and_cannot_reach_files() {
        let mut tpl = t("en");
        tpl.subject = "Hello {{ first_name | default('there') }}\nsecond line".into();
        tpl.html =
            "<p>{{ first_name }} {{ attributes.plan }}</p><a href=\"{{ unsubscribe_url }}\">x</a>"
                .into();
        tpl.text = Some("Bye: {{ unsubscribe_url }}".into());
        let contact = ContactView {
            id: "con_1".into(),
            email: "a@b.example".into(),
            first_name: Some("<b>Ana</b>".into()),
            last_name: None,
            language: None,
            country: None,
            status: crate::contacts::ContactStatus::Subscribed,
            validation: crate::contacts::Validation::Pending,
            source: None,
            tags: vec![],
            attributes: [("plan".to_owned(), Value::from("pro"))]
                .into_iter()
                .collect(),
            person_id: None,
            created_at: String::new(),
            updated_at: String::new(),
            version: 1,
        };
        let r = render(&tpl, &contact, "https://u.example/x").unwrap();
        assert_eq!(
            r.subject, "Hello <b>Ana</b> second line",
            "one line, not escaped"
        );
        assert!(
            r.html.contains("&lt;b&gt;Ana&lt;&#x2f;b&gt; pro"),
            "{}",
            r.html
        );
        assert_eq!(r.text.as_deref(), Some("Bye: https://u.example/x"));
        tpl.html = "{{ unsubscribe_link('Leave <now>') }}".into();
        let r = render(&tpl, &contact, "https://u.example/x?a=1&b=2").unwrap();
        assert_eq!(
            r.html,
            "<a href=\"https://u.example/x?a=1&amp;b=2\">Leave &lt;now&gt;</a>"
        );
        // No loader: including or importing a file is an error, not a read.
        tpl.html = "{% include '/etc/passwd' %}".into();
        assert!(render(&tpl, &contact, "").is_err());
        // A runaway loop runs out of fuel.
        tpl.html =
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
                .into();
        assert!(render(&tpl, &contact, "").is_err());
    }
}
