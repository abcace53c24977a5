//! `stage`: move a deal to another stage of its pipeline, with an optional note.
//! Moving a closed deal to an open stage reopens it.

use dealbot_storage::{DealEdit, DealStatus, NewHistory};

use super::won::close_as_won;
use super::{Command, ParseContext, Spec};
use crate::config::{Pipeline, StageMatch, LOST, WON};
use crate::core::args::{join_text, Args, Word};
use crate::core::change::{change, with_card};
use crate::core::checklist::{how_to_record, missing_criteria};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::notes::take_note;
use crate::core::reply::{Line, Reply};
use crate::core::stage_words::{known_stages, read_stage, StageWords};
use crate::core::values::FreeText;

pub static SPEC: Spec = Spec {
    name: "stage",
    aliases: &["move", "mv"],
    usage: "stage <deal> <stage> [note]",
    summary: "Move a deal to another stage, optionally saying why.",
    details: &[
        "Stages can be written loosely: `building-rapport`, `qual`.",
        "`stage D-4 won` closes it as won; to lose a deal say why: `lost D-4 <reason>`.",
        "A stage may expect checklist items or fields (criteria): the reply says what is missing. \
         Where the pipeline enforces them, the move is refused unless you add `--force`.",
    ],
    examples: &[
        "stage D-4 presenting",
        "stage acme qualifying \"budget confirmed\"",
        "stage D-4 closing --force",
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub deal: DealRef,
    pub target: Target,
    pub note: Option<FreeText>,
    /// Move even where the pipeline enforces criteria the deal does not meet.
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Stage(String),
    Won,
    /// Words naming no single stage across all pipelines (`d` is Discovery in
    /// one and Developing in another): read against the deal's own pipeline
    /// once it is known, the words after the stage being the note.
    Loose(Vec<Word>),
}

fn parse(outer: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(outer, SPEC.name)?;
    let mut words = outer.take_rest();
    let before = words.len();
    words.retain(|word| word.quoted || !word.text.eq_ignore_ascii_case("--force"));
    let force = words.len() != before;
    let args = &mut Args::new(words);
    if args.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            format!("Which stage? One of: {}.", known_stages(cx.config)),
        ));
    }
    let target = match read_stage(args.remaining(), cx.config) {
        StageWords::Stage(name, count) => {
            args.take(count);
            Target::Stage(name)
        }
        StageWords::Won(count) => {
            args.take(count);
            Target::Won
        }
        StageWords::Lost(_) => {
            return Err(CommandError::usage(
                "lost",
                "To close a deal as lost, say why: lost D-4 \"went with a competitor\"",
            ))
        }
        StageWords::Unknown(_) => Target::Loose(args.take_rest()),
    };
    let note = take_note(args, SPEC.name)?;
    Ok(Command::Stage(Stage {
        deal,
        target,
        note,
        force,
    }))
}

/// The stage the leading words name in `pipeline` (up to three words, the
/// longest that fits), and the rest as the note.
fn read_in_pipeline(
    words: &[Word],
    pipeline: &Pipeline,
) -> Result<(Target, Option<FreeText>), CommandError> {
    for count in (1..=words.len().min(3)).rev() {
        let text = join_text(&words[..count]);
        let target = if text.eq_ignore_ascii_case(WON) {
            Target::Won
        } else if let StageMatch::Found(stage) = pipeline.find_stage(&text) {
            Target::Stage(stage.name.clone())
        } else {
            continue;
        };
        let note = take_note(&mut Args::new(words[count..].to_vec()), SPEC.name)?;
        return Ok((target, note));
    }
    let said = words.first().map(|w| w.text.as_str()).unwrap_or_default();
    Err(CommandError::usage(
        SPEC.name,
        format!(
            "\"{said}\" is not a stage. Stages: {}, {WON}, {LOST}.",
            pipeline.stage_names().join(", ")
        ),
    ))
}

impl Stage {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let pipeline = env.config.pipeline(&deal.pipeline).ok_or_else(|| {
            CommandError::user(format!(
                "{}'s pipeline \"{}\" is no longer configured; ask an admin.",
                short_id(deal.number),
                deal.pipeline
            ))
        })?;
        let (target, note) = match self.target {
            Target::Loose(words) => read_in_pipeline(&words, pipeline)?,
            target => (target, self.note),
        };
        let note = note.map(|note| note.as_str().to_string());
        let target = match target {
            Target::Won => return close_as_won(env, &deal, note).await,
            Target::Stage(target) => target,
            Target::Loose(_) => return Err(anyhow::anyhow!("a stage left unread").into()),
        };
        let Some(target_index) = pipeline.stages.iter().position(|s| s.name == target) else {
            return Err(CommandError::usage(
                SPEC.name,
                format!(
                    "{} follows the {} pipeline, which has no stage {target}. Its stages: {}.",
                    short_id(deal.number),
                    pipeline.name,
                    pipeline.stage_names().join(", ")
                ),
            ));
        };
        let backwards = deal.status == DealStatus::Open
            && pipeline
                .stages
                .iter()
                .position(|s| s.name == deal.stage)
                .is_some_and(|from| from > target_index);
        let missing = if backwards || deal.stage == target {
            Vec::new()
        } else {
            let answers = env.store.qualification(env.workspace(), deal.id).await?;
            missing_criteria(&deal, &answers, &pipeline.stages[target_index])
        };
        if !missing.is_empty() && pipeline.enforce_criteria && !self.force {
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
        let forced = !missing.is_empty() && pipeline.enforce_criteria;
        let now = env.now();
        let (before, after) = change(env, &deal, |current| {
            if current.status == DealStatus::Open && current.stage == target {
                return Ok(DealEdit::unchanged(current));
            }
            let mut next = current.clone();
            let mut history = Vec::new();
            if current.status != DealStatus::Open {
                history.push(NewHistory::new("reopened").from(current.stage.clone()));
                next.status = DealStatus::Open;
                next.lost_reason = None;
            }
            history.push(
                NewHistory::new("stage")
                    .from(current.stage.clone())
                    .to(target.clone())
                    .note(note.clone()),
            );
            if forced {
                history.push(
                    NewHistory::new("forced").note(Some(format!("missing {}", missing.join(", ")))),
                );
            }
            next.stage = target.clone();
            next.stage_entered_at = now;
            Ok(DealEdit {
                deal: next,
                history,
            })
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
        let backwards = before.status == DealStatus::Open
            && pipeline
                .stages
                .iter()
                .position(|s| s.name == before.stage)
                .is_some_and(|from| from > target_index);
        let verb = match (before.status, backwards) {
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
        let mut reply = Reply::public().line(line);
        if forced {
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
}
