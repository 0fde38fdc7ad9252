#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::worker::run_schedule(fn_campaign_workers::delivery_events).await
}
