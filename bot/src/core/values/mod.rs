//! The values inside commands, parsed from what people type: amounts of money,
//! due dates, mentions of people, deal names, free text (never with characters
//! that hide themselves), cron schedules and working hours.
//!
//! Every parser here is pure (no clock, no store, no platform) and returns a
//! [`ValueError`] whose message can be shown to the person as is: it says what
//! was wrong and how to write it instead.

mod amount;
mod cron;
mod cron_gap;
mod dates;
mod hidden;
mod text;
mod user;
mod working_hours;

pub use amount::{looks_like_amount, Amount, Currency};
pub use cron::{check_cron, CronSchedule};
pub use cron_gap::check_digest_cron;
pub use dates::{
    due_examples, due_token_count, leading_date_count, parse_away_until, parse_close_date,
    parse_due, parse_snooze, DateOrder, ReadDate,
};
pub use text::{DealName, FreeText};
pub use user::{looks_like_user, UserRef};
pub use working_hours::{WorkingHours, HOURS_FORMS, WEEK};

/// A value that could not be parsed, with a message for the person who typed it:
/// what was wrong, and the forms that would have worked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValueError {
    message: String,
}

impl ValueError {
    pub fn new(message: impl Into<String>) -> Self {
        ValueError {
            message: message.into(),
        }
    }

    /// The message to show, the same as `to_string()`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The person's input in double quotes for an error message: cut short when it
/// is long, with control characters made visible as `�`.
fn quoted(input: &str) -> String {
    const LIMIT: usize = 40;
    let mut chars = input
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c });
    let head: String = chars.by_ref().take(LIMIT).collect();
    if chars.next().is_some() {
        format!("\"{head}…\"")
    } else {
        format!("\"{head}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_is_the_display() {
        let error = ValueError::new("\"x\" is not an amount.");
        assert_eq!(error.to_string(), "\"x\" is not an amount.");
        assert_eq!(error.message(), "\"x\" is not an amount.");
    }

    #[test]
    fn quoted_input_is_short_and_printable() {
        assert_eq!(quoted("50kk"), "\"50kk\"");
        assert_eq!(quoted("a\nb"), "\"a\u{FFFD}b\"");
        let long = "x".repeat(100);
        assert_eq!(quoted(&long), format!("\"{}…\"", "x".repeat(40)));
        assert_eq!(quoted(&"é".repeat(40)), format!("\"{}\"", "é".repeat(40)));
    }
}
