//! Digest subscriptions and schedule slots. A slot (a job's one firing) is
//! claimed with everything it causes (queued messages, nag counters, the digest
//! mark) in one transaction: a second replica, or a restart, cannot fire it again.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::backend::{with_pool, with_writer};
use crate::outbox::{NewMessage, INSERT_MESSAGES};
use crate::{NagHold, Store, StoreError};

/// A channel's digest schedule.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Subscription {
    pub id: i64,
    pub workspace: String,
    pub platform: String,
    pub channel: String,
    /// Standard five-field crontab line.
    pub cron: String,
    /// IANA zone the cron line is read in.
    pub timezone: String,
    pub pipeline: Option<String>,
    pub owner: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub last_digest_at: Option<DateTime<Utc>>,
    /// Whether the digest carries the pipeline chart.
    pub chart: bool,
}

/// A subscription to create or replace (one per channel).
#[derive(Debug, Clone, PartialEq)]
pub struct NewSubscription {
    pub workspace: String,
    pub platform: String,
    pub channel: String,
    pub cron: String,
    pub timezone: String,
    pub pipeline: Option<String>,
    pub owner: Option<String>,
    pub created_by: String,
    pub at: DateTime<Utc>,
    /// Whether the digest carries the pipeline chart.
    pub chart: bool,
}

/// One firing of one job, and who fires it.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotClaim {
    /// The job, e.g. `digest:7` or `nags`.
    pub job: String,
    /// The slot as local time with its zone, e.g. `2026-11-23T09:00 Europe/Berlin`.
    pub slot: String,
    pub slot_at: DateTime<Utc>,
    pub claimed_by: String,
    pub now: DateTime<Utc>,
}

/// What a claimed slot does, written in the claim's transaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlotEffects {
    pub messages: Vec<NewMessage>,
    /// Owners nagged: (workspace, owner).
    pub nagged: Vec<(String, String)>,
    /// The subscription whose digest this slot posts.
    pub digest_of: Option<i64>,
    /// A nag sweep's held nags, all of them: they replace the ones held before.
    pub holds: Option<Vec<NagHold>>,
}

/// How often an owner has been nagged without acting.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct NagState {
    pub workspace: String,
    pub owner: String,
    pub last_nag_at: DateTime<Utc>,
    pub unanswered: i64,
}

macro_rules! subscription_columns {
    () => {
        "id, workspace, platform, channel, cron, timezone, pipeline, owner, created_by, \
         created_at, last_digest_at, chart"
    };
}

/// Rows written by one multi-row statement: well under the bind-parameter limits
/// of SQLite (32,766) and PostgreSQL (65,535) at up to 11 values a row.
const ROWS_PER_INSERT: usize = 500;

/// How many nags each owner got, once per owner: PostgreSQL refuses an upsert
/// that touches one row twice, and an owner named twice counts twice, as one
/// statement per name counted.
fn nags_per_owner(nagged: &[(String, String)]) -> Vec<((&str, &str), i64)> {
    let mut counts: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for (workspace, owner) in nagged {
        *counts.entry((workspace, owner)).or_default() += 1;
    }
    counts.into_iter().collect()
}

impl Store {
    /// Sets the channel's digest schedule, replacing any it had.
    pub async fn subscribe(&self, new: &NewSubscription) -> Result<Subscription, StoreError> {
        let subscription = with_writer!(self, |pool| {
            sqlx::query_as(concat!(
                "INSERT INTO digest_subscriptions (workspace, platform, channel, cron, timezone, \
                 pipeline, owner, created_by, created_at, chart) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (workspace, platform, channel) DO UPDATE SET cron = excluded.cron, \
                 timezone = excluded.timezone, pipeline = excluded.pipeline, owner = excluded.owner, \
                 created_by = excluded.created_by, created_at = excluded.created_at, \
                 chart = excluded.chart RETURNING ",
                subscription_columns!()
            ))
            .bind(&new.workspace)
            .bind(&new.platform)
            .bind(&new.channel)
            .bind(&new.cron)
            .bind(&new.timezone)
            .bind(&new.pipeline)
            .bind(&new.owner)
            .bind(&new.created_by)
            .bind(new.at)
            .bind(new.chart)
            .fetch_one(pool)
            .await
        })?;
        Ok(subscription)
    }

    /// Stops the channel's digest; false if it had none.
    pub async fn unsubscribe(
        &self,
        workspace: &str,
        platform: &str,
        channel: &str,
    ) -> Result<bool, StoreError> {
        let removed = with_writer!(self, |pool| {
            sqlx::query(
                "DELETE FROM digest_subscriptions WHERE workspace = $1 AND platform = $2 AND channel = $3",
            )
            .bind(workspace)
            .bind(platform)
            .bind(channel)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(removed > 0)
    }

    /// The workspace's digest schedules.
    pub async fn subscriptions(&self, workspace: &str) -> Result<Vec<Subscription>, StoreError> {
        let subscriptions = with_pool!(self, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                subscription_columns!(),
                " FROM digest_subscriptions WHERE workspace = $1 ORDER BY channel"
            ))
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(subscriptions)
    }

    /// Every workspace's digest schedules, for the scheduler.
    pub async fn all_subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        let subscriptions = with_pool!(self, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                subscription_columns!(),
                " FROM digest_subscriptions ORDER BY id"
            ))
            .fetch_all(pool)
            .await
        })?;
        Ok(subscriptions)
    }

    /// Whether the slot was already claimed (by anyone).
    pub async fn slot_claimed(&self, job: &str, slot: &str) -> Result<bool, StoreError> {
        let count: i64 = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM schedule_slots WHERE job = $1 AND slot = $2")
                .bind(job)
                .bind(slot)
                .fetch_one(pool)
                .await
        })?;
        Ok(count > 0)
    }

    /// Claims the slot and writes its effects, all or nothing. False if the slot
    /// was already claimed: then nothing is written.
    pub async fn claim_slot(
        &self,
        claim: &SlotClaim,
        effects: &SlotEffects,
    ) -> Result<bool, StoreError> {
        let claimed = with_writer!(self, |pool| async {
            let mut tx = pool.begin().await?;
            let inserted = sqlx::query(
                "INSERT INTO schedule_slots (job, slot, slot_at, claimed_at, claimed_by) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (job, slot) DO NOTHING",
            )
            .bind(&claim.job)
            .bind(&claim.slot)
            .bind(claim.slot_at)
            .bind(claim.now)
            .bind(&claim.claimed_by)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 0 {
                tx.rollback().await?;
                return Ok::<bool, sqlx::Error>(false);
            }
            // Many rows per statement: a sweep queues a message for each of
            // hundreds of owners, and a statement each would cost a round trip each.
            for messages in effects.messages.chunks(ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::new(INSERT_MESSAGES);
                insert.push_values(messages, |mut row, message| {
                    row.push_bind(&message.dedup_key)
                        .push_bind(&message.platform)
                        .push_bind(&message.workspace)
                        .push_bind(&message.channel_key)
                        .push_bind(&message.payload)
                        .push_bind(&message.fallback_channel)
                        .push_bind(&message.notify_user)
                        .push("'pending'")
                        .push("0")
                        .push_bind(claim.now)
                        .push_bind(claim.now);
                });
                insert.push(" ON CONFLICT (dedup_key) DO NOTHING");
                insert.build().persistent(false).execute(&mut *tx).await?;
            }
            let nag_counts = nags_per_owner(&effects.nagged);
            for owners in nag_counts.chunks(ROWS_PER_INSERT) {
                let mut upsert = sqlx::QueryBuilder::new(
                    "INSERT INTO nag_state (workspace, owner, last_nag_at, unanswered) ",
                );
                upsert.push_values(owners, |mut row, ((workspace, owner), nags)| {
                    row.push_bind(*workspace)
                        .push_bind(*owner)
                        .push_bind(claim.now)
                        .push_bind(*nags);
                });
                upsert.push(
                    " ON CONFLICT (workspace, owner) DO UPDATE SET last_nag_at = \
                     excluded.last_nag_at, unanswered = nag_state.unanswered + excluded.unanswered",
                );
                upsert.build().persistent(false).execute(&mut *tx).await?;
            }
            if let Some(holds) = &effects.holds {
                sqlx::query("DELETE FROM nag_holds")
                    .execute(&mut *tx)
                    .await?;
                for holds in holds.chunks(ROWS_PER_INSERT) {
                    let mut insert = sqlx::QueryBuilder::new(
                        "INSERT INTO nag_holds \
                         (workspace, owner, reason, detail, held_since, resumes_at) ",
                    );
                    insert.push_values(holds, |mut row, hold| {
                        row.push_bind(&hold.workspace)
                            .push_bind(&hold.owner)
                            .push_bind(&hold.reason)
                            .push_bind(&hold.detail)
                            .push_bind(hold.held_since)
                            .push_bind(hold.resumes_at);
                    });
                    insert.build().persistent(false).execute(&mut *tx).await?;
                }
            }
            if let Some(id) = effects.digest_of {
                sqlx::query("UPDATE digest_subscriptions SET last_digest_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(claim.slot_at)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(true)
        }
        .await)?;
        Ok(claimed)
    }

    /// Every owner's nag bookkeeping.
    pub async fn nag_states(&self) -> Result<Vec<NagState>, StoreError> {
        let states = with_pool!(self, |pool| {
            sqlx::query_as("SELECT workspace, owner, last_nag_at, unanswered FROM nag_state")
                .fetch_all(pool)
                .await
        })?;
        Ok(states)
    }

    /// The adapter a workspace belongs to (`shell` if it never said).
    pub async fn workspace_platform(&self, workspace: &str) -> Result<Option<String>, StoreError> {
        let platform = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT platform FROM workspaces WHERE id = $1")
                .bind(workspace)
                .fetch_optional(pool)
                .await
        })?;
        Ok(platform)
    }
}
