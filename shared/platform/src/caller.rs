//! The one shape every domain entry point takes for "who is asking": handlers build it once from
//! the request's credentials ([`ApiRequest::caller`]); background work names the platform (or the
//! user a job runs for) itself. The tenant comes from here, never from a path or a body.

use crate::http::{ApiRequest, Origin, Principal};
use kernel::error::ApiError;
use kernel::ids::TenantId;

/// Who acts, for which organisation (data space), in which request, from where.
#[derive(Debug, Clone)]
pub struct Caller<'a> {
    pub tenant: &'a TenantId,
    /// The user, API key or client acting; `system` for the platform's own work.
    pub actor: &'a str,
    /// Ties the audit log, the call log and the traces of one request (or one job chunk).
    pub request_id: &'a str,
    /// The client's address and agent, for the audit log (empty for background work).
    pub origin: Origin,
    /// The credential's role, permissions and scopes, for the checks a domain makes itself
    /// (granting only scopes one holds); `None` for background work.
    pub principal: Option<&'a Principal>,
}

/// The actor of the platform's own work.
pub const SYSTEM: &str = "system";

impl<'a> Caller<'a> {
    /// Background work acting for `actor` (a job's submitter, or [`SYSTEM`]).
    pub fn background(tenant: &'a TenantId, actor: &'a str, request_id: &'a str) -> Self {
        Self {
            tenant,
            actor,
            request_id,
            origin: Origin::default(),
            principal: None,
        }
    }

    /// The credential, for an entry point only people and partners reach (never background work).
    pub fn principal(&self) -> Result<&'a Principal, ApiError> {
        self.principal
            .ok_or_else(|| ApiError::internal("this operation needs a signed-in caller"))
    }
}

impl ApiRequest {
    /// The caller of an authenticated route; 401 when it was reached without credentials.
    pub fn caller(&self) -> Result<Caller<'_>, ApiError> {
        let principal = self.principal()?;
        Ok(Caller {
            tenant: &principal.tenant,
            actor: &principal.id,
            request_id: &self.request_id,
            origin: self.origin(),
            principal: Some(principal),
        })
    }
}
