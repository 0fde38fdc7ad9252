//! Job callbacks: signed, retried on failure with every attempt recorded, refused for private
//! addresses at submission.

use super::*;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_callback_is_signed_and_a_500_is_retried() {
    let t = TestStack::start().await;
    let a = t.register("callback").await;
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hooks/enrich"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&receiver)
        .await;
    Mock::given(method("POST"))
        .and(path("/hooks/enrich"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&receiver)
        .await;
    let url = format!("{}/hooks/enrich", receiver.uri());

    // No secret yet: a callback cannot be signed, so the job is refused.
    let (status, problem) = t
        .call(
            &a,
            Method::POST,
            "/v1/people/enrich/bulk",
            Some(json!({"people": people(1, "cb"), "callback_url": url})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "callback_url");
    assert_eq!(problem["errors"][0]["code"], "no_secret");

    let (status, created) = t
        .call(&a, Method::POST, "/v1/jobs/callback-secret", None)
        .await;
    assert_eq!(status, 201, "{created}");
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));

    let job0 = submit(
        &t,
        &a,
        json!({"people": people(3, "cb"), "callback_url": url}),
    )
    .await;
    let id = job0["id"].as_str().unwrap().to_owned();
    assert_eq!(job0["callback"]["status"], "waiting");
    let _w = t.start_workers(1);
    let done = t
        .wait_for(&a, &format!("/v1/jobs/{id}"), 60, |j| {
            j["callback"]["status"] == "delivered"
        })
        .await;
    let attempts = done["callback"]["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{done}");
    assert_eq!(attempts[0]["status_code"], 500);
    assert_eq!(attempts[1]["status_code"], 204);

    let got = receiver.received_requests().await.unwrap();
    assert_eq!(got.len(), 2);
    let ids: Vec<&str> = got
        .iter()
        .map(|r| r.headers.get("x-webhook-id").unwrap().to_str().unwrap())
        .collect();
    assert_eq!(ids[0], ids[1], "the same id on every attempt");
    for r in &got {
        let h = |n: &str| r.headers.get(n).unwrap().to_str().unwrap().to_owned();
        assert_eq!(h("x-webhook-event"), "job.completed");
        let signature = h("x-webhook-signature");
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        assert!(
            webhooks::signing::verify(&secret, &signature, &r.body, now, 300),
            "{signature}"
        );
        assert!(!webhooks::signing::verify(
            "whsec_other",
            &signature,
            &r.body,
            now,
            300
        ));
        assert!(signature.starts_with(&format!("t={},", h("x-webhook-timestamp"))));
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["type"], "job.completed");
        assert_eq!(body["data"]["job"]["id"], id.as_str());
        assert_eq!(body["data"]["job"]["counts"]["succeeded"], 3);
    }

    // Rotation: the new secret signs, and the previous one still does for 24 hours.
    let (_, rotated) = t
        .call(&a, Method::POST, "/v1/jobs/callback-secret", None)
        .await;
    assert!(rotated["previous_valid_until"].is_string());
    let second = submit(
        &t,
        &a,
        json!({"people": people(1, "cb2"), "callback_url": url}),
    )
    .await;
    let second_id = second["id"].as_str().unwrap();
    t.wait_for(&a, &format!("/v1/jobs/{second_id}"), 60, |j| {
        j["callback"]["status"] == "delivered"
    })
    .await;
    let last = receiver.received_requests().await.unwrap().pop().unwrap();
    let signature = last
        .headers
        .get("x-webhook-signature")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert_eq!(signature.matches("v1=").count(), 2);
    assert!(webhooks::signing::verify(
        rotated["secret"].as_str().unwrap(),
        &signature,
        &last.body,
        now,
        300
    ));
    assert!(webhooks::signing::verify(
        &secret, &signature, &last.body, now, 300
    ));
    tokio::time::sleep(Duration::from_millis(10)).await;
}

#[tokio::test]
async fn private_and_metadata_callback_urls_are_refused_at_submission() {
    let t = TestStack::start().await;
    let a = t.register("ssrf").await;
    let (status, _) = t
        .call(&a, Method::POST, "/v1/jobs/callback-secret", None)
        .await;
    assert_eq!(status, 201);
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.7/hook",
        "https://192.168.1.20/hook",
        "https://100.64.0.1/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "ftp://example.com/hook",
        "https://user:pass@example.com/hook",
        "not a url",
    ] {
        let (status, problem) = t
            .call(
                &a,
                Method::POST,
                "/v1/people/enrich/bulk",
                Some(json!({"people": people(1, "ssrf"), "callback_url": url})),
            )
            .await;
        assert_eq!(status, 422, "{url}: {problem}");
        assert_eq!(problem["errors"][0]["field"], "callback_url", "{url}");
    }
    let (_, list) = t.call(&a, Method::GET, "/v1/jobs", None).await;
    assert_eq!(list["items"], json!([]));
}
