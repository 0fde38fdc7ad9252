//! Nested objects read only from JSON objects.
//!
//! serde's derived `Deserialize` for a struct also reads a JSON array, field by position: a body
//! of `{"filter": [null, null]}` would be taken as an empty filter, and `{"throttle": [14, 50]}`
//! as a throttle. No client means that, and the OpenAPI document says `object`; these helpers
//! (`#[serde(deserialize_with = "kernel::shape::object")]`, with `default` for the optional
//! and list forms) refuse it as the field's type error. They read through the caller's
//! deserializer, so an inner field's error keeps its whole path (`throttle.per_second`).

use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use std::fmt;
use std::marker::PhantomData;

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
    }
}

/// A struct read from a JSON object only.
pub fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        object(d).map(Some)
    }
}

/// An optional struct (absent or `null` is `None`; needs `#[serde(default)]`).
pub fn optional_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    d.deserialize_option(OptionVisitor(PhantomData))
}

struct ObjectSeed<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for ObjectSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        object(d)
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1_024));
        while let Some(item) = seq.next_element_seed(ObjectSeed(PhantomData))? {
            out.push(item);
        }
        Ok(out)
    }
}

/// A list of structs, each read from a JSON object only.
pub fn objects<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_seq(ListVisitor(PhantomData))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Pair {
        a: Option<u32>,
        b: Option<u32>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        #[serde(deserialize_with = "super::object")]
        one: Pair,
        #[serde(default, deserialize_with = "super::optional_object")]
        maybe: Option<Pair>,
        #[serde(default, deserialize_with = "super::objects")]
        many: Vec<Pair>,
    }

    fn read(text: &str) -> Result<Body, String> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| format!("{} {}", e.path(), e.inner()))
    }

    #[test]
    fn objects_are_read_and_arrays_refused_with_the_path() {
        let ok = read(r#"{"one": {"a": 1}, "maybe": null, "many": [{"b": 2}]}"#).unwrap();
        assert_eq!(
            ok.one,
            Pair {
                a: Some(1),
                b: None
            }
        );
        assert!(ok.maybe.is_none());
        assert_eq!(
            ok.many,
            vec![Pair {
                a: None,
                b: Some(2)
            }]
        );
        assert!(read(r#"{"one": {}}"#).is_ok_and(|b| b.maybe.is_none() && b.many.is_empty()));
        for (text, path) in [
            (r#"{"one": [1, 2]}"#, "one"),
            (r#"{"one": {}, "maybe": [null, null]}"#, "maybe"),
            (r#"{"one": {}, "many": [[1, 2]]}"#, "many[0]"),
            (r#"{"one": {"a": "x"}}"#, "one.a"),
            (r#"{"one": {}, "many": [{"c": 1}]}"#, "many[0]"),
        ] {
            let err = read(text).unwrap_err();
            assert!(err.starts_with(path), "{text}: {err}");
        }
    }
}
