//! The building blocks of every transition: a change being drafted, the deal
//! as it will be and the history lines that say so. Each block changes the
//! state and writes its line together, so the commands and the import cannot
//! tell the history one thing and store another.

use chrono::{DateTime, Utc};
use dealbot_storage::{Deal, DealEdit, DealStatus, HistoryAction, NewHistory};

use crate::config::{LOST, WON};

/// Where a won deal carries on: its pipeline's `won_rolls_into` pipeline,
/// in that pipeline's first stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roll {
    pub pipeline: String,
    pub stage: String,
}

/// A change in the making: start from the deal as it is, apply blocks, finish.
#[derive(Debug, Clone)]
pub struct Draft {
    deal: Deal,
    history: Vec<NewHistory>,
}

impl Draft {
    pub fn new(current: &Deal) -> Draft {
        Draft {
            deal: current.clone(),
            history: Vec::new(),
        }
    }

    /// The deal as it stands in the draft so far.
    pub fn deal(&self) -> &Deal {
        &self.deal
    }

    /// Mutable access for field edits that are not lifecycle steps (an
    /// import's owner or amount); each must push its own line with [`Draft::line`].
    pub fn deal_mut(&mut self) -> &mut Deal {
        &mut self.deal
    }

    pub fn line(&mut self, line: NewHistory) {
        self.history.push(line);
    }

    pub fn has(&self, action: HistoryAction) -> bool {
        self.history.iter().any(|line| line.action == action)
    }

    /// How many lines the draft has written so far.
    pub fn lines(&self) -> usize {
        self.history.len()
    }

    /// Dates the lines written since the first `from` at `at`: an import's
    /// file says when they happened.
    pub fn stamp_from(&mut self, from: usize, at: DateTime<Utc>) {
        for line in self.history.iter_mut().skip(from) {
            line.at = Some(at);
        }
    }

    pub fn finish(self) -> DealEdit {
        DealEdit {
            deal: self.deal,
            history: self.history,
        }
    }

    /// A closed deal opens again in the stage it was closed in (a move usually
    /// follows): its win no longer stands, its loss has no reason.
    pub fn reopen(&mut self) {
        self.history
            .push(NewHistory::new(HistoryAction::Reopened).from(self.deal.stage.clone()));
        self.deal.status = DealStatus::Open;
        self.deal.lost_reason = None;
        self.deal.won_at = None;
    }

    /// Enters `stage` of the deal's pipeline.
    pub fn enter_stage(&mut self, stage: &str, note: Option<String>, now: DateTime<Utc>) {
        self.history.push(
            NewHistory::new(HistoryAction::Stage)
                .from(self.deal.stage.clone())
                .to(stage)
                .note(note),
        );
        self.deal.stage = stage.to_string();
        self.deal.stage_entered_at = now;
    }

    /// Records that a move went past criteria the pipeline enforces.
    pub fn forced(&mut self, missing: &[String]) {
        self.history.push(
            NewHistory::new(HistoryAction::Forced)
                .note(Some(format!("missing {}", missing.join(", ")))),
        );
    }

    /// Closes as won: no next step to nag about, no lost reason.
    pub fn close_won(&mut self, note: Option<String>, now: DateTime<Utc>) {
        self.history.push(
            NewHistory::new(HistoryAction::Won)
                .from(self.deal.stage.clone())
                .to(WON)
                .note(note),
        );
        self.deal.status = DealStatus::Won;
        self.deal.stage = WON.to_string();
        self.deal.stage_entered_at = now;
        self.deal.next_step = None;
        self.deal.next_step_due = None;
        self.deal.lost_reason = None;
        self.deal.won_at = Some(now);
    }

    /// A just-won deal carries on in the after-sale pipeline, open there, its
    /// win standing; the buyer's stage belonged to the sale.
    pub fn roll(&mut self, roll: &Roll) {
        self.change_pipeline(&roll.pipeline);
        self.history.push(
            NewHistory::new(HistoryAction::Stage)
                .from(self.deal.stage.clone())
                .to(roll.stage.clone()),
        );
        self.deal.status = DealStatus::Open;
        self.deal.stage = roll.stage.clone();
        self.deal.buyer_stage = None;
    }

    /// Closes as lost, with the reason: no next step to nag about.
    pub fn close_lost(&mut self, reason: Option<String>, now: DateTime<Utc>) {
        self.history.push(
            NewHistory::new(HistoryAction::Lost)
                .from(self.deal.stage.clone())
                .to(LOST)
                .note(reason.clone()),
        );
        self.deal.status = DealStatus::Lost;
        self.deal.stage = LOST.to_string();
        self.deal.stage_entered_at = now;
        self.deal.next_step = None;
        self.deal.next_step_due = None;
        self.deal.lost_reason = reason;
    }

    /// Follows another pipeline from now on.
    pub fn change_pipeline(&mut self, pipeline: &str) {
        self.history.push(
            NewHistory::new(HistoryAction::Pipeline)
                .from(self.deal.pipeline.clone())
                .to(pipeline),
        );
        self.deal.pipeline = pipeline.to_string();
    }
}
