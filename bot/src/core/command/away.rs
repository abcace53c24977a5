//! `away`: time off until a day (your last day away, in your zone): no nags
//! reach you until it has passed; digests say you are away beside your deals,
//! and a reminder the channel would get names who might cover. `back` ends it.

use super::{Arg, ArgKind, Command, ParseContext, Spec};
use crate::core::args::{join_text, Args};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::short_date;
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::{leading_date_count, parse_away_until, FreeText};

/// The longest note on time off.
const AWAY_NOTE_LIMIT: usize = 200;

pub static SPEC: Spec = Spec {
    name: "away",
    aliases: &["ooo", "vacation"],
    usage: "away until <day> [note]",
    summary: "Time off until a day: no nags.",
    details: &[
        "The day is your last day away, in your time zone; digests show \"away until\" beside your deals.",
        "`back` ends your time off early.",
    ],
    examples: &["away until 2026-12-20", "away until fri \"at the conference\""],
    args: &[
        Arg::required("until", ArgKind::Date, "Last day away: fri, 2026-12-20")
            .keyword("until"),
        Arg::optional("note", ArgKind::Text, "A word for the team"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Away {
    pub until: chrono::NaiveDate,
    pub note: Option<FreeText>,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    if args.peek().is_some_and(|word| {
        ["until", "till", "til", "to"].contains(&word.text.to_lowercase().as_str())
    }) {
        args.next_word();
    }
    let order = cx.config.settings.defaults.date_order;
    let words: Vec<String> = args.remaining().iter().map(|w| w.text.clone()).collect();
    let tokens: Vec<&str> = words.iter().map(String::as_str).collect();
    let count = leading_date_count(&tokens, cx.today, order).unwrap_or(tokens.len().min(1));
    let until = parse_away_until(&tokens[..count], cx.today, order)
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?
        .date;
    args.take(count);
    let rest = args.take_rest();
    let note = if rest.is_empty() {
        None
    } else {
        Some(
            FreeText::parse(&join_text(&rest), "note", AWAY_NOTE_LIMIT)
                .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?,
        )
    };
    Ok(Command::Away(Away { until, note }))
}

impl Away {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        super::hours::keep_platform_zone(env).await?;
        env.store
            .set_away(
                env.workspace(),
                env.user(),
                Some(self.until),
                self.note.as_ref().map(FreeText::as_str),
            )
            .await?;
        Ok(Reply::private().tone(Tone::Success).line(
            Line::new()
                .text(format!(
                    "You are away until {}: no nags until then. Back early? ",
                    short_date(self.until)
                ))
                .code("back"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::command::tests::{parse_err, parse_ok};
    use chrono::NaiveDate;

    #[test]
    fn a_day_and_a_note_are_read_apart() {
        let Command::Away(away) = parse_ok("away until Dec 20 skiing in the Alps") else {
            panic!("away");
        };
        assert_eq!(
            away.until,
            NaiveDate::from_ymd_opt(2026, 12, 20).expect("day")
        );
        assert_eq!(
            away.note.as_ref().map(FreeText::as_str),
            Some("skiing in the Alps")
        );
        let Command::Away(away) = parse_ok("away 2026-12-20") else {
            panic!("away");
        };
        assert_eq!(away.note, None);
    }

    #[test]
    fn a_past_day_or_no_day_is_refused() {
        let past = parse_err("away until 2026-11-01");
        assert!(past.contains("in the past"), "{past}");
        let none = parse_err("away until");
        assert!(none.contains("missing"), "{none}");
        let nonsense = parse_err("away until whenever");
        assert!(nonsense.contains("not a date"), "{nonsense}");
    }
}
