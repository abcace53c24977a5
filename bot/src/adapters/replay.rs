//! Replayed requests: a signed request the bot already served, sent again while
//! its timestamp is still inside the window, is refused. The memory is kept on
//! the decoded signature (never its text, which can be spelled several ways)
//! and shared through the database, so a replay is refused by every replica and
//! after a restart.
//!
//! Each request costs one insert (`ON CONFLICT DO NOTHING`: no row inserted
//! means another replica served it first) behind a bounded in-process front,
//! which refuses replays to the same process without asking the database.
//! Entries are kept two windows, then swept (at most once a minute, in the
//! background). When the database cannot answer within [`DATABASE_WAIT`], the
//! front alone decides, and the database is left alone for [`DATABASE_REST`]:
//! a command would then only be told the database is unavailable, and a
//! replay could change nothing either.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use dealbot_storage::Store;
use sha2::{Digest, Sha256};

/// The most signatures the front remembers; older ones are left to the database.
const FRONT_CAPACITY: usize = 50_000;
/// How long a request waits for the database's answer.
pub const DATABASE_WAIT: Duration = Duration::from_millis(500);
/// How long the database is not asked after it failed to answer.
pub const DATABASE_REST: Duration = Duration::from_secs(2);
/// How often expired entries are swept.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// The key of one signature: SHA-256 of the platform's name and its bytes.
type Key = [u8; 32];

/// Signatures of one platform's requests, served in the last two windows.
#[derive(Debug)]
pub struct ReplayGuard {
    store: Store,
    platform: &'static str,
    /// How far a signed timestamp may be from now, in seconds.
    window: i64,
    front: Mutex<Front>,
    /// When the database may be asked again, after it failed to answer.
    resting_until: Mutex<Option<Instant>>,
    /// When the next sweep is due; `None` before the first request.
    next_sweep: Mutex<Option<Instant>>,
}

#[derive(Debug, Default)]
struct Front {
    keys: HashSet<Key>,
    /// The same keys, oldest first, with when each was first seen (seconds).
    by_age: VecDeque<(i64, Key)>,
}

impl Front {
    /// Records `key` at `now`; false if it was already there. Forgets the keys
    /// older than `keep` seconds, and the oldest beyond [`FRONT_CAPACITY`].
    fn first_time(&mut self, key: Key, now: i64, keep: i64) -> bool {
        while let Some(&(at, old)) = self.by_age.front() {
            if now - at <= keep && self.by_age.len() < FRONT_CAPACITY {
                break;
            }
            self.by_age.pop_front();
            self.keys.remove(&old);
        }
        if !self.keys.insert(key) {
            return false;
        }
        self.by_age.push_back((now, key));
        true
    }
}

impl ReplayGuard {
    /// The guard for `platform`'s requests, whose timestamps may be `window`
    /// seconds from now, remembering in `store`.
    pub fn new(store: Store, platform: &'static str, window: i64) -> Arc<Self> {
        Arc::new(ReplayGuard {
            store,
            platform,
            window,
            front: Mutex::new(Front::default()),
            resting_until: Mutex::new(None),
            next_sweep: Mutex::new(None),
        })
    }

    /// Records the request signed with `signature` (its decoded bytes) as
    /// served at `now`; false if it was served before, by any replica.
    pub async fn first_time(self: &Arc<Self>, signature: &[u8], now: DateTime<Utc>) -> bool {
        let key = self.key(signature);
        let keep = 2 * self.window;
        let fresh = lock(&self.front).first_time(key, now.timestamp(), keep);
        if !fresh {
            return false;
        }
        self.sweep_when_due(now);
        if self.resting() {
            return true;
        }
        let store = self.store.clone();
        let hash = hex::encode(key);
        let expires_at = now + chrono::Duration::seconds(keep);
        let insert = tokio::spawn(async move { store.remember_signature(&hash, expires_at).await });
        match tokio::time::timeout(DATABASE_WAIT, insert).await {
            Ok(Ok(Ok(first))) => first,
            Ok(Ok(Err(error))) => {
                self.rest(&format!("{error:#}"));
                true
            }
            Ok(Err(error)) => {
                self.rest(&error.to_string());
                true
            }
            Err(_) => {
                self.rest("no answer in time");
                true
            }
        }
    }

    /// Whether this process already served the request signed with
    /// `signature`: asked before the body is read, so a replay is refused as
    /// one even when it is sent to a route that cannot read it.
    pub fn served_here(&self, signature: &[u8]) -> bool {
        lock(&self.front).keys.contains(&self.key(signature))
    }

    fn key(&self, signature: &[u8]) -> Key {
        let mut hasher = Sha256::new();
        hasher.update(self.platform.as_bytes());
        hasher.update([0]);
        hasher.update(signature);
        hasher.finalize().into()
    }

    fn resting(&self) -> bool {
        let mut until = lock(&self.resting_until);
        match *until {
            Some(at) if Instant::now() < at => true,
            Some(_) => {
                *until = None;
                false
            }
            None => false,
        }
    }

    fn rest(&self, why: &str) {
        tracing::warn!(
            platform = self.platform,
            error = why,
            "the replay guard could not reach the database: this process alone refuses replays for now"
        );
        *lock(&self.resting_until) = Some(Instant::now() + DATABASE_REST);
    }

    /// Starts a sweep of expired entries in the background, if one is due.
    fn sweep_when_due(self: &Arc<Self>, now: DateTime<Utc>) {
        {
            let mut next = lock(&self.next_sweep);
            if next.is_some_and(|at| Instant::now() < at) {
                return;
            }
            *next = Some(Instant::now() + SWEEP_EVERY);
        }
        let guard = Arc::clone(self);
        tokio::spawn(async move {
            match guard.store.forget_expired_signatures(now).await {
                Ok(swept) => {
                    tracing::debug!(platform = guard.platform, swept, "replay guard swept")
                }
                Err(error) => tracing::warn!(
                    platform = guard.platform,
                    error = format!("{error:#}"),
                    "sweeping the replay guard failed; the next sweep tries again"
                ),
            }
        });
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::{Front, FRONT_CAPACITY};

    #[test]
    fn the_front_remembers_a_key_for_two_windows() {
        let mut front = Front::default();
        assert!(front.first_time([1; 32], 1_000, 600));
        assert!(!front.first_time([1; 32], 1_100, 600));
        assert!(!front.first_time([1; 32], 1_600, 600));
        assert!(front.first_time([2; 32], 1_600, 600));
        assert!(
            front.first_time([1; 32], 1_601, 600),
            "forgotten after two windows"
        );
    }

    #[test]
    fn the_front_is_bounded() {
        let mut front = Front::default();
        for n in 0..FRONT_CAPACITY + 10 {
            let mut key = [0u8; 32];
            key[..8].copy_from_slice(&(n as u64).to_le_bytes());
            assert!(front.first_time(key, 1_000, 600));
        }
        assert_eq!(front.keys.len(), FRONT_CAPACITY);
        assert_eq!(front.by_age.len(), FRONT_CAPACITY);
    }
}
