//! Writes the API's OpenAPI document to `functions/system/openapi.json` (or checks it with `--check`).

fn main() {
    let path = enrich_openapi::document_path();
    let text = enrich_openapi::document_text();
    if std::env::args().any(|a| a == "--check") {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != text {
            eprintln!(
                "{} is stale: run cargo run -p enrich-openapi",
                path.display()
            );
            std::process::exit(1);
        }
        return;
    }
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
    println!("wrote {}", path.display());
}
