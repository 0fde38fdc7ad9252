//! Apollo.io: `POST /people/match` (parameters in the query string), `GET /organizations/enrich`,
//! and the prospecting searches `POST /mixed_people/search` and `/mixed_companies/search`.
//! Key in the `X-Api-Key` header (a key in the query or body gets 422).

use crate::hub::common_error;
use crate::transport::{Request, Response};
use crate::{n, s, Op, ProviderError, Reply};
use serde_json::{json, Value};

/// Apollo's confidence in a matched person's non-email fields: it matches on strong identifiers but
/// publishes no per-record score.
const MATCH_CONFIDENCE: f64 = 0.8;
const ORG_CONFIDENCE: f64 = 0.85;

pub fn request(base: &url::Url, op: &Op<'_>, key: &str) -> Result<Request, ProviderError> {
    match op {
        Op::Person(p) => {
            let mut url = join(base, "people/match")?;
            url.query_pairs_mut()
                .extend_pairs(person_params(p).iter().map(|(k, v)| (*k, v.as_str())))
                .append_pair("reveal_personal_emails", "false");
            Ok(Request::post_json(url, &json!({})).header("x-api-key", key))
        }
        Op::Company(c) => {
            let domain = c.domain.as_deref().ok_or(ProviderError::Unsupported(
                "Apollo enriches organisations by domain",
            ))?;
            let mut url = join(base, "organizations/enrich")?;
            url.query_pairs_mut().append_pair("domain", domain);
            Ok(Request::get(url).header("x-api-key", key))
        }
        // Prospecting search (`crate::search` builds the body): free at Apollo, paged by number.
        Op::PersonSearch(body) => {
            Ok(Request::post_json(join(base, "mixed_people/search")?, body)
                .header("x-api-key", key))
        }
        Op::CompanySearch(body) => Ok(Request::post_json(
            join(base, "mixed_companies/search")?,
            body,
        )
        .header("x-api-key", key)),
        _ => Err(ProviderError::Unsupported("not offered by Apollo")),
    }
}

/// The match parameters of a person (the single endpoint's query, one entry of `bulk_match`).
pub(crate) fn person_params(p: &crate::PersonInput) -> Vec<(&'static str, String)> {
    [
        ("email", &p.email),
        ("linkedin_url", &p.linkedin_url),
        ("first_name", &p.first_name),
        ("last_name", &p.last_name),
        ("name", &p.full_name),
        ("domain", &p.company_domain),
        ("organization_name", &p.company_name),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| (k, v.clone())))
    .collect()
}

pub(crate) fn join(base: &url::Url, path: &str) -> Result<url::Url, ProviderError> {
    let mut text = base.as_str().trim_end_matches('/').to_owned();
    text.push('/');
    text.push_str(path);
    url::Url::parse(&text).map_err(|_| ProviderError::NotConfigured)
}

/// Apollo's `email_status` (and its extrapolation confidence) on the platform scale.
pub fn email_confidence(status: Option<&str>, extrapolated: Option<f64>) -> f64 {
    match status {
        Some("verified") => 0.95,
        Some("likely to engage") | Some("extrapolated") => extrapolated
            .map(|c| if c > 1.0 { c / 100.0 } else { c })
            .unwrap_or(0.6)
            .clamp(0.0, 0.9),
        Some("guessed") => 0.45,
        Some("bounced") => 0.05,
        Some("unavailable") => 0.0,
        _ => 0.3,
    }
}

pub fn parse(op: &Op<'_>, resp: &Response) -> Result<Reply, ProviderError> {
    if resp.status != 200 {
        if resp.status == 404 {
            return Ok(Reply::not_found(resp.json().unwrap_or(Value::Null), 0.0));
        }
        return Err(common_error(resp));
    }
    let body = resp.json()?;
    if !body.is_object() {
        return Err(ProviderError::Malformed("expected an object".into()));
    }
    match op {
        Op::Person(_) => Ok(person(body)),
        Op::Company(_) => Ok(organization(body)),
        Op::PersonSearch(_) | Op::CompanySearch(_) => Ok(Reply {
            found: true,
            data: body.clone(),
            raw: body,
            ..Reply::default()
        }),
        _ => Err(ProviderError::Unsupported("not offered by Apollo")),
    }
}

fn person(body: Value) -> Reply {
    let Some(p) = body.get("person").filter(|p| p.is_object()).cloned() else {
        // No match: 200 with no person, and no credit spent.
        return Reply::not_found(body, 0.0);
    };
    let mut r = Reply {
        found: true,
        credits: 1.0,
        ..Reply::default()
    };
    let c = MATCH_CONFIDENCE;
    r.set("full_name", s(&p, "name"), c);
    r.set("first_name", s(&p, "first_name"), c);
    r.set("last_name", s(&p, "last_name"), c);
    r.set("title", s(&p, "title"), c);
    r.set("headline", s(&p, "headline"), c);
    r.set("linkedin_url", s(&p, "linkedin_url"), c);
    r.set("photo_url", s(&p, "photo_url"), c);
    r.set("twitter_url", s(&p, "twitter_url"), c);
    r.set("github_url", s(&p, "github_url"), c);
    r.set("city", s(&p, "city"), c);
    r.set("region", s(&p, "state"), c);
    r.set("country", s(&p, "country"), c);
    let status = p.get("email_status").and_then(Value::as_str);
    let email_conf = email_confidence(
        status,
        p.get("extrapolated_email_confidence")
            .and_then(Value::as_f64),
    );
    r.set("email", s(&p, "email"), email_conf);
    if r.fields.contains_key("email") {
        r.set("email_status", status.map(Value::from), email_conf);
    }
    if let Some(org) = p.get("organization").filter(|o| o.is_object()) {
        r.set("company_name", s(org, "name"), c);
        r.set("company_domain", s(org, "primary_domain"), c);
    }
    let phone = p
        .get("phone_numbers")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|ph| s(ph, "sanitized_number").or_else(|| s(ph, "raw_number")));
    r.set("phone", phone, c);
    if r.fields.is_empty() {
        r.found = false;
        r.credits = 0.0;
    }
    r.raw = body;
    r
}

fn organization(body: Value) -> Reply {
    let Some(o) = body.get("organization").filter(|o| o.is_object()).cloned() else {
        return Reply::not_found(body, 0.0);
    };
    let mut r = Reply {
        found: true,
        credits: 1.0,
        ..Reply::default()
    };
    let c = ORG_CONFIDENCE;
    r.set("name", s(&o, "name"), c);
    r.set("domain", s(&o, "primary_domain"), c);
    r.set("website", s(&o, "website_url"), c);
    r.set("linkedin_url", s(&o, "linkedin_url"), c);
    r.set("industry", s(&o, "industry"), c);
    r.set("employee_count", n(&o, "estimated_num_employees"), c);
    r.set("founded_year", n(&o, "founded_year"), c);
    r.set("description", s(&o, "short_description"), c);
    r.set(
        "address",
        s(&o, "street_address").or_else(|| s(&o, "raw_address")),
        c,
    );
    r.set("city", s(&o, "city"), c);
    r.set("region", s(&o, "state"), c);
    r.set("postal_code", s(&o, "postal_code"), c);
    r.set("country", s(&o, "country"), c);
    r.set("technologies", o.get("technology_names").cloned(), c);
    r.set("total_funding", n(&o, "total_funding"), c);
    r.set("annual_revenue", n(&o, "annual_revenue"), c);
    r.set("funding_stage", s(&o, "latest_funding_stage"), c);
    r.raw = body;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_status_maps_to_one_scale() {
        assert!(email_confidence(Some("verified"), None) > email_confidence(Some("guessed"), None));
        assert_eq!(email_confidence(Some("extrapolated"), Some(0.72)), 0.72);
        assert_eq!(email_confidence(Some("extrapolated"), Some(72.0)), 0.72);
        assert_eq!(email_confidence(Some("unavailable"), None), 0.0);
    }
}
