//! Where a deal stands for the lifecycle, and the refusals of transitions that
//! make no sense from there, each saying what to do instead.

use dealbot_storage::{Deal, DealStatus};

use crate::core::deal_ref::short_id;
use crate::core::error::CommandError;
use crate::core::reply::Line;

/// Where a deal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Open in its pipeline, never won (or reopened since).
    Open,
    /// Closed as won.
    Won,
    /// Won, and open in the after-sale pipeline it rolled into: still won.
    CarriedOn,
    /// Closed as lost.
    Lost,
    /// Deleted or merged away: hidden, only `restore` applies.
    Deleted,
}

impl Standing {
    pub fn of(deal: &Deal) -> Standing {
        if deal.deleted_at.is_some() {
            return Standing::Deleted;
        }
        match deal.status {
            DealStatus::Won => Standing::Won,
            DealStatus::Lost => Standing::Lost,
            DealStatus::Open if deal.won_at.is_some() => Standing::CarriedOn,
            DealStatus::Open => Standing::Open,
        }
    }

    /// Whether the deal's win stands (closed as won, or carrying on after it).
    pub fn is_won(self) -> bool {
        matches!(self, Standing::Won | Standing::CarriedOn)
    }
}

/// `D-4` Acme, as refusals name a deal.
pub fn named(deal: &Deal) -> Line {
    Line::new()
        .code(short_id(deal.number))
        .text(" ")
        .strong(deal.name.clone())
}

/// A deal whose win stands cannot be won again.
pub fn already_won(deal: &Deal) -> CommandError {
    let id = short_id(deal.number);
    if deal.status == DealStatus::Open {
        return CommandError::user(
            named(deal)
                .text(" is already won: it carries on in the ")
                .strong(deal.pipeline.clone())
                .text(" pipeline, in ")
                .strong(deal.stage.clone())
                .text(". Move it on there with ")
                .code(format!("stage {id} <stage>"))
                .text("."),
        );
    }
    CommandError::user(named(deal).text(" is already won.")).with_line(
        Line::new()
            .text("To reopen it, move it to an open stage: ")
            .code(format!("stage {id} <stage>"))
            .text("; to say more about the win, add a note: ")
            .code(format!("note {id} \"…\""))
            .text("."),
    )
}

/// A lost deal cannot be lost again.
pub fn already_lost(deal: &Deal) -> CommandError {
    let id = short_id(deal.number);
    let mut line = named(deal).text(" is already lost");
    if let Some(reason) = &deal.lost_reason {
        line = line.text(": ").text(reason.clone());
    }
    CommandError::user(line.text(".")).with_line(
        Line::new()
            .text("To say more about why, add a note: ")
            .code(format!("note {id} \"…\""))
            .text("; to reopen it, move it to an open stage: ")
            .code(format!("stage {id} <stage>"))
            .text("."),
    )
}

/// A deleted deal cannot be deleted again.
pub fn already_deleted(deal: &Deal) -> CommandError {
    let id = short_id(deal.number);
    let line = match deal.merged_into {
        Some(survivor) => named(deal)
            .text(" was merged into ")
            .code(short_id(survivor))
            .text(" and is hidden already."),
        None => named(deal).text(" is already deleted."),
    };
    CommandError::user(line).with_line(
        Line::new()
            .text("Its history is kept; ")
            .code(format!("restore {id}"))
            .text(" brings it back."),
    )
}

/// `restore` applies to deleted deals only.
pub fn not_deleted(deal: &Deal) -> CommandError {
    CommandError::user(
        named(deal)
            .text(" is not deleted: there is nothing to restore. ")
            .text("Type ")
            .code(format!("show {}", short_id(deal.number)))
            .text(" to see it."),
    )
}
