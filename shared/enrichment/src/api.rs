//! HTTP handling people and companies share: the enrichment options every enrich route takes, the
//! response, and reading, editing, listing and erasing stored records.

use crate::engine::{CacheMode, CallSummary, Session, Warning};
use crate::flows::{distinct_sources, Outcome};
use crate::merge::{
    overall_confidence, validate_field, Conflict, Provenance, Rejection, USER_SOURCE,
};
use crate::records::*;
use access::model::{now, rfc3339};
use http::StatusCode;
use kernel::error::{FieldError, Location};
use platform::http::{ApiRequest, Principal};
use platform::{ApiError, ApiResponse, ApiResult, AppState};
use providers::{Capability, ProviderName};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use store::{Key, PutMode, QuerySpec, StoreError, TxOp};

/// Options every enrich route takes.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommonOptions {
    /// Providers to ask, in this order, instead of the organisation's order.
    pub sources: Option<Vec<String>>,
    /// 0–1: values less certain than this do not count as found (default 0.5).
    pub min_confidence: Option<f64>,
    /// The fields the waterfall must fill before it stops (defaults per kind).
    pub fields: Option<Vec<String>>,
    /// `use` (default) or `bypass` the provider cache.
    #[serde(default)]
    pub cache: CacheMode,
}

/// The checked common options of an enrich request.
#[derive(Debug, Clone)]
pub struct Plan {
    pub sources: Option<Vec<ProviderName>>,
    pub min_confidence: f64,
    /// The fields the caller named, if any (each route has its defaults).
    pub required: Option<Vec<String>>,
}

/// Checks the common options that need no stored state; errors name the field.
fn check_options(
    opts: &CommonOptions,
    capabilities: &[Capability],
    allowed_fields: &[&str],
    errors: &mut Vec<FieldError>,
) -> Plan {
    let mut sources = None;
    if let Some(list) = &opts.sources {
        if list.is_empty() || list.len() > 10 {
            errors.push(FieldError::body(
                "sources",
                "length",
                "give 1 to 10 providers",
            ));
        }
        let mut parsed = Vec::new();
        for (i, raw) in list.iter().enumerate() {
            let field = format!("sources[{i}]");
            match ProviderName::parse(raw) {
                None => errors.push(FieldError::body(
                    field,
                    "unknown",
                    format!("unknown provider {raw:?}"),
                )),
                Some(p) if !capabilities.iter().any(|c| p.can(*c)) => {
                    errors.push(FieldError::body(
                        field,
                        "unsupported",
                        format!("{p} cannot do this kind of enrichment"),
                    ))
                }
                Some(p) if parsed.contains(&p) => {
                    errors.push(FieldError::body(field, "duplicate", "listed twice"))
                }
                Some(p) => parsed.push(p),
            }
        }
        sources = Some(parsed);
    }
    let min = opts
        .min_confidence
        .unwrap_or(super::flows::DEFAULT_MIN_CONFIDENCE);
    if !(0.0..=1.0).contains(&min) || min.is_nan() {
        errors.push(FieldError::body(
            "min_confidence",
            "out_of_range",
            "between 0 and 1",
        ));
    }
    let mut fields = None;
    if let Some(list) = &opts.fields {
        if list.is_empty() {
            errors.push(FieldError::body(
                "fields",
                "length",
                "name at least one field",
            ));
        }
        for (i, f) in list.iter().enumerate() {
            if !allowed_fields.contains(&f.as_str()) {
                errors.push(FieldError::body(
                    format!("fields[{i}]"),
                    "unknown",
                    format!("not a field of this record: {f:?}"),
                ));
            }
        }
        fields = Some(list.clone());
    }
    Plan {
        sources,
        min_confidence: min,
        required: fields,
    }
}

/// Checks the input (`errors` holds what the route found) and the common options, then starts the
/// enrichment session. A request with bad input is refused before any AWS call; only whether a
/// named source is turned off needs the organisation's settings, read by the session.
/// A session acting for the request's caller (tenant, user, request id).
pub async fn caller_session<'a>(
    state: &'a AppState,
    req: &'a ApiRequest,
    cache: CacheMode,
) -> Result<Session<'a>, ApiError> {
    let principal = req.principal()?;
    Session::start(
        state,
        &principal.tenant,
        Some(principal.id.clone()),
        req.request_id.clone(),
        cache,
    )
    .await
}

pub async fn start_enrichment<'a>(
    state: &'a AppState,
    req: &'a ApiRequest,
    opts: &CommonOptions,
    capabilities: &[Capability],
    allowed_fields: &[&str],
    mut errors: Vec<FieldError>,
) -> Result<(Session<'a>, Plan), ApiError> {
    let plan = check_options(opts, capabilities, allowed_fields, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let sess = caller_session(state, req, opts.cache).await?;
    let inactive: Vec<FieldError> = opts
        .sources
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, raw)| {
            let p = ProviderName::parse(raw)?;
            (!sess.providers.get(p).active).then(|| {
                FieldError::body(
                    format!("sources[{i}]"),
                    "inactive",
                    format!("{p} is turned off for this organisation (PATCH /v1/providers/{p})"),
                )
            })
        })
        .collect();
    if !inactive.is_empty() {
        return Err(ApiError::validation(inactive));
    }
    Ok((sess, plan))
}

/// The answer of an enrich route.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnrichResponse {
    /// `enriched`, `pending` (an asynchronous lookup is still running) or `not_found`.
    pub status: String,
    /// Whether a new record was stored.
    pub created: bool,
    pub record: Option<EntityView>,
    /// People with `include_company`: the linked company.
    pub company: Option<EntityView>,
    pub changed: Vec<String>,
    pub missing: Vec<String>,
    pub conflicts: Vec<Conflict>,
    pub rejected: Vec<Rejection>,
    pub warnings: Vec<Warning>,
    pub calls: Vec<CallSummary>,
    pub credits_spent: f64,
}

pub fn enrich_response(sess: Session<'_>, out: Outcome) -> ApiResult {
    let status = match &out.record {
        None => "not_found",
        Some(r) if !r.pending.is_empty() && r.data_sources.iter().all(|s| s == "input") => {
            "pending"
        }
        Some(_) => "enriched",
    };
    let code = if out.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = EnrichResponse {
        status: status.into(),
        created: out.created,
        record: out.record.as_ref().map(|r| r.view(None)),
        company: out
            .company
            .as_ref()
            .and_then(|c| c.record.as_ref())
            .map(|r| r.view(None)),
        changed: out.changed,
        missing: out.missing,
        conflicts: out.conflicts,
        rejected: out.rejected,
        warnings: sess.warnings,
        calls: sess.calls,
        credits_spent: super::merge::round2(sess.credits),
    };
    let location = out.record.as_ref().map(|r| match r.kind {
        EntityKind::Person => format!("/v1/people/{}", r.id),
        EntityKind::Company => format!("/v1/companies/{}", r.id),
    });
    let resp = ApiResponse::json(code, &body)?;
    match (out.created, location) {
        (true, Some(l)) => resp.with_header("location", &l),
        _ => Ok(resp),
    }
}

pub fn path_id(req: &ApiRequest, kind: EntityKind) -> Result<String, ApiError> {
    match kind {
        EntityKind::Person => req
            .path_param::<PersonId>("person_id")
            .map(|i| i.to_string()),
        EntityKind::Company => req
            .path_param::<CompanyId>("company_id")
            .map(|i| i.to_string()),
    }
}

pub(crate) fn not_found(kind: EntityKind) -> ApiError {
    ApiError::not_found(match kind {
        EntityKind::Person => "no such person in this organisation",
        EntityKind::Company => "no such company in this organisation",
    })
}

pub async fn load(
    state: &AppState,
    principal: &Principal,
    kind: EntityKind,
    id: &str,
) -> Result<EntityRecord, ApiError> {
    state
        .store
        .get::<EntityRecord>(&entity_key(&principal.tenant, kind, id))
        .await?
        .ok_or_else(|| not_found(kind))
}

/// `GET /v1/{people|companies}/{id}`; `?include=sources` adds the per-source results (one Query).
pub async fn get_entity(state: &AppState, req: &ApiRequest, kind: EntityKind) -> ApiResult {
    let principal = req.principal()?;
    let id = path_id(req, kind)?;
    let include: Option<String> = req.query_param("include")?;
    let with_sources = match include.as_deref() {
        None | Some("") => false,
        Some("sources") => true,
        Some(_) => {
            return Err(ApiError::invalid_field(
                Location::Query,
                "include",
                "invalid",
                "only `sources` can be included",
            ))
        }
    };
    let rec = load(state, principal, kind, &id).await?;
    let sources = if with_sources {
        let codec = state.cursor_codec().await?;
        Some(
            state
                .store
                .query_all::<SourceResult>(
                    &principal.tenant,
                    &sources_query(&principal.tenant, kind, &id),
                    50,
                    codec,
                )
                .await?,
        )
    } else {
        None
    };
    ApiResponse::ok(&rec.view(sources))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntityList {
    pub items: Vec<EntityView>,
    pub next_cursor: Option<String>,
}

/// A page of records from `spec`.
/// A page of records from one partition (`[spec]`) or from a sharded list (one spec per shard).
pub async fn list_page(state: &AppState, req: &ApiRequest, specs: &[QuerySpec]) -> ApiResult {
    let principal = req.principal()?;
    let page = req.page_params(50, 100)?;
    let codec = state.cursor_codec().await?;
    let found = match specs {
        [one] => {
            state
                .store
                .query::<EntityRecord>(&principal.tenant, one, &page, codec)
                .await?
        }
        shards => {
            state
                .store
                .query_sharded::<EntityRecord>(&principal.tenant, shards, &page, codec)
                .await?
        }
    };
    ApiResponse::ok(&EntityList {
        items: found.items.iter().map(|r| r.view(None)).collect(),
        next_cursor: found.next_cursor,
    })
}

/// The records owning these identifiers (`email:…`, `domain:…`): one BatchGetItem of markers, one
/// of records.
pub async fn by_identifiers(
    state: &AppState,
    principal: &Principal,
    kind: EntityKind,
    identifiers: &[String],
) -> Result<Vec<EntityRecord>, ApiError> {
    if identifiers.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<Key> = identifiers
        .iter()
        .map(|i| match_key(&principal.tenant, kind, i))
        .collect();
    let mut ids: Vec<String> = Vec::new();
    for item in state.store.batch_get(&keys).await?.into_iter().flatten() {
        if let Ok(m) = serde_dynamo::from_item::<_, MatchMarker>(item) {
            if !ids.contains(&m.entity_id) {
                ids.push(m.entity_id);
            }
        }
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<Key> = ids
        .iter()
        .map(|id| entity_key(&principal.tenant, kind, id))
        .collect();
    Ok(state
        .store
        .batch_get(&keys)
        .await?
        .into_iter()
        .flatten()
        .filter_map(|i| serde_dynamo::from_item::<_, EntityRecord>(i).ok())
        .collect())
}

/// `PATCH`: a flat object of field → value (`null` removes the field). Values set here are marked
/// `user` and are never overwritten by enrichment. Identifiers (email, LinkedIn, domain, tax id)
/// move their markers in the same transaction; one another record owns is a 409.
pub async fn patch_entity(
    state: &AppState,
    req: &ApiRequest,
    kind: EntityKind,
    edits: Vec<(String, Option<Value>)>,
    unknown: Vec<String>,
    expected_version: Option<u64>,
) -> ApiResult {
    let principal = req.principal()?;
    let id = path_id(req, kind)?;
    let mut errors: Vec<FieldError> = unknown
        .into_iter()
        .map(|field| FieldError::body(field, "unknown", "not an editable field"))
        .collect();
    let mut changes: Vec<(String, Option<Value>)> = Vec::new();
    if edits.is_empty() && errors.is_empty() {
        errors.push(FieldError::body(
            "",
            "empty",
            "name at least one field to change",
        ));
    }
    for (field, value) in edits {
        let Some(value) = value else {
            changes.push((field, None));
            continue;
        };
        if let Some(Err(e)) = value
            .as_str()
            .map(|text| kernel::text::check_field(&field, text))
        {
            errors.push(FieldError::body(field, e.code(), e.message()));
            continue;
        }
        match validate_field(&field, &value) {
            Some(v) => changes.push((field, Some(v))),
            None => errors.push(FieldError::body(
                field,
                "invalid",
                "not a valid value for this field",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut rec = load(state, principal, kind, &id).await?;
    if expected_version.is_some_and(|v| v != rec.version) {
        return Err(ApiError::Conflict {
            detail: format!(
                "the record is at version {}, not the one given",
                rec.version
            ),
        });
    }
    let at = rfc3339(now());
    for (field, value) in &changes {
        match value {
            None => {
                rec.fields.remove(field);
            }
            Some(v) => {
                rec.fields.insert(
                    field.clone(),
                    Provenance {
                        value: v.clone(),
                        source: USER_SOURCE.into(),
                        confidence: 1.0,
                        observed_at: at.clone(),
                    },
                );
            }
        }
    }
    let previous_keys = rec.match_keys.clone();
    let new_keys = rec.derived_match_keys();
    let removed: Vec<&String> = previous_keys
        .iter()
        .filter(|k| !new_keys.contains(k))
        .collect();
    let added: Vec<&String> = new_keys
        .iter()
        .filter(|k| !previous_keys.contains(k))
        .collect();
    rec.match_keys = new_keys.clone();
    rec.data_sources = distinct_sources(&rec.fields);
    rec.overall_confidence = overall_confidence(&rec.fields, &rec.required);
    rec.updated_at = at;
    let expected = rec.version;
    rec.version += 1;
    let tenant = &principal.tenant;
    let mut ops = vec![TxOp::Put {
        item: rec.record(tenant).to_item()?,
        mode: PutMode::IfVersion(expected),
    }];
    for k in &removed {
        ops.push(TxOp::Delete {
            key: match_key(tenant, kind, k),
            must_exist: false,
        });
    }
    for k in &added {
        let marker = MatchMarker {
            entity_id: rec.id.clone(),
        };
        ops.push(TxOp::Put {
            item: store::Record::new(MATCH, match_key(tenant, kind, k), &marker).to_item()?,
            mode: PutMode::IfAbsent,
        });
    }
    match state.store.transact(ops).await {
        Ok(()) => {}
        Err(e @ StoreError::TransactionCanceled { .. }) => {
            return Err(match e.failed_action() {
                Some(0) | None => ApiError::Conflict {
                    detail: "the record changed meanwhile; read it again and retry".into(),
                },
                Some(_) => ApiError::Conflict {
                    detail: "another record in this organisation already has this identifier"
                        .into(),
                },
            })
        }
        Err(e) => return Err(e.into()),
    }
    ApiResponse::ok(&rec.view(None))
}

/// The answer of a `provider:` pass-through search.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProviderSearchResponse {
    pub provider: String,
    /// Whether the page came from the cache (30 minutes by default).
    pub cached: bool,
    /// The provider's results as it sent them.
    #[schema(value_type = Object)]
    pub results: Value,
    pub warnings: Vec<Warning>,
    pub credits_spent: f64,
}

/// Passes a search through to a provider that offers one (RocketReach), through the cache.
pub async fn provider_search(
    state: &AppState,
    req: &ApiRequest,
    provider_raw: &str,
    query: Option<&Value>,
    page_size: Option<u32>,
    people: bool,
) -> ApiResult {
    let principal = req.principal()?;
    let query = query.filter(|q| q.is_object()).ok_or_else(|| {
        ApiError::validation(vec![FieldError::body(
            "query",
            "required",
            "an object in the provider's query format",
        )])
    })?;
    let page_size = page_size.unwrap_or(10);
    if !(1..=100).contains(&page_size) {
        return Err(ApiError::validation(vec![FieldError::body(
            "page_size",
            "out_of_range",
            "between 1 and 100",
        )]));
    }
    let body = &serde_json::json!({"query": query, "page_size": page_size});
    // A pass-through search spends the organisation's provider credits, so it needs `write`.
    let needed = if people {
        "people.write"
    } else {
        "companies.write"
    };
    if !principal.can(needed) {
        return Err(ApiError::Forbidden {
            detail: format!("a provider search needs the {needed} permission"),
        });
    }
    let provider = ProviderName::parse(provider_raw)
        .filter(|p| *p == ProviderName::Rocketreach)
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::body(
                "provider",
                "unsupported",
                "only rocketreach offers a search to pass through",
            )])
        })?;
    let mut sess = caller_session(state, req, CacheMode::Use).await?;
    if !sess.providers.get(provider).active {
        return Err(ApiError::validation(vec![FieldError::body(
            "provider",
            "inactive",
            format!("{provider} is turned off for this organisation"),
        )]));
    }
    let op = if people {
        providers::Op::PersonSearch(body)
    } else {
        providers::Op::CompanySearch(body)
    };
    let reply = sess.call(provider, op).await?;
    sess.flush().await;
    let cached = sess.calls.last().is_some_and(|c| c.cached);
    ApiResponse::ok(&ProviderSearchResponse {
        provider: provider.as_str().into(),
        cached,
        results: reply.map(|r| r.data).unwrap_or(Value::Null),
        credits_spent: sess.credits,
        warnings: sess.warnings,
    })
}

pub use crate::erasure::delete_entity;
