//! A user's free-form JSON (client metadata, contact attributes) stored as JSON text:
//! `#[serde(default, with = "store::json_text")]` on the stored record's field.
//!
//! DynamoDB numbers hold 38 digits between 1e-130 and 9.99e125; JSON's go to 1.8e308 and 5e-324,
//! so a number a client may rightly send (`1e300`) would fail the write with a 500. As text, any
//! JSON a body can carry is stored and read back exactly. Items written before as a map are
//! still read.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<S: Serializer, T: Serialize>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    let text = serde_json::to_string(value).map_err(S::Error::custom)?;
    s.serialize_str(&text)
}

pub fn deserialize<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored<T> {
        Text(String),
        Value(T),
    }
    match Stored::<T>::deserialize(d)? {
        Stored::Text(text) => serde_json::from_str(&text).map_err(D::Error::custom),
        Stored::Value(v) => Ok(v),
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::{json, Map, Value};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Rec {
        #[serde(default, with = "super")]
        meta: Map<String, Value>,
    }

    #[test]
    fn numbers_dynamodb_cannot_hold_round_trip_and_old_maps_are_read() {
        let meta = json!({"big": 1.7976931348623157e308, "tiny": 5e-324, "s": "x", "b": true});
        let rec = Rec {
            meta: meta.as_object().cloned().unwrap(),
        };
        let item: std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> =
            serde_dynamo::to_item(&rec).unwrap();
        assert!(item["meta"].as_s().is_ok(), "stored as text");
        let back: Rec = serde_dynamo::from_item(item).unwrap();
        assert_eq!(back, rec);
        let old: std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> =
            serde_dynamo::to_item(json!({"meta": {"seats": 12}})).unwrap();
        let read: Rec = serde_dynamo::from_item(old).unwrap();
        assert_eq!(read.meta["seats"], 12);
        let absent: Rec = serde_dynamo::from_item(std::collections::HashMap::<
            String,
            aws_sdk_dynamodb::types::AttributeValue,
        >::new())
        .unwrap();
        assert!(absent.meta.is_empty());
    }
}
