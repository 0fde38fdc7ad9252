#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::worker::run_schedule(fn_enrichment_worker::refresh).await
}
