//! The background side of bulk jobs, two Lambda functions from one crate (job callbacks are
//! delivered by the webhook engine, `functions/webhooks`):
//! - `enrichment-worker` (enrichment queue): one chunk of a job per message, see
//!   `jobs::process`. Up to 4 chunks of a batch run at once; each runs its records in turn,
//!   so one invocation has at most 4 records in flight against the providers.
//! - `job-sweep` (EventBridge, every 5 minutes): fails stuck jobs and repairs missed
//!   announcements, see `jobs::sweep`.
//! - `refresh-sweep` (EventBridge, hourly): scheduled re-enrichment of watched records with
//!   stale fields, within each organisation's daily budget, see `jobs::refresh`.

/// The enrichment worker's batch handler.
pub mod chunks {
    platform::sqs_worker!(
        jobs::model::JobChunk,
        jobs::process::handle_chunk,
        concurrency = 4
    );
}

/// The sweep's handler (its input, `{"sweep": "jobs"}` or a bare scheduled event, is not read) (`run_schedule` and the local ticker call it).
pub fn sweep(
    state: &platform::AppState,
    input: serde_json::Value,
) -> platform::runtime::BoxFuture<'_, Result<(), platform::runtime::WorkerError>> {
    platform::worker::schedule(state, input, |state, _: serde_json::Value| async move {
        jobs::sweep::sweep(state).await?;
        Ok(())
    })
}

/// The refresh schedule's input: nothing, or (a test clock) the time to run as.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RefreshInput {
    /// RFC 3339; the clock when absent. Only EventBridge (and an operator with invoke rights)
    /// can invoke the function, so the override is no way in for a caller.
    #[serde(default)]
    pub now: Option<String>,
}

/// The refresh schedule's handler.
pub fn refresh(
    state: &platform::AppState,
    input: serde_json::Value,
) -> platform::runtime::BoxFuture<'_, Result<(), platform::runtime::WorkerError>> {
    platform::worker::schedule(state, input, |state, input: serde_json::Value| async move {
        let parsed: RefreshInput = serde_json::from_value(input).unwrap_or_default();
        let now = parsed
            .now
            .as_deref()
            .and_then(kernel::time::parse_rfc3339)
            .unwrap_or_else(kernel::time::now)
            .unix_timestamp();
        let report = jobs::refresh::run(state, now).await?;
        tracing::info!(
            organisations = report.organisations,
            due = report.due,
            started = report.started,
            refused = report.refused,
            "refresh run done"
        );
        Ok(())
    })
}

/// The contact-validation worker (validation queue): one page of a validation run per message,
/// see `campaigns::validation`. The addresses of a page are asked of the organisation's first
/// email verifier in one batch request (ZeroBounce `validatebatch`), each answer logged, charged
/// and cached as its own call, as enrichment does.
pub mod validation {
    use campaigns::contacts::Validation;
    use campaigns::validation::{self, PageMessage, Step};
    use enrichment::{CacheMode, Enrichment};
    use platform::worker::{Delivery, MessageError};
    use platform::AppState;
    use providers::{Capability, Op};

    /// After this many deliveries a page's failure ends the run (failed, saying why) instead of
    /// dead-lettering it silently.
    const GIVE_UP_AFTER: u32 = 5;

    pub async fn handle_page(
        state: &AppState,
        m: PageMessage,
        d: Delivery,
    ) -> Result<(), MessageError> {
        match page(state, &m, &d).await {
            // Waiting for a page (its move in flight, another worker on it) is no failure: a
            // copy asks again in 10 s; only a page that keeps failing ends the run.
            Err(Failure::NotYet) => {
                validation::queue_page_in(state, &m, 10).await?;
                Ok(())
            }
            Err(Failure::Error(MessageError::Retryable(why)))
                if d.receive_count >= GIVE_UP_AFTER =>
            {
                validation::fail(state, &m, &format!("a page kept failing: {why}")).await?;
                Ok(())
            }
            Err(Failure::Error(e)) => Err(e),
            Ok(()) => Ok(()),
        }
    }

    enum Failure {
        NotYet,
        Error(MessageError),
    }

    impl From<platform::ApiError> for Failure {
        fn from(e: platform::ApiError) -> Self {
            Failure::Error(e.into())
        }
    }

    async fn page(state: &AppState, m: &PageMessage, d: &Delivery) -> Result<(), Failure> {
        if !d.has_time_for(std::time::Duration::from_secs(20)) {
            return Err(Failure::NotYet);
        }
        let w = match validation::work(state, m).await? {
            Step::Done => return Ok(()),
            Step::NotYet => return Err(Failure::NotYet),
            Step::Work(w) => w,
        };
        let tenant = &m.tenant;
        let result = work_page(state, &w, tenant).await;
        if result.is_err() {
            // Best effort: otherwise the redelivery waits for the lease to lapse.
            let _ = validation::release(state, &w, tenant).await;
        }
        result.map_err(Failure::Error)
    }

    async fn work_page(
        state: &AppState,
        w: &validation::Work,
        tenant: &platform::TenantId,
    ) -> Result<(), MessageError> {
        let mut sess = Enrichment::start(
            state,
            tenant,
            None,
            format!("{}-p{}", w.run.id, w.run.page),
            CacheMode::Use,
        )
        .await?;
        // Background work: the batch takes a slot of the key's shared rate limit (as bulk jobs).
        sess.patient(std::time::Duration::from_secs(10));
        let verifiers = sess.providers.order(Capability::EmailVerification);
        let emails: Vec<String> = w
            .todo
            .iter()
            .filter_map(|(_, c)| c.as_ref().map(|c| c.email.clone()))
            .collect();
        if let Some(v) = verifiers.first() {
            let ops: Vec<Op<'_>> = emails.iter().map(|e| Op::VerifyEmail(e)).collect();
            if !ops.is_empty() {
                sess.prime(*v, &ops).await?;
            }
        }
        let mut verdicts = Vec::with_capacity(w.todo.len());
        for (_, contact) in &w.todo {
            let mut verdict = None;
            let mut credits = 0.0;
            if let Some(c) = contact {
                for v in &verifiers {
                    if let Some(reply) = sess.call(*v, Op::VerifyEmail(&c.email)).await? {
                        credits = sess.calls.last().map_or(0.0, |s| s.credits);
                        verdict = reply
                            .fields
                            .get("email_status")
                            .and_then(|s| s.value.as_str())
                            .map(validation::validation_of);
                        if verdict.is_some() {
                            break;
                        }
                    }
                }
            }
            verdicts.push((verdict, credits));
        }
        sess.settle_unused().await?;
        sess.flush().await?;
        for ((id, contact), (verdict, credits)) in w.todo.iter().cloned().zip(verdicts) {
            let verdict: Option<Validation> = verdict;
            validation::record(state, tenant, &w.run, &id, contact, verdict, credits).await?;
        }
        validation::advance(state, w, tenant).await?;
        Ok(())
    }

    platform::sqs_worker!(
        campaigns::validation::PageMessage,
        handle_page,
        concurrency = 2
    );
}
