//! The bodies of `PATCH /v1/people/{id}` and `PATCH /v1/companies/{id}`: every editable field with
//! its declared type, the same type the OpenAPI document shows.
//!
//! A field may be absent (unchanged), `null` (removed) or a value of its type. A value of another
//! type or a key given twice is a 400 naming the field; a key that is not an editable field, and a
//! value of the right type that fails [`super::merge::validate_field`] (formats, ranges, control
//! characters), is a 422 naming it.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Absent → `None`; `null` → `Some(None)`; a value → `Some(Some(v))`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A field's schema with its description (and, in records, its format).
fn described(
    schema: utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
    description: &str,
    format: Option<utoipa::openapi::SchemaFormat>,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::Schema;
    use utoipa::openapi::RefOr;
    let text = description
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned();
    match schema {
        RefOr::T(Schema::Object(mut o)) => {
            o.description = Some(text);
            if format.is_some() {
                o.format = format;
            }
            RefOr::T(Schema::Object(o))
        }
        RefOr::T(Schema::Array(mut a)) => {
            a.description = Some(text);
            RefOr::T(Schema::Array(a))
        }
        other => other,
    }
}

/// The format a stored value always has (stored values are normalised; a request's value need
/// not be, so edits do not declare it).
fn stored_format(field: &str) -> Option<utoipa::openapi::SchemaFormat> {
    use utoipa::openapi::{KnownFormat, SchemaFormat};
    match field {
        "email" => Some(SchemaFormat::KnownFormat(KnownFormat::Email)),
        "linkedin_url" => Some(SchemaFormat::Custom("uri".into())),
        _ => None,
    }
}

/// One list of a kind's fields with their types and descriptions gives three schemas: the PATCH
/// body (`$name`), the record's `data` (`$data`: every field typed, custom fields as additional
/// properties) and its `provenance` (`$prov`: field → [`super::merge::Provenance`]).
macro_rules! patch_body {
    ($(#[$meta:meta])* $name:ident, $data:ident, $prov:ident {
        $($(#[doc = $doc:literal])* $field:ident : $ty:ty),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                #[serde(default, deserialize_with = "present")]
                #[schema(value_type = Option<$ty>, nullable)]
                pub $field: Option<Option<$ty>>,
            )+
            /// The version last read: the edit is refused (409) if the record changed since.
            #[serde(default, deserialize_with = "kernel::bounds::version")]
            pub version: Option<u64>,
            /// `true`: scheduled re-enrichment keeps the record fresh; `false`: it stops.
            pub watch: Option<bool>,
            /// Keys that are not editable fields: refused with a 422 naming each (`unknown`).
            #[serde(flatten)]
            #[schema(ignore)]
            pub unknown: std::collections::BTreeMap<String, Value>,
        }

        impl $name {
            /// The editable fields, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];

            /// Field → new value (`None` removes it), for the fields the body names.
            pub fn changes(&self) -> Result<Vec<(String, Option<Value>)>, serde_json::Error> {
                let mut out = Vec::new();
                $(
                    if let Some(v) = &self.$field {
                        let value = match v {
                            Some(v) => Some(serde_json::to_value(v)?),
                            None => None,
                        };
                        out.push((stringify!($field).to_owned(), value));
                    }
                )+
                Ok(out)
            }
        }

        /// A record's fields: each one the platform keeps, typed; a field is absent until a
        /// source or a user gives it. Other keys are custom fields.
        pub struct $data;

        impl utoipa::PartialSchema for $data {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder};
                let mut o = ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Object)
                    .description(Some(
                        "The record's fields: each one the platform keeps, typed (absent until a \
                         source or a user gives it); other keys are custom fields",
                    ));
                $(
                    o = o.property(
                        stringify!($field),
                        described(
                            <$ty as utoipa::PartialSchema>::schema(),
                            concat!($($doc, "\n",)* ""),
                            stored_format(stringify!($field)),
                        ),
                    );
                )+
                o.additional_properties(Some(AdditionalProperties::FreeForm(true)))
                    .into()
            }
        }

        impl utoipa::ToSchema for $data {}

        /// Field → where its value came from, how sure, and when (the fields of `data`).
        pub struct $prov;

        impl utoipa::PartialSchema for $prov {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{ObjectBuilder, Ref};
                let provenance = || Ref::from_schema_name("Provenance");
                let mut o = ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Object)
                    .description(Some(
                        "Field → where its value came from, how sure, and when (one entry per \
                         field of data, custom fields included)",
                    ));
                $(
                    o = o.property(stringify!($field), provenance());
                )+
                o.additional_properties(Some(provenance())).into()
            }
        }

        impl utoipa::ToSchema for $prov {
            fn schemas(
                schemas: &mut Vec<(
                    String,
                    utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
                )>,
            ) {
                use utoipa::ToSchema;
                type P = super::merge::Provenance;
                schemas.push((P::name().into(), <P as utoipa::PartialSchema>::schema()));
                <P as ToSchema>::schemas(schemas);
            }
        }
    };
}

patch_body! {
    /// Fields of a person to change: a value sets it (marked `source: user`), `null` removes it.
    PersonPatch, PersonData, PersonProvenance {
        /// The full name as sources and users give it.
        full_name: String,
        /// Given name.
        first_name: String,
        /// Family name.
        last_name: String,
        /// Work email, lower-cased.
        email: String,
        /// What the last check of the address said (`valid`, `invalid`, `catch_all`, `unknown`,
        /// or a verifier's own word).
        email_status: String,
        /// Job title.
        title: String,
        /// Profile headline.
        headline: String,
        /// LinkedIn profile, as `https://www.linkedin.com/in/<handle>`.
        linkedin_url: String,
        /// Phone number as the source gives it.
        phone: String,
        /// City.
        city: String,
        /// Region or state.
        region: String,
        /// Country.
        country: String,
        /// The employer's name.
        company_name: String,
        /// The employer's domain (lower-case host name).
        company_domain: String,
        /// Twitter/X profile URL.
        twitter_url: String,
        /// GitHub profile URL.
        github_url: String,
        /// Photo URL.
        photo_url: String,
    }
}

patch_body! {
    /// Fields of a company to change: a value sets it (marked `source: user`), `null` removes it.
    CompanyPatch, CompanyData, CompanyProvenance {
        /// Trading name.
        name: String,
        /// Registered legal name.
        legal_name: String,
        /// Primary domain (lower-case host name).
        domain: String,
        /// Website URL.
        website: String,
        /// LinkedIn company page, as `https://www.linkedin.com/company/<handle>`.
        linkedin_url: String,
        /// Industry.
        industry: String,
        /// Number of employees.
        employee_count: i64,
        /// Year the company was founded (1600–2100).
        founded_year: i64,
        /// What the company does.
        description: String,
        /// Registered street address.
        address: String,
        /// City.
        city: String,
        /// Region or state.
        region: String,
        /// Postal code.
        postal_code: String,
        /// Country.
        country: String,
        /// Main phone number.
        phone: String,
        /// General contact email, lower-cased.
        email: String,
        /// Tax or company registration number (checked with its check digits).
        tax_id: String,
        /// Status in the company register (for instance `active`).
        registration_status: String,
        /// Technologies the company uses.
        technologies: Vec<String>,
        /// Total funding raised, in US dollars.
        total_funding: f64,
        /// Funding stage (for instance `series_a`).
        funding_stage: String,
        /// Annual revenue, in US dollars.
        annual_revenue: f64,
    }
}

/// A LinkedIn profile or company page as an edit gives it: with or without scheme and `www.` (or a
/// country subdomain), then `in/`, `company/` or `pub/` and a handle.
const LINKEDIN: &str = "^(?:https?://)?(?:www\\.|[a-z]{2}\\.)?linkedin\\.com/(?:in|company|pub)/[^/?#\\u0000-\\u0020\\u007F-\\u009F]+(?:[/?#][^\\u0000-\\u0020\\u007F-\\u009F]*)?$";

/// The rule a value given to `field` by an edit must meet, as JSON Schema keywords (the same
/// value the OpenAPI document states for the field) and in words. The handler applies the
/// keywords with [`kernel::schema::satisfies`], then normalises the value
/// ([`super::merge::validate_field`]), which accepts whatever the rule lets through.
pub fn edit_rule(field: &str) -> (Value, &'static str) {
    use serde_json::json;
    let line =
        json!({"minLength": 1, "maxLength": 2000, "pattern": kernel::text::ONE_LINE_NOT_BLANK});
    match field {
        "email" => (
            json!({"format": "email", "maxLength": 254}),
            "an email address",
        ),
        "domain" | "company_domain" => (
            json!({"maxLength": 253, "pattern": kernel::web::HOSTNAME}),
            "a host name such as acme.com (a leading www. is dropped)",
        ),
        "linkedin_url" => (
            json!({"maxLength": 2000, "pattern": LINKEDIN}),
            "a LinkedIn URL such as https://www.linkedin.com/in/<handle>",
        ),
        "website" | "photo_url" | "twitter_url" | "github_url" => (
            json!({"maxLength": 2000, "pattern": *kernel::web::WEB_URL}),
            "an http or https URL on a host name, at most 2,000 characters",
        ),
        "employee_count" => (
            json!({"minimum": 1, "maximum": 999_999_999_999_i64}),
            "a whole number from 1",
        ),
        "founded_year" => (
            json!({"minimum": 1600, "maximum": 2100}),
            "a year from 1600 to 2100",
        ),
        "total_funding" | "annual_revenue" => (json!({"exclusiveMinimum": 0}), "an amount above 0"),
        "technologies" => (
            json!({"minItems": 1, "maxItems": 100, "items": {"type": "string", "minLength": 1,
                "maxLength": 200, "pattern": kernel::text::ONE_LINE_NOT_BLANK}}),
            "1 to 100 names, each 1 to 200 characters on one line",
        ),
        f if kernel::text::MULTILINE_FIELDS.contains(&f) => (
            json!({"minLength": 1, "maxLength": 2000,
                "pattern": kernel::text::MULTILINE_NOT_BLANK}),
            "1 to 2,000 characters, not blank",
        ),
        _ => (line, "1 to 2,000 characters on one line, not blank"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use providers::{COMPANY_FIELDS, PERSON_FIELDS};

    #[test]
    fn every_kept_field_is_editable_with_a_declared_type() {
        let mut person = PersonPatch::FIELDS.to_vec();
        let mut kept = PERSON_FIELDS.to_vec();
        person.sort_unstable();
        kept.sort_unstable();
        assert_eq!(person, kept);
        let mut company = CompanyPatch::FIELDS.to_vec();
        let mut kept = COMPANY_FIELDS.to_vec();
        company.sort_unstable();
        kept.sort_unstable();
        assert_eq!(company, kept);
    }

    #[test]
    fn absent_null_and_values_differ_and_wrong_types_are_refused() {
        let p: PersonPatch =
            serde_json::from_str(r#"{"title":"CTO","city":null,"version":3}"#).unwrap();
        assert_eq!(
            p.changes().unwrap(),
            vec![
                ("title".to_owned(), Some(Value::from("CTO"))),
                ("city".to_owned(), None)
            ]
        );
        assert_eq!(p.version, Some(3));
        let unknown: PersonPatch = serde_json::from_str(r#"{"nickname":"x"}"#).unwrap();
        assert!(unknown.unknown.contains_key("nickname"));
        for bad in [
            r#"{"title":12345}"#,
            r#"{"full_name":true}"#,
            r#"{"title":"a","title":"b"}"#,
        ] {
            assert!(serde_json::from_str::<PersonPatch>(bad).is_err(), "{bad}");
        }
        let c: CompanyPatch =
            serde_json::from_str(r#"{"employee_count":120,"technologies":["rust"]}"#).unwrap();
        assert_eq!(c.changes().unwrap().len(), 2);
        assert!(serde_json::from_str::<CompanyPatch>(r#"{"employee_count":"many"}"#).is_err());
    }

    /// The schema never promises more than the handler keeps: what an edit rule accepts, the
    /// field's normaliser keeps; and the rule refuses what a user would call wrong.
    #[test]
    fn what_an_edit_rule_accepts_the_field_keeps() {
        use crate::merge::validate_field;
        use kernel::schema::satisfies;
        use serde_json::json;
        let kept = [
            (
                "linkedin_url",
                json!("https://www.linkedin.com/in/jane-doe"),
            ),
            ("linkedin_url", json!("br.linkedin.com/in/José-Silva")),
            ("linkedin_url", json!("linkedin.com/company/acme?trk=x")),
            ("domain", json!("www.acme.com.br")),
            ("company_domain", json!("ACME.io")),
            ("website", json!("http://acme.com:8080/a?b")),
            ("photo_url", json!("https://cdn.acme.com/p/1.png")),
            ("employee_count", json!(1)),
            ("employee_count", json!(999_999_999_999_i64)),
            ("founded_year", json!(1600)),
            ("total_funding", json!(0.5)),
            ("technologies", json!(["rust", " go "])),
            ("description", json!("line one\n\tline two")),
            ("title", json!(" CEO ")),
            ("email", json!("Jane@Acme.com")),
        ];
        for (field, value) in kept {
            let (rule, _) = edit_rule(field);
            assert!(satisfies(&rule, &value), "{field}: {value} should pass");
            assert!(
                validate_field(field, &value).is_some(),
                "{field}: {value} not kept"
            );
        }
        let refused = [
            ("linkedin_url", json!("https://linkedin.com/feed/x")),
            ("linkedin_url", json!("https://www.linkedin.com/in/")),
            ("linkedin_url", json!(" linkedin.com/in/x")),
            ("domain", json!("acme")),
            ("domain", json!("-acme.com")),
            ("domain", json!("https://acme.com")),
            ("website", json!("acme.com")),
            ("website", json!("ftp://acme.com")),
            ("employee_count", json!(0)),
            ("founded_year", json!(1599)),
            ("total_funding", json!(0)),
            ("technologies", json!([])),
            ("technologies", json!(["ok", " "])),
            ("title", json!("  ")),
            ("title", json!("a\tb")),
            ("description", json!(" \n ")),
        ];
        for (field, value) in refused {
            assert!(
                !satisfies(&edit_rule(field).0, &value),
                "{field}: {value} should fail"
            );
        }
    }
}
