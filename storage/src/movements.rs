//! What the process report is computed from: every deal of a workspace and the
//! history lines that moved one (created, stage, won, lost, reopened, pipeline).

use crate::backend::with_pool;
use crate::{Deal, DealFilter, HistoryEntry, Store, StoreError};

/// A workspace's deals with their movements.
#[derive(Debug, Clone, Default)]
pub struct Movements {
    pub deals: Vec<Deal>,
    /// Movement lines of every deal, ordered by deal, then as they happened.
    pub entries: Vec<HistoryEntry>,
}

impl Store {
    /// Every deal of the workspace and its movement history: the lines whose
    /// action is `created`, `stage`, `won`, `lost`, `reopened` or `pipeline`.
    pub async fn movements(&self, workspace: &str) -> Result<Movements, StoreError> {
        let deals = self.list_deals(workspace, &DealFilter::default()).await?;
        let entries: Vec<HistoryEntry> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, deal_id, at, actor, action, from_value, to_value, note \
                 FROM deal_history WHERE workspace = $1 AND action IN \
                 ('created', 'stage', 'won', 'lost', 'reopened', 'pipeline') \
                 ORDER BY deal_id, id",
            )
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(Movements { deals, entries })
    }
}
