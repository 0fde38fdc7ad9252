//! The `system` function: liveness, the OpenAPI document for the whole API, and the catch-all that
//! answers 404/405 as problem+json for paths no other route matched.
//!
//! It is also the catalogue of every HTTP function's routes and OpenAPI fragment, because the
//! document and the 405 logic need the whole API; linking the other crates' route tables here costs
//! only their static data, not their handlers.

use serde::Serialize;
use shared::error::Problem;
use shared::routing::RouteSpec;
use shared::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use std::sync::OnceLock;
use utoipa::OpenApi;

shared::routes! {
    "GET" "/v1/health" => health,
    "GET" "/v1/openapi.json" => openapi_json,
    "ANY" "/{proxy+}" => fallback,
}

/// One HTTP function as the catalogue knows it.
pub struct ApiFunction {
    /// The binary name (template.yaml `Metadata.BuildProperties.Binary`).
    pub binary: &'static str,
    pub routes: &'static [RouteSpec],
    pub openapi: fn() -> utoipa::openapi::OpenApi,
}

/// Every HTTP function of the platform. A test checks this list against template.yaml.
pub fn api_functions() -> Vec<ApiFunction> {
    vec![
        ApiFunction {
            binary: "system",
            routes: ROUTES,
            openapi: ApiDoc::openapi,
        },
        ApiFunction {
            binary: "auth",
            routes: fn_auth::ROUTES,
            openapi: fn_auth::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "users",
            routes: fn_users::ROUTES,
            openapi: fn_users::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "people",
            routes: fn_people::ROUTES,
            openapi: fn_people::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "companies",
            routes: fn_companies::ROUTES,
            openapi: fn_companies::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "providers",
            routes: fn_providers::ROUTES,
            openapi: fn_providers::ApiDoc::openapi,
        },
    ]
}

/// Routes that are infrastructure rather than API and so stay out of the OpenAPI document.
pub fn is_catch_all(route: &RouteSpec) -> bool {
    route.path.contains("+}")
}

#[derive(OpenApi)]
#[openapi(
    paths(health, openapi_json),
    components(schemas(Health, Problem)),
    tags((name = "system", description = "Liveness and the API description"))
)]
struct ApiDoc;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
    #[schema(example = "0.1.0")]
    pub version: &'static str,
    /// Each dependency checked and its state.
    pub checks: HealthChecks,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HealthChecks {
    #[schema(example = "ok")]
    pub table: &'static str,
}

/// Liveness with one cheap read of the table, so a broken table or IAM policy shows up here.
#[utoipa::path(
    get,
    path = "/v1/health",
    tag = "system",
    responses(
        (status = 200, description = "The function runs and the table answers", body = Health),
        (status = 503, description = "The table did not answer", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn health(state: &AppState, _req: ApiRequest) -> ApiResult {
    if let Err(err) = state.store.ping().await {
        tracing::error!(error = %err, "health check: table unreachable");
        return Err(ApiError::Unavailable {
            detail: "the table is not reachable".into(),
            retry_after_secs: Some(5),
        });
    }
    ApiResponse::ok(&Health {
        status: "ok",
        version: shared::VERSION,
        checks: HealthChecks { table: "ok" },
    })
}

/// The OpenAPI 3.1 document of every route, generated from the handlers' annotations.
#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    tag = "system",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
async fn openapi_json(_state: &AppState, _req: ApiRequest) -> ApiResult {
    static DOC: OnceLock<Vec<u8>> = OnceLock::new();
    let body = DOC.get_or_init(|| document().to_json().unwrap_or_default().into_bytes());
    ApiResponse::bytes(http::StatusCode::OK, "application/json", body.clone())
        .with_header("cache-control", "public, max-age=300")
}

/// The merged document of every function in [`api_functions`].
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = utoipa::openapi::OpenApiBuilder::new()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("Enrich API")
                .version(shared::VERSION)
                .description(Some(
                    "Data enrichment and outreach. Errors are RFC 9457 problem+json; \
                     lists are cursor-paginated; the tenant always comes from the credentials.",
                ))
                .build(),
        )
        .build();
    for f in api_functions() {
        doc.merge((f.openapi)());
    }
    use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "The access_token from /v1/auth/login, /register or /refresh",
                ))
                .build(),
        ),
    );
    doc
}

/// Every route of every HTTP function.
pub fn all_routes() -> Vec<RouteSpec> {
    api_functions()
        .iter()
        .flat_map(|f| f.routes.iter().copied())
        .collect()
}

/// `ANY /{proxy+}`: nothing more specific matched. 405 with `Allow` when the path exists under
/// another method, else 404.
async fn fallback(_state: &AppState, req: ApiRequest) -> ApiResult {
    let routes: Vec<RouteSpec> = all_routes()
        .into_iter()
        .filter(|r| !is_catch_all(r))
        .collect();
    let allow = shared::routing::allowed_methods(&routes, &req.path);
    if allow.is_empty() {
        Err(ApiError::not_found(format!(
            "no route matches {} {}",
            req.method, req.path
        )))
    } else {
        Err(ApiError::MethodNotAllowed {
            allow: allow.into_iter().map(str::to_owned).collect(),
        })
    }
}
