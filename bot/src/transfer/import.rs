//! `dealbot import`: deals from a CSV file into a workspace, all or nothing.
//!
//! 1. Every row is read and checked with the core's own value parsers (deal
//!    names, amounts, currencies, user names) and against the configured
//!    pipelines, stages (and their `import_names`) and `[users]`; every
//!    problem is collected with its line number (the header is line 1, for
//!    `\n` and `\r\n` files alike). Owners that match nobody are listed
//!    together, in one problem.
//! 2. If there is any, nothing is changed and all of them are reported.
//! 3. Otherwise the rows are applied ([`dealbot_storage::Store::apply_import`]):
//!    whole, or not at all.
//! 4. One summary is posted to the team's channels (see `summary`).
//!
//! A row names its deal by its Deal ID (`D-7`, as `dealbot export` writes it),
//! else by name, matched ignoring case within the workspace:
//! - a Deal ID of a deal of the workspace: that deal is updated (the row's name
//!   must be that deal's: an id is not a way to rename); one no deal has ever
//!   had: a new deal is opened with that number, so an export imported into an
//!   empty workspace keeps its ids;
//! - no deal has the name: a new deal is opened, with a `created` history line
//!   (and `won` or `lost` for a closed one) dated as the file says (Created
//!   Date, Closed Date);
//! - one deal has it: the deal is updated where the row differs from it, with
//!   the same history lines the chat commands write (`stage`, `won`, `owner`,
//!   `amount`…), noted as imported; where nothing differs it is left alone. So
//!   importing the same file twice, or the workspace's own export, changes
//!   nothing;
//! - several deals have it (chat allows that): the row needs a Deal ID.
//!
//! A missing column or an empty cell leaves that field of existing deals alone
//! (clear a field in chat); for new deals, stage, pipeline and owner default to
//! the pipeline's first stage, the default pipeline and the importing user.
//! Names are matched, not changed: a row `ACME corp` updates `Acme Corp` and
//! keeps its spelling. Created Date is kept for new deals only.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use dealbot_storage::{Deal, ImportStep, Rejected};

use super::changes::{new_deal, updated_deal};
use super::rows::{read_row, Columns, Row, UnmatchedOwner};
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
    let store = core.store();
    let existing = store
        .all_deals(&options.workspace)
        .await
        .map_err(anyhow::Error::from)?;
    let numbers = store
        .deal_numbers(&options.workspace)
        .await
        .map_err(anyhow::Error::from)?;
    let workspace = Workspace::new(&existing, numbers.into_iter().collect());
    let (rows, ignored_columns) =
        read_file(core, input, &workspace).map_err(ImportError::Invalid)?;

    let mut report = ImportReport {
        ignored_columns,
        ..ImportReport::default()
    };
    let mut steps = Vec::new();
    let config = core.config();
    for row in rows {
        match workspace.deal_for(&row) {
            None => {
                steps.push(ImportStep::Create(new_deal(config, &row, options)?));
                report.created += 1;
            }
            Some(deal) => {
                let edit = updated_deal(deal, &row, options.now);
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
    store
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
    // The import is stored: a summary that cannot be queued is only logged.
    if let Err(error) = super::summary::announce_import(core, options, &report).await {
        tracing::warn!(
            error = format!("{error:#}"),
            "the import is stored, but its summary could not be queued"
        );
    }
    Ok(report)
}

/// The workspace's deals as rows find them: by number and by case-folded
/// name, and every number in use (deleted deals keep theirs).
struct Workspace<'d> {
    by_number: HashMap<i64, &'d Deal>,
    by_name: HashMap<String, Vec<&'d Deal>>,
    numbers: HashSet<i64>,
}

impl<'d> Workspace<'d> {
    fn new(deals: &'d [Deal], numbers: HashSet<i64>) -> Self {
        let mut by_name: HashMap<String, Vec<&Deal>> = HashMap::new();
        for deal in deals {
            by_name
                .entry(deal.name.to_lowercase())
                .or_default()
                .push(deal);
        }
        Workspace {
            by_number: deals.iter().map(|deal| (deal.number, deal)).collect(),
            by_name,
            numbers,
        }
    }

    /// The deal a row with this id and name means: the deal of that number,
    /// else the only deal of that name.
    fn deal_named(&self, id: Option<i64>, name: &DealName) -> Option<&'d Deal> {
        match id {
            Some(number) => self.by_number.get(&number).copied(),
            None => self.only(&name.as_str().to_lowercase()),
        }
    }

    fn deal_for(&self, row: &Row) -> Option<&'d Deal> {
        self.deal_named(row.id, &row.name)
    }

    /// The deal called `folded`, if exactly one is.
    fn only(&self, folded: &str) -> Option<&'d Deal> {
        match self.by_name.get(folded).map(Vec::as_slice) {
            Some([deal]) => Some(deal),
            _ => None,
        }
    }

    /// What is wrong with a row naming its deal this way, if anything.
    fn refusal(&self, row: &Row) -> Option<String> {
        let folded = row.name.as_str().to_lowercase();
        match row.id {
            Some(number) => match self.by_number.get(&number) {
                Some(deal) if deal.name.to_lowercase() != folded => Some(format!(
                    "deal id: {} is \"{}\" in this workspace, not \"{}\": rename it in chat \
                     first, or clear the Deal ID cell to match the deal by its name",
                    short_id(number),
                    deal.name,
                    row.name
                )),
                Some(_) => None,
                None if self.numbers.contains(&number) => Some(format!(
                    "deal id: {id} was deleted or merged away in this workspace: `restore {id}` \
                     in chat first, or clear the Deal ID cell to import the row as a new deal",
                    id = short_id(number)
                )),
                None => None,
            },
            None => {
                let several = self.by_name.get(&folded).filter(|deals| deals.len() > 1)?;
                let ids: Vec<String> = several.iter().map(|deal| short_id(deal.number)).collect();
                Some(format!(
                    "name: several deals are called \"{}\" ({}): give the row a Deal ID \
                     column (as `dealbot export` writes it), or rename all but one in chat",
                    row.name,
                    ids.join(", ")
                ))
            }
        }
    }
}

/// Reads and checks the whole file: its rows and the headers ignored; or every
/// problem in it, by line (the header is line 1, whatever its line ends).
fn read_file(
    core: &Core,
    input: impl Read,
    workspace: &Workspace<'_>,
) -> Result<(Vec<Row>, Vec<String>), Vec<RowProblem>> {
    let mut bytes = Vec::new();
    let mut input = input;
    if let Err(error) = input.read_to_end(&mut bytes) {
        return Err(vec![RowProblem {
            line: 1,
            message: format!("cannot read the file: {error}"),
        }]);
    }
    let lines = LineStarts::of(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
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
    let mut unmatched = Vec::new();
    // Which line first named each deal: by its number, or by name for a new one.
    let mut first_line_of: HashMap<Target, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(RowProblem {
                    line: error.position().map_or(0, |at| lines.line(at)),
                    message: format!("cannot read this line: {error}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |at| lines.line(at));
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
        let existing = |id, name: &DealName| workspace.deal_named(id, name).cloned();
        let row = match read_row(
            core.config(),
            &columns,
            &record,
            line,
            existing,
            &mut unmatched,
        ) {
            Ok(row) => row,
            Err(mut row_problems) => {
                problems.append(&mut row_problems);
                continue;
            }
        };
        let target = match (row.id, workspace.deal_for(&row)) {
            (Some(number), _) => Target::Number(number),
            (None, Some(deal)) => Target::Number(deal.number),
            (None, None) => Target::Name(row.name.as_str().to_lowercase()),
        };
        if let Some(message) = workspace.refusal(&row) {
            problems.push(RowProblem { line, message });
        } else if let Some(first) = first_line_of.get(&target) {
            let what = match &target {
                Target::Number(number) => format!("{} (\"{}\")", short_id(*number), row.name),
                Target::Name(_) => format!("\"{}\"", row.name),
            };
            problems.push(RowProblem {
                line,
                message: format!(
                    "name: {what} is already on line {first}: each deal once per file"
                ),
            });
        } else {
            first_line_of.insert(target, line);
            rows.push(row);
        }
    }
    if let Some(problem) = unmatched_owners(&unmatched) {
        problems.push(problem);
    }
    if problems.is_empty() {
        Ok((rows, ignored))
    } else {
        problems.sort_by_key(|problem| problem.line);
        Err(problems)
    }
}

/// Where each line of the file starts, to number a record's line by its byte
/// offset: the csv reader's own count is off by one for `\r\n` line ends (it
/// starts the record at the `\n` that ends the line before).
struct LineStarts<'b> {
    bytes: &'b [u8],
    starts: Vec<u64>,
}

impl<'b> LineStarts<'b> {
    fn of(bytes: &'b [u8]) -> LineStarts<'b> {
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, byte)| **byte == b'\n')
                .map(|(at, _)| at as u64 + 1),
        );
        LineStarts { bytes, starts }
    }

    /// The line (from 1) of the record starting at `at`: of its first byte
    /// that does not end a line.
    fn line(&self, at: &csv::Position) -> u64 {
        let mut byte = at.byte();
        while self
            .bytes
            .get(byte as usize)
            .is_some_and(|b| *b == b'\r' || *b == b'\n')
        {
            byte += 1;
        }
        self.starts.partition_point(|start| *start <= byte) as u64
    }
}

/// The deal a row is about: an existing or numbered one, or a new one by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    Number(i64),
    Name(String),
}

/// One problem listing every owner the file names that matches nobody, each
/// with its lines, at the first of them.
fn unmatched_owners(unmatched: &[UnmatchedOwner]) -> Option<RowProblem> {
    let first = unmatched.first()?.line;
    let mut lines: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for owner in unmatched {
        lines
            .entry(owner.cell.as_str())
            .or_default()
            .push(owner.line.to_string());
    }
    let listed: Vec<String> = lines
        .iter()
        .map(|(cell, lines)| {
            let label = if lines.len() == 1 { "line" } else { "lines" };
            format!("\"{cell}\" ({label} {})", lines.join(", "))
        })
        .collect();
    Some(RowProblem {
        line: first,
        message: format!(
            "owner: {} match no user: {}. Write each person's chat user id (U0123ABCD on \
             Slack, 123456789012345678 on Discord, a name in the shell), or map the names \
             and emails to ids in the [users] table of the configuration \
             (\"Jane Doe\" = \"U0123ABCD\")",
            if listed.len() == 1 {
                "1 owner".to_string()
            } else {
                format!("{} owners", listed.len())
            },
            listed.join(", ")
        ),
    })
}
