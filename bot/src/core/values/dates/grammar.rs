//! The date grammar: what a few words people type say about a day, read
//! against their local date and the workspace's numeric date order. It says
//! which day (or how long from a start) the words name, and whether they
//! were written like a date at all, without judging whether the day is
//! allowed (past, too far): that is the caller's.
//!
//! Forms, case-insensitive:
//! - relative: `today`, `tomorrow`, `fri` (the next Friday after today),
//!   `this fri` (from today on), `next fri` (the Friday of next week),
//!   `next week` (the coming Monday);
//! - lengths: `in 3 days`, `in three days`, `in a week`, `3d`, `2w`, `2 months`;
//! - named: `Dec 15`, `15 Dec`, `December 15th`, `15 December 2026`,
//!   `Dec 15, 2026`;
//! - numeric: `2026-12-15`; `15.12.`, `15.12.2026` (day first); `15/12`,
//!   `12/15`, `3/12/2027` in the workspace's order, or the only order that
//!   makes a day;
//! - period ends: `eow`/`end of week` (Friday), `eom`/`end of month`,
//!   `eoq`/`end of quarter`, `eoy`/`end of year`, `end of next month`…;
//! - quarters (close dates): `Q1`…`Q4` (the end of the next such quarter),
//!   `Q1 2027`.
//!
//! A date without a year is the first such day from a month ago on.

use chrono::NaiveDate;

use super::days::{
    end_of, is_calendar_day, next_quarter_end, next_weekday, quarter_end, this_weekday,
    weekday_of_next_week, without_year,
};
use super::words::{
    count, day_of_month, month, month_name, period, quarter, small_number, unit, weekday, year,
    Unit,
};
use crate::config::DateOrder;

/// What the words name, before the range checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub when: When,
    /// A quarter (`Q1`): a close date, not a next step.
    pub quarter: bool,
    /// Written without a year, so a past day may have meant next year's.
    pub yearless: bool,
    /// How an ambiguous form was read, to tell the person.
    pub note: Option<String>,
}

/// A day, or a length of time from a start the caller picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    On(NaiveDate),
    After(u64, Unit),
}

/// Written like a date, but naming none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// `31/11`, `2026-02-30`: no such day.
    NoSuchDay,
    /// `in 0 days`.
    ZeroLength,
    /// Past the end of the calendar.
    TooFar,
}

type Found = Option<Result<Reading, Problem>>;

impl Reading {
    fn on(date: NaiveDate) -> Reading {
        Reading {
            when: When::On(date),
            quarter: false,
            yearless: false,
            note: None,
        }
    }
}

fn on(date: Option<NaiveDate>) -> Found {
    Some(date.map(Reading::on).ok_or(Problem::TooFar))
}

/// Reads `tokens` as one date. `None` if they are not written like one.
pub fn recognize(tokens: &[&str], today: NaiveDate, order: DateOrder) -> Found {
    let words: Vec<String> = tokens
        .iter()
        .map(|token| token.trim_end_matches(',').to_lowercase())
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let words = words.as_slice();
    relative(words, today)
        .or_else(|| length(words))
        .or_else(|| period_end(words, today))
        .or_else(|| quarters(words, today))
        .or_else(|| named(words, today))
        .or_else(|| numeric(words, today, order))
}

/// `today`, `tomorrow`, `fri`, `this fri`, `next fri`, `next week`.
fn relative(words: &[&str], today: NaiveDate) -> Found {
    match words {
        ["today"] => on(Some(today)),
        ["tomorrow" | "tmrw" | "tmr"] => on(today.succ_opt()),
        ["next", "week"] => on(next_weekday(today, chrono::Weekday::Mon)),
        [day] => weekday(day).and_then(|day| on(next_weekday(today, day))),
        ["this", day] => weekday(day).and_then(|day| on(this_weekday(today, day))),
        ["next", said] => {
            let day = weekday(said)?;
            let Some(date) = weekday_of_next_week(today, day) else {
                return Some(Err(Problem::TooFar));
            };
            let mut reading = Reading::on(date);
            if next_weekday(today, day) != Some(date) {
                reading.note = Some(format!(
                    "Read \"next {said}\" as {}, in next week; for this week's, write \"this {said}\".",
                    date.format("%A %-d %B")
                ));
            }
            Some(Ok(reading))
        }
        _ => None,
    }
}

/// `in 3 days`, `in three days`, `in a week`, `3d`, `2 weeks`, `in 2mo`.
fn length(words: &[&str]) -> Found {
    let (number, unit_word) = match words {
        ["in", "a" | "an", unit_word] => ("1", *unit_word),
        ["in", number, unit_word] => (*number, *unit_word),
        ["in", compact] | [compact] => {
            let split = compact.find(|c: char| !c.is_ascii_digit())?;
            compact.split_at(split)
        }
        [number, unit_word] => (*number, *unit_word),
        _ => return None,
    };
    let (count, unit) = (count(number)?, unit(unit_word)?);
    if count == 0 {
        return Some(Err(Problem::ZeroLength));
    }
    Some(Ok(Reading {
        when: When::After(count, unit),
        quarter: false,
        yearless: false,
        note: None,
    }))
}

/// `eom`, `end of quarter`, `end of the month`, `end of next year`.
fn period_end(words: &[&str], today: NaiveDate) -> Found {
    use super::words::Period;
    let (period, next) = match words {
        ["eow"] => (Period::Week, false),
        ["eom"] => (Period::Month, false),
        ["eoq"] => (Period::Quarter, false),
        ["eoy"] => (Period::Year, false),
        ["end", "of", word] | ["end", "of", "the" | "this", word] => (period(word)?, false),
        ["end", "of", "next", word] => (period(word)?, true),
        _ => return None,
    };
    on(end_of(period, today, next))
}

/// `Q1`, `Q4 2026`: the last day of the quarter.
fn quarters(words: &[&str], today: NaiveDate) -> Found {
    let date = match words {
        [word] => next_quarter_end(today, quarter(word)?),
        [word, said_year] => quarter_end(year(said_year)?, quarter(word)?),
        _ => return None,
    };
    let mut found = on(date)?;
    if let Ok(reading) = &mut found {
        reading.quarter = true;
    }
    Some(found)
}

/// `Dec 15`, `15 Dec`, `December 15th`, `15 December 2026`, `Dec 15, 2026`.
fn named(words: &[&str], today: NaiveDate) -> Found {
    let (month_word, day_word, year_word) = match words {
        [first, second] if month(first).is_some() => (*first, *second, None),
        [first, second] => (*second, *first, None),
        [first, second, third] if month(first).is_some() => (*first, *second, Some(*third)),
        [first, second, third] => (*second, *first, Some(*third)),
        _ => return None,
    };
    let month = month(month_word)?;
    let day = day_of_month(day_word)?;
    let year = match year_word {
        Some(word) => Some(year(word)?),
        None => None,
    };
    Some(day_in(day, month, year, today))
}

/// `day`/`month` of `year`, or of the year a date without one is in.
fn day_in(day: u32, month: u32, year: Option<i32>, today: NaiveDate) -> Result<Reading, Problem> {
    let date = match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day),
        None if is_calendar_day(month, day) => without_year(today, month, day),
        None => None,
    };
    let mut reading = Reading::on(date.ok_or(Problem::NoSuchDay)?);
    reading.yearless = year.is_none();
    Ok(reading)
}

/// `2026-12-15`, `15.12.`, `15.12.2026`, `15/12`, `12/15/2026`.
fn numeric(words: &[&str], today: NaiveDate, order: DateOrder) -> Found {
    let [word] = words else {
        return None;
    };
    if let Some(found) = iso(word) {
        return Some(found);
    }
    if word.contains('.') {
        let parts: Vec<&str> = word.split('.').collect();
        let parts = match parts.as_slice() {
            [head @ .., ""] if head.len() >= 2 => head,
            all => all,
        };
        let (day, month, year) = day_month_year(parts)?;
        return Some(day_in(day, month, year, today));
    }
    if word.contains('/') {
        let parts: Vec<&str> = word.split('/').collect();
        let (first, second, year) = day_month_year(&parts)?;
        return Some(either_order(word, first, second, year, today, order));
    }
    None
}

/// `2026-12-15` (also `2026-12-1`).
fn iso(word: &str) -> Found {
    let parts: Vec<&str> = word.split('-').collect();
    let [said_year, said_month, said_day] = parts.as_slice() else {
        return None;
    };
    let year = year(said_year)?;
    let (month, day) = (small_number(said_month)?, small_number(said_day)?);
    Some(
        NaiveDate::from_ymd_opt(year, month, day)
            .map(Reading::on)
            .ok_or(Problem::NoSuchDay),
    )
}

/// Two numbers of one or two digits and an optional year (two digits are
/// this century's).
fn day_month_year(parts: &[&str]) -> Option<(u32, u32, Option<i32>)> {
    let (first, second, said_year) = match parts {
        [first, second] => (*first, *second, None),
        [first, second, said_year] => (*first, *second, Some(*said_year)),
        _ => return None,
    };
    let year = match said_year {
        None => None,
        Some(word) => Some(year(word).or_else(|| small_number(word).map(|yy| 2000 + yy as i32))?),
    };
    Some((small_number(first)?, small_number(second)?, year))
}

/// `first/second` read in `order`, or in the only order that makes a day. When
/// both do, and differ, the reading says which it took.
fn either_order(
    said: &str,
    first: u32,
    second: u32,
    year: Option<i32>,
    today: NaiveDate,
    order: DateOrder,
) -> Result<Reading, Problem> {
    let (preferred, other) = match order {
        DateOrder::Dmy => ((first, second), (second, first)),
        DateOrder::Mdy => ((second, first), (first, second)),
    };
    let valid = |(day, month): (u32, u32)| match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day).is_some(),
        None => (1..=12).contains(&month) && is_calendar_day(month, day),
    };
    match (valid(preferred), valid(other)) {
        (true, other_valid) => {
            let mut reading = day_in(preferred.0, preferred.1, year, today)?;
            if other_valid && other != preferred {
                reading.note = Some(format!(
                    "\"{said}\" read as {} {}; for {} {}, write \"{} {}\".",
                    preferred.0,
                    month_name(preferred.1),
                    other.0,
                    month_name(other.1),
                    &month_name(other.1)[..3],
                    other.0,
                ));
            }
            Ok(reading)
        }
        (false, true) => day_in(other.0, other.1, year, today),
        (false, false) => Err(Problem::NoSuchDay),
    }
}
