//! The platform's rules for user-supplied text, in one place so every route applies the same ones.
//!
//! - Text fields refuse C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F) control characters.
//!   They have no meaning in a name or a title, and they are how text escapes its context: NUL
//!   truncates in C consumers, CR/LF add mail or log lines, ESC drives terminals.
//! - Fields documented as multi-line (descriptions, summaries) also accept line feed, carriage return
//!   and tab, and nothing else from those ranges.
//! - Emails follow one rule everywhere (identity, invitations, enrichment input, provider answers):
//!   see [`normalise_email`].

/// Whether `c` is a C0 or C1 control character (DEL included).
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Why a text value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    Control,
}

impl TextError {
    /// The stable error code put in a problem's `errors[].code`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Control => "control_character",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::Control => "must not contain control characters (such as NUL, ESC, CR or LF)",
        }
    }
}

/// A one-line text field: no control character at all.
pub fn check_line(value: &str) -> Result<(), TextError> {
    if value.chars().any(is_control) {
        Err(TextError::Control)
    } else {
        Ok(())
    }
}

/// A multi-line text field: line breaks and tabs, no other control character.
pub fn check_multiline(value: &str) -> Result<(), TextError> {
    if value
        .chars()
        .any(|c| is_control(c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        Err(TextError::Control)
    } else {
        Ok(())
    }
}

/// [`check_line`] with something besides spaces, as a JSON Schema pattern.
pub const ONE_LINE_NOT_BLANK: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$";
/// [`check_multiline`], as a JSON Schema pattern.
pub const MULTILINE: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";
/// [`check_multiline`] with something besides spaces and line breaks.
pub const MULTILINE_NOT_BLANK: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

/// Record fields that are documented as multi-line; every other text field is one line.
pub const MULTILINE_FIELDS: &[&str] = &["description", "summary", "bio"];

/// Checks a text field by its name (one line unless listed in [`MULTILINE_FIELDS`]).
pub fn check_field(field: &str, value: &str) -> Result<(), TextError> {
    if MULTILINE_FIELDS.contains(&field) {
        check_multiline(value)
    } else {
        check_line(value)
    }
}

/// The one email rule: trimmed and lower-cased; at most 254 characters; exactly one `@`; a local
/// part of 1 to 64 characters without whitespace, control characters or `"(),:;<>[\]`; a domain
/// that is a valid DNS host name with a dot ([`normalise_domain`]). `None` if it is not plausible.
/// Deliverability is proven by mail (codes, invitations) or a verifier, not by this check.
pub fn normalise_email(raw: &str) -> Option<String> {
    // Refused anywhere, ends included: trim() would quietly drop a trailing NEL (U+0085).
    if raw.chars().any(is_control) {
        return None;
    }
    let s = raw.trim().to_lowercase();
    if s.chars().count() > 254 {
        return None;
    }
    let (local, domain) = s.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && !local.chars().any(|c| {
            c.is_whitespace()
                || is_control(c)
                || matches!(
                    c,
                    '"' | '(' | ')' | ',' | ':' | ';' | '<' | '>' | '[' | '\\' | ']'
                )
        });
    let domain_ok = normalise_domain(domain).as_deref() == Some(domain);
    (local_ok && domain_ok).then_some(s)
}

/// A DNS host name: lower-cased; scheme, path, port, `www.` and a trailing dot removed; labels of 1
/// to 63 letters, digits or hyphens (not at either end), at least two labels. `None` otherwise.
pub fn normalise_domain(raw: &str) -> Option<String> {
    let mut s = raw.trim().to_ascii_lowercase();
    for prefix in ["https://", "http://"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_owned();
        }
    }
    let host = s.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    let host = host
        .strip_prefix("www.")
        .unwrap_or(host)
        .trim_end_matches('.');
    let ok = host.contains('.')
        && host.len() <= 253
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'))
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    ok.then(|| host.to_owned())
}

/// Text made safe for a one-line context that cannot refuse it (a mail subject built from stored
/// data): every control character becomes a space, runs of spaces collapse, and the ends are trimmed.
pub fn one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| if is_control(c) { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A BCP 47 language tag of the common shapes (`en`, `pt-BR`, `zh-Hant-TW`, `es-419`): a 2–3 letter
/// language, then optional script (4 letters) and region (2 letters or 3 digits).
pub fn language_is_valid(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    let rest: Vec<&str> = parts.collect();
    let sub_ok = |p: &str| {
        (p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic()))
            || (p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
            || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    lang_ok && rest.len() <= 2 && rest.iter().all(|p| sub_ok(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_c0_del_and_c1() {
        for c in [
            '\0', '\u{7}', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}',
        ] {
            assert!(is_control(c), "{c:?}");
        }
        for c in [' ', 'a', 'é', '\u{a0}', '—', '日'] {
            assert!(!is_control(c), "{c:?}");
        }
    }

    #[test]
    fn lines_refuse_breaks_and_multiline_fields_keep_them() {
        assert!(check_line("Maria Gómez").is_ok());
        assert_eq!(check_line("Acme\r\nBcc: x"), Err(TextError::Control));
        assert_eq!(check_line("nul\0"), Err(TextError::Control));
        assert!(check_field("description", "line one\nline two\ttab").is_ok());
        assert_eq!(
            check_field("description", "bell\u{7}"),
            Err(TextError::Control)
        );
        assert_eq!(check_field("title", "a\nb"), Err(TextError::Control));
    }

    #[test]
    fn one_email_rule() {
        assert_eq!(
            normalise_email("  Ana.Souza@Acme.Example ").as_deref(),
            Some("ana.souza@acme.example")
        );
        assert!(normalise_email("first+tag@mail.acme.co").is_some());
        for bad in [
            "nul\0ctl\u{7}@acme.example",
            "a b@acme.example",
            "a@b@acme.example",
            "@acme.example",
            "ana@",
            "ana@localhost",
            "ana@acme..example",
            "ana@-acme.example",
            "a\r\nbcc:x@acme.example",
            "\"quoted\"@acme.example",
            "ana@acme.example\u{85}",
        ] {
            assert_eq!(normalise_email(bad), None, "{bad:?}");
        }
        let long_local = format!("{}@acme.example", "a".repeat(65));
        assert_eq!(normalise_email(&long_local), None);
    }

    #[test]
    fn one_line_flattens_stored_text() {
        assert_eq!(
            one_line("Acme\r\nBcc: attacker@evil.example"),
            "Acme Bcc: attacker@evil.example"
        );
        assert_eq!(one_line("  a \0 b  "), "a b");
    }
}
