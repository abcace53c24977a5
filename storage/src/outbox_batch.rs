//! Batched announcements: a person's quick changes to one deal in one channel
//! share a batch key, and each after the first is queued as an edit of the
//! first post, which the delivery worker applies to the message the platform
//! gave back for it (its `message_id`). Edits are outbox rows like any other,
//! so they are delivered in order after the post, retried, and de-duplicated.

use chrono::{DateTime, Utc};

use crate::backend::{with_pool, with_writer};
use crate::outbox::{bind_new_message, NewMessage};
use crate::{Store, StoreError};

/// A batch still open: its first post, and the newest message of the batch
/// (the post or its latest edit), which the next edit builds on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenBatch {
    /// The dedup key of the first post.
    pub post_key: String,
    /// The newest message's payload.
    pub latest_payload: String,
    /// How many messages the batch has queued (the post and its edits).
    pub queued: i64,
}

impl Store {
    /// The batch `batch_key` if its first post was queued at or after `since`
    /// and was not given up on.
    pub async fn open_batch(
        &self,
        batch_key: &str,
        since: DateTime<Utc>,
    ) -> Result<Option<OpenBatch>, StoreError> {
        // One statement: the batch's post, its newest message and how many
        // it has queued (a batched change is announced on every command).
        let batch: Option<(String, String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "WITH post AS ( \
                   SELECT dedup_key FROM outbox WHERE batch_key = $1 AND edits IS NULL \
                   AND created_at >= $2 AND status <> 'failed' ORDER BY id DESC LIMIT 1) \
                 SELECT post.dedup_key, \
                   (SELECT payload FROM outbox o WHERE o.batch_key = $1 \
                     AND (o.dedup_key = post.dedup_key OR o.edits = post.dedup_key) \
                     ORDER BY o.id DESC LIMIT 1), \
                   (SELECT COUNT(*) FROM outbox o WHERE o.batch_key = $1 \
                     AND (o.dedup_key = post.dedup_key OR o.edits = post.dedup_key)) \
                 FROM post",
            )
            .bind(batch_key)
            .bind(since)
            .fetch_optional(pool)
            .await
        })?;
        let batch = batch.map(|(post_key, latest_payload, queued)| OpenBatch {
            post_key,
            latest_payload,
            queued,
        });
        Ok(batch)
    }

    /// Queues `message` as part of the batch `batch_key`: a new post, or with
    /// `edits` the dedup key of the post it replaces the content of. A key
    /// already queued is left as it is; returns whether it was new.
    pub async fn enqueue_in_batch(
        &self,
        message: &NewMessage,
        batch_key: &str,
        edits: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        // Keyed by its dedup key: sent twice, it is stored once.
        let inserted = with_writer!(self, idempotent, |pool| {
            bind_new_message(
                sqlx::query(
                    "INSERT INTO outbox \
                     (dedup_key, platform, workspace, channel_key, payload, fallback_channel, \
                      notify_user, status, attempts, not_before, created_at, batch_key, edits) \
                     VALUES ($1, $2, $3, $4, $5, $6, $8, 'pending', 0, $7, $7, $9, $10) \
                     ON CONFLICT (dedup_key) DO NOTHING",
                ),
                message,
                now,
            )
            .bind(batch_key)
            .bind(edits)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(inserted == 1)
    }

    /// The platform's id of the post queued as `post_key`, once delivered: the
    /// newest one delivered of the post and its edits (an edit of a post that
    /// was deleted meanwhile is posted anew, and later edits edit that).
    pub async fn posted_message_id(&self, post_key: &str) -> Result<Option<String>, StoreError> {
        let id: Option<Option<String>> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                // Two lookups, each on its own index (the post by its key, its
                // edits by `outbox_by_edits`): written as one `OR`, SQLite reads
                // every delivered message instead.
                "SELECT message_id FROM ( \
                   SELECT id, message_id FROM outbox WHERE dedup_key = $1 \
                     AND status = 'delivered' AND message_id IS NOT NULL \
                   UNION ALL \
                   SELECT id, message_id FROM outbox WHERE edits = $1 \
                     AND status = 'delivered' AND message_id IS NOT NULL \
                 ) AS delivered ORDER BY id DESC LIMIT 1",
            )
            .bind(post_key)
            .fetch_optional(pool)
            .await
        })?;
        Ok(id.flatten())
    }
}
