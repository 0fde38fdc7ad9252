#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::worker::run_sqs(fn_enrichment_worker::validation::dispatch).await
}
