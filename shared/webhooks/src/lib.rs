//! Calls to URLs our customers give us (job callbacks now, partner webhooks next), in one place:
//! - [`guard`]: which URLs may be called at all (https only; no loopback, private, link-local,
//!   CGNAT, multicast, reserved, ULA or IPv4-mapped address, literal or resolved), checked when the
//!   URL is given and again at every delivery, since DNS can change in between;
//! - [`signing`]: `X-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` over
//!   the exact bytes sent, and the secrets it uses;
//! - [`catalogue`]: every event type the platform emits, with the type of its `data`, whose JSON
//!   Schema `GET /v1/webhook-events` serves (generated from the same types, so they cannot drift);
//! - `deliver` (feature `deliver`): one POST to a checked address, pinned to the addresses that
//!   were checked, no redirects, bounded time, and a record of the attempt.

pub mod catalogue;
pub mod deliveries;
pub mod engine;
pub mod guard;
pub mod model;
pub mod persist;
pub mod signing;
pub mod subscriptions;

#[cfg(feature = "deliver")]
pub mod deliver;

pub use guard::{check_url, GuardPolicy, UrlError};
