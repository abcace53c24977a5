//! Digests asked for in chat: when each person last had one posted in a
//! channel, so asking again within the cooldown is refused on every replica.

use chrono::{DateTime, Utc};

use crate::backend::{with_pool, with_writer};
use crate::deals::to_second;
use crate::{Store, StoreError};

impl Store {
    /// Records that `user` asked for a digest in `channel` at `now`, unless they
    /// had one there after `since`: `None` when recorded (post it), else when
    /// their last one was asked for. One statement, so two replicas answering
    /// two quick asks record exactly one.
    pub async fn claim_digest_ask(
        &self,
        workspace: &str,
        channel: &str,
        user: &str,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let claimed = with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO digest_asks (workspace, channel, user_id, asked_at) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (workspace, channel, user_id) DO UPDATE \
                 SET asked_at = excluded.asked_at WHERE digest_asks.asked_at <= $5",
            )
            .bind(workspace)
            .bind(channel)
            .bind(user)
            .bind(to_second(now))
            .bind(to_second(since))
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        if claimed == 1 {
            return Ok(None);
        }
        let last: DateTime<Utc> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT asked_at FROM digest_asks \
                 WHERE workspace = $1 AND channel = $2 AND user_id = $3",
            )
            .bind(workspace)
            .bind(channel)
            .bind(user)
            .fetch_one(pool)
            .await
        })?;
        Ok(Some(last))
    }

    /// Forgets `user`'s ask in `channel`: the digest it claimed could not be
    /// queued, so asking again at once must be allowed.
    pub async fn release_digest_ask(
        &self,
        workspace: &str,
        channel: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query(
                "DELETE FROM digest_asks WHERE workspace = $1 AND channel = $2 AND user_id = $3",
            )
            .bind(workspace)
            .bind(channel)
            .bind(user)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }
}
