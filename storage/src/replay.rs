//! The replay guard's memory: a hash of each signed request the bot served,
//! with when it may be forgotten. One row per request, whichever replica
//! served it; a second insert of the same hash is a replay.

use chrono::{DateTime, Utc};

use crate::{Store, StoreError};

impl Store {
    /// Remembers `signature_hash` until `expires_at`: true the first time, false
    /// if some replica already remembered it (the request is a replay).
    pub async fn remember_signature(
        &self,
        signature_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.remember_until(
            "INSERT INTO replay_guard (signature_hash, expires_at) VALUES ($1, $2) \
             ON CONFLICT (signature_hash) DO NOTHING",
            &[signature_hash],
            expires_at,
        )
        .await
    }

    /// Forgets the signatures that expired before `now`; how many.
    pub async fn forget_expired_signatures(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        self.forget_expired_before("DELETE FROM replay_guard WHERE expires_at < $1", now)
            .await
    }
}
