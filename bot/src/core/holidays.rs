//! The workspace's holiday calendar (`[[holidays]]`), read once: which day is
//! a holiday, for nags (the holidays of everyone) and for a channel's digest
//! (those and the channel's own).

use chrono::NaiveDate;

use crate::config::HolidaySettings;

/// One holiday: a name and its days, maybe only some channels'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub name: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Empty: everyone's. Else only these channels' digests.
    pub channels: Vec<String>,
}

/// Every configured holiday.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays(Vec<Holiday>);

impl Holidays {
    /// The calendar of validated settings (an entry that is no date, which
    /// `check-config` reports, is left out).
    pub fn new(settings: &[HolidaySettings]) -> Holidays {
        Holidays(
            settings
                .iter()
                .filter_map(|holiday| {
                    let (first, last) = holiday.days().ok()?;
                    let name = match holiday.name.trim() {
                        "" => "a holiday".to_string(),
                        name => name.to_string(),
                    };
                    Some(Holiday {
                        name,
                        first,
                        last,
                        channels: holiday.channels.clone(),
                    })
                })
                .collect(),
        )
    }

    /// The holiday of everyone on `day`, if any: no nags that day.
    pub fn of_everyone(&self, day: NaiveDate) -> Option<&Holiday> {
        self.0
            .iter()
            .find(|holiday| holiday.channels.is_empty() && holiday.covers(day))
    }

    /// The holiday on `day` for the digest of `channel`: everyone's or the
    /// channel's own.
    pub fn of_channel(&self, day: NaiveDate, channel: &str) -> Option<&Holiday> {
        self.0.iter().find(|holiday| {
            holiday.covers(day)
                && (holiday.channels.is_empty() || holiday.channels.iter().any(|c| c == channel))
        })
    }
}

impl Holiday {
    fn covers(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channels_holiday_skips_only_its_digests() {
        let calendar = Holidays::new(&[
            HolidaySettings {
                name: "Christmas".to_string(),
                from: Some("2026-12-24".to_string()),
                until: Some("2026-12-26".to_string()),
                ..HolidaySettings::default()
            },
            HolidaySettings {
                name: "Bank holiday".to_string(),
                date: Some("2026-12-28".to_string()),
                channels: vec!["uk".to_string()],
                ..HolidaySettings::default()
            },
        ]);
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).expect("a day");
        assert_eq!(
            calendar.of_everyone(day(25)).map(|h| h.name.as_str()),
            Some("Christmas")
        );
        assert_eq!(calendar.of_everyone(day(27)), None);
        assert_eq!(calendar.of_everyone(day(28)), None);
        assert!(calendar.of_channel(day(28), "uk").is_some());
        assert!(calendar.of_channel(day(28), "us").is_none());
        assert!(calendar.of_channel(day(24), "us").is_some());
    }
}
