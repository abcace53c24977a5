//! What the process report is computed from: every deal of a workspace (deleted
//! ones aside) and their whole history. The lines that move a deal build its
//! path; every line counts as activity (for `report since`).

use crate::backend::with_pool;
use crate::{Deal, DealFilter, HistoryEntry, Store, StoreError};

/// A workspace's deals with their movements.
#[derive(Debug, Clone, Default)]
pub struct Movements {
    pub deals: Vec<Deal>,
    /// Every history line of those deals, ordered by deal, then as they happened.
    pub entries: Vec<HistoryEntry>,
}

impl Store {
    /// Every deal of the workspace that is not deleted, and its history.
    pub async fn movements(&self, workspace: &str) -> Result<Movements, StoreError> {
        let deals = self.list_deals(workspace, &DealFilter::default()).await?;
        let query = "SELECT id, deal_id, at, actor, action, from_value, to_value, note \
             FROM deal_history WHERE workspace = $1 \
             AND deal_id IN (SELECT id FROM deals WHERE workspace = $1 AND deleted_at IS NULL) \
             ORDER BY deal_id, id";
        let entries: Vec<HistoryEntry> = with_pool!(self, |pool| {
            sqlx::query_as(query).bind(workspace).fetch_all(pool).await
        })?;
        Ok(Movements { deals, entries })
    }
}
