//! One delivery attempt: the URL checked again (DNS may have changed since it was given), the
//! connection pinned to the addresses that passed, no redirects followed (a 3xx is a failure, as
//! a redirect could lead anywhere), a bounded time, and a record of what happened.

use crate::guard::{check_url, GuardPolicy};
use std::time::{Duration, Instant};

/// Per-attempt time limit (connect, send, read the status) unless the subscription sets one.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// How much of the receiver's answer is kept for the delivery log.
pub const BODY_KEPT: usize = 4096;

/// What one attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: u64,
    /// `Retry-After` in seconds, when the receiver sent one.
    pub retry_after_secs: Option<u64>,
    /// The start of the receiver's answer (at most [`BODY_KEPT`] bytes, cut at a character).
    pub response_body: Option<String>,
}

impl Attempt {
    pub fn succeeded(&self) -> bool {
        self.status_code.is_some_and(|s| (200..300).contains(&s))
    }

    /// 410 Gone: the receiver says the endpoint is gone for good.
    pub fn gone(&self) -> bool {
        self.status_code == Some(410)
    }
}

/// `Retry-After` as seconds from now: delta-seconds, or an HTTP date.
fn retry_after(value: &str, now: i64) -> Option<u64> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs);
    }
    let at = time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc2822).ok()?;
    Some((at.unix_timestamp() - now).max(0) as u64)
}

/// POSTs `body` (already serialised; it is sent byte for byte as signed) with `headers`, within
/// `timeout`.
pub async fn post(
    url: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
    policy: GuardPolicy,
    timeout: Duration,
) -> Attempt {
    let started = Instant::now();
    let failed = |error: String| Attempt {
        status_code: None,
        error: Some(error),
        duration_ms: started.elapsed().as_millis() as u64,
        retry_after_secs: None,
        response_body: None,
    };
    let checked = match check_url(url, policy).await {
        Ok(c) => c,
        Err(e) => return failed(format!("refused: {e}")),
    };
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(5))
        .user_agent("Enrich-Webhooks/1");
    builder = builder.resolve_to_addrs(&checked.host, &checked.addrs);
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => return failed(format!("client: {e}")),
    };
    let mut req = client
        .post(checked.url)
        .header("content-type", "application/json");
    for (name, value) in headers {
        req = req.header(*name, value);
    }
    match req.body(body).send().await {
        Err(e) if e.is_timeout() => failed("timed out".into()),
        Err(e) if e.is_connect() => failed("could not connect".into()),
        Err(_) => failed("the request failed".into()),
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let retry_after_secs = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| retry_after(v, now));
            // Read at most BODY_KEPT bytes of the answer: a receiver streaming megabytes costs
            // no more than that.
            let mut kept: Vec<u8> = Vec::new();
            while kept.len() < BODY_KEPT {
                match resp.chunk().await {
                    Ok(Some(c)) => kept.extend_from_slice(&c),
                    _ => break,
                }
            }
            kept.truncate(BODY_KEPT);
            let text = String::from_utf8_lossy(&kept);
            // A cut in the middle of a character shows as U+FFFD at the end: drop it.
            let text = text.trim_end_matches('\u{FFFD}').to_owned();
            Attempt {
                status_code: Some(status),
                error: (!(200..300).contains(&status))
                    .then(|| format!("the receiver answered {status}")),
                duration_ms: started.elapsed().as_millis() as u64,
                retry_after_secs,
                response_body: (!text.is_empty()).then_some(text),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(super::retry_after("120", 0), Some(120));
        assert_eq!(
            super::retry_after("Thu, 01 Jan 1970 00:02:00 GMT", 0),
            Some(120)
        );
        assert_eq!(super::retry_after("soon", 0), None);
    }
}
