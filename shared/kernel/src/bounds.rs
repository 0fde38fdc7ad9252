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

#[cfg(test)]
mod tests {
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
