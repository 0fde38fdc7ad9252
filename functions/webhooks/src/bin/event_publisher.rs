#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::worker::run_stream(fn_webhooks::publish::dispatch).await
}
