//! Creates the template's tables, queues and secrets on the emulator, from their definitions in
//! template.yaml, and returns the values `Ref`/`GetAtt` resolve to.

use crate::template::{Bindings, Template};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
    TimeToLiveSpecification,
};
use aws_sdk_sqs::types::QueueAttributeName;
use platform::aws::AwsClients;
use rand::distr::{Alphanumeric, SampleString};
use serde_json::Value;
use std::collections::HashMap;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn err(msg: impl Into<String>) -> BoxError {
    msg.into().into()
}

fn list<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

fn s<'a>(v: &'a Value, key: &str) -> Result<&'a str, BoxError> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| err(format!("expected string {key} in {v}")))
}

fn key_schema(v: &Value) -> Result<Vec<KeySchemaElement>, BoxError> {
    list(v, "KeySchema")
        .map(|k| {
            Ok(KeySchemaElement::builder()
                .attribute_name(s(k, "AttributeName")?)
                .key_type(KeyType::from(s(k, "KeyType")?))
                .build()?)
        })
        .collect()
}

/// Creates every resource with `<prefix>-<LogicalId>` names; parameters take their defaults unless
/// `overrides` names them.
pub async fn provision(
    template: &Template,
    aws: &AwsClients,
    prefix: &str,
    region: &str,
    overrides: &HashMap<String, String>,
    visibility_scale: f64,
) -> Result<Bindings, BoxError> {
    let mut b = Bindings {
        region: region.to_owned(),
        ..Default::default()
    };
    for name in template.parameters.keys() {
        let value = overrides
            .get(name)
            .cloned()
            .or_else(|| template.parameter_default(name))
            .unwrap_or_default();
        b.refs.insert(name.clone(), value);
    }

    for (id, res) in template.resources_of_type("AWS::DynamoDB::Table") {
        let p = res.get("Properties").cloned().unwrap_or(Value::Null);
        let name = format!("{prefix}-{id}");
        let mut req = aws
            .dynamodb
            .create_table()
            .table_name(&name)
            .billing_mode(BillingMode::PayPerRequest)
            .set_key_schema(Some(key_schema(&p)?));
        for a in list(&p, "AttributeDefinitions") {
            req = req.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(s(a, "AttributeName")?)
                    .attribute_type(ScalarAttributeType::from(s(a, "AttributeType")?))
                    .build()?,
            );
        }
        for g in list(&p, "GlobalSecondaryIndexes") {
            let projection = g
                .pointer("/Projection/ProjectionType")
                .and_then(Value::as_str)
                .unwrap_or("ALL");
            req = req.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(s(g, "IndexName")?)
                    .set_key_schema(Some(key_schema(g)?))
                    .projection(
                        Projection::builder()
                            .projection_type(ProjectionType::from(projection))
                            .build(),
                    )
                    .build()?,
            );
        }
        if let Some(view) = p
            .pointer("/StreamSpecification/StreamViewType")
            .and_then(Value::as_str)
        {
            req = req.stream_specification(
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::from(view))
                    .build()?,
            );
        }
        // A stack started again over the same emulator finds its table (and its data) there.
        let description = match req.send().await {
            Ok(out) => out.table_description,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_in_use_exception()) =>
            {
                aws.dynamodb
                    .describe_table()
                    .table_name(&name)
                    .send()
                    .await?
                    .table
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(stream) = description
            .as_ref()
            .and_then(|d| d.latest_stream_arn.clone())
        {
            b.attrs.insert((id.clone(), "StreamArn".into()), stream);
        }
        let arn = description
            .and_then(|d| d.table_arn)
            .unwrap_or_else(|| format!("arn:aws:dynamodb:{region}:123456789012:table/{name}"));
        if let Some(ttl) = p
            .pointer("/TimeToLiveSpecification/AttributeName")
            .and_then(Value::as_str)
        {
            // Already on (a restart): DynamoDB refuses to enable it twice; that is fine.
            let _ = aws
                .dynamodb
                .update_time_to_live()
                .table_name(&name)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .attribute_name(ttl)
                        .enabled(true)
                        .build()?,
                )
                .send()
                .await;
        }
        b.refs.insert(id.clone(), name);
        b.attrs.insert((id.clone(), "Arn".into()), arn);
    }

    // Queues first without redrive, so every dead-letter queue has an ARN when the policies are set.
    let sqs = platform::aws_client!(aws_sdk_sqs, aws.sdk_base());
    let queues: Vec<(&String, &Value)> = template.resources_of_type("AWS::SQS::Queue").collect();
    for (id, res) in &queues {
        let p = res.get("Properties").cloned().unwrap_or(Value::Null);
        let mut req = sqs.create_queue().queue_name(format!("{prefix}-{id}"));
        for (attr, key) in [
            (QueueAttributeName::VisibilityTimeout, "VisibilityTimeout"),
            (
                QueueAttributeName::MessageRetentionPeriod,
                "MessageRetentionPeriod",
            ),
            (QueueAttributeName::DelaySeconds, "DelaySeconds"),
        ] {
            if let Some(v) = p.get(key) {
                let value = match (key, v.as_u64()) {
                    ("VisibilityTimeout", Some(secs)) => ((secs as f64 * visibility_scale).round()
                        as u64)
                        .max(1)
                        .to_string(),
                    _ => v.to_string(),
                };
                req = req.attributes(attr, value);
            }
        }
        let url = req
            .send()
            .await?
            .queue_url
            .ok_or_else(|| err("CreateQueue returned no URL"))?;
        let arn = sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await?
            .attributes
            .and_then(|mut a| a.remove(&QueueAttributeName::QueueArn))
            .ok_or_else(|| err("GetQueueAttributes returned no ARN"))?;
        b.refs.insert((*id).clone(), url);
        b.attrs.insert(((*id).clone(), "Arn".into()), arn.clone());
        b.attrs.insert(
            ((*id).clone(), "QueueName".into()),
            format!("{prefix}-{id}"),
        );
    }
    for (id, res) in &queues {
        let Some(policy) = res.pointer("/Properties/RedrivePolicy") else {
            continue;
        };
        let dlq_arn = b
            .resolve(policy.get("deadLetterTargetArn").unwrap_or(&Value::Null))
            .ok_or_else(|| err(format!("{id}: cannot resolve deadLetterTargetArn")))?;
        let max = policy
            .get("maxReceiveCount")
            .cloned()
            .unwrap_or(Value::from(5));
        let redrive = serde_json::json!({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max});
        sqs.set_queue_attributes()
            .queue_url(&b.refs[*id])
            .attributes(QueueAttributeName::RedrivePolicy, redrive.to_string())
            .send()
            .await?;
    }

    let events = platform::aws_client!(aws_sdk_eventbridge, aws.sdk_base());
    for (id, _) in template.resources_of_type("AWS::Events::EventBus") {
        let name = format!("{prefix}-{id}");
        let arn = match events.create_event_bus().name(&name).send().await {
            Ok(out) => out.event_bus_arn,
            Err(_) => events.describe_event_bus().name(&name).send().await?.arn,
        }
        .ok_or_else(|| err("CreateEventBus returned no ARN"))?;
        b.refs.insert(id.clone(), name.clone());
        b.attrs.insert((id.clone(), "Arn".into()), arn);
        b.attrs.insert((id.clone(), "Name".into()), name);
    }

    // Rules on the buses, with their targets (moto delivers to SQS targets as EventBridge does).
    for (id, res) in template.resources_of_type("AWS::Events::Rule") {
        let p = res.get("Properties").cloned().unwrap_or(Value::Null);
        let name = format!("{prefix}-{id}");
        let bus = match p.get("EventBusName") {
            Some(v) => Some(
                b.resolve(v)
                    .ok_or_else(|| err(format!("{id}: cannot resolve EventBusName")))?,
            ),
            None => None,
        };
        let Some(pattern) = p.get("EventPattern") else {
            continue; // a scheduled rule: the ticker plays schedules
        };
        let out = events
            .put_rule()
            .name(&name)
            .set_event_bus_name(bus.clone())
            .event_pattern(pattern.to_string())
            .send()
            .await?;
        if let Some(arn) = out.rule_arn {
            b.attrs.insert((id.clone(), "Arn".into()), arn);
        }
        b.refs.insert(id.clone(), name.clone());
        let mut targets = Vec::new();
        for t in list(&p, "Targets") {
            let arn = b
                .resolve(t.get("Arn").unwrap_or(&Value::Null))
                .ok_or_else(|| err(format!("{id}: cannot resolve a target's Arn")))?;
            targets.push(
                aws_sdk_eventbridge::types::Target::builder()
                    .id(s(t, "Id")?)
                    .arn(arn)
                    .build()?,
            );
        }
        events
            .put_targets()
            .rule(&name)
            .set_event_bus_name(bus)
            .set_targets(Some(targets))
            .send()
            .await?;
    }

    // EventBridge Scheduler: the groups the functions create schedules in (the local ticker plays
    // their schedules), and the roles Scheduler acts as (IAM is not emulated: only their ARNs).
    let scheduler = platform::aws_client!(aws_sdk_scheduler, aws.sdk_base());
    for (id, _) in template.resources_of_type("AWS::Scheduler::ScheduleGroup") {
        let name = format!("{prefix}-{id}");
        let arn = match scheduler.create_schedule_group().name(&name).send().await {
            Ok(out) => out.schedule_group_arn,
            Err(_) => scheduler
                .get_schedule_group()
                .name(&name)
                .send()
                .await?
                .arn
                .unwrap_or_default(),
        };
        b.refs.insert(id.clone(), name);
        b.attrs.insert((id.clone(), "Arn".into()), arn);
    }
    for (id, _) in template.resources_of_type("AWS::IAM::Role") {
        let name = format!("{prefix}-{id}");
        b.attrs.insert(
            (id.clone(), "Arn".into()),
            format!("arn:aws:iam::123456789012:role/{name}"),
        );
        b.refs.insert(id.clone(), name);
    }

    provision_usage_plans(template, aws, prefix, &mut b).await?;

    for (id, res) in template.resources_of_type("AWS::SecretsManager::Secret") {
        let p = res.get("Properties").cloned().unwrap_or(Value::Null);
        let value = match (p.get("SecretString"), p.get("GenerateSecretString")) {
            (Some(v), _) => b.resolve(v).unwrap_or_default(),
            (None, Some(g)) => {
                let len = g
                    .get("PasswordLength")
                    .and_then(Value::as_u64)
                    .unwrap_or(32) as usize;
                let generated = Alphanumeric.sample_string(&mut rand::rng(), len);
                match (
                    g.get("SecretStringTemplate").and_then(Value::as_str),
                    g.get("GenerateStringKey").and_then(Value::as_str),
                ) {
                    (Some(tpl), Some(key)) => {
                        let mut obj: serde_json::Map<String, Value> = serde_json::from_str(tpl)?;
                        obj.insert(key.to_owned(), Value::from(generated));
                        Value::Object(obj).to_string()
                    }
                    _ => generated,
                }
            }
            (None, None) => String::new(),
        };
        let secret_name = format!("{prefix}-{id}");
        // A restarted stack keeps its secrets (tokens signed before the restart stay valid).
        let arn = match aws
            .secrets()
            .create_secret()
            .name(&secret_name)
            .secret_string(value)
            .send()
            .await
        {
            Ok(out) => out.arn,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_exists_exception()) =>
            {
                aws.secrets()
                    .describe_secret()
                    .secret_id(&secret_name)
                    .send()
                    .await?
                    .arn
            }
            Err(e) => return Err(e.into()),
        }
        .ok_or_else(|| err("CreateSecret returned no ARN"))?;
        b.refs.insert(id.clone(), arn.clone());
        b.attrs.insert((id.clone(), "Arn".into()), arn);
    }
    Ok(b)
}

/// Usage plans, API keys and plan memberships (API Gateway's part of the partner API), so the
/// partners function registers keys in plans that exist and the local gateway meters them.
async fn provision_usage_plans(
    template: &Template,
    aws: &AwsClients,
    prefix: &str,
    b: &mut Bindings,
) -> Result<(), BoxError> {
    use aws_sdk_apigateway::types::{QuotaPeriodType, QuotaSettings, ThrottleSettings};
    let apigw = platform::aws_client!(aws_sdk_apigateway, aws.sdk_base());
    let existing: Vec<(String, String)> = apigw
        .get_usage_plans()
        .limit(500)
        .send()
        .await?
        .items
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| Some((p.name?, p.id?)))
        .collect();
    for (id, res) in template.resources_of_type("AWS::ApiGateway::UsagePlan") {
        let p = res.get("Properties").cloned().unwrap_or(Value::Null);
        let plan_name = format!("{prefix}-{id}");
        if let Some((_, plan_id)) = existing.iter().find(|(n, _)| *n == plan_name) {
            b.refs.insert(id.clone(), plan_id.clone());
            continue;
        }
        let mut req = apigw.create_usage_plan().name(plan_name);
        if let Some(t) = p.get("Throttle") {
            req = req.throttle(
                ThrottleSettings::builder()
                    .rate_limit(t.get("RateLimit").and_then(Value::as_f64).unwrap_or(0.0))
                    .burst_limit(t.get("BurstLimit").and_then(Value::as_i64).unwrap_or(0) as i32)
                    .build(),
            );
        }
        if let Some(q) = p.get("Quota") {
            let period = q.get("Period").and_then(Value::as_str).unwrap_or("DAY");
            if period != "DAY" {
                return Err(err(format!(
                    "{id}: the local gateway meters DAY quotas only"
                )));
            }
            req = req.quota(
                QuotaSettings::builder()
                    .limit(q.get("Limit").and_then(Value::as_i64).unwrap_or(0) as i32)
                    .period(QuotaPeriodType::Day)
                    .build(),
            );
        }
        let out = req.send().await?;
        let plan_id = out
            .id
            .ok_or_else(|| err("CreateUsagePlan returned no id"))?;
        b.refs.insert(id.clone(), plan_id);
    }
    for (id, res) in template.resources_of_type("AWS::ApiGateway::ApiKey") {
        let p = res.get("Properties").cloned().unwrap_or(Value::Null);
        let value = p
            .get("Value")
            .and_then(|v| b.resolve(v))
            .unwrap_or_default();
        let name = p.get("Name").and_then(|v| b.resolve(v)).unwrap_or_default();
        let enabled = p.get("Enabled").and_then(Value::as_bool).unwrap_or(false);
        // Stacks sharing one emulator share this value (the stack name is fixed locally).
        let created = apigw
            .create_api_key()
            .name(&name)
            .value(&value)
            .enabled(enabled)
            .send()
            .await;
        let key_id = match created {
            Ok(out) => out.id,
            Err(_) => apigw
                .get_api_keys()
                .include_values(true)
                .limit(500)
                .send()
                .await?
                .items
                .unwrap_or_default()
                .into_iter()
                .find(|k| k.value.as_deref() == Some(value.as_str()))
                .and_then(|k| k.id),
        }
        .ok_or_else(|| err(format!("{id}: API key not created")))?;
        b.refs.insert(id.clone(), key_id);
    }
    for (id, res) in template.resources_of_type("AWS::ApiGateway::UsagePlanKey") {
        let p = res.get("Properties").cloned().unwrap_or(Value::Null);
        let (Some(key), Some(plan)) = (
            p.get("KeyId").and_then(|v| b.resolve(v)),
            p.get("UsagePlanId").and_then(|v| b.resolve(v)),
        ) else {
            return Err(err(format!("{id}: KeyId and UsagePlanId must be Refs")));
        };
        let added = apigw
            .create_usage_plan_key()
            .usage_plan_id(&plan)
            .key_id(&key)
            .key_type("API_KEY")
            .send()
            .await;
        if let Err(e) = added {
            // Already a member (a restarted stack): fine; anything else is not.
            let member = apigw
                .get_usage_plan_key()
                .usage_plan_id(&plan)
                .key_id(&key)
                .send()
                .await
                .is_ok();
            if !member {
                return Err(e.into());
            }
        }
    }
    Ok(())
}
