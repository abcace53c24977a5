//! The digest's read: every open deal of a workspace, with only what a digest
//! line shows and what the deal's concerns are worked out from. A digest lists
//! thousands of deals, so they come back as one text written by the database
//! (see [`crate::digest_text`]) and are read off it in place: no row, no value
//! and no string of their own.

use chrono::{DateTime, NaiveDate, Utc};

use crate::backend::with_pool;
use crate::digest_text::{records, RECORD_SQL};
use crate::{Store, StoreError};

/// An open deal as the digest lists it, its texts borrowed from the
/// [`DigestRead`] it was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DigestDeal<'a> {
    pub number: i64,
    pub name: &'a str,
    pub pipeline: &'a str,
    pub stage: &'a str,
    pub owner: &'a str,
    pub amount_minor: Option<i64>,
    pub currency: Option<&'a str>,
    pub next_step: Option<&'a str>,
    pub next_step_due: Option<NaiveDate>,
    pub stage_entered_at: DateTime<Utc>,
    pub buyer_stage: Option<&'a str>,
    /// Whether it was opened in a private channel (see
    /// [`crate::Deal::private_channel`]), and that channel: only read for such
    /// a deal.
    pub private_channel: bool,
    pub channel: Option<&'a str>,
    /// Whether it was won and its win stands: it rolled into an after-sale
    /// pipeline.
    pub won: bool,
}

/// Which open deals a digest covers. Empty fields do not filter.
#[derive(Debug, Clone, Copy, Default)]
pub struct DigestFilter<'a> {
    /// Only deals of this pipeline, by its exact name.
    pub pipeline: Option<&'a str>,
    pub owner: Option<&'a str>,
}

/// The open deals of a digest as the database wrote them; [`DigestRead::deals`]
/// reads them off it.
#[derive(Debug, Clone, Default)]
pub struct DigestRead {
    text: String,
}

impl DigestRead {
    /// The deals, in the order [`Store::list_deals`] gives: soonest due first
    /// (no due date last), then by number. An error if the text is not as
    /// written (it never is).
    pub fn deals(&self) -> Result<Vec<DigestDeal<'_>>, StoreError> {
        let mut deals = records(&self.text)
            .collect::<Result<Vec<_>, usize>>()
            .map_err(|at| {
                let error = format!("the digest's deals are not as written, at byte {at}");
                StoreError::Database(sqlx::Error::Decode(error.into()))
            })?;
        deals.sort_unstable_by_key(|deal| {
            (
                deal.next_step_due.is_none(),
                deal.next_step_due,
                deal.number,
            )
        });
        Ok(deals)
    }
}

impl Store {
    /// The workspace's open deals (not deleted) matching `filter`.
    pub async fn open_deals_for_digest(
        &self,
        workspace: &str,
        filter: DigestFilter<'_>,
    ) -> Result<DigestRead, StoreError> {
        let text: Option<String> = with_pool!(self, |pool| {
            let mut query = sqlx::QueryBuilder::new(format!(
                "SELECT string_agg({RECORD_SQL}, '') FROM deals \
                 WHERE status = 'open' AND deleted_at IS NULL AND workspace = "
            ));
            query.push_bind(workspace);
            if let Some(pipeline) = filter.pipeline {
                query.push(" AND pipeline = ").push_bind(pipeline);
            }
            if let Some(owner) = filter.owner {
                query.push(" AND owner = ").push_bind(owner);
            }
            query.build_query_scalar().fetch_one(pool).await
        })?;
        Ok(DigestRead {
            text: text.unwrap_or_default(),
        })
    }
}
