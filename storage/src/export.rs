//! Reading a whole workspace for export (and for an import to meet): every deal
//! that is not deleted, and every history line with the deal it belongs to.

use chrono::{DateTime, Utc};

use crate::backend::with_pool;
use crate::deals::deal_columns;
use crate::{Deal, HistoryAction, Store, StoreError};

/// One history line with its deal's number and name, for analysis outside the bot.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct HistoryRow {
    pub number: i64,
    pub name: String,
    pub at: DateTime<Utc>,
    pub actor: String,
    #[sqlx(try_from = "String")]
    pub action: HistoryAction,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub note: Option<String>,
}

impl Store {
    /// Every deal of the workspace, open or closed, by number; deleted deals
    /// (and deals merged away) are left out.
    pub async fn all_deals(&self, workspace: &str) -> Result<Vec<Deal>, StoreError> {
        let deals = with_pool!(self, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                deal_columns!(),
                " FROM deals WHERE workspace = $1 AND deleted_at IS NULL ORDER BY number"
            ))
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(deals)
    }

    /// Every history line of the workspace's deals that are not deleted, by deal
    /// number, oldest first.
    pub async fn all_history(&self, workspace: &str) -> Result<Vec<HistoryRow>, StoreError> {
        let rows = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT d.number, d.name, h.at, h.actor, h.action, h.from_value, h.to_value, \
                 h.note FROM deal_history h JOIN deals d ON d.id = h.deal_id \
                 WHERE d.workspace = $1 AND h.workspace = $1 AND d.deleted_at IS NULL \
                 ORDER BY d.number, h.id",
            )
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }
}
