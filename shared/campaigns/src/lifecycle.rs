//! A campaign's states and the moves between them, after listmonk: draft, scheduled, running,
//! paused, cancelled, finished. Only the moves below are legal (any other is a 409 for the caller),
//! and a campaign's content may change only while it is a draft, scheduled or paused. The store
//! applies a move as a conditional update on the state it was read in, so two concurrent moves
//! cannot both succeed.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Draft,
    Scheduled,
    Running,
    Paused,
    Cancelled,
    Finished,
}

/// What a caller (or the platform) asks of a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// `POST …/send` with a `scheduled_at` in the future.
    Schedule,
    /// `POST …/send` now (or the schedule sweep when `scheduled_at` arrives).
    Start,
    /// `POST …/cancel` on a scheduled campaign: back to draft, as listmonk unschedules.
    Unschedule,
    Pause,
    Resume,
    Cancel,
    /// The send pipeline, when every recipient has been handled.
    Finish,
}

impl State {
    pub const ALL: [State; 6] = [
        State::Draft,
        State::Scheduled,
        State::Running,
        State::Paused,
        State::Cancelled,
        State::Finished,
    ];

    /// The state a move leads to from this one, or `None` when the move is illegal here.
    pub fn after(self, m: Move) -> Option<State> {
        use Move::*;
        use State::*;
        Some(match (self, m) {
            (Draft | Paused, Schedule) => Scheduled,
            (Draft | Paused | Scheduled, Start) => Running,
            (Scheduled, Unschedule) => Draft,
            (Running, Pause) => Paused,
            (Paused, Resume) => Running,
            (Running | Paused, Cancel) => Cancelled,
            (Running, Finish) => Finished,
            _ => return None,
        })
    }

    /// Whether the campaign's content (name, template, audience, sender, schedule) may change.
    pub fn editable(self) -> bool {
        matches!(self, State::Draft | State::Scheduled | State::Paused)
    }

    /// Whether the campaign may be deleted (never while it sends).
    pub fn deletable(self) -> bool {
        self != State::Running
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Move::*;
    use State::*;

    const MOVES: [Move; 7] = [Schedule, Start, Unschedule, Pause, Resume, Cancel, Finish];

    /// listmonk's table: scheduled→draft; draft|paused→scheduled; draft|paused→running (and
    /// scheduled→running when its time comes); running→paused; running|paused→cancelled;
    /// running→finished. Everything else is refused.
    #[test]
    fn exactly_the_legal_moves_are_allowed() {
        let legal = [
            (Draft, Schedule, Scheduled),
            (Paused, Schedule, Scheduled),
            (Draft, Start, Running),
            (Paused, Start, Running),
            (Scheduled, Start, Running),
            (Scheduled, Unschedule, Draft),
            (Running, Pause, Paused),
            (Paused, Resume, Running),
            (Running, Cancel, Cancelled),
            (Paused, Cancel, Cancelled),
            (Running, Finish, Finished),
        ];
        let mut allowed = 0;
        for from in State::ALL {
            for m in MOVES {
                let want = legal
                    .iter()
                    .find(|(f, mv, _)| *f == from && *mv == m)
                    .map(|l| l.2);
                assert_eq!(from.after(m), want, "{from:?} --{m:?}-->");
                allowed += usize::from(want.is_some());
            }
        }
        assert_eq!(allowed, legal.len());
        // Cancelled and finished are final.
        for m in MOVES {
            assert_eq!(Cancelled.after(m), None);
            assert_eq!(Finished.after(m), None);
        }
    }

    #[test]
    fn content_changes_only_while_not_sending_or_ended() {
        let editable: Vec<State> = State::ALL.into_iter().filter(|s| s.editable()).collect();
        assert_eq!(editable, [Draft, Scheduled, Paused]);
        assert!(!Running.deletable() && Draft.deletable() && Finished.deletable());
    }
}
