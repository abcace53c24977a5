//! `[[holidays]]`: the workspace's holiday calendar, one table per holiday: a
//! day (`date`) or a span of days (`from`, `until`), with a name. No nags go
//! out on a holiday; a holiday given `channels` only skips those channels'
//! scheduled digests, one without skips every digest too.

use chrono::NaiveDate;
use serde::Deserialize;

use super::ConfigProblem;

/// One holiday as configured.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidaySettings {
    /// What it is called, shown in digests: `Christmas Day`.
    #[serde(default)]
    pub name: String,
    /// The day, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "date_text")]
    pub date: Option<String>,
    /// The first day of a span of days, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "date_text")]
    pub from: Option<String>,
    /// The last day of the span, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "date_text")]
    pub until: Option<String>,
    /// The channels (ids) whose digests it skips; empty: everyone's.
    #[serde(default)]
    pub channels: Vec<String>,
}

/// A date as written: quoted (`"2026-12-25"`) or a TOML date (`2026-12-25`,
/// which reaches serde as a one-entry table holding its text).
#[derive(Deserialize)]
#[serde(untagged)]
enum DateText {
    Text(String),
    Toml(std::collections::BTreeMap<String, String>),
}

fn date_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(match DateText::deserialize(deserializer)? {
        DateText::Text(text) => Some(text),
        DateText::Toml(table) => table.into_values().next(),
    })
}

impl HolidaySettings {
    /// Its first and last day, or the key that is wrong and why.
    pub fn days(&self) -> Result<(NaiveDate, NaiveDate), (&'static str, String)> {
        let read = |key: &'static str, text: &str| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                (
                    key,
                    format!("{text:?} is not a date: write it as YYYY-MM-DD, like \"2026-12-25\""),
                )
            })
        };
        match (&self.date, &self.from, &self.until) {
            (Some(date), None, None) => {
                let day = read("date", date)?;
                Ok((day, day))
            }
            (None, Some(from), Some(until)) => {
                let (first, last) = (read("from", from)?, read("until", until)?);
                if last < first {
                    return Err((
                        "until",
                        format!("{until:?} is before from = {from:?}: the span ends on or after its first day"),
                    ));
                }
                Ok((first, last))
            }
            (None, Some(_), None) => Err((
                "until",
                "is missing: a span of days needs from = \"YYYY-MM-DD\" and until = \"YYYY-MM-DD\""
                    .to_string(),
            )),
            (None, None, Some(_)) => Err((
                "from",
                "is missing: a span of days needs from = \"YYYY-MM-DD\" and until = \"YYYY-MM-DD\""
                    .to_string(),
            )),
            (None, None, None) => Err((
                "date",
                "is missing: give the day, date = \"2026-12-25\", or a span, from = \
                 \"2026-12-24\" and until = \"2026-12-31\""
                    .to_string(),
            )),
            (Some(_), _, _) => Err((
                "date",
                "is given with from/until: give either one day (date) or a span (from and until)"
                    .to_string(),
            )),
        }
    }
}

/// Every holiday that is not a date or a span, with its place
/// (`holidays[2].date`).
pub fn check(holidays: &[HolidaySettings], problems: &mut Vec<ConfigProblem>) {
    for (i, holiday) in holidays.iter().enumerate() {
        if let Err((key, message)) = holiday.days() {
            problems.push(ConfigProblem::new(format!("holidays[{i}].{key}"), message));
        }
        for (j, channel) in holiday.channels.iter().enumerate() {
            if channel.trim().is_empty() {
                problems.push(ConfigProblem::new(
                    format!("holidays[{i}].channels[{j}]"),
                    "is empty: give the channel's id, like \"C0123ABCD\"",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holiday(date: Option<&str>, from: Option<&str>, until: Option<&str>) -> HolidaySettings {
        HolidaySettings {
            name: "Test".to_string(),
            date: date.map(str::to_string),
            from: from.map(str::to_string),
            until: until.map(str::to_string),
            channels: Vec::new(),
        }
    }

    #[test]
    fn a_holiday_is_a_day_or_a_span_and_anything_else_is_reported_in_place() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 25).expect("a day");
        assert_eq!(
            holiday(Some("2026-12-25"), None, None).days(),
            Ok((day, day))
        );
        let mut problems = Vec::new();
        check(
            &[
                holiday(Some("2026-12-25"), None, None),
                holiday(Some("Dec 25"), None, None),
                holiday(None, Some("2026-12-24"), Some("2026-13-01")),
                holiday(None, Some("2026-12-31"), Some("2026-12-24")),
                holiday(None, None, None),
            ],
            &mut problems,
        );
        let places: Vec<String> = problems.iter().map(|p| p.location.clone()).collect();
        assert_eq!(
            places,
            [
                "holidays[1].date",
                "holidays[2].until",
                "holidays[3].until",
                "holidays[4].date"
            ]
        );
        assert!(problems[0].message.contains("\"Dec 25\" is not a date"));
    }
}
