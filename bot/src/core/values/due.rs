//! Due dates for next steps: read from what people type (`tomorrow`, `fri`,
//! `in 3d`, `next week`, `2026-12-01`) against their own local date, turned into
//! the UTC instant the day ends in their zone, and described back (`in 3 days`,
//! `overdue by 1 day`).
//!
//! A due date is a whole local day: a step due on the 27th is on time until the
//! person's midnight at the end of the 27th, wherever they are.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::{quoted, ValueError};

/// The accepted forms, ending every due-date error.
const DUE_FORMS: &str =
    "Write it like today, tomorrow, fri, in 3d, in 2 weeks, next week or 2026-12-01.";

/// The accepted forms, ending every snooze error.
const SNOOZE_FORMS: &str = "Write it like 1d, 3d, 1w, in 2 weeks, fri or 2026-12-01.";

/// How far ahead a due date may be.
const MAX_MONTHS_AHEAD: u32 = 60;

/// Reads a due date, relative to `today`, the person's local date. Case does not
/// matter. Accepted:
///
/// - `today`, `tomorrow` (`tmrw`);
/// - a weekday, `fri` or `friday` (also `tues`, `thurs`…): the next such day
///   strictly after today, so `fri` said on a Friday means a week later;
/// - a number of days or weeks from today: `in 3d`, `in 3 days`, `in 1 day`,
///   `in 2w`, `in 2 weeks`, or the same without `in` (`3d`, `2w`, `3 days`);
/// - `next week`: the coming Monday (a week later when today is Monday);
/// - an ISO date: `2026-12-01`.
///
/// Dates before today, and more than five years ahead, are refused.
pub fn parse_due(tokens: &[&str], today: NaiveDate) -> Result<NaiveDate, ValueError> {
    if tokens.is_empty() {
        return Err(ValueError::new(format!(
            "The due date is missing. {DUE_FORMS}"
        )));
    }
    let said = tokens.join(" ");
    let date = match recognize(tokens, today) {
        None => {
            return Err(ValueError::new(format!(
                "{} is not a due date. {DUE_FORMS}",
                quoted(&said)
            )))
        }
        Some(Err(problem)) => return Err(problem.into_error(&said, DUE_FORMS)),
        Some(Ok(Due::On(date))) => Some(date),
        Some(Ok(Due::After(days))) => today.checked_add_days(days),
    };
    within_range(date, today, &said, DUE_FORMS)
}

/// How many of the last words of `tokens` (1, 2 or 3; the most that fit) are a
/// due date, to split `send the proposal in 3 days` into the step and its date.
///
/// This counts anything written as a due date, also one [`parse_due`] refuses
/// (`2020-01-01`, in the past; `2026-02-30`, no such day), so that the caller
/// can pass those words on and show why. `None` if the last word is not part of
/// a due date at all.
pub fn due_token_count(tokens: &[&str], today: NaiveDate) -> Option<usize> {
    (1..=3)
        .rev()
        .filter(|&count| count <= tokens.len())
        .find(|&count| recognize(&tokens[tokens.len() - count..], today).is_some())
}

/// Reads how long to snooze a next step, and returns its new due date.
///
/// A duration (`1d`, `3d`, `1w`, `2w`, `in 3d`, `in 2 weeks`) moves the step
/// forward from its current due date, or from today if that has passed (so an
/// overdue step snoozed `1d` is due tomorrow). A day (`tomorrow`, `fri`,
/// `next week`, `2026-12-01`: the same forms as [`parse_due`]) sets it directly.
/// No words at all means one day.
pub fn parse_snooze(
    tokens: &[&str],
    today: NaiveDate,
    current_due: Option<NaiveDate>,
) -> Result<NaiveDate, ValueError> {
    let base = current_due.map_or(today, |due| due.max(today));
    let said = tokens.join(" ");
    let due = if tokens.is_empty() {
        Due::After(Days::new(1))
    } else {
        match recognize(tokens, today) {
            None => {
                return Err(ValueError::new(format!(
                    "I can't snooze by {}. {SNOOZE_FORMS}",
                    quoted(&said)
                )))
            }
            Some(Err(problem)) => return Err(problem.into_error(&said, SNOOZE_FORMS)),
            Some(Ok(due)) => due,
        }
    };
    let date = match due {
        Due::On(date) => Some(date),
        Due::After(days) => base.checked_add_days(days),
    };
    within_range(date, today, &said, SNOOZE_FORMS)
}

/// The instant the local day `date` ends in `tz`: midnight at the start of the
/// next day. If that midnight does not exist (a clock change skips it), the day
/// ends when the clocks jump; if it happens twice, at the first.
pub fn end_of_day_utc(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let Some(next_day) = date.succ_opt() else {
        return date.and_time(NaiveTime::MIN).and_utc();
    };
    let midnight = next_day.and_time(NaiveTime::MIN);
    // The first local time after a skipped midnight that exists is the moment the
    // clocks jumped. Real gaps are an hour or two; one island skipped a whole day.
    (0..=48 * 4)
        .filter_map(|quarter| midnight.checked_add_signed(TimeDelta::minutes(15 * quarter)))
        .find_map(|local| tz.from_local_datetime(&local).earliest())
        .map_or_else(|| midnight.and_utc(), |end| end.with_timezone(&Utc))
}

/// The local date in `tz` that a due instant from [`end_of_day_utc`] belongs to:
/// the date of the last second before it.
pub fn due_date_in(due_at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    let last_second = due_at
        .checked_sub_signed(TimeDelta::seconds(1))
        .unwrap_or(due_at);
    last_second.with_timezone(&tz).date_naive()
}

/// How a due date relates to today: `today`, `tomorrow`, `in 3 days`,
/// `overdue by 1 day`, `overdue by 4 days`.
pub fn describe_due(due: NaiveDate, today: NaiveDate) -> String {
    match (due - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "overdue by 1 day".to_string(),
        days if days > 1 => format!("in {days} days"),
        days => format!("overdue by {} days", days.unsigned_abs()),
    }
}

/// A due date as written: a given day, or a number of days from some start.
enum Due {
    On(NaiveDate),
    After(Days),
}

/// Written as a due date, but not one that can be used.
enum Problem {
    NoSuchDay,
    ZeroLength,
}

impl Problem {
    fn into_error(self, said: &str, forms: &str) -> ValueError {
        let what = match self {
            Problem::NoSuchDay => "is not a day on the calendar",
            Problem::ZeroLength => "is no time at all: use 1 or more days or weeks",
        };
        ValueError::new(format!("{} {what}. {forms}", quoted(said)))
    }
}

/// Reads `tokens` as one due date. `None` if they are not written like one.
fn recognize(tokens: &[&str], today: NaiveDate) -> Option<Result<Due, Problem>> {
    let words: Vec<String> = tokens.iter().map(|token| token.to_lowercase()).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["today"] => Some(Ok(Due::On(today))),
        ["tomorrow" | "tmrw"] => Some(Ok(Due::On(today.succ_opt()?))),
        ["next", "week"] => next_weekday(today, chrono::Weekday::Mon).map(|date| Ok(Due::On(date))),
        [word] => weekday(word)
            .and_then(|day| next_weekday(today, day))
            .map(|date| Ok(Due::On(date)))
            .or_else(|| iso_date(word).map(|date| date.map(Due::On)))
            .or_else(|| compact_duration(word)),
        ["in", word] => compact_duration(word),
        ["in", number, unit] | [number, unit] => duration(number, unit),
        _ => None,
    }
}

/// `3d`, `2w`, `3days`.
fn compact_duration(word: &str) -> Option<Result<Due, Problem>> {
    let split = word.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = word.split_at(split);
    duration(number, unit)
}

/// A number and a unit of days or weeks.
fn duration(number: &str, unit: &str) -> Option<Result<Due, Problem>> {
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let days_per_unit: u64 = match unit {
        "d" | "day" | "days" => 1,
        "w" | "wk" | "wks" | "week" | "weeks" => 7,
        _ => return None,
    };
    // Too many digits to count is too far ahead, which the range check says.
    let count: u64 = number.parse().unwrap_or(u64::MAX);
    if count == 0 {
        return Some(Err(Problem::ZeroLength));
    }
    Some(Ok(Due::After(Days::new(
        count.saturating_mul(days_per_unit),
    ))))
}

fn weekday(word: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    Some(match word {
        "mon" | "monday" => Mon,
        "tue" | "tues" | "tuesday" => Tue,
        "wed" | "weds" | "wednesday" => Wed,
        "thu" | "thur" | "thurs" | "thursday" => Thu,
        "fri" | "friday" => Fri,
        "sat" | "saturday" => Sat,
        "sun" | "sunday" => Sun,
        _ => return None,
    })
}

/// The first `day` strictly after `today`.
fn next_weekday(today: NaiveDate, day: chrono::Weekday) -> Option<NaiveDate> {
    let ahead = (day.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    today.checked_add_days(Days::new(u64::from(ahead)))
}

/// `2026-12-01` (also `2026-12-1`). `Some(Err)` when it is written like a date
/// but there is no such day (`2026-02-30`).
fn iso_date(word: &str) -> Option<Result<NaiveDate, Problem>> {
    let parts: Vec<&str> = word.split('-').collect();
    let shaped = matches!(parts.as_slice(), [year, month, day]
        if year.len() == 4 && (1..=2).contains(&month.len()) && (1..=2).contains(&day.len())
            && parts.iter().all(|part| part.bytes().all(|b| b.is_ascii_digit())));
    if !shaped {
        return None;
    }
    Some(NaiveDate::parse_from_str(word, "%Y-%m-%d").map_err(|_| Problem::NoSuchDay))
}

/// Refuses dates before today and more than five years ahead. `None` stands for
/// a date past the end of the calendar.
fn within_range(
    date: Option<NaiveDate>,
    today: NaiveDate,
    said: &str,
    forms: &str,
) -> Result<NaiveDate, ValueError> {
    let latest = today
        .checked_add_months(Months::new(MAX_MONTHS_AHEAD))
        .unwrap_or(NaiveDate::MAX);
    match date {
        Some(date) if date < today => Err(ValueError::new(format!(
            "{} is in the past: today is {today}. Pick today or a later day. {forms}",
            quoted(said)
        ))),
        Some(date) if date <= latest => Ok(date),
        _ => Err(ValueError::new(format!(
            "{} is more than five years away: pick a day up to {latest}. {forms}",
            quoted(said)
        ))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::Weekday;

    /// Monday 23 November 2026.
    fn today() -> NaiveDate {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(today.weekday(), Weekday::Mon);
        today
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn due(text: &str) -> NaiveDate {
        let tokens: Vec<&str> = text.split_whitespace().collect();
        match parse_due(&tokens, today()) {
            Ok(date) => date,
            Err(error) => panic!("{text:?} should parse: {error}"),
        }
    }

    fn due_error(text: &str) -> String {
        let tokens: Vec<&str> = text.split_whitespace().collect();
        let message = parse_due(&tokens, today()).unwrap_err().to_string();
        assert!(
            message.contains("today, tomorrow, fri, in 3d, in 2 weeks, next week or 2026-12-01"),
            "{message:?} should show the accepted forms"
        );
        message
    }

    #[test]
    fn today_and_tomorrow() {
        assert_eq!(due("today"), date("2026-11-23"));
        assert_eq!(due("Today"), date("2026-11-23"));
        assert_eq!(due("tomorrow"), date("2026-11-24"));
        assert_eq!(due("TOMORROW"), date("2026-11-24"));
        assert_eq!(due("tmrw"), date("2026-11-24"));
    }

    #[test]
    fn weekdays_are_the_next_one_strictly_after_today() {
        assert_eq!(due("tue"), date("2026-11-24"));
        assert_eq!(due("tuesday"), date("2026-11-24"));
        assert_eq!(due("tues"), date("2026-11-24"));
        assert_eq!(due("wed"), date("2026-11-25"));
        assert_eq!(due("Wednesday"), date("2026-11-25"));
        assert_eq!(due("thu"), date("2026-11-26"));
        assert_eq!(due("thurs"), date("2026-11-26"));
        assert_eq!(due("fri"), date("2026-11-27"));
        assert_eq!(due("Fri"), date("2026-11-27"));
        assert_eq!(due("FRIDAY"), date("2026-11-27"));
        assert_eq!(due("sat"), date("2026-11-28"));
        assert_eq!(due("sunday"), date("2026-11-29"));
        // Said on a Monday, Monday is next week's.
        assert_eq!(due("mon"), date("2026-11-30"));
        assert_eq!(due("monday"), date("2026-11-30"));
        // Said on a Friday, Friday is next week's.
        let friday = date("2026-11-27");
        assert_eq!(friday.weekday(), Weekday::Fri);
        assert_eq!(parse_due(&["fri"], friday).unwrap(), date("2026-12-04"));
        assert_eq!(parse_due(&["sat"], friday).unwrap(), date("2026-11-28"));
    }

    #[test]
    fn days_and_weeks_from_today() {
        assert_eq!(due("in 3d"), date("2026-11-26"));
        assert_eq!(due("in 3 days"), date("2026-11-26"));
        assert_eq!(due("in 1 day"), date("2026-11-24"));
        assert_eq!(due("in 2w"), date("2026-12-07"));
        assert_eq!(due("in 2 weeks"), date("2026-12-07"));
        assert_eq!(due("in 1 week"), date("2026-11-30"));
        assert_eq!(due("3d"), date("2026-11-26"));
        assert_eq!(due("2w"), date("2026-12-07"));
        assert_eq!(due("3 days"), date("2026-11-26"));
        assert_eq!(due("In 3D"), date("2026-11-26"));
        assert_eq!(due("10days"), date("2026-12-03"));
        assert_eq!(due("in 40 days"), date("2027-01-02"));
    }

    #[test]
    fn next_week_is_the_coming_monday() {
        assert_eq!(due("next week"), date("2026-11-30"));
        assert_eq!(due("Next Week"), date("2026-11-30"));
        let sunday = date("2026-11-29");
        assert_eq!(sunday.weekday(), Weekday::Sun);
        assert_eq!(
            parse_due(&["next", "week"], sunday).unwrap(),
            date("2026-11-30")
        );
    }

    #[test]
    fn iso_dates() {
        assert_eq!(due("2026-12-01"), date("2026-12-01"));
        assert_eq!(due("2026-11-23"), date("2026-11-23"));
        assert_eq!(due("2026-12-1"), date("2026-12-01"));
        assert_eq!(due("2031-11-23"), date("2031-11-23"));
    }

    #[test]
    fn past_dates_are_refused() {
        let message = due_error("2026-11-22");
        assert!(
            message.contains("is in the past: today is 2026-11-23"),
            "{message}"
        );
        assert!(due_error("2020-01-01").contains("in the past"));
    }

    #[test]
    fn dates_more_than_five_years_ahead_are_refused() {
        for far in [
            "2031-11-24",
            "in 300 weeks",
            "2000d",
            "in 99999999999999999999999 days",
        ] {
            let message = due_error(far);
            assert!(
                message.contains("more than five years away"),
                "{far}: {message}"
            );
            assert!(message.contains("up to 2031-11-23"), "{far}: {message}");
        }
    }

    #[test]
    fn impossible_and_empty_durations_are_explained() {
        assert!(due_error("2026-02-30").contains("is not a day on the calendar"));
        assert!(due_error("2026-13-01").contains("is not a day on the calendar"));
        assert!(due_error("in 0 days").contains("is no time at all"));
        assert!(due_error("0d").contains("is no time at all"));
    }

    #[test]
    fn anything_else_is_not_a_due_date() {
        assert_eq!(
            due_error("someday"),
            "\"someday\" is not a due date. Write it like today, tomorrow, fri, in 3d, \
             in 2 weeks, next week or 2026-12-01."
        );
        for bad in [
            "in",
            "in 3",
            "3",
            "next",
            "next fri",
            "fri 3d",
            "in 3 months",
            "12/01",
            "-3d",
            "in -3 days",
            "3.5d",
            "yesterday",
            "in 3 days please",
        ] {
            assert!(due_error(bad).contains("is not a due date"), "{bad}");
        }
        assert!(due_error("").contains("missing"));
    }

    #[test]
    fn counting_the_due_words_at_the_end() {
        let count = |text: &str| {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            due_token_count(&tokens, today())
        };
        assert_eq!(count("send the proposal in 3 days"), Some(3));
        assert_eq!(count("send the proposal in 3d"), Some(2));
        assert_eq!(count("send the proposal 3 days"), Some(2));
        assert_eq!(count("send the proposal next week"), Some(2));
        assert_eq!(count("send the proposal fri"), Some(1));
        assert_eq!(count("send the proposal 2026-12-01"), Some(1));
        assert_eq!(count("in 2 weeks"), Some(3));
        assert_eq!(count("fri"), Some(1));
        // Written as dates but refused: counted, so parse_due can say why.
        assert_eq!(count("call them 2020-01-01"), Some(1));
        assert_eq!(count("call them 2026-02-30"), Some(1));
        assert_eq!(count("call them in 0 days"), Some(3));
        assert_eq!(count("send the proposal"), None);
        assert_eq!(count("call them in 3"), None);
        assert_eq!(count(""), None);
    }

    fn snooze(text: &str, current: Option<&str>) -> Result<NaiveDate, ValueError> {
        let tokens: Vec<&str> = text.split_whitespace().collect();
        parse_snooze(&tokens, today(), current.map(date))
    }

    #[test]
    fn snoozing_by_a_duration_counts_from_the_due_date() {
        assert_eq!(
            snooze("1d", Some("2026-11-27")).unwrap(),
            date("2026-11-28")
        );
        assert_eq!(
            snooze("3d", Some("2026-11-27")).unwrap(),
            date("2026-11-30")
        );
        assert_eq!(
            snooze("1w", Some("2026-11-27")).unwrap(),
            date("2026-12-04")
        );
        assert_eq!(
            snooze("2w", Some("2026-11-27")).unwrap(),
            date("2026-12-11")
        );
        assert_eq!(
            snooze("in 3d", Some("2026-11-27")).unwrap(),
            date("2026-11-30")
        );
        assert_eq!(
            snooze("in 2 weeks", Some("2026-11-27")).unwrap(),
            date("2026-12-11")
        );
        assert_eq!(
            snooze("1d", Some("2026-11-23")).unwrap(),
            date("2026-11-24")
        );
    }

    #[test]
    fn snoozing_an_overdue_step_counts_from_today() {
        assert_eq!(
            snooze("1d", Some("2026-11-10")).unwrap(),
            date("2026-11-24")
        );
        assert_eq!(
            snooze("1w", Some("2026-11-10")).unwrap(),
            date("2026-11-30")
        );
        assert_eq!(snooze("3d", None).unwrap(), date("2026-11-26"));
    }

    #[test]
    fn snoozing_without_words_is_one_day() {
        assert_eq!(snooze("", Some("2026-11-27")).unwrap(), date("2026-11-28"));
        assert_eq!(snooze("", Some("2026-11-10")).unwrap(), date("2026-11-24"));
        assert_eq!(snooze("", None).unwrap(), date("2026-11-24"));
    }

    #[test]
    fn snoozing_to_a_day_sets_it() {
        assert_eq!(
            snooze("fri", Some("2026-12-10")).unwrap(),
            date("2026-11-27")
        );
        assert_eq!(
            snooze("tomorrow", Some("2026-11-10")).unwrap(),
            date("2026-11-24")
        );
        assert_eq!(snooze("next week", None).unwrap(), date("2026-11-30"));
        assert_eq!(
            snooze("2026-12-01", Some("2026-11-27")).unwrap(),
            date("2026-12-01")
        );
    }

    #[test]
    fn snoozing_is_refused_with_the_forms() {
        for (bad, expected) in [
            ("forever", "I can't snooze by \"forever\""),
            ("2026-11-01", "is in the past"),
            ("0d", "is no time at all"),
            ("2026-02-30", "is not a day on the calendar"),
        ] {
            let message = snooze(bad, Some("2026-11-27")).unwrap_err().to_string();
            assert!(message.contains(expected), "{bad}: {message}");
            assert!(
                message.contains("1d, 3d, 1w, in 2 weeks, fri or 2026-12-01"),
                "{bad}: {message}"
            );
        }
        let message = snooze("1w", Some("2031-11-20")).unwrap_err().to_string();
        assert!(message.contains("more than five years away"), "{message}");
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_day_ends_at_local_midnight() {
        let berlin = chrono_tz::Europe::Berlin;
        let new_york = chrono_tz::America::New_York;
        assert_eq!(
            end_of_day_utc(date("2026-11-27"), berlin),
            utc("2026-11-27T23:00:00Z")
        );
        assert_eq!(
            end_of_day_utc(date("2026-07-01"), berlin),
            utc("2026-07-01T22:00:00Z")
        );
        assert_eq!(
            end_of_day_utc(date("2026-11-27"), new_york),
            utc("2026-11-28T05:00:00Z")
        );
        assert_eq!(
            end_of_day_utc(date("2026-11-27"), chrono_tz::UTC),
            utc("2026-11-28T00:00:00Z")
        );
    }

    #[test]
    fn the_day_ends_right_across_daylight_saving() {
        let new_york = chrono_tz::America::New_York;
        let berlin = chrono_tz::Europe::Berlin;
        // New York springs forward at 2:00 on 8 March: that day has 23 hours.
        assert_eq!(
            end_of_day_utc(date("2026-03-07"), new_york),
            utc("2026-03-08T05:00:00Z")
        );
        assert_eq!(
            end_of_day_utc(date("2026-03-08"), new_york),
            utc("2026-03-09T04:00:00Z")
        );
        // and falls back at 2:00 on 1 November: 25 hours.
        assert_eq!(
            end_of_day_utc(date("2026-10-31"), new_york),
            utc("2026-11-01T04:00:00Z")
        );
        assert_eq!(
            end_of_day_utc(date("2026-11-01"), new_york),
            utc("2026-11-02T05:00:00Z")
        );
        // Berlin springs forward at 2:00 on 29 March.
        assert_eq!(
            end_of_day_utc(date("2026-03-28"), berlin),
            utc("2026-03-28T23:00:00Z")
        );
        assert_eq!(
            end_of_day_utc(date("2026-03-29"), berlin),
            utc("2026-03-29T22:00:00Z")
        );
    }

    #[test]
    fn a_skipped_midnight_ends_the_day_when_the_clocks_jump() {
        // Santiago springs forward at midnight: 6 September 2026 starts at 01:00.
        let santiago = chrono_tz::America::Santiago;
        let end = end_of_day_utc(date("2026-09-05"), santiago);
        assert_eq!(end, utc("2026-09-06T04:00:00Z"));
        assert_eq!(due_date_in(end, santiago), date("2026-09-05"));
        // and falls back at midnight: 4 April 2026 has 25 hours.
        let end = end_of_day_utc(date("2026-04-04"), santiago);
        assert_eq!(end, utc("2026-04-05T04:00:00Z"));
        // Samoa skipped 30 December 2011 altogether.
        let apia = chrono_tz::Pacific::Apia;
        let end = end_of_day_utc(date("2011-12-29"), apia);
        assert_eq!(end, utc("2011-12-30T10:00:00Z"));
        assert_eq!(due_date_in(end, apia), date("2011-12-29"));
    }

    #[test]
    fn end_of_day_never_panics_at_the_edges() {
        let berlin = chrono_tz::Europe::Berlin;
        let _ = end_of_day_utc(NaiveDate::MAX, berlin);
        let _ = end_of_day_utc(NaiveDate::MIN, berlin);
        let _ = due_date_in(DateTime::<Utc>::MIN_UTC, berlin);
    }

    #[test]
    fn due_date_in_inverts_end_of_day() {
        let zones = [
            chrono_tz::America::New_York,
            chrono_tz::Europe::Berlin,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Pacific::Auckland,
            chrono_tz::America::Santiago,
            chrono_tz::UTC,
        ];
        let mut day = date("2026-01-01");
        while day <= date("2026-12-31") {
            for tz in zones {
                assert_eq!(
                    due_date_in(end_of_day_utc(day, tz), tz),
                    day,
                    "{day} in {tz}"
                );
            }
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn describing_a_due_date() {
        let day = |offset: i64| today() + TimeDelta::days(offset);
        assert_eq!(describe_due(day(0), today()), "today");
        assert_eq!(describe_due(day(1), today()), "tomorrow");
        assert_eq!(describe_due(day(3), today()), "in 3 days");
        assert_eq!(describe_due(day(-1), today()), "overdue by 1 day");
        assert_eq!(describe_due(day(-4), today()), "overdue by 4 days");
    }
}
