//! `status`: how the bot's own messages are doing in this workspace: waiting,
//! delivered, and the ones the platform refused, with what to do about them.

use super::{Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::local_time;
use crate::core::reply::{Line, Reply};

pub static SPEC: Spec = Spec {
    name: "status",
    aliases: &["health"],
    usage: "status",
    summary: "Show the bot's queued, delivered and failed messages here.",
    details: &["Failures say why (not in the channel, closed DMs) and what to do."],
    examples: &["status"],
    args: &[],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Status;

fn parse(_args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::Status(Status))
}

impl Status {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let report = env.store.outbox_report(env.workspace()).await?;
        let mut waiting = format!("{} waiting", report.waiting);
        if let Some(oldest) = report.oldest_waiting {
            waiting.push_str(&format!(
                " (oldest queued {})",
                local_time(oldest, env.timezone)
            ));
        }
        let mut reply = Reply::private().title("dealbot status").field(
            "Messages",
            format!(
                "{waiting} · {} delivered · {} failed lately",
                report.delivered,
                report.failed.len()
            ),
        );
        for failed in &report.failed {
            reply = reply.footer(Line::new().text(format!(
                "✗ {} to {}: {}",
                local_time(failed.created_at, env.timezone),
                failed.channel_key,
                failed.last_error.as_deref().unwrap_or("refused")
            )));
        }
        Ok(reply)
    }
}
