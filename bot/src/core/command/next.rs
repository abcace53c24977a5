//! `next`: set a deal's next step and when it is due ("keep moving forward").

use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::{join_text, Args, Word};
use crate::core::change::{change, with_show_card};
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::{due, short_date};
use crate::core::reply::{Line, Reply};
use crate::core::values::{due_examples, due_token_count, parse_due, FreeText};

/// The longest next step, in characters.
pub const NEXT_STEP_LIMIT: usize = 500;

pub static SPEC: Spec = Spec {
    name: "next",
    aliases: &["todo"],
    usage: "next <deal> <what> <when>",
    summary: "Set the deal's next step and its due date.",
    details: &[
        "When: today, tomorrow, fri (the next Friday after today), this fri, next fri (next \
         week's), in 3 days, next week, Dec 15, 15/12, 15.12., end of month, eoq, 2026-12-01.",
        "The day is read in your time zone (see `tz`) and then is that day for everyone. \
         A new next step replaces the old one.",
    ],
    examples: &[
        "next D-4 \"send the proposal\" fri",
        "next acme call the CFO in 3 days",
        "next D-4 \"call back\" next friday",
    ],
    args: &[
        DEAL,
        Arg::required(
            "what",
            ArgKind::Text,
            "The next step, e.g. send the proposal",
        ),
        Arg::required(
            "when",
            ArgKind::Date,
            "Due: tomorrow, fri, in 3d, 2026-12-01",
        ),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Next {
    pub deal: DealRef,
    pub step: FreeText,
    pub due: chrono::NaiveDate,
    /// How the date was read, when it could have been read another way.
    pub notes: Vec<String>,
}

/// Words that may stand between a step and its date: `call them by fri`.
fn is_date_marker(word: &Word) -> bool {
    !word.quoted && matches!(word.text.to_lowercase().as_str(), "by" | "due" | "on")
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let words = args.take_rest();
    if words.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            "What is the next step, and when? next D-4 \"send the proposal\" fri",
        ));
    }
    let order = cx.config.settings.defaults.date_order;
    // The date is among the unquoted words at the end.
    let unquoted_tail = words.iter().rev().take_while(|word| !word.quoted).count();
    let tail: Vec<&str> = words[words.len() - unquoted_tail..]
        .iter()
        .map(|word| word.text.as_str())
        .collect();
    let Some(due_words) = due_token_count(&tail, cx.today, order) else {
        return Err(no_date(&words, order));
    };
    if due_words == words.len() {
        return Err(CommandError::usage(
            SPEC.name,
            "What is the next step? Write it before the date: next D-4 \"send the proposal\" fri",
        ));
    }
    let split = words.len() - due_words;
    let read = parse_due(&tail[tail.len() - due_words..], cx.today, order)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    let mut step_words = &words[..split];
    if step_words.len() > 1 && step_words.last().is_some_and(is_date_marker) {
        step_words = &step_words[..step_words.len() - 1];
    }
    let step = FreeText::parse(&join_text(step_words), "next step", NEXT_STEP_LIMIT)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    Ok(Command::Next(Next {
        deal,
        step,
        due: read.date,
        notes: read.notes,
    }))
}

/// The step ends in no date: quote what it ends with (the words after `by`,
/// `due` or `on`, else the last word) unless that is the quoted step itself.
fn no_date(words: &[Word], order: crate::config::DateOrder) -> CommandError {
    let examples = due_examples(order);
    let last = words.len() - 1;
    let start = words
        .iter()
        .rposition(is_date_marker)
        .filter(|&at| at < last && last - at <= 4)
        .map_or(last, |at| at + 1);
    let said: Vec<&Word> = words[start..].iter().collect();
    if said.iter().any(|word| word.quoted) || words.len() == 1 {
        return CommandError::usage(
            SPEC.name,
            format!("When is it due? End the step with a date, like {examples}."),
        );
    }
    let said = said
        .iter()
        .map(|word| word.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    CommandError::usage(
        SPEC.name,
        format!(
            "When is it due? \"{said}\" is not a date I can read. End the step with a date, like {examples}."
        ),
    )
}

impl Next {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let step = self.step.as_str().to_string();
        let due_on = self.due;
        // Read before the change: after it, nothing may fail (see `crate::core::change::with_card`).
        let owner_today = env.owner_today(&deal.owner).await?;
        let (before, after) = change(env, &deal, |current| {
            if current.status != dealbot_storage::DealStatus::Open {
                let id = crate::core::deal_ref::short_id(current.number);
                return Err(CommandError::user(format!(
                    "{id} is closed ({}): it needs no next step. Reopen it with `stage {id} <stage>`.",
                    current.stage
                )));
            }
            if current.next_step.as_deref() == Some(step.as_str())
                && current.next_step_due == Some(due_on)
            {
                return Ok(DealEdit::unchanged(current));
            }
            let mut next = current.clone();
            next.next_step = Some(step.clone());
            next.next_step_due = Some(due_on);
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
                .text(step.clone())
                .text(", due "),
            due_on,
            owner_today,
        );
        let mut reply = Reply::private()
            .tone(crate::core::reply::Tone::Success)
            .line(line);
        for note in self.notes {
            reply = reply.line(note);
        }
        if let Some(replaced) = replaced_step(&before, &step, due_on) {
            reply = reply.line(replaced);
        }
        Ok(with_show_card(reply, &after))
    }
}

/// What the person is told of the open step a new one replaced: `It replaces
/// "send the proposal" (due Fri 27 Nov).` Nothing when there was none, or it
/// was the same step on the same day.
fn replaced_step(
    before: &dealbot_storage::Deal,
    step: &str,
    due_on: chrono::NaiveDate,
) -> Option<Line> {
    let old = before.next_step.as_deref()?;
    if old == step && before.next_step_due == Some(due_on) {
        return None;
    }
    let mut line = Line::new()
        .text("It replaces \"")
        .text(old.to_string())
        .text("\"");
    if let Some(old_due) = before.next_step_due {
        line = line.text(format!(" (due {})", short_date(old_due)));
    }
    Some(line.text("."))
}
