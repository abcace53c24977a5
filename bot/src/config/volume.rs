//! `[volume]`: how often people may make the bot post to a whole channel, and
//! how long one person's quick changes to a deal keep updating one post.

use serde::Deserialize;

/// The shortest gap between two firings of a digest schedule, in minutes: a
/// schedule that fires more often is refused, in chat and in the file.
pub const MIN_SCHEDULE_GAP_MINUTES: i64 = 15;

/// The longest digest cooldown: a day.
pub const MOST_COOLDOWN_MINUTES: u64 = 24 * 60;

/// The longest batch window: an hour.
pub const MOST_BATCH_WINDOW_SECONDS: u64 = 60 * 60;

/// `[volume]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VolumeSettings {
    /// One person may ask for a digest in a channel at most once in this many
    /// minutes; 0 lets them ask as often as they like.
    pub digest_cooldown_minutes: u64,
    /// One person's changes to one deal in one channel within this many
    /// seconds of the first one's post update that post instead of adding a
    /// new one; 0 posts every change on its own.
    pub batch_window_seconds: u64,
}

impl Default for VolumeSettings {
    fn default() -> Self {
        VolumeSettings {
            digest_cooldown_minutes: 5,
            batch_window_seconds: 120,
        }
    }
}

impl VolumeSettings {
    /// The problems of `[volume]`.
    pub fn check(&self, problems: &mut Vec<super::ConfigProblem>) {
        if self.digest_cooldown_minutes > MOST_COOLDOWN_MINUTES {
            problems.push(super::ConfigProblem::new(
                "volume.digest_cooldown_minutes",
                format!(
                    "{} is more than a day: use 0 to {MOST_COOLDOWN_MINUTES} minutes (0 lets people ask as often as they like)",
                    self.digest_cooldown_minutes
                ),
            ));
        }
        if self.batch_window_seconds > MOST_BATCH_WINDOW_SECONDS {
            problems.push(super::ConfigProblem::new(
                "volume.batch_window_seconds",
                format!(
                    "{} is more than an hour: use 0 to {MOST_BATCH_WINDOW_SECONDS} seconds (0 posts every change on its own)",
                    self.batch_window_seconds
                ),
            ));
        }
    }
}
