//! The daily warm-up step (EventBridge, hourly; a profile steps once per UTC day, on the first run
//! after midnight): each profile with a warm-up plan
//! gets today's cap from yesterday's — grown by the plan's `growth_percent`, up to the profile's
//! daily cap — unless yesterday's bounces were above 2% or complaints above 0.1% of what it sent,
//! which holds the cap where it was. Yesterday's counts are the daily cap's counter (`count`: sent)
//! and the delivery events' `bounced` and `complained` on the same item.
//!
//! Idempotent: a profile already stepped today is skipped, and the step is a put conditional on
//! the version read (a concurrent edit wins; the next run steps it).

use crate::senders::{self, SendingProfile, WarmupState};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use serde::Deserialize;
use store::keys;

/// Bounces above this share of yesterday's messages hold the cap (2%).
pub const MAX_BOUNCE_RATE: f64 = 0.02;
/// Complaints above this share hold the cap (0.1%).
pub const MAX_COMPLAINT_RATE: f64 = 0.001;

/// Yesterday's figures of one profile.
#[derive(Debug, Default, Clone, Copy, PartialEq, Deserialize)]
pub struct DayFigures {
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub bounced: u64,
    #[serde(default)]
    pub complained: u64,
}

/// The next cap: held when the day went badly, else grown (never past the daily cap).
pub fn next_cap(current: u32, growth_percent: u32, daily_cap: u32, y: DayFigures) -> (u32, bool) {
    let sent = y.count.max(1) as f64;
    let held = y.count > 0
        && (y.bounced as f64 / sent > MAX_BOUNCE_RATE
            || y.complained as f64 / sent > MAX_COMPLAINT_RATE);
    if held {
        return (current.min(daily_cap), true);
    }
    let grown = (u64::from(current) * (100 + u64::from(growth_percent))).div_ceil(100);
    (grown.min(u64::from(daily_cap)) as u32, false)
}

fn day_name(epoch_day: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(epoch_day * 86_400)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// Steps one profile for today; `true` when it changed.
pub async fn step(
    state: &AppState,
    tenant: &TenantId,
    p: &SendingProfile,
) -> Result<bool, ApiError> {
    let Some(plan) = p.warmup else {
        return Ok(false);
    };
    let today = kernel::time::now().unix_timestamp().div_euclid(86_400);
    let today_name = day_name(today);
    if p.warmup_state.as_ref().is_some_and(|s| s.day == today_name) {
        return Ok(false);
    }
    let yesterday: DayFigures = state
        .store
        .get(&keys::sender_window(tenant, &p.id, "DAY", today - 1))
        .await?
        .unwrap_or_default();
    let current = p.cap_today();
    let (cap, held) = if p.warmup_state.is_none() && yesterday.count == 0 {
        // Nothing sent under the plan yet: it starts today at its start.
        (plan.start_cap.min(p.daily_cap), false)
    } else {
        next_cap(current, plan.growth_percent, p.daily_cap, yesterday)
    };
    let mut next = p.clone();
    next.warmup_state = Some(WarmupState {
        cap,
        day: today_name,
        held,
    });
    next.version += 1;
    next.updated_at = kernel::time::rfc3339(kernel::time::now());
    let stepped = crate::persist::profile::put_if_version(state, tenant, &next, p.version).await?;
    if stepped {
        tracing::info!(profile = %p.id, cap, held, "warm-up step");
    }
    Ok(stepped)
}

#[derive(Deserialize)]
struct Indexed {
    #[serde(rename = "GSI2SK")]
    sk: String,
}

/// Steps every profile with a warm-up plan, across organisations; returns how many changed.
pub async fn step_all(state: &AppState) -> Result<u32, ApiError> {
    let mut changed = 0;
    for spec in keys::warmup_index() {
        let found: Vec<Indexed> = state.store.query_every(&spec, 100_000).await?;
        for item in found {
            let Some((tenant, id)) = item.sk.split_once('#') else {
                continue;
            };
            let Ok(tenant) = tenant.parse::<TenantId>() else {
                continue;
            };
            let p = match senders::load(state, &tenant, id).await {
                Ok(p) => p,
                Err(ApiError::NotFound { .. }) => continue,
                Err(e) => return Err(e),
            };
            if step(state, &tenant, &p).await? {
                changed += 1;
            }
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(count: u64, bounced: u64, complained: u64) -> DayFigures {
        DayFigures {
            count,
            bounced,
            complained,
        }
    }

    #[test]
    fn the_cap_grows_by_the_plan_up_to_the_daily_cap() {
        assert_eq!(next_cap(100, 100, 10_000, day(100, 0, 0)), (200, false));
        assert_eq!(next_cap(100, 50, 10_000, day(100, 2, 0)), (150, false));
        assert_eq!(
            next_cap(8_000, 100, 10_000, day(8_000, 0, 0)),
            (10_000, false)
        );
        assert_eq!(
            next_cap(7, 10, 10_000, day(0, 0, 0)),
            (8, false),
            "rounds up"
        );
    }

    #[test]
    fn bounces_over_two_percent_or_complaints_over_a_tenth_of_a_percent_hold_it() {
        assert_eq!(
            next_cap(1_000, 100, 10_000, day(1_000, 21, 0)),
            (1_000, true)
        );
        assert_eq!(
            next_cap(1_000, 100, 10_000, day(1_000, 20, 0)),
            (2_000, false)
        );
        assert_eq!(
            next_cap(1_000, 100, 10_000, day(1_000, 0, 2)),
            (1_000, true)
        );
        assert_eq!(
            next_cap(1_000, 100, 10_000, day(1_000, 0, 1)),
            (2_000, false)
        );
    }
}
