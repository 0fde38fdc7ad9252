//! Prefixed, time-sortable identifiers (`ten_01J...`): the prefix tells a reader what an id names and
//! lets a parser reject an id of the wrong kind before any lookup; the ULID sorts by creation time, so
//! lists ordered by id are ordered by age without a second sort key.

use std::str::FromStr;
use thiserror::Error;
pub use ulid::Ulid;

#[derive(Debug, Error, PartialEq, Eq)]
#[error("expected an id like {prefix}_01HZX… (the prefix followed by a 26-character ULID)")]
pub struct IdError {
    pub prefix: &'static str,
}

/// Declares a newtype id with its prefix, parsing, display and serde as a plain string.
#[macro_export]
macro_rules! prefixed_id {
    ($(#[$meta:meta])* $name:ident, $prefix:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            /// A new id whose ULID carries the current time.
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(format!("{}_{}", $prefix, $crate::ids::Ulid::new()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ids::IdError;
            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                $crate::ids::parse_prefixed($prefix, raw).map(Self)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::ids::IdError;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                raw.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// The bound of ids made at `t`: every `<prefix>_<ULID>` created before `t` sorts below the low
/// bound, every one created up to `t` at or below the high one. ULIDs begin with their time, so a
/// time range of an id-ordered partition is a key range (audit log, call log, jobs).
pub fn id_bound(prefix: &str, t: time::OffsetDateTime, high: bool) -> String {
    let ms = u64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
    let random = if high { u128::MAX } else { 0 };
    format!("{prefix}_{}", Ulid::from_parts(ms, random))
}

/// Validates `<prefix>_<ULID>` and returns the canonical (upper-case ULID) form.
pub fn parse_prefixed(prefix: &'static str, raw: &str) -> Result<String, IdError> {
    let err = IdError { prefix };
    let rest = raw
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('_'))
        .ok_or(IdError { prefix })?;
    if rest.len() != 26 {
        return Err(err);
    }
    let ulid = Ulid::from_str(rest).map_err(|_| IdError { prefix })?;
    Ok(format!("{prefix}_{ulid}"))
}

/// The organisation that owns data. Only ever taken from the caller's credentials.
///
/// An organisation has two data spaces: its live one (`ten_<ULID>`) and its test one
/// (`tst_<ULID>`, the same ULID), which partner test-mode keys (`enr_test_…`) act in. Every key of
/// the single table starts with the tenant, so the two spaces share nothing: a live key or a user
/// never reads a test record, and a test key never reads a live one. Only the authorizer turns a
/// live tenant into its test twin ([`TenantId::test_space`]); nothing a caller sends can.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

impl TenantId {
    pub const PREFIX: &'static str = "ten";
    /// The prefix of an organisation's test data space.
    pub const TEST_PREFIX: &'static str = "tst";

    /// A new (live) organisation id whose ULID carries the current time.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self(format!("{}_{}", Self::PREFIX, Ulid::new()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is an organisation's test data space.
    pub fn is_test(&self) -> bool {
        self.0.starts_with(Self::TEST_PREFIX)
    }

    fn ulid_part(&self) -> &str {
        // Both prefixes are three characters and an underscore.
        &self.0[4..]
    }

    /// The organisation's test data space.
    pub fn test_space(&self) -> TenantId {
        Self(format!("{}_{}", Self::TEST_PREFIX, self.ulid_part()))
    }

    /// The organisation's live data space (itself, for a live id): where its API clients, keys and
    /// usage live whatever mode a request ran in.
    pub fn live_space(&self) -> TenantId {
        Self(format!("{}_{}", Self::PREFIX, self.ulid_part()))
    }
}

impl FromStr for TenantId {
    type Err = IdError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        parse_prefixed(Self::PREFIX, raw)
            .or_else(|_| parse_prefixed(Self::TEST_PREFIX, raw))
            .map(Self)
            .map_err(|_| IdError {
                prefix: Self::PREFIX,
            })
    }
}

impl TryFrom<String> for TenantId {
    type Error = IdError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        raw.parse()
    }
}

impl From<TenantId> for String {
    fn from(id: TenantId) -> String {
        id.0
    }
}

impl std::fmt::Display for TenantId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A request id for places where API Gateway did not supply one (local tools, workers).
pub fn new_request_id() -> String {
    Ulid::new().to_string().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_parse_back_and_sort_by_time() {
        let a = TenantId::new();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = TenantId::new();
        assert!(a.as_str().starts_with("ten_"));
        assert_eq!(a.as_str().parse::<TenantId>().unwrap(), a);
        assert!(a < b, "ids must sort by creation time");
    }

    #[test]
    fn rejects_wrong_prefix_length_and_alphabet() {
        assert!("usr_01HZX5R5B7Q6J3V9K2M4N8P0QR"
            .parse::<TenantId>()
            .is_err());
        assert!("ten_01HZX".parse::<TenantId>().is_err());
        assert!(
            "ten_01HZX5R5B7Q6J3V9K2M4N8P0QU"
                .parse::<TenantId>()
                .is_err(),
            "U is not Crockford"
        );
        assert!("ten01HZX5R5B7Q6J3V9K2M4N8P0QR".parse::<TenantId>().is_err());
    }

    #[test]
    fn test_space_is_a_twin_with_its_own_prefix() {
        let live = TenantId::new();
        let test = live.test_space();
        assert!(test.is_test() && !live.is_test());
        assert!(test.as_str().starts_with("tst_"));
        assert_ne!(test, live);
        assert_eq!(test.live_space(), live);
        assert_eq!(live.live_space(), live);
        assert_eq!(test.as_str().parse::<TenantId>().unwrap(), test);
    }

    #[test]
    fn lower_case_ulids_are_canonicalised() {
        let id: TenantId = "ten_01hzx5r5b7q6j3v9k2m4n8p0qr".parse().unwrap();
        assert_eq!(id.as_str(), "ten_01HZX5R5B7Q6J3V9K2M4N8P0QR");
    }

    #[test]
    fn serde_round_trip_validates() {
        let id = TenantId::new();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<TenantId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<TenantId>("\"ten_nope\"").is_err());
    }
}
