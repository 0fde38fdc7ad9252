//! Wall-clock time in the one format the platform stores and returns (RFC 3339, UTC).

/// Now, in UTC.
pub fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

/// RFC 3339 text of `t` (what every stored and returned timestamp looks like).
pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// RFC 3339 text of an epoch-seconds time (records keep epoch seconds where they compare or count
/// with them; the API shows them as text). Empty for a time out of range.
pub fn rfc3339_at(epoch_secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(epoch_secs)
        .map(rfc3339)
        .unwrap_or_default()
}

/// Parses a stored RFC 3339 timestamp; `None` for anything else.
pub fn parse_rfc3339(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}
