//! `digest`: post the pipeline digest to this channel now.

use super::{Arg, Command, ParseContext, Spec, WHO};
use crate::config::MOST_COOLDOWN_MINUTES;
use crate::core::args::Args;
use crate::core::digest::{digest_parts, DigestScope};
use crate::core::digest_chart::with_digest_chart;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::outgoing::{queue_message, Destination, Outgoing};
use crate::core::reply::{Reply, Tone};
use crate::core::values::{looks_like_user, UserRef};

pub static SPEC: Spec = Spec {
    name: "digest",
    aliases: &["standup"],
    usage: "digest [@someone] [chart]",
    summary: "Post the pipeline digest to this channel now.",
    details: &[
        "Grouped by stage, with amounts, next steps, overdue and stalled deals.",
        "Schedule it every morning with `subscribe`.",
        "`chart` adds a picture of the open pipeline: amount and count per stage, weighted forecast marked.",
    ],
    examples: &["digest", "digest @rep2", "digest chart"],
    args: &[
        WHO,
        Arg::flag("chart", "Add a chart"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub owner: Option<UserRef>,
    /// Whether the digest carries the pipeline chart.
    pub chart: bool,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let owner = match args.peek() {
        Some(word) if looks_like_user(&word.text) => {
            let text = word.text.clone();
            args.next_word();
            Some(UserRef::parse(&text).map_err(|e| CommandError::usage(SPEC.name, e.to_string()))?)
        }
        _ => None,
    };
    let chart = match args.peek() {
        Some(word) if word.text.eq_ignore_ascii_case("chart") => {
            args.next_word();
            true
        }
        _ => false,
    };
    Ok(Command::Digest(Digest { owner, chart }))
}

impl Digest {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let Some(channel) = env.invocation.channel.clone() else {
            return Err(CommandError::user(
                "A digest goes to a channel: run `digest` in the team's channel.",
            ));
        };
        let scope = DigestScope {
            workspace: env.workspace().to_string(),
            pipeline: None,
            owner: self.owner.map(|user| user.0),
            channel: Some(channel.clone()),
        };
        let platform = env.invocation.platform.clone();
        let parts = digest_parts(
            env.store,
            env.config,
            &scope,
            None,
            env.now(),
            env.timezone,
            env.core.limits_for(&platform),
        )
        .await?;
        let parts = if self.chart {
            with_digest_chart(
                parts,
                env.store,
                env.config,
                &scope,
                env.now(),
                env.timezone,
            )
            .await?
        } else {
            parts
        };
        claim_ask(env, &channel).await?;
        let stamp = env.now().format("%Y%m%dT%H%M%S");
        let mut messages = Vec::new();
        for (i, reply) in parts.into_iter().enumerate() {
            let outgoing = Outgoing {
                platform: platform.clone(),
                workspace: env.workspace().to_string(),
                destination: Destination::Channel(channel.clone()),
                reply,
                key: format!(
                    "digest-now:{}:{channel}:{stamp}:part{}",
                    env.workspace(),
                    i + 1
                ),
            };
            let mut message = queue_message(&outgoing, None)?;
            // If the platform refuses the post (the bot is not in the channel),
            // the person who asked is told what to do.
            message.notify_user = Some(env.user().to_string());
            messages.push(message);
        }
        if let Err(error) = env.store.enqueue(&messages, env.now()).await {
            // Nothing was queued: the ask is not counted.
            let _ = env
                .store
                .release_digest_ask(env.workspace(), &channel, env.user())
                .await;
            return Err(error.into());
        }
        env.wake_outbox();
        let what = if messages.len() == 1 {
            "Posting the digest here now.".to_string()
        } else {
            format!("Posting the digest here now, in {} parts.", messages.len())
        };
        Ok(Reply::private().tone(Tone::Success).line(what))
    }
}

/// Counts this ask against the person's cooldown in `channel`, or refuses it,
/// saying when they may ask again.
async fn claim_ask(env: &Env<'_>, channel: &str) -> Result<(), CommandError> {
    let minutes = env
        .config
        .settings
        .volume
        .digest_cooldown_minutes
        .min(MOST_COOLDOWN_MINUTES);
    if minutes == 0 {
        return Ok(());
    }
    let cooldown = chrono::Duration::minutes(minutes as i64);
    let now = env.now();
    let last = env
        .store
        .claim_digest_ask(env.workspace(), channel, env.user(), now, now - cooldown)
        .await?;
    let Some(last) = last else {
        return Ok(());
    };
    let next = last + cooldown;
    let at = next.with_timezone(&env.timezone).format("%H:%M");
    let every = if minutes == 1 {
        "once a minute".to_string()
    } else {
        format!("once every {minutes} minutes")
    };
    Err(CommandError::user(format!(
        "You asked for a digest here at {}; each person may ask {every} per channel. \
         You can ask again at {at} ({}). The channel's own schedule is under `schedules`.",
        last.with_timezone(&env.timezone).format("%H:%M"),
        env.timezone.name(),
    )))
}
