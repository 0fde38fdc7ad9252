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
    let handler = f.schedule.ok_or("function has no schedule handler")?;
    let event = schedule_event(
        schedule.input.as_ref(),
        &schedule.name,
        &stack.bindings.region,
    );
    // As Lambda runs it: the handler sees its deadline and is stopped at the function's timeout.
    let deadline = std::time::Instant::now() + f.timeout;
    match tokio::time::timeout(
        f.timeout,
        platform::worker::with_deadline(deadline, handler(&f.state, event)),
    )
    .await
    {
        Ok(result) => result,
        Err(_) => Err(format!("{function} timed out after {:?}", f.timeout).into()),
    }
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
