//! A deal's qualification checklist (VBANT by default): each item answered yes,
//! no or unknown, with a note. An answer and its history line are written in one
//! transaction that holds the deal's row.

use chrono::{DateTime, Utc};

use crate::backend::{with_pool, with_writer};
use crate::deals::{to_second, INSERT_HISTORY};
use crate::{HistoryAction, Store, StoreError};

/// One answered checklist item of a deal.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct QualificationAnswer {
    pub item: String,
    /// `yes`, `no` or `unknown`.
    pub answer: String,
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// What someone said about one checklist item.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAnswer {
    pub item: String,
    pub answer: String,
    pub note: Option<String>,
}

impl Store {
    /// Records `answer` for the deal numbered `number`, with a history line saying
    /// what it was before. Returns the previous answer, if there was one;
    /// [`StoreError::NotFound`] when the workspace has no such deal.
    pub async fn set_qualification(
        &self,
        workspace: &str,
        number: i64,
        actor: &str,
        at: DateTime<Utc>,
        answer: &NewAnswer,
    ) -> Result<Option<QualificationAnswer>, StoreError> {
        let at = to_second(at);
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            let deal_id: Option<i64> = sqlx::query_scalar(
                "UPDATE deals SET version = version + 1, updated_at = $3 \
                 WHERE workspace = $1 AND number = $2 RETURNING id",
            )
            .bind(workspace)
            .bind(number)
            .bind(at)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(deal_id) = deal_id else {
                return Err(StoreError::NotFound);
            };
            let previous: Option<QualificationAnswer> = sqlx::query_as(
                "SELECT item, answer, note, updated_at, updated_by FROM deal_qualification \
                 WHERE deal_id = $1 AND item = $2",
            )
            .bind(deal_id)
            .bind(&answer.item)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO deal_qualification \
                 (workspace, deal_id, item, answer, note, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (deal_id, item) DO UPDATE SET answer = excluded.answer, \
                 note = excluded.note, updated_at = excluded.updated_at, \
                 updated_by = excluded.updated_by",
            )
            .bind(workspace)
            .bind(deal_id)
            .bind(&answer.item)
            .bind(&answer.answer)
            .bind(&answer.note)
            .bind(at)
            .bind(actor)
            .execute(&mut *tx)
            .await?;
            sqlx::query(INSERT_HISTORY)
                .bind(workspace)
                .bind(deal_id)
                .bind(at)
                .bind(actor)
                .bind(HistoryAction::Qualify.as_str())
                .bind(
                    previous
                        .as_ref()
                        .map(|p| format!("{}: {}", p.item, p.answer)),
                )
                .bind(format!("{}: {}", answer.item, answer.answer))
                .bind(&answer.note)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(previous)
        })
    }

    /// The deal's answered checklist items (by the deal's row id), by item name.
    pub async fn qualification(
        &self,
        workspace: &str,
        deal_id: i64,
    ) -> Result<Vec<QualificationAnswer>, StoreError> {
        let answers = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT item, answer, note, updated_at, updated_by FROM deal_qualification \
                 WHERE workspace = $1 AND deal_id = $2 ORDER BY item",
            )
            .bind(workspace)
            .bind(deal_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(answers)
    }
}
