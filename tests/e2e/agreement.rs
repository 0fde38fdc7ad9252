//! template.yaml, the functions' route tables, the local registry and the OpenAPI document must agree:
//! a route added in one place only fails here.

use enrich_local::registry::Registry;
use enrich_local::template::Template;
use enrich_tests::{workspace_root, TestStack};
use std::collections::BTreeSet;

fn template() -> Template {
    Template::load(&workspace_root().join("template.yaml")).unwrap()
}

#[test]
fn template_routes_equal_the_route_tables() {
    let declared: BTreeSet<(String, String, String)> = template()
        .routes()
        .unwrap()
        .into_iter()
        .filter(|(r, _)| r.method != "OPTIONS")
        .map(|(r, binary)| (r.method, r.path, binary))
        .collect();
    let coded: BTreeSet<(String, String, String)> = fn_system::api_functions()
        .iter()
        .flat_map(|f| {
            f.routes
                .iter()
                .map(move |r| (r.method.to_owned(), r.path.to_owned(), f.binary.to_owned()))
        })
        .collect();
    let only_template: Vec<_> = declared.difference(&coded).collect();
    let only_code: Vec<_> = coded.difference(&declared).collect();
    assert!(
        only_template.is_empty() && only_code.is_empty(),
        "routes only in template.yaml: {only_template:?}; only in code: {only_code:?}"
    );
}

/// Every API path answers CORS preflights: exactly one OPTIONS route per path, on `system`.
#[test]
fn every_path_has_one_preflight_route_on_system() {
    let routes = template().routes().unwrap();
    let paths: BTreeSet<String> = routes
        .iter()
        .filter(|(r, _)| r.method != "OPTIONS" && !r.path.contains("+}"))
        .map(|(r, _)| r.path.clone())
        .collect();
    let preflights: Vec<(String, String)> = routes
        .iter()
        .filter(|(r, _)| r.method == "OPTIONS")
        .map(|(r, binary)| (r.path.clone(), binary.clone()))
        .collect();
    let preflight_paths: BTreeSet<String> = preflights.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(
        preflight_paths, paths,
        "paths without (or with stray) OPTIONS"
    );
    assert_eq!(
        preflights.len(),
        paths.len(),
        "a path has two OPTIONS routes"
    );
    assert!(preflights.iter().all(|(_, b)| b == "system"));
}

#[test]
fn routes_live_under_v1() {
    for (route, _) in template().routes().unwrap() {
        assert!(
            route.path.starts_with("/v1/") || route.path == "/{proxy+}",
            "{} {} is outside /v1",
            route.method,
            route.path
        );
    }
}

#[test]
fn every_template_function_is_known_to_the_local_stack_and_back() {
    let registry = Registry::new();
    let in_template: BTreeSet<String> = template()
        .functions()
        .unwrap()
        .into_iter()
        .map(|f| f.binary)
        .collect();
    let in_registry: BTreeSet<String> = registry.binaries().map(|b| (*b).to_owned()).collect();
    assert_eq!(in_template, in_registry);
    for f in fn_system::api_functions() {
        assert!(
            in_template.contains(f.binary),
            "{} is not in template.yaml",
            f.binary
        );
    }
}

#[tokio::test]
async fn openapi_documents_exactly_the_declared_routes() {
    let t = TestStack::start().await;
    let doc: serde_json::Value = t.get("/v1/openapi.json").await.json().await.unwrap();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .map(move |m| (m.to_ascii_uppercase(), path.clone()))
        })
        .collect();
    let declared: BTreeSet<(String, String)> = template()
        .routes()
        .unwrap()
        .into_iter()
        .filter(|(r, _)| !r.path.contains("+}") && r.method != "OPTIONS")
        .map(|(r, _)| (r.method, r.path))
        .collect();
    assert_eq!(documented, declared);
}

/// The one route → permission table covers every route of every function, and names none that no
/// function serves: a new route without a permission fails here (and would be refused at runtime).
#[test]
fn every_route_has_exactly_one_access_rule() {
    use shared::auth::rbac::{access_for, ROUTE_ACCESS};
    let routes = fn_system::all_routes();
    for r in &routes {
        assert!(
            access_for(r.method, r.path).is_some(),
            "{} {} has no entry in shared::auth::rbac::ROUTE_ACCESS",
            r.method,
            r.path
        );
        let entries = ROUTE_ACCESS
            .iter()
            .filter(|(m, p, _)| *m == r.method && *p == r.path)
            .count();
        assert_eq!(
            entries, 1,
            "{} {} is listed {entries} times",
            r.method, r.path
        );
    }
    for (m, p, _) in ROUTE_ACCESS {
        assert!(
            routes.iter().any(|r| r.method == *m && r.path == *p),
            "ROUTE_ACCESS names {m} {p}, which no function serves"
        );
    }
}
