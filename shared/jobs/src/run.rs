//! One record through the single routes' flow.

use crate::input::check;
use crate::model::{ChunkRecord, JobRecord, JobType, RecordError};
use enrichment::input::{company, person, RawCompany, RawPerson};
use enrichment::{Outcome, Plan, Session};
use platform::ApiError;

/// Checks the record again (it was checked at submission; the rules are the same code) and
/// enriches it. `Ok(Err(errors))` when it is not identifiable.
pub async fn one(
    sess: &mut Session<'_>,
    job: &JobRecord,
    plan: &Plan,
    rec: &ChunkRecord,
) -> Result<Result<Outcome, Vec<RecordError>>, ApiError> {
    let (_, errors) = check(job.job_type, &rec.input);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let get = |f: &str| rec.input.get(f).map(String::as_str);
    match job.job_type {
        JobType::People => {
            let (input, _) = person(&RawPerson {
                email: get("email"),
                linkedin_url: get("linkedin_url"),
                name: get("name"),
                first_name: get("first_name"),
                last_name: get("last_name"),
                company_domain: get("company_domain"),
                company_name: get("company_name"),
            });
            let request = plan.person(input, job.options.include_company, job.options.verify_email);
            enrichment::enrich_person(sess, &request).await.map(Ok)
        }
        JobType::Companies => {
            let (input, _) = company(&RawCompany {
                domain: get("domain"),
                name: get("name"),
                tax_id: get("tax_id"),
                country: get("country"),
            });
            let request = plan.company(input);
            enrichment::enrich_company(sess, &request).await.map(Ok)
        }
    }
}
