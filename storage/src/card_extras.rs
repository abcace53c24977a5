//! What a deal's card shows besides the deal: its newest history lines and
//! its checklist answers, read in one statement. A card follows most changes,
//! and two queries cost it two round trips to the database.

use chrono::{DateTime, Utc};

use crate::backend::with_pool;
use crate::{HistoryAction, HistoryEntry, QualificationAnswer, Store, StoreError};

/// A card's history lines and checklist answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardExtras {
    /// The newest lines, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Every answered item, by item.
    pub answers: Vec<QualificationAnswer>,
}

/// History lines (part 0) and answers (part 1) in the same columns: a line's
/// id, time, actor, action, from, to and note; an answer's none, time,
/// answerer, item, answer, none and note.
const CARD_EXTRAS: &str = "SELECT * FROM ( \
       SELECT 0 AS part, id, at, actor, action, from_value, to_value, note \
       FROM deal_history WHERE workspace = $1 AND deal_id = $2 \
       ORDER BY id DESC LIMIT $3) AS lines \
     UNION ALL \
     SELECT 1, NULL, updated_at, updated_by, item, answer, NULL, note \
     FROM deal_qualification WHERE workspace = $1 AND deal_id = $2";

/// A row of [`CARD_EXTRAS`], column by column.
type ExtraRow = (
    i32,
    Option<i64>,
    DateTime<Utc>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl Store {
    /// The newest `history_lines` history lines of the deal `deal_id` and its
    /// checklist answers.
    pub async fn card_extras(
        &self,
        workspace: &str,
        deal_id: i64,
        history_lines: i64,
    ) -> Result<CardExtras, StoreError> {
        let rows: Vec<ExtraRow> = with_pool!(self, |pool| {
            sqlx::query_as(CARD_EXTRAS)
                .bind(workspace)
                .bind(deal_id)
                .bind(history_lines)
                .fetch_all(pool)
                .await
        })?;
        let mut extras = CardExtras::default();
        for (part, id, at, actor, action, from_value, to_value, note) in rows {
            match (part, id) {
                (0, Some(id)) => extras.history.push(HistoryEntry {
                    id,
                    deal_id,
                    at,
                    actor,
                    action: HistoryAction::try_from(action)
                        .map_err(|error| StoreError::Database(sqlx::Error::Decode(error.into())))?,
                    from_value,
                    to_value,
                    note,
                }),
                _ => extras.answers.push(QualificationAnswer {
                    item: action,
                    answer: from_value.unwrap_or_default(),
                    note,
                    updated_at: at,
                    updated_by: actor,
                }),
            }
        }
        // A union keeps no order of its own.
        extras.history.sort_by_key(|line| line.id);
        extras
            .answers
            .sort_by(|one, other| one.item.cmp(&other.item));
        Ok(extras)
    }
}
