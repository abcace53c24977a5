//! The outbox: messages queued in the same transaction as what caused them, then
//! claimed by delivery workers. Only the oldest undelivered message of a
//! destination can be claimed, so each destination gets its messages in order;
//! a claim is a lease, so a worker that dies gives its messages back.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::backend::{with_pool, with_writer, Backend};
use crate::{Store, StoreError};

/// A message about to be queued.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    /// Unique per message: queuing the same key twice queues it once.
    pub dedup_key: String,
    pub platform: String,
    pub workspace: String,
    /// The destination, as a key that orders and paces its messages.
    pub channel_key: String,
    /// The message itself, serialised by the caller.
    pub payload: String,
    /// A channel to mention the user in if a direct message is refused for good.
    pub fallback_channel: Option<String>,
    /// A user to tell if a channel post is refused for good (who asked for it).
    pub notify_user: Option<String>,
}

/// A queued message claimed for delivery.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub dedup_key: String,
    pub platform: String,
    pub workspace: String,
    pub channel_key: String,
    pub payload: String,
    pub fallback_channel: Option<String>,
    pub notify_user: Option<String>,
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
    /// How far an earlier try got with the message's files: the platform's
    /// ids of those already sent (see [`Store::set_upload_ref`]).
    pub upload_ref: Option<String>,
    /// For an edit of an earlier post: that post's dedup key (see
    /// [`Store::enqueue_in_batch`]).
    pub edits: Option<String>,
}

/// A message that was given up on, for admins.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FailedMessage {
    pub id: i64,
    pub channel_key: String,
    pub created_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

/// How a workspace's outbox stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutboxReport {
    pub waiting: i64,
    pub oldest_waiting: Option<DateTime<Utc>>,
    pub delivered: i64,
    pub failed: Vec<FailedMessage>,
}

macro_rules! message_columns {
    () => {
        "id, dedup_key, platform, workspace, channel_key, payload, fallback_channel, notify_user, \
         attempts, created_at, upload_ref, edits"
    };
}

/// The claim: up to `$4` messages, each the first still to deliver of its
/// destination, due (`not_before` at or before `$3`) and not held back by the
/// destination's pace, leased to `$1` until `$2`.
///
/// The destinations with waiting messages are walked one by one on the
/// `outbox_waiting` index (each the smallest key above the last), and each one's
/// first message is looked up there: the claim reads a row per destination, not
/// per waiting message, so a backlog in one slow channel costs it nothing.
/// `$indexed` names that index where the backend must be told (SQLite's
/// planner otherwise walks `outbox_by_channel` through delivered rows); `$lock`
/// is what locks the claimed rows.
macro_rules! claim_sql {
    ($indexed:literal, $lock:literal) => {
        concat!(
            "UPDATE outbox SET status = 'sending', claimed_by = $1, claimed_until = $2, \
             attempts = attempts + 1 \
             WHERE id IN (SELECT o.id FROM outbox o \
               WHERE o.id IN ( \
                 WITH RECURSIVE waiting (channel_key) AS ( \
                   SELECT MIN(channel_key) FROM outbox ",
            $indexed,
            " WHERE status IN ('pending', 'sending') \
                   UNION ALL \
                   SELECT (SELECT MIN(n.channel_key) FROM outbox n ",
            $indexed,
            " WHERE n.status IN ('pending', 'sending') AND n.channel_key > w.channel_key) \
                   FROM waiting w WHERE w.channel_key IS NOT NULL) \
                 SELECT (SELECT h.id FROM outbox h ",
            $indexed,
            " WHERE h.status IN ('pending', 'sending') AND h.channel_key = w.channel_key \
                   ORDER BY h.channel_key, h.id LIMIT 1) \
                 FROM waiting w WHERE w.channel_key IS NOT NULL) \
               AND o.status = 'pending' AND o.not_before <= $3 \
               AND NOT EXISTS (SELECT 1 FROM channel_pace p WHERE p.channel_key = o.channel_key \
                   AND p.next_allowed_at > $3) \
               ORDER BY o.id LIMIT $4",
            $lock,
            ") RETURNING ",
            message_columns!()
        )
    };
}

pub(crate) const INSERT_MESSAGE: &str = "INSERT INTO outbox \
     (dedup_key, platform, workspace, channel_key, payload, fallback_channel, notify_user, \
      status, attempts, not_before, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $8, 'pending', 0, $7, $7) \
     ON CONFLICT (dedup_key) DO NOTHING";

/// The start of a multi-row [`INSERT_MESSAGE`]: the same columns, each row's
/// values given the same way (`'pending'`, `0`, then the time twice), followed
/// by the same `ON CONFLICT (dedup_key) DO NOTHING`.
pub(crate) const INSERT_MESSAGES: &str = "INSERT INTO outbox \
     (dedup_key, platform, workspace, channel_key, payload, fallback_channel, notify_user, \
      status, attempts, not_before, created_at) ";

/// `query` (an [`INSERT_MESSAGE`], or one numbered like it for its first
/// eight parameters) with `message` bound as queued at `now`: its destination
/// and payload as `$1`–`$6`, `now` as `$7`, the user to tell as `$8`.
pub(crate) fn bind_new_message<'q, DB>(
    query: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>,
    message: &'q NewMessage,
    now: DateTime<Utc>,
) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
where
    DB: sqlx::Database,
    &'q String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    DateTime<Utc>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    query
        .bind(&message.dedup_key)
        .bind(&message.platform)
        .bind(&message.workspace)
        .bind(&message.channel_key)
        .bind(&message.payload)
        .bind(&message.fallback_channel)
        .bind(now)
        .bind(&message.notify_user)
}

const UPSERT_PACE: &str =
    "INSERT INTO channel_pace (channel_key, next_allowed_at) VALUES ($1, $2) \
     ON CONFLICT (channel_key) DO UPDATE SET next_allowed_at = \
     CASE WHEN excluded.next_allowed_at > channel_pace.next_allowed_at \
          THEN excluded.next_allowed_at ELSE channel_pace.next_allowed_at END";

fn lease_end(now: DateTime<Utc>, lease: Duration) -> DateTime<Utc> {
    now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(5))
}

impl Store {
    /// Queues messages; a key already queued is left as it is. Returns how many
    /// were new.
    pub async fn enqueue(
        &self,
        messages: &[NewMessage],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let inserted = with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            let mut inserted = 0;
            for message in messages {
                inserted += bind_new_message(sqlx::query(INSERT_MESSAGE), message, now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            tx.commit().await?;
            Ok::<u64, sqlx::Error>(inserted)
        })?;
        Ok(inserted)
    }

    /// Claims up to `limit` deliverable messages for `worker` until `now + lease`:
    /// due, not paced, and each the oldest undelivered one of its destination.
    /// Leases of workers that vanished are given back first.
    pub async fn claim_outbox(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: Duration,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let until = lease_end(now, lease);
        with_writer!(self, |pool| {
            sqlx::query(
                "UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL \
                 WHERE status = 'sending' AND claimed_until < $1",
            )
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        let claimed = match &self.backend {
            Backend::Sqlite(_) => with_writer!(self, |connection| {
                sqlx::query_as(claim_sql!("INDEXED BY outbox_waiting", ""))
                    .bind(worker)
                    .bind(until)
                    .bind(now)
                    .bind(limit)
                    .fetch_all(connection)
                    .await
            })?,
            Backend::Postgres(pools) => {
                sqlx::query_as(claim_sql!("", " FOR UPDATE SKIP LOCKED"))
                    .bind(worker)
                    .bind(until)
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&pools.pool)
                    .await?
            }
        };
        let mut claimed: Vec<OutboxMessage> = claimed;
        claimed.sort_by_key(|message| message.id);
        Ok(claimed)
    }

    /// Records that the platform accepted the message; the destination takes its
    /// next message no sooner than `pace_until`.
    pub async fn mark_delivered(
        &self,
        id: i64,
        channel_key: &str,
        message_id: Option<&str>,
        now: DateTime<Utc>,
        pace_until: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE outbox SET status = 'delivered', delivered_at = $2, message_id = $3, \
                 claimed_by = NULL, claimed_until = NULL, last_error = NULL WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(UPSERT_PACE)
                .bind(channel_key)
                .bind(pace_until)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        })?;
        Ok(())
    }

    /// Gives a message back to try again at `not_before`; `pace_until` holds back
    /// its whole destination (after a 429).
    pub async fn retry_later(
        &self,
        id: i64,
        channel_key: &str,
        error: &str,
        not_before: DateTime<Utc>,
        pace_until: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE outbox SET status = 'pending', not_before = $2, last_error = $3, \
                 claimed_by = NULL, claimed_until = NULL WHERE id = $1",
            )
            .bind(id)
            .bind(not_before)
            .bind(error)
            .execute(&mut *tx)
            .await?;
            if let Some(pace_until) = pace_until {
                sqlx::query(UPSERT_PACE)
                    .bind(channel_key)
                    .bind(pace_until)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// Gives up on a message for good, keeping the reason for admins; queues the
    /// given replacement (a fallback) in the same transaction.
    pub async fn mark_failed(
        &self,
        id: i64,
        error: &str,
        replacement: Option<&NewMessage>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE outbox SET status = 'failed', last_error = $2, claimed_by = NULL, \
                 claimed_until = NULL WHERE id = $1",
            )
            .bind(id)
            .bind(error)
            .execute(&mut *tx)
            .await?;
            if let Some(message) = replacement {
                bind_new_message(sqlx::query(INSERT_MESSAGE), message, now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// Records how far the upload of message `id`'s files got (`None`: start
    /// again), so the next try carries on from there.
    pub async fn set_upload_ref(
        &self,
        id: i64,
        upload_ref: Option<&str>,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query("UPDATE outbox SET upload_ref = $2 WHERE id = $1")
                .bind(id)
                .bind(upload_ref)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Gives back every message `worker` holds (on shutdown).
    pub async fn release_claims(&self, worker: &str) -> Result<u64, StoreError> {
        let released = with_writer!(self, |pool| {
            sqlx::query(
                "UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL \
                 WHERE status = 'sending' AND claimed_by = $1",
            )
            .bind(worker)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(released)
    }

    /// Waiting, delivered and failed messages of a workspace (the newest failures).
    pub async fn outbox_report(&self, workspace: &str) -> Result<OutboxReport, StoreError> {
        let (waiting, oldest): (i64, Option<DateTime<Utc>>) = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*), MIN(created_at) FROM outbox \
                 WHERE workspace = $1 AND status IN ('pending', 'sending')",
            )
            .bind(workspace)
            .fetch_one(pool)
            .await
        })?;
        let delivered: i64 = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM outbox WHERE workspace = $1 AND status = 'delivered'",
            )
            .bind(workspace)
            .fetch_one(pool)
            .await
        })?;
        let failed: Vec<FailedMessage> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, channel_key, created_at, last_error FROM outbox \
                 WHERE workspace = $1 AND status = 'failed' ORDER BY id DESC LIMIT 10",
            )
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(OutboxReport {
            waiting,
            oldest_waiting: oldest,
            delivered,
            failed,
        })
    }

    /// Messages waiting across all workspaces, and when the oldest was queued.
    pub async fn outbox_depth(&self) -> Result<(i64, Option<DateTime<Utc>>), StoreError> {
        // Counted on the `outbox_waiting` index alone, not the rows. SQLite's
        // planner must be told. PostgreSQL's picks the index once vacuum has
        // marked its pages all-visible, and reads the table until then.
        let count = match &self.backend {
            Backend::Sqlite(_) => {
                "SELECT COUNT(*), MIN(created_at) FROM outbox INDEXED BY outbox_waiting \
                 WHERE status IN ('pending', 'sending')"
            }
            Backend::Postgres(_) => {
                "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status IN ('pending', 'sending')"
            }
        };
        let depth = with_pool!(self, |pool| sqlx::query_as(count).fetch_one(pool).await)?;
        Ok(depth)
    }
}
