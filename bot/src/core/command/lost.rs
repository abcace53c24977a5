//! `lost`: close a deal as lost, saying why (the reason is required: it is what
//! the team learns from).

use dealbot_storage::{DealEdit, DealStatus, NewHistory};

use super::{Command, ParseContext, Spec};
use crate::config::LOST;
use crate::core::args::{join_text, Args};
use crate::core::change::{change, with_card};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::notes::NOTE_LIMIT;
use crate::core::reply::{Line, Reply};
use crate::core::values::FreeText;

pub static SPEC: Spec = Spec {
    name: "lost",
    aliases: &["lose"],
    usage: "lost <deal> <reason>",
    summary: "Close a deal as lost, with the reason.",
    details: &["The reason is required: it is how the team learns where deals go."],
    examples: &[
        "lost D-4 \"went with a competitor\"",
        "lost acme no budget this year",
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Lost {
    pub deal: DealRef,
    pub reason: FreeText,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    if args.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            "Say why it was lost: lost D-4 \"went with a competitor\"",
        ));
    }
    let reason = FreeText::parse(&join_text(&args.take_rest()), "reason", NOTE_LIMIT)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    Ok(Command::Lost(Lost { deal, reason }))
}

impl Lost {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let reason = self.reason.as_str().to_string();
        let now = env.now();
        let (before, after) = change(env, &deal, |current| {
            if current.status == DealStatus::Lost {
                return Ok(DealEdit::unchanged(current));
            }
            let mut next = current.clone();
            next.status = DealStatus::Lost;
            next.stage = LOST.to_string();
            next.stage_entered_at = now;
            next.next_step = None;
            next.next_step_due = None;
            next.lost_reason = Some(reason.clone());
            let history = vec![NewHistory::new("lost")
                .from(current.stage.clone())
                .to(LOST)
                .note(Some(reason.clone()))];
            Ok(DealEdit {
                deal: next,
                history,
            })
        })
        .await?;
        if before.status == DealStatus::Lost {
            let reply = Reply::private().line(
                Line::new()
                    .code(short_id(after.number))
                    .text(" is already lost."),
            );
            return Ok(with_card(env, reply, &after).await);
        }
        let line = Line::new()
            .user(env.user())
            .text(" lost ")
            .strong(after.name.clone())
            .text(": ")
            .text(reason);
        Ok(with_card(env, Reply::public().line(line), &after).await)
    }
}
