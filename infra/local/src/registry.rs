//! Binary name (template.yaml `Metadata.BuildProperties.Binary`) → the handlers its `main.rs` runs.
//! Provisioning fails if the template declares a function missing here, so the two cannot drift.

use platform::runtime::{
    AuthorizerDispatch, HttpDispatch, ScheduleDispatch, SqsDispatch, StreamDispatch,
};
use std::collections::HashMap;

#[derive(Clone, Copy, Default)]
pub struct Handlers {
    pub http: Option<HttpDispatch>,
    pub sqs: Option<SqsDispatch>,
    pub schedule: Option<ScheduleDispatch>,
    pub authorizer: Option<AuthorizerDispatch>,
    pub stream: Option<StreamDispatch>,
}

pub struct Registry(HashMap<&'static str, Handlers>);

impl Registry {
    pub fn new() -> Self {
        let mut m = HashMap::new();
        m.insert(
            "system",
            Handlers {
                http: Some(fn_system::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "auth",
            Handlers {
                http: Some(fn_auth::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "users",
            Handlers {
                http: Some(fn_users::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "people",
            Handlers {
                http: Some(fn_people::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "companies",
            Handlers {
                http: Some(fn_companies::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "providers",
            Handlers {
                http: Some(fn_providers::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "jobs",
            Handlers {
                http: Some(fn_jobs::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "partners",
            Handlers {
                http: Some(fn_partners::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "contacts",
            Handlers {
                http: Some(fn_contacts::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "webhooks",
            Handlers {
                http: Some(fn_webhooks::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "campaigns",
            Handlers {
                http: Some(fn_campaigns::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "docs",
            Handlers {
                http: Some(fn_docs::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "retention-sweep",
            Handlers {
                schedule: Some(fn_operations::retention_sweep as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "credit-alerts",
            Handlers {
                schedule: Some(fn_operations::credit_alerts as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "weekly-digest",
            Handlers {
                schedule: Some(fn_operations::weekly_digest as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "organization-tier",
            Handlers {
                schedule: Some(fn_partners::set_tier as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "partner-sweep",
            Handlers {
                schedule: Some(fn_partners::sweep as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "enrichment-worker",
            Handlers {
                sqs: Some(fn_enrichment_worker::chunks::dispatch as SqsDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "contact-validation",
            Handlers {
                sqs: Some(fn_enrichment_worker::validation::dispatch as SqsDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "webhook-worker",
            Handlers {
                sqs: Some(fn_webhooks::engine::worker::dispatch as SqsDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "webhook-dispatcher",
            Handlers {
                sqs: Some(fn_webhooks::engine::dispatch as SqsDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "webhook-sweep",
            Handlers {
                schedule: Some(fn_webhooks::engine::sweep_dispatch as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "inbound",
            Handlers {
                http: Some(fn_inbound::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "data-sources",
            Handlers {
                http: Some(fn_data_sources::dispatch as HttpDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "data-source-sync",
            Handlers {
                sqs: Some(fn_data_sources::sync::dispatch as SqsDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "inbound-worker",
            Handlers {
                sqs: Some(fn_inbound::worker::dispatch as SqsDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "event-publisher",
            Handlers {
                stream: Some(fn_webhooks::publish::dispatch as StreamDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "refresh-sweep",
            Handlers {
                schedule: Some(fn_enrichment_worker::refresh as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "job-sweep",
            Handlers {
                schedule: Some(fn_enrichment_worker::sweep as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "campaign-fanout",
            Handlers {
                sqs: Some(fn_campaign_workers::fanout::dispatch as SqsDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "campaign-send",
            Handlers {
                sqs: Some(fn_campaign_workers::sends::dispatch as SqsDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "campaign-sweep",
            Handlers {
                schedule: Some(fn_campaign_workers::sweep as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "delivery-events",
            Handlers {
                schedule: Some(fn_campaign_workers::delivery_events as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "sender-warmup",
            Handlers {
                schedule: Some(fn_campaign_workers::warmup as ScheduleDispatch),
                ..Handlers::default()
            },
        );
        m.insert(
            "authorizer",
            Handlers {
                authorizer: Some(fn_authorizer::authorize as AuthorizerDispatch),
                ..Handlers::default()
            },
        );
        Self(m)
    }

    pub fn get(&self, binary: &str) -> Option<Handlers> {
        self.0.get(binary).copied()
    }

    pub fn binaries(&self) -> impl Iterator<Item = &&'static str> {
        self.0.keys()
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}
