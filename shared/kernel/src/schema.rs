//! The few JSON Schema keywords a rule is written in when the same rule must be both stated in
//! the OpenAPI document and applied by a handler: the handler applies the very value the document
//! shows, so the two cannot drift.
//!
//! Keywords applied: `minLength`, `maxLength` (characters), `pattern` (the `regex-lite` dialect:
//! explicit classes and `\uXXXX` escapes, no Unicode `\s`/`\w`), `minimum`, `maximum`,
//! `exclusiveMinimum`, `minItems`, `maxItems`, `items`, `type` (`string`, `integer`, `number`,
//! `array`). Others (`format`, descriptions) are left to the handler's own checks.

use serde_json::Value;

/// Whether `value` meets `rule`'s keywords (a rule for a non-null value; `null` is the caller's).
pub fn satisfies(rule: &Value, value: &Value) -> bool {
    let num = |k: &str| rule.get(k).and_then(Value::as_f64);
    let count = |k: &str| rule.get(k).and_then(Value::as_u64).map(|n| n as usize);
    let typed = match rule.get("type").and_then(Value::as_str) {
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("array") => value.is_array(),
        _ => true,
    };
    if !typed {
        return false;
    }
    match value {
        Value::String(s) => {
            let chars = s.chars().count();
            count("minLength").is_none_or(|m| chars >= m)
                && count("maxLength").is_none_or(|m| chars <= m)
                && rule
                    .get("pattern")
                    .and_then(Value::as_str)
                    .is_none_or(|p| regex_lite::Regex::new(p).is_ok_and(|re| re.is_match(s)))
        }
        Value::Number(n) => {
            let Some(x) = n.as_f64() else {
                return false;
            };
            num("minimum").is_none_or(|m| x >= m)
                && num("maximum").is_none_or(|m| x <= m)
                && num("exclusiveMinimum").is_none_or(|m| x > m)
        }
        Value::Array(items) => {
            count("minItems").is_none_or(|m| items.len() >= m)
                && count("maxItems").is_none_or(|m| items.len() <= m)
                && rule
                    .get("items")
                    .is_none_or(|each| items.iter().all(|i| satisfies(each, i)))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_keyword_is_applied() {
        let text = json!({"type": "string", "minLength": 1, "maxLength": 3,
            "pattern": "^[^\\u0000-\\u001F]*$"});
        assert!(!satisfies(&text, &json!("ação")), "4 characters");
        assert!(satisfies(&text, &json!("çã")));
        assert!(!satisfies(&text, &json!("")));
        assert!(!satisfies(&text, &json!("a\u{1}")));
        assert!(!satisfies(&text, &json!(3)));
        let year = json!({"type": "integer", "minimum": 1600, "maximum": 2100});
        assert!(satisfies(&year, &json!(1600)) && satisfies(&year, &json!(2100)));
        assert!(!satisfies(&year, &json!(1599)) && !satisfies(&year, &json!(2000.5)));
        let money = json!({"type": "number", "exclusiveMinimum": 0});
        assert!(satisfies(&money, &json!(0.01)) && !satisfies(&money, &json!(0)));
        let list = json!({"type": "array", "minItems": 1, "maxItems": 2,
            "items": {"type": "string", "minLength": 1}});
        assert!(satisfies(&list, &json!(["a"])));
        assert!(!satisfies(&list, &json!([])) && !satisfies(&list, &json!(["a", ""])));
        assert!(!satisfies(&list, &json!(["a", "b", "c"])));
    }
}
