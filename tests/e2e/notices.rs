//! Notice mails users opt into: a finished job mailed to its submitter once (however often its
//! event is delivered), the weekly digest from Monday 08:00 in the user's zone once a week, both
//! obeying the preference and both switched off by their own unsubscribe link without login.

use crate::jobs::{people, submit};
use enrich_tests::{Account, TestStack};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn tenant(a: &Account) -> kernel::ids::TenantId {
    a.tenant_id.parse().unwrap()
}

async fn wait_mail(t: &TestStack, to: &str, kind: &str, n: usize, secs: u64) -> Vec<mail::Mail> {
    let start = Instant::now();
    loop {
        let found: Vec<mail::Mail> = t
            .mails_to(to)
            .into_iter()
            .filter(|m| m.kind == kind)
            .collect();
        if found.len() >= n || start.elapsed() > Duration::from_secs(secs) {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The path of the unsubscribe link in a mail's text.
fn unsubscribe_path(text: &str) -> String {
    let at = text
        .find("/v1/notifications/unsubscribe/")
        .unwrap_or_else(|| panic!("no unsubscribe link in {text}"));
    text[at..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

async fn notifications(t: &TestStack, a: &Account) -> Value {
    let (status, prefs) = t
        .get_as(a, &format!("/v1/users/{}/preferences", a.user_id))
        .await;
    assert_eq!(status, 200, "{prefs}");
    prefs["notifications"].clone()
}

#[tokio::test]
async fn a_finished_job_mails_its_submitter_once_until_they_unsubscribe() {
    let t = TestStack::start().await;
    let a = t.register("notice-job").await;
    let _w = t.start_workers(1);
    let job = submit(
        &t,
        &a,
        json!({"name": "November leads", "people": people(3, "nj")}),
    )
    .await;
    let id = job["id"].as_str().unwrap().to_owned();
    let mails = wait_mail(&t, &a.email, "job_finished", 1, 90).await;
    assert_eq!(mails.len(), 1, "one job_finished mail");
    let m = &mails[0];
    assert!(
        m.subject.contains("November leads") && m.subject.contains("completed"),
        "{m:?}"
    );
    assert!(m.text.contains(&id), "{}", m.text);
    assert!(m.text.contains("Records: 3"), "{}", m.text);
    assert!(
        m.text.contains(&format!("/v1/jobs/{id}/results")),
        "{}",
        m.text
    );

    // The job's event delivered again (a redelivery, a second dispatcher) mails nobody twice.
    let again = operations::notices::job_finished(t.state(), &tenant(&a), &id)
        .await
        .unwrap();
    assert!(!again);
    assert_eq!(wait_mail(&t, &a.email, "job_finished", 2, 2).await.len(), 1);

    // The link: a GET only asks (a scanner changes nothing), a forged one is refused, the POST
    // switches that one notice off, and again harmlessly.
    let path = unsubscribe_path(&m.text);
    let resp = t.get(&path).await;
    assert_eq!(resp.status(), 200);
    assert!(resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/html")));
    assert!(resp.text().await.unwrap().contains("<form method=\"post\""));
    assert_eq!(notifications(&t, &a).await["job_finished"], true);
    let forged = format!("{}x", path.trim_end_matches('x'));
    let resp = t.http.post(t.url(&forged)).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    for _ in 0..2 {
        let resp = t.http.post(t.url(&path)).send().await.unwrap();
        assert_eq!(resp.status(), 200);
    }
    let n = notifications(&t, &a).await;
    assert_eq!(n["job_finished"], false, "{n}");
    assert_eq!(n["email"], true, "only that notice: {n}");

    // The next job ends without a mail.
    let second = submit(&t, &a, json!({"people": people(2, "nj2")})).await;
    let second = second["id"].as_str().unwrap().to_owned();
    crate::jobs::finished(&t, &a, &second, 90).await;
    let sent = operations::notices::job_finished(t.state(), &tenant(&a), &second)
        .await
        .unwrap();
    assert!(!sent, "the preference is off");
    assert_eq!(wait_mail(&t, &a.email, "job_finished", 2, 3).await.len(), 1);
}

/// The next Monday after today (epoch day): the digest then covers today.
fn next_monday() -> i64 {
    let today = kernel::time::now().unix_timestamp().div_euclid(86_400);
    // Epoch day 0 was a Thursday: day d is a Monday when (d + 3) % 7 == 0.
    (today + 1..=today + 7)
        .find(|d| (d + 3).rem_euclid(7) == 0)
        .unwrap_or(today + 7)
}

#[tokio::test]
async fn the_weekly_digest_goes_once_a_week_at_monday_eight_in_the_users_zone() {
    let t = TestStack::start().await;
    let a = t.register("notice-digest").await;
    let quiet = t.register("notice-digest-off").await;
    let (status, body) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/users/{}/preferences", a.user_id),
            Some(json!({"language": "en", "timezone": "Africa/Lagos",
                "notifications": {"email": true, "job_finished": true, "weekly_digest": true}})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // Something to report: an enrichment (provider calls) this week.
    let (status, body) = t
        .post_as(
            &a,
            "/v1/people/enrich",
            json!({"email": "ana.costa@acme.com"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    let monday = next_monday() * 86_400;
    let run = |at: i64| operations::notices::weekly_digests(t.state(), Some(at));
    // 06:00 UTC is 07:00 in Lagos: not yet.
    run(monday + 6 * 3_600).await.unwrap();
    assert!(wait_mail(&t, &a.email, "weekly_digest", 1, 1)
        .await
        .is_empty());
    // 07:00 UTC is 08:00 in Lagos: due, once however often the hour's run repeats.
    for _ in 0..2 {
        run(monday + 7 * 3_600).await.unwrap();
    }
    run(monday + 9 * 3_600).await.unwrap();
    let mails = wait_mail(&t, &a.email, "weekly_digest", 2, 1).await;
    assert_eq!(mails.len(), 1, "one digest this week");
    let m = &mails[0];
    assert!(m.subject.contains("-W"), "{m:?}");
    assert!(m.text.contains("Enrichment:"), "{}", m.text);
    assert!(
        !m.text.contains("Enrichment: 0 provider calls"),
        "{}",
        m.text
    );
    assert!(m.text.contains("Campaigns:"), "{}", m.text);
    // Nobody who did not ask for it.
    assert!(wait_mail(&t, &quiet.email, "weekly_digest", 1, 1)
        .await
        .is_empty());

    // Unsubscribed by its link: next week's run mails nothing.
    let resp = t
        .http
        .post(t.url(&unsubscribe_path(&m.text)))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let n = notifications(&t, &a).await;
    assert_eq!(n["weekly_digest"], false, "{n}");
    assert_eq!(n["job_finished"], true, "only that notice: {n}");
    run(monday + 7 * 86_400 + 8 * 3_600).await.unwrap();
    assert_eq!(
        wait_mail(&t, &a.email, "weekly_digest", 2, 1).await.len(),
        1
    );
}

#[tokio::test]
async fn notices_go_once_under_conflicts_throttles_errors_and_duplicate_deliveries() {
    use enrich_local::faults::FaultPlan;
    let t =
        TestStack::start_faulty(&[], Some(FaultPlan::default()), crate::chaos::TIME_SCALE).await;
    let a = t.register("notice-chaos").await;
    let (status, body) = t
        .call(
            &a,
            Method::PUT,
            &format!("/v1/users/{}/preferences", a.user_id),
            Some(json!({"language": "en", "timezone": "UTC",
                "notifications": {"email": true, "job_finished": true, "weekly_digest": true}})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let job = submit(&t, &a, json!({"people": people(3, "nc")})).await;
    let id = job["id"].as_str().unwrap().to_owned();

    // Every AWS call of the job, the event path, the dispatcher and the digest may be throttled,
    // fail with a 500 or (transactions) be cancelled; every other SQS message goes to two
    // invocations at once.
    let faults = t.stack.faults.clone().expect("the fault layer");
    faults.set_plan(FaultPlan {
        throttle: 0.15,
        error: 0.05,
        duplicate: 0.5,
        ..crate::chaos::ci_plan(41)
    });
    let _w = t.start_workers(2);
    crate::jobs::finished(&t, &a, &id, 180).await;
    let mails = wait_mail(&t, &a.email, "job_finished", 1, 120).await;
    assert_eq!(mails.len(), 1, "the job's mail went");
    assert!(mails[0].text.contains(&id));

    // Digest runs two at a time at the due hour until one got through, then twice more.
    let at = next_monday() * 86_400 + 9 * 3_600;
    let run = || operations::notices::weekly_digests(t.state(), Some(at));
    let mut rounds = 0;
    while t
        .mails_to(&a.email)
        .iter()
        .all(|m| m.kind != "weekly_digest")
        && rounds < 30
    {
        let _ = tokio::join!(run(), run());
        rounds += 1;
    }
    let _ = tokio::join!(run(), run());
    let injected = faults.injected();
    faults.set_plan(FaultPlan::default());
    // Late duplicates of the job's event have had time to land.
    let jobs_mailed = wait_mail(&t, &a.email, "job_finished", 2, 5).await.len();
    let digests = wait_mail(&t, &a.email, "weekly_digest", 2, 1).await.len();
    println!(
        "notices under faults: digest after {rounds} round(s) of two runs, faults {injected:?}"
    );
    assert_eq!(jobs_mailed, 1, "one job mail under duplicates and faults");
    assert_eq!(
        digests, 1,
        "one digest however many runs, concurrent or refused"
    );
    assert!(
        injected.values().sum::<u64>() > 0,
        "faults were injected: {injected:?}"
    );
}
