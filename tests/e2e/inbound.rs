//! Issue 26 (campaign engine II), delivery events in: senders post with the organisation's inbound
//! token (and a signature for the generic shape); the worker matches each event to its contact
//! and campaign, counts it once however often it is posted, applies the bounce rules, and pauses
//! a campaign past its complaint or bounce threshold.

use crate::campaigns::{
    act, campaign_body, campaign_to_x, create_campaign, ses_setup, wait_status,
};
use enrich_tests::{error_fields, Account, TestStack};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;

const RULES: &str = "/v1/organization/bounce-rules";

async fn put_rules(t: &TestStack, a: &Account, body: Value) -> (u16, Value) {
    t.call(a, reqwest::Method::PUT, RULES, Some(body)).await
}

pub(crate) struct Creds {
    token: String,
    secret: String,
}

pub(crate) async fn credentials(t: &TestStack, a: &Account) -> Creds {
    let (status, body) = t.post_as(a, "/v1/inbound/credentials", json!({})).await;
    assert_eq!(status, 201, "{body}");
    assert!(body["urls"]["mailwizz"]
        .as_str()
        .unwrap()
        .ends_with(&format!(
            "/v1/inbound/mailwizz?token={}",
            body["token"].as_str().unwrap()
        )));
    Creds {
        token: body["token"].as_str().unwrap().to_owned(),
        secret: body["secret"].as_str().unwrap().to_owned(),
    }
}

/// A raw post as a sender makes it: no bearer token, the inbound token in the URL.
async fn post(
    t: &TestStack,
    path: &str,
    token: Option<&str>,
    body: &str,
    signature: Option<String>,
) -> (u16, Value) {
    let url = match token {
        Some(tok) => t.url(&format!("{path}?token={tok}")),
        None => t.url(path),
    };
    let mut req = t
        .http
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(s) = signature {
        req = req.header("x-enrich-signature", s);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn sign(secret: &str, body: &str) -> String {
    webhooks::signing::signature_header(
        &[secret],
        kernel::time::now().unix_timestamp(),
        body.as_bytes(),
    )
}

pub(crate) async fn post_generic(t: &TestStack, c: &Creds, events: Value) -> (u16, Value) {
    let body = json!({ "events": events }).to_string();
    post(
        t,
        "/v1/inbound/generic",
        Some(&c.token),
        &body,
        Some(sign(&c.secret, &body)),
    )
    .await
}

fn mailwizz(kind: &str, email: &str, campaign: &str, at: &str, extra: Value) -> Value {
    let mut event =
        json!({"type": kind, "ip_address": "203.0.113.9", "user_agent": "Mail", "date_added": at});
    if let (Some(e), Some(x)) = (event.as_object_mut(), extra.as_object()) {
        e.extend(x.clone());
    }
    json!({"event": event, "timestamp": 1_796_119_200,
           "list": {"attributes": {"list_uid": "lu1"}},
           "subscriber": {"attributes": {"subscriber_uid": format!("su-{email}"), "email": email, "status": "confirmed"}},
           "campaign": {"attributes": {"campaign_uid": "cu1", "name": format!("November [{campaign}]")}}})
}

fn powermta(ty: &str, email: &str, campaign: &str, cat: &str, dsn: &str, at: &str) -> Value {
    json!({"type": ty, "timeLogged": at, "orig": "news@acme.example", "rcpt": email,
           "dsnAction": "failed", "dsnStatus": dsn, "dsnDiag": "smtp; 550 user unknown",
           "bounceCat": cat, "jobId": campaign, "vmta": "pool-1"})
}

/// The campaign's event counts once the worker has applied `n` events in total.
pub(crate) async fn wait_events(t: &TestStack, a: &Account, id: &str, n: u64) -> Value {
    t.wait_for(a, &format!("/v1/campaigns/{id}"), 60, |c| {
        let e = &c["stats"]["events"];
        let total: u64 = [
            "delivered",
            "opens",
            "clicks",
            "bounced",
            "complained",
            "unsubscribed",
        ]
        .iter()
        .map(|k| e[k].as_u64().unwrap_or(0))
        .sum();
        total >= n
    })
    .await
}

async fn contact_status(t: &TestStack, a: &Account, id: &str) -> String {
    let (_, c) = t.get_as(a, &format!("/v1/contacts/{id}")).await;
    c["status"].as_str().unwrap_or_default().to_owned()
}

async fn stored_events(t: &TestStack) -> usize {
    t.scan_table()
        .await
        .iter()
        .filter(|i| {
            i.get("entity")
                .and_then(|v| v.as_s().ok())
                .map(String::as_str)
                == Some("CAMPAIGN_EVENT")
        })
        .count()
}

#[tokio::test]
async fn senders_post_with_the_inbound_token_and_each_event_counts_once() {
    let t = TestStack::start().await;
    let (a, _domain, ids, cmp) = campaign_to_x(&t, "inbound", 6).await;
    let b = t.register("inbound-other").await;
    let email = |i: usize| format!("r{i}@inbound.example");

    // Before credentials: nothing can post.
    let (_, settings) = t.get_as(&a, "/v1/inbound").await;
    assert_eq!(settings["configured"], false, "{settings}");
    let one = json!([powermta(
        "d",
        &email(0),
        &cmp,
        "",
        "2.0.0",
        "2026-12-01 10:00:00-0000"
    )])
    .to_string();
    let (status, problem) = post(&t, "/v1/inbound/powermta", None, &one, None).await;
    assert_eq!(status, 401, "{problem}");
    let (status, _) = post(&t, "/v1/inbound/powermta", Some("inb_forged"), &one, None).await;
    assert_eq!(status, 401);

    let c = credentials(&t, &a).await;
    let hooks = crate::webhooks::receiver(200).await;
    crate::webhooks::subscribe(
        &t,
        &a,
        &hooks,
        json!(["contact.bounced", "contact.complained"]),
    )
    .await;
    let (_, settings) = t.get_as(&a, "/v1/inbound").await;
    assert_eq!(settings["configured"], true);
    assert!(c
        .token
        .starts_with(settings["token_prefix"].as_str().unwrap()));
    assert!(
        !settings.to_string().contains(&c.token),
        "the token is shown once"
    );
    // A member cannot issue credentials (an admin's setting); another organisation's settings
    // are its own.
    let member = t
        .invite_and_join(
            &a,
            &enrich_tests::fresh_email("member", "inbound.example"),
            "member",
        )
        .await;
    let (status, _) = t
        .post_as(&member, "/v1/inbound/credentials", json!({}))
        .await;
    assert_eq!(status, 403);
    let (status, _) = t.get_as(&member, "/v1/inbound").await;
    assert_eq!(status, 200);
    let (_, other) = t.get_as(&b, "/v1/inbound").await;
    assert_eq!(other["configured"], false);

    // Hostile and malformed posts: refused, nothing stored or queued.
    let (status, _) = post(
        &t,
        "/v1/inbound/powermta",
        Some(&c.token),
        "{not json",
        None,
    )
    .await;
    assert_eq!(status, 400);
    let big = "x".repeat(210 * 1024);
    let (status, _) = post(&t, "/v1/inbound/powermta", Some(&c.token), &big, None).await;
    assert_eq!(status, 413);
    let generic =
        json!({"events": [{"type": "opened", "email": email(1), "campaign_id": cmp}]}).to_string();
    let (status, problem) = post(&t, "/v1/inbound/generic", Some(&c.token), &generic, None).await;
    assert_eq!(status, 401, "unsigned: {problem}");
    let (status, _) = post(
        &t,
        "/v1/inbound/generic",
        Some(&c.token),
        &generic,
        Some(sign("whsec_not-the-secret", &generic)),
    )
    .await;
    assert_eq!(status, 401, "signed with another secret");
    let (status, problem) =
        post_generic(&t, &c, json!([{"type": "bounced", "email": email(1)}])).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(error_fields(&problem), vec!["events[0].bounce_type"]);

    // `/test` reads and stores nothing.
    let (status, echo) = post(
        &t,
        "/v1/inbound/test?source=generic&x=1",
        None,
        &generic,
        Some(sign(&c.secret, &generic)),
    )
    .await;
    assert_eq!(status, 401, "the test route needs the token too: {echo}");
    let resp = t
        .http
        .post(t.url(&format!(
            "/v1/inbound/test?source=generic&token={}",
            c.token
        )))
        .header("x-enrich-signature", sign(&c.secret, &generic))
        .body(generic.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let echo: Value = resp.json().await.unwrap();
    assert_eq!(echo["signature"], "valid", "{echo}");
    assert_eq!(echo["events"][0]["kind"], "opened", "{echo}");
    let (_, health) = t
        .get_as(&a, &format!("/v1/inbound/health?token={}", c.token))
        .await;
    assert_eq!(health["token"], "valid", "{health}");

    // The real posts: MailWizz opens and clicks (one open twice: a re-post), PowerMTA deliveries,
    // a hard bounce, a soft bounce and a deferral, a signed generic complaint and unsubscribe.
    let at = "2026-12-01 10:00:00";
    let mw = json!([
        mailwizz("open", &email(0), &cmp, at, json!({})),
        mailwizz("open", &email(0), &cmp, "2026-12-01 11:00:00", json!({})),
        mailwizz("open", &email(1), &cmp, at, json!({})),
        mailwizz("click", &email(0), &cmp, at, json!({"url": "https://acme.example/offer"})),
        {"event": {"type": "subscribe"}},
    ])
    .to_string();
    let (status, accepted) = post(&t, "/v1/inbound/mailwizz", Some(&c.token), &mw, None).await;
    assert_eq!(status, 202, "{accepted}");
    assert_eq!(accepted["accepted"], 4);
    assert_eq!(accepted["skipped"].as_array().unwrap().len(), 1);
    let ts = "2026-12-01 10:00:00-0000";
    let pm = json!((0..5)
        .map(|i| powermta("d", &email(i), &cmp, "", "2.0.0", ts))
        .chain([
            powermta("b", &email(2), &cmp, "bad-mailbox", "5.1.1", ts),
            powermta("b", &email(3), &cmp, "quota-issues", "4.2.2", ts),
            powermta("t", &email(4), &cmp, "", "4.0.0", ts),
        ])
        .collect::<Vec<_>>())
    .to_string();
    let (status, accepted) = post(&t, "/v1/inbound/powermta", Some(&c.token), &pm, None).await;
    assert_eq!(
        (status, accepted["accepted"].as_u64()),
        (202, Some(7)),
        "{accepted}"
    );
    let (status, _) = post_generic(
        &t,
        &c,
        json!([{"type": "complained", "email": email(4), "campaign_id": cmp, "id": "fbl-1"},
               {"type": "unsubscribed", "email": email(5), "campaign_id": cmp, "id": "u-1"}]),
    )
    .await;
    assert_eq!(status, 202);
    // Every sender posts again (PowerMTA until a 2xx; a webhook retry): nothing counts twice.
    let (status, _) = post(&t, "/v1/inbound/powermta", Some(&c.token), &pm, None).await;
    assert_eq!(status, 202);
    let (status, _) = post(&t, "/v1/inbound/mailwizz", Some(&c.token), &mw, None).await;
    assert_eq!(status, 202);
    let (status, _) = post_generic(
        &t,
        &c,
        json!([{"type": "complained", "email": email(4), "campaign_id": cmp, "id": "fbl-1"}]),
    )
    .await;
    assert_eq!(status, 202);

    let _w = t.start_workers(2);
    let distinct = 4 + 7 + 2;
    let campaign = wait_events(&t, &a, &cmp, distinct).await;
    // Let any re-post still queued be applied (or found to be a duplicate).
    t.wait_for(&a, "/v1/contacts", 5, |_| true).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (_, campaign_now) = t.get_as(&a, &format!("/v1/campaigns/{cmp}")).await;
    assert_eq!(
        campaign["stats"]["events"], campaign_now["stats"]["events"],
        "nothing more moved"
    );
    let e = &campaign_now["stats"]["events"];
    assert_eq!(
        (
            e["delivered"].as_u64(),
            e["opens"].as_u64(),
            e["unique_opens"].as_u64(),
            e["clicks"].as_u64(),
            e["unique_clicks"].as_u64()
        ),
        (Some(5), Some(3), Some(2), Some(1), Some(1)),
        "{e}"
    );
    assert_eq!(
        (
            e["bounced"].as_u64(),
            e["hard_bounced"].as_u64(),
            e["soft_bounced"].as_u64(),
            e["complained"].as_u64(),
            e["unsubscribed"].as_u64()
        ),
        (Some(2), Some(1), Some(1), Some(1), Some(1)),
        "{e}"
    );
    assert_eq!(
        stored_events(&t).await,
        distinct as usize,
        "one item per distinct event"
    );

    // The default rules: a hard bounce and a complaint suppress; a soft bounce does nothing;
    // an unsubscribe unsubscribes.
    assert_eq!(contact_status(&t, &a, &ids[2]).await, "bounced");
    assert_eq!(contact_status(&t, &a, &ids[3]).await, "subscribed");
    assert_eq!(contact_status(&t, &a, &ids[4]).await, "complained");
    assert_eq!(contact_status(&t, &a, &ids[5]).await, "unsubscribed");
    let (_, list) = t.get_as(&a, "/v1/suppressions").await;
    let suppressed: BTreeSet<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["email"].as_str())
        .collect();
    assert_eq!(
        suppressed,
        BTreeSet::from([email(2).as_str(), email(4).as_str(), email(5).as_str()])
    );

    // Each bounce and complaint went out once as a webhook event, with the action taken, however
    // often its sender posted it.
    crate::webhooks::received(&hooks, 3, 60).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut sent: Vec<(String, String, String)> = hooks
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            (
                body["type"].as_str().unwrap().to_owned(),
                body["data"]["email"].as_str().unwrap().to_owned(),
                body["data"]["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    sent.sort();
    assert_eq!(
        sent,
        vec![
            (
                "contact.bounced".to_owned(),
                email(2),
                "suppress".to_owned()
            ),
            ("contact.bounced".to_owned(), email(3), "none".to_owned()),
            (
                "contact.complained".to_owned(),
                email(4),
                "suppress".to_owned()
            ),
        ]
    );

    // The lists: newest first, filtered, paged; another organisation sees none of it.
    let mut opened = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let path = match &cursor {
            Some(c) => format!("/v1/campaigns/{cmp}/events?type=opened&limit=2&cursor={c}"),
            None => format!("/v1/campaigns/{cmp}/events?type=opened&limit=2"),
        };
        let (status, page) = t.get_as(&a, &path).await;
        assert_eq!(status, 200, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2, "{page}");
        opened.extend(items.iter().map(|e| e["id"].as_str().unwrap().to_owned()));
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    assert!(cursor.is_none(), "the pages end");
    assert_eq!(
        opened.len(),
        3,
        "every open, once, across the pages: {opened:?}"
    );
    assert_eq!(opened.iter().collect::<BTreeSet<_>>().len(), 3);
    let (_, all) = t
        .get_as(&a, &format!("/v1/campaigns/{cmp}/events?limit=100"))
        .await;
    let times: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["occurred_at"].as_str().unwrap())
        .collect();
    assert_eq!(times.len(), distinct as usize);
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    let (_, mine) = t
        .get_as(&a, &format!("/v1/contacts/{}/events", ids[2]))
        .await;
    let kinds: BTreeSet<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["bounced", "delivered"]), "{mine}");
    let bounce = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "bounced")
        .unwrap();
    assert_eq!(
        (bounce["bounce_type"].as_str(), bounce["action"].as_str()),
        (Some("hard"), Some("suppress"))
    );
    let (status, _) = t
        .get_as(&a, &format!("/v1/campaigns/{cmp}/events?type=exploded"))
        .await;
    assert_eq!(status, 400);
    let (status, _) = t.get_as(&b, &format!("/v1/campaigns/{cmp}/events")).await;
    assert_eq!(status, 404);
    let (status, _) = t
        .get_as(&b, &format!("/v1/contacts/{}/events", ids[2]))
        .await;
    assert_eq!(status, 404);

    // Rotation: the old token works for 24 hours more, the new one at once.
    let c2 = credentials(&t, &a).await;
    for tok in [&c.token, &c2.token] {
        let (_, h) = t
            .get_as(&a, &format!("/v1/inbound/health?token={tok}"))
            .await;
        assert_eq!(h["token"], "valid");
    }
    let (_, settings) = t.get_as(&a, "/v1/inbound").await;
    assert!(
        settings["previous_token_valid_until"].is_string(),
        "{settings}"
    );
}

#[tokio::test]
async fn bounce_rules_act_at_their_thresholds_and_a_campaign_pauses_itself() {
    let t = TestStack::start().await;
    let (a, _domain, ids, cmp) = campaign_to_x(&t, "rules", 14).await;
    let email = |i: usize| format!("r{i}@rules.example");
    let (_, defaults) = t.get_as(&a, "/v1/organization/bounce-rules").await;
    assert_eq!(
        defaults["soft"],
        json!({"threshold": 2, "action": "none"}),
        "{defaults}"
    );
    assert_eq!(
        defaults["hard"],
        json!({"threshold": 1, "action": "suppress"})
    );
    // A member reads the rules but may not change them; bad rules name their field.
    let member = t
        .invite_and_join(
            &a,
            &enrich_tests::fresh_email("member", "rules.example"),
            "member",
        )
        .await;
    let (status, _) = t.get_as(&member, RULES).await;
    assert_eq!(status, 200);
    let (status, _) = put_rules(&t, &member, defaults.clone()).await;
    assert_eq!(status, 403);
    let (status, problem) = put_rules(
        &t,
        &a,
        json!({"soft": {"threshold": 0, "action": "none"},
                        "hard": {"threshold": 1, "action": "explode"},
                        "complaint": {"threshold": 1, "action": "suppress"}}),
    )
    .await;
    assert!(status == 400 || status == 422, "{status} {problem}");
    let (status, problem) = put_rules(
        &t,
        &a,
        json!({"soft": {"threshold": 0, "action": "none"},
                        "hard": {"threshold": 1, "action": "suppress"},
                        "complaint": {"threshold": 1, "action": "suppress"},
                        "auto_pause": {"enabled": true, "min_sample": 5, "bounce_rate_percent": 60,
                                       "complaint_rate_percent": 0.1}}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        error_fields(&problem),
        vec![
            "soft.threshold",
            "auto_pause.min_sample",
            "auto_pause.bounce_rate_percent"
        ]
    );
    let (status, rules) = put_rules(
        &t,
        &a,
        json!({"soft": {"threshold": 2, "action": "unsubscribe"},
                        "hard": {"threshold": 1, "action": "delete"},
                        "complaint": {"threshold": 1, "action": "suppress"},
                        "auto_pause": {"enabled": true, "min_sample": 10, "bounce_rate_percent": 50,
                                       "complaint_rate_percent": 5}}),
    )
    .await;
    assert_eq!(status, 200, "{rules}");

    // Send the campaign to its 12 recipients.
    let _w = t.start_workers(2);
    assert_eq!(act(&t, &a, &cmp, "send").await.0, 200);
    wait_status(&t, &a, &cmp, "finished", 90).await;
    let c = credentials(&t, &a).await;
    let (status, _) = post_generic(
        &t,
        &c,
        json!([{"type": "bounced", "bounce_type": "soft", "email": email(0), "campaign_id": cmp, "id": "s1"},
               {"type": "bounced", "bounce_type": "hard", "email": email(1), "campaign_id": cmp, "id": "h1"}]),
    )
    .await;
    assert_eq!(status, 202);
    t.wait_for(&a, &format!("/v1/campaigns/{cmp}"), 60, |c| {
        c["stats"]["events"]["bounced"] == 2
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        contact_status(&t, &a, &ids[0]).await,
        "subscribed",
        "one soft bounce of two"
    );
    let (status, _) = t.get_as(&a, &format!("/v1/contacts/{}", ids[1])).await;
    assert_eq!(status, 404, "hard → delete");
    let (status, _) = post_generic(
        &t,
        &c,
        json!([{"type": "bounced", "bounce_type": "soft", "email": email(0), "campaign_id": cmp, "id": "s2"}]),
    )
    .await;
    assert_eq!(status, 202);
    t.wait_for(&a, &format!("/v1/contacts/{}", ids[0]), 60, |c| {
        c["status"] == "unsubscribed"
    })
    .await;
    let (_, list) = t.get_as(&a, "/v1/suppressions").await;
    let suppressed: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["email"].as_str())
        .collect();
    assert_eq!(
        suppressed,
        vec![email(1).as_str()],
        "delete suppresses the address too"
    );

    // Auto-pause: a running campaign whose complaints pass 5% of 10+ sends pauses itself. Its
    // profile's daily cap (10) holds the rest of its audience back, so it stays running.
    let (domain, profile, template) = ses_setup(
        &t,
        &a,
        "rules-capped",
        json!({"per_second": 1000, "per_hour": 1000000}),
        10,
    )
    .await;
    let second = create_campaign(
        &t,
        &a,
        campaign_body(&domain, &profile, &template, json!({"tags_all": ["x"]})),
    )
    .await;
    assert_eq!(act(&t, &a, &second, "send").await.0, 200);
    let running = t
        .wait_for(&a, &format!("/v1/campaigns/{second}"), 60, |c| {
            c["stats"]["sent"].as_u64().unwrap_or(0) >= 10
        })
        .await;
    assert_eq!(running["status"], "running", "{running}");
    let (status, _) = post_generic(
        &t,
        &c,
        json!([{"type": "complained", "email": email(5), "campaign_id": second, "id": "c5"}]),
    )
    .await;
    assert_eq!(status, 202);
    let paused = wait_status(&t, &a, &second, "paused", 60).await;
    let reason = paused["pause_reason"].as_str().unwrap_or_default();
    assert!(reason.starts_with("auto-paused: complaints"), "{reason}");
    assert_eq!(
        paused["stats"]["events"]["complaint_rate"], 10.0,
        "{paused}"
    );
}

/// A small deterministic generator (xorshift), so a failing stream can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Posts until a 2xx, as PowerMTA and SNS do (the fault layer answers some requests 500).
async fn post_until_accepted(t: &TestStack, c: &Creds, events: Value) {
    for _ in 0..20 {
        let (status, body) = post_generic(t, c, events.clone()).await;
        if status == 202 {
            return;
        }
        assert!(status >= 500, "{status} {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never accepted");
}

/// A randomized stream with duplicates (each event posted one to three times, in shuffled posts)
/// under cancelled transactions, throttles, 500s and duplicate SQS deliveries: the campaign's
/// counts equal a recount of the stored events, each distinct event stored once.
#[tokio::test]
async fn a_random_stream_with_duplicates_under_faults_counts_each_event_once() {
    use enrich_local::faults::FaultPlan;
    let t = TestStack::start_faulty(&[], Some(FaultPlan::default()), (1.0, 0.05)).await;
    let (a, _domain, _ids, cmp) = campaign_to_x(&t, "stream", 20).await;
    let c = credentials(&t, &a).await;
    let mut rng = Rng(0x2026_1205);
    let kinds = [
        "delivered",
        "opened",
        "opened",
        "clicked",
        "bounced",
        "complained",
        "unsubscribed",
    ];
    let mut distinct = Vec::new();
    for n in 0..120 {
        let kind = kinds[rng.below(kinds.len() as u64) as usize];
        let mut e = json!({"type": kind, "email": format!("r{}@stream.example", rng.below(20)),
            "campaign_id": cmp, "id": format!("ev-{n}")});
        if kind == "bounced" {
            e["bounce_type"] = json!(if rng.below(2) == 0 { "hard" } else { "soft" });
        }
        if kind == "clicked" {
            e["url"] = json!(format!("https://acme.example/{}", rng.below(3)));
        }
        distinct.push(e);
    }
    let mut posted: Vec<Value> = Vec::new();
    for e in &distinct {
        for _ in 0..=rng.below(3) {
            posted.push(e.clone());
        }
    }
    for i in (1..posted.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        posted.swap(i, j);
    }
    let faults = t.stack.faults.clone().expect("the fault layer");
    faults.set_plan(FaultPlan {
        seed: 26,
        conflict: 0.2,
        throttle: 0.1,
        error: 0.05,
        duplicate: 0.3,
        ..FaultPlan::default()
    });
    for chunk in posted.chunks(10) {
        post_until_accepted(&t, &c, json!(chunk)).await;
    }
    let _w = t.start_workers(2);
    let deadline = std::time::Instant::now() + Duration::from_secs(180);
    loop {
        if stored_events(&t).await >= distinct.len() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "faults {:?}",
            faults.injected()
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    // Let redeliveries still in flight run into their duplicates.
    tokio::time::sleep(Duration::from_secs(12)).await;
    faults.set_plan(FaultPlan::default());
    let injected = faults.injected();
    for k in [
        "DynamoDB.TransactWriteItems:conflict",
        "sqs:duplicate_delivery",
    ] {
        assert!(
            injected.get(k).copied().unwrap_or(0) > 0,
            "{k}: {injected:?}"
        );
    }
    // The recount: what the table holds, event by event.
    let items = t.scan_table().await;
    let events: Vec<_> = items
        .iter()
        .filter(|i| {
            i.get("entity")
                .and_then(|v| v.as_s().ok())
                .map(String::as_str)
                == Some("CAMPAIGN_EVENT")
        })
        .collect();
    assert_eq!(
        events.len(),
        distinct.len(),
        "each distinct event stored once"
    );
    let s = |i: &std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>,
             k: &str| {
        i.get(k)
            .and_then(|v| v.as_s().ok())
            .cloned()
            .unwrap_or_default()
    };
    let count = |kind: &str| events.iter().filter(|i| s(i, "kind") == kind).count() as u64;
    let unique = |kind: &str| {
        events
            .iter()
            .filter(|i| s(i, "kind") == kind)
            .map(|i| s(i, "email"))
            .collect::<BTreeSet<_>>()
            .len() as u64
    };
    let hard = events
        .iter()
        .filter(|i| s(i, "kind") == "bounced" && s(i, "bounce") == "hard")
        .count() as u64;
    let (_, campaign) = t.get_as(&a, &format!("/v1/campaigns/{cmp}")).await;
    let e = &campaign["stats"]["events"];
    let got = |k: &str| e[k].as_u64().unwrap_or(u64::MAX);
    assert_eq!(
        [
            got("delivered"),
            got("opens"),
            got("unique_opens"),
            got("clicks"),
            got("unique_clicks")
        ],
        [
            count("delivered"),
            count("opened"),
            unique("opened"),
            count("clicked"),
            unique("clicked")
        ],
        "{e}"
    );
    assert_eq!(
        [
            got("bounced"),
            got("hard_bounced"),
            got("complained"),
            got("unsubscribed")
        ],
        [
            count("bounced"),
            hard,
            count("complained"),
            count("unsubscribed")
        ],
        "{e}"
    );
    println!(
        "stream: {} posts of {} events ({} distinct), faults {injected:?}",
        posted.len().div_ceil(10),
        posted.len(),
        distinct.len()
    );
}

/// The worker's AWS calls per applied event, and events per second one worker applies (the
/// figures are printed for the README).
#[tokio::test]
async fn one_event_costs_a_bounded_number_of_aws_calls() {
    let t = TestStack::start().await;
    let (a, _domain, _ids, cmp) = campaign_to_x(&t, "budget", 20).await;
    let c = credentials(&t, &a).await;
    let n: usize = 100;
    let events: Vec<Value> = (0..n)
        .map(|i| json!({"type": if i % 2 == 0 { "delivered" } else { "opened" },
                        "email": format!("r{}@budget.example", i % 20), "campaign_id": cmp, "id": format!("b-{i}")}))
        .collect();
    t.stack.calls.reset();
    for chunk in events.chunks(50) {
        let (status, _) = post_generic(&t, &c, json!(chunk)).await;
        assert_eq!(status, 202);
    }
    let ingest = t.stack.calls.snapshot();
    t.stack.calls.reset();
    let started = std::time::Instant::now();
    let _w = t.start_workers(1);
    // Waiting by the table's scan (not counted below), not by API polls.
    while stored_events(&t).await < n {
        assert!(started.elapsed() < Duration::from_secs(120));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let took = started.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let applied = t.stack.calls.snapshot();
    let table: u64 = applied
        .iter()
        .filter(|(k, _)| k.starts_with("DynamoDB.") && !k.ends_with(".Scan"))
        .map(|(_, v)| v)
        .sum();
    let ingest_total: u64 = ingest.values().sum();
    println!("ingest: {ingest_total} AWS calls for 2 posts of 50 events {ingest:?}");
    println!(
        "apply: {table} table calls for {n} events ({:.1} per event) {applied:?}",
        table as f64 / n as f64
    );
    println!(
        "one worker: {:.0} events/s on the local stack",
        n as f64 / took.as_secs_f64()
    );
    // Per post: the token's read and one SendMessageBatch.
    assert!(ingest_total <= 6, "{ingest:?}");
    // Per event: the address's holder and one transaction (a second for a repeat open, whose
    // unique marker is taken); deliveries and opens need no read first and no mark after. Per
    // post: the rules, the retention and the campaign.
    assert!(table <= 3 * n as u64 + 6, "{applied:?}");
    let (_, c) = t.get_as(&a, &format!("/v1/campaigns/{cmp}")).await;
    assert_eq!(c["stats"]["events"]["delivered"], 50, "{c}");
}

/// Issue 26 #4: the stats read a fixed number of items for their range, whatever the number of
/// events (the same AWS calls with none and with 60 stored), and equal the events applied.
#[tokio::test]
async fn stats_cost_the_same_whatever_the_volume_and_equal_the_events() {
    let t = TestStack::start().await;
    let a = t.register("stats").await;
    let c = credentials(&t, &a).await;
    for bad in ["0", "91", "seven"] {
        let (status, problem) = t
            .get_as(&a, &format!("/v1/stats/performance?days={bad}"))
            .await;
        assert_eq!(status, 422, "{bad}: {problem}");
        assert_eq!(error_fields(&problem), vec!["days"]);
    }
    let calls_of = |path: &'static str| {
        let t = &t;
        let a = &a;
        async move {
            t.stack.calls.reset();
            let (status, body) = t.get_as(a, path).await;
            assert_eq!(status, 200, "{body}");
            (t.stack.calls.total(), body)
        }
    };
    let (empty_calls, empty) = calls_of("/v1/stats/performance?days=90").await;
    assert_eq!(empty["series"].as_array().unwrap().len(), 90);
    assert_eq!(empty["totals"]["delivered"], 0);
    let kinds = [
        "delivered",
        "delivered",
        "delivered",
        "opened",
        "clicked",
        "bounced",
        "complained",
        "unsubscribed",
    ];
    let events: Vec<Value> = (0..64)
        .map(|i| {
            let kind = kinds[i % kinds.len()];
            let mut e = json!({"type": kind, "email": format!("p{i}@stats.example"), "id": format!("st-{i}")});
            if kind == "bounced" {
                e["bounce_type"] = json!(if i % 16 == 5 { "hard" } else { "soft" });
            }
            e
        })
        .collect();
    for chunk in events.chunks(32) {
        assert_eq!(post_generic(&t, &c, json!(chunk)).await.0, 202);
    }
    let workers = t.start_workers(1);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while stored_events(&t).await < events.len() {
        assert!(std::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    // The workers stop before the route's calls are counted: a worker still finishing an event's
    // rules would add its calls to the count.
    for w in &workers {
        w.abort();
    }
    let (full_calls, full) = calls_of("/v1/stats/performance?days=90").await;
    println!("stats over 90 days: {empty_calls} AWS calls with no events, {full_calls} with 64");
    assert_eq!(
        full_calls, empty_calls,
        "the same reads whatever the volume"
    );
    let totals = &full["totals"];
    assert_eq!(
        [
            &totals["delivered"],
            &totals["opened"],
            &totals["clicked"],
            &totals["bounced"],
            &totals["bounced_hard"],
            &totals["complained"],
            &totals["unsubscribed"]
        ],
        [
            &json!(24),
            &json!(8),
            &json!(8),
            &json!(8),
            &json!(4),
            &json!(8),
            &json!(8)
        ],
        "{full}"
    );
    let today = full["series"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(today["delivered"], 24, "today's events on today: {today}");
    // Rates: bounces per message that reached a mailbox or bounced; complaints per delivered.
    assert_eq!(full["bounce_rate"], 25.0, "{full}");
    assert_eq!(full["complaint_rate"], 33.33, "{full}");
    let (_, events_stats) = t.get_as(&a, "/v1/stats/events").await;
    assert_eq!(events_stats["days"], 30);
    assert_eq!(events_stats["totals"], full["totals"]);
    // Another organisation's stats are its own.
    let b = t.register("stats-other").await;
    let (_, other) = t.get_as(&b, "/v1/stats/events").await;
    assert_eq!(other["totals"]["delivered"], 0);
}

/// The text SNS signs (written out here from AWS's documentation, apart from the platform's).
fn sns_text(m: &Value) -> String {
    let names: &[&str] = if m["Type"] == "Notification" {
        &[
            "Message",
            "MessageId",
            "Subject",
            "Timestamp",
            "TopicArn",
            "Type",
        ]
    } else {
        &[
            "Message",
            "MessageId",
            "SubscribeURL",
            "Timestamp",
            "Token",
            "TopicArn",
            "Type",
        ]
    };
    names
        .iter()
        .filter_map(|n| m[*n].as_str().map(|v| format!("{n}\n{v}\n")))
        .collect()
}

/// An SNS message signed (version 2) with the test key of tests/fixtures/sns.
fn sns_signed(mut m: Value, cert_url: &str) -> Value {
    use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
    use base64::Engine;
    m["SignatureVersion"] = json!("2");
    m["SigningCertURL"] = json!(cert_url);
    let key = RsaKeyPair::from_pkcs8(include_bytes!("../fixtures/sns/key.pk8")).unwrap();
    let mut sig = vec![0; key.public_modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &aws_lc_rs::rand::SystemRandom::new(),
        sns_text(&m).as_bytes(),
        &mut sig,
    )
    .unwrap();
    m["Signature"] = json!(base64::engine::general_purpose::STANDARD.encode(sig));
    m
}

async fn put_topics(t: &TestStack, a: &Account, topics: Value) -> (u16, Value) {
    t.call(
        a,
        reqwest::Method::PUT,
        "/v1/inbound/ses-topics",
        Some(json!({ "topic_arns": topics })),
    )
    .await
}

async fn confirms(sns: &wiremock::MockServer) -> usize {
    sns.received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == "/confirm")
        .count()
}

/// SNS posts with `text/plain`.
async fn post_sns(t: &TestStack, token: &str, m: &Value) -> (u16, Value) {
    let resp = t
        .http
        .post(t.url(&format!("/v1/inbound/ses?token={token}")))
        .header("content-type", "text/plain; charset=UTF-8")
        .body(m.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn ses_notifications_through_sns_are_verified_confirmed_and_counted_once() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let sns = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/SimpleNotificationService-test.pem"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_bytes(&include_bytes!("../fixtures/sns/cert.pem")[..]),
        )
        .mount(&sns)
        .await;
    Mock::given(method("GET"))
        .and(path("/confirm"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<ConfirmSubscriptionResponse/>"))
        .mount(&sns)
        .await;
    let t = TestStack::start_with(&[("SnsTrustedOrigin", &sns.uri())]).await;
    let (a, _domain, ids, cmp) = campaign_to_x(&t, "sesnotify", 3).await;
    let b = t.register("sesnotify-other").await;
    let cert = format!("{}/SimpleNotificationService-test.pem", sns.uri());
    let topic = "arn:aws:sns:us-east-1:123456789012:ses-events";
    let confirmation = sns_signed(
        json!({"Type": "SubscriptionConfirmation", "MessageId": "c-1", "Token": "tok-1",
               "TopicArn": topic, "Message": "You have chosen to subscribe to the topic",
               "SubscribeURL": format!("{}/confirm?Token=tok-1", sns.uri()),
               "Timestamp": "2026-12-06T10:00:00.000Z"}),
        &cert,
    );

    // Credentials first; then the topic must be registered; only an admin registers it.
    let (status, _) = put_topics(&t, &a, json!([topic])).await;
    assert_eq!(status, 409, "no credentials yet");
    let c = credentials(&t, &a).await;
    let (status, _) = post_sns(&t, &c.token, &confirmation).await;
    assert_eq!(status, 403, "the topic is not registered");
    let (status, problem) = put_topics(
        &t,
        &a,
        json!([topic, "arn:aws:sqs:us-east-1:123456789012:q"]),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(error_fields(&problem), vec!["topic_arns[1]"]);
    let (status, problem) = put_topics(&t, &a, json!([""])).await;
    assert_eq!(status, 422, "{problem}");
    let member = t
        .invite_and_join(
            &a,
            &enrich_tests::fresh_email("m", "sesnotify.example"),
            "member",
        )
        .await;
    let (status, _) = put_topics(&t, &member, json!([topic])).await;
    assert_eq!(status, 403);
    let (status, settings) = put_topics(&t, &a, json!([topic])).await;
    assert_eq!(status, 200, "{settings}");
    assert_eq!(settings["ses_topic_arns"], json!([topic]));
    assert!(settings["endpoints"]["ses"]
        .as_str()
        .unwrap()
        .ends_with("/v1/inbound/ses"));
    let (_, other) = t.get_as(&b, "/v1/inbound").await;
    assert_eq!(other["ses_topic_arns"], json!([]));

    // A forged confirmation (its text changed after signing) is refused and confirms nothing.
    let mut forged = confirmation.clone();
    forged["SubscribeURL"] = json!(format!("{}/confirm?Token=other", sns.uri()));
    let (status, _) = post_sns(&t, &c.token, &forged).await;
    assert_eq!(status, 401);
    assert_eq!(confirms(&sns).await, 0);
    // The real one is confirmed at once.
    let (status, body) = post_sns(&t, &c.token, &confirmation).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["type"], "SubscriptionConfirmation");
    assert_eq!(confirms(&sns).await, 1);

    // Notifications: an SES bounce for the campaign's first contact.
    let ses = json!({"notificationType": "Bounce",
        "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                   "bouncedRecipients": [{"emailAddress": "r0@sesnotify.example", "status": "5.1.1"}],
                   "timestamp": "2026-12-06T10:01:00.000Z"},
        "mail": {"timestamp": "2026-12-06T10:00:00.000Z", "source": "news@sesnotify.example",
                 "messageId": "0100018c-ses-1", "destination": ["r0@sesnotify.example"],
                 "tags": {"campaign": [cmp]}}});
    let notification = sns_signed(
        json!({"Type": "Notification", "MessageId": "n-1", "TopicArn": topic,
               "Message": ses.to_string(), "Timestamp": "2026-12-06T10:01:01.000Z"}),
        &cert,
    );
    // Tampered message, a certificate from elsewhere, another organisation's token: refused.
    let mut tampered = notification.clone();
    tampered["Message"] = json!(ses.to_string().replace("r0@", "r1@"));
    assert_eq!(post_sns(&t, &c.token, &tampered).await.0, 401);
    let mut elsewhere = notification.clone();
    elsewhere["SigningCertURL"] =
        json!("https://certs.evil.example/SimpleNotificationService-x.pem");
    assert_eq!(post_sns(&t, &c.token, &elsewhere).await.0, 401);
    let cb = credentials(&t, &b).await;
    assert_eq!(post_sns(&t, &cb.token, &notification).await.0, 403);
    assert_eq!(post_sns(&t, "inb_forged", &notification).await.0, 401);
    assert_eq!(stored_events(&t).await, 0, "nothing refused was stored");

    // SNS redelivers: the bounce counts once and the contact is suppressed once.
    for _ in 0..3 {
        let (status, body) = post_sns(&t, &c.token, &notification).await;
        assert_eq!(status, 202, "{body}");
        assert_eq!(body["accepted"], 1);
    }
    let _w = t.start_workers(1);
    let camp = wait_events(&t, &a, &cmp, 1).await;
    assert_eq!(camp["stats"]["events"]["bounced"], 1, "{camp}");
    t.wait_for(&a, &format!("/v1/contacts/{}", ids[0]), 30, |c| {
        c["status"] == "bounced"
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(stored_events(&t).await, 1);
    let (_, list) = t.get_as(&a, &format!("/v1/campaigns/{cmp}/events")).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(items[0]["source"], "ses");
    assert_eq!(items[0]["bounce_type"], "hard");
    assert_eq!(items[0]["message_id"], "0100018c-ses-1");
    assert_eq!(items[0]["contact_id"], json!(ids[0]));
}

#[tokio::test]
async fn the_campaigns_report_pages_campaigns_with_their_figures_at_a_fixed_cost() {
    let t = TestStack::start().await;
    let a = t.register("report").await;
    let b = t.register("report-other").await;
    crate::campaigns::tags(&t, &a, &["x"]).await;
    let (domain, profile, template) = ses_setup(
        &t,
        &a,
        "report",
        json!({"per_second": 100, "per_hour": 10000}),
        10000,
    )
    .await;
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(
            create_campaign(
                &t,
                &a,
                campaign_body(
                    &domain,
                    &profile,
                    &template,
                    json!({"name": format!("Report {i}"), "tags_all": ["x"]}),
                ),
            )
            .await,
        );
    }
    let c = credentials(&t, &a).await;
    let calls_of = |path: String| {
        let (t, a) = (&t, &a);
        async move {
            t.get_as(a, &path).await;
            t.stack.calls.reset();
            let (status, body) = t.get_as(a, &path).await;
            assert_eq!(status, 200, "{body}");
            (t.stack.calls.total(), body)
        }
    };
    let (empty_calls, _) = calls_of("/v1/stats/campaigns?limit=2".into()).await;

    // Events for the first two: opens (one recipient twice), a click, deliveries, a hard bounce.
    let ev = |kind: &str, who: usize, cmp: &str, id: &str| {
        let mut e = json!({"type": kind, "email": format!("r{who}@report.example"),
                           "campaign_id": cmp, "id": id});
        if kind == "bounced" {
            e["bounce_type"] = json!("hard");
        }
        e
    };
    let events = json!([
        ev("delivered", 0, &ids[0], "d0"),
        ev("delivered", 1, &ids[0], "d1"),
        ev("opened", 0, &ids[0], "o0"),
        ev("opened", 0, &ids[0], "o1"),
        ev("clicked", 1, &ids[0], "c0"),
        ev("bounced", 2, &ids[1], "b0"),
        ev("delivered", 3, &ids[1], "d2"),
    ]);
    assert_eq!(post_generic(&t, &c, events).await.0, 202);
    let workers = t.start_workers(1);
    wait_events(&t, &a, &ids[0], 5).await;
    wait_events(&t, &a, &ids[1], 2).await;
    // The workers' queue polls would count among the calls measured.
    workers.iter().for_each(|w| w.abort());
    tokio::time::sleep(Duration::from_millis(300)).await;

    let (full_calls, page1) = calls_of("/v1/stats/campaigns?limit=2".into()).await;
    println!("campaigns report, a page of 2: {empty_calls} AWS calls before any event, {full_calls} after");
    assert_eq!(
        full_calls, empty_calls,
        "the same reads whatever the volume"
    );
    let items = page1["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{page1}");
    assert_eq!(items[0]["id"], json!(ids[0]), "oldest first");
    let first = &items[0]["stats"]["events"];
    assert_eq!(
        (
            &first["delivered"],
            &first["opens"],
            &first["unique_opens"],
            &first["unique_clicks"]
        ),
        (&json!(2), &json!(2), &json!(1), &json!(1)),
        "{first}"
    );
    assert_eq!(items[1]["stats"]["events"]["hard_bounced"], 1);
    // Each row is what the campaign itself says; the totals are the page's sum.
    let (_, one) = t.get_as(&a, &format!("/v1/campaigns/{}", ids[0])).await;
    assert_eq!(items[0]["stats"], one["stats"]);
    assert_eq!(page1["totals"]["events"]["delivered"], 3);
    assert_eq!(page1["totals"]["events"]["bounced"], 1);
    let cursor = page1["next_cursor"].as_str().unwrap();
    let (_, page2) = t
        .get_as(&a, &format!("/v1/stats/campaigns?limit=2&cursor={cursor}"))
        .await;
    let rest = page2["items"].as_array().unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["id"], json!(ids[2]));
    assert_eq!(page2["next_cursor"], Value::Null);
    assert_eq!(page2["totals"]["events"]["delivered"], 0);
    // Filters and bounds; another organisation's report is its own.
    let (_, drafts) = t.get_as(&a, "/v1/stats/campaigns?status=draft").await;
    assert_eq!(drafts["items"].as_array().unwrap().len(), 3);
    let (status, problem) = t.get_as(&a, "/v1/stats/campaigns?status=sleeping").await;
    assert_eq!(status, 400, "{problem}");
    let (status, _) = t.get_as(&a, "/v1/stats/campaigns?limit=26").await;
    assert_eq!(status, 400);
    let (_, other) = t.get_as(&b, "/v1/stats/campaigns").await;
    assert_eq!(other["items"], json!([]));
}
