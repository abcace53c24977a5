//! A due date against people's days. A due date is a calendar day, the same
//! for everyone who reads it, in any zone. Whether it is today, ahead or
//! overdue counts from its owner's today, in the owner's zone (their own `tz`,
//! else the default zone), so that every card, list, digest and nag says the
//! same of one step, whoever reads it and wherever a digest is scheduled.
//! Every count of days until a step, or overdue, is [`days_until`].

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use dealbot_storage::{Store, StoreError};

/// Days from `today` to `due`: negative once it has passed.
pub fn days_until(due: NaiveDate, today: NaiveDate) -> i64 {
    (due - today).num_days()
}

/// Whole days a step due on `due` is overdue on the owner's day `today`:
/// `None` until its day has passed, then 1, 2….
pub fn days_overdue(due: NaiveDate, today: NaiveDate) -> Option<i64> {
    let late = -days_until(due, today);
    (late > 0).then_some(late)
}

/// How a due date relates to the owner's today: `today`, `tomorrow`, `in 3
/// days`, `overdue by 1 day`, `overdue by 4 days`.
pub fn describe_due(due: NaiveDate, today: NaiveDate) -> String {
    match days_until(due, today) {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "overdue by 1 day".to_string(),
        days if days > 1 => format!("in {days} days"),
        days => format!("overdue by {} days", days.unsigned_abs()),
    }
}

/// The latest date it is anywhere at `now`: the date at UTC+14, the furthest
/// ahead any zone is. A step due before it may be overdue for someone; one due
/// on it or later is overdue for nobody.
pub fn latest_today(now: DateTime<Utc>) -> NaiveDate {
    (now + Duration::hours(14)).date_naive()
}

/// The zones of a workspace's people, to find each owner's today: their own
/// choice (`tz`), else the default zone.
#[derive(Debug, Clone)]
pub struct OwnerZones {
    zones: HashMap<String, Tz>,
    default: Tz,
}

impl OwnerZones {
    /// Every zone chosen in `workspace`, read once.
    pub async fn read(store: &Store, workspace: &str, default: Tz) -> Result<Self, StoreError> {
        let zones = store
            .user_timezones(workspace)
            .await?
            .into_iter()
            .filter_map(|(user, name)| Some((user, name.parse::<Tz>().ok()?)))
            .collect();
        Ok(OwnerZones { zones, default })
    }

    /// Only `owner`'s zone, for a reply about one deal.
    pub async fn read_one(
        store: &Store,
        workspace: &str,
        owner: &str,
        default: Tz,
    ) -> Result<Self, StoreError> {
        let zone = store
            .user_timezone(workspace, owner)
            .await?
            .and_then(|name| name.parse::<Tz>().ok());
        Ok(OwnerZones {
            zones: zone
                .map(|zone| (owner.to_string(), zone))
                .into_iter()
                .collect(),
            default,
        })
    }

    /// The owner's zone.
    pub fn zone(&self, owner: &str) -> Tz {
        self.zones.get(owner).copied().unwrap_or(self.default)
    }

    /// The owner's date at `now`.
    pub fn today(&self, owner: &str, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.zone(owner)).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("a day")
    }

    #[test]
    fn describing_a_due_date_and_counting_overdue_days_agree() {
        let today = day(23);
        for (due, said, overdue) in [
            (23, "today", None),
            (24, "tomorrow", None),
            (26, "in 3 days", None),
            (22, "overdue by 1 day", Some(1)),
            (19, "overdue by 4 days", Some(4)),
        ] {
            assert_eq!(describe_due(day(due), today), said);
            assert_eq!(days_overdue(day(due), today), overdue);
        }
    }

    #[test]
    fn the_latest_date_is_kiritimatis() {
        let kiritimati: Tz = "Pacific/Kiritimati".parse().expect("zone");
        let mut at = Utc
            .with_ymd_and_hms(2026, 11, 23, 0, 0, 0)
            .single()
            .expect("moment");
        for _ in 0..48 {
            assert_eq!(latest_today(at), at.with_timezone(&kiritimati).date_naive());
            at += Duration::minutes(30);
        }
    }
}
