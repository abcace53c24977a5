//! `close-date`: when the deal is expected to close.

use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::change::{change, with_show_card};
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::long_date;
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::parse_close_date;

pub static SPEC: Spec = Spec {
    name: "close-date",
    aliases: &["close", "closedate", "close_date"],
    usage: "close-date <deal> <when>",
    summary: "Set when the deal is expected to close.",
    details: &[
        "When: 2026-12-31, Dec 31, 31/12, end of month, end of quarter (eoq), Q1…Q4 (the \
         quarter's last day), end of year, in 6 weeks, fri.",
        "A day in the past is kept, with a warning.",
    ],
    examples: &[
        "close-date D-4 2026-12-31",
        "close-date acme eoq",
        "close-date D-4 Q1",
    ],
    args: &[
        DEAL,
        Arg::required(
            "when",
            ArgKind::Date,
            "Expected close: 2026-12-31, eoq, Q1, in 2w",
        ),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct CloseDate {
    pub deal: DealRef,
    pub date: chrono::NaiveDate,
    /// How the date was read, and whether it is past.
    pub notes: Vec<String>,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let words: Vec<String> = args.take_rest().into_iter().map(|w| w.text).collect();
    if words.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            "When will it close? close-date D-4 2026-12-31",
        ));
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let read = parse_close_date(&words, cx.today, cx.config.settings.defaults.date_order)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    Ok(Command::CloseDate(CloseDate {
        deal,
        date: read.date,
        notes: read.notes,
    }))
}

impl CloseDate {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let date = self.date;
        let (_, after) = change(env, &deal, |current| {
            if current.close_date == Some(date) {
                return Ok(DealEdit::unchanged(current));
            }
            let mut next = current.clone();
            next.close_date = Some(date);
            let history = NewHistory::new(HistoryAction::CloseDate)
                .from_opt(current.close_date.map(|d| d.to_string()))
                .to(date.to_string());
            Ok(DealEdit {
                deal: next,
                history: vec![history],
            })
        })
        .await?;
        let line = Line::new()
            .strong(after.name.clone())
            .text(format!(" is expected to close {}.", long_date(date)));
        let mut reply = Reply::private().tone(Tone::Success).line(line);
        for note in self.notes {
            reply = reply.line(note);
        }
        Ok(with_show_card(reply, &after))
    }
}
