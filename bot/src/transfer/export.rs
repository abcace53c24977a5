//! Writing a workspace's deals, or their history, as CSV, every cell that a
//! spreadsheet would run as a formula marked as text ([`formula::escape`]).

use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use dealbot_storage::{Deal, DealStatus, Store};

use super::columns::Column;
use super::formula;
use super::values::plain_amount;
use crate::core::deal_ref::short_id;

/// Writes every deal of `workspace`, by number, in [`Column::ALL`] order.
/// Returns how many deals.
pub async fn export_deals(
    store: &Store,
    workspace: &str,
    out: impl Write,
) -> anyhow::Result<usize> {
    let deals = store.all_deals(workspace).await?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(Column::ALL.map(Column::header))?;
    for deal in &deals {
        let cell = |column: Column| -> String {
            match column {
                Column::Name => deal.name.clone(),
                Column::Amount => deal.amount_minor.map(plain_amount).unwrap_or_default(),
                Column::Currency => deal.currency.clone().unwrap_or_default(),
                Column::Stage => deal.stage.clone(),
                Column::Pipeline => deal.pipeline.clone(),
                Column::Owner => deal.owner.clone(),
                Column::CloseDate => deal.close_date.map(|d| d.to_string()).unwrap_or_default(),
                Column::NextStep => deal.next_step.clone().unwrap_or_default(),
                Column::NextStepDue => deal
                    .next_step_due
                    .map(|due| due.to_string())
                    .unwrap_or_default(),
                Column::LostReason => deal.lost_reason.clone().unwrap_or_default(),
                Column::DealId => short_id(deal.number),
                Column::CreatedDate => deal.created_at.date_naive().to_string(),
                Column::ClosedDate => closed_at(deal)
                    .map(|at| at.date_naive().to_string())
                    .unwrap_or_default(),
            }
        };
        writer
            .write_record(Column::ALL.map(|column| formula::escape(&cell(column)).into_owned()))?;
    }
    writer.flush()?;
    Ok(deals.len())
}

/// When the deal was closed, while it stays closed: when it was won (a win
/// that stands, also in an after-sale pipeline), or when it entered Lost.
pub fn closed_at(deal: &Deal) -> Option<DateTime<Utc>> {
    match (deal.won_at, deal.status) {
        (Some(won_at), _) => Some(won_at),
        (None, DealStatus::Lost) => Some(deal.stage_entered_at),
        _ => None,
    }
}

/// The history export's header.
const HISTORY_HEADER: [&str; 8] = [
    "Deal ID",
    "Deal Name",
    "At (UTC)",
    "Actor",
    "Action",
    "From",
    "To",
    "Note",
];

/// Writes every history line of `workspace`'s deals, by deal, oldest first.
/// Returns how many lines.
pub async fn export_history(
    store: &Store,
    workspace: &str,
    out: impl Write,
) -> anyhow::Result<usize> {
    let rows = store.all_history(workspace).await?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HISTORY_HEADER)?;
    for row in &rows {
        let cells = [
            short_id(row.number),
            row.name.clone(),
            row.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            row.actor.clone(),
            row.action.as_str().to_string(),
            row.from_value.clone().unwrap_or_default(),
            row.to_value.clone().unwrap_or_default(),
            row.note.clone().unwrap_or_default(),
        ];
        writer.write_record(cells.map(|cell| formula::escape(&cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(rows.len())
}
