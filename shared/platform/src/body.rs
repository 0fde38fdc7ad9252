//! Request bodies: a JSON object, no key twice, parsed into the handler's type with serde's errors
//! turned into 400s that name the field.

use kernel::error::{ApiError, Location};
use serde::de::DeserializeOwned;

/// Every request body of the API is a JSON object, and no object in it names a key twice. serde's
/// derived deserialisers would read a positional array as a struct (`["a@b.example", "pw"]` as a
/// login) and maps keep the last of two equal keys, so one body could mean different things to us
/// and to a proxy or log in front of us: both are refused with a 400 before the body is read.
pub fn check_object_body(bytes: &[u8]) -> Result<(), ApiError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
            return Err(ApiError::invalid_field(
                Location::Body,
                "body",
                "not_an_object",
                "the body must be a JSON object",
            ));
        }
        // Not JSON at all: parse_json names the position.
        return Ok(());
    }
    let duplicate = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let walked = serde::de::DeserializeSeed::deserialize(
        UniqueKeys {
            path: String::new(),
            duplicate: &duplicate,
        },
        &mut de,
    );
    match (walked, duplicate.into_inner()) {
        (_, Some(path)) => Err(ApiError::invalid_field(
            Location::Body,
            &path,
            "duplicate",
            "this key is given more than once",
        )),
        // Syntax errors are reported by parse_json, with their position.
        _ => Ok(()),
    }
}

/// Walks any JSON value and stops at the first object key seen twice, recording its path.
struct UniqueKeys<'a> {
    path: String,
    duplicate: &'a std::cell::RefCell<Option<String>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for UniqueKeys<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueKeys<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if !seen.insert(key) {
                *self.duplicate.borrow_mut() = Some(path);
                return Err(serde::de::Error::custom("duplicate key"));
            }
            map.next_value_seed(UniqueKeys {
                path,
                duplicate: self.duplicate,
            })?;
        }
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        while seq
            .next_element_seed(UniqueKeys {
                path: format!("{}[{i}]", self.path),
                duplicate: self.duplicate,
            })?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// JSON → `T` with serde's error turned into a 400 that names the field (`contact.email`).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let first: Result<T, _> = serde_path_to_error::deserialize(de);
    match first {
        Ok(v) => Ok(v),
        // JSON has one number type: `17.0` is the integer 17 to a JSON Schema validator (and to
        // many clients' serialisers). Integer fields accept it; a real fraction is still refused.
        Err(e)
            if e.inner()
                .to_string()
                .contains("invalid type: floating point") =>
        {
            match serde_json::from_slice::<serde_json::Value>(bytes) {
                Ok(mut value) => {
                    integral_floats_to_integers(&mut value);
                    serde_path_to_error::deserialize(value).map_err(|e| {
                        let path = e.path().to_string();
                        let message = strip_position(&e.into_inner().to_string());
                        let field = field_name(&path, &message);
                        ApiError::invalid_field(Location::Body, &field, "invalid", message)
                    })
                }
                Err(_) => Err(read_error(e)),
            }
        }
        Err(e) => Err(read_error(e)),
    }
}

fn integral_floats_to_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(_) => {
            if let Some(n) = kernel::bounds::integral(value) {
                *value = n;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_floats_to_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

fn read_error(err: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = err.path().to_string();
    let inner = err.into_inner();
    match inner.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            ApiError::bad_request(format!(
                "the body is not valid JSON (line {}, column {})",
                inner.line(),
                inner.column()
            ))
        }
        _ => {
            let message = strip_position(&inner.to_string());
            let field = field_name(&path, &message);
            ApiError::invalid_field(Location::Body, &field, "invalid", message)
        }
    }
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

/// serde reports a missing field at its parent's path with the name in backticks; serde_path_to_error
/// already ends the path with an unknown field's name.
fn field_name(path: &str, message: &str) -> String {
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match (path, missing) {
        (".", Some(name)) => name.to_owned(),
        (parent, Some(name)) => format!("{parent}.{name}"),
        (".", None) => "body".to_owned(),
        (p, None) => p.to_owned(),
    }
}

#[cfg(test)]
mod integral_float_tests {
    #[derive(Debug, serde::Deserialize)]
    struct Body {
        n: Option<u64>,
        m: Option<i64>,
    }

    /// An integral float is its integer at any size an integer type holds; a real fraction is the
    /// field's error.
    #[test]
    fn integral_floats_are_integers_of_any_size() {
        let read = |s: &str| super::parse_json::<Body>(s.as_bytes());
        let big = read(r#"{"n": 1.9162354852639552e16, "m": -2.5e17}"#).expect("integral");
        assert_eq!(big.n, Some(19_162_354_852_639_552));
        assert_eq!(big.m, Some(-250_000_000_000_000_000));
        assert_eq!(read(r#"{"n": 17.0}"#).expect("17").n, Some(17));
        // Read exactly (serde_json's float_roundtrip): the fast parser made this ...955.2.
        let exact = read(r#"{"n": 1916235485263955.0}"#).expect("integral");
        assert_eq!(exact.n, Some(1_916_235_485_263_955));
        assert!(read(r#"{"n": 17.5}"#).is_err());
        assert!(read(r#"{"n": 1e20}"#).is_err());
    }
}
