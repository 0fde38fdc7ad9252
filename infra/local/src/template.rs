//! Reads template.yaml: the functions with their routes, queues and schedules, and the resources the
//! local stack must create. Short-form intrinsics (`!Ref`, `!GetAtt`, `!Sub`) are normalised to their
//! long form so the rest of the code sees one shape.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum TemplateError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("template.yaml is not valid YAML: {0}")]
    Yaml(#[from] serde_yaml::Error),
    #[error("template.yaml: {0}")]
    Shape(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Upper-case, or `ANY`.
    pub method: String,
    pub path: String,
    /// Logical id of the Lambda authorizer guarding the route (`None`: `Auth: {Authorizer: NONE}`
    /// or an API without a default authorizer).
    pub authorizer: Option<String>,
    /// `Auth.ApiKeyRequired` of the event, else of the API: the method is metered by usage plans.
    pub api_key_required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqsSource {
    pub queue: String,
    pub batch_size: i32,
    pub report_batch_item_failures: bool,
    /// `ScalingConfig.MaximumConcurrency`: invocations the event source mapping runs at once
    /// (Lambda's floor is 2; without it the mapping scales with the backlog).
    pub max_concurrency: Option<u32>,
}

/// A `DynamoDB` event: the table whose stream feeds the function, as Lambda's event source
/// mapping reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamSource {
    /// The table's logical id (`Stream: !GetAtt Table.StreamArn`).
    pub table: String,
    pub batch_size: usize,
    pub report_batch_item_failures: bool,
    /// `TRIM_HORIZON` (from the oldest record kept) or `LATEST`.
    pub trim_horizon: bool,
    pub maximum_retry_attempts: Option<u32>,
    /// `FilterCriteria.Filters[].Pattern`, parsed: a record reaches the function if any matches.
    pub filters: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleDef {
    pub name: String,
    pub expression: String,
    pub input: Option<Value>,
}

#[derive(Debug, Clone)]
pub struct FunctionDef {
    pub logical_id: String,
    pub binary: String,
    /// Globals merged with the function's own variables, values still unresolved.
    pub env: BTreeMap<String, Value>,
    pub routes: Vec<Route>,
    pub sqs: Vec<SqsSource>,
    pub streams: Vec<StreamSource>,
    pub schedules: Vec<ScheduleDef>,
    /// EventBridge rules (`EventBridgeRule` events): names and patterns. Nothing publishes to them
    /// locally (moto's SES emits no events); tests hand events to the function's handler.
    pub rules: Vec<RuleDef>,
    pub authorizer: Option<String>,
    /// `Timeout` (the function's, else `Globals.Function`'s, else Lambda's 3 s): the local pump
    /// cancels an invocation that runs longer, as Lambda does.
    pub timeout_secs: u64,
}

/// An `EventBridgeRule` event of a function.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDef {
    pub name: String,
    pub pattern: Value,
}

/// One entry of the API's `GatewayResponses`: what API Gateway answers itself (authorizer refusals,
/// undeclared methods, oversized bodies, integration failures).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GatewayResponseDef {
    pub status: Option<u16>,
    /// Header name → mapping expression as written (`'static'` or `context.requestId`).
    pub headers: Vec<(String, String)>,
    /// The `application/json` response template.
    pub template: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub parameters: BTreeMap<String, Value>,
    pub resources: BTreeMap<String, Value>,
    /// `Globals.Function`, as written (intrinsics unresolved).
    pub function_globals: Value,
    globals_env: Map<String, Value>,
}

/// `!Ref X` → `{"Ref": "X"}`, `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`, `!Other v` → `{"Fn::Other": v}`.
fn normalise(value: serde_yaml::Value) -> Result<Value, TemplateError> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(n).map_err(|e| TemplateError::Shape(e.to_string()))?,
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(normalise).collect::<Result<_, _>>()?)
        }
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    other => serde_yaml::to_string(&other)?.trim().to_owned(),
                };
                out.insert(key, normalise(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let tag = tag.trim_start_matches('!');
            let inner = normalise(tagged.value)?;
            let mut out = Map::new();
            match (tag, inner) {
                ("Ref", v) => {
                    out.insert("Ref".into(), v);
                }
                ("GetAtt", Value::String(s)) => {
                    let (res, attr) = s.split_once('.').ok_or_else(|| {
                        TemplateError::Shape(format!("!GetAtt {s} needs Resource.Attribute"))
                    })?;
                    out.insert("Fn::GetAtt".into(), Value::from(vec![res, attr]));
                }
                (other, v) => {
                    out.insert(format!("Fn::{other}"), v);
                }
            }
            Value::Object(out)
        }
    })
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

impl Template {
    pub fn load(path: &Path) -> Result<Self, TemplateError> {
        let text = std::fs::read_to_string(path).map_err(|source| TemplateError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let doc = normalise(serde_yaml::from_str(text)?)?;
        let obj = |key: &str| {
            doc.get(key)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let resources = obj("Resources").into_iter().collect();
        let parameters = obj("Parameters").into_iter().collect();
        let globals_env = doc
            .pointer("/Globals/Function/Environment/Variables")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let function_globals = doc
            .pointer("/Globals/Function")
            .cloned()
            .unwrap_or(Value::Null);
        Ok(Self {
            parameters,
            resources,
            function_globals,
            globals_env,
        })
    }

    /// The `GatewayResponses` of the serverless API, by response type (`UNAUTHORIZED`, `DEFAULT_4XX`, …).
    pub fn gateway_responses(&self) -> Result<BTreeMap<String, GatewayResponseDef>, TemplateError> {
        let mut out = BTreeMap::new();
        for (_, api) in self.resources_of_type("AWS::Serverless::Api") {
            let Some(responses) = api
                .pointer("/Properties/GatewayResponses")
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (kind, def) in responses {
                let status = match def.get("StatusCode") {
                    None => None,
                    Some(v) => Some(
                        v.as_str()
                            .and_then(|s| s.parse().ok())
                            .or_else(|| v.as_u64().and_then(|n| u16::try_from(n).ok()))
                            .ok_or_else(|| {
                                TemplateError::Shape(format!("GatewayResponses.{kind}.StatusCode"))
                            })?,
                    ),
                };
                let headers = def
                    .pointer("/ResponseParameters/Headers")
                    .and_then(Value::as_object)
                    .map(|h| {
                        h.iter()
                            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                            .collect()
                    })
                    .unwrap_or_default();
                let template =
                    str_at(def, &["ResponseTemplates", "application/json"]).map(str::to_owned);
                out.insert(
                    kind.clone(),
                    GatewayResponseDef {
                        status,
                        headers,
                        template,
                    },
                );
            }
        }
        Ok(out)
    }

    pub fn resources_of_type<'a>(
        &'a self,
        ty: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Value)> + 'a {
        self.resources
            .iter()
            .filter(move |(_, r)| r.get("Type").and_then(Value::as_str) == Some(ty))
    }

    pub fn functions(&self) -> Result<Vec<FunctionDef>, TemplateError> {
        let mut out = Vec::new();
        for (id, res) in self.resources_of_type("AWS::Serverless::Function") {
            let binary = str_at(res, &["Metadata", "BuildProperties", "Binary"])
                .ok_or_else(|| {
                    TemplateError::Shape(format!(
                        "{id}: Metadata.BuildProperties.Binary is required"
                    ))
                })?
                .to_owned();
            let props = res.get("Properties").cloned().unwrap_or(Value::Null);
            let mut env: BTreeMap<String, Value> = self.globals_env.clone().into_iter().collect();
            if let Some(own) = props
                .pointer("/Environment/Variables")
                .and_then(Value::as_object)
            {
                env.extend(own.clone());
            }
            let mut def = FunctionDef {
                logical_id: id.clone(),
                binary,
                env,
                routes: Vec::new(),
                sqs: Vec::new(),
                streams: Vec::new(),
                schedules: Vec::new(),
                rules: Vec::new(),
                authorizer: None,
                timeout_secs: props
                    .get("Timeout")
                    .or_else(|| self.function_globals.get("Timeout"))
                    .and_then(Value::as_u64)
                    .unwrap_or(3),
            };
            let events = props
                .get("Events")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            for (name, event) in events {
                let p = event.get("Properties").cloned().unwrap_or(Value::Null);
                match event.get("Type").and_then(Value::as_str) {
                    Some("Api") => {
                        let (Some(path), Some(method)) =
                            (str_at(&p, &["Path"]), str_at(&p, &["Method"]))
                        else {
                            return Err(TemplateError::Shape(format!(
                                "{id}.{name}: Api events need Path and Method"
                            )));
                        };
                        let api = p
                            .pointer("/RestApiId/Ref")
                            .and_then(Value::as_str)
                            .and_then(|api| self.resources.get(api));
                        let named = str_at(&p, &["Auth", "Authorizer"]).or_else(|| {
                            api.and_then(|a| {
                                str_at(a, &["Properties", "Auth", "DefaultAuthorizer"])
                            })
                        });
                        let authorizer = match named {
                            None | Some("NONE") => None,
                            Some(name) => Some(
                                api.and_then(|a| {
                                    a.pointer(&format!(
                                        "/Properties/Auth/Authorizers/{name}/FunctionArn/Fn::GetAtt/0"
                                    ))
                                })
                                .and_then(Value::as_str)
                                .ok_or_else(|| {
                                    TemplateError::Shape(format!(
                                        "{id}.{name}: authorizer {name} needs FunctionArn: !GetAtt Fn.Arn"
                                    ))
                                })?
                                .to_owned(),
                            ),
                        };
                        let api_key_required = p
                            .pointer("/Auth/ApiKeyRequired")
                            .or_else(|| {
                                api.and_then(|a| a.pointer("/Properties/Auth/ApiKeyRequired"))
                            })
                            .and_then(Value::as_bool)
                            .unwrap_or(false);
                        def.routes.push(Route {
                            method: method.to_ascii_uppercase(),
                            path: path.to_owned(),
                            authorizer,
                            api_key_required,
                        });
                    }
                    Some("SQS") => {
                        let queue = p
                            .pointer("/Queue/Fn::GetAtt/0")
                            .and_then(Value::as_str)
                            .ok_or_else(|| {
                                TemplateError::Shape(format!(
                                    "{id}.{name}: Queue must be !GetAtt Q.Arn"
                                ))
                            })?;
                        def.sqs.push(SqsSource {
                            queue: queue.to_owned(),
                            batch_size: p.get("BatchSize").and_then(Value::as_i64).unwrap_or(10)
                                as i32,
                            report_batch_item_failures: p
                                .get("FunctionResponseTypes")
                                .and_then(Value::as_array)
                                .is_some_and(|a| a.iter().any(|v| v == "ReportBatchItemFailures")),
                            max_concurrency: p
                                .pointer("/ScalingConfig/MaximumConcurrency")
                                .and_then(Value::as_u64)
                                .and_then(|n| u32::try_from(n).ok()),
                        });
                    }
                    Some("DynamoDB") => {
                        let table = p
                            .pointer("/Stream/Fn::GetAtt/0")
                            .and_then(Value::as_str)
                            .ok_or_else(|| {
                                TemplateError::Shape(format!(
                                    "{id}.{name}: Stream must be !GetAtt Table.StreamArn"
                                ))
                            })?;
                        let mut filters = Vec::new();
                        for f in p
                            .pointer("/FilterCriteria/Filters")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                        {
                            let text =
                                f.get("Pattern").and_then(Value::as_str).ok_or_else(|| {
                                    TemplateError::Shape(format!(
                                        "{id}.{name}: a filter needs a Pattern string"
                                    ))
                                })?;
                            filters.push(serde_json::from_str(text).map_err(|e| {
                                TemplateError::Shape(format!(
                                    "{id}.{name}: filter pattern is not JSON: {e}"
                                ))
                            })?);
                        }
                        def.streams.push(StreamSource {
                            table: table.to_owned(),
                            batch_size: p.get("BatchSize").and_then(Value::as_u64).unwrap_or(100)
                                as usize,
                            report_batch_item_failures: p
                                .get("FunctionResponseTypes")
                                .and_then(Value::as_array)
                                .is_some_and(|a| a.iter().any(|v| v == "ReportBatchItemFailures")),
                            trim_horizon: str_at(&p, &["StartingPosition"]) == Some("TRIM_HORIZON"),
                            maximum_retry_attempts: p
                                .get("MaximumRetryAttempts")
                                .and_then(Value::as_i64)
                                .and_then(|n| u32::try_from(n).ok()),
                            filters,
                        });
                    }
                    Some("Schedule" | "ScheduleV2") => {
                        let expression = str_at(&p, &["Schedule"])
                            .or_else(|| str_at(&p, &["ScheduleExpression"]))
                            .ok_or_else(|| {
                                TemplateError::Shape(format!(
                                    "{id}.{name}: Schedule expression missing"
                                ))
                            })?;
                        let input = match p.get("Input") {
                            Some(Value::String(s)) => serde_json::from_str(s).ok(),
                            Some(other) => Some(other.clone()),
                            None => None,
                        };
                        def.schedules.push(ScheduleDef {
                            name: name.clone(),
                            expression: expression.to_owned(),
                            input,
                        });
                    }
                    Some("EventBridgeRule") => {
                        let pattern = p.get("Pattern").cloned().ok_or_else(|| {
                            TemplateError::Shape(format!("{id}.{name}: Pattern missing"))
                        })?;
                        def.rules.push(RuleDef {
                            name: name.clone(),
                            pattern,
                        });
                    }
                    other => {
                        return Err(TemplateError::Shape(format!(
                            "{id}.{name}: event type {other:?} is not supported by the local stack"
                        )))
                    }
                }
            }
            out.push(def);
        }
        Ok(out)
    }

    /// Every declared route with the binary serving it.
    pub fn routes(&self) -> Result<Vec<(Route, String)>, TemplateError> {
        Ok(self
            .functions()?
            .into_iter()
            .flat_map(|f| {
                let binary = f.binary.clone();
                f.routes.into_iter().map(move |r| (r, binary.clone()))
            })
            .collect())
    }

    pub fn parameter_default(&self, name: &str) -> Option<String> {
        match self.parameters.get(name)?.get("Default")? {
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
}

/// Values of `Ref` / `Fn::GetAtt` for the resources the local stack created, plus parameters.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    pub refs: BTreeMap<String, String>,
    pub attrs: BTreeMap<(String, String), String>,
    pub region: String,
}

impl Bindings {
    /// Resolves a template value to a string; `None` for anything the local stack cannot know.
    pub fn resolve(&self, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Object(o) => {
                if let Some(Value::String(name)) = o.get("Ref") {
                    return self.refs.get(name).cloned();
                }
                if let Some(Value::Array(parts)) = o.get("Fn::GetAtt") {
                    let (Some(res), Some(attr)) = (parts.first()?.as_str(), parts.get(1)?.as_str())
                    else {
                        return None;
                    };
                    return self.attrs.get(&(res.to_owned(), attr.to_owned())).cloned();
                }
                if let Some(Value::String(text)) = o.get("Fn::Sub") {
                    return Some(self.substitute(text));
                }
                None
            }
            _ => None,
        }
    }

    fn substitute(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let Some(end) = rest[start..].find('}') else {
                out.push_str(&rest[start..]);
                return out;
            };
            let name = &rest[start + 2..start + end];
            let value = match name {
                "AWS::Region" => Some(self.region.clone()),
                "AWS::Partition" => Some("aws".to_owned()),
                "AWS::AccountId" => Some("123456789012".to_owned()),
                "AWS::StackName" => Some("enrich-local".to_owned()),
                _ => match name.split_once('.') {
                    Some((res, attr)) => {
                        self.attrs.get(&(res.to_owned(), attr.to_owned())).cloned()
                    }
                    None => self.refs.get(name).cloned(),
                },
            };
            out.push_str(&value.unwrap_or_default());
            rest = &rest[start + end + 1..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
Parameters:
  Stage: {Type: String, Default: live}
Globals:
  Function:
    Environment:
      Variables:
        TABLE_NAME: !Ref Table
        STAGE: !Ref Stage
Resources:
  Table: {Type: AWS::DynamoDB::Table, Properties: {}}
  Q: {Type: AWS::SQS::Queue}
  Fn:
    Type: AWS::Serverless::Function
    Metadata: {BuildProperties: {Binary: worker}}
    Properties:
      Environment: {Variables: {QUEUE_ARN: !GetAtt Q.Arn, URL: !Sub "https://${Q.Arn}/x/${Stage}"}}
      Events:
        Get: {Type: Api, Properties: {Path: "/v1/x/{id}", Method: get}}
        Work: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn, BatchSize: 5, FunctionResponseTypes: [ReportBatchItemFailures]}}
        Tick: {Type: Schedule, Properties: {Schedule: rate(1 minute), Input: '{"job":"sweep"}'}}
"#;

    #[test]
    fn reads_functions_events_and_env() {
        let t = Template::parse(SAMPLE).unwrap();
        let fns = t.functions().unwrap();
        assert_eq!(fns.len(), 1);
        let f = &fns[0];
        assert_eq!(f.binary, "worker");
        assert_eq!(
            f.routes,
            vec![Route {
                method: "GET".into(),
                path: "/v1/x/{id}".into(),
                authorizer: None,
                api_key_required: false,
            }]
        );
        assert_eq!(f.sqs[0].queue, "Q");
        assert_eq!(f.sqs[0].batch_size, 5);
        assert!(f.sqs[0].report_batch_item_failures);
        assert_eq!(f.schedules[0].expression, "rate(1 minute)");
        assert_eq!(
            f.schedules[0].input,
            Some(serde_json::json!({"job": "sweep"}))
        );
        assert_eq!(f.env["TABLE_NAME"], serde_json::json!({"Ref": "Table"}));
        assert_eq!(t.parameter_default("Stage").as_deref(), Some("live"));
    }

    #[test]
    fn resolves_refs_getatts_and_subs() {
        let t = Template::parse(SAMPLE).unwrap();
        let f = &t.functions().unwrap()[0];
        let mut b = Bindings {
            region: "us-east-1".into(),
            ..Default::default()
        };
        b.refs.insert("Table".into(), "local-table".into());
        b.refs.insert("Stage".into(), "live".into());
        b.attrs.insert(("Q".into(), "Arn".into()), "arn:q".into());
        assert_eq!(
            b.resolve(&f.env["TABLE_NAME"]).as_deref(),
            Some("local-table")
        );
        assert_eq!(b.resolve(&f.env["QUEUE_ARN"]).as_deref(), Some("arn:q"));
        assert_eq!(
            b.resolve(&f.env["URL"]).as_deref(),
            Some("https://arn:q/x/live")
        );
    }
}
