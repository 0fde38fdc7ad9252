#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    platform::runtime::run_http(fn_data_sources::dispatch).await
}
