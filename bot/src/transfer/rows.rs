//! Reading one CSV row into a checked [`Row`]: every cell through the core's own
//! value parsers and the configured pipelines, every problem collected with its
//! line number so the file's author can fix them all in one go.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dealbot_storage::{Deal, DealStatus};

use super::columns::Column;
use super::formula;
use super::values::parse_date;
use super::RowProblem;
use crate::config::{Pipeline, LOST, WON};
use crate::core::command::NEXT_STEP_LIMIT;
use crate::core::env::CoreSettings;
use crate::core::notes::NOTE_LIMIT;
use crate::core::values::{Amount, Currency, DealName, FreeText, UserRef};

/// A row, read and checked. A `None` field had no column or an empty cell;
/// [`Columns::present`] tells which.
#[derive(Debug, Clone)]
pub struct Row {
    /// The deal's number, from the Deal ID cell (`D-7`).
    pub id: Option<i64>,
    pub name: DealName,
    pub amount: Option<Amount>,
    /// The canonical name of the pipeline the cell names.
    pub pipeline: Option<String>,
    /// The status and canonical stage name the cell means.
    pub stage: Option<(DealStatus, String)>,
    /// A user id or shell name.
    pub owner: Option<String>,
    pub close_date: Option<NaiveDate>,
    /// The step and the calendar day it is due.
    pub next_step: Option<(String, NaiveDate)>,
    pub lost_reason: Option<String>,
    /// The day the deal was created (Created Date).
    pub created: Option<NaiveDate>,
    /// The day a closed deal was won or lost: the Closed Date cell, or, in a
    /// file without that column, a closed deal's Close Date (as CRMs write it).
    pub closed: Option<NaiveDate>,
}

/// An owner cell that names nobody dealbot knows, and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedOwner {
    pub line: u64,
    pub cell: String,
}

/// Which known column is at which position of the file.
pub struct Columns {
    at: BTreeMap<Column, usize>,
}

impl Columns {
    /// Finds the known columns in the header: every problem with it, or the
    /// columns and the headers that name none (ignored).
    pub fn from_header(
        headers: &csv::StringRecord,
    ) -> Result<(Columns, Vec<String>), Vec<RowProblem>> {
        let mut at = BTreeMap::new();
        let mut ignored = Vec::new();
        let mut problems = Vec::new();
        for (index, header) in headers.iter().enumerate() {
            let Some(column) = Column::from_header(header) else {
                ignored.push(header.trim().to_string());
                continue;
            };
            if let Some(first) = at.insert(column, index) {
                problems.push(RowProblem {
                    line: 1,
                    message: format!(
                        "columns {} and {} both hold the deal's {}: keep one of them",
                        first + 1,
                        index + 1,
                        column.describe()
                    ),
                });
            }
        }
        if !at.contains_key(&Column::Name) {
            problems.push(RowProblem {
                line: 1,
                message: format!(
                    "no column holds the deal name: call one \"{}\" (the columns dealbot \
                     reads are {})",
                    Column::Name.header(),
                    Column::ALL.map(Column::header).join(", ")
                ),
            });
        }
        if problems.is_empty() {
            Ok((Columns { at }, ignored))
        } else {
            Err(problems)
        }
    }

    pub fn present(&self, column: Column) -> bool {
        self.at.contains_key(&column)
    }

    fn cell<'r>(&self, record: &'r csv::StringRecord, column: Column) -> &'r str {
        self.at
            .get(&column)
            .and_then(|&index| record.get(index))
            .map_or("", |cell| formula::unescape(cell.trim()))
    }
}

/// Reads one record; `existing` is the deal the row's id or name names in the
/// workspace, if exactly one, whose pipeline and status the row may rely on.
/// An owner cell that names nobody is added to `unmatched`, for one refusal
/// that lists them all.
pub fn read_row(
    config: &CoreSettings,
    columns: &Columns,
    record: &csv::StringRecord,
    line: u64,
    existing: impl Fn(Option<i64>, &DealName) -> Option<Deal>,
    unmatched: &mut Vec<UnmatchedOwner>,
) -> Result<Row, Vec<RowProblem>> {
    let mut reader = RowReader {
        config,
        line,
        cells: |column| columns.cell(record, column),
        problems: Vec::new(),
    };
    let id = reader.optional(Column::DealId, deal_number);
    let name = reader.check(Column::Name, |text| {
        DealName::parse(text).map_err(|e| e.to_string())
    });
    let current = name.as_ref().and_then(|name| existing(id, name));
    let amount = reader.amount();
    let pipeline = reader.pipeline(current.as_ref());
    let stage = pipeline.and_then(|pipeline| reader.stage(pipeline));
    let owner_cell = (reader.cells)(Column::Owner);
    let owner = if owner_cell.is_empty() {
        None
    } else {
        let owner = owner_of(&config.settings.users, owner_cell);
        if owner.is_none() {
            unmatched.push(UnmatchedOwner {
                line,
                cell: owner_cell.to_string(),
            });
        }
        owner
    };
    let close_date = reader.optional(Column::CloseDate, parse_date);
    let created = reader.optional(Column::CreatedDate, parse_date);
    let closed_cell = reader.optional(Column::ClosedDate, parse_date);
    let next_step = reader.next_step();
    let status = match &stage {
        Some((status, _)) => Some(*status),
        None => current.as_ref().map(|deal| deal.status),
    };
    let closed = status.is_some_and(|status| status != DealStatus::Open);
    if closed && next_step.is_some() {
        reader.problem(
            Column::NextStep,
            "a won or lost deal has no next step: clear it, or give an open stage".to_string(),
        );
    }
    let lost_reason = reader.optional(Column::LostReason, |text| {
        FreeText::parse(text, "reason", NOTE_LIMIT)
            .map(|reason| reason.as_str().to_string())
            .map_err(|e| e.to_string())
    });
    if lost_reason.is_some() && status.is_some_and(|status| status != DealStatus::Lost) {
        reader.problem(
            Column::LostReason,
            format!("only a lost deal has one: clear it, or set the stage to {LOST}"),
        );
    }
    let closed = match status {
        Some(DealStatus::Won | DealStatus::Lost) if columns.present(Column::ClosedDate) => {
            closed_cell
        }
        Some(DealStatus::Won | DealStatus::Lost) => close_date,
        _ => None,
    };
    if let (Some(created), Some(closed)) = (created, closed) {
        if closed < created {
            reader.problem(
                Column::ClosedDate,
                format!(
                    "\"{closed}\" is before the created date {created}: a deal closes after \
                     it is created"
                ),
            );
        }
    }
    match name {
        Some(name) if reader.problems.is_empty() => Ok(Row {
            id,
            name,
            amount,
            pipeline: pipeline.map(|p| p.name.clone()),
            stage,
            owner,
            close_date,
            next_step,
            lost_reason,
            created,
            closed,
        }),
        _ => Err(reader.problems),
    }
}

/// One row being read: its cells, and the problems found so far.
struct RowReader<'c, F> {
    config: &'c CoreSettings,
    line: u64,
    cells: F,
    problems: Vec<RowProblem>,
}

impl<'c, 'r, F: Fn(Column) -> &'r str> RowReader<'c, F> {
    fn problem(&mut self, column: Column, message: String) {
        self.problems.push(RowProblem {
            line: self.line,
            message: format!("{}: {message}", column.describe()),
        });
    }

    /// The cell read by `parse`, which may also be empty; a problem if it fails.
    fn check<T>(
        &mut self,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match parse((self.cells)(column)) {
            Ok(value) => Some(value),
            Err(message) => {
                self.problem(column, message);
                None
            }
        }
    }

    /// `None` for an empty cell, else the cell read by `parse`.
    fn optional<T>(
        &mut self,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        if (self.cells)(column).is_empty() {
            None
        } else {
            self.check(column, parse)
        }
    }

    /// The amount, in the currency column's currency if there is one (a
    /// currency without an amount is ignored).
    fn amount(&mut self) -> Option<Amount> {
        let currency = self.optional(Column::Currency, |code| {
            Currency::parse(code).map_err(|e| e.to_string())
        });
        let default = currency.unwrap_or(self.config.default_currency);
        self.optional(Column::Amount, |text| {
            let amount = Amount::parse(text, &default).map_err(|e| e.to_string())?;
            match currency {
                Some(currency) if currency != amount.currency => Err(format!(
                    "\"{text}\" is in {} but the currency column says {currency}: make them agree",
                    amount.currency
                )),
                _ => Ok(amount),
            }
        })
    }

    /// The pipeline the row names; else the existing deal's; else the default.
    fn pipeline(&mut self, current: Option<&Deal>) -> Option<&'c Pipeline> {
        let config = self.config;
        let cell = (self.cells)(Column::Pipeline);
        if cell.is_empty() {
            return match current {
                Some(deal) => config.pipeline(&deal.pipeline),
                None => config.default_pipeline().ok(),
            };
        }
        self.check(Column::Pipeline, |name| {
            config.pipeline(name).ok_or_else(|| {
                let known: Vec<String> = config
                    .settings
                    .pipelines
                    .iter()
                    .map(|p| format!("\"{}\"", p.name))
                    .collect();
                format!(
                    "there is no pipeline \"{name}\": use one of {}",
                    known.join(", ")
                )
            })
        })
    }

    fn stage(&mut self, pipeline: &Pipeline) -> Option<(DealStatus, String)> {
        self.optional(Column::Stage, |text| {
            stage_of(pipeline, text).ok_or_else(|| {
                format!(
                    "\"{text}\" is not a stage of the {} pipeline: use one of {}, {WON} or \
                     {LOST}, or map it to one in the pipeline's import_names",
                    pipeline.name,
                    pipeline.stage_names().join(", ")
                )
            })
        })
    }

    /// The next step and its due date: both, or neither.
    fn next_step(&mut self) -> Option<(String, NaiveDate)> {
        let step = (self.cells)(Column::NextStep);
        let due = (self.cells)(Column::NextStepDue);
        match (step.is_empty(), due.is_empty()) {
            (true, true) => None,
            (true, false) => {
                self.problem(
                    Column::NextStep,
                    "is empty but it has a due date: write the step, or clear the date".to_string(),
                );
                None
            }
            (false, true) => {
                self.problem(
                    Column::NextStepDue,
                    "is empty: a next step needs a due date, like 2026-12-01".to_string(),
                );
                None
            }
            (false, false) => {
                let step = self.check(Column::NextStep, |text| {
                    FreeText::parse(text, "next step", NEXT_STEP_LIMIT)
                        .map(|step| step.as_str().to_string())
                        .map_err(|e| e.to_string())
                });
                let due = self.check(Column::NextStepDue, parse_date);
                step.zip(due)
            }
        }
    }
}

/// The user an owner cell names: the id `[users]` gives the name or email
/// (compared ignoring case and extra spaces), else the cell itself when it is
/// a chat user id or shell name, with or without `@`. A display name or email
/// that `[users]` does not list names nobody: the bot could not mention them.
fn owner_of(users: &BTreeMap<String, String>, text: &str) -> Option<String> {
    let wanted = fold_person(text);
    if let Some((_, id)) = users.iter().find(|(name, _)| fold_person(name) == wanted) {
        return Some(id.trim().trim_start_matches('@').to_string());
    }
    let mention = if text.starts_with(['@', '<']) {
        text.to_string()
    } else {
        format!("@{text}")
    };
    UserRef::parse(&mention).ok().map(|user| user.0)
}

/// A name or email as `[users]` compares it: lower case, one space between words.
fn fold_person(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The number of a Deal ID cell: `D-7`, as dealbot writes it (or `d-7`).
fn deal_number(text: &str) -> Result<i64, String> {
    text.strip_prefix("D-")
        .or_else(|| text.strip_prefix("d-"))
        .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|digits| digits.parse::<i64>().ok())
        .filter(|number| *number > 0)
        .ok_or_else(|| {
            format!(
                "\"{text}\" is not a dealbot deal id: write it as dealbot exports it, like \
                 D-7, or clear the cell to match the deal by its name"
            )
        })
}

/// The status and canonical name a stage cell means: an open stage of the
/// pipeline (compared ignoring case, `-` and `_`), or Won / Lost (also written
/// `Closed Won`, `Closed Lost`), directly or through the pipeline's
/// `import_names` (`Qualified To Buy` is Qualifying).
fn stage_of(pipeline: &Pipeline, text: &str) -> Option<(DealStatus, String)> {
    let text = pipeline.import_name(text).unwrap_or(text);
    let folded: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match folded.as_str() {
        "won" | "closedwon" => return Some((DealStatus::Won, WON.to_string())),
        "lost" | "closedlost" => return Some((DealStatus::Lost, LOST.to_string())),
        _ => {}
    }
    pipeline
        .stage_index(text)
        .map(|index| (DealStatus::Open, pipeline.stages[index].name.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Pipeline;

    #[test]
    fn stages_are_canonical_and_closed_won_is_won() {
        let pipeline = Pipeline::new_business();
        assert_eq!(
            stage_of(&pipeline, "building-rapport"),
            Some((DealStatus::Open, "Building Rapport".to_string()))
        );
        assert_eq!(
            stage_of(&pipeline, "Closed Won").map(|s| s.0),
            Some(DealStatus::Won)
        );
        assert_eq!(
            stage_of(&pipeline, "closed_lost").map(|s| s.0),
            Some(DealStatus::Lost)
        );
        assert_eq!(stage_of(&pipeline, "qual"), None, "no prefixes in files");
    }

    #[test]
    fn owners_are_ids_or_names_the_users_table_maps() {
        let mut users = BTreeMap::new();
        users.insert("Jane  Doe".to_string(), "U0JANE".to_string());
        users.insert("bob@acme.com".to_string(), "@U0BOB".to_string());
        let owner = |text| owner_of(&users, text);
        assert_eq!(owner("U123ABC"), Some("U123ABC".to_string()));
        assert_eq!(owner("@rep1"), Some("rep1".to_string()));
        assert_eq!(owner("<@U123ABC>"), Some("U123ABC".to_string()));
        assert_eq!(owner("jane doe"), Some("U0JANE".to_string()));
        assert_eq!(owner("BOB@acme.com"), Some("U0BOB".to_string()));
        assert_eq!(owner("John Smith"), None);
        assert_eq!(owner("john@acme.com"), None);
    }

    #[test]
    fn hubspot_stages_map_through_import_names() {
        let pipeline = Pipeline::new_business();
        assert_eq!(
            stage_of(&pipeline, "Qualified To Buy"),
            Some((DealStatus::Open, "Qualifying".to_string()))
        );
        assert_eq!(
            stage_of(&pipeline, "closedwon").map(|s| s.0),
            Some(DealStatus::Won)
        );
    }

    #[test]
    fn deal_ids_are_dealbots_own() {
        assert_eq!(deal_number("D-7"), Ok(7));
        assert_eq!(deal_number("d-12"), Ok(12));
        for bad in ["7", "D-", "D-0", "D-7a", "12345678901"] {
            let error = deal_number(bad).expect_err(bad);
            assert!(error.contains(&format!("\"{bad}\"")), "{error}");
        }
    }
}
