//! The replay guard's memory: a hash of each signed request the bot served,
//! with when it may be forgotten. One row per request, whichever replica
//! served it; a second insert of the same hash is a replay.

use chrono::{DateTime, Utc};

use crate::backend::with_writer;
use crate::deals::to_second;
use crate::{Store, StoreError};

impl Store {
    /// Remembers `signature_hash` until `expires_at`: true the first time, false
    /// if some replica already remembered it (the request is a replay).
    pub async fn remember_signature(
        &self,
        signature_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO replay_guard (signature_hash, expires_at) VALUES ($1, $2) \
                 ON CONFLICT (signature_hash) DO NOTHING",
            )
            .bind(signature_hash)
            .bind(to_second(expires_at))
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(inserted == 1)
    }

    /// Forgets the signatures that expired before `now`; how many.
    pub async fn forget_expired_signatures(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let deleted = with_writer!(self, |pool| {
            sqlx::query("DELETE FROM replay_guard WHERE expires_at < $1")
                .bind(now)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(deleted)
    }
}
