//! The memory of platform events already handled: one row per (workspace,
//! event id), whichever replica handled it; a second insert of the same pair is
//! a retry, acknowledged and not handled again.

use chrono::{DateTime, Utc};

use crate::backend::with_writer;
use crate::deals::to_second;
use crate::{Store, StoreError};

impl Store {
    /// Remembers event `event_id` of `workspace` until `expires_at`: true the
    /// first time, false if some replica already did (the event is a retry).
    pub async fn remember_event(
        &self,
        workspace: &str,
        event_id: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO event_deliveries (workspace, event_id, expires_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (workspace, event_id) DO NOTHING",
            )
            .bind(workspace)
            .bind(event_id)
            .bind(to_second(expires_at))
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(inserted == 1)
    }

    /// Forgets the events whose memory expired before `now`; how many.
    pub async fn forget_expired_events(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let deleted = with_writer!(self, |pool| {
            sqlx::query("DELETE FROM event_deliveries WHERE expires_at < $1")
                .bind(to_second(now))
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(deleted)
    }
}
