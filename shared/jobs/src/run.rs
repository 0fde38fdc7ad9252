//! One record through the single routes' flow.

use crate::input::{company_input, person_input};
use crate::model::{ChunkRecord, JobRecord, JobType, RecordError};
use enrichment::{EnrichOutcome, Enrichment, Plan};
use platform::ApiError;

/// Reads the record again (it was checked at submission; the rules are the same code) and
/// enriches it. `Ok(Err(errors))` when it is not identifiable.
pub async fn one(
    sess: &mut Enrichment<'_>,
    job: &JobRecord,
    plan: &Plan,
    rec: &ChunkRecord,
) -> Result<Result<EnrichOutcome, Vec<RecordError>>, ApiError> {
    match job.job_type {
        JobType::People => {
            let (input, errors) = person_input(&rec.input);
            if !errors.is_empty() {
                return Ok(Err(errors));
            }
            let request = plan.person(input, job.options.include_company, job.options.verify_email);
            enrichment::enrich_person(sess, &request).await.map(Ok)
        }
        JobType::Companies => {
            let (input, errors) = company_input(&rec.input);
            if !errors.is_empty() {
                return Ok(Err(errors));
            }
            enrichment::enrich_company(sess, &plan.company(input))
                .await
                .map(Ok)
        }
    }
}
