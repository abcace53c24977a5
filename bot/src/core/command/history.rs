//! `history`: every change to a deal, oldest first.

use super::{Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::card::history_line;
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::Reply;

/// The most lines one reply lists; older ones are summarised.
const MOST_LINES: i64 = 50;

pub static SPEC: Spec = Spec {
    name: "history",
    aliases: &["log"],
    usage: "history <deal>",
    summary: "Every change to a deal: who, when, from what, to what.",
    details: &["History is append-only: nothing in it is ever rewritten."],
    examples: &["history D-4"],
    args: &[DEAL],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub deal: DealRef,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::History(History {
        deal: DealRef::take(args, SPEC.name)?,
    }))
}

impl History {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let entries = env
            .store
            .history(env.workspace(), deal.number, Some(MOST_LINES + 1))
            .await?;
        let mut reply = Reply::private().title(format!(
            "History of {} · {}",
            short_id(deal.number),
            deal.name
        ));
        let shown = if entries.len() as i64 > MOST_LINES {
            reply = reply.line("(older changes not shown)");
            &entries[1..]
        } else {
            &entries[..]
        };
        for entry in shown {
            reply = reply.line(history_line(entry, env));
        }
        Ok(reply)
    }
}
