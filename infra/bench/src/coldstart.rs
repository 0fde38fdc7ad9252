//! Cold-start benchmark.
//!
//! Builds every function named in template.yaml (`Binary:`) and the hello-world baseline in release
//! mode, then starts each binary many times against a minimal Lambda Runtime API served here, and
//! measures the time from spawn to its first `GET /2018-06-01/runtime/invocation/next` (= init done)
//! and its peak RSS (VmHWM) and minor page faults at that moment. Reports medians and the ratio to the baseline, because
//! absolute times on a shared machine are noisy.
//!
//! Usage: `cargo run --release -p enrich-bench --bin coldstart -- [--runs N] [--no-build] [--only a,b]`

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const BASELINE: &str = "hello-lambda";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Binary names declared in template.yaml (`BuildProperties: Binary: <name>`).
fn template_binaries() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("template.yaml")).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("Binary:"))
        .map(|b| b.trim().to_owned())
        .collect()
}

fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

/// Minor page faults the process has taken so far (`/proc/<pid>/stat`, field 10): at cold start
/// these are mostly the loader's copy-on-write writes into relocated pages and first touches of code.
fn minor_faults(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(7)?.parse().ok()
}

/// One cold start: (time to first `next` poll, peak RSS in KiB, minor page faults).
fn one_start(binary: &Path) -> Result<(Duration, u64, u64), String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut child = Command::new(binary)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "bench")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "bench")
        .env("AWS_SECRET_ACCESS_KEY", "bench")
        .env("TABLE_NAME", "bench")
        .env("APP_SECRET_ID", "bench")
        // As template.yaml sets it for every function (the SdkDataLayer's file, us-east-1 is `aws`).
        .env(
            "SMITHY_CLIENT_SDK_CUSTOM_PARTITION",
            root().join("infra/layers/sdk-data/sdk-partitions/aws.json"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    // Blocking accept, so the moment of the poll is seen at once (a sleep-and-retry loop would add
    // its interval to every sample). A watchdog connects after the deadline to unblock a hung start.
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(10));
        let _ = std::net::TcpStream::connect(addr);
    });
    let result = loop {
        match listener.accept() {
            Ok((stream, _)) => {
                let mut line = String::new();
                let _ = BufReader::new(&stream).read_line(&mut line);
                if line.starts_with("GET /2018-06-01/runtime/invocation/next") {
                    let elapsed = started.elapsed();
                    let rss = peak_rss_kib(child.id()).unwrap_or(0);
                    let faults = minor_faults(child.id()).unwrap_or(0);
                    break Ok((elapsed, rss, faults));
                }
                if let Ok(Some(status)) = child.try_wait() {
                    break Err(format!("{} exited during init: {status}", binary.display()));
                }
                if started.elapsed() >= Duration::from_secs(10) {
                    break Err(format!(
                        "{} never polled for an invocation",
                        binary.display()
                    ));
                }
            }
            Err(e) => break Err(e.to_string()),
        }
    };
    drop(watchdog); // detached: it only ever connects to a listener that is gone by then
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let value_of = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let runs: usize = value_of("--runs")
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let declared = template_binaries();
    // `--only a,b` measures a subset (the baseline is always measured), for quick experiments; a
    // name template.yaml does not declare is refused rather than silently measuring nothing.
    let only: Option<Vec<String>> =
        value_of("--only").map(|l| l.split(',').map(str::to_owned).collect());
    if let Some(unknown) = only.iter().flatten().find(|b| !declared.contains(b)) {
        eprintln!("--only: {unknown} is not a function in template.yaml");
        return ExitCode::FAILURE;
    }
    let mut binaries = vec![BASELINE.to_owned()];
    binaries.extend(
        declared
            .into_iter()
            .filter(|b| only.as_ref().is_none_or(|o| o.contains(b))),
    );
    if !args.iter().any(|a| a == "--no-build") {
        let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        build
            .current_dir(root())
            .args(["build", "--release", "--quiet", "--workspace"]);
        for b in &binaries {
            build.args(["--bin", b]);
        }
        match build.status() {
            Ok(s) if s.success() => {}
            other => {
                eprintln!("release build failed: {other:?}");
                return ExitCode::FAILURE;
            }
        }
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target"));
    let paths: Vec<PathBuf> = binaries
        .iter()
        .map(|b| target.join("release").join(b))
        .collect();
    for path in &paths {
        let _ = one_start(path); // warm the page cache so every binary is measured alike
    }
    // Round-robin: each round starts every binary once, so load drift on a shared machine touches
    // the baseline and the functions alike instead of skewing the ratio.
    let mut times = vec![Vec::with_capacity(runs); paths.len()];
    let mut peaks = vec![0u64; paths.len()];
    let mut faults = vec![Vec::with_capacity(runs); paths.len()];
    for _ in 0..runs {
        for (i, path) in paths.iter().enumerate() {
            match one_start(path) {
                Ok((t, rss, f)) => {
                    times[i].push(t.as_secs_f64() * 1000.0);
                    faults[i].push(f as f64);
                    peaks[i] = peaks[i].max(rss);
                }
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let rows: Vec<(String, f64, u64, u64, f64)> = binaries
        .iter()
        .zip(paths.iter())
        .zip(times.into_iter().zip(peaks).zip(faults))
        .map(|((b, path), ((t, peak), f))| {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            (b.clone(), median(t), peak, size, median(f))
        })
        .collect();
    let base = rows[0].1;
    println!("| binary | init to first poll, median ms ({runs} runs) | vs baseline | peak RSS MiB | binary MiB | minor faults |");
    println!("|---|---|---|---|---|---|");
    let mut ok = true;
    for (name, ms, rss, size, minflt) in &rows {
        let ratio = ms / base;
        let rss_mib = *rss as f64 / 1024.0;
        // The authorizer runs before every protected request: its cold start is held tighter.
        let limit = if name == "authorizer" { 1.25 } else { 1.4 };
        if name != BASELINE && (ratio > limit || rss_mib > 40.0) {
            ok = false;
        }
        println!(
            "| {name} | {ms:.2} | {ratio:.2}x | {rss_mib:.1} | {:.1} | {minflt:.0} |",
            *size as f64 / 1024.0 / 1024.0
        );
    }
    println!(
        "\ntarget: <= 1.4x the baseline (authorizer <= 1.25x) and <= 40 MiB RSS: {}",
        if ok { "met" } else { "NOT met" }
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
