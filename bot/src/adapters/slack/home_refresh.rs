//! Keeping App Homes fresh, across replicas and whoever made the change.
//!
//! The database notes, in the transaction of every change to a deal, whose
//! published home it touches (the deal's owner, before and after, and the
//! person who made it; see `dealbot_storage`'s `homes`). A background task on
//! every replica looks for such homes every [`HOME_REFRESH_EVERY`], and
//! when a change went through this replica's Slack routes, at once or, if it
//! looked less than [`HOME_LOOK_GAP`] before, when that gap ends; it claims
//! each stale home (one replica wins the claim) and republishes it with
//! `views.publish`. Many changes noted before a claim make one publish. A
//! publish that fails for a while (a 5xx, a rate limit) is noted again and
//! retried at the next look (after the rate limit's wait), and the look
//! stops there; one Slack refuses for good is not retried.

use std::time::Duration;

use dealbot_storage::{split_workspace_key, workspace_key};

use super::{SlackAdapter, PLATFORM};
use crate::outbox::DeliveryError;

/// How often each replica looks for homes a change made stale, when nothing
/// wakes it sooner: the longest a change made elsewhere (another replica,
/// `dealbot import`, any other writer of the database) takes to show on a
/// home.
pub const HOME_REFRESH_EVERY: Duration = Duration::from_secs(2);

/// The least time between two looks. Every change rings the bell, and under
/// a burst of commands each look would cost a query that finds nothing new:
/// rings within the gap make one look when it ends.
pub const HOME_LOOK_GAP: Duration = Duration::from_millis(200);

/// How many stale homes one look takes on; the rest wait for the next.
const STALE_HOMES_AT_ONCE: i64 = 100;

impl SlackAdapter {
    /// Republishes stale homes until the app stops (the task is dropped).
    pub async fn refresh_homes_forever(self) {
        loop {
            tokio::select! {
                () = tokio::time::sleep(HOME_REFRESH_EVERY) => {}
                () = self.home_bell.notified() => {}
            }
            let pause = self.refresh_stale_homes().await.pause;
            tokio::time::sleep(pause.map_or(HOME_LOOK_GAP, |pause| pause.max(HOME_LOOK_GAP))).await;
        }
    }

    /// Whether homes can be published at all (`SLACK_BOT_TOKEN` is set).
    pub(super) fn can_publish(&self) -> bool {
        self.api.is_some()
    }

    /// Wakes the refresh now: a change went through this replica.
    pub(super) fn ring_home_bell(&self) {
        self.home_bell.notify_one();
    }

    /// Claims and republishes the Slack homes a change made stale.
    pub async fn refresh_stale_homes(&self) -> Refreshed {
        let mut refreshed = Refreshed::default();
        let store = self.core.store();
        let stale = match store
            .stale_homes(&workspace_key(PLATFORM, ""), STALE_HOMES_AT_ONCE)
            .await
        {
            Ok(stale) => stale,
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "cannot look for stale homes");
                return refreshed;
            }
        };
        for (workspace, user) in stale {
            let Some((PLATFORM, team)) = split_workspace_key(&workspace) else {
                continue;
            };
            match store.claim_stale_home(&workspace, &user).await {
                Ok(true) => match self.publish_home(team, &user).await {
                    Ok(()) => refreshed.published += 1,
                    Err(DeliveryError::Permanent { .. }) => {}
                    // Slack is struggling: the others wait for the next look.
                    Err(DeliveryError::Transient(_)) => {
                        self.note_again(&workspace, &user).await;
                        break;
                    }
                    Err(DeliveryError::RateLimited { retry_after }) => {
                        self.note_again(&workspace, &user).await;
                        refreshed.pause = Some(retry_after);
                        break;
                    }
                },
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(error = format!("{error:#}"), "cannot claim a stale home");
                }
            }
        }
        refreshed
    }

    /// Notes `user`'s home as stale again, for the next look to retry.
    async fn note_again(&self, workspace: &str, user: &str) {
        if let Err(error) = self.core.store().note_stale_home(workspace, user).await {
            tracing::warn!(error = format!("{error:#}"), "cannot note a home to retry");
        }
    }
}

/// What one look at the stale homes did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Refreshed {
    /// How many homes this replica republished.
    pub published: usize,
    /// Slack's rate limit: how long to wait before the next look.
    pub pause: Option<Duration>,
}
