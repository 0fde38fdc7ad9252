//! Users end to end: invitations by mail, roles and the last-owner guard, status and soft delete,
//! preferences, the audit log, a viewer refused on every write route, and tenant isolation.

mod profile_audit;

use access::rbac::Role;
use enrich_tests::{fresh_email, problem, Account, TestStack};
use kernel::routing::{allows, Access};
use reqwest::Method;
use serde_json::{json, Value};

async fn send(
    t: &TestStack,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = t.authed(method, path, token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn json_of(resp: reqwest::Response, status: u16) -> Value {
    let got = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

async fn list(t: &TestStack, token: &str, query: &str) -> Value {
    json_of(
        send(t, Method::GET, &format!("/v1/users{query}"), token, None).await,
        200,
    )
    .await
}

fn emails(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn invited_users_join_with_the_mailed_token_and_roles_are_enforced() {
    let t = TestStack::start().await;
    let owner = t.register("acme").await;
    let admin_email = fresh_email("admin", "acme.example");
    let admin = t.invite_and_join(&owner, &admin_email, "admin").await;
    assert_eq!(admin.tenant_id, owner.tenant_id, "joined the inviting org");
    let me = json_of(
        send(&t, Method::GET, "/v1/auth/me", &admin.access, None).await,
        200,
    )
    .await;
    assert_eq!(me["user"]["role"], "admin");

    // The token is single use, and a different email cannot use an invitation.
    let member_email = fresh_email("member", "acme.example");
    json_of(
        send(
            &t,
            Method::POST,
            "/v1/users/invitations",
            &admin.access,
            Some(json!({"email": member_email, "role": "member"})),
        )
        .await,
        201,
    )
    .await;
    let token = enrich_tests::invitation_token(&t.last_mail(&member_email, "invitation"));
    let stranger = t
        .post_json(
            "/v1/auth/register",
            json!({"email": fresh_email("x", "evil.example"), "password": enrich_tests::PASSWORD, "name": "X", "invitation_token": token}),
        )
        .await;
    let body = problem(stranger, 422).await;
    assert_eq!(body["errors"][0]["field"], "email");
    let member_resp = t
        .post_json(
            "/v1/auth/register",
            json!({"email": member_email, "password": enrich_tests::PASSWORD, "name": "M", "invitation_token": token}),
        )
        .await;
    assert_eq!(member_resp.status(), 201);
    let again = t
        .post_json(
            "/v1/auth/register",
            json!({"email": fresh_email("y", "acme.example"), "password": enrich_tests::PASSWORD, "name": "Y", "invitation_token": token}),
        )
        .await;
    assert!(
        [409, 422].contains(&again.status().as_u16()),
        "a used invitation is refused"
    );

    // Inviting an owner or an existing account is refused, naming the field.
    let body = problem(
        send(
            &t,
            Method::POST,
            "/v1/users/invitations",
            &owner.access,
            Some(json!({"email": fresh_email("o", "acme.example"), "role": "owner"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "role");
    problem(
        send(
            &t,
            Method::POST,
            "/v1/users/invitations",
            &owner.access,
            Some(json!({"email": admin_email, "role": "member"})),
        )
        .await,
        409,
    )
    .await;
}

/// A new organisation "acme" with its owner and one invited user of `role`.
async fn acme_with(role: &str) -> (TestStack, Account, Account) {
    let t = TestStack::start().await;
    let owner = t.register("acme").await;
    let other = t
        .invite_and_join(&owner, &fresh_email(role, "acme.example"), role)
        .await;
    (t, owner, other)
}

/// Fills every `{param}` of a route with `id`.
fn concrete(path: &str, id: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map(|e| start + e + 1).unwrap();
        out.push_str(id);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn a_viewer_is_refused_on_every_write_route_and_changes_nothing() {
    let (t, owner, viewer) = acme_with("viewer").await;
    let mut refused = 0;
    for route in enrich_openapi::all_routes() {
        let (method, path) = (route.method, route.path);
        let Access::Permission(needed) = route.access else {
            continue;
        };
        if method == "GET" || allows(Role::Viewer.grants(), needed) {
            continue;
        }
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let resp = send(
            &t,
            method.clone(),
            &concrete(path, &owner.user_id),
            &viewer.access,
            Some(json!({"status": "suspended", "role": "viewer", "name": "x", "email": "a@b.example"})),
        )
        .await;
        problem(resp, 403).await;
        refused += 1;
    }
    // Routes open to everyone for their own record refuse another user's.
    for (method, path, body) in [
        (Method::PATCH, "/v1/users/{id}", json!({"name": "Hijacked"})),
        (
            Method::PUT,
            "/v1/users/{id}/preferences",
            json!({"language": "en", "timezone": "UTC", "notifications": {"email": false, "job_finished": false, "weekly_digest": false}}),
        ),
    ] {
        let resp = send(
            &t,
            method,
            &concrete(path, &owner.user_id),
            &viewer.access,
            Some(body),
        )
        .await;
        problem(resp, 403).await;
        refused += 1;
    }
    assert!(
        refused >= 5,
        "write routes exercised: {refused} (users invite/delete/status, patch/preferences of others)"
    );
    // Nothing changed.
    let owner_view = json_of(
        send(
            &t,
            Method::GET,
            &format!("/v1/users/{}", owner.user_id),
            &viewer.access,
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(owner_view["status"], "active");
    assert_eq!(owner_view["name"], "Owner");
    assert_eq!(
        list(&t, &viewer.access, "").await["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn listing_filters_sorts_and_pages() {
    let t = TestStack::start().await;
    let owner = t.register("acme").await;
    let a = t
        .invite_and_join(&owner, &fresh_email("alice", "acme.example"), "member")
        .await;
    let b = t
        .invite_and_join(&owner, &fresh_email("bob", "acme.example"), "viewer")
        .await;
    let all = list(&t, &owner.access, "").await;
    assert_eq!(
        emails(&all),
        vec![owner.email.clone(), a.email.clone(), b.email.clone()],
        "default order is creation"
    );
    assert_eq!(
        emails(&list(&t, &owner.access, "?sort=-created_at").await),
        vec![b.email.clone(), a.email.clone(), owner.email.clone()]
    );
    assert_eq!(
        emails(&list(&t, &owner.access, "?role=viewer").await),
        vec![b.email.clone()]
    );
    assert_eq!(
        emails(&list(&t, &owner.access, "?q=ALICE").await),
        vec![a.email.clone()]
    );
    assert!(emails(&list(&t, &owner.access, "?status=suspended").await).is_empty());

    // Pages of one, following the cursor, give every user exactly once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("?limit=1&sort=email&cursor={c}"),
            None => "?limit=1&sort=email".into(),
        };
        let page = list(&t, &owner.access, &q).await;
        seen.extend(emails(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let mut sorted = vec![owner.email.clone(), a.email.clone(), b.email.clone()];
    sorted.sort();
    assert_eq!(seen, sorted);

    // A cursor is bound to its filters.
    let page = list(&t, &owner.access, "?limit=1").await;
    let c = page["next_cursor"].as_str().unwrap();
    let body = problem(
        send(
            &t,
            Method::GET,
            &format!("/v1/users?limit=1&role=member&cursor={c}"),
            &owner.access,
            None,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "cursor");
    for bad in ["?sort=password", "?role=root", "?status=gone"] {
        let body = problem(
            send(
                &t,
                Method::GET,
                &format!("/v1/users{bad}"),
                &owner.access,
                None,
            )
            .await,
            400,
        )
        .await;
        let field = bad[1..].split('=').next().unwrap();
        assert_eq!(body["errors"][0]["field"], field, "{bad}");
    }
}

async fn patch_role(
    t: &TestStack,
    actor: &Account,
    target: &Account,
    role: &str,
) -> reqwest::Response {
    send(
        t,
        Method::PATCH,
        &format!("/v1/users/{}", target.user_id),
        &actor.access,
        Some(json!({ "role": role })),
    )
    .await
}

#[tokio::test]
async fn owners_are_protected_and_the_last_one_cannot_leave() {
    let (t, owner, admin) = acme_with("admin").await;
    let member = t
        .invite_and_join(&owner, &fresh_email("member", "acme.example"), "member")
        .await;

    // An admin manages members but not owners.
    json_of(patch_role(&t, &admin, &member, "viewer").await, 200).await;
    problem(patch_role(&t, &admin, &member, "owner").await, 403).await;
    problem(patch_role(&t, &admin, &owner, "admin").await, 403).await;
    problem(
        send(
            &t,
            Method::PUT,
            &format!("/v1/users/{}/status", owner.user_id),
            &admin.access,
            Some(json!({"status": "suspended"})),
        )
        .await,
        403,
    )
    .await;
    // A member cannot change their own role.
    problem(patch_role(&t, &member, &member, "admin").await, 403).await;

    // The last owner can neither step down nor be removed.
    let body = problem(patch_role(&t, &owner, &owner, "admin").await, 409).await;
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains("last active owner"));

    // With a second owner, two owners demoting each other at once leave exactly one owner.
    json_of(patch_role(&t, &owner, &admin, "owner").await, 200).await;
    let second = t.login_ok(&admin.email, &admin.password).await;
    let (r1, r2) = tokio::join!(
        patch_role(&t, &owner, &second, "admin"),
        patch_role(&t, &second, &owner, "admin")
    );
    let mut statuses = [r1.status().as_u16(), r2.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "exactly one demotion wins");
    let owners = list(&t, &owner.access, "?role=owner").await;
    assert_eq!(owners["items"].as_array().unwrap().len(), 1);

    // Role changes are audited with before and after.
    let audit = json_of(
        send(
            &t,
            Method::GET,
            "/v1/audit-events?action=user.role_changed",
            &owner.access,
            None,
        )
        .await,
        200,
    )
    .await;
    let first = &audit["items"].as_array().unwrap().last().unwrap()["detail"]["role"];
    assert_eq!(first, &json!({"from": "member", "to": "viewer"}));
}

#[tokio::test]
async fn suspension_revokes_sessions_and_deletion_is_soft() {
    let (t, owner, member) = acme_with("member").await;
    let status_path = format!("/v1/users/{}/status", member.user_id);

    json_of(
        send(
            &t,
            Method::PUT,
            &status_path,
            &owner.access,
            Some(json!({"status": "suspended"})),
        )
        .await,
        200,
    )
    .await;
    // The member's live access token stops working at once, and so does their refresh token.
    problem(
        send(&t, Method::GET, "/v1/auth/me", &member.access, None).await,
        401,
    )
    .await;
    problem(
        t.post_json("/v1/auth/refresh", json!({"refresh_token": member.refresh}))
            .await,
        401,
    )
    .await;
    problem(t.login(&member.email, &member.password).await, 403).await;
    // One's own status cannot be changed; bad values name the field.
    let body = problem(
        send(
            &t,
            Method::PUT,
            &format!("/v1/users/{}/status", owner.user_id),
            &owner.access,
            Some(json!({"status": "suspended"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "status");
    let body = problem(
        send(
            &t,
            Method::PUT,
            &status_path,
            &owner.access,
            Some(json!({"status": "gone"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "status");

    // Reactivated, the member signs in again.
    json_of(
        send(
            &t,
            Method::PUT,
            &status_path,
            &owner.access,
            Some(json!({"status": "active"})),
        )
        .await,
        200,
    )
    .await;
    // Suspension revoked the sessions themselves: the old refresh token stays dead after reactivation.
    problem(
        t.post_json("/v1/auth/refresh", json!({"refresh_token": member.refresh}))
            .await,
        401,
    )
    .await;
    let member = t.login_ok(&member.email, &member.password).await;

    // Deleting: 204, then the user is gone (404 on read and on a second delete), cannot log in,
    // and the address can be invited again.
    let user_path = format!("/v1/users/{}", member.user_id);
    let resp = send(&t, Method::DELETE, &user_path, &owner.access, None).await;
    assert_eq!(resp.status(), 204);
    problem(
        send(&t, Method::GET, &user_path, &owner.access, None).await,
        404,
    )
    .await;
    problem(
        send(&t, Method::DELETE, &user_path, &owner.access, None).await,
        404,
    )
    .await;
    problem(
        send(&t, Method::GET, "/v1/auth/me", &member.access, None).await,
        401,
    )
    .await;
    problem(t.login(&member.email, &member.password).await, 401).await;
    json_of(
        send(
            &t,
            Method::POST,
            "/v1/users/invitations",
            &owner.access,
            Some(json!({"email": member.email, "role": "viewer"})),
        )
        .await,
        201,
    )
    .await;
    let emails_now = emails(&list(&t, &owner.access, "").await);
    assert_eq!(emails_now, vec![owner.email.clone()]);
    // The owner cannot delete themself.
    problem(
        send(
            &t,
            Method::DELETE,
            &format!("/v1/users/{}", owner.user_id),
            &owner.access,
            None,
        )
        .await,
        409,
    )
    .await;
    let actions: Vec<String> = json_of(
        send(
            &t,
            Method::GET,
            "/v1/audit-events?action=user.",
            &owner.access,
            None,
        )
        .await,
        200,
    )
    .await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        [
            "user.invited",
            "user.deleted",
            "user.status_changed",
            "user.status_changed",
            "user.invited"
        ],
        "newest first"
    );
}
