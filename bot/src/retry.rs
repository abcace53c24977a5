//! How the daemon's background loops (the scheduler, the outbox worker) ride out
//! failing rounds, such as a database that is down or restarting: the first
//! failure is logged at ERROR with its cause, later ones at WARN with how long
//! the trouble has lasted; each pause before the next try is twice the last, up
//! to [`LONGEST_PAUSE`]; the first round that works again is logged and resets
//! the pause. The loops never stop over a failed round.

use std::time::{Duration, Instant};

use dealbot_storage::Unavailable;

/// The longest a loop waits between two tries while its rounds keep failing:
/// how late, at most, it notices that the database is back.
pub const LONGEST_PAUSE: Duration = Duration::from_secs(15);

/// The failing streak of one background loop.
#[derive(Debug)]
pub struct Retry {
    /// What a round is, for the logs: `outbox round`, `scheduler tick`.
    what: &'static str,
    /// The pause after the first failure.
    first: Duration,
    failures: u32,
    since: Option<Instant>,
}

impl Retry {
    pub fn new(what: &'static str, first: Duration) -> Self {
        Retry {
            what,
            first,
            failures: 0,
            since: None,
        }
    }

    /// Records a failed round and logs it; how long to wait before the next try.
    pub fn failed(&mut self, error: &anyhow::Error) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let since = *self.since.get_or_insert_with(Instant::now);
        let retry_in = pause(self.failures, self.first);
        let database_unavailable = error.chain().find_map(Unavailable::of).is_some();
        if self.failures == 1 {
            tracing::error!(
                error = format!("{error:#}"),
                database_unavailable,
                ?retry_in,
                "{} failed; will retry",
                self.what
            );
        } else {
            tracing::warn!(
                error = format!("{error:#}"),
                database_unavailable,
                failures = self.failures,
                failing_for = ?since.elapsed(),
                ?retry_in,
                "{} still failing",
                self.what
            );
        }
        retry_in
    }

    /// Records a round that worked, saying so if it ends a failing streak.
    pub fn succeeded(&mut self) {
        if let Some(since) = self.since.take() {
            tracing::info!(
                failures = self.failures,
                failed_for = ?since.elapsed(),
                "{} works again",
                self.what
            );
        }
        self.failures = 0;
    }
}

/// The pause after the `failures`-th failure in a row: `first`, then twice as
/// long each time, never more than [`LONGEST_PAUSE`].
pub fn pause(failures: u32, first: Duration) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    first.saturating_mul(1 << doublings).min(LONGEST_PAUSE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_the_longest() {
        let first = Duration::from_millis(500);
        let pauses: Vec<u128> = (1..=8).map(|n| pause(n, first).as_millis()).collect();
        assert_eq!(
            pauses,
            [500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]
        );
        assert_eq!(pause(u32::MAX, first), LONGEST_PAUSE);
    }

    #[test]
    fn a_round_that_works_starts_the_pauses_over() {
        let mut retry = Retry::new("test round", Duration::from_secs(1));
        let error = anyhow::anyhow!("database down");
        assert_eq!(retry.failed(&error), Duration::from_secs(1));
        assert_eq!(retry.failed(&error), Duration::from_secs(2));
        retry.succeeded();
        assert_eq!(retry.failed(&error), Duration::from_secs(1));
    }
}
