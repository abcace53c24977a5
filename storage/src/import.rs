//! Applying an import plan: new deals and changes to existing ones, a file
//! imported whole or not at all, without holding the writer for the whole file.
//!
//! The plan is made by the caller from a read of the workspace (names and ids
//! are checked there, in memory); each change names the version of the deal it
//! was planned against, and the whole import is refused if a deal changed in
//! between. New deals are written in batches of [`BATCH`], each its own short
//! transaction, so chat commands take the writer between them; they stay
//! hidden (deleted, marked with the import's token) until the last transaction
//! applies the changes and shows them all at once. If anything fails, the
//! hidden deals are taken back with their history.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, NaiveDate, Utc};

use crate::backend::with_writer;
use crate::deals::{bind_deal_state, fold, set_deal_state, to_second, INSERT_HISTORY};
use crate::{DealEdit, DealStatus, NewDeal, NewHistory, Rejected, Store, StoreError};

/// How many new deals one transaction of an import writes.
pub const BATCH: usize = 500;

/// Deals per insert statement: 22 values each, well within both backends'
/// limits on bound values (32,766 on SQLite, 65,535 on PostgreSQL).
const DEALS_PER_INSERT: usize = 500;

/// History lines per insert statement: 8 values each.
const HISTORY_PER_INSERT: usize = 1_000;

/// A deal to create from an import, in any status.
#[derive(Debug, Clone)]
pub struct ImportedDeal {
    pub new: NewDeal,
    pub status: DealStatus,
    pub next_step: Option<String>,
    pub next_step_due: Option<NaiveDate>,
    pub lost_reason: Option<String>,
    /// The number the file gives it (`D-7` in its Deal ID column), if any:
    /// the caller has checked that no deal of the workspace has it.
    pub number: Option<i64>,
    /// When it entered its stage; when it was won, for a won deal.
    pub stage_entered_at: DateTime<Utc>,
    /// Its history, oldest first (`created` first); lines without their own
    /// time get the import's.
    pub history: Vec<NewHistory>,
}

/// One step of an import plan.
#[derive(Debug, Clone)]
pub enum ImportStep {
    /// Open a deal with the workspace's next number, or the one it gives.
    Create(ImportedDeal),
    /// Change an existing deal, planned against `edit.deal.version`.
    Update(DealEdit),
}

/// Why an import plan was not applied: the workspace changed since it was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the deal {name:?} changed while the import was being prepared")]
pub struct ImportConflict {
    pub name: String,
}

/// Tells the imports of one process apart (with the time, those of others).
static IMPORTS: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// Applies every step, with `actor` on every history line, `at` on those
    /// without a time of their own, and `note` on those without a note. New
    /// deals are written in batches, hidden until the changes are applied in a
    /// last transaction; nothing is kept if any step fails.
    pub async fn apply_import(
        &self,
        workspace: &str,
        actor: &str,
        at: DateTime<Utc>,
        note: &str,
        steps: &[ImportStep],
    ) -> Result<(), Rejected<ImportConflict>> {
        let at = to_second(at);
        let token = format!(
            "{}-{}-{}",
            std::process::id(),
            Utc::now().timestamp_micros(),
            IMPORTS.fetch_add(1, Ordering::Relaxed)
        );
        let write = Write {
            workspace,
            actor,
            at,
            note,
            token: &token,
        };
        let mut creates: Vec<&ImportedDeal> = steps
            .iter()
            .filter_map(|step| match step {
                ImportStep::Create(deal) => Some(deal),
                ImportStep::Update(_) => None,
            })
            .collect();
        // Deals with the number their file gives first, so the others' next
        // numbers come after those.
        creates.sort_by_key(|deal| deal.number.is_none());
        let updates: Vec<&DealEdit> = steps
            .iter()
            .filter_map(|step| match step {
                ImportStep::Update(edit) => Some(edit),
                ImportStep::Create(_) => None,
            })
            .collect();
        let mut result = Ok(());
        for batch in creates.chunks(BATCH) {
            result = self
                .stage_batch(&write, batch)
                .await
                .map_err(Rejected::Store);
            if result.is_err() {
                break;
            }
            // Let a waiting command take the writer before the next batch.
            tokio::task::yield_now().await;
        }
        if result.is_ok() {
            result = self.finish_import(&write, &updates).await;
        }
        if result.is_err() && !creates.is_empty() {
            if let Err(error) = self.take_back(&write).await {
                tracing::error!(%error, token, "could not take back an unfinished import");
            }
        }
        result
    }

    /// Writes one batch of new deals, hidden, with their history: their
    /// numbers taken in at most two statements, the deals in one multi-row
    /// insert and their history lines in a few more, so that a batch costs a
    /// handful of round trips rather than a few per deal.
    async fn stage_batch(
        &self,
        write: &Write<'_>,
        batch: &[&ImportedDeal],
    ) -> Result<(), StoreError> {
        let highest_given = batch.iter().filter_map(|deal| deal.number).max();
        let unnumbered = batch.iter().filter(|deal| deal.number.is_none()).count() as i64;
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            if let Some(highest) = highest_given {
                sqlx::query(
                    "INSERT INTO workspaces (id, last_deal_number) VALUES ($1, $2) \
                     ON CONFLICT (id) DO UPDATE SET last_deal_number = \
                     CASE WHEN workspaces.last_deal_number > $2 \
                     THEN workspaces.last_deal_number ELSE $2 END",
                )
                .bind(write.workspace)
                .bind(highest)
                .execute(&mut *tx)
                .await?;
            }
            // The deals without a number of their own take the next ones, in
            // the order of the file.
            let mut next_free = 0;
            if unnumbered > 0 {
                let last: i64 = sqlx::query_scalar(
                    "INSERT INTO workspaces (id, last_deal_number) VALUES ($1, $2) \
                     ON CONFLICT (id) DO UPDATE SET \
                     last_deal_number = workspaces.last_deal_number + $2 \
                     RETURNING last_deal_number",
                )
                .bind(write.workspace)
                .bind(unnumbered)
                .fetch_one(&mut *tx)
                .await?;
                next_free = last - unnumbered + 1;
            }
            let numbered: Vec<(i64, &ImportedDeal)> = batch
                .iter()
                .map(|deal| {
                    let number = deal.number.unwrap_or_else(|| {
                        next_free += 1;
                        next_free - 1
                    });
                    (number, *deal)
                })
                .collect();
            let mut ids: HashMap<i64, i64> = HashMap::with_capacity(numbered.len());
            for rows in numbered.chunks(DEALS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO deals (workspace, number, name, name_folded, pipeline, \
                     stage, status, owner, amount_minor, currency, close_date, next_step, \
                     next_step_due, lost_reason, channel, created_by, created_at, \
                     updated_at, stage_entered_at, won_at, deleted_at, import_pending) ",
                );
                insert.push_values(rows, |mut row, (number, deal)| {
                    let won_at = (deal.status == DealStatus::Won)
                        .then_some(to_second(deal.stage_entered_at));
                    row.push_bind(write.workspace)
                        .push_bind(*number)
                        .push_bind(&deal.new.name)
                        .push_bind(fold(&deal.new.name))
                        .push_bind(&deal.new.pipeline)
                        .push_bind(&deal.new.stage)
                        .push_bind(deal.status.as_str())
                        .push_bind(&deal.new.owner)
                        .push_bind(deal.new.amount_minor)
                        .push_bind(&deal.new.currency)
                        .push_bind(deal.new.close_date)
                        .push_bind(&deal.next_step)
                        .push_bind(deal.next_step_due)
                        .push_bind(&deal.lost_reason)
                        .push_bind(&deal.new.channel)
                        .push_bind(write.actor)
                        .push_bind(to_second(deal.new.at))
                        .push_bind(write.at)
                        .push_bind(to_second(deal.stage_entered_at))
                        .push_bind(won_at)
                        .push_bind(write.at)
                        .push_bind(write.token);
                });
                // The order RETURNING gives is not promised: the number says
                // which deal each id is.
                insert.push(" RETURNING number, id");
                let returned: Vec<(i64, i64)> = insert
                    .build_query_as()
                    .persistent(false)
                    .fetch_all(&mut *tx)
                    .await?;
                ids.extend(returned);
            }
            let lines: Vec<(i64, &NewHistory)> = numbered
                .iter()
                .flat_map(|(number, deal)| {
                    let id = ids[number];
                    deal.history.iter().map(move |line| (id, line))
                })
                .collect();
            for rows in lines.chunks(HISTORY_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO deal_history \
                     (workspace, deal_id, at, actor, action, from_value, to_value, note) ",
                );
                insert.push_values(rows, |mut row, (id, line)| {
                    row.push_bind(write.workspace)
                        .push_bind(*id)
                        .push_bind(line.at.map_or(write.at, to_second))
                        .push_bind(write.actor)
                        .push_bind(line.action.as_str())
                        .push_bind(&line.from_value)
                        .push_bind(&line.to_value)
                        .push_bind(line.note.as_deref().unwrap_or(write.note));
                });
                insert.build().persistent(false).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The last transaction: every change, checked against the version it was
    /// planned on, and the new deals shown.
    async fn finish_import(
        &self,
        write: &Write<'_>,
        updates: &[&DealEdit],
    ) -> Result<(), Rejected<ImportConflict>> {
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            for edit in updates {
                let new = &edit.deal;
                let query = sqlx::query_scalar(concat!(
                    "UPDATE deals SET ",
                    set_deal_state!(),
                    ", version = version + 1 \
                     WHERE id = $1 AND workspace = $20 AND version = $21 RETURNING id"
                ));
                let id: Option<i64> = bind_deal_state!(query, new, write.at)
                    .bind(write.workspace)
                    .bind(new.version)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(id) = id else {
                    return Err(Rejected::Refused(ImportConflict {
                        name: new.name.clone(),
                    }));
                };
                insert_history!(tx, write, id, &edit.history);
            }
            sqlx::query(
                "UPDATE deals SET deleted_at = NULL, import_pending = NULL \
                 WHERE import_pending = $1",
            )
            .bind(write.token)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Removes the hidden deals of an import that did not finish.
    async fn take_back(&self, write: &Write<'_>) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "DELETE FROM deal_history WHERE deal_id IN \
                 (SELECT id FROM deals WHERE import_pending = $1)",
            )
            .bind(write.token)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM deals WHERE import_pending = $1")
                .bind(write.token)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The numbers every deal of the workspace has, deleted ones included: an
    /// import may give a new deal only a number none has.
    pub async fn deal_numbers(&self, workspace: &str) -> Result<Vec<i64>, StoreError> {
        let numbers = crate::backend::with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT number FROM deals WHERE workspace = $1 ORDER BY number")
                .bind(workspace)
                .fetch_all(pool)
                .await
        })?;
        Ok(numbers)
    }
}

/// What every write of one import shares.
struct Write<'a> {
    workspace: &'a str,
    actor: &'a str,
    at: DateTime<Utc>,
    note: &'a str,
    token: &'a str,
}

/// Appends `lines` to the deal's history within the transaction `tx`.
macro_rules! insert_history {
    ($tx:expr, $write:expr, $deal_id:expr, $lines:expr) => {
        for line in $lines {
            sqlx::query(INSERT_HISTORY)
                .bind($write.workspace)
                .bind($deal_id)
                .bind(line.at.map_or($write.at, to_second))
                .bind($write.actor)
                .bind(line.action.as_str())
                .bind(&line.from_value)
                .bind(&line.to_value)
                .bind(line.note.as_deref().unwrap_or($write.note))
                .execute(&mut *$tx)
                .await?;
        }
    };
}
use insert_history;
