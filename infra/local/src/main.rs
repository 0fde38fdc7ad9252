//! `enrich-local`: the whole platform on this machine. `./infra/dev` starts moto and then this.

use enrich_local::{gateway, pump, ticker, Stack, StackOptions};
use std::process::ExitCode;
use std::sync::Arc;

#[tokio::main]
async fn main() -> ExitCode {
    platform::telemetry::init();
    let Ok(endpoint) = std::env::var("AWS_ENDPOINT_URL") else {
        eprintln!("AWS_ENDPOINT_URL must point at the local emulator (./infra/dev sets it)");
        return ExitCode::from(2);
    };
    let port: u16 = match std::env::var("PORT").ok().map(|p| p.parse()) {
        None => 3000,
        Some(Ok(p)) => p,
        Some(Err(_)) => {
            eprintln!("PORT must be a port number");
            return ExitCode::from(2);
        }
    };
    let mut opts = StackOptions::new(endpoint, "enrich");
    if let Ok(origins) = std::env::var("CORS_ALLOWED_ORIGINS") {
        opts.parameters.insert("CorsAllowedOrigins".into(), origins);
    }
    if let Ok(times) = std::env::var("USER_LIMIT_MULTIPLIER") {
        opts.parameters.insert("UserLimitMultiplier".into(), times);
    }
    // Locally every organisation enriches with the sandbox provider unless told otherwise, so the
    // platform works with no provider key.
    opts.parameters.insert(
        "DefaultSources".into(),
        std::env::var("DEFAULT_SOURCES").unwrap_or_else(|_| "sandbox".into()),
    );
    // The fault layer is always there in development (all rates 0 unless ENRICH_FAULTS says
    // otherwise), so faults can be turned on at run time through its control endpoint.
    opts.faults =
        match std::env::var("ENRICH_FAULTS").map(|t| enrich_local::faults::FaultPlan::parse(&t)) {
            Err(_) => Some(Default::default()),
            Ok(Ok(plan)) => Some(plan),
            Ok(Err(e)) => {
                eprintln!("ENRICH_FAULTS: {e}");
                return ExitCode::from(2);
            }
        };
    let stack = match Stack::provision(&opts).await {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("could not set up the local stack: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let _pumps = pump::spawn_pumps(&stack, 2);
    let _tickers = match ticker::spawn_tickers(&stack) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let _scheduler = ticker::spawn_scheduler_ticker(&stack);
    let routes: usize = stack.functions.iter().map(|f| f.def.routes.len()).sum();
    println!(
        "Enrich is running at http://127.0.0.1:{port} ({} functions, {routes} routes)",
        stack.functions.len()
    );
    println!("  try: curl -s http://127.0.0.1:{port}/v1/health");
    println!("  API description: http://127.0.0.1:{port}/v1/openapi.json");
    println!(
        "  fault layer: {}/__faults (GET, PUT a plan, POST /__faults/kill?function=…)",
        stack.function_endpoint
    );
    println!("Press Ctrl-C to stop.");
    gateway::serve(stack, listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    println!("stopped");
    ExitCode::SUCCESS
}
