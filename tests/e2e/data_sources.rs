//! Issue 26 (campaign engine II), data sources: CRUD with contact counts, feeds synced page by
//! page (mapping, row errors, the cursor kept between syncs, one sync at a time, a duplicated
//! page message), CSV imports (header mapping, per-row errors, idempotent re-import, by URL),
//! delete protection with reassignment or deletion of the contacts, schedules created, changed
//! and deleted with their source and fired by the local Scheduler, the SSRF guard, and tenant
//! isolation on every route.

use enrich_tests::{error_fields, Account, TestStack};
use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn create(t: &TestStack, a: &Account, body: Value) -> Value {
    let (status, s) = t.post_as(a, "/v1/data-sources", body.clone()).await;
    assert_eq!(status, 201, "{body}: {s}");
    s
}

async fn finished(t: &TestStack, a: &Account, source: &str, run: &str) -> Value {
    t.wait_for(
        a,
        &format!("/v1/data-sources/{source}/runs/{run}"),
        90,
        |r| r["status"] != "running",
    )
    .await
}

/// A Scraper-Pro export in its assumed shape: three pages, cursor `c2` then `c3`; the key
/// header is required.
async fn scraper_pro() -> MockServer {
    let server = MockServer::start().await;
    let person = |email: &str, first: &str| {
        json!({"email": email, "first_name": first, "last_name": "Lima", "company": "Globex",
               "website": "globex.example", "phone": null, "country": "br", "language": "pt-BR"})
    };
    let pages = [
        (
            None,
            json!({"data": [person("ana@globex.example", "Ana"), person("bia@globex.example", "Bia"), person("caio@globex.example", "Caio")], "next_cursor": "c2"}),
        ),
        (
            Some("c2"),
            json!({"data": [person("not-an-email", "Dan"), person("edu@globex.example", "Edu")], "next_cursor": "c3"}),
        ),
        (
            Some("c3"),
            json!({"data": [person("fay@globex.example", "Fay")], "next_cursor": null}),
        ),
    ];
    for (cursor, body) in pages {
        let m = Mock::given(method("GET"))
            .and(path("/v1/exports/fr/contacts"))
            .and(header("x-api-key", "sp-secret-key"));
        let m = match cursor {
            None => m.and(query_param_is_missing("cursor")),
            Some(c) => m.and(query_param("cursor", c)),
        };
        m.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn a_feed_syncs_page_by_page_keeps_its_cursor_and_reports_bad_rows() {
    let feed = scraper_pro().await;
    let t = TestStack::start().await;
    let a = t.register("sources").await;
    let b = t.register("sources-other").await;
    let url = format!("{}/v1/exports/fr/contacts", feed.uri());

    // Bad bodies name their field and create nothing.
    for (body, field) in [
        (json!({"name": "x"}), "type"),
        (
            json!({"type": "http_json", "url": url, "name": "x"}),
            "mapping.email",
        ),
        (json!({"type": "scraper_pro", "name": "x"}), "url"),
        (
            json!({"type": "scraper_pro", "name": "x", "url": "http://10.0.0.5/export"}),
            "url",
        ),
        (
            json!({"type": "scraper_pro", "name": "x", "url": "http://169.254.169.254/latest"}),
            "url",
        ),
        (
            json!({"type": "scraper_pro", "name": "x", "url": url, "schedule": "rate(1 minute)"}),
            "schedule",
        ),
        (
            json!({"type": "scraper_pro", "name": "x", "url": url, "schedule": "cron(* * * * ? *)"}),
            "schedule",
        ),
        (
            json!({"type": "scraper_pro", "name": "x", "url": url, "default_tags": ["no-such-tag"]}),
            "default_tags[0]",
        ),
        (
            json!({"type": "scraper_pro", "name": "x", "url": url, "auth": {"header": "Bad Header", "value": "v"}}),
            "auth.header",
        ),
        (
            json!({"type": "manual", "name": "x", "mapping": {"email": "e"}}),
            "mapping",
        ),
        (
            json!({"type": "manual", "name": "x", "colour": "red"}),
            "colour",
        ),
        (json!({"type": "manual", "name": 5}), "name"),
        (json!({"type": "ftp", "name": "x"}), "type"),
        (
            json!({"type": "csv", "name": "x", "mapping": {"email": "E-mail", "phone": "Tel"}}),
            "mapping.phone",
        ),
    ] {
        let (status, problem) = t.post_as(&a, "/v1/data-sources", body.clone()).await;
        assert_eq!(status, 422, "{body}: {problem}");
        assert_eq!(error_fields(&problem), vec![field], "{body}");
    }
    let (_, list) = t.get_as(&a, "/v1/data-sources").await;
    assert_eq!(list["data"], json!([]), "nothing was created: {list}");

    let (status, _) = t
        .post_as(&a, "/v1/tags", json!({"slug": "france", "name": "France"}))
        .await;
    assert_eq!(status, 201);
    let src = create(
        &t,
        &a,
        json!({"type": "scraper_pro", "name": "Scraper-Pro France", "url": url,
               "auth": {"header": "X-Api-Key", "value": "sp-secret-key"}, "default_tags": ["france"]}),
    )
    .await;
    let id = src["id"].as_str().unwrap().to_owned();
    assert_eq!(
        src["mapping"]["email"], "/email",
        "the preset's mapping: {src}"
    );
    assert_eq!(src["items_path"], "/data");
    assert_eq!(src["auth_header"], "X-Api-Key");
    assert_eq!(src["contact_count"], 0);
    assert!(
        !src.to_string().contains("sp-secret-key"),
        "the auth value is never shown"
    );

    // Another organisation sees none of it.
    let (_, theirs) = t.get_as(&b, "/v1/data-sources").await;
    assert_eq!(theirs["data"], json!([]));
    for (m, p) in [
        (Method::GET, format!("/v1/data-sources/{id}")),
        (Method::GET, format!("/v1/data-sources/{id}/runs")),
        (Method::POST, format!("/v1/data-sources/{id}/sync")),
        (Method::PUT, format!("/v1/data-sources/{id}")),
        (Method::DELETE, format!("/v1/data-sources/{id}")),
    ] {
        let body = (m == Method::PUT).then(|| json!({"name": "mine"}));
        let (status, _) = t.call(&b, m.clone(), &p, body).await;
        assert_eq!(status, 404, "{m} {p}");
    }

    let (status, run) = t
        .post_as(&a, &format!("/v1/data-sources/{id}/sync"), json!({}))
        .await;
    assert_eq!(status, 202, "{run}");
    let run_id = run["id"].as_str().unwrap().to_owned();
    // One sync at a time.
    let (status, busy) = t
        .post_as(
            &a,
            &format!("/v1/data-sources/{id}/sync"),
            json!({"force": true}),
        )
        .await;
    assert_eq!(status, 409, "{busy}");
    // SQS delivers the first page twice: a copy goes in before any worker runs.
    let copy = json!({"kind": "page", "tenant": a.tenant_id, "source_id": id, "run_id": run_id, "page": 0});
    t.stack
        .sqs
        .send_message()
        .queue_url(t.queue("DataSourceQueue"))
        .message_body(copy.to_string())
        .send()
        .await
        .unwrap();
    let _w = t.start_workers(2);
    let done = finished(&t, &a, &id, &run_id).await;
    assert_eq!(done["status"], "finished", "{done}");
    assert_eq!(done["pages_done"], 3);
    assert_eq!(
        done["counts"],
        json!({"rows": 6, "created": 5, "updated": 0, "unchanged": 0, "failed": 1}),
        "{done}"
    );
    assert_eq!(done["errors"][0]["row"], 4, "the 4th record: {done}");
    assert_eq!(done["errors"][0]["field"], "email");

    // The contacts: mapped, tagged, counted with their source.
    let (_, contacts) = t
        .get_as(&a, &format!("/v1/contacts?source={id}&limit=100"))
        .await;
    let items = contacts["items"].as_array().unwrap();
    assert_eq!(items.len(), 5, "{contacts}");
    let ana = items
        .iter()
        .find(|c| c["email"] == "ana@globex.example")
        .unwrap();
    assert_eq!(ana["first_name"], "Ana");
    assert_eq!(ana["country"], "BR");
    assert_eq!(ana["attributes"]["company"], "Globex");
    assert_eq!(ana["tags"], json!(["france"]));
    let (_, src) = t.get_as(&a, &format!("/v1/data-sources/{id}")).await;
    assert_eq!(src["contact_count"], 5, "{src}");
    assert_eq!(src["cursor"], "c3", "the next sync starts at the last page");
    assert_eq!(src["last_run"]["id"], run_id.as_str());
    assert!(src["active_run"].is_null());

    // The next sync asks only for the last page again; `force` starts over.
    let (status, second) = t
        .post_as(&a, &format!("/v1/data-sources/{id}/sync"), json!({}))
        .await;
    assert_eq!(status, 202, "{second}");
    let second = finished(&t, &a, &id, second["id"].as_str().unwrap()).await;
    assert_eq!(second["counts"]["rows"], 1, "{second}");
    assert_eq!(second["counts"]["unchanged"], 1);
    let (_, forced) = t
        .post_as(
            &a,
            &format!("/v1/data-sources/{id}/sync"),
            json!({"force": true}),
        )
        .await;
    let forced = finished(&t, &a, &id, forced["id"].as_str().unwrap()).await;
    assert_eq!(
        forced["counts"],
        json!({"rows": 6, "created": 0, "updated": 0, "unchanged": 5, "failed": 1}),
        "nothing is duplicated: {forced}"
    );
    let (_, runs) = t
        .get_as(&a, &format!("/v1/data-sources/{id}/runs?limit=2"))
        .await;
    assert_eq!(runs["data"].as_array().unwrap().len(), 2);
    assert_eq!(runs["data"][0]["id"], forced["id"], "newest first");
    let (status, _) = t
        .get_as(
            &b,
            &format!(
                "/v1/data-sources/{id}/runs/{}",
                forced["id"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(status, 404, "another organisation's run is not found");
    let resp = t
        .authed(
            Method::POST,
            &format!("/v1/data-sources/{id}/import"),
            &b.access,
        )
        .header("content-type", "text/csv")
        .body("email\nx@y.example\n")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404, "nor can it import into it");
    assert!(runs["next_cursor"].is_string());
    let (_, stats) = t.get_as(&a, "/v1/stats/contacts").await;
    assert_eq!(stats["by_source"][&id], 5, "{stats}");

    // A feed that refuses the key fails the run, saying why, and frees the source.
    let (status, changed) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/data-sources/{id}"),
            Some(json!({"auth": {"header": "X-Api-Key", "value": "wrong"}, "version": src["version"]})),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    let (_, failing) = t
        .post_as(
            &a,
            &format!("/v1/data-sources/{id}/sync"),
            json!({"force": true}),
        )
        .await;
    let failing = finished(&t, &a, &id, failing["id"].as_str().unwrap()).await;
    assert_eq!(failing["status"], "failed", "{failing}");
    assert!(
        failing["error"].as_str().unwrap().contains("404"),
        "{failing}"
    );
    // A stale version is a 409.
    let (status, _) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/data-sources/{id}"),
            Some(json!({"name": "Renamed", "version": src["version"]})),
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn csv_imports_map_headers_report_rows_and_reimport_without_duplicates() {
    let files = MockServer::start().await;
    let t = TestStack::start().await;
    let a = t.register("csv-import").await;
    let src = create(
        &t,
        &a,
        json!({"type": "csv", "name": "Trade fair", "mapping": {"email": "E-mail", "first_name": "Name", "attributes.booth": "Booth"}}),
    )
    .await;
    let id = src["id"].as_str().unwrap().to_owned();
    let upload = |body: &'static str| {
        t.authed(
            Method::POST,
            &format!("/v1/data-sources/{id}/import"),
            &a.access,
        )
        .header("content-type", "text/csv")
        .body(body)
        .send()
    };
    // A mapped column the file lacks is named; nothing starts.
    let resp = upload("Mail;Name\nana@fair.example;Ana\n").await.unwrap();
    assert_eq!(resp.status(), 422);
    let problem: Value = resp.json().await.unwrap();
    assert_eq!(
        error_fields(&problem),
        vec!["mapping.attributes.booth", "mapping.email"],
        "{problem}"
    );

    let file = "E-mail;Name;Booth\nana@fair.example;Ana;A1\nnot-an-email;Bob;B2\n\nCIA@Fair.example;Cia;C3\nana@fair.example;Ana again;A1\n";
    let resp = upload(file).await.unwrap();
    assert_eq!(resp.status(), 202);
    let run: Value = resp.json().await.unwrap();
    assert_eq!(run["trigger"], "import");
    let _w = t.start_workers(1);
    let done = finished(&t, &a, &id, run["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "finished", "{done}");
    assert_eq!(done["counts"]["rows"], 4, "{done}");
    assert_eq!(done["counts"]["created"], 2);
    assert_eq!(
        done["counts"]["failed"], 2,
        "a bad address and a repeated one: {done}"
    );
    let lines: Vec<u64> = done["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["row"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![3, 6], "errors name the file's lines: {done}");
    let (_, contacts) = t.get_as(&a, &format!("/v1/contacts?source={id}")).await;
    let cia = contacts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"] == "cia@fair.example")
        .cloned()
        .unwrap();
    assert_eq!(cia["attributes"]["booth"], "C3");

    // The same file again changes nothing and duplicates nothing.
    let resp = upload(file).await.unwrap();
    let again: Value = resp.json().await.unwrap();
    let again = finished(&t, &a, &id, again["id"].as_str().unwrap()).await;
    assert_eq!(again["counts"]["unchanged"], 2, "{again}");
    assert_eq!(again["counts"]["created"], 0);
    let (_, src) = t.get_as(&a, &format!("/v1/data-sources/{id}")).await;
    assert_eq!(src["contact_count"], 2);

    // A larger file by URL, fetched by the run; a private URL is refused.
    Mock::given(method("GET"))
        .and(path("/exports/fair.csv"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(
                "e-mail,name,booth\ndan@fair.example,Dan,D4\n".to_owned()
                    + &(0..519)
                        .map(|i| format!("guest{i}@fair.example,Guest,G\n"))
                        .collect::<String>(),
            ),
        )
        .mount(&files)
        .await;
    let (status, problem) = t
        .post_as(
            &a,
            &format!("/v1/data-sources/{id}/import"),
            json!({"url": "http://10.1.2.3/fair.csv"}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(error_fields(&problem), vec!["url"]);
    let clock = std::time::Instant::now();
    t.stack.calls.reset();
    let (status, by_url) = t
        .post_as(
            &a,
            &format!("/v1/data-sources/{id}/import"),
            json!({"url": format!("{}/exports/fair.csv", files.uri())}),
        )
        .await;
    assert_eq!(status, 202, "{by_url}");
    let by_url = finished(&t, &a, &id, by_url["id"].as_str().unwrap()).await;
    println!(
        "csv import by url: 520 rows in {} ms, {} AWS calls ({:?})",
        clock.elapsed().as_millis(),
        t.stack.calls.total(),
        t.stack.calls.snapshot()
    );
    assert_eq!(by_url["status"], "finished", "{by_url}");
    assert_eq!(by_url["pages"], 3, "520 rows in chunks of 200");
    assert_eq!(by_url["counts"]["created"], 520, "{by_url}");

    // Only a csv source imports; a manual one has nothing to sync.
    let manual = create(&t, &a, json!({"type": "manual", "name": "By hand"})).await;
    let mid = manual["id"].as_str().unwrap();
    let (status, _) = t
        .post_as(
            &a,
            &format!("/v1/data-sources/{mid}/import"),
            json!({"url": format!("{}/exports/fair.csv", files.uri())}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, _) = t
        .post_as(&a, &format!("/v1/data-sources/{mid}/sync"), json!({}))
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn deletion_is_refused_with_contacts_unless_they_are_reassigned_or_deleted() {
    let t = TestStack::start().await;
    let a = t.register("source-delete").await;
    let old = create(&t, &a, json!({"type": "manual", "name": "Old list"})).await;
    let new = create(&t, &a, json!({"type": "manual", "name": "New list"})).await;
    let gone = create(&t, &a, json!({"type": "manual", "name": "Doomed list"})).await;
    let (old_id, new_id, gone_id) = (
        old["id"].as_str().unwrap().to_owned(),
        new["id"].as_str().unwrap().to_owned(),
        gone["id"].as_str().unwrap().to_owned(),
    );
    for (i, src) in [
        (0, &old_id),
        (1, &old_id),
        (2, &old_id),
        (3, &gone_id),
        (4, &gone_id),
    ] {
        let (status, c) = t
            .post_as(
                &a,
                "/v1/contacts",
                json!({"email": format!("p{i}@list.example"), "source": src}),
            )
            .await;
        assert_eq!(status, 201, "{c}");
    }
    let (_, list) = t.get_as(&a, "/v1/data-sources").await;
    let counts: Vec<u64> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["contact_count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, vec![3, 0, 2], "{list}");

    let (status, problem) = t
        .call(
            &a,
            Method::DELETE,
            &format!("/v1/data-sources/{old_id}"),
            None,
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("3 contacts"));
    for (query, field) in [
        (format!("reassign_to={old_id}"), "reassign_to"),
        (
            "reassign_to=src_01JA2B3C4D5E6F7G8H9J0KMNPQ".to_owned(),
            "reassign_to",
        ),
        ("reassign_to=nope".to_owned(), "reassign_to"),
        ("delete_contacts=maybe".to_owned(), "delete_contacts"),
        (
            format!("reassign_to={new_id}&delete_contacts=true"),
            "delete_contacts",
        ),
    ] {
        let (status, problem) = t
            .call(
                &a,
                Method::DELETE,
                &format!("/v1/data-sources/{old_id}?{query}"),
                None,
            )
            .await;
        assert!(
            status == 422 || status == 400,
            "{query}: {status} {problem}"
        );
        assert_eq!(error_fields(&problem), vec![field], "{query}");
    }

    let (status, deleting) = t
        .call(
            &a,
            Method::DELETE,
            &format!("/v1/data-sources/{old_id}?reassign_to={new_id}"),
            None,
        )
        .await;
    assert_eq!(status, 202, "{deleting}");
    assert_eq!(deleting["state"], "deleting");
    let (status, _) = t
        .post_as(&a, &format!("/v1/data-sources/{old_id}/sync"), json!({}))
        .await;
    assert_eq!(status, 409, "a source being deleted takes no sync");
    let (status, gone_too) = t
        .call(
            &a,
            Method::DELETE,
            &format!("/v1/data-sources/{gone_id}?delete_contacts=true"),
            None,
        )
        .await;
    assert_eq!(status, 202, "{gone_too}");
    let _w = t.start_workers(1);
    for id in [&old_id, &gone_id] {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let (status, _) = t.get_as(&a, &format!("/v1/data-sources/{id}")).await;
            if status == 404 {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{id} was not removed");
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
    }
    let (_, new) = t.get_as(&a, &format!("/v1/data-sources/{new_id}")).await;
    assert_eq!(new["contact_count"], 3, "the contacts moved: {new}");
    let (_, stats) = t.get_as(&a, "/v1/stats/contacts").await;
    assert_eq!(
        stats["total"], 3,
        "the doomed list's contacts went with it: {stats}"
    );
    assert!(stats["by_source"].get(&old_id).is_none());
    // A source without contacts goes at once.
    let empty = create(&t, &a, json!({"type": "manual", "name": "Empty"})).await;
    let (status, _) = t
        .call(
            &a,
            Method::DELETE,
            &format!("/v1/data-sources/{}", empty["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(status, 204);
}

#[tokio::test]
async fn a_schedule_follows_its_source_and_its_firing_starts_a_sync() {
    let feed = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/prospects"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [{"contact_email": "li@wayne.example", "contact_first_name": "Li", "domain": "wayne.example", "domain_rating": 71}],
            "next_page_token": null})))
        .mount(&feed)
        .await;
    let t = TestStack::start().await;
    let a = t.register("scheduled").await;
    let src = create(
        &t,
        &a,
        json!({"type": "backlink_engine", "name": "Backlinks", "url": format!("{}/prospects", feed.uri()), "schedule": "rate(6 hours)"}),
    )
    .await;
    let id = src["id"].as_str().unwrap().to_owned();
    let group = t
        .stack
        .bindings
        .refs
        .get("DataSourceScheduleGroup")
        .cloned()
        .unwrap();
    let fire = || {
        t.http
            .post(t.url(&format!("/_local/scheduler/{group}/{}-{id}", a.tenant_id)))
            .send()
    };
    // Changed with the source: still there (and fires) after a change of expression.
    let (status, changed) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/data-sources/{id}"),
            Some(json!({"schedule": "cron(0 3 ? * MON-FRI *)"})),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["schedule"], "cron(0 3 ? * MON-FRI *)");
    let _w = t.start_workers(1);
    assert_eq!(fire().await.unwrap().status(), 204);
    let runs = t
        .wait_for(&a, &format!("/v1/data-sources/{id}/runs"), 60, |r| {
            r["data"]
                .as_array()
                .is_some_and(|d| d.iter().any(|r| r["status"] == "finished"))
        })
        .await;
    assert_eq!(runs["data"][0]["trigger"], "schedule", "{runs}");
    assert_eq!(runs["data"][0]["counts"]["created"], 1);
    let (_, contacts) = t.get_as(&a, &format!("/v1/contacts?source={id}")).await;
    assert_eq!(contacts["items"][0]["attributes"]["domain_rating"], 71);
    // Cleared: the schedule is gone from the Scheduler.
    let (status, _) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/data-sources/{id}"),
            Some(json!({"schedule": null})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(fire().await.unwrap().status(), 404);
    // Set again, then deleted with its source.
    let (status, _) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/data-sources/{id}"),
            Some(json!({"schedule": "rate(1 day)"})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(fire().await.unwrap().status(), 204);
    t.wait_for(&a, &format!("/v1/data-sources/{id}/runs"), 60, |r| {
        r["data"]
            .as_array()
            .is_some_and(|d| d.len() == 2 && d.iter().all(|r| r["status"] != "running"))
    })
    .await;
    let (status, _) = t
        .call(
            &a,
            Method::DELETE,
            &format!("/v1/data-sources/{id}?delete_contacts=true"),
            None,
        )
        .await;
    assert_eq!(status, 202);
    assert_eq!(
        fire().await.unwrap().status(),
        404,
        "deleted with its source"
    );
}
