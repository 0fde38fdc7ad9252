//! End-to-end tests: moto + the local API Gateway over real HTTP.

mod agreement;
mod campaign_measure;
mod campaigns;
mod chaos;
mod contacts;
mod enrichment;
mod events;
mod hardening;
mod idempotency;
mod identity;
mod jobs;
mod mfa;
mod partitions;
mod partners;
mod pipeline;
mod portal;
mod providers;
mod pump;
mod retention;
mod round_trips;
mod sdk_partitions;
mod store;
mod system;
mod templates;
mod users;
mod worker;
