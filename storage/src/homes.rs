//! Homes kept on someone's screen (Slack's App Home tab) and the changes that
//! make them stale. Which changes touch whose home is noted by the database's
//! own triggers, in the transaction of the change (see migration 0017), so it
//! holds for every writer and every replica; here the platform's adapter
//! records the homes it publishes, finds the stale ones and claims each, so
//! that one replica republishes it once.

use chrono::{DateTime, Utc};

use crate::backend::{with_pool, with_writer};
use crate::deals::to_second;
use crate::{Store, StoreError};

impl Store {
    /// Records that `user` of `workspace` was shown their home at `at`: from now
    /// on a change that touches it is noted. Also forgets the changes noted
    /// before: the home just published shows them.
    pub async fn record_published_home(
        &self,
        workspace: &str,
        user: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO published_homes (workspace, user_id, published_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (workspace, user_id) \
                 DO UPDATE SET published_at = excluded.published_at",
            )
            .bind(workspace)
            .bind(user)
            .bind(to_second(at))
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        self.claim_stale_home(workspace, user).await?;
        Ok(())
    }

    /// Up to `limit` (workspace, user) pairs, of workspaces whose key starts
    /// with `prefix` (`slack:`), whose home a change touched since it was
    /// last published.
    pub async fn stale_homes(
        &self,
        prefix: &str,
        limit: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let stale = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT workspace, user_id FROM home_changes \
                 WHERE substr(workspace, 1, length($1)) = $1 \
                 ORDER BY workspace, user_id LIMIT $2",
            )
            .bind(prefix)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok(stale)
    }

    /// Notes `user`'s home as stale, as a change does: its publish failed for
    /// a while and is to be tried again.
    pub async fn note_stale_home(&self, workspace: &str, user: &str) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query("INSERT INTO home_changes (workspace, user_id) VALUES ($1, $2)")
                .bind(workspace)
                .bind(user)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Claims the changes noted for `user`'s home: true for the one caller
    /// (of every replica) that takes them, who then republishes it; false when
    /// another did first. A change made after the claim is noted anew.
    pub async fn claim_stale_home(&self, workspace: &str, user: &str) -> Result<bool, StoreError> {
        let claimed = with_writer!(self, |pool| {
            sqlx::query("DELETE FROM home_changes WHERE workspace = $1 AND user_id = $2")
                .bind(workspace)
                .bind(user)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(claimed > 0)
    }
}
