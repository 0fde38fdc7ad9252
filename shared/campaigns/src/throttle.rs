//! A sending profile's throttle and daily cap, shared by every send worker through conditional
//! counters (a check and an add in one UpdateItem, so concurrent workers cannot overshoot):
//! - per second: a counter per second; a refused block waits for the next second;
//! - per sliding hour: the current hour's counter plus the previous hour's weighted by the part of
//!   it still inside the window (the sliding-window counter); a full hour parks the chunk a while;
//! - per UTC day: the day's counter against today's cap (the warm-up's, while it runs); a spent day
//!   parks the chunk until the next day.
//!
//! Slots are reserved in blocks (up to the per-second limit) so a chunk of 100 messages costs a few
//! updates, not three per message; a block's unused slots are given back.

use crate::senders::SendingProfile;
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;
use std::time::Duration;
use store::{keys, StoreError};

/// What the gate says about the next message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Go,
    /// Not before this time (epoch seconds): the hour or the day is spent.
    ParkUntil(i64),
    /// The invocation's deadline is near and no slot came free in time: nothing was taken; the
    /// recipient goes back to the queue.
    Later,
}

pub struct Gate<'a> {
    state: &'a AppState,
    tenant: &'a TenantId,
    profile: &'a SendingProfile,
    /// Slots reserved and not used yet, and the day and hour they were reserved in.
    reserved: u64,
    reserved_in: Option<(i64, i64)>,
    /// The previous hour's count, read once per hour.
    previous_hour: Option<(i64, u64)>,
    /// When the invocation stops: the wait for a second's slot never runs past it.
    deadline: Option<std::time::Instant>,
}

const SECOND_TTL: i64 = 120;
const HOUR_TTL: i64 = 3 * 3600;
const DAY_TTL: i64 = 40 * 24 * 3600;

impl<'a> Gate<'a> {
    pub fn new(state: &'a AppState, tenant: &'a TenantId, profile: &'a SendingProfile) -> Self {
        Self {
            state,
            tenant,
            profile,
            reserved: 0,
            reserved_in: None,
            previous_hour: None,
            deadline: None,
        }
    }

    /// Bounds the wait for a second's slot by the invocation's deadline (less the margin).
    pub fn until(mut self, deadline: Option<std::time::Instant>) -> Self {
        self.deadline = deadline;
        self
    }

    fn key(&self, window: &str, n: i64) -> store::Key {
        keys::sender_window(self.tenant, &self.profile.id, window, n)
    }

    /// One slot for the next message; `wanted` is how many more this caller expects to send (the
    /// block reserved is at most that, and at most the per-second limit).
    pub async fn take(&mut self, wanted: u64) -> Result<Verdict, ApiError> {
        if self.reserved > 0 {
            self.reserved -= 1;
            return Ok(Verdict::Go);
        }
        let per_second = u64::from(self.profile.throttle.per_second);
        let per_hour = u64::from(self.profile.throttle.per_hour);
        let mut block = wanted.clamp(1, per_second);
        let now = kernel::time::now().unix_timestamp();
        let day = now.div_euclid(86_400);
        let hour = now.div_euclid(3600);
        // The day.
        let cap = u64::from(self.profile.cap_today());
        loop {
            match self
                .state
                .store
                .add_within(&self.key("DAY", day), block, cap, now + DAY_TTL)
                .await
            {
                Ok(_) => break,
                Err(StoreError::ConditionFailed) => {
                    let used = self.state.store.count(&self.key("DAY", day)).await?;
                    let room = cap.saturating_sub(used);
                    if room == 0 {
                        return Ok(Verdict::ParkUntil((day + 1) * 86_400 + 60));
                    }
                    block = block.min(room);
                }
                Err(e) => return Err(e.into()),
            }
        }
        // The sliding hour.
        let previous = match self.previous_hour {
            Some((h, n)) if h == hour - 1 => n,
            _ => {
                let n = self.state.store.count(&self.key("HOUR", hour - 1)).await?;
                self.previous_hour = Some((hour - 1, n));
                n
            }
        };
        let into_hour = (now - hour * 3600) as f64 / 3600.0;
        let carried = (previous as f64 * (1.0 - into_hour)).ceil() as u64;
        let room_now = per_hour.saturating_sub(carried);
        match self
            .state
            .store
            .add_within(&self.key("HOUR", hour), block, room_now, now + HOUR_TTL)
            .await
        {
            Ok(_) => {}
            Err(StoreError::ConditionFailed) => {
                self.give_back_day(day, block).await;
                return Ok(Verdict::ParkUntil(now + 300));
            }
            Err(e) => return Err(e.into()),
        }
        // The second: wait for the next one while it is full.
        loop {
            let now = kernel::time::now();
            let second = now.unix_timestamp();
            match self
                .state
                .store
                .add_within(
                    &self.key("SEC", second),
                    block,
                    per_second,
                    second + SECOND_TTL,
                )
                .await
            {
                Ok(_) => break,
                Err(StoreError::ConditionFailed) => {
                    let rest = Duration::from_millis(1005 - u64::from(now.millisecond()).min(999));
                    let late = self.deadline.is_some_and(|d| {
                        d.saturating_duration_since(std::time::Instant::now())
                            < rest + platform::worker::DEADLINE_MARGIN
                    });
                    if late {
                        // Give back what this block holds of the day and the hour.
                        self.give_back_day(day, block).await;
                        if let Err(e) = self
                            .state
                            .store
                            .subtract(&self.key("HOUR", hour), block)
                            .await
                        {
                            tracing::warn!(error = %e, "could not give back hourly slots");
                        }
                        return Ok(Verdict::Later);
                    }
                    tokio::time::sleep(rest).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        self.reserved = block - 1;
        self.reserved_in = Some((day, hour));
        Ok(Verdict::Go)
    }

    async fn give_back_day(&mut self, day: i64, n: u64) {
        if let Err(e) = self.state.store.subtract(&self.key("DAY", day), n).await {
            tracing::warn!(error = %e, "could not give back daily slots");
        }
    }

    /// Gives back the slots reserved and not used (the chunk ended or stopped early).
    pub async fn release(&mut self) {
        let n = std::mem::take(&mut self.reserved);
        if let (Some((day, hour)), true) = (self.reserved_in, n > 0) {
            self.give_back_day(day, n).await;
            if let Err(e) = self.state.store.subtract(&self.key("HOUR", hour), n).await {
                tracing::warn!(error = %e, "could not give back hourly slots");
            }
        }
    }
}
