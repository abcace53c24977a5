//! Dates people type: a next step's due date, a deal's expected close, how
//! long to snooze. Read (see [`grammar`] for the forms) against the person's
//! own local date and the workspace's numeric date order (`[defaults]
//! date_order`), and checked for what each is for: a next step is due today or
//! later, a close date may be past (with a warning), quarters (`Q1`) are close
//! dates, and nothing is more than five years away.
//!
//! The result is a calendar date, the day the person meant: it is stored and
//! shown as that day, whatever zone its readers are in.
//!
//! No parsing crate fits: the ones for English dates read neither period ends,
//! quarters nor number words, cannot say how many trailing words of a sentence
//! are its date, and do not tell when a numeric date reads two ways.

mod days;
mod grammar;
mod words;

#[cfg(test)]
mod tests;

use chrono::{Days, Months, NaiveDate};

pub use crate::config::DateOrder;
use grammar::{recognize, Problem, When};
use words::Unit;

use super::{quoted, ValueError};

/// A date as read, with what the person should be told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadDate {
    pub date: NaiveDate,
    /// How a form that reads two ways was read; for a close date, that it is
    /// in the past.
    pub notes: Vec<String>,
}

/// How far from today a date may be, either way.
const MAX_MONTHS: u32 = 60;

/// What a date is for, which decides the examples, the wording and what is
/// allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Due,
    Close,
    Snooze,
    Away,
}

impl Purpose {
    fn examples(self, order: DateOrder) -> String {
        let numeric = match order {
            DateOrder::Dmy => "15/12",
            DateOrder::Mdy => "12/15",
        };
        match self {
            Purpose::Due => format!(
                "tomorrow, fri, next mon, in 3 days, Dec 15, {numeric}, end of month or 2026-12-15"
            ),
            Purpose::Close => format!(
                "Dec 15, {numeric}, end of month, end of quarter, Q1, in 6 weeks, tomorrow or 2026-12-31"
            ),
            Purpose::Snooze => "1d, 1w, in 2 weeks, tomorrow, fri, Dec 15 or 2026-12-15".to_string(),
            Purpose::Away => format!("fri, next fri, Dec 20, {numeric}, in 2 weeks or 2026-12-20"),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Purpose::Due | Purpose::Snooze => "due date",
            Purpose::Close => "close date",
            Purpose::Away => "last day away",
        }
    }
}

/// The examples a due-date error ends with, for commands that explain a
/// missing date themselves.
pub fn due_examples(order: DateOrder) -> String {
    Purpose::Due.examples(order)
}

/// Reads a next step's due date, relative to `today`, the person's local
/// date. Days before today, and quarters, are refused.
pub fn parse_due(
    tokens: &[&str],
    today: NaiveDate,
    order: DateOrder,
) -> Result<ReadDate, ValueError> {
    read_date(tokens, today, order, Purpose::Due, today)
}

/// Reads an expected close date. Days in the past are kept, with a warning
/// among the notes; so are quarters (`Q1`: the quarter's last day).
pub fn parse_close_date(
    tokens: &[&str],
    today: NaiveDate,
    order: DateOrder,
) -> Result<ReadDate, ValueError> {
    read_date(tokens, today, order, Purpose::Close, today)
}

/// Reads how long to snooze a next step, and returns its new due date.
///
/// A length (`1d`, `3d`, `1w`, `in 2 weeks`) moves the step on from its
/// current due date, or from today if that has passed (so an overdue step
/// snoozed `1d` is due tomorrow). A day (`tomorrow`, `fri`, `Dec 15`: the
/// forms of [`parse_due`]) sets it directly; whether that is later than the
/// current date is for the caller to check. No words at all means one day.
pub fn parse_snooze(
    tokens: &[&str],
    today: NaiveDate,
    order: DateOrder,
    current_due: Option<NaiveDate>,
) -> Result<ReadDate, ValueError> {
    let base = current_due.map_or(today, |due| due.max(today));
    if tokens.is_empty() {
        return read_date(&["1d"], today, order, Purpose::Snooze, base);
    }
    read_date(tokens, today, order, Purpose::Snooze, base)
}

/// Reads the last day of someone's time off (`away until fri`), relative to
/// `today`, their local date. Days before today, and quarters, are refused.
pub fn parse_away_until(
    tokens: &[&str],
    today: NaiveDate,
    order: DateOrder,
) -> Result<ReadDate, ValueError> {
    read_date(tokens, today, order, Purpose::Away, today)
}

/// How many of the first words of `tokens` (1 to 4; the most that fit) are a
/// date, to split `away until Dec 20 skiing` into the day and a note. `None`
/// if the first word is not part of a date at all.
pub fn leading_date_count(tokens: &[&str], today: NaiveDate, order: DateOrder) -> Option<usize> {
    (1..=4)
        .rev()
        .filter(|&count| count <= tokens.len())
        .find(|&count| recognize(&tokens[..count], today, order).is_some())
}

/// How many of the last words of `tokens` (1 to 4; the most that fit) are a
/// date, to split `send the proposal next friday` into the step and its date.
///
/// This counts anything written as a date, also one [`parse_due`] refuses
/// (`2020-01-01`, past; `31/11`, no such day; `Q1`, a quarter), so that the
/// caller can pass those words on and show why. `None` if the last word is not
/// part of a date at all.
pub fn due_token_count(tokens: &[&str], today: NaiveDate, order: DateOrder) -> Option<usize> {
    (1..=4)
        .rev()
        .filter(|&count| count <= tokens.len())
        .find(|&count| recognize(&tokens[tokens.len() - count..], today, order).is_some())
}

fn read_date(
    tokens: &[&str],
    today: NaiveDate,
    order: DateOrder,
    purpose: Purpose,
    base: NaiveDate,
) -> Result<ReadDate, ValueError> {
    let examples = purpose.examples(order);
    if tokens.is_empty() {
        return Err(ValueError::new(format!(
            "The {} is missing. Write it like {examples}.",
            purpose.noun()
        )));
    }
    let said = quoted(&tokens.join(" "));
    let latest = today
        .checked_add_months(Months::new(MAX_MONTHS))
        .unwrap_or(NaiveDate::MAX);
    let too_far = || {
        ValueError::new(format!(
            "{said} is more than five years away: pick a day up to {}. Write it like {examples}.",
            long(latest)
        ))
    };
    let reading = match recognize(tokens, today, order) {
        None if purpose == Purpose::Snooze => {
            return Err(ValueError::new(format!(
                "I can't snooze by {said}. Write it like {examples}."
            )))
        }
        None => {
            return Err(ValueError::new(format!(
                "{said} is not a date I can read. Write it like {examples}."
            )))
        }
        Some(Err(Problem::NoSuchDay)) => {
            return Err(ValueError::new(format!(
                "{said} is not a day on the calendar. Write it like {examples}."
            )))
        }
        Some(Err(Problem::ZeroLength)) => {
            return Err(ValueError::new(format!(
                "{said} is no time at all: use 1 or more days, weeks or months. \
                 Write it like {examples}."
            )))
        }
        Some(Err(Problem::TooFar)) => return Err(too_far()),
        Some(Ok(reading)) => reading,
    };
    if reading.quarter && purpose != Purpose::Close {
        return Err(ValueError::new(format!(
            "{said} is a quarter, which suits a close date (`close-date`), not a next step. \
             Give the day it is due, like {examples}."
        )));
    }
    let date = match reading.when {
        When::On(date) => Some(date),
        When::After(count, unit) => after(base, count, unit),
    };
    let date = date.filter(|date| *date <= latest).ok_or_else(too_far)?;
    let mut notes: Vec<String> = reading.note.into_iter().collect();
    if date < today {
        let earliest = today
            .checked_sub_months(Months::new(MAX_MONTHS))
            .unwrap_or(NaiveDate::MIN);
        if purpose == Purpose::Close && date >= earliest {
            notes.push(format!(
                "⚠ {} is in the past: kept as the expected close all the same.",
                long(date)
            ));
        } else if purpose == Purpose::Close {
            return Err(ValueError::new(format!(
                "{said} is more than five years ago: pick a day from {} on.",
                long(earliest)
            )));
        } else {
            let next_year = reading
                .yearless
                .then(|| date.checked_add_months(Months::new(12)))
                .flatten()
                .map(|next| {
                    format!(
                        " For next year's, add the year: \"{}\".",
                        next.format("%b %-d %Y")
                    )
                })
                .unwrap_or_default();
            return Err(ValueError::new(format!(
                "{said} is in the past: today is {}. Pick today or a later day.{next_year} \
                 Write it like {examples}.",
                long(today)
            )));
        }
    }
    Ok(ReadDate { date, notes })
}

/// `count` days, weeks or months after `base`; `None` past the calendar.
fn after(base: NaiveDate, count: u64, unit: Unit) -> Option<NaiveDate> {
    match unit {
        Unit::Day => base.checked_add_days(Days::new(count)),
        Unit::Week => base.checked_add_days(Days::new(count.checked_mul(7)?)),
        Unit::Month => base.checked_add_months(Months::new(u32::try_from(count).ok()?)),
    }
}

/// `Mon 23 Nov 2026`.
fn long(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}
