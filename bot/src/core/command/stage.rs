//! `stage`: move a deal to another stage of its pipeline, with an optional note.
//! Moving a closed deal to an open stage reopens it.

use dealbot_storage::{DealEdit, DealStatus, NewHistory};

use super::won::close_as_won;
use super::{Command, ParseContext, Spec};
use crate::core::args::{join_text, Args};
use crate::core::change::{change, with_card};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::{Line, Reply};
use crate::core::stage_words::{known_stages, read_stage, StageWords};
use crate::core::values::FreeText;

/// The longest note a change may carry.
pub const NOTE_LIMIT: usize = 4000;

pub static SPEC: Spec = Spec {
    name: "stage",
    aliases: &["move", "mv"],
    usage: "stage <deal> <stage> [note]",
    summary: "Move a deal to another stage, optionally saying why.",
    details: &[
        "Stages can be written loosely: `building-rapport`, `qual`.",
        "`stage D-4 won` closes it as won; to lose a deal say why: `lost D-4 <reason>`.",
    ],
    examples: &[
        "stage D-4 presenting",
        "stage acme qualifying \"budget confirmed\"",
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub deal: DealRef,
    pub target: Target,
    pub note: Option<FreeText>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Stage(String),
    Won,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
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
        StageWords::Unknown(text) => {
            return Err(CommandError::usage(
                SPEC.name,
                format!(
                    "\"{text}\" is not a stage. Stages: {}.",
                    known_stages(cx.config)
                ),
            ))
        }
    };
    let note = take_note(args, SPEC.name)?;
    Ok(Command::Stage(Stage { deal, target, note }))
}

/// The rest of the line as an optional note.
pub fn take_note(
    args: &mut Args,
    subcommand: &'static str,
) -> Result<Option<FreeText>, CommandError> {
    if args.is_empty() {
        return Ok(None);
    }
    let text = join_text(&args.take_rest());
    FreeText::parse(&text, "note", NOTE_LIMIT)
        .map(Some)
        .map_err(|error| CommandError::usage(subcommand, error.to_string()))
}

impl Stage {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let note = self.note.map(|note| note.as_str().to_string());
        let target = match self.target {
            Target::Won => return close_as_won(env, &deal, note).await,
            Target::Stage(target) => target,
        };
        let pipeline = env.config.pipeline(&deal.pipeline).ok_or_else(|| {
            CommandError::user(format!(
                "{}'s pipeline \"{}\" is no longer configured; ask an admin.",
                short_id(deal.number),
                deal.pipeline
            ))
        })?;
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
            return with_card(env, reply, &after).await;
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
        with_card(env, Reply::public().line(line), &after).await
    }
}
