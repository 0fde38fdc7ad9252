//! Finishing a campaign whose fan-out and chunks are all done.

use super::mailwizz::hand_to_mailwizz;
use crate::campaign;
use crate::lifecycle::{self, Action, FinishStep, Move};
use crate::senders;
use kernel::error::ApiError;
use kernel::ids::TenantId;
use platform::AppState;

/// What a finish check of the campaign comes to: nothing (chunks are still out, or it is not
/// running), a pause (its MailWizz campaign could not be made, saying why) or the finish. A
/// MailWizz campaign is made first (once: a conditional claim on the progress).
pub(crate) async fn finish_step(
    state: &AppState,
    tenant: &TenantId,
    id: &str,
) -> Result<Vec<Action>, ApiError> {
    let p = campaign::progress(state, tenant, id).await?;
    if !p.fanout_done || p.chunks_done < p.chunks {
        return Ok(Vec::new());
    }
    let c = match campaign::load(state, tenant, id).await {
        Ok(c) => c,
        Err(ApiError::NotFound { .. }) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let profile = senders::load(state, tenant, &c.profile_id).await.ok();
    let needs_mailwizz = profile
        .as_ref()
        .is_some_and(|pr| pr.mailwizz.is_some() && p.mailwizz_campaign_uid.is_none());
    match lifecycle::finish_step(
        c.status,
        p.fanout_done,
        p.chunks_done,
        p.chunks,
        needs_mailwizz,
    ) {
        FinishStep::NotYet => Ok(Vec::new()),
        FinishStep::HandToMailwizz => {
            let Some(profile) = &profile else {
                return Ok(Vec::new());
            };
            match hand_to_mailwizz(state, tenant, &c, profile).await {
                Ok(()) => Ok(vec![Action::Move(Move::Finish, None)]),
                Err(reason) => Ok(vec![Action::Move(Move::Pause, Some(reason))]),
            }
        }
        FinishStep::Finish => Ok(vec![Action::Move(Move::Finish, None)]),
    }
}
