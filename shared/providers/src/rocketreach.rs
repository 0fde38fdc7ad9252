//! RocketReach v2, key in the `Api-Key` header. Person lookups may answer before the profile is
//! ready (`status` waiting / searching / progress): the reply then carries the lookup id to poll with
//! `person/checkStatus`. Credits are charged only for an A/A- email or a valid phone.

use crate::apollo::join;
use crate::hub::common_error;
use crate::transport::{Request, Response};
use crate::{n, normalise_domain, s, Op, ProviderError, Reply};
use serde_json::{json, Value};

const PROFILE_CONFIDENCE: f64 = 0.8;

pub fn request(base: &url::Url, op: &Op<'_>, key: &str) -> Result<Request, ProviderError> {
    let req = match op {
        Op::Person(p) => {
            let mut url = join(base, "person/lookup")?;
            {
                let mut q = url.query_pairs_mut();
                if let Some(e) = &p.email {
                    q.append_pair("email", e);
                } else if let Some(l) = &p.linkedin_url {
                    q.append_pair("linkedin_url", l);
                } else if let Some(name) = p.display_name() {
                    q.append_pair("name", &name);
                    if let Some(c) = p.company_name.as_ref().or(p.company_domain.as_ref()) {
                        q.append_pair("current_employer", c);
                    }
                }
            }
            Request::get(url)
        }
        Op::CheckStatus(ids) => {
            let mut url = join(base, "person/checkStatus")?;
            url.query_pairs_mut().append_pair("ids", &ids.join(","));
            Request::get(url)
        }
        Op::PersonSearch(body) => Request::post_json(join(base, "person/search")?, body),
        Op::Company(c) => {
            let mut url = join(base, "company/lookup/")?;
            {
                let mut q = url.query_pairs_mut();
                match (&c.domain, &c.name) {
                    (Some(d), _) => q.append_pair("domain", d),
                    (None, Some(n)) => q.append_pair("name", n),
                    _ => {
                        return Err(ProviderError::Unsupported(
                            "RocketReach needs a domain or a name",
                        ))
                    }
                };
            }
            Request::get(url)
        }
        Op::CompanySearch(body) => Request::post_json(join(base, "searchCompany")?, body),
        Op::Account => Request::get(join(base, "account")?),
        Op::VerifyEmail(_) => return Err(ProviderError::Unsupported("not offered by RocketReach")),
    };
    Ok(req.header("api-key", key))
}

/// An email's grade and SMTP check on the platform scale.
pub fn email_confidence(grade: Option<&str>, smtp_valid: Option<&str>) -> f64 {
    let g = match grade.map(str::trim) {
        Some("A") => 0.95,
        Some("A-") => 0.9,
        Some("B+") => 0.8,
        Some("B") => 0.75,
        Some("B-") => 0.7,
        Some("C+" | "C" | "C-") => 0.55,
        Some("D" | "D+" | "D-") => 0.35,
        Some("F") => 0.1,
        _ => 0.5,
    };
    match smtp_valid {
        Some("valid") => f64::max(g, 0.9),
        Some("invalid") => 0.05,
        Some("accept-all") => f64::min(g, 0.6),
        Some("unknown") => g * 0.9,
        _ => g,
    }
}

/// Whether RocketReach charges for this profile (an A/A- email or a valid phone).
fn billable(p: &Value) -> bool {
    let a_email = p.get("emails").and_then(Value::as_array).is_some_and(|es| {
        es.iter()
            .any(|e| matches!(e.get("grade").and_then(Value::as_str), Some("A" | "A-")))
    });
    let valid_phone = p.get("phones").and_then(Value::as_array).is_some_and(|ps| {
        ps.iter()
            .any(|ph| ph.get("validity").and_then(Value::as_str) == Some("valid"))
    });
    a_email || valid_phone
}

/// The best email of a profile: the recommended professional one if graded, else the best grade.
fn best_email(p: &Value) -> Option<(String, f64)> {
    let emails = p.get("emails").and_then(Value::as_array)?;
    let scored = emails.iter().filter_map(|e| {
        let addr = e.get("email").and_then(Value::as_str)?;
        let conf = email_confidence(
            e.get("grade").and_then(Value::as_str),
            e.get("smtp_valid").and_then(Value::as_str),
        );
        let professional = e.get("type").and_then(Value::as_str) == Some("professional");
        Some((addr.to_owned(), conf, professional))
    });
    scored
        .max_by(|a, b| {
            (a.2, a.1)
                .partial_cmp(&(b.2, b.1))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|(a, c, _)| (a, c))
}

/// Normalises one profile into a reply (complete, pending or failed).
pub fn profile(p: &Value) -> Reply {
    let status = p
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("complete");
    let id = p.get("id").map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    match status {
        "complete" => {}
        "waiting" | "searching" | "progress" | "not queued" => {
            return Reply {
                pending_id: id,
                raw: p.clone(),
                data: json!({"status": status}),
                ..Reply::default()
            }
        }
        _ => return Reply::not_found(p.clone(), 0.0),
    }
    let mut r = Reply {
        found: true,
        credits: if billable(p) { 1.0 } else { 0.0 },
        data: json!({"status": status, "id": id}),
        ..Reply::default()
    };
    let c = PROFILE_CONFIDENCE;
    r.set("full_name", s(p, "name"), c);
    if let Some(name) = p.get("name").and_then(Value::as_str) {
        if let Some((first, last)) = name.trim().split_once(' ') {
            r.set("first_name", Some(Value::from(first)), c);
            r.set("last_name", Some(Value::from(last)), c);
        }
    }
    r.set("title", s(p, "current_title"), c);
    r.set("company_name", s(p, "current_employer"), c);
    r.set(
        "company_domain",
        p.get("current_employer_domain")
            .and_then(Value::as_str)
            .and_then(normalise_domain)
            .map(Value::from),
        c,
    );
    r.set("linkedin_url", s(p, "linkedin_url"), c);
    r.set("city", s(p, "city"), c);
    r.set("region", s(p, "region"), c);
    r.set(
        "country",
        s(p, "country_code").or_else(|| s(p, "country")),
        c,
    );
    if let Some((email, conf)) = best_email(p) {
        r.set("email", Some(Value::from(email)), conf);
    }
    let phone = p
        .get("phones")
        .and_then(Value::as_array)
        .and_then(|ps| {
            ps.iter()
                .find(|ph| ph.get("recommended").and_then(Value::as_bool) == Some(true))
                .or_else(|| ps.first())
        })
        .and_then(|ph| s(ph, "e164").or_else(|| s(ph, "number")));
    r.set("phone", phone, c);
    r.raw = p.clone();
    r
}

fn company(c: &Value) -> Reply {
    let mut r = Reply {
        found: true,
        credits: 0.0,
        ..Reply::default()
    };
    let conf = PROFILE_CONFIDENCE;
    r.set("name", s(c, "name"), conf);
    let domain = ["domain", "email_domain", "website_domain"]
        .iter()
        .find_map(|k| c.get(*k).and_then(Value::as_str).and_then(normalise_domain));
    r.set("domain", domain.map(Value::from), conf);
    r.set("industry", s(c, "industry"), conf);
    r.set("employee_count", n(c, "num_employees"), conf);
    r.set("annual_revenue", n(c, "revenue"), conf);
    r.set("founded_year", n(c, "year_founded"), conf);
    r.set("linkedin_url", s(c, "linkedin_url"), conf);
    r.set("description", s(c, "description"), conf);
    r.set("city", s(c, "city"), conf);
    r.set("region", s(c, "region"), conf);
    r.set(
        "country",
        s(c, "country_code").or_else(|| s(c, "country")),
        conf,
    );
    r.raw = c.clone();
    if r.fields.is_empty() {
        r.found = false;
    }
    r
}

pub fn parse(op: &Op<'_>, resp: &Response) -> Result<Reply, ProviderError> {
    match resp.status {
        200 | 201 => {}
        404 => return Ok(Reply::not_found(resp.json().unwrap_or(Value::Null), 0.0)),
        _ => return Err(common_error(resp)),
    }
    let body = resp.json()?;
    match op {
        Op::Person(_) => {
            if !body.is_object() {
                return Err(ProviderError::Malformed("expected a profile object".into()));
            }
            Ok(profile(&body))
        }
        Op::CheckStatus(_) => {
            let profiles = body
                .as_array()
                .ok_or_else(|| ProviderError::Malformed("expected an array of profiles".into()))?;
            Ok(Reply {
                found: true,
                data: Value::Array(profiles.clone()),
                raw: body,
                ..Reply::default()
            })
        }
        Op::Company(_) => {
            if !body.is_object() {
                return Err(ProviderError::Malformed("expected a company object".into()));
            }
            Ok(company(&body))
        }
        Op::PersonSearch(_) | Op::CompanySearch(_) | Op::Account => {
            if !body.is_object() {
                return Err(ProviderError::Malformed("expected an object".into()));
            }
            Ok(Reply {
                found: true,
                data: body.clone(),
                raw: body,
                ..Reply::default()
            })
        }
        Op::VerifyEmail(_) => Err(ProviderError::Unsupported("not offered by RocketReach")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_and_smtp_checks_combine() {
        assert_eq!(email_confidence(Some("A"), Some("valid")), 0.95);
        assert_eq!(email_confidence(Some("B"), Some("valid")), 0.9);
        assert_eq!(email_confidence(Some("A"), Some("invalid")), 0.05);
        assert_eq!(email_confidence(Some("A"), Some("accept-all")), 0.6);
    }

    #[test]
    fn pending_profiles_carry_their_lookup_id() {
        let r = profile(&json!({"id": 42, "status": "searching"}));
        assert!(!r.found);
        assert_eq!(r.pending_id.as_deref(), Some("42"));
    }
}
