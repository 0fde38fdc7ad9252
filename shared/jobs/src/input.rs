//! Reading a job's records (JSON objects or CSV rows) and checking each one exactly as the single
//! routes check their body, so a record the single route refuses is refused here too, by index.

use crate::model::{JobType, RecordError};
use enrichment::input::{company, person, RawCompany, RawPerson};
use providers::{CompanyInput, PersonInput};
use serde_json::Value;
use std::collections::BTreeMap;
use store::keys::Identifier;

/// One input record as given: field → text (empty values dropped).
pub type RawRecord = BTreeMap<String, String>;

/// The longest value any record field may have (the single routes' own limits are lower for most
/// fields; this only bounds what a chunk message can carry).
const MAX_VALUE_CHARS: usize = 2048;

/// A record's problems, named `<list>[<index>].<field>` like a JSON pointer into the request.
#[derive(Debug, Clone)]
pub struct Invalid {
    pub index: u32,
    pub errors: Vec<RecordError>,
}

/// Turns JSON records into raw records; type errors (a number for `email`, an unknown field) are
/// the record's errors, not the request's, so `on_invalid: skip` can skip just that record.
pub fn from_json(job_type: JobType, items: &[Value]) -> Vec<(RawRecord, Vec<RecordError>)> {
    items
        .iter()
        .map(|item| {
            let mut raw = RawRecord::new();
            let mut errors = Vec::new();
            match item {
                Value::Object(map) => {
                    for (k, v) in map {
                        if !job_type.input_fields().contains(&k.as_str()) {
                            errors.push(err(k, "unknown", "not a field of this record"));
                            continue;
                        }
                        match v {
                            Value::Null => {}
                            Value::String(s) => {
                                if s.chars().count() > MAX_VALUE_CHARS {
                                    errors.push(err(k, "length", "too long"));
                                } else if !s.trim().is_empty() {
                                    raw.insert(k.clone(), s.clone());
                                }
                            }
                            _ => errors.push(err(k, "type", "must be a string")),
                        }
                    }
                }
                _ => errors.push(err("", "type", "each record must be an object")),
            }
            (raw, errors)
        })
        .collect()
}

/// CSV with a header row whose columns are the JSON field names. An unknown column refuses the
/// whole upload (it would be silently ignored in every row otherwise); a row with the wrong
/// number of cells is that record's error.
pub fn from_csv(
    job_type: JobType,
    text: &str,
) -> Result<Vec<(RawRecord, Vec<RecordError>)>, RecordError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| err("", "csv", format!("unreadable header row: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(err("", "csv", "the CSV has no header row"));
    }
    for (i, h) in headers.iter().enumerate() {
        if !job_type.input_fields().contains(&h.as_str()) {
            return Err(err(
                &format!("columns[{i}]"),
                "unknown",
                format!(
                    "unknown column {h:?}; columns are named like the JSON fields: {}",
                    job_type.input_fields().join(", ")
                ),
            ));
        }
        if headers[..i].contains(h) {
            return Err(err(
                &format!("columns[{i}]"),
                "duplicate",
                "column named twice",
            ));
        }
    }
    let mut out = Vec::new();
    for row in reader.records() {
        let mut raw = RawRecord::new();
        let mut errors = Vec::new();
        match row {
            Err(e) => errors.push(err("", "csv", format!("unreadable row: {e}"))),
            Ok(row) => {
                if row.iter().all(str::is_empty) {
                    continue;
                }
                if row.len() != headers.len() {
                    errors.push(err(
                        "",
                        "csv",
                        format!("{} cells where the header has {}", row.len(), headers.len()),
                    ));
                }
                for (h, cell) in headers.iter().zip(row.iter()) {
                    if cell.chars().count() > MAX_VALUE_CHARS {
                        errors.push(err(h, "length", "too long"));
                    } else if !cell.is_empty() {
                        raw.insert(h.clone(), cell.to_owned());
                    }
                }
            }
        }
        out.push((raw, errors));
    }
    Ok(out)
}

fn err(field: &str, code: &str, message: impl Into<String>) -> RecordError {
    RecordError {
        field: field.to_owned(),
        code: code.to_owned(),
        message: message.into(),
    }
}

fn get<'a>(raw: &'a RawRecord, field: &str) -> Option<&'a str> {
    raw.get(field).map(String::as_str)
}

/// A person record read with the single route's rules (`enrichment::input::person`).
pub fn person_input(raw: &RawRecord) -> (PersonInput, Vec<RecordError>) {
    let (input, errors) = person(&RawPerson {
        email: get(raw, "email"),
        linkedin_url: get(raw, "linkedin_url"),
        name: get(raw, "name"),
        first_name: get(raw, "first_name"),
        last_name: get(raw, "last_name"),
        company_domain: get(raw, "company_domain"),
        company_name: get(raw, "company_name"),
    });
    (input, record_errors(errors))
}

/// A company record read with the single route's rules (`enrichment::input::company`).
pub fn company_input(raw: &RawRecord) -> (CompanyInput, Vec<RecordError>) {
    let (input, errors) = company(&RawCompany {
        domain: get(raw, "domain"),
        name: get(raw, "name"),
        tax_id: get(raw, "tax_id"),
        country: get(raw, "country"),
    });
    (input, record_errors(errors))
}

fn record_errors(errors: Vec<kernel::error::FieldError>) -> Vec<RecordError> {
    errors
        .into_iter()
        .map(|e| RecordError {
            field: e.field,
            code: e.code.to_owned(),
            message: e.message,
        })
        .collect()
}

/// The single route's checks on one record; the identifiers that make two records the same
/// (normalised email, LinkedIn URL, name at domain / tax id, domain, name).
pub fn check(job_type: JobType, raw: &RawRecord) -> (Vec<String>, Vec<RecordError>) {
    match job_type {
        JobType::People => {
            let (input, errors) = person_input(raw);
            let mut ids = enrichment::flows::person_identifiers(&input);
            let name = input.full_name.clone().or_else(|| {
                Some(format!(
                    "{} {}",
                    input.first_name.as_deref()?,
                    input.last_name.as_deref()?
                ))
            });
            if let (Some(n), Some(d)) = (name, &input.company_domain) {
                ids.push(Identifier::Name(&format!("{n}@{d}")).text());
            }
            (ids, errors)
        }
        JobType::Companies => {
            let (input, errors) = company_input(raw);
            let mut ids = enrichment::flows::company_identifiers(&input);
            if ids.is_empty() {
                if let Some(n) = &input.name {
                    ids.push(Identifier::Name(n).text());
                }
            }
            (ids, errors)
        }
    }
}

/// Which records repeat an earlier one: index → index of the first record sharing any identifier.
pub fn duplicates(identifiers: &[Vec<String>]) -> BTreeMap<usize, usize> {
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut dups = BTreeMap::new();
    for (i, ids) in identifiers.iter().enumerate() {
        if let Some(primary) = ids.iter().find_map(|id| first.get(id.as_str()).copied()) {
            dups.insert(i, primary);
            continue;
        }
        for id in ids {
            first.insert(id.as_str(), i);
        }
    }
    dups
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_records_report_their_own_type_errors() {
        let got = from_json(
            JobType::People,
            &[
                json!({"email": "a@x.com"}),
                json!({"email": 5}),
                json!({"mail": "a"}),
                json!("x"),
            ],
        );
        assert!(got[0].1.is_empty());
        assert_eq!(got[1].1[0].field, "email");
        assert_eq!(got[2].1[0].code, "unknown");
        assert_eq!(got[3].1[0].code, "type");
    }

    #[test]
    fn csv_header_names_fields_and_unknown_columns_refuse_the_upload() {
        let rows = from_csv(
            JobType::Companies,
            "domain,name\nacme.com,Acme\n,Globex\n\nx.com\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 3, "blank lines are not records");
        assert_eq!(
            rows[0].0.get("domain").map(String::as_str),
            Some("acme.com")
        );
        assert!(!rows[1].0.contains_key("domain"));
        assert_eq!(rows[2].1[0].code, "csv", "short row");
        let e = from_csv(JobType::Companies, "domain,website\nacme.com,x\n").unwrap_err();
        assert_eq!(e.field, "columns[1]");
    }

    #[test]
    fn records_sharing_any_identifier_are_duplicates_of_the_first() {
        let ids = |r: serde_json::Value| {
            let (raw, _) = from_json(JobType::People, &[r]).remove(0);
            check(JobType::People, &raw).0
        };
        let all = vec![
            ids(json!({"email": "Ana@Acme.com"})),
            ids(json!({"email": "bob@acme.com"})),
            ids(json!({"email": " ana@acme.COM ", "linkedin_url": "linkedin.com/in/ana"})),
            ids(json!({"linkedin_url": "https://www.linkedin.com/in/ana/"})),
        ];
        let d = duplicates(&all);
        assert_eq!(d.get(&2), Some(&0));
        assert_eq!(
            d.get(&3),
            None,
            "3 shares only with a duplicate, whose ids are not registered"
        );
        assert_eq!(d.len(), 1);
    }
}
