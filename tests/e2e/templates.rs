//! Message templates (campaign engine I, item 3): checked at save (a syntax error names the part,
//! line and column), one template per language in a group, previews with a contact's real
//! unsubscribe link, versioned replace, tenant isolation.

use enrich_tests::TestStack;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn templates_are_checked_at_save_grouped_by_language_and_previewed_for_a_contact() {
    let t = TestStack::start().await;
    let a = t.register("templates").await;
    let welcome = |language: &str, subject: &str| {
        json!({"name": format!("Welcome {language}"), "language": language, "group": "welcome",
               "subject": subject,
               "html": "<p>Olá {{ first_name }} ({{ attributes.plan }})</p>{{ unsubscribe_link('Sair') }}",
               "text": "Olá {{ first_name }}. Sair: {{ unsubscribe_url }}"})
    };

    // A syntax error: 422 naming the part, its line and column; nothing stored.
    let (status, problem) = t
        .call(
            &a,
            Method::POST,
            "/v1/templates",
            Some(json!({
            "name": "Broken", "language": "en", "subject": "Hi {{ first_name }",
            "html": "<p>ok</p>\n<p>{% if plan %}</p>"})),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    let errors = problem["errors"].as_array().unwrap();
    assert_eq!(errors[0]["field"], "subject");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("line 1, column"),
        "{problem}"
    );
    assert_eq!(errors[1]["field"], "html");
    assert!(
        errors[1]["message"].as_str().unwrap().starts_with("line 2"),
        "{problem}"
    );
    let (status, problem) = t
        .call(
            &a,
            Method::POST,
            "/v1/templates",
            Some(json!({"name": "x", "language": "klingon!", "subject": "s"})),
        )
        .await;
    assert_eq!(status, 422);
    let fields = enrich_tests::error_fields(&problem);
    assert!(
        fields.contains(&"language") && fields.contains(&"html"),
        "{problem}"
    );

    let (status, pt) = t
        .call(
            &a,
            Method::POST,
            "/v1/templates",
            Some(welcome("pt-BR", "Olá {{ first_name }}")),
        )
        .await;
    assert_eq!(status, 201, "{pt}");
    let (status, _) = t
        .call(
            &a,
            Method::POST,
            "/v1/templates",
            Some(welcome("en", "Hello {{ first_name }}")),
        )
        .await;
    assert_eq!(status, 201);
    // One template per language in a group (twice at once: one wins).
    let (x, y) = tokio::join!(
        t.call(
            &a,
            Method::POST,
            "/v1/templates",
            Some(welcome("es", "Hola"))
        ),
        t.call(
            &a,
            Method::POST,
            "/v1/templates",
            Some(welcome("es", "Hola!"))
        )
    );
    let mut statuses = [x.0, y.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409]);

    // Preview for a stored contact: rendered, escaped, with its real unsubscribe link.
    let (_, c) = t
        .call(
            &a,
            Method::POST,
            "/v1/contacts",
            Some(json!({"email": "leitor@news.example",
            "first_name": "<Ana>", "language": "pt-BR", "attributes": {"plan": "pro"}})),
        )
        .await;
    let id = pt["id"].as_str().unwrap().to_owned();
    let (status, r) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/templates/{id}/preview"),
            Some(json!({"contact_id": c["id"]})),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["subject"], "Olá <Ana>");
    assert!(
        r["html"]
            .as_str()
            .unwrap()
            .starts_with("<p>Olá &lt;Ana&gt; (pro)</p><a href=\""),
        "{r}"
    );
    let text = r["text"].as_str().unwrap();
    let link = text.split("Sair: ").nth(1).unwrap();
    let path = &link[link.find("/v1/unsubscribe/").unwrap()..];
    // The link works: it unsubscribes that contact.
    let resp = t.http.post(t.url(path)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let (_, after) = t
        .call(
            &a,
            Method::GET,
            &format!("/v1/contacts/{}", c["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(after["status"], "unsubscribed");
    // Preview with sample fields.
    let (status, r) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/templates/{id}/preview"),
            Some(json!({"contact": {"email": "s@x.example", "first_name": "Bea"}})),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["subject"], "Olá Bea");
    // An unknown contact is the body's error, not the template's: a 422 naming `contact_id`.
    let (status, r) = t
        .call(
            &a,
            Method::POST,
            &format!("/v1/templates/{id}/preview"),
            Some(json!({"contact_id": "con_01HZX5R5B7Q6J3V9K2M4N8P0QR"})),
        )
        .await;
    assert_eq!(status, 422, "{r}");
    assert_eq!(r["errors"][0]["field"], "contact_id", "{r}");

    // Replace: versioned; moving to a language the group has is a 409.
    let mut next = welcome("pt-BR", "Oi {{ first_name }}");
    next["version"] = json!(1);
    let (status, replaced) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/templates/{id}"),
            Some(next.clone()),
        )
        .await;
    assert_eq!(status, 200, "{replaced}");
    assert_eq!(replaced["version"], 2);
    let (status, _) = t
        .call(&a, Method::PUT, &format!("/v1/templates/{id}"), Some(next))
        .await;
    assert_eq!(status, 409, "stale version");
    let mut to_en = welcome("en", "Hi");
    to_en["version"] = json!(2);
    let (status, _) = t
        .call(&a, Method::PUT, &format!("/v1/templates/{id}"), Some(to_en))
        .await;
    assert_eq!(status, 409, "the group has an English template");

    // Listing, deleting (which frees the language), tenant isolation.
    let (_, list) = t.call(&a, Method::GET, "/v1/templates", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    let b = t.register("templates-other").await;
    let (status, _) = t
        .call(&b, Method::GET, &format!("/v1/templates/{id}"), None)
        .await;
    assert_eq!(status, 404);
    let (status, _) = t
        .call(&b, Method::DELETE, &format!("/v1/templates/{id}"), None)
        .await;
    assert_eq!(status, 404);
    let (status, _) = t
        .call(&a, Method::DELETE, &format!("/v1/templates/{id}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = t
        .call(
            &a,
            Method::POST,
            "/v1/templates",
            Some(welcome("pt-BR", "Olá")),
        )
        .await;
    assert_eq!(status, 201, "the language is free again");
}
