//! Identity end to end: registration, login, refresh rotation and reuse detection, logout, lockout,
//! the authorizer's refusals, tenant isolation and central permission checks.

use access::model::UserRecord;
use access::tokens::{AccessClaims, TokenSigner, ISSUER};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use enrich_tests::{problem, TestStack, PASSWORD};
use platform::TenantId;
use reqwest::Method;
use serde_json::json;
use store::{keys, PutMode};

async fn me(t: &TestStack, token: &str) -> reqwest::Response {
    t.authed(Method::GET, "/v1/auth/me", token)
        .send()
        .await
        .unwrap()
}

async fn sessions(t: &TestStack, token: &str) -> serde_json::Value {
    t.authed(Method::GET, "/v1/auth/sessions", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Changes a user record behind the API (standing in for time passing or an admin action).
async fn edit_user(t: &TestStack, a: &enrich_tests::Account, change: impl FnOnce(&mut UserRecord)) {
    let tenant: TenantId = a.tenant_id.parse().unwrap();
    let key = keys::user(&tenant, &a.user_id);
    let mut user: UserRecord = t.state().store.get(&key).await.unwrap().unwrap();
    let expected = user.version;
    change(&mut user);
    user.version += 1;
    t.state()
        .store
        .put(&user.record(), PutMode::IfVersion(expected))
        .await
        .unwrap();
}

async fn refresh(t: &TestStack, token: &str) -> reqwest::Response {
    t.post_json("/v1/auth/refresh", json!({ "refresh_token": token }))
        .await
}

async fn audit_actions(t: &TestStack, tenant: &str) -> Vec<String> {
    let tenant: TenantId = tenant.parse().unwrap();
    let codec = t.state().cursor_codec().await.unwrap();
    let page = t
        .state()
        .store
        .query::<serde_json::Value>(
            &tenant,
            &keys::audit_events(&tenant),
            &store::PageParams {
                limit: 100,
                cursor: None,
            },
            codec,
        )
        .await
        .unwrap();
    page.items
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn lifecycle_register_me_refresh_logout() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    assert!(a.tenant_id.starts_with("ten_") && a.user_id.starts_with("usr_"));

    let resp = me(&t, &a.access).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["user"]["email"], a.email);
    assert_eq!(body["user"]["role"], "owner");
    assert_eq!(body["tenant"]["name"], "acme");
    assert!(body["user"].get("password_hash").is_none(), "{body}");

    // Refresh rotates: new pair, and both access tokens work until logout.
    let resp = refresh(&t, &a.refresh).await;
    assert_eq!(resp.status(), 200);
    let pair: serde_json::Value = resp.json().await.unwrap();
    let access2 = pair["access_token"].as_str().unwrap().to_owned();
    let refresh2 = pair["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(refresh2, a.refresh);
    assert_eq!(me(&t, &access2).await.status(), 200);

    // Logout with the new token: it is denied at once, and so is the session's refresh token.
    let resp = t
        .authed(Method::POST, "/v1/auth/logout", &access2)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    problem(me(&t, &access2).await, 401).await;
    problem(me(&t, &a.access).await, 401).await; // same session: revoked too
    problem(refresh(&t, &refresh2).await, 401).await;

    // A new login works and shows only the live session.
    let b = t.login_ok(&a.email, PASSWORD).await;
    let listed = sessions(&t, &b.access).await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{listed}");
    assert_eq!(items[0]["current"], true);
    let actions = audit_actions(&t, &a.tenant_id).await;
    for expected in ["auth.register", "auth.logout", "auth.login"] {
        assert!(
            actions.iter().any(|x| x == expected),
            "{expected} in {actions:?}"
        );
    }
}

#[tokio::test]
async fn reusing_a_rotated_refresh_token_revokes_the_family() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    let pair: serde_json::Value = refresh(&t, &a.refresh).await.json().await.unwrap();
    let refresh2 = pair["refresh_token"].as_str().unwrap().to_owned();
    let access2 = pair["access_token"].as_str().unwrap().to_owned();

    // The stolen (rotated) token is replayed: refused, and the whole session dies with it.
    problem(refresh(&t, &a.refresh).await, 401).await;
    problem(refresh(&t, &refresh2).await, 401).await;
    problem(me(&t, &access2).await, 401).await;
    assert!(audit_actions(&t, &a.tenant_id)
        .await
        .iter()
        .any(|x| x == "auth.refresh_reuse"));
    // Garbage and another tenant's shape are plain 401s.
    problem(refresh(&t, "nonsense").await, 401).await;
}

#[tokio::test]
async fn registration_validates_and_emails_are_unique_under_concurrency() {
    let t = TestStack::start().await;
    let resp = t
        .post_json("/v1/auth/register", json!({"email": "x@y.example", "password": "password1234", "name": "X", "organization_name": "Y"}))
        .await;
    let body = problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "password");
    assert_eq!(body["errors"][0]["code"], "too_common");
    let resp = t
        .post_json(
            "/v1/auth/register",
            json!({"email": "not-an-email", "password": PASSWORD, "name": "X"}),
        )
        .await;
    let body = problem(resp, 422).await;
    let fields = enrich_tests::error_fields(&body);
    assert_eq!(fields, ["email", "organization_name"]);

    // Eight concurrent sign-ups with one email (each on its own task): exactly one account.
    let mut set = tokio::task::JoinSet::new();
    for i in 0..8 {
        let (http, url) = (t.http.clone(), t.url("/v1/auth/register"));
        set.spawn(async move {
            let body = json!({"email": "Race@Example.com", "password": PASSWORD, "name": "R", "organization_name": format!("org{i}")});
            http.post(url).json(&body).send().await.unwrap().status().as_u16()
        });
    }
    let statuses: Vec<u16> = set.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        7,
        "{statuses:?}"
    );
    // The email is case-insensitive for login.
    t.login_ok("race@example.com", PASSWORD).await;
}

#[tokio::test]
async fn lockout_after_five_failures_and_no_enumeration() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    let unknown = problem(t.login("nobody@nowhere.example", PASSWORD).await, 401).await;
    for _ in 0..5 {
        let wrong = problem(t.login(&a.email, "wrong password!!").await, 401).await;
        assert_eq!(
            wrong["detail"], unknown["detail"],
            "same answer for unknown and wrong"
        );
    }
    // Locked: even the right password gets the same 401.
    let locked = problem(t.login(&a.email, PASSWORD).await, 401).await;
    assert_eq!(locked["detail"], unknown["detail"]);
    assert!(
        audit_actions(&t, &a.tenant_id)
            .await
            .iter()
            .filter(|x| *x == "auth.login_failed")
            .count()
            >= 5
    );

    // Fifteen minutes later (moved by editing the lock), the right password works again.
    edit_user(&t, &a, |user| {
        assert!(user.locked_until.is_some(), "the fifth failure set a lock");
        user.locked_until = Some(1);
    })
    .await;
    t.login_ok(&a.email, PASSWORD).await;
}

fn claims(a: &enrich_tests::Account) -> AccessClaims {
    let payload = a.access.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn the_authorizer_refuses_every_bad_token_with_401() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    let keys = access::signer::keys(t.state()).await.unwrap();
    let signer = &keys.tokens;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let good = claims(&a);
    assert_eq!(good.iss, ISSUER);

    let mut expired = good.clone();
    expired.iat = now - 7200;
    expired.nbf = now - 7200;
    expired.exp = now - 3600;
    let mut audience = good.clone();
    audience.aud = "another-api".into();
    let mut issuer = good.clone();
    issuer.iss = "https://evil.example".into();
    let wrong_key = TokenSigner::new(b"not-the-platform-key-not-the-platform-key")
        .issue(&good)
        .unwrap();
    let parts: Vec<&str> = a.access.split('.').collect();
    let alg_none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        parts[1]
    );
    let mut payload: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["role"] = "owner".into();
    payload["tenant"] = TenantId::new().to_string().into();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        parts[2]
    );

    let cases = [
        ("expired", signer.issue(&expired).unwrap()),
        ("other audience", signer.issue(&audience).unwrap()),
        ("other issuer", signer.issue(&issuer).unwrap()),
        ("wrong key", wrong_key),
        ("alg none", alg_none),
        ("tampered payload", tampered),
        ("garbage", "abc.def.ghi".into()),
    ];
    for (name, token) in cases {
        let resp = me(&t, &token).await;
        assert_eq!(resp.status(), 401, "{name}");
        assert_eq!(resp.headers()["www-authenticate"], "Bearer", "{name}");
        problem(resp, 401).await;
    }
    // No credentials, or another scheme.
    problem(t.get("/v1/auth/me").await, 401).await;
    let resp = t
        .http
        .get(t.url("/v1/auth/me"))
        .header("authorization", "Basic YTpi")
        .send()
        .await
        .unwrap();
    problem(resp, 401).await;
    // The good token still works: the refusals were about the tokens.
    assert_eq!(me(&t, &a.access).await.status(), 200);
}

#[tokio::test]
async fn another_tenant_gets_404_never_data() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    let b = t.register("globex").await;
    let a_sessions: serde_json::Value = sessions(&t, &a.access).await;
    let a_session = a_sessions["items"][0]["id"].as_str().unwrap().to_owned();
    // B cannot see or revoke A's session, and B's lists hold only B's data.
    let path = format!("/v1/auth/sessions/{a_session}");
    problem(
        t.authed(Method::DELETE, &path, &b.access)
            .send()
            .await
            .unwrap(),
        404,
    )
    .await;
    let b_sessions: serde_json::Value = sessions(&t, &b.access).await;
    assert!(!b_sessions.to_string().contains(&a_session));
    let b_me: serde_json::Value = me(&t, &b.access).await.json().await.unwrap();
    assert_eq!(b_me["tenant"]["id"], b.tenant_id);
    // A's session is untouched; A revoking it works.
    assert_eq!(me(&t, &a.access).await.status(), 200);
    assert_eq!(
        t.authed(Method::DELETE, &path, &a.access)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    problem(me(&t, &a.access).await, 401).await;
}

/// Permissions are enforced centrally from the route table, with the role read from the user
/// record on every request: a role change applies to tokens already issued.
#[tokio::test]
async fn role_changes_apply_at_once_and_missing_permissions_are_403() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    edit_user(&t, &a, |user| user.role = access::rbac::Role::Api).await;
    let body = problem(me(&t, &a.access).await, 403).await;
    assert!(
        body["detail"].as_str().unwrap().contains("self.read"),
        "{body}"
    );
    problem(
        t.authed(Method::GET, "/v1/auth/sessions", &a.access)
            .send()
            .await
            .unwrap(),
        403,
    )
    .await;
}

#[tokio::test]
async fn the_authorizer_costs_one_dynamodb_read() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    me(&t, &a.access).await; // warm: platform keys cached
    let (resp, calls, _) = t.measured(&a, || me(&t, &a.access)).await;
    assert_eq!(resp.status(), 200);
    // Authorizer: 1 BatchGetItem (token denylist, session, user and organisation). The user's
    // limiter: 1 UpdateItem. Handler: user + tenant GetItem.
    assert_eq!(calls.get("DynamoDB.BatchGetItem"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("DynamoDB.UpdateItem"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("DynamoDB.GetItem"), Some(&2), "{calls:?}");
    assert_eq!(calls.values().sum::<u64>(), 4, "{calls:?}");
}
