//! ZeroBounce v2: `GET /validate` and `GET /getcredits`, key in the `api_key` query parameter (so the
//! URL is never logged). A bad key or an empty account often comes back as HTTP 200 with an `error`
//! body; `unknown` results cost no credit.

use crate::apollo::join;
use crate::hub::common_error;
use crate::transport::{Request, Response};
use crate::{Op, ProviderError, Reply};
use serde_json::{json, Value};

pub fn request(base: &url::Url, op: &Op<'_>, key: &str) -> Result<Request, ProviderError> {
    match op {
        Op::VerifyEmail(email) => {
            let mut url = join(base, "validate")?;
            url.query_pairs_mut()
                .append_pair("api_key", key)
                .append_pair("email", email)
                .append_pair("ip_address", "");
            Ok(Request::get(url))
        }
        Op::Account => {
            let mut url = join(base, "getcredits")?;
            url.query_pairs_mut().append_pair("api_key", key);
            Ok(Request::get(url))
        }
        _ => Err(ProviderError::Unsupported(
            "ZeroBounce only validates emails",
        )),
    }
}

/// ZeroBounce `status` on the platform scale: how likely a mail to the address is delivered.
pub fn status_confidence(status: &str) -> f64 {
    match status {
        "valid" => 0.98,
        "catch-all" => 0.6,
        "unknown" => 0.4,
        _ => 0.02,
    }
}

/// The `error` body ZeroBounce sends with HTTP 200.
pub(crate) fn body_error(body: &Value) -> Option<ProviderError> {
    let msg = body
        .get("error")
        .and_then(Value::as_str)?
        .to_ascii_lowercase();
    Some(if msg.contains("credit") {
        ProviderError::CreditsExhausted
    } else if msg.contains("key") {
        ProviderError::Unauthorized
    } else {
        ProviderError::InvalidRequest("ZeroBounce returned an error body".into())
    })
}

pub fn parse(op: &Op<'_>, resp: &Response) -> Result<Reply, ProviderError> {
    if resp.status != 200 {
        return Err(common_error(resp));
    }
    let body = resp.json()?;
    if let Some(e) = body_error(&body) {
        return Err(e);
    }
    match op {
        Op::VerifyEmail(_) => {
            let status = body
                .get("status")
                .and_then(Value::as_str)
                .ok_or_else(|| ProviderError::Malformed("validation without status".into()))?
                .to_owned();
            let conf = status_confidence(&status);
            let mut r = Reply {
                found: true,
                credits: if status == "unknown" { 0.0 } else { 1.0 },
                ..Reply::default()
            };
            r.set("email", body.get("address").cloned(), conf);
            r.set("email_status", Some(Value::from(status.clone())), conf);
            r.data = json!({
                "status": status,
                "sub_status": body.get("sub_status"),
                "did_you_mean": body.get("did_you_mean"),
                "free_email": body.get("free_email"),
            });
            r.raw = body;
            Ok(r)
        }
        Op::Account => {
            // `Credits` is a number or a numeric string; -1 means the key is not valid.
            let credits = match body.get("Credits") {
                Some(Value::Number(n)) => n.as_f64(),
                Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
                _ => None,
            }
            .ok_or_else(|| ProviderError::Malformed("getcredits without Credits".into()))?;
            if credits < 0.0 {
                return Err(ProviderError::Unauthorized);
            }
            Ok(Reply {
                found: true,
                data: json!({"credits_remaining": credits}),
                raw: body,
                ..Reply::default()
            })
        }
        _ => Err(ProviderError::Unsupported(
            "ZeroBounce only validates emails",
        )),
    }
}
