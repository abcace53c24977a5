//! `dealbot import`: deals from a CSV file into a workspace, all or nothing.
//!
//! 1. Every row is read and checked with the core's own value parsers (deal
//!    names, amounts, currencies, user names) and against the configured
//!    pipelines and stages; every problem is collected with its line number.
//! 2. If there is any, nothing is changed and all of them are reported.
//! 3. Otherwise the rows are applied in one transaction.
//!
//! A row names its deal by name, matched ignoring case within the workspace:
//! - no deal has that name: a new deal is opened, with a `created` history line;
//! - one deal has it: the deal is updated where the row differs from it, with
//!   the same history lines the chat commands write (`stage`, `won`, `owner`,
//!   `amount`…), noted as imported; where nothing differs it is left alone. So
//!   importing the same file twice changes nothing the second time.
//!
//! A column missing from the file leaves that field of existing deals alone; an
//! empty cell in a present column clears the field (stage, pipeline and owner,
//! which cannot be empty, are then left as they are, or defaulted for new deals:
//! the pipeline's first stage, the default pipeline, the importing user). Names
//! are matched, not changed: a row `ACME corp` updates `Acme Corp` and keeps its
//! spelling.

use std::collections::HashMap;
use std::io::Read;

use dealbot_storage::{Deal, ImportStep, Rejected};

use super::changes::{new_deal, updated_deal};
use super::rows::{read_row, Columns, Row};
use super::{ImportError, ImportOptions, ImportReport, RowProblem};
use crate::core::deal_ref::short_id;
use crate::core::values::DealName;
use crate::core::Core;

/// Imports the CSV from `input` into the workspace: see the module documentation.
pub async fn import_deals(
    core: &Core,
    input: impl Read,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let existing = core
        .store()
        .all_deals(&options.workspace)
        .await
        .map_err(anyhow::Error::from)?;
    let by_name = DealsByName::new(&existing);
    let (columns, rows, ignored_columns) =
        read_file(core, input, &by_name).map_err(ImportError::Invalid)?;

    let mut report = ImportReport {
        ignored_columns,
        ..ImportReport::default()
    };
    let mut steps = Vec::new();
    let config = core.config();
    for row in rows {
        match by_name.only(&row.name.as_str().to_lowercase()) {
            None => {
                steps.push(ImportStep::Create(new_deal(config, &row, options)?));
                report.created += 1;
            }
            Some(deal) => {
                let edit = updated_deal(deal, &row, &columns, options.now);
                if edit.history.is_empty() {
                    report.unchanged += 1;
                } else {
                    steps.push(ImportStep::Update(edit));
                    report.updated += 1;
                }
            }
        }
    }
    let note = format!("imported from {}", options.source);
    core.store()
        .apply_import(
            &options.workspace,
            &options.actor,
            options.now,
            &note,
            &steps,
        )
        .await
        .map_err(|error| match error {
            Rejected::Refused(conflict) => ImportError::Conflict(conflict.to_string()),
            Rejected::Store(error) => ImportError::Internal(error.into()),
        })?;
    Ok(report)
}

/// The workspace's deals by case-folded name.
struct DealsByName<'d>(HashMap<String, Vec<&'d Deal>>);

impl<'d> DealsByName<'d> {
    fn new(deals: &'d [Deal]) -> Self {
        let mut by_name: HashMap<String, Vec<&Deal>> = HashMap::new();
        for deal in deals {
            by_name
                .entry(deal.name.to_lowercase())
                .or_default()
                .push(deal);
        }
        DealsByName(by_name)
    }

    /// The deal called `folded`, if exactly one is.
    fn only(&self, folded: &str) -> Option<&'d Deal> {
        match self.0.get(folded).map(Vec::as_slice) {
            Some([deal]) => Some(deal),
            _ => None,
        }
    }

    /// The ids of the deals called `folded`, when more than one is.
    fn several(&self, folded: &str) -> Option<Vec<String>> {
        self.0
            .get(folded)
            .filter(|deals| deals.len() > 1)
            .map(|deals| deals.iter().map(|deal| short_id(deal.number)).collect())
    }
}

/// Reads and checks the whole file: its columns, its rows, and the headers
/// ignored; or every problem in it, by line.
fn read_file(
    core: &Core,
    input: impl Read,
    by_name: &DealsByName<'_>,
) -> Result<(Columns, Vec<Row>, Vec<String>), Vec<RowProblem>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|error| {
            vec![RowProblem {
                line: 1,
                message: format!("cannot read the header line: {error}"),
            }]
        })?
        .clone();
    let (columns, ignored) = Columns::from_header(&headers)?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(RowProblem {
                    line: error.position().map_or(0, csv::Position::line),
                    message: format!("cannot read this line: {error}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() > headers.len() {
            problems.push(RowProblem {
                line,
                message: format!(
                    "has {} cells but the header has {} columns: quote cells that contain commas",
                    record.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let existing = |name: &DealName| by_name.only(&name.as_str().to_lowercase()).cloned();
        let row = match read_row(core.config(), &columns, &record, line, existing) {
            Ok(row) => row,
            Err(mut row_problems) => {
                problems.append(&mut row_problems);
                continue;
            }
        };
        let folded = row.name.as_str().to_lowercase();
        if let Some(first) = first_line_of.get(&folded) {
            problems.push(RowProblem {
                line,
                message: format!(
                    "name: \"{}\" is already on line {first}: each deal once per file",
                    row.name
                ),
            });
        } else if let Some(ids) = by_name.several(&folded) {
            problems.push(RowProblem {
                line,
                message: format!(
                    "name: several deals are called \"{}\" ({}): rename all but one in chat \
                     first, so the row says which it means",
                    row.name,
                    ids.join(", ")
                ),
            });
        } else {
            first_line_of.insert(folded, line);
            rows.push(row);
        }
    }
    if problems.is_empty() {
        Ok((columns, rows, ignored))
    } else {
        problems.sort_by_key(|problem| problem.line);
        Err(problems)
    }
}
