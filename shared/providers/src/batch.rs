//! Provider endpoints that take many records in one request (design/providers.md): Apollo
//! `people/bulk_match` and `organizations/bulk_enrich` (≤ 10 each, at a tenth of Apollo's single
//! rate limit), People Data Labs `person/bulk` (≤ 100), ZeroBounce `validatebatch` (≤ 200).
//!
//! Each record's part of the answer is read by the same parser as the single endpoint's answer
//! (wrapped as that endpoint would have sent it), so a batch gives exactly the replies single
//! calls would: found, not found, or that record's own error.

use crate::hub::common_error;
use crate::transport::{Request, Response};
use crate::{apollo, normalise_domain, pdl, zerobounce, CompanyInput, Op, OpKind, PersonInput};
use crate::{ProviderError, ProviderName, Reply};
use serde_json::{json, Value};

/// Records of one kind for one batch request.
#[derive(Debug, Clone, Copy)]
pub enum Batch<'a> {
    People(&'a [&'a PersonInput]),
    Companies(&'a [&'a CompanyInput]),
    Emails(&'a [&'a str]),
}

impl Batch<'_> {
    pub fn len(&self) -> usize {
        match self {
            Self::People(v) => v.len(),
            Self::Companies(v) => v.len(),
            Self::Emails(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The single operation of record `i` (what its own call would have been).
    pub fn op(&self, i: usize) -> Option<Op<'_>> {
        match self {
            Self::People(v) => v.get(i).map(|p| Op::Person(p)),
            Self::Companies(v) => v.get(i).map(|c| Op::Company(c)),
            Self::Emails(v) => v.get(i).map(|e| Op::VerifyEmail(e)),
        }
    }
}

/// How many records `provider`'s batch endpoint takes for this kind of call, if it has one.
pub fn max_batch(provider: ProviderName, kind: OpKind) -> Option<usize> {
    match (provider, kind) {
        (ProviderName::Apollo, OpKind::Person | OpKind::Company) => Some(10),
        (ProviderName::Pdl, OpKind::Person) => Some(100),
        (ProviderName::Zerobounce, OpKind::Verify) => Some(200),
        _ => None,
    }
}

/// The endpoint name the call log records for each record of a batch.
pub fn endpoint(provider: ProviderName, batch: &Batch<'_>) -> &'static str {
    match (provider, batch) {
        (ProviderName::Apollo, Batch::People(_)) => "people/bulk_match",
        (ProviderName::Apollo, Batch::Companies(_)) => "organizations/bulk_enrich",
        (ProviderName::Pdl, _) => "person/bulk",
        (ProviderName::Zerobounce, _) => "validatebatch",
        _ => "batch",
    }
}

/// The batch request. ZeroBounce's batch endpoint lives on its own host (`zb_bulk_base`).
pub fn request(
    provider: ProviderName,
    base: &url::Url,
    zb_bulk_base: &url::Url,
    batch: &Batch<'_>,
    key: &str,
) -> Result<Request, ProviderError> {
    match (provider, batch) {
        (ProviderName::Apollo, Batch::People(people)) => {
            let mut url = apollo::join(base, "people/bulk_match")?;
            url.query_pairs_mut()
                .append_pair("reveal_personal_emails", "false");
            let details: Vec<Value> = people
                .iter()
                .map(|p| {
                    Value::Object(
                        apollo::person_params(p)
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), Value::from(v)))
                            .collect(),
                    )
                })
                .collect();
            Ok(Request::post_json(url, &json!({ "details": details })).header("x-api-key", key))
        }
        (ProviderName::Apollo, Batch::Companies(companies)) => {
            let url = apollo::join(base, "organizations/bulk_enrich")?;
            let domains: Vec<&str> = companies
                .iter()
                .map(|c| c.domain.as_deref().unwrap_or(""))
                .collect();
            Ok(Request::post_json(url, &json!({ "domains": domains })).header("x-api-key", key))
        }
        (ProviderName::Pdl, Batch::People(people)) => {
            let url = apollo::join(base, "person/bulk")?;
            let requests: Vec<Value> = people
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let params: serde_json::Map<String, Value> = pdl::person_params(p)
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), Value::from(v)))
                        .collect();
                    json!({"params": params, "metadata": {"index": i}})
                })
                .collect();
            Ok(Request::post_json(url, &json!({ "requests": requests })).header("x-api-key", key))
        }
        (ProviderName::Zerobounce, Batch::Emails(emails)) => {
            let url = apollo::join(zb_bulk_base, "validatebatch")?;
            let batch: Vec<Value> = emails
                .iter()
                .map(|e| json!({"email_address": e, "ip_address": ""}))
                .collect();
            Ok(Request::post_json(
                url,
                &json!({"api_key": key, "email_batch": batch}),
            ))
        }
        _ => Err(ProviderError::Unsupported("no batch endpoint")),
    }
}

/// One record's part, as the single endpoint would have answered it.
fn single(status: u16, body: &Value) -> Response {
    Response {
        status,
        headers: http::HeaderMap::new(),
        body: body.to_string().into_bytes(),
    }
}

/// Reads a batch answer into one reply (or error) per record, in the batch's order. A failure of
/// the whole request is `Err`; a record the provider could not handle is that record's `Err`.
pub fn parse(
    provider: ProviderName,
    batch: &Batch<'_>,
    resp: &Response,
) -> Result<Vec<Result<Reply, ProviderError>>, ProviderError> {
    if resp.status != 200 {
        return Err(common_error(resp));
    }
    let body = resp.json()?;
    let n = batch.len();
    let op = |i: usize| {
        batch
            .op(i)
            .ok_or(ProviderError::Malformed("batch index".into()))
    };
    match (provider, batch) {
        (ProviderName::Apollo, Batch::People(_)) => {
            let matches = body
                .get("matches")
                .and_then(Value::as_array)
                .ok_or_else(|| ProviderError::Malformed("bulk_match without matches".into()))?;
            (0..n)
                .map(|i| {
                    let m = matches.get(i).cloned().unwrap_or(Value::Null);
                    Ok(apollo::parse(
                        &op(i)?,
                        &single(200, &json!({ "person": m })),
                    ))
                })
                .collect()
        }
        (ProviderName::Apollo, Batch::Companies(companies)) => {
            let orgs = body
                .get("organizations")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            (0..n)
                .map(|i| {
                    let wanted = companies[i].domain.as_deref();
                    let found = orgs
                        .iter()
                        .find(|o| {
                            o.get("primary_domain")
                                .and_then(Value::as_str)
                                .and_then(normalise_domain)
                                .as_deref()
                                == wanted
                        })
                        .cloned()
                        .unwrap_or(Value::Null);
                    Ok(apollo::parse(
                        &op(i)?,
                        &single(200, &json!({ "organization": found })),
                    ))
                })
                .collect()
        }
        (ProviderName::Pdl, Batch::People(_)) => {
            let items = body
                .as_array()
                .ok_or_else(|| ProviderError::Malformed("person/bulk is not an array".into()))?;
            let mut out: Vec<Result<Reply, ProviderError>> = (0..n)
                .map(|_| Err(ProviderError::Malformed("missing from the batch".into())))
                .collect();
            for (pos, item) in items.iter().enumerate() {
                let i = item
                    .pointer("/metadata/index")
                    .and_then(Value::as_u64)
                    .map(|v| v as usize)
                    .unwrap_or(pos);
                if i >= n {
                    continue;
                }
                let status = item.get("status").and_then(Value::as_u64).unwrap_or(500) as u16;
                out[i] = pdl::parse(&op(i)?, &single(status, item));
            }
            Ok(out)
        }
        (ProviderName::Zerobounce, Batch::Emails(emails)) => {
            if let Some(e) = zerobounce::body_error(&body) {
                return Err(e);
            }
            let results = body
                .get("email_batch")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let errors = body
                .get("errors")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let same = |v: &Value, key: &str, e: &str| {
                v.get(key)
                    .and_then(Value::as_str)
                    .is_some_and(|a| a.eq_ignore_ascii_case(e))
            };
            (0..n)
                .map(|i| {
                    let e = emails[i];
                    match results.iter().find(|r| same(r, "address", e)) {
                        Some(r) => Ok(zerobounce::parse(&op(i)?, &single(200, r))),
                        None if errors.iter().any(|x| same(x, "email_address", e)) => {
                            Ok(Err(ProviderError::InvalidRequest(
                                "ZeroBounce could not validate it".into(),
                            )))
                        }
                        None => Ok(Err(ProviderError::Malformed(
                            "missing from the batch".into(),
                        ))),
                    }
                })
                .collect()
        }
        _ => Err(ProviderError::Unsupported("no batch endpoint")),
    }
}
