//! A provider that makes up plausible people and companies, deterministically from the input: the
//! local stack enriches with it by default, tests and demos need no key, and partner test-mode keys
//! will use it. The same input always gives the same answer; local parts or domains starting with
//! `unknown` are "not found", so the not-found path can be tried too.

use crate::{normalise_domain, Op, ProviderError, Reply};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const TITLES: &[&str] = &[
    "Head of Sales",
    "VP Marketing",
    "Software Engineer",
    "Operations Manager",
    "Chief Revenue Officer",
    "Account Executive",
];
const INDUSTRIES: &[&str] = &[
    "Computer Software",
    "Financial Services",
    "Logistics",
    "Retail",
    "Health Care",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("São Paulo", "SP", "BR"),
    ("Buenos Aires", "C", "AR"),
    ("Ciudad de México", "CMX", "MX"),
    ("Austin", "TX", "US"),
    ("Lisbon", "11", "PT"),
];

fn pick(seed: &[u8], salt: u8, n: usize) -> usize {
    let mut h = Sha256::new();
    h.update([salt]);
    h.update(seed);
    let d = h.finalize();
    (u16::from_be_bytes([d[0], d[1]]) as usize) % n
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The company name a domain suggests (`acme-labs.com` → `Acme Labs`).
fn company_name(domain: &str) -> String {
    let label = domain.split('.').next().unwrap_or(domain);
    label
        .split(['-', '_'])
        .map(capitalise)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn answer(op: Op<'_>) -> Result<Reply, ProviderError> {
    match op {
        Op::Person(p) => {
            let (first, last, domain) = if let Some(email) = &p.email {
                let (local, domain) = email.split_once('@').unwrap_or((email, "example.com"));
                let mut parts = local.split(['.', '_', '-']).filter(|s| !s.is_empty());
                let first = parts.next().unwrap_or("alex").to_owned();
                let last = parts.next().unwrap_or("silva").to_owned();
                (first, last, domain.to_owned())
            } else if let Some(name) = p.display_name() {
                let mut parts = name.split_whitespace();
                let first = parts.next().unwrap_or("alex").to_lowercase();
                let last = parts.next().unwrap_or("silva").to_lowercase();
                let domain = p
                    .company_domain
                    .clone()
                    .unwrap_or_else(|| "example.com".into());
                (first, last, domain)
            } else if let Some(url) = &p.linkedin_url {
                let handle = url
                    .rsplit('/')
                    .find(|s| !s.is_empty())
                    .unwrap_or("alex-silva");
                let mut parts = handle.split('-');
                let first = parts.next().unwrap_or("alex").to_owned();
                let last = parts.next().unwrap_or("silva").to_owned();
                (first, last, "example.com".to_owned())
            } else {
                return Ok(Reply::not_found(Value::Null, 0.0));
            };
            if first.starts_with("unknown") || domain.starts_with("unknown") {
                return Ok(Reply::not_found(json!({"sandbox": "no match"}), 0.0));
            }
            let seed = format!("{first}.{last}@{domain}");
            let (city, region, country) = CITIES[pick(seed.as_bytes(), 2, CITIES.len())];
            let title = TITLES[pick(seed.as_bytes(), 1, TITLES.len())];
            let mut r = Reply {
                found: true,
                credits: 1.0,
                ..Reply::default()
            };
            let full = format!("{} {}", capitalise(&first), capitalise(&last));
            let email = p
                .email
                .clone()
                .unwrap_or_else(|| format!("{first}.{last}@{domain}"));
            let c = 0.9;
            r.set("full_name", Some(Value::from(full.clone())), c);
            r.set("first_name", Some(Value::from(capitalise(&first))), c);
            r.set("last_name", Some(Value::from(capitalise(&last))), c);
            r.set("email", Some(Value::from(email.clone())), 0.85);
            r.set("email_status", Some(Value::from("valid")), 0.85);
            r.set("title", Some(Value::from(title)), c);
            r.set(
                "linkedin_url",
                Some(Value::from(format!(
                    "https://www.linkedin.com/in/{first}-{last}-{}",
                    pick(seed.as_bytes(), 3, 9000) + 1000
                ))),
                c,
            );
            r.set("city", Some(Value::from(city)), c);
            r.set("region", Some(Value::from(region)), c);
            r.set("country", Some(Value::from(country)), c);
            r.set("company_name", Some(Value::from(company_name(&domain))), c);
            r.set("company_domain", Some(Value::from(domain.clone())), c);
            r.raw = json!({"sandbox": true, "name": full, "email": email, "title": title});
            Ok(r)
        }
        Op::Company(c) => {
            let domain = c.domain.clone().or_else(|| {
                c.name
                    .as_ref()
                    .map(|n| format!("{}.example", n.to_lowercase().replace(' ', "-")))
            });
            let seed = domain
                .clone()
                .or_else(|| c.tax_id.as_ref().map(|t| t.value.clone()))
                .unwrap_or_default();
            if seed.is_empty() || seed.starts_with("unknown") {
                return Ok(Reply::not_found(json!({"sandbox": "no match"}), 0.0));
            }
            let conf = 0.9;
            let mut r = Reply {
                found: true,
                credits: 1.0,
                ..Reply::default()
            };
            let name = match (&c.name, &domain) {
                (Some(n), _) => n.clone(),
                (None, Some(d)) => company_name(d),
                _ => format!("Empresa {}", &seed[..seed.len().min(4)]),
            };
            let (city, region, country) = CITIES[pick(seed.as_bytes(), 2, CITIES.len())];
            r.set("name", Some(Value::from(name.clone())), conf);
            if let Some(d) = domain.as_deref().and_then(normalise_domain) {
                r.set("website", Some(Value::from(format!("https://{d}"))), conf);
                r.set("domain", Some(Value::from(d)), conf);
            }
            r.set(
                "industry",
                Some(Value::from(
                    INDUSTRIES[pick(seed.as_bytes(), 4, INDUSTRIES.len())],
                )),
                conf,
            );
            r.set(
                "employee_count",
                Some(Value::from(10 + pick(seed.as_bytes(), 5, 5000))),
                conf,
            );
            r.set(
                "founded_year",
                Some(Value::from(1980 + pick(seed.as_bytes(), 6, 44))),
                conf,
            );
            r.set("city", Some(Value::from(city)), conf);
            r.set("region", Some(Value::from(region)), conf);
            r.set("country", Some(Value::from(country)), conf);
            if let Some(t) = &c.tax_id {
                r.set("tax_id", Some(Value::from(t.value.clone())), conf);
                r.set(
                    "legal_name",
                    Some(Value::from(format!("{} LTDA", name.to_uppercase()))),
                    conf,
                );
                r.set("registration_status", Some(Value::from("ATIVA")), conf);
            }
            r.raw = json!({"sandbox": true, "name": name});
            Ok(r)
        }
        Op::VerifyEmail(email) => {
            let local = email.split('@').next().unwrap_or("");
            let status = if local.starts_with("invalid") {
                "invalid"
            } else if local.starts_with("unknown") {
                "unknown"
            } else {
                "valid"
            };
            let conf = crate::zerobounce::status_confidence(status);
            let mut r = Reply {
                found: true,
                credits: if status == "unknown" { 0.0 } else { 1.0 },
                data: json!({"status": status}),
                ..Reply::default()
            };
            r.set("email", Some(Value::from(email)), conf);
            r.set("email_status", Some(Value::from(status)), conf);
            Ok(r)
        }
        Op::Account => Ok(Reply {
            found: true,
            data: json!({"credits_remaining": 1_000_000, "plan": "sandbox"}),
            ..Reply::default()
        }),
        Op::PersonSearch(body) => Ok(search(body, true)),
        Op::CompanySearch(body) => Ok(search(body, false)),
        Op::CheckStatus(_) => Err(ProviderError::Unsupported(
            "the sandbox has no asynchronous lookups",
        )),
    }
}

/// Made-up prospects for a criteria search (the body [`crate::search::body`] builds for the
/// sandbox): three pages of the asked size, the same every time for the same criteria, each
/// result taking the first title, location and industry asked so a demo looks like its query.
fn search(body: &Value, people: bool) -> Reply {
    const PAGES: u64 = 3;
    let criteria = &body["criteria"];
    let size = body["page_size"].as_u64().unwrap_or(10).clamp(1, 100);
    let page = body["page"].as_u64().unwrap_or(1).max(1);
    let first = |k: &str| criteria[k][0].as_str().map(str::to_owned);
    let seed = criteria.to_string();
    let results: Vec<Value> = if page > PAGES {
        Vec::new()
    } else {
        (0..size)
            .map(|i| {
                let n = (page - 1) * size + i;
                let s = format!("{seed}/{n}");
                let s = s.as_bytes();
                let (city, _, country) = CITIES[pick(s, 3, CITIES.len())];
                let word = ["acme", "globex", "initech", "umbrella", "stark"][pick(s, 4, 5)];
                let domain = format!("{word}{n}.example");
                let industry = first("industries")
                    .unwrap_or_else(|| INDUSTRIES[pick(s, 5, INDUSTRIES.len())].to_owned());
                let (city, country) = match first("locations") {
                    Some(l) => (l.clone(), l),
                    None => (city.to_owned(), country.to_owned()),
                };
                let employees = criteria["employee_ranges"][0]["min"]
                    .as_u64()
                    .unwrap_or(10)
                    + pick(s, 6, 40) as u64;
                if people {
                    let (f, l) = (
                        ["Ana", "Bruno", "Carla", "Diego", "Eva"][pick(s, 1, 5)],
                        ["Lima", "Souza", "Pérez", "Smith", "Costa"][pick(s, 2, 5)],
                    );
                    json!({
                        "provider_id": format!("sbx_p{n}"),
                        "full_name": format!("{f} {l}"),
                        "title": first("titles").unwrap_or_else(|| TITLES[pick(s, 7, TITLES.len())].to_owned()),
                        "linkedin_url": format!("https://www.linkedin.com/in/{}-{}-{n}", f.to_lowercase(), l.to_lowercase()),
                        "company_name": company_name(&domain),
                        "company_domain": domain,
                        "city": city,
                        "country": country,
                    })
                } else {
                    json!({
                        "provider_id": format!("sbx_c{n}"),
                        "name": company_name(&domain),
                        "domain": domain,
                        "industry": industry,
                        "employee_count": employees,
                        "annual_revenue": employees * 120_000,
                        "city": city,
                        "country": country,
                    })
                }
            })
            .collect()
    };
    let data = json!({
        "results": results,
        "total": PAGES * size,
        "next": (page < PAGES).then(|| (page + 1).to_string()),
    });
    Reply {
        found: true,
        data: data.clone(),
        raw: data,
        ..Reply::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PersonInput;

    #[test]
    fn same_input_same_person_and_unknown_is_not_found() {
        let input = PersonInput {
            email: Some("jane.doe@acme-labs.com".into()),
            ..PersonInput::default()
        };
        let a = answer(Op::Person(&input)).unwrap();
        let b = answer(Op::Person(&input)).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.fields["full_name"].value, "Jane Doe");
        assert_eq!(a.fields["company_name"].value, "Acme Labs");
        let unknown = PersonInput {
            email: Some("unknown.person@acme.com".into()),
            ..PersonInput::default()
        };
        assert!(!answer(Op::Person(&unknown)).unwrap().found);
    }
}
