//! Binary name (template.yaml `Metadata.BuildProperties.Binary`) → the handlers its `main.rs` runs.
//! Provisioning fails if the template declares a function missing here, so the two cannot drift.

use shared::runtime::{HttpDispatch, ScheduleDispatch, SqsDispatch};
use std::collections::HashMap;

#[derive(Clone, Copy, Default)]
pub struct Handlers {
    pub http: Option<HttpDispatch>,
    pub sqs: Option<SqsDispatch>,
    pub schedule: Option<ScheduleDispatch>,
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
