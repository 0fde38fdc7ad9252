//! The operator's tier change for an organisation (`{"tenant": "ten_…", "tier": "premium"}`).
#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::worker::run_schedule(fn_partners::set_tier).await
}
