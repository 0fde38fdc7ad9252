//! OAuth2 client credentials (RFC 6749 §4.4): a client's id and secret buy a short-lived bearer
//! token that the authorizer accepts like a key of the client (its scopes, its tier).

use access::partner::*;
use access::tokens::{CLIENT_AUDIENCE, CLIENT_TOKEN_TTL_SECS, ISSUER};
use kernel::error::ApiError;
use platform::AppState;
use serde::Serialize;

/// An RFC 6749 §5.2 error: its code, description and HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OauthError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
}

impl OauthError {
    fn new(status: u16, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
        }
    }
}

/// RFC 6749 §5.1.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    #[schema(example = 3600)]
    pub expires_in: i64,
    /// Space-separated.
    pub scope: String,
}

/// The one grant this endpoint issues tokens for.
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    ClientCredentials,
}

/// The token request's form (`application/x-www-form-urlencoded`, RFC 6749 §4.4) as the document
/// states it, so generated clients get a typed form; the handler reads the form itself (a
/// repeated parameter is refused, the client may authenticate with HTTP Basic instead).
#[derive(Debug, utoipa::ToSchema)]
pub struct TokenForm {
    pub grant_type: GrantType,
    /// The client's id (`cli_…`), unless sent with HTTP Basic.
    #[schema(example = "cli_01HZX5R5B7Q6J3V9K2M4N8P0QR")]
    pub client_id: Option<String>,
    /// The client's secret (`enr_cs_…`, shown when the client was created or its secret
    /// rotated), unless sent with HTTP Basic.
    #[schema(example = "enr_cs_Zk3vQ9xR2mT7wL5pN8bY4cH6jD1fG0sA")]
    pub client_secret: Option<String>,
    /// Space-separated scopes within the client's; absent: all of the client's.
    #[schema(example = "people:read")]
    pub scope: Option<String>,
}

/// What the token request said, from the form body or HTTP Basic.
#[derive(Debug, Default)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub scope: Option<String>,
}

pub async fn issue(
    state: &AppState,
    req: TokenRequest,
) -> Result<Result<TokenResponse, OauthError>, ApiError> {
    match req.grant_type.as_deref() {
        None => {
            return Ok(Err(OauthError::new(
                400,
                "invalid_request",
                "grant_type is required",
            )))
        }
        Some("client_credentials") => {}
        Some(_) => {
            return Ok(Err(OauthError::new(
                400,
                "unsupported_grant_type",
                "only client_credentials is supported",
            )))
        }
    }
    let (Some(id), Some(secret)) = (req.client_id, req.client_secret) else {
        return Ok(Err(OauthError::new(
            401,
            "invalid_client",
            "client authentication is required (HTTP Basic or client_id and client_secret)",
        )));
    };
    let invalid = || OauthError::new(401, "invalid_client", "unknown client or wrong secret");
    let Ok(client_id) = id.parse::<ClientId>() else {
        return Ok(Err(invalid()));
    };
    let Some(tenant) = crate::persist::client_organisation(state, &client_id).await? else {
        return Ok(Err(invalid()));
    };
    let Some(client) = crate::persist::load_client(state, &tenant, &client_id).await? else {
        return Ok(Err(invalid()));
    };
    if !kernel::secret::hashes_equal(&client.secret_hash, &kernel::secret::hash_secret(&secret)) {
        return Ok(Err(invalid()));
    }
    if client.status != ClientStatus::Active {
        return Ok(Err(OauthError::new(
            401,
            "invalid_client",
            "the client is not active",
        )));
    }
    let scopes: Vec<String> = match req
        .scope
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => client.scopes.clone(),
        Some(asked) => {
            let asked: Vec<String> = asked.split_whitespace().map(str::to_owned).collect();
            if let Some(bad) = asked.iter().find(|s| !client.scopes.contains(s)) {
                return Ok(Err(OauthError::new(
                    400,
                    "invalid_scope",
                    format!("{bad} is not one of the client's scopes"),
                )));
            }
            asked
        }
    };
    let now = kernel::time::now().unix_timestamp();
    let claims = ClientClaims {
        iss: ISSUER.into(),
        aud: CLIENT_AUDIENCE.into(),
        sub: client.id.to_string(),
        tenant: client.tenant.to_string(),
        scope: scopes.join(" "),
        jti: kernel::ids::new_request_id(),
        iat: now,
        nbf: now,
        exp: now + CLIENT_TOKEN_TTL_SECS,
    };
    let keys_ = access::signer::keys(state).await?;
    let token = keys_
        .tokens
        .issue_client(&claims)
        .map_err(ApiError::internal)?;
    Ok(Ok(TokenResponse {
        access_token: token,
        token_type: "Bearer",
        expires_in: CLIENT_TOKEN_TTL_SECS,
        scope: claims.scope,
    }))
}
