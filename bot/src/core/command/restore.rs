//! `restore`: bring back a deleted deal, or one merged into another, as it was.

use super::{Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::deal;
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::Reply;

pub static SPEC: Spec = Spec {
    name: "restore",
    aliases: &["undelete"],
    usage: "restore <deal>",
    summary: "Bring back a deleted or merged-away deal.",
    details: &["It comes back as it was when it was hidden. Only the deal's owner may restore it."],
    examples: &["restore D-9"],
    args: &[DEAL],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Restore {
    pub deal: DealRef,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::Restore(Restore {
        deal: DealRef::take(args, SPEC.name)?,
    }))
}

impl Restore {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        deal::restore(env, &deal).await
    }
}
