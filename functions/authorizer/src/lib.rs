//! The Lambda REQUEST authorizer in front of every protected route.
//!
//! It verifies the bearer access token (HS256 pinned, issuer, audience, expiry, not-before), then
//! reads the token's denylist entry, its session and its user in ONE BatchGetItem: a logged-out
//! token, a revoked session (logout, reuse detection, sign-out of a device, suspension) or a
//! suspended or deleted user is refused at once. The allow policy covers exactly the method ARN
//! called and carries the principal as context (tenant, principal id and kind, role, permissions).
//!
//! Caching (`ReauthorizeEvery`) is 0 in template.yaml: with caching, API Gateway would keep
//! answering from a cached allow for up to the TTL after a logout or suspension. The cost is one
//! authorizer run (one DynamoDB read) per request, which we accept for immediate revocation.
//!
//! Partner API keys plug in beside bearer tokens: a second credential kind resolving to the same
//! context with `principal_kind = api_key` (and `usageIdentifierKey` for usage plans).

use access::model::*;
use access::rbac::permissions_of;
use platform::http::context_keys;
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
            Err(Decision::Failed(e)) => Err(e),
        }
    })
}

enum Decision {
    Unauthorized(&'static str),
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
    let raw = header(event, "authorization").ok_or(Decision::Unauthorized("no credentials"))?;
    let token = raw
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .ok_or(Decision::Unauthorized("not a bearer token"))?;
    let keys_ = access::keys::keys(state)
        .await
        .map_err(|e| Decision::Failed(Box::new(e)))?;
    let claims = keys_
        .tokens
        .verify(token)
        .map_err(|_| Decision::Unauthorized("token verification failed"))?;
    let tenant: TenantId = claims
        .tenant
        .parse()
        .map_err(|_| Decision::Unauthorized("bad tenant claim"))?;
    let wanted = [
        keys::denied_token(&claims.jti),
        keys::session(&tenant, &claims.sid),
        keys::user(&tenant, &claims.sub),
    ];
    let mut found = state
        .store
        .batch_get(&wanted)
        .await
        .map_err(|e| Decision::Failed(Box::new(e)))?
        .into_iter();
    let (denied, session, user) = (
        found.next().flatten(),
        found.next().flatten(),
        found.next().flatten(),
    );
    if denied.is_some() {
        return Err(Decision::Unauthorized("token was logged out"));
    }
    let session: SessionRecord = session
        .and_then(|i| serde_dynamo::from_item(i).ok())
        .ok_or(Decision::Unauthorized("session not found"))?;
    if !session.is_live(now().unix_timestamp()) || session.user_id.as_str() != claims.sub {
        return Err(Decision::Unauthorized("session revoked or expired"));
    }
    let user: UserRecord = user
        .and_then(|i| serde_dynamo::from_item(i).ok())
        .ok_or(Decision::Unauthorized("user not found"))?;
    if user.status != UserStatus::Active {
        return Err(Decision::Unauthorized("user is not active"));
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
    Ok(json!({
        "principalId": user.id.as_str(),
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Action": "execute-api:Invoke",
                "Effect": "Allow",
                "Resource": method_arn,
            }],
        },
        "context": context,
    }))
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
