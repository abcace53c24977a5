//! `done`: the next step is done; the reply asks for the one after it.

use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::{Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::change::{change, with_show_card};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::{Line, Reply, Tone};

pub static SPEC: Spec = Spec {
    name: "done",
    aliases: &["did", "complete"],
    usage: "done <deal>",
    summary: "Mark the deal's next step done.",
    details: &["Then set the one after it with `next`: every open deal should have one."],
    examples: &["done D-4"],
    args: &[DEAL],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub deal: DealRef,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::Done(Done {
        deal: DealRef::take(args, SPEC.name)?,
    }))
}

impl Done {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let id = short_id(deal.number);
        let (before, after) = change(env, &deal, |current| {
            let Some(step) = &current.next_step else {
                return Err(CommandError::user(
                    Line::new()
                        .code(short_id(current.number))
                        .text(" has no open next step. Set one: ")
                        .code(format!("next {} \"…\" fri", short_id(current.number))),
                ));
            };
            let mut next = current.clone();
            next.next_step = None;
            next.next_step_due = None;
            Ok(DealEdit {
                deal: next,
                history: vec![NewHistory::new(HistoryAction::Done).from(step.clone())],
            })
        })
        .await?;
        let step = before.next_step.unwrap_or_default();
        let reply = Reply::private().tone(Tone::Success).line(
            Line::new()
                .text("Done: ")
                .text(step)
                .text(". What's next for ")
                .strong(after.name.clone())
                .text("? ")
                .code(format!("next {id} \"…\" fri")),
        );
        Ok(with_show_card(reply, &after))
    }
}
