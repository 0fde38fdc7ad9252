//! A Postman collection (v2.1) generated from the completed OpenAPI document, committed as
//! `functions/system/postman.json` and served at `GET /v1/postman.json`: the API as a workflow
//! (`workflow.rs`), one request per operation with its documented example, ids chained through
//! collection variables, and tests that each answer is documented and a success.

use crate::contract::ID_PARAMS;
use crate::workflow::{Step, STAGES};
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

/// The collection-level test script: every id in a successful answer fills the variable of its
/// path parameter (`cmp_…` → `campaign_id`). An answer's own `id` replaces the value (the thing
/// just made is the one the next steps act on); an id met deeper only fills an empty variable.
fn capture_script() -> Vec<String> {
    let params: Map<String, Value> = ID_PARAMS
        .iter()
        .map(|(param, prefix)| ((*prefix).to_owned(), json!(param)))
        .collect();
    vec![
        format!("const idParams = {};", Value::Object(params)),
        "if (pm.response.code < 300) {".into(),
        "  let body = null;".into(),
        "  try { body = pm.response.json(); } catch (e) { body = null; }".into(),
        "  const seen = (value, own) => {".into(),
        "    if (typeof value === 'string') {".into(),
        "      const m = /^([a-z]+)_[0-9A-HJKMNP-TV-Z]{26}$/.exec(value);".into(),
        "      const name = m && idParams[m[1]];".into(),
        "      if (name && (own || !pm.collectionVariables.get(name))) pm.collectionVariables.set(name, value);".into(),
        "    } else if (Array.isArray(value)) value.forEach((v) => seen(v, false));".into(),
        "    else if (value && typeof value === 'object') Object.values(value).forEach((v) => seen(v, false));".into(),
        "  };".into(),
        "  if (body && !Array.isArray(body) && typeof body.id === 'string') seen(body.id, true);".into(),
        "  seen(body, false);".into(),
        "}".into(),
    ]
}

/// The example id of each prefix becomes the variable an earlier answer filled.
fn with_variables(text: &str) -> String {
    let mut out = text.to_owned();
    for (param, prefix) in ID_PARAMS {
        out = out.replace(&crate::examples::id(prefix), &format!("{{{{{param}}}}}"));
    }
    out
}

fn script(listen: &str, lines: Vec<String>) -> Value {
    json!({"listen": listen, "script": {"type": "text/javascript", "exec": lines}})
}

/// One request of the run: the operation's example with the step's values, and tests that its
/// status is documented and (unless the step says why not) a success.
fn item(doc: &Value, path: &str, method: &str, op: &Value, step: &Step) -> Value {
    let params = op["parameters"].as_array().cloned().unwrap_or_default();
    let path_value = |name: &str| -> String {
        if let Some((_, v)) = step.path.iter().find(|(n, _)| *n == name) {
            return (*v).to_owned();
        }
        if ID_PARAMS.iter().any(|(p, _)| *p == name) {
            return format!("{{{{{name}}}}}");
        }
        params
            .iter()
            .find(|p| p["in"] == "path" && p["name"] == name)
            .and_then(|p| p["schema"]["example"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
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
    let variables: Vec<Value> = params
        .iter()
        .filter(|p| p["in"] == "path")
        .filter_map(|p| p["name"].as_str())
        .map(|name| json!({"key": name, "value": path_value(name)}))
        .collect();
    let mut query: Vec<(String, String)> = step
        .query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    for p in params
        .iter()
        .filter(|p| p["in"] == "query" && p["required"] == true)
    {
        let name = p["name"].as_str().unwrap_or_default();
        if !query.iter().any(|(k, _)| k == name) {
            let value = match example(doc, &p["schema"], 0) {
                Value::String(s) => s,
                other => other.to_string(),
            };
            query.push((name.to_owned(), with_variables(&value)));
        }
    }
    let raw_query = if query.is_empty() {
        String::new()
    } else {
        let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("?{}", pairs.join("&"))
    };
    let mut request = json!({
        "method": method.to_ascii_uppercase(),
        "header": [],
        "url": {
            "raw": format!("{{{{baseUrl}}}}/{}{raw_query}", segments.join("/")),
            "host": ["{{baseUrl}}"],
            "path": segments,
            "query": query.iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
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
        let json_content = match step.media {
            Some(media) if media != "application/json" => None,
            _ => content.get("application/json"),
        };
        if let Some(json_body) = json_content {
            request["header"] = json!([{"key": "Content-Type", "value": "application/json"}]);
            let body = match step.body {
                Some(body) => body.to_owned(),
                None => {
                    let value = json_body
                        .get("example")
                        .cloned()
                        .unwrap_or_else(|| example(doc, &json_body["schema"], 0));
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                }
            };
            request["body"] = json!({"mode": "raw", "raw": with_variables(&body)});
        } else if let Some(csv) = content.get("text/csv") {
            request["header"] = json!([{"key": "Content-Type", "value": "text/csv"}]);
            let body = csv["example"].as_str().unwrap_or_default();
            request["body"] = json!({"mode": "raw", "raw": body});
        } else if content.contains_key("application/x-www-form-urlencoded") {
            request["body"] = json!({"mode": "urlencoded", "urlencoded": [
                {"key": "grant_type", "value": "client_credentials"},
                {"key": "client_id", "value": "{{client_id}}"},
                {"key": "client_secret", "value": "{{client_secret}}"},
            ]});
        }
    }
    let documented: Vec<u16> = op["responses"]
        .as_object()
        .into_iter()
        .flat_map(|r| r.keys())
        .filter_map(|k| k.parse().ok())
        .collect();
    let accepted = if step.why.is_empty() {
        "the example is accepted".to_owned()
    } else {
        format!("the example is accepted, or refused because {}", step.why)
    };
    let mut tests = vec![
        format!("const documented = {};", json!(documented)),
        format!("const expected = {};", json!(step.expect)),
        "pm.test('answered with a status the operation documents', () => pm.expect(documented).to.include(pm.response.code));".into(),
        format!("pm.test({}, () => pm.expect(pm.response.code < 300 || expected.includes(pm.response.code), pm.response.code + ' ' + pm.response.text().slice(0, 400)).to.be.true);", json!(accepted)),
    ];
    if !step.save.is_empty() || !step.after.is_empty() {
        tests.push("if (pm.response.code < 300) {".into());
        for (var, field) in step.save {
            tests.push(format!(
                "  pm.collectionVariables.set({}, {}.split('.').reduce((o, k) => o && o[k], pm.response.json()));",
                json!(var),
                json!(field)
            ));
        }
        tests.extend(step.after.iter().map(|l| format!("  {l}")));
        tests.push("}".into());
    }
    let mut events = vec![script("test", tests)];
    if !step.pre.is_empty() {
        events.push(script(
            "prerequest",
            step.pre.iter().map(|l| (*l).to_owned()).collect(),
        ));
    }
    json!({"name": step.op, "event": events, "request": request})
}

/// The variables the run reads and fills.
fn variables() -> Vec<Value> {
    let mut names = vec![
        ("baseUrl", "http://127.0.0.1:3000"),
        ("token", ""),
        ("email", ""),
        ("password", ""),
    ];
    names.extend(ID_PARAMS.iter().map(|(param, _)| (*param, "")));
    names.extend(
        [
            "client_secret",
            "refresh_token",
            "totp_secret",
            "totp_code",
            "inbound_token",
            "inbound_secret",
            "recovery_code",
            "hook_url",
        ]
        .map(|n| (n, "")),
    );
    names
        .into_iter()
        .map(|(key, value)| json!({"key": key, "value": value}))
        .collect()
}

/// The collection: one folder per stage of `workflow::STAGES`, its requests in order.
pub fn collection(doc: &Value) -> Value {
    let mut operations: std::collections::HashMap<&str, (&str, &str, &Value)> = Default::default();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            if let Some(id) = op["operationId"].as_str() {
                operations.insert(id, (path, method, op));
            }
        }
    }
    let folders: Vec<Value> = STAGES
        .iter()
        .map(|(stage, steps)| {
            let items: Vec<Value> = steps
                .iter()
                .filter_map(|s| {
                    operations
                        .get(s.op)
                        .map(|(path, method, op)| item(doc, path, method, op, s))
                })
                .collect();
            json!({"name": stage, "item": items})
        })
        .collect();
    json!({
        "info": {
            "name": doc["info"]["title"],
            "description": "Generated from /v1/openapi.json: the API as a workflow, in order (account, enrichment, bulk jobs, contacts and campaigns, webhooks and partner clients, sign-in flows, clean-up, signing out). Set baseUrl, token (an access token), email and password (the token's user); ids flow from earlier answers through collection variables. ./infra/contract runs it with newman on a fresh organisation.",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}]},
        "event": [script("test", capture_script())],
        "variable": variables(),
        "item": folders,
    })
}
