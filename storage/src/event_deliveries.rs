//! The memory of platform events already handled: one row per (workspace,
//! event id), whichever replica handled it; a second insert of the same pair is
//! a retry, acknowledged and not handled again.

use chrono::{DateTime, Utc};

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
        self.remember_until(
            "INSERT INTO event_deliveries (workspace, event_id, expires_at) \
             VALUES ($1, $2, $3) ON CONFLICT (workspace, event_id) DO NOTHING",
            &[workspace, event_id],
            expires_at,
        )
        .await
    }

    /// Forgets the events whose memory expired before `now`; how many.
    pub async fn forget_expired_events(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        self.forget_expired_before(
            "DELETE FROM event_deliveries WHERE expires_at < $1",
            to_second(now),
        )
        .await
    }
}
