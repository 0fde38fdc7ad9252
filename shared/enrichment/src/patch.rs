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

macro_rules! patch_body {
    ($(#[$meta:meta])* $name:ident { $($field:ident : $ty:ty),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
        pub struct $name {
            $(
                #[serde(default, deserialize_with = "present")]
                #[schema(value_type = Option<$ty>, nullable)]
                pub $field: Option<Option<$ty>>,
            )+
            /// The version last read: the edit is refused (409) if the record changed since.
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
    };
}

patch_body! {
    /// Fields of a person to change: a value sets it (marked `source: user`), `null` removes it.
    PersonPatch {
        full_name: String,
        first_name: String,
        last_name: String,
        email: String,
        email_status: String,
        title: String,
        headline: String,
        linkedin_url: String,
        phone: String,
        city: String,
        region: String,
        country: String,
        company_name: String,
        company_domain: String,
        twitter_url: String,
        github_url: String,
        photo_url: String,
    }
}

patch_body! {
    /// Fields of a company to change: a value sets it (marked `source: user`), `null` removes it.
    CompanyPatch {
        name: String,
        legal_name: String,
        domain: String,
        website: String,
        linkedin_url: String,
        industry: String,
        employee_count: i64,
        founded_year: i64,
        description: String,
        address: String,
        city: String,
        region: String,
        postal_code: String,
        country: String,
        phone: String,
        email: String,
        tax_id: String,
        registration_status: String,
        technologies: Vec<String>,
        total_funding: f64,
        funding_stage: String,
        annual_revenue: f64,
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
}
