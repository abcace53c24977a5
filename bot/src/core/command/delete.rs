//! `delete`: hide a deal that should never have been (a test, a mistake)
//! from lists, digests, reports, nags and metrics, keeping its history;
//! `restore` brings it back.

use super::{Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::deal;
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::Reply;

pub static SPEC: Spec = Spec {
    name: "delete",
    aliases: &["remove"],
    usage: "delete <deal>",
    summary: "Hide a deal everywhere, keeping its history.",
    details: &[
        "A deleted deal leaves lists, digests, reports, reminders and metrics; `history` still \
         shows it and `restore` brings it back. A deal that was lost is better closed with `lost`.",
        "Only the deal's owner may delete it.",
    ],
    examples: &["delete D-9"],
    args: &[DEAL],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    pub deal: DealRef,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::Delete(Delete {
        deal: DealRef::take(args, SPEC.name)?,
    }))
}

impl Delete {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        deal::delete(env, &deal).await
    }
}
