//! Offline validation of Latin-American tax ids (CNPJ, CPF, CUIT, RFC) before any paid registry
//! lookup: a malformed id or a wrong check digit is refused here, at no provider cost.
//!
//! Algorithms as recorded in `design/providers.md`. RFC check digits are only a warning: about 1.5%
//! of RFCs in real use carry a wrong one, and refusing them would refuse real companies.

use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaxIdKind {
    /// Brazil, companies: 14 characters, the first 12 digits or (from 2026) upper-case letters.
    Cnpj,
    /// Brazil, people: 11 digits.
    Cpf,
    /// Argentina: 11 digits with a known prefix.
    Cuit,
    /// Mexico: 12 (companies) or 13 (people) characters.
    Rfc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TaxIdError {
    #[error("the id does not have the format of its kind")]
    Format,
    #[error("the check digits do not match")]
    CheckDigit,
}

/// A valid id in canonical form (no punctuation, upper case) and what deserves a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTaxId {
    pub kind: TaxIdKind,
    pub value: String,
    pub warnings: Vec<&'static str>,
}

/// Strips the usual punctuation (`.`, `/`, `-`, spaces) and upper-cases.
fn canonical(raw: &str) -> String {
    raw.chars()
        .filter(|c| !matches!(c, '.' | '/' | '-' | ' '))
        .flat_map(char::to_uppercase)
        .collect()
}

impl TaxIdKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cnpj => "cnpj",
            Self::Cpf => "cpf",
            Self::Cuit => "cuit",
            Self::Rfc => "rfc",
        }
    }

    /// The kind of company id a country uses (ISO 3166 alpha-2).
    pub fn for_company_in(country: &str) -> Option<Self> {
        match country.trim().to_ascii_uppercase().as_str() {
            "BR" => Some(Self::Cnpj),
            "AR" => Some(Self::Cuit),
            "MX" => Some(Self::Rfc),
            _ => None,
        }
    }
}

pub fn validate(kind: TaxIdKind, raw: &str) -> Result<ValidTaxId, TaxIdError> {
    let value = canonical(raw);
    let warnings = match kind {
        TaxIdKind::Cnpj => cnpj(&value).map(|()| Vec::new())?,
        TaxIdKind::Cpf => cpf(&value).map(|()| Vec::new())?,
        TaxIdKind::Cuit => cuit(&value).map(|()| Vec::new())?,
        TaxIdKind::Rfc => rfc(&value)?,
    };
    Ok(ValidTaxId {
        kind,
        value,
        warnings,
    })
}

fn weighted(values: &[u32], weights: &[u32]) -> u32 {
    values.iter().zip(weights).map(|(v, w)| v * w).sum()
}

fn cnpj(v: &str) -> Result<(), TaxIdError> {
    let b = v.as_bytes();
    let body_ok = b.len() == 14
        && b[..12]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && b[12..].iter().all(u8::is_ascii_digit);
    if !body_ok || b.iter().all(|c| *c == b[0]) {
        return Err(TaxIdError::Format);
    }
    // Character value = ASCII − 48: digits keep their value, 'A' is 17.
    let values: Vec<u32> = b.iter().map(|c| u32::from(*c) - 48).collect();
    let digit = |n: usize, weights: &[u32]| {
        let r = weighted(&values[..n], weights) % 11;
        if r < 2 {
            0
        } else {
            11 - r
        }
    };
    let d1 = digit(12, &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    let d2 = digit(13, &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    if values[12] == d1 && values[13] == d2 {
        Ok(())
    } else {
        Err(TaxIdError::CheckDigit)
    }
}

fn digits(v: &str, len: usize) -> Result<Vec<u32>, TaxIdError> {
    if v.len() != len || !v.bytes().all(|c| c.is_ascii_digit()) {
        return Err(TaxIdError::Format);
    }
    Ok(v.bytes().map(|c| u32::from(c - b'0')).collect())
}

fn cpf(v: &str) -> Result<(), TaxIdError> {
    let d = digits(v, 11)?;
    if d.iter().all(|x| *x == d[0]) {
        return Err(TaxIdError::Format);
    }
    let digit = |n: usize| {
        let weights: Vec<u32> = (2..=u32::try_from(n).unwrap_or(0) + 1).rev().collect();
        (11 - weighted(&d[..n], &weights) % 11) % 11 % 10
    };
    if d[9] == digit(9) && d[10] == digit(10) {
        Ok(())
    } else {
        Err(TaxIdError::CheckDigit)
    }
}

fn cuit(v: &str) -> Result<(), TaxIdError> {
    let d = digits(v, 11)?;
    if !["20", "23", "24", "27", "30", "33", "34", "50", "51", "55"].contains(&&v[..2]) {
        return Err(TaxIdError::Format);
    }
    let c = weighted(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
    let expected = b"012345678990"[(11 - c) as usize];
    if u32::from(expected - b'0') == d[10] {
        Ok(())
    } else {
        Err(TaxIdError::CheckDigit)
    }
}

const RFC_ALPHABET: &str = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ";

fn rfc(v: &str) -> Result<Vec<&'static str>, TaxIdError> {
    let chars: Vec<char> = v.chars().collect();
    let letters = match chars.len() {
        12 => 3,
        13 => 4,
        _ => return Err(TaxIdError::Format),
    };
    let is_letter = |c: &char| c.is_ascii_uppercase() || *c == '&' || *c == 'Ñ';
    let date = &chars[letters..letters + 6];
    let homoclave = &chars[letters + 6..];
    let month: u32 = date[2..4]
        .iter()
        .collect::<String>()
        .parse()
        .map_err(|_| TaxIdError::Format)?;
    let day: u32 = date[4..6]
        .iter()
        .collect::<String>()
        .parse()
        .map_err(|_| TaxIdError::Format)?;
    let shape_ok = chars[..letters].iter().all(is_letter)
        && date.iter().all(char::is_ascii_digit)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && matches!(homoclave[0], '1'..='9' | 'A'..='V')
        && matches!(homoclave[1], '1'..='9' | 'A'..='Z')
        && matches!(homoclave[2], '0'..='9' | 'A');
    if !shape_ok {
        return Err(TaxIdError::Format);
    }
    // Left-pad the first 11 (companies) or 12 (people) characters to 12 with spaces.
    let mut body: Vec<char> = vec![' '; 13 - chars.len()];
    body.extend_from_slice(&chars[..chars.len() - 1]);
    let mut sum = 0usize;
    for (i, c) in body.iter().enumerate() {
        let value = RFC_ALPHABET
            .chars()
            .position(|a| a == *c)
            .ok_or(TaxIdError::Format)?;
        sum += value * (13 - i);
    }
    let expected = RFC_ALPHABET
        .chars()
        .nth((11 - sum % 11) % 11)
        .ok_or(TaxIdError::Format)?;
    Ok(if chars[chars.len() - 1] == expected {
        Vec::new()
    } else {
        vec!["rfc_check_digit_mismatch"]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaxIdKind::*;

    #[test]
    fn cnpj_numeric_and_alphanumeric() {
        assert!(validate(Cnpj, "11.222.333/0001-81").is_ok());
        assert_eq!(
            validate(Cnpj, "11.222.333/0001-82"),
            Err(TaxIdError::CheckDigit)
        );
        // The Receita Federal's published example of the alphanumeric format.
        assert_eq!(
            validate(Cnpj, "12.abc.345/01de-35").map(|v| v.value),
            Ok("12ABC34501DE35".to_owned())
        );
        assert_eq!(
            validate(Cnpj, "12.ABC.345/01DE-36"),
            Err(TaxIdError::CheckDigit)
        );
        assert_eq!(validate(Cnpj, "00000000000000"), Err(TaxIdError::Format));
        assert_eq!(validate(Cnpj, "1122233300018"), Err(TaxIdError::Format));
        assert_eq!(validate(Cnpj, "112223330001A1"), Err(TaxIdError::Format));
    }

    #[test]
    fn cpf_check_digits_and_repeated_digits() {
        assert!(validate(Cpf, "529.982.247-25").is_ok());
        assert_eq!(validate(Cpf, "529.982.247-24"), Err(TaxIdError::CheckDigit));
        assert_eq!(validate(Cpf, "111.111.111-11"), Err(TaxIdError::Format));
        assert_eq!(validate(Cpf, "5299822472"), Err(TaxIdError::Format));
    }

    #[test]
    fn cuit_prefix_and_check_digit() {
        // 20-12345678-6: sum = 2·5+0·4+1·3+2·2+3·7+4·6+5·5+6·4+7·3+8·2 = 148; 148 mod 11 = 5; 11−5 = 6.
        assert!(validate(Cuit, "20-12345678-6").is_ok());
        assert_eq!(validate(Cuit, "20-12345678-5"), Err(TaxIdError::CheckDigit));
        assert_eq!(validate(Cuit, "21-12345678-6"), Err(TaxIdError::Format));
    }

    #[test]
    fn rfc_shapes_and_check_digit_warning() {
        // A person (13) and a company (12), check digits computed by the SAT algorithm.
        let person = validate(Rfc, "GODE561231GR8").unwrap();
        assert!(person.warnings.is_empty(), "{person:?}");
        let wrong = validate(Rfc, "GODE561231GR9").unwrap();
        assert_eq!(wrong.warnings, vec!["rfc_check_digit_mismatch"]);
        assert_eq!(validate(Rfc, "GODE561331GR8"), Err(TaxIdError::Format));
        assert_eq!(validate(Rfc, "GO1E561231GR8"), Err(TaxIdError::Format));
        assert_eq!(validate(Rfc, "GODE56123"), Err(TaxIdError::Format));
        assert_eq!(validate(Rfc, "GODE561231WR8"), Err(TaxIdError::Format));
    }
}
