//! How often a digest schedule fires. A channel digest is for the stand-up:
//! a line that fires more often than every [`MIN_SCHEDULE_GAP_MINUTES`] is
//! refused, with the gap it would have.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::cron::parse_cron;
use crate::config::MIN_SCHEDULE_GAP_MINUTES;

/// Firings looked at: a week and a day of them, or this many, whichever ends first.
const MOST_FIRINGS: usize = 2_000;

/// Checks a digest's crontab line: readable, and never firing twice within
/// [`MIN_SCHEDULE_GAP_MINUTES`].
pub fn check_digest_cron(line: &str) -> Result<(), String> {
    let cron = parse_cron(line)?;
    // A Monday at midnight, so every weekday and hour of a week is walked.
    let start: DateTime<Utc> = Utc
        .with_ymd_and_hms(2026, 1, 5, 0, 0, 0)
        .single()
        .expect("a valid instant");
    let end = start + Duration::days(8);
    let mut previous: Option<DateTime<Utc>> = None;
    let mut at = start;
    for _ in 0..MOST_FIRINGS {
        let Ok(next) = cron.find_next_occurrence(&at, false) else {
            break;
        };
        if next > end {
            break;
        }
        if let Some(previous) = previous {
            let gap = (next - previous).num_minutes();
            if gap < MIN_SCHEDULE_GAP_MINUTES {
                return Err(too_often(line, gap));
            }
        }
        previous = Some(next);
        at = next;
    }
    Ok(())
}

fn too_often(line: &str, gap: i64) -> String {
    let every = if gap == 1 {
        "every minute".to_string()
    } else {
        format!("{gap} minutes apart")
    };
    format!(
        "\"{line}\" fires {every}; a channel digest may fire at most every \
         {MIN_SCHEDULE_GAP_MINUTES} minutes. For the stand-up, once a day is usual: \"0 9 * * 1-5\""
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_under_fifteen_minutes_apart_are_refused_with_their_gap() {
        for (line, gap) in [
            ("* * * * *", "every minute"),
            ("*/5 * * * *", "5 minutes apart"),
            ("0,10 9 * * 1-5", "10 minutes apart"),
            ("*/14 9-17 * * *", "14 minutes apart"),
            ("59 8 * * 1", "never"),
        ] {
            let result = check_digest_cron(line);
            if gap == "never" {
                assert!(result.is_ok(), "{line}: {result:?}");
                continue;
            }
            let error = result.expect_err(line);
            assert!(error.contains(gap), "{line}: {error}");
            assert!(error.contains("at most every 15 minutes"), "{error}");
        }
    }

    #[test]
    fn daily_hourly_and_quarter_hourly_schedules_are_kept() {
        for line in [
            "0 9 * * 1-5",
            "0 * * * *",
            "*/15 * * * *",
            "0,15,30,45 9 * * *",
            "30 8 1 * *",
        ] {
            assert_eq!(check_digest_cron(line), Ok(()), "{line}");
        }
    }

    #[test]
    fn an_unreadable_line_keeps_its_own_message() {
        let error = check_digest_cron("9am").expect_err("unreadable");
        assert!(error.contains("0 9 * * 1-5"), "{error}");
    }
}
