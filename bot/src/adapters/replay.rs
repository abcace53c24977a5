//! Replayed requests: a signature the bot already accepted, sent again while
//! its timestamp is still inside the window, is refused. The memory is per
//! process: a replay sent to another replica is stopped only by the window.

use std::collections::{HashSet, VecDeque};
use std::sync::{Mutex, PoisonError};

/// Signatures accepted in the last two windows.
#[derive(Debug)]
pub struct SeenSignatures {
    /// How far a signed timestamp may be from now, in seconds.
    window: i64,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    signatures: HashSet<String>,
    /// The same signatures, oldest first, with when each was accepted: the
    /// expired ones are dropped from the front, a few at a time.
    by_age: VecDeque<(i64, String)>,
}

impl SeenSignatures {
    /// A memory for requests whose timestamps may be `window` seconds from now.
    pub fn new(window: i64) -> Self {
        SeenSignatures {
            window,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Records `signature` as accepted at `now` (seconds); false if it was
    /// already accepted. A signature is forgotten once its timestamp can no
    /// longer be inside the window: two windows after it was first seen.
    pub fn first_time(&self, signature: &str, now: i64) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        while let Some((at, _)) = seen.by_age.front() {
            if now - *at <= 2 * self.window {
                break;
            }
            if let Some((_, expired)) = seen.by_age.pop_front() {
                seen.signatures.remove(&expired);
            }
        }
        let signature = signature.to_ascii_lowercase();
        if !seen.signatures.insert(signature.clone()) {
            return false;
        }
        seen.by_age.push_back((now, signature));
        true
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
