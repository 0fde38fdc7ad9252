//! What makes a person identifiable, checked before any provider is paid: the single route, bulk
//! jobs and any worker read input through here, so they accept and refuse exactly the same records.

use kernel::error::FieldError;
use kernel::taxid::{self, TaxIdError, TaxIdKind};
use providers::{normalise_domain, normalise_email, normalise_linkedin, CompanyInput, PersonInput};

/// A person as a caller describes them (field names as in the API).
#[derive(Debug, Clone, Copy, Default)]
pub struct RawPerson<'a> {
    pub email: Option<&'a str>,
    pub linkedin_url: Option<&'a str>,
    pub name: Option<&'a str>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub company_domain: Option<&'a str>,
    pub company_name: Option<&'a str>,
}

/// The normalised input and every field error (empty when the person is identifiable): an email,
/// a LinkedIn URL, or a name (full, or first and last) with a company domain.
pub fn person(raw: &RawPerson<'_>) -> (PersonInput, Vec<FieldError>) {
    let mut errors = Vec::new();
    let input = PersonInput {
        email: normalised(
            raw.email,
            "email",
            normalise_email,
            "email address",
            &mut errors,
        ),
        linkedin_url: normalised(
            raw.linkedin_url,
            "linkedin_url",
            normalise_linkedin,
            "LinkedIn profile URL",
            &mut errors,
        ),
        full_name: text(raw.name, "name", 200, &mut errors),
        first_name: text(raw.first_name, "first_name", 100, &mut errors),
        last_name: text(raw.last_name, "last_name", 100, &mut errors),
        company_domain: normalised(
            raw.company_domain,
            "company_domain",
            normalise_domain,
            "domain",
            &mut errors,
        ),
        company_name: text(raw.company_name, "company_name", 200, &mut errors),
    };
    let has_name =
        input.full_name.is_some() || (input.first_name.is_some() && input.last_name.is_some());
    let identified = input.email.is_some()
        || input.linkedin_url.is_some()
        || (has_name && input.company_domain.is_some());
    if errors.is_empty() && !identified {
        errors.push(FieldError::body(
            "email",
            "required",
            "give email, linkedin_url, or name (or first_name and last_name) with company_domain",
        ));
    }
    (input, errors)
}

pub fn text(
    value: Option<&str>,
    field: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    if v.chars().count() > max {
        errors.push(FieldError::body(
            field,
            "length",
            format!("at most {max} characters"),
        ));
        return None;
    }
    if let Err(e) = kernel::text::check_line(v) {
        errors.push(FieldError::body(field, e.code(), e.message()));
        return None;
    }
    Some(v.to_owned())
}

pub fn normalised(
    value: Option<&str>,
    field: &str,
    normalise: fn(&str) -> Option<String>,
    what: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    let n = normalise(v);
    if n.is_none() {
        errors.push(FieldError::body(
            field,
            "invalid",
            format!("not a valid {what}"),
        ));
    }
    n
}

/// A company as a caller describes it.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawCompany<'a> {
    pub domain: Option<&'a str>,
    pub name: Option<&'a str>,
    pub tax_id: Option<&'a str>,
    pub country: Option<&'a str>,
}

/// The normalised input and every field error (empty when the company is identifiable): a domain,
/// a name, or a tax id with its country, the tax id validated offline (check digits included).
pub fn company(raw: &RawCompany<'_>) -> (CompanyInput, Vec<FieldError>) {
    let mut errors = Vec::new();
    let input = CompanyInput {
        domain: domain(raw.domain, "domain", &mut errors),
        name: name(raw.name, &mut errors),
        tax_id: tax_id(raw.tax_id, raw.country, &mut errors),
    };
    if errors.is_empty() && input.domain.is_none() && input.name.is_none() && input.tax_id.is_none()
    {
        errors.push(FieldError::body(
            "domain",
            "required",
            "give domain, name, or tax_id with country",
        ));
    }
    (input, errors)
}

/// A tax id checked offline: format and check digits. A bad one is a 422 naming `tax_id` and costs
/// no provider call.
pub fn tax_id(
    raw: Option<&str>,
    country: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> Option<taxid::ValidTaxId> {
    let raw = raw.map(str::trim).filter(|v| !v.is_empty())?;
    let Some(country) = country.map(str::trim).filter(|c| !c.is_empty()) else {
        errors.push(FieldError::body(
            "country",
            "required",
            "give the tax id's country (BR, AR or MX)",
        ));
        return None;
    };
    let Some(kind) = TaxIdKind::for_company_in(country) else {
        errors.push(FieldError::body(
            "country",
            "unsupported",
            "tax ids are supported for BR (CNPJ), AR (CUIT) and MX (RFC)",
        ));
        return None;
    };
    match taxid::validate(kind, raw) {
        Ok(v) => Some(v),
        Err(TaxIdError::Format) => {
            errors.push(FieldError::body(
                "tax_id",
                "format",
                format!("not a {} in a valid format", kind.as_str().to_uppercase()),
            ));
            None
        }
        Err(TaxIdError::CheckDigit) => {
            errors.push(FieldError::body(
                "tax_id",
                "check_digit",
                format!(
                    "the {}'s check digits do not match",
                    kind.as_str().to_uppercase()
                ),
            ));
            None
        }
    }
}

pub fn domain(raw: Option<&str>, field: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let v = raw.map(str::trim).filter(|v| !v.is_empty())?;
    let d = normalise_domain(v);
    if d.is_none() {
        errors.push(FieldError::body(field, "invalid", "not a valid domain"));
    }
    d
}

pub fn name(raw: Option<&str>, errors: &mut Vec<FieldError>) -> Option<String> {
    let v = raw.map(str::trim).filter(|v| !v.is_empty())?;
    if v.chars().count() > 200 {
        errors.push(FieldError::body("name", "length", "at most 200 characters"));
        return None;
    }
    if let Err(e) = kernel::text::check_line(v) {
        errors.push(FieldError::body("name", e.code(), e.message()));
        return None;
    }
    Some(v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiable_people_and_named_refusals() {
        let (input, errors) = person(&RawPerson {
            email: Some(" Ana@Acme.COM "),
            ..RawPerson::default()
        });
        assert!(errors.is_empty());
        assert_eq!(input.email.as_deref(), Some("ana@acme.com"));
        let (_, errors) = person(&RawPerson {
            name: Some("Ana Souza"),
            ..RawPerson::default()
        });
        assert_eq!(errors[0].field, "email", "a name alone does not identify");
        let (_, errors) = person(&RawPerson {
            name: Some("Ana\u{0}"),
            company_domain: Some("acme.com"),
            ..RawPerson::default()
        });
        assert_eq!(errors[0].field, "name");
        assert_eq!(errors[0].code, "control_character");
    }
}
