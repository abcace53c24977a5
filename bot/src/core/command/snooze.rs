//! `snooze`: push the next step's due date out: by a day by default, by a
//! duration, or to a given day.

use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::{Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::change::{change, with_card};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::due;
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::{due_date_in, end_of_day_utc, parse_snooze};

pub static SPEC: Spec = Spec {
    name: "snooze",
    aliases: &["later", "postpone"],
    usage: "snooze <deal> [1d | 3d | 1w | fri | 2026-12-01]",
    summary: "Push the next step's due date out (by one day if you don't say).",
    details: &["A duration counts from the due date, or from today if it is already overdue."],
    examples: &["snooze D-4", "snooze D-4 1w", "snooze acme mon"],
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
    parse_snooze(&words, cx.today, None)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    Ok(Command::Snooze(Snooze { deal, until }))
}

impl Snooze {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let words: Vec<&str> = self.until.iter().map(String::as_str).collect();
        let tz = env.timezone;
        let today = env.today;
        let (_, after) = change(env, &deal, |current| {
            let (Some(_), Some(due_at)) = (&current.next_step, current.next_step_due) else {
                return Err(CommandError::user(
                    Line::new()
                        .code(short_id(current.number))
                        .text(" has no next step to snooze. Set one: ")
                        .code(format!("next {} \"…\" fri", short_id(current.number))),
                ));
            };
            let old = due_date_in(due_at, tz);
            let new = parse_snooze(&words, today, Some(old))
                .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
            let mut next = current.clone();
            next.next_step_due = Some(end_of_day_utc(new, tz));
            if next.next_step_due == current.next_step_due {
                return Ok(DealEdit::unchanged(current));
            }
            Ok(DealEdit {
                deal: next,
                history: vec![NewHistory::new(HistoryAction::Snooze)
                    .from(old.to_string())
                    .to(new.to_string())],
            })
        })
        .await?;
        let Some(due_at) = after.next_step_due else {
            return Err(CommandError::Internal(anyhow::anyhow!(
                "snoozed step lost its due date"
            )));
        };
        let line = due(
            Line::new()
                .text("Snoozed: ")
                .text(after.next_step.clone().unwrap_or_default())
                .text(" is now due "),
            due_at,
            tz,
            today,
        );
        Ok(with_card(env, Reply::private().tone(Tone::Success).line(line), &after).await)
    }
}
