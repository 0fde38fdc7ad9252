//! The options every enrich request takes (single or bulk), checked without HTTP: a bad option is
//! a field error before any AWS call, and only whether a named source is turned off needs the
//! organisation's settings, read when the enrichment opens.

use crate::engine::{CacheMode, Enrichment};
use crate::Caller;
use kernel::error::FieldError;
use platform::{ApiError, AppState};
use providers::{Capability, ProviderName};
use serde::Deserialize;

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
    /// How to order the providers: `fixed` (the configured order), `cost` (cheapest expected
    /// credits per filled field first) or `coverage` (highest hit rate first). Default: the
    /// organisation's policy (`GET /v1/providers/policy`).
    pub strategy: Option<crate::policy::Strategy>,
    /// `true`: scheduled re-enrichment keeps the record fresh; `false`: it stops (default: as
    /// the record was).
    pub watch: Option<bool>,
}

/// The checked common options of an enrich request.
#[derive(Debug, Clone)]
pub struct Plan {
    pub sources: Option<Vec<ProviderName>>,
    pub min_confidence: f64,
    /// The fields the caller named, if any (each route has its defaults).
    pub required: Option<Vec<String>>,
    pub strategy: Option<crate::policy::Strategy>,
    pub watch: Option<bool>,
}

/// Checks the common options that need no stored state; errors name the field.
pub fn check_options(
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
        .unwrap_or(crate::flows::DEFAULT_MIN_CONFIDENCE);
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
        strategy: opts.strategy,
        watch: opts.watch,
    }
}

/// Checks `opts` (with the field errors the caller already found in the input), then opens the
/// enrichment that will run for `caller`, reading `early` (the lookup's identifier
/// markers) with the organisation's settings. Nothing is written when it fails.
pub async fn open_enrichment<'a>(
    state: &'a AppState,
    caller: &Caller<'a>,
    opts: &CommonOptions,
    capabilities: &[Capability],
    allowed_fields: &[&str],
    mut errors: Vec<FieldError>,
    early: &[store::Key],
) -> Result<(Enrichment<'a>, Plan), ApiError> {
    let plan = check_options(opts, capabilities, allowed_fields, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let sess = crate::enrichment_reading(state, caller, opts.cache, early).await?;
    let inactive = inactive_sources(&sess, opts);
    if !inactive.is_empty() {
        return Err(ApiError::validation(inactive));
    }
    Ok((sess, plan))
}

/// Field errors for every named source the organisation has turned off.
pub fn inactive_sources(sess: &Enrichment<'_>, opts: &CommonOptions) -> Vec<FieldError> {
    opts.sources
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
        .collect()
}

impl Plan {
    /// The person request of a checked input under these options (the default required fields
    /// when the caller named none). Single route and bulk worker build it the same way.
    pub fn person(
        &self,
        input: providers::PersonInput,
        include_company: bool,
        verify_email: bool,
    ) -> crate::PersonRequest {
        crate::PersonRequest {
            input,
            sources: self.sources.clone(),
            include_company,
            verify_email,
            strategy: self.strategy,
            watch: self.watch,
            min_confidence: self.min_confidence,
            required: self.required.clone().unwrap_or_else(|| {
                crate::flows::DEFAULT_PERSON_REQUIRED
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect()
            }),
        }
    }

    /// The company request: by default a tax id asks for the registry fields, a domain or name for
    /// the company fields (both when both are given).
    pub fn company(&self, input: providers::CompanyInput) -> crate::CompanyRequest {
        let required = self.required.clone().unwrap_or_else(|| {
            let mut r: Vec<String> = Vec::new();
            if input.tax_id.is_some() {
                r.extend(
                    crate::flows::DEFAULT_REGISTRY_REQUIRED
                        .iter()
                        .map(|s| (*s).to_owned()),
                );
            }
            if input.domain.is_some() || input.name.is_some() {
                r.extend(
                    crate::flows::DEFAULT_COMPANY_REQUIRED
                        .iter()
                        .map(|s| (*s).to_owned()),
                );
            }
            r
        });
        crate::CompanyRequest {
            input,
            strategy: self.strategy,
            watch: self.watch,
            sources: self.sources.clone(),
            min_confidence: self.min_confidence,
            required,
        }
    }
}
