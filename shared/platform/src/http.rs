//! The request and response types handlers see, independent of Lambda's event types.
//!
//! [`ApiRequest::from_lambda`] reads what API Gateway put in the REST v1 event: the declared resource
//! path (used for dispatch), path and query parameters, and the authorizer context that names the
//! caller. Body parsing enforces the size limit and turns serde errors into field-named 400s.

pub use crate::body::{check_object_body, parse_json};
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use http::{Method, StatusCode};
use kernel::error::{ApiError, FieldError, Location};
use kernel::ids::TenantId;
#[cfg(feature = "http-runtime")]
use lambda_http::request::RequestContext;
#[cfg(feature = "http-runtime")]
use lambda_http::RequestExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;
use std::str::FromStr;
pub use store::PageParams;

/// What a handler returns: a response, or an error rendered as problem+json.
pub type ApiResult<T = ApiResponse> = Result<T, ApiError>;

/// Who is calling, as the authorizer established it. Handlers get the tenant only from here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub tenant: TenantId,
    pub id: String,
    pub kind: PrincipalKind,
    pub role: String,
    pub permissions: Vec<String>,
    /// For bearer tokens: the session, the token id and its expiry (logout denies the token).
    pub session_id: Option<String>,
    pub token_id: Option<String>,
    pub token_exp: Option<i64>,
    /// For partner credentials (API keys, OAuth2 tokens): the client they belong to.
    pub client_id: Option<String>,
    /// False for test-mode credentials, whose tenant is the organisation's test space.
    pub livemode: bool,
    /// What the limiter counts the caller as, and their limits: a partner key or client, or a
    /// signed-in user (their organisation tier's per-user limits).
    pub rate: Option<RateSpec>,
}

/// The limiter's view of a credential: who is counted (a key, client or user id) and the
/// minute, hour and day limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateSpec {
    pub subject: String,
    pub limits: [u64; 3],
}

impl RateSpec {
    /// The context form: `subject minute hour day`.
    pub fn to_context(&self) -> String {
        format!(
            "{} {} {} {}",
            self.subject, self.limits[0], self.limits[1], self.limits[2]
        )
    }

    pub fn from_context(raw: &str) -> Option<Self> {
        let mut parts = raw.split_whitespace();
        let subject = parts.next()?.to_owned();
        let mut limits = [0u64; 3];
        for l in &mut limits {
            *l = parts.next()?.parse().ok().filter(|n| *n > 0)?;
        }
        Some(Self { subject, limits })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    User,
    ApiKey,
}

impl Principal {
    /// Whether the caller holds `permission` (`resource.action`), wildcards included.
    pub fn can(&self, permission: &str) -> bool {
        kernel::routing::allows(&self.permissions, permission)
    }

    /// A route open to everyone for their own record (`self.*`) needs `permission` for anyone
    /// else's; the refusal is a 403 naming it.
    pub fn require_for_other(&self, target_user: &str, permission: &str) -> Result<(), ApiError> {
        if self.id == target_user || self.can(permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden {
                detail: format!("acting on another user needs the {permission} permission"),
            })
        }
    }
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::ApiKey => "api_key",
        }
    }
}

/// Keys of the authorizer context (REST v1 flattens them into `requestContext.authorizer`).
pub mod context_keys {
    pub const TENANT: &str = "tenant_id";
    pub const PRINCIPAL_ID: &str = "principal_id";
    pub const PRINCIPAL_KIND: &str = "principal_kind";
    pub const ROLE: &str = "role";
    /// Space-separated, because authorizer context values must be strings, numbers or booleans.
    pub const PERMISSIONS: &str = "permissions";
    pub const SESSION_ID: &str = "session_id";
    pub const TOKEN_ID: &str = "token_id";
    /// Epoch seconds, as a string (context values are flattened to strings by API Gateway).
    pub const TOKEN_EXP: &str = "token_exp";
    pub const CLIENT_ID: &str = "client_id";
    /// `live` or `test`.
    pub const MODE: &str = "mode";
    /// [`super::RateSpec::to_context`].
    pub const RATE: &str = "rate";
}

#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: Method,
    /// The resource path as declared in template.yaml (`/v1/people/{person_id}`): the dispatch key.
    pub resource: String,
    /// The concrete path requested, for `instance` in problems.
    pub path: String,
    pub path_params: HashMap<String, String>,
    pub query: HashMap<String, Vec<String>>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub request_id: String,
    pub source_ip: Option<String>,
    principal: Option<Principal>,
    principal_error: bool,
}

impl ApiRequest {
    /// Reads a `lambda_http` request built from an API Gateway REST v1 event.
    #[cfg(feature = "http-runtime")]
    pub fn from_lambda(req: lambda_http::Request) -> Self {
        let path_params: HashMap<String, String> = req
            .path_parameters_ref()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let query: HashMap<String, Vec<String>> = req
            .query_string_parameters_ref()
            .map(|m| {
                m.iter()
                    .map(|(k, _)| {
                        (
                            k.to_owned(),
                            m.all(k)
                                .map(|vs| vs.iter().map(|v| (*v).to_owned()).collect())
                                .unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (mut resource, mut request_id, mut source_ip, mut principal, mut principal_error) =
            (String::new(), String::new(), None, None, false);
        if let Some(RequestContext::ApiGatewayV1(ctx)) = req.request_context_ref() {
            resource = ctx.resource_path.clone().unwrap_or_default();
            request_id = ctx.request_id.clone().unwrap_or_default();
            source_ip = ctx.identity.source_ip.clone();
            if !ctx.authorizer.fields.is_empty() {
                principal = principal_from_context(&ctx.authorizer.fields);
                principal_error = principal.is_none();
            }
        }
        if request_id.is_empty() {
            request_id = kernel::ids::new_request_id();
        }
        let path = req.raw_http_path().to_owned();
        let (parts, body) = req.into_parts();
        Self {
            method: parts.method,
            resource,
            path: if path.is_empty() {
                parts.uri.path().to_owned()
            } else {
                path
            },
            path_params,
            query,
            headers: parts.headers,
            body: body.to_vec(),
            request_id,
            source_ip,
            principal,
            principal_error,
        }
    }

    /// The authenticated caller; 401 when the route was reached without one.
    pub fn principal(&self) -> Result<&Principal, ApiError> {
        if self.principal_error {
            // The authorizer let the call through with a context we cannot read: a deployment fault.
            return Err(ApiError::internal("authorizer context is incomplete"));
        }
        self.principal
            .as_ref()
            .ok_or_else(|| ApiError::Unauthenticated {
                detail: "send a bearer token or an API key".into(),
            })
    }

    pub fn tenant(&self) -> Result<&TenantId, ApiError> {
        self.principal().map(|p| &p.tenant)
    }

    /// Where the request came from, as the audit log and the session list record it (the agent
    /// cut to 256 characters).
    pub fn origin(&self) -> Origin {
        Origin {
            ip: self.source_ip.clone(),
            user_agent: self
                .header("user-agent")
                .map(|s| s.chars().take(256).collect()),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Parses the JSON body into `T`, naming the offending field on failure.
    pub fn json<T: DeserializeOwned>(&self, max_bytes: usize) -> Result<T, ApiError> {
        if self.body.len() > max_bytes {
            return Err(ApiError::PayloadTooLarge { limit: max_bytes });
        }
        if let Some(ct) = self.header(CONTENT_TYPE.as_str()) {
            let mime = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if mime != "application/json" && !mime.ends_with("+json") {
                return Err(ApiError::UnsupportedMediaType {
                    expected: "application/json",
                });
            }
        }
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request("a JSON body is required"));
        }
        check_object_body(&self.body)?;
        parse_json(&self.body)
    }

    /// A required path parameter, parsed. A malformed one names no resource, so it is a 404 that
    /// names the parameter and the expected shape (as for an id that does not exist): a client
    /// that put `null` or `undefined` into a URL learns which id was wrong, and a schema-valid
    /// request is never answered 400.
    pub fn path_param<T>(&self, name: &str) -> Result<T, ApiError>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        let raw = self
            .path_params
            .get(name)
            .ok_or_else(|| ApiError::internal(format!("route has no path parameter {name}")))?;
        raw.parse::<T>().map_err(|e| ApiError::NotFound {
            detail: format!("{name}: nothing has this id; {e}"),
        })
    }

    /// An optional query parameter, parsed; repeated values are refused rather than silently dropped.
    pub fn query_param<T>(&self, name: &str) -> Result<Option<T>, ApiError>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        match self.query.get(name).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([one]) => one.parse::<T>().map(Some).map_err(|e| {
                ApiError::invalid_field(Location::Query, name, "invalid", e.to_string())
            }),
            Some(_) => Err(ApiError::invalid_field(
                Location::Query,
                name,
                "repeated",
                "give this parameter once",
            )),
        }
    }

    /// `limit` (1..=max, default `default`) and the opaque `cursor` of a list request.
    pub fn page_params(&self, default: u32, max: u32) -> Result<PageParams, ApiError> {
        let limit = self.query_param::<u32>("limit")?.unwrap_or(default);
        if limit == 0 || limit > max {
            return Err(ApiError::invalid_field(
                Location::Query,
                "limit",
                "out_of_range",
                format!("must be between 1 and {max}"),
            ));
        }
        Ok(PageParams {
            limit,
            cursor: self
                .query_param::<String>("cursor")?
                .filter(|c| !c.is_empty()),
        })
    }
}

#[cfg(any(feature = "http-runtime", test))]
fn principal_from_context(fields: &HashMap<String, serde_json::Value>) -> Option<Principal> {
    let get = |k: &str| {
        fields
            .get(k)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
    };
    let tenant: TenantId = get(context_keys::TENANT)?.parse().ok()?;
    // The mode and the data space must agree; a context where they differ is refused as unreadable.
    if (get(context_keys::MODE) == Some("test")) != tenant.is_test() {
        return None;
    }
    Some(Principal {
        livemode: !tenant.is_test(),
        tenant,
        id: get(context_keys::PRINCIPAL_ID)?.to_owned(),
        kind: match get(context_keys::PRINCIPAL_KIND)? {
            "user" => PrincipalKind::User,
            "api_key" => PrincipalKind::ApiKey,
            _ => return None,
        },
        role: get(context_keys::ROLE)?.to_owned(),
        permissions: get(context_keys::PERMISSIONS)
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        session_id: get(context_keys::SESSION_ID).map(str::to_owned),
        token_id: get(context_keys::TOKEN_ID).map(str::to_owned),
        token_exp: get(context_keys::TOKEN_EXP).and_then(|v| v.parse().ok()),
        client_id: get(context_keys::CLIENT_ID).map(str::to_owned),
        rate: match get(context_keys::RATE) {
            Some(raw) => Some(RateSpec::from_context(raw)?),
            None => None,
        },
    })
}

/// A response before the common headers (request id, security, CORS) are added.
#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl ApiResponse {
    pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Result<Self, ApiError> {
        let body = serde_json::to_vec(value).map_err(ApiError::internal)?;
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Ok(Self {
            status,
            headers,
            body,
        })
    }

    pub fn ok<T: Serialize>(value: &T) -> Result<Self, ApiError> {
        Self::json(StatusCode::OK, value)
    }

    /// A body already serialised (e.g. a document built once per container).
    pub fn bytes(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        Self {
            status,
            headers,
            body,
        }
    }

    /// A small self-contained HTML page (a link opened from a mail: unsubscribe confirmations).
    /// It loads nothing, and its only form posts to the same address.
    pub fn html_page(title: &str, body: &str) -> Result<Self, ApiError> {
        const PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:32rem;\
             margin:4rem auto;padding:0 1rem;color:#1b1f24}}button{{font-size:1rem;padding:.6rem 1.2rem}}\
             </style></head><body><h1>{title}</h1>{body}</body></html>"
        );
        Self::bytes(
            StatusCode::OK,
            "text/html; charset=utf-8",
            html.into_bytes(),
        )
        .with_header("content-security-policy", PAGE_POLICY)
    }

    pub fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            headers: HeaderMap::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: &str) -> Result<Self, ApiError> {
        let value = HeaderValue::from_str(value).map_err(ApiError::internal)?;
        self.headers.insert(HeaderName::from_static(name), value);
        Ok(self)
    }

    /// The problem+json rendering of an error.
    pub fn problem(err: &ApiError, instance: &str, request_id: &str) -> Self {
        let problem = err.to_problem(instance, request_id);
        let body = serde_json::to_vec(&problem).unwrap_or_else(|_| b"{}".to_vec());
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(kernel::error::PROBLEM_CONTENT_TYPE),
        );
        for (name, value) in err.headers() {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(HeaderName::from_static(name), v);
            }
        }
        Self {
            status: err.status(),
            headers,
            body,
        }
    }
}

/// Helper for handlers that validate several fields and want to report all failures at once.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn check(&mut self, ok: bool, field: &str, code: &'static str, message: &str) -> &mut Self {
        if !ok {
            self.errors.push(FieldError::body(field, code, message));
        }
        self
    }

    /// Refuses control characters in a one-line text field ([`kernel::text::check_line`]).
    pub fn line(&mut self, field: &str, value: &str) -> &mut Self {
        if let Err(e) = kernel::text::check_line(value) {
            self.errors
                .push(FieldError::body(field, e.code(), e.message()));
        }
        self
    }

    pub fn push(&mut self, error: FieldError) -> &mut Self {
        self.errors.push(error);
        self
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        contact: Contact,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Contact {
        emails: Vec<String>,
        age: u8,
    }

    fn field_of(err: ApiError) -> String {
        match err {
            ApiError::BadRequest { errors, .. } => errors[0].field.clone(),
            other => panic!("expected 400, got {other:?}"),
        }
    }

    #[test]
    fn integral_floats_fill_integer_fields_and_fractions_do_not() {
        #[derive(Debug, Deserialize)]
        struct B {
            n: u64,
        }
        assert_eq!(parse_json::<B>(br#"{"n": 148.0}"#).unwrap().n, 148);
        let err = parse_json::<B>(br#"{"n": 1.5}"#).unwrap_err();
        assert_eq!(field_of(err), "n");
    }

    #[test]
    fn malformed_json_is_a_400_with_position() {
        let err = parse_json::<Body>(b"{\"name\": ").unwrap_err();
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
        assert!(err.to_problem("/", "r").detail.contains("not valid JSON"));
    }

    #[test]
    fn wrong_types_name_the_nested_field() {
        let err = parse_json::<Body>(br#"{"name":"a","contact":{"emails":["x", 3],"age":1}}"#)
            .unwrap_err();
        assert_eq!(field_of(err), "contact.emails[1]");
        let err =
            parse_json::<Body>(br#"{"name":"a","contact":{"emails":[],"age":300}}"#).unwrap_err();
        assert_eq!(field_of(err), "contact.age");
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        let err = parse_json::<Body>(br#"{"contact":{"emails":[],"age":1}}"#).unwrap_err();
        assert_eq!(field_of(err), "name");
        let err = parse_json::<Body>(br#"{"name":"a","contact":{"emails":[]}}"#).unwrap_err();
        assert_eq!(field_of(err), "contact.age");
        let err =
            parse_json::<Body>(br#"{"name":"a","nickname":"b","contact":{"emails":[],"age":1}}"#)
                .unwrap_err();
        assert_eq!(field_of(err), "nickname");
    }

    #[test]
    fn bodies_must_be_objects_without_repeated_keys() {
        let field = |bytes: &[u8]| match check_object_body(bytes) {
            Err(ApiError::BadRequest { errors, .. }) => errors[0].field.clone(),
            other => panic!("expected 400, got {other:?}"),
        };
        assert_eq!(field(br#"["a@b.example", "a long password"]"#), "body");
        assert_eq!(field(b" \"text\" "), "body");
        assert_eq!(field(br#"{"title":"a","title":"b"}"#), "title");
        assert_eq!(field(br#"{"a":{"x":1,"y":[{"k":1,"k":2}]}}"#), "a.y[0].k");
        assert!(check_object_body(br#"{"a":{"x":1},"b":{"x":2}}"#).is_ok());
        // Broken JSON is left to parse_json, which names the position.
        assert!(check_object_body(b"[1,").is_ok());
    }

    #[test]
    fn principal_needs_every_context_key() {
        let tenant = TenantId::new();
        let mut fields: HashMap<String, serde_json::Value> = [
            ("tenant_id", tenant.as_str()),
            ("principal_id", "usr_1"),
            ("principal_kind", "user"),
            ("role", "admin"),
            ("permissions", "people.* users.read"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), serde_json::Value::from(v)))
        .collect();
        let p = principal_from_context(&fields).unwrap();
        assert_eq!(p.tenant, tenant);
        assert_eq!(p.permissions, vec!["people.*", "users.read"]);
        fields.insert("tenant_id".into(), "not-a-tenant".into());
        assert!(principal_from_context(&fields).is_none());
    }
}

/// The client address and agent of a request, handed to domain operations that record them.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}
