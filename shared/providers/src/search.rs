//! Prospecting search by criteria: one set of criteria (titles, seniorities, locations,
//! industries, employee and revenue ranges, technologies), translated into each search provider's
//! own body (Apollo's `mixed_people/search` / `mixed_companies/search`, PDL's Elasticsearch
//! `person/search` / `company/search`, RocketReach's `person/search` / `searchCompany`, and the
//! sandbox), and each provider's page read back into one result shape with the provider's cursor
//! (Apollo's page number, PDL's `scroll_token`, RocketReach's `start`).
//!
//! What a provider cannot express is left out of its body and named in [`Page::ignored`], so a
//! caller knows which criteria a page was not filtered by (PDL has no revenue for people, Apollo
//! takes one revenue range).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::ProviderName;

/// Most values per criterion, and most characters per value.
pub const MAX_VALUES: usize = 20;
pub const MAX_VALUE_LEN: usize = 100;

/// Seniorities every search provider can express (Apollo's names; mapped for the others).
pub const SENIORITIES: [&str; 10] = [
    "owner", "founder", "c_suite", "partner", "vp", "head", "director", "manager", "senior",
    "entry",
];

/// An inclusive range of employees or of annual revenue (US dollars); either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[schema(maximum = 1_000_000_000_000_000_i64)]
    pub min: Option<u64>,
    #[schema(maximum = 1_000_000_000_000_000_i64)]
    pub max: Option<u64>,
}

/// The largest bound a range may have (a quadrillion: above any company's revenue).
pub const MAX_BOUND: u64 = 1_000_000_000_000_000;

impl Range {
    fn text(&self, sep: &str) -> String {
        format!(
            "{}{sep}{}",
            self.min.unwrap_or(1),
            self.max.map(|m| m.to_string()).unwrap_or_default()
        )
    }
}

/// What to look for. Every list is "any of"; different criteria must all hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// Job titles (people).
    #[serde(default)]
    #[schema(example = json!(["Head of Sales"]))]
    pub titles: Vec<String>,
    /// Seniorities (people): owner, founder, c_suite, partner, vp, head, director, manager,
    /// senior, entry.
    #[serde(default)]
    pub seniorities: Vec<String>,
    /// Places as free text (`Lisbon, Portugal`, `Brazil`).
    #[serde(default)]
    #[schema(example = json!(["Lisbon, Portugal"]))]
    pub locations: Vec<String>,
    #[serde(default)]
    #[schema(example = json!(["software"]))]
    pub industries: Vec<String>,
    #[serde(default, deserialize_with = "kernel::shape::objects")]
    pub employee_ranges: Vec<Range>,
    /// Annual revenue in US dollars.
    #[serde(default, deserialize_with = "kernel::shape::objects")]
    pub revenue_ranges: Vec<Range>,
    /// Technologies the company uses (`salesforce`, `hubspot`).
    #[serde(default)]
    pub technologies: Vec<String>,
}

/// A criterion that is wrong, as (field, code, message).
pub type CriteriaError = (String, &'static str, String);

impl Criteria {
    /// Checks the criteria (people: titles and seniorities allowed; companies: not) and trims
    /// every value. Returns every problem, each with its field path.
    pub fn checked(mut self, people: bool) -> Result<Self, Vec<CriteriaError>> {
        let mut errors = Vec::new();
        let lists: [(&str, &mut Vec<String>); 5] = [
            ("titles", &mut self.titles),
            ("seniorities", &mut self.seniorities),
            ("locations", &mut self.locations),
            ("industries", &mut self.industries),
            ("technologies", &mut self.technologies),
        ];
        for (name, list) in lists {
            if list.len() > MAX_VALUES {
                errors.push((
                    format!("criteria.{name}"),
                    "too_many",
                    format!("at most {MAX_VALUES} values"),
                ));
            }
            for (i, v) in list.iter_mut().enumerate() {
                *v = v.trim().to_owned();
                if v.is_empty()
                    || v.chars().count() > MAX_VALUE_LEN
                    || v.chars().any(char::is_control)
                {
                    errors.push((
                        format!("criteria.{name}[{i}]"),
                        "invalid",
                        format!("1 to {MAX_VALUE_LEN} printable characters"),
                    ));
                }
            }
        }
        for (i, s) in self.seniorities.iter_mut().enumerate() {
            *s = s.to_ascii_lowercase();
            if !SENIORITIES.contains(&s.as_str()) {
                errors.push((
                    format!("criteria.seniorities[{i}]"),
                    "unknown",
                    format!("one of {}", SENIORITIES.join(", ")),
                ));
            }
        }
        for (name, ranges) in [
            ("employee_ranges", &self.employee_ranges),
            ("revenue_ranges", &self.revenue_ranges),
        ] {
            if ranges.len() > MAX_VALUES {
                errors.push((
                    format!("criteria.{name}"),
                    "too_many",
                    format!("at most {MAX_VALUES} ranges"),
                ));
            }
            for (i, r) in ranges.iter().enumerate() {
                let too_big = [r.min, r.max].into_iter().flatten().any(|v| v > MAX_BOUND);
                let bad = too_big
                    || match (r.min, r.max) {
                        (None, None) => true,
                        (Some(a), Some(b)) => a > b,
                        _ => false,
                    };
                if bad {
                    errors.push((
                        format!("criteria.{name}[{i}]"),
                        "invalid",
                        format!("give min, max or both, with min ≤ max ≤ {MAX_BOUND}"),
                    ));
                }
            }
        }
        if !people {
            for (name, list) in [("titles", &self.titles), ("seniorities", &self.seniorities)] {
                if !list.is_empty() {
                    errors.push((
                        format!("criteria.{name}"),
                        "not_for_companies",
                        "companies are searched by location, industry, size, revenue and technology"
                            .into(),
                    ));
                }
            }
        }
        if errors.is_empty() && self.is_empty() {
            errors.push((
                "criteria".into(),
                "required",
                "give at least one criterion".into(),
            ));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    fn is_empty(&self) -> bool {
        self.titles.is_empty()
            && self.seniorities.is_empty()
            && self.locations.is_empty()
            && self.industries.is_empty()
            && self.employee_ranges.is_empty()
            && self.revenue_ranges.is_empty()
            && self.technologies.is_empty()
    }
}

/// One result, the same shape whichever provider found it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Prospect {
    /// The provider's own id of the record.
    pub provider_id: Option<String>,
    // People.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linkedin_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_domain: Option<String>,
    // Companies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employee_count: Option<u64>,
    /// Annual revenue in US dollars, where the provider reports it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annual_revenue: Option<u64>,
    // Both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// One page of a provider's answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub results: Vec<Prospect>,
    /// The provider's token for the next page (`None`: this was the last).
    pub next: Option<String>,
    /// How many records match, where the provider says.
    pub total: Option<u64>,
    /// Criteria this provider could not filter by.
    pub ignored: Vec<&'static str>,
}

/// The providers that search, in no particular order (the organisation's waterfall orders them).
pub fn searches(provider: ProviderName) -> bool {
    matches!(
        provider,
        ProviderName::Apollo
            | ProviderName::Pdl
            | ProviderName::Rocketreach
            | ProviderName::Sandbox
    )
}

/// The provider's request body for one page (`token`: the cursor it gave for this page).
pub fn body(
    provider: ProviderName,
    c: &Criteria,
    people: bool,
    page_size: u32,
    token: Option<&str>,
) -> Value {
    match provider {
        ProviderName::Apollo => apollo_body(c, people, page_size, token),
        ProviderName::Pdl => pdl_body(c, people, page_size, token),
        ProviderName::Rocketreach => rocketreach_body(c, people, page_size, token),
        _ => json!({"criteria": c, "people": people, "page_size": page_size,
            "page": token.and_then(|t| t.parse::<u32>().ok()).unwrap_or(1)}),
    }
}

/// What the provider cannot filter by, of what was asked.
pub fn ignored(provider: ProviderName, c: &Criteria, people: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    if provider == ProviderName::Apollo && c.revenue_ranges.len() > 1 {
        out.push("revenue_ranges");
    }
    if provider == ProviderName::Pdl && people {
        if !c.revenue_ranges.is_empty() {
            out.push("revenue_ranges");
        }
        if !c.technologies.is_empty() {
            out.push("technologies");
        }
    }
    out
}

fn apollo_body(c: &Criteria, people: bool, page_size: u32, token: Option<&str>) -> Value {
    let page = token.and_then(|t| t.parse::<u32>().ok()).unwrap_or(1);
    let mut b = json!({"page": page, "per_page": page_size});
    let set = |b: &mut Value, k: &str, v: Value| {
        if v.as_array().is_none_or(|a| !a.is_empty()) {
            b[k] = v;
        }
    };
    if people {
        set(&mut b, "person_titles", json!(c.titles));
        set(&mut b, "person_seniorities", json!(c.seniorities));
        set(&mut b, "person_locations", json!(c.locations));
    } else {
        set(&mut b, "organization_locations", json!(c.locations));
    }
    set(&mut b, "q_organization_keyword_tags", json!(c.industries));
    set(
        &mut b,
        "organization_num_employees_ranges",
        json!(c
            .employee_ranges
            .iter()
            .map(|r| r.text(","))
            .collect::<Vec<_>>()),
    );
    if let Some(r) = c.revenue_ranges.first() {
        let mut range = json!({});
        if let Some(min) = r.min {
            range["min"] = json!(min);
        }
        if let Some(max) = r.max {
            range["max"] = json!(max);
        }
        b["revenue_range"] = range;
    }
    set(
        &mut b,
        "currently_using_any_of_technology_uids",
        json!(c
            .technologies
            .iter()
            .map(|t| t.to_ascii_lowercase().replace([' ', '.', '-'], "_"))
            .collect::<Vec<_>>()),
    );
    b
}

/// PDL's job title levels for our seniorities.
fn pdl_level(s: &str) -> &'static str {
    match s {
        "owner" | "founder" => "owner",
        "c_suite" => "cxo",
        "partner" => "partner",
        "vp" => "vp",
        "head" | "director" => "director",
        "manager" => "manager",
        "senior" => "senior",
        _ => "entry",
    }
}

fn pdl_body(c: &Criteria, people: bool, page_size: u32, token: Option<&str>) -> Value {
    let mut must: Vec<Value> = Vec::new();
    let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
    let any_of =
        |clauses: Vec<Value>| json!({"bool": {"should": clauses, "minimum_should_match": 1}});
    let (location, industry, employees) = if people {
        (
            "location_name",
            "job_company_industry",
            "job_company_employee_count",
        )
    } else {
        ("location.name", "industry", "employee_count")
    };
    if !c.titles.is_empty() {
        must.push(any_of(
            c.titles
                .iter()
                .map(|t| json!({"match_phrase": {"job_title": t.to_lowercase()}}))
                .collect(),
        ));
    }
    if !c.seniorities.is_empty() {
        let mut levels: Vec<&str> = c.seniorities.iter().map(|s| pdl_level(s)).collect();
        levels.dedup();
        must.push(json!({"terms": {"job_title_levels": levels}}));
    }
    if !c.locations.is_empty() {
        must.push(any_of(
            c.locations
                .iter()
                .map(|l| json!({"match": {location: l.to_lowercase()}}))
                .collect(),
        ));
    }
    if !c.industries.is_empty() {
        must.push(json!({"terms": {industry: lower(&c.industries)}}));
    }
    if !c.employee_ranges.is_empty() {
        must.push(any_of(
            c.employee_ranges
                .iter()
                .map(|r| json!({"range": {employees: range_bounds(r)}}))
                .collect(),
        ));
    }
    if !people {
        if !c.revenue_ranges.is_empty() {
            must.push(any_of(
                c.revenue_ranges
                    .iter()
                    .map(|r| json!({"range": {"inferred_revenue_usd": range_bounds(r)}}))
                    .collect(),
            ));
        }
        if !c.technologies.is_empty() {
            must.push(json!({"terms": {"tags": lower(&c.technologies)}}));
        }
    }
    let mut b = json!({"query": {"bool": {"must": must}}, "size": page_size});
    if let Some(t) = token {
        b["scroll_token"] = json!(t);
    }
    b
}

fn range_bounds(r: &Range) -> Value {
    let mut v = json!({});
    if let Some(min) = r.min {
        v["gte"] = json!(min);
    }
    if let Some(max) = r.max {
        v["lte"] = json!(max);
    }
    v
}

/// RocketReach's management levels for our seniorities.
fn rocketreach_level(s: &str) -> &'static str {
    match s {
        "owner" | "founder" => "Founder/Owner",
        "c_suite" | "partner" => "C-Level",
        "vp" => "VP",
        "head" | "director" => "Director",
        "manager" => "Manager",
        _ => "Non-Manager",
    }
}

fn rocketreach_body(c: &Criteria, people: bool, page_size: u32, token: Option<&str>) -> Value {
    let start = token.and_then(|t| t.parse::<u64>().ok()).unwrap_or(1);
    let mut q = json!({});
    let set = |q: &mut Value, k: &str, v: Vec<String>| {
        if !v.is_empty() {
            q[k] = json!(v);
        }
    };
    let sizes: Vec<String> = c.employee_ranges.iter().map(|r| r.text("-")).collect();
    let revenue: Vec<String> = c.revenue_ranges.iter().map(|r| r.text("-")).collect();
    if people {
        set(&mut q, "current_title", c.titles.clone());
        let mut levels: Vec<String> = c
            .seniorities
            .iter()
            .map(|s| rocketreach_level(s).to_owned())
            .collect();
        levels.dedup();
        set(&mut q, "management_levels", levels);
        set(&mut q, "geo", c.locations.clone());
        set(&mut q, "company_industry", c.industries.clone());
        set(&mut q, "company_size", sizes);
        set(&mut q, "company_revenue", revenue);
        set(&mut q, "company_tech", c.technologies.clone());
    } else {
        set(&mut q, "geo", c.locations.clone());
        set(&mut q, "industry", c.industries.clone());
        set(&mut q, "employees", sizes);
        set(&mut q, "revenue", revenue);
        set(&mut q, "techstack", c.technologies.clone());
    }
    json!({"query": q, "page_size": page_size, "start": start})
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn number(v: &Value, key: &str) -> Option<u64> {
    match v.get(key)? {
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().map(|f| f.max(0.0) as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn id(v: &Value) -> Option<String> {
    match v.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads one page of the provider's answer (`data`: the body it sent; `Null` when it found
/// nothing, e.g. PDL's 404). `page_size` tells whether a provider without a "next" field has more.
pub fn page(provider: ProviderName, people: bool, data: &Value, page_size: u32) -> Page {
    match provider {
        ProviderName::Apollo => {
            let list = if people { "people" } else { "organizations" };
            let results: Vec<Prospect> = data
                .get(list)
                .or_else(|| (!people).then(|| data.get("accounts")).flatten())
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|r| apollo_result(r, people)).collect())
                .unwrap_or_default();
            let p = &data["pagination"];
            let (page, pages) = (number(p, "page").unwrap_or(1), number(p, "total_pages"));
            Page {
                next: pages
                    .filter(|&n| page < n && !results.is_empty())
                    .map(|_| (page + 1).to_string()),
                total: number(p, "total_entries"),
                results,
                ignored: Vec::new(),
            }
        }
        ProviderName::Pdl => {
            let results: Vec<Prospect> = data
                .get("data")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|r| pdl_result(r, people)).collect())
                .unwrap_or_default();
            Page {
                next: text(data, "scroll_token").filter(|_| results.len() as u32 >= page_size),
                total: number(data, "total"),
                results,
                ignored: Vec::new(),
            }
        }
        ProviderName::Rocketreach => {
            let list = if people { "profiles" } else { "companies" };
            let results: Vec<Prospect> = data
                .get(list)
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|r| rocketreach_result(r, people)).collect())
                .unwrap_or_default();
            let p = &data["pagination"];
            let total = number(p, "total");
            let next =
                number(p, "next").filter(|&n| total.is_none_or(|t| n <= t) && !results.is_empty());
            Page {
                next: next.map(|n| n.to_string()),
                total,
                results,
                ignored: Vec::new(),
            }
        }
        _ => {
            let results: Vec<Prospect> = data
                .get("results")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|r| serde_json::from_value(r.clone()).ok())
                        .collect()
                })
                .unwrap_or_default();
            Page {
                next: text(data, "next"),
                total: number(data, "total"),
                results,
                ignored: Vec::new(),
            }
        }
    }
}

fn apollo_result(r: &Value, people: bool) -> Prospect {
    if people {
        let org = &r["organization"];
        Prospect {
            provider_id: id(r),
            full_name: text(r, "name"),
            title: text(r, "title"),
            linkedin_url: text(r, "linkedin_url"),
            company_name: text(org, "name"),
            company_domain: text(org, "primary_domain"),
            city: text(r, "city"),
            country: text(r, "country"),
            ..Prospect::default()
        }
    } else {
        Prospect {
            provider_id: id(r),
            name: text(r, "name"),
            domain: text(r, "primary_domain"),
            industry: text(r, "industry"),
            employee_count: number(r, "estimated_num_employees"),
            annual_revenue: number(r, "annual_revenue"),
            linkedin_url: text(r, "linkedin_url"),
            city: text(r, "city"),
            country: text(r, "country"),
            ..Prospect::default()
        }
    }
}

fn pdl_result(r: &Value, people: bool) -> Prospect {
    let https = |u: Option<String>| {
        u.map(|u| {
            if u.starts_with("http") {
                u
            } else {
                format!("https://{u}")
            }
        })
    };
    if people {
        Prospect {
            provider_id: id(r),
            full_name: text(r, "full_name"),
            title: text(r, "job_title"),
            linkedin_url: https(text(r, "linkedin_url")),
            company_name: text(r, "job_company_name"),
            company_domain: text(r, "job_company_website")
                .and_then(|w| crate::normalise_domain(&w)),
            city: text(r, "location_locality"),
            country: text(r, "location_country"),
            ..Prospect::default()
        }
    } else {
        let location = &r["location"];
        Prospect {
            provider_id: id(r),
            name: text(r, "name").or_else(|| text(r, "display_name")),
            domain: text(r, "website").and_then(|w| crate::normalise_domain(&w)),
            industry: text(r, "industry"),
            employee_count: number(r, "employee_count"),
            annual_revenue: number(r, "inferred_revenue_usd"),
            linkedin_url: https(text(r, "linkedin_url")),
            city: text(location, "locality"),
            country: text(location, "country"),
            ..Prospect::default()
        }
    }
}

fn rocketreach_result(r: &Value, people: bool) -> Prospect {
    if people {
        Prospect {
            provider_id: id(r),
            full_name: text(r, "name"),
            title: text(r, "current_title"),
            linkedin_url: text(r, "linkedin_url"),
            company_name: text(r, "current_employer"),
            company_domain: text(r, "current_employer_domain"),
            city: text(r, "city"),
            country: text(r, "country"),
            ..Prospect::default()
        }
    } else {
        Prospect {
            provider_id: id(r),
            name: text(r, "name"),
            domain: text(r, "domain").or_else(|| text(r, "email_domain")),
            industry: text(r, "industry"),
            employee_count: number(r, "num_employees"),
            annual_revenue: number(r, "revenue"),
            linkedin_url: text(r, "linkedin_url"),
            city: text(r, "city"),
            country: text(r, "country"),
            ..Prospect::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria() -> Criteria {
        Criteria {
            titles: vec!["Head of Sales".into()],
            seniorities: vec!["head".into(), "director".into()],
            locations: vec!["Lisbon, Portugal".into()],
            industries: vec!["Software".into()],
            employee_ranges: vec![Range {
                min: Some(11),
                max: Some(50),
            }],
            revenue_ranges: vec![Range {
                min: Some(1_000_000),
                max: None,
            }],
            technologies: vec!["Salesforce".into()],
        }
    }

    #[test]
    fn criteria_are_checked_field_by_field() {
        assert!(criteria().checked(true).is_ok());
        let fields = |c: Criteria, people| {
            c.checked(people)
                .unwrap_err()
                .into_iter()
                .map(|e| e.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(Criteria::default(), true), ["criteria"]);
        let bad = Criteria {
            seniorities: vec!["boss".into()],
            locations: vec!["   ".into()],
            employee_ranges: vec![Range {
                min: Some(50),
                max: Some(10),
            }],
            ..Criteria::default()
        };
        assert_eq!(
            fields(bad, true),
            [
                "criteria.locations[0]",
                "criteria.seniorities[0]",
                "criteria.employee_ranges[0]"
            ]
        );
        assert_eq!(
            fields(criteria(), false),
            ["criteria.titles", "criteria.seniorities"]
        );
    }

    #[test]
    fn each_provider_gets_its_own_body_and_cursor() {
        let c = criteria();
        let a = body(ProviderName::Apollo, &c, true, 25, Some("3"));
        assert_eq!(a["page"], 3);
        assert_eq!(a["per_page"], 25);
        assert_eq!(a["organization_num_employees_ranges"], json!(["11,50"]));
        assert_eq!(a["revenue_range"], json!({"min": 1_000_000}));
        assert_eq!(
            a["currently_using_any_of_technology_uids"],
            json!(["salesforce"])
        );
        let p = body(ProviderName::Pdl, &c, true, 25, Some("tok"));
        assert_eq!(p["scroll_token"], "tok");
        assert_eq!(p["size"], 25);
        assert_eq!(
            p["query"]["bool"]["must"][1],
            json!({"terms": {"job_title_levels": ["director"]}})
        );
        let r = body(ProviderName::Rocketreach, &c, false, 10, None);
        assert_eq!(r["start"], 1);
        assert_eq!(r["query"]["employees"], json!(["11-50"]));
        assert_eq!(r["query"]["revenue"], json!(["1000000-"]));
        assert_eq!(
            ignored(ProviderName::Pdl, &c, true),
            ["revenue_ranges", "technologies"]
        );
    }

    #[test]
    fn pages_read_back_with_the_next_cursor() {
        let apollo = json!({"people": [{"id": "a1", "name": "Ana Lima", "title": "Head of Sales",
            "organization": {"name": "Acme", "primary_domain": "acme.com"}, "country": "Portugal"}],
            "pagination": {"page": 1, "per_page": 1, "total_entries": 2, "total_pages": 2}});
        let p = page(ProviderName::Apollo, true, &apollo, 1);
        assert_eq!(p.next.as_deref(), Some("2"));
        assert_eq!(p.results[0].company_domain.as_deref(), Some("acme.com"));
        let pdl = json!({"status": 200, "data": [{"id": "p1", "name": "acme", "website": "www.acme.com",
            "employee_count": 40, "inferred_revenue_usd": 5000000, "location": {"locality": "lisbon", "country": "portugal"}}],
            "total": 7, "scroll_token": "next-tok"});
        let p = page(ProviderName::Pdl, false, &pdl, 1);
        assert_eq!(p.next.as_deref(), Some("next-tok"));
        assert_eq!(p.results[0].domain.as_deref(), Some("acme.com"));
        assert_eq!(p.results[0].annual_revenue, Some(5_000_000));
        let rr = json!({"profiles": [], "pagination": {"start": 1, "next": 11, "total": 0}});
        assert_eq!(page(ProviderName::Rocketreach, true, &rr, 10).next, None);
    }
}
