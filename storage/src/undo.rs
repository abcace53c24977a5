//! What `undo` needs: each person's last change that undo can reverse (the
//! deal as it was before, the history lines the change wrote, the deal's
//! version right after it), and a person's latest change of any kind, with
//! what anyone did to that deal since.

use crate::backend::with_pool;
use crate::deals::deal_columns;
use crate::{Deal, HistoryEntry, Store, StoreError};

/// Makes the change just written the actor's undo point, replacing their
/// previous one. Binds: workspace, actor, deal id, first and last history line
/// ids, the deal's version after the change, the deal before it (JSON, or
/// NULL when the change opened it), when.
pub(crate) const RECORD_UNDO: &str = "INSERT INTO deal_undo \
     (workspace, actor, deal_id, first_history_id, last_history_id, version, before_state, at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (workspace, actor) DO UPDATE SET deal_id = excluded.deal_id, \
     first_history_id = excluded.first_history_id, last_history_id = excluded.last_history_id, \
     version = excluded.version, before_state = excluded.before_state, at = excluded.at";

/// The deal as an undo point keeps it.
pub(crate) fn encode(deal: &Deal) -> Result<String, sqlx::Error> {
    serde_json::to_string(deal).map_err(|error| sqlx::Error::Encode(Box::new(error)))
}

fn decode(text: &str) -> Result<Deal, StoreError> {
    serde_json::from_str(text)
        .map_err(|error| StoreError::Database(sqlx::Error::Decode(Box::new(error))))
}

/// How undo would put a change back.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoPoint {
    /// The deal as it was before the change; `None` when the change opened it.
    pub before: Option<Deal>,
    /// The deal's version right after the change: a later change to the deal
    /// (by anyone) has bumped it.
    pub version: i64,
}

/// A person's latest change in a workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct LastChange {
    /// The deal it changed, as it is now.
    pub deal: Deal,
    /// The history lines the change wrote, oldest first.
    pub lines: Vec<HistoryEntry>,
    /// How to put it back, when undo can.
    pub undo: Option<UndoPoint>,
    /// The lines anyone wrote to the deal after the change, oldest first.
    pub since: Vec<HistoryEntry>,
}

#[derive(sqlx::FromRow)]
struct UndoRow {
    deal_id: i64,
    first_history_id: i64,
    last_history_id: i64,
    version: i64,
    before_state: Option<String>,
}

const HISTORY_COLUMNS: &str = "id, deal_id, at, actor, action, from_value, to_value, note";

impl Store {
    /// `actor`'s latest change in the workspace, if they made any: the lines it
    /// wrote (every line of an undo point; otherwise their latest line alone),
    /// whether undo can reverse it, and what happened to the deal since.
    pub async fn last_change(
        &self,
        workspace: &str,
        actor: &str,
    ) -> Result<Option<LastChange>, StoreError> {
        let latest: Option<HistoryEntry> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {HISTORY_COLUMNS} FROM deal_history WHERE workspace = $1 AND actor = $2 \
                 ORDER BY id DESC LIMIT 1"
            ))
            .bind(workspace)
            .bind(actor)
            .fetch_optional(pool)
            .await
        })?;
        let Some(latest) = latest else {
            return Ok(None);
        };
        let point: Option<UndoRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT deal_id, first_history_id, last_history_id, version, before_state \
                 FROM deal_undo WHERE workspace = $1 AND actor = $2",
            )
            .bind(workspace)
            .bind(actor)
            .fetch_optional(pool)
            .await
        })?;
        let point = point
            .filter(|point| point.last_history_id == latest.id && point.deal_id == latest.deal_id);
        let first = point.as_ref().map_or(latest.id, |p| p.first_history_id);
        let deal: Option<Deal> = with_pool!(self, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                deal_columns!(),
                " FROM deals WHERE workspace = $1 AND id = $2"
            ))
            .bind(workspace)
            .bind(latest.deal_id)
            .fetch_optional(pool)
            .await
        })?;
        let lines: Vec<HistoryEntry> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {HISTORY_COLUMNS} FROM deal_history \
                 WHERE workspace = $1 AND deal_id = $2 AND id >= $3 ORDER BY id"
            ))
            .bind(workspace)
            .bind(latest.deal_id)
            .bind(first)
            .fetch_all(pool)
            .await
        })?;
        let Some(deal) = deal else {
            return Ok(None);
        };
        let (lines, since) = lines.into_iter().partition(|line| line.id <= latest.id);
        let undo = match point {
            Some(point) => Some(UndoPoint {
                before: point.before_state.as_deref().map(decode).transpose()?,
                version: point.version,
            }),
            None => None,
        };
        Ok(Some(LastChange {
            deal,
            lines,
            undo,
            since,
        }))
    }
}
