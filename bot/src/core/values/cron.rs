//! Schedules as people write them: a standard five-field crontab line
//! (`0 9 * * 1-5` is 09:00 Monday to Friday, Sunday is 0 or 7) read in an IANA
//! time zone, so a daily digest stays at the same local time across daylight
//! saving. Each firing is a slot named by its local time: the same local time
//! can never fire twice, even when clocks fall back.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds, Year};
use croner::Cron;

/// A parsed crontab line in a zone.
#[derive(Debug, Clone)]
pub struct CronSchedule {
    line: String,
    cron: Cron,
    zone: Tz,
}

/// Checks a crontab line, with a message saying how to write one.
pub fn check_cron(line: &str) -> Result<(), String> {
    parse_cron(line).map(|_| ())
}

pub(super) fn parse_cron(line: &str) -> Result<Cron, String> {
    let fields = line.split_whitespace().count();
    if fields != 5 && !line.trim_start().starts_with('@') {
        return Err(format!(
            "\"{line}\" has {fields} fields; a schedule has five: minute hour day-of-month month \
             day-of-week, like \"0 9 * * 1-5\" (09:00 Monday to Friday)"
        ));
    }
    CronParser::builder()
        .seconds(Seconds::Disallowed)
        .year(Year::Disallowed)
        .build()
        .parse(line)
        .map_err(|error| {
            format!(
                "\"{line}\" is not a schedule ({error}); write five fields like \"0 9 * * 1-5\" \
                 (09:00 Monday to Friday)"
            )
        })
}

impl CronSchedule {
    /// Reads `line` in the IANA zone `zone`.
    pub fn parse(line: &str, zone: &str) -> Result<CronSchedule, String> {
        let cron = parse_cron(line)?;
        let zone = Tz::from_str(zone)
            .map_err(|_| format!("\"{zone}\" is not a time zone; use a name like Europe/Berlin"))?;
        Ok(CronSchedule {
            line: line.trim().to_string(),
            cron,
            zone,
        })
    }

    pub fn line(&self) -> &str {
        &self.line
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The latest firing at or before `now`, if it is no older than `window`:
    /// after downtime only the most recent missed slot fires, and only once.
    pub fn due_slot(&self, now: DateTime<Utc>, window: chrono::Duration) -> Option<DateTime<Utc>> {
        let local = now.with_timezone(&self.zone);
        let previous = self.cron.find_previous_occurrence(&local, true).ok()?;
        let previous = previous.with_timezone(&Utc);
        (now - previous <= window).then_some(previous)
    }

    /// The first firing after `after`.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = after.with_timezone(&self.zone);
        self.cron
            .find_next_occurrence(&local, false)
            .ok()
            .map(|next| next.with_timezone(&Utc))
    }

    /// The slot's name: its local time and zone, e.g. `2026-11-23T09:00 Europe/Berlin`.
    pub fn slot_name(&self, at: DateTime<Utc>) -> String {
        format!(
            "{} {}",
            at.with_timezone(&self.zone).format("%Y-%m-%dT%H:%M"),
            self.zone.name()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, TimeZone, Timelike};

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("valid")
    }

    /// Every firing in [from, to), walking minute by minute as a scheduler would.
    fn firings(schedule: &CronSchedule, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
        let mut slots = Vec::new();
        let mut now = from;
        while now < to {
            if let Some(slot) = schedule.due_slot(now, chrono::Duration::minutes(5)) {
                let name = schedule.slot_name(slot);
                if !slots.contains(&name) {
                    slots.push(name);
                }
            }
            now += chrono::Duration::minutes(1);
        }
        slots
    }

    #[test]
    fn one_to_five_is_monday_to_friday() {
        let schedule = CronSchedule::parse("0 9 * * 1-5", "UTC").expect("valid");
        let mut day = utc(2026, 11, 22, 12, 0); // a Sunday
        let mut weekdays = Vec::new();
        for _ in 0..7 {
            let next = schedule.next_after(day).expect("a next firing");
            assert_eq!((next.hour(), next.minute()), (9, 0));
            weekdays.push(next.weekday().to_string());
            day = next;
        }
        assert_eq!(weekdays, ["Mon", "Tue", "Wed", "Thu", "Fri", "Mon", "Tue"]);
    }

    #[test]
    fn six_fields_or_nonsense_are_refused_with_the_form_to_use() {
        for line in ["0 0 9 * * 1-5", "9am weekdays", "61 9 * * *"] {
            let error = CronSchedule::parse(line, "UTC").expect_err(line);
            assert!(error.contains("0 9 * * 1-5"), "{error}");
        }
        assert!(CronSchedule::parse("0 9 * * *", "Mars/Base").is_err());
    }

    #[test]
    fn a_daily_slot_fires_once_at_local_time_on_daylight_saving_days() {
        // New York springs forward on 8 March and falls back on 1 November 2026;
        // Berlin on 29 March and 25 October.
        let cases = [
            ("America/New_York", "30 1 * * *", utc(2026, 3, 7, 0, 0), 3),
            ("America/New_York", "30 1 * * *", utc(2026, 10, 31, 0, 0), 3),
            ("America/New_York", "30 2 * * *", utc(2026, 3, 7, 0, 0), 3),
            ("America/New_York", "0 9 * * *", utc(2026, 3, 7, 0, 0), 3),
            ("Europe/Berlin", "30 2 * * *", utc(2026, 3, 28, 0, 0), 3),
            ("Europe/Berlin", "30 2 * * *", utc(2026, 10, 24, 0, 0), 3),
            ("Europe/Berlin", "0 9 * * *", utc(2026, 10, 24, 0, 0), 3),
        ];
        for (zone, line, from, days) in cases {
            let schedule = CronSchedule::parse(line, zone).expect("valid");
            let slots = firings(&schedule, from, from + chrono::Duration::days(days));
            assert_eq!(slots.len(), days as usize, "{zone} {line}: {slots:?}");
        }
        let nine = CronSchedule::parse("0 9 * * *", "Europe/Berlin").expect("valid");
        let slots = firings(&nine, utc(2026, 10, 24, 0, 0), utc(2026, 10, 27, 0, 0));
        assert_eq!(
            slots,
            [
                "2026-10-24T09:00 Europe/Berlin",
                "2026-10-25T09:00 Europe/Berlin",
                "2026-10-26T09:00 Europe/Berlin"
            ]
        );
        // Before the change 09:00 Berlin is 07:00 UTC, after it 08:00 UTC.
        assert_eq!(
            nine.due_slot(utc(2026, 10, 24, 7, 0), chrono::Duration::minutes(1)),
            Some(utc(2026, 10, 24, 7, 0))
        );
        assert_eq!(
            nine.due_slot(utc(2026, 10, 26, 8, 0), chrono::Duration::minutes(1)),
            Some(utc(2026, 10, 26, 8, 0))
        );
    }

    #[test]
    fn after_downtime_only_the_latest_missed_slot_is_due() {
        let hourly = CronSchedule::parse("0 * * * *", "UTC").expect("valid");
        let now = utc(2026, 11, 23, 12, 20);
        assert_eq!(
            hourly.due_slot(now, chrono::Duration::minutes(60)),
            Some(utc(2026, 11, 23, 12, 0))
        );
        assert_eq!(hourly.due_slot(now, chrono::Duration::minutes(10)), None);
    }
}
