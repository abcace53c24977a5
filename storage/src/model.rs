//! The rows the store keeps, as the rest of the bot sees them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::HistoryAction;

/// Where a deal stands overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DealStatus {
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }
}

impl TryFrom<String> for DealStatus {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        match value.as_str() {
            "open" => Ok(DealStatus::Open),
            "won" => Ok(DealStatus::Won),
            "lost" => Ok(DealStatus::Lost),
            other => Err(format!("unknown deal status {other:?}")),
        }
    }
}

/// A deal as stored. `number` is its short per-workspace id (`D-42`).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Serialize, Deserialize)]
pub struct Deal {
    pub id: i64,
    pub workspace: String,
    pub number: i64,
    pub name: String,
    pub pipeline: String,
    pub stage: String,
    #[sqlx(try_from = "String")]
    pub status: DealStatus,
    pub owner: String,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub close_date: Option<NaiveDate>,
    pub next_step: Option<String>,
    /// The calendar day the next step is due: the day its writer meant, in
    /// their zone when they wrote it, the same day for every reader.
    pub next_step_due: Option<NaiveDate>,
    pub lost_reason: Option<String>,
    pub channel: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub stage_entered_at: DateTime<Utc>,
    pub version: i64,
    /// The stage the buyer is in (`[buyer] stages`), if anyone said.
    pub buyer_stage: Option<String>,
    /// When it was won, while that win stands: kept when the deal rolls into
    /// the after-sale pipeline (it is open there, and already won), cleared when
    /// it is reopened.
    pub won_at: Option<DateTime<Utc>>,
    /// When it was deleted (or merged into another deal): a deleted deal is
    /// hidden from lists, digests, reports, nags and metrics until restored.
    pub deleted_at: Option<DateTime<Utc>>,
    /// The number of the deal it was merged into, while it stays merged.
    pub merged_into: Option<i64>,
    /// Whether `channel`, where it was opened, is one not every member can
    /// see: then the deal is shown only there and to its owner (unless its
    /// pipeline shares such deals).
    #[serde(default)]
    pub private_channel: bool,
}

/// What is needed to open a deal; the store gives it its number.
#[derive(Debug, Clone)]
pub struct NewDeal {
    /// The adapter the workspace belongs to (`slack`, `discord`, `shell`).
    pub platform: String,
    pub workspace: String,
    pub name: String,
    pub pipeline: String,
    pub stage: String,
    pub owner: String,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub close_date: Option<NaiveDate>,
    pub channel: Option<String>,
    /// Whether `channel` is one not every member can see.
    pub private_channel: bool,
    pub created_by: String,
    pub at: DateTime<Utc>,
}

/// One line of a deal's append-only history.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct HistoryEntry {
    pub id: i64,
    pub deal_id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    #[sqlx(try_from = "String")]
    pub action: HistoryAction,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub note: Option<String>,
}

/// A history line about to be appended: who did what, from what, to what.
#[derive(Debug, Clone, PartialEq)]
pub struct NewHistory {
    pub action: HistoryAction,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub note: Option<String>,
    /// When it happened, if not when it is written: an import keeps the dates
    /// its file gives (a deal created, won or lost before the import).
    pub at: Option<DateTime<Utc>>,
}

impl NewHistory {
    pub fn new(action: HistoryAction) -> Self {
        NewHistory {
            action,
            from_value: None,
            to_value: None,
            note: None,
            at: None,
        }
    }

    pub fn at(mut self, at: Option<DateTime<Utc>>) -> Self {
        self.at = at;
        self
    }

    pub fn from(mut self, value: impl Into<String>) -> Self {
        self.from_value = Some(value.into());
        self
    }

    pub fn to(mut self, value: impl Into<String>) -> Self {
        self.to_value = Some(value.into());
        self
    }

    pub fn from_opt(mut self, value: Option<String>) -> Self {
        self.from_value = value;
        self
    }

    pub fn to_opt(mut self, value: Option<String>) -> Self {
        self.to_value = value;
        self
    }

    pub fn note(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }
}

/// Which deals `list_deals` returns. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct DealFilter {
    pub status: Option<DealStatus>,
    pub owner: Option<String>,
    pub stage: Option<String>,
    /// Only deals of this pipeline, by its exact name.
    pub pipeline: Option<String>,
    /// Only deals whose next step is due before this day.
    pub due_before: Option<NaiveDate>,
    /// Only deals with no next step at all.
    pub without_next_step: bool,
    pub limit: Option<i64>,
}
