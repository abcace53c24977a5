//! Merging one deal into another: both rows held, both changed and both
//! histories appended in one transaction.

use chrono::{DateTime, Utc};

use crate::backend::with_writer;
use crate::deals::{to_second, write_edit};
use crate::writing::{self, held, lock_deal_sql};
use crate::{Deal, DealEdit, Rejected, Store, StoreError};

impl Store {
    /// Merges the deal numbered `from` into the one numbered `into`: holds both
    /// rows (in number order, so two merges cannot wait on each other), lets
    /// `edit` decide what each becomes, and writes both edits in one
    /// transaction. [`StoreError::NotFound`] when either is missing. Returns
    /// both deals after, `from`'s first.
    pub async fn merge_deals<E>(
        &self,
        workspace: &str,
        from: i64,
        into: i64,
        actor: &str,
        at: DateTime<Utc>,
        edit: impl FnOnce(&Deal, &Deal) -> Result<(DealEdit, DealEdit), E>,
    ) -> Result<(Deal, Deal), Rejected<E>> {
        let at = to_second(at);
        with_writer!(self, |pool| {
            let mut tx = writing::begin(pool).await?;
            let mut deals: Vec<Deal> = Vec::with_capacity(2);
            for number in [from.min(into), from.max(into)] {
                let deal: Option<Deal> = sqlx::query_as(lock_deal_sql(&tx))
                    .bind(workspace)
                    .bind(number)
                    .fetch_optional(&mut *tx)
                    .await?;
                let deal = deal.ok_or(Rejected::Store(StoreError::NotFound))?;
                deals.push(held(&tx, deal));
            }
            let (merged, survivor) = if deals[0].number == from {
                (&deals[0], &deals[1])
            } else {
                (&deals[1], &deals[0])
            };
            let at = at.max(merged.updated_at).max(survivor.updated_at);
            let (merged_edit, survivor_edit) = edit(merged, survivor).map_err(Rejected::Refused)?;
            let merged_after = write_edit!(tx, workspace, actor, at, merged, &merged_edit)
                .ok_or(sqlx::Error::RowNotFound)?;
            let survivor_after = write_edit!(tx, workspace, actor, at, survivor, &survivor_edit)
                .ok_or(sqlx::Error::RowNotFound)?;
            tx.commit().await?;
            Ok((merged_after, survivor_after))
        })
    }
}
