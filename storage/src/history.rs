//! Reading a deal's append-only history.

use crate::backend::with_pool;
use crate::{HistoryEntry, Store, StoreError};

impl Store {
    /// The deal's history, oldest first; `limit` keeps only the newest lines.
    pub async fn history(
        &self,
        workspace: &str,
        number: i64,
        limit: Option<i64>,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut entries: Vec<HistoryEntry> = with_pool!(self, |pool| {
            sqlx::query_as(
                // The deal's id as a scalar: with both columns of the index
                // (workspace, deal_id, id) fixed, the newest lines are read straight
                // off its end, however long the table's history (a join let
                // PostgreSQL walk every line newest first, looking for the deal's).
                "SELECT id, deal_id, at, actor, action, from_value, to_value, note \
                 FROM deal_history WHERE workspace = $1 AND deal_id = \
                 (SELECT id FROM deals WHERE workspace = $1 AND number = $2) \
                 ORDER BY id DESC LIMIT $3",
            )
            .bind(workspace)
            .bind(number)
            .bind(limit.unwrap_or(i64::MAX))
            .fetch_all(pool)
            .await
        })?;
        entries.reverse();
        Ok(entries)
    }
}
