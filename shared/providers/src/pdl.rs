//! People Data Labs v5: `GET /person/enrich` and `GET /company/enrich`, and the prospecting searches
//! `POST /person/search` and `/company/search`; key in `X-Api-Key`.
//! Billed per 200 only (a 404 is free); the credits spent come back in `x-call-credits-spent`.

use crate::apollo::join;
use crate::hub::common_error;
use crate::transport::{Request, Response};
use crate::{n, normalise_domain, s, Op, ProviderError, Reply};
use serde_json::Value;

pub fn request(base: &url::Url, op: &Op<'_>, key: &str) -> Result<Request, ProviderError> {
    match op {
        Op::Person(p) => {
            let mut url = join(base, "person/enrich")?;
            url.query_pairs_mut()
                .extend_pairs(person_params(p).iter().map(|(k, v)| (*k, v.as_str())));
            Ok(Request::get(url).header("x-api-key", key))
        }
        Op::Company(c) => {
            let mut url = join(base, "company/enrich")?;
            {
                let mut q = url.query_pairs_mut();
                match (&c.domain, &c.name) {
                    (Some(d), _) => q.append_pair("website", d),
                    (None, Some(n)) => q.append_pair("name", n),
                    _ => return Err(ProviderError::Unsupported("PDL needs a domain or a name")),
                };
            }
            Ok(Request::get(url).header("x-api-key", key))
        }
        // Prospecting search (`crate::search` builds the Elasticsearch body), paged by scroll token.
        Op::PersonSearch(body) => {
            Ok(Request::post_json(join(base, "person/search")?, body).header("x-api-key", key))
        }
        Op::CompanySearch(body) => {
            Ok(Request::post_json(join(base, "company/search")?, body).header("x-api-key", key))
        }
        _ => Err(ProviderError::Unsupported(
            "not offered by People Data Labs",
        )),
    }
}

/// The match parameters of a person (the single endpoint's query, the bulk endpoint's `params`):
/// email, else the LinkedIn profile, else the name with the company.
pub(crate) fn person_params(p: &crate::PersonInput) -> Vec<(&'static str, String)> {
    let mut q = Vec::new();
    if let Some(e) = &p.email {
        q.push(("email", e.clone()));
    } else if let Some(l) = &p.linkedin_url {
        q.push(("profile", l.clone()));
    } else {
        if let Some(f) = &p.first_name {
            q.push(("first_name", f.clone()));
        }
        if let Some(l) = &p.last_name {
            q.push(("last_name", l.clone()));
        }
        if p.first_name.is_none() {
            if let Some(n) = &p.full_name {
                q.push(("name", n.clone()));
            }
        }
        if let Some(c) = p.company_domain.as_ref().or(p.company_name.as_ref()) {
            q.push(("company", c.clone()));
        }
    }
    // PDL's own advice: below 6 matches are too loose to be worth a credit.
    q.push(("min_likelihood", "6".into()));
    q
}

/// PDL likelihood (1–10) on the platform scale.
pub fn likelihood_confidence(likelihood: Option<f64>) -> f64 {
    likelihood
        .map(|l| (l / 10.0).clamp(0.0, 1.0))
        .unwrap_or(0.5)
}

fn credits(resp: &Response) -> f64 {
    resp.header("x-call-credits-spent")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1.0)
}

pub fn parse(op: &Op<'_>, resp: &Response) -> Result<Reply, ProviderError> {
    match resp.status {
        200 => {}
        404 => return Ok(Reply::not_found(resp.json().unwrap_or(Value::Null), 0.0)),
        _ => return Err(common_error(resp)),
    }
    let body = resp.json()?;
    if matches!(op, Op::PersonSearch(_) | Op::CompanySearch(_)) {
        // Billed per record returned (`x-call-credits-spent`).
        return Ok(Reply {
            found: true,
            credits: credits(resp),
            data: body.clone(),
            raw: body,
            ..Reply::default()
        });
    }
    let conf = likelihood_confidence(body.get("likelihood").and_then(Value::as_f64));
    let mut r = Reply {
        found: true,
        credits: credits(resp),
        ..Reply::default()
    };
    match op {
        Op::Person(_) => {
            let d = body
                .get("data")
                .filter(|d| d.is_object())
                .ok_or_else(|| ProviderError::Malformed("person without data".into()))?;
            r.set("full_name", s(d, "full_name"), conf);
            r.set("first_name", s(d, "first_name"), conf);
            r.set("last_name", s(d, "last_name"), conf);
            let email = s(d, "work_email").or_else(|| {
                d.get("personal_emails")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .cloned()
            });
            r.set("email", email, conf);
            r.set("title", s(d, "job_title"), conf);
            r.set("company_name", s(d, "job_company_name"), conf);
            r.set(
                "company_domain",
                d.get("job_company_website")
                    .and_then(Value::as_str)
                    .and_then(normalise_domain)
                    .map(Value::from),
                conf,
            );
            let linkedin = s(d, "linkedin_url").map(|v| match v.as_str() {
                Some(u) if !u.starts_with("http") => Value::from(format!("https://{u}")),
                _ => v,
            });
            r.set("linkedin_url", linkedin, conf);
            r.set("city", s(d, "location_locality"), conf);
            r.set("region", s(d, "location_region"), conf);
            r.set("country", s(d, "location_country"), conf);
            r.set("phone", s(d, "mobile_phone"), conf);
        }
        Op::Company(_) => {
            // Company bodies are flat: the fields sit beside `status` and `likelihood`.
            let d = &body;
            if d.get("name").is_none() && d.get("id").is_none() {
                return Err(ProviderError::Malformed(
                    "company without name or id".into(),
                ));
            }
            r.set("name", s(d, "display_name").or_else(|| s(d, "name")), conf);
            r.set(
                "domain",
                d.get("website")
                    .and_then(Value::as_str)
                    .and_then(normalise_domain)
                    .map(Value::from),
                conf,
            );
            r.set("website", s(d, "website"), conf);
            r.set("industry", s(d, "industry"), conf);
            r.set("employee_count", n(d, "employee_count"), conf);
            r.set("annual_revenue", n(d, "inferred_revenue_usd"), conf);
            r.set("founded_year", n(d, "founded"), conf);
            r.set("description", s(d, "summary"), conf);
            r.set(
                "linkedin_url",
                s(d, "linkedin_url").map(|v| match v.as_str() {
                    Some(u) if !u.starts_with("http") => Value::from(format!("https://{u}")),
                    _ => v,
                }),
                conf,
            );
            if let Some(loc) = d.get("location").filter(|l| l.is_object()) {
                r.set("address", s(loc, "street_address"), conf);
                r.set("city", s(loc, "locality"), conf);
                r.set("region", s(loc, "region"), conf);
                r.set("postal_code", s(loc, "postal_code"), conf);
                r.set("country", s(loc, "country"), conf);
            }
        }
        _ => {
            return Err(ProviderError::Unsupported(
                "not offered by People Data Labs",
            ))
        }
    }
    r.raw = body;
    Ok(r)
}
