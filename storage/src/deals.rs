//! Opening, finding, listing and changing deals. A change is read, checked and
//! written in one transaction that holds the deal's row, and appends its history
//! in the same transaction: concurrent changes to one deal queue up, none is lost.

use chrono::{DateTime, SubsecRound, Utc};

use crate::backend::{with_pool, with_writer};
use crate::undo::RECORD_UNDO;
use crate::writing::{self, held, lock_deal_sql};
use crate::{Deal, DealFilter, HistoryAction, NewDeal, NewHistory, Store, StoreError};

macro_rules! deal_columns {
    () => {
        "id, workspace, number, name, pipeline, stage, status, owner, amount_minor, currency, \
         close_date, next_step, next_step_due, lost_reason, channel, created_by, created_at, \
         updated_at, stage_entered_at, version, buyer_stage, won_at, deleted_at, merged_into, \
         private_channel"
    };
}
pub(crate) use deal_columns;

/// The SET list that writes a deal's whole state, for `UPDATE deals SET … WHERE
/// id = $1`; [`bind_deal_state`] binds `$1` to `$19` in the same order.
macro_rules! set_deal_state {
    () => {
        "name = $2, name_folded = $3, pipeline = $4, stage = $5, status = $6, owner = $7, \
         amount_minor = $8, currency = $9, close_date = $10, next_step = $11, \
         next_step_due = $12, lost_reason = $13, updated_at = $14, stage_entered_at = $15, \
         buyer_stage = $16, won_at = $17, deleted_at = $18, merged_into = $19"
    };
}
pub(crate) use set_deal_state;

/// Binds the deal's id and its state to a query written with [`set_deal_state`];
/// `at` is the time of the change.
macro_rules! bind_deal_state {
    ($query:expr, $deal:expr, $at:expr) => {{
        let deal = $deal;
        $query
            .bind(deal.id)
            .bind(&deal.name)
            .bind($crate::deals::fold(&deal.name))
            .bind(&deal.pipeline)
            .bind(&deal.stage)
            .bind(deal.status.as_str())
            .bind(&deal.owner)
            .bind(deal.amount_minor)
            .bind(&deal.currency)
            .bind(deal.close_date)
            .bind(&deal.next_step)
            .bind(deal.next_step_due)
            .bind(&deal.lost_reason)
            .bind($at)
            .bind($crate::deals::to_second(deal.stage_entered_at))
            .bind(&deal.buyer_stage)
            .bind(deal.won_at.map($crate::deals::to_second))
            .bind(deal.deleted_at.map($crate::deals::to_second))
            .bind(deal.merged_into)
    }};
}
pub(crate) use bind_deal_state;

/// Appends one history line and returns its id.
pub(crate) const INSERT_HISTORY: &str = "INSERT INTO deal_history \
     (workspace, deal_id, at, actor, action, from_value, to_value, note) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

/// Inside a transaction `$tx`, writes `$change` to the deal `$before` (as held
/// by [`crate::writing::LockDeal`]): its new state, its history lines, the actor's undo point
/// when every line is one undo can reverse, and the owner's nag reset. The
/// edit may not change which deal it is. Evaluates to the deal after. After
/// `guarded,` the deal's row need not be held: `$before` is the deal as seen
/// with its version raised by one, and the deal is written only if its
/// version is still the one seen; `None` if not (then the transaction must be
/// rolled back, for what SQLite's statement wrote beside it).
macro_rules! write_edit {
    ($tx:expr, $workspace:expr, $actor:expr, $at:expr, $before:expr, $change:expr) => {
        $crate::deals::write_edit!(@guarded false, $tx, $workspace, $actor, $at, $before, $change)
    };
    (guarded, $tx:expr, $workspace:expr, $actor:expr, $at:expr, $before:expr, $change:expr) => {
        $crate::deals::write_edit!(@guarded true, $tx, $workspace, $actor, $at, $before, $change)
    };
    (@guarded $guarded:expr, $tx:expr, $workspace:expr, $actor:expr, $at:expr, $before:expr, $change:expr) => {{
        let before: &$crate::Deal = $before;
        let change: &$crate::DealEdit = $change;
        let new = $crate::Deal {
            id: before.id,
            ..change.deal.clone()
        };
        // Every history line but the last alone; then the deal's new state
        // with the last line, the undo point and the nag reset, in one round
        // trip (see `change_statement`). A change always has a line: one
        // without is not written.
        let lines = change.history.len();
        let mut first: Option<i64> = None;
        for line in change.history.iter().take(lines.saturating_sub(1)) {
            let id: i64 = sqlx::query_scalar($crate::deals::INSERT_HISTORY)
                .bind($workspace)
                .bind(before.id)
                .bind($at)
                .bind($actor)
                .bind(line.action.as_str())
                .bind(&line.from_value)
                .bind(&line.to_value)
                .bind(&line.note)
                .fetch_one(&mut *$tx)
                .await?;
            first.get_or_insert(id);
        }
        let last = change.history.last().ok_or_else(|| {
            sqlx::Error::Protocol("a change to write has no history line".to_string())
        })?;
        let undoable = change.history.iter().all(|line| line.action.undoable());
        let undo_point = if undoable {
            Some($crate::undo::encode(before)?)
        } else {
            None
        };
        let query = sqlx::query_as($crate::change_statement::change_statement_sql(&$tx, $guarded));
        let written: Vec<$crate::Deal> = $crate::deals::bind_deal_state!(query, &new, $at)
            .bind($workspace)
            .bind($actor)
            .bind(last.action.as_str())
            .bind(&last.from_value)
            .bind(&last.to_value)
            .bind(&last.note)
            .bind(before.version)
            .bind(undo_point)
            .bind(undoable)
            .bind($actor == before.owner)
            .bind(first)
            // `fetch_all`: on SQLite the query is four statements, and each
            // runs only if the rows are read to the end.
            .fetch_all(&mut *$tx)
            .await?;
        // None: the deal moved on since the change was decided (a guarded
        // statement wrote nothing).
        written.into_iter().next()
    }};
}
pub(crate) use write_edit;

/// The outcome a change wants: the deal as it should be afterwards, and the
/// history lines that say what changed. No history lines means nothing changed.
#[derive(Debug, Clone)]
pub struct DealEdit {
    pub deal: Deal,
    pub history: Vec<NewHistory>,
}

impl DealEdit {
    /// An edit that leaves the deal as it is (a repeated click, say).
    pub fn unchanged(deal: &Deal) -> Self {
        DealEdit {
            deal: deal.clone(),
            history: Vec::new(),
        }
    }
}

/// Why a change did not happen: the caller's check refused it, or the store failed.
#[derive(Debug, thiserror::Error)]
pub enum Rejected<E> {
    #[error("change refused")]
    Refused(E),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<E> From<sqlx::Error> for Rejected<E> {
    fn from(error: sqlx::Error) -> Self {
        Rejected::Store(StoreError::Database(error))
    }
}

/// Times are kept to the second: enough for a sales pipeline, and the same text on
/// both backends.
pub(crate) fn to_second(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(0)
}

/// The case-folded name used for matching a deal by part of its name.
pub(crate) fn fold(name: &str) -> String {
    name.to_lowercase()
}

/// `%fragment%` with LIKE's own wildcards escaped.
fn contains_pattern(fragment: &str) -> String {
    let mut pattern = String::from("%");
    for c in fold(fragment).chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl Store {
    /// Opens a deal with the workspace's next number, and records its creation.
    pub async fn create_deal(&self, new: NewDeal) -> Result<Deal, StoreError> {
        let at = to_second(new.at);
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            let number: i64 = sqlx::query_scalar(
                "INSERT INTO workspaces (id, last_deal_number, platform) VALUES ($1, 1, $2) \
                 ON CONFLICT (id) DO UPDATE SET last_deal_number = workspaces.last_deal_number + 1, \
                 platform = excluded.platform RETURNING last_deal_number",
            )
            .bind(&new.workspace)
            .bind(&new.platform)
            .fetch_one(&mut *tx)
            .await?;
            let deal: Deal = sqlx::query_as(concat!(
                "INSERT INTO deals (workspace, number, name, name_folded, pipeline, stage, status, \
                 owner, amount_minor, currency, close_date, channel, created_by, created_at, \
                 updated_at, stage_entered_at, private_channel) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $12, $13, $13, $13, \
                 $14) \
                 RETURNING ",
                deal_columns!()
            ))
            .bind(&new.workspace)
            .bind(number)
            .bind(&new.name)
            .bind(fold(&new.name))
            .bind(&new.pipeline)
            .bind(&new.stage)
            .bind(&new.owner)
            .bind(new.amount_minor)
            .bind(&new.currency)
            .bind(new.close_date)
            .bind(&new.channel)
            .bind(&new.created_by)
            .bind(at)
            .bind(new.private_channel)
            .fetch_one(&mut *tx)
            .await?;
            let line: i64 = sqlx::query_scalar(INSERT_HISTORY)
                .bind(&deal.workspace)
                .bind(deal.id)
                .bind(at)
                .bind(&new.created_by)
                .bind(HistoryAction::Created.as_str())
                .bind(None::<String>)
                .bind(&deal.stage)
                .bind(None::<String>)
                .fetch_one(&mut *tx)
                .await?;
            // Undoing the opening deletes the deal: there is no state before it.
            sqlx::query(RECORD_UNDO)
                .bind(&deal.workspace)
                .bind(&new.created_by)
                .bind(deal.id)
                .bind(line)
                .bind(line)
                .bind(deal.version)
                .bind(None::<String>)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(deal)
        })
    }

    /// The deal with this short number, if the workspace has one.
    pub async fn deal_by_number(
        &self,
        workspace: &str,
        number: i64,
    ) -> Result<Option<Deal>, StoreError> {
        let deal = with_pool!(self, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                deal_columns!(),
                " FROM deals WHERE workspace = $1 AND number = $2"
            ))
            .bind(workspace)
            .bind(number)
            .fetch_optional(pool)
            .await
        })?;
        Ok(deal)
    }

    /// Deals whose name contains `fragment`, ignoring case: the exact name
    /// first, then open deals, deleted ones last (so `restore` can find them).
    pub async fn deals_named_like(
        &self,
        workspace: &str,
        fragment: &str,
    ) -> Result<Vec<Deal>, StoreError> {
        let deals = with_pool!(self, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                deal_columns!(),
                " FROM deals WHERE workspace = $1 AND name_folded LIKE $2 ESCAPE '\\' \
                 ORDER BY CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, \
                 CASE WHEN name_folded = $3 THEN 0 ELSE 1 END, \
                 CASE WHEN status = 'open' THEN 0 ELSE 1 END, number LIMIT 50"
            ))
            .bind(workspace)
            .bind(contains_pattern(fragment))
            .bind(fold(fragment))
            .fetch_all(pool)
            .await
        })?;
        Ok(deals)
    }

    /// Every deal's number and name in the workspace (deleted deals aside), for
    /// "did you mean" hints.
    pub async fn deal_names(&self, workspace: &str) -> Result<Vec<(i64, String)>, StoreError> {
        let names = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT number, name FROM deals WHERE workspace = $1 AND deleted_at IS NULL \
                 ORDER BY number",
            )
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(names)
    }

    /// The workspace's deals opened in private channels (deleted ones aside),
    /// by number: who may see each is the caller's to decide.
    pub async fn private_channel_deals(&self, workspace: &str) -> Result<Vec<Deal>, StoreError> {
        let deals = with_pool!(self, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                deal_columns!(),
                " FROM deals WHERE workspace = $1 AND private_channel AND deleted_at IS NULL \
                 ORDER BY number"
            ))
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(deals)
    }

    /// Deals matching every filter that is set, soonest due first, then by
    /// number; deleted deals never.
    pub async fn list_deals(
        &self,
        workspace: &str,
        filter: &DealFilter,
    ) -> Result<Vec<Deal>, StoreError> {
        let deals = with_pool!(self, |pool| {
            let mut query = sqlx::QueryBuilder::new(concat!(
                "SELECT ",
                deal_columns!(),
                " FROM deals WHERE deleted_at IS NULL AND workspace = "
            ));
            query.push_bind(workspace);
            if let Some(status) = filter.status {
                query.push(" AND status = ").push_bind(status.as_str());
            }
            if let Some(owner) = &filter.owner {
                query.push(" AND owner = ").push_bind(owner.as_str());
            }
            if let Some(stage) = &filter.stage {
                query.push(" AND stage = ").push_bind(stage.as_str());
            }
            if let Some(pipeline) = &filter.pipeline {
                query.push(" AND pipeline = ").push_bind(pipeline.as_str());
            }
            if let Some(before) = filter.due_before {
                query.push(" AND next_step_due < ").push_bind(before);
            }
            if filter.without_next_step {
                query.push(" AND next_step IS NULL");
            }
            query.push(
                " ORDER BY CASE WHEN next_step_due IS NULL THEN 1 ELSE 0 END, next_step_due, number",
            );
            if let Some(limit) = filter.limit {
                query.push(" LIMIT ").push_bind(limit);
            }
            query.build_query_as().fetch_all(pool).await
        })?;
        Ok(deals)
    }

    /// Changes one deal: holds its row, lets `edit` look at it and decide, then
    /// writes the new state and its history lines, all in one transaction. A refusal
    /// from `edit`, or an edit with no history lines, writes nothing. A change
    /// the deal's owner makes answers their nags: their unanswered count starts
    /// again from zero, in the same transaction. A change whose every line is one
    /// `undo` can reverse ([`HistoryAction::undoable`]) becomes the actor's undo
    /// point. Returns the deal before and after.
    pub async fn modify_deal<E>(
        &self,
        workspace: &str,
        number: i64,
        actor: &str,
        at: DateTime<Utc>,
        edit: impl FnOnce(&Deal) -> Result<DealEdit, E>,
    ) -> Result<(Deal, Deal), Rejected<E>> {
        let at = to_second(at);
        with_writer!(self, |pool| {
            let mut tx = writing::begin(pool).await?;
            let before: Option<Deal> = sqlx::query_as(lock_deal_sql(&tx))
                .bind(workspace)
                .bind(number)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(before) = before.map(|deal| held(&tx, deal)) else {
                return Err(Rejected::Store(StoreError::NotFound));
            };
            // A change that waited for the row is recorded after the one it waited for.
            let at = at.max(before.updated_at);
            let change = edit(&before).map_err(Rejected::Refused)?;
            if change.history.is_empty() {
                tx.rollback().await?;
                return Ok((before.clone(), before));
            }
            let after = write_edit!(tx, workspace, actor, at, &before, &change)
                .ok_or(sqlx::Error::RowNotFound)?;
            tx.commit().await?;
            Ok((before, after))
        })
    }

    /// [`Store::modify_deal`] for a caller that has read the deal already
    /// (`seen`). The change is first decided on `seen` and written only if
    /// the deal has not moved on since, without taking its row first: a round
    /// trip fewer for the one-line change almost every command makes. When
    /// the deal has moved on, or `edit` refuses or changes nothing or writes
    /// several lines, it is decided again as `modify_deal` does, on the row
    /// held, so `edit` may be called twice and must not do more than decide.
    pub async fn modify_seen_deal<E>(
        &self,
        workspace: &str,
        seen: &Deal,
        actor: &str,
        at: DateTime<Utc>,
        edit: impl Fn(&Deal) -> Result<DealEdit, E>,
    ) -> Result<(Deal, Deal), Rejected<E>> {
        if seen.workspace == workspace {
            let written = self
                .write_unless_moved(workspace, seen, actor, at, &edit)
                .await
                .map_err(Rejected::Store)?;
            if let Some(written) = written {
                return Ok(written);
            }
        }
        self.modify_deal(workspace, seen.number, actor, at, edit)
            .await
    }

    /// The first try of [`Store::modify_seen_deal`]: `None` when the change
    /// must be decided on the row held instead. Decided before the writer is
    /// asked for, so a refusal never waits for it (on SQLite, for a commit).
    async fn write_unless_moved<E>(
        &self,
        workspace: &str,
        seen: &Deal,
        actor: &str,
        at: DateTime<Utc>,
        edit: &impl Fn(&Deal) -> Result<DealEdit, E>,
    ) -> Result<Option<(Deal, Deal)>, StoreError> {
        // As it will be once written: its version raised by the write.
        let before = Deal {
            version: seen.version + 1,
            ..seen.clone()
        };
        let at = to_second(at).max(before.updated_at);
        let change = match edit(&before) {
            Ok(change) if change.history.len() == 1 => change,
            _ => return Ok(None),
        };
        let (seen_raised, change) = (&before, &change);
        let written = with_writer!(self, |pool| {
            let mut tx = writing::begin(pool).await?;
            match write_edit!(guarded, tx, workspace, actor, at, seen_raised, change) {
                Some(after) => {
                    tx.commit().await?;
                    Ok::<_, sqlx::Error>(Some(after))
                }
                None => {
                    tx.rollback().await?;
                    Ok(None)
                }
            }
        })?;
        Ok(written.map(|after| (before, after)))
    }
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn like_wildcards_in_names_match_literally() {
        assert_eq!(contains_pattern("100%_Acme"), "%100\\%\\_acme%");
    }
}
