//! The catalogue of every HTTP function (its routes and its OpenAPI fragment), and the generator of
//! the API's OpenAPI document. The document is committed (`functions/system/openapi.json`) and served
//! by `system`, which therefore links no other function; this crate is the only place that knows
//! them all. `cargo run -p enrich-openapi` rewrites the file; a test fails while it is stale.

pub mod contract;
pub mod examples;
pub mod postman;
pub mod workflow;

use kernel::routing::RouteSpec;
use utoipa::OpenApi;

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
            routes: fn_system::ROUTES,
            openapi: <fn_system::ApiDoc as utoipa::OpenApi>::openapi,
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
        ApiFunction {
            binary: "jobs",
            routes: fn_jobs::ROUTES,
            openapi: fn_jobs::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "partners",
            routes: fn_partners::ROUTES,
            openapi: fn_partners::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "contacts",
            routes: fn_contacts::ROUTES,
            openapi: fn_contacts::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "webhooks",
            routes: fn_webhooks::ROUTES,
            openapi: fn_webhooks::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "inbound",
            routes: fn_inbound::ROUTES,
            openapi: fn_inbound::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "data-sources",
            routes: fn_data_sources::ROUTES,
            openapi: fn_data_sources::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "campaigns",
            routes: fn_campaigns::ROUTES,
            openapi: fn_campaigns::ApiDoc::openapi,
        },
        ApiFunction {
            binary: "docs",
            routes: fn_docs::ROUTES,
            openapi: fn_docs::ApiDoc::openapi,
        },
    ]
}

/// Routes that are infrastructure rather than API and so stay out of the OpenAPI document.
pub fn is_catch_all(route: &RouteSpec) -> bool {
    route.path.contains("+}")
}

/// The document's description: what every caller needs before the first call.
const PARTNER_GUIDE: &str = "Data enrichment and outreach. Errors are RFC 9457 problem+json; \
lists are cursor-paginated; the tenant always comes from the credentials.

## Partner keys

An organisation's owner or admin registers an API client (`POST /v1/api-clients`) and issues it keys \
(`POST /v1/api-keys`, shown once). Send a key as `Authorization: Bearer enr_live_…` or `x-api-key`:

```
curl -s https://api.enrich.dev/v1/people/enrich -H \"authorization: Bearer $ENRICH_API_KEY\" \\
  -H 'content-type: application/json' -d '{\"email\":\"pedro.alves@acme.com\"}'
```

`enr_test_` keys act on the organisation's separate test data with the sandbox provider; every answer \
says `livemode`. OAuth2 client credentials: `POST /v1/oauth/token` with the client's id and secret.

## Rate limits

Partner answers carry `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`, \
`RateLimit-Policy` and `RateLimit`. A 429 says `Retry-After` (seconds): wait that long and retry. \
Python: `time.sleep(int(resp.headers['retry-after']))`; Node: \
`await new Promise(r => setTimeout(r, 1000 * Number(resp.headers.get('retry-after'))))`.";

/// The merged document of every function in [`api_functions`].
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = utoipa::openapi::OpenApiBuilder::new()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("Enrich API")
                .version(platform::VERSION)
                .description(Some(PARTNER_GUIDE))
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
                    "The access_token from /v1/auth/login, /register or /refresh; a partner API \
                     key (`enr_live_…` / `enr_test_…`); or an OAuth2 token from /v1/oauth/token",
                ))
                .build(),
        ),
    );
    use utoipa::openapi::security::{ApiKey, ApiKeyValue, ClientCredentials, Flow, OAuth2, Scopes};
    components.add_security_scheme(
        "api_key",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "x-api-key",
            "A partner API key (enr_live_… or enr_test_…); `Authorization: Bearer <key>` works too",
        ))),
    );
    let scopes = Scopes::from_iter(
        access::partner::SCOPES
            .iter()
            .map(|s| (s.name.to_owned(), s.description.to_owned())),
    );
    components.add_security_scheme(
        "oauth2",
        SecurityScheme::OAuth2(OAuth2::with_description(
            [Flow::ClientCredentials(ClientCredentials::new(
                "/v1/oauth/token",
                scopes,
            ))],
            "OAuth2 client credentials of an API client (POST /v1/api-clients returns the secret)",
        )),
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

/// The committed file's text for the current code: pretty JSON with a final newline.
pub fn document_text() -> String {
    pretty(&completed_document())
}

/// The document as served: the handlers' annotations completed from the route table.
pub fn completed_document() -> serde_json::Value {
    let mut doc = serde_json::to_value(document()).unwrap_or_default();
    contract::complete(&mut doc, &all_routes());
    contract::complete_schemas(&mut doc);
    contract::split_profile_create(&mut doc);
    contract::examples(&mut doc);
    doc
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The committed Postman collection's text for the current code.
pub fn postman_text() -> String {
    pretty(&postman::collection(&completed_document()))
}

/// Where the committed Postman collection lives.
pub fn postman_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../functions/system/postman.json")
}

/// Where the committed document lives.
pub fn document_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../functions/system/openapi.json")
}

#[cfg(test)]
mod tests {
    /// Generated clients get typed records: each kind's `data` lists every field the platform
    /// keeps with its type, custom fields stay open, and every route of a kind names its record.
    #[test]
    fn records_are_typed_per_kind() {
        let doc = super::completed_document();
        let schemas = &doc["components"]["schemas"];
        for (data, fields, record) in [
            ("PersonData", providers::PERSON_FIELDS, "PersonRecord"),
            ("CompanyData", providers::COMPANY_FIELDS, "CompanyRecord"),
        ] {
            let props = schemas[data]["properties"].as_object().expect(data);
            let mut names: Vec<&str> = props.keys().map(String::as_str).collect();
            let mut kept = fields.to_vec();
            names.sort_unstable();
            kept.sort_unstable();
            assert_eq!(names, kept, "{data} lists every kept field");
            for (name, p) in props {
                assert!(p["type"].is_string(), "{data}.{name} is typed: {p}");
                assert!(p["description"].is_string(), "{data}.{name} is described");
            }
            assert_eq!(schemas[data]["additionalProperties"], true, "custom fields");
            assert_eq!(
                schemas[record]["properties"]["data"]["$ref"],
                format!("#/components/schemas/{data}")
            );
        }
        assert_eq!(
            schemas["PersonData"]["properties"]["email"]["format"],
            "email"
        );
        assert_eq!(
            schemas["CompanyData"]["properties"]["employee_count"]["type"],
            "integer"
        );
        assert_eq!(
            schemas["CompanyData"]["properties"]["technologies"]["items"]["type"],
            "string"
        );
        // No route answers the untyped record.
        let text = doc.to_string();
        for untyped in [
            "schemas/EntityView\"",
            "schemas/EntityList\"",
            "schemas/EnrichResponse\"",
        ] {
            assert!(!text.contains(untyped), "{untyped} is still referenced");
        }
        let ok = |path: &str, method: &str| {
            doc["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
                ["$ref"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        };
        assert!(ok("/v1/people/{person_id}", "get").ends_with("/PersonRecord"));
        assert!(ok("/v1/companies/{company_id}", "get").ends_with("/CompanyRecord"));
        assert!(ok("/v1/people", "get").ends_with("/PersonList"));
        assert!(ok("/v1/people/enrich", "post").ends_with("/PersonEnrichResponse"));
    }

    /// A CSV file is its own operation with one media type (generators drop an operation whose
    /// body is JSON or CSV); the JSON operations document JSON only.
    #[test]
    fn bulk_csv_is_its_own_operation() {
        let doc = super::completed_document();
        for (json, csv) in [
            ("/v1/people/enrich/bulk", "/v1/people/enrich/bulk/csv"),
            ("/v1/companies/enrich/bulk", "/v1/companies/enrich/bulk/csv"),
        ] {
            let content = |p: &str| {
                let mut keys: Vec<String> = doc["paths"][p]["post"]["requestBody"]["content"]
                    .as_object()
                    .map(|c| c.keys().cloned().collect())
                    .unwrap_or_default();
                keys.sort();
                keys
            };
            assert_eq!(content(json), vec!["application/json"]);
            assert_eq!(content(csv), vec!["text/csv"]);
            let example = doc["paths"][csv]["post"]["requestBody"]["content"]["text/csv"]
                ["example"]
                .as_str()
                .unwrap_or_default();
            assert!(
                example.lines().count() >= 2,
                "a header and a row: {example:?}"
            );
        }
    }

    #[test]
    fn the_committed_document_is_what_the_code_generates() {
        let committed = std::fs::read_to_string(super::document_path()).unwrap_or_default();
        assert!(
            committed == super::document_text(),
            "functions/system/openapi.json is stale: run cargo run -p enrich-openapi"
        );
        assert_eq!(
            committed,
            fn_system::OPENAPI_JSON,
            "system serves the committed file"
        );
        let postman = std::fs::read_to_string(super::postman_path()).unwrap_or_default();
        assert!(
            postman == super::postman_text(),
            "functions/system/postman.json is stale: run cargo run -p enrich-openapi"
        );
    }

    /// The Postman run covers the API: every operation is one step of the workflow, once, and
    /// every step names an operation that exists.
    #[test]
    fn the_workflow_runs_every_operation_once() {
        let doc = super::completed_document();
        let mut ops: Vec<String> = Vec::new();
        for item in doc["paths"].as_object().expect("paths").values() {
            for op in item.as_object().expect("path item").values() {
                if let Some(id) = op["operationId"].as_str() {
                    ops.push(id.to_owned());
                }
            }
        }
        let mut steps: Vec<&str> = crate::workflow::steps().map(|(_, s)| s.op).collect();
        let mut seen = std::collections::BTreeSet::new();
        let twice: Vec<&&str> = steps.iter().filter(|s| !seen.insert(**s)).collect();
        assert!(twice.is_empty(), "steps run twice: {twice:?}");
        let missing: Vec<&String> = ops
            .iter()
            .filter(|o| !steps.contains(&o.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "operations the workflow leaves out: {missing:?}"
        );
        steps.retain(|s| !ops.iter().any(|o| o == s));
        assert!(steps.is_empty(), "steps naming no operation: {steps:?}");
        for (_, step) in crate::workflow::steps() {
            assert_eq!(
                step.expect.is_empty(),
                step.why.is_empty(),
                "{}: an allowed refusal needs its reason",
                step.op
            );
        }
    }

    /// Two types deriving `ToSchema` under one name make utoipa keep one of them silently, and
    /// the document then describes one type's answers with the other's fields (found by the
    /// gate: the sync run and the validation run). Every schema name is given once.
    #[test]
    fn every_schema_name_belongs_to_one_type() {
        fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        sources(&root.join("shared"), &mut files);
        sources(&root.join("functions"), &mut files);
        let mut owners: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let Some(rest) = line
                    .trim_start()
                    .strip_prefix("pub struct ")
                    .or_else(|| line.trim_start().strip_prefix("pub enum "))
                else {
                    continue;
                };
                let attrs: Vec<&str> = lines[..i]
                    .iter()
                    .rev()
                    .take_while(|l| {
                        l.trim_start().starts_with("#[") || l.trim_start().starts_with("///")
                    })
                    .copied()
                    .collect();
                if !attrs.iter().any(|a| a.contains("ToSchema")) {
                    continue;
                }
                let declared: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let name = attrs
                    .iter()
                    .find_map(|a| a.split("schema(as = ").nth(1))
                    .map(|a| {
                        a.split([')', ','])
                            .next()
                            .unwrap_or_default()
                            .rsplit("::")
                            .next()
                            .unwrap_or_default()
                            .to_owned()
                    })
                    .unwrap_or(declared);
                if name.is_empty() {
                    // A macro's `pub struct $name`: its instances are named where it is used.
                    continue;
                }
                owners
                    .entry(name)
                    .or_default()
                    .push(file.display().to_string());
            }
        }
        let shared: Vec<_> = owners.iter().filter(|(_, files)| files.len() > 1).collect();
        assert!(
            shared.is_empty(),
            "schema names given to more than one type: {shared:?}"
        );
        assert!(
            owners.len() > 100,
            "the scan found only {} schema types",
            owners.len()
        );
    }
}
