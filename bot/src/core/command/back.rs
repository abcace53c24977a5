//! `back`: end your time off (`away`) early: nags reach you again in your
//! working hours.

use super::{Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::short_date;
use crate::core::reply::{Reply, Tone};

pub static SPEC: Spec = Spec {
    name: "back",
    aliases: &[],
    usage: "back",
    summary: "End your time off early.",
    details: &["Nags reach you again in your working hours (`hours`)."],
    examples: &["back"],
    args: &[],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Back;

fn parse(_args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    Ok(Command::Back(Back))
}

impl Back {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let before = env
            .store
            .person_settings(env.workspace(), env.user())
            .await?;
        let away = before.away_until.filter(|until| *until >= env.today);
        let Some(until) = away else {
            return Ok(Reply::private()
                .line("You are not away: nags reach you in your working hours (`hours`)."));
        };
        env.store
            .set_away(env.workspace(), env.user(), None, None)
            .await?;
        Ok(Reply::private().tone(Tone::Success).line(format!(
            "Welcome back: your time off (until {}) is over, and nags reach you again in your working hours.",
            short_date(until)
        )))
    }
}
