//! When a person may be reminded: inside their working hours (their own,
//! `/deal hours`, else the workspace's `[nags] working_hours` and
//! `working_days`), in their own zone, on a day that is no holiday
//! (`[[holidays]]` of everyone) and not within their time off (`/deal away`,
//! or a platform status that says they are away). Outside it, a nag is held
//! until the next working window opens, and the reason is told in digests.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use dealbot_storage::{PersonSettings, Store, StoreError};

use super::env::CoreSettings;
use super::holidays::Holidays;
use super::values::WorkingHours;

/// Why a nag waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoldReason {
    /// Outside the owner's working hours or days.
    Hours,
    /// On a holiday of everyone, with its name.
    Holiday(String),
    /// The owner is away: their time off, or their platform status.
    Away,
}

impl HoldReason {
    /// As stored with a held nag.
    pub fn as_str(&self) -> &'static str {
        match self {
            HoldReason::Hours => "hours",
            HoldReason::Holiday(_) => "holiday",
            HoldReason::Away => "away",
        }
    }
}

/// A nag that cannot go now, and when it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub reason: HoldReason,
    /// When the owner's next working window opens; `None` if not known
    /// within a year (an away status without an end).
    pub resumes_at: Option<DateTime<Utc>>,
}

/// One person's zone, hours and time off.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub zone: Tz,
    pub hours: WorkingHours,
    /// Whether the hours are their own choice (else the workspace's).
    pub own_hours: bool,
    /// Their last day away, in their zone.
    pub away_until: Option<NaiveDate>,
    pub away_note: Option<String>,
}

/// How far ahead a next window is looked for.
const MOST_DAYS_AHEAD: u64 = 400;

impl Person {
    /// Whether `day` (their date) is within their time off.
    pub fn away_on(&self, day: NaiveDate) -> bool {
        self.away_until.is_some_and(|until| day <= until)
    }

    /// Their date at `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.zone).date_naive()
    }

    /// Why a nag to them must wait at `now`, or `None` if it may go.
    /// `away_by_status` is the platform's word that they are away now.
    pub fn held_at(
        &self,
        now: DateTime<Utc>,
        holidays: &Holidays,
        away_by_status: bool,
    ) -> Option<Held> {
        let today = self.today(now);
        let reason = if away_by_status || self.away_on(today) {
            HoldReason::Away
        } else if let Some(holiday) = holidays.of_everyone(today) {
            HoldReason::Holiday(holiday.name.clone())
        } else {
            HoldReason::Hours
        };
        if away_by_status {
            return Some(Held {
                reason,
                resumes_at: None,
            });
        }
        let window = self.next_window(now, holidays);
        match window {
            Some(opens) if opens <= now => None,
            resumes_at => Some(Held { reason, resumes_at }),
        }
    }

    /// The start of their next working window from `now` on (`now` itself
    /// when they are at work), skipping holidays and their time off.
    pub fn next_window(&self, now: DateTime<Utc>, holidays: &Holidays) -> Option<DateTime<Utc>> {
        let today = self.today(now);
        for ahead in 0..=MOST_DAYS_AHEAD {
            let day = today.checked_add_days(Days::new(ahead))?;
            if !self.hours.days.contains(&day.weekday())
                || holidays.of_everyone(day).is_some()
                || self.away_on(day)
            {
                continue;
            }
            let start = self.instant(day, self.hours.start)?;
            let end = self.instant(day, self.hours.end)?;
            if now >= end {
                continue;
            }
            return Some(start.max(now));
        }
        None
    }

    /// The instant of `minute` after midnight of `day` in their zone; in a
    /// gap the clocks skip, the first moment after it.
    fn instant(&self, day: NaiveDate, minute: u32) -> Option<DateTime<Utc>> {
        let midnight = day.and_hms_opt(0, 0, 0)?;
        let local: NaiveDateTime = midnight + chrono::Duration::minutes(i64::from(minute));
        (0..=180).step_by(15).find_map(|shift| {
            self.zone
                .from_local_datetime(&(local + chrono::Duration::minutes(shift)))
                .earliest()
                .map(|at| at.with_timezone(&Utc))
        })
    }

    /// Whether `now` is inside their hours (ignoring holidays and time off).
    pub fn in_hours(&self, now: DateTime<Utc>) -> bool {
        let local = now.with_timezone(&self.zone);
        self.hours
            .covers(local.weekday(), local.hour() * 60 + local.minute())
    }
}

/// Everyone of a workspace, as far as reminders go: read once for a sweep or
/// a digest.
#[derive(Debug, Clone)]
pub struct Team {
    people: HashMap<String, Person>,
    default: Person,
}

impl Team {
    /// The workspace's people, with the defaults of `config` for whoever chose
    /// nothing.
    pub async fn read(
        store: &Store,
        workspace: &str,
        config: &CoreSettings,
    ) -> Result<Team, StoreError> {
        let chosen = store.people_settings(workspace).await?;
        Ok(Team::of(chosen, config))
    }

    /// The team of what people chose.
    pub fn of(chosen: Vec<PersonSettings>, config: &CoreSettings) -> Team {
        let default = Person {
            zone: config.default_timezone,
            hours: workspace_hours(config),
            own_hours: false,
            away_until: None,
            away_note: None,
        };
        let people = chosen
            .into_iter()
            .map(|settings| {
                let person = person(&settings, &default);
                (settings.user_id, person)
            })
            .collect();
        Team { people, default }
    }

    /// `user`, or the defaults if they chose nothing.
    pub fn person(&self, user: &str) -> &Person {
        self.people.get(user).unwrap_or(&self.default)
    }

    /// Who is away at `now` (on their own day), with their last day away and
    /// note, by user id.
    pub fn away_at(&self, now: DateTime<Utc>) -> Vec<(&str, &Person)> {
        let mut away: Vec<(&str, &Person)> = self
            .people
            .iter()
            .filter(|(_, person)| person.away_on(person.today(now)))
            .map(|(user, person)| (user.as_str(), person))
            .collect();
        away.sort_by(|a, b| a.0.cmp(b.0));
        away
    }
}

/// The workspace's `[nags] working_hours` and `working_days`.
pub fn workspace_hours(config: &CoreSettings) -> WorkingHours {
    let nags = &config.settings.nags;
    let days: Vec<&str> = nags.working_days.iter().map(String::as_str).collect();
    WorkingHours::from_stored(&nags.working_hours, &days)
        .unwrap_or_else(|_| WorkingHours::nine_to_six_on_weekdays())
}

fn person(settings: &PersonSettings, default: &Person) -> Person {
    let zone = settings
        .timezone
        .as_deref()
        .and_then(|name| name.parse::<Tz>().ok())
        .unwrap_or(default.zone);
    let own = match (&settings.working_hours, &settings.working_days) {
        (Some(span), Some(days)) => WorkingHours::from_stored(span, &[days.as_str()]).ok(),
        _ => None,
    };
    Person {
        zone,
        own_hours: own.is_some(),
        hours: own.unwrap_or_else(|| default.hours.clone()),
        away_until: settings.away_until,
        away_note: settings.away_note.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{HolidaySettings, Settings};
    use crate::core::values::WEEK;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, m, 0)
            .single()
            .expect("valid")
    }

    fn berliner(hours: WorkingHours) -> Person {
        Person {
            zone: "Europe/Berlin".parse().expect("zone"),
            hours,
            own_hours: true,
            away_until: None,
            away_note: None,
        }
    }

    fn nine_to_six() -> WorkingHours {
        WorkingHours::nine_to_six_on_weekdays()
    }

    #[test]
    fn a_nag_waits_for_the_next_window_in_the_owners_zone() {
        let person = berliner(nine_to_six());
        let none = Holidays::default();
        // Monday 23 November: 08:30 UTC is 09:30 in Berlin.
        assert_eq!(person.held_at(at(23, 8, 30), &none, false), None);
        let early = person.held_at(at(23, 7, 30), &none, false).expect("held");
        assert_eq!(early.reason, HoldReason::Hours);
        assert_eq!(early.resumes_at, Some(at(23, 8, 0)));
        // Friday 18:30 in Berlin waits for Monday 09:00.
        let friday = person.held_at(at(27, 17, 30), &none, false).expect("held");
        assert_eq!(friday.resumes_at, Some(at(30, 8, 0)));
    }

    #[test]
    fn a_window_opening_in_a_daylight_saving_change_opens_once_at_a_real_moment() {
        let every_day = WorkingHours {
            start: 150,
            end: 600,
            days: WEEK.to_vec(),
        };
        let none = Holidays::default();
        let moment = |y, mo, d, h, mi| {
            Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
                .single()
                .expect("valid")
        };
        // Berlin skips 02:00-03:00 on Sunday 29 March 2026: 02:30 opens at 03:00.
        let berlin = berliner(every_day.clone());
        assert_eq!(
            berlin.next_window(moment(2026, 3, 28, 23, 30), &none),
            Some(moment(2026, 3, 29, 1, 0))
        );
        // Los Angeles has 01:30 twice on Sunday 1 November 2026: the first.
        let los_angeles = Person {
            zone: "America/Los_Angeles".parse().expect("zone"),
            hours: WorkingHours {
                start: 90,
                ..every_day
            },
            ..berlin
        };
        assert_eq!(
            los_angeles.next_window(moment(2026, 11, 1, 7, 0), &none),
            Some(moment(2026, 11, 1, 8, 30))
        );
    }

    #[test]
    fn holidays_and_time_off_push_the_window_out() {
        let config = CoreSettings::new(Settings {
            holidays: vec![HolidaySettings {
                name: "Founders' Day".to_string(),
                date: Some("2026-11-24".to_string()),
                ..HolidaySettings::default()
            }],
            ..Settings::default()
        })
        .expect("settings");
        let mut person = berliner(nine_to_six());
        let held = person
            .held_at(at(24, 10, 0), &config.holidays, false)
            .expect("a holiday");
        assert_eq!(
            held.reason,
            HoldReason::Holiday("Founders' Day".to_string())
        );
        assert_eq!(held.resumes_at, Some(at(25, 8, 0)));
        person.away_until = NaiveDate::from_ymd_opt(2026, 11, 26);
        let away = person
            .held_at(at(24, 10, 0), &config.holidays, false)
            .expect("away");
        assert_eq!(away.reason, HoldReason::Away);
        assert_eq!(away.resumes_at, Some(at(27, 8, 0)));
        let by_status = person
            .held_at(at(30, 10, 0), &config.holidays, true)
            .expect("away by status");
        assert_eq!(by_status.resumes_at, None);
    }
}
