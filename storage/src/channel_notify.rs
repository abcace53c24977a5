//! Noise control per channel: the mode `/deal notify` set for a channel (which
//! deal changes post there between digests), and the channels an import's
//! summary may go to.

use chrono::{DateTime, Utc};

use crate::backend::{with_pool, with_writer};
use crate::deals::to_second;
use crate::{Store, StoreError};

/// A channel the bot posts in, and the platform that delivers there.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PostingChannel {
    pub platform: String,
    pub channel: String,
}

impl Store {
    /// The mode set for `channel` of `workspace`, as stored; `None` if nobody set one.
    pub async fn channel_notify_mode(
        &self,
        workspace: &str,
        channel: &str,
    ) -> Result<Option<String>, StoreError> {
        let read = async {
            let mode = with_pool!(self, |pool| {
                sqlx::query_scalar(
                    "SELECT mode FROM channel_notify WHERE workspace = $1 AND channel = $2",
                )
                .bind(workspace)
                .bind(channel)
                .fetch_optional(pool)
                .await
            })?;
            Ok(mode)
        };
        self.kept_mode(workspace, channel, read).await
    }

    /// Sets the mode of `channel`, replacing the one before.
    pub async fn set_channel_notify_mode(
        &self,
        workspace: &str,
        channel: &str,
        mode: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO channel_notify (workspace, channel, mode, set_by, set_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (workspace, channel) DO UPDATE \
                 SET mode = excluded.mode, set_by = excluded.set_by, set_at = excluded.set_at",
            )
            .bind(workspace)
            .bind(channel)
            .bind(mode)
            .bind(by)
            .bind(to_second(at))
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        self.settings.forget(workspace);
        Ok(())
    }

    /// The channels of `workspace` the bot is known to post in: those with a
    /// digest schedule, and those given a notify mode by someone there, with
    /// the platform of each (a notify mode's, from the workspace's key).
    pub async fn posting_channels(
        &self,
        workspace: &str,
    ) -> Result<Vec<PostingChannel>, StoreError> {
        let platform = crate::split_workspace_key(workspace)
            .map(|(platform, _)| platform.to_string())
            .unwrap_or_else(|| "shell".to_string());
        let channels: Vec<PostingChannel> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT platform, channel FROM digest_subscriptions WHERE workspace = $1 \
                 UNION SELECT $2 AS platform, channel FROM channel_notify WHERE workspace = $1 \
                 ORDER BY channel",
            )
            .bind(workspace)
            .bind(&platform)
            .fetch_all(pool)
            .await
        })?;
        let mut unique: Vec<PostingChannel> = Vec::new();
        for channel in channels {
            if !unique.iter().any(|seen| seen.channel == channel.channel) {
                unique.push(channel);
            }
        }
        Ok(unique)
    }
}
