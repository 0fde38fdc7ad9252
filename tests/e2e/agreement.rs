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
        .filter(|(r, _)| r.method != "ANY" || r.path.contains("+}"))
        .map(|(r, binary)| (r.method, r.path, binary))
        .collect();
    let coded: BTreeSet<(String, String, String)> = enrich_openapi::api_functions()
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

/// Every API path answers CORS preflights and undeclared methods: exactly one ANY route per path,
/// on `system`.
#[test]
fn every_path_has_one_preflight_route_on_system() {
    let routes = template().routes().unwrap();
    let paths: BTreeSet<String> = routes
        .iter()
        .filter(|(r, _)| r.method != "ANY" && !r.path.contains("+}"))
        .map(|(r, _)| r.path.clone())
        .collect();
    let preflights: Vec<(String, String)> = routes
        .iter()
        .filter(|(r, _)| r.method == "ANY" && !r.path.contains("+}"))
        .map(|(r, binary)| (r.path.clone(), binary.clone()))
        .collect();
    let preflight_paths: BTreeSet<String> = preflights.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(preflight_paths, paths, "paths without (or with stray) ANY");
    assert_eq!(preflights.len(), paths.len(), "a path has two ANY routes");
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
    for f in enrich_openapi::api_functions() {
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
        .filter(|(r, _)| !r.path.contains("+}") && r.method != "ANY")
        .map(|(r, _)| (r.method, r.path))
        .collect();
    assert_eq!(documented, declared);
}

/// Every route the limiter weighs as an enrichment or a bulk submission is a `POST` route of
/// template.yaml (a renamed route would otherwise weigh as a plain write, unnoticed).
#[test]
fn every_weighted_route_is_declared() {
    let declared: BTreeSet<(String, String)> = template()
        .routes()
        .unwrap()
        .into_iter()
        .map(|(r, _)| (r.method, r.path))
        .collect();
    for (path, class) in platform::partner::WEIGHTED_POSTS {
        assert!(
            declared.contains(&("POST".to_owned(), path.to_owned())),
            "{path} ({class:?}) is no POST route of template.yaml"
        );
        assert_eq!(platform::partner::RouteClass::of("POST", path), class);
    }
}

/// Each route declares its access beside its handler (`routes!`). A route is public exactly when
/// template.yaml puts no authorizer in front of it, and every permission a route names is granted
/// by some role (a misspelt permission would refuse everyone).
#[test]
fn route_access_agrees_with_the_template_and_the_roles() {
    use access::rbac::Role;
    use kernel::routing::{allows, Access};
    let guarded: std::collections::BTreeMap<(String, String), bool> = template()
        .routes()
        .unwrap()
        .into_iter()
        .map(|(r, _)| ((r.method, r.path), r.authorizer.is_some()))
        .collect();
    for r in enrich_openapi::all_routes() {
        let key = (r.method.to_owned(), r.path.to_owned());
        let behind_authorizer = guarded.get(&key).copied().unwrap_or(false);
        match r.access {
            Access::Public => assert!(
                !behind_authorizer,
                "{} {} is public in code but has the authorizer in template.yaml",
                r.method, r.path
            ),
            Access::Permission(needed) => {
                assert!(
                    behind_authorizer,
                    "{} {} needs {needed} but template.yaml has no authorizer on it",
                    r.method, r.path
                );
                assert!(
                    Role::ALL.iter().any(|role| allows(role.grants(), needed)),
                    "{} {} needs {needed}, which no role grants",
                    r.method,
                    r.path
                );
            }
        }
    }
}

/// Operations (issue 15): every function has its errors, throttles and p95-duration alarms, every
/// queue its age alarm and every dead-letter queue its depth alarm, all sent to the alarm topic, and
/// the dashboard shows every function and queue. A function or queue added without them fails here.
#[test]
fn every_function_and_queue_is_alarmed_and_on_the_dashboard() {
    let t = template();
    let alarms: Vec<&serde_json::Value> = t
        .resources_of_type("AWS::CloudWatch::Alarm")
        .map(|(_, r)| &r["Properties"])
        .collect();
    let watched = |namespace: &str, metric: &str, target: &str| {
        alarms.iter().any(|p| {
            p["Namespace"] == namespace
                && p["MetricName"] == metric
                && p["Dimensions"]
                    .to_string()
                    .contains(&format!("\"{target}\""))
        })
    };
    let dashboard = t
        .resources_of_type("AWS::CloudWatch::Dashboard")
        .map(|(_, r)| {
            r["Properties"]["DashboardBody"]["Fn::Sub"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .next()
        .expect("a dashboard");
    for (id, _) in t.resources_of_type("AWS::Serverless::Function") {
        for metric in ["Errors", "Throttles", "Duration"] {
            assert!(
                watched("AWS/Lambda", metric, id),
                "{id} has no {metric} alarm"
            );
        }
        assert!(
            dashboard.contains(&format!("${{{id}}}")),
            "{id} is not on the dashboard"
        );
    }
    for (id, _) in t.resources_of_type("AWS::SQS::Queue") {
        let metric = if id.ends_with("DLQ") {
            "ApproximateNumberOfMessagesVisible"
        } else {
            "ApproximateAgeOfOldestMessage"
        };
        assert!(watched("AWS/SQS", metric, id), "{id} has no {metric} alarm");
        assert!(
            dashboard.contains(&format!("${{{id}.QueueName}}")),
            "{id} is not on the dashboard"
        );
    }
    for p in &alarms {
        assert!(
            p["AlarmActions"].to_string().contains("AlarmTopicArn"),
            "every alarm goes to the topic: {p}"
        );
    }
    let dashboard: serde_json::Value =
        serde_json::from_str(&dashboard).expect("the dashboard body is JSON");
    assert!(dashboard["widgets"].as_array().unwrap().len() >= 8);
}

/// Every function gets the SDK partition layer and the variable naming its file for the partition the
/// stack is deployed in; a function with its own `Layers` would replace the global list and lose it.
#[test]
fn every_function_reads_its_partition_from_the_sdk_data_layer() {
    let t = template();
    let globals = &t.function_globals;
    assert_eq!(
        globals["Layers"],
        serde_json::json!([{ "Ref": "SdkDataLayer" }])
    );
    assert_eq!(
        globals["Environment"]["Variables"]["SMITHY_CLIENT_SDK_CUSTOM_PARTITION"],
        serde_json::json!({ "Fn::Sub": "/opt/sdk-partitions/${AWS::Partition}.json" })
    );
    let layer = &t.resources["SdkDataLayer"]["Properties"];
    let content = layer["ContentUri"].as_str().expect("a folder");
    // A layer's files appear under /opt; the variable's partition names are AWS::Partition values.
    for partition in ["aws", "aws-cn", "aws-us-gov"] {
        let file = workspace_root()
            .join(content)
            .join(format!("sdk-partitions/{partition}.json"));
        assert!(file.is_file(), "{} is missing", file.display());
    }
    for (id, function) in t.resources_of_type("AWS::Serverless::Function") {
        assert!(
            function["Properties"].get("Layers").is_none(),
            "{id} sets its own Layers"
        );
    }
}

/// The timeouts that failure recovery rests on agree (README, "Failure semantics"): every queue a
/// function consumes hides a message at least 6 times the function's timeout (AWS's rule, so a
/// batch still running is not delivered again), a stuck job is declared only after a chunk that
/// failed twice has come back, and the campaign watchdog waits longer than a failed chunk's return.
#[test]
fn failure_timeouts_agree() {
    let t = template();
    let visibility = |queue: &str| -> u64 {
        t.resources[queue]["Properties"]["VisibilityTimeout"]
            .as_u64()
            .unwrap_or(30)
    };
    let default = |param: &str| -> u64 {
        t.parameter_default(param)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{param} has a numeric default"))
    };
    let functions = t.functions().unwrap();
    let mut checked = 0;
    for f in &functions {
        for source in &f.sqs {
            assert!(
                visibility(&source.queue) >= 6 * f.timeout_secs,
                "{}: {} hides a message {} s, less than 6 x the function's {} s",
                f.logical_id,
                source.queue,
                visibility(&source.queue),
                f.timeout_secs
            );
            checked += 1;
        }
    }
    assert!(checked >= 4, "the workers' queues were found");
    let worker = functions
        .iter()
        .find(|f| f.logical_id == "EnrichmentWorkerFunction")
        .unwrap();
    assert!(
        default("JobStallSeconds") >= 2 * visibility("EnrichmentQueue") + worker.timeout_secs,
        "JobStallSeconds must outlast two returns of a failed chunk"
    );
    assert!(
        default("CampaignStallSeconds") > visibility("SendQueue"),
        "CampaignStallSeconds must outlast a failed chunk's return"
    );
}
