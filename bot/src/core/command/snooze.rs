//! `snooze`: push the next step's due date out: by a day by default, by a
//! duration, or to a given day. Never earlier: that is a new date, set with
//! `next`.

use chrono::NaiveDate;
use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::change::{change, with_show_card};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::{due, short_date};
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::parse_snooze;

pub static SPEC: Spec = Spec {
    name: "snooze",
    aliases: &["later", "postpone"],
    usage: "snooze <deal> [1d | 3d | 1w | fri | 2026-12-01]",
    summary: "Push the next step's due date out (by one day if you don't say).",
    details: &[
        "A duration counts from the due date, or from today if it is already overdue.",
        "A snooze only pushes a step later; to bring it forward, set it again with `next`.",
    ],
    examples: &["snooze D-4", "snooze D-4 1w", "snooze acme mon"],
    args: &[
        DEAL,
        Arg::optional(
            "until",
            ArgKind::Date,
            "1d, 3d, 1w, fri or 2026-12-01 (1d if not given)",
        ),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Snooze {
    pub deal: DealRef,
    pub until: Vec<String>,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let until: Vec<String> = args.take_rest().into_iter().map(|w| w.text).collect();
    let words: Vec<&str> = until.iter().map(String::as_str).collect();
    let order = cx.config.settings.defaults.date_order;
    parse_snooze(&words, cx.today, order, None)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    Ok(Command::Snooze(Snooze { deal, until }))
}

impl Snooze {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let words: Vec<&str> = self.until.iter().map(String::as_str).collect();
        let today = env.today;
        let order = env.config.settings.defaults.date_order;
        // Read before the change: after it, nothing may fail (see `crate::core::change::with_card`).
        let owner_today = env.owner_today(&deal.owner).await?;
        let (_, after) = change(env, &deal, |current| {
            let (Some(_), Some(old)) = (&current.next_step, current.next_step_due) else {
                return Err(CommandError::user(
                    Line::new()
                        .code(short_id(current.number))
                        .text(" has no next step to snooze. Set one: ")
                        .code(format!("next {} \"…\" fri", short_id(current.number))),
                ));
            };
            let new = parse_snooze(&words, today, order, Some(old))
                .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?
                .date;
            if new < old {
                return Err(brings_forward(current.number, old, new, &words));
            }
            if new == old {
                return Ok(DealEdit::unchanged(current));
            }
            let mut next = current.clone();
            next.next_step_due = Some(new);
            Ok(DealEdit {
                deal: next,
                history: vec![NewHistory::new(HistoryAction::Snooze)
                    .from(old.to_string())
                    .to(new.to_string())],
            })
        })
        .await?;
        let Some(due_on) = after.next_step_due else {
            return Err(CommandError::Internal(anyhow::anyhow!(
                "snoozed step lost its due date"
            )));
        };
        let line = due(
            Line::new()
                .text("Snoozed: ")
                .text(after.next_step.clone().unwrap_or_default())
                .text(" is now due "),
            due_on,
            owner_today,
        );
        Ok(with_show_card(
            Reply::private().tone(Tone::Success).line(line),
            &after,
        ))
    }
}

/// The refusal of a snooze to a day before the step's: it says so, and how to
/// move the step earlier on purpose.
fn brings_forward(number: i64, old: NaiveDate, new: NaiveDate, words: &[&str]) -> CommandError {
    let id = short_id(number);
    CommandError::user(format!(
        "{id} is due {}: snoozing to \"{}\" would bring it forward, to {}. A snooze only \
         pushes a step later.",
        short_date(old),
        words.join(" "),
        short_date(new)
    ))
    .with_line(
        Line::new()
            .text("To make it due earlier, set it again: ")
            .code(format!("next {id} \"…\" {}", new.format("%Y-%m-%d"))),
    )
}
