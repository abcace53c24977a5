//! What time it is for the bot: the system clock in production, an injected one
//! in tests and in `dealbot shell --now` sessions. Commands, the scheduler and
//! the outbox worker all read the same [`Clock`], so a test that turns it moves
//! the whole bot through days, daylight-saving changes and due dates at once.
//!
//! Signature checks of incoming requests stay on the system clock: they are
//! about how fresh a network request is, not about business time.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

/// A source of the current time. Clones share it.
#[derive(Clone)]
pub struct Clock(Source);

#[derive(Clone)]
enum Source {
    System,
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(Source::System)
    }

    /// A clock that shows `at` until it is set or advanced.
    pub fn manual(at: DateTime<Utc>) -> Self {
        Clock(Source::Manual(Arc::new(Mutex::new(at))))
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            Source::System => Utc::now(),
            Source::Manual(at) => *at.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// Whether this is the system clock (background loops then sleep in real time).
    pub fn is_system(&self) -> bool {
        matches!(self.0, Source::System)
    }

    /// Sets a manual clock to `at`; the system clock cannot be set and ignores it.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Source::Manual(now) = &self.0 {
            *now.lock().unwrap_or_else(PoisonError::into_inner) = at;
        }
    }

    /// Moves a manual clock on by `by`; the system clock ignores it.
    pub fn advance(&self, by: chrono::Duration) {
        if let Source::Manual(now) = &self.0 {
            *now.lock().unwrap_or_else(PoisonError::into_inner) += by;
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::System => f.write_str("Clock::system"),
            Source::Manual(_) => write!(f, "Clock::manual({})", self.now()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let start = Utc
            .with_ymd_and_hms(2026, 3, 29, 0, 30, 0)
            .single()
            .expect("moment");
        let clock = Clock::manual(start);
        let shared = clock.clone();
        assert_eq!(clock.now(), start);
        shared.advance(chrono::Duration::hours(2));
        assert_eq!(clock.now(), start + chrono::Duration::hours(2));
        clock.set(start);
        assert_eq!(shared.now(), start);
        assert!(!clock.is_system());
        assert!(Clock::system().is_system());
    }
}
