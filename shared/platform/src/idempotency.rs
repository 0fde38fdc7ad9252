//! `Idempotency-Key` on every authenticated POST, implemented once here in the request pipeline,
//! with Stripe's semantics:
//! - the first request with a key claims it (one conditional PutItem) and runs; its answer is
//!   stored with the key for 24 hours;
//! - the same key with the same request (method, path, query, content type and body) replays the stored
//!   answer, with `Idempotency-Replayed: true`, without running the handler again;
//! - the same key with a different request is a 422; while the first is still running, a 409;
//! - keys belong to the caller (tenant and principal): another caller's identical key is another key.
//!
//! Answers that say the request could not run (5xx, 409 conflicts, 429) are not stored: the claim
//! is released so a retry runs. A claim whose request died is taken over after [`IN_FLIGHT_SECS`].
//! Public POSTs (register, login, password reset) ignore the header: their answers carry
//! credentials, which must never be replayed to whoever presents the same key.

use crate::http::{ApiRequest, ApiResponse};
use crate::persist::idempotency as persist;
use crate::state::AppState;
use http::{HeaderName, HeaderValue, StatusCode};
use kernel::error::{ApiError, Location};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::{keys, Key, StoreError};

pub const HEADER: &str = "idempotency-key";
pub const REPLAYED: &str = "idempotency-replayed";
/// How long a key and its answer are kept.
pub const KEEP_SECS: i64 = 24 * 3600;
/// A claim older than this whose request never finished is taken over (API Gateway stops waiting
/// after 29 s).
pub const IN_FLIGHT_SECS: i64 = 60;
/// Answers larger than this are not kept (the claim is released instead).
const MAX_STORED_BODY: usize = 300 * 1024;
/// The response headers a replay repeats.
const KEPT_HEADERS: [&str; 4] = ["content-type", "location", "link", "content-disposition"];

/// Where a claimed key's request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum KeyState {
    InProgress,
    Completed,
}

/// The item under a claimed key.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Stored {
    pub fingerprint: String,
    pub state: KeyState,
    pub started_at: i64,
    pub status: Option<u16>,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// A claimed key: the request runs, then [`finish`] stores or releases it.
#[derive(Debug)]
pub struct Claim {
    key: Key,
    fingerprint: String,
    started_at: i64,
}

/// What the pipeline does with a request.
#[derive(Debug)]
pub enum Begin {
    /// No key, not a POST, or a public route: run as usual.
    NotApplicable,
    Claimed(Claim),
    /// The stored answer (or the refusal) to send without running the handler.
    Answer(Result<ApiResponse, ApiError>),
}

fn fingerprint(req: &ApiRequest) -> String {
    let mut h = Sha256::new();
    h.update(req.method.as_str().as_bytes());
    h.update(b"\n");
    h.update(req.path.as_bytes());
    h.update(b"\n");
    // The query string is part of the request (CSV bulk options live there), in a canonical order.
    let mut query: Vec<(&String, &Vec<String>)> = req.query.iter().collect();
    query.sort();
    for (name, values) in query {
        for value in values {
            h.update(name.as_bytes());
            h.update(b"=");
            h.update(value.as_bytes());
            h.update(b"&");
        }
    }
    h.update(b"\n");
    h.update(req.header("content-type").unwrap_or("").as_bytes());
    h.update(b"\n");
    h.update(&req.body);
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Claims the request's key, or answers for it.
pub async fn begin(state: &AppState, req: &ApiRequest) -> Begin {
    if req.method != http::Method::POST {
        return Begin::NotApplicable;
    }
    let Some(raw) = req.header(HEADER) else {
        return Begin::NotApplicable;
    };
    let Ok(principal) = req.principal() else {
        return Begin::NotApplicable;
    };
    if raw.is_empty() || raw.len() > 255 || !raw.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Begin::Answer(Err(ApiError::invalid_field(
            Location::Header,
            "Idempotency-Key",
            "invalid",
            "1 to 255 visible ASCII characters",
        )));
    }
    let key = keys::idempotency(
        &principal.tenant,
        &principal.id,
        &hex(&Sha256::digest(raw.as_bytes())),
    );
    let fingerprint = fingerprint(req);
    let now = kernel::time::now().unix_timestamp();
    let record = Stored {
        fingerprint: fingerprint.clone(),
        state: KeyState::InProgress,
        started_at: now,
        status: None,
        headers: Vec::new(),
        body: None,
    };
    let claimed = persist::claim(&state.store, &key, &record, now).await;
    match claimed {
        Ok(true) => Begin::Claimed(Claim {
            key,
            fingerprint,
            started_at: now,
        }),
        Ok(false) => Begin::Answer(answer_for(state, &key, &fingerprint).await),
        Err(e) => Begin::Answer(Err(e.into())),
    }
}

/// The key is taken: replay, or say why not.
async fn answer_for(
    state: &AppState,
    key: &Key,
    fingerprint: &str,
) -> Result<ApiResponse, ApiError> {
    let Some(stored) = state.store.get::<Stored>(key).await? else {
        // Released or expired between the two calls: the client may simply retry.
        return Err(ApiError::Conflict {
            detail: "a request with this Idempotency-Key just finished; retry".into(),
        });
    };
    if stored.fingerprint != fingerprint {
        return Err(ApiError::validation(vec![kernel::error::FieldError::new(
            Location::Header,
            "Idempotency-Key",
            "reused",
            "this key was used for a different request (method, path or body); use a new key",
        )]));
    }
    if stored.state != KeyState::Completed {
        return Err(ApiError::Conflict {
            detail: "a request with this Idempotency-Key is still in progress; retry later".into(),
        });
    }
    let mut resp = ApiResponse::bytes(
        StatusCode::from_u16(stored.status.unwrap_or(200)).unwrap_or(StatusCode::OK),
        "application/json",
        stored.body.unwrap_or_default().into_bytes(),
    );
    for (name, value) in &stored.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            resp.headers.insert(n, v);
        }
    }
    resp.headers.insert(
        HeaderName::from_static(REPLAYED),
        HeaderValue::from_static("true"),
    );
    Ok(resp)
}

/// Stores the answer under the claimed key, or releases the key when the answer says the request
/// could not run (5xx, 409, 429) or is too large to keep. The write is tried up to
/// [`FINISH_ATTEMPTS`] times (on top of the SDK's own retries), because a key left "in progress"
/// would let a retry after [`IN_FLIGHT_SECS`] run the request a second time; only if every try
/// fails is that logged and the answer still sent.
pub async fn finish(state: &AppState, claim: Claim, resp: &ApiResponse) {
    let status = resp.status.as_u16();
    let keep = status < 500
        && status != 409
        && status != 429
        && resp.body.len() <= MAX_STORED_BODY
        && std::str::from_utf8(&resp.body).is_ok();
    let mut attempt = 0;
    loop {
        attempt += 1;
        match finish_once(state, &claim, resp, keep).await {
            Ok(()) => return,
            Err(e) if attempt >= FINISH_ATTEMPTS => {
                tracing::error!(error = %e, "could not record the idempotency key's answer");
                return;
            }
            Err(_) => {
                let wait = {
                    use rand::Rng;
                    rand::rng().random_range(0..=50u64 << attempt.min(5))
                };
                tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
            }
        }
    }
}

/// Tries to store (or release) a claim's answer.
const FINISH_ATTEMPTS: u32 = 6;

async fn finish_once(
    state: &AppState,
    claim: &Claim,
    resp: &ApiResponse,
    keep: bool,
) -> Result<(), StoreError> {
    let status = resp.status.as_u16();
    if keep {
        let record = Stored {
            fingerprint: claim.fingerprint.clone(),
            state: KeyState::Completed,
            started_at: claim.started_at,
            status: Some(status),
            headers: KEPT_HEADERS
                .iter()
                .filter_map(|h| {
                    resp.headers
                        .get(*h)
                        .and_then(|v| v.to_str().ok())
                        .map(|v| ((*h).to_owned(), v.to_owned()))
                })
                .collect(),
            body: Some(String::from_utf8_lossy(&resp.body).into_owned()),
        };
        persist::store_answer(
            &state.store,
            &claim.key,
            &record,
            claim.started_at + KEEP_SECS,
        )
        .await
    } else {
        state.store.delete(&claim.key, false).await
    }
}
