//! `next`: set a deal's next step and when it is due ("keep moving forward").

use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::{Command, ParseContext, Spec};
use crate::core::args::{join_text, Args};
use crate::core::change::{change, with_card};
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::due;
use crate::core::reply::{Line, Reply};
use crate::core::values::{due_token_count, end_of_day_utc, parse_due, FreeText};

/// The longest next step, in characters.
pub const NEXT_STEP_LIMIT: usize = 500;

pub static SPEC: Spec = Spec {
    name: "next",
    aliases: &["todo"],
    usage: "next <deal> <what> <when>",
    summary: "Set the deal's next step and its due date.",
    details: &[
        "When: today, tomorrow, fri (the next Friday after today), in 3d, in 2w, next week, 2026-12-01.",
        "Dates are in your time zone (see `tz`). A new next step replaces the old one.",
    ],
    examples: &[
        "next D-4 \"send the proposal\" fri",
        "next acme call the CFO in 3 days",
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Next {
    pub deal: DealRef,
    pub step: FreeText,
    pub due: chrono::NaiveDate,
}

const ACCEPTED_DATES: &str = "today, tomorrow, fri, in 3d, in 2w, next week or 2026-12-01";

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let words = args.take_rest();
    if words.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            "What is the next step, and when? next D-4 \"send the proposal\" fri",
        ));
    }
    let unquoted: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    let Some(due_words) = due_token_count(&unquoted, cx.today).filter(|n| *n < words.len()) else {
        return Err(CommandError::usage(
            SPEC.name,
            format!("When is it due? End the step with a date: {ACCEPTED_DATES}."),
        ));
    };
    let split = words.len() - due_words;
    let due_date = parse_due(&unquoted[split..], cx.today)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    let mut step_words = &words[..split];
    if let Some(last) = step_words.last() {
        if !last.quoted && matches!(last.text.to_lowercase().as_str(), "by" | "due" | "on") {
            step_words = &step_words[..step_words.len() - 1];
        }
    }
    let step = FreeText::parse(&join_text(step_words), "next step", NEXT_STEP_LIMIT)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    Ok(Command::Next(Next {
        deal,
        step,
        due: due_date,
    }))
}

impl Next {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let step = self.step.as_str().to_string();
        let due_at = end_of_day_utc(self.due, env.timezone);
        let (_, after) = change(env, &deal, |current| {
            if current.status != dealbot_storage::DealStatus::Open {
                let id = crate::core::deal_ref::short_id(current.number);
                return Err(CommandError::user(format!(
                    "{id} is closed ({}): it needs no next step. Reopen it with `stage {id} <stage>`.",
                    current.stage
                )));
            }
            if current.next_step.as_deref() == Some(step.as_str())
                && current.next_step_due == Some(due_at)
            {
                return Ok(DealEdit::unchanged(current));
            }
            let mut next = current.clone();
            next.next_step = Some(step.clone());
            next.next_step_due = Some(due_at);
            let history = vec![NewHistory::new(HistoryAction::Next)
                .from_opt(current.next_step.clone())
                .to(format!("{step} (due {})", self.due))];
            Ok(DealEdit {
                deal: next,
                history,
            })
        })
        .await?;
        let line = due(
            Line::new()
                .text("Next step for ")
                .strong(after.name.clone())
                .text(": ")
                .text(step)
                .text(", due "),
            due_at,
            env.timezone,
            env.today,
        );
        Ok(with_card(
            env,
            Reply::private()
                .tone(crate::core::reply::Tone::Success)
                .line(line),
            &after,
        )
        .await)
    }
}
