//! Counts for operators' metrics: how many deals are open in each stage. These
//! are the only queries that read across every workspace; they return numbers,
//! never a tenant's data.

use crate::backend::with_pool;
use crate::{Store, StoreError};

/// How many open deals one stage of one pipeline holds, summed over workspaces.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StageCount {
    pub pipeline: String,
    pub stage: String,
    pub open_deals: i64,
}

impl Store {
    /// Open deals by pipeline and stage, totalled over every workspace (for the
    /// `dealbot_open_deals` gauge), in pipeline and stage name order; deleted
    /// deals are not counted.
    pub async fn open_deal_counts_by_stage(&self) -> Result<Vec<StageCount>, StoreError> {
        let counts = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT pipeline, stage, COUNT(*) AS open_deals FROM deals \
                 WHERE status = 'open' AND deleted_at IS NULL \
                 GROUP BY pipeline, stage ORDER BY pipeline, stage",
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(counts)
    }
}
