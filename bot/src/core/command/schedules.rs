//! `schedules`: the workspace's digest schedules, with their next firing.

use super::{Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::local_time;
use crate::core::reply::{Line, Reply};
use crate::core::values::CronSchedule;

pub static SPEC: Spec = Spec {
    name: "schedules",
    aliases: &["subscriptions"],
    usage: "schedules",
    summary: "List the digest schedules of this workspace.",
    details: &[],
    examples: &["schedules"],
    args: &[],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Schedules;

fn parse(_args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::Schedules(Schedules))
}

impl Schedules {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let subscriptions = env.store.subscriptions(env.workspace()).await?;
        let mut reply = Reply::private().title("Digest schedules");
        if subscriptions.is_empty() {
            return Ok(reply.line(
                Line::new()
                    .text("None yet. In the team's channel: ")
                    .code("subscribe \"0 9 * * 1-5\" Europe/Berlin"),
            ));
        }
        for subscription in subscriptions {
            let mut line = Line::new()
                .text(format!("#{} · ", subscription.channel))
                .code(subscription.cron.clone())
                .text(format!(" {}", subscription.timezone));
            if let Some(pipeline) = &subscription.pipeline {
                line = line.text(format!(" · pipeline {pipeline}"));
            }
            if let Some(owner) = &subscription.owner {
                line = line.text(" · deals of ").user(owner.clone());
            }
            if subscription.chart {
                line = line.text(" · with a chart");
            }
            if let Ok(schedule) = CronSchedule::parse(&subscription.cron, &subscription.timezone) {
                if let Some(next) = schedule.next_after(env.now()) {
                    line = line.text(format!(" · next {}", local_time(next, schedule.zone())));
                }
            }
            reply = reply.line(line);
        }
        Ok(reply)
    }
}
