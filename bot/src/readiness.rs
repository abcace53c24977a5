//! Readiness: whether this replica can do its job, as `GET /readyz` reports it.
//!
//! A [`Readiness`] is a registry of named checks. The daemon registers the
//! database check ([`DatabaseCheck`]: reachable and migrated); each adapter adds
//! its own, either a [`ReadinessCheck`] it implements or a [`ConnectionFlag`] it
//! flips as its connection (Socket Mode, the Discord gateway) comes and goes.
//! Checks can be added at any time, also after the server has started.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use dealbot_storage::Store;

/// How long one check may take before it counts as failed.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

/// The future a [`ReadinessCheck`] returns: `Err` holds the reason, for people.
pub type CheckFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// One thing this replica needs in order to be ready.
pub trait ReadinessCheck: Send + Sync + 'static {
    /// What is checked, e.g. `database`, `slack`.
    fn name(&self) -> &str;
    /// Whether it is ready now; the reason if not.
    fn check(&self) -> CheckFuture<'_>;
}

/// The registry of checks. Clones share it.
#[derive(Clone, Default)]
pub struct Readiness {
    checks: Arc<RwLock<Vec<Arc<dyn ReadinessCheck>>>>,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub name: String,
    pub result: Result<(), String>,
}

impl Readiness {
    /// A registry with no checks (ready).
    pub fn new() -> Self {
        Readiness::default()
    }

    /// The daemon's registry: the database check over `store`.
    pub fn with_database(store: Store) -> Self {
        let readiness = Readiness::new();
        readiness.add(DatabaseCheck(store));
        readiness
    }

    /// Adds a check.
    pub fn add(&self, check: impl ReadinessCheck) {
        self.checks
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Arc::new(check));
    }

    /// Adds a check named `name` that is not ready until the returned flag says
    /// so: for connections an adapter keeps open.
    pub fn connection(&self, name: &str) -> ConnectionFlag {
        self.connection_with_grace(name, Duration::ZERO)
    }

    /// Like [`Readiness::connection`], but a connection lost after it was up
    /// stays ready for `grace` while the adapter reconnects; past it, the check
    /// fails with the reason and how long ago it was lost.
    pub fn connection_with_grace(&self, name: &str, grace: Duration) -> ConnectionFlag {
        let flag = ConnectionFlag {
            name: name.to_string(),
            grace,
            state: Arc::new(Mutex::new(Link::Never("not connected yet".to_string()))),
        };
        self.add(flag.clone());
        flag
    }

    /// Runs every check (each within [`CHECK_TIMEOUT`]), in the order added.
    pub async fn check_all(&self) -> Vec<CheckResult> {
        let checks: Vec<Arc<dyn ReadinessCheck>> = self
            .checks
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let mut results = Vec::with_capacity(checks.len());
        for check in checks {
            let result = match tokio::time::timeout(CHECK_TIMEOUT, check.check()).await {
                Ok(result) => result,
                Err(_) => Err(format!("no answer within {CHECK_TIMEOUT:?}")),
            };
            results.push(CheckResult {
                name: check.name().to_string(),
                result,
            });
        }
        results
    }
}

/// The database answers and every embedded migration is applied.
pub struct DatabaseCheck(pub Store);

impl ReadinessCheck for DatabaseCheck {
    fn name(&self) -> &str {
        "database"
    }

    fn check(&self) -> CheckFuture<'_> {
        Box::pin(self.0.readiness())
    }
}

/// A connection's state, set by the adapter that owns it. Clones share it.
#[derive(Clone)]
pub struct ConnectionFlag {
    name: String,
    /// How long a lost connection may take to come back before it counts.
    grace: Duration,
    state: Arc<Mutex<Link>>,
}

/// Where a connection stands.
#[derive(Debug, Clone)]
enum Link {
    /// Never up yet, for this reason.
    Never(String),
    Up,
    Down {
        reason: String,
        since: Instant,
    },
}

impl ConnectionFlag {
    /// The connection is up.
    pub fn set_connected(&self) {
        *self.state.lock().unwrap_or_else(PoisonError::into_inner) = Link::Up;
    }

    /// The connection is down, for `reason` (no secrets in it: it is served).
    /// A connection that was never up keeps its first reason's place in time.
    pub fn set_disconnected(&self, reason: impl Into<String>) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let reason = reason.into();
        *state = match &*state {
            Link::Never(_) => Link::Never(reason),
            Link::Down { since, .. } => Link::Down {
                reason,
                since: *since,
            },
            Link::Up => Link::Down {
                reason,
                since: Instant::now(),
            },
        };
    }
}

impl ReadinessCheck for ConnectionFlag {
    fn name(&self) -> &str {
        &self.name
    }

    fn check(&self) -> CheckFuture<'_> {
        let state = self
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let result = match state {
            Link::Up => Ok(()),
            Link::Never(reason) => Err(reason),
            Link::Down { reason, since } => {
                let lost = since.elapsed();
                if lost < self.grace {
                    Ok(())
                } else {
                    Err(format!("{reason} ({} s ago)", lost.as_secs()))
                }
            }
        };
        Box::pin(std::future::ready(result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connection_is_not_ready_until_it_says_so() {
        let readiness = Readiness::new();
        assert_eq!(readiness.check_all().await, []);
        let slack = readiness.connection("slack");
        let result = |results: Vec<CheckResult>| results[0].result.clone();
        assert_eq!(
            result(readiness.check_all().await),
            Err("not connected yet".to_string())
        );
        slack.set_connected();
        assert_eq!(result(readiness.check_all().await), Ok(()));
        slack.set_disconnected("socket closed by Slack");
        assert_eq!(
            result(readiness.check_all().await),
            Err("socket closed by Slack (0 s ago)".to_string())
        );
    }

    #[tokio::test]
    async fn a_lost_connection_is_ready_while_it_reconnects_within_its_grace() {
        let readiness = Readiness::new();
        let gateway = readiness.connection_with_grace("discord gateway", Duration::from_millis(50));
        gateway.set_disconnected("cannot reach the gateway");
        assert!(
            readiness.check_all().await[0].result.is_err(),
            "never up: not ready"
        );
        gateway.set_connected();
        gateway.set_disconnected("connection reset");
        assert_eq!(
            readiness.check_all().await[0].result,
            Ok(()),
            "within the window"
        );
        tokio::time::sleep(Duration::from_millis(80)).await;
        let failed = readiness.check_all().await[0].result.clone();
        assert!(
            failed
                .as_ref()
                .is_err_and(|reason| reason.starts_with("connection reset (")),
            "{failed:?}"
        );
        gateway.set_connected();
        assert_eq!(readiness.check_all().await[0].result, Ok(()), "back again");
    }
}
