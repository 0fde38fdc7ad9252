//! Asking providers' batch endpoints once per chunk instead of once per record.
//!
//! Every record of a chunk asks the first provider of its waterfall with its own input, so the
//! chunk asks that provider's batch endpoint for all of them first (Apollo `people/bulk_match`
//! and `organizations/bulk_enrich`, PDL `person/bulk`), and, with `verify_email`, ZeroBounce's
//! `validatebatch` for the emails the records came with. Each record's flow then finds its answer
//! waiting and logs, charges and caches it as its own call; later waterfall steps (only for records
//! still incomplete) are single calls.

use crate::input::{company_input, person_input};
use crate::model::{ChunkInput, JobRecord, JobType};
use enrichment::{Enrichment, Plan};
use platform::ApiError;
use providers::{Op, ProviderName};

/// Primes `sess` with the chunk's batch answers; returns the batch requests made.
pub async fn prime_chunk(
    sess: &mut Enrichment<'_>,
    job: &JobRecord,
    plan: &Plan,
    input: &ChunkInput,
) -> Result<u32, ApiError> {
    let mut requests = 0;
    match job.job_type {
        JobType::People => {
            let reqs: Vec<enrichment::PersonRequest> = input
                .records
                .iter()
                .filter_map(|r| {
                    let (p, errors) = person_input(&r.input);
                    errors.is_empty().then(|| {
                        plan.person(p, job.options.include_company, job.options.verify_email)
                    })
                })
                .collect();
            let Some(first) = reqs.first() else {
                return Ok(0);
            };
            let (provider, verifiers) = enrichment::flows::person_batchable(sess, first);
            if let Some(p) = provider {
                let ops: Vec<Op<'_>> = reqs.iter().map(|r| Op::Person(&r.input)).collect();
                requests += sess.prime(p, &ops).await?;
            }
            if let Some(v) = verifiers.first() {
                let ops: Vec<Op<'_>> = reqs
                    .iter()
                    .filter_map(|r| r.input.email.as_deref().map(Op::VerifyEmail))
                    .collect();
                if !ops.is_empty() {
                    requests += sess.prime(*v, &ops).await?;
                }
            }
        }
        JobType::Companies => {
            let reqs: Vec<enrichment::CompanyRequest> = input
                .records
                .iter()
                .filter_map(|r| {
                    let (c, errors) = company_input(&r.input);
                    errors.is_empty().then(|| plan.company(c))
                })
                .collect();
            // Records start with different providers (a tax id's registry, or a company
            // provider): one batch per first provider that has a batch endpoint.
            let mut groups: Vec<(ProviderName, Vec<Op<'_>>)> = Vec::new();
            for r in &reqs {
                // Apollo enriches organisations by domain only.
                if r.input.domain.is_none() {
                    continue;
                }
                let Some(p) = enrichment::flows::first_company_provider(sess, r) else {
                    continue;
                };
                match groups.iter_mut().find(|(q, _)| *q == p) {
                    Some((_, ops)) => ops.push(Op::Company(&r.input)),
                    None => groups.push((p, vec![Op::Company(&r.input)])),
                }
            }
            for (p, ops) in groups {
                requests += sess.prime(p, &ops).await?;
            }
        }
    }
    Ok(requests)
}
