//! The developer portal and its examples: the getting-started examples (tests/examples) run against a
//! local stack exactly as the guide shows them; the reference is driven in headless Chromium (every
//! documented operation listed, "try it" answers); the compiled-in Swagger UI is the pinned release.

use enrich_tests::{workspace_root, Account, TestStack};
use reqwest::Method;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(t: &TestStack, a: &Account, scopes: &[&str]) -> String {
    let (status, c) = t
        .call(
            a,
            Method::POST,
            "/v1/api-clients",
            Some(
                json!({"name": "examples", "contact_email": "dev@examples.example",
                        "rate_limit_tier": "standard", "scopes": scopes}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    c["id"].as_str().unwrap().to_owned()
}

async fn key(t: &TestStack, a: &Account, client_id: &str, scopes: &[&str]) -> String {
    let (status, k) = t
        .call(
            a,
            Method::POST,
            "/v1/api-keys",
            Some(json!({"client_id": client_id, "name": "examples", "scopes": scopes})),
        )
        .await;
    assert_eq!(status, 201, "{k}");
    k["key"].as_str().unwrap().to_owned()
}

fn examples() -> PathBuf {
    workspace_root().join("tests/examples")
}

fn program_for(script: &str) -> &'static str {
    match Path::new(script).extension().and_then(|e| e.to_str()) {
        Some("py") => "python3",
        Some("mjs") => "node",
        _ => "bash",
    }
}

/// Runs one example with the environment the guide tells readers to set.
async fn run(script: &str, env: &[(&str, &str)]) -> (bool, String) {
    let out = tokio::process::Command::new(program_for(script))
        .arg(examples().join(script))
        .envs(env.iter().copied())
        .output()
        .await
        .unwrap_or_else(|e| panic!("run {script}: {e}"));
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Steps 1–2 of the guide (and the README's integration examples): curl + jq, Python (standard
/// library only) and Node (built-in fetch).
#[tokio::test]
async fn the_register_and_enrich_examples_work_against_the_local_stack() {
    let t = TestStack::start().await;
    let a = t.register("examples").await;
    let c = client(&t, &a, &["people:read", "people:write"]).await;
    let secret = key(&t, &a, &c, &["people:read", "people:write"]).await;
    let api = t.url("");
    for script in ["enrich.py", "enrich.mjs", "quickstart.sh"] {
        let (ok, out) = run(
            script,
            &[
                ("ENRICH_API", &api),
                ("ENRICH_API_KEY", &secret),
                ("API", &api),
            ],
        )
        .await;
        assert!(ok, "{script} failed: {out}");
        assert!(out.to_lowercase().contains("livemode"), "{script}: {out}");
        if script != "quickstart.sh" {
            assert!(out.contains("per_"), "{script}: {out}");
        } else {
            assert!(out.contains("x-ratelimit-remaining: 119"), "{out}");
            assert!(out.contains(r#"{"livemode":true,"count":1}"#), "{out}");
        }
    }
}

/// Step 3: each bulk example submits two people, waits for the job and prints every result row.
/// Each runs with its own key (an Idempotency-Key is per credential).
#[tokio::test]
async fn the_bulk_job_examples_run_a_job_to_the_end_and_page_its_results() {
    let t = TestStack::start().await;
    let a = t.register("bulk-examples").await;
    let c = client(&t, &a, &["people:read", "people:write", "jobs:read"]).await;
    let _workers = t.start_workers(1);
    let api = t.url("");
    let mut jobs = Vec::new();
    for script in ["bulk.sh", "bulk.py", "bulk.mjs"] {
        let secret = key(&t, &a, &c, &["people:write", "jobs:read"]).await;
        let (ok, out) = run(script, &[("ENRICH_API", &api), ("ENRICH_API_KEY", &secret)]).await;
        assert!(ok, "{script} failed: {out}");
        let job_line = out
            .lines()
            .find(|l| l.starts_with("job "))
            .unwrap_or_else(|| panic!("{script}: {out}"));
        assert!(job_line.ends_with(" completed"), "{script}: {out}");
        let rows: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("0 ") || l.starts_with("1 "))
            .collect();
        assert_eq!(rows.len(), 2, "{script}: {out}");
        assert!(
            rows.iter()
                .all(|r| r.contains(" succeeded per_") || r.contains(" duplicate ")),
            "{script}: {out}"
        );
        jobs.push(job_line.split(' ').nth(1).unwrap().to_owned());
    }
    jobs.dedup();
    assert_eq!(jobs.len(), 3, "each example ran its own job: {jobs:?}");
}

/// Step 4: a real signed callback verifies with every example, and a changed body or another
/// secret does not.
#[tokio::test]
async fn the_webhook_verification_examples_accept_a_real_callback_and_refuse_a_forged_one() {
    let t = TestStack::start().await;
    let a = t.register("verify-examples").await;
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hooks/enrich"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&receiver)
        .await;
    let (status, created) = t
        .call(&a, Method::POST, "/v1/jobs/callback-secret", None)
        .await;
    assert_eq!(status, 201, "{created}");
    let secret = created["secret"].as_str().unwrap().to_owned();
    let (status, job) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich/bulk",
            Some(json!({"people": [{"email": "pedro.alves@acme.com"}],
                        "callback_url": format!("{}/hooks/enrich", receiver.uri())})),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let _workers = t.start_workers(1);
    let id = job["id"].as_str().unwrap();
    t.wait_for(&a, &format!("/v1/jobs/{id}"), 60, |j: &Value| {
        j["callback"]["status"] == "delivered"
    })
    .await;
    let got = receiver.received_requests().await.unwrap();
    let delivery = got.first().expect("a callback");
    let signature = delivery.headers["x-webhook-signature"]
        .to_str()
        .unwrap()
        .to_owned();

    let dir = tempdir();
    let body_file = dir.join("body.json");
    std::fs::write(&body_file, &delivery.body).unwrap();
    let mut forged = delivery.body.clone();
    let at = forged.iter().position(|b| b.is_ascii_digit()).unwrap();
    forged[at] = if forged[at] == b'9' {
        b'8'
    } else {
        forged[at] + 1
    };
    let forged_file = dir.join("forged.json");
    std::fs::write(&forged_file, &forged).unwrap();
    let body_path = body_file.to_str().unwrap();
    let forged_path = forged_file.to_str().unwrap();

    for script in [
        "verify_webhook.py",
        "verify_webhook.mjs",
        "verify_webhook.sh",
    ] {
        let (ok, out) = run(
            script,
            &[
                ("WEBHOOK_SECRET", &secret),
                ("SIGNATURE", &signature),
                ("BODY_FILE", body_path),
            ],
        )
        .await;
        assert!(ok && out.contains("verified"), "{script}: {out}");
        let (ok, out) = run(
            script,
            &[
                ("WEBHOOK_SECRET", &secret),
                ("SIGNATURE", &signature),
                ("BODY_FILE", forged_path),
            ],
        )
        .await;
        assert!(!ok, "{script} accepted a changed body: {out}");
        let (ok, out) = run(
            script,
            &[
                ("WEBHOOK_SECRET", "whsec_not-the-secret"),
                ("SIGNATURE", &signature),
                ("BODY_FILE", body_path),
            ],
        )
        .await;
        assert!(!ok, "{script} accepted another secret: {out}");
    }
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("enrich-examples-{}", ulid::Ulid::new()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Where test artefacts (the portal's screenshot) are kept: `.local/test-artifacts`, out of git.
fn artifacts() -> PathBuf {
    let dir = workspace_root().join(".local/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn browser_dir() -> PathBuf {
    workspace_root().join("tests/browser")
}

/// The portal in headless Chromium: every documented operation is listed, "Authorize" with a
/// token then "Try it out" on `GET /v1/auth/me` shows the user, the guide renders, and the
/// browser reports no error (a content-security violation would be one). The screenshot is kept
/// in `.local/test-artifacts/portal.png`. Needs Debian's chromium and `npm ci` in tests/browser,
/// which `./infra/test` installs.
#[tokio::test]
async fn the_portal_lists_every_operation_and_try_it_calls_the_api_in_chromium() {
    assert!(
        browser_dir().join("node_modules/playwright-core").exists()
            && Path::new("/usr/bin/chromium").exists(),
        "the browser test needs Debian's chromium and tests/browser/node_modules: run ./infra/test"
    );
    let t = TestStack::start().await;
    let a = t.register("portal").await;
    let shot = artifacts().join("portal.png");
    let _ = std::fs::remove_file(&shot);
    let out = tokio::process::Command::new("node")
        .arg(browser_dir().join("portal.mjs"))
        .env("API", t.url(""))
        .env("TOKEN", &a.access)
        .env("EMAIL", &a.email)
        .env("SCREENSHOT", &shot)
        .output()
        .await
        .expect("node");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("portal ok"), "{text}");
    assert!(text.contains("try it: GET /v1/auth/me -> 200"), "{text}");
    let png = std::fs::read(&shot).expect("the screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
}

/// The pages' own headers: HTML with a policy that lets only this origin's scripts run, and the
/// asset route serves only the portal's files.
#[tokio::test]
async fn the_portal_pages_are_html_with_a_same_origin_policy_and_unknown_files_are_404() {
    let t = TestStack::start().await;
    for page in ["/v1/docs", "/v1/docs/getting-started"] {
        let resp = t.get(page).await;
        assert_eq!(resp.status(), 200, "{page}");
        let h = resp.headers().clone();
        assert_eq!(h["content-type"], "text/html; charset=utf-8");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }
    let resp = t.get("/v1/docs/assets/swagger-ui-bundle.js").await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(resp.headers()["cache-control"], "public, max-age=86400");
    for bad in [
        "../Cargo.toml",
        "swagger-ui-bundle.js.map",
        "LICENSE",
        "%2e%2e%2fsecret",
    ] {
        let resp = t.get(&format!("/v1/docs/assets/{bad}")).await;
        assert_eq!(resp.status(), 404, "{bad}");
        assert_eq!(resp.headers()["content-type"], "application/problem+json");
    }
    // API answers keep the strict policy.
    let resp = t.get("/v1/health").await;
    assert_eq!(
        resp.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}

/// The Swagger UI files compiled into `docs` are byte for byte the release pinned in
/// tests/browser/package.json (installed from the npm registry with its lockfile's integrity).
#[test]
fn the_served_swagger_ui_is_the_pinned_release_from_the_registry() {
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(browser_dir().join("package.json")).unwrap())
            .unwrap();
    assert_eq!(
        package["dependencies"]["swagger-ui-dist"],
        fn_docs::SWAGGER_UI_VERSION
    );
    let installed = browser_dir().join("node_modules/swagger-ui-dist");
    assert!(
        installed.exists(),
        "tests/browser/node_modules is missing: run ./infra/test (npm ci)"
    );
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(installed.join("package.json")).unwrap())
            .unwrap();
    assert_eq!(meta["version"], fn_docs::SWAGGER_UI_VERSION);
    for file in ["swagger-ui-bundle.js", "swagger-ui.css"] {
        let served = fn_docs::ASSETS
            .iter()
            .find(|(n, _, _)| *n == file)
            .unwrap()
            .2;
        let pinned = std::fs::read_to_string(installed.join(file)).unwrap();
        assert!(
            served == pinned,
            "functions/docs/assets/{file} is not the pinned release"
        );
    }
}
