//! Keeping App Homes fresh, across replicas and whoever made the change.
//!
//! The database notes, in the transaction of every change to a deal, whose
//! published home it touches (the deal's owner, before and after, and the
//! person who made it; see `dealbot_storage`'s `homes`). A background task on
//! every replica looks for such homes every [`HOME_REFRESH_EVERY`], and at
//! once when a change went through this replica's Slack routes; it claims
//! each stale home (one replica wins the claim) and republishes it with
//! `views.publish`. Many changes noted before a claim make one publish.

use std::time::Duration;

use dealbot_storage::{split_workspace_key, workspace_key};

use super::{SlackAdapter, PLATFORM};

/// How often each replica looks for homes a change made stale, when nothing
/// wakes it sooner: the longest a change made elsewhere (another replica, the
/// scheduler, `dealbot import`, the shell) takes to show on a home.
pub const HOME_REFRESH_EVERY: Duration = Duration::from_secs(2);

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
            self.refresh_stale_homes().await;
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

    /// Claims and republishes the Slack homes a change made stale; how many
    /// this replica republished.
    pub async fn refresh_stale_homes(&self) -> usize {
        let store = self.core.store();
        let stale = match store
            .stale_homes(&workspace_key(PLATFORM, ""), STALE_HOMES_AT_ONCE)
            .await
        {
            Ok(stale) => stale,
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "cannot look for stale homes");
                return 0;
            }
        };
        let mut published = 0;
        for (workspace, user) in stale {
            let Some((PLATFORM, team)) = split_workspace_key(&workspace) else {
                continue;
            };
            match store.claim_stale_home(&workspace, &user).await {
                Ok(true) => {
                    self.publish_home(team, &user).await;
                    published += 1;
                }
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(error = format!("{error:#}"), "cannot claim a stale home");
                }
            }
        }
        published
    }
}
