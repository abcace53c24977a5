//! `hours`: show or set your own working hours and days, in your own zone:
//! nags reach you only inside them. Without your own, the workspace's
//! `[nags] working_hours` and `working_days` hold.

use super::{Arg, ArgKind, Command, ParseContext, Spec};
use crate::core::args::Args;
use crate::core::availability::{workspace_hours, Team};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::WorkingHours;

pub static SPEC: Spec = Spec {
    name: "hours",
    aliases: &["working-hours"],
    usage: "hours [<from-to> [<days>] | default]",
    summary: "Show or set your working hours, for nags.",
    details: &[
        "Hours are read in your time zone (`tz`), on a 24-hour clock; days as mon-thu, mon,tue,thu or weekdays (the workspace's days if you give none).",
        "`hours default` goes back to the workspace's hours.",
    ],
    examples: &["hours", "hours 08:00-16:00 mon-thu", "hours 9-17 weekdays", "hours default"],
    args: &[Arg::optional(
        "hours",
        ArgKind::Hours,
        "Like 08:00-16:00 mon-thu, or default",
    )],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub enum Hours {
    Show,
    Set(WorkingHours),
    Default,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let Some(first) = args.next_word() else {
        return Ok(Command::Hours(Hours::Show));
    };
    if ["default", "reset", "workspace"].contains(&first.text.to_lowercase().as_str()) {
        return Ok(Command::Hours(Hours::Default));
    }
    let refuse =
        |error: crate::core::values::ValueError| CommandError::usage(SPEC.name, error.to_string());
    let (start, end) = WorkingHours::parse_span(&first.text).map_err(refuse)?;
    let words: Vec<String> = args.take_rest().into_iter().map(|w| w.text).collect();
    let days = if words.is_empty() {
        workspace_hours(cx.config).days
    } else {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        WorkingHours::parse_days(&words).map_err(refuse)?
    };
    Ok(Command::Hours(Hours::Set(WorkingHours {
        start,
        end,
        days,
    })))
}

impl Hours {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let zone = env.timezone.name();
        match self {
            Hours::Show => {
                let team = Team::read(env.store, env.workspace(), env.config).await?;
                let person = team.person(env.user());
                let whose = if person.own_hours {
                    "Your working hours are"
                } else {
                    "You keep the workspace's working hours,"
                };
                Ok(Reply::private().line(
                    Line::new()
                        .text(format!(
                            "{whose} {} ({zone}): nags reach you only then. Change them with ",
                            person.hours.describe()
                        ))
                        .code("hours 08:00-16:00 mon-thu")
                        .text("."),
                ))
            }
            Hours::Set(hours) => {
                keep_platform_zone(env).await?;
                env.store
                    .set_working_hours(
                        env.workspace(),
                        env.user(),
                        Some(&hours.span_text()),
                        Some(&hours.days_text()),
                    )
                    .await?;
                Ok(Reply::private().tone(Tone::Success).line(format!(
                    "Your working hours are now {} ({zone}): nags reach you only then.",
                    hours.describe()
                )))
            }
            Hours::Default => {
                env.store
                    .set_working_hours(env.workspace(), env.user(), None, None)
                    .await?;
                Ok(Reply::private().tone(Tone::Success).line(format!(
                    "You keep the workspace's working hours again: {} ({zone}).",
                    workspace_hours(env.config).describe()
                )))
            }
        }
    }
}

/// Remembers the zone the platform reports for the asker, unless they chose
/// one: their hours and time off are read in the zone they were shown, and
/// the nag sweep, which has no platform to ask, reads the stored one.
pub(super) async fn keep_platform_zone(env: &Env<'_>) -> Result<(), CommandError> {
    let Some(reported) = env.invocation.timezone else {
        return Ok(());
    };
    let chosen = env.store.user_timezone(env.workspace(), env.user()).await?;
    if chosen.is_none() {
        env.store
            .set_user_timezone(env.workspace(), env.user(), reported.name())
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::command::tests::{parse_err, parse_ok};
    use chrono::Weekday;

    #[test]
    fn hours_read_with_or_without_days() {
        assert_eq!(parse_ok("hours"), Command::Hours(Hours::Show));
        assert_eq!(parse_ok("hours default"), Command::Hours(Hours::Default));
        let Command::Hours(Hours::Set(hours)) = parse_ok("hours 08:00-16:00 mon-thu") else {
            panic!("hours set");
        };
        assert_eq!((hours.start, hours.end), (480, 960));
        assert_eq!(hours.days.len(), 4);
        let Command::Hours(Hours::Set(hours)) = parse_ok("hours \"9-17\" \"mon, wed\"") else {
            panic!("hours set");
        };
        assert_eq!(hours.days, [Weekday::Mon, Weekday::Wed]);
        let Command::Hours(Hours::Set(hours)) = parse_ok("hours 9-17") else {
            panic!("hours set");
        };
        assert_eq!(hours.days.len(), 5, "the workspace's days");
    }

    #[test]
    fn impossible_hours_are_refused_with_the_forms() {
        for text in [
            "hours 25:00-26:00",
            "hours 16:00-08:00 mon",
            "hours 08:00-16:00 \"\"",
            "hours 08:00-16:00 someday",
        ] {
            let error = parse_err(text);
            assert!(error.contains("08:00-16:00 mon-thu"), "{text}: {error}");
        }
    }
}
