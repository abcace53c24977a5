//! The delivery worker: claims due messages, sends each once through its
//! platform's sender, and records the outcome. A 429 holds the whole destination
//! back for exactly the time the platform asked; other temporary failures back
//! off exponentially; permanent ones are recorded for admins (and a refused
//! direct message falls back to a mention in the team channel). Nothing is ever
//! dropped: a message without a sender waits for one. A row that edits an
//! earlier post (a batched announcement) is applied to the message the
//! platform gave back for that post.

use std::sync::Arc;
use std::time::Duration;

use dealbot_storage::{OutboxMessage, Store};
use tokio::sync::{watch, Notify};

use super::sender::{DeliveryError, Destination, Outgoing, Senders};
use super::upload::UploadProgress;
use crate::clock::Clock;
use crate::config::OutboxSettings;
use crate::core::outgoing::queue_message;
use crate::core::reply::{Line, Reply, Visibility};
use crate::retry::Retry;
use crate::telemetry::{self, DeliveryResult};

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub delivered: usize,
    pub rate_limited: usize,
    pub retried: usize,
    pub failed: usize,
    /// Messages still waiting after the round: queued or being sent.
    pub waiting: usize,
}

impl RoundReport {
    /// Whether the round handled any message.
    pub fn handled(&self) -> usize {
        self.delivered + self.rate_limited + self.retried + self.failed
    }
}

/// Delivers queued messages.
#[derive(Clone)]
pub struct OutboxWorker {
    store: Store,
    senders: Senders,
    settings: OutboxSettings,
    id: String,
    clock: Clock,
}

/// Messages claimed per round.
const BATCH: i64 = 32;

/// The least time between a round that sent nothing although messages wait
/// and the next, however often the worker is woken. Every queued message
/// wakes it; while a channel is paced (Slack takes about one post a second in
/// a channel) or held back by a 429, a round finds nothing it may send, and
/// looking costs more the more messages wait. Without this, a burst of
/// commands announced in one channel paid one such round each; now the burst
/// shares one round in this time. With nothing waiting, a wake is answered at
/// once.
const EMPTY_ROUND_GAP: Duration = Duration::from_millis(100);

impl OutboxWorker {
    /// A worker delivering through `senders`, reading time from `clock`.
    pub(crate) fn new(
        store: Store,
        senders: Senders,
        settings: OutboxSettings,
        clock: Clock,
    ) -> Self {
        OutboxWorker {
            store,
            senders,
            settings,
            id: format!("worker-{}", uuid::Uuid::new_v4().simple()),
            clock,
        }
    }

    /// This worker's name in the outbox's claims.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Claims what is due now and delivers it, once each.
    pub async fn run_once(&self) -> anyhow::Result<RoundReport> {
        let lease = Duration::from_secs(self.settings.lease_seconds);
        let claimed = self
            .store
            .claim_outbox(&self.id, self.clock.now(), lease, BATCH)
            .await?;
        let mut report = RoundReport::default();
        for message in claimed {
            self.deliver(message, &mut report).await?;
        }
        report.waiting = self.record_depth().await;
        Ok(report)
    }

    /// Delivers until nothing more is due right now (pacing aside).
    pub async fn drain(&self) -> anyhow::Result<RoundReport> {
        let mut total = RoundReport::default();
        loop {
            let round = self.run_once().await?;
            if round.handled() == 0 {
                total.waiting = round.waiting;
                return Ok(total);
            }
            total.delivered += round.delivered;
            total.rate_limited += round.rate_limited;
            total.retried += round.retried;
            total.failed += round.failed;
        }
    }

    async fn deliver(&self, row: OutboxMessage, report: &mut RoundReport) -> anyhow::Result<()> {
        let outgoing: Outgoing = match serde_json::from_str(&row.payload) {
            Ok(outgoing) => outgoing,
            Err(error) => {
                tracing::error!(id = row.id, error = %error, "unreadable outbox message");
                let reason = format!("unreadable message: {error}");
                self.store
                    .mark_failed(row.id, &reason, None, self.clock.now())
                    .await?;
                report.failed += 1;
                return Ok(());
            }
        };
        let Some(sender) = self.senders.get(&row.platform) else {
            let wait = Duration::from_secs(self.settings.max_backoff_seconds);
            tracing::warn!(platform = %row.platform, "no sender for this platform: message waits");
            let not_before = self.clock.now() + to_chrono(wait);
            let error = format!("no {} connection configured", row.platform);
            self.store
                .retry_later(row.id, &row.channel_key, &error, not_before, None)
                .await?;
            report.retried += 1;
            return Ok(());
        };
        let result = if !outgoing.reply.attachments.is_empty() {
            let progress = UploadProgress::resumed(row.upload_ref.clone());
            let result = sender.send_with_files(&outgoing, &progress).await;
            let noted = progress.get();
            if noted != row.upload_ref {
                self.store.set_upload_ref(row.id, noted.as_deref()).await?;
            }
            result
        } else {
            match &row.edits {
                Some(post) => match self.store.posted_message_id(post).await? {
                    Some(posted) => sender.edit(&outgoing, &posted).await,
                    // The post was given up on: this is the first to reach the channel.
                    None => sender.send(&outgoing).await,
                },
                None => sender.send(&outgoing).await,
            }
        };
        let now = self.clock.now();
        match result {
            Ok(delivered) => {
                let pace_until = now + to_chrono(sender.min_interval());
                self.store
                    .mark_delivered(
                        row.id,
                        &row.channel_key,
                        delivered.message_id.as_deref(),
                        now,
                        pace_until,
                    )
                    .await?;
                telemetry::delivery(&row.platform, DeliveryResult::Ok);
                report.delivered += 1;
            }
            Err(DeliveryError::RateLimited { retry_after }) => {
                let until = now + to_chrono(retry_after);
                tracing::info!(destination = %row.channel_key, ?retry_after, "rate limited");
                self.store
                    .retry_later(row.id, &row.channel_key, "rate limited", until, Some(until))
                    .await?;
                telemetry::delivery(&row.platform, DeliveryResult::RateLimited);
                report.rate_limited += 1;
            }
            Err(DeliveryError::Transient(error)) => {
                let wait = self.backoff(row.attempts);
                tracing::warn!(destination = %row.channel_key, attempts = row.attempts, %error, "delivery failed, will retry");
                self.store
                    .retry_later(
                        row.id,
                        &row.channel_key,
                        &error,
                        now + to_chrono(wait),
                        None,
                    )
                    .await?;
                telemetry::delivery(&row.platform, DeliveryResult::Retried);
                report.retried += 1;
            }
            Err(DeliveryError::Permanent { reason, hint }) => {
                tracing::error!(destination = %row.channel_key, %reason, %hint, "delivery refused for good");
                let replacement = fallback(&outgoing, &row, &reason, &hint)
                    .map(|message| queue_message(&message, None))
                    .transpose()?;
                self.store
                    .mark_failed(
                        row.id,
                        &format!("{reason}: {hint}"),
                        replacement.as_ref(),
                        now,
                    )
                    .await?;
                telemetry::delivery(&row.platform, DeliveryResult::Failed);
                report.failed += 1;
            }
        }
        Ok(())
    }

    /// Publishes how many messages wait and for how long, for `/metrics`;
    /// how many wait (none if it cannot tell).
    async fn record_depth(&self) -> usize {
        let Ok((waiting, oldest)) = self.store.outbox_depth().await else {
            return 0;
        };
        telemetry::outbox_depth(u64::try_from(waiting).unwrap_or_default());
        let age = oldest
            .map(|oldest| (self.clock.now() - oldest).to_std().unwrap_or_default())
            .unwrap_or_default();
        telemetry::outbox_oldest_age(age);
        usize::try_from(waiting).unwrap_or_default()
    }

    /// 1 s, 2 s, 4 s … up to the configured maximum.
    fn backoff(&self, attempts: i64) -> Duration {
        let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
        Duration::from_secs(
            2u64.saturating_pow(exponent)
                .min(self.settings.max_backoff_seconds),
        )
    }

    /// Delivers until `shutdown` turns true; `wake` cuts an idle wait short.
    /// A failed round (the database is down) is logged and tried again after a
    /// growing pause (see [`Retry`]); the worker keeps going. On shutdown, the
    /// message being sent is finished and nothing else is held.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>, wake: Arc<Notify>) {
        let idle = Duration::from_millis(self.settings.poll_interval_ms.max(10));
        let mut retry = Retry::new("outbox round", idle);
        loop {
            if *shutdown.borrow() {
                break;
            }
            let round_started = tokio::time::Instant::now();
            let (pause, held_back) = match self.run_once().await {
                Ok(report) => {
                    retry.succeeded();
                    if report.handled() > 0 {
                        continue;
                    }
                    (idle, report.waiting > 0)
                }
                Err(error) => (retry.failed(&error), false),
            };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = wake.notified() => {}
                _ = shutdown.changed() => {}
            }
            if held_back {
                tokio::select! {
                    _ = tokio::time::sleep_until(round_started + EMPTY_ROUND_GAP) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
        match self.store.release_claims(&self.id).await {
            Ok(released) => tracing::info!(released, "outbox worker stopped"),
            Err(error) => tracing::error!(error = %error, "could not release outbox claims"),
        }
    }
}

/// What replaces a message refused for good: a direct message becomes a
/// mention of the user in the team channel, when the message named one; a
/// channel post is reported, with what to do, to the person who asked for it.
fn fallback(
    outgoing: &Outgoing,
    row: &OutboxMessage,
    reason: &str,
    hint: &str,
) -> Option<Outgoing> {
    let user = match &outgoing.destination {
        Destination::DirectMessage(user) => user,
        Destination::Channel(channel) => {
            let asker = row.notify_user.clone()?;
            let reply = Reply::private()
                .tone(crate::core::reply::Tone::Error)
                .line(format!("I could not post in channel {channel}: {reason}."))
                .line(hint.to_string());
            return Some(Outgoing {
                platform: outgoing.platform.clone(),
                workspace: outgoing.workspace.clone(),
                destination: Destination::DirectMessage(asker),
                reply,
                key: format!("{}:failure-notice", outgoing.key),
            });
        }
    };
    let channel = row.fallback_channel.clone()?;
    let mut reply: Reply = outgoing.reply.clone();
    reply.visibility = Visibility::Public;
    reply.lines.insert(
        0,
        Line::new()
            .user(user.clone())
            .text(", I could not send you a direct message, so here it is:"),
    );
    Some(Outgoing {
        platform: outgoing.platform.clone(),
        workspace: outgoing.workspace.clone(),
        destination: Destination::Channel(channel),
        reply,
        key: format!("{}:fallback", outgoing.key),
    })
}

fn to_chrono(duration: Duration) -> chrono::Duration {
    chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX)
}
