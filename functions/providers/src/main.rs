#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::runtime::run_http(fn_providers::dispatch).await
}
