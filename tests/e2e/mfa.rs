//! Emailed sign-in codes, password reset and TOTP end to end, through the local outbox.

use enrich_tests::{fresh_email, invitation_token, problem, TestStack};
use reqwest::Method;
use serde_json::{json, Value};

/// The six digits in an OTP mail's subject.
fn code_in(mail: &mail::Mail) -> String {
    let code: String = mail
        .subject
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    assert_eq!(code.len(), 6, "{}", mail.subject);
    code
}

async fn verify(t: &TestStack, email: &str, code: &str) -> reqwest::Response {
    t.post_json("/v1/auth/verify-otp", json!({"email": email, "code": code}))
        .await
}

/// A code that is certainly wrong.
fn other_code(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

#[tokio::test]
async fn emailed_codes_sign_in_once_and_reveal_no_accounts() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    let nobody = fresh_email("nobody", "acme.example");

    let known = t
        .post_json("/v1/auth/otp/request", json!({"email": a.email}))
        .await;
    let unknown = t
        .post_json("/v1/auth/otp/request", json!({"email": nobody}))
        .await;
    assert_eq!(known.status(), 202);
    assert_eq!(unknown.status(), 202);
    let (kb, ub): (Value, Value) = (known.json().await.unwrap(), unknown.json().await.unwrap());
    assert_eq!(kb, ub, "one answer whether or not the account exists");
    assert!(t.mails_to(&nobody).is_empty());
    let code = code_in(&t.last_mail(&a.email, "otp"));

    // Wrong code, unknown address: the same 401.
    let w = problem(verify(&t, &a.email, &other_code(&code)).await, 401).await;
    let u = problem(verify(&t, &nobody, &code).await, 401).await;
    assert_eq!(w["detail"], u["detail"]);
    // The right code signs in once.
    let resp = verify(&t, &a.email, &code).await;
    assert_eq!(resp.status(), 200);
    let pair: Value = resp.json().await.unwrap();
    assert_eq!(pair["user"]["id"], a.user_id);
    let me = t
        .authed(
            Method::GET,
            "/v1/auth/me",
            pair["access_token"].as_str().unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    problem(verify(&t, &a.email, &code).await, 401).await;

    // Five wrong guesses burn a code: the right one no longer works.
    t.post_json("/v1/auth/otp/request", json!({"email": a.email}))
        .await;
    let code = code_in(&t.last_mail(&a.email, "otp"));
    for _ in 0..5 {
        problem(verify(&t, &a.email, &other_code(&code)).await, 401).await;
    }
    problem(verify(&t, &a.email, &code).await, 401).await;

    // Malformed input is a 422 naming the field (request) or the same 401 (verify).
    let body = problem(
        t.post_json("/v1/auth/otp/request", json!({"email": "not-an-email"}))
            .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "email");
    problem(verify(&t, &a.email, "12ab56").await, 401).await;
}

#[tokio::test]
async fn code_and_reset_requests_are_rate_limited_per_address_account_or_not() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    let nobody = fresh_email("nobody", "acme.example");
    for email in [&a.email, &nobody] {
        for _ in 0..5 {
            let r = t
                .post_json("/v1/auth/otp/request", json!({"email": email}))
                .await;
            assert_eq!(r.status(), 202);
        }
        let r = t
            .post_json("/v1/auth/otp/request", json!({"email": email}))
            .await;
        let retry: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=900).contains(&retry), "{retry}");
        problem(r, 429).await;
    }
    assert_eq!(t.mails_to(&a.email).len(), 5, "no mail past the limit");
    // Resets are counted separately.
    let r = t
        .post_json("/v1/auth/password/forgot", json!({"email": a.email}))
        .await;
    assert_eq!(r.status(), 202);
}

async fn reset(t: &TestStack, token: &str, new_password: &str) -> reqwest::Response {
    t.post_json(
        "/v1/auth/password/reset",
        json!({"token": token, "new_password": new_password}),
    )
    .await
}

#[tokio::test]
async fn password_reset_replaces_the_password_and_signs_everyone_out() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    // Lock the account first: a reset lifts the lockout.
    for _ in 0..5 {
        t.login(&a.email, "wrong password, twelve+").await;
    }
    problem(t.login(&a.email, &a.password).await, 401).await;

    let r = t
        .post_json("/v1/auth/password/forgot", json!({"email": a.email}))
        .await;
    assert_eq!(r.status(), 202);
    let token = invitation_token(&t.last_mail(&a.email, "password_reset"));

    // A weak password is refused without spending the token.
    let body = problem(reset(&t, &token, "password1234").await, 422).await;
    assert_eq!(body["errors"][0]["field"], "new_password");
    let new_password = "a completely different passphrase";
    assert_eq!(reset(&t, &token, new_password).await.status(), 204);

    // Old sessions are gone, the old password fails, the new one works; the token is spent.
    problem(
        t.post_json("/v1/auth/refresh", json!({"refresh_token": a.refresh}))
            .await,
        401,
    )
    .await;
    problem(
        t.authed(Method::GET, "/v1/auth/me", &a.access)
            .send()
            .await
            .unwrap(),
        401,
    )
    .await;
    problem(t.login(&a.email, &a.password).await, 401).await;
    t.login_ok(&a.email, new_password).await;
    let body = problem(reset(&t, &token, "yet another passphrase!").await, 422).await;
    assert_eq!(body["errors"][0]["field"], "token");
    for bad in ["", "garbage", "ten_x.usr_y.z"] {
        let body = problem(reset(&t, bad, "yet another passphrase!").await, 422).await;
        assert_eq!(body["errors"][0]["field"], "token");
    }
}

fn seed_of(enrolment: &Value) -> Vec<u8> {
    totp_rs::Secret::try_from_base32(enrolment["secret"].as_str().unwrap())
        .unwrap()
        .as_bytes()
        .to_vec()
}

fn code(seed: &[u8], offset_steps: i64) -> String {
    let now = time::OffsetDateTime::now_utc().unix_timestamp() + offset_steps * 30;
    identity::mfa::code_at(seed, u64::try_from(now).unwrap()).unwrap()
}

async fn post(t: &TestStack, path: &str, token: &str, body: Value) -> reqwest::Response {
    t.authed(Method::POST, path, token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn login_with(t: &TestStack, email: &str, extra: Value) -> reqwest::Response {
    let mut body = json!({"email": email, "password": enrich_tests::PASSWORD});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    t.post_json("/v1/auth/login", body).await
}

#[tokio::test]
async fn totp_enrolment_login_replay_recovery_and_disable() {
    let t = TestStack::start().await;
    let a = t.register("acme").await;
    let enrol = post(&t, "/v1/auth/mfa/totp/enroll", &a.access, json!({})).await;
    assert_eq!(enrol.status(), 200);
    let enrol: Value = enrol.json().await.unwrap();
    assert!(enrol["otpauth_uri"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/Enrich:"));
    let recovery: Vec<String> = enrol["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);
    let seed = seed_of(&enrol);

    // Pending: login does not ask yet; a wrong confirmation names the field.
    assert_eq!(login_with(&t, &a.email, json!({})).await.status(), 200);
    let body = problem(
        post(
            &t,
            "/v1/auth/mfa/totp/confirm",
            &a.access,
            json!({"code": other_code(&code(&seed, 0))}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "code");
    let confirm_code = code(&seed, 0);
    let r = post(
        &t,
        "/v1/auth/mfa/totp/confirm",
        &a.access,
        json!({"code": confirm_code}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let me: Value = t
        .authed(Method::GET, "/v1/auth/me", &a.access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["mfa_enabled"], true);
    problem(
        post(&t, "/v1/auth/mfa/totp/enroll", &a.access, json!({})).await,
        409,
    )
    .await;

    // On: a password alone gets 401 mfa-required; a wrong code too; the confirmation code cannot
    // be replayed; the next step's code works once.
    let body = problem(login_with(&t, &a.email, json!({})).await, 401).await;
    assert_eq!(body["type"], "https://enrich.dev/problems/mfa-required");
    problem(
        login_with(
            &t,
            &a.email,
            json!({"totp_code": other_code(&code(&seed, 1))}),
        )
        .await,
        401,
    )
    .await;
    problem(
        login_with(&t, &a.email, json!({"totp_code": confirm_code})).await,
        401,
    )
    .await;
    let next = code(&seed, 1);
    assert_eq!(
        login_with(&t, &a.email, json!({"totp_code": next}))
            .await
            .status(),
        200
    );
    problem(
        login_with(&t, &a.email, json!({"totp_code": next})).await,
        401,
    )
    .await;

    // A recovery code works once.
    let r = login_with(
        &t,
        &a.email,
        json!({"recovery_code": recovery[0].to_uppercase()}),
    )
    .await;
    assert_eq!(r.status(), 200);
    problem(
        login_with(&t, &a.email, json!({"recovery_code": recovery[0]})).await,
        401,
    )
    .await;

    // Emailed-code login asks for the second factor as well.
    t.post_json("/v1/auth/otp/request", json!({"email": a.email}))
        .await;
    let otp = code_in(&t.last_mail(&a.email, "otp"));
    let body = problem(verify(&t, &a.email, &otp).await, 401).await;
    assert_eq!(body["type"], "https://enrich.dev/problems/mfa-required");

    // Disabling needs the password and a second factor.
    let body = problem(
        post(
            &t,
            "/v1/auth/mfa/totp/disable",
            &a.access,
            json!({"password": "not my password at all", "recovery_code": recovery[1]}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "password");
    let body = problem(
        post(
            &t,
            "/v1/auth/mfa/totp/disable",
            &a.access,
            json!({"password": a.password}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "code");
    let r = post(
        &t,
        "/v1/auth/mfa/totp/disable",
        &a.access,
        json!({"password": a.password, "recovery_code": recovery[1]}),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(login_with(&t, &a.email, json!({})).await.status(), 200);

    let audit: Value = t
        .authed(Method::GET, "/v1/audit-events?action=mfa.", &a.access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["mfa.disabled", "mfa.enabled"]);
}
