//! The named transitions as pure rules: from the deal as it is (held by the
//! store for the change) to the edit that carries the transition out, or a
//! refusal saying what to do instead. Nothing here reads the clock or the
//! store; every pair of standing and transition is tested end to end in
//! `tests/tests/suite/lifecycle/matrix.rs`.

use chrono::{DateTime, Utc};
use dealbot_storage::{Deal, DealEdit, HistoryAction, NewHistory};

use super::draft::{Draft, Roll};
use super::standing::{already_deleted, already_lost, already_won, not_deleted, Standing};
use crate::core::change::refuse_if_deleted;
use crate::core::deal_ref::short_id;
use crate::core::env::CoreSettings;
use crate::core::error::CommandError;
use crate::core::reply::Line;

/// Where `deal` carries on once won: its pipeline's `won_rolls_into`, if that
/// names a configured pipeline with stages.
pub fn roll_for(config: &CoreSettings, deal: &Deal) -> Option<Roll> {
    let into = config.pipeline(&deal.pipeline)?.won_rolls_into.as_deref()?;
    let pipeline = config.pipeline(into)?;
    Some(Roll {
        pipeline: pipeline.name.clone(),
        stage: pipeline.stages.first()?.name.clone(),
    })
}

/// Move to `stage` of the deal's pipeline. A closed deal is reopened first; a
/// deal already open in that stage is left as it is. `forced` lists the
/// enforced criteria the move goes past.
pub fn move_to(
    current: &Deal,
    stage: &str,
    note: Option<String>,
    forced: &[String],
    now: DateTime<Utc>,
) -> Result<DealEdit, CommandError> {
    let mut draft = Draft::new(current);
    match Standing::of(current) {
        Standing::Deleted => refuse_if_deleted(current)?,
        Standing::Open | Standing::CarriedOn if current.stage == stage => {
            return Ok(DealEdit::unchanged(current));
        }
        Standing::Open | Standing::CarriedOn => {}
        Standing::Won | Standing::Lost => draft.reopen(),
    }
    draft.enter_stage(stage, note, now);
    if !forced.is_empty() {
        draft.forced(forced);
    }
    Ok(draft.finish())
}

/// Close as won, rolling into `roll` if given. A lost deal is reopened first;
/// a deal whose win stands (closed as won, or carrying on after it) is refused.
pub fn win(
    current: &Deal,
    roll: Option<&Roll>,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<DealEdit, CommandError> {
    let mut draft = Draft::new(current);
    match Standing::of(current) {
        Standing::Deleted => refuse_if_deleted(current)?,
        Standing::Won | Standing::CarriedOn => return Err(already_won(current)),
        Standing::Lost => draft.reopen(),
        Standing::Open => {}
    }
    draft.close_won(note, now);
    if let Some(roll) = roll {
        draft.roll(roll);
    }
    Ok(draft.finish())
}

/// Close as lost, with the reason. A won deal is reopened first (the sale fell
/// through); a deal carrying on after its win is lost there (a customer
/// gone); a lost deal is refused.
pub fn lose(current: &Deal, reason: &str, now: DateTime<Utc>) -> Result<DealEdit, CommandError> {
    let mut draft = Draft::new(current);
    match Standing::of(current) {
        Standing::Deleted => refuse_if_deleted(current)?,
        Standing::Lost => return Err(already_lost(current)),
        Standing::Won => draft.reopen(),
        Standing::Open | Standing::CarriedOn => {}
    }
    draft.close_lost(Some(reason.to_string()), now);
    Ok(draft.finish())
}

/// Give the deal another name; the same name changes nothing.
pub fn rename(current: &Deal, name: &str) -> Result<DealEdit, CommandError> {
    refuse_if_deleted(current)?;
    if current.name == name {
        return Ok(DealEdit::unchanged(current));
    }
    let mut draft = Draft::new(current);
    draft.line(
        NewHistory::new(HistoryAction::Renamed)
            .from(current.name.clone())
            .to(name),
    );
    draft.deal_mut().name = name.to_string();
    Ok(draft.finish())
}

/// Hide the deal everywhere, keeping its history.
pub fn delete(current: &Deal, now: DateTime<Utc>) -> Result<DealEdit, CommandError> {
    if current.deleted_at.is_some() {
        return Err(already_deleted(current));
    }
    let mut draft = Draft::new(current);
    draft.line(NewHistory::new(HistoryAction::Deleted));
    draft.deal_mut().deleted_at = Some(now);
    Ok(draft.finish())
}

/// Bring back a deleted or merged-away deal as it was.
pub fn restore(current: &Deal) -> Result<DealEdit, CommandError> {
    if current.deleted_at.is_none() {
        return Err(not_deleted(current));
    }
    let mut draft = Draft::new(current);
    draft
        .line(NewHistory::new(HistoryAction::Restored).from_opt(current.merged_into.map(short_id)));
    let deal = draft.deal_mut();
    deal.deleted_at = None;
    deal.merged_into = None;
    Ok(draft.finish())
}

/// Merge `merged` into `survivor`: the merged deal is hidden, pointing at the
/// survivor; both keep their history and record the merge. Returns the
/// merged deal's edit, then the survivor's.
pub fn merge(
    merged: &Deal,
    survivor: &Deal,
    now: DateTime<Utc>,
) -> Result<(DealEdit, DealEdit), CommandError> {
    if merged.id == survivor.id {
        return Err(merge_into_itself(merged));
    }
    refuse_if_deleted(merged)?;
    refuse_if_deleted(survivor)?;
    let mut away = Draft::new(merged);
    away.line(NewHistory::new(HistoryAction::MergedInto).to(short_id(survivor.number)));
    away.deal_mut().deleted_at = Some(now);
    away.deal_mut().merged_into = Some(survivor.number);
    let mut kept = Draft::new(survivor);
    kept.line(
        NewHistory::new(HistoryAction::MergedIn)
            .from(short_id(merged.number))
            .to(merged.name.clone()),
    );
    Ok((away.finish(), kept.finish()))
}

/// A deal named twice in a merge.
pub fn merge_into_itself(deal: &Deal) -> CommandError {
    CommandError::user(
        Line::new()
            .code(short_id(deal.number))
            .text(
                " cannot be merged into itself: name the duplicate, then the deal it duplicates, ",
            )
            .code("merge D-7 into D-3")
            .text("."),
    )
}
