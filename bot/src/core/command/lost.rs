//! `lost`: close a deal as lost, saying why (the reason is required: it is what
//! the team learns from).

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::{join_text, Args};
use crate::core::deal;
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::notes::NOTE_LIMIT;
use crate::core::reply::Reply;
use crate::core::values::FreeText;

pub static SPEC: Spec = Spec {
    name: "lost",
    aliases: &["lose"],
    usage: "lost <deal> <reason>",
    summary: "Close a deal as lost, with the reason.",
    details: &[
        "The reason is required: it is how the team learns where deals go.",
        "A won deal is reopened and lost (the sale fell through); a lost deal cannot be lost again.",
    ],
    examples: &[
        "lost D-4 \"went with a competitor\"",
        "lost acme no budget this year",
    ],
    args: &[
        DEAL,
        Arg::required("reason", ArgKind::Text, "Why it was lost"),
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
        deal::lose(env, &deal, self.reason.as_str()).await
    }
}
