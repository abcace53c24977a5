//! Working hours as people write them: a span of the day and the days of the
//! week it holds on, `08:00-16:00 mon-thu`, read in the person's own zone.
//! The same reader serves `/deal hours` and `[nags] working_hours` /
//! `working_days`, so both accept and store the same forms.

use chrono::Weekday;

use super::{quoted, ValueError};

/// What every working-hours error ends with.
pub const HOURS_FORMS: &str = "Write them like 08:00-16:00 mon-thu, 9-17 mon-fri, \
     07:30-15:30 mon,tue,thu or 10:00-18:00 weekdays (a 24-hour clock, 00:00 to 24:00, \
     the end after the start).";

/// When someone works: minutes after local midnight, and the days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    /// Start, in minutes after midnight.
    pub start: u32,
    /// End (not included), in minutes after midnight; at most 24:00.
    pub end: u32,
    /// The working days, Monday first, each once.
    pub days: Vec<Weekday>,
}

/// The days of the week, Monday first.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

impl WorkingHours {
    /// 09:00 to 18:00, Monday to Friday: the hours when none are configured.
    pub fn nine_to_six_on_weekdays() -> Self {
        WorkingHours {
            start: 9 * 60,
            end: 18 * 60,
            days: WEEK[..5].to_vec(),
        }
    }

    /// Reads the span (`08:00-16:00`, `9-17`, `8:30-17`).
    pub fn parse_span(text: &str) -> Result<(u32, u32), ValueError> {
        let said = quoted(text);
        let Some((start, end)) = text.split_once(['-', '–']) else {
            return Err(ValueError::new(format!(
                "{said} is not a span of the day. {HOURS_FORMS}"
            )));
        };
        let start = time_of_day(start)?;
        let end = time_of_day(end)?;
        if end <= start {
            return Err(ValueError::new(format!(
                "{said} ends before it starts: hours run within one day. {HOURS_FORMS}"
            )));
        }
        Ok((start, end))
    }

    /// Reads the days (`mon-thu`, `mon,tue,thu`, `mon tue`, `weekdays`,
    /// `every day`), given as one or more words.
    pub fn parse_days(words: &[&str]) -> Result<Vec<Weekday>, ValueError> {
        let joined = words.join(" ");
        let said = quoted(&joined);
        let mut days = Vec::new();
        let text = joined.to_lowercase().replace("every day", "daily");
        for part in text
            .split([',', ' ', '/', '+'])
            .filter(|part| !part.is_empty() && *part != "and")
        {
            match part {
                "weekdays" | "workdays" => days.extend(span(Weekday::Mon, Weekday::Fri)),
                "weekends" | "weekend" => days.extend(span(Weekday::Sat, Weekday::Sun)),
                "daily" | "everyday" | "all" => days.extend(span(Weekday::Mon, Weekday::Sun)),
                _ => match part.split_once(['-', '–']) {
                    Some((from, to)) => days.extend(span(day(from, &said)?, day(to, &said)?)),
                    None => days.push(day(part, &said)?),
                },
            }
        }
        if days.is_empty() {
            return Err(ValueError::new(format!(
                "{said} names no days: give at least one. {HOURS_FORMS}"
            )));
        }
        days.sort_by_key(|day| day.num_days_from_monday());
        days.dedup();
        Ok(days)
    }

    /// Reads the stored forms (`08:00-16:00` and `Mon,Tue`), as written by
    /// [`WorkingHours::span_text`] and [`WorkingHours::days_text`].
    pub fn from_stored(span: &str, days: &[&str]) -> Result<WorkingHours, ValueError> {
        let (start, end) = WorkingHours::parse_span(span)?;
        let days = WorkingHours::parse_days(days)?;
        Ok(WorkingHours { start, end, days })
    }

    /// Whether `minute` (after midnight) of a `day` is inside the hours.
    pub fn covers(&self, day: Weekday, minute: u32) -> bool {
        self.days.contains(&day) && minute >= self.start && minute < self.end
    }

    /// `08:00-16:00`.
    pub fn span_text(&self) -> String {
        format!("{}-{}", clock(self.start), clock(self.end))
    }

    /// `Mon,Tue,Wed,Thu`, as stored.
    pub fn days_text(&self) -> String {
        let names: Vec<String> = self.days.iter().map(|day| day.to_string()).collect();
        names.join(",")
    }

    /// `08:00-16:00, Mon–Thu`, as shown.
    pub fn describe(&self) -> String {
        format!("{}, {}", self.span_text(), describe_days(&self.days))
    }
}

/// `Mon–Fri`, `Mon, Wed, Fri`, `every day`.
fn describe_days(days: &[Weekday]) -> String {
    let numbers: Vec<u32> = days.iter().map(|d| d.num_days_from_monday()).collect();
    let contiguous = numbers.windows(2).all(|pair| pair[1] == pair[0] + 1);
    match days {
        _ if days.len() == 7 => "every day".to_string(),
        [only] => only.to_string(),
        [first, .., last] if contiguous => format!("{first}–{last}"),
        _ => {
            let names: Vec<String> = days.iter().map(|day| day.to_string()).collect();
            names.join(", ")
        }
    }
}

/// `HH:MM`, `H:MM`, `HH`, `H` on a 24-hour clock, up to `24:00`.
fn time_of_day(text: &str) -> Result<u32, ValueError> {
    let text = text.trim();
    let wrong = || {
        ValueError::new(format!(
            "{} is not a time of day. {HOURS_FORMS}",
            quoted(text)
        ))
    };
    let (hours, minutes) = text.split_once(':').unwrap_or((text, "00"));
    let digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    if !digits(hours) || hours.len() > 2 || !digits(minutes) || minutes.len() != 2 {
        return Err(wrong());
    }
    let hours: u32 = hours.parse().map_err(|_| wrong())?;
    let minutes: u32 = minutes.parse().map_err(|_| wrong())?;
    if minutes >= 60 || hours > 24 || (hours == 24 && minutes > 0) {
        return Err(wrong());
    }
    Ok(hours * 60 + minutes)
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn day(text: &str, said: &str) -> Result<Weekday, ValueError> {
    let text = text.trim().trim_end_matches('.');
    let found = WEEK.into_iter().find(|day| {
        let name = day_name(*day);
        text.len() >= 2 && name.starts_with(text)
    });
    found.ok_or_else(|| {
        ValueError::new(format!(
            "{} in {said} is not a day of the week. {HOURS_FORMS}",
            quoted(text)
        ))
    })
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// The days from `from` to `to`, wrapping past Sunday (`fri-mon`).
fn span(from: Weekday, to: Weekday) -> Vec<Weekday> {
    let mut days = vec![from];
    let mut day = from;
    while day != to {
        day = day.succ();
        days.push(day);
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use Weekday::*;

    #[test]
    fn spans_and_days_read_in_every_written_form() {
        assert_eq!(WorkingHours::parse_span("08:00-16:00"), Ok((480, 960)));
        assert_eq!(WorkingHours::parse_span("9-17"), Ok((540, 1020)));
        assert_eq!(WorkingHours::parse_span("8:30-24:00"), Ok((510, 1440)));
        assert_eq!(
            WorkingHours::parse_days(&["mon-thu"]),
            Ok(vec![Mon, Tue, Wed, Thu])
        );
        assert_eq!(
            WorkingHours::parse_days(&["mon,tue", "Thursday"]),
            Ok(vec![Mon, Tue, Thu])
        );
        assert_eq!(
            WorkingHours::parse_days(&["weekdays"]).map(|d| d.len()),
            Ok(5)
        );
        assert_eq!(
            WorkingHours::parse_days(&["fri-mon"]),
            Ok(vec![Mon, Fri, Sat, Sun])
        );
    }

    #[test]
    fn impossible_hours_are_refused_with_the_accepted_forms() {
        for (span, why) in [
            ("25:00-26:00", "not a time of day"),
            ("09:60-17:00", "not a time of day"),
            ("16:00-08:00", "ends before it starts"),
            ("09:00-09:00", "ends before it starts"),
            ("nine-five", "not a time of day"),
            ("0900", "not a span of the day"),
        ] {
            let error = WorkingHours::parse_span(span).expect_err(span).to_string();
            assert!(error.contains(why), "{span}: {error}");
            assert!(error.contains("08:00-16:00 mon-thu"), "{error}");
        }
        for days in [&[""][..], &[","], &["funday"]] {
            let error = WorkingHours::parse_days(days)
                .expect_err("no days")
                .to_string();
            assert!(error.contains("08:00-16:00 mon-thu"), "{error}");
        }
    }

    #[test]
    fn stored_forms_read_back() {
        let hours = WorkingHours::from_stored("08:00-16:00", &["Mon,Tue,Wed,Thu"]).expect("hours");
        assert_eq!(hours.span_text(), "08:00-16:00");
        assert_eq!(hours.days_text(), "Mon,Tue,Wed,Thu");
        assert_eq!(hours.describe(), "08:00-16:00, Mon–Thu");
        assert!(hours.covers(Thu, 480));
        assert!(!hours.covers(Thu, 960));
        assert!(!hours.covers(Fri, 600));
    }
}
