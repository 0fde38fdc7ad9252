//! Bounds a request's numbers keep beyond their Rust type.

use serde::{de::Error, Deserialize, Deserializer};

/// The largest version a request may carry: the document states versions as int64, and JSON
/// clients lose precision above it.
pub const MAX_VERSION: u64 = i64::MAX as u64;

/// A record version read from a request body (`#[serde(default, deserialize_with =
/// "kernel::bounds::version")]`): absent or null is `None`, above [`MAX_VERSION`] is refused as
/// the field's error rather than taken and never matched.
pub fn version<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Option::<u64>::deserialize(d)? {
        Some(n) if n > MAX_VERSION => Err(D::Error::custom(format!(
            "a version is at most {MAX_VERSION}"
        ))),
        other => Ok(other),
    }
}

/// The integer an integral float stands for, at any size an integer type holds (JSON has one
/// number type: to a JSON Schema validator, and to many clients' serialisers, `17.0` is the
/// integer 17, and `1.9e16` an integer too). `None` for integers already, fractions and others.
pub fn integral(value: &serde_json::Value) -> Option<serde_json::Value> {
    let f = value
        .as_f64()
        .filter(|f| value.is_f64() && f.fract() == 0.0)?;
    if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
        Some(serde_json::Value::from(f as u64))
    } else if (-9_223_372_036_854_775_808.0..0.0).contains(&f) {
        Some(serde_json::Value::from(f as i64))
    } else {
        None
    }
}

/// A whole number read from an untyped body value: an integer, or an integral float.
pub fn whole(value: &serde_json::Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| integral(value).and_then(|v| v.as_u64()))
}

/// A version read from an untyped body value: a whole number within [`MAX_VERSION`].
pub fn version_value(value: &serde_json::Value) -> Option<u64> {
    whole(value).filter(|v| *v <= MAX_VERSION)
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_numbers_include_integral_floats() {
        use serde_json::json;
        assert_eq!(super::whole(&json!(17)), Some(17));
        assert_eq!(super::whole(&json!(17.0)), Some(17));
        assert_eq!(super::whole(&json!(17.5)), None);
        assert_eq!(super::whole(&json!(-1)), None);
        assert_eq!(super::whole(&json!("17")), None);
        assert_eq!(super::version_value(&json!(9.3e18)), None);
    }

    #[derive(serde::Deserialize)]
    struct Body {
        #[serde(default, deserialize_with = "super::version")]
        version: Option<u64>,
    }

    #[test]
    fn versions_stay_within_int64() {
        let read = |s: &str| serde_json::from_str::<Body>(s).map(|b| b.version);
        assert_eq!(read("{}").ok(), Some(None));
        assert_eq!(read(r#"{"version": null}"#).ok(), Some(None));
        assert_eq!(
            read(r#"{"version": 9223372036854775807}"#).ok(),
            Some(Some(i64::MAX as u64))
        );
        assert!(read(r#"{"version": 9223372036854775808}"#).is_err());
        assert!(read(r#"{"version": -1}"#).is_err());
    }
}
