//! `[outbox]`, `[scheduler]`, `[nags]` and `[[digests]]`: the work the bot does
//! while nobody types, and how it paces and retries what it sends.

use serde::Deserialize;

use super::ConfigProblem;

/// `[outbox]`: delivery of queued messages.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboxSettings {
    /// How long a worker may hold a message before another may take it over.
    pub lease_seconds: u64,
    /// The longest wait between two tries of a message that keeps failing.
    pub max_backoff_seconds: u64,
    /// How often an idle worker looks for new messages.
    pub poll_interval_ms: u64,
}

impl Default for OutboxSettings {
    fn default() -> Self {
        OutboxSettings {
            lease_seconds: 60,
            max_backoff_seconds: 300,
            poll_interval_ms: 500,
        }
    }
}

/// `[scheduler]`: digests and nag sweeps.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SchedulerSettings {
    /// A slot missed while the bot was down still fires (once) if it is at most
    /// this old; older ones are skipped.
    pub catch_up_minutes: u64,
}

impl Default for SchedulerSettings {
    fn default() -> Self {
        SchedulerSettings {
            catch_up_minutes: 60,
        }
    }
}

/// `[nags]`: reminding owners of deals that are stuck.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NagSettings {
    pub enabled: bool,
    /// When the sweep runs: a five-field crontab line, in each owner's zone.
    pub schedule: String,
    /// The owner's working hours, local time, `HH:MM-HH:MM`.
    pub working_hours: String,
    /// The owner's working days (`Mon` … `Sun`).
    pub working_days: Vec<String>,
    /// At most one nag per owner in this many hours.
    pub interval_hours: u64,
    /// After this many nags without the owner acting, also mention them in the
    /// deal's channel. 0 never escalates.
    pub escalate_after: i64,
}

impl Default for NagSettings {
    fn default() -> Self {
        NagSettings {
            enabled: true,
            schedule: "0 * * * *".to_owned(),
            working_hours: "09:00-18:00".to_owned(),
            working_days: ["Mon", "Tue", "Wed", "Thu", "Fri"]
                .map(str::to_owned)
                .to_vec(),
            interval_hours: 24,
            escalate_after: 3,
        }
    }
}

/// `[[digests]]`: a channel's digest set by the operator rather than from chat.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigestSettings {
    pub platform: String,
    pub workspace: String,
    pub channel: String,
    /// Five-field crontab line, e.g. `0 9 * * 1-5` (09:00 Monday to Friday).
    pub cron: String,
    /// IANA zone; `defaults.timezone` if not given.
    pub timezone: Option<String>,
    pub pipeline: Option<String>,
    pub owner: Option<String>,
    /// Whether each digest carries a chart of the open pipeline (off unless set).
    #[serde(default)]
    pub chart: bool,
}

/// `HH:MM-HH:MM` as minutes after midnight.
pub fn parse_working_hours(text: &str) -> Option<(u32, u32)> {
    let (start, end) = text.split_once('-')?;
    let minutes = |part: &str| -> Option<u32> {
        let (hours, minutes) = part.trim().split_once(':')?;
        let hours: u32 = hours.parse().ok()?;
        let minutes: u32 = minutes.parse().ok()?;
        (hours <= 24 && minutes < 60 && hours * 60 + minutes <= 24 * 60)
            .then_some(hours * 60 + minutes)
    };
    let (start, end) = (minutes(start)?, minutes(end)?);
    (start < end).then_some((start, end))
}

/// A day name (`Mon`, `monday`) as a chrono weekday.
pub fn parse_weekday(text: &str) -> Option<chrono::Weekday> {
    text.trim().parse().ok()
}

/// The problems of these sections; `valid_cron` checks a crontab line, and
/// `valid_digest_cron` a digest's (which may not fire too often).
pub fn check(
    nags: &NagSettings,
    digests: &[DigestSettings],
    outbox: &OutboxSettings,
    valid_cron: impl Fn(&str) -> Result<(), String>,
    valid_digest_cron: impl Fn(&str) -> Result<(), String>,
    valid_zone: impl Fn(&str) -> bool,
    problems: &mut Vec<ConfigProblem>,
) {
    if let Err(message) = valid_cron(&nags.schedule) {
        problems.push(ConfigProblem::new("nags.schedule", message));
    }
    if parse_working_hours(&nags.working_hours).is_none() {
        problems.push(ConfigProblem::new(
            "nags.working_hours",
            format!(
                "{:?} is not a span of the day: write it like \"09:00-18:00\"",
                nags.working_hours
            ),
        ));
    }
    for (i, day) in nags.working_days.iter().enumerate() {
        if parse_weekday(day).is_none() {
            problems.push(ConfigProblem::new(
                format!("nags.working_days[{i}]"),
                format!("{day:?} is not a day: use Mon, Tue, Wed, Thu, Fri, Sat or Sun"),
            ));
        }
    }
    if outbox.lease_seconds == 0 {
        problems.push(ConfigProblem::new(
            "outbox.lease_seconds",
            "must be at least 1: a worker needs time to deliver what it claimed",
        ));
    }
    for (i, digest) in digests.iter().enumerate() {
        if let Err(message) = valid_digest_cron(&digest.cron) {
            problems.push(ConfigProblem::new(format!("digests[{i}].cron"), message));
        }
        if let Some(zone) = &digest.timezone {
            if !valid_zone(zone) {
                problems.push(ConfigProblem::new(
                    format!("digests[{i}].timezone"),
                    format!("{zone:?} is not an IANA time zone: use a name like Europe/Berlin"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_hours_read_as_minutes() {
        assert_eq!(parse_working_hours("09:00-18:00"), Some((540, 1080)));
        assert_eq!(parse_working_hours("18:00-09:00"), None);
        assert_eq!(parse_working_hours("9-5"), None);
        assert_eq!(parse_weekday("Mon"), Some(chrono::Weekday::Mon));
        assert_eq!(parse_weekday("Funday"), None);
    }
}
