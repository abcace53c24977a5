//! What a checked row does to the workspace: open a new deal, or bring an
//! existing one in line with the row, with the history lines the chat commands
//! would have written for the same changes.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use dealbot_storage::{Deal, DealEdit, DealStatus, ImportedDeal, NewDeal, NewHistory};

use super::columns::Column;
use super::import::ImportOptions;
use super::rows::{Columns, Row};
use crate::config::{LOST, WON};
use crate::core::env::CoreSettings;
use crate::core::format::money;
use crate::core::values::{due_date_in, end_of_day_utc};

/// The deal a row opens.
pub fn new_deal(
    config: &CoreSettings,
    row: &Row,
    options: &ImportOptions,
) -> anyhow::Result<ImportedDeal> {
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
pub fn updated_deal(
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
