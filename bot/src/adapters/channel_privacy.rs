//! Whether a channel is private (not every member of the workspace can see
//! it), as each platform's adapter asks its platform: remembered briefly per
//! workspace and channel, since people rarely change it and every command
//! asks. A lookup that fails counts as private, the safe side, and is logged;
//! a failure is not remembered, so the next command asks again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an answer is believed.
pub const PRIVACY_TTL: Duration = Duration::from_secs(60);

/// Past this many remembered channels, expired answers are dropped.
const PRUNE_ABOVE: usize = 10_000;

/// (workspace, channel) → whether it is private, and until when to believe it.
#[derive(Default)]
pub struct PrivacyCache {
    entries: Mutex<HashMap<(String, String), (bool, Instant)>>,
}

impl PrivacyCache {
    pub fn new() -> Self {
        PrivacyCache::default()
    }

    /// The remembered answer for `channel` of `workspace`, if still fresh.
    pub fn get(&self, workspace: &str, channel: &str) -> Option<bool> {
        let entries = self.entries.lock().ok()?;
        let (private, until) = entries.get(&(workspace.to_string(), channel.to_string()))?;
        (Instant::now() < *until).then_some(*private)
    }

    /// Remembers that `channel` of `workspace` is (or is not) private.
    pub fn put(&self, workspace: &str, channel: &str, private: bool) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        let now = Instant::now();
        if entries.len() > PRUNE_ABOVE {
            entries.retain(|_, (_, until)| now < *until);
        }
        entries.insert(
            (workspace.to_string(), channel.to_string()),
            (private, now + PRIVACY_TTL),
        );
    }
}

/// What a failed lookup of `channel` on `platform` means: private, logged.
pub fn lookup_failed(platform: &str, channel: &str, why: &dyn std::fmt::Display) -> bool {
    tracing::warn!(
        platform,
        channel,
        error = %why,
        "cannot tell whether the channel is private; treating it as private"
    );
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_remembered_per_workspace_and_channel() {
        let cache = PrivacyCache::new();
        assert_eq!(cache.get("slack:T1", "C1"), None);
        cache.put("slack:T1", "C1", true);
        assert_eq!(cache.get("slack:T1", "C1"), Some(true));
        assert_eq!(cache.get("slack:T2", "C1"), None);
        cache.put("slack:T1", "C1", false);
        assert_eq!(cache.get("slack:T1", "C1"), Some(false));
    }
}
