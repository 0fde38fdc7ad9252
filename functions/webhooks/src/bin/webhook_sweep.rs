#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::worker::run_schedule(fn_webhooks::engine::sweep_dispatch).await
}
