#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::worker::run_sqs(fn_data_sources::sync::dispatch).await
}
