//! Writes the API's OpenAPI document and the Postman collection generated from it to
//! `functions/system/` (or checks them with `--check`).

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    for (path, text) in [
        (
            enrich_openapi::document_path(),
            enrich_openapi::document_text(),
        ),
        (
            enrich_openapi::postman_path(),
            enrich_openapi::postman_text(),
        ),
    ] {
        if check {
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            if committed != text {
                eprintln!(
                    "{} is stale: run cargo run -p enrich-openapi",
                    path.display()
                );
                std::process::exit(1);
            }
            continue;
        }
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
}
