//! Prospecting: finding new people and companies by criteria through the search providers
//! (Apollo, People Data Labs, RocketReach, the sandbox), in the organisation's waterfall order.
//!
//! The first active search provider that answers with results gives the page; one that fails
//! (not configured, down, out of credits) or finds nothing hands over to the next, with a warning.
//! The page's cursor names the provider and its own cursor (Apollo's page, PDL's scroll token,
//! RocketReach's start), signed and bound to the organisation and the criteria, so the next page
//! comes from the same provider and a cursor cannot be replayed with other criteria. Each page goes
//! through the provider cache (the same criteria and page within 30 minutes cost nothing) and the
//! call log, quotas and rate limits like any provider call. One provider request per page (more
//! only when earlier providers fail or find nothing).

use crate::engine::Warning;
use crate::{CacheMode, Caller};
use kernel::error::{ApiError, FieldError};
use providers::search::{self, Criteria, Prospect};
use providers::{Capability, Op, ProviderName};
use serde::Serialize;

/// One page of prospects.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProspectPage {
    /// The provider that answered.
    pub provider: Option<String>,
    pub items: Vec<Prospect>,
    /// The next page (`null`: this was the last).
    pub next_cursor: Option<String>,
    /// How many records match, where the provider says.
    pub total: Option<u64>,
    /// Whether the page came from the cache.
    pub cached: bool,
    /// Criteria the answering provider could not filter by.
    pub ignored_criteria: Vec<String>,
    pub credits_spent: f64,
    pub warnings: Vec<Warning>,
    /// With `save`: the bulk job that stores this page's prospects as records (`GET /v1/jobs/{id}`).
    pub saved_job_id: Option<String>,
}

fn scope(people: bool, criteria: &Criteria) -> String {
    let text = serde_json::to_string(criteria).unwrap_or_default();
    format!(
        "prospects:{}:{}",
        if people { "people" } else { "companies" },
        store::cursor::digest(&text)
    )
}

fn bad_cursor() -> ApiError {
    ApiError::validation(vec![FieldError::new(
        kernel::error::Location::Query,
        "cursor",
        "invalid",
        "not a cursor of this search (the criteria must be the same as the first page's)",
    )])
}

/// Searches by `criteria` (checked by the caller), one page of `page_size`.
pub async fn search(
    state: &platform::AppState,
    caller: &Caller<'_>,
    criteria: &Criteria,
    people: bool,
    page_size: u32,
    cursor: Option<&str>,
) -> Result<ProspectPage, ApiError> {
    let codec = state.cursor_codec().await?;
    let scope = scope(people, criteria);
    let resume = match cursor {
        None => None,
        Some(c) => {
            let fields = codec
                .decode_fields(caller.tenant.as_str(), &scope, c)
                .map_err(|_| bad_cursor())?;
            let field = |k: &str| fields.get(k).cloned();
            let provider = field("p")
                .and_then(|p| ProviderName::parse(&p))
                .ok_or_else(bad_cursor)?;
            Some((provider, field("t").ok_or_else(bad_cursor)?))
        }
    };
    let mut sess = crate::enrichment(state, caller, CacheMode::Use).await?;
    let order = match &resume {
        Some((p, _)) => {
            if !sess.providers.get(*p).active {
                return Err(ApiError::validation(vec![FieldError::new(
                    kernel::error::Location::Query,
                    "cursor",
                    "inactive",
                    format!("{p} was turned off for this organisation since the first page"),
                )]));
            }
            vec![*p]
        }
        None => sess.providers.order(Capability::Search),
    };
    if order.is_empty() {
        return Err(ApiError::validation(vec![FieldError::body(
            "criteria",
            "no_provider",
            "no search provider (apollo, pdl, rocketreach) is active for this organisation",
        )]));
    }
    let token = resume.as_ref().map(|(_, t)| t.as_str());
    for provider in order {
        let body = search::body(provider, criteria, people, page_size, token);
        let op = if people {
            Op::PersonSearch(&body)
        } else {
            Op::CompanySearch(&body)
        };
        let Some(reply) = sess.call(provider, op).await? else {
            continue;
        };
        let cached = sess.calls.last().is_some_and(|c| c.cached);
        let page = search::page(provider, people, &reply.data, page_size);
        if page.results.is_empty() && resume.is_none() {
            sess.warnings.push(Warning {
                source: Some(provider.as_str().into()),
                code: "no_results".into(),
                detail: "found nothing for these criteria".into(),
            });
            continue;
        }
        sess.flush().await?;
        let next_cursor = match &page.next {
            Some(t) => Some(
                codec
                    .encode_fields(
                        caller.tenant.as_str(),
                        &scope,
                        &[("p", provider.as_str()), ("t", t)],
                    )
                    .map_err(ApiError::internal)?,
            ),
            None => None,
        };
        return Ok(ProspectPage {
            provider: Some(provider.as_str().into()),
            items: page.results,
            next_cursor,
            total: page.total,
            cached,
            ignored_criteria: search::ignored(provider, criteria, people)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            credits_spent: sess.credits,
            warnings: std::mem::take(&mut sess.warnings),
            saved_job_id: None,
        });
    }
    sess.flush().await?;
    Ok(ProspectPage {
        provider: None,
        items: Vec::new(),
        next_cursor: None,
        total: None,
        cached: false,
        ignored_criteria: Vec::new(),
        credits_spent: sess.credits,
        warnings: std::mem::take(&mut sess.warnings),
        saved_job_id: None,
    })
}
