//! The events a platform sent that were already handled, so that a retry of
//! one (Slack sends the same event again, with `X-Slack-Retry-Num`, when it
//! did not see an acknowledgement in time) is acknowledged and not handled
//! twice. The memory is the database's (`event_deliveries`), shared by every
//! replica and kept across restarts; entries are kept [`KEEP`], past Slack's
//! last retry, and swept at most once a minute. When the database does not
//! answer within [`DATABASE_WAIT`], the event is handled: what the bot does
//! with events (publishing a home) is the same done twice.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use dealbot_storage::Store;

/// How long an event is remembered: Slack retries within minutes.
pub const KEEP: chrono::Duration = chrono::Duration::hours(1);
/// How long a request waits for the database's answer.
const DATABASE_WAIT: Duration = Duration::from_millis(500);
/// How often expired entries are swept.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// The handled events of one platform, in the database.
#[derive(Debug)]
pub struct EventMemory {
    store: Store,
    next_sweep: Mutex<Option<Instant>>,
}

impl EventMemory {
    pub fn new(store: Store) -> Arc<Self> {
        Arc::new(EventMemory {
            store,
            next_sweep: Mutex::new(None),
        })
    }

    /// Records event `event_id` of `workspace` as handled at `now`; false if
    /// some replica handled it before (this is a retry).
    pub async fn first_time(
        self: &Arc<Self>,
        workspace: &str,
        event_id: &str,
        now: DateTime<Utc>,
    ) -> bool {
        self.sweep_when_due(now);
        let store = self.store.clone();
        let (workspace, event_id) = (workspace.to_string(), event_id.to_string());
        let insert = tokio::spawn(async move {
            store
                .remember_event(&workspace, &event_id, now + KEEP)
                .await
        });
        match tokio::time::timeout(DATABASE_WAIT, insert).await {
            Ok(Ok(Ok(first))) => first,
            Ok(Ok(Err(error))) => handled_anyway(&format!("{error:#}")),
            Ok(Err(error)) => handled_anyway(&error.to_string()),
            Err(_) => handled_anyway("no answer in time"),
        }
    }

    fn sweep_when_due(self: &Arc<Self>, now: DateTime<Utc>) {
        {
            let mut next = self
                .next_sweep
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if next.is_some_and(|at| Instant::now() < at) {
                return;
            }
            *next = Some(Instant::now() + SWEEP_EVERY);
        }
        let memory = Arc::clone(self);
        tokio::spawn(async move {
            if let Err(error) = memory.store.forget_expired_events(now).await {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "sweeping the handled events failed; the next sweep tries again"
                );
            }
        });
    }
}

fn handled_anyway(why: &str) -> bool {
    tracing::warn!(
        error = why,
        "cannot tell whether an event was handled before: handling it"
    );
    true
}
