#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::runtime::run_authorizer(fn_authorizer::authorize).await
}
