//! `tz`: show or set your time zone, used for due dates and times you see.

use super::{Arg, ArgKind, Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::local_time;
use crate::core::reply::{Line, Reply, Tone};

pub static SPEC: Spec = Spec {
    name: "tz",
    aliases: &["timezone"],
    usage: "tz [<IANA zone>]",
    summary: "Show or set your time zone.",
    details: &["Due dates like `fri` or `tomorrow` are read in your time zone."],
    examples: &["tz", "tz Europe/Berlin", "tz America/New_York"],
    args: &[Arg::optional(
        "zone",
        ArgKind::Zone,
        "An IANA zone such as Europe/Paris (empty shows yours)",
    )],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Tz {
    pub zone: Option<chrono_tz::Tz>,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let Some(word) = args.next_word() else {
        return Ok(Command::Tz(Tz { zone: None }));
    };
    let zone = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|zone| zone.name().eq_ignore_ascii_case(&word.text))
        .copied();
    match zone {
        Some(zone) => Ok(Command::Tz(Tz { zone: Some(zone) })),
        None => Err(unknown_zone(&word.text)),
    }
}

fn unknown_zone(asked: &str) -> CommandError {
    let asked_lower = asked.to_lowercase();
    let mut scored: Vec<(f64, &str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| {
            let name = zone.name();
            let city = name.rsplit('/').next().unwrap_or(name).to_lowercase();
            let score = strsim::jaro_winkler(&asked_lower, &name.to_lowercase())
                .max(strsim::jaro_winkler(&asked_lower, &city));
            (score, name)
        })
        .filter(|(score, _)| *score > 0.85)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let error = CommandError::usage(
        SPEC.name,
        format!("\"{asked}\" is not a time zone. Use an IANA name like Europe/Berlin or America/New_York."),
    );
    if scored.is_empty() {
        error
    } else {
        let names: Vec<&str> = scored.iter().take(3).map(|(_, name)| *name).collect();
        error.with_line(format!("Did you mean {}?", names.join(", ")))
    }
}

impl Tz {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        match self.zone {
            None => Ok(Reply::private().line(Line::new().text(format!(
                "Your time zone is {}: it is now {}. Change it with `tz Europe/Berlin`.",
                env.timezone.name(),
                local_time(env.now(), env.timezone)
            )))),
            Some(zone) => {
                env.store
                    .set_user_timezone(env.workspace(), env.user(), zone.name())
                    .await?;
                Ok(Reply::private().tone(Tone::Success).line(format!(
                    "Your time zone is now {}: it is {} there.",
                    zone.name(),
                    local_time(env.now(), zone)
                )))
            }
        }
    }
}
