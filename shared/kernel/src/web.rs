//! Web addresses a body gives: one pattern per kind, stated as is in the OpenAPI document
//! (`pattern`) and applied by the handlers, so a generated client's check and the server's agree.
//!
//! The pattern is the contract; the `url` crate then parses what matched (the pattern keeps to a
//! grammar it always parses, except a `xn--` label that is not valid punycode, refused as well).

use std::sync::LazyLock;

/// A DNS host name: labels of letters, digits and inner hyphens, and an alphabetic top-level
/// label (so no IP address literal and no single-label host such as `localhost`).
const HOST: &str = "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}";
/// An optional port, 0 to 65535.
const PORT: &str =
    "(?::(?:[0-5]?[0-9]{1,4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?";
/// Path, query and fragment: printable ASCII without spaces (percent-encode the rest).
const REST: &str = "(?:[/?#][!-~]*)?";

/// An `https` URL on a DNS name, without credentials.
pub static HTTPS_URL: LazyLock<String> = LazyLock::new(|| format!("^https://{HOST}{PORT}{REST}$"));

/// An `http` or `https` URL on a DNS name, without credentials (links a record keeps).
pub static WEB_URL: LazyLock<String> = LazyLock::new(|| format!("^https?://{HOST}{PORT}{REST}$"));

/// A DNS host name of at least two labels (any top-level label), as a JSON Schema pattern.
pub const HOSTNAME: &str = "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$";

/// Longest URL stored.
pub const MAX_URL_LEN: usize = 2_048;

static HTTPS_URL_RE: LazyLock<Option<regex_lite::Regex>> =
    LazyLock::new(|| regex_lite::Regex::new(&HTTPS_URL).ok());

/// Whether `raw` is an https URL by [`HTTPS_URL`], at most `max` characters long.
pub fn is_https_url(raw: &str, max: usize) -> bool {
    raw.len() <= max
        && HTTPS_URL_RE.as_ref().is_some_and(|re| re.is_match(raw))
        && url::Url::parse(raw).is_ok_and(|u| u.host_str().is_some())
}

/// The JSON Schema of such a URL.
pub fn https_url_schema(max: usize) -> serde_json::Value {
    serde_json::json!({"type": "string", "maxLength": max, "pattern": *HTTPS_URL})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_urls_on_dns_names_pass() {
        for ok in [
            "https://acme.example",
            "https://www.acme.example/callback?x=1#top",
            "https://Mail.Acme.COM:8443/api/",
            "https://a.io:65535/",
            "https://a-b.c-d.museum/~x/%41@b",
        ] {
            assert!(is_https_url(ok, MAX_URL_LEN), "{ok}");
        }
    }

    #[test]
    fn other_addresses_are_refused() {
        for bad in [
            "http://acme.example/",
            "https://localhost/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "https://user:pw@acme.example/",
            "https://acme.example:65536/",
            "https://-acme.example/",
            "https://acme.example/a b",
            "https://acme.example\n",
            "https://xn--a.example/",
            " https://acme.example/",
            "acme.example",
        ] {
            assert!(!is_https_url(bad, MAX_URL_LEN), "{bad}");
        }
        assert!(!is_https_url("https://acme.example/xxxx", 20));
    }

    /// Whatever the pattern lets through, the URL parser reads (the schema never promises more
    /// than the server accepts): a sweep of hosts, ports and paths built from the grammar's edges.
    #[test]
    fn the_pattern_promises_nothing_the_parser_refuses() {
        let re = HTTPS_URL_RE.as_ref().expect("the pattern compiles");
        let hosts = [
            "a.bc",
            "0.aa",
            "a-0.b-c.de",
            "9.9.zz",
            "xn.io",
            "A.B.CD",
            "a--b.io",
        ];
        let ports = [
            "", ":0", ":00000", ":09999", ":59999", ":64999", ":65499", ":65529",
        ];
        let rests = [
            "",
            "/",
            "?",
            "#",
            "/\\..%zz[]{}|^`<>\"'",
            "?a=b&c=%",
            "#!$&()*+,;=:@",
        ];
        for h in hosts {
            for p in ports {
                for r in rests {
                    let raw = format!("https://{h}{p}{r}");
                    assert!(re.is_match(&raw), "{raw} should match");
                    assert!(
                        url::Url::parse(&raw).is_ok(),
                        "{raw} matched but does not parse"
                    );
                }
            }
        }
    }
}
