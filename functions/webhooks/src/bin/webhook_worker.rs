#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::worker::run_sqs(fn_webhooks::engine::worker::dispatch).await
}
