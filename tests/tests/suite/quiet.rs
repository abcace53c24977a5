//! Quiet and timely, over a simulated fortnight on an injected clock: nags
//! reach each owner only inside their own working hours, in their own zone,
//! queued once when their window opens; never on a holiday or while they are
//! away, and again after; a scheduled digest on a holiday is skipped and the
//! next one says so; digests say who is away and whose nags are held; and the
//! channel hears who might cover for an away owner.

mod bad_input;
mod escalation;
mod hours;
mod slack_status;
mod time_off;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use dealbot_tests::{Delivery, Replicas};

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a valid moment")
}

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("a day")
}

pub use dealbot_tests::member;

/// The nags (direct messages) `user` got, each with when, in `zone`.
pub fn nags_to(replicas: &Replicas, user: &str, zone: Tz) -> Vec<DateTime<Tz>> {
    replicas
        .delivered_as("nag:")
        .iter()
        .filter(|delivery| delivery.destination() == format!("@{user}"))
        .map(|delivery| delivery.at.with_timezone(&zone))
        .collect()
}

/// What went to `#channel` with keys starting with `prefix`.
pub fn posted_to(replicas: &Replicas, prefix: &str, channel: &str) -> Vec<Delivery> {
    replicas
        .delivered_as(prefix)
        .into_iter()
        .filter(|delivery| delivery.destination() == format!("#{channel}"))
        .collect()
}
