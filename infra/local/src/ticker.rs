//! Plays EventBridge schedules: each `rate(...)` schedule in the template fires its function on that
//! period; `POST /_local/schedules/{FunctionLogicalId}/{EventName}` fires one at once.

use crate::{BoxError, Stack};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

/// `rate(1 minute)`, `rate(5 minutes)`, `rate(2 hours)`, `rate(1 day)`.
pub fn parse_rate(expr: &str) -> Result<Duration, String> {
    let inner = expr
        .trim()
        .strip_prefix("rate(")
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(|| format!("{expr}: the local ticker supports rate(...) expressions only"))?;
    let (n, unit) = inner
        .trim()
        .split_once(' ')
        .ok_or_else(|| format!("{expr}: expected rate(<n> <unit>)"))?;
    let n: u64 = n
        .parse()
        .map_err(|_| format!("{expr}: {n} is not a whole number"))?;
    if n == 0 {
        return Err(format!("{expr}: the rate must be positive"));
    }
    let secs = match (n, unit.trim()) {
        (1, "minute") | (2.., "minutes") => 60,
        (1, "hour") | (2.., "hours") => 3600,
        (1, "day") | (2.., "days") => 86_400,
        _ => {
            return Err(format!(
                "{expr}: unit must be minute(s), hour(s) or day(s), singular only for 1"
            ))
        }
    };
    Ok(Duration::from_secs(n * secs))
}

/// The event a schedule delivers: its `Input` if set, else EventBridge's scheduled event.
pub fn schedule_event(input: Option<&Value>, rule: &str, region: &str) -> Value {
    if let Some(input) = input {
        return input.clone();
    }
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    json!({
        "version": "0",
        "id": ulid::Ulid::new().to_string(),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": now,
        "region": region,
        "resources": [format!("arn:aws:events:{region}:123456789012:rule/{rule}")],
        "detail": {},
    })
}

/// Invokes a function's event handler with `payload`, as `aws lambda invoke` does: its deadline
/// and timeout apply.
pub async fn invoke(
    stack: &Stack,
    function: &str,
    payload: serde_json::Value,
) -> Result<(), BoxError> {
    let f = stack
        .function(function)
        .ok_or_else(|| format!("no function {function} in template.yaml"))?;
    let handler = f
        .schedule
        .ok_or("the function takes no direct invocation")?;
    let deadline = std::time::Instant::now() + f.timeout;
    match tokio::time::timeout(
        f.timeout,
        platform::worker::with_deadline(deadline, handler(&f.state, payload)),
    )
    .await
    {
        Ok(result) => result,
        Err(_) => Err(format!("{function} timed out after {:?}", f.timeout).into()),
    }
}

pub async fn fire(stack: &Stack, function: &str, event_name: &str) -> Result<(), BoxError> {
    let f = stack
        .function(function)
        .ok_or_else(|| format!("no function {function} in template.yaml"))?;
    let schedule = f
        .def
        .schedules
        .iter()
        .find(|s| s.name == event_name)
        .ok_or_else(|| format!("{function} has no schedule event {event_name}"))?;
    let event = schedule_event(
        schedule.input.as_ref(),
        &schedule.name,
        &stack.bindings.region,
    );
    // As Lambda runs it: the handler sees its deadline and is stopped at the function's timeout.
    invoke(stack, function, event).await
}

pub fn spawn_tickers(stack: &Arc<Stack>) -> Result<Vec<JoinHandle<()>>, BoxError> {
    let mut tasks = Vec::new();
    for f in &stack.functions {
        for s in &f.def.schedules {
            let period = parse_rate(&s.expression)?;
            let (stack, function, name) = (stack.clone(), f.def.logical_id.clone(), s.name.clone());
            tasks.push(tokio::spawn(async move {
                let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
                loop {
                    interval.tick().await;
                    if let Err(e) = fire(&stack, &function, &name).await {
                        tracing::warn!(error = %e, function = %function, schedule = %name, "scheduled run failed");
                    }
                }
            }));
        }
    }
    Ok(tasks)
}

/// The schedule groups of the stack (template.yaml `AWS::Scheduler::ScheduleGroup`), by name.
fn schedule_groups(stack: &Stack) -> Vec<String> {
    stack
        .bindings
        .attrs
        .iter()
        .filter(|((_, attr), arn)| attr == "Arn" && arn.contains(":schedule-group/"))
        .filter_map(|((id, _), _)| stack.bindings.refs.get(id).cloned())
        .collect()
}

/// Fires an EventBridge Scheduler schedule as Scheduler does: its target's input sent to its
/// target (an SQS queue, the only kind of target the platform's schedules have).
pub async fn fire_scheduled(stack: &Stack, group: &str, name: &str) -> Result<(), BoxError> {
    let scheduler = platform::aws_client!(aws_sdk_scheduler, stack.admin.sdk_base());
    let s = scheduler
        .get_schedule()
        .group_name(group)
        .name(name)
        .send()
        .await
        .map_err(|e| format!("no schedule {group}/{name}: {}", e.into_service_error()))?;
    let target = s.target.ok_or("the schedule has no target")?;
    let queue_name = target
        .arn
        .rsplit(':')
        .next()
        .ok_or("the target is not an SQS queue ARN")?
        .to_owned();
    let url = stack
        .sqs
        .get_queue_url()
        .queue_name(&queue_name)
        .send()
        .await?
        .queue_url
        .ok_or("GetQueueUrl returned no URL")?;
    stack
        .sqs
        .send_message()
        .queue_url(url)
        .message_body(target.input.unwrap_or_else(|| "{}".into()))
        .send()
        .await?;
    Ok(())
}

/// Plays the schedules functions create at run time (a data source's sync schedule): every 20 s
/// it lists the stack's schedule groups and fires each enabled schedule that is due (a rate one
/// period after it was first seen or last fired; a cron in the minute it names, once).
pub fn spawn_scheduler_ticker(stack: &Arc<Stack>) -> JoinHandle<()> {
    let stack = stack.clone();
    tokio::spawn(async move {
        let scheduler = platform::aws_client!(aws_sdk_scheduler, stack.admin.sdk_base());
        // name -> (when last fired or first seen, the minute a cron last fired in)
        let mut seen: std::collections::HashMap<String, (std::time::Instant, i64)> =
            std::collections::HashMap::new();
        let mut interval = tokio::time::interval(Duration::from_secs(20));
        loop {
            interval.tick().await;
            for group in schedule_groups(&stack) {
                let Ok(listed) = scheduler.list_schedules().group_name(&group).send().await else {
                    continue;
                };
                for summary in listed.schedules {
                    let Some(name) = summary.name else { continue };
                    let Ok(s) = scheduler
                        .get_schedule()
                        .group_name(&group)
                        .name(&name)
                        .send()
                        .await
                    else {
                        continue;
                    };
                    if s.state.as_ref().map(|st| st.as_str()) == Some("DISABLED") {
                        continue;
                    }
                    let Some(Ok(expr)) = s
                        .schedule_expression
                        .as_deref()
                        .map(campaigns::sources::schedule::Expression::parse)
                    else {
                        continue;
                    };
                    let now = time::OffsetDateTime::now_utc();
                    let minute = now.unix_timestamp() / 60;
                    let key = format!("{group}/{name}");
                    let (last, last_minute) = *seen
                        .entry(key.clone())
                        .or_insert((std::time::Instant::now(), 0));
                    let due = expr.due(now, last.elapsed().as_secs()) && last_minute != minute;
                    if due {
                        seen.insert(key, (std::time::Instant::now(), minute));
                        if let Err(e) = fire_scheduled(&stack, &group, &name).await {
                            tracing::warn!(error = %e, schedule = %name, "a schedule's firing failed");
                        }
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rates() {
        assert_eq!(parse_rate("rate(1 minute)"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_rate("rate(5 minutes)"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_rate("rate(2 hours)"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_rate("rate(1 day)"), Ok(Duration::from_secs(86_400)));
        assert!(parse_rate("rate(1 minutes)").is_err());
        assert!(parse_rate("rate(0 minutes)").is_err());
        assert!(parse_rate("cron(0 12 * * ? *)").is_err());
    }

    #[test]
    fn input_replaces_the_scheduled_event() {
        let input = json!({"job": "sweep"});
        assert_eq!(schedule_event(Some(&input), "r", "us-east-1"), input);
        let ev = schedule_event(None, "sweep", "us-east-1");
        assert_eq!(ev["detail-type"], "Scheduled Event");
        assert_eq!(
            ev["resources"][0],
            "arn:aws:events:us-east-1:123456789012:rule/sweep"
        );
    }
}
