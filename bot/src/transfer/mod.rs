//! CSV import and export of a workspace's deals, and export of their history, in
//! the columns CRM exports use (`dealbot import`, `dealbot export`,
//! `dealbot export-history`).
//!
//! A cell a spreadsheet would run as a formula is exported with a `'` in front,
//! taken off again on import (see [`formula`]). An export imported into an
//! empty workspace and exported again gives the same bytes. Import checks every row before it changes anything and applies all of
//! them in one transaction, or none; see [`import`] for how rows meet existing
//! deals. A successful import posts one summary to the team
//! ([`summary`]), never one message per deal.

mod changes;
pub mod columns;
pub mod export;
pub mod formula;
pub mod import;
mod rows;
mod summary;
mod values;

pub use export::{export_deals, export_history};
pub use import::import_deals;

use chrono::{DateTime, Utc};

/// Where the deals go and who imports them.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub workspace: String,
    /// The user history lines name, and the owner of rows without one.
    pub actor: String,
    /// The file's name, for the history lines' note.
    pub source: String,
    pub now: DateTime<Utc>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Headers that name no column dealbot knows; their cells were not read.
    pub ignored_columns: Vec<String>,
}

/// One thing wrong with the file; `line` is 1 for the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub message: String,
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has mistakes: every one of them, by line.
    #[error("{} problem(s) in the file", .0.len())]
    Invalid(Vec<RowProblem>),
    /// A deal changed while the import was prepared: running it again is safe.
    #[error("{0}; nothing was imported, run the import again")]
    Conflict(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}
