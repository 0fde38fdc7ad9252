//! Preferences, the audit log, tenant isolation, request budgets and the SES mailer.

use super::*;

#[tokio::test]
async fn preferences_are_validated_and_personal() {
    let (t, owner, member) = acme_with("member").await;
    let mine = format!("/v1/users/{}/preferences", member.user_id);
    let got = json_of(
        send(&t, Method::GET, &mine, &member.access, None).await,
        200,
    )
    .await;
    assert_eq!(got["timezone"], "UTC");
    let prefs = json!({"language": "pt-BR", "timezone": "america/sao_paulo",
        "notifications": {"email": false, "job_finished": true, "weekly_digest": true}});
    let saved = json_of(
        send(&t, Method::PUT, &mine, &member.access, Some(prefs.clone())).await,
        200,
    )
    .await;
    assert_eq!(saved["timezone"], "America/Sao_Paulo", "stored canonical");
    assert_eq!(
        json_of(
            send(&t, Method::GET, &mine, &member.access, None).await,
            200
        )
        .await,
        saved
    );
    for (field, bad) in [
        (
            "timezone",
            json!({"language": "en", "timezone": "Mars/Olympus_Mons", "notifications": prefs["notifications"]}),
        ),
        (
            "language",
            json!({"language": "english!", "timezone": "UTC", "notifications": prefs["notifications"]}),
        ),
    ] {
        let body = problem(
            send(&t, Method::PUT, &mine, &member.access, Some(bad)).await,
            422,
        )
        .await;
        assert_eq!(body["errors"][0]["field"], field);
    }
    let body = problem(
        send(
            &t,
            Method::PUT,
            &mine,
            &member.access,
            Some(json!({"language": "en"})),
        )
        .await,
        400,
    )
    .await;
    assert!(body["errors"][0]["field"].is_string(), "{body}");
    // Nothing half-written by the refusals.
    assert_eq!(
        json_of(
            send(&t, Method::GET, &mine, &member.access, None).await,
            200
        )
        .await,
        saved
    );
    // Another member's preferences are off limits; an admin (here the owner) may set them.
    let theirs = format!("/v1/users/{}/preferences", owner.user_id);
    problem(
        send(
            &t,
            Method::PUT,
            &theirs,
            &member.access,
            Some(prefs.clone()),
        )
        .await,
        403,
    )
    .await;
    json_of(
        send(&t, Method::PUT, &mine, &owner.access, Some(prefs)).await,
        200,
    )
    .await;
    // Renaming oneself works for anyone.
    let renamed = json_of(
        send(
            &t,
            Method::PATCH,
            &format!("/v1/users/{}", member.user_id),
            &member.access,
            Some(json!({"name": "  Maria  "})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(renamed["name"], "Maria");
}

#[tokio::test]
async fn the_audit_log_filters_pages_and_needs_audit_read() {
    let (t, owner, member) = acme_with("member").await;
    let _ = t.login(&member.email, "wrong password, twelve+").await;
    let before_login = time::OffsetDateTime::now_utc();
    t.login_ok(&member.email, &member.password).await;

    let get = |q: &str| {
        let t = &t;
        let token = owner.access.clone();
        let q = q.to_owned();
        async move {
            send(
                t,
                Method::GET,
                &format!("/v1/audit-events{q}"),
                &token,
                None,
            )
            .await
        }
    };
    let all = json_of(get("").await, 200).await;
    let actions: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions[0], "auth.login", "newest first: {actions:?}");
    assert!(actions.contains(&"auth.login_failed"));
    assert!(actions.contains(&"auth.register_invited"));
    assert!(actions.contains(&"user.invited"));
    assert!(actions.contains(&"auth.register"));
    let e = &all["items"][0];
    for field in ["id", "actor_id", "target_id", "ip", "at"] {
        assert!(e[field].is_string(), "{field} in {e}");
    }

    let failed = json_of(get("?action=auth.login_failed").await, 200).await;
    assert_eq!(failed["items"].as_array().unwrap().len(), 1);
    assert_eq!(failed["items"][0]["target_id"], member.user_id);
    let by_owner = json_of(get(&format!("?actor_id={}", owner.user_id)).await, 200).await;
    assert!(by_owner["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor_id"] == owner.user_id));
    let from = before_login
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let recent = json_of(get(&format!("?action=auth.&from={from}")).await, 200).await;
    assert_eq!(recent["items"].as_array().unwrap().len(), 1, "{recent}");
    let body = problem(
        get("?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "from");

    // Paging newest first, one at a time, returns the same sequence as one page.
    let mut paged = Vec::new();
    let mut q = "?limit=2".to_owned();
    loop {
        let page = json_of(get(&q).await, 200).await;
        paged.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].clone()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => q = format!("?limit=2&cursor={c}"),
            None => break,
        }
    }
    let ids: Vec<Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].clone())
        .collect();
    assert_eq!(paged, ids);

    problem(
        send(&t, Method::GET, "/v1/audit-events", &member.access, None).await,
        403,
    )
    .await;
}

#[tokio::test]
async fn another_tenants_users_are_not_found_on_every_route() {
    let t = TestStack::start().await;
    let a = t.register("alpha").await;
    let a_member = t
        .invite_and_join(&a, &fresh_email("member", "alpha.example"), "member")
        .await;
    let b = t.register("beta").await;
    for (method, path, body) in [
        (Method::GET, "/v1/users/{id}", None),
        (
            Method::PATCH,
            "/v1/users/{id}",
            Some(json!({"name": "Mine now"})),
        ),
        (Method::DELETE, "/v1/users/{id}", None),
        (
            Method::PUT,
            "/v1/users/{id}/status",
            Some(json!({"status": "suspended"})),
        ),
        (Method::GET, "/v1/users/{id}/preferences", None),
        (
            Method::PUT,
            "/v1/users/{id}/preferences",
            Some(
                json!({"language": "en", "timezone": "UTC", "notifications": {"email": false, "job_finished": false, "weekly_digest": false}}),
            ),
        ),
    ] {
        let resp = send(
            &t,
            method.clone(),
            &concrete(path, &a_member.user_id),
            &b.access,
            body,
        )
        .await;
        let body = problem(resp, 404).await;
        assert!(!body.to_string().contains(&a_member.email), "no data leaks");
    }
    assert_eq!(
        emails(&list(&t, &b.access, "").await),
        vec![b.email.clone()]
    );
    let audit = json_of(
        send(&t, Method::GET, "/v1/audit-events", &b.access, None).await,
        200,
    )
    .await;
    assert!(audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor_id"] == b.user_id || e["target_id"] == b.user_id));
    // Tenant A is untouched.
    let member = json_of(
        send(
            &t,
            Method::GET,
            &format!("/v1/users/{}", a_member.user_id),
            &a.access,
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(member["name"], "member");
    assert_eq!(member["status"], "active");
}

/// AWS calls per request, warm (platform keys cached): the authorizer's one BatchGetItem and the
/// user's limiter's one UpdateItem, plus what the handler needs.
#[tokio::test]
async fn request_budgets_of_user_routes() {
    let (t, owner, member) = acme_with("member").await;
    list(&t, &owner.access, "").await; // warm
    let budget = |path: String, method: Method, body: Option<Value>| {
        let (t, owner) = (&t, &owner);
        let token = owner.access.clone();
        async move {
            let (resp, calls, _) = t
                .measured(owner, || {
                    send(t, method.clone(), &path, &token, body.clone())
                })
                .await;
            assert!(resp.status().is_success(), "{path}: {}", resp.status());
            calls
        }
    };
    let one = |calls: &std::collections::BTreeMap<String, u64>, op: &str| calls.get(op).copied();

    // List: 1 BatchGetItem + 1 UpdateItem + 1 Query (a tenant's users fit in one page).
    let calls = budget("/v1/users".into(), Method::GET, None).await;
    assert_eq!(calls.values().sum::<u64>(), 3, "{calls:?}");
    assert_eq!(one(&calls, "DynamoDB.Query"), Some(1));
    assert_eq!(one(&calls, "DynamoDB.UpdateItem"), Some(1));
    // Read one: 1 BatchGetItem + 1 UpdateItem + 1 GetItem.
    let calls = budget(format!("/v1/users/{}", member.user_id), Method::GET, None).await;
    assert_eq!(calls.values().sum::<u64>(), 3, "{calls:?}");
    // Role change of a non-owner: + GetItem + TransactWriteItems + audit PutItem.
    let calls = budget(
        format!("/v1/users/{}", member.user_id),
        Method::PATCH,
        Some(json!({"role": "viewer"})),
    )
    .await;
    assert_eq!(
        one(&calls, "DynamoDB.TransactWriteItems"),
        Some(1),
        "{calls:?}"
    );
    assert_eq!(calls.values().sum::<u64>(), 5, "{calls:?}");
    // Audit page: 1 BatchGetItem + 1 UpdateItem + 1 Query.
    let calls = budget("/v1/audit-events".into(), Method::GET, None).await;
    assert_eq!(calls.values().sum::<u64>(), 3, "{calls:?}");
}

/// The production mailer against SES v2 (moto): the message is accepted from the configured sender.
#[tokio::test]
async fn the_ses_mailer_sends_from_the_configured_address() {
    use mail::{Mail, Mailer, SesMailer};
    let t = TestStack::start().await;
    let from = "no-reply@enrich.test";
    platform::aws_client!(aws_sdk_sesv2, t.stack.admin.sdk_base())
        .create_email_identity()
        .email_identity(from)
        .send()
        .await
        .unwrap();
    let mailer = SesMailer {
        client: platform::aws_client!(aws_sdk_sesv2, t.state().aws.sdk_base()),
        from: Some(from.into()),
    };
    let mail = Mail {
        to: "ana@acme.example".into(),
        subject: "Your code".into(),
        text: "123456".into(),
        kind: "otp".into(),
    };
    t.stack.calls.reset();
    let id = mailer.send(&mail).await.unwrap();
    assert!(!id.is_empty());
    assert_eq!(
        t.stack.calls.snapshot().get("SESv2.SendEmail"),
        Some(&1),
        "{:?}",
        t.stack.calls.snapshot()
    );
    // Without a sender it refuses before calling SES.
    let unset = SesMailer {
        client: platform::aws_client!(aws_sdk_sesv2, t.state().aws.sdk_base()),
        from: None,
    };
    assert!(matches!(
        unset.send(&mail).await,
        Err(mail::MailError::NoSender)
    ));
}
