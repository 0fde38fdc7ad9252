//! Audience resolution: which contacts a campaign reaches. A contact is in the audience when it has
//! every tag of `tags_all`, at least one of `tags_any` (when given), none of `exclude_tags`, is
//! `subscribed`, is not on the suppression list, and (when `language` is given) has that language
//! or one with the same primary subtag.
//!
//! Reads, page by page (so the send pipeline's fan-out can checkpoint between pages): candidates
//! come from the smallest source that must contain the audience — the members of the first
//! `tags_all` tag, else the union of the `tags_any` tags' members, else every contact — then one
//! BatchGetItem per 100 contacts (each carries its tag set) and one per 100 suppression checks.

use crate::contacts::{self, Contact, ContactStatus};
use crate::suppression;
use kernel::error::{ApiError, FieldError};
use kernel::ids::TenantId;
use platform::AppState;
use platform::Caller;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use store::{keys, PageParams};

/// Who a campaign reaches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// Every one of these tags.
    #[serde(default)]
    pub tags_all: Vec<String>,
    /// At least one of these tags (ignored when empty).
    #[serde(default)]
    pub tags_any: Vec<String>,
    /// None of these tags.
    #[serde(default)]
    pub exclude_tags: Vec<String>,
    /// Only contacts in this language (BCP 47; `pt` also matches `pt-BR`).
    pub language: Option<String>,
}

impl Audience {
    /// Checks the slugs and the language, naming each bad one.
    pub fn check(&self) -> Result<(), ApiError> {
        let mut errors = Vec::new();
        for (field, list) in [
            ("tags_all", &self.tags_all),
            ("tags_any", &self.tags_any),
            ("exclude_tags", &self.exclude_tags),
        ] {
            if list.len() > 20 {
                errors.push(FieldError::body(field, "too_many", "at most 20 tags"));
            }
            for (i, s) in list.iter().enumerate() {
                if !contacts::slug_is_valid(s) {
                    errors.push(FieldError::body(
                        format!("{field}[{i}]"),
                        "invalid",
                        "a tag slug",
                    ));
                }
            }
        }
        if let Some(l) = &self.language {
            if !kernel::text::language_is_valid(l) {
                errors.push(FieldError::body(
                    "language",
                    "invalid",
                    "a BCP 47 language tag",
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(errors))
        }
    }

    /// Whether a contact's tags, status, validation and language put it in the audience
    /// (suppression is checked apart, against the list). An address validated `invalid` is never
    /// mailed: it would bounce, and bounces cost the sender its reputation.
    pub fn admits(&self, c: &Contact) -> bool {
        let tags: BTreeSet<&str> = c.tags.iter().map(String::as_str).collect();
        let primary = |l: &str| l.split('-').next().unwrap_or(l).to_ascii_lowercase();
        c.status == ContactStatus::Subscribed
            && c.validation != crate::persist::contact::Validation::Invalid
            && self.tags_all.iter().all(|t| tags.contains(t.as_str()))
            && (self.tags_any.is_empty() || self.tags_any.iter().any(|t| tags.contains(t.as_str())))
            && !self.exclude_tags.iter().any(|t| tags.contains(t.as_str()))
            && self.language.as_ref().is_none_or(|want| {
                c.language.as_deref().is_some_and(|have| {
                    have.eq_ignore_ascii_case(want) || primary(have) == primary(want)
                })
            })
    }
}

/// One page of an audience: the contacts admitted, and where the next page starts.
pub struct AudiencePage {
    pub contacts: Vec<Contact>,
    /// How many candidates the page read (admitted or not).
    pub read: usize,
    pub next: Option<String>,
}

#[derive(Deserialize)]
struct Link {
    contact_id: String,
}

/// The candidates' sources, read one after another (order does not matter to an audience, so no
/// sorted merge across shards: each Query reads only items the page keeps): every shard of the
/// first `tags_all` tag's members, else every shard of each `tags_any` tag's members, else every
/// shard of the contact list. With each source, the index of its tag in `tags_any`.
fn sources(tenant: &TenantId, a: &Audience) -> Vec<(usize, store::QuerySpec)> {
    if let Some(first) = a.tags_all.first() {
        keys::tag_members(tenant, first)
            .into_iter()
            .map(|s| (0, s))
            .collect()
    } else if !a.tags_any.is_empty() {
        a.tags_any
            .iter()
            .enumerate()
            .flat_map(|(i, t)| {
                keys::tag_members(tenant, t)
                    .into_iter()
                    .map(move |s| (i, s))
            })
            .collect()
    } else {
        keys::contacts(tenant).into_iter().map(|s| (0, s)).collect()
    }
}

/// A page of the audience from `cursor` (a cursor of this function's own making: the source's
/// index and that source's page cursor). One Query of up to `limit` candidates (from one source),
/// then one BatchGetItem per 100 of them when they are tag links, and one per 100 admitted
/// contacts for the suppression list.
pub async fn page(
    state: &AppState,
    tenant: &TenantId,
    a: &Audience,
    limit: u32,
    cursor: Option<&str>,
) -> Result<AudiencePage, ApiError> {
    let codec = state.cursor_codec().await?;
    let srcs = sources(tenant, a);
    let (mut source, mut inner) = match cursor.and_then(|c| c.split_once('~')) {
        Some((i, rest)) => (
            i.parse::<usize>().map_err(|_| bad_cursor())?,
            (!rest.is_empty()).then(|| rest.to_owned()),
        ),
        None if cursor.is_some() => return Err(bad_cursor()),
        None => (0, None),
    };
    if source >= srcs.len() {
        return Err(bad_cursor());
    }
    let params = PageParams {
        limit,
        cursor: inner.take(),
    };
    let (tag_index, spec) = &srcs[source];
    let by_list = a.tags_all.is_empty() && a.tags_any.is_empty();
    let (candidates, next_inner) = if by_list {
        let found = state
            .store
            .query::<Contact>(tenant, spec, &params, codec)
            .await?;
        (found.items, found.next_cursor)
    } else {
        let found = state
            .store
            .query::<Link>(tenant, spec, &params, codec)
            .await?;
        let ids: Vec<String> = found.items.into_iter().map(|l| l.contact_id).collect();
        (
            contacts::load_many(state, tenant, &ids)
                .await?
                .into_iter()
                .flatten()
                .collect(),
            found.next_cursor,
        )
    };
    let read = candidates.len();
    // With tags_any over several tags, a contact with two of them is met in both lists: it is
    // kept in the first list that names it (the lowest index of its tags among tags_any).
    let first_source_of = |c: &Contact| {
        a.tags_any
            .iter()
            .position(|t| c.tags.iter().any(|ct| ct == t))
            .unwrap_or(0)
    };
    let admitted: Vec<Contact> = candidates
        .into_iter()
        .filter(|c| a.admits(c))
        .filter(|c| {
            !a.tags_all.is_empty() || a.tags_any.is_empty() || first_source_of(c) == *tag_index
        })
        .collect();
    let emails: Vec<String> = admitted.iter().map(|c| c.email.clone()).collect();
    let suppressed = suppression::are_suppressed(state, tenant, &emails).await?;
    let contacts: Vec<Contact> = admitted
        .into_iter()
        .zip(suppressed)
        .filter_map(|(c, s)| (!s).then_some(c))
        .collect();
    let next = match next_inner {
        Some(c) => Some(format!("{source}~{c}")),
        None => {
            source += 1;
            (source < srcs.len()).then(|| format!("{source}~"))
        }
    };
    Ok(AudiencePage {
        contacts,
        read,
        next,
    })
}

fn bad_cursor() -> ApiError {
    ApiError::validation(vec![FieldError::new(
        kernel::error::Location::Query,
        "cursor",
        "invalid",
        "not a cursor of this audience",
    )])
}

/// Candidates a preview reads at most (a request has seconds, not minutes): past it, `count` is
/// what was found so far and `complete` is false. Sending always resolves the whole audience.
pub const SUMMARY_MAX_READ: usize = 100_000;

/// The audience's size and its first contacts (a preview before sending).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AudienceSummary {
    /// Contacts the audience holds (a lower bound when `complete` is false).
    pub count: u64,
    /// Whether every candidate was read (false past 100,000 candidates).
    pub complete: bool,
    pub sample: Vec<crate::contacts::ContactView>,
}

pub async fn summary(
    state: &AppState,
    caller: &Caller<'_>,
    a: &Audience,
    sample_size: usize,
) -> Result<AudienceSummary, ApiError> {
    let tenant = caller.tenant;
    a.check()?;
    let mut count = 0;
    let mut read = 0;
    let mut sample = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        if read >= SUMMARY_MAX_READ {
            return Ok(AudienceSummary {
                count,
                complete: false,
                sample,
            });
        }
        let p = page(state, tenant, a, 1000, cursor.as_deref()).await?;
        read += p.read;
        count += p.contacts.len() as u64;
        for c in p.contacts {
            if sample.len() < sample_size {
                sample.push(c.view());
            }
        }
        match p.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    Ok(AudienceSummary {
        count,
        complete: true,
        sample,
    })
}
