//! `owner`: hand a deal to someone else.

use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::change::{change, with_show_card};
use crate::core::deal::{may, Doing};
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::handover::{check_new_owner, tell_new_owner};
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::UserRef;

pub static SPEC: Spec = Spec {
    name: "owner",
    aliases: &["assign"],
    usage: "owner <deal> <@someone>",
    summary: "Hand a deal to someone else.",
    details: &["The owner is who gets the reminders when its next step is overdue."],
    examples: &["owner D-4 @rep2"],
    args: &[DEAL, Arg::required("owner", ArgKind::User, "The new owner")],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    pub deal: DealRef,
    pub owner: UserRef,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let Some(word) = args.next_word() else {
        return Err(CommandError::usage(
            SPEC.name,
            "Who should own it? Mention them: owner D-4 @rep2",
        ));
    };
    let owner = UserRef::parse(&word.text)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    Ok(Command::Owner(Owner { deal, owner }))
}

impl Owner {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        may(env, &deal, Doing::Reassign).await?;
        let owner = self.owner.0;
        if deal.owner != owner {
            check_new_owner(env, &owner).await?;
        }
        let (before, after) = change(env, &deal, |current| {
            if current.owner == owner {
                return Ok(DealEdit::unchanged(current));
            }
            let mut next = current.clone();
            next.owner = owner.clone();
            Ok(DealEdit {
                deal: next,
                history: vec![NewHistory::new(HistoryAction::Owner)
                    .from(current.owner.clone())
                    .to(owner.clone())],
            })
        })
        .await?;
        let line = Line::new()
            .strong(after.name.clone())
            .text(" is now owned by ")
            .user(after.owner.clone())
            .text(".");
        let mut reply = Reply::private().tone(Tone::Success).line(line);
        if before.owner != after.owner && after.owner != env.user() {
            if let Some(problem) = tell_new_owner(env, &after).await {
                reply = reply.line(problem);
            }
        }
        Ok(with_show_card(reply, &after))
    }
}
