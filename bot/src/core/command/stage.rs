//! `stage`: move a deal to another stage of its pipeline, with an optional note.
//! Moving a closed deal to an open stage reopens it.

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::config::{Pipeline, StageMatch, LOST, WON};
use crate::core::args::{join_text, Args, Word};
use crate::core::deal;
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::notes::take_note;
use crate::core::reply::Reply;
use crate::core::stage_words::{did_you_mean, known_stages, read_stage, StageWords};
use crate::core::values::FreeText;

pub static SPEC: Spec = Spec {
    name: "stage",
    aliases: &["move", "mv"],
    usage: "stage <deal> <stage> [note] [--force]",
    summary: "Move a deal to another stage, optionally saying why.",
    details: &[
        "Stages can be written loosely, by any part of their name: `building-rapport`, \
         `qual`, `rapport`.",
        "`stage D-4 won` closes it as won; to lose a deal say why: `lost D-4 <reason>`.",
        "A stage may expect checklist items or fields (criteria): the reply says what is missing. \
         Where the pipeline enforces them, the move is refused unless you add `--force`.",
    ],
    examples: &[
        "stage D-4 presenting",
        "stage acme qualifying \"budget confirmed\"",
        "stage D-4 closing --force",
    ],
    args: &[
        DEAL,
        Arg::required("stage", ArgKind::Stage, "The stage to move it to"),
        Arg::optional("note", ArgKind::Text, "Why, in a few words"),
        Arg::flag(
            "force",
            "Move it even where the pipeline enforces unmet criteria",
        )
        .keyword("--force"),
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
    let error = CommandError::usage(
        SPEC.name,
        format!(
            "\"{said}\" is not a stage. Stages: {}, {WON}, {LOST}.",
            pipeline.stage_names().join(", ")
        ),
    );
    Err(match did_you_mean(said, [pipeline]) {
        Some(hint) => error.with_line(hint),
        None => error,
    })
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
        match target {
            Target::Won => deal::win(env, &deal, note).await,
            Target::Stage(target) => {
                deal::move_to(env, &deal, pipeline, &target, note, self.force).await
            }
            Target::Loose(_) => Err(anyhow::anyhow!("a stage left unread").into()),
        }
    }
}
