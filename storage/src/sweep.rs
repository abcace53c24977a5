//! Queries of the scheduled jobs: the deals that need their owner's attention,
//! and what changed in a workspace since a moment (for digests).

use chrono::{DateTime, NaiveDate, Utc};

use crate::backend::with_pool;
use crate::deals::deal_columns;
use crate::{Deal, HistoryAction, Store, StoreError};

/// Deals of `pipeline` in `stage` that entered it before `entered_before` count
/// as stalled.
#[derive(Debug, Clone, PartialEq)]
pub struct StalledCutoff {
    pub pipeline: String,
    pub stage: String,
    pub entered_before: DateTime<Utc>,
}

/// One history line with the deal it belongs to.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DealChange {
    pub number: i64,
    pub name: String,
    pub at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub action: HistoryAction,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    /// The deal's pipeline, and where it was opened (see
    /// [`crate::Deal::private_channel`]): who may read of the change.
    pub pipeline: String,
    pub channel: Option<String>,
    pub private_channel: bool,
}

impl Store {
    /// Open deals, in every workspace, whose next step is due before the day
    /// `due_before`, that have no next step, or that sat in their stage past its
    /// cutoff; ordered by workspace, owner and number (names compared byte by
    /// byte). Whether a step is overdue depends on its owner's zone, which the
    /// store does not know: the caller passes the latest day it can be anywhere
    /// and keeps the deals whose owner's day is past the step's. Deleted deals
    /// need nobody's attention.
    pub async fn deals_needing_attention(
        &self,
        due_before: NaiveDate,
        stalled: &[StalledCutoff],
    ) -> Result<Vec<Deal>, StoreError> {
        let mut deals: Vec<Deal> = with_pool!(self, |pool| {
            // Three index-friendly questions rather than one OR over the whole
            // table. Each leaves out the deals an earlier one found, so the answers
            // are disjoint and are simply appended: no comparing whole rows to
            // drop the deals found twice.
            let mut query = sqlx::QueryBuilder::new(concat!(
                "SELECT ",
                deal_columns!(),
                " FROM deals WHERE status = 'open' AND deleted_at IS NULL AND next_step_due < "
            ));
            query.push_bind(due_before);
            query.push(concat!(
                " UNION ALL SELECT ",
                deal_columns!(),
                " FROM deals WHERE status = 'open' AND deleted_at IS NULL AND next_step IS NULL \
                 AND (next_step_due IS NULL OR next_step_due >= "
            ));
            query.push_bind(due_before);
            query.push(")");
            if !stalled.is_empty() {
                query.push(concat!(
                    " UNION ALL SELECT ",
                    deal_columns!(),
                    " FROM deals WHERE status = 'open' AND deleted_at IS NULL \
                     AND next_step IS NOT NULL AND (next_step_due IS NULL OR next_step_due >= "
                ));
                query.push_bind(due_before);
                query.push(") AND (");
                for (i, cutoff) in stalled.iter().enumerate() {
                    if i > 0 {
                        query.push(" OR ");
                    }
                    query
                        .push("(pipeline = ")
                        .push_bind(cutoff.pipeline.as_str())
                        .push(" AND stage = ")
                        .push_bind(cutoff.stage.as_str())
                        .push(" AND stage_entered_at < ")
                        .push_bind(cutoff.entered_before)
                        .push(")");
                }
                query.push(")");
            }
            // No ORDER BY: SQLite would answer it by walking a whole index in
            // that order instead of searching the three indexes above.
            query.build_query_as().fetch_all(pool).await
        })?;
        deals.sort_by(|a, b| {
            (&a.workspace, &a.owner, a.number).cmp(&(&b.workspace, &b.owner, b.number))
        });
        Ok(deals)
    }

    /// Every history line of the workspace's deals after `since`, oldest first;
    /// deleted deals' lines never.
    pub async fn changes_since(
        &self,
        workspace: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DealChange>, StoreError> {
        let changes = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT d.number, d.name, h.at, h.action, h.from_value, h.to_value, d.pipeline, \
                 d.channel, d.private_channel \
                 FROM deal_history h JOIN deals d ON d.id = h.deal_id \
                 WHERE h.workspace = $1 AND d.workspace = $1 AND h.at > $2 \
                 AND d.deleted_at IS NULL ORDER BY h.id",
            )
            .bind(workspace)
            .bind(since)
            .fetch_all(pool)
            .await
        })?;
        Ok(changes)
    }
}
