//! `show`: a deal's card.

use super::{Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::change::card;
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::Reply;

pub static SPEC: Spec = Spec {
    name: "show",
    aliases: &["card", "view"],
    usage: "show <deal>",
    summary: "Show a deal: stage, owner, amount, next step, recent history.",
    details: &["Name a deal by its id (D-4, or just 4) or an unambiguous part of its name."],
    examples: &["show D-4", "show acme"],
    args: &[DEAL],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Show {
    pub deal: DealRef,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::Show(Show {
        deal: DealRef::take(args, SPEC.name)?,
    }))
}

impl Show {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        card(env, Reply::private(), &deal).await
    }
}
