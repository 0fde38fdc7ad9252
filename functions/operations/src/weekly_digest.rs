#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::worker::run_schedule(fn_operations::weekly_digest).await
}
