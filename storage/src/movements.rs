//! What the process report is computed from: every deal of a workspace (deleted
//! ones aside) and the history lines that moved one
//! ([`HistoryAction::MOVEMENTS`]).

use crate::backend::with_pool;
use crate::{Deal, DealFilter, HistoryAction, HistoryEntry, Store, StoreError};

/// A workspace's deals with their movements.
#[derive(Debug, Clone, Default)]
pub struct Movements {
    pub deals: Vec<Deal>,
    /// Movement lines of every deal, ordered by deal, then as they happened.
    pub entries: Vec<HistoryEntry>,
}

impl Store {
    /// Every deal of the workspace that is not deleted, and its movement
    /// history: the lines whose action is one of [`HistoryAction::MOVEMENTS`].
    pub async fn movements(&self, workspace: &str) -> Result<Movements, StoreError> {
        let deals = self.list_deals(workspace, &DealFilter::default()).await?;
        let query = format!(
            "SELECT id, deal_id, at, actor, action, from_value, to_value, note \
             FROM deal_history WHERE workspace = $1 AND action IN {} \
             AND deal_id IN (SELECT id FROM deals WHERE workspace = $1 AND deleted_at IS NULL) \
             ORDER BY deal_id, id",
            HistoryAction::sql_list(&HistoryAction::MOVEMENTS)
        );
        let entries: Vec<HistoryEntry> = with_pool!(self, |pool| {
            sqlx::query_as(&query).bind(workspace).fetch_all(pool).await
        })?;
        Ok(Movements { deals, entries })
    }
}
