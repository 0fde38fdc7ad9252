//! A data source's `schedule`: an EventBridge Scheduler expression (`rate(...)` or `cron(...)`),
//! checked here before the Scheduler sees it (so a bad one is a 422 naming `schedule`, not a 500
//! from the Scheduler), and evaluated by the local stack, which plays the schedules moto stores.
//!
//! A sync at most every 15 minutes: a rate below that, or a cron firing more than 4 times an hour,
//! is refused (a feed polled every minute costs its owner and us and gains nothing).

use std::fmt;
use time::OffsetDateTime;

/// The shortest period a rate may have.
pub const MIN_RATE_MINUTES: u64 = 15;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expression {
    /// Every this many seconds.
    Rate(u64),
    Cron(Box<Cron>),
}

/// `cron(minutes hours day-of-month month day-of-week year)`, UTC, as AWS writes it: each field a
/// set of the values it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    minutes: Vec<u32>,
    hours: Vec<u32>,
    /// `None`: `?` (the day of the week decides).
    days: Option<Vec<u32>>,
    months: Vec<u32>,
    /// 1 = Sunday … 7 = Saturday; `None`: `?`.
    weekdays: Option<Vec<u32>>,
    years: Option<Vec<u32>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpressionError(pub String);

impl fmt::Display for ExpressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn bad(msg: impl Into<String>) -> ExpressionError {
    ExpressionError(msg.into())
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Expression {
    pub fn parse(raw: &str) -> Result<Self, ExpressionError> {
        let raw = raw.trim();
        if raw.len() > 256 {
            return Err(bad("at most 256 characters"));
        }
        if let Some(inner) = raw.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
            return parse_rate(inner).map(Expression::Rate);
        }
        if let Some(inner) = raw.strip_prefix("cron(").and_then(|r| r.strip_suffix(')')) {
            return parse_cron(inner).map(|c| Expression::Cron(Box::new(c)));
        }
        Err(bad(
            "rate(<n> <minutes|hours|days>) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)",
        ))
    }

    /// Whether a schedule fires in the minute starting at `t` (for cron) or `secs_since_last`
    /// seconds after its last firing (for a rate).
    pub fn due(&self, t: OffsetDateTime, secs_since_last: u64) -> bool {
        match self {
            Expression::Rate(period) => secs_since_last >= *period,
            Expression::Cron(c) => c.matches(t),
        }
    }
}

fn parse_rate(inner: &str) -> Result<u64, ExpressionError> {
    let (n, unit) = inner
        .trim()
        .split_once(' ')
        .ok_or_else(|| bad("rate(<n> <unit>), e.g. rate(6 hours)"))?;
    let n: u64 = n
        .parse()
        .map_err(|_| bad(format!("{n} is not a whole number")))?;
    let unit_secs = match (n, unit.trim()) {
        (1, "minute") | (2.., "minutes") => 60,
        (1, "hour") | (2.., "hours") => 3_600,
        (1, "day") | (2.., "days") => 86_400,
        _ => {
            return Err(bad(
                "the unit is minute(s), hour(s) or day(s), singular for 1 only",
            ))
        }
    };
    let secs = n.saturating_mul(unit_secs);
    if secs < MIN_RATE_MINUTES * 60 {
        return Err(bad(format!(
            "a sync runs at most every {MIN_RATE_MINUTES} minutes"
        )));
    }
    if secs > 365 * 86_400 {
        return Err(bad("at least once a year"));
    }
    Ok(secs)
}

fn parse_cron(inner: &str) -> Result<Cron, ExpressionError> {
    let fields: Vec<&str> = inner.split_whitespace().collect();
    let [minutes, hours, days, months, weekdays, years] = fields[..] else {
        return Err(bad(
            "six fields: minutes hours day-of-month month day-of-week year",
        ));
    };
    let days = optional(days, "day-of-month", 1, 31, &[])?;
    let weekdays = optional(weekdays, "day-of-week", 1, 7, &WEEKDAYS)?;
    if days.is_some() == weekdays.is_some() {
        return Err(bad(
            "one of day-of-month and day-of-week must be ? (and only one)",
        ));
    }
    let minutes = set(minutes, "minutes", 0, 59, &[])?;
    if minutes.len() > 4 {
        return Err(bad(format!(
            "a sync runs at most every {MIN_RATE_MINUTES} minutes: at most 4 minutes an hour"
        )));
    }
    Ok(Cron {
        minutes,
        hours: set(hours, "hours", 0, 23, &[])?,
        days,
        months: set(months, "month", 1, 12, &MONTHS)?,
        weekdays,
        years: match years {
            "*" => None,
            y => Some(set(y, "year", 1970, 2199, &[])?),
        },
    })
}

fn optional(
    field: &str,
    name: &str,
    lo: u32,
    hi: u32,
    names: &[&str],
) -> Result<Option<Vec<u32>>, ExpressionError> {
    if field == "?" {
        Ok(None)
    } else {
        set(field, name, lo, hi, names).map(Some)
    }
}

/// A field as the values it allows: `*`, `n`, `a-b`, `*/s`, `a/s`, `a-b/s`, lists of these;
/// names (JAN, MON) where `names` has them. AWS's `L`, `W` and `#` are refused.
fn set(
    field: &str,
    name: &str,
    lo: u32,
    hi: u32,
    names: &[&str],
) -> Result<Vec<u32>, ExpressionError> {
    let value = |s: &str| -> Result<u32, ExpressionError> {
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
            return Ok(lo + i as u32);
        }
        match s.parse::<u32>() {
            Ok(v) if (lo..=hi).contains(&v) => Ok(v),
            _ => Err(bad(format!("{name}: {s} is not in {lo}-{hi}"))),
        }
    };
    let mut out = Vec::new();
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| bad(format!("{name}: {s} is not a step")))?,
            ),
            None => (part, 1),
        };
        let (a, b) = match range {
            "*" => (lo, hi),
            r => match r.split_once('-') {
                Some((a, b)) => (value(a)?, value(b)?),
                None if part.contains('/') => (value(r)?, hi),
                None => {
                    let v = value(r)?;
                    (v, v)
                }
            },
        };
        if a > b {
            return Err(bad(format!("{name}: {range} runs backwards")));
        }
        out.extend((a..=b).step_by(step as usize));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

impl Cron {
    /// Whether the minute starting at `t` (UTC) is one of the schedule's.
    pub fn matches(&self, t: OffsetDateTime) -> bool {
        let has = |v: &[u32], x: u32| v.contains(&x);
        let weekday = t.weekday().number_from_sunday() as u32;
        has(&self.minutes, t.minute() as u32)
            && has(&self.hours, t.hour() as u32)
            && has(&self.months, u8::from(t.month()) as u32)
            && self.days.as_ref().is_none_or(|d| has(d, t.day() as u32))
            && self.weekdays.as_ref().is_none_or(|d| has(d, weekday))
            && self
                .years
                .as_ref()
                .is_none_or(|y| u32::try_from(t.year()).is_ok_and(|year| has(y, year)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn rates_of_at_least_fifteen_minutes() {
        assert_eq!(
            Expression::parse("rate(15 minutes)"),
            Ok(Expression::Rate(900))
        );
        assert_eq!(
            Expression::parse("rate(1 day)"),
            Ok(Expression::Rate(86_400))
        );
        assert_eq!(
            Expression::parse(" rate(6 hours) "),
            Ok(Expression::Rate(21_600))
        );
        for bad in [
            "rate(5 minutes)",
            "rate(1 minutes)",
            "rate(0 hours)",
            "rate(2 weeks)",
            "rate(x hours)",
            "every day",
        ] {
            assert!(Expression::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cron_fields_as_aws_writes_them() {
        let c = Expression::parse("cron(30 6 ? * MON-FRI *)").unwrap();
        // 2026-12-07 is a Monday, 2026-12-06 a Sunday.
        assert!(c.due(datetime!(2026-12-07 06:30 UTC), 0));
        assert!(!c.due(datetime!(2026-12-07 06:31 UTC), 0));
        assert!(!c.due(datetime!(2026-12-06 06:30 UTC), 0));
        let monthly = Expression::parse("cron(0 0 1 * ? *)").unwrap();
        assert!(monthly.due(datetime!(2027-01-01 00:00 UTC), 0));
        assert!(!monthly.due(datetime!(2027-01-02 00:00 UTC), 0));
        let quarter = Expression::parse("cron(0/15 * ? * * *)").unwrap();
        assert!(quarter.due(datetime!(2027-01-02 13:45 UTC), 0));
        assert!(!quarter.due(datetime!(2027-01-02 13:46 UTC), 0));
    }

    #[test]
    fn refuses_what_aws_or_the_platform_would() {
        for bad in [
            "cron(* * * * ? *)",    // every minute
            "cron(0/5 * ? * * *)",  // every 5 minutes
            "cron(0 12 * * * *)",   // both days given
            "cron(0 12 ? * ? *)",   // neither
            "cron(0 25 * * ? *)",   // no hour 25
            "cron(0 12 L * ? *)",   // L is not supported
            "cron(0 12 * * ?)",     // five fields
            "cron(0 12 5-1 * ? *)", // backwards
        ] {
            assert!(Expression::parse(bad).is_err(), "{bad}");
        }
    }
}

/// The Scheduler side: one schedule per scheduled source, in the platform's schedule group, whose
/// target is the sync queue with the source's start message as its input (so a firing is an SQS
/// message like any other sync start: at least once, possibly late, deduplicated by the source's
/// one-run-at-a-time rule).
pub mod scheduler {
    use kernel::error::ApiError;
    use kernel::ids::TenantId;
    use platform::AppState;

    /// The schedule's name: unique per source, within Scheduler's 64 characters.
    pub fn name(tenant: &TenantId, source_id: &str) -> String {
        format!("{tenant}-{source_id}")
    }

    async fn client(state: &AppState) -> Result<aws_sdk_scheduler::Client, ApiError> {
        #[derive(Debug)]
        struct SchedulerPart(aws_sdk_scheduler::Client);
        let part: std::sync::Arc<SchedulerPart> = state
            .part(|| async {
                Ok(SchedulerPart(platform::aws_client!(
                    aws_sdk_scheduler,
                    state.aws.sdk_base()
                )))
            })
            .await?;
        Ok(part.0.clone())
    }

    fn var<'a>(state: &'a AppState, name: &'static str) -> Result<&'a str, ApiError> {
        state
            .config
            .var(name)
            .ok_or_else(|| ApiError::internal(format!("{name} is not set")))
    }

    fn failed(e: impl std::fmt::Display) -> ApiError {
        ApiError::Unavailable {
            detail: format!("the scheduler did not answer: {e}"),
            retry_after_secs: Some(2),
        }
    }

    /// Creates or replaces the source's schedule (idempotent: a retry finds it and updates it).
    pub async fn put(
        state: &AppState,
        tenant: &TenantId,
        source_id: &str,
        expression: &str,
        input: &str,
    ) -> Result<(), ApiError> {
        use aws_sdk_scheduler::types::{
            FlexibleTimeWindow, FlexibleTimeWindowMode, ScheduleState, Target,
        };
        let c = client(state).await?;
        let group = var(state, "SCHEDULE_GROUP")?;
        let target = Target::builder()
            .arn(var(state, "DATA_SOURCE_QUEUE_ARN")?)
            .role_arn(var(state, "SCHEDULER_ROLE_ARN")?)
            .input(input)
            .build()
            .map_err(ApiError::internal)?;
        let window = FlexibleTimeWindow::builder()
            .mode(FlexibleTimeWindowMode::Off)
            .build()
            .map_err(ApiError::internal)?;
        let name = name(tenant, source_id);
        let created = c
            .create_schedule()
            .name(&name)
            .group_name(group)
            .schedule_expression(expression)
            .schedule_expression_timezone("UTC")
            .flexible_time_window(window.clone())
            .target(target.clone())
            .state(ScheduleState::Enabled)
            .send()
            .await;
        match created {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_conflict_exception()) =>
            {
                c.update_schedule()
                    .name(&name)
                    .group_name(group)
                    .schedule_expression(expression)
                    .schedule_expression_timezone("UTC")
                    .flexible_time_window(window)
                    .target(target)
                    .state(ScheduleState::Enabled)
                    .send()
                    .await
                    .map_err(|e| failed(e.into_service_error()))?;
                Ok(())
            }
            Err(e) => Err(failed(e.into_service_error())),
        }
    }

    /// Deletes the source's schedule; done when it is gone already.
    pub async fn delete(
        state: &AppState,
        tenant: &TenantId,
        source_id: &str,
    ) -> Result<(), ApiError> {
        let c = client(state).await?;
        match c
            .delete_schedule()
            .name(name(tenant, source_id))
            .group_name(var(state, "SCHEDULE_GROUP")?)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(failed(e.into_service_error())),
        }
    }
}
