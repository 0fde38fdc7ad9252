//! One delivery attempt: the URL checked again (DNS may have changed since it was given), the
//! connection pinned to the addresses that passed, no redirects followed (a 3xx is a failure, as
//! a redirect could lead anywhere), a bounded time, and a record of what happened.

use crate::guard::{check_url, GuardPolicy};
use std::time::{Duration, Instant};

/// Per-attempt time limit (connect, send, read the status).
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// What one attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: u64,
    /// `Retry-After` in seconds, when the receiver sent one.
    pub retry_after_secs: Option<u64>,
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

/// POSTs `body` (already serialised; it is sent byte for byte as signed) with `headers`.
pub async fn post(
    url: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
    policy: GuardPolicy,
) -> Attempt {
    let started = Instant::now();
    let failed = |error: String| Attempt {
        status_code: None,
        error: Some(error),
        duration_ms: started.elapsed().as_millis() as u64,
        retry_after_secs: None,
    };
    let checked = match check_url(url, policy).await {
        Ok(c) => c,
        Err(e) => return failed(format!("refused: {e}")),
    };
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
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
        Ok(resp) => {
            let status = resp.status().as_u16();
            let retry_after_secs = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            Attempt {
                status_code: Some(status),
                error: (!(200..300).contains(&status))
                    .then(|| format!("the receiver answered {status}")),
                duration_ms: started.elapsed().as_millis() as u64,
                retry_after_secs,
            }
        }
    }
}
