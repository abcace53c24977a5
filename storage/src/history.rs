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
                "SELECT h.id, h.deal_id, h.at, h.actor, h.action, h.from_value, h.to_value, h.note \
                 FROM deal_history h JOIN deals d ON d.id = h.deal_id \
                 WHERE d.workspace = $1 AND h.workspace = $1 AND d.number = $2 \
                 ORDER BY h.id DESC LIMIT $3",
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
