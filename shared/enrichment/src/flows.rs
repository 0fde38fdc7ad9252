//! Person and company enrichment end to end: find the stored record by its identifiers, run the
//! waterfall, merge (user edits kept), and write the record, its markers and per-source results in
//! one transaction.
//!
//! Under retry: a repeated request finds the record through its markers and the answers in the cache,
//! so it spends no new credit within the cache TTL and creates no duplicate. Under concurrency: two
//! requests creating the same new person race on the marker (`attribute_not_exists`); one wins, the
//! other gets 409 and, retried, updates the winner's record.

use crate::engine::{Enrichment, Warning};
use crate::merge::{
    apply, overall_confidence, validate_field, Conflict, Provenance, Rejection, Waterfall,
    INPUT_SOURCE,
};
use crate::policy::{Strategy, StrategyReport};
use crate::records::*;
use crate::save::save;
use access::model::{now, rfc3339};
use kernel::error::ApiError;
use kernel::ids::TenantId;
use providers::{Answer, Capability, CompanyInput, Op, PersonInput, ProviderName, Reply};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use store::Key;

/// Fields a person enrichment tries to fill before it stops, unless the caller names others.
pub const DEFAULT_PERSON_REQUIRED: &[&str] = &[
    "email",
    "full_name",
    "title",
    "company_name",
    "linkedin_url",
];
pub const DEFAULT_COMPANY_REQUIRED: &[&str] =
    &["name", "domain", "industry", "employee_count", "country"];
pub const DEFAULT_REGISTRY_REQUIRED: &[&str] = &["legal_name", "registration_status"];
/// The default confidence floor: below it a value does not count as found.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.5;

#[derive(Debug, Clone)]
pub struct PersonRequest {
    pub input: PersonInput,
    pub sources: Option<Vec<ProviderName>>,
    pub include_company: bool,
    pub verify_email: bool,
    pub min_confidence: f64,
    pub required: Vec<String>,
    /// The request's own strategy; `None` follows the organisation's policy.
    pub strategy: Option<Strategy>,
    /// Watch (or stop watching) the record; `None` leaves it as it was.
    pub watch: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct CompanyRequest {
    pub input: CompanyInput,
    pub sources: Option<Vec<ProviderName>>,
    pub min_confidence: f64,
    pub required: Vec<String>,
    pub strategy: Option<Strategy>,
    pub watch: Option<bool>,
}

/// What an enrichment did, for the response.
#[derive(Debug, Clone, Serialize)]
pub struct EnrichOutcome {
    /// The stored record, or `None` when no provider knew the entity (nothing is stored then).
    pub record: Option<EntityRecord>,
    pub created: bool,
    /// Fields this enrichment changed on the record.
    pub changed: Vec<String>,
    /// Required fields still without a value.
    pub missing: Vec<String>,
    pub conflicts: Vec<Conflict>,
    pub rejected: Vec<Rejection>,
    /// People with `include_company`: the company enriched and linked.
    pub company: Option<Box<EnrichOutcome>>,
    /// How the waterfall chose its providers and what that saved.
    pub strategy: Option<StrategyReport>,
}

impl EnrichOutcome {
    /// What a saved record reports.
    fn stored(
        rec: EntityRecord,
        created: bool,
        changed: Vec<String>,
        run: Run,
        company: Option<Box<EnrichOutcome>>,
    ) -> Self {
        Self {
            record: Some(rec),
            created,
            changed,
            missing: run.waterfall.missing(),
            conflicts: run.waterfall.conflicts,
            rejected: run.waterfall.rejected,
            company,
            strategy: run.report,
        }
    }

    /// No provider knew the entity and no record existed: nothing is written.
    fn nothing_stored(run: Run) -> Self {
        Self {
            record: None,
            created: false,
            changed: Vec::new(),
            missing: run.waterfall.missing(),
            conflicts: run.waterfall.conflicts,
            rejected: run.waterfall.rejected,
            company: None,
            strategy: run.report,
        }
    }
}

/// The providers to ask, in order: the caller's `sources` (as given) or the tenant's active order.
fn plan(
    sess: &Enrichment<'_>,
    capability: Capability,
    sources: &Option<Vec<ProviderName>>,
) -> Vec<ProviderName> {
    match sources {
        Some(list) => list.iter().copied().filter(|p| p.can(capability)).collect(),
        None => sess.providers.order(capability),
    }
}

/// The identifiers a stored person is matched by (email, LinkedIn URL).
pub fn person_identifiers(input: &PersonInput) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(e) = &input.email {
        out.push(store::keys::Identifier::Email(e).text());
    }
    if let Some(l) = &input.linkedin_url {
        out.push(store::keys::Identifier::Linkedin(l).text());
    }
    out
}

/// The identifiers a stored company is matched by (domain, tax id).
pub fn company_identifiers(input: &CompanyInput) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = &input.domain {
        out.push(store::keys::Identifier::Domain(d).text());
    }
    if let Some(t) = &input.tax_id {
        out.push(store::keys::Identifier::TaxId(&t.value).text());
    }
    out
}

fn source_result(provider: ProviderName, reply: &Reply, cached: bool, at: &str) -> SourceResult {
    SourceResult {
        provider: provider.as_str().into(),
        status: reply.answer(),
        confidence: reply
            .fields
            .values()
            .map(|c| c.confidence)
            .fold(0.0, f64::max),
        normalized: reply
            .fields
            .iter()
            .map(|(k, c)| (k.clone(), c.value.clone()))
            .collect(),
        raw: reply.raw.clone(),
        credits: if cached { 0.0 } else { reply.credits },
        observed_at: at.into(),
        cached,
    }
}

/// Reads the markers (and, in the same BatchGetItem, the cache entries of `ops`) and then the record
/// the first marker points to.
async fn find_existing(
    sess: &mut Enrichment<'_>,
    kind: EntityKind,
    identifiers: &[String],
    ops: &[(ProviderName, Op<'_>)],
) -> Result<Option<EntityRecord>, ApiError> {
    let marker_keys: Vec<Key> = identifiers
        .iter()
        .map(|i| match_key(sess.tenant, kind, i))
        .collect();
    let owner_of = |items: Vec<Option<store::Item>>| {
        items
            .into_iter()
            .flatten()
            .filter_map(|i| serde_dynamo::from_item::<_, MatchMarker>(i).ok())
            .map(|m| m.entity_id)
            .next()
    };
    let (state, tenant) = (sess.state, sess.tenant);
    let load = |id: Option<String>| async move {
        match id {
            Some(id) => Ok(state
                .store
                .get::<EntityRecord>(&entity_key(tenant, kind, &id))
                .await?),
            None => Ok::<_, ApiError>(None),
        }
    };
    // Markers read with the settings: the record and the cache entries in one round trip.
    if let Some(items) = sess.early(&marker_keys) {
        let (_, existing) = tokio::try_join!(sess.prefetch(&[], ops), load(owner_of(items)))?;
        return Ok(existing);
    }
    let items = sess.prefetch(&marker_keys, ops).await?;
    load(owner_of(items)).await
}

/// The identifier markers of a person lookup: read while its enrichment starts.
pub fn person_markers(tenant: &TenantId, input: &PersonInput) -> Vec<Key> {
    person_identifiers(input)
        .iter()
        .map(|i| match_key(tenant, EntityKind::Person, i))
        .collect()
}

/// The identifier markers of a company lookup: read while its enrichment starts.
pub fn company_markers(tenant: &TenantId, input: &CompanyInput) -> Vec<Key> {
    company_identifiers(input)
        .iter()
        .map(|i| match_key(tenant, EntityKind::Company, i))
        .collect()
}

struct Run {
    waterfall: Waterfall,
    results: Vec<SourceResult>,
    pending: BTreeMap<String, String>,
    /// Addresses a verifier found undeliverable: removed from the record if it holds them.
    failed_emails: Vec<String>,
    report: Option<StrategyReport>,
}

/// How a waterfall orders its steps: the effective strategy and the seed that decides whether
/// this lookup explores.
struct Ordering {
    strategy: Strategy,
    seed: String,
}

/// The effective strategy of a request: its own, else the organisation's when the caller did not
/// name the sources (a caller's explicit order is kept unless it also names a strategy).
async fn ordering(
    sess: &mut Enrichment<'_>,
    asked: Option<Strategy>,
    sources: &Option<Vec<ProviderName>>,
    seed: String,
) -> Result<Ordering, ApiError> {
    let strategy = match (asked, sources) {
        (Some(s), _) => s,
        (None, Some(_)) => Strategy::Fixed,
        (None, None) => sess.providers.policy.strategy,
    };
    if strategy != Strategy::Fixed {
        sess.fresh_estimates().await?;
    }
    Ok(Ordering { strategy, seed })
}

/// Runs providers until the stop rule holds: in the given order under `fixed`, else each time
/// the one the strategy prefers for the fields still missing.
async fn waterfall(
    sess: &mut Enrichment<'_>,
    steps: &[(ProviderName, Op<'_>)],
    required: Vec<String>,
    min_confidence: f64,
    verify_with: &[ProviderName],
    ordering: &Ordering,
) -> Result<Run, ApiError> {
    let observed = rfc3339(now());
    let fixed_order: Vec<ProviderName> = steps.iter().map(|(p, _)| *p).collect();
    let mut run = Run {
        waterfall: Waterfall::new(required.clone(), min_confidence),
        results: Vec::new(),
        pending: BTreeMap::new(),
        failed_emails: Vec::new(),
        report: None,
    };
    let explore = crate::policy::explores(&ordering.seed);
    let mut remaining: Vec<(ProviderName, Op<'_>)> = steps.to_vec();
    let mut asked = Vec::new();
    let mut spent = 0.0;
    while !remaining.is_empty() && !run.waterfall.complete() {
        let names: Vec<ProviderName> = remaining.iter().map(|(p, _)| *p).collect();
        let i = crate::policy::next_provider(
            ordering.strategy,
            &sess.providers.estimates,
            &names,
            &run.waterfall.missing(),
            explore && asked.is_empty(),
        );
        let (provider, op) = remaining.remove(i);
        asked.push(provider.as_str().to_owned());
        let Some(reply) = sess.call(provider, op).await? else {
            continue;
        };
        let cached = sess.calls.last().is_some_and(|c| c.cached);
        let result = source_result(provider, &reply, cached, &observed);
        spent += result.credits;
        run.results.push(result);
        if let Some(id) = &reply.pending_id {
            run.pending.insert(provider.as_str().into(), id.clone());
        }
        let taken = run.waterfall.offer(provider.as_str(), &reply, &observed);
        if !verify_with.is_empty() && taken.iter().any(|f| f == "email") {
            verify_email(sess, &mut run, verify_with, &observed).await?;
        }
    }
    let expected_fixed = crate::policy::round4(crate::policy::expected_credits(
        &sess.providers.estimates,
        &fixed_order,
        &required,
    ));
    run.report = (!fixed_order.is_empty()).then(|| StrategyReport {
        strategy: ordering.strategy,
        asked,
        filled_by: run
            .waterfall
            .chosen
            .iter()
            .map(|(f, p)| (f.clone(), p.source.clone()))
            .collect(),
        credits_spent: crate::policy::round4(spent),
        expected_fixed_credits: expected_fixed,
        credits_saved: if ordering.strategy == Strategy::Fixed {
            0.0
        } else {
            crate::policy::round4(expected_fixed - spent)
        },
    });
    Ok(run)
}

/// Checks the email just chosen with the first verifier that answers; a failing address is withdrawn
/// so the waterfall goes on looking for a better one.
async fn verify_email(
    sess: &mut Enrichment<'_>,
    run: &mut Run,
    verifiers: &[ProviderName],
    observed: &str,
) -> Result<(), ApiError> {
    let Some(email) = run
        .waterfall
        .chosen
        .get("email")
        .and_then(|p| p.value.as_str())
        .map(str::to_owned)
    else {
        return Ok(());
    };
    for v in verifiers {
        if run.waterfall.chosen.get("email").map(|p| p.source.as_str()) == Some(v.as_str()) {
            return Ok(());
        }
        let Some(reply) = sess.call(*v, Op::VerifyEmail(&email)).await? else {
            continue;
        };
        let cached = sess.calls.last().is_some_and(|c| c.cached);
        run.results
            .push(source_result(*v, &reply, cached, observed));
        let verdict = reply.fields.get("email_status");
        let confidence = verdict.map(|c| c.confidence).unwrap_or(0.0);
        if confidence < run.waterfall.min_confidence {
            run.failed_emails.push(email.clone());
            run.waterfall.withdraw("email", "failed_verification");
            run.waterfall.chosen.remove("email_status");
        } else {
            // The verifier's direct SMTP evidence replaces the finder's own estimate.
            if let Some(p) = run.waterfall.chosen.get_mut("email") {
                p.confidence = super::merge::round2(confidence);
            }
            if let Some(status) = verdict {
                run.waterfall.chosen.insert(
                    "email_status".into(),
                    Provenance {
                        value: status.value.clone(),
                        source: v.as_str().into(),
                        confidence: super::merge::round2(confidence),
                        observed_at: observed.into(),
                    },
                );
            }
        }
        return Ok(());
    }
    sess.warnings.push(Warning {
        source: None,
        code: "verification_unavailable".into(),
        detail: "no email verifier answered; the email is unverified".into(),
    });
    Ok(())
}

/// Fills fields no provider gave from what the caller sent (source `input`).
fn seed_from_input(run: &mut Run, seeds: &[(&str, Option<&String>)]) {
    let failed_email = run
        .waterfall
        .rejected
        .iter()
        .any(|r| r.field == "email" && r.reason == "failed_verification");
    for (field, value) in seeds {
        let Some(value) = value else { continue };
        if run.waterfall.chosen.contains_key(*field) || (*field == "email" && failed_email) {
            continue;
        }
        if let Some(v) = validate_field(field, &Value::from(value.as_str())) {
            run.waterfall.chosen.insert(
                (*field).to_owned(),
                Provenance {
                    value: v,
                    source: INPUT_SOURCE.into(),
                    confidence: 0.5,
                    observed_at: rfc3339(now()),
                },
            );
        }
    }
}

/// Merges a run into the stored (or a new) record. `None` when nothing was found and nothing stored.
fn merge(
    kind: EntityKind,
    existing: Option<EntityRecord>,
    run: &Run,
    found: bool,
    cache_keys: &[String],
) -> Option<(EntityRecord, Vec<String>, bool)> {
    if !found && existing.is_none() {
        return None;
    }
    let at = rfc3339(now());
    let created = existing.is_none();
    let mut rec = existing.unwrap_or_else(|| EntityRecord::new(kind, &at));
    let mut changed = apply(&mut rec.fields, &run.waterfall.chosen);
    // A stored address a verifier just found undeliverable goes (a user's own entry stays).
    let stale = rec.fields.get("email").is_some_and(|p| {
        p.source != super::merge::USER_SOURCE
            && p.value
                .as_str()
                .is_some_and(|e| run.failed_emails.iter().any(|f| f == e))
    });
    if stale {
        rec.fields.remove("email");
        rec.fields.remove("email_status");
        changed.push("email".into());
    }
    for (p, id) in &run.pending {
        rec.pending.insert(p.clone(), id.clone());
    }
    for r in &run.results {
        if r.status == Answer::Found {
            rec.pending.remove(&r.provider);
        }
    }
    for k in cache_keys {
        if !rec.cache_keys.contains(k) {
            rec.cache_keys.push(k.clone());
        }
    }
    rec.required = run.waterfall.required.clone();
    rec.data_sources = distinct_sources(&rec.fields);
    rec.overall_confidence = overall_confidence(&rec.fields, &rec.required);
    rec.last_enriched_at = Some(at.clone());
    rec.updated_at = at;
    Some((rec, changed, created))
}

pub fn distinct_sources(fields: &BTreeMap<String, Provenance>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in fields.values() {
        if !out.contains(&p.source) {
            out.push(p.source.clone());
        }
    }
    out.sort();
    out
}

/// The first provider a person enrichment asks, and the email verifiers it uses: every record of a
/// bulk chunk asks the first with its own input (unless the cache answers), so a chunk can ask it
/// once for all of them through a batch endpoint ([`Enrichment::prime`]).
pub fn person_batchable(
    sess: &Enrichment<'_>,
    req: &PersonRequest,
) -> (Option<ProviderName>, Vec<ProviderName>) {
    let first = plan(sess, Capability::Person, &req.sources)
        .first()
        .copied();
    let verifiers = if req.verify_email {
        sess.providers.order(Capability::EmailVerification)
    } else {
        Vec::new()
    };
    (first, verifiers)
}

/// The first provider a company enrichment asks (registries first for a tax id).
pub fn first_company_provider(sess: &Enrichment<'_>, req: &CompanyRequest) -> Option<ProviderName> {
    company_steps(sess, req).first().map(|(p, _)| *p)
}

pub async fn enrich_person(
    sess: &mut Enrichment<'_>,
    req: &PersonRequest,
) -> Result<EnrichOutcome, ApiError> {
    let order = plan(sess, Capability::Person, &req.sources);
    let verifiers = if req.verify_email {
        sess.providers.order(Capability::EmailVerification)
    } else {
        Vec::new()
    };
    let identifiers = person_identifiers(&req.input);
    let mut prefetch: Vec<(ProviderName, Op<'_>)> =
        order.iter().map(|p| (*p, Op::Person(&req.input))).collect();
    if let Some(e) = &req.input.email {
        prefetch.extend(verifiers.iter().map(|v| (*v, Op::VerifyEmail(e))));
    }
    let existing = find_existing(sess, EntityKind::Person, &identifiers, &prefetch).await?;
    let steps: Vec<(ProviderName, Op<'_>)> =
        order.iter().map(|p| (*p, Op::Person(&req.input))).collect();
    if steps.is_empty() {
        sess.warnings.push(Warning {
            source: None,
            code: "no_sources".into(),
            detail: "no active provider can enrich people; see /v1/providers".into(),
        });
    }
    let seed = format!("{}|{}", sess.request_id, identifiers.join("|"));
    let ordering = ordering(sess, req.strategy, &req.sources, seed).await?;
    let mut run = waterfall(
        sess,
        &steps,
        req.required.clone(),
        req.min_confidence,
        &verifiers,
        &ordering,
    )
    .await?;
    let found = run.results.iter().any(|r| r.status != Answer::NotFound);
    let i = &req.input;
    seed_from_input(
        &mut run,
        &[
            ("email", i.email.as_ref()),
            ("linkedin_url", i.linkedin_url.as_ref()),
            ("first_name", i.first_name.as_ref()),
            ("last_name", i.last_name.as_ref()),
            ("full_name", i.full_name.as_ref()),
            ("company_domain", i.company_domain.as_ref()),
            ("company_name", i.company_name.as_ref()),
        ],
    );
    let cache_keys = sess.cache_keys.clone();
    let Some((mut rec, changed, created)) = merge(
        EntityKind::Person,
        existing.clone(),
        &run,
        found,
        &cache_keys,
    ) else {
        return Ok(EnrichOutcome::nothing_stored(run));
    };
    if let Some(w) = req.watch {
        rec.watched = w;
    }
    let mut company = None;
    if req.include_company {
        if let Some(domain) = rec.value("company_domain").map(str::to_owned) {
            let creq = CompanyRequest {
                input: CompanyInput {
                    domain: Some(domain),
                    name: rec.value("company_name").map(str::to_owned),
                    tax_id: None,
                },
                sources: None,
                strategy: req.strategy,
                watch: None,
                min_confidence: req.min_confidence,
                required: DEFAULT_COMPANY_REQUIRED
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect(),
            };
            let out = Box::pin(enrich_company(sess, &creq)).await?;
            if let Some(c) = &out.record {
                rec.company_id = Some(c.id.clone());
            }
            company = Some(Box::new(out));
        } else {
            sess.warnings.push(Warning {
                source: None,
                code: "company_unknown".into(),
                detail: "include_company: no provider gave the person's company domain".into(),
            });
        }
    }
    save(
        sess,
        &mut rec,
        created,
        &run.results,
        &identifiers,
        existing.as_ref(),
    )
    .await?;
    Ok(EnrichOutcome::stored(rec, created, changed, run, company))
}

/// The providers a company enrichment asks, in order: the registries of a tax id's country first,
/// then the company providers for a domain or name.
fn company_steps<'r>(
    sess: &Enrichment<'_>,
    req: &'r CompanyRequest,
) -> Vec<(ProviderName, Op<'r>)> {
    let mut steps: Vec<(ProviderName, Op<'_>)> = Vec::new();
    if let Some(tax) = &req.input.tax_id {
        let registries = ProviderName::registry_for(tax.kind);
        let order = plan(sess, Capability::Registry, &req.sources);
        steps.extend(
            order
                .into_iter()
                .filter(|p| registries.contains(p) || *p == ProviderName::Sandbox)
                .map(|p| (p, Op::Company(&req.input))),
        );
    }
    if req.input.domain.is_some() || req.input.name.is_some() {
        let already: Vec<ProviderName> = steps.iter().map(|(p, _)| *p).collect();
        steps.extend(
            plan(sess, Capability::Company, &req.sources)
                .into_iter()
                .filter(|p| !already.contains(p))
                .map(|p| (p, Op::Company(&req.input))),
        );
    }
    steps
}

pub async fn enrich_company(
    sess: &mut Enrichment<'_>,
    req: &CompanyRequest,
) -> Result<EnrichOutcome, ApiError> {
    let steps = company_steps(sess, req);
    if let Some(tax) = &req.input.tax_id {
        for w in &tax.warnings {
            sess.warnings.push(Warning {
                source: None,
                code: (*w).to_owned(),
                detail: "the tax id's check digit does not match; it was accepted, as some issued ids carry a wrong one".into(),
            });
        }
    }
    if steps.is_empty() {
        sess.warnings.push(Warning {
            source: None,
            code: "no_sources".into(),
            detail: "no active provider can enrich this company; see /v1/providers".into(),
        });
    }
    let identifiers = company_identifiers(&req.input);
    let existing = find_existing(sess, EntityKind::Company, &identifiers, &steps).await?;
    let seed = format!("{}|{}", sess.request_id, identifiers.join("|"));
    let ordering = ordering(sess, req.strategy, &req.sources, seed).await?;
    let mut run = waterfall(
        sess,
        &steps,
        req.required.clone(),
        req.min_confidence,
        &[],
        &ordering,
    )
    .await?;
    let found = run.results.iter().any(|r| r.status != Answer::NotFound);
    let tax_value = req.input.tax_id.as_ref().map(|t| t.value.clone());
    seed_from_input(
        &mut run,
        &[
            ("domain", req.input.domain.as_ref()),
            ("name", req.input.name.as_ref()),
            ("tax_id", tax_value.as_ref()),
        ],
    );
    let cache_keys = sess.cache_keys.clone();
    let Some((mut rec, changed, created)) = merge(
        EntityKind::Company,
        existing.clone(),
        &run,
        found,
        &cache_keys,
    ) else {
        return Ok(EnrichOutcome::nothing_stored(run));
    };
    if let Some(w) = req.watch {
        rec.watched = w;
    }
    save(
        sess,
        &mut rec,
        created,
        &run.results,
        &identifiers,
        existing.as_ref(),
    )
    .await?;
    Ok(EnrichOutcome::stored(rec, created, changed, run, None))
}

/// Merges a late answer (a finished asynchronous lookup) into a stored record and saves it.
pub async fn complete_lookup(
    sess: &mut Enrichment<'_>,
    rec: EntityRecord,
    provider: ProviderName,
    reply: &Reply,
) -> Result<EntityRecord, ApiError> {
    let observed = rfc3339(now());
    let required = if rec.required.is_empty() {
        DEFAULT_PERSON_REQUIRED
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    } else {
        rec.required.clone()
    };
    let mut run = Run {
        waterfall: Waterfall::new(required, DEFAULT_MIN_CONFIDENCE),
        results: vec![source_result(provider, reply, false, &observed)],
        pending: BTreeMap::new(),
        failed_emails: Vec::new(),
        report: None,
    };
    run.waterfall.offer(provider.as_str(), reply, &observed);
    let kind = rec.kind;
    let cache_keys = sess.cache_keys.clone();
    let (mut rec, _, _) = merge(kind, Some(rec), &run, true, &cache_keys)
        .ok_or_else(|| ApiError::internal("merging into a stored record produced none"))?;
    save(sess, &mut rec, false, &run.results, &[], None).await?;
    Ok(rec)
}
