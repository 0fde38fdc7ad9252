//! The `docs` function: the developer portal. `GET /v1/docs` is an interactive reference (Swagger UI,
//! pinned to the release in `tests/browser/package.json`, whose files are compiled in) that reads
//! `/v1/openapi.json` and can call the API from the page; `GET /v1/docs/getting-started` walks
//! through register → enrich → bulk job → API key → webhook verification with the examples in
//! `tests/examples`, which the test suite runs against a local stack, so the page shows only code
//! that works. A function of its own so no other function carries 2 MB of browser assets.

use kernel::error::Problem;
use platform::{ApiError, ApiRequest, ApiResponse, ApiResult, AppState};
use std::sync::OnceLock;
use utoipa::OpenApi;

platform::routes! {
    "GET" "/v1/docs" => docs_reference, public,
    "GET" "/v1/docs/getting-started" => docs_getting_started, public,
    "GET" "/v1/docs/assets/{asset}" => docs_asset, public,
}

#[derive(OpenApi)]
#[openapi(
    paths(docs_reference, docs_getting_started, docs_asset),
    components(schemas(Problem)),
    tags((name = "docs", description = "The developer portal"))
)]
pub struct ApiDoc;

/// The Swagger UI release served (the version pinned in tests/browser/package.json; a test
/// compares the compiled-in files with that package's).
pub const SWAGGER_UI_VERSION: &str = "5.35.0";

/// Pages and scripts load only from this origin; Swagger UI sets inline styles, and "try it"
/// calls the API on the same origin.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
frame-ancestors 'none'";

/// Name → (content type, body) of every file under `/v1/docs/assets/`.
pub const ASSETS: &[(&str, &str, &str)] = &[
    (
        "swagger-ui-bundle.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/swagger-ui-bundle.js"),
    ),
    (
        "swagger-ui.css",
        "text/css; charset=utf-8",
        include_str!("../assets/swagger-ui.css"),
    ),
    (
        "portal.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/portal.js"),
    ),
    (
        "portal.css",
        "text/css; charset=utf-8",
        include_str!("../assets/portal.css"),
    ),
];

/// The examples the guide shows, by the name its template uses; each is a file the tests run.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "quickstart.sh",
        include_str!("../../../tests/examples/quickstart.sh"),
    ),
    (
        "enrich.py",
        include_str!("../../../tests/examples/enrich.py"),
    ),
    (
        "enrich.mjs",
        include_str!("../../../tests/examples/enrich.mjs"),
    ),
    ("bulk.sh", include_str!("../../../tests/examples/bulk.sh")),
    ("bulk.py", include_str!("../../../tests/examples/bulk.py")),
    ("bulk.mjs", include_str!("../../../tests/examples/bulk.mjs")),
    (
        "verify_webhook.py",
        include_str!("../../../tests/examples/verify_webhook.py"),
    ),
    (
        "verify_webhook.mjs",
        include_str!("../../../tests/examples/verify_webhook.mjs"),
    ),
    (
        "verify_webhook.sh",
        include_str!("../../../tests/examples/verify_webhook.sh"),
    ),
    (
        "verify_with_libraries.py",
        include_str!("../../../tests/examples/verify_with_libraries.py"),
    ),
];

fn html(body: &'static str) -> ApiResult {
    ApiResponse::bytes(
        http::StatusCode::OK,
        "text/html; charset=utf-8",
        body.as_bytes().to_vec(),
    )
    .with_header("content-security-policy", PAGE_POLICY)?
    .with_header("cache-control", "public, max-age=300")
}

/// The interactive API reference: every operation, its parameters, answers and errors, with
/// "Authorize" (bearer token or API key) and "Try it out" against this API.
#[utoipa::path(
    get,
    path = "/v1/docs",
    tag = "docs",
    responses((status = 200, description = "The API reference (HTML)", content_type = "text/html"))
)]
async fn docs_reference(_state: &AppState, _req: ApiRequest) -> ApiResult {
    html(include_str!("../assets/reference.html"))
}

/// The official clients' README examples (the blocks `clients/run-examples` runs), shown in the
/// guide as they are in the READMEs.
pub const CLIENT_EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "client.py",
        include_str!("../../../clients/python/README.md"),
        "python",
    ),
    (
        "client.ts",
        include_str!("../../../clients/typescript/README.md"),
        "ts",
    ),
];

/// The first fenced block of `lang` after a README's `## Example` heading.
pub fn readme_example<'a>(readme: &'a str, lang: &str) -> &'a str {
    let fence = format!("```{lang}\n");
    readme
        .split_once("## Example")
        .and_then(|(_, rest)| rest.split_once(fence.as_str()))
        .and_then(|(_, block)| block.split_once("```"))
        .map(|(code, _)| code)
        .unwrap_or_default()
}

/// The getting-started guide, with curl, Python and Node examples that the test suite runs.
#[utoipa::path(
    get,
    path = "/v1/docs/getting-started",
    tag = "docs",
    responses((status = 200, description = "The getting-started guide (HTML)", content_type = "text/html"))
)]
async fn docs_getting_started(_state: &AppState, _req: ApiRequest) -> ApiResult {
    html(guide())
}

/// The guide with every `{{example}}` replaced by that file, escaped for HTML; built once per
/// container.
pub fn guide() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        let mut page = include_str!("../assets/getting-started.html").to_owned();
        for (name, text) in EXAMPLES {
            page = page.replace(&format!("{{{{{name}}}}}"), &escape(text.trim_end()));
        }
        for (name, readme, lang) in CLIENT_EXAMPLES {
            page = page.replace(
                &format!("{{{{{name}}}}}"),
                &escape(readme_example(readme, lang).trim_end()),
            );
        }
        page
    })
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A file of the portal (Swagger UI's script and style, the portal's own). The names are fixed
/// and the files change only with a deployment, so browsers keep them for a day.
#[utoipa::path(
    get,
    path = "/v1/docs/assets/{asset}",
    tag = "docs",
    params(("asset" = String, Path, description = "The file's name", example = "portal.js")),
    responses(
        (status = 200, description = "The file (JavaScript or CSS)", content(("text/javascript"), ("text/css"))),
        (status = 404, description = "No such file", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn docs_asset(_state: &AppState, req: ApiRequest) -> ApiResult {
    let name: String = req.path_param("asset")?;
    let Some((_, content_type, body)) = ASSETS.iter().find(|(n, _, _)| *n == name) else {
        return Err(ApiError::not_found(format!("no portal file named {name}")));
    };
    ApiResponse::bytes(http::StatusCode::OK, content_type, body.as_bytes().to_vec())
        .with_header("cache-control", "public, max-age=86400")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_shows_every_example_escaped_and_leaves_no_placeholder() {
        let page = guide();
        assert!(!page.contains("{{"), "a placeholder was left in the guide");
        for (name, text) in EXAMPLES {
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap();
            assert!(
                page.contains(&escape(first)),
                "{name} is missing from the guide"
            );
        }
        for (name, readme, lang) in CLIENT_EXAMPLES {
            let code = readme_example(readme, lang);
            assert!(
                code.lines().count() > 20,
                "{name}: no example in the README"
            );
            let last = code.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
            assert!(
                page.contains(&escape(last)),
                "{name} is missing from the guide"
            );
        }
        // Shell redirections and comparisons are escaped, not parsed as markup.
        assert!(page.contains("&lt;&lt;&lt;"));
    }
}
