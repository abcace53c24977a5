//! `undo`: reverse your own last change, within ten minutes, if nobody
//! changed the deal since.

use super::{Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::deal;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::Reply;

pub static SPEC: Spec = Spec {
    name: "undo",
    aliases: &[],
    usage: "undo",
    summary: "Reverse your own last change (within 10 minutes).",
    details: &[
        "The deal goes back to exactly how it was, and the history records the undo. Undoing \
         `new` deletes the deal (`restore` brings it back).",
        "Not for notes, checklist answers or merges, nor when someone changed the deal since: \
         the reply says what to do instead.",
    ],
    examples: &["undo"],
    args: &[],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Undo;

fn parse(_args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::Undo(Undo))
}

impl Undo {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        deal::undo(env).await
    }
}
