//! Replayed requests: a signature the bot already accepted, sent again while
//! its timestamp is still inside the window, is refused. The memory is per
//! process: a replay sent to another replica is stopped only by the window.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// Signatures accepted in the last two windows, with when they were accepted.
#[derive(Debug)]
pub struct SeenSignatures {
    /// How far a signed timestamp may be from now, in seconds.
    window: i64,
    seen: Mutex<HashMap<String, i64>>,
}

impl SeenSignatures {
    /// A memory for requests whose timestamps may be `window` seconds from now.
    pub fn new(window: i64) -> Self {
        SeenSignatures {
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Records `signature` as accepted at `now` (seconds); false if it was
    /// already accepted. A signature is forgotten once its timestamp can no
    /// longer be inside the window: two windows after it was first seen.
    pub fn first_time(&self, signature: &str, now: i64) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.retain(|_, at| now - *at <= 2 * self.window);
        seen.insert(signature.to_ascii_lowercase(), now).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::SeenSignatures;

    #[test]
    fn a_signature_is_accepted_once_within_two_windows() {
        let seen = SeenSignatures::new(300);
        assert!(seen.first_time("ab12", 1_000));
        assert!(!seen.first_time("AB12", 1_100), "hex case does not matter");
        assert!(!seen.first_time("ab12", 1_600));
        assert!(seen.first_time("cd34", 1_600));
        assert!(
            seen.first_time("ab12", 2_300),
            "forgotten after two windows"
        );
    }
}
