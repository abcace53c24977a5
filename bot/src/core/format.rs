//! How deal facts read: money, local times, due dates, deal labels.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use dealbot_storage::Deal;

use super::deal_ref::short_id;
use super::reply::Line;
use super::values::{describe_due, due_date_in, Amount, Currency};

/// The deal's amount as people write it (`$50,000`), if it has one.
pub fn money(deal: &Deal) -> Option<String> {
    let minor = deal.amount_minor?;
    let currency = Currency::parse(deal.currency.as_deref()?).ok()?;
    Some(Amount { minor, currency }.to_string())
}

/// A moment in the reader's zone: `Mon 23 Nov 2026 09:00`.
pub fn local_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%a %-d %b %Y %H:%M")
        .to_string()
}

/// A date as people read it: `Fri 27 Nov`.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// A date with its year: `Fri 27 Nov 2026`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// A due date as a span each reader can see in their own zone, with a fallback
/// such as `Fri 27 Nov (in 4 days)` in the asker's zone.
pub fn due(line: Line, due_at: DateTime<Utc>, tz: Tz, today: NaiveDate) -> Line {
    line.time(due_at, due_fallback(due_at, tz, today))
}

fn due_fallback(due_at: DateTime<Utc>, tz: Tz, today: NaiveDate) -> String {
    let date = due_date_in(due_at, tz);
    format!("{} ({})", short_date(date), describe_due(date, today))
}

/// [`due`] for one reader on one day, each distinct due moment worked out once:
/// a digest shows thousands of deals due on a handful of days.
#[derive(Debug, Clone)]
pub struct DueDates {
    tz: Tz,
    today: NaiveDate,
    fallbacks: HashMap<DateTime<Utc>, String>,
}

impl DueDates {
    pub fn new(tz: Tz, today: NaiveDate) -> Self {
        DueDates {
            tz,
            today,
            fallbacks: HashMap::new(),
        }
    }

    /// The line with the due date appended, as [`due`] appends it.
    pub fn append(&mut self, line: Line, due_at: DateTime<Utc>) -> Line {
        let (tz, today) = (self.tz, self.today);
        let fallback = self
            .fallbacks
            .entry(due_at)
            .or_insert_with(|| due_fallback(due_at, tz, today));
        line.time(due_at, fallback.clone())
    }
}

/// Whether the next step's due date has passed.
pub fn is_overdue(deal: &Deal, now: DateTime<Utc>) -> bool {
    deal.next_step_due.is_some_and(|due| due <= now)
}

/// `D-4 Acme Corp` as a line: the id as code, the name strong.
pub fn deal_label(deal: &Deal) -> Line {
    label(deal.number, &deal.name)
}

/// [`deal_label`] from the deal's number and name.
pub fn label(number: i64, name: &str) -> Line {
    Line::new()
        .code(short_id(number))
        .text(" ")
        .strong(name.to_string())
}

/// Whole days between two instants, never negative.
pub fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_days().max(0)
}

/// `1 day`, `3 days`.
pub fn plural(count: i64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
