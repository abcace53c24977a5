//! Applying an import plan: new deals and changes to existing ones, all in one
//! transaction, so an import either happens entirely or not at all. The plan is
//! made by the caller from a read of the workspace; each change names the
//! version of the deal it was planned against, and the whole import is refused if
//! a deal changed (or a deal of the same name appeared) in between.

use chrono::{DateTime, NaiveDate, Utc};

use crate::backend::with_writer;
use crate::deals::{bind_deal_state, fold, set_deal_state, to_second, INSERT_HISTORY};
use crate::{DealEdit, DealStatus, HistoryAction, NewDeal, NewHistory, Rejected, Store};

/// A deal to create from an import, in any status.
#[derive(Debug, Clone)]
pub struct ImportedDeal {
    pub new: NewDeal,
    pub status: DealStatus,
    pub next_step: Option<String>,
    pub next_step_due: Option<NaiveDate>,
    pub lost_reason: Option<String>,
}

/// One step of an import plan.
#[derive(Debug, Clone)]
pub enum ImportStep {
    /// Open a deal with the workspace's next number.
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

impl Store {
    /// Applies every step in order in one transaction, with `actor` and `at` on
    /// every history line; `note` goes on each line that has no note of its own.
    /// Nothing is written if any step fails.
    pub async fn apply_import(
        &self,
        workspace: &str,
        actor: &str,
        at: DateTime<Utc>,
        note: &str,
        steps: &[ImportStep],
    ) -> Result<(), Rejected<ImportConflict>> {
        let at = to_second(at);
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            for step in steps {
                let (deal_id, history) = match step {
                    ImportStep::Create(deal) => {
                        let taken: i64 = sqlx::query_scalar(
                            "SELECT COUNT(*) FROM deals WHERE workspace = $1 AND name_folded = $2 \
                             AND deleted_at IS NULL",
                        )
                        .bind(workspace)
                        .bind(fold(&deal.new.name))
                        .fetch_one(&mut *tx)
                        .await?;
                        if taken > 0 {
                            return Err(Rejected::Refused(ImportConflict {
                                name: deal.new.name.clone(),
                            }));
                        }
                        let number: i64 = sqlx::query_scalar(
                            "INSERT INTO workspaces (id, last_deal_number) VALUES ($1, 1) \
                             ON CONFLICT (id) DO UPDATE SET \
                             last_deal_number = workspaces.last_deal_number + 1 \
                             RETURNING last_deal_number",
                        )
                        .bind(workspace)
                        .fetch_one(&mut *tx)
                        .await?;
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO deals (workspace, number, name, name_folded, pipeline, \
                             stage, status, owner, amount_minor, currency, close_date, next_step, \
                             next_step_due, lost_reason, channel, created_by, created_at, \
                             updated_at, stage_entered_at, won_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                             $15, $16, $17, $17, $17, $18) RETURNING id",
                        )
                        .bind(workspace)
                        .bind(number)
                        .bind(&deal.new.name)
                        .bind(fold(&deal.new.name))
                        .bind(&deal.new.pipeline)
                        .bind(&deal.new.stage)
                        .bind(deal.status.as_str())
                        .bind(&deal.new.owner)
                        .bind(deal.new.amount_minor)
                        .bind(&deal.new.currency)
                        .bind(deal.new.close_date)
                        .bind(&deal.next_step)
                        .bind(deal.next_step_due)
                        .bind(&deal.lost_reason)
                        .bind(&deal.new.channel)
                        .bind(actor)
                        .bind(at)
                        .bind((deal.status == DealStatus::Won).then_some(at))
                        .fetch_one(&mut *tx)
                        .await?;
                        let created =
                            NewHistory::new(HistoryAction::Created).to(deal.new.stage.clone());
                        (id, vec![created])
                    }
                    ImportStep::Update(edit) => {
                        let new = &edit.deal;
                        let query = sqlx::query_scalar(concat!(
                            "UPDATE deals SET ",
                            set_deal_state!(),
                            ", version = version + 1 \
                             WHERE id = $1 AND workspace = $20 AND version = $21 RETURNING id"
                        ));
                        let id: Option<i64> = bind_deal_state!(query, new, at)
                            .bind(workspace)
                            .bind(new.version)
                            .fetch_optional(&mut *tx)
                            .await?;
                        let Some(id) = id else {
                            return Err(Rejected::Refused(ImportConflict {
                                name: new.name.clone(),
                            }));
                        };
                        (id, edit.history.clone())
                    }
                };
                for line in history {
                    sqlx::query(INSERT_HISTORY)
                        .bind(workspace)
                        .bind(deal_id)
                        .bind(at)
                        .bind(actor)
                        .bind(line.action.as_str())
                        .bind(&line.from_value)
                        .bind(&line.to_value)
                        .bind(line.note.as_deref().unwrap_or(note))
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }
}
