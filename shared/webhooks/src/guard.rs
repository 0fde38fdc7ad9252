//! The SSRF guard for outbound URLs.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use url::{Host, Url};

/// Longest URL accepted.
pub const MAX_URL_LEN: usize = kernel::web::MAX_URL_LEN;

/// What the guard lets through besides public https addresses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GuardPolicy {
    /// Local development only (`ALLOW_INSECURE_CALLBACKS=true`, never set in template.yaml):
    /// plain http and loopback addresses are allowed. Private, link-local and every other refused
    /// range stay refused.
    pub allow_insecure_local: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("not an absolute URL")]
    Invalid,
    #[error("longer than {MAX_URL_LEN} characters")]
    TooLong,
    #[error("only https URLs are called")]
    Scheme,
    #[error("credentials in the URL are not accepted")]
    Credentials,
    #[error("the host {0} resolves to no address")]
    Unresolvable(String),
    #[error("the address {0} is not a public internet address")]
    Forbidden(IpAddr),
}

/// A URL that passed the guard, with the addresses it may be called at.
#[derive(Debug, Clone)]
pub struct CheckedUrl {
    pub url: Url,
    pub host: String,
    pub addrs: Vec<SocketAddr>,
}

/// Checks `raw` and resolves its host; every resolved address must pass (one bad address is
/// enough to refuse: an attacker's DNS can answer with a public and a private address).
pub async fn check_url(raw: &str, policy: GuardPolicy) -> Result<CheckedUrl, UrlError> {
    let url = parse(raw, policy)?;
    let host = url.host().ok_or(UrlError::Invalid)?;
    let port = url.port_or_known_default().ok_or(UrlError::Invalid)?;
    let (name, addrs) = match host {
        Host::Ipv4(v4) => (v4.to_string(), vec![SocketAddr::new(IpAddr::V4(v4), port)]),
        Host::Ipv6(v6) => (v6.to_string(), vec![SocketAddr::new(IpAddr::V6(v6), port)]),
        Host::Domain(d) => {
            let d = d.to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((d.as_str(), port))
                .await
                .map_err(|_| UrlError::Unresolvable(d.clone()))?
                .collect();
            if found.is_empty() {
                return Err(UrlError::Unresolvable(d));
            }
            (d, found)
        }
    };
    for a in &addrs {
        check_ip(a.ip(), policy)?;
    }
    Ok(CheckedUrl {
        url,
        host: name,
        addrs,
    })
}

/// The checks that need no DNS: shape, scheme, credentials, a literal address.
pub fn parse(raw: &str, policy: GuardPolicy) -> Result<Url, UrlError> {
    if raw.len() > MAX_URL_LEN {
        return Err(UrlError::TooLong);
    }
    if raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(UrlError::Invalid);
    }
    let url = Url::parse(raw).map_err(|_| UrlError::Invalid)?;
    match url.scheme() {
        "https" => {}
        "http" if policy.allow_insecure_local => {}
        _ => return Err(UrlError::Scheme),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlError::Credentials);
    }
    match url.host() {
        None => return Err(UrlError::Invalid),
        Some(Host::Ipv4(v4)) => check_ip(IpAddr::V4(v4), policy)?,
        Some(Host::Ipv6(v6)) => check_ip(IpAddr::V6(v6), policy)?,
        Some(Host::Domain(_)) => {}
    }
    Ok(url)
}

/// Whether an address may be called.
pub fn check_ip(ip: IpAddr, policy: GuardPolicy) -> Result<(), UrlError> {
    let loopback = ip.is_loopback();
    if loopback && policy.allow_insecure_local {
        return Ok(());
    }
    let public = match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => public_v6(v6),
    };
    if public {
        Ok(())
    } else {
        Err(UrlError::Forbidden(ip))
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], bits: u32) -> bool {
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn public_v4(ip: Ipv4Addr) -> bool {
    const REFUSED: &[([u8; 4], u32)] = &[
        ([0, 0, 0, 0], 8),       // "this network"
        ([10, 0, 0, 0], 8),      // private
        ([100, 64, 0, 0], 10),   // CGNAT
        ([127, 0, 0, 0], 8),     // loopback
        ([169, 254, 0, 0], 16),  // link-local, cloud metadata (169.254.169.254)
        ([172, 16, 0, 0], 12),   // private
        ([192, 0, 0, 0], 24),    // IETF protocol assignments
        ([192, 0, 2, 0], 24),    // documentation
        ([192, 88, 99, 0], 24),  // 6to4 relay
        ([192, 168, 0, 0], 16),  // private
        ([198, 18, 0, 0], 15),   // benchmarking
        ([198, 51, 100, 0], 24), // documentation
        ([203, 0, 113, 0], 24),  // documentation
        ([224, 0, 0, 0], 4),     // multicast
        ([240, 0, 0, 0], 4),     // reserved, broadcast
    ];
    !REFUSED.iter().any(|(net, bits)| in_v4(ip, *net, *bits))
}

fn public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let refused = ip.is_unspecified()
        || ip.is_loopback()
        // IPv4-mapped (::ffff:0:0/96) and IPv4-compatible (::/96): refused outright rather than
        // judged by the IPv4 inside, so no v4 rule can be bypassed through v6 notation.
        || (s[0..5] == [0, 0, 0, 0, 0] && (s[5] == 0xffff || s[5] == 0))
        || (s[0] == 0x64 && s[1] == 0xff9b) // NAT64
        || (s[0] == 0x0100 && s[1..4] == [0, 0, 0]) // discard
        || (s[0] == 0x2001 && s[1] < 0x0200) // IETF protocol assignments (Teredo, ORCHID…)
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || s[0] == 0x2002 // 6to4 (embeds an IPv4 address)
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (s[0] & 0xff00) == 0xff00; // multicast
    !refused
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(raw: &str) -> bool {
        parse(raw, GuardPolicy::default()).is_err()
    }

    #[test]
    fn literal_addresses_in_every_refused_range_are_refused() {
        for raw in [
            "https://127.0.0.1/x",
            "https://10.1.2.3/",
            "https://172.20.0.1/",
            "https://192.168.1.1/",
            "https://169.254.169.254/latest/meta-data/",
            "https://100.64.0.1/",
            "https://224.0.0.1/",
            "https://240.0.0.1/",
            "https://0.0.0.0/",
            "https://[::1]/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:8.8.8.8]/",
            "https://[ff02::1]/",
            "https://2130706433/", // 127.0.0.1 as one number: the URL parser normalises it
            "https://0x7f.1/",
        ] {
            assert!(refused(raw), "{raw} must be refused");
        }
        assert!(!refused("https://8.8.8.8/hook"));
        assert!(!refused("https://[2606:4700::1111]/hook"));
    }

    #[test]
    fn scheme_credentials_and_the_local_switch() {
        assert_eq!(
            parse("http://example.com/", GuardPolicy::default()),
            Err(UrlError::Scheme)
        );
        assert_eq!(
            parse("https://u:p@example.com/", GuardPolicy::default()),
            Err(UrlError::Credentials)
        );
        assert_eq!(
            parse("ftp://example.com/", GuardPolicy::default()),
            Err(UrlError::Scheme)
        );
        let local = GuardPolicy {
            allow_insecure_local: true,
        };
        assert!(parse("http://127.0.0.1:9000/cb", local).is_ok());
        // The switch allows loopback only: private and metadata addresses stay refused.
        assert!(parse("http://10.0.0.1/cb", local).is_err());
        assert!(parse("http://169.254.169.254/", local).is_err());
    }

    #[tokio::test]
    async fn names_are_judged_by_what_they_resolve_to() {
        assert!(matches!(
            check_url("https://localhost:8443/", GuardPolicy::default()).await,
            Err(UrlError::Forbidden(_))
        ));
        let ok = check_url(
            "http://localhost:8443/",
            GuardPolicy {
                allow_insecure_local: true,
            },
        )
        .await
        .unwrap();
        assert!(ok.addrs.iter().all(|a| a.ip().is_loopback()));
    }
}
