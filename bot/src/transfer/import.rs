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

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use dealbot_storage::{
    Deal, DealEdit, DealStatus, ImportStep, ImportedDeal, NewDeal, NewHistory, Rejected,
};

use super::columns::Column;
use super::values::parse_date;
use crate::config::{Pipeline, LOST, WON};
use crate::core::command::{NEXT_STEP_LIMIT, NOTE_LIMIT};
use crate::core::deal_ref::short_id;
use crate::core::format::money;
use crate::core::values::{
    due_date_in, end_of_day_utc, Amount, Currency, DealName, FreeText, UserRef,
};
use crate::core::Core;

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

/// A row, read and checked. `None` fields had no column or an empty cell; which
/// of the two is in [`Columns::present`].
#[derive(Debug, Clone)]
struct Row {
    name: DealName,
    amount: Option<Amount>,
    pipeline: Option<String>,
    /// `None` for an empty cell; the status and canonical stage name otherwise.
    stage: Option<(DealStatus, String)>,
    owner: Option<String>,
    close_date: Option<NaiveDate>,
    /// The step and the local date (in the default time zone) it is due.
    next_step: Option<(String, NaiveDate)>,
    lost_reason: Option<String>,
}

/// Which column is at which position.
struct Columns {
    at: BTreeMap<Column, usize>,
}

impl Columns {
    fn present(&self, column: Column) -> bool {
        self.at.contains_key(&column)
    }

    fn cell<'r>(&self, record: &'r csv::StringRecord, column: Column) -> &'r str {
        self.at
            .get(&column)
            .and_then(|&index| record.get(index))
            .map(str::trim)
            .unwrap_or("")
    }
}

/// Imports the CSV from `input` into the workspace: see the module documentation.
pub async fn import_deals(
    core: &Core,
    input: impl Read,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|error| invalid(1, format!("cannot read the header line: {error}")))?
        .clone();
    let mut report = ImportReport::default();
    let columns = map_columns(&headers, &mut report)?;
    let existing = core
        .store()
        .all_deals(&options.workspace)
        .await
        .map_err(anyhow::Error::from)?;
    let mut by_name: HashMap<String, Vec<&Deal>> = HashMap::new();
    for deal in &existing {
        by_name
            .entry(deal.name.to_lowercase())
            .or_default()
            .push(deal);
    }

    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                problems.push(RowProblem {
                    line,
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
        let existing_deal = |name: &DealName| {
            by_name
                .get(&name.as_str().to_lowercase())
                .and_then(|deals| (deals.len() == 1).then(|| deals[0]))
        };
        match read_row(core, &columns, &record, line, existing_deal) {
            Ok(row) => {
                let key = row.name.as_str().to_lowercase();
                if let Some(first) = first_line_of.get(&key) {
                    problems.push(RowProblem {
                        line,
                        message: format!(
                            "name: \"{}\" is already on line {first}: each deal once per file",
                            row.name
                        ),
                    });
                } else if let Some(deals) = by_name.get(&key).filter(|deals| deals.len() > 1) {
                    let ids: Vec<String> = deals.iter().map(|d| short_id(d.number)).collect();
                    problems.push(RowProblem {
                        line,
                        message: format!(
                            "name: several deals are called \"{}\" ({}): rename all but one \
                             in chat first, so the row says which it means",
                            row.name,
                            ids.join(", ")
                        ),
                    });
                } else {
                    first_line_of.insert(key, line);
                    rows.push(row);
                }
            }
            Err(mut row_problems) => problems.append(&mut row_problems),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|problem| problem.line);
        return Err(ImportError::Invalid(problems));
    }

    let mut steps = Vec::new();
    for row in rows {
        let current = by_name
            .get(&row.name.as_str().to_lowercase())
            .and_then(|deals| deals.first().copied());
        match current {
            None => {
                steps.push(ImportStep::Create(new_deal(core, &row, options)?));
                report.created += 1;
            }
            Some(deal) => {
                let timezone = core.config().default_timezone;
                let edit = updated_deal(deal, &row, &columns, timezone, options.now);
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

fn invalid(line: u64, message: String) -> ImportError {
    ImportError::Invalid(vec![RowProblem { line, message }])
}

/// Finds the known columns in the header; unknown ones are noted in `report`.
fn map_columns(
    headers: &csv::StringRecord,
    report: &mut ImportReport,
) -> Result<Columns, ImportError> {
    let mut at = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        match Column::from_header(header) {
            None => report.ignored_columns.push(header.trim().to_string()),
            Some(column) => {
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
        }
    }
    if !at.contains_key(&Column::Name) {
        problems.push(RowProblem {
            line: 1,
            message: format!(
                "no column holds the deal name: name one \"{}\" (the columns dealbot reads are {})",
                Column::Name.header(),
                Column::ALL.map(Column::header).join(", ")
            ),
        });
    }
    if problems.is_empty() {
        Ok(Columns { at })
    } else {
        Err(ImportError::Invalid(problems))
    }
}

/// Reads and checks one row; every problem in it at once.
fn read_row<'d>(
    core: &Core,
    columns: &Columns,
    record: &csv::StringRecord,
    line: u64,
    existing: impl Fn(&DealName) -> Option<&'d Deal>,
) -> Result<Row, Vec<RowProblem>> {
    let config = core.config();
    let mut problems = Vec::new();
    let mut problem = |column: Column, message: String| {
        problems.push(RowProblem {
            line,
            message: format!("{}: {message}", column.describe()),
        });
    };
    let cell = |column: Column| columns.cell(record, column);

    let name = match DealName::parse(cell(Column::Name)) {
        Ok(name) => Some(name),
        Err(error) => {
            problem(Column::Name, error.to_string());
            None
        }
    };
    let current = name.as_ref().and_then(&existing);

    let currency = match cell(Column::Currency) {
        "" => None,
        code => match Currency::parse(code) {
            Ok(currency) => Some(currency),
            Err(error) => {
                problem(Column::Currency, error.to_string());
                None
            }
        },
    };
    let amount = match cell(Column::Amount) {
        "" => None,
        text => match Amount::parse(text, &currency.unwrap_or(config.default_currency)) {
            Ok(amount) if currency.is_some_and(|c| c != amount.currency) => {
                problem(
                    Column::Amount,
                    format!(
                        "\"{text}\" is in {} but the currency column says {}: make them agree",
                        amount.currency,
                        currency.map(|c| c.to_string()).unwrap_or_default()
                    ),
                );
                None
            }
            Ok(amount) => Some(amount),
            Err(error) => {
                problem(Column::Amount, error.to_string());
                None
            }
        },
    };

    let pipeline_cell = cell(Column::Pipeline);
    let pipeline: Option<&Pipeline> = if pipeline_cell.is_empty() {
        match current {
            Some(deal) => config.pipeline(&deal.pipeline),
            None => config.default_pipeline().ok(),
        }
    } else {
        let found = config.pipeline(pipeline_cell);
        if found.is_none() {
            let known: Vec<String> = config
                .settings
                .pipelines
                .iter()
                .map(|p| format!("\"{}\"", p.name))
                .collect();
            problem(
                Column::Pipeline,
                format!(
                    "there is no pipeline \"{pipeline_cell}\": use one of {}",
                    known.join(", ")
                ),
            );
        }
        found
    };
    let stage = match (cell(Column::Stage), pipeline) {
        ("", _) => None,
        (text, Some(pipeline)) => match stage_of(pipeline, text) {
            Some(stage) => Some(stage),
            None => {
                problem(
                    Column::Stage,
                    format!(
                        "\"{text}\" is not a stage of the {} pipeline: use one of {}, {WON} or {LOST}",
                        pipeline.name,
                        pipeline.stage_names().join(", ")
                    ),
                );
                None
            }
        },
        (_, None) => None,
    };

    let owner = match cell(Column::Owner) {
        "" => None,
        text => {
            let mention = if text.starts_with(['@', '<']) {
                text.to_string()
            } else {
                format!("@{text}")
            };
            match UserRef::parse(&mention) {
                Ok(user) => Some(user.0),
                Err(_) => {
                    problem(
                        Column::Owner,
                        format!(
                            "\"{text}\" is not a user id: write the person's chat id \
                             (U123ABC on Slack, 123456789012345678 on Discord) or shell name"
                        ),
                    );
                    None
                }
            }
        }
    };

    let close_date = match cell(Column::CloseDate) {
        "" => None,
        text => parse_date(text)
            .map_err(|error| problem(Column::CloseDate, error))
            .ok(),
    };

    let step_text = cell(Column::NextStep);
    let due_text = cell(Column::NextStepDue);
    let next_step = match (step_text, due_text) {
        ("", "") => None,
        ("", _) => {
            problem(
                Column::NextStep,
                "is empty but it has a due date: write the step, or clear the date".to_string(),
            );
            None
        }
        (_, "") => {
            problem(
                Column::NextStepDue,
                "is empty: a next step needs a due date, like 2026-12-01".to_string(),
            );
            None
        }
        (step, due) => {
            let step = FreeText::parse(step, "next step", NEXT_STEP_LIMIT)
                .map_err(|error| problem(Column::NextStep, error.to_string()))
                .ok();
            let due = parse_date(due)
                .map_err(|error| problem(Column::NextStepDue, error))
                .ok();
            step.zip(due)
                .map(|(step, due)| (step.as_str().to_string(), due))
        }
    };
    let closed = stage
        .as_ref()
        .map(|(status, _)| *status != DealStatus::Open)
        .unwrap_or_else(|| current.is_some_and(|deal| deal.status != DealStatus::Open));
    if closed && !step_text.is_empty() {
        problem(
            Column::NextStep,
            "a won or lost deal has no next step: clear it, or give an open stage".to_string(),
        );
    }

    let lost_reason = match cell(Column::LostReason) {
        "" => None,
        text => FreeText::parse(text, "reason", NOTE_LIMIT)
            .map_err(|error| problem(Column::LostReason, error.to_string()))
            .map(|reason| reason.as_str().to_string())
            .ok(),
    };

    match name {
        Some(name) if problems.is_empty() => Ok(Row {
            name,
            amount,
            pipeline: pipeline.map(|p| p.name.clone()),
            stage,
            owner,
            close_date,
            next_step,
            lost_reason,
        }),
        _ => Err(problems),
    }
}

/// The status and canonical name a stage cell means: an open stage of the
/// pipeline (compared ignoring case, `-` and `_`), or Won / Lost (also written
/// `Closed Won`, `Closed Lost`).
fn stage_of(pipeline: &Pipeline, text: &str) -> Option<(DealStatus, String)> {
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

/// The deal a row opens.
fn new_deal(core: &Core, row: &Row, options: &ImportOptions) -> Result<ImportedDeal, ImportError> {
    let config = core.config();
    let pipeline = match &row.pipeline {
        Some(name) => config.pipeline(name),
        None => config.default_pipeline().ok(),
    }
    .ok_or_else(|| anyhow::anyhow!("the default pipeline is not configured"))?;
    let (status, stage) = match &row.stage {
        Some(stage) => stage.clone(),
        None => {
            let first = pipeline
                .stages
                .first()
                .ok_or_else(|| anyhow::anyhow!("pipeline {} has no stages", pipeline.name))?;
            (DealStatus::Open, first.name.clone())
        }
    };
    Ok(ImportedDeal {
        new: NewDeal {
            workspace: options.workspace.clone(),
            name: row.name.as_str().to_string(),
            pipeline: pipeline.name.clone(),
            stage,
            owner: row.owner.clone().unwrap_or_else(|| options.actor.clone()),
            amount_minor: row.amount.map(|amount| amount.minor),
            currency: row.amount.map(|amount| amount.currency.to_string()),
            close_date: row.close_date,
            channel: None,
            created_by: options.actor.clone(),
            at: options.now,
        },
        status,
        next_step: row.next_step.as_ref().map(|(step, _)| step.clone()),
        next_step_due: row
            .next_step
            .as_ref()
            .map(|(_, due)| end_of_day_utc(*due, config.default_timezone)),
        lost_reason: row.lost_reason.clone(),
    })
}

/// `deal` as the row says it should be, with a history line for each difference
/// (none if the row agrees with it). Due dates are compared as dates in the
/// default time zone, as they were exported.
fn updated_deal(
    deal: &Deal,
    row: &Row,
    columns: &Columns,
    timezone: Tz,
    now: DateTime<Utc>,
) -> DealEdit {
    let mut next = deal.clone();
    let mut history = Vec::new();
    if let Some(pipeline) = &row.pipeline {
        if *pipeline != deal.pipeline {
            next.pipeline = pipeline.clone();
            history.push(
                NewHistory::new("pipeline")
                    .from(deal.pipeline.clone())
                    .to(pipeline.clone()),
            );
        }
    }
    if let Some((status, stage)) = &row.stage {
        if *stage != deal.stage || *status != deal.status {
            next.status = *status;
            next.stage = stage.clone();
            next.stage_entered_at = now;
            match status {
                DealStatus::Won => {
                    history.push(NewHistory::new("won").from(deal.stage.clone()).to(WON));
                }
                DealStatus::Lost => history.push(
                    NewHistory::new("lost")
                        .from(deal.stage.clone())
                        .to(LOST)
                        .note(row.lost_reason.clone()),
                ),
                DealStatus::Open => {
                    if deal.status != DealStatus::Open {
                        history.push(NewHistory::new("reopened").from(deal.stage.clone()));
                    }
                    history.push(
                        NewHistory::new("stage")
                            .from(deal.stage.clone())
                            .to(stage.clone()),
                    );
                }
            }
        }
    }
    if let Some(owner) = &row.owner {
        if *owner != deal.owner {
            next.owner = owner.clone();
            history.push(
                NewHistory::new("owner")
                    .from(deal.owner.clone())
                    .to(owner.clone()),
            );
        }
    }
    if columns.present(Column::Amount) {
        next.amount_minor = row.amount.map(|amount| amount.minor);
        next.currency = row.amount.map(|amount| amount.currency.to_string());
        if next.amount_minor != deal.amount_minor || next.currency != deal.currency {
            history.push(
                NewHistory::new("amount")
                    .from_opt(money(deal))
                    .to_opt(money(&next)),
            );
        }
    }
    if columns.present(Column::CloseDate) && row.close_date != deal.close_date {
        next.close_date = row.close_date;
        history.push(
            NewHistory::new("close-date")
                .from_opt(deal.close_date.map(|d| d.to_string()))
                .to_opt(row.close_date.map(|d| d.to_string())),
        );
    }
    if columns.present(Column::NextStep) || columns.present(Column::NextStepDue) {
        let unchanged = match (&deal.next_step, deal.next_step_due, &row.next_step) {
            (None, _, None) => true,
            (Some(old), Some(old_due), Some((new, new_due))) => {
                old == new && due_date_in(old_due, timezone) == *new_due
            }
            _ => false,
        };
        if !unchanged && next.status == DealStatus::Open {
            next.next_step = row.next_step.as_ref().map(|(step, _)| step.clone());
            next.next_step_due = row
                .next_step
                .as_ref()
                .map(|(_, due)| end_of_day_utc(*due, timezone));
            history.push(
                NewHistory::new("next")
                    .from_opt(deal.next_step.clone())
                    .to_opt(
                        row.next_step
                            .as_ref()
                            .map(|(step, due)| format!("{step} (due {due})")),
                    ),
            );
        }
    }
    if next.status != DealStatus::Open {
        next.next_step = None;
        next.next_step_due = None;
    }
    if columns.present(Column::LostReason) && row.lost_reason != deal.lost_reason {
        next.lost_reason = row.lost_reason.clone();
        if !history.iter().any(|line| line.action == "lost") {
            history.push(
                NewHistory::new("lost-reason")
                    .from_opt(deal.lost_reason.clone())
                    .to_opt(row.lost_reason.clone()),
            );
        }
    }
    DealEdit {
        deal: next,
        history,
    }
}
