//! How a source's records become contacts: a mapping from contact fields (`email`, `first_name`,
//! `last_name`, `language`, `country`, `attributes.<name>`) to where each value is found (a JSON
//! pointer into a feed's item, or a CSV column's header), the presets of the named feeds, and
//! the CSV reader.

use kernel::error::FieldError;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The contact fields a mapping may fill.
const FIELDS: [&str; 5] = ["email", "first_name", "last_name", "language", "country"];
/// Entries one mapping may have.
pub const MAX_MAPPING: usize = 30;

/// A preset's feed shape: where the items are, where the next page's cursor is, the query
/// parameter that asks for it, and the mapping.
pub struct Preset {
    pub items_path: &'static str,
    pub next_cursor_path: &'static str,
    pub cursor_param: &'static str,
    pub mapping: &'static [(&'static str, &'static str)],
}

/// Scraper-Pro's contacts export, as assumed here (no public spec): `GET <url>?cursor=<c>`
/// answers `{"data": [{"email", "first_name", "last_name", "company", "website", "phone",
/// "country", "language"}], "next_cursor": "…" | null}`.
pub const SCRAPER_PRO: Preset = Preset {
    items_path: "/data",
    next_cursor_path: "/next_cursor",
    cursor_param: "cursor",
    mapping: &[
        ("email", "/email"),
        ("first_name", "/first_name"),
        ("last_name", "/last_name"),
        ("country", "/country"),
        ("language", "/language"),
        ("attributes.company", "/company"),
        ("attributes.website", "/website"),
        ("attributes.phone", "/phone"),
    ],
};

/// Backlink Engine's prospects export, as assumed here: `GET <url>?page_token=<t>` answers
/// `{"results": [{"contact_email", "contact_first_name", "contact_last_name", "domain",
/// "domain_rating", "country_code"}], "next_page_token": "…" | null}`.
pub const BACKLINK_ENGINE: Preset = Preset {
    items_path: "/results",
    next_cursor_path: "/next_page_token",
    cursor_param: "page_token",
    mapping: &[
        ("email", "/contact_email"),
        ("first_name", "/contact_first_name"),
        ("last_name", "/contact_last_name"),
        ("country", "/country_code"),
        ("attributes.domain", "/domain"),
        ("attributes.domain_rating", "/domain_rating"),
    ],
};

/// Whether `field` is a contact field a mapping may fill.
fn target_is_valid(field: &str) -> bool {
    FIELDS.contains(&field)
        || field.strip_prefix("attributes.").is_some_and(|name| {
            (1..=64).contains(&name.len())
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
}

/// Checks a mapping: its targets, and its sources (JSON pointers for a feed, header names for a
/// CSV); `email` must be mapped.
pub fn check(mapping: &BTreeMap<String, String>, json: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if mapping.len() > MAX_MAPPING {
        errors.push(FieldError::body(
            "mapping",
            "too_many",
            format!("at most {MAX_MAPPING} fields"),
        ));
    }
    if !mapping.contains_key("email") {
        errors.push(FieldError::body(
            "mapping.email",
            "required",
            "where each record's email address is",
        ));
    }
    for (field, from) in mapping {
        if !target_is_valid(field) {
            errors.push(FieldError::body(
                format!("mapping.{field}"),
                "unknown",
                "email, first_name, last_name, language, country or attributes.<name>",
            ));
            continue;
        }
        let ok = if json {
            (from.is_empty() || from.starts_with('/')) && from.len() <= 256
        } else {
            (1..=128).contains(&from.trim().len())
        };
        if !ok {
            errors.push(FieldError::body(
                format!("mapping.{field}"),
                "invalid",
                if json {
                    "a JSON pointer into a record, such as /email or /contact/name"
                } else {
                    "a column's header, 1 to 128 characters"
                },
            ));
        }
    }
    errors
}

/// The contact fields of one feed item, as a contact body (`None`: the item is not an object).
pub fn from_item(item: &Value, mapping: &BTreeMap<String, String>) -> Option<Map<String, Value>> {
    if !item.is_object() {
        return None;
    }
    let mut out = Map::new();
    for (field, pointer) in mapping {
        if let Some(v) = item.pointer(pointer).filter(|v| !v.is_null()) {
            put(&mut out, field, v.clone());
        }
    }
    Some(out)
}

/// The contact fields of one CSV row (`columns`: each mapped field's column index).
pub fn from_row(row: &[String], columns: &[(String, usize)]) -> Map<String, Value> {
    let mut out = Map::new();
    for (field, i) in columns {
        if let Some(v) = row.get(*i).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            put(&mut out, field, Value::String(v.to_owned()));
        }
    }
    out
}

fn put(out: &mut Map<String, Value>, field: &str, v: Value) {
    match field.strip_prefix("attributes.") {
        Some(name) => {
            let attrs = out
                .entry("attributes")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(a) = attrs {
                a.insert(name.to_owned(), v);
            }
        }
        None => {
            // A feed may give a number where a text is meant (a numeric id as a name): as text.
            let v = match v {
                Value::Number(n) => Value::String(n.to_string()),
                v => v,
            };
            out.insert(field.to_owned(), v);
        }
    }
}

/// Where each mapped field is among the CSV's headers (matched case-insensitively, trimmed);
/// without a mapping, the columns named as the fields are (`email`, `first_name`, ...). An error
/// per mapped header the file does not have.
pub fn columns(
    headers: &[String],
    mapping: &BTreeMap<String, String>,
) -> Result<Vec<(String, usize)>, Vec<FieldError>> {
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
    };
    if mapping.is_empty() {
        let found: Vec<(String, usize)> = FIELDS
            .iter()
            .filter_map(|f| find(f).map(|i| ((*f).to_owned(), i)))
            .collect();
        if !found.iter().any(|(f, _)| f == "email") {
            return Err(vec![FieldError::body(
                "file",
                "no_email_column",
                "the file has no email column: name one `email`, or give the source a mapping",
            )]);
        }
        return Ok(found);
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (field, header) in mapping {
        match find(header) {
            Some(i) => out.push((field.clone(), i)),
            None => errors.push(FieldError::body(
                format!("mapping.{field}"),
                "missing_column",
                format!("the file has no column `{header}`"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A CSV file read: its headers and rows (each with its line number).
pub struct Csv {
    pub headers: Vec<String>,
    pub rows: Vec<(u32, Vec<String>)>,
}

/// Rows one import may hold.
pub const MAX_ROWS: usize = 100_000;

/// Reads a CSV file (UTF-8, a header line first; comma, semicolon or tab separated, told by the
/// header line). Blank lines are skipped.
pub fn read_csv(bytes: &[u8]) -> Result<Csv, FieldError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| FieldError::body("file", "encoding", "the file is not UTF-8 text"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| FieldError::body("file", "invalid", format!("the header line: {e}")))?
        .iter()
        .map(str::to_owned)
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(FieldError::body(
            "file",
            "empty",
            "the file has no header line",
        ));
    }
    let mut rows = Vec::new();
    let body = text.as_bytes();
    let (mut line, mut counted_to) = (0u32, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            FieldError::body("file", "invalid", format!("line {line}: {e}"))
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(FieldError::body(
                "file",
                "too_large",
                format!("at most {MAX_ROWS} rows an import"),
            ));
        }
        // The line from the record's byte offset (the reader's own count leaves out blank
        // lines), counted on from the previous record's.
        let mut at = record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(body.len());
        // The position is where the reader began, before the blank lines it skipped.
        while at < body.len() && matches!(body[at], b'\n' | b'\r') {
            at += 1;
        }
        if at > counted_to {
            line += body[counted_to..at].iter().filter(|b| **b == b'\n').count() as u32;
            counted_to = at;
        }
        rows.push((line + 1, record.iter().map(str::to_owned).collect()));
    }
    Ok(Csv { headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapping(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn presets_map_their_documented_shapes() {
        let m = mapping(SCRAPER_PRO.mapping);
        assert!(check(&m, true).is_empty());
        let item = json!({"email": "ana@globex.com", "first_name": "Ana", "company": "Globex", "phone": null});
        let body = from_item(&item, &m).unwrap();
        assert_eq!(body["email"], "ana@globex.com");
        assert_eq!(body["attributes"], json!({"company": "Globex"}));
        let m = mapping(BACKLINK_ENGINE.mapping);
        let item =
            json!({"contact_email": "li@wayne.com", "domain": "wayne.com", "domain_rating": 71});
        let body = from_item(&item, &m).unwrap();
        assert_eq!(body["email"], "li@wayne.com");
        assert_eq!(body["attributes"]["domain_rating"], 71);
        assert!(from_item(&json!("text"), &m).is_none());
    }

    #[test]
    fn mappings_are_checked() {
        let errs = check(&mapping(&[("phone", "/p"), ("first_name", "name")]), true);
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["mapping.email", "mapping.first_name", "mapping.phone"]
        );
        assert!(check(&mapping(&[("email", "E-mail")]), false).is_empty());
    }

    #[test]
    fn csv_headers_are_matched_and_rows_numbered() {
        let csv = read_csv(b"\xef\xbb\xbfE-mail;Name\nana@globex.com;Ana\n\n li@wayne.com ;Li\n")
            .unwrap();
        assert_eq!(csv.headers, vec!["E-mail", "Name"]);
        assert_eq!(csv.rows.len(), 2);
        assert_eq!(csv.rows[1].0, 4);
        let cols = columns(
            &csv.headers,
            &mapping(&[("email", "e-mail"), ("first_name", "NAME")]),
        )
        .unwrap();
        let body = from_row(&csv.rows[1].1, &cols);
        assert_eq!(body["email"], "li@wayne.com");
        assert_eq!(body["first_name"], "Li");
        let missing = columns(&csv.headers, &mapping(&[("email", "mail")])).unwrap_err();
        assert_eq!(missing[0].field, "mapping.email");
        assert!(columns(&csv.headers, &BTreeMap::new()).is_err());
        assert!(read_csv(b"\xff\xfe").is_err());
    }
}
