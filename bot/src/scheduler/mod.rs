//! The scheduler: on each tick it finds the digest and nag slots that are due,
//! builds their messages, and claims each slot together with its messages in one
//! transaction. It never sends: the outbox worker does. A slot claimed once (by
//! this replica, another one, or before a restart) never fires again.

mod nags;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use dealbot_storage::{workspace_key, NewSubscription, SlotClaim, SlotEffects, Subscription};
use tokio::sync::{watch, Notify};

use crate::config::DigestSettings;
use crate::core::digest::{digest_parts, DigestScope};
use crate::core::digest_chart::with_digest_chart;
use crate::core::format::short_date;
use crate::core::holidays::Holidays;
use crate::core::outgoing::{queue_message, Destination, Outgoing};
use crate::core::reply::Line;
use crate::core::values::CronSchedule;
use crate::core::Core;
use crate::retry::Retry;
use crate::telemetry;

/// What one tick fired.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    pub digests: usize,
    pub nag_sweeps: usize,
    pub nags: usize,
}

/// Fires digests and nag sweeps.
#[derive(Clone)]
pub struct Scheduler {
    core: Core,
    instance: String,
}

/// The longest the scheduler sleeps between two looks at the schedules.
const MAX_SLEEP: chrono::Duration = chrono::Duration::seconds(60);

/// The pause after a first failed tick (later ones grow, see [`Retry`]).
const FIRST_RETRY: std::time::Duration = std::time::Duration::from_secs(1);

impl Scheduler {
    pub(crate) fn new(core: Core) -> Self {
        Scheduler {
            core,
            instance: format!("scheduler-{}", uuid::Uuid::new_v4().simple()),
        }
    }

    fn catch_up(&self) -> chrono::Duration {
        let minutes = self.core.config().settings.scheduler.catch_up_minutes;
        chrono::Duration::minutes(i64::try_from(minutes).unwrap_or(60))
    }

    /// Makes the `[[digests]]` of the configuration real subscriptions.
    pub async fn install_configured_digests(
        &self,
        digests: &[DigestSettings],
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let default_zone = self.core.config().default_timezone.name().to_string();
        for digest in digests {
            self.core
                .store()
                .subscribe(&NewSubscription {
                    workspace: workspace_key(&digest.platform, &digest.workspace),
                    platform: digest.platform.clone(),
                    channel: digest.channel.clone(),
                    cron: digest.cron.clone(),
                    timezone: digest
                        .timezone
                        .clone()
                        .unwrap_or_else(|| default_zone.clone()),
                    pipeline: digest.pipeline.clone(),
                    owner: digest.owner.clone(),
                    created_by: "config".to_string(),
                    at: now,
                    chart: digest.chart,
                })
                .await?;
        }
        Ok(())
    }

    /// Fires whatever is due at `now`.
    pub async fn tick(&self, now: DateTime<Utc>) -> anyhow::Result<TickReport> {
        let mut report = TickReport::default();
        for subscription in self.core.store().all_subscriptions().await? {
            if self.fire_digest(&subscription, now).await? {
                report.digests += 1;
            }
        }
        if let Some(nagged) = nags::sweep(&self.core, &self.instance, now, self.catch_up()).await? {
            report.nag_sweeps += 1;
            report.nags += nagged;
        }
        Ok(report)
    }

    async fn fire_digest(
        &self,
        subscription: &Subscription,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool> {
        let schedule = match CronSchedule::parse(&subscription.cron, &subscription.timezone) {
            Ok(schedule) => schedule,
            Err(error) => {
                tracing::warn!(subscription = subscription.id, %error, "skipping a digest with a bad schedule");
                return Ok(false);
            }
        };
        let Some(slot_at) = schedule.due_slot(now, self.catch_up()) else {
            return Ok(false);
        };
        // Catching up is for downtime: a slot from before the schedule was set is
        // not owed.
        if slot_at < subscription.created_at {
            return Ok(false);
        }
        let job = format!("digest:{}", subscription.id);
        let slot = schedule.slot_name(slot_at);
        let store = self.core.store();
        if store.slot_claimed(&job, &slot).await? {
            return Ok(false);
        }
        // This slot's one claim, whether it posts a digest or skips a holiday.
        let claim = SlotClaim {
            job,
            slot,
            slot_at,
            claimed_by: self.instance.clone(),
            now,
        };
        let holidays = &self.core.config().holidays;
        let day = slot_at.with_timezone(&schedule.zone()).date_naive();
        if let Some(holiday) = holidays.of_channel(day, &subscription.channel) {
            // Claimed with nothing to post: the next digest covers these days
            // too, and says this one was skipped.
            if store.claim_slot(&claim, &SlotEffects::default()).await? {
                tracing::info!(job = %claim.job, slot = %claim.slot, holiday = %holiday.name, "digest skipped for a holiday");
            }
            return Ok(false);
        }
        let since = subscription
            .last_digest_at
            .unwrap_or(slot_at - chrono::Duration::days(1));
        let scope = DigestScope {
            workspace: subscription.workspace.clone(),
            pipeline: subscription.pipeline.clone(),
            owner: subscription.owner.clone(),
            channel: Some(subscription.channel.clone()),
        };
        let parts = digest_parts(
            store,
            self.core.config(),
            &scope,
            Some(since),
            now,
            schedule.zone(),
            self.core.limits_for(&subscription.platform),
        )
        .await?;
        let parts = if subscription.chart {
            with_digest_chart(
                parts,
                store,
                self.core.config(),
                &scope,
                now,
                schedule.zone(),
            )
            .await?
        } else {
            parts
        };
        let skipped = subscription
            .last_digest_at
            .map(|last| {
                skipped_for_holidays(&schedule, holidays, &subscription.channel, last, slot_at)
            })
            .unwrap_or_default();
        let mut parts = parts;
        if let (Some(first), false) = (parts.first_mut(), skipped.is_empty()) {
            first.lines.insert(0, skipped_line(&skipped));
        }
        let mut messages = Vec::new();
        for (i, reply) in parts.into_iter().enumerate() {
            let outgoing = Outgoing {
                platform: subscription.platform.clone(),
                workspace: subscription.workspace.clone(),
                destination: Destination::Channel(subscription.channel.clone()),
                reply,
                key: format!("{}:{}:part{}", claim.job, claim.slot, i + 1),
            };
            messages.push(queue_message(&outgoing, None)?);
        }
        let effects = SlotEffects {
            messages,
            digest_of: Some(subscription.id),
            ..SlotEffects::default()
        };
        let claimed = store.claim_slot(&claim, &effects).await?;
        if claimed {
            telemetry::schedule_lag("digest", (now - slot_at).to_std().unwrap_or_default());
            tracing::info!(job = %claim.job, slot = %claim.slot, parts = effects.messages.len(), "digest queued");
            self.core.wake_outbox();
        }
        Ok(claimed)
    }

    /// When something may next be due: the earliest next firing, at most a minute away.
    pub async fn next_wake(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let mut wake = now + MAX_SLEEP;
        if let Ok(subscriptions) = self.core.store().all_subscriptions().await {
            for subscription in subscriptions {
                if let Ok(schedule) =
                    CronSchedule::parse(&subscription.cron, &subscription.timezone)
                {
                    if let Some(next) = schedule.next_after(now) {
                        wake = wake.min(next);
                    }
                }
            }
        }
        if let Some(release) = nags::next_release(&self.core, now).await {
            wake = wake.min(release);
        }
        wake
    }

    /// Ticks until `shutdown` turns true; wakes early when schedules change.
    /// A failed tick (the database is down) is logged and tried again after a
    /// growing pause (see [`Retry`]); slots it missed fire when it works again.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>, changed: Arc<Notify>) {
        let mut retry = Retry::new("scheduler tick", FIRST_RETRY);
        loop {
            if *shutdown.borrow() {
                break;
            }
            let sleep = match self.tick(self.core.now()).await {
                Ok(_) => {
                    retry.succeeded();
                    let now = self.core.now();
                    let wake = self.next_wake(now).await;
                    (wake - now).to_std().unwrap_or_default()
                }
                Err(error) => retry.failed(&error),
            };
            tokio::select! {
                _ = tokio::time::sleep(sleep) => {}
                _ = changed.notified() => {}
                _ = shutdown.changed() => {}
            }
        }
        tracing::info!("scheduler stopped");
    }
}

/// Most slots looked back over for digests skipped on holidays.
const MOST_SLOTS_BACK: usize = 62;

/// The holidays (day, name) on which `schedule`'s digest for `channel` was
/// skipped since the last one posted, at `last`, up to the slot `now_slot`.
fn skipped_for_holidays(
    schedule: &CronSchedule,
    holidays: &Holidays,
    channel: &str,
    last: DateTime<Utc>,
    now_slot: DateTime<Utc>,
) -> Vec<(chrono::NaiveDate, String)> {
    let mut skipped = Vec::new();
    let mut at = last;
    for _ in 0..MOST_SLOTS_BACK {
        let Some(next) = schedule.next_after(at) else {
            break;
        };
        if next >= now_slot {
            break;
        }
        let day = next.with_timezone(&schedule.zone()).date_naive();
        if let Some(holiday) = holidays.of_channel(day, channel) {
            if !skipped.iter().any(|(known, _)| *known == day) {
                skipped.push((day, holiday.name.clone()));
            }
        }
        at = next;
    }
    skipped
}

/// `No digest on Fri 25 Dec (Christmas Day): this one covers it too.`
fn skipped_line(skipped: &[(chrono::NaiveDate, String)]) -> Line {
    let days: Vec<String> = skipped
        .iter()
        .map(|(day, name)| format!("{} ({name})", short_date(*day)))
        .collect();
    Line::new().text(format!(
        "No digest on {}: a holiday. This one covers the days since the last.",
        days.join(", ")
    ))
}
