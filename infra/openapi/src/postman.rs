//! A Postman collection (v2.1) generated from the completed OpenAPI document, committed as
//! `functions/system/postman.json` and served at `GET /v1/postman.json`: one folder per tag, one
//! request per operation, `{{baseUrl}}` and `{{token}}` as collection variables, path parameters
//! as `:name` with the documented example, and a JSON body from the schema's examples.

use serde_json::{json, Map, Value};

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => doc.pointer(&r.replacen("#", "", 1)).unwrap_or(&Value::Null),
        None => schema,
    }
}

/// An example body: each required property's (or documented) example, else a placeholder by type.
pub fn example(doc: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(doc, schema);
    if let Some(e) = schema.get("example") {
        return e.clone();
    }
    if depth > 4 {
        return Value::Null;
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(m) = example(doc, part, depth + 1) {
                merged.extend(m);
            }
        }
        return Value::Object(merged);
    }
    if let Some(parts) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        return parts
            .iter()
            .map(|p| example(doc, p, depth + 1))
            .find(|v| !v.is_null())
            .unwrap_or(Value::Null);
    }
    if let Some(values) = schema["enum"].as_array() {
        return values.first().cloned().unwrap_or(Value::Null);
    }
    let kind = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ => "object",
    };
    match kind {
        "object" => {
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut out = Map::new();
            if let Some(props) = schema["properties"].as_object() {
                for (name, prop) in props {
                    if required.contains(&name.as_str()) || prop.get("example").is_some() {
                        out.insert(name.clone(), example(doc, prop, depth + 1));
                    }
                }
            }
            Value::Object(out)
        }
        "array" => json!([example(doc, &schema["items"], depth + 1)]),
        "integer" => json!(schema["minimum"].as_i64().unwrap_or(1).max(1)),
        "number" => json!(0.5),
        "boolean" => json!(false),
        "string" => json!("string"),
        _ => Value::Null,
    }
}

pub fn collection(doc: &Value) -> Value {
    let mut folders: Vec<(String, Vec<Value>)> = Vec::new();
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in &paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let tag = op["tags"][0].as_str().unwrap_or("other").to_owned();
            let segments: Vec<String> = path
                .trim_start_matches('/')
                .split('/')
                .map(
                    |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                        Some(name) => format!(":{name}"),
                        None => s.to_owned(),
                    },
                )
                .collect();
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let variables: Vec<Value> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .map(|p| json!({"key": p["name"], "value": p["schema"]["example"].as_str().unwrap_or("")}))
                .collect();
            let mut request = json!({
                "method": method.to_ascii_uppercase(),
                "header": [],
                "url": {
                    "raw": format!("{{{{baseUrl}}}}/{}", segments.join("/")),
                    "host": ["{{baseUrl}}"],
                    "path": segments,
                    "variable": variables,
                },
                "description": op["description"].as_str().or(op["summary"].as_str()).unwrap_or(""),
            });
            if op["security"].as_array().is_some_and(Vec::is_empty) {
                request["auth"] = json!({"type": "noauth"});
            }
            if let Some(content) = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
            {
                if let Some(schema) = content.get("application/json").map(|c| &c["schema"]) {
                    request["header"] =
                        json!([{"key": "Content-Type", "value": "application/json"}]);
                    let body =
                        serde_json::to_string_pretty(&example(doc, schema, 0)).unwrap_or_default();
                    request["body"] = json!({"mode": "raw", "raw": body});
                } else if let Some(csv) = content.get("text/csv") {
                    request["header"] = json!([{"key": "Content-Type", "value": "text/csv"}]);
                    let body = csv["example"].as_str().unwrap_or_default();
                    request["body"] = json!({"mode": "raw", "raw": body});
                } else if content.contains_key("application/x-www-form-urlencoded") {
                    request["body"] = json!({"mode": "urlencoded", "urlencoded": [
                        {"key": "grant_type", "value": "client_credentials"},
                        {"key": "client_id", "value": "{{clientId}}"},
                        {"key": "client_secret", "value": "{{clientSecret}}"},
                    ]});
                }
            }
            let name = op["operationId"].as_str().unwrap_or("request").to_owned();
            let entry = json!({"name": name, "request": request});
            match folders.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, items)) => items.push(entry),
                None => folders.push((tag, vec![entry])),
            }
        }
    }
    json!({
        "info": {
            "name": doc["info"]["title"],
            "description": "Generated from /v1/openapi.json. Set baseUrl (e.g. http://127.0.0.1:3000) and token (an access token or an API key).",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}]},
        "variable": [
            {"key": "baseUrl", "value": "http://127.0.0.1:3000"},
            {"key": "token", "value": ""},
            {"key": "clientId", "value": ""},
            {"key": "clientSecret", "value": ""},
        ],
        "item": folders
            .into_iter()
            .map(|(name, items)| json!({"name": name, "item": items}))
            .collect::<Vec<_>>(),
    })
}
