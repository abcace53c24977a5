//! What a checked row does to the workspace: open a new deal, or bring an
//! existing one in line with the row, with the history lines the chat commands
//! would have written for the same changes (where a deal stands changes
//! through the lifecycle's import transition, [`import_standing`]).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use dealbot_storage::{
    Deal, DealEdit, DealStatus, HistoryAction, ImportedDeal, NewDeal, NewHistory,
};

use super::rows::Row;
use super::ImportOptions;
use crate::core::deal::{first_stage, import_standing, Draft};
use crate::core::env::CoreSettings;
use crate::core::format::money;

/// Midnight UTC of `day`: the moment a date-only cell stands for.
pub fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// The deal a row opens, numbered as its Deal ID says if it has one, with the
/// history the chat commands would have written: `created`, then `won` or
/// `lost` for a closed deal, each at the date the file gives.
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
    let first = first_stage(pipeline)?;
    let (status, stage) = match &row.stage {
        Some(stage) => stage.clone(),
        None => (DealStatus::Open, first.clone()),
    };
    let created_at = row.created.map_or(options.now, start_of);
    let closed_at = row.closed.map_or(options.now, start_of);
    let history = match status {
        DealStatus::Open => vec![NewHistory::new(HistoryAction::Created)
            .to(stage.clone())
            .at(Some(created_at))],
        DealStatus::Won | DealStatus::Lost => {
            let action = if status == DealStatus::Won {
                HistoryAction::Won
            } else {
                HistoryAction::Lost
            };
            vec![
                NewHistory::new(HistoryAction::Created)
                    .to(first.clone())
                    .at(Some(created_at)),
                NewHistory::new(action)
                    .from(first)
                    .to(stage.clone())
                    .note(row.lost_reason.clone())
                    .at(Some(closed_at)),
            ]
        }
    };
    Ok(ImportedDeal {
        new: NewDeal {
            // The import keeps an existing workspace's platform; a new one starts
            // as the shell's until a chat platform uses it.
            platform: "shell".to_string(),
            workspace: options.workspace.clone(),
            name: row.name.as_str().to_string(),
            pipeline: pipeline.name.clone(),
            stage,
            owner: row.owner.clone().unwrap_or_else(|| options.actor.clone()),
            amount_minor: row.amount.map(|amount| amount.minor),
            currency: row.amount.map(|amount| amount.currency.to_string()),
            close_date: row.close_date,
            channel: None,
            private_channel: false,
            created_by: options.actor.clone(),
            at: created_at,
        },
        status,
        next_step: row.next_step.as_ref().map(|(step, _)| step.clone()),
        next_step_due: row.next_step.as_ref().map(|(_, due)| *due),
        lost_reason: row.lost_reason.clone(),
        number: row.id,
        stage_entered_at: if status == DealStatus::Open {
            options.now
        } else {
            closed_at
        },
        history,
    })
}

/// `deal` as the row says it should be, with a history line for each difference
/// (none if the row agrees with it): where it stands goes through the
/// lifecycle's import transition, dated at the row's closed date when it closes
/// the deal; its other fields are set here. An empty cell leaves its field as
/// it is, so no line ever changes a value to nothing.
pub fn updated_deal(deal: &Deal, row: &Row, now: DateTime<Utc>) -> DealEdit {
    let mut draft = Draft::new(deal);
    if let Some(pipeline) = &row.pipeline {
        if *pipeline != deal.pipeline {
            draft.change_pipeline(pipeline);
        }
    }
    if let Some((status, stage)) = &row.stage {
        let from = draft.lines();
        let when = row.closed.map(start_of);
        import_standing(
            &mut draft,
            *status,
            stage,
            row.lost_reason.clone(),
            when.unwrap_or(now),
        );
        if let Some(when) = when {
            draft.stamp_from(from, when);
        }
    }
    if let Some(owner) = &row.owner {
        if *owner != deal.owner {
            draft.deal_mut().owner = owner.clone();
            draft.line(
                NewHistory::new(HistoryAction::Owner)
                    .from(deal.owner.clone())
                    .to(owner.clone()),
            );
        }
    }
    if let Some(amount) = row.amount {
        let next = draft.deal_mut();
        next.amount_minor = Some(amount.minor);
        next.currency = Some(amount.currency.to_string());
        if next.amount_minor != deal.amount_minor || next.currency != deal.currency {
            let to = money(next);
            draft.line(
                NewHistory::new(HistoryAction::Amount)
                    .from_opt(money(deal))
                    .to_opt(to),
            );
        }
    }
    if let Some(close_date) = row.close_date.filter(|day| Some(*day) != deal.close_date) {
        draft.deal_mut().close_date = Some(close_date);
        draft.line(
            NewHistory::new(HistoryAction::CloseDate)
                .from_opt(deal.close_date.map(|d| d.to_string()))
                .to(close_date.to_string()),
        );
    }
    if let Some((step, due)) = &row.next_step {
        let unchanged = deal.next_step.as_ref() == Some(step) && deal.next_step_due == Some(*due);
        if !unchanged && draft.deal().status == DealStatus::Open {
            let next = draft.deal_mut();
            next.next_step = Some(step.clone());
            next.next_step_due = Some(*due);
            draft.line(
                NewHistory::new(HistoryAction::Next)
                    .from_opt(deal.next_step.clone())
                    .to(format!("{step} (due {due})")),
            );
        }
    }
    if let Some(reason) = row.lost_reason.as_ref().filter(|_| {
        draft.deal().status == DealStatus::Lost
            && row.lost_reason != draft.deal().lost_reason
            && !draft.has(HistoryAction::Lost)
    }) {
        let from = draft.deal().lost_reason.clone();
        draft.deal_mut().lost_reason = Some(reason.clone());
        draft.line(
            NewHistory::new(HistoryAction::LostReason)
                .from_opt(from)
                .to(reason.clone()),
        );
    }
    draft.finish()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};
    use dealbot_storage::Deal;

    use super::*;
    use crate::config::{LOST, WON};
    use crate::core::values::DealName;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0)
            .single()
            .expect("valid")
    }

    fn lost_deal() -> Deal {
        Deal {
            id: 7,
            workspace: "T1".into(),
            number: 3,
            name: "Umbrella".into(),
            pipeline: "new-business".into(),
            stage: LOST.into(),
            buyer_stage: None,
            status: DealStatus::Lost,
            owner: "rep1".into(),
            amount_minor: Some(100_000),
            currency: Some("USD".into()),
            close_date: None,
            next_step: None,
            next_step_due: None,
            lost_reason: Some("price".into()),
            channel: None,
            created_by: "rep1".into(),
            created_at: at(1),
            updated_at: at(1),
            stage_entered_at: at(2),
            version: 4,
            won_at: None,
            deleted_at: None,
            merged_into: None,
            private_channel: false,
        }
    }

    fn row_like(deal: &Deal) -> Row {
        Row {
            id: None,
            name: DealName::parse(&deal.name).expect("name"),
            amount: None,
            pipeline: Some(deal.pipeline.clone()),
            stage: Some((deal.status, deal.stage.clone())),
            owner: Some(deal.owner.clone()),
            close_date: deal.close_date,
            next_step: None,
            lost_reason: deal.lost_reason.clone(),
            created: None,
            closed: None,
        }
    }

    fn actions(edit: &DealEdit) -> Vec<&str> {
        edit.history
            .iter()
            .map(|line| line.action.as_str())
            .collect()
    }

    #[test]
    fn a_row_that_agrees_changes_nothing_not_even_the_version() {
        let deal = lost_deal();
        let mut row = row_like(&deal);
        row.amount = Some(crate::core::values::Amount {
            minor: 100_000,
            currency: crate::core::values::Currency::USD,
        });
        let edit = updated_deal(&deal, &row, at(23));
        assert!(edit.history.is_empty(), "{:?}", edit.history);
        assert_eq!(edit.deal, deal);
    }

    #[test]
    fn reopening_a_lost_deal_writes_what_the_stage_command_writes() {
        let deal = lost_deal();
        let mut row = row_like(&deal);
        row.stage = Some((DealStatus::Open, "Qualifying".into()));
        row.lost_reason = None;
        row.next_step = Some((
            "call back".into(),
            NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid"),
        ));
        let edit = updated_deal(&deal, &row, at(23));
        assert_eq!(actions(&edit), ["reopened", "stage", "next"]);
        assert_eq!(edit.deal.status, DealStatus::Open);
        assert_eq!(edit.deal.lost_reason, None);
        assert_eq!(edit.deal.stage_entered_at, at(23));
        assert_eq!(
            edit.deal.next_step_due,
            NaiveDate::from_ymd_opt(2026, 11, 27)
        );
        assert_eq!(
            edit.deal.version, deal.version,
            "planned against this version"
        );
    }

    #[test]
    fn winning_clears_the_next_step_and_columns_not_in_the_file_stay() {
        let mut deal = lost_deal();
        deal.status = DealStatus::Open;
        deal.stage = "Closing".into();
        deal.lost_reason = None;
        deal.next_step = Some("sign".into());
        deal.next_step_due = NaiveDate::from_ymd_opt(2026, 11, 25);
        let mut row = row_like(&deal);
        row.stage = Some((DealStatus::Won, WON.into()));
        let edit = updated_deal(&deal, &row, at(23));
        assert_eq!(actions(&edit), ["won"]);
        assert_eq!(edit.deal.next_step, None);
        assert_eq!(edit.deal.amount_minor, Some(100_000), "an empty amount");
    }

    #[test]
    fn a_closed_date_dates_the_closing_and_empty_cells_change_nothing() {
        let mut deal = lost_deal();
        deal.status = DealStatus::Open;
        deal.stage = "Closing".into();
        deal.lost_reason = None;
        deal.close_date = NaiveDate::from_ymd_opt(2026, 11, 30);
        let mut row = row_like(&deal);
        row.stage = Some((DealStatus::Won, WON.into()));
        row.close_date = None;
        row.closed = NaiveDate::from_ymd_opt(2026, 11, 3);
        let edit = updated_deal(&deal, &row, at(23));
        assert_eq!(actions(&edit), ["won"]);
        assert_eq!(edit.history[0].at, Some(at(3) - chrono::Duration::hours(9)));
        assert_eq!(edit.deal.won_at, edit.history[0].at);
        assert_eq!(edit.deal.close_date, deal.close_date, "an empty close date");
        assert_eq!(edit.deal.amount_minor, Some(100_000), "an empty amount");
    }

    #[test]
    fn a_row_that_wins_a_lost_deal_records_the_reopening_and_the_win() {
        let deal = lost_deal();
        let mut row = row_like(&deal);
        row.stage = Some((DealStatus::Won, WON.into()));
        row.lost_reason = None;
        let edit = updated_deal(&deal, &row, at(23));
        assert_eq!(actions(&edit), ["reopened", "won"]);
        assert_eq!(edit.deal.won_at, Some(at(23)));
        assert_eq!(edit.deal.lost_reason, None);
    }

    #[test]
    fn a_row_that_says_won_agrees_with_a_deal_carrying_on_after_its_win() {
        let mut deal = lost_deal();
        deal.status = DealStatus::Open;
        deal.pipeline = "customer".into();
        deal.stage = "Onboarding".into();
        deal.lost_reason = None;
        deal.won_at = Some(at(2));
        let mut row = row_like(&deal);
        row.pipeline = None;
        row.stage = Some((DealStatus::Won, WON.into()));
        let edit = updated_deal(&deal, &row, at(23));
        assert!(edit.history.is_empty(), "{:?}", edit.history);
    }
}
