//! CSV import and export of a workspace's deals, and export of their history, in
//! the columns CRM exports use (`dealbot import`, `dealbot export`,
//! `dealbot export-history`).
//!
//! A cell a spreadsheet would run as a formula is exported with a `'` in front,
//! taken off again on import (see [`formula`]). An export imported into an
//! empty workspace and exported again gives the same bytes. Import checks every row before it changes anything and applies all of
//! them in one transaction, or none; see [`import`] for how rows meet existing
//! deals.

mod changes;
pub mod columns;
pub mod export;
pub mod formula;
pub mod import;
mod rows;
mod values;

pub use export::{export_deals, export_history};
pub use import::{import_deals, ImportError, ImportOptions, ImportReport, RowProblem};
