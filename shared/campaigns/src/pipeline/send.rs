//! The send worker: one chunk per message, within the invocation's time and the sender's
//! throttle; what it cannot reach is parked or comes back.

use super::*;

/// Messages of one chunk in flight at once.
pub(crate) const SEND_CONCURRENCY: usize = 8;

/// The time a recipient may need from its throttle slot to its recorded outcome, retries included
/// (the send function's timeout is 120 s; a chunk stops taking slots this long before it).
pub(crate) const SEND_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);

/// How long the rest of a chunk waits when it comes back without counting toward the queue's
/// dead-letter limit: a concurrent delivery still holds some recipients, or some failed
/// retryably after others went out.
pub(crate) const AGAIN_IN_SECS: i32 = 15;

/// What one recipient came to.
pub(crate) enum Step {
    Done,
    /// The campaign was paused or cancelled meanwhile: not sent, claim given back.
    Stopped,
    /// Claimed by a concurrent delivery still at work.
    Busy,
    Retry(String),
    Halt(String),
    Park(i64),
    /// The invocation's deadline is near: not sent, claim given back, queued again.
    Later,
}

/// The send worker's handler: one chunk.
pub async fn handle_chunk(state: &AppState, m: SendChunk, d: Delivery) -> Result<(), MessageError> {
    let tenant = &m.tenant;
    let c = match campaign::load(state, tenant, &m.campaign_id).await {
        Ok(c) => c,
        Err(ApiError::NotFound { .. }) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    match c.status {
        State::Running => {}
        State::Paused => return Ok(park_for_pause(state, &m).await?),
        _ => return Ok(()),
    }
    let profile = match senders::load(state, tenant, &c.profile_id).await {
        Ok(p) => p,
        Err(ApiError::NotFound { .. }) => {
            apply_move(
                state,
                tenant,
                &c.id,
                Move::Pause,
                Some("the sending profile was deleted".into()),
            )
            .await?;
            return Ok(park_for_pause(state, &m).await?);
        }
        Err(e) => return Err(e.into()),
    };
    let group = campaign::templates_of(state, tenant, &c).await?;
    if group.is_empty() {
        apply_move(
            state,
            tenant,
            &c.id,
            Move::Pause,
            Some("the campaign's template was deleted".into()),
        )
        .await?;
        return Ok(park_for_pause(state, &m).await?);
    }
    let transport = Transport::for_profile(state, tenant, &profile).await?;
    let loaded = contacts::load_many(state, tenant, &m.contacts).await?;
    let emails: Vec<String> = loaded
        .iter()
        .map(|c| c.as_ref().map(|c| c.email.clone()).unwrap_or_default())
        .collect();
    let suppressed = suppression::are_suppressed(state, tenant, &emails).await?;
    // Send records are delivery events: they live as long as the organisation keeps those
    // (`delivery_events_days`, default 180).
    let keep = access::retention::Retention::load(&state.store, tenant)
        .await?
        .delivery_events_secs();
    let owner = format!("{}/{}", d.message_id, ulid::Ulid::new());
    let claims = claim_all(state, tenant, &c.id, &m.contacts, &d, &owner, keep).await?;

    let gate = Mutex::new(Gate::new(state, tenant, &profile).until(d.deadline));
    let left = Mutex::new(m.contacts.len() as u64);
    let ctx = SendCtx {
        state,
        tenant,
        campaign: &c,
        running: Mutex::new((std::time::Instant::now(), true)),
        group: &group,
        transport: &transport,
        owner: &owner,
        gate: &gate,
        left: &left,
        delivery: &d,
    };
    let items: Vec<(usize, Claim)> = claims.into_iter().enumerate().collect();
    let pending: Vec<_> = items
        .into_iter()
        .map(|(i, claim)| {
            let ctx = &ctx;
            let contact = loaded[i].as_ref();
            let suppressed = suppressed[i];
            let id = &m.contacts[i];
            async move {
                let step = ctx.one(id, contact, suppressed, claim).await;
                (i, step)
            }
        })
        .collect();
    let steps: Vec<(usize, Step)> = futures::stream::iter(pending)
        .buffer_unordered(SEND_CONCURRENCY)
        .collect()
        .await;
    gate.lock().await.release().await;

    let mut retry = None;
    let mut halt = None;
    let mut park_until = None;
    let mut stopped = false;
    let mut later = false;
    let mut busy = false;
    let mut done = 0usize;
    let mut unsent = Vec::new();
    for (i, step) in steps {
        match step {
            Step::Done => done += 1,
            Step::Busy => {
                busy = true;
                unsent.push(m.contacts[i].clone());
            }
            Step::Later => {
                later = true;
                unsent.push(m.contacts[i].clone());
            }
            Step::Stopped => {
                stopped = true;
                unsent.push(m.contacts[i].clone());
            }
            Step::Retry(r) => {
                retry = Some(r);
                unsent.push(m.contacts[i].clone());
            }
            Step::Halt(r) => {
                halt = Some(r);
                unsent.push(m.contacts[i].clone());
            }
            Step::Park(at) => {
                park_until = Some(park_until.map_or(at, |p: i64| p.max(at)));
                unsent.push(m.contacts[i].clone());
            }
        }
    }
    if let Some(reason) = halt {
        tracing::warn!(campaign = %c.id, %reason, "the sender refuses to send; pausing the campaign");
        apply_move(state, tenant, &c.id, Move::Pause, Some(reason)).await?;
        let rest = SendChunk {
            contacts: unsent,
            ..m.clone()
        };
        return Ok(park_for_pause(state, &rest).await?);
    }
    if busy || (retry.is_some() && done > 0) {
        // Not a failure of this message: a concurrent delivery holds some recipients (this copy
        // must not count the chunk done before they are settled), or some recipients went out
        // and others failed retryably. What is not settled comes back as the same chunk in
        // `AGAIN_IN_SECS`, as a new message: a chunk that makes progress never reaches the DLQ.
        let rest = SendChunk {
            contacts: unsent,
            ..m.clone()
        };
        send_all(
            &send_queue(state).await?,
            vec![Outgoing::json(&rest, tenant.as_str())?.delayed(AGAIN_IN_SECS)],
        )
        .await?;
        tracing::info!(campaign = %c.id, chunk = m.chunk, left = rest.contacts.len(), busy, retrying = retry.is_some(), "the rest of the chunk comes back");
        return Ok(());
    }
    if let Some(reason) = retry {
        // Nothing went out: the same message comes back after the visibility timeout and
        // counts toward the dead-letter limit (a chunk that can never succeed ends there).
        return Err(MessageError::Retryable(reason));
    }
    if later && !stopped && park_until.is_none() {
        // Out of time: what was not reached goes back to the queue as the same chunk.
        let rest = SendChunk {
            contacts: unsent,
            ..m.clone()
        };
        send_all(
            &send_queue(state).await?,
            vec![Outgoing::json(&rest, tenant.as_str())?],
        )
        .await?;
        tracing::info!(campaign = %c.id, chunk = m.chunk, left = rest.contacts.len(), "deadline near; the rest of the chunk queued again");
        return Ok(());
    }
    if stopped {
        // Paused: the rest waits for the resume. Cancelled: the rest is never sent.
        let rest = SendChunk {
            contacts: unsent,
            ..m.clone()
        };
        return match campaign::load(state, tenant, &c.id).await {
            Ok(now) if now.status == State::Paused => Ok(park_for_pause(state, &rest).await?),
            // Resumed in the meantime: the rest goes on at once, as the same chunk.
            Ok(now) if now.status == State::Running => {
                send_all(
                    &send_queue(state).await?,
                    vec![Outgoing::json(&rest, tenant.as_str())?],
                )
                .await?;
                Ok(())
            }
            Ok(_) | Err(ApiError::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        };
    }
    if let Some(at) = park_until {
        crate::persist::parked::put(
            state,
            tenant,
            &c.id,
            m.chunk,
            unsent,
            Some(at),
            "sender limit",
        )
        .await?;
        return Ok(());
    }
    chunk_done(state, &m).await?;
    tracing::info!(campaign = %c.id, chunk = m.chunk, recipients = m.contacts.len(), "chunk done");
    Ok(())
}

pub(crate) struct SendCtx<'a> {
    pub(crate) state: &'a AppState,
    pub(crate) tenant: &'a TenantId,
    pub(crate) campaign: &'a Campaign,
    /// Whether the campaign is still running, as last read (at most once a second per chunk), so
    /// a pause stops a chunk within about a second.
    pub(crate) running: Mutex<(std::time::Instant, bool)>,
    pub(crate) group: &'a [Template],
    pub(crate) transport: &'a Transport,
    pub(crate) owner: &'a str,
    pub(crate) gate: &'a Mutex<Gate<'a>>,
    /// Recipients of the chunk not yet past the gate (how large a throttle block to reserve).
    pub(crate) left: &'a Mutex<u64>,
    pub(crate) delivery: &'a Delivery,
}

impl SendCtx<'_> {
    pub(crate) async fn still_running(&self) -> Result<bool, ApiError> {
        let mut last = self.running.lock().await;
        if last.0.elapsed() < std::time::Duration::from_secs(1) {
            return Ok(last.1);
        }
        let running = match campaign::load(self.state, self.tenant, &self.campaign.id).await {
            Ok(c) => c.status == State::Running,
            Err(ApiError::NotFound { .. }) => false,
            Err(e) => return Err(e),
        };
        *last = (std::time::Instant::now(), running);
        Ok(running)
    }

    pub(crate) async fn settle(&self, contact_id: &str, owner: &str, o: SendOutcome) -> Step {
        match settle(
            self.state,
            self.tenant,
            &self.campaign.id,
            contact_id,
            owner,
            o,
        )
        .await
        {
            Ok(()) => Step::Done,
            Err(e) => Step::Retry(e.to_string()),
        }
    }

    pub(crate) async fn one(
        &self,
        id: &str,
        contact: Option<&Contact>,
        suppressed: bool,
        claim: Claim,
    ) -> Step {
        let done_one = || async {
            let mut left = self.left.lock().await;
            *left = left.saturating_sub(1);
        };
        match claim {
            Claim::Settled => {
                done_one().await;
                return Step::Done;
            }
            Claim::Busy => {
                done_one().await;
                return Step::Busy;
            }
            Claim::Interrupted(owner) => {
                done_one().await;
                return self
                    .settle(id, &owner, SendOutcome::failed("interrupted while sending"))
                    .await;
            }
            Claim::Mine => {}
        }
        let contact = match contact {
            Some(c) if c.status == ContactStatus::Subscribed && !suppressed => c,
            Some(_) | None => {
                done_one().await;
                let reason = if contact.is_none() {
                    "contact deleted"
                } else {
                    "unsubscribed or suppressed"
                };
                return self
                    .settle(id, self.owner, SendOutcome::skipped(reason))
                    .await;
            }
        };
        // Stop before the slot when the invocation might not finish this send in time: a send
        // past the slot (state check, render, the provider, the outcome's transaction, each with
        // its retries) is bounded well within SEND_BUDGET, and a send cut off by the timeout would
        // count its recipient failed.
        if !self.delivery.has_time_for(SEND_BUDGET) {
            done_one().await;
            release(self.state, self.tenant, &self.campaign.id, id).await;
            return Step::Later;
        }
        // A slot from the sender's throttle and caps. Under the gate's lock `left` counts exactly
        // the recipients still to reach the gate (this one included), so a block reserved for them
        // is used by them: a block larger than that would hold back slots other chunks could use
        // (and make them park until tomorrow while the cap is not spent).
        let verdict = {
            let mut gate = self.gate.lock().await;
            let wanted = *self.left.lock().await;
            let verdict = gate.take(wanted).await;
            done_one().await;
            verdict
        };
        match verdict {
            Ok(Verdict::Go) => {}
            Ok(Verdict::ParkUntil(at)) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Park(at);
            }
            Ok(Verdict::Later) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Later;
            }
            Err(e) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Retry(e.to_string());
            }
        }
        // Checked after the slot (which may have meant waiting): a pause stops what has not left.
        match self.still_running().await {
            Ok(true) => {}
            Ok(false) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Stopped;
            }
            Err(e) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Retry(e.to_string());
            }
        }
        let Some(t) = templates::pick(
            self.group,
            contact.language.as_deref(),
            self.campaign.language.as_deref().unwrap_or("en"),
        ) else {
            return self
                .settle(id, self.owner, SendOutcome::failed("no template"))
                .await;
        };
        let url = match templates::unsubscribe_url(
            self.state,
            self.tenant,
            contact,
            Some(self.campaign.id.clone()),
        )
        .await
        {
            Ok(u) => u,
            Err(e) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                return Step::Retry(e.to_string());
            }
        };
        let rendered = match templates::render(t, &contact.view(), &url) {
            Ok(r) => r,
            Err(e) => {
                return self
                    .settle(
                        id,
                        self.owner,
                        SendOutcome::failed(format!("the template did not render: {e}")),
                    )
                    .await
            }
        };
        let name = match (&contact.first_name, &contact.last_name) {
            (Some(f), Some(l)) => Some(format!("{f} {l}")),
            (Some(f), None) => Some(f.clone()),
            (None, Some(l)) => Some(l.clone()),
            (None, None) => None,
        };
        let out = Outbound {
            campaign_id: &self.campaign.id,
            contact_id: id,
            to: &contact.email,
            to_name: name,
            first_name: contact.first_name.as_deref(),
            last_name: contact.last_name.as_deref(),
            from_name: &self.campaign.sender.from_name,
            from_email: &self.campaign.sender.from_email,
            reply_to: self.campaign.sender.reply_to.as_deref(),
            subject: &rendered.subject,
            html: &rendered.html,
            text: rendered.text.as_deref(),
            unsubscribe_url: &url,
        };
        match self.transport.deliver(&out).await {
            Ok(mid) => self.settle(id, self.owner, SendOutcome::sent(mid)).await,
            Err(SendError::Reject(r)) => self.settle(id, self.owner, SendOutcome::failed(r)).await,
            Err(SendError::Retry(r)) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                Step::Retry(r)
            }
            Err(SendError::Halt(r)) => {
                release(self.state, self.tenant, &self.campaign.id, id).await;
                Step::Halt(r)
            }
        }
    }
}

/// Counts a chunk done once, then checks whether the campaign is finished. One UpdateItem on the
/// progress, conditioned on the chunk's number not being in its `done_chunks` set (and adding it):
/// exactly once whoever counts it, and no transaction on the item every chunk touches, so
/// concurrent chunks never cancel each other. Progress moves the watchdog's clock too.
///
/// The finish is checked even when the chunk was counted before: a copy that counted it may have
/// stopped (or failed its check) before checking, and its redelivery must not skip the check, or
/// the campaign would wait for the watchdog. The check is a read, and the finish a conditional move.
pub(crate) async fn chunk_done(state: &AppState, m: &SendChunk) -> Result<(), ApiError> {
    crate::persist::progress::count_chunk_done(state, &m.tenant, &m.campaign_id, m.chunk).await?;
    check_finish(state, &m.tenant, &m.campaign_id).await
}
