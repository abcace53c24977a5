//! `rename`: give a deal a better name; the history keeps the old one.

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::{join_text, Args};
use crate::core::deal;
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::Reply;
use crate::core::values::DealName;

pub static SPEC: Spec = Spec {
    name: "rename",
    aliases: &[],
    usage: "rename <deal> <new name>",
    summary: "Give a deal another name.",
    details: &[
        "The history keeps the old name. A name another deal already has is refused: if they \
         are the same deal, `merge` them.",
    ],
    examples: &[
        "rename D-4 \"Acme Corp (EMEA)\"",
        "rename acme Acme Holdings",
    ],
    args: &[
        DEAL,
        Arg::required("name", ArgKind::Text, "The deal's new name"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Rename {
    pub deal: DealRef,
    pub name: DealName,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    if args.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            "What should it be called? rename D-4 \"Acme Corp (EMEA)\"",
        ));
    }
    let name = DealName::parse(&join_text(&args.take_rest()))
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    Ok(Command::Rename(Rename { deal, name }))
}

impl Rename {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        deal::rename(env, &deal, self.name.as_str()).await
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::parse_ok;
    use super::*;

    #[test]
    fn the_new_name_is_the_rest_of_the_line() {
        let Command::Rename(rename) = parse_ok("rename D-4 Acme   Holdings  EMEA") else {
            panic!("not a rename");
        };
        assert_eq!(rename.deal, DealRef::Number(4));
        assert_eq!(rename.name.as_str(), "Acme Holdings EMEA");
    }
}
