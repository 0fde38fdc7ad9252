//! Issue 27 #5: security alerts. Repeated lockouts, bursts of refused credentials and a key used
//! from a new country raise `security.*` events (webhooks, the audit log) once, and the
//! organisation's owners are mailed at most once an hour per kind; other organisations see nothing.

use crate::webhooks::{issue_key, received, receiver, subscribe};
use access::security::hour_of;
use enrich_tests::{Account, TestStack};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn this_hour() -> String {
    hour_of(kernel::time::now().unix_timestamp())
}

async fn wrong_login(t: &TestStack, email: &str) {
    let resp = t
        .http
        .post(t.url("/v1/auth/login"))
        .json(&json!({"email": email, "password": "not the passphrase at all"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
}

async fn security_mails(
    t: &TestStack,
    a: &Account,
    kind: &str,
    at_least: usize,
) -> Vec<mail::Mail> {
    let start = Instant::now();
    loop {
        let found: Vec<mail::Mail> = t
            .mails_to(&a.email)
            .into_iter()
            .filter(|m| m.kind == kind)
            .collect();
        if found.len() >= at_least || start.elapsed() > Duration::from_secs(60) {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn audited(t: &TestStack, a: &Account, action: &str) -> Vec<Value> {
    let (status, page) = t
        .get_as(a, &format!("/v1/audit-events?action={action}"))
        .await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().cloned().unwrap_or_default()
}

fn event_types(requests: &[wiremock::Request]) -> Vec<String> {
    let mut kinds: Vec<String> = requests
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            body["type"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    kinds.sort();
    kinds
}

#[tokio::test]
async fn lockouts_and_refused_credentials_alert_once_and_mail_the_owners_once() {
    let t = TestStack::start().await;
    let _w = t.start_workers(1);
    let a = t.register("sec-a").await;
    let b = t.register("sec-b").await;
    let hook = receiver(200).await;
    subscribe(&t, &a, &hook, json!(["security.*"])).await;
    let mut members = Vec::new();
    for i in 0..3 {
        members.push(
            t.invite_and_join(&a, &format!("m{i}@sec-a.example"), "member")
                .await,
        );
    }
    let hour = this_hour();

    // Three accounts locked (five wrong passwords each): 15 refusals and 3 lockouts.
    for m in &members {
        for _ in 0..5 {
            wrong_login(&t, &m.email).await;
        }
    }
    // Guesses at locked accounts are refusals too, 15 of them at once: the 20th raises that
    // alert, exactly once, and the rest raise nothing.
    futures::future::join_all((0..15).map(|i| wrong_login(&t, &members[i % 3].email))).await;
    if this_hour() != hour {
        eprintln!("the UTC hour turned during the test; its counts were split, nothing to check");
        return;
    }

    let got = received(&hook, 2, 60).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got = hook.received_requests().await.unwrap_or(got);
    assert_eq!(
        event_types(&got),
        ["security.credential_refusals", "security.repeated_lockouts"],
        "one event per kind"
    );
    let refusals: Value = got
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap())
        .find(|e| e["type"] == "security.credential_refusals")
        .unwrap();
    assert_eq!(refusals["data"]["count"], 20, "{refusals}");
    assert_eq!(refusals["data"]["hour"], hour.as_str(), "{refusals}");

    // The owner (not the members) is mailed once per kind, with what happened and where to look.
    let mails = security_mails(&t, &a, "security.repeated_lockouts", 1).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].text.contains("locked"), "{}", mails[0].text);
    assert!(
        mails[0]
            .text
            .contains("/v1/audit-events?action=security.repeated_lockouts"),
        "{}",
        mails[0].text
    );
    assert_eq!(
        security_mails(&t, &a, "security.credential_refusals", 1)
            .await
            .len(),
        1
    );
    for m in &members {
        assert!(
            t.mails_to(&m.email)
                .iter()
                .all(|mail| !mail.kind.starts_with("security.")),
            "members are not mailed"
        );
    }
    // The audit log has one entry per alert; the other organisation has none and no mail.
    assert_eq!(
        audited(&t, &a, "security.credential_refusals").await.len(),
        1
    );
    assert_eq!(audited(&t, &a, "security.repeated_lockouts").await.len(), 1);
    assert!(audited(&t, &b, "security.credential_refusals")
        .await
        .is_empty());
    assert!(t
        .mails_to(&b.email)
        .iter()
        .all(|mail| !mail.kind.starts_with("security.")));
}

#[tokio::test]
async fn a_key_used_from_a_new_country_alerts_and_the_owner_is_mailed_once_an_hour() {
    let t = TestStack::start().await;
    let _w = t.start_workers(1);
    let a = t.register("sec-geo").await;
    let hook = receiver(200).await;
    subscribe(&t, &a, &hook, json!(["security.new_country"])).await;
    let key = issue_key(&t, &a).await;
    let hour = this_hour();
    let from = |country: &str| {
        t.http
            .get(t.url("/v1/people"))
            .header("authorization", format!("Bearer {key}"))
            .header("cloudfront-viewer-country", country)
    };
    // The first country is the key's baseline; the same one again is nothing new, and values
    // that are not a country code are ignored.
    for country in ["PT", "PT", "Portugal", "<b>", ""] {
        assert_eq!(from(country).send().await.unwrap().status(), 200);
    }
    // Brazil is new (once, whatever the case), then the United States.
    for country in ["BR", "br", "BR", "US"] {
        assert_eq!(from(country).send().await.unwrap().status(), 200);
    }
    if this_hour() != hour {
        eprintln!("the UTC hour turned during the test; nothing to check");
        return;
    }
    let got = received(&hook, 2, 60).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got = hook.received_requests().await.unwrap_or(got);
    let mut countries: Vec<(String, Value)> = got
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap())
        .map(|e| {
            (
                e["data"]["country"].as_str().unwrap_or_default().to_owned(),
                e["data"]["known_countries"].clone(),
            )
        })
        .collect();
    countries.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(
        countries,
        [
            ("BR".to_owned(), json!(["PT"])),
            ("US".to_owned(), json!(["PT", "BR"]))
        ]
    );
    // Two alerts, one mail this hour.
    assert_eq!(audited(&t, &a, "security.new_country").await.len(), 2);
    let mails = security_mails(&t, &a, "security.new_country", 1).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails_now: Vec<mail::Mail> = t
        .mails_to(&a.email)
        .into_iter()
        .filter(|m| m.kind == "security.new_country")
        .collect();
    assert_eq!((mails.len(), mails_now.len()), (1, 1));
    assert!(mails[0].text.contains("BR"), "{}", mails[0].text);
    assert!(mails[0].text.contains("revoke"), "{}", mails[0].text);

    // A request without the header is served and raises nothing.
    let plain = t
        .http
        .get(t.url("/v1/people"))
        .header("authorization", format!("Bearer {key}"))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 200);
    assert_eq!(audited(&t, &a, "security.new_country").await.len(), 2);
}
