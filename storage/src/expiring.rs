//! Memories that expire: a row remembered once whichever replica writes it
//! first (a second insert of the same key is a retry or a replay), and the
//! sweep that forgets the rows whose time is up. The event deliveries and the
//! replay guard both keep one.

use chrono::{DateTime, Utc};

use crate::backend::with_writer;
use crate::deals::to_second;
use crate::{Store, StoreError};

impl Store {
    /// Remembers a row with `insert` (an `INSERT … ON CONFLICT DO NOTHING`
    /// whose parameters are `keys` in order, then `expires_at` kept to the
    /// second): true the first time, false if some replica already did.
    /// Durable once the caller's next write is (see [`with_writer`]): what the
    /// caller then does is written after it.
    pub(crate) async fn remember_until(
        &self,
        insert: &'static str,
        keys: &[&str],
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = with_writer!(self, durable_with_next, |pool| {
            let mut query = sqlx::query(insert);
            for key in keys {
                query = query.bind(*key);
            }
            query
                .bind(to_second(expires_at))
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(inserted == 1)
    }

    /// Forgets with `delete` (a `DELETE … WHERE expires_at < $1`) the rows
    /// that expired before `before`; how many.
    pub(crate) async fn forget_expired_before(
        &self,
        delete: &'static str,
        before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let deleted = with_writer!(self, |pool| {
            sqlx::query(delete)
                .bind(before)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(deleted)
    }
}
