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

/// What must happen after a state change or a pipeline step: the runner
/// (`pipeline::run`) performs these, and a step that leads somewhere else answers with more of
/// them instead of calling back into the code that called it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Read the progress and plan the start of sending ([`after_kick`]).
    Kick,
    /// Note progress now and put the campaign's watch in the due list.
    ArmWatch,
    /// Queue the fan-out (it continues from its checkpoint).
    QueueFanout,
    /// Queue the chunks parked for a pause (`due_too`: and those whose time has come).
    Unpark { due_too: bool },
    /// Finish the campaign if every chunk is done ([`finish_step`]).
    CheckFinish,
    /// A move of the platform's own (finish, pause with a reason, a schedule's start).
    Move(Move, Option<String>),
}

/// What a move to `to` asks for next: a campaign that starts or resumes is kicked.
pub fn after_move(to: State) -> Vec<Action> {
    match to {
        State::Running => vec![Action::Kick],
        _ => Vec::new(),
    }
}

/// The start of sending, given the progress: the watch armed, the fan-out queued unless it is
/// done, the chunks parked for a pause queued again, and (when the fan-out is done) the finish
/// checked, since nothing else may be left to send.
pub fn after_kick(fanout_done: bool) -> Vec<Action> {
    let mut next = vec![Action::ArmWatch];
    if !fanout_done {
        next.push(Action::QueueFanout);
    }
    next.push(Action::Unpark { due_too: false });
    if fanout_done {
        next.push(Action::CheckFinish);
    }
    next
}

/// Where a finish check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishStep {
    /// Chunks are still out (or the campaign is not running): nothing to do.
    NotYet,
    /// Every chunk is done, and the MailWizz campaign must be made first.
    HandToMailwizz,
    Finish,
}

/// Whether a campaign in `status` whose fan-out is `fanout_done` with `done` of `chunks` chunks
/// finishes now; a campaign sent through MailWizz without its MailWizz campaign yet gets it first.
pub fn finish_step(
    status: State,
    fanout_done: bool,
    done: u64,
    chunks: u64,
    needs_mailwizz: bool,
) -> FinishStep {
    if status != State::Running || !fanout_done || done < chunks {
        FinishStep::NotYet
    } else if needs_mailwizz {
        FinishStep::HandToMailwizz
    } else {
        FinishStep::Finish
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

    #[test]
    fn only_a_move_to_running_asks_for_a_kick() {
        for from in State::ALL {
            for m in MOVES {
                if let Some(to) = from.after(m) {
                    let next = after_move(to);
                    assert_eq!(next == vec![Action::Kick], to == Running, "{from:?} {m:?}");
                    assert!(next.is_empty() || to == Running);
                }
            }
        }
    }

    #[test]
    fn a_kick_queues_the_fanout_or_checks_the_finish_never_both() {
        let open = after_kick(false);
        assert_eq!(
            open,
            vec![
                Action::ArmWatch,
                Action::QueueFanout,
                Action::Unpark { due_too: false }
            ]
        );
        let done = after_kick(true);
        assert_eq!(
            done,
            vec![
                Action::ArmWatch,
                Action::Unpark { due_too: false },
                Action::CheckFinish
            ]
        );
    }

    #[test]
    fn a_campaign_finishes_only_running_with_every_chunk_done() {
        for status in State::ALL {
            for (fanout_done, done, chunks) in
                [(false, 3, 3), (true, 2, 3), (true, 3, 3), (true, 0, 0)]
            {
                for mailwizz in [false, true] {
                    let step = finish_step(status, fanout_done, done, chunks, mailwizz);
                    let ready = status == Running && fanout_done && done >= chunks;
                    let want = match (ready, mailwizz) {
                        (false, _) => FinishStep::NotYet,
                        (true, true) => FinishStep::HandToMailwizz,
                        (true, false) => FinishStep::Finish,
                    };
                    assert_eq!(
                        step, want,
                        "{status:?} {fanout_done} {done}/{chunks} {mailwizz}"
                    );
                }
            }
        }
    }
}
