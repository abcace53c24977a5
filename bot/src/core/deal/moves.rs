//! Moving a deal to another stage of its pipeline, as `stage` and the card's
//! stage menu do it: the stage's criteria (advised, or enforced unless
//! forced), the move (reopening a closed deal), and the announcement.

use dealbot_storage::{Deal, DealStatus};

use super::permission::{may, Doing};
use super::rules;
use crate::config::Pipeline;
use crate::core::change::{change, refuse_if_deleted, with_card};
use crate::core::checklist::{how_to_record, missing_criteria};
use crate::core::deal_ref::short_id;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::{ChangeKind, Line, Reply};

/// Moves `deal` to `target`, a stage of `pipeline` (the deal's own), and
/// announces it; a deal already there is told so privately.
pub async fn move_to(
    env: &Env<'_>,
    deal: &Deal,
    pipeline: &Pipeline,
    target: &str,
    note: Option<String>,
    force: bool,
) -> Result<Reply, CommandError> {
    refuse_if_deleted(deal)?;
    if deal.status != DealStatus::Open {
        may(env, deal, Doing::Reopen).await?;
    }
    let Some(target_index) = pipeline.stages.iter().position(|s| s.name == target) else {
        return Err(CommandError::usage(
            "stage",
            format!(
                "{} follows the {} pipeline, which has no stage {target}. Its stages: {}.",
                short_id(deal.number),
                pipeline.name,
                pipeline.stage_names().join(", ")
            ),
        ));
    };
    let backwards = |deal: &Deal| {
        deal.status == DealStatus::Open
            && pipeline
                .stages
                .iter()
                .position(|s| s.name == deal.stage)
                .is_some_and(|from| from > target_index)
    };
    let missing = if backwards(deal) || deal.stage == target {
        Vec::new()
    } else {
        let answers = env.store.qualification(env.workspace(), deal.id).await?;
        missing_criteria(deal, &answers, &pipeline.stages[target_index])
    };
    if !missing.is_empty() && pipeline.enforce_criteria && !force {
        return Err(CommandError::user(format!(
            "{} cannot enter {target} yet: the {} pipeline expects {} first.",
            short_id(deal.number),
            pipeline.name,
            missing.join(", ")
        ))
        .with_line(
            Line::new()
                .text("Record them (")
                .code(how_to_record(&short_id(deal.number), &missing[0]))
                .text("), or move anyway with ")
                .code(format!(
                    "stage {} \"{target}\" --force",
                    short_id(deal.number)
                ))
                .text("."),
        ));
    }
    let forced: &[String] = if pipeline.enforce_criteria {
        &missing
    } else {
        &[]
    };
    let now = env.now();
    let (before, after) = change(env, deal, |current| {
        rules::move_to(current, target, note.clone(), forced, now)
    })
    .await?;
    if before.stage == after.stage && before.status == after.status {
        let reply = Reply::private().line(
            Line::new()
                .code(short_id(after.number))
                .text(" is already in ")
                .strong(after.stage.clone())
                .text("."),
        );
        return Ok(with_card(env, reply, &after).await);
    }
    let verb = match (before.status, backwards(&before)) {
        (DealStatus::Open, false) => " moved ",
        (DealStatus::Open, true) => " moved back ",
        _ => " reopened ",
    };
    let mut line = Line::new()
        .user(env.user())
        .text(verb)
        .strong(after.name.clone())
        .text(" ")
        .text(before.stage.clone())
        .text(" → ")
        .strong(after.stage.clone());
    if let Some(note) = &note {
        line = line.text(": ").text(note.clone());
    }
    let mut reply = Reply::public()
        .line(line)
        .announcing(after.number, ChangeKind::Stage);
    if !forced.is_empty() {
        reply = reply.line(format!(
            "Forced past the stage's criteria; still missing: {}.",
            missing.join(", ")
        ));
    } else if !missing.is_empty() {
        reply = reply.line(
            Line::new()
                .text(format!(
                    "Still missing for {}: {}. Record it with ",
                    after.stage,
                    missing.join(", ")
                ))
                .code(how_to_record(&short_id(after.number), &missing[0]))
                .text("."),
        );
    }
    Ok(with_card(env, reply, &after).await)
}
