//! `merge`: fold a duplicate deal into the one it duplicates. Both histories
//! are kept and both record the merge; the duplicate is hidden and points at
//! the deal it went into.

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::deal;
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;

use crate::core::reply::Reply;

pub static SPEC: Spec = Spec {
    name: "merge",
    aliases: &[],
    usage: "merge <deal> into <deal>",
    summary: "Merge a duplicate deal into the one it duplicates.",
    details: &[
        "The first deal is hidden (like `delete`) and points at the second; both keep their \
         history and both record the merge. `restore` brings the first back.",
        "Only the first deal's owner may merge it away.",
    ],
    examples: &["merge D-7 into D-3"],
    args: &[
        DEAL,
        Arg::required("into", ArgKind::Deal, "The deal that stays").keyword("into"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The duplicate, hidden by the merge.
    pub from: DealRef,
    /// The deal it goes into.
    pub into: DealRef,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let from = DealRef::take(args, SPEC.name)?;
    if args
        .peek()
        .is_some_and(|word| !word.quoted && word.text.eq_ignore_ascii_case("into"))
    {
        args.next_word();
    }
    if args.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            "Into which deal? merge D-7 into D-3",
        ));
    }
    let into = DealRef::take(args, SPEC.name)?;
    Ok(Command::Merge(Merge { from, into }))
}

impl Merge {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let from = resolve(env, &self.from).await?;
        let into = resolve(env, &self.into).await?;
        deal::merge(env, &from, &into).await
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{parse_err, parse_ok};
    use super::*;

    #[test]
    fn into_is_optional_between_the_two_deals() {
        for text in ["merge D-7 into D-3", "merge d7 INTO #3", "merge D-7 D-3"] {
            assert_eq!(
                parse_ok(text),
                Command::Merge(Merge {
                    from: DealRef::Number(7),
                    into: DealRef::Number(3),
                }),
                "{text}"
            );
        }
        assert_eq!(
            parse_ok("merge globex into \"Globex Corp\""),
            Command::Merge(Merge {
                from: DealRef::Name("globex".into()),
                into: DealRef::Name("Globex Corp".into()),
            })
        );
    }

    #[test]
    fn a_merge_names_two_deals_and_nothing_else() {
        assert!(parse_err("merge D-7").contains("Into which deal?"));
        assert!(parse_err("merge D-7 into").contains("Into which deal?"));
        assert!(parse_err("merge D-7 into D-3 now").contains("\"now\""));
    }
}
