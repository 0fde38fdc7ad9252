//! Secrets Manager values cached per warm container.
//!
//! A Lambda container serves many requests; fetching a secret on each would add a network round trip
//! and cost to every call. Values are kept for a TTL so a rotation reaches every container within it,
//! and a caller that sees the secret rejected (a provider's 401) can `invalidate` it at once.

use crate::aws::AwsClients;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use thiserror::Error;
use tokio::sync::Mutex;

#[derive(Debug, Error)]
pub enum SecretError {
    #[error("secret {0} was not found")]
    NotFound(String),
    #[error("secret {0} has no string value")]
    NotAString(String),
    #[error("secrets manager call failed")]
    Aws(#[source] Box<dyn std::error::Error + Send + Sync>),
}

#[derive(Debug)]
pub struct SecretCache {
    aws: AwsClients,
    ttl: Duration,
    entries: Mutex<HashMap<String, (String, Instant)>>,
}

impl SecretCache {
    pub fn new(aws: AwsClients, ttl: Duration) -> Self {
        Self {
            aws,
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The secret's string, from the cache while fresh. Concurrent misses for one container share the
    /// lock, so a burst of cold requests makes one GetSecretValue call, not one each.
    pub async fn get(&self, secret_id: &str) -> Result<String, SecretError> {
        let mut entries = self.entries.lock().await;
        if let Some((value, fetched)) = entries.get(secret_id) {
            if fetched.elapsed() < self.ttl {
                return Ok(value.clone());
            }
        }
        let out = self
            .aws
            .secrets()
            .get_secret_value()
            .secret_id(secret_id)
            .send()
            .await
            .map_err(|e| {
                let e = e.into_service_error();
                if e.is_resource_not_found_exception() {
                    SecretError::NotFound(secret_id.to_owned())
                } else {
                    SecretError::Aws(Box::new(e))
                }
            })?;
        let value = out
            .secret_string()
            .ok_or_else(|| SecretError::NotAString(secret_id.to_owned()))?
            .to_owned();
        entries.insert(secret_id.to_owned(), (value.clone(), Instant::now()));
        Ok(value)
    }

    pub async fn invalidate(&self, secret_id: &str) {
        self.entries.lock().await.remove(secret_id);
    }

    /// Stores a secret an organisation gave (a sender's or a data source's key): its new value, or
    /// the secret itself when it does not exist yet. Idempotent; this container's copy is dropped.
    pub async fn put(
        &self,
        secret_id: &str,
        value: &str,
        description: &str,
    ) -> Result<(), SecretError> {
        let sm = self.aws.secrets();
        if let Err(e) = sm
            .put_secret_value()
            .secret_id(secret_id)
            .secret_string(value)
            .send()
            .await
        {
            let e = e.into_service_error();
            if !e.is_resource_not_found_exception() {
                return Err(SecretError::Aws(Box::new(e)));
            }
            sm.create_secret()
                .name(secret_id)
                .description(description)
                .secret_string(value)
                .send()
                .await
                .map_err(|e| SecretError::Aws(Box::new(e.into_service_error())))?;
        }
        self.invalidate(secret_id).await;
        Ok(())
    }

    /// Deletes a secret at once (no recovery window: its owner deleted what it belonged to); done
    /// when it is gone already.
    pub async fn delete(&self, secret_id: &str) -> Result<(), SecretError> {
        let deleted = self
            .aws
            .secrets()
            .delete_secret()
            .secret_id(secret_id)
            .force_delete_without_recovery(true)
            .send()
            .await;
        self.invalidate(secret_id).await;
        match deleted {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = e.into_service_error();
                if e.is_resource_not_found_exception() {
                    Ok(())
                } else {
                    Err(SecretError::Aws(Box::new(e)))
                }
            }
        }
    }
}
