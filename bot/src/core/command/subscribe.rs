//! `subscribe`: this channel's digest schedule (a crontab line in a time zone).

use chrono_tz::Tz;
use dealbot_storage::NewSubscription;

use super::{Arg, ArgKind, Command, ParseContext, Spec, WHO};
use crate::core::args::Args;
use crate::core::deal::may_manage_schedules;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::local_time;
use crate::core::reply::{Line, Reply};
use crate::core::values::{check_digest_cron, looks_like_user, CronSchedule, UserRef};

pub static SPEC: Spec = Spec {
    name: "subscribe",
    aliases: &["schedule"],
    usage: "subscribe \"<cron>\" [<IANA zone>] [pipeline <name>] [@someone] [chart]",
    summary: "Post the digest to this channel on a schedule.",
    details: &[
        "The schedule is a crontab line in quotes: minute hour day month weekday.",
        "\"0 9 * * 1-5\" is 09:00 Monday to Friday; the zone defaults to yours.",
        "One schedule per channel: subscribing again replaces it.",
        "`chart` adds a picture of the open pipeline (amount and count per stage, weighted forecast marked).",
    ],
    examples: &[
        "subscribe \"0 9 * * 1-5\" Europe/Berlin",
        "subscribe \"30 8 * * mon\" America/New_York @rep2",
        "subscribe \"0 9 * * mon\" Europe/Berlin chart",
    ],
    args: &[
        Arg::required(
            "schedule",
            ArgKind::Schedule,
            "A crontab line: 0 9 * * 1-5 is 09:00 Monday to Friday",
        ),
        Arg::optional(
            "zone",
            ArgKind::Zone,
            "An IANA zone such as Europe/Berlin (yours, if not given)",
        ),
        Arg::optional("pipeline", ArgKind::Pipeline, "Only this pipeline's deals")
            .keyword("pipeline"),
        WHO,
        Arg::flag("chart", "Add a chart"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Subscribe {
    pub cron: String,
    pub zone: Option<Tz>,
    pub pipeline: Option<String>,
    pub owner: Option<UserRef>,
    /// Whether each digest carries the pipeline chart.
    pub chart: bool,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let Some(cron) = args.next_word() else {
        return Err(CommandError::usage(
            SPEC.name,
            "When? Give a crontab line in quotes: subscribe \"0 9 * * 1-5\" Europe/Berlin",
        ));
    };
    check_digest_cron(&cron.text).map_err(|message| CommandError::usage(SPEC.name, message))?;
    let mut subscribe = Subscribe {
        cron: cron.text,
        zone: None,
        pipeline: None,
        owner: None,
        chart: false,
    };
    while let Some(word) = args.next_word() {
        if word.text.eq_ignore_ascii_case("pipeline") {
            let Some(name) = args.next_word() else {
                return Err(CommandError::usage(
                    SPEC.name,
                    "Which pipeline? pipeline new-business",
                ));
            };
            let Some(pipeline) = cx.config.pipeline(&name.text) else {
                return Err(CommandError::usage(
                    SPEC.name,
                    format!(
                        "There is no pipeline \"{}\". Pipelines: {}.",
                        name.text,
                        cx.config.pipeline_names()
                    ),
                ));
            };
            subscribe.pipeline = Some(pipeline.name.clone());
        } else if word.text.eq_ignore_ascii_case("chart") {
            subscribe.chart = true;
        } else if looks_like_user(&word.text) {
            subscribe.owner = Some(
                UserRef::parse(&word.text)
                    .map_err(|e| CommandError::usage(SPEC.name, e.to_string()))?,
            );
        } else if let Some(zone) = chrono_tz::TZ_VARIANTS
            .iter()
            .find(|zone| zone.name().eq_ignore_ascii_case(&word.text))
        {
            subscribe.zone = Some(*zone);
        } else {
            return Err(CommandError::usage(
                SPEC.name,
                format!(
                    "\"{}\" is not a time zone, a pipeline, a person or `chart`. Zones are IANA names like Europe/Berlin.",
                    word.text
                ),
            ));
        }
    }
    Ok(Command::Subscribe(subscribe))
}

impl Subscribe {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let Some(channel) = env.invocation.channel.clone() else {
            return Err(CommandError::user(
                "Subscribe in the channel the digest should go to.",
            ));
        };
        may_manage_schedules(env, "subscribe this channel to a digest").await?;
        let zone = self.zone.unwrap_or(env.timezone);
        let schedule = CronSchedule::parse(&self.cron, zone.name()).map_err(CommandError::user)?;
        env.store
            .subscribe(&NewSubscription {
                workspace: env.workspace().to_string(),
                platform: env.invocation.platform.clone(),
                channel,
                cron: self.cron.clone(),
                timezone: zone.name().to_string(),
                pipeline: self.pipeline.clone(),
                owner: self.owner.as_ref().map(|user| user.0.clone()),
                created_by: env.user().to_string(),
                at: env.now(),
                chart: self.chart,
            })
            .await?;
        env.schedules_changed();
        let mut line = Line::new()
            .user(env.user())
            .text(" scheduled this channel's digest: ")
            .code(self.cron.clone())
            .text(format!(" in {}", zone.name()));
        if let Some(pipeline) = &self.pipeline {
            line = line.text(format!(", pipeline {pipeline}"));
        }
        if let Some(owner) = &self.owner {
            line = line.text(", deals of ").user(owner.0.clone());
        }
        if self.chart {
            line = line.text(", with a chart of the open pipeline");
        }
        let mut reply = Reply::public().line(line.text("."));
        if let Some(next) = schedule.next_after(env.now()) {
            reply = reply.line(format!(
                "Next: {} ({}).",
                local_time(next, zone),
                zone.name()
            ));
        }
        Ok(reply)
    }
}
