//! `note`: add a note to a deal's history.

use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::{join_text, Args};
use crate::core::change::{change, with_show_card};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::notes::NOTE_LIMIT;
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::FreeText;

pub static SPEC: Spec = Spec {
    name: "note",
    aliases: &["comment"],
    usage: "note <deal> <text>",
    summary: "Add a note to the deal's history.",
    details: &["Notes are kept forever in `history`; up to 4000 characters."],
    examples: &[
        "note D-4 \"CFO wants a 3-year price\"",
        "note acme met the champion",
    ],
    args: &[DEAL, Arg::required("text", ArgKind::Text, "The note")],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub deal: DealRef,
    pub text: FreeText,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    if args.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            "What's the note? note D-4 \"CFO wants a 3-year price\"",
        ));
    }
    let text = FreeText::parse(&join_text(&args.take_rest()), "note", NOTE_LIMIT)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    Ok(Command::Note(Note { deal, text }))
}

impl Note {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let text = self.text.as_str().to_string();
        change(env, &deal, |current| {
            Ok(DealEdit {
                deal: current.clone(),
                history: vec![NewHistory::new(HistoryAction::Note).note(Some(text.clone()))],
            })
        })
        .await?;
        let reply = Reply::private().tone(Tone::Success).line(
            Line::new()
                .text("Noted on ")
                .code(short_id(deal.number))
                .text(" ")
                .strong(deal.name.clone())
                .text("."),
        );
        Ok(with_show_card(reply, &deal))
    }
}
