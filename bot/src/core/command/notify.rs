//! `notify`: which deal changes post to this channel between digests: `all`,
//! `stages`, `wins` or `digest-only`; with no mode, the channel's current one.

use super::{Arg, ArgKind, Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::deal::may_set_channel_notify;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::noise::NotifyMode;
use crate::core::reply::{Line, Reply, Tone};

pub static SPEC: Spec = Spec {
    name: "notify",
    aliases: &["noise"],
    usage: "notify [all | stages | wins | digest-only]",
    summary: "Choose which deal changes post to this channel.",
    details: &[
        "all: every change (today's default); stages: stage moves, wins and losses; \
         wins: wins and losses; digest-only: nothing between digests.",
        "Whoever makes a change always gets their own answer. `notify` alone shows the \
         channel's mode. Only admins may change it.",
        "One person's quick changes to one deal update the post already made instead of \
         adding another (`[volume] batch_window_seconds`).",
    ],
    examples: &["notify", "notify stages", "notify digest-only"],
    args: &[Arg::optional(
        "mode",
        ArgKind::Choice(&["all", "stages", "wins", "digest-only"]),
        "all, stages, wins or digest-only",
    )],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Notify {
    /// The mode to set; `None` shows the current one.
    pub mode: Option<NotifyMode>,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let Some(word) = args.next_word() else {
        return Ok(Command::Notify(Notify { mode: None }));
    };
    match NotifyMode::parse(&word.text) {
        Some(mode) => Ok(Command::Notify(Notify { mode: Some(mode) })),
        None => Err(CommandError::usage(
            SPEC.name,
            format!(
                "\"{}\" is not a notify mode. Choose one of {}.",
                word.text,
                NotifyMode::accepted()
            ),
        )),
    }
}

impl Notify {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let Some(channel) = env.invocation.channel.as_deref() else {
            return Err(CommandError::user(
                "Choose what posts to a channel from that channel: type `notify` there.",
            ));
        };
        let stored = env
            .store
            .channel_notify_mode(env.workspace(), channel)
            .await?;
        let current = stored
            .as_deref()
            .and_then(NotifyMode::parse)
            .unwrap_or_default();
        let Some(mode) = self.mode else {
            return Ok(Reply::private()
                .line(mode_line("This channel gets ", current))
                .line(
                    Line::new()
                        .text("Change it with ")
                        .code("notify all | stages | wins | digest-only")
                        .text("."),
                ));
        };
        may_set_channel_notify(env).await?;
        // A mode set on purpose is stored even when it is the default: the
        // channel is then one the bot posts in (an import's summary goes there).
        if stored.is_some() && mode == current {
            return Ok(Reply::private().line(mode_line("This channel already gets ", mode)));
        }
        env.store
            .set_channel_notify_mode(
                env.workspace(),
                channel,
                mode.as_str(),
                env.user(),
                env.now(),
            )
            .await?;
        Ok(Reply::public().tone(Tone::Success).line(
            Line::new()
                .user(env.user())
                .text(" set this channel to ")
                .code(format!("notify {}", mode.as_str()))
                .text(format!(": {}.", mode.describe())),
        ))
    }
}

fn mode_line(start: &str, mode: NotifyMode) -> Line {
    Line::new()
        .text(start)
        .code(mode.as_str())
        .text(format!(": {}.", mode.describe()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::command::tests::{parse_err, parse_ok};

    #[test]
    fn modes_parse_and_an_unknown_one_lists_the_accepted() {
        assert_eq!(parse_ok("notify"), Command::Notify(Notify { mode: None }));
        assert_eq!(
            parse_ok("notify Digest-Only"),
            Command::Notify(Notify {
                mode: Some(NotifyMode::DigestOnly)
            })
        );
        let refusal = parse_err("notify loud");
        assert!(
            refusal.contains("\"loud\" is not a notify mode"),
            "{refusal}"
        );
        assert!(
            refusal.contains("`all`, `stages`, `wins`, `digest-only`"),
            "{refusal}"
        );
        assert!(parse_err("notify all please").contains("please"));
    }
}
