//! How deal facts read: money, local times, due dates, deal labels.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use dealbot_storage::Deal;

use super::calendar::{days_overdue, describe_due};
use super::deal_ref::short_id;
use super::reply::Line;
use super::values::{Amount, Currency};

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

/// A due date as every reader sees it, the same day wherever they are, and how
/// it stands on its owner's day `owner_today`: `Fri 27 Nov (in 4 days)`.
pub fn due(line: Line, due: NaiveDate, owner_today: NaiveDate) -> Line {
    line.text(due_text(due, owner_today))
}

fn due_text(due: NaiveDate, owner_today: NaiveDate) -> String {
    format!("{} ({})", short_date(due), describe_due(due, owner_today))
}

/// [`due`] for many deals, each distinct pair of due date and owner's day
/// worked out once: a digest shows thousands of deals due on a handful of days.
#[derive(Debug, Clone, Default)]
pub struct DueDates {
    texts: HashMap<(NaiveDate, NaiveDate), String>,
}

impl DueDates {
    pub fn new() -> Self {
        DueDates::default()
    }

    /// The text [`due`] appends.
    pub fn text(&mut self, due: NaiveDate, owner_today: NaiveDate) -> &str {
        self.texts
            .entry((due, owner_today))
            .or_insert_with(|| due_text(due, owner_today))
    }
}

/// Whether the next step's day has passed on its owner's day `owner_today`.
pub fn is_overdue(deal: &Deal, owner_today: NaiveDate) -> bool {
    deal.next_step_due
        .is_some_and(|due| days_overdue(due, owner_today).is_some())
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
