//! Reading and cancelling jobs, listing results, and the CSV export.

use crate::model::*;
use crate::persist;
use kernel::ids::TenantId;
use platform::{ApiError, AppState};
use std::collections::BTreeMap;
use store::{Page, PageParams};

pub fn not_found() -> ApiError {
    ApiError::not_found("no such job in this organisation")
}

/// The job, or 404 (a job of another organisation is simply not found).
pub async fn get(state: &AppState, tenant: &TenantId, job_id: &str) -> Result<JobRecord, ApiError> {
    persist::load(state, tenant, job_id)
        .await?
        .ok_or_else(not_found)
}

/// The tenant's jobs, newest first, optionally one status and one type.
pub async fn list(
    state: &AppState,
    tenant: &TenantId,
    status: Option<JobStatus>,
    job_type: Option<JobType>,
    page: &PageParams,
) -> Result<Page<JobRecord>, ApiError> {
    persist::list(state, tenant, status, job_type, page).await
}

/// Cancels a job that has not finished: records not yet started are skipped as their chunks
/// arrive. Idempotent: cancelling a cancelled job answers it again; a completed or failed job is
/// a 409.
pub async fn cancel(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
) -> Result<JobRecord, ApiError> {
    match persist::cancel(state, tenant, job_id).await? {
        Some(job) => Ok(job),
        None => {
            let job = get(state, tenant, job_id).await?;
            match job.status {
                JobStatus::Cancelled => Ok(job),
                s => Err(ApiError::Conflict {
                    detail: format!(
                        "the job has already {}; only a running job can be cancelled",
                        match s {
                            JobStatus::Completed => "completed",
                            _ => "failed",
                        }
                    ),
                }),
            }
        }
    }
}

/// Fills in the jobs another domain lists by id (a person export's jobs) from one BatchGetItem:
/// name, status and creation time; a job past its retention stays `expired`.
pub async fn describe(
    state: &AppState,
    tenant: &TenantId,
    touches: &mut [enrichment::export::JobTouch],
) -> Result<(), ApiError> {
    let ids: Vec<String> = touches.iter().map(|t| t.id.clone()).collect();
    for (touch, job) in touches
        .iter_mut()
        .zip(persist::load_many(state, tenant, &ids).await?)
    {
        if let Some(job) = job {
            touch.name = job.name;
            touch.status = job.status.as_str().to_owned();
            touch.created_at = Some(job.created_at);
        }
    }
    Ok(())
}

/// The people a finished people job stored (record ids, in input order, each once): what the
/// campaign engine turns into contacts. 404 when there is no such job, 409 while it runs, 422
/// (`job_id`) for a job that enriched companies.
pub async fn stored_people(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
) -> Result<Vec<String>, ApiError> {
    let job = get(state, tenant, job_id).await?;
    if !job.status.is_finished() {
        return Err(ApiError::Conflict {
            detail: "the job has not finished; its results become contacts once it has".into(),
        });
    }
    if job.job_type != JobType::People {
        return Err(ApiError::field(
            "job_id",
            "not_people",
            "a job that enriched people",
        ));
    }
    let results = persist::all_results(state, tenant, job_id, MAX_RECORDS).await?;
    let mut seen = std::collections::BTreeSet::new();
    Ok(results
        .into_iter()
        .filter_map(|r| r.record_id)
        .filter(|id| seen.insert(id.clone()))
        .collect())
}

/// A page of a job's results in input order, optionally of one status.
pub async fn results(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
    status: Option<RecordStatus>,
    page: &PageParams,
) -> Result<Page<JobResult>, ApiError> {
    get(state, tenant, job_id).await?;
    persist::results(state, tenant, job_id, status, page).await
}

/// Most bytes of CSV one export response carries: API Gateway answers at most 10 MB and a Lambda
/// response 6 MB, so a page stops after the row that passes 5 MB and links the next page.
pub const CSV_PAGE_BYTES: usize = 5 * 1024 * 1024;

/// One page of the CSV export: the text (header row included on every page) and the cursor of
/// the next page. Rows are in input order, one per input record; results not yet written (the job
/// still running) are simply not there yet.
pub async fn export_csv(
    state: &AppState,
    tenant: &TenantId,
    job_id: &str,
    cursor: Option<String>,
) -> Result<(String, Option<String>), ApiError> {
    let job = get(state, tenant, job_id).await?;
    let inputs = job.job_type.input_fields();
    let outputs = job.job_type.output_fields();
    let mut out = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<String> = ["index", "status", "record_id", "duplicate_of", "reason"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    header.extend(inputs.iter().map(|f| format!("input_{f}")));
    for f in outputs {
        header.push((*f).to_owned());
        header.push(format!("{f}_source"));
    }
    out.write_record(&header).map_err(ApiError::internal)?;
    let mut page = PageParams { limit: 500, cursor };
    // Fields of records that later rows repeat (duplicates point back to the first record).
    let mut seen: BTreeMap<u32, BTreeMap<String, ResultField>> = BTreeMap::new();
    let next = loop {
        let found = persist::results(state, tenant, job_id, None, &page).await?;
        for r in found.items {
            let fields = match r.duplicate_of {
                None => r.fields.clone(),
                Some(first) => match seen.get(&first) {
                    Some(f) => f.clone(),
                    None => persist::result(state, tenant, job_id, first)
                        .await?
                        .map(|p| p.fields)
                        .unwrap_or_default(),
                },
            };
            let mut row: Vec<String> = vec![
                r.index.to_string(),
                r.status.as_str().to_owned(),
                r.record_id.clone().unwrap_or_default(),
                r.duplicate_of.map(|d| d.to_string()).unwrap_or_default(),
                r.reason.clone().unwrap_or_default(),
            ];
            row.extend(
                inputs
                    .iter()
                    .map(|f| r.input.get(*f).cloned().unwrap_or_default()),
            );
            for f in outputs {
                match fields.get(*f) {
                    Some(v) => {
                        row.push(cell(&v.value));
                        row.push(v.source.clone());
                    }
                    None => {
                        row.push(String::new());
                        row.push(String::new());
                    }
                }
            }
            let row: Vec<String> = row.into_iter().map(|c| neutralise(&c)).collect();
            out.write_record(&row).map_err(ApiError::internal)?;
            if !r.fields.is_empty() {
                seen.insert(r.index, r.fields);
            }
        }
        let size = out.get_ref().len();
        match found.next_cursor {
            Some(c) if size < CSV_PAGE_BYTES => page.cursor = Some(c),
            Some(c) => break Some(c),
            None => break None,
        }
    };
    let bytes = out
        .into_inner()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(ApiError::internal)?;
    Ok((text, next))
}

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Spreadsheet formula injection: a cell a spreadsheet would evaluate (starting with `=`, `+`,
/// `-`, `@`, tab or carriage return) is prefixed with `'`, as OWASP advises for CSV exports. Data
/// from providers and callers must not run in the customer's spreadsheet.
fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("ana@acme.com"), "ana@acme.com");
        assert_eq!(cell(&serde_json::json!(12)), "12");
    }
}
