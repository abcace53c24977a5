//! `unsubscribe`: stop this channel's scheduled digest.

use super::{Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::deal::may_manage_schedules;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::{Line, Reply};

pub static SPEC: Spec = Spec {
    name: "unsubscribe",
    aliases: &["unschedule"],
    usage: "unsubscribe",
    summary: "Stop this channel's scheduled digest.",
    details: &[],
    examples: &["unsubscribe"],
    args: &[],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Unsubscribe;

fn parse(_args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::Unsubscribe(Unsubscribe))
}

impl Unsubscribe {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let Some(channel) = env.invocation.channel.as_deref() else {
            return Err(CommandError::user(
                "Unsubscribe in the channel that gets the digest.",
            ));
        };
        may_manage_schedules(env, "unsubscribe this channel from its digest").await?;
        let removed = env
            .store
            .unsubscribe(env.workspace(), &env.invocation.platform, channel)
            .await?;
        if !removed {
            return Ok(Reply::private().line(
                Line::new()
                    .text("This channel has no scheduled digest. See them all with ")
                    .code("schedules"),
            ));
        }
        env.schedules_changed();
        Ok(Reply::public().line(
            Line::new()
                .user(env.user())
                .text(" stopped this channel's scheduled digest."),
        ))
    }
}
