//! `won`: close a deal as won, with an optional note.

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::deal;
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::notes::take_note;
use crate::core::reply::Reply;
use crate::core::values::FreeText;

pub static SPEC: Spec = Spec {
    name: "won",
    aliases: &["win"],
    usage: "won <deal> [note]",
    summary: "Close a deal as won.",
    details: &[
        "Its next step is cleared: a won deal needs no more nagging.",
        "A lost deal is reopened and won; a deal already won (also one carrying on in its \
         after-sale pipeline) cannot be won again.",
    ],
    examples: &["won D-4", "won acme \"signed for 3 years\""],
    args: &[
        DEAL,
        Arg::optional("note", ArgKind::Text, "A word on the win"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Won {
    pub deal: DealRef,
    pub note: Option<FreeText>,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let note = take_note(args, SPEC.name)?;
    Ok(Command::Won(Won { deal, note }))
}

impl Won {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        deal::win(env, &deal, self.note.map(|n| n.as_str().to_string())).await
    }
}
