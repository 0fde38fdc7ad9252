//! The Lambda REQUEST authorizer in front of every protected route.
//!
//! It verifies the bearer access token (HS256 pinned, issuer, audience, expiry, not-before), then
//! reads the token's denylist entry, its session, its user and its organisation (whose tier sets
//! the user's limits) in ONE BatchGetItem: a logged-out
//! token, a revoked session (logout, reuse detection, sign-out of a device, suspension) or a
//! suspended or deleted user is refused at once. The allow policy covers exactly the method ARN
//! called and carries the principal as context (tenant, principal id and kind, role, permissions).
//!
//! Caching (`ReauthorizeEvery`) is 0 in template.yaml: with caching, API Gateway would keep
//! answering from a cached allow for up to the TTL after a logout or suspension. The cost is one
//! authorizer run (one DynamoDB read) per request, which we accept for immediate revocation.
//!
//! Partner credentials resolve to the same context with `principal_kind = api_key`: API keys
//! (`Authorization: Bearer enr_…` or `x-api-key`; checksum first, then one read of the key's hash
//! item) and OAuth2 client tokens (a JWT of another audience; one read of the client). Their
//! permissions are their scopes, their tenant is the organisation's live or test space by the
//! key's mode, and `usageIdentifierKey` names the API Gateway key their usage plan meters.
//! People are metered by their organisation's own key in its tier's plan (`org-<tier>`), so one
//! organisation's load never spends another's; an organisation whose key the gateway does not hold
//! yet (new, or moving tiers) shares the first-party key meanwhile.

use access::model::*;
use access::partner::{self, ApiClientRecord, ApiKeyRecord, ClientClaims, ClientStatus, Mode};
use access::rbac::permissions_of;
use access::security::{self, SecurityKind};
use platform::http::{context_keys, RateSpec};
use platform::runtime::{BoxFuture, WorkerError};
use platform::{AppState, TenantId};
use serde_json::{json, Value};
use store::keys;

/// API Gateway turns exactly this error message into a 401.
#[derive(Debug, thiserror::Error)]
#[error("Unauthorized")]
pub struct Unauthorized;

pub fn authorize(state: &AppState, event: Value) -> BoxFuture<'_, Result<Value, WorkerError>> {
    Box::pin(async move {
        match decide(state, &event).await {
            Ok(policy) => Ok(policy),
            Err(Decision::Unauthorized(reason)) => {
                tracing::info!(reason, "authorizer: refused");
                Err(Box::new(Unauthorized) as WorkerError)
            }
            Err(Decision::Refused { reason, tenant }) => {
                tracing::info!(reason, "authorizer: refused");
                security::quietly(security::count(
                    &state.store,
                    &tenant,
                    SecurityKind::CredentialRefusals,
                ))
                .await;
                Err(Box::new(Unauthorized) as WorkerError)
            }
            Err(Decision::Failed(e)) => Err(e),
        }
    })
}

enum Decision {
    /// Not a credential of anyone we know (or a malformed request).
    Unauthorized(&'static str),
    /// A real credential of an organisation, no longer good (a revoked key, a logged-out token):
    /// refused, and counted towards the organisation's security alerts.
    Refused {
        reason: &'static str,
        tenant: TenantId,
    },
    Failed(WorkerError),
}

/// Headers that carry a credential. A request may name one credential once: with two
/// `Authorization` headers (or an `Authorization` and an `x-api-key`) the one API Gateway puts in
/// `headers` (the last) need not be the one a proxy or log in front of it checked, so an ambiguous
/// request is refused rather than resolved.
const CREDENTIAL_HEADERS: [&str; 2] = ["authorization", "x-api-key"];

/// How many values of the credential headers the request carries, across `multiValueHeaders`
/// (every value, whatever the name's case) and `headers` (when the event has no multi-value map).
fn credential_count(event: &Value) -> usize {
    let count_in = |field: &str| -> Option<usize> {
        let map = event.get(field)?.as_object()?;
        Some(
            map.iter()
                .filter(|(k, _)| CREDENTIAL_HEADERS.iter().any(|c| k.eq_ignore_ascii_case(c)))
                .map(|(_, v)| match v {
                    Value::Array(values) => values.len(),
                    Value::Null => 0,
                    _ => 1,
                })
                .sum(),
        )
    };
    let multi = count_in("multiValueHeaders").unwrap_or(0);
    let single = count_in("headers").unwrap_or(0);
    multi.max(single)
}

fn header<'a>(event: &'a Value, name: &str) -> Option<&'a str> {
    event
        .get("headers")
        .and_then(Value::as_object)?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.as_str())
}

async fn decide(state: &AppState, event: &Value) -> Result<Value, Decision> {
    let method_arn = event
        .get("methodArn")
        .and_then(Value::as_str)
        .ok_or(Decision::Unauthorized("no methodArn"))?;
    if credential_count(event) > 1 {
        return Err(Decision::Unauthorized("more than one credential header"));
    }
    let credential = match (header(event, "authorization"), header(event, "x-api-key")) {
        (Some(raw), _) => raw
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim())
            .ok_or(Decision::Unauthorized("not a bearer token"))?,
        (None, Some(key)) => key.trim(),
        (None, None) => return Err(Decision::Unauthorized("no credentials")),
    };
    let granted = if partner::looks_like_key(credential) {
        // Where the gateway says the request came from (CloudFront in front of the API).
        api_key(
            state,
            credential,
            header(event, "cloudfront-viewer-country"),
        )
        .await?
    } else {
        bearer(state, credential).await?
    };
    let mut policy = json!({
        "principalId": granted.principal_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Action": "execute-api:Invoke",
                "Effect": "Allow",
                "Resource": method_arn,
            }],
        },
        "context": granted.context,
    });
    // The usage plan API Gateway meters the request under (`ApiKeySourceType: AUTHORIZER`).
    if let Some(usage_key) = granted.usage_key {
        policy["usageIdentifierKey"] = json!(usage_key);
    }
    Ok(policy)
}

/// What a credential was found to be.
struct Granted {
    principal_id: String,
    context: serde_json::Map<String, Value>,
    usage_key: Option<String>,
}

/// People (bearer JWT) of an organisation not yet registered at the gateway are metered under the
/// stack's one first-party usage key.
const FIRST_PARTY_USAGE_KEY: &str = "FIRST_PARTY_USAGE_KEY";

async fn bearer(state: &AppState, token: &str) -> Result<Granted, Decision> {
    let keys_ = access::signer::keys(state)
        .await
        .map_err(|e| Decision::Failed(Box::new(e)))?;
    match keys_.tokens.verify(token) {
        Ok(claims) => user(state, claims).await,
        Err(_) => match keys_.tokens.verify_client(token) {
            Ok(claims) => client_token(state, claims).await,
            Err(_) => Err(Decision::Unauthorized("token verification failed")),
        },
    }
}

async fn user(state: &AppState, claims: access::tokens::AccessClaims) -> Result<Granted, Decision> {
    let tenant: TenantId = claims
        .tenant
        .parse()
        .map_err(|_| Decision::Unauthorized("bad tenant claim"))?;
    if tenant.is_test() {
        return Err(Decision::Unauthorized(
            "people sign in to the live space only",
        ));
    }
    // The organisation rides in the same read: its tier sets the user's limits.
    let wanted = [
        keys::denied_token(&claims.jti),
        keys::session(&tenant, &claims.sid),
        keys::user(&tenant, &claims.sub),
        keys::tenant(&tenant),
    ];
    let mut found = state
        .store
        .batch_get(&wanted)
        .await
        .map_err(|e| Decision::Failed(Box::new(e)))?
        .into_iter();
    let (denied, session, user, organization) = (
        found.next().flatten(),
        found.next().flatten(),
        found.next().flatten(),
        found.next().flatten(),
    );
    // A token we signed, for a real organisation: its refusals count for that organisation.
    let refused = |reason| Decision::Refused {
        reason,
        tenant: tenant.clone(),
    };
    if denied.is_some() {
        return Err(refused("token was logged out"));
    }
    let session: SessionRecord = session
        .and_then(|i| serde_dynamo::from_item(i).ok())
        .ok_or_else(|| refused("session not found"))?;
    if !session.is_live(now().unix_timestamp()) || session.user_id.as_str() != claims.sub {
        return Err(refused("session revoked or expired"));
    }
    let user: UserRecord = user
        .and_then(|i| serde_dynamo::from_item(i).ok())
        .ok_or_else(|| refused("user not found"))?;
    if user.status != UserStatus::Active {
        return Err(refused("user is not active"));
    }
    // The role comes from the user record, not the token: a role change applies at once.
    let mut context = serde_json::Map::new();
    context.insert(context_keys::TENANT.into(), json!(tenant.as_str()));
    context.insert(context_keys::PRINCIPAL_ID.into(), json!(user.id.as_str()));
    context.insert(context_keys::PRINCIPAL_KIND.into(), json!("user"));
    context.insert(context_keys::ROLE.into(), json!(user.role.as_str()));
    context.insert(
        context_keys::PERMISSIONS.into(),
        json!(permissions_of(user.role)),
    );
    context.insert(context_keys::SESSION_ID.into(), json!(session.id.as_str()));
    context.insert(context_keys::TOKEN_ID.into(), json!(claims.jti));
    context.insert(
        context_keys::TOKEN_EXP.into(),
        json!(claims.exp.to_string()),
    );
    context.insert(context_keys::MODE.into(), json!("live"));
    let organization =
        organization.and_then(|i| serde_dynamo::from_item::<_, TenantRecord>(i).ok());
    let tier = organization.as_ref().map(|t| t.tier).unwrap_or_default();
    // The organisation's own key once the gateway holds it in its tier's plan (the tier's limits
    // for the organisation as a whole); the shared first-party key until then.
    let usage_key = match &organization {
        Some(org) if org.gateway.synced => Some(partner::organization_usage_key(&tenant)),
        _ => state.config.var(FIRST_PARTY_USAGE_KEY).map(str::to_owned),
    };
    let rate = RateSpec {
        subject: user.id.to_string(),
        limits: partner::user_limits(&state.config, tier),
    };
    context.insert(context_keys::RATE.into(), json!(rate.to_context()));
    Ok(Granted {
        principal_id: user.id.to_string(),
        context,
        usage_key,
    })
}

/// The context of a partner credential: its data space, scopes as permissions, client, limits.
fn partner_context(
    tenant: &TenantId,
    mode: Mode,
    principal: &str,
    client: &str,
    scopes: &[String],
    rate: RateSpec,
) -> serde_json::Map<String, Value> {
    let space = match mode {
        Mode::Live => tenant.live_space(),
        Mode::Test => tenant.test_space(),
    };
    let permissions: Vec<String> = scopes
        .iter()
        .filter_map(|s| partner::scope_permission(s))
        .collect();
    let mut context = serde_json::Map::new();
    context.insert(context_keys::TENANT.into(), json!(space.as_str()));
    context.insert(context_keys::PRINCIPAL_ID.into(), json!(principal));
    context.insert(context_keys::PRINCIPAL_KIND.into(), json!("api_key"));
    context.insert(context_keys::ROLE.into(), json!("api"));
    context.insert(
        context_keys::PERMISSIONS.into(),
        json!(permissions.join(" ")),
    );
    context.insert(context_keys::CLIENT_ID.into(), json!(client));
    context.insert(context_keys::MODE.into(), json!(mode.as_str()));
    context.insert(context_keys::RATE.into(), json!(rate.to_context()));
    context
}

/// An API key: the checksum first (a typo or a foreign string costs no read), then ONE GetItem
/// of the key's hash item, which carries its client's status and tier.
async fn api_key(
    state: &AppState,
    secret: &str,
    country: Option<&str>,
) -> Result<Granted, Decision> {
    let mode = partner::check_key(secret).map_err(|e| match e {
        partner::KeyFormatError::NotAKey => Decision::Unauthorized("not an API key"),
        partner::KeyFormatError::Checksum => Decision::Unauthorized("API key checksum mismatch"),
    })?;
    let hash = partner::key_hash(secret);
    let record: ApiKeyRecord = state
        .store
        .get(&keys::api_key(&hash))
        .await
        .map_err(|e| Decision::Failed(Box::new(e)))?
        .ok_or(Decision::Unauthorized("unknown API key"))?;
    let now = now().unix_timestamp();
    // Belt and braces: the stored hash is the lookup key, so a mismatch means a corrupt item.
    if !kernel::secret::hashes_equal(&record.hash, &hash) || record.mode != mode {
        return Err(Decision::Unauthorized("API key record does not match"));
    }
    if let Some(reason) = record.refusal(now) {
        return Err(Decision::Refused {
            reason,
            tenant: record.tenant.clone(),
        });
    }
    touch_last_used(state, &record, now).await;
    if let (Some(country), Mode::Live) = (country, record.mode) {
        security::quietly(security::key_country(&state.store, &record, country)).await;
    }
    let context = partner_context(
        &record.tenant,
        mode,
        record.id.as_str(),
        record.client_id.as_str(),
        &record.scopes,
        RateSpec {
            subject: record.id.to_string(),
            limits: record.limits(),
        },
    );
    Ok(Granted {
        principal_id: record.id.to_string(),
        context,
        usage_key: Some(record.usage_key().to_owned()),
    })
}

/// `last_used_at` without a write per request: a conditional write only when the stored value is
/// older than `LAST_USED_PRECISION_SECS`, so a key costs at most one write a minute; concurrent
/// requests race on the condition and all but one write nothing. A failure is only logged.
async fn touch_last_used(state: &AppState, record: &ApiKeyRecord, now: i64) {
    if record
        .last_used_at
        .is_some_and(|t| now - t < partner::LAST_USED_PRECISION_SECS)
    {
        return;
    }
    let result = record
        .touch_last_used(&state.store, now, now - partner::LAST_USED_PRECISION_SECS)
        .await;
    if let Err(e) = result {
        tracing::warn!(error = %e, "last_used_at not updated");
    }
}

/// An OAuth2 client-credentials token: signature and expiry, then ONE GetItem of the client, so
/// a suspended or deleted client's tokens stop at once and scopes it lost are dropped.
async fn client_token(state: &AppState, claims: ClientClaims) -> Result<Granted, Decision> {
    let tenant: TenantId = claims
        .tenant
        .parse()
        .map_err(|_| Decision::Unauthorized("bad tenant claim"))?;
    let client: ApiClientRecord = state
        .store
        .get(&keys::api_client(&tenant, &claims.sub))
        .await
        .map_err(|e| Decision::Failed(Box::new(e)))?
        .ok_or(Decision::Unauthorized("client not found"))?;
    if client.status != ClientStatus::Active {
        return Err(Decision::Refused {
            reason: "client not active",
            tenant,
        });
    }
    let scopes: Vec<String> = claims
        .scope
        .split_whitespace()
        .filter(|s| client.scopes.iter().any(|c| c == s))
        .map(str::to_owned)
        .collect();
    let context = partner_context(
        &tenant,
        Mode::Live,
        client.id.as_str(),
        client.id.as_str(),
        &scopes,
        RateSpec {
            subject: client.id.to_string(),
            limits: partner::key_limits(client.rate_limit_tier, None),
        },
    );
    Ok(Granted {
        principal_id: client.id.to_string(),
        context,
        usage_key: Some(client.usage_key()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_headers_are_counted_across_names_and_values() {
        let one = json!({"headers": {"Authorization": "Bearer a"},
            "multiValueHeaders": {"Authorization": ["Bearer a"]}});
        assert_eq!(credential_count(&one), 1);
        let repeated = json!({"headers": {"authorization": "Bearer b"},
            "multiValueHeaders": {"authorization": ["Bearer junk", "Bearer b"]}});
        assert_eq!(credential_count(&repeated), 2);
        let two_cases = json!({"headers": {"Authorization": "x", "authorization": "y"}});
        assert_eq!(credential_count(&two_cases), 2);
        let key_and_bearer =
            json!({"multiValueHeaders": {"Authorization": ["Bearer b"], "X-Api-Key": ["k"]}});
        assert_eq!(credential_count(&key_and_bearer), 2);
        assert_eq!(
            credential_count(&json!({"headers": null, "multiValueHeaders": null})),
            0
        );
    }
}
