//! The digest's read: every open deal of a workspace, with only what a digest
//! line shows and what the deal's concerns are worked out from. A digest lists
//! thousands of deals, and each column read costs on every one of them.

use chrono::{DateTime, NaiveDate, Utc};

use crate::backend::with_pool;
use crate::{Store, StoreError};

/// An open deal as the digest lists it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DigestDeal {
    pub number: i64,
    pub name: String,
    pub pipeline: String,
    pub stage: String,
    pub owner: String,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub next_step: Option<String>,
    pub next_step_due: Option<NaiveDate>,
    pub stage_entered_at: DateTime<Utc>,
    pub buyer_stage: Option<String>,
    /// Where it was opened, and whether that channel is private: see
    /// [`crate::Deal::private_channel`].
    pub channel: Option<String>,
    pub private_channel: bool,
    /// When it was won, if its win stands: it rolled into an after-sale pipeline.
    pub won_at: Option<DateTime<Utc>>,
}

/// Which open deals a digest covers. Empty fields do not filter.
#[derive(Debug, Clone, Copy, Default)]
pub struct DigestFilter<'a> {
    /// Only deals of this pipeline, by its exact name.
    pub pipeline: Option<&'a str>,
    pub owner: Option<&'a str>,
}

impl Store {
    /// The workspace's open deals (not deleted) matching `filter`, in the order
    /// [`Store::list_deals`] gives: soonest due first (no due date last), then
    /// by number.
    pub async fn open_deals_for_digest(
        &self,
        workspace: &str,
        filter: DigestFilter<'_>,
    ) -> Result<Vec<DigestDeal>, StoreError> {
        let deals = with_pool!(self, |pool| {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT number, name, pipeline, stage, owner, amount_minor, currency, next_step, \
                 next_step_due, stage_entered_at, buyer_stage, channel, private_channel, won_at \
                 FROM deals WHERE status = 'open' AND deleted_at IS NULL AND workspace = ",
            );
            query.push_bind(workspace);
            if let Some(pipeline) = filter.pipeline {
                query.push(" AND pipeline = ").push_bind(pipeline);
            }
            if let Some(owner) = filter.owner {
                query.push(" AND owner = ").push_bind(owner);
            }
            query.push(
                " ORDER BY CASE WHEN next_step_due IS NULL THEN 1 ELSE 0 END, next_step_due, number",
            );
            query.build_query_as().fetch_all(pool).await
        })?;
        Ok(deals)
    }
}
