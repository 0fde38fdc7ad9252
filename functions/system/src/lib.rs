//! The `system` function: liveness, the OpenAPI document for the whole API, and the catch-all that
//! answers 404/405 as problem+json for paths no other route matched.
//!
//! The document is generated from the other functions' code by `infra/openapi` and committed as
//! `functions/system/openapi.json`; this function serves that file and reads the routes it lists
//! for its 405 answers. So it depends on no other function crate: a change to one does not rebuild
//! or relink it, and a test fails when the committed file is not what the code generates.

use kernel::error::Problem;
use kernel::routing::RouteSpec;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use serde::Serialize;
use std::sync::OnceLock;
use utoipa::OpenApi;

platform::routes! {
    "GET" "/v1/health" => health, public,
    "GET" "/v1/openapi.json" => openapi_json, public,
    "GET" "/v1/postman.json" => postman_json, public,
    "ANY" "/{proxy+}" => fallback, public;
    otherwise => fallback
}

/// Routes that are infrastructure rather than API and so stay out of the OpenAPI document.
pub fn is_catch_all(route: &RouteSpec) -> bool {
    route.path.contains("+}")
}

#[derive(OpenApi)]
#[openapi(
    paths(health, openapi_json, postman_json),
    components(schemas(Health, Problem)),
    tags((name = "system", description = "Liveness and the API description"))
)]
pub struct ApiDoc;

/// The committed document (`cargo run -p enrich-openapi` writes it).
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// The Postman collection generated from it (written beside it).
pub const POSTMAN_JSON: &str = include_str!("../postman.json");

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
        version: platform::VERSION,
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
    committed_document(OPENAPI_JSON)
}

/// A generated document, committed and compiled in: the same for every caller, so cacheable.
fn committed_document(text: &'static str) -> ApiResult {
    ApiResponse::bytes(
        http::StatusCode::OK,
        "application/json",
        text.as_bytes().to_vec(),
    )
    .with_header("cache-control", "public, max-age=300")
}

/// A Postman collection (v2.1) of every operation, generated from the OpenAPI document: import it,
/// set `baseUrl` and `token`.
#[utoipa::path(
    get,
    path = "/v1/postman.json",
    tag = "system",
    responses((status = 200, description = "A Postman v2.1 collection", content_type = "application/json"))
)]
async fn postman_json(_state: &AppState, _req: ApiRequest) -> ApiResult {
    committed_document(POSTMAN_JSON)
}

/// Every route the API documents (read once from the committed document), with this function's
/// own; what the 405 answer's `Allow` is computed from.
pub fn documented_routes() -> &'static [RouteSpec] {
    static ROUTES_SEEN: OnceLock<Vec<RouteSpec>> = OnceLock::new();
    ROUTES_SEEN.get_or_init(|| {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).unwrap_or_default();
        let mut routes: Vec<RouteSpec> = ROUTES
            .iter()
            .copied()
            .filter(|r| !is_catch_all(r))
            .collect();
        if let Some(paths) = doc["paths"].as_object() {
            for (path, item) in paths {
                let path: &'static str = Box::leak(path.clone().into_boxed_str());
                for method in item.as_object().map(|m| m.keys()).into_iter().flatten() {
                    let method: &'static str =
                        Box::leak(method.to_ascii_uppercase().into_boxed_str());
                    if !routes.iter().any(|r| r.path == path && r.method == method) {
                        routes.push(RouteSpec {
                            method,
                            path,
                            access: kernel::routing::Access::Public,
                        });
                    }
                }
            }
        }
        routes
    })
}

/// `ANY /{proxy+}` (nothing more specific matched), and the `ANY` event template.yaml declares on
/// every API path (a method no function declares for it): 405 with `Allow` when the path exists
/// under another method, else 404. OPTIONS never gets here: it is the CORS preflight.
async fn fallback(_state: &AppState, req: ApiRequest) -> ApiResult {
    let allow = kernel::routing::allowed_methods(documented_routes(), &req.path);
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
